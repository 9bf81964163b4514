#!/usr/bin/env bash
# Shards merged exactly, as a user runs them: three `--shard i/3` processes at once against one
# `loadgen broker`, each with `--artifacts`; `loadgen merge` of their directories; the merged
# counts must be the sums of the shards' reports, the merged latency count the sum of the
# shards' histograms, and `loadgen verify --against` the merged report must pass. Then the
# refusals: a missing shard, a repeated one, another seed (exit 2, named); and thresholds:
# a crossed one exits 99 with the report written, bad syntax exits 2 and sends nothing.
set -uo pipefail
loadgen=${1:?usage: merge.sh PATH_TO_LOADGEN}
. "$(dirname "$0")/../../scripts/lib/setup.sh"
set +e  # setup.sh sets -e; this script counts failures and goes on
loadgen_scratch_dir
work=$LOADGEN_WORK
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
unset KAFKA_BOOTSTRAP_SERVERS KAFKA_TOPIC GENERATION_RATE DURATION LOG_LEVEL

loadgen_start_broker "$loadgen" "$work" --partitions 6 || exit 1
bootstrap=$LOADGEN_BOOTSTRAP

pids=()
for i in 0 1 2; do
  "$loadgen" --bootstrap-servers "$bootstrap" --topic merged --rate 3000/s --duration 4s --shard "$i/3" --seed 7 \
    --stats-interval 1s --no-status --artifacts "$work/shard$i" --threshold 'failed == 0' >"$work/run$i.out" 2>&1 &
  pids+=($!)
done
for i in 0 1 2; do wait "${pids[$i]}" || fail "shard $i exited $?: $(tail -3 "$work/run$i.out")"; done

"$loadgen" merge "$work/shard0" "$work/shard1" "$work/shard2" --report "$work/merged.json" \
  --stats-file "$work/merged.jsonl" --html-report "$work/merged.html" >"$work/merge.out" 2>&1 || fail "merge exited $?: $(cat "$work/merge.out")"
for key in produced delivered failed bytes permits_dropped dead_lettered; do
  sum=$(cat "$work"/shard*/shard-*-of-3.report.json | jq -s "map(.$key) | add")
  [ "$(jq ".$key" "$work/merged.json")" = "$sum" ] || fail "merged $key $(jq ".$key" "$work/merged.json") != sum of the shards' $sum"
done
sum=$(cat "$work"/shard*/shard-*-of-3.report.json | jq -s 'map(.latency_ms.count) | add')
[ "$(jq .latency_ms.count "$work/merged.json")" = "$sum" ] || fail "merged latency count != the shards' sum $sum"
# The rate is the whole run's (each shard takes a third), shaped by the day curve.
[ "$(jq '.delivered >= 0.9 * .target_count and .delivered > 0' "$work/merged.json")" = true ] \
  || fail "merged delivered $(jq .delivered "$work/merged.json"), target $(jq .target_count "$work/merged.json")"
[ "$(tail -1 "$work/merged.jsonl" | jq .delivered)" = "$(jq .delivered "$work/merged.json")" ] || fail "the merged stats stream's last line does not hold the totals"
[ "$(jq -r '.thresholds[0].verdict' "$work/merged.json")" = pass ] || fail "merged threshold not judged: $(jq -c .thresholds "$work/merged.json")"
grep -q 'data-chart="latency"' "$work/merged.html" || fail "merged HTML report has no latency chart"
"$loadgen" verify --bootstrap-servers "$bootstrap" --topic merged --against "$work/merged.json" >"$work/verify.out" 2>&1 \
  || fail "verify --against the merged report exited $?: $(cat "$work/verify.out")"

# Refusals, each one line naming what is wrong, exit 2.
refused() {  # refused WHAT PATTERN ARGS...
  local what=$1 pattern=$2; shift 2
  "$loadgen" merge "$@" >"$work/refused.out" 2>&1
  local code=$?
  [ "$code" -eq 2 ] || fail "$what: exit $code, expected 2"
  grep -q "$pattern" "$work/refused.out" || fail "$what: $(cat "$work/refused.out")"
}
refused "a missing shard" "missing shard 2/3" "$work/shard0" "$work/shard1"
refused "a repeated shard" "shard 1/3 appears twice" "$work/shard0" "$work/shard1" "$work/shard1" "$work/shard2"
mkdir -p "$work/other"
"$loadgen" --output null --rate max --count 200 --shard 2/3 --seed 8 --no-status --artifacts "$work/other" >/dev/null 2>&1
refused "another seed" "seed 8 differs" "$work/shard0" "$work/shard1" "$work/other"

# A crossed threshold: exit 99, the report written with the verdict.
"$loadgen" --output null --rate 500/s --duration 2s --no-status --threshold 'achieved_rate > 1000000/s' --report "$work/t.json" >/dev/null 2>&1
code=$?
[ "$code" -eq 99 ] || fail "a crossed threshold exited $code, expected 99"
[ "$(jq -r '.thresholds[0].verdict' "$work/t.json")" = FAIL ] || fail "the report does not say the threshold failed"
# abort_on_fail stops early: a 60 s run with a threshold crossed at once ends within seconds.
start=$SECONDS
"$loadgen" --output null --rate 500/s --duration 60s --no-status --threshold 'schedule_lag_max < 1us' --abort-on-fail --report "$work/a.json" >/dev/null 2>&1
code=$?
[ "$code" -eq 99 ] || fail "abort_on_fail exited $code, expected 99"
[ $((SECONDS - start)) -lt 30 ] || fail "abort_on_fail did not stop the run early"
[ "$(jq -r .aborted_by_threshold "$work/a.json")" = "schedule_lag_max < 0.001ms" ] || fail "aborted_by_threshold: $(jq .aborted_by_threshold "$work/a.json")"
# Bad syntax: one line naming the expression, exit 2, nothing written.
"$loadgen" --output null --count 10 --threshold 'latency_p99 <> 5ms' --report "$work/bad.json" >"$work/bad.out" 2>&1
code=$?
[ "$code" -eq 2 ] || fail "bad threshold syntax exited $code, expected 2"
[ "$(wc -l <"$work/bad.out")" -eq 1 ] && grep -q '"latency_p99 <> 5ms"' "$work/bad.out" || fail "bad threshold error: $(cat "$work/bad.out")"
[ ! -e "$work/bad.json" ] || fail "a report was written for a refused threshold"

[ "$failures" -eq 0 ] && echo "ok: 3 shards merged (delivered $(jq .delivered "$work/merged.json"), p99 $(jq .latency_ms.p99 "$work/merged.json") ms), verify passed, refusals and thresholds as documented"
exit $((failures > 0))
