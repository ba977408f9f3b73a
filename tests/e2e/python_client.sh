#!/usr/bin/env bash
# End-to-end test of the kindred.connect Python client: starts `kindred serve` on a free port,
# runs tests/e2e/python_client/client_test.py against it with Debian's python3 (grpcio, protobuf,
# pandas) and stops the server. Exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${KINDRED_BUILD:-$root/build}"
bin="${KINDRED_BIN:-$build/kindred}"
py_proto="$build/python_proto"
python="${KINDRED_PYTHON:-/usr/bin/python3}"

if [[ ! -f "$py_proto/spark/connect/base_pb2.py" ]]; then
  echo "python_client: generated Python stubs missing in $py_proto (build the project first)" >&2
  exit 1
fi

# `kindred serve` when the CLI has it, else the stand-alone server binary.
server=("$bin" serve)
if ! "$bin" serve --help 2>/dev/null | grep -q "kindred serve"; then
  server=("$build/kindred_connect_server")
fi

port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log=$(mktemp)
"${server[@]}" --host 127.0.0.1 --port "$port" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT

for _ in $(seq 1 100); do
  if "$python" -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $port)))" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "python_client: server exited early:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done

status=0
KINDRED_PROTO_PATH="$py_proto" "$python" "$here/python_client/client_test.py" "127.0.0.1:$port" || status=$?
if [[ $status -ne 0 ]]; then
  echo "python_client: server log:" >&2
  tail -n 40 "$log" >&2
fi
exit $status
