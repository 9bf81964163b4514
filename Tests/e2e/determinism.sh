#!/usr/bin/env bash
# The same seed gives the same data everywhere (issue: event time). For --generators 1, 2, 3
# and 8, throttled (the profile's own rate: 600 messages take about 3 s) and unthrottled
# (--rate max: the same schedule's event times, sent as fast as the sink takes them), to
# stdout, a file and Kafka
# (`loadgen broker`), the multiset of messages is byte-identical (with one generator, stdout and
# the file are byte for byte the same, in order); per Kafka partition each
# user's messages come in the same order (and with one generator the whole partition order is
# the same). Shards: the union of --shard 0/3, 1/3, 2/3 is the single-process run, shards share
# no transaction id and no user. --seed random prints the seed it picked, and that seed makes
# the same data again.
set -uo pipefail
loadgen=${1:?usage: determinism.sh PATH_TO_LOADGEN}
. "$(dirname "$0")/../../scripts/lib/setup.sh"
set +e
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
unset KAFKA_BOOTSTRAP_SERVERS KAFKA_TOPIC GENERATION_RATE DURATION LOG_LEVEL
profile=loadprofiles/blackfriday.json
common=(--profile "$profile" --count 600 --no-status --log-level error)

digest() { sort "$1" | sha256sum | cut -d' ' -f1; }

# stdout and file, every generator count, both paces.
"$loadgen" "${common[@]}" --generators 1 --rate max --output stdout >"$work/ref.jsonl" 2>/dev/null || fail "reference run exited $?"
[ "$(wc -l <"$work/ref.jsonl")" -eq 600 ] || fail "reference run wrote $(wc -l <"$work/ref.jsonl") lines, expected 600"
ref=$(digest "$work/ref.jsonl")
for g in 1 2 3 8; do
  for rate in max profile; do
    pace=(--rate max); [ "$rate" = profile ] && pace=()
    "$loadgen" "${common[@]}" --generators "$g" "${pace[@]}" --output stdout >"$work/out.jsonl" 2>/dev/null || fail "stdout g=$g rate=$rate exited $?"
    [ "$(digest "$work/out.jsonl")" = "$ref" ] || fail "stdout, $g generator(s), --rate $rate: data differs from the reference"
    # The README's promise: with one generator, the same bytes in the same order.
    [ "$g" -ne 1 ] || cmp -s "$work/out.jsonl" "$work/ref.jsonl" || fail "stdout, 1 generator, --rate $rate: not byte for byte the reference"
  done
  rm -f "$work/file.jsonl"
  "$loadgen" "${common[@]}" --generators "$g" --rate max --output "file:$work/file.jsonl" 2>/dev/null || fail "file g=$g exited $?"
  [ "$(digest "$work/file.jsonl")" = "$ref" ] || fail "file, $g generator(s): data differs from the reference"
  [ "$g" -ne 1 ] || cmp -s "$work/file.jsonl" "$work/ref.jsonl" || fail "file, 1 generator: not byte for byte the reference"
done
# A user's transactions are in event-time order in every output.
python3 - "$work/ref.jsonl" <<'PY' || fail "a user's transactions are not in time order"
import json, sys
last = {}
for line in open(sys.argv[1]):
    t = json.loads(line)
    u, ts = t["user_id"], t["timestamp"]
    if u in last and ts < last[u]:
        sys.exit(1)
    last[u] = ts
PY

# Kafka: per partition, the same messages; each key's order the same.
mkdir -p "$work/broker"
loadgen_start_broker "$loadgen" "$work/broker" --partitions 6 || exit 1
pids+=("$LOADGEN_BROKER_PID")
partitions() {  # partitions TOPIC OUT: one line per message, "partition<TAB>key<TAB>value", in partition order
  kcat -C -b "$LOADGEN_BOOTSTRAP" -t "$1" -e -q -f '%p\t%k\t%s\n' >"$2" 2>/dev/null
}
for g in 1 8; do
  for rate in max profile; do
    topic="det-$g-$rate"
    pace=(--rate max); [ "$rate" = profile ] && pace=()
    "$loadgen" "${common[@]}" --generators "$g" "${pace[@]}" --bootstrap-servers "$LOADGEN_BOOTSTRAP" --topic "$topic" 2>/dev/null \
      || fail "kafka g=$g rate=$rate exited $?"
    partitions "$topic" "$work/$topic.tsv"
  done
done
python3 - "$work"/det-*.tsv <<'PY' || fail "Kafka partitions differ between runs"
import sys, collections
def load(path):
    parts = collections.defaultdict(list)
    for line in open(path, encoding="utf-8"):
        p, k, v = line.rstrip("\n").split("\t", 2)
        parts[p].append((k, v))
    return parts
runs = {path: load(path) for path in sys.argv[1:]}
ref_path = [p for p in runs if p.endswith("det-1-max.tsv")][0]
ref = runs[ref_path]
assert sum(len(v) for v in ref.values()) == 600, "expected 600 messages"
ok = True
for path, parts in runs.items():
    for p in set(ref) | set(parts):
        a, b = ref.get(p, []), parts.get(p, [])
        if sorted(a) != sorted(b):
            print(f"{path}: partition {p} holds other messages"); ok = False; continue
        per_key = lambda xs: {k: [v for kk, v in xs if kk == k] for k, _ in xs}
        if per_key(a) != per_key(b):
            print(f"{path}: partition {p}: a key's order differs"); ok = False
        if "det-1-" in path and a != b:
            print(f"{path}: partition {p}: order differs with one generator"); ok = False
sys.exit(0 if ok else 1)
PY

# Shards: the union is the single-process run; no shared id or user; counts add up.
for i in 0 1 2; do
  "$loadgen" "${common[@]}" --rate max --shard "$i/3" --output stdout >"$work/shard$i.jsonl" 2>/dev/null || fail "shard $i/3 exited $?"
done
[ "$(cat "$work"/shard?.jsonl | sort | sha256sum | cut -d' ' -f1)" = "$ref" ] || fail "the union of 3 shards differs from the single-process run"
python3 - "$work"/shard0.jsonl "$work"/shard1.jsonl "$work"/shard2.jsonl <<'PY' || fail "shards share ids or users"
import json, sys
ids, users = [], []
for path in sys.argv[1:]:
    rows = [json.loads(l) for l in open(path)]
    ids.append({r["transaction_id"] for r in rows}); users.append({r["user_id"] for r in rows})
for i in range(3):
    for j in range(i + 1, 3):
        assert not ids[i] & ids[j] and not users[i] & users[j]
PY

# --seed random: printed, kept in the report, and that seed gives the same data again.
"$loadgen" --count 50 --rate max --start 2026-11-23T10:00:00Z --seed random --output stdout --no-status --report "$work/random.json" >"$work/random.jsonl" 2>"$work/random.err" \
  || fail "--seed random exited $?"
seed=$(jq -r .seed "$work/random.json")
grep -q "seed $seed (--seed random)" "$work/random.err" || fail "--seed random did not print the seed it picked ($seed): $(cat "$work/random.err")"
"$loadgen" --count 50 --rate max --start 2026-11-23T10:00:00Z --seed "$seed" --output stdout --no-status --log-level error >"$work/again.jsonl" 2>/dev/null
cmp -s <(sort "$work/random.jsonl") <(sort "$work/again.jsonl") || fail "--seed $seed did not repeat --seed random's data"

if [ "$failures" -gt 0 ]; then echo "determinism.sh: $failures failure(s)"; exit 1; fi
echo "determinism.sh: ok"
