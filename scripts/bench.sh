#!/usr/bin/env bash
# Throughput side by side: loadgen's stress profile against a raw C librdkafka producer (the
# ceiling) sending loadgen's own pre-serialized transactions with the same keys and producer
# settings, to the same separate-process broker, alternately, ROUNDS rounds each of MESSAGES
# messages. Prints each round, the medians and the ratio; exits 1 if loadgen is below 80% of
# the ceiling.
#
# usage: scripts/bench.sh [ROUNDS=5] [MESSAGES=3000000]
#        scripts/bench.sh simulate|throttled|baseline [REF] [ROUNDS]   (scripts/bench_modes.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in simulate | throttled | baseline) exec scripts/bench_modes.sh "$@" ;; esac
. scripts/lib/setup.sh
loadgen_install_dependencies jq:jq
rounds=${1:-5}
messages=${2:-3000000}

loadgen_build_release
bin=$LOADGEN_BIN
loadgen_scratch_dir
work=$LOADGEN_WORK
cc -O2 -o "$work/ceiling" Benchmarks/ceiling/ceiling_producer.c $(pkg-config --cflags --libs rdkafka)
# The same allocator for both: loadgen links jemalloc, so the ceiling runs with it preloaded
# (it makes no difference to the ceiling's own figure, measured: within 1%).
jemalloc="$(pkg-config --variable=libdir jemalloc)/libjemalloc.so.2"

# The same producer settings for both (those of loadprofiles/stress.json).
settings=(batch.size=1000000 queue.buffering.max.messages=100000)
# The ceiling's input: loadgen's own transactions, so sizes and keys match.
"$bin" --profile loadprofiles/stress.json --output "file:$work/tx.jsonl" --count 200000 --no-status >/dev/null 2>&1

loadgen_start_broker "$bin" "$work"
bootstrap=$LOADGEN_BOOTSTRAP
echo "broker: separate process, 3 brokers, 12 partitions ($bootstrap); $messages messages per round, avg $(( $(wc -c <"$work/tx.jsonl") / 200000 )) bytes"
printf '%-8s %-6s %12s %10s %10s\n' who round msgs/s MB/s RSS_MB

ceiling_rates=()
loadgen_rates=()
for round in $(seq "$rounds"); do
  c=$(LD_PRELOAD="$jemalloc" "$work/ceiling" "$bootstrap" transactions "$work/tx.jsonl" "$messages" "${settings[@]}")
  rate=$(jq .msgs_per_s <<<"$c")
  ceiling_rates+=("$rate")
  printf '%-8s %-6s %12.0f %10.1f %10s\n' ceiling "$round" "$rate" "$(jq .mb_per_s <<<"$c")" -

  "$bin" --profile loadprofiles/stress.json --bootstrap-servers "$bootstrap" --count "$messages" \
    --no-status --report "$work/loadgen-$round.json" >/dev/null 2>&1
  r="$work/loadgen-$round.json"
  [ "$(jq .delivered "$r")" -eq "$messages" ] || { echo "loadgen delivered $(jq .delivered "$r") of $messages"; exit 1; }
  rate=$(jq '.delivered / (.duration_s + .flush_s)' "$r")
  loadgen_rates+=("$rate")
  printf '%-8s %-6s %12.0f %10.1f %10s\n' loadgen "$round" "$rate" "$(jq '.bytes / 1048576 / (.duration_s + .flush_s)' "$r")" "$(jq .rss_mb_max "$r")"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ceiling=$(median "${ceiling_rates[@]}")
loadgen=$(median "${loadgen_rates[@]}")
ratio=$(awk -v a="$loadgen" -v b="$ceiling" 'BEGIN {printf "%.3f", a / b}')
printf 'median   ceiling %.0f msgs/s   loadgen %.0f msgs/s   ratio %s\n' "$ceiling" "$loadgen" "$ratio"
awk -v r="$ratio" 'BEGIN {exit (r >= 0.8) ? 0 : 1}' || { echo "FAIL: loadgen is below 80% of the ceiling"; exit 1; }
echo "ok: loadgen reaches $ratio of librdkafka's ceiling"
