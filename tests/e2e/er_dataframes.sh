#!/usr/bin/env bash
# End-to-end test of entity resolution on DataFrames through the protocol (kindred.zingg's
# EntityResolver against `kindred serve`) on Febrl dataset3: the protocol's clusters equal
# `kindred match`'s, on the whole data and on a filtered subset, and a model trained in the
# session matches and links without files.
# Prints "er dataframes: N passed, M failed"; exits non-zero on any failure.
set -euo pipefail
source "$(dirname "$0")/lib/server.sh"

e2e_tag=er_dataframes
e2e_summary="er dataframes"

[[ -f "$py_proto/kindred/er/er_pb2.py" ]] ||
  fail "generated Python stubs missing in $py_proto (build the project first)"
[[ -f "$shared/febrl/dataset3.csv" ]] || fail "Febrl dataset3 missing in $shared/febrl"
start_kindred_server || fail "the server did not start"

run_check_script "$here/er_dataframes/febrl3_test.py" \
  "127.0.0.1:$server_port" "$shared" "$bin"
