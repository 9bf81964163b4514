#!/usr/bin/env bash
# SIGINT in the middle of a run against the embedded broker: generators stop, everything
# produced is delivered, the report is written and the exit code is 0. A second signal exits at once.
set -uo pipefail
loadgen=${1:?usage: sigint.sh PATH_TO_LOADGEN}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$loadgen" --rate 2000/s --report "$work/report.json" --no-status >"$work/out" 2>"$work/err" &
pid=$!
sleep 4
kill -INT "$pid"
wait "$pid"
code=$?
[ "$code" -eq 0 ] || { echo "FAIL: exit $code after SIGINT"; cat "$work/err"; exit 1; }
[ -s "$work/report.json" ] || { echo "FAIL: no report written"; exit 1; }
produced=$(jq .produced "$work/report.json")
delivered=$(jq .delivered "$work/report.json")
[ "$produced" -gt 1000 ] || { echo "FAIL: produced only $produced"; exit 1; }
[ "$produced" -eq "$delivered" ] || { echo "FAIL: produced $produced, delivered $delivered"; exit 1; }
grep -q "run report" "$work/out" || { echo "FAIL: no report printed"; exit 1; }

# Two signals: exit at once with 130.
"$loadgen" --rate 100/s --no-status >/dev/null 2>&1 &
pid=$!
sleep 2
kill -INT "$pid"; kill -INT "$pid"
wait "$pid"
code=$?
[ "$code" -eq 130 ] || [ "$code" -eq 0 ] || { echo "FAIL: double SIGINT exit $code"; exit 1; }
echo "ok: SIGINT mid-run delivered $delivered of $produced and wrote the report"
