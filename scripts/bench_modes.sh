#!/usr/bin/env bash
# The schedule's benchmarks (figures in README "Performance"), run as `scripts/bench.sh MODE`:
#
#   simulate   `--simulate 14d` of default.json at a 24,000/h base rate (9,599,503 transactions)
#              to --output null with 1 and 2 generators, and to a file: transactions per second
#              (wall clock, start-up included) and the process's CPU seconds.
#   throttled  process CPU (user + sys, /usr/bin/time; the median of THROTTLED_ROUNDS runs, 3
#              by default) per message, unthrottled against
#              throttled at 1,000 … 100,000/s with --output null (flat profile), and with Kafka
#              to a separate `loadgen broker` (stress profile's producer settings), then the
#              C ceiling producer (librdkafka alone, no generation) paced the same way: the
#              floor any librdkafka producer pays at that rate with those settings.
#   baseline [REF] [ROUNDS]
#              this build against REF (default feaad88, the first round's last engine: the
#              19-field transaction the issues' throughput targets were measured on), on this
#              machine, now: REF is built once from `git archive` into .build-baseline/REF, then
#              the two alternate ROUNDS times (5 by default) on the null stress run (its own
#              tree's stress.json, 3M transactions, `--output null`) with 1 and with 2
#              generators. Prints each round (wall clock and process CPU), the medians and this
#              build's rate as a share of REF's. A shared VM's speed drifts several-fold from day
#              to day; two builds alternating minute by minute drift together, so the share is the
#              figure to compare with a target set on another day.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh
loadgen_install_dependencies jq:jq time:/usr/bin/time
mode=${1:?usage: scripts/bench.sh simulate|throttled|baseline [REF] [ROUNDS]}
if [ "$mode" = baseline ]; then
  ref=${2:-feaad88}
  rounds=${3:-5}
  git rev-parse --verify --quiet "$ref^{commit}" >/dev/null || { echo "bench.sh baseline: REF: expected a commit of this repository, got '$ref'" >&2; exit 2; }
  [[ "$rounds" =~ ^[1-9][0-9]?$ ]] || { echo "bench.sh baseline: ROUNDS: expected a number of rounds in 1...99, got '$rounds'" >&2; exit 2; }
fi
loadgen_build_release
bin=$LOADGEN_BIN
loadgen_scratch_dir
work=$LOADGEN_WORK

cpu() {  # cpu ARGS...: runs loadgen, prints "cpu_seconds messages wall_seconds"
  /usr/bin/time -f '%U %S %e' -o "$work/time" "$bin" "$@" --no-status --log-level error --report "$work/r.json" >/dev/null 2>&1
  read -r user sys wall <"$work/time"
  echo "$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}') $(jq .produced "$work/r.json") $wall"
}

case "$mode" in
simulate)
  printf '%-34s %12s %10s %12s %8s\n' run transactions seconds tx/s cpu_s
  for target in "null 1" "null 2" "file 2"; do
    set -- $target
    out=null; [ "$1" = file ] && out="file:$work/14d.jsonl"
    read -r c n wall < <(cpu --profile loadprofiles/default.json --simulate 14d --start 2026-11-16 --rate 24000 --output "$out" --generators "$2")
    printf '%-34s %12s %10s %12.0f %8s\n' "simulate 14d -> $1, $2 generator(s)" "$n" "$wall" "$(awk -v n="$n" -v w="$wall" 'BEGIN {print n / w}')" "$c"
    rm -f "$work/14d.jsonl"
  done
  ;;
throttled)
  echo '{"name": "flat", "multipliers": []}' >"$work/flat.json"
  # Each row: the whole process's CPU, and the CPU per message net of start-up (the same run
  # with --count 1: profile, population, connecting and flushing), the figure the targets use.
  printf '%-58s %10s %12s %14s %12s\n' run messages cpu_seconds cpu_per_msg_us net_us
  startup=0
  # Each run ${THROTTLED_ROUNDS:-3} times, the median CPU kept (a shared VM's CPU figures
  # wander by 10 % from one minute to the next).
  median() {  # median MEASURE ARGS...: "cpu_seconds messages" of the median run of MEASURE ARGS
    local runs=()
    for _ in $(seq "${THROTTLED_ROUNDS:-3}"); do read -r c n _ < <("$@"); runs+=("$c $n"); done
    printf '%s\n' "${runs[@]}" | sort -g | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'
  }
  row() {  # row LABEL MEASURE ARGS... (MEASURE: cpu for loadgen, ceiling for the C producer)
    local label=$1; shift
    read -r c n < <(median "$@")
    printf '%-58s %10s %12.2f %14.2f %12.2f\n' "$label" "$n" "$c" "$(awk -v c="$c" -v n="$n" 'BEGIN {print c / n * 1e6}')" \
      "$(awk -v c="$c" -v s="$startup" -v n="$n" 'BEGIN {print (c - s) / n * 1e6}')"
  }
  read -r startup _ < <(median cpu --profile "$work/flat.json" --output null --count 1 --rate max)
  echo "start-up, --output null --count 1: $startup CPU-s"
  row "null, unthrottled, --count 1000000" cpu --profile "$work/flat.json" --output null --count 1000000 --rate max
  for r in 1000 5000 20000 100000; do
    row "null, --rate ${r}/s --duration 10s" cpu --profile "$work/flat.json" --output null --rate "${r}/s" --duration 10s
  done
  loadgen_start_broker "$bin" "$work"
  kafka=(--profile loadprofiles/stress.json --bootstrap-servers "$LOADGEN_BOOTSTRAP")
  read -r startup _ < <(median cpu "${kafka[@]}" --count 1)
  echo "start-up, kafka --count 1: $startup CPU-s"
  row "kafka, stress, unthrottled, --count 1000000" cpu "${kafka[@]}" --count 1000000
  for r in 20000 100000; do
    row "kafka, stress, --rate ${r}/s --duration 10s" cpu "${kafka[@]}" --rate "${r}/s" --duration 10s
    # The README's advice for long soaks: fewer, fuller produce requests.
    row "kafka, stress, --rate ${r}/s --duration 10s -X linger.ms=100" cpu "${kafka[@]}" --rate "${r}/s" --duration 10s -X linger.ms=100
  done
  # librdkafka's own floor: the C ceiling producer (scripts/bench.sh) sending loadgen's
  # pre-serialized transactions with the same settings, unthrottled and paced in slices of half
  # the linger, as loadgen's live runs are. What a throttled Kafka row costs beyond it is loadgen's.
  cc -O2 -o "$work/ceiling" Benchmarks/ceiling/ceiling_producer.c $(pkg-config --cflags --libs rdkafka)
  "$bin" --profile loadprofiles/stress.json --output "file:$work/tx.jsonl" --count 200000 --no-status >/dev/null 2>&1
  ceiling() {  # ceiling RATE SLICE_US COUNT [key=value...]: one run, "cpu_seconds messages"
    local rate=$1 slice=$2 count=$3
    shift 3
    CEILING_RATE=$rate CEILING_SLICE_US=$slice /usr/bin/time -f '%U %S' -o "$work/time" "$work/ceiling" "$LOADGEN_BOOTSTRAP" transactions \
      "$work/tx.jsonl" "$count" batch.size=1000000 queue.buffering.max.messages=100000 "$@" >/dev/null
    echo "$(awk '{print $1 + $2}' "$work/time") $count"
  }
  read -r startup _ < <(median ceiling 0 1000 1)
  echo "start-up, C ceiling producer, 1 message: $startup CPU-s"
  row "C ceiling (librdkafka alone), unthrottled, 1000000" ceiling 0 1000 1000000
  for r in 20000 100000; do
    row "C ceiling, ${r}/s for 10 s, 2.5 ms slices" ceiling "$r" 2500 $((r * 10))
    row "C ceiling, ${r}/s for 10 s, linger.ms=100, 50 ms slices" ceiling "$r" 50000 $((r * 10)) linger.ms=100
  done
  ;;
baseline)
  commit=$(git rev-parse --short=7 "$ref^{commit}")
  tree=.build-baseline/$commit
  if [ ! -x "$tree/.build/release/loadgen" ]; then
    echo "building $commit in $tree (once)" >&2
    rm -rf "$tree" && mkdir -p "$tree"
    git archive "$commit" | tar -x -C "$tree"
    (cd "$tree" && swift build -c release --product loadgen >&2)
  fi
  # One run of a build in its own tree (its own stress.json): "wall_seconds cpu_seconds".
  run() {  # run DIR BINARY GENERATORS
    (cd "$1" && /usr/bin/time -f '%e %U %S' -o "$work/time" "$2" --profile loadprofiles/stress.json --output null \
      --count 3000000 --generators "$3" --no-status >/dev/null 2>&1)
    awk '{print $1, $2 + $3}' "$work/time"
  }
  median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
  printf '%-10s %-10s %-6s %10s %10s %14s %14s\n' build generators round wall_s cpu_s tx/s tx/cpu_s
  for generators in 1 2; do
    walls_ref=() walls_now=() cpus_ref=() cpus_now=()
    for round in $(seq "$rounds"); do
      for who in "$commit" now; do
        if [ "$who" = now ]; then read -r wall cpu < <(run . "$bin" "$generators"); walls_now+=("$wall"); cpus_now+=("$cpu")
        else read -r wall cpu < <(run "$tree" "$PWD/$tree/.build/release/loadgen" "$generators"); walls_ref+=("$wall"); cpus_ref+=("$cpu"); fi
        printf '%-10s %-10s %-6s %10s %10s %14.0f %14.0f\n' "$who" "$generators" "$round" "$wall" "$cpu" \
          "$(awk -v w="$wall" 'BEGIN {print 3000000 / w}')" "$(awk -v c="$cpu" 'BEGIN {print 3000000 / c}')"
      done
    done
    wr=$(median "${walls_ref[@]}") wn=$(median "${walls_now[@]}") cr=$(median "${cpus_ref[@]}") cn=$(median "${cpus_now[@]}")
    awk -v g="$generators" -v c="$commit" -v wr="$wr" -v wn="$wn" -v cr="$cr" -v cn="$cn" 'BEGIN {
      printf "median, %d generator(s): %s %.0f tx/s (%.0f per CPU-s), this build %.0f tx/s (%.0f per CPU-s): %.2f of its rate (%.2f per CPU-s)\n",
        g, c, 3e6 / wr, 3e6 / cr, 3e6 / wn, 3e6 / cn, wr / wn, cr / cn }'
  done
  ;;
*) echo "unknown mode $mode: simulate, throttled or baseline"; exit 2 ;;
esac
