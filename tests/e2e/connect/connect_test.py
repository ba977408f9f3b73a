"""End-to-end checks of Kindred's Spark Connect server with a raw gRPC client.

Usage: connect_test.py HOST:PORT PYTHON_PROTO_DIR
Speaks the protocol directly (generated stubs), decodes Arrow results with apache-arrow via
arrow_tool.mjs, and exits non-zero on the first failed check.
"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid

sys.path.insert(0, sys.argv[2])

import grpc  # noqa: E402
from google.rpc import error_details_pb2, status_pb2  # noqa: E402
from spark.connect import base_pb2, base_pb2_grpc, commands_pb2, expressions_pb2, relations_pb2  # noqa: E402,F401

HERE = os.path.dirname(os.path.abspath(__file__))
ARROW_TOOL = os.path.join(HERE, "arrow_tool.mjs")
TMP = tempfile.mkdtemp(prefix="kindred_connect_e2e_")

channel = grpc.insecure_channel(sys.argv[1], options=[
    ("grpc.max_receive_message_length", 128 << 20),
    ("grpc.max_send_message_length", 128 << 20),
])
stub = base_pb2_grpc.SparkConnectServiceStub(channel)
SESSION = str(uuid.uuid4())
USER = base_pb2.UserContext(user_id="e2e", user_name="e2e")
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        raise AssertionError(what)


def is_uuid(s):
    try:
        return str(uuid.UUID(s)) == s.lower()
    except ValueError:
        return False


# ---- Plan builders ----
def rel(**kw):
    return relations_pb2.Relation(**kw)


def spark_range(end, start=0, step=1):
    return rel(range=relations_pb2.Range(start=start, end=end, step=step))


def col(name):
    return expressions_pb2.Expression(
        unresolved_attribute=expressions_pb2.Expression.UnresolvedAttribute(unparsed_identifier=name))


def lit(v):
    L = expressions_pb2.Expression.Literal
    if isinstance(v, bool):
        return expressions_pb2.Expression(literal=L(boolean=v))
    if isinstance(v, int):
        return expressions_pb2.Expression(literal=L(long=v))
    return expressions_pb2.Expression(literal=L(string=v))


def fn(name, *args):
    return expressions_pb2.Expression(unresolved_function=expressions_pb2.Expression.UnresolvedFunction(
        function_name=name, arguments=list(args)))


def alias(e, name):
    return expressions_pb2.Expression(alias=expressions_pb2.Expression.Alias(expr=e, name=[name]))


def plan(root):
    return base_pb2.Plan(root=root)


# ---- RPC helpers ----
def execute_request(p, reattachable=False, op_id=None, tags=()):
    req = base_pb2.ExecutePlanRequest(session_id=SESSION, user_context=USER, plan=p, tags=list(tags))
    if op_id:
        req.operation_id = op_id
    if reattachable:
        req.request_options.append(base_pb2.ExecutePlanRequest.RequestOption(
            reattach_options=base_pb2.ReattachOptions(reattachable=True)))
    return req


def execute(p, **kw):
    return list(stub.ExecutePlan(execute_request(p, **kw)))


def decode(batches):
    """Rows of the Arrow batches (each response's data is a complete IPC stream)."""
    files = []
    for i, data in enumerate(batches):
        f = os.path.join(TMP, f"b{len(os.listdir(TMP))}_{i}.arrows")
        with open(f, "wb") as fh:
            fh.write(data)
        files.append(f)
    out = subprocess.run(["node", ARROW_TOOL, "decode", *files], check=True, capture_output=True,
                         text=True).stdout
    decoded = [json.loads(line) for line in out.splitlines()]
    rows = [r for d in decoded for r in d["rows"]]
    return decoded[0]["fields"], rows


def check_stream(responses, reattachable, op_id=None):
    """Spark's order: schema, arrow batches, metrics (, result_complete); common ids set."""
    check(len(responses) >= 3, f"expected at least 3 responses, got {len(responses)}")
    kinds = [r.WhichOneof("response_type") for r in responses]
    check(responses[0].HasField("schema"), "first response carries the schema")
    ids = set()
    for r in responses:
        check(r.session_id == SESSION, "session_id on every response")
        check(is_uuid(r.server_side_session_id), "server_side_session_id on every response")
        check(is_uuid(r.operation_id), "operation_id on every response")
        if op_id:
            check(r.operation_id == op_id, "operation_id echoes the request")
        check(is_uuid(r.response_id) and r.response_id not in ids, "fresh response_id")
        ids.add(r.response_id)
    batches = [r.arrow_batch for r in responses if r.HasField("arrow_batch")]
    check(len(batches) >= 1, "at least one arrow batch")
    offset = 0
    for b in batches:
        check(b.HasField("start_offset") and b.start_offset == offset, "start_offset counts rows")
        offset += b.row_count
    metrics_at = [i for i, r in enumerate(responses) if r.HasField("metrics")]
    check(metrics_at and metrics_at[-1] > kinds.index("arrow_batch"), "metrics after the batches")
    if reattachable:
        check(kinds[-1] == "result_complete", "reattachable stream ends with ResultComplete")
    else:
        check("result_complete" not in kinds, "no ResultComplete when not reattachable")
    fields, rows = decode([b.data for b in batches])
    check(sum(b.row_count for b in batches) == len(rows), "row_count matches the Arrow data")
    return fields, rows


def error_info(err):
    for key, value in err.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            st = status_pb2.Status.FromString(value)
            for d in st.details:
                info = error_details_pb2.ErrorInfo()
                if d.Unpack(info):
                    return info
    return None


def expect_error(call):
    try:
        r = call()
        if hasattr(r, "__iter__") and not isinstance(r, (bytes, str)):
            list(r)
    except grpc.RpcError as e:
        return e
    raise AssertionError("expected an error")


# ---- The checks ----
def test_spark_version_and_schema():
    r = stub.AnalyzePlan(base_pb2.AnalyzePlanRequest(
        session_id=SESSION, user_context=USER, spark_version=base_pb2.AnalyzePlanRequest.SparkVersion()))
    check(r.spark_version.version == "4.0.0", "spark_version 4.0.0")
    check(r.session_id == SESSION and is_uuid(r.server_side_session_id), "analyze ids")
    r = stub.AnalyzePlan(base_pb2.AnalyzePlanRequest(
        session_id=SESSION, user_context=USER,
        schema=base_pb2.AnalyzePlanRequest.Schema(plan=plan(spark_range(10)))))
    fields = r.schema.schema.struct.fields
    check(len(fields) == 1 and fields[0].name == "id" and fields[0].data_type.HasField("long"),
          f"range schema is id: long, got {r.schema.schema}")


def test_range():
    op_id = str(uuid.uuid4())
    fields, rows = check_stream(execute(plan(spark_range(10)), op_id=op_id), False, op_id)
    check([f["name"] for f in fields] == ["id"], f"range column names {fields}")
    check([r[0] for r in rows] == [str(i) for i in range(10)], f"range rows {rows}")


def test_large_result_in_several_batches():
    # About 16 MB of Arrow data: several 4 MiB responses, each sent from the server's own bytes.
    n = 600_000
    p = plan(rel(with_columns=relations_pb2.WithColumns(input=spark_range(n), aliases=[
        expressions_pb2.Expression.Alias(expr=fn("%", col("id"), lit(7)), name=["k"]),
        expressions_pb2.Expression.Alias(expr=fn("concat", lit("r"), col("id")), name=["s"])])))
    responses = execute(p)
    _, rows = check_stream(responses, False)
    sizes = [len(r.arrow_batch.data) for r in responses if r.HasField("arrow_batch")]
    check(len(sizes) >= 3 and max(sizes) > (4 << 20) - (1 << 16), f"several large batches, got {sizes}")
    check(len(rows) == n, f"{n} rows, got {len(rows)}")
    bad = [r for i, r in enumerate(rows) if r != [str(i), str(i % 7), f"r{i}"]]
    check(not bad, f"rows decode to id, id % 7, 'r' || id; first wrong: {bad[:3]}")


def test_empty_result_has_one_batch():
    p = plan(rel(filter=relations_pb2.Filter(input=spark_range(10), condition=fn(">", col("id"), lit(100)))))
    _, rows = check_stream(execute(p), False)
    check(rows == [], "empty result")


def test_filter():
    p = plan(rel(filter=relations_pb2.Filter(input=spark_range(10), condition=fn(">", col("id"), lit(5)))))
    _, rows = check_stream(execute(p, reattachable=True), True)
    check([r[0] for r in rows] == ["6", "7", "8", "9"], f"filter rows {rows}")


def test_aggregate():
    with_k = rel(with_columns=relations_pb2.WithColumns(
        input=spark_range(10), aliases=[expressions_pb2.Expression.Alias(expr=fn("%", col("id"), lit(3)), name=["k"])]))
    agg = rel(aggregate=relations_pb2.Aggregate(
        input=with_k, group_type=relations_pb2.Aggregate.GROUP_TYPE_GROUPBY,
        grouping_expressions=[col("k")], aggregate_expressions=[alias(fn("sum", col("id")), "s")]))
    srt = rel(sort=relations_pb2.Sort(input=agg, order=[expressions_pb2.Expression.SortOrder(
        child=col("k"), direction=expressions_pb2.Expression.SortOrder.SORT_DIRECTION_ASCENDING,
        null_ordering=expressions_pb2.Expression.SortOrder.SORT_NULLS_FIRST)]))
    fields, rows = check_stream(execute(plan(srt)), False)
    check([f["name"] for f in fields] == ["k", "s"], f"aggregate columns {fields}")
    check(rows == [["0", "18"], ["1", "12"], ["2", "15"]], f"aggregate rows {rows}")


def test_local_relation():
    spec = os.path.join(TMP, "spec.json")
    with open(spec, "w") as fh:
        json.dump({"columns": [{"name": "a", "type": "int64", "values": [1, 2, None]},
                               {"name": "b", "type": "utf8", "values": ["x", None, "z"]}]}, fh)
    data = os.path.join(TMP, "local.arrows")
    subprocess.run(["node", ARROW_TOOL, "encode", spec, data], check=True)
    with open(data, "rb") as fh:
        payload = fh.read()
    local = rel(local_relation=relations_pb2.LocalRelation(data=payload))
    fields, rows = check_stream(execute(plan(local)), False)
    check([f["name"] for f in fields] == ["a", "b"], f"local relation columns {fields}")
    check(rows == [["1", "x"], ["2", None], [None, "z"]], f"local relation rows {rows}")
    # A schema string renames the columns, as createDataFrame(data, "x long, y string") does.
    local = rel(local_relation=relations_pb2.LocalRelation(data=payload, schema="x long, y string"))
    fields, rows = check_stream(execute(plan(local)), False)
    check([f["name"] for f in fields] == ["x", "y"], f"renamed local relation columns {fields}")


def test_show_string():
    p = plan(rel(show_string=relations_pb2.ShowString(input=spark_range(3), num_rows=20, truncate=20)))
    fields, rows = check_stream(execute(p), False)
    check([f["name"] for f in fields] == ["show_string"], "show_string column")
    check("| id|" in rows[0][0] and "|  2|" in rows[0][0], f"show text {rows[0][0]!r}")


def config(op):
    return stub.Config(base_pb2.ConfigRequest(session_id=SESSION, user_context=USER, operation=op))


def test_config():
    Op = base_pb2.ConfigRequest.Operation
    r = config(Op(get=base_pb2.ConfigRequest.Get(keys=["spark.sql.session.timeZone"])))
    check(r.pairs[0].value in ("UTC", "Etc/UTC"), f"default time zone {r.pairs}")
    config(Op(set=base_pb2.ConfigRequest.Set(pairs=[base_pb2.KeyValue(key="spark.kindred.test", value="42")])))
    r = config(Op(get=base_pb2.ConfigRequest.Get(keys=["spark.kindred.test"])))
    check(r.pairs[0].key == "spark.kindred.test" and r.pairs[0].value == "42", "set then get")
    r = config(Op(get_option=base_pb2.ConfigRequest.GetOption(keys=["spark.kindred.absent"])))
    check(not r.pairs[0].HasField("value"), "get_option of an absent key has no value")
    config(Op(unset=base_pb2.ConfigRequest.Unset(keys=["spark.kindred.test"])))
    r = config(Op(get_with_default=base_pb2.ConfigRequest.GetWithDefault(
        pairs=[base_pb2.KeyValue(key="spark.kindred.test", value="d")])))
    check(r.pairs[0].value == "d", "unset then get_with_default")
    r = config(Op(get_all=base_pb2.ConfigRequest.GetAll(prefix="spark.sql.execution.arrow.")))
    check(any(p.key == "spark.sql.execution.arrow.useLargeVarTypes" for p in r.pairs), "get_all prefix")
    check(r.session_id == SESSION and is_uuid(r.server_side_session_id), "config ids")
    e = expect_error(lambda: config(Op(get=base_pb2.ConfigRequest.Get(keys=["spark.kindred.absent"]))))
    info = error_info(e)
    check(info is not None and info.metadata["errorClass"] == "SQL_CONF_NOT_FOUND", "missing conf error")


def test_unknown_column():
    p = plan(rel(project=relations_pb2.Project(input=spark_range(3), expressions=[col("nope")])))
    e = expect_error(lambda: execute(p))
    check(e.code() == grpc.StatusCode.INTERNAL, f"INTERNAL status, got {e.code()}")
    info = error_info(e)
    check(info is not None, "ErrorInfo in status details")
    check(info.domain == "org.apache.spark", "ErrorInfo domain")
    classes = json.loads(info.metadata["classes"])
    check("org.apache.spark.sql.AnalysisException" in classes, f"classes {classes}")
    check(info.metadata["errorClass"].startswith("UNRESOLVED_COLUMN"), f"errorClass {info.metadata}")
    check(info.metadata["sqlState"] == "42703", "sqlState 42703")
    params = json.loads(info.metadata["messageParameters"])
    check("objectName" in params and "nope" in params["objectName"], f"messageParameters {params}")
    check("UNRESOLVED_COLUMN" in e.details(), f"message {e.details()}")
    details = stub.FetchErrorDetails(base_pb2.FetchErrorDetailsRequest(
        session_id=SESSION, user_context=USER, error_id=info.metadata["errorId"]))
    check(details.HasField("root_error_idx") and len(details.errors) >= 1, "FetchErrorDetails finds the error")
    check(details.errors[0].spark_throwable.error_class.startswith("UNRESOLVED_COLUMN"), "details error class")


def test_bad_session_id():
    req = base_pb2.ConfigRequest(session_id="not-a-uuid", user_context=USER, operation=base_pb2.ConfigRequest.Operation(
        get_all=base_pb2.ConfigRequest.GetAll()))
    e = expect_error(lambda: stub.Config(req))
    info = error_info(e)
    check(info is not None and info.metadata["errorClass"] == "INVALID_HANDLE.FORMAT", "bad session id")


def test_reattach():
    op_id = str(uuid.uuid4())
    # Small batches so the result spans many responses.
    # A batch ends when it holds both limits' worth (as in Spark), so both are set small.
    config(base_pb2.ConfigRequest.Operation(set=base_pb2.ConfigRequest.Set(
        pairs=[base_pb2.KeyValue(key="spark.sql.execution.arrow.maxRecordsPerBatch", value="1000"),
               base_pb2.KeyValue(key="spark.connect.grpc.arrow.maxBatchSize", value="1k")])))
    call = stub.ExecutePlan(execute_request(plan(spark_range(20000)), reattachable=True, op_id=op_id))
    first = []
    for r in call:
        first.append(r)
        if len(first) == 3:
            break
    call.cancel()
    last_id = first[-1].response_id
    rest = list(stub.ReattachExecute(base_pb2.ReattachExecuteRequest(
        session_id=SESSION, user_context=USER, operation_id=op_id, last_response_id=last_id)))
    check(rest and rest[0].response_id != last_id, "reattach resumes after last_response_id")
    fields, rows = check_stream(first + rest, True, op_id)
    check(len(rows) == 20000 and rows[-1][0] == "19999", f"all rows after reattach: {len(rows)}")
    r = stub.ReleaseExecute(base_pb2.ReleaseExecuteRequest(
        session_id=SESSION, user_context=USER, operation_id=op_id,
        release_all=base_pb2.ReleaseExecuteRequest.ReleaseAll()))
    check(r.operation_id == op_id, "release_all names the operation")
    e = expect_error(lambda: stub.ReattachExecute(base_pb2.ReattachExecuteRequest(
        session_id=SESSION, user_context=USER, operation_id=op_id)))
    check("OPERATION_NOT_FOUND" in (error_info(e).metadata.get("errorClass", "")), "released operation is gone")
    config(base_pb2.ConfigRequest.Operation(unset=base_pb2.ConfigRequest.Unset(
        keys=["spark.sql.execution.arrow.maxRecordsPerBatch",
              "spark.connect.grpc.arrow.maxBatchSize"])))


def slow_plan():
    # Never-true filter over a huge range: runs until interrupted.
    big = spark_range(10 ** 10)
    flt = rel(filter=relations_pb2.Filter(input=big, condition=fn("<", col("id"), lit(0))))
    return plan(rel(aggregate=relations_pb2.Aggregate(
        input=flt, group_type=relations_pb2.Aggregate.GROUP_TYPE_GROUPBY,
        aggregate_expressions=[alias(fn("count", lit(1)), "n")])))


def run_interrupt(kind):
    op_id = str(uuid.uuid4())
    result = {}

    def run():
        try:
            execute(slow_plan(), op_id=op_id, tags=["slow"])
            result["error"] = None
        except grpc.RpcError as e:
            result["error"] = e

    t = threading.Thread(target=run)
    t.start()
    time.sleep(1.0)
    req = base_pb2.InterruptRequest(session_id=SESSION, user_context=USER)
    if kind == "tag":
        req.interrupt_type = base_pb2.InterruptRequest.INTERRUPT_TYPE_TAG
        req.operation_tag = "slow"
    elif kind == "id":
        req.interrupt_type = base_pb2.InterruptRequest.INTERRUPT_TYPE_OPERATION_ID
        req.operation_id = op_id
    else:
        req.interrupt_type = base_pb2.InterruptRequest.INTERRUPT_TYPE_ALL
    started = time.time()
    r = stub.Interrupt(req)
    t.join(30)
    check(not t.is_alive(), f"interrupt ({kind}) stops the query")
    check(op_id in r.interrupted_ids, f"interrupted_ids names the operation ({kind})")
    e = result.get("error")
    check(e is not None, f"interrupted query fails ({kind})")
    info = error_info(e)
    check(info is not None and info.metadata.get("errorClass") == "OPERATION_CANCELED",
          f"OPERATION_CANCELED ({kind}): {e.details() if e else None} {info}")
    check(time.time() - started < 20, "interrupt is prompt")


def test_interrupt():
    run_interrupt("tag")
    run_interrupt("id")
    run_interrupt("all")


def test_unsupported_relation():
    p = plan(rel(transpose=relations_pb2.Transpose(input=spark_range(1))))
    e = expect_error(lambda: execute(p))
    check("transpose" in e.details(), f"unsupported relation is named: {e.details()}")


def test_deep_plan():
    # 400 chained withColumns nest far past protobuf's default limit of 100 levels.
    r = spark_range(3)
    for i in range(400):
        r = rel(with_columns=relations_pb2.WithColumns(
            input=r, aliases=[expressions_pb2.Expression.Alias(expr=fn("+", col("id"), lit(i)), name=["c"])]))
    _, rows = check_stream(execute(plan(r)), False)
    check([row[-1] for row in rows] == ["399", "400", "401"], f"deep plan rows {rows}")
    a = stub.AnalyzePlan(base_pb2.AnalyzePlanRequest(
        session_id=SESSION, user_context=USER, schema=base_pb2.AnalyzePlanRequest.Schema(plan=plan(r))))
    check([f.name for f in a.schema.schema.struct.fields] == ["id", "c"], "deep plan schema")


def test_temp_view_and_analyze():
    cmd = base_pb2.Plan(command=commands_pb2.Command(create_dataframe_view=commands_pb2.CreateDataFrameViewCommand(
        input=spark_range(4), name="nums", is_global=False, replace=True)))
    execute(cmd)
    read = rel(read=relations_pb2.Read(named_table=relations_pb2.Read.NamedTable(unparsed_identifier="nums")))
    _, rows = check_stream(execute(plan(read)), False)
    check([r[0] for r in rows] == ["0", "1", "2", "3"], f"temp view rows {rows}")
    e = expect_error(lambda: execute(base_pb2.Plan(command=commands_pb2.Command(
        create_dataframe_view=commands_pb2.CreateDataFrameViewCommand(input=spark_range(1), name="nums")))))
    check(error_info(e).metadata.get("errorClass") == "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", "view exists")
    A = base_pb2.AnalyzePlanRequest
    t = stub.AnalyzePlan(A(session_id=SESSION, user_context=USER, tree_string=A.TreeString(plan=plan(read))))
    check(t.tree_string.tree_string.startswith("root"), f"tree string {t.tree_string.tree_string!r}")
    x = stub.AnalyzePlan(A(session_id=SESSION, user_context=USER, explain=A.Explain(
        plan=plan(read), explain_mode=A.Explain.EXPLAIN_MODE_SIMPLE)))
    check(len(x.explain.explain_string) > 0, "explain text")
    d = stub.AnalyzePlan(A(session_id=SESSION, user_context=USER, ddl_parse=A.DDLParse(ddl_string="a int, b string")))
    check([f.name for f in d.ddl_parse.parsed.struct.fields] == ["a", "b"], "ddl_parse")
    same = stub.AnalyzePlan(A(session_id=SESSION, user_context=USER, same_semantics=A.SameSemantics(
        target_plan=plan(spark_range(3)), other_plan=plan(spark_range(3)))))
    check(same.same_semantics.result, "same_semantics")
    loc = stub.AnalyzePlan(A(session_id=SESSION, user_context=USER, is_local=A.IsLocal(plan=plan(spark_range(3)))))
    check(not loc.is_local.is_local, "range is not local")
    from spark.connect import catalog_pb2
    tables = rel(catalog=catalog_pb2.Catalog(list_tables=catalog_pb2.ListTables()))
    fields, rows = check_stream(execute(plan(tables)), False)
    check([f["name"] for f in fields] == ["name", "catalog", "namespace", "description", "tableType", "isTemporary"],
          f"listTables columns {fields}")
    check(["nums", None, [], None, "TEMPORARY", True] in rows, f"listTables rows {rows}")
    exists = rel(catalog=catalog_pb2.Catalog(table_exists=catalog_pb2.TableExists(table_name="nums")))
    check(check_stream(execute(plan(exists)), False)[1] == [[True]], "tableExists")
    drop = rel(catalog=catalog_pb2.Catalog(drop_temp_view=catalog_pb2.DropTempView(view_name="nums")))
    check(check_stream(execute(plan(drop)), False)[1] == [[True]], "dropTempView")
    check(check_stream(execute(plan(exists)), False)[1] == [[False]], "view gone")


def test_artifacts_and_cached_local_relation():
    import hashlib
    import zlib
    spec = os.path.join(TMP, "spec2.json")
    with open(spec, "w") as fh:
        json.dump({"columns": [{"name": "v", "type": "int64", "values": [5, 6, 7]}]}, fh)
    data = os.path.join(TMP, "cached.arrows")
    subprocess.run(["node", ARROW_TOOL, "encode", spec, data], check=True)
    with open(data, "rb") as fh:
        local = relations_pb2.LocalRelation(data=fh.read()).SerializeToString()
    digest = hashlib.sha256(local).hexdigest()
    name = f"cache/{digest}"
    A = base_pb2.AddArtifactsRequest
    chunk = A.ArtifactChunk(data=local, crc=zlib.crc32(local))
    bad = A.ArtifactChunk(data=b"x", crc=1)
    reqs = [A(session_id=SESSION, user_context=USER, batch=A.Batch(artifacts=[
        A.SingleChunkArtifact(name=name, data=chunk), A.SingleChunkArtifact(name="cache/bad", data=bad)]))]
    r = stub.AddArtifacts(iter(reqs))
    ok = {a.name: a.is_crc_successful for a in r.artifacts}
    check(ok == {name: True, "cache/bad": False}, f"artifact CRC checks {ok}")
    st = stub.ArtifactStatus(base_pb2.ArtifactStatusesRequest(session_id=SESSION, user_context=USER, names=[name, "cache/bad"]))
    check(st.statuses[name].exists and not st.statuses["cache/bad"].exists, "artifact statuses")
    cached = rel(cached_local_relation=relations_pb2.CachedLocalRelation(hash=digest))
    _, rows = check_stream(execute(plan(cached)), False)
    check(rows == [["5"], ["6"], ["7"]], f"cached local relation rows {rows}")


def test_write_and_read_csv():
    out = os.path.join(TMP, "csv_out")
    w = commands_pb2.WriteOperation(input=spark_range(3), source="csv", path=out,
                                    mode=commands_pb2.WriteOperation.SAVE_MODE_OVERWRITE,
                                    options={"header": "true"})
    execute(base_pb2.Plan(command=commands_pb2.Command(write_operation=w)))
    check(any(f.endswith(".csv") for f in os.listdir(out)), f"csv part file in {os.listdir(out)}")
    w.mode = commands_pb2.WriteOperation.SAVE_MODE_ERROR_IF_EXISTS
    e = expect_error(lambda: execute(base_pb2.Plan(command=commands_pb2.Command(write_operation=w))))
    check(error_info(e).metadata.get("errorClass") == "PATH_ALREADY_EXISTS", "error-if-exists mode")
    read = rel(read=relations_pb2.Read(data_source=relations_pb2.Read.DataSource(
        format="csv", paths=[out], options={"header": "true", "inferSchema": "true"})))
    fields, rows = check_stream(execute(plan(read)), False)
    check([f["name"] for f in fields] == ["id"] and sorted(str(r[0]) for r in rows) == ["0", "1", "2"],
          f"csv round trip {fields} {rows}")


def test_sql():
    cmd = base_pb2.Plan(command=commands_pb2.Command(sql_command=commands_pb2.SqlCommand(
        input=rel(sql=relations_pb2.SQL(query="SELECT 1 AS one")))))
    rs = execute(cmd)
    check(rs[0].HasField("sql_command_result"), "spark.sql returns a relation")
    _, rows = check_stream(execute(plan(rs[0].sql_command_result.relation)), False)
    check(rows == [[1]], f"SELECT 1 rows {rows}")
    query = ("SELECT id % 3 AS k, count(*) AS n, sum(id) AS s FROM range(10) "
             "WHERE id > 0 GROUP BY id % 3 ORDER BY k")
    _, rows = check_stream(execute(plan(rel(sql=relations_pb2.SQL(query=query)))), False)
    # bigint values come back from the Arrow decoder as decimal strings.
    got = [[str(v) for v in r] for r in rows]
    check(got == [["0", "3", "18"], ["1", "3", "12"], ["2", "3", "15"]], f"SQL group by rows {rows}")
    try:
        execute(plan(rel(sql=relations_pb2.SQL(query="SELECT FROM WHERE"))))
        check(False, "a syntax error must fail")
    except grpc.RpcError as e:
        info = error_info(e)
        check(info is not None and info.metadata["errorClass"] == "PARSE_SYNTAX_ERROR",
              f"syntax error class {info and dict(info.metadata)}")
        check("ParseException" in info.metadata["classes"], "ParseException class")


def test_checkpoint():
    cmd = base_pb2.Plan(command=commands_pb2.Command(checkpoint_command=commands_pb2.CheckpointCommand(
        relation=spark_range(4), local=True, eager=True)))
    rs = execute(cmd)
    check(rs and rs[0].HasField("checkpoint_command_result"), "checkpoint result")
    rid = rs[0].checkpoint_command_result.relation.relation_id
    cached = rel(cached_remote_relation=relations_pb2.CachedRemoteRelation(relation_id=rid))
    _, rows = check_stream(execute(plan(cached)), False)
    check([r[0] for r in rows] == ["0", "1", "2", "3"], f"checkpointed rows {rows}")
    execute(base_pb2.Plan(command=commands_pb2.Command(
        remove_cached_remote_relation_command=commands_pb2.RemoveCachedRemoteRelationCommand(
            relation=relations_pb2.CachedRemoteRelation(relation_id=rid)))))
    expect_error(lambda: execute(plan(cached)))


def test_unknown_extension():
    from google.protobuf import any_pb2
    p = plan(rel(extension=any_pb2.Any(type_url="type.googleapis.com/example.Nothing", value=b"")))
    e = expect_error(lambda: execute(p))
    check("type.googleapis.com/example.Nothing" in e.details(), f"extension type URL named: {e.details()}")


def test_release_session():
    r = stub.ReleaseSession(base_pb2.ReleaseSessionRequest(session_id=SESSION, user_context=USER))
    check(r.session_id == SESSION, "release session")
    e = expect_error(lambda: execute(plan(spark_range(1))))
    check("SESSION_CLOSED" in error_info(e).metadata.get("errorClass", ""), "released session is closed")


TESTS = [test_spark_version_and_schema, test_range, test_large_result_in_several_batches,
         test_empty_result_has_one_batch, test_filter,
         test_aggregate, test_local_relation, test_show_string, test_config, test_unknown_column,
         test_bad_session_id, test_reattach, test_interrupt, test_unsupported_relation,
         test_deep_plan, test_temp_view_and_analyze, test_artifacts_and_cached_local_relation,
         test_write_and_read_csv, test_sql, test_checkpoint, test_unknown_extension, test_release_session]

if __name__ == "__main__":
    only = os.environ.get("CONNECT_TEST_ONLY")
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
    print(f"connect python: {passed} passed, {failed} failed ({checks} checks)")
    sys.exit(1 if failed else 0)
