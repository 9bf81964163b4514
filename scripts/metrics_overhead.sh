#!/usr/bin/env bash
# What the Prometheus endpoint costs at full speed: the stress profile against a separate
# `loadgen broker`, alternately without and with --metrics-port (scraped every second with
# curl, as a Prometheus with a 1 s interval would), ROUNDS rounds of MESSAGES messages each.
# Prints each round, the medians and the difference.
#
# usage: scripts/metrics_overhead.sh [ROUNDS=3] [MESSAGES=2000000]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh
loadgen_install_dependencies jq:jq curl:curl
rounds=${1:-3}
messages=${2:-2000000}

loadgen_build_release
bin=$LOADGEN_BIN
loadgen_scratch_dir
work=$LOADGEN_WORK
loadgen_start_broker "$bin" "$work"
bootstrap=$LOADGEN_BOOTSTRAP

run() {  # run NAME EXTRA-FLAGS... -> msgs/s
  "$bin" --profile loadprofiles/stress.json --bootstrap-servers "$bootstrap" --count "$messages" --no-status \
    --report "$work/$1.json" "${@:2}" >"$work/$1.log" 2>&1
  [ "$(jq .delivered "$work/$1.json")" -eq "$messages" ] || { echo "delivered $(jq .delivered "$work/$1.json") of $messages" >&2; exit 1; }
  jq '.delivered / (.duration_s + .flush_s)' "$work/$1.json"
}
scrape() {  # scrapes the URL the run logs, every second, until the run ends
  local url=""
  for _ in $(seq 100); do url=$(grep -o 'http://127.0.0.1:[0-9]*/metrics' "$work/$1.log" 2>/dev/null | head -1 || true); [ -n "$url" ] && break; sleep 0.1; done
  while curl -fsS "$url" -o /dev/null 2>/dev/null; do echo x >>"$work/$1.scrapes"; sleep 1; done
}

printf '%-16s %-6s %12s\n' mode round msgs/s
without=(); with=()
for round in $(seq "$rounds"); do
  rate=$(run "plain-$round"); without+=("$rate")
  printf '%-16s %-6s %12.0f\n' "no endpoint" "$round" "$rate"
  scrape "metrics-$round" &
  scraper=$!
  rate=$(run "metrics-$round" --metrics-port 0); with+=("$rate")
  wait "$scraper" || true
  printf '%-16s %-6s %12.0f   (%s scrapes)\n' "--metrics-port" "$round" "$rate" "$(wc -l <"$work/metrics-$round.scrapes" 2>/dev/null || echo 0)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
a=$(median "${without[@]}"); b=$(median "${with[@]}")
awk -v a="$a" -v b="$b" 'BEGIN {printf "median   no endpoint %.0f msgs/s   --metrics-port %.0f msgs/s   difference %+.1f%%\n", a, b, (b - a) / a * 100}'
