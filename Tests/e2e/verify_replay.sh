#!/usr/bin/env bash
# Nothing lost, as a user checks it: a run against `loadgen broker`, `loadgen verify --against`
# its report; a broker killed mid-run: loadgen gives up after --stall-timeout, exits 1 and
# dead-letters what is undelivered; `loadgen replay` sends those to a new broker.
set -uo pipefail
loadgen=${1:?usage: verify_replay.sh PATH_TO_LOADGEN}
. "$(dirname "$0")/../../scripts/lib/setup.sh"
set +e  # setup.sh sets -e; this script counts failures and goes on
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
unset KAFKA_BOOTSTRAP_SERVERS KAFKA_TOPIC GENERATION_RATE DURATION LOG_LEVEL

start_broker() {  # start_broker NAME: a broker with its files in $work/NAME, its address in LOADGEN_BOOTSTRAP
  mkdir -p "$work/$1"
  loadgen_start_broker "$loadgen" "$work/$1" --partitions 6 || exit 1
  pids+=("$LOADGEN_BROKER_PID")
}

start_broker a
a=$LOADGEN_BOOTSTRAP
"$loadgen" --bootstrap-servers "$a" --rate 2000/s --duration 3s --no-status --report "$work/run.json" >/dev/null 2>&1 || fail "run exited $?"
"$loadgen" verify --bootstrap-servers "$a" --topic transactions --against "$work/run.json" --report "$work/verify.json" >"$work/verify.out" 2>&1 \
  || fail "verify exited $?: $(cat "$work/verify.out")"
[ "$(jq .passed "$work/verify.json")" = true ] || fail "verify did not pass"
[ "$(jq .consumed "$work/verify.json")" = "$(jq .delivered "$work/run.json")" ] || fail "consumed != delivered"
# The same run again into the same topic: every id is now there twice, and verify says so.
"$loadgen" --bootstrap-servers "$a" --rate max --count 500 --no-status >/dev/null 2>&1
"$loadgen" --bootstrap-servers "$a" --rate max --count 500 --no-status >/dev/null 2>&1
"$loadgen" verify --bootstrap-servers "$a" --report "$work/verify2.json" >/dev/null 2>&1
code=$?
[ "$code" -eq 1 ] || fail "verify of a topic with duplicates exited $code, expected 1"
[ "$(jq .duplicates "$work/verify2.json")" -ge 500 ] || fail "verify missed the duplicates"

# A broker that dies mid-run.
start_broker b
b=$LOADGEN_BOOTSTRAP
broker_b=${pids[-1]}
"$loadgen" --bootstrap-servers "$b" --rate 1000/s --duration 30s --stall-timeout 3s --no-status \
  --dead-letter "$work/dead.jsonl" --report "$work/stalled.json" >/dev/null 2>&1 &
run=$!
sleep 3
kill -9 "$broker_b"
wait "$run"
code=$?
[ "$code" -eq 1 ] || fail "a run whose broker died exited $code, expected 1"
[ "$(jq .stalled "$work/stalled.json")" = true ] || fail "report does not say stalled"
dead=$(jq .dead_lettered "$work/stalled.json")
[ "$dead" -gt 0 ] && [ "$(wc -l <"$work/dead.jsonl")" -eq "$dead" ] || fail "dead-letter file has $(wc -l <"$work/dead.jsonl") lines, report says $dead"
[ "$(jq '.produced == .delivered + .failed' "$work/stalled.json")" = true ] || fail "produced != delivered + failed: $(jq -c '{produced,delivered,failed,dead_lettered,undelivered}' "$work/stalled.json")"

start_broker c
c=$LOADGEN_BOOTSTRAP
"$loadgen" replay --bootstrap-servers "$c" "$work/dead.jsonl" >"$work/replay.out" 2>&1 || fail "replay exited $?: $(cat "$work/replay.out")"
grep -q "delivered $dead " "$work/replay.out" || fail "replay: $(cat "$work/replay.out")"
"$loadgen" verify --bootstrap-servers "$c" --report "$work/verify3.json" >"$work/verify3.out" 2>&1 || fail "verify of the replayed messages failed: $(cat "$work/verify3.out")"
[ "$(jq .consumed "$work/verify3.json")" = "$dead" ] || fail "replayed topic holds $(jq .consumed "$work/verify3.json"), expected $dead"

# --simulate to Kafka: a simulated half hour of the default profile, as fast as the broker
# takes it, then verify reads it all back.
start_broker d
d=$LOADGEN_BOOTSTRAP
"$loadgen" --profile loadprofiles/default.json --bootstrap-servers "$d" --topic simulated --simulate 30m \
  --start 2026-11-30T14:00:00Z --rate 24000 --no-status --report "$work/sim.json" >"$work/sim.out" 2>&1 \
  || fail "--simulate to Kafka exited $?: $(tail -3 "$work/sim.out")"
sim=$(jq .delivered "$work/sim.json")
[ "$sim" -gt 5000 ] && [ "$(jq .produced "$work/sim.json")" = "$sim" ] || fail "--simulate to Kafka: $(jq -c '{produced,delivered,failed}' "$work/sim.json")"
"$loadgen" verify --bootstrap-servers "$d" --topic simulated --against "$work/sim.json" --report "$work/verify-sim.json" >"$work/verify-sim.out" 2>&1 \
  || fail "verify of the simulated topic exited $?: $(cat "$work/verify-sim.out")"
[ "$(jq .consumed "$work/verify-sim.json")" = "$sim" ] || fail "simulated topic holds $(jq .consumed "$work/verify-sim.json"), the run delivered $sim"

# --then-live across two shards into one topic: each backfills its share of a simulated
# 10 minutes, then goes on live; merged, the shards' reports account for every message.
shards=()
# Each shard starts its window on its own clock's minute: not launched astride a minute.
while [ $(($(date +%s) % 60)) -ge 50 ]; do sleep 1; done
for i in 0 1; do
  "$loadgen" --profile loadprofiles/default.json --bootstrap-servers "$d" --topic handover --shard "$i/2" --seed 9 \
    --simulate 10m --then-live --duration 2s --rate 36000 --no-status --artifacts "$work/shards" >"$work/shard-$i.out" 2>&1 &
  shards[i]=$!
  pids+=("$!")
done
for i in 0 1; do wait "${shards[i]}" || fail "shard $i of a --then-live run exited $?: $(tail -3 "$work/shard-$i.out")"; done
"$loadgen" merge "$work/shards" --report "$work/merged.json" >"$work/merge.out" 2>&1 || fail "merge exited $?: $(cat "$work/merge.out")"
merged=$(jq .delivered "$work/merged.json")
[ "$merged" -gt 500 ] || fail "the two shards delivered $merged"
"$loadgen" verify --bootstrap-servers "$d" --topic handover --against "$work/merged.json" --report "$work/verify-handover.json" >"$work/verify-handover.out" 2>&1 \
  || fail "verify of the two shards' topic exited $?: $(cat "$work/verify-handover.out")"
[ "$(jq .consumed "$work/verify-handover.json")" = "$merged" ] || fail "the shards' topic holds $(jq .consumed "$work/verify-handover.json"), merged report says $merged"

if [ "$failures" -eq 0 ]; then echo "ok: verify, stall, dead letters, replay, --simulate to Kafka ($sim verified), --then-live over 2 shards ($merged verified)"; else exit 1; fi
