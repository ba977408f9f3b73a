#!/usr/bin/env bash
# The CLI end to end on real files: Zingg's own febrl example configs, every phase, and bad input
# (each must give a clear message and a non-zero exit, and must not lose what was written before).
set -uo pipefail
BIN=${KINDRED_BIN:-$(cd "$(dirname "$0")/../.." && pwd)/build/kindred}
SHARED=${KINDRED_SHARED_DATA:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/data}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/     /'; }

# expect NAME EXIT_CODE PATTERN -- command...: runs it, checks the exit code and that the output
# (stdout+stderr) matches PATTERN (grep -E).
expect() {
  local name=$1 code=$2 pattern=$3
  shift 4
  local out
  out=$("$@" 2>&1)
  local rc=$?
  if [ "$rc" -ne "$code" ]; then bad "$name (exit $rc, wanted $code)" "$out"; return; fi
  if ! grep -qE -- "$pattern" <<<"$out"; then bad "$name (output lacks /$pattern/)" "$out"; return; fi
  ok "$name"
}

# Zingg's example configs, unchanged but for paths.
zingg_conf() {
  sed -e "s|examples/febrl/|$SHARED/zingg_febrl/|g" -e "s|/tmp/zinggOutput|$TMP/$2|g" \
      -e "s|/tmp/bad|$TMP/bad|g" "$SHARED/zingg_febrl/$1" > "$TMP/$1"
}
zingg_conf configWithTrainingSamples.json out-samples
zingg_conf config.json out-match
zingg_conf configLink.json out-link
zingg_conf findTrainingData.json out-find

expect "train on Zingg's training.csv samples" 0 "train: model written" -- \
  "$BIN" train --conf configWithTrainingSamples.json
expect "match with that model" 0 "wrote 65 rows" -- "$BIN" match --conf configWithTrainingSamples.json
# This config's output pipe says header false: 11 data columns, then z_cluster, z_minScore, z_maxScore.
awk -F, '{ if (NF != 14) bad = 1 } END { exit bad }' out-samples/part-00000.csv &&
  ok "match output has the 11 columns plus z_cluster, z_minScore, z_maxScore" || bad "match output columns" "$(head -1 out-samples/part-00000.csv)"
expect "evaluate the Zingg example match" 0 "pairwise precision" -- \
  "$BIN" evaluate --input out-samples --header false --cluster-column _c11 --truth-column _c0 --truth-regex 'rec-(\d+)'
f1=$("$BIN" evaluate --input out-samples --header false --cluster-column _c11 --truth-column _c0 --truth-regex 'rec-(\d+)' | sed -n 's/^pairwise.*f1 \([0-9.]*\).*/\1/p')
awk -v f="$f1" 'BEGIN { exit !(f >= 0.9) }' && ok "Zingg example F1 $f1 >= 0.9" || bad "Zingg example F1 $f1 < 0.9"
[ -s bad ] || [ -d bad ] && grep -rq "line" bad && ok "training.csv header row went to badRecordsPath" ||
  bad "bad records file for training.csv" "$(ls -la bad 2>&1)"

expect "findAndLabel (Zingg's --phase spelling)" 0 "label: labelled" -- \
  "$BIN" --phase findAndLabel --conf config.json --truth-column id --truth-regex 'rec-(\d+)' --rounds 2 --pairs 15
expect "train from labels" 0 "train: model written" -- "$BIN" --phase train --conf config.json
expect "match" 0 "match: .*candidate pairs" -- "$BIN" match --conf config.json
expect "link two sources with configLink.json" 0 "link: .*candidate pairs" -- "$BIN" link --conf configLink.json
head -1 out-link/part-00000.csv | grep -q "^z_cluster,z_score,z_zsource" && ok "link output columns" ||
  bad "link output columns" "$(head -1 out-link/part-00000.csv)"
f1=$("$BIN" evaluate --input out-link --truth-column id --truth-regex 'rec-(\d+)' | sed -n 's/^pairwise.*f1 \([0-9.]*\).*/\1/p')
awk -v f="$f1" 'BEGIN { exit !(f >= 0.95) }' && ok "link F1 $f1 >= 0.95 across test1 and test2" || bad "link F1 $f1 < 0.95"
expect "findTrainingData with Zingg's findTrainingData.json" 0 "pairs to label" -- \
  "$BIN" findTrainingData --conf findTrainingData.json
expect "updateLabel with the simulated labeller" 0 "updateLabel: changed 0" -- \
  "$BIN" updateLabel --conf config.json --truth-column id --truth-regex 'rec-(\d+)'
expect "recommend stop words" 0 "stop word" -- "$BIN" recommend --conf config.json --column add1
expect "generateDocs" 0 "generateDocs: wrote" -- "$BIN" generateDocs --conf config.json
grep -q "Blocking functions" models/100/docs/model.html && ok "docs page lists blocking functions" || bad "docs page"

# The console labeller: answers come from stdin; every answer is saved at once.
expect "findTrainingData for the console labeller" 0 "pairs to label" -- "$BIN" findTrainingData --conf config.json --pairs 5
before=$(grep -c . models/100/trainingData/marked.csv)
printf '1\n0\nx\n2\n9\n' | "$BIN" label --conf config.json > label.out 2>&1
after=$(grep -c . models/100/trainingData/marked.csv)
[ $((after - before)) -eq 6 ] && ok "console labeller saved 3 answers before quitting" ||
  bad "console labeller saved $(( (after - before) / 2 )) answers, wanted 3" "$(tail -20 label.out)"
grep -q "Please type 0, 1, 2 or 9" label.out && ok "console labeller rejects a bad answer" || bad "console labeller bad answer"
grep -q "pair 1 of 5" label.out && ok "console labeller shows progress" || bad "console labeller progress"
grep -qE '^[ *] id +\|' label.out && ok "console labeller shows every column" || bad "console labeller columns"
sed 's/"numPartitions"/"showConcise": true, "numPartitions"/' config.json > concise.json
"$BIN" findTrainingData --conf concise.json --pairs 2 > /dev/null 2>&1
printf '9\n' | "$BIN" label --conf concise.json > concise.out 2>&1
grep -qE '^[ *] id +\|' concise.out && bad "showConcise still shows the unused id column" ||
  ok "showConcise shows only the compared fields"

# Bad input.
printf 'id,name\n1,ann\n2,bob,extra\n' > malformed.csv
for i in $(seq 10 40); do echo "$i,name$((i % 7))" >> malformed.csv; done
printf '3,"unterminated\n' >> malformed.csv
cat > malformed.json <<JSON
{"fieldDefinition": [{"fieldName": "name", "matchType": "fuzzy"}],
 "data": [{"name": "m", "format": "csv", "props": {"path": "$TMP/malformed.csv", "header": true, "badRecordsPath": "$TMP/malformed-bad"}}],
 "zinggDir": "$TMP/m-models", "modelId": "1"}
JSON
expect "malformed rows are counted and reported" 0 "2 malformed row" -- "$BIN" findTrainingData --conf malformed.json
 grep -rq '"line":3' malformed-bad && ok "bad-records file names line 3" || bad "bad-records file" "$(cat malformed-bad* 2>&1)"
sed 's/"header": true/"header": true, "mode": "FAILFAST"/' malformed.json > failfast.json
expect "FAILFAST stops at the first malformed row, naming it" 2 "line 3" -- "$BIN" findTrainingData --conf failfast.json

sed "s|$TMP/malformed.csv|$TMP/nope.csv|" malformed.json > missing-file.json
expect "missing input file" 2 "nope.csv' does not exist" -- "$BIN" findTrainingData --conf missing-file.json
expect "missing config file" 2 "no-such-config.json' does not exist" -- "$BIN" train --conf no-such-config.json
sed 's/"fieldName": "name"/"fieldName": "nmae"/' malformed.json > bad-column.json
expect "config names a column not in the data" 2 "field 'nmae' reads column 'nmae', which is not in the data; available columns: id, name" -- \
  "$BIN" findTrainingData --conf bad-column.json
sed 's/"matchType": "fuzzy"/"matchType": "fuzzy,fuzy"/' malformed.json > bad-type.json
expect "unknown match type" 2 "fieldDefinition\[0\].matchType: unknown match type 'fuzy'" -- "$BIN" train --conf bad-type.json
echo '{"fieldDefinition": [' > broken.json
expect "config that is not JSON" 2 "not valid JSON" -- "$BIN" train --conf broken.json
sed 's|"zinggDir": "[^"]*"|"zinggDir": "$KINDRED_TEST_UNSET_DIR$"|' malformed.json > unset-var.json
expect "unset \$VAR\$ in the config" 2 "KINDRED_TEST_UNSET_DIR is not set" -- "$BIN" train --conf unset-var.json
expect "unknown phase" 2 "unknown command 'trian'" -- "$BIN" trian --conf config.json
sed -e 's|"modelId": 100|"modelId": 999|' config.json > no-model.json
expect "match with a missing model folder" 2 "run train first" -- "$BIN" match --conf no-model.json
mkdir -p models/998
sed -e 's|"modelId": 100|"modelId": 998|' config.json > empty-model.json
expect "match with an empty model folder" 2 "no trained model in .*run train first" -- "$BIN" match --conf empty-model.json
expect "train with too few labels says how many more" 2 "need 4 more match\(es\) and 4 more non-match\(es\)" -- \
  "$BIN" train --conf empty-model.json

# Nothing already written is lost: a failing match leaves the previous output as it was.
sum_before=$(cat out-match/part-00000.csv | md5sum)
echo '{not json' > models/100/model/model.json.broken
cp models/100/model/model.json models/100/model/model.json.good
cp models/100/model/model.json.broken models/100/model/model.json
expect "match with a corrupt model file" 2 "model file .* is not valid JSON" -- "$BIN" match --conf config.json
[ "$(cat out-match/part-00000.csv | md5sum)" = "$sum_before" ] && ok "previous output untouched by the failed match" ||
  bad "previous output changed"
cp models/100/model/model.json.good models/100/model/model.json
ls out-match | grep -q tmp && bad "temp files left in the output folder" || ok "no temp files left behind"

# generate is deterministic; evaluate counts pairs through the contingency table.
"$BIN" generate --rows 2000 --seed 5 --out g1.csv > /dev/null && "$BIN" generate --rows 2000 --seed 5 --out g2.csv > /dev/null
cmp -s g1.csv g2.csv && ok "generate is deterministic for a seed" || bad "generate differs for the same seed"
printf 'z_cluster,truth\n1,a\n1,a\n1,b\n2,b\n3,c\n' > eval.csv
expect "evaluate: pairwise precision 1/3, recall 1/2" 0 "precision 0.3333  recall 0.5000  f1 0.4000" -- \
  "$BIN" evaluate --input eval.csv --truth-column truth

echo "er cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
