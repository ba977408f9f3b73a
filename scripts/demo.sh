#!/usr/bin/env bash
# The main job: generate person records, find and label training pairs with the simulated
# labeller, train, match, and report precision / recall / F1, time per stage and a few clusters;
# first with the CLI (Zingg's phases), then the same story through the Spark Connect protocol
# (kindred serve on loopback + the Python client, scripts/demo_connect.py).
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
BIN="$PWD/$build/kindred"
ROWS=${KINDRED_DEMO_ROWS:-100000}
DIR=${KINDRED_DEMO_DIR:-$(mktemp -d /tmp/kindred-demo.XXXXXX)}
mkdir -p "$DIR"
export KINDRED_DEMO_DIR="$DIR"

cat > "$DIR/config.json" <<JSON
{
  "fieldDefinition": [
    {"fieldName": "rec_id", "matchType": "DONT_USE"},
    {"fieldName": "given_name", "matchType": "FUZZY"},
    {"fieldName": "surname", "matchType": "FUZZY"},
    {"fieldName": "street_number", "matchType": "FUZZY"},
    {"fieldName": "address_1", "matchType": "FUZZY"},
    {"fieldName": "suburb", "matchType": "FUZZY"},
    {"fieldName": "postcode", "matchType": "FUZZY"},
    {"fieldName": "state", "matchType": "FUZZY"},
    {"fieldName": "date_of_birth", "matchType": "FUZZY"},
    {"fieldName": "soc_sec_id", "matchType": "FUZZY"},
    {"fieldName": "email", "matchType": "EMAIL"}
  ],
  "data": [{"name": "people", "format": "csv", "props": {"path": "\$KINDRED_DEMO_DIR\$/people.csv", "header": true}}],
  "output": [{"name": "matched", "format": "csv", "props": {"path": "\$KINDRED_DEMO_DIR\$/matched.csv", "header": true}}],
  "zinggDir": "\$KINDRED_DEMO_DIR\$/models",
  "modelId": "demo",
  "labelDataSampleSize": 0.1
}
JSON

stage() {
  local name=$1
  shift
  local start=$(date +%s.%N)
  "$@"
  printf '%-16s %6.2fs\n' "$name" "$(echo "$(date +%s.%N) - $start" | bc)" >> "$DIR/times.txt"
}
: > "$DIR/times.txt"
echo "== generate $ROWS synthetic person records (with a truth column, entity_id)"
stage generate "$BIN" generate --rows "$ROWS" --seed 42 --out "$DIR/people.csv"
echo "== findAndLabel: 3 rounds of 20 pairs, labelled by the simulated labeller (entity_id)"
stage findAndLabel "$BIN" findAndLabel --conf "$DIR/config.json" --rounds 3 --pairs 20 --truth-column entity_id
echo "== train"
stage train "$BIN" train --conf "$DIR/config.json"
echo "== match"
stage match "$BIN" match --conf "$DIR/config.json"
echo "== evaluate against the truth"
"$BIN" evaluate --input "$DIR/matched.csv" --truth-column entity_id
echo
echo "== time per stage"
cat "$DIR/times.txt"
echo
echo "== a few clusters (records sharing z_cluster)"
python3 - "$DIR/matched.csv" <<'PY'
import csv, sys, collections
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
by = collections.defaultdict(list)
for r in rows:
    by[r["z_cluster"]].append(r)
shown = 0
for cid, members in by.items():
    if len(members) < 3:
        continue
    print(f"cluster {cid}:")
    for m in members:
        print("   " + " | ".join(m[k] for k in ("given_name", "surname", "street_number", "address_1",
                                                 "suburb", "date_of_birth", "z_minScore", "z_maxScore")))
    shown += 1
    if shown == 4:
        break
PY
echo


echo
echo "== the same job through the Spark Connect protocol: kindred serve + a Python client"
PORT=${KINDRED_DEMO_PORT:-$((20000 + RANDOM % 20000))}
"$BIN" serve --host 127.0.0.1 --port "$PORT" > "$DIR/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null' EXIT
for _ in $(seq 1 50); do
  (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.1
done
KINDRED_PROTO_PATH="$PWD/$build/python_proto" /usr/bin/python3 scripts/demo_connect.py "sc://127.0.0.1:$PORT" "$DIR"
kill $SERVER 2>/dev/null
wait $SERVER 2>/dev/null || true
trap - EXIT
echo "server stopped; files are in $DIR"
