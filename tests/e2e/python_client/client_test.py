"""End-to-end checks of the kindred.connect Python client against a running Kindred server.

Usage: client_test.py HOST:PORT
Every expected value is computed here in Python from the same data the test sends. Prints one
line per test and a summary; exits non-zero when any test fails.
"""
import datetime
import decimal
import json
import os
import shutil
import sys
import tempfile
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "python"))

from kindred.connect import (AnalysisException, ParseException, Row,  # noqa: E402
                             SparkConnectException, SparkSession, StorageLevel)
from kindred.connect import arrow  # noqa: E402
from kindred.connect import functions as F  # noqa: E402

try:
    import pandas as pd
except ImportError:
    pd = None

TMP = tempfile.mkdtemp(prefix="kindred_pyclient_")
spark = SparkSession.builder.remote(f"sc://{sys.argv[1]}").getOrCreate()

# The shared data: (id, name, dept, salary, bonus or None).
PEOPLE = [
    (1, "Alice", "eng", 120.5, 10),
    (2, "bob", "eng", 99.0, None),
    (3, "Carol", "ops", 80.25, 5),
    (4, "dave", "ops", 70.0, 7),
    (5, "Eve", "hr", 65.5, None),
    (6, "Frank", "eng", 130.0, 12),
]
PEOPLE_DDL = "id long, name string, dept string, salary double, bonus long"
DEPTS = [("eng", "Engineering"), ("ops", "Operations"), ("sales", "Sales")]


def people():
    return spark.createDataFrame(PEOPLE, PEOPLE_DDL)


def depts():
    return spark.createDataFrame(DEPTS, ["dept", "title"])


class Failure(AssertionError):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def eq(got, want, what):
    check(got == want, f"{what}: got {got!r}, want {want!r}")


def approx(a, b):
    return abs(a - b) < 1e-9 * max(1.0, abs(b))


def expect(exc_type, fn):
    try:
        fn()
    except exc_type as e:
        return e
    except Exception as e:  # noqa: BLE001
        raise Failure(f"expected {exc_type.__name__}, got {type(e).__name__}: {e}") from e
    raise Failure(f"expected {exc_type.__name__}, nothing was raised")


# ---------------------------------------------------------------------------------------------
def test_arrow_round_trip():
    names = ["i", "d", "s", "b", "n"]
    cols = [[1, None, -(1 << 40)], [1.5, None, -0.25], ["x", None, "héllo"], [True, False, None],
            [None, None, None]]
    fields, rows = arrow.read_stream(arrow.write_stream(names, cols))
    eq([f.name for f in fields], names, "arrow field names")
    eq(rows, list(zip(*cols)), "arrow rows")
    fields, rows = arrow.read_stream(arrow.write_stream(["e"], [[]], ["string"]))
    eq(rows, [], "empty arrow batch")


def test_session():
    check(str(uuid.UUID(spark.session_id)) == spark.session_id, "session id is a UUID")
    eq(SparkSession.builder.remote(f"sc://{sys.argv[1]}").getOrCreate() is spark, True, "getOrCreate reuses")
    eq(spark.version, "4.0.0", "server version")


def test_range():
    eq([r.id for r in spark.range(5).collect()], list(range(5)), "range(5)")
    eq([r[0] for r in spark.range(2, 20, 5).collect()], list(range(2, 20, 5)), "range(2, 20, 5)")
    eq(spark.range(1000).count(), 1000, "range count")
    eq(spark.range(3).columns, ["id"], "range columns")
    # Many Arrow batches (each response is its own IPC stream) decode in order.
    # A batch ends when it holds both limits' worth (as in Spark), so both are set small.
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "100")
    spark.conf.set("spark.connect.grpc.arrow.maxBatchSize", "1k")
    try:
        eq([r.id for r in spark.range(1050).collect()], list(range(1050)), "multi-batch result")
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")
        spark.conf.unset("spark.connect.grpc.arrow.maxBatchSize")


def test_create_dataframe_and_collect():
    rows = people().collect()
    eq(len(rows), len(PEOPLE), "row count")
    eq([tuple(r) for r in rows], PEOPLE, "rows as tuples")
    r = rows[0]
    eq((r.id, r["name"], r[2]), (1, "Alice", "eng"), "row access by attribute, key and index")
    eq(r.asDict(), dict(zip(["id", "name", "dept", "salary", "bonus"], PEOPLE[0])), "asDict")
    dicts = [{"a": 1, "b": "x"}, {"a": 2, "b": None}]
    eq([r.asDict() for r in spark.createDataFrame(dicts).collect()], dicts, "from dicts")
    rws = [Row(a=3, b=True), Row(a=4, b=False)]
    eq(spark.createDataFrame(rws).collect(), rws, "from Rows")
    eq([tuple(r) for r in spark.createDataFrame([(1, 2.0)], ["p", "q"]).collect()], [(1, 2.0)], "names list")
    typed = [(datetime.date(2024, 2, 29), datetime.datetime(2024, 1, 2, 3, 4, 5), decimal.Decimal("1.25"), 7)]
    df = spark.createDataFrame(typed, "d date, t timestamp, m decimal(10,2), i int")
    eq([f.dataType.simpleString() for f in df.schema.fields], ["date", "timestamp", "decimal(10,2)", "int"],
       "DDL types of local data")
    eq([tuple(r) for r in df.collect()], typed, "date/timestamp/decimal local data")
    eq(spark.createDataFrame([], "a long, b string").collect(), [], "empty local data")
    eq(spark.createDataFrame([], "a long, b string").columns, ["a", "b"], "empty local data columns")


def test_create_dataframe_pandas():
    if pd is None:
        print("     (pandas not importable: skipped)")
        return
    pdf = pd.DataFrame({"k": [1, 2, 3], "v": [0.5, None, 2.5], "s": ["a", "b", None]})
    got = spark.createDataFrame(pdf).collect()
    want = [(1, 0.5, "a"), (2, None, "b"), (3, 2.5, None)]
    eq([tuple(r) for r in got], want, "from pandas")
    back = people().toPandas()
    eq(list(back.columns), ["id", "name", "dept", "salary", "bonus"], "toPandas columns")
    eq(len(back), len(PEOPLE), "toPandas rows")
    check(approx(float(back["salary"].sum()), sum(p[3] for p in PEOPLE)), "toPandas salary sum")


def test_select_and_expressions():
    df = people().select("id", (F.col("salary") * 2).alias("double_pay"), F.upper("name").alias("u"),
                         F.lower(F.col("name")).alias("l"), F.length("name").alias("len"),
                         F.concat(F.col("name"), F.lit("-"), F.col("dept")).alias("tag"),
                         (F.col("id") + 1 - 1).alias("same"), (F.col("salary") / 2).alias("half"))
    got = df.collect()
    for r, p in zip(got, PEOPLE):
        check(approx(r.double_pay, p[3] * 2), f"salary*2 for {p}")
        eq((r.u, r.l, r.len, r.tag, r.same), (p[1].upper(), p[1].lower(), len(p[1]), f"{p[1]}-{p[2]}", p[0]),
           f"string functions for {p}")
        check(approx(r.half, p[3] / 2), "division")
    eq(df.columns, ["id", "double_pay", "u", "l", "len", "tag", "same", "half"], "select columns")
    eq([r[0] for r in people().select(F.expr("id * 10 AS t")).collect()], [p[0] * 10 for p in PEOPLE], "F.expr")


def test_filter_where():
    def ids(df):
        return [r.id for r in df.collect()]
    eq(ids(people().filter(F.col("salary") > 90)), [p[0] for p in PEOPLE if p[3] > 90], "filter >")
    eq(ids(people().where("dept = 'ops'")), [p[0] for p in PEOPLE if p[2] == "ops"], "where SQL string")
    eq(ids(people().filter((F.col("dept") == "eng") & (F.col("salary") < 125))),
       [p[0] for p in PEOPLE if p[2] == "eng" and p[3] < 125], "and")
    eq(ids(people().filter((F.col("dept") == "hr") | (F.col("id") <= 2))),
       [p[0] for p in PEOPLE if p[2] == "hr" or p[0] <= 2], "or")
    eq(ids(people().filter(~(F.col("dept") == "eng"))), [p[0] for p in PEOPLE if p[2] != "eng"], "not")
    eq(ids(people().filter(F.col("dept") != "eng")), [p[0] for p in PEOPLE if p[2] != "eng"], "!=")
    eq(ids(people().filter(F.col("id") >= 4)), [p[0] for p in PEOPLE if p[0] >= 4], ">=")
    eq(ids(people().filter(F.col("bonus").isNull())), [p[0] for p in PEOPLE if p[4] is None], "isNull")
    eq(ids(people().filter(F.col("bonus").isNotNull())), [p[0] for p in PEOPLE if p[4] is not None], "isNotNull")
    eq(ids(people().filter(F.col("dept").isin("hr", "ops"))), [p[0] for p in PEOPLE if p[2] in ("hr", "ops")], "isin")
    eq(ids(people().filter(F.col("name").like("%a%"))), [p[0] for p in PEOPLE if "a" in p[1]], "like")


def test_with_column_rename_drop():
    df = people().withColumn("total", F.col("salary") + F.coalesce(F.col("bonus"), F.lit(0)))
    for r, p in zip(df.collect(), PEOPLE):
        check(approx(r.total, p[3] + (p[4] or 0)), f"withColumn total for {p}")
    df = df.withColumnRenamed("name", "who").drop("salary", "bonus")
    eq(df.columns, ["id", "who", "dept", "total"], "rename + drop columns")
    eq([r.who for r in df.collect()], [p[1] for p in PEOPLE], "renamed values")
    df = people().withColumn("band", F.when(F.col("salary") >= 100, "high")
                             .when(F.col("salary") >= 75, "mid").otherwise("low"))
    want = ["high" if p[3] >= 100 else "mid" if p[3] >= 75 else "low" for p in PEOPLE]
    eq([r.band for r in df.collect()], want, "when/otherwise")
    df = people().withColumn("s", F.col("id").cast("string")).withColumn("c", F.col("salary").cast("long"))
    eq([(r.s, r.c) for r in df.collect()], [(str(p[0]), int(p[3])) for p in PEOPLE], "cast")


def test_group_by():
    got = {r.dept: r for r in people().groupBy("dept").agg(
        F.sum("salary").alias("s"), F.avg("salary").alias("a"), F.min("id").alias("lo"),
        F.max("id").alias("hi"), F.count("bonus").alias("nb"), F.count("*").alias("n"),
        F.countDistinct("name").alias("dn")).collect()}
    depts_ = sorted({p[2] for p in PEOPLE})
    eq(sorted(got), depts_, "group keys")
    for d in depts_:
        ps = [p for p in PEOPLE if p[2] == d]
        r = got[d]
        check(approx(r.s, sum(p[3] for p in ps)), f"sum for {d}")
        check(approx(r.a, sum(p[3] for p in ps) / len(ps)), f"avg for {d}")
        eq((r.lo, r.hi, r.nb, r.n, r.dn), (min(p[0] for p in ps), max(p[0] for p in ps),
                                         sum(1 for p in ps if p[4] is not None), len(ps),
                                         len({p[1] for p in ps})), f"min/max/counts for {d}")
    counts = {r.dept: r["count"] for r in people().groupBy("dept").count().collect()}
    eq(counts, {d: sum(1 for p in PEOPLE if p[2] == d) for d in depts_}, "groupBy().count()")
    sums = {r.dept: r["sum(bonus)"] for r in people().groupBy("dept").sum("bonus").collect()}
    want = {}
    for d in depts_:
        vals = [p[4] for p in PEOPLE if p[2] == d and p[4] is not None]
        want[d] = sum(vals) if vals else None
    eq(sums, want, "groupBy().sum()")
    total = people().agg(F.sum("id").alias("t")).collect()[0].t
    eq(total, sum(p[0] for p in PEOPLE), "global agg")


def test_pivot_unpivot():
    depts_ = sorted({p[2] for p in PEOPLE})
    names = ["Alice", "bob", "Eve"]
    df = people().groupBy("dept").pivot("name", names).sum("salary")
    eq(df.columns, ["dept"] + names, "pivot with values: columns")
    for r in df.collect():
        for n in names:
            vals = [p[3] for p in PEOPLE if p[2] == r.dept and p[1] == n]
            eq(r[n], sum(vals) if vals else None, f"pivot sum for {r.dept}/{n}")
    # Without values: the distinct bonuses, sorted with null first; count is null (as in
    # Spark) where a group has no such bonus.
    bonuses = sorted({p[4] for p in PEOPLE}, key=lambda b: (b is not None, b or 0))
    df = people().groupBy("dept").pivot("bonus").count()
    eq(df.columns, ["dept"] + ["null" if b is None else str(b) for b in bonuses],
       "pivot without values: columns")
    got = {r.dept: r for r in df.collect()}
    eq(sorted(got), depts_, "pivot without values: groups")
    for d in depts_:
        for b in bonuses:
            n = sum(1 for p in PEOPLE if p[2] == d and p[4] == b)
            eq(got[d]["null" if b is None else str(b)], n or None, f"pivot count for {d}/{b}")
    # Two aggregates: "<value>_<name>"; with a string aggregate count over no rows is 0.
    df = people().groupBy("dept").pivot("dept", ["eng", "ops"]).agg(
        F.count("bonus").alias("nb"), F.max("name").alias("top"))
    eq(df.columns, ["dept", "eng_nb", "eng_top", "ops_nb", "ops_top"], "pivot two aggregates")
    for r in df.collect():
        for v in ["eng", "ops"]:
            ps = [p for p in PEOPLE if p[2] == r.dept and p[2] == v]
            eq(r[f"{v}_nb"], sum(1 for p in ps if p[4] is not None), f"{r.dept}/{v} count")
            eq(r[f"{v}_top"], max((p[1] for p in ps), default=None), f"{r.dept}/{v} max")
    # unpivot / melt: row order follows the input; bigint and double share double.
    want = [(p[0], k, None if v is None else float(v))
            for p in PEOPLE for k, v in (("salary", p[3]), ("bonus", p[4]))]
    got = [(r.id, r.k, r.v) for r in people().unpivot("id", ["salary", "bonus"], "k", "v").collect()]
    eq(got, want, "unpivot")
    got = [(r.id, r.k, r.v) for r in
           people().select("id", "salary", "bonus").melt(["id"], None, "k", "v").collect()]
    eq(got, want, "melt over every non-id column")


def test_order_limit_distinct():
    eq([r.id for r in people().orderBy(F.col("salary").desc()).collect()],
       [p[0] for p in sorted(PEOPLE, key=lambda p: -p[3])], "orderBy desc")
    eq([r.id for r in people().sort("name").collect()], [p[0] for p in sorted(PEOPLE, key=lambda p: p[1])],
       "sort by name")
    eq([r.id for r in people().orderBy(F.col("dept").asc(), F.col("id").desc()).collect()],
       [p[0] for p in sorted(PEOPLE, key=lambda p: (p[2], -p[0]))], "two sort keys")
    eq(people().limit(3).count(), 3, "limit")
    eq(sorted(r.dept for r in people().select("dept").distinct().collect()), sorted({p[2] for p in PEOPLE}),
       "distinct")
    dd = people().dropDuplicates(["dept"]).collect()
    eq(sorted(r.dept for r in dd), sorted({p[2] for p in PEOPLE}), "dropDuplicates(subset)")
    check(all(tuple(r) in PEOPLE for r in dd), "dropDuplicates keeps whole rows")


def test_join():
    inner = people().join(depts(), "dept").collect()
    dmap = dict(DEPTS)
    want = sorted((p[0], dmap[p[2]]) for p in PEOPLE if p[2] in dmap)
    eq(sorted((r.id, r.title) for r in inner), want, "inner join on name")
    left = people().join(depts(), on=["dept"], how="left").collect()
    eq(sorted((r.id, r.title) for r in left), sorted((p[0], dmap.get(p[2])) for p in PEOPLE), "left join")
    p, d = people(), depts().withColumnRenamed("dept", "code")
    cond = people().join(d, p["dept"] == d["code"], "inner").select("id", "code").collect()
    eq(sorted((r.id, r.code) for r in cond), sorted((q[0], q[2]) for q in PEOPLE if q[2] in dmap),
       "join on a condition")
    anti = people().join(depts(), "dept", "left_anti").collect()
    eq(sorted(r.id for r in anti), sorted(q[0] for q in PEOPLE if q[2] not in dmap), "anti join")


def test_union():
    a = spark.createDataFrame([(1, "x"), (2, "y")], ["n", "s"])
    b = spark.createDataFrame([(3, "z"), (1, "x")], ["n", "s"])
    eq(sorted(tuple(r) for r in a.union(b).collect()), sorted([(1, "x"), (2, "y"), (3, "z"), (1, "x")]), "union")
    c = spark.createDataFrame([("w", 9)], ["s", "n"])
    eq(sorted(tuple(r) for r in a.unionByName(c).collect()), sorted([(1, "x"), (2, "y"), (9, "w")]),
       "unionByName")


def test_show_and_schema(capsys=None):
    import contextlib
    import io
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        people().show(2, truncate=False)
    text = buf.getvalue()
    lines = text.strip().splitlines()
    check(lines[1].replace(" ", "") == "|id|name|dept|salary|bonus|", f"show header: {text!r}")
    check("Alice" in text and "bob" in text and "Carol" not in text, f"show(2) rows: {text!r}")
    check("only showing top 2 rows" in text, f"show footer: {text!r}")
    s = people().schema
    eq(s.names, ["id", "name", "dept", "salary", "bonus"], "schema names")
    eq([f.dataType.simpleString() for f in s.fields], ["bigint", "string", "string", "double", "bigint"],
       "schema types")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        people().printSchema()
    check(buf.getvalue().startswith("root\n |-- id: bigint (nullable = true)"), f"printSchema {buf.getvalue()!r}")


def test_sql_and_temp_view():
    people().createOrReplaceTempView("people")
    rows = spark.sql("SELECT dept, sum(salary) AS s FROM people GROUP BY dept ORDER BY dept").collect()
    want = {}
    for p in PEOPLE:
        want[p[2]] = want.get(p[2], 0) + p[3]
    eq([r.dept for r in rows], sorted(want), "SQL group keys")
    for r in rows:
        check(approx(r.s, want[r.dept]), f"SQL sum for {r.dept}")
    eq(spark.sql("SELECT count(*) AS n FROM people WHERE bonus IS NULL").collect()[0].n,
       sum(1 for p in PEOPLE if p[4] is None), "SQL count")
    eq([r.id for r in spark.table("people").filter("id < 3").collect()], [1, 2], "spark.table")


def test_sql_statements():
    people().createOrReplaceTempView("people")
    spark.sql("DROP VIEW IF EXISTS eng")
    # Statements run at the spark.sql call; DDL returns no columns and no rows.
    df = spark.sql("CREATE OR REPLACE TEMP VIEW eng AS SELECT id, name FROM people WHERE dept = 'eng'")
    eq(df.columns, [], "DDL columns")
    eq(df.collect(), [], "DDL rows")
    df.collect()  # the DataFrame holds the output: reading it again does not create the view again
    eq(sorted(r.id for r in spark.table("eng").collect()), [p[0] for p in PEOPLE if p[2] == "eng"], "view rows")
    e = expect(AnalysisException, lambda: spark.sql("CREATE TEMP VIEW eng AS SELECT 1"))
    eq(e.getErrorClass(), "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", "create over an existing view")
    spark.sql("CREATE OR REPLACE TEMP VIEW `named` (who, pay) AS SELECT name, salary FROM people WHERE id = 1")
    eq([tuple(r) for r in spark.sql("SELECT who, pay FROM named").collect()], [("Alice", 120.5)], "column list")

    tables = spark.sql("SHOW TABLES LIKE 'eng|named|people'")
    eq(tables.columns, ["namespace", "tableName", "isTemporary"], "SHOW TABLES columns")
    eq([tuple(r) for r in tables.collect()],
       [("", "eng", True), ("", "named", True), ("", "people", True)], "SHOW TABLES rows")
    views = spark.sql("SHOW VIEWS IN default LIKE 'e*'")
    eq(views.columns, ["namespace", "viewName", "isTemporary"], "SHOW VIEWS columns")
    eq([r.viewName for r in views.collect()], ["eng"], "SHOW VIEWS rows")
    e = expect(AnalysisException, lambda: spark.sql("SHOW TABLES IN nodb"))
    eq(e.getErrorClass(), "SCHEMA_NOT_FOUND", "SHOW TABLES of another database")

    desc = spark.sql("DESCRIBE TABLE eng")
    eq(desc.columns, ["col_name", "data_type", "comment"], "DESCRIBE columns")
    eq([tuple(r) for r in desc.collect()], [("id", "bigint", None), ("name", "string", None)], "DESCRIBE rows")
    eq([tuple(r) for r in spark.sql("DESC QUERY SELECT salary, bonus FROM people").collect()],
       [("salary", "double", None), ("bonus", "bigint", None)], "DESCRIBE QUERY rows")

    eq([tuple(r) for r in spark.sql("SET spark.kindred.e2e.key = some value").collect()],
       [("spark.kindred.e2e.key", "some value")], "SET key=value")
    eq(spark.conf.get("spark.kindred.e2e.key"), "some value", "SET reaches the session config")
    eq(spark.sql("SET spark.kindred.e2e.key").collect()[0].value, "some value", "SET key")
    check(("spark.kindred.e2e.key", "some value") in [tuple(r) for r in spark.sql("SET").collect()], "SET lists keys")
    eq(spark.sql("RESET spark.kindred.e2e.key").columns, [], "RESET columns")
    eq(spark.sql("SET spark.kindred.e2e.key").collect()[0].value, "<undefined>", "RESET unsets")

    spark.sql("CACHE TABLE eng")
    check(spark.catalog.isCached("eng"), "CACHE TABLE caches")
    spark.sql("UNCACHE TABLE eng")
    check(not spark.catalog.isCached("eng"), "UNCACHE TABLE uncaches")
    spark.sql("DROP VIEW IF EXISTS top")
    spark.sql("CACHE LAZY TABLE top AS SELECT name FROM people ORDER BY salary DESC LIMIT 2")
    check(spark.catalog.isCached("top"), "CACHE TABLE AS caches the new view")
    eq([r.name for r in spark.table("top").collect()], ["Frank", "Alice"], "cached view rows")
    persisted = people().filter("id > 3").persist()
    eq(persisted.count(), 3, "persisted count")
    spark.sql("CLEAR CACHE")
    check(not spark.catalog.isCached("top"), "CLEAR CACHE uncaches views")
    check(not persisted.is_cached, "CLEAR CACHE unpersists DataFrames")
    e = expect(AnalysisException, lambda: spark.sql("UNCACHE TABLE nothing_here"))
    eq(e.getErrorClass(), "TABLE_OR_VIEW_NOT_FOUND", "UNCACHE of a missing view")

    eq(spark.sql("USE spark_catalog.default").collect(), [], "USE default")
    e = expect(AnalysisException, lambda: spark.sql("USE nodb"))
    eq(e.getErrorClass(), "SCHEMA_NOT_FOUND", "USE another database")

    spark.sql("DROP VIEW eng")
    expect(AnalysisException, lambda: spark.table("eng").collect())
    e = expect(AnalysisException, lambda: spark.sql("DROP VIEW eng"))
    eq(e.getErrorClass(), "TABLE_OR_VIEW_NOT_FOUND", "DROP VIEW of a missing view")
    spark.sql("DROP VIEW IF EXISTS eng")
    spark.sql("DROP VIEW named")
    spark.sql("DROP VIEW top")
    e = expect(ParseException, lambda: spark.sql("DROP VIEW"))
    eq(e.getErrorClass(), "PARSE_SYNTAX_ERROR", "statement syntax error")
    expect(SparkConnectException, lambda: spark.sql("INSERT INTO people VALUES (1)"))


def test_read_write_csv_json():
    out = os.path.join(TMP, "people_csv")
    people().write.csv(out, mode="overwrite", header=True)
    back = spark.read.csv(out, header=True, inferSchema=True).orderBy("id").collect()
    eq([(r.id, r.name, r.dept) for r in back], [(p[0], p[1], p[2]) for p in PEOPLE], "csv round trip")
    check(all(approx(r.salary, p[3]) for r, p in zip(back, PEOPLE)), "csv salaries")
    expect(SparkConnectException, lambda: people().write.csv(out, header=True))  # default mode: error
    typed = spark.read.csv(out, header=True, schema="id long, name string, dept string, salary double, bonus long")
    eq([f.dataType.simpleString() for f in typed.schema.fields], ["bigint", "string", "string", "double", "bigint"],
       "csv with a schema")
    eq(sorted(r.bonus for r in typed.collect() if r.bonus is not None),
       sorted(p[4] for p in PEOPLE if p[4] is not None), "csv nulls and ints")
    jout = os.path.join(TMP, "people_json")
    people().write.json(jout, mode="overwrite")
    people().write.json(jout, mode="overwrite")  # overwrite replaces, never doubles
    files = [f for f in os.listdir(jout) if f.endswith(".json")]
    check(files, f"json part files in {os.listdir(jout)}")
    seen = []
    for f in files:
        with open(os.path.join(jout, f)) as fh:
            seen += [json.loads(line) for line in fh if line.strip()]
    eq(sorted(d["id"] for d in seen), [p[0] for p in PEOPLE], "json file contents")
    back = spark.read.json(jout).orderBy("id").collect()
    eq([(r.id, r.name) for r in back], [(p[0], p[1]) for p in PEOPLE], "json round trip")
    typed = spark.read.json(jout, schema="id long, name string").orderBy("id").collect()
    eq([tuple(r) for r in typed], [(p[0], p[1]) for p in PEOPLE], "json with a schema")
    src = os.path.join(TMP, "in.csv")
    with open(src, "w") as fh:
        fh.write("a;b\n1;x\n2;y\n")
    eq([tuple(r) for r in spark.read.csv(src, header=True, sep=";", inferSchema=True).collect()],
       [(1, "x"), (2, "y")], "csv options")


def test_persist():
    # A persisted DataFrame is computed by its first action and then read from the server's
    # memory: its file changing underneath does not show until it is unpersisted (as in Spark).
    src = os.path.join(TMP, "persisted.csv")

    def write(rows):
        with open(src, "w") as fh:
            fh.write("k,v\n" + "".join(f"{k},{v}\n" for k, v in rows))
    write([(1, "a"), (2, "b"), (3, "c")])
    df = spark.read.csv(src, header=True, inferSchema=True).alias("t")
    eq(df.storageLevel, StorageLevel.NONE, "not persisted yet")
    check(not df.is_cached, "is_cached before persist")
    check(df.cache() is df, "cache returns the DataFrame")
    eq(df.storageLevel, StorageLevel.MEMORY_AND_DISK_DESER, "cache's storage level")
    eq(df.count(), 3, "first action computes the persisted rows")
    write([(1, "z"), (9, "y")])
    eq(sorted(tuple(r) for r in df.collect()), [(1, "a"), (2, "b"), (3, "c")], "rows read from memory")
    # DataFrames built on it read it too, with its qualifier and column references intact.
    derived = df.filter(df.k > 1).select("t.v", df["k"])
    eq(sorted(tuple(r) for r in derived.collect()), [("b", 2), ("c", 3)], "derived DataFrame")
    joined = df.join(depts_of(), df.k == F.col("dk")).select(df["v"], "name")
    eq(sorted(tuple(r) for r in joined.collect()), [("a", "one"), ("c", "three")], "join with it")
    check(not derived.is_cached, "a derived DataFrame is not persisted itself")
    df.unpersist()
    check(not df.is_cached, "unpersisted")
    eq(sorted(tuple(r) for r in df.collect()), [(1, "z"), (9, "y")], "recomputed after unpersist")
    # persist with a level; spark.catalog.clearCache drops it.
    df.persist(StorageLevel.MEMORY_ONLY)
    eq(df.storageLevel, StorageLevel.MEMORY_ONLY, "persist with a level")
    eq(df.count(), 2, "count of the persisted rows")
    spark.catalog.clearCache()
    check(not df.is_cached, "clearCache unpersists")
    # Cached temporary views: SQL over the view reads the cached rows.
    df.createOrReplaceTempView("persisted_view")
    check(not spark.catalog.isCached("persisted_view"), "view not cached yet")
    spark.catalog.cacheTable("persisted_view")
    check(spark.catalog.isCached("persisted_view"), "cacheTable")
    write([(5, "q")])
    eq([tuple(r) for r in spark.sql("SELECT k, v FROM persisted_view ORDER BY k").collect()],
       [(1, "z"), (9, "y")], "SQL over a cached view")
    spark.catalog.uncacheTable("persisted_view")
    check(not spark.catalog.isCached("persisted_view"), "uncacheTable")
    eq([tuple(r) for r in spark.sql("SELECT k, v FROM persisted_view").collect()], [(5, "q")],
       "view read again after uncacheTable")
    spark.catalog.cacheTable("persisted_view")
    spark.catalog.clearCache()
    check(not spark.catalog.isCached("persisted_view"), "clearCache uncaches views")
    expect(AnalysisException, lambda: spark.catalog.isCached("no_such_view"))
    check(spark.catalog.dropTempView("persisted_view"), "dropTempView")
    check(not spark.catalog.dropTempView("persisted_view"), "dropTempView of a dropped view")


def depts_of():
    return spark.createDataFrame([(1, "one"), (3, "three")], ["dk", "name"])


def test_result_types():
    r = spark.sql("SELECT CAST(1 AS TINYINT) AS b, CAST(2 AS SMALLINT) AS s, CAST(3 AS INT) AS i, "
                  "CAST(1.5 AS FLOAT) AS f, CAST('2024-02-29' AS DATE) AS d, "
                  "CAST('2024-02-29 12:34:56' AS TIMESTAMP) AS t, CAST('12.345' AS DECIMAL(10, 3)) AS m, "
                  "NULL AS n").collect()[0]
    eq((r.b, r.s, r.i, r.f, r.n), (1, 2, 3, 1.5, None), "integer/float/null results")
    eq(r.d, datetime.date(2024, 2, 29), "date result")
    eq(r.t, datetime.datetime(2024, 2, 29, 12, 34, 56), "timestamp result")
    eq(r.m, decimal.Decimal("12.345"), "decimal result")


def test_large_and_list_types():
    words = ["alpha", None, "gamma"]
    df = spark.createDataFrame([(i, w) for i, w in enumerate(words)], "i long, w string")
    q = df.select("w", F.expr("array(i, i * 2)").alias("a"), F.expr("array(w, 'z')").alias("b"))
    want = [(w, [i, i * 2], [w, "z"]) for i, w in enumerate(words)]
    spark.conf.set("spark.sql.execution.arrow.useLargeVarTypes", "true")
    try:
        fields, rows = spark._client.execute_relation(q._rel)
        eq([f.type_id for f in fields], [arrow.T_LARGE_UTF8, arrow.T_LARGE_LIST, arrow.T_LARGE_LIST],
           "large var types on the wire")
        eq(sorted(rows, key=str), sorted(want, key=str), "large utf8 / large list values")
    finally:
        spark.conf.unset("spark.sql.execution.arrow.useLargeVarTypes")
    fields, rows = spark._client.execute_relation(q._rel)
    eq([f.type_id for f in fields], [arrow.T_UTF8, arrow.T_LIST, arrow.T_LIST], "default var types")
    eq(sorted(rows, key=str), sorted(want, key=str), "utf8 / list values")


def test_error_mapping():
    import grpc
    from google.protobuf import any_pb2
    from google.rpc import error_details_pb2, status_pb2
    from kindred.connect import IllegalArgumentException, errors

    class FakeRpcError(grpc.RpcError):
        def __init__(self, classes, error_class, message):
            info = error_details_pb2.ErrorInfo(reason="r", domain="org.apache.spark", metadata={
                "classes": json.dumps(classes), "errorClass": error_class, "sqlState": "22023"})
            detail = any_pb2.Any()
            detail.Pack(info)
            self._md = [("grpc-status-details-bin",
                         status_pb2.Status(code=13, message=message, details=[detail]).SerializeToString())]
            self._message = message

        def trailing_metadata(self):
            return self._md

        def details(self):
            return self._message

        def code(self):
            return grpc.StatusCode.INTERNAL

    cases = [(["java.lang.IllegalArgumentException", "java.lang.RuntimeException"], IllegalArgumentException),
             (["org.apache.spark.sql.catalyst.parser.ParseException",
               "org.apache.spark.sql.AnalysisException"], ParseException),
             (["org.apache.spark.sql.AnalysisException"], AnalysisException),
             (["org.apache.spark.SparkRuntimeException"], SparkConnectException)]
    for classes, want in cases:
        e = errors.convert(FakeRpcError(classes, "SOME_CLASS", f"message for {classes[0]}"))
        eq(type(e), want, f"exception for {classes}")
        eq((str(e), e.getErrorClass(), e.getSqlState()), (f"message for {classes[0]}", "SOME_CLASS", "22023"),
           "message, error class and SQL state")


def test_errors():
    e = expect(AnalysisException, lambda: people().select("no_such_column").collect())
    check(isinstance(e, SparkConnectException), "AnalysisException is a SparkConnectException")
    check("no_such_column" in str(e), f"message names the column: {e}")
    check((e.getErrorClass() or "").startswith("UNRESOLVED_COLUMN"), f"error class {e.getErrorClass()}")
    e = expect(ParseException, lambda: spark.sql("SELEC oops FROM"))
    check(isinstance(e, AnalysisException), "ParseException is an AnalysisException")
    eq(e.getErrorClass(), "PARSE_SYNTAX_ERROR", "parse error class")
    expect(AnalysisException, lambda: spark.table("no_such_table").collect())
    expect(AnalysisException, lambda: people().filter("missing > 1").count())


def test_stop():
    s = SparkSession.builder.remote(f"sc://{sys.argv[1]}/;user_id=tester").getOrCreate()
    check(s is not spark, "a new URL gives a new session")
    eq(s.range(3).count(), 3, "second session works")
    s.stop()
    expect(SparkConnectException, lambda: s.range(1).collect())


TESTS = [test_arrow_round_trip, test_session, test_range, test_create_dataframe_and_collect,
         test_create_dataframe_pandas, test_select_and_expressions, test_filter_where,
         test_with_column_rename_drop, test_group_by, test_pivot_unpivot,
         test_order_limit_distinct, test_join, test_union,
         test_show_and_schema, test_sql_and_temp_view, test_sql_statements, test_read_write_csv_json, test_persist,
         test_result_types,
         test_large_and_list_types, test_error_mapping, test_errors, test_stop]

if __name__ == "__main__":
    only = os.environ.get("PYTHON_CLIENT_ONLY")
    passed = failed = 0
    for t in TESTS:
        if only and only not in t.__name__:
            continue
        try:
            t()
            passed += 1
            print(f"ok   {t.__name__}", flush=True)
        except Exception as e:  # noqa: BLE001 - report every failure and go on
            failed += 1
            print(f"FAIL {t.__name__}: {type(e).__name__}: {e}", flush=True)
    spark.stop()
    shutil.rmtree(TMP, ignore_errors=True)
    print(f"python client: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
