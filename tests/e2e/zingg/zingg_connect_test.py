"""End-to-end checks of Zingg's Spark Connect messages against Kindred's server.

Usage: zingg_connect_test.py HOST:PORT PYTHON_PROTO_DIR SHARED_DATA_DIR
Sends ZinggCommand messages packed in google.protobuf.Any, as Zingg's Connect client does:
in Command.extension to run phases, in Relation.extension to fetch the pairs to label.
Arrow results are decoded with apache-arrow through tests/e2e/connect/arrow_tool.mjs.
Prints "zingg connect: N passed, M failed" and exits non-zero when a check failed.
"""
import json
import os
import shutil
import sys

sys.path.insert(0, sys.argv[2])

from google.protobuf import any_pb2  # noqa: E402
from spark.connect import base_pb2, commands_pb2, relations_pb2  # noqa: E402
from zingg.spark.connect import submit_job_pb2, zingg_pb2  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from febrl_connect import (DATA_SCHEMA, FEBRL_FIELDS, SAMPLES_SCHEMA,  # noqa: E402
                           FebrlConnect, error_reason, expect_error, packed)
from checks import run_checks  # noqa: E402

TYPE_URL = "type.googleapis.com/zingg.spark.connect.ZinggCommand"
conn = FebrlConnect(sys.argv[1], sys.argv[3], "zingg", "kindred_zingg_connect_")
TMP, FEBRL = conn.tmp, conn.febrl
execute, run_command, decode = conn.execute, conn.run_command, conn.decode


def febrl_command(phase, model_id, with_samples=True):
    """Zingg's febrl example (configWithTrainingSamples.json) as a ZinggCommand."""
    return zingg_pb2.ZinggCommand(phase=phase, args=conn.febrl_args(model_id, with_samples))


# Kindred's invalid-argument errors arrive as Spark's AnalysisException.
INVALID_ARGUMENT = "org.apache.spark.sql.AnalysisException"


# ---- The checks ----
def test_train_then_match():
    assert TYPE_URL == packed(febrl_command("train", "100")).type_url
    responses = run_command(febrl_command("train", "100"))
    assert not any(r.HasField("arrow_batch") for r in responses), "train returns no rows"
    assert os.path.exists(os.path.join(TMP, "models", "100", "model", "model.json")), \
        "train wrote the model"
    run_command(febrl_command("Match", "100"))  # phase names are case-insensitive
    out = os.path.join(TMP, "output_100.csv")
    assert os.path.exists(out), f"match wrote {out}"
    with open(out) as fh:
        lines = fh.read().splitlines()
    header = [c.strip() for c in lines[0].split(",")]
    assert "z_cluster" in header, f"z_cluster in the output header: {header}"
    assert len(lines) == 66, f"65 records and a header, got {len(lines)} lines"
    clusters = {line.split(",")[header.index("z_cluster")] for line in lines[1:]}
    assert 1 < len(clusters) < 65, f"duplicates share clusters: {len(clusters)} clusters"


def test_label_relation_returns_pairs():
    # A fresh model without training samples: the server finds pairs to label first.
    cmd = febrl_command("label", "200", with_samples=False)
    names, rows = decode(execute(base_pb2.Plan(root=relations_pb2.Relation(
        extension=packed(cmd)))))
    assert names[:5] == ["z_cluster", "z_zid", "z_prediction", "z_score", "z_isMatch"], names
    assert names[-1] == "z_zsource", names
    assert "fname" in names and "ssn" in names, names
    assert rows and len(rows) % 2 == 0, f"two rows per pair, got {len(rows)} rows"
    per_cluster = {}
    for r in rows:
        per_cluster[r[0]] = per_cluster.get(r[0], 0) + 1
    assert all(n == 2 for n in per_cluster.values()), f"two rows per z_cluster: {per_cluster}"
    for i in range(0, len(rows), 2):
        assert rows[i][0] == rows[i + 1][0], "a pair's rows are consecutive"
        assert rows[i][1] != rows[i + 1][1], "a pair joins two different records"
    assert all(int(r[4]) == -1 for r in rows), "pending pairs are unlabelled"
    assert all(r[-1] == "test" for r in rows), "z_zsource names the data pipe"
    assert os.path.exists(os.path.join(TMP, "models", "200", "trainingData", "unmarked.csv"))


def test_bad_phase_is_invalid_argument():
    e = expect_error(lambda: run_command(febrl_command("trian", "100")))
    assert error_reason(e) == INVALID_ARGUMENT, error_reason(e)
    assert "phase" in e.details() and "trian" in e.details(), e.details()


def test_bad_match_type_names_the_field():
    cmd = febrl_command("train", "300")
    cmd.args.field_definition[2].match_type[0].name = "fuzy"
    e = expect_error(lambda: run_command(cmd))
    assert error_reason(e) == INVALID_ARGUMENT, error_reason(e)
    assert "fieldDefinition[2]" in e.details() and "fuzy" in e.details(), e.details()


def test_unknown_extension_type_url():
    url = "type.googleapis.com/zingg.spark.connect.NoSuchCommand"
    e = expect_error(lambda: execute(base_pb2.Plan(command=commands_pb2.Command(
        extension=any_pb2.Any(type_url=url, value=b"")))))
    assert url in e.details(), e.details()
    e = expect_error(lambda: execute(base_pb2.Plan(root=relations_pb2.Relation(
        extension=any_pb2.Any(type_url=url, value=b"")))))
    assert url in e.details(), e.details()


def zingg_v2_job(phase, model_id):
    """Zingg's zingg_v2 client's job: its client options as a command line and its Arguments as
    the JSON a pydantic model writes (lower-case enum values, unset fields as null)."""
    def pipe(name, path, schema, **props):
        return {"name": name, "format": "csv", "schema": schema, "mode": None,
                "props": dict({"location": path, "delimiter": ","}, **props)}
    arguments = {
        "output": [pipe("out", os.path.join(TMP, f"output_{model_id}.csv"), None, header=True)],
        "data": [pipe("test", os.path.join(FEBRL, "test.csv"), DATA_SCHEMA, header=False)],
        "zinggDir": os.path.join(TMP, "models"),
        "trainingSamples": [pipe("trainingPos", os.path.join(FEBRL, "training.csv"),
                                 SAMPLES_SCHEMA, header=False,
                                 badRecordsPath=os.path.join(TMP, "bad"))],
        "fieldDefinition": [{"matchType": "dont_use" if f == "id" else ["fuzzy"],
                             "dataType": "string", "fieldName": f, "fields": f,
                             "stopWords": None, "abbreviations": None} for f in FEBRL_FIELDS],
        "numPartitions": 4, "labelDataSampleSize": 0.5, "modelId": model_id, "threshold": 0.5,
        "jobId": 1, "collectMetrics": True, "showConcise": False, "stopWordsCutoff": 0.1,
        "blockSize": 100, "column": None,
    }
    args = f"--phase {phase} --license zinggLic.txt --email zingg@zingg.ai --conf dummyConf.json"
    return submit_job_pb2.SubmitZinggJob(args=args, options=json.dumps(arguments))


def test_zingg_v2_submit_job_relation():
    job = zingg_v2_job("train", "500")
    assert packed(job).type_url == "type.googleapis.com/SubmitZinggJob"
    names, rows = decode(execute(base_pb2.Plan(root=relations_pb2.Relation(extension=packed(job)))))
    assert names == ["status", "newArgs"] and rows[0][0] == "SUCCESS", (names, rows)
    assert os.path.exists(os.path.join(TMP, "models", "500", "model", "model.json"))
    execute(base_pb2.Plan(root=relations_pb2.Relation(extension=packed(zingg_v2_job("match", "500")))))
    with open(os.path.join(TMP, "output_500.csv")) as fh:
        lines = fh.read().splitlines()
    assert "z_cluster" in lines[0] and len(lines) == 66, (lines[0], len(lines))
    bad = submit_job_pb2.SubmitZinggJob(args="--license x", options="{}")
    e = expect_error(lambda: execute(base_pb2.Plan(root=relations_pb2.Relation(
        extension=packed(bad)))))
    assert "--phase" in e.details(), e.details()


def main():
    tests = [test_train_then_match, test_label_relation_returns_pairs,
             test_bad_phase_is_invalid_argument, test_bad_match_type_names_the_field,
             test_unknown_extension_type_url, test_zingg_v2_submit_job_relation]
    status = run_checks("zingg connect", tests)
    shutil.rmtree(TMP, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
