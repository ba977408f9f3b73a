"""End-to-end checks of Kindred's entity-resolution extensions against Kindred's server.

Usage: er_connect_test.py HOST:PORT PYTHON_PROTO_DIR SHARED_DATA_DIR
Trains a febrl model with a ZinggCommand, clusters a filtered csv read with a
kindred.er.MatchRelation (Relation.extension) and labels pending pairs with a
kindred.er.LabelPairs (Command.extension). Arrow results are decoded with apache-arrow through
tests/e2e/connect/arrow_tool.mjs. Prints "er connect: N passed, M failed"; exits non-zero when
a check failed.
"""
import csv
import os
import shutil
import sys

sys.path.insert(0, sys.argv[2])

from kindred.er import er_pb2  # noqa: E402
from spark.connect import base_pb2, commands_pb2, expressions_pb2, relations_pb2  # noqa: E402
from zingg.spark.connect import zingg_pb2  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from febrl_connect import DATA_SCHEMA, FebrlConnect, expect_error, packed  # noqa: E402
from checks import run_checks  # noqa: E402

conn = FebrlConnect(sys.argv[1], sys.argv[3], "er", "kindred_er_connect_")
TMP, FEBRL = conn.tmp, conn.febrl
febrl_args, execute, run_command, decode = conn.febrl_args, conn.execute, conn.run_command, conn.decode


def filtered_read(condition):
    src = relations_pb2.Read.DataSource(format="csv", schema=DATA_SCHEMA,
                                        paths=[os.path.join(FEBRL, "test.csv")])
    src.options["header"] = "false"
    return relations_pb2.Relation(filter=relations_pb2.Filter(
        input=relations_pb2.Relation(read=relations_pb2.Read(data_source=src)),
        condition=expressions_pb2.Expression(
            expression_string=expressions_pb2.Expression.ExpressionString(expression=condition))))


def match(input_rel, model_id):
    rel = relations_pb2.Relation(extension=packed(er_pb2.MatchRelation(
        input=input_rel, args=febrl_args(model_id, with_samples=False))))
    return decode(execute(base_pb2.Plan(root=rel)))


def read_pairs(path):
    """z_cluster -> z_isMatch of the pairs in a training-data csv (two rows per pair)."""
    if not os.path.exists(path):
        return {}
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {r["z_cluster"]: int(r["z_isMatch"]) for r in rows}


# ---- The checks ----
def test_match_relation_over_filtered_read():
    run_command(zingg_pb2.ZinggCommand(phase="train", args=febrl_args("100")))
    assert os.path.exists(os.path.join(TMP, "models", "100", "model", "model.json")), \
        "train wrote the model"
    names, rows = match(filtered_read("id LIKE 'rec-102%'"), "100")
    for col in ("id", "fname", "z_cluster", "z_minScore", "z_maxScore"):
        assert col in names, f"{col} in {names}"
    ids = [r[names.index("id")] for r in rows]
    with open(os.path.join(FEBRL, "test.csv")) as fh:
        expected = sorted(line.split(",")[0] for line in fh if line.startswith("rec-102"))
    assert sorted(ids) == expected, f"only the filtered records: {sorted(ids)}"
    clusters = [r[names.index("z_cluster")] for r in rows]
    assert all(c is not None for c in clusters), "every row has a z_cluster"
    assert 1 < len(set(clusters)) < len(rows), f"duplicates share clusters: {clusters}"
    by_id = dict(zip(ids, clusters))
    assert by_id["rec-1029-org"] == by_id["rec-1029-dup-0"], "a duplicate joins its original"


def test_match_relation_over_filter_by_other_column():
    names, rows = match(filtered_read("state = ' nsw'"), "100")
    assert rows, "some records are in nsw"
    assert all(r[names.index("state")] == " nsw" for r in rows), "only nsw records"
    assert "z_cluster" in names, names


def test_match_relation_over_temp_view_and_join():
    # A temp view of the session, then a self-join of it: any relation works as the input.
    execute(base_pb2.Plan(command=commands_pb2.Command(
        create_dataframe_view=commands_pb2.CreateDataFrameViewCommand(
            input=filtered_read("id LIKE 'rec-104%'"), name="febrl_104", replace=True))))
    view = relations_pb2.Relation(read=relations_pb2.Read(
        named_table=relations_pb2.Read.NamedTable(unparsed_identifier="febrl_104")))
    names, rows = match(view, "100")
    ids = sorted(r[names.index("id")] for r in rows)
    assert ids and all(i.startswith("rec-104") for i in ids), ids
    assert "z_cluster" in names, names
    joined = relations_pb2.Relation(sql=relations_pb2.SQL(
        query="SELECT v.* FROM febrl_104 v JOIN febrl_104 w ON v.id = w.id"))
    names2, rows2 = match(joined, "100")
    assert sorted(r[names2.index("id")] for r in rows2) == ids, "the join keeps each record once"


def test_match_without_model_names_the_folder():
    e = expect_error(lambda: match(filtered_read("id LIKE 'rec-102%'"), "no_such_model"))
    folder = os.path.join(TMP, "models", "no_such_model")
    assert folder in e.details(), e.details()


def test_label_pairs_moves_pairs():
    find = zingg_pb2.ZinggCommand(phase="findTrainingData", args=febrl_args("200", False))
    run_command(find)
    data = os.path.join(TMP, "models", "200", "trainingData")
    pending = read_pairs(os.path.join(data, "unmarked.csv"))
    assert len(pending) >= 2, f"pairs pending: {pending}"
    first, second = list(pending)[:2]
    msg = er_pb2.LabelPairs(args=febrl_args("200", False), labels=[
        er_pb2.PairLabel(z_cluster=first, z_is_match=1),
        er_pb2.PairLabel(z_cluster=second, z_is_match=0)])
    names, rows = decode(run_command(msg))
    assert names == ["labelled", "pending", "marked"], names
    assert [int(v) for v in rows[0]] == [2, len(pending) - 2, 2], rows
    after = read_pairs(os.path.join(data, "unmarked.csv"))
    marked = read_pairs(os.path.join(data, "marked.csv"))
    assert first not in after and second not in after, "labelled pairs left unmarked.csv"
    assert len(after) == len(pending) - 2, (len(after), len(pending))
    assert marked == {first: 1, second: 0}, marked
    # The same pair again is no longer pending: an error, and nothing changes.
    e = expect_error(lambda: run_command(msg))
    assert first in e.details(), e.details()
    assert read_pairs(os.path.join(data, "marked.csv")) == marked


def test_label_pairs_rejects_bad_label():
    msg = er_pb2.LabelPairs(args=febrl_args("200", False), labels=[
        er_pb2.PairLabel(z_cluster="x", z_is_match=7)])
    e = expect_error(lambda: run_command(msg))
    assert "z_is_match" in e.details(), e.details()


def main():
    tests = [test_match_relation_over_filtered_read,
             test_match_relation_over_filter_by_other_column,
             test_match_relation_over_temp_view_and_join,
             test_match_without_model_names_the_folder, test_label_pairs_moves_pairs,
             test_label_pairs_rejects_bad_label]
    status = run_checks("er connect", tests)
    shutil.rmtree(TMP, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
