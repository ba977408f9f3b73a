#!/usr/bin/env bash
# End-to-end test of Kindred's entity-resolution extensions (kindred.er.MatchRelation and
# kindred.er.LabelPairs): starts the server on a free port, runs the raw gRPC client
# tests/e2e/er_connect/er_connect_test.py and stops the server. Prints "er connect: N passed, M failed"; exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${KINDRED_BUILD:-$root/build}"
bin="${KINDRED_BIN:-$build/kindred}"
py_proto="$build/python_proto"
shared="${KINDRED_SHARED_DATA:-$root/../shared/data}"

fail() {
  echo "er_connect: $*" >&2
  echo "er connect: 0 passed, 1 failed"
  exit 1
}

[[ -f "$py_proto/kindred/er/er_pb2.py" ]] ||
  fail "generated Python stubs missing in $py_proto (build the project first)"
[[ -d "$root/tests/node/node_modules/apache-arrow" ]] ||
  fail "tests/node/node_modules/apache-arrow missing (run scripts/install-deps)"
[[ -f "$shared/zingg_febrl/test.csv" ]] || fail "febrl data missing in $shared/zingg_febrl"

# `kindred serve` when the CLI has it, else the stand-alone server binary.
server=("$bin" serve)
if ! "$bin" serve --help 2>/dev/null | grep -q "kindred serve"; then
  server=("$build/kindred_connect_server")
fi

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log=$(mktemp)
"${server[@]}" --host 127.0.0.1 --port "$port" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT

for _ in $(seq 1 100); do
  if /usr/bin/python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $port)))" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    cat "$log" >&2
    fail "server exited early"
  fi
  sleep 0.1
done

status=0
/usr/bin/python3 "$here/er_connect/er_connect_test.py" "127.0.0.1:$port" "$py_proto" "$shared" || status=$?
if [[ $status -ne 0 ]]; then
  echo "er_connect: server log:" >&2
  tail -n 40 "$log" >&2
fi
exit $status
