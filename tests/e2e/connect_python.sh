#!/usr/bin/env bash
# End-to-end test of the Spark Connect server: starts it on a free port, runs the Python gRPC
# client checks (tests/e2e/connect/connect_test.py) and stops it. Exits non-zero on any failure.
set -euo pipefail
source "$(dirname "$0")/lib/server.sh"

if [[ ! -d "$py_proto/spark/connect" ]]; then
  echo "connect_python: generated Python stubs missing in $py_proto (build the project first)" >&2
  exit 1
fi
if [[ ! -d "$root/tests/node/node_modules/apache-arrow" ]]; then
  echo "connect_python: tests/node/node_modules/apache-arrow missing (run scripts/install-deps)" >&2
  exit 1
fi
start_kindred_server
port=$server_port
pid=$server_pid

status=0
"$python" "$here/connect/connect_test.py" "127.0.0.1:$port" "$py_proto" || status=$?

# Graceful shutdown on SIGTERM, even with a long query running: the query is interrupted.
/usr/bin/python3 - "127.0.0.1:$port" "$py_proto" "$here/connect" <<'PY' &
import sys
sys.path.insert(0, sys.argv[3])
import connect_test as t
try:
    t.execute(t.slow_plan())
except Exception:
    pass
PY
client=$!
sleep 1.5
kill -TERM "$pid"
for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
  echo "connect_python: server did not stop within 10 s of SIGTERM while a query ran" >&2
  status=1
else
  echo "connect_python: server stopped on SIGTERM"
fi
wait "$client" 2>/dev/null || true
exit $status
