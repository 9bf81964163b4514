#!/usr/bin/env bash
# The command line as users type it: data to stdout, the documented older forms, environment
# variables, exit codes, and one-line errors for bad input.
set -uo pipefail
loadgen=${1:?usage: cli.sh PATH_TO_LOADGEN}
root="$(cd "$(dirname "$0")/../.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
unset KAFKA_BOOTSTRAP_SERVERS KAFKA_TOPIC GENERATION_RATE DURATION LOG_LEVEL

# Five transactions to stdout, piped to jq.
n=$("$loadgen" --output stdout --count 5 2>/dev/null | jq -c .transaction_id | wc -l)
[ "$n" -eq 5 ] || fail "--output stdout --count 5 | jq gave $n lines"

# The binary allocates with jemalloc (linked for the whole process, librdkafka included): the
# memory check and the throughput figures depend on it.
LD_DEBUG=bindings "$loadgen" --version >"$work/bindings.txt" 2>&1
grep -q "libjemalloc.so.2 \[0\]: normal symbol .malloc'" "$work/bindings.txt" \
  || fail "loadgen's malloc is not jemalloc's (Package.swift links it on Linux)"

# The older forms.
"$loadgen" transaction --topic my_transactions --rate 500 --duration 2 --output null --no-status >"$work/t.out" 2>&1 \
  || fail "loadgen transaction --topic ... exited $?"
grep -q "topic my_transactions" "$work/t.out" || fail "legacy form did not use --topic"
"$loadgen" --log-level DEBUG transaction --count 3 --output null --no-status >/dev/null 2>"$work/debug.err" \
  || fail "loadgen --log-level DEBUG transaction exited $?"
grep -q "debug" "$work/debug.err" || fail "--log-level DEBUG printed no debug lines"

# Environment variables, and flags over them.
KAFKA_TOPIC=env_topic GENERATION_RATE=3600 DURATION=2 "$loadgen" --output null --no-status --report "$work/env.json" >/dev/null 2>&1 \
  || fail "run from environment exited $?"
[ "$(jq -r .topic "$work/env.json")" = env_topic ] || fail "KAFKA_TOPIC not used"
[ "$(jq -r '.duration_s | floor' "$work/env.json")" = 2 ] || fail "DURATION not used"
KAFKA_TOPIC=env_topic "$loadgen" --topic flag_topic --count 2 --output null --no-status --report "$work/flag.json" >/dev/null 2>&1
[ "$(jq -r .topic "$work/flag.json")" = flag_topic ] || fail "--topic did not win over KAFKA_TOPIC"

# The generators a run gets unless told: one for a live run far below 100,000/s, one per core
# for a run sent as fast as the output takes it, and what --generators says.
"$loadgen" --output null --rate 2000/s --duration 1s --no-status --report "$work/g-live.json" >/dev/null 2>&1
[ "$(jq .generators "$work/g-live.json")" = 1 ] || fail "a live run at 2000/s got $(jq .generators "$work/g-live.json") generators, expected 1"
"$loadgen" --output null --rate max --count 1000 --no-status --report "$work/g-max.json" >/dev/null 2>&1
[ "$(jq .generators "$work/g-max.json")" = "$(nproc)" ] || fail "--rate max got $(jq .generators "$work/g-max.json") generators, expected $(nproc)"
"$loadgen" --output null --rate 2000/s --duration 1s --generators 3 --no-status --report "$work/g-3.json" >/dev/null 2>&1
[ "$(jq .generators "$work/g-3.json")" = 3 ] || fail "--generators 3 got $(jq .generators "$work/g-3.json")"

# A file sink writes JSON lines.
"$loadgen" --output "file:$work/tx.jsonl" --count 100 --no-status >/dev/null 2>&1 || fail "file output exited $?"
[ "$(wc -l <"$work/tx.jsonl")" -eq 100 ] || fail "file output line count"

# Bad input: exit 2, one line naming what is wrong, nothing sent.
check_bad() {
  local expect="$1"; shift
  local err
  err=$("$@" 2>&1 >/dev/null)
  local code=$?
  [ "$code" -eq 2 ] || fail "'$*' exited $code, expected 2"
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "'$*' printed $(printf '%s\n' "$err" | wc -l) lines: $err"
  printf '%s' "$err" | grep -qF -- "$expect" || fail "'$*' said: $err (expected '$expect')"
}
printf '{"rate": 1000, "multipliers": [{"hours": [9, 25], "factor": 2}]}' >"$work/bad.json"
check_bad '$.multipliers[0].hours: expected [start, end] with 0...24, got [9, 25]' "$loadgen" --profile "$work/bad.json"
printf '{"rate": 1000,\n "topic" "x"}' >"$work/malformed.json"
check_bad "line 2, column 10: malformed JSON" "$loadgen" --profile "$work/malformed.json"
check_bad "no such file" "$loadgen" --profile "$work/missing.json"
check_bad "--rate: expected" "$loadgen" --rate fast --output null
check_bad "GENERATION_RATE: expected" env GENERATION_RATE=-3 "$loadgen" --output null
check_bad "--duration: expected a duration" "$loadgen" --duration soon --output null
check_bad "--shard: expected i/n" "$loadgen" --shard 3/2 --output null
check_bad "--output: expected kafka, stdout, file:PATH or null" "$loadgen" --output kafak
check_bad "-X: unknown Kafka property linger.msec" "$loadgen" -X linger.msec=5 --count 1
check_bad "-X: expected key=value" "$loadgen" -X linger.ms --count 1
check_bad "Unknown option '--rat'" "$loadgen" --rat 5
check_bad "-X sasl.password: environment variable LOADGEN_NO_SUCH_VAR is not set" "$loadgen" -X sasl.password=env:LOADGEN_NO_SUCH_VAR --count 1
check_bad "message.max.bytes: 1000 is smaller than this profile's transactions" "$loadgen" -X message.max.bytes=1000 --count 1
check_bad "--max-attempts: expected 1...100" "$loadgen" --max-attempts 0 --count 1
check_bad "--stall-timeout: expected a duration" "$loadgen" --stall-timeout never --count 1
check_bad "--against: cannot read $work/none.json" "$loadgen" verify --bootstrap-servers 127.0.0.1:1 --against "$work/none.json"
check_bad "$work/none.jsonl: cannot read the file" "$loadgen" replay --bootstrap-servers 127.0.0.1:1 "$work/none.jsonl"
# Numbers, names and addresses: refused where parsed, at once (these crashed, hung or ran on).
check_bad "--rate: expected a rate of at most 10m/s" timeout 10 "$loadgen" --rate 1e12/s --duration 2 --output null
check_bad "--rate: expected a rate of at most 10m/s" timeout 10 "$loadgen" --rate 1e19/s --output null
check_bad "--duration: expected a duration in 1ms...365d" timeout 10 "$loadgen" --duration 1e16 --output null
check_bad "--stats-interval: expected a duration in 1ms...365d" timeout 10 "$loadgen" --stats-interval 1e300 --output null
check_bad "--flush-timeout: expected a duration in 1ms...365d" timeout 10 "$loadgen" --flush-timeout 1e300 --output null
printf '{"rate": {"per_hour": 1e300}}' >"$work/huge.json"
check_bad '$.rate.per_hour: expected a rate of at most 10m/s' timeout 10 "$loadgen" --profile "$work/huge.json" --output null
printf '{"multipliers": [{"factor": 1e200}, {"factor": 1e200}]}' >"$work/factors.json"
check_bad '$.multipliers[0].factor: expected a positive factor of at most 1000' timeout 10 "$loadgen" --profile "$work/factors.json" --output null
printf '{"clock": {"start": "2026-02-30"}}' >"$work/date.json"
check_bad '$.clock.start: "2026-02-30" is not a date' "$loadgen" --profile "$work/date.json" --output null
printf '%s' '{"topic": "\u001b]0;owned\u0007"}' >"$work/control.json"
check_bad '$.topic: expected a Kafka topic name (1-249 of a-z A-Z 0-9 . _ -), got "\u{1B}]0;owned\u{7}"' "$loadgen" --profile "$work/control.json" --output null
check_bad "--profile: \"/dev/zero\": not a regular file" timeout 10 "$loadgen" --profile /dev/zero --output null
check_bad "--topic: expected a Kafka topic name" "$loadgen" --topic 'orders and returns!' --output null
check_bad "KAFKA_TOPIC: expected a Kafka topic name" env KAFKA_TOPIC=.. "$loadgen" --output null
check_bad "--partitions: expected 1...10000, got 100000" "$loadgen" --partitions 100000 --output null
check_bad "-X: unknown Kafka property no.such.property" "$loadgen" -X no.such.property=1 --output null
check_bad "-X sasl.password: environment variable LOADGEN_NO_SUCH_VAR is not set" "$loadgen" -X sasl.password=env:LOADGEN_NO_SUCH_VAR --output null
check_bad "--bootstrap-servers: expected HOST:PORT[,HOST:PORT...] with ports in 1...65535" timeout 5 "$loadgen" --bootstrap-servers a:b:c --count 1
check_bad "unknown command 'brokr' (did you mean 'broker'?" "$loadgen" brokr --brokers 3
check_bad '-X sasl.password: the value *** starts with "="' "$loadgen" -X sasl.password==x --output null
for secret in "sasl.password hunter2" "sasl.password:hunter2" "sasl.password==hunter2"; do
  "$loadgen" -X "$secret" --output null 2>&1 | grep -q hunter2 && fail "-X '$secret' echoed the password"
done

# Paths that would overwrite data or inputs are refused before anything is written (found by a
# hostile user, 2026-12-02): exit 2, and the files as they were.
"$loadgen" --output stdout --report /dev/stdout --count 2 --no-status >"$work/data.jsonl" 2>"$work/err"; code=$?
[ "$code" -eq 2 ] && grep -q "is this run's standard output" "$work/err" || fail "--report /dev/stdout with --output stdout: exit $code, $(cat "$work/err")"
# Standard output a pipe: /dev/stdout is the same pipe, refused alike.
"$loadgen" --output stdout --report /dev/stdout --count 2 --no-status 2>"$work/err" | cat >"$work/piped.jsonl"; code=${PIPESTATUS[0]}
[ "$code" -eq 2 ] && grep -q "is this run's standard output" "$work/err" && [ ! -s "$work/piped.jsonl" ] ||
  fail "--report /dev/stdout with --output stdout into a pipe: exit $code, $(cat "$work/err"), $(wc -c <"$work/piped.jsonl") bytes piped"
"$loadgen" --output "file:/dev/stdout" --report /dev/stdout --count 2 --no-status >"$work/data.jsonl" 2>"$work/err"; code=$?
[ "$code" -eq 2 ] && grep -q "is the same file as --report" "$work/err" || fail "--output file:/dev/stdout --report /dev/stdout: exit $code, $(cat "$work/err")"
"$loadgen" --output null --report /dev/null --html-report /dev/null --count 2 --no-status >/dev/null 2>&1 || fail "two reports on /dev/null refused"
check_bad "--artifacts: $work/art is --output's output file" "$loadgen" --output "file:$work/art" --artifacts "$work/art" --count 5
[ ! -e "$work/art" ] || fail "--artifacts created $work/art before a refusal"
printf '{"topic":"t","key":"1","value":"{}","error":"x","error_code":"x","attempts":1,"possibly_persisted":false,"time":"2026-01-01T00:00:00Z","order":0}\n' >"$work/dead.jsonl"
check_bad "--dead-letter: $work/dead.jsonl is the same file as $work/dead.jsonl, which this run reads" "$loadgen" replay --bootstrap-servers 127.0.0.1:1 "$work/dead.jsonl" --dead-letter "$work/dead.jsonl"
[ "$(wc -l <"$work/dead.jsonl")" -eq 1 ] || fail "replay --dead-letter onto its input changed it"
"$loadgen" --output null --count 2 --no-status --report "$work/run.json" >/dev/null 2>&1
cp "$work/run.json" "$work/run.before.json"
check_bad "--report: $work/run.json is the same file as $work/run.json, which this run reads" "$loadgen" verify --bootstrap-servers 127.0.0.1:1 --against "$work/run.json" --report "$work/run.json"
cmp -s "$work/run.json" "$work/run.before.json" || fail "verify --report overwrote the --against report"
mkdir "$work/art2" "$work/art3"
check_bad "--dead-letter: $work/art2/shard-0-of-1.stats.jsonl is the same file as $work/art2/shard-0-of-1.stats.jsonl, which --artifacts writes" \
  "$loadgen" --output null --artifacts "$work/art2" --dead-letter "$work/art2/shard-0-of-1.stats.jsonl" --count 5
check_bad "--output: $work/art2/shard-1-of-2.latency.hlog is the same file as" "$loadgen" --output "file:$work/art2/shard-1-of-2.latency.hlog" --artifacts "$work/art2" --shard 1/2 --count 5
[ -z "$(ls -A "$work/art2")" ] || fail "a refused run wrote into $work/art2: $(ls "$work/art2")"
"$loadgen" --output null --artifacts "$work/art3" --stats-file "$work/art3/shard-0-of-1.stats.jsonl" --count 5 --no-status >/dev/null 2>&1 ||
  fail "--stats-file on the artifacts' own stats stream refused"
[ -s "$work/art3/shard-0-of-1.stats.jsonl" ] || fail "--stats-file on the artifacts' stats stream: the stream is empty"
for i in 0 1; do "$loadgen" --output null --count 100 --shard "$i/2" --artifacts "$work/shards" --no-status >/dev/null 2>&1; done
cp "$work/shards/shard-0-of-2.report.json" "$work/shard0.before.json"
check_bad "--report: $work/shards/shard-0-of-2.report.json is the same file as" "$loadgen" merge "$work/shards" --report "$work/shards/shard-0-of-2.report.json"
cmp -s "$work/shards/shard-0-of-2.report.json" "$work/shard0.before.json" || fail "merge --report overwrote a shard's report"
check_bad "--stats-file: $work/m.json is the same file as --report $work/m.json" "$loadgen" merge "$work/shards" --report "$work/m.json" --stats-file "$work/m.json"
# A stats file that cannot be written (a full disk) is said once and listed in the report's
# errors; the run goes on (it was silent).
"$loadgen" --output null --rate 50/s --duration 3s --stats-file /dev/full --stats-interval 1s --no-status \
  --report "$work/full.json" >/dev/null 2>"$work/full.err"
[ "$(grep -c 'stats-file /dev/full: No space left on device' "$work/full.err")" = 1 ] || fail "--stats-file /dev/full: not warned once: $(cat "$work/full.err")"
jq -e '.errors | any(startswith("--stats-file /dev/full: No space left on device"))' "$work/full.json" >/dev/null ||
  fail "--stats-file /dev/full: not in the report's errors"
# A threshold on the topic read back: named where it was written; refused by merge, where it
# would pass as "no data" (the topic is read back per shard).
printf '{"thresholds": {"missing": "== 0"}}' >"$work/verify-threshold.json"
check_bad "$work/verify-threshold.json: \$.thresholds.missing: missing is known only from reading the topic back: add --verify" \
  "$loadgen" --profile "$work/verify-threshold.json" --output null --count 5
check_bad "--threshold: \"missing == 0\": missing is known only from reading the topic back: add --verify" "$loadgen" --threshold 'missing == 0' --output null --count 5
check_bad "--threshold: \"missing == 0\": missing is judged per shard only" "$loadgen" merge "$work/shards" --threshold 'missing == 0'
# Brokers named as a Kafka property are the run's (the embedded broker stood in for them).
printf '{"producer": {"bootstrap.servers": "127.0.0.1:1"}}' >"$work/brokers.json"
for brokers in "-X bootstrap.servers=127.0.0.1:1" "--profile $work/brokers.json"; do
  # shellcheck disable=SC2086
  err=$("$loadgen" $brokers --connect-timeout 1s --count 1 --no-status 2>&1 >/dev/null); code=$?
  [ "$code" -eq 1 ] && printf '%s' "$err" | grep -q "cannot reach Kafka at 127.0.0.1:1" || fail "$brokers: exit $code, $err"
done

for p in "$root"/loadprofiles/*.json; do
  "$loadgen" --profile "$p" --rate max --count 20 --output null --no-status >/dev/null 2>&1 || fail "shipped profile $p does not run"
done

# An unreachable cluster: exit 1 with the clear message, within the connect timeout.
err=$("$loadgen" --bootstrap-servers 127.0.0.1:1 --connect-timeout 2s --count 1 --no-status 2>&1 >/dev/null)
code=$?
[ "$code" -eq 1 ] || fail "unreachable cluster exited $code, expected 1"
printf '%s' "$err" | grep -q "cannot reach Kafka at 127.0.0.1:1 within 2s (Connection refused): is the broker running, and is that its address?" \
  || fail "unreachable message: $err"

if [ "$failures" -eq 0 ]; then echo "ok: command line forms, environment, exit codes and errors"; else exit 1; fi
