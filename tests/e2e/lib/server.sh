# Sourced by the end-to-end scripts that talk to a running server (not a test itself: run_all.sh
# only runs tests/e2e/*.sh). Defines paths, start_kindred_server, fail and run_check_script.
#   here, root, build, bin, py_proto, shared, python   (env: KINDRED_BUILD, KINDRED_BIN,
#                                                       KINDRED_SHARED_DATA, KINDRED_PYTHON)
here="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${KINDRED_BUILD:-$root/build}"
bin="${KINDRED_BIN:-$build/kindred}"
py_proto="$build/python_proto"
shared="${KINDRED_SHARED_DATA:-$root/../shared/data}"
python="${KINDRED_PYTHON:-/usr/bin/python3}"

# start_kindred_server: starts `kindred serve` (or the stand-alone server binary when the CLI was
# built without it) on a free loopback port and waits until it accepts connections; its
# arguments are passed on to the server (e.g. --memory-limit 2). Sets
# server_port, server_pid and server_log; the server is stopped when the script exits. Returns 1
# (after printing the server's output) when the server dies before it listens.
start_kindred_server() {
  local cmd=("$bin" serve)
  if ! "$bin" serve --help 2>/dev/null | grep -q "kindred serve"; then
    cmd=("$build/kindred_connect_server")
  fi
  server_port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  server_log=$(mktemp)
  "${cmd[@]}" --host 127.0.0.1 --port "$server_port" "$@" >"$server_log" 2>&1 &
  server_pid=$!
  trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -f "$server_log"' EXIT
  local _
  for _ in $(seq 1 100); do
    if "$python" -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $server_port)))" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "server exited before listening:" >&2
      cat "$server_log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "server did not listen on port $server_port within 10 s" >&2
  return 1
}

# show_server_log_if_failed TAG STATUS: the server's last lines, for a failed run.
show_server_log_if_failed() {
  if [[ $2 -ne 0 ]]; then
    echo "$1: server log:" >&2
    tail -n 40 "$server_log" >&2
  fi
}

# fail MESSAGE: the script cannot run its checks (stubs, data or server missing). Prints the
# message under $e2e_tag and the closing line "$e2e_summary: 0 passed, 1 failed"; exits 1.
fail() {
  echo "${e2e_tag:-e2e}: $*" >&2
  echo "${e2e_summary:-e2e}: 0 passed, 1 failed"
  exit 1
}

# run_check_script SCRIPT ARGS...: runs a Python check script with the generated stubs on its
# path; prints the server's log when it fails. Returns the script's status.
run_check_script() {
  local status=0
  KINDRED_PROTO_PATH="$py_proto" "$python" "$@" || status=$?
  show_server_log_if_failed "${e2e_tag:-e2e}" $status
  return $status
}
