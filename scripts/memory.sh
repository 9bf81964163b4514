#!/usr/bin/env bash
# Memory stays flat under max load: runs the stress profile for SECONDS (default 300) against a
# separate-process broker, samples loadgen's RSS every 5 s into a CSV, and passes when RSS at
# the end is less than 10% above RSS after the first minute.
#
# usage: scripts/memory.sh [SECONDS=300] [CSV=out/memory.csv]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh
loadgen_install_dependencies jq:jq
seconds=${1:-300}
csv=${2:-out/memory.csv}
mkdir -p "$(dirname "$csv")"

loadgen_build_release
bin=$LOADGEN_BIN
loadgen_scratch_dir
work=$LOADGEN_WORK
loadgen_start_broker "$bin" "$work"

"$bin" --profile loadprofiles/stress.json --bootstrap-servers "$LOADGEN_BOOTSTRAP" --duration "${seconds}s" \
  --no-status --report "$work/report.json" >/dev/null 2>&1 &
pid=$!
echo "elapsed_s,rss_mb" >"$csv"
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print $2 / 1024}' "/proc/$pid/status" 2>/dev/null || true)
  [ -n "$rss" ] && echo "$(( $(date +%s) - start )),$rss" >>"$csv"
  sleep 5
done
wait "$pid"
at_minute=$(awk -F, 'NR > 1 && $1 >= 60 {print $2; exit}' "$csv")
at_end=$(awk -F, 'NR > 1 {v = $2} END {print v}' "$csv")
growth=$(awk -v a="$at_minute" -v b="$at_end" 'BEGIN {printf "%.1f", (b - a) / a * 100}')
echo "delivered $(jq .delivered "$work/report.json") at $(jq .achieved_rate_per_s "$work/report.json") msgs/s; RSS after 1 min ${at_minute} MB, at end ${at_end} MB, growth ${growth}% (samples in $csv)"
awk -v g="$growth" 'BEGIN {exit (g < 10) ? 0 : 1}' || { echo "FAIL: RSS grew ${growth}% after the first minute"; exit 1; }
echo "ok: memory flat under max load"
