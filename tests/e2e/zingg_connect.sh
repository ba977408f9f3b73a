#!/usr/bin/env bash
# End-to-end test of Zingg's Spark Connect messages: starts the server on a free port, sends
# ZinggCommand extensions with a raw gRPC client (tests/e2e/zingg/zingg_connect_test.py) and
# stops the server. Prints "zingg connect: N passed, M failed"; exits non-zero on any failure.
set -euo pipefail
source "$(dirname "$0")/lib/server.sh"

e2e_tag=zingg_connect
e2e_summary="zingg connect"

[[ -f "$py_proto/zingg/spark/connect/zingg_pb2.py" ]] ||
  fail "generated Python stubs missing in $py_proto (build the project first)"
[[ -d "$root/tests/node/node_modules/apache-arrow" ]] ||
  fail "tests/node/node_modules/apache-arrow missing (run scripts/install-deps)"
[[ -f "$shared/zingg_febrl/test.csv" ]] || fail "febrl data missing in $shared/zingg_febrl"
start_kindred_server || fail "the server did not start"

run_check_script "$here/zingg/zingg_connect_test.py" "127.0.0.1:$server_port" "$py_proto" "$shared"
