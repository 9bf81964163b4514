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

# Two signals while messages are in flight (200 ms round trips): exit 130 within about a
# second, with a report marked aborted, and every message produced either in the topic or in
# the dead-letter file.
. "$(dirname "$0")/../../scripts/lib/setup.sh"
set +e
loadgen_start_broker "$loadgen" "$work" --round-trip-ms 200 || exit 1
trap '[ -n "$LOADGEN_BROKER_PID" ] && kill "$LOADGEN_BROKER_PID" 2>/dev/null; rm -rf "$work"' EXIT
"$loadgen" --bootstrap-servers "$LOADGEN_BOOTSTRAP" --rate 3000/s --report "$work/aborted.json" \
  --threshold 'schedule_lag_max < 600s' --threshold 'achieved_rate > 1000000/s' \
  --dead-letter "$work/dl.jsonl" --no-status >"$work/aborted.out" 2>"$work/aborted.err" &
pid=$!
sleep 4
kill -INT "$pid"; sleep 0.1
start=$(date +%s%N)
kill -INT "$pid"
wait "$pid"
code=$?
took=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$code" -eq 130 ] || { echo "FAIL: double SIGINT in flight exited $code"; cat "$work/aborted.err"; exit 1; }
[ "$took" -le 1500 ] || { echo "FAIL: exiting after the second signal took ${took} ms"; exit 1; }
[ -s "$work/aborted.json" ] || { echo "FAIL: no report after a double SIGINT"; cat "$work/aborted.err"; exit 1; }
[ "$(jq .aborted "$work/aborted.json")" = true ] || { echo "FAIL: report not marked aborted"; exit 1; }
produced=$(jq .produced "$work/aborted.json")
delivered=$(jq .delivered "$work/aborted.json")
dead=$(jq .dead_lettered "$work/aborted.json")
written=$(jq .dead_letter_written "$work/aborted.json")
abandoned=$(jq .abandoned "$work/aborted.json")
lines=$(wc -l <"$work/dl.jsonl" 2>/dev/null || echo 0)
[ "$abandoned" -gt 0 ] || { echo "FAIL: nothing in flight was abandoned (round trips too short?)"; exit 1; }
[ "$((delivered + dead))" -eq "$produced" ] || { echo "FAIL: aborted: delivered $delivered + dead-lettered $dead != produced $produced"; exit 1; }
[ "$written" -eq "$dead" ] && [ "$lines" -eq "$written" ] || { echo "FAIL: aborted: $dead dead-lettered, $written written, $lines lines"; exit 1; }
# The aborted report is a whole report: the command line and every threshold's verdict on
# what is known (it had neither).
jq -e '(.command_line | index("--threshold")) and ([.thresholds[].verdict] == ["pass", "FAIL"])' "$work/aborted.json" >/dev/null \
  || { echo "FAIL: aborted report: $(jq -c '{command_line, thresholds}' "$work/aborted.json")"; exit 1; }
grep -q "ABORTED" "$work/aborted.out" || { echo "FAIL: the summary does not say ABORTED"; exit 1; }
# Every produced transaction is in the topic or in the dead-letter file.
in_topic=$(kcat -C -b "$LOADGEN_BOOTSTRAP" -t transactions -e -q -f '%s\n' 2>/dev/null | jq -r .transaction_id | sort -u)
in_file=$(jq -r .value "$work/dl.jsonl" | jq -r .transaction_id | sort -u)
union=$(printf '%s\n%s\n' "$in_topic" "$in_file" | grep -c . )
distinct=$(printf '%s\n%s\n' "$in_topic" "$in_file" | grep . | sort -u | wc -l)
[ "$distinct" -ge "$produced" ] || { echo "FAIL: aborted: only $distinct of $produced produced transactions are in the topic or the dead-letter file"; exit 1; }
echo "ok: double SIGINT with $abandoned in flight: exit 130 in ${took} ms; $delivered delivered + $dead dead-lettered = $produced; $distinct found ($union with overlaps)"
