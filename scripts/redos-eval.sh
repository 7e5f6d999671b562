#!/usr/bin/env bash
# Recall per class and false-positive rate of the ReDoS checker on fixtures/redos/labelled.json.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests >/dev/null
swift test --skip-build --filter labelledSetRecallAndFalsePositives 2>&1 | grep -E "redos-eval|✘|passed|failed" 
