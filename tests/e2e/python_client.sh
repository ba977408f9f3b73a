#!/usr/bin/env bash
# End-to-end test of the kindred.connect Python client: starts `kindred serve` on a free port,
# runs tests/e2e/python_client/client_test.py against it with Debian's python3 (grpcio, protobuf,
# pandas) and stops the server. Exits non-zero on any failure.
set -euo pipefail
source "$(dirname "$0")/lib/server.sh"

if [[ ! -f "$py_proto/spark/connect/base_pb2.py" ]]; then
  echo "python_client: generated Python stubs missing in $py_proto (build the project first)" >&2
  exit 1
fi
start_kindred_server

status=0
KINDRED_PROTO_PATH="$py_proto" "$python" "$here/python_client/client_test.py" "127.0.0.1:$server_port" || status=$?
show_server_log_if_failed python_client $status
exit $status
