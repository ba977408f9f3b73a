"""A bad or hostile plan never crashes or hangs the server.

Usage: hostile_test.py HOST:PORT PY_PROTO_DIR
The server runs with a small --memory-limit. Checks: plans that would need unbounded memory
(a 10^12-row range, a 10^10-row cross join, 10^9 wide strings) fail with an error; undecodable
request bytes are refused; the golden plans (tests/golden/plans), mutated at random with a fixed
seed (extreme numbers, odd strings, cleared or duplicated fields, unknown enum values) each get
an answer -- rows or an error -- within a deadline; and after all of it the server still answers.
Prints "hostile plans: N passed, M failed" and exits non-zero when a check failed.
"""
import glob
import os
import random
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, sys.argv[2])
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "python"))

import grpc  # noqa: E402
from google.protobuf import descriptor, text_format  # noqa: E402
from spark.connect import base_pb2, base_pb2_grpc, relations_pb2  # noqa: E402

from checks import run_checks  # noqa: E402
from kindred.connect import SparkConnectException, SparkSession  # noqa: E402

TARGET = sys.argv[1]
PLANS = os.path.join(HERE, "..", "..", "golden", "plans")
DEADLINE_S = 60
MAX_RESPONSES = 200
# A fixed seed keeps CI repeatable; KINDRED_FUZZ_SEED / KINDRED_FUZZ_MUTANTS explore further.
MUTANTS_PER_PLAN = int(os.environ.get("KINDRED_FUZZ_MUTANTS", "15"))
SEED = int(os.environ.get("KINDRED_FUZZ_SEED", "2026"))
spark = SparkSession.builder.remote(f"sc://{TARGET}").getOrCreate()
channel = grpc.insecure_channel(TARGET, options=[("grpc.max_receive_message_length", 256 << 20)])
stub = base_pb2_grpc.SparkConnectServiceStub(channel)
# The user kindred.connect sessions use, so that the views made through it are visible.
USER = base_pb2.UserContext(user_id="kindred", user_name="kindred")


def execute(relation, session_id):
    """Reads one ExecutePlan (at most MAX_RESPONSES responses); returns "ok" or the gRPC status
    code name. Raises on a hang or a dead server."""
    req = base_pb2.ExecutePlanRequest(session_id=session_id, user_context=USER,
                                      plan=base_pb2.Plan(root=relation))
    try:
        call = stub.ExecutePlan(req, timeout=DEADLINE_S)
        for i, _ in enumerate(call):
            if i == MAX_RESPONSES:
                # An endless result (range(0, 2^63)) streams: read a while, then hang up, as a
                # client that has seen enough does; the server stops the work.
                call.cancel()
                break
        return "ok"
    except grpc.RpcError as e:
        code = e.code()
        if code in (grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.UNAVAILABLE):
            raise AssertionError(f"the server did not answer ({code.name}): {e.details()}")
        return code.name


def server_answers():
    assert spark.range(10).count() == 10, "the server still answers"


def test_unbounded_memory_is_an_error():
    for what, action in [
            ("a 10^12-row range", lambda: spark.range(10**12).count()),
            ("a 10^10-row cross join",
             lambda: spark.range(100000).crossJoin(spark.range(100000)).count()),
            ("10^9 strings of 1000 bytes",
             lambda: spark.range(10**9).selectExpr("repeat('x', 1000) AS s").count())]:
        start = time.time()
        try:
            action()
            raise AssertionError(f"{what} cannot fit in the server's memory limit")
        except SparkConnectException as e:
            assert "memory" in str(e).lower(), f"{what}: {e}"
        print(f"     {what}: refused in {time.time() - start:.1f}s")
        server_answers()


def test_undecodable_requests_are_refused():
    raw = channel.unary_stream("/spark.connect.SparkConnectService/ExecutePlan",
                               request_serializer=lambda b: b,
                               response_deserializer=base_pb2.ExecutePlanResponse.FromString)
    good = base_pb2.ExecutePlanRequest(
        session_id=str(uuid.uuid4()), user_context=USER,
        plan=base_pb2.Plan(root=relations_pb2.Relation(
            range=relations_pb2.Range(start=0, end=5, step=1)))).SerializeToString()
    rng = random.Random(11)
    refused = 0
    for i in range(200):
        data = bytearray(good)
        if i % 3 == 0:
            data = data[:rng.randrange(1, len(data))]
        for _ in range(1 + i % 4):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            for _ in raw(bytes(data), timeout=DEADLINE_S):
                pass
        except grpc.RpcError as e:
            assert e.code() not in (grpc.StatusCode.DEADLINE_EXCEEDED,
                                    grpc.StatusCode.UNAVAILABLE), e
            refused += 1
    print(f"     200 corrupted requests: {refused} refused, the rest decoded and answered")
    server_answers()


ODD_STRINGS = ["", "\x00", "`", "``", "a.b.c", "people", "*", "x" * 5000, "\u00e9\u6f22\U0001F4A5",
               "1e999", "NaN", "-", "SELECT", "'", "((((", "id", "name"]
ODD_INTS = [0, -1, 1, 2**31 - 1, -2**31, 2**63 - 1, -2**63, 10**12, 7]


def mutate(msg, rng):
    """Changes one random field somewhere in `msg` (in place)."""
    nodes = []

    def walk(m):
        nodes.append(m)
        for f, v in m.ListFields():
            if f.type == descriptor.FieldDescriptor.TYPE_MESSAGE:
                if f.label == descriptor.FieldDescriptor.LABEL_REPEATED:
                    for x in (v.values() if hasattr(v, "values") and f.message_type.GetOptions().map_entry else v):
                        if hasattr(x, "ListFields"):
                            walk(x)
                else:
                    walk(v)
    walk(msg)
    nodes = [n for n in nodes if n.DESCRIPTOR.fields]  # messages like Empty have none
    node = rng.choice(nodes)
    fields = list(node.DESCRIPTOR.fields)
    f = rng.choice(fields)
    repeated = f.label == descriptor.FieldDescriptor.LABEL_REPEATED
    T = descriptor.FieldDescriptor
    if f.message_type is not None and f.message_type.GetOptions().map_entry:
        node.ClearField(f.name)
        return
    if f.type == T.TYPE_MESSAGE:
        if repeated:
            items = getattr(node, f.name)
            if len(items) and rng.random() < 0.5:
                items.add().CopyFrom(items[0])
            else:
                node.ClearField(f.name)
        elif node.HasField(f.name) and rng.random() < 0.5:
            node.ClearField(f.name)
        else:
            getattr(node, f.name).SetInParent()
        return
    if f.type in (T.TYPE_STRING,):
        value = rng.choice(ODD_STRINGS)
    elif f.type == T.TYPE_BYTES:
        value = bytes(rng.randrange(256) for _ in range(rng.randrange(40)))
    elif f.type == T.TYPE_BOOL:
        value = rng.random() < 0.5
    elif f.type in (T.TYPE_DOUBLE, T.TYPE_FLOAT):
        value = rng.choice([0.0, -1.0, 1e308, float("nan"), float("inf"), -0.0])
    elif f.type == T.TYPE_ENUM:
        value = rng.choice([v.number for v in f.enum_type.values] + [97])
    else:
        bits = 32 if f.type in (T.TYPE_INT32, T.TYPE_SINT32, T.TYPE_SFIXED32) else 64
        unsigned = f.type in (T.TYPE_UINT32, T.TYPE_UINT64, T.TYPE_FIXED32, T.TYPE_FIXED64)
        value = rng.choice(ODD_INTS)
        lo, hi = (0, 2**bits - 1) if unsigned else (-2**(bits - 1), 2**(bits - 1) - 1)
        value = min(max(value, lo), hi)
    try:
        if repeated:
            getattr(node, f.name).append(value)
        else:
            setattr(node, f.name, value)
    except (TypeError, ValueError):
        pass  # a value the field cannot hold: no mutation this time


def test_mutated_golden_plans_get_an_answer():
    session = str(uuid.uuid4())
    views = {}
    for path in sorted(glob.glob(os.path.join(PLANS, "*.textproto"))):
        for line in open(path):
            if line.startswith("# view "):
                name, _, rel = line[len("# view "):].strip().partition(" = ")
                views[name] = os.path.normpath(os.path.join(PLANS, rel))
    # The views the plans read, in the fuzzing session.
    other = SparkSession.builder.remote(f"sc://{TARGET}/;session_id={session}").getOrCreate()
    for name, csv_path in views.items():
        other.read.csv(csv_path, header=True, inferSchema=True).createOrReplaceTempView(name)
    rng = random.Random(SEED)
    outcomes = {}
    plans = sorted(glob.glob(os.path.join(PLANS, "*.textproto")))
    assert len(plans) >= 20, plans
    start = time.time()
    for path in plans:
        base = text_format.Parse(open(path).read(), relations_pb2.Relation())
        for _ in range(MUTANTS_PER_PLAN):
            rel = relations_pb2.Relation()
            rel.CopyFrom(base)
            for _ in range(rng.randrange(1, 4)):
                mutate(rel, rng)
            try:
                outcome = execute(rel, session)
            except AssertionError as e:
                raise AssertionError(f"{os.path.basename(path)} mutated:\n{rel}\n{e}") from None
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    total = sum(outcomes.values())
    print(f"     {total} mutated plans in {time.time() - start:.1f}s: {outcomes}")
    assert outcomes.get("ok", 0) > 0 and total - outcomes.get("ok", 0) > 0, outcomes
    assert "UNKNOWN" not in outcomes, "every failure is a Spark-style error"
    SparkSession._active = spark
    server_answers()


def test_deeply_nested_plan_is_refused():
    rel = relations_pb2.Relation(range=relations_pb2.Range(start=0, end=3, step=1))
    for _ in range(3000):
        rel = relations_pb2.Relation(filter=relations_pb2.Filter(input=rel))
    outcome = execute(rel, str(uuid.uuid4()))
    assert outcome != "ok", outcome
    server_answers()


def main():
    status = run_checks("hostile plans", [test_unbounded_memory_is_an_error,
                                          test_undecodable_requests_are_refused,
                                          test_mutated_golden_plans_get_an_answer,
                                          test_deeply_nested_plan_is_refused])
    spark.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())
