"""Entity resolution on DataFrames through the protocol, on Febrl dataset3 (5,000 records).

Usage: febrl3_test.py HOST:PORT SHARED_DATA_DIR KINDRED_BIN
  1. `kindred findAndLabel/train/match` build a model folder and the CLI's clusters;
     kindred.zingg's EntityResolver.match on a DataFrame read through the server, with that
     model, must give exactly the same clusters.
  2. match on a filtered DataFrame (state = 'nsw') must give the clusters `kindred match` gives
     on a file holding only that subset.
  3. Everything in the session, no files: find pairs, label them (simulated, from rec_id), train
     a session model, match (pairwise F1 against rec_id asserted) and link originals to
     duplicates.
Prints "er dataframes: N passed, M failed" and exits non-zero when a check failed.
"""
import csv
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "python"))

from kindred.connect import SparkConnectException, SparkSession  # noqa: E402
from kindred.zingg import Arguments, EntityResolver, simulated_labeller  # noqa: E402
from checks import run_checks  # noqa: E402

REMOTE = f"sc://{sys.argv[1]}"
DATASET = os.path.join(sys.argv[2], "febrl", "dataset3.csv")
BIN = sys.argv[3]
TMP = tempfile.mkdtemp(prefix="kindred_er_dataframes_")
FIELDS = ["rec_id", "given_name", "surname", "street_number", "address_1", "address_2", "suburb",
          "postcode", "state", "date_of_birth", "soc_sec_id"]
MIN_F1 = 0.95
spark = SparkSession.builder.remote(REMOTE).getOrCreate()


def entity(rec_id):
    """rec-552-dup-3 and rec-552-org are the same person."""
    return re.match(r"rec-(\d+)", rec_id.strip()).group(1)


def config(data_path, out_path, zingg_dir):
    return {
        "fieldDefinition": [{"fieldName": f, "fields": f, "dataType": "string",
                             "matchType": "DONT_USE" if f == "rec_id" else "FUZZY"}
                            for f in FIELDS],
        "data": [{"name": "febrl3", "format": "csv",
                  "props": {"path": data_path, "header": True, "delimiter": ",",
                            "ignoreLeadingWhiteSpace": True}}],
        "output": [{"name": "out", "format": "csv",
                    "props": {"path": out_path, "header": True, "delimiter": ","}}],
        "zinggDir": zingg_dir, "modelId": "febrl3", "labelDataSampleSize": 0.5,
    }


def write_config(name, conf):
    path = os.path.join(TMP, name)
    with open(path, "w") as fh:
        json.dump(conf, fh, indent=1)
    return path


def kindred(*args):
    proc = subprocess.run([BIN, *args], capture_output=True, text=True)
    assert proc.returncode == 0, f"kindred {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}"
    return proc.stdout


def partition_of_rows(ids, clusters):
    """The clusters as a set of frozensets of record ids (cluster numbers are not compared)."""
    groups = {}
    for i, c in zip(ids, clusters):
        groups.setdefault(c, set()).add(i)
    return {frozenset(g) for g in groups.values()}


def partition_of_csv(path):
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    return partition_of_rows([r["rec_id"].strip() for r in rows], [r["z_cluster"] for r in rows])


def partition_of_df(df):
    rows = df.select("rec_id", "z_cluster").collect()
    return partition_of_rows([r.rec_id.strip() for r in rows], [r.z_cluster for r in rows])


def pairwise_f1(partition):
    predicted = {frozenset(p) for g in partition for p in itertools.combinations(sorted(g), 2)}
    ids = [i for g in partition for i in g]
    by_entity = {}
    for i in ids:
        by_entity.setdefault(entity(i), []).append(i)
    actual = {frozenset(p) for g in by_entity.values() for p in itertools.combinations(sorted(g), 2)}
    tp = len(predicted & actual)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(actual) if actual else 0.0
    return 2 * precision * recall / (precision + recall) if tp else 0.0


def febrl3(reader_spark=None):
    return (reader_spark or spark).read.csv(DATASET, header=True, ignoreLeadingWhiteSpace=True)


MODELS = os.path.join(TMP, "models")
CLI_CONF = write_config("cli.json", config(DATASET, os.path.join(TMP, "cli_out.csv"), MODELS))


def test_protocol_match_equals_cli_match():
    kindred("findAndLabel", "--conf", CLI_CONF, "--rounds", "3", "--pairs", "20",
            "--truth-column", "rec_id", "--truth-regex", r"rec-(\d+)")
    kindred("train", "--conf", CLI_CONF)
    kindred("match", "--conf", CLI_CONF)
    cli = partition_of_csv(os.path.join(TMP, "cli_out.csv"))
    assert sum(len(g) for g in cli) == 5000, sum(len(g) for g in cli)

    er = EntityResolver(Arguments.createArgumentsFromJSON(CLI_CONF))
    matched = er.match(febrl3())
    assert matched.columns[-3:] == ["z_cluster", "z_minScore", "z_maxScore"], matched.columns
    protocol = partition_of_df(matched)
    assert protocol == cli, (f"{len(protocol ^ cli)} clusters differ between the protocol "
                             f"({len(protocol)} clusters) and the CLI ({len(cli)})")
    f1 = pairwise_f1(protocol)
    assert f1 >= MIN_F1, f"pairwise F1 {f1:.3f} < {MIN_F1}"
    print(f"     {len(protocol)} clusters, identical to kindred match; pairwise F1 {f1:.4f}")


def test_filtered_dataframe_match_equals_cli_on_the_subset():
    subset_csv = os.path.join(TMP, "nsw.csv")
    with open(DATASET, newline="") as src, open(subset_csv, "w", newline="") as dst:
        reader = csv.reader(src, skipinitialspace=True)
        writer = csv.writer(dst)
        header = next(reader)
        writer.writerow(header)
        state = header.index("state")
        kept = 0
        for row in reader:
            if row[state] == "nsw":
                writer.writerow(row)
                kept += 1
    assert 1000 < kept < 4000, kept
    conf = write_config("subset.json", config(subset_csv, os.path.join(TMP, "subset_out.csv"),
                                              MODELS))
    kindred("match", "--conf", conf)
    cli = partition_of_csv(os.path.join(TMP, "subset_out.csv"))

    er = EntityResolver(Arguments.createArgumentsFromJSON(CLI_CONF))
    subset = febrl3().filter("state = 'nsw'")
    protocol = partition_of_df(er.match(subset))
    assert sum(len(g) for g in protocol) == kept, (sum(len(g) for g in protocol), kept)
    assert protocol == cli, f"{len(protocol ^ cli)} clusters differ on the nsw subset"
    print(f"     nsw subset: {kept} records, {len(protocol)} clusters, identical to kindred match")


def test_session_model_without_files():
    zingg_dir = os.path.join(TMP, "session_models")
    args = Arguments.createArgumentsFromJSON(
        write_config("session.json", config(DATASET, os.path.join(TMP, "unused.csv"), zingg_dir)))
    er = EntityResolver(args, spark)
    people = febrl3()
    labeller = simulated_labeller("rec_id", entity)
    labelled = None
    for _ in range(3):
        pairs = er.findTrainingPairs(people, labelled, numPairs=20)
        assert pairs.columns[:5] == ["z_cluster", "z_zid", "z_prediction", "z_score",
                                     "z_isMatch"], pairs.columns
        labelled = er.labelPairs(pairs, labeller, labelled)
    n_labelled = labelled.count() // 2
    assert n_labelled == 60, n_labelled
    result = er.train(people, labelled, sessionModel="febrl3")
    assert result["model"] == "session model 'febrl3'", result
    assert result["matches"] >= 4 and result["non_matches"] >= 4, result

    matched = er.match(people, sessionModel="febrl3")
    f1 = pairwise_f1(partition_of_df(matched))
    assert f1 >= MIN_F1, f"session model: pairwise F1 {f1:.3f} < {MIN_F1}"
    assert not os.path.exists(zingg_dir), "a session model writes no files"
    # The result is a DataFrame like any other: filter and count it on the server.
    big = matched.groupBy("z_cluster").count().filter("count >= 3").count()
    assert big > 0, big

    # Link the originals to their duplicates.
    originals = people.filter("rec_id LIKE '%-org'")
    duplicates = people.filter("rec_id LIKE '%-dup-%'")
    linked = er.link(originals, duplicates, sessionModel="febrl3").collect()
    org_cluster = {entity(r.rec_id): r.z_cluster for r in linked if r.z_zsource == "left"}
    dups = [r for r in linked if r.z_zsource == "right"]
    found = sum(1 for r in dups if org_cluster.get(entity(r.rec_id)) == r.z_cluster)
    assert len(dups) > 1000 and found / len(dups) >= 0.9, (found, len(dups))
    print(f"     60 labels in the session; match F1 {f1:.4f}; link finds {found}/{len(dups)} "
          "duplicates' originals")

    try:
        er.match(people, sessionModel="nope").count()
        raise AssertionError("an unknown session model is refused")
    except SparkConnectException as e:
        assert "nope" in str(e) and "febrl3" in str(e), str(e)
    # Models belong to their session.
    other = SparkSession.builder.remote(f"{REMOTE}/;session_id={uuid.uuid4()}").getOrCreate()
    try:
        EntityResolver(args, other).match(febrl3(other), sessionModel="febrl3").count()
        raise AssertionError("another session does not see this session's model")
    except SparkConnectException as e:
        assert "febrl3" in str(e), str(e)
    finally:
        other.stop()
        SparkSession._active = spark  # getOrCreate made `other` the active session


def main():
    tests = [test_protocol_match_equals_cli_match,
             test_filtered_dataframe_match_equals_cli_on_the_subset,
             test_session_model_without_files]
    status = run_checks("er dataframes", tests)
    spark.stop()
    shutil.rmtree(TMP, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
