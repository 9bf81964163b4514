#!/usr/bin/env bash
# Soak test: runs a profile for a long time against a broker, samples the run's figures (RSS,
# counters, rates, latency) into a CSV, then reads the topic back with `loadgen verify --against
# --allow-truncated` (over hours the test broker drops its oldest segments).
# Passes when RSS after the warm-up (the first 10 minutes; the first third of runs shorter than
# 30 minutes) grows by less than 10%, nothing is lost or duplicated, and the rate error is under 1%.
#
# usage: scripts/soak.sh [PROFILE=loadprofiles/soak.json] [DURATION=4h] [OUT=out/soak]
#   BOOTSTRAP_SERVERS=host:port  use that cluster instead of starting `loadgen broker`
#   LOADGEN=path                 use this binary instead of building release
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh
loadgen_install_dependencies jq:jq
profile=${1:-loadprofiles/soak.json}
duration=${2:-4h}
out=${3:-out/soak}
mkdir -p "$out"

if [ -z "${LOADGEN:-}" ]; then
  loadgen_build_release
  LOADGEN=$LOADGEN_BIN
fi
loadgen_scratch_dir
work=$LOADGEN_WORK
topic="soak-$(date +%s)"
if [ -n "${BOOTSTRAP_SERVERS:-}" ]; then
  bootstrap=$BOOTSTRAP_SERVERS
else
  loadgen_start_broker "$LOADGEN" "$work" --topic "$topic"
  bootstrap=$LOADGEN_BOOTSTRAP
fi

# Samples every minute; every 15 s for runs under 10 minutes (the CI version).
interval=60s
case "$duration" in *s | [0-9]m | [0-9]) interval=15s ;; esac

echo "soak: $profile for $duration against $bootstrap, topic $topic; samples every $interval into $out/" >&2
set +e
"$LOADGEN" --profile "$profile" --duration "$duration" --bootstrap-servers "$bootstrap" --topic "$topic" \
  --stats-file "$out/stats.jsonl" --stats-interval "$interval" --report "$out/report.json" \
  --dead-letter "$out/deadletter.jsonl" --no-status >"$out/run.log" 2>&1
run_exit=$?
set -e
tail -12 "$out/run.log" | grep -v librdkafka >&2 || true

jq -r '[.elapsed_s, .simulated_time, .target_rate_per_s, .achieved_rate_per_s, .produced, .delivered, .failed,
        .retried, .dead_lettered, .in_flight, .latency_ms.p99, .rss_mb] | @csv' "$out/stats.jsonl" \
  | sed '1i elapsed_s,simulated_time,target_rate_per_s,achieved_rate_per_s,produced,delivered,failed,retried,dead_lettered,in_flight,p99_ms,rss_mb' \
  >"$out/samples.csv"

set +e
"$LOADGEN" verify --bootstrap-servers "$bootstrap" --topic "$topic" --against "$out/report.json" --allow-truncated --report "$out/verify.json" >"$out/verify.log" 2>&1
verify_exit=$?
set -e
cat "$out/verify.log" >&2

seconds=$(jq .duration_s "$out/report.json")
warmup=$(awk -v s="$seconds" 'BEGIN {print (s >= 1800) ? 600 : s / 3}')
# Interval samples only (the last line is the end-of-run total).
rss=$(head -n -1 "$out/stats.jsonl" | jq -s --argjson w "$warmup" '
  [.[] | select(.elapsed_s >= $w) | .rss_mb] as $after
  | {baseline: ($after[0] // null), max: ($after | max), end: ($after[-1] // null)}')
baseline=$(jq .baseline <<<"$rss"); rss_max=$(jq .max <<<"$rss")
growth=$(awk -v a="$baseline" -v b="$rss_max" 'BEGIN {printf "%.1f", (b - a) / a * 100}')
rate_error=$(jq '.rate_error_pct // 0' "$out/report.json")
produced=$(jq .produced "$out/report.json"); delivered=$(jq .delivered "$out/report.json")
consumed=$(jq .consumed "$out/verify.json"); truncated=$(jq .truncated "$out/verify.json")
duplicates=$(jq .duplicates "$out/verify.json"); missing=$(jq .against.missing "$out/verify.json")

echo "soak result: ${seconds}s, produced $produced, delivered $delivered, consumed $consumed (+$truncated truncated by the broker)," \
  "duplicates $duplicates, missing $missing, rate error ${rate_error}%, RSS after warm-up ${baseline} MB -> max ${rss_max} MB (${growth}%)"
fail=0
[ "$run_exit" -eq 0 ] || { echo "FAIL: loadgen exited $run_exit (see $out/run.log)"; fail=1; }
[ "$verify_exit" -eq 0 ] || { echo "FAIL: verify found violations (see $out/verify.json)"; fail=1; }
awk -v g="$growth" 'BEGIN {exit (g < 10) ? 0 : 1}' || { echo "FAIL: RSS grew ${growth}% after the warm-up"; fail=1; }
awk -v e="$rate_error" 'BEGIN {exit (e < 1 && e > -1) ? 0 : 1}' || { echo "FAIL: rate error ${rate_error}%"; fail=1; }
[ "$fail" -eq 0 ] && echo "ok: soak passed (samples: $out/samples.csv)"
exit "$fail"
