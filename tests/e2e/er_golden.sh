#!/usr/bin/env bash
# Entity-resolution accuracy on the shared data sets (tests/golden/er/cases/*.json).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 tests/golden/er/run.py
