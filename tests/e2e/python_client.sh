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

# `pip install ./python` gives a client that carries its generated stubs: installed into a
# scratch folder and used from elsewhere, with no KINDRED_PROTO_PATH and no repository on the path.
if [[ $status -eq 0 ]]; then
  site=$(mktemp -d)
  scratch=$(mktemp -d)
  cp -r "$root/python/." "$scratch/"
  rm -rf "$scratch/build" "$scratch"/*.egg-info
  if "$python" -m pip install --quiet --no-build-isolation --no-index --no-deps --target "$site" "$scratch"       >"$site.log" 2>&1 &&
     (cd / && PYTHONPATH="$site" "$python" -c "
from kindred.connect import SparkSession
from kindred.zingg import EntityResolver  # noqa: F401
spark = SparkSession.builder.remote('sc://127.0.0.1:$server_port').getOrCreate()
assert spark.range(5).count() == 5
spark.stop()
print('ok   pip install ./python: an installed client carries its stubs')"); then
    :
  else
    echo "FAIL pip install ./python" >&2
    cat "$site.log" >&2
    status=1
  fi
  rm -rf "$site" "$site.log" "$scratch"
fi
show_server_log_if_failed python_client $status
exit $status
