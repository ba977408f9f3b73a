"""Locates the protobuf/gRPC stubs the build generates from proto/ (never committed).

Search order: the directory in $KINDRED_PROTO_PATH, then the copy the build puts inside the
package (kindred/_proto, installed with it by `pip install ./python`), then
<repo>/build/python_proto.
"""
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
_REPO = os.path.dirname(os.path.dirname(os.path.dirname(_HERE)))


def _candidates():
    env = os.environ.get("KINDRED_PROTO_PATH")
    if env:
        yield env
    yield os.path.join(os.path.dirname(_HERE), "_proto")
    yield os.path.join(_REPO, "build", "python_proto")


def _load():
    tried = []
    for d in _candidates():
        tried.append(d)
        if os.path.isfile(os.path.join(d, "spark", "connect", "base_pb2.py")):
            if d not in sys.path:
                sys.path.insert(0, d)
            break
    try:
        import grpc  # noqa: F401
        from google.protobuf import any_pb2  # noqa: F401
    except ImportError as e:
        raise ImportError(f"kindred.connect needs grpcio and protobuf ({e}); on Debian run it with "
                          "/usr/bin/python3 and install python3-grpcio python3-protobuf") from e
    try:
        from spark.connect import base_pb2, base_pb2_grpc, commands_pb2, expressions_pb2  # noqa: F401
        from spark.connect import relations_pb2, types_pb2  # noqa: F401
        from google.rpc import error_details_pb2, status_pb2  # noqa: F401
    except ImportError as e:
        raise ImportError(
            "kindred.connect: generated Spark Connect Python stubs not found (looked in "
            + ", ".join(tried) + f"; {e}). Run `make` in the Kindred repository to generate them "
            "into build/python_proto, or set KINDRED_PROTO_PATH to a build's python_proto "
            "directory.") from e


_load()

import grpc  # noqa: E402,F401
from google.rpc import error_details_pb2, status_pb2  # noqa: E402,F401
from spark.connect import base_pb2, base_pb2_grpc, catalog_pb2, commands_pb2  # noqa: E402,F401
from spark.connect import common_pb2  # noqa: E402,F401
from spark.connect import expressions_pb2, relations_pb2, types_pb2  # noqa: E402,F401
