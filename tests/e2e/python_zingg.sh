#!/usr/bin/env bash
# End-to-end test of kindred.zingg (Zingg's Python API over Spark Connect): starts the server on
# a free port, runs tests/e2e/python_zingg/zingg_api_test.py with Debian's python3 (grpcio,
# protobuf, pandas) on Zingg's febrl example and stops the server.
# Prints "python zingg: N passed, M failed"; exits non-zero on any failure.
set -euo pipefail
source "$(dirname "$0")/lib/server.sh"

e2e_tag=python_zingg
e2e_summary="python zingg"

[[ -f "$py_proto/zingg/spark/connect/zingg_pb2.py" ]] ||
  fail "generated Python stubs missing in $py_proto (build the project first)"
[[ -f "$shared/zingg_febrl/test.csv" ]] || fail "febrl data missing in $shared/zingg_febrl"
start_kindred_server || fail "the server did not start"

run_check_script "$here/python_zingg/zingg_api_test.py" "127.0.0.1:$server_port" \
  "$shared"
