#!/usr/bin/env bash
# End-to-end test of Kindred's entity-resolution extensions (kindred.er.MatchRelation and
# kindred.er.LabelPairs): starts the server on a free port, runs the raw gRPC client
# tests/e2e/er_connect/er_connect_test.py and stops the server.
# Prints "er connect: N passed, M failed"; exits non-zero on any failure.
set -euo pipefail
source "$(dirname "$0")/lib/server.sh"

e2e_tag=er_connect
e2e_summary="er connect"

[[ -f "$py_proto/kindred/er/er_pb2.py" ]] ||
  fail "generated Python stubs missing in $py_proto (build the project first)"
[[ -d "$root/tests/node/node_modules/apache-arrow" ]] ||
  fail "tests/node/node_modules/apache-arrow missing (run scripts/install-deps)"
[[ -f "$shared/zingg_febrl/test.csv" ]] || fail "febrl data missing in $shared/zingg_febrl"
start_kindred_server || fail "the server did not start"

run_check_script "$here/er_connect/er_connect_test.py" "127.0.0.1:$server_port" "$py_proto" "$shared"
