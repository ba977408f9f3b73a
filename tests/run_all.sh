#!/usr/bin/env bash
# Runs every test: the gtest suites through ctest, then each end-to-end script in tests/e2e/.
# Prints one closing line "N passed, N failed" over the e2e scripts after ctest's own summary.
set -uo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
export KINDRED_BIN="$PWD/$build/kindred"
export KINDRED_BUILD="$PWD/$build"
export KINDRED_SHARED_DATA="${KINDRED_SHARED_DATA:-$(cd .. && pwd)/shared/data}"

ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 900
unit_rc=$?

passed=0
failed=0
failed_names=()
for t in tests/e2e/*.sh; do
  [ -e "$t" ] || continue
  echo "=== e2e: $t"
  start=$(date +%s)
  if bash "$t"; then
    passed=$((passed + 1))
    echo "=== PASS $t ($(( $(date +%s) - start ))s)"
  else
    failed=$((failed + 1))
    failed_names+=("$t")
    echo "=== FAIL $t ($(( $(date +%s) - start ))s)"
  fi
done
[ ${#failed_names[@]} -gt 0 ] && printf 'failed e2e: %s\n' "${failed_names[@]}"
echo "e2e: $passed passed, $failed failed"
[ $unit_rc -eq 0 ] && [ $failed -eq 0 ]
