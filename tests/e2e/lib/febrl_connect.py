"""Shared by the protocol end-to-end tests on Zingg's febrl example (zingg_connect_test.py,
er_connect_test.py): a raw gRPC Spark Connect session, ZinggCommand arguments for the example,
and Arrow decoding through apache-arrow (tests/e2e/connect/arrow_tool.mjs).

Import it after the generated Python stubs are on sys.path.
"""
import json
import os
import subprocess
import tempfile
import uuid

import grpc
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from spark.connect import base_pb2, base_pb2_grpc, commands_pb2
from zingg.spark.connect import zingg_pb2

ARROW_TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "connect",
                          "arrow_tool.mjs")
FEBRL_FIELDS = ["id", "fname", "lname", "stNo", "add1", "add2", "city", "areacode", "state",
                "dob", "ssn"]
DATA_SCHEMA = ", ".join(f"{f} string" for f in FEBRL_FIELDS)
SAMPLES_SCHEMA = "z_cluster string, z_isMatch integer, " + ", ".join(
    f"{f} string" for f in FEBRL_FIELDS[1:])


def packed(msg):
    a = any_pb2.Any()
    a.Pack(msg)
    return a


def expect_error(call):
    try:
        call()
    except grpc.RpcError as e:
        return e
    raise AssertionError("expected an error")


def error_reason(err):
    """The exception class of a Spark Connect error (ErrorInfo.reason in the status details).
    Spark Connect reports every failure as gRPC INTERNAL; the class tells the kind apart."""
    for key, value in err.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            for d in status_pb2.Status.FromString(value).details:
                info = error_details_pb2.ErrorInfo()
                if d.Unpack(info):
                    return info.reason
    return None


def pipe(name, path, schema=None, header="false", **props):
    p = zingg_pb2.Pipe(name=name, format="csv", schema=schema or "")
    p.props["path"] = path
    p.props["delimiter"] = ","
    p.props["header"] = header
    for k, v in props.items():
        p.props[k] = v
    return p


class FebrlConnect:
    """One Spark Connect session on `target` ("host:port"), with a temp folder for models and
    outputs and the febrl files from `shared_dir`."""

    def __init__(self, target, shared_dir, user, tmp_prefix):
        self.stub = base_pb2_grpc.SparkConnectServiceStub(grpc.insecure_channel(target))
        self.session = str(uuid.uuid4())
        self.user = base_pb2.UserContext(user_id=user, user_name=user)
        self.febrl = os.path.join(shared_dir, "zingg_febrl")
        self.tmp = tempfile.mkdtemp(prefix=tmp_prefix)

    def febrl_args(self, model_id, with_samples=True):
        """Zingg's febrl example (configWithTrainingSamples.json) as Arguments."""
        args = zingg_pb2.Arguments(
            zingg_dir=os.path.join(self.tmp, "models"), model_id=model_id,
            label_data_sample_size=0.5, num_partitions=4)
        for f in FEBRL_FIELDS:
            args.field_definition.append(zingg_pb2.FieldDefinition(
                field_name=f, fields=f, data_type="string",
                match_type=[zingg_pb2.MatchType(name="DONT_USE" if f == "id" else "FUZZY")]))
        args.data.append(pipe("test", os.path.join(self.febrl, "test.csv"), DATA_SCHEMA))
        if with_samples:
            args.training_samples.append(pipe(
                "trainingPos", os.path.join(self.febrl, "training.csv"), SAMPLES_SCHEMA,
                badRecordsPath=os.path.join(self.tmp, "bad")))
        args.output.append(pipe("output", os.path.join(self.tmp, f"output_{model_id}.csv"),
                                header="true"))
        return args

    def execute(self, plan):
        req = base_pb2.ExecutePlanRequest(session_id=self.session, user_context=self.user,
                                          plan=plan)
        return list(self.stub.ExecutePlan(req))

    def run_command(self, msg):
        return self.execute(base_pb2.Plan(command=commands_pb2.Command(extension=packed(msg))))

    def decode(self, responses):
        """(column names, rows) of the Arrow batches in `responses`."""
        files = []
        for i, r in enumerate(responses):
            if r.HasField("arrow_batch"):
                f = os.path.join(self.tmp, f"batch_{uuid.uuid4().hex}_{i}.arrows")
                with open(f, "wb") as fh:
                    fh.write(r.arrow_batch.data)
                files.append(f)
        assert files, "no Arrow batch in the response"
        out = subprocess.run(["node", ARROW_TOOL, "decode", *files], check=True,
                             capture_output=True, text=True).stdout
        decoded = [json.loads(line) for line in out.splitlines()]
        return [f["name"] for f in decoded[0]["fields"]], [r for d in decoded for r in d["rows"]]
