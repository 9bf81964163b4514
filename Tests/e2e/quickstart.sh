#!/usr/bin/env bash
# The README's first Quick start command, as written: a real run of a shipped profile on the
# embedded broker that finishes within two minutes (after the build) and shows the report.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
swift build -c release --product loadgen >/dev/null
start=$(date +%s)
out=$(./scripts/quickstart.sh 2>&1)
elapsed=$(( $(date +%s) - start ))
printf '%s\n' "$out" | grep -q "run report: profile blackfriday" || { echo "FAIL: no report shown"; printf '%s\n' "$out" | tail -20; exit 1; }
[ "$elapsed" -le 120 ] || { echo "FAIL: quick start took ${elapsed}s"; exit 1; }
[ "$(jq .failed out/quickstart-report.json)" -eq 0 ] || { echo "FAIL: failures in the quick start run"; exit 1; }
[ "$(jq .produced out/quickstart-report.json)" -eq "$(jq .delivered out/quickstart-report.json)" ] || { echo "FAIL: undelivered"; exit 1; }
echo "ok: quick start ran blackfriday in ${elapsed}s: $(jq -c '{produced, delivered, rate_error_pct}' out/quickstart-report.json)"
