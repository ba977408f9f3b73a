#!/usr/bin/env bash
# `make bench`: the end-to-end entity-resolution benchmark (results table written to
# bench/results/er_match.md), then every Google Benchmark binary the build made.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bash bench/er_match.sh "$build" "${KINDRED_BENCH_ROWS:-1000000}"
for b in "$build"/*_bench; do
  [ -x "$b" ] || continue
  echo "== $b"
  "$b" --benchmark_min_time=0.5
done
