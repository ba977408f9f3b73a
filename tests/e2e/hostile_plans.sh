#!/usr/bin/env bash
# End-to-end robustness test: a server with a 2 GB memory limit gets plans that need unbounded
# memory, undecodable requests, randomly mutated golden plans and a deeply nested plan; each must
# get an answer (rows or an error) and the server must survive them all.
# Prints "hostile plans: N passed, M failed"; exits non-zero on any failure.
set -euo pipefail
source "$(dirname "$0")/lib/server.sh"

[[ -f "$py_proto/spark/connect/base_pb2.py" ]] || {
  echo "hostile_plans: generated Python stubs missing in $py_proto (build the project first)" >&2
  echo "hostile plans: 0 passed, 1 failed"
  exit 1
}
start_kindred_server --memory-limit 2 || { echo "hostile plans: 0 passed, 1 failed"; exit 1; }

status=0
KINDRED_PROTO_PATH="$py_proto" "$python" "$here/hostile/hostile_test.py" "127.0.0.1:$server_port" \
  "$py_proto" || status=$?
show_server_log_if_failed hostile_plans $status
kill -0 "$server_pid" 2>/dev/null || { echo "hostile_plans: the server died" >&2; status=1; }
exit $status
