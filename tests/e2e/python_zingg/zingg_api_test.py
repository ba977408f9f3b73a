"""End-to-end checks of kindred.zingg (Zingg's Python API over Spark Connect) against a server.

Usage: zingg_api_test.py HOST:PORT SHARED_DATA_DIR
Runs Zingg's febrl example the way a Zingg Python script does (train then match, with
training.csv as trainingSamples), scores the output against the true entities of the id column,
and exercises findTrainingData, getUnmarkedRecords and the labelling loop.
Prints "python zingg: N passed, M failed" and exits non-zero when a check failed.
"""
import csv
import itertools
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "python"))

from kindred.connect import AnalysisException, SparkSession  # noqa: E402
from kindred.zingg import (Arguments, ClientOptions, CsvPipe, FieldDefinition,  # noqa: E402
                           MatchType, Pipe, Zingg, console_labeller,
                           simulated_labeller)
from checks import run_checks  # noqa: E402

REMOTE = f"sc://{sys.argv[1]}"
FEBRL = os.path.join(sys.argv[2], "zingg_febrl")
TMP = tempfile.mkdtemp(prefix="kindred_python_zingg_")
spark = SparkSession.builder.remote(REMOTE).getOrCreate()

FIELDS = ["id", "fname", "lname", "stNo", "add1", "add2", "city", "areacode", "state", "dob",
          "ssn"]
SCHEMA = ", ".join(f"{f} string" for f in FIELDS)
SCHEMA_POS = "z_cluster string, z_isMatch integer, " + ", ".join(f"{f} string" for f in FIELDS[1:])


def entity(v):
    """rec-12-dup-0 and rec-12-org are the same person: rec-12."""
    return "-".join(str(v).strip().split("-")[:2])


def febrl_args(model_id, with_samples=True):
    """Zingg's examples/febrl/FebrlExample.py, with the paths of the shared data."""
    args = Arguments()
    args.setFieldDefinition(
        [FieldDefinition("id", "string", MatchType.DONT_USE)]
        + [FieldDefinition(f, "string", MatchType.FUZZY) for f in FIELDS[1:]])
    args.setModelId(model_id)
    args.setZinggDir(os.path.join(TMP, "models"))
    args.setNumPartitions(4)
    args.setLabelDataSampleSize(0.5)
    args.setData(CsvPipe("testFebrl", os.path.join(FEBRL, "test.csv"), SCHEMA))
    if with_samples:
        args.setTrainingSamples(CsvPipe("trainingPos", os.path.join(FEBRL, "training.csv"),
                                        SCHEMA_POS))
    out = CsvPipe("resultFebrl", os.path.join(TMP, f"output_{model_id}.csv")).setHeader(True)
    args.setOutput(out)
    return args


def run(args, phase):
    return Zingg(args, ClientOptions([ClientOptions.PHASE, phase]), spark).initAndExecute()


def read_csv(path):
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    return [c.strip() for c in rows[0]], rows[1:]


def pairwise_f1(ids, clusters):
    """F1 of the record pairs put in one cluster against the pairs of one true entity."""
    truth, found = set(), set()
    by_entity, by_cluster = {}, {}
    for i, (rid, c) in enumerate(zip(ids, clusters)):
        by_entity.setdefault(entity(rid), []).append(i)
        by_cluster.setdefault(c, []).append(i)
    for group, out in ((by_entity, truth), (by_cluster, found)):
        for members in group.values():
            out.update(itertools.combinations(sorted(members), 2))
    tp = len(truth & found)
    if tp == 0:
        return 0.0
    p, r = tp / len(found), tp / len(truth)
    return 2 * p * r / (p + r)


# ---- The checks ----
def test_api_objects():
    o = ClientOptions(["--phase", "match", ClientOptions.JOBID, "7"])
    assert o.getPhase() == "match" and o.getOptionValue("--jobId") == "7"
    assert ClientOptions(["phase", "train"]).getPhase() == "train", "phase without dashes"
    try:
        ClientOptions([ClientOptions.PHASE])
        raise AssertionError("an option without a value is refused")
    except ValueError:
        pass
    try:
        FieldDefinition("fname", "string")
        raise AssertionError("a field without a match type is refused")
    except ValueError:
        pass
    f = FieldDefinition("email", "string", MatchType.EMAIL, MatchType.EXACT)
    assert f.toDict()["matchType"] == "EMAIL,EXACT", f.toDict()
    p = Pipe("people", "json").addProperty("location", "/data/p.json").addProperty("multiLine", True)
    p.setSchema("id string")
    assert p.toDict() == {"name": "people", "format": "json", "schema": "id string",
                          "props": {"location": "/data/p.json", "multiLine": "true"}}, p.toDict()
    c = CsvPipe("c", "/d.csv", "a string").setDelimiter("|").setHeader("true")
    assert c.props == {"location": "/d.csv", "delimiter": "|", "header": "true"}, c.props
    a = febrl_args("1").setThreshold(0.4).setBlockSize(50)
    d = a.toDict()
    assert d["threshold"] == 0.4 and d["blockSize"] == 50 and len(d["fieldDefinition"]) == 11
    assert a.getZinggTrainingDataMarkedDir().endswith("/1/trainingData/marked.csv")
    back = Arguments.createArgumentsFromJSONString(a.writeArgumentsToJSONString())
    assert back.toDict() == d, (back.toDict(), d)
    z = Arguments.createArgumentsFromJSON(os.path.join(FEBRL, "configWithTrainingSamples.json"))
    assert z.modelId == "102" and z.trainingSamples[0].props["header"] == "false", z.toDict()
    assert [f.matchType for f in z.fieldDefinition][:3] == [["FUZZY"], ["FUZZY"], ["EXACT"]]
    for bad in (lambda: a.setLabelDataSampleSize(2), lambda: a.setNumPartitions(0),
                lambda: a.setData("not a pipe")):
        try:
            bad()
            raise AssertionError("a bad argument is refused")
        except (ValueError, TypeError):
            pass


def test_train_then_match_f1():
    args = febrl_args("100")
    run(args, "train")
    assert os.path.exists(os.path.join(args.getZinggModelDir(), "model.json")), "train wrote a model"
    run(args, "match")
    header, rows = read_csv(os.path.join(TMP, "output_100.csv"))
    assert "z_cluster" in header, header
    assert len(rows) == 65, f"65 records in the output, got {len(rows)}"
    ids = [r[header.index("id")] for r in rows]
    clusters = [r[header.index("z_cluster")] for r in rows]
    f1 = pairwise_f1(ids, clusters)
    print(f"     febrl pairwise F1 = {f1:.3f} ({len(set(clusters))} clusters)")
    assert f1 >= 0.9, f"pairwise F1 {f1:.3f} < 0.9"


def test_find_training_data_and_unmarked_records():
    args = febrl_args("200", with_samples=False)
    run(args, "findTrainingData")
    assert os.path.exists(args.getZinggTrainingDataUnmarkedDir())
    z = Zingg(args, ClientOptions([ClientOptions.PHASE, "label"]), spark)
    rows = z.getUnmarkedRecords()
    assert rows and len(rows) % 2 == 0, f"two rows per pair, got {len(rows)}"
    names = rows[0].__fields__
    assert names[:5] == ["z_cluster", "z_zid", "z_prediction", "z_score", "z_isMatch"], names
    assert names[-1] == "z_zsource" and "fname" in names, names
    for a, b in zip(rows[::2], rows[1::2]):
        assert a.z_cluster == b.z_cluster and a.z_zid != b.z_zid, (a, b)
        assert a.z_isMatch == -1 and b.z_isMatch == -1, "pending pairs are unlabelled"
    assert all(r.z_zsource == "testFebrl" for r in rows), "z_zsource names the data pipe"
    pdf = z.getUnmarkedRecords(pandas=True)
    assert list(pdf.columns) == names and len(pdf) == len(rows)


def test_label_loop_stores_marked_pairs():
    args = febrl_args("200", with_samples=False)
    z = Zingg(args, ClientOptions([ClientOptions.PHASE, "label"]), spark)
    assert z.getMarkedRecords() == [], "nothing labelled yet"
    pending = z.getUnmarkedRecords()
    seen = []

    def answer(left, right):
        seen.append((left.id, right.id))
        assert "z_cluster" not in left.__fields__ and "fname" in left.__fields__
        return simulated_labeller("id", entity)(left, right)

    counts = z.label(answer)
    assert len(seen) == len(pending) // 2, (len(seen), len(pending))
    assert counts["match"] + counts["no_match"] + counts["not_sure"] == len(seen), counts
    marked = z.getMarkedRecords()
    assert len(marked) == len(pending), f"every pair is marked: {len(marked)} of {len(pending)}"
    for a, b in zip(marked[::2], marked[1::2]):
        want = 1 if entity(a.id) == entity(b.id) else 0
        assert a.z_cluster == b.z_cluster and int(a.z_isMatch) == want, (a, b)
    assert Zingg.getMatchedMarkedRecordsStat(marked) == counts["match"]
    assert Zingg.getUnmatchedMarkedRecordsStat(marked) == counts["no_match"]
    with open(args.getZinggTrainingDataUnmarkedDir()) as fh:
        assert len(fh.read().splitlines()) == 1, "labelled pairs left unmarked.csv"
    # The next round: the server finds new pairs, avoiding the labelled ones.
    run(args, "findTrainingData")
    again = z.getUnmarkedRecords()
    labelled = {frozenset((a.z_zid, b.z_zid)) for a, b in zip(marked[::2], marked[1::2])}
    assert again, "a new round of pairs"
    assert not any(frozenset((int(a.z_zid), int(b.z_zid))) in
                   {frozenset(map(int, p)) for p in labelled}
                   for a, b in zip(again[::2], again[1::2])), "labelled pairs are not asked again"


def test_write_labelled_output_from_pandas():
    args = febrl_args("200", with_samples=False)
    z = Zingg(args, ClientOptions([ClientOptions.PHASE, "label"]), spark)
    before = len(z.getMarkedRecords())
    pdf = z.getUnmarkedRecords(pandas=True)
    pdf["z_isMatch"] = [1 if entity(a) == entity(b) else 0
                        for a, b in zip(pdf["id"][::2], pdf["id"][1::2]) for _ in (0, 1)]
    n = z.writeLabelledOutputFromPandas(pdf)
    assert n == len(pdf) // 2, n
    assert len(z.getMarkedRecords()) == before + len(pdf)
    # With the labels only (no trainingSamples), the model trains and matches.
    run(args, "train")
    run(args, "match")
    header, rows = read_csv(os.path.join(TMP, "output_200.csv"))
    assert "z_cluster" in header and len(rows) == 65, (header, len(rows))


def test_console_labeller_and_limit():
    args = febrl_args("300", with_samples=False)
    z = Zingg(args, ClientOptions([ClientOptions.PHASE, "label"]), spark)
    pending = len(z.getUnmarkedRecords()) // 2
    replies = iter(["x", "1", "0", "9"])
    shown = []
    counts = z.label(console_labeller(ask=lambda _: next(replies), show=shown.append))
    assert counts == {"match": 1, "no_match": 1, "not_sure": 0, "skipped": 0}, counts
    assert any("fname" in line for line in shown) and "unrecognised answer 'x'" in shown, shown
    marked = z.getMarkedRecords()
    assert [int(r.z_isMatch) for r in marked] == [1, 1, 0, 0], [r.z_isMatch for r in marked]
    assert len(z.getUnmarkedRecords()) // 2 == pending - 2, "labelled pairs are no longer pending"
    counts = z.label(lambda left, right: 2, limit=3)
    assert counts["not_sure"] == 3, counts
    assert Zingg.getUnsureMarkedRecordsStat(z.getMarkedRecords()) == 3
    try:
        z.label(lambda left, right: 5)
        raise AssertionError("an answer other than 0, 1, 2 is refused")
    except ValueError as e:
        assert "0, 1 or 2" in str(e), str(e)


def test_default_session_from_env():
    os.environ["KINDRED_REMOTE"] = REMOTE
    try:
        z = Zingg(febrl_args("300", with_samples=False), ClientOptions(["--phase", "label"]))
        rows = z.getUnmarkedRecords()
        assert rows and len(rows) % 2 == 0, len(rows)
        assert z.spark._url == REMOTE, z.spark._url
    finally:
        del os.environ["KINDRED_REMOTE"]


def test_every_other_phase():
    """trainMatch, link, findAndLabel, updateLabel, recommend and generateDocs through the API."""
    args = febrl_args("400")
    run(args, "trainMatch")
    header, rows = read_csv(os.path.join(TMP, "output_400.csv"))
    ids, clusters = [r[header.index("id")] for r in rows], [r[header.index("z_cluster")] for r in rows]
    assert len(rows) == 65 and pairwise_f1(ids, clusters) >= 0.9, (len(rows), header)

    # link: the originals of test.csv against its duplicates, as two pipes.
    for name, keep in (("orgs", lambda i: i.endswith("-org")), ("dups", lambda i: "-dup-" in i)):
        with open(os.path.join(TMP, f"{name}.csv"), "w", newline="") as fh:
            csv.writer(fh).writerows(r for r in _all_rows() if keep(r[0].strip()))
    link = febrl_args("400")
    link.setData(CsvPipe("orgs", os.path.join(TMP, "orgs.csv"), SCHEMA),
                 CsvPipe("dups", os.path.join(TMP, "dups.csv"), SCHEMA))
    link.setOutput(CsvPipe("linked", os.path.join(TMP, "linked.csv")).setHeader(True))
    run(link, "link")
    header, rows = read_csv(os.path.join(TMP, "linked.csv"))
    assert header[:3] == ["z_cluster", "z_score", "z_zsource"], header
    org_cluster = {entity(r[header.index("id")]): r[0] for r in rows if r[2] == "orgs"}
    dups = [r for r in rows if r[2] == "dups"]
    found = sum(org_cluster.get(entity(r[header.index("id")])) == r[0] for r in dups)
    assert dups and found / len(dups) >= 0.8, (found, len(dups))

    # The labelling phases run without a console on the server: they propose pairs and keep them.
    fresh = febrl_args("500", with_samples=False)
    run(fresh, "findAndLabel")
    z = Zingg(fresh, ClientOptions([ClientOptions.PHASE, "label"]), spark)
    assert z.getUnmarkedRecords(), "findAndLabel left pairs to label"
    z.label(simulated_labeller("id", entity), limit=2)
    run(fresh, "updateLabel")
    assert len(z.getMarkedRecords()) == 4, "updateLabel keeps the labels"

    rec = febrl_args("400").setColumn("fname")
    run(rec, "recommend")
    assert os.path.exists(os.path.join(TMP, "models", "400", "stopWords", "fname.csv"))
    run(args, "generateDocs")
    assert os.path.exists(os.path.join(TMP, "models", "400", "docs", "model.html"))


def _all_rows():
    with open(os.path.join(FEBRL, "test.csv"), newline="") as fh:
        return list(csv.reader(fh))


def test_errors():
    try:
        run(febrl_args("100"), "trian")
        raise AssertionError("an unknown phase is refused")
    except AnalysisException as e:
        assert "trian" in str(e), str(e)
    try:
        Zingg(febrl_args("100"), ClientOptions([]), spark).execute()
        raise AssertionError("a missing phase is refused")
    except ValueError as e:
        assert "phase" in str(e), str(e)
    bad = febrl_args("100")
    bad.setFieldDefinition([FieldDefinition("fname", "string", "FUZY")])
    try:
        Zingg(bad, ClientOptions([ClientOptions.PHASE, "label"]), spark).getMarkedRecords()
        raise AssertionError("marked records of bad arguments are refused")
    except AnalysisException as e:
        assert "FUZY" in str(e), str(e)


def main():
    tests = [test_api_objects, test_train_then_match_f1,
             test_find_training_data_and_unmarked_records, test_label_loop_stores_marked_pairs,
             test_write_labelled_output_from_pandas, test_console_labeller_and_limit,
             test_default_session_from_env, test_every_other_phase, test_errors]
    status = run_checks("python zingg", tests)
    spark.stop()
    shutil.rmtree(TMP, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
