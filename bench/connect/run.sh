#!/usr/bin/env bash
# Spark Connect benchmarks: starts `kindred serve` on loopback, measures round-trip latency,
# streaming throughput and group-by / join / sort against DuckDB, stops the server and writes
# bench/results/connect.md.
#   KINDRED=path/to/kindred (default build/kindred; must be built with the Connect server)
#   PROTO=path/to/python_proto (default build/python_proto)  PORT=... (default 15000 + pid % 1000)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
KINDRED="${KINDRED:-build/kindred}"
PROTO="${PROTO:-build/python_proto}"
PORT="${PORT:-$((15000 + $$ % 1000))}"
PY=/usr/bin/python3
OUT=bench/results/connect.md
COMMAND="${COMMAND:-KINDRED=$KINDRED bench/connect/run.sh}"

if ! "$KINDRED" serve --help 2>&1 | grep -q "Spark Connect server"; then
  echo "run.sh: $KINDRED has no Spark Connect server (configure with -DKINDRED_CONNECT=ON)" >&2
  exit 1
fi
[ -d "$PROTO/spark/connect" ] || { echo "run.sh: no generated Python stubs in $PROTO" >&2; exit 1; }
if [ ! -d bench/connect/node_modules/@duckdb/node-api ]; then
  (cd bench/connect && npm ci --no-audit --no-fund >/dev/null)
fi

TMP="$(mktemp -d)"
"$KINDRED" serve --host 127.0.0.1 --port "$PORT" >"$TMP/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 50); do
  grep -q listening "$TMP/server.log" && break
  sleep 0.1
done
grep -q listening "$TMP/server.log" || { cat "$TMP/server.log" >&2; exit 1; }

TARGET="127.0.0.1:$PORT"
RES="$TMP/results.jsonl"
export KINDRED_PROTO_PATH="$PROTO"
echo "latency..." >&2
timeout 300 "$PY" bench/connect/bench.py "$TARGET" "$PROTO" "$ROOT" latency | tee -a "$RES"
echo "streaming..." >&2
# Server CPU seconds (utime + stime) across each streaming client: tells client- from server-bound.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$SERVER/stat"; }
c0=$(cpu)
timeout 300 "$PY" bench/connect/bench.py "$TARGET" "$PROTO" "$ROOT" stream | tee -a "$RES"
c1=$(cpu)
timeout 300 "$PY" bench/connect/bench.py "$TARGET" "$PROTO" "$ROOT" stream_persisted | tee -a "$RES"
c2=$(cpu)
timeout 300 node bench/connect/node_bench.mjs stream "$TARGET" "$ROOT" | tee -a "$RES"
c3=$(cpu)
echo "{\"measure\": \"server_cpu_stream_python\", \"cpu_seconds\": $(awk "BEGIN{print $c1 - $c0}")}" | tee -a "$RES"
echo "{\"measure\": \"server_cpu_stream_python_persisted\", \"cpu_seconds\": $(awk "BEGIN{print $c2 - $c1}")}" | tee -a "$RES"
echo "{\"measure\": \"server_cpu_stream_node\", \"cpu_seconds\": $(awk "BEGIN{print $c3 - $c2}")}" | tee -a "$RES"
echo "queries..." >&2
timeout 600 "$PY" bench/connect/bench.py "$TARGET" "$PROTO" "$ROOT" queries | tee -a "$RES"
timeout 600 node bench/connect/node_bench.mjs duckdb "$ROOT" | tee -a "$RES"

"$PY" bench/connect/report.py "$RES" "$OUT" "$COMMAND" "$KINDRED"
echo "wrote $OUT" >&2
