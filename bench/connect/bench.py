"""Spark Connect benchmarks against a running `kindred serve` (loopback only).

Usage: bench.py HOST:PORT PYTHON_PROTO_DIR REPO_ROOT MODE
  MODE latency  spark.range(10) round trip, raw ExecutePlan and the kindred.connect client
  MODE stream   10M rows (int64, double, string) streamed; counts Arrow bytes and row_count only
  MODE stream_persisted  the same from a persisted (cached) DataFrame
  MODE queries  group-by / hash join / sort over 10M rows via spark.sql(...).collect()
Prints one JSON object per measurement on stdout.
"""
import json
import sys
import time
import uuid

TARGET, PROTO_DIR, ROOT, MODE = sys.argv[1:5]
sys.path.insert(0, PROTO_DIR)

import grpc  # noqa: E402
from spark.connect import base_pb2, base_pb2_grpc, expressions_pb2, relations_pb2  # noqa: E402

E = expressions_pb2.Expression
R = relations_pb2
channel = grpc.insecure_channel(TARGET, options=[
    ("grpc.max_receive_message_length", 256 << 20),
    ("grpc.max_send_message_length", 256 << 20),
])
stub = base_pb2_grpc.SparkConnectServiceStub(channel)
SESSION = str(uuid.uuid4())
USER = base_pb2.UserContext(user_id="bench", user_name="bench")


def emit(**kw):
    print(json.dumps(kw), flush=True)


def col(name):
    return E(unresolved_attribute=E.UnresolvedAttribute(unparsed_identifier=name))


def fn(name, *args):
    return E(unresolved_function=E.UnresolvedFunction(function_name=name, arguments=list(args)))


def spark_range(n):
    return R.Relation(range=R.Range(start=0, end=n, step=1))


def request(rel):
    return base_pb2.ExecutePlanRequest(session_id=SESSION, user_context=USER,
                                       plan=base_pb2.Plan(root=rel), operation_id=str(uuid.uuid4()))


def consume(rel):
    """Drains one ExecutePlan stream; returns (rows, arrow bytes, batches) without decoding Arrow."""
    rows = nbytes = batches = 0
    for r in stub.ExecutePlan(request(rel)):
        if r.HasField("arrow_batch"):
            rows += r.arrow_batch.row_count
            nbytes += len(r.arrow_batch.data)
            batches += 1
    return rows, nbytes, batches


def percentiles(samples):
    s = sorted(samples)
    pick = lambda q: s[min(len(s) - 1, int(q * len(s)))] * 1e3  # noqa: E731
    return {"p50_ms": pick(0.50), "p90_ms": pick(0.90), "p99_ms": pick(0.99)}


def latency(iters=1000, warmup=100):
    rel = spark_range(10)
    for _ in range(warmup):
        consume(rel)
    samples = []
    for _ in range(iters):
        t = time.perf_counter()
        rows, _, _ = consume(rel)
        samples.append(time.perf_counter() - t)
        assert rows == 10, rows
    emit(measure="range10_raw", iters=iters, **percentiles(samples))

    sys.path.insert(0, f"{ROOT}/python")
    from kindred.connect import SparkSession
    spark = SparkSession.builder.remote(f"sc://{TARGET}").getOrCreate()
    for _ in range(warmup):
        spark.range(10).collect()
    samples = []
    for _ in range(iters):
        t = time.perf_counter()
        n = len(spark.range(10).collect())
        samples.append(time.perf_counter() - t)
        assert n == 10, n
    emit(measure="range10_client", iters=iters, **percentiles(samples))


def stream_relation(n):
    """range(n) + withColumns(d = id * 0.5 (double), s = concat('r', cast(id % 100000 as string)))."""
    half = E(literal=E.Literal(double=0.5))
    mod = fn("%", col("id"), E(literal=E.Literal(long=100000)))
    as_str = E(cast=E.Cast(expr=mod, type_str="string"))
    s = fn("concat", E(literal=E.Literal(string="r")), as_str)
    return R.Relation(with_columns=R.WithColumns(input=spark_range(n), aliases=[
        E.Alias(expr=fn("*", col("id"), half), name=["d"]),
        E.Alias(expr=s, name=["s"])]))


def timed_streams(rel, reps):
    """Best of `reps` streams of `rel`: (seconds, arrow bytes, batches)."""
    best = None
    for _ in range(reps):
        t = time.perf_counter()
        rows, nbytes, batches = consume(rel)
        dt = time.perf_counter() - t
        assert rows == N_STREAM, rows
        if best is None or dt < best[0]:
            best = (dt, nbytes, batches)
    return best


N_STREAM = 10_000_000


def stream(reps=3):
    consume(stream_relation(100_000))  # warm-up
    dt, nbytes, batches = timed_streams(stream_relation(N_STREAM), reps)
    emit(measure="stream_python", rows=N_STREAM, seconds=dt, rows_per_s=N_STREAM / dt,
         arrow_bytes=nbytes, gb_per_s=nbytes / dt / 1e9, batches=batches, reps=reps)


def stream_persisted(reps=3):
    # The same DataFrame persisted (df.cache()): the first stream computes and keeps the rows,
    # the timed ones read them from the server's memory.
    rel = stream_relation(N_STREAM)
    rel.common.plan_id = 1
    stub.AnalyzePlan(base_pb2.AnalyzePlanRequest(
        session_id=SESSION, user_context=USER, persist=base_pb2.AnalyzePlanRequest.Persist(relation=rel)))
    t = time.perf_counter()
    consume(rel)
    first = time.perf_counter() - t
    dt, nbytes, batches = timed_streams(rel, reps)
    emit(measure="stream_python_persisted", rows=N_STREAM, seconds=dt, rows_per_s=N_STREAM / dt,
         arrow_bytes=nbytes, gb_per_s=nbytes / dt / 1e9, batches=batches, reps=reps,
         first_seconds=first)
    stub.AnalyzePlan(base_pb2.AnalyzePlanRequest(
        session_id=SESSION, user_context=USER, unpersist=base_pb2.AnalyzePlanRequest.Unpersist(relation=rel)))


QUERIES = json.load(open(f"{ROOT}/bench/connect/queries.json"))


def queries(reps=3):
    sys.path.insert(0, f"{ROOT}/python")
    from kindred.connect import SparkSession
    spark = SparkSession.builder.remote(f"sc://{TARGET}").getOrCreate()
    for name, sql in QUERIES.items():
        spark.sql(sql.replace("10000000", "100000")).collect()  # warm-up, small
        best, result = None, None
        for _ in range(reps):
            t = time.perf_counter()
            rows = spark.sql(sql).collect()
            dt = time.perf_counter() - t
            best = dt if best is None else min(best, dt)
            result = [list(r) for r in rows[:3]]
        emit(measure=name, engine="kindred", seconds=best, reps=reps, rows=len(rows),
             head=json.loads(json.dumps(result, default=str)))


{"latency": latency, "stream": stream, "stream_persisted": stream_persisted,
 "queries": queries}[MODE]()
