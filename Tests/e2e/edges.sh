#!/usr/bin/env bash
# The edges of a run as a careful user meets them: report paths that must not be clobbered,
# reports of failed runs, and a dead-letter file on a disk that fills up.
set -uo pipefail
loadgen=${1:?usage: edges.sh PATH_TO_LOADGEN}
root="$(cd "$(dirname "$0")/../.." && pwd)"
work=$(mktemp -d)
mounted=""
trap '[ -n "$mounted" ] && umount "$mounted" 2>/dev/null; [ -n "${LOADGEN_BROKER_PID:-}" ] && kill "$LOADGEN_BROKER_PID" 2>/dev/null; rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
unset KAFKA_BOOTSTRAP_SERVERS KAFKA_TOPIC GENERATION_RATE DURATION LOG_LEVEL

# --report naming the profile: refused, the profile untouched.
cp "$root/loadprofiles/default.json" "$work/p.json"
before=$(md5sum <"$work/p.json")
"$loadgen" --profile "$work/p.json" --report "$work/p.json" --count 5 --output null --no-status >/dev/null 2>"$work/err"
code=$?
[ "$code" -eq 2 ] || fail "--report naming the profile exited $code, expected 2"
grep -q "same file as" "$work/err" || fail "--report naming the profile said: $(cat "$work/err")"
[ "$(md5sum <"$work/p.json")" = "$before" ] || fail "--report naming the profile changed the profile"

# A device stays a device; a report to /dev/full is an error.
"$loadgen" --count 5 --output null --no-status --report /dev/null >/dev/null 2>&1 || fail "--report /dev/null exited $?"
[ -c /dev/null ] || fail "--report /dev/null replaced the device"
"$loadgen" --count 5 --output null --no-status --report /dev/full >/dev/null 2>"$work/err"
code=$?
[ "$code" -eq 1 ] || fail "--report /dev/full exited $code, expected 1"
[ -c /dev/full ] || fail "--report /dev/full replaced the device"
grep -q "No space left" "$work/err" || fail "--report /dev/full said: $(cat "$work/err")"

# An existing report survives a later input error, and a directory or a missing one is refused.
echo '{"old": true}' >"$work/keep.json"
"$loadgen" --count 5 --output "file:$work/no/such/dir/out.jsonl" --report "$work/keep.json" --no-status >/dev/null 2>&1
[ "$(cat "$work/keep.json")" = '{"old": true}' ] || fail "a bad --output path changed the existing report"
"$loadgen" --count 5 --output null --metrics-port 99999 --report "$work/keep.json" --no-status >/dev/null 2>&1
[ "$(cat "$work/keep.json")" = '{"old": true}' ] || fail "a bad --metrics-port changed the existing report"
"$loadgen" --count 5 --output null --no-status --report "$work" >/dev/null 2>"$work/err"
[ $? -eq 2 ] && grep -q "is a directory" "$work/err" || fail "--report DIR: $(cat "$work/err")"
"$loadgen" --count 5 --output null --no-status --html-report "$work/none/r.html" >/dev/null 2>"$work/err"
[ $? -eq 2 ] && grep -q "does not exist" "$work/err" || fail "--html-report in a missing directory: $(cat "$work/err")"
[ ! -e "$work/none" ] || fail "a refused report path was created"

# Two outputs on one file are refused (they would write over each other); nothing is created.
for pair in "--report $work/same.json --html-report $work/same.json" "--report $work/same.jsonl --stats-file $work/same.jsonl" \
            "--stats-file $work/same.out --output file:$work/same.out" "--dead-letter $work/same.dl --stats-file $work/same.dl"; do
  # shellcheck disable=SC2086
  "$loadgen" --count 3 --output null --no-status $pair >/dev/null 2>"$work/err"
  [ $? -eq 2 ] && grep -q "is the same file as" "$work/err" || fail "two outputs on one file ($pair): $(cat "$work/err")"
done
ls "$work"/same.* >/dev/null 2>&1 && fail "a refused output path was created"
# A report to /dev/stdout goes through the link to wherever stdout goes.
"$loadgen" --count 3 --output null --no-status --log-level warning --report /dev/stdout >"$work/through.txt" 2>/dev/null \
  || fail "--report /dev/stdout exited $?"
grep -q '"loadgen_version"' "$work/through.txt" || fail "--report /dev/stdout did not reach stdout"
[ -L /dev/stdout ] || fail "--report /dev/stdout replaced the link"

# A failed run (unreachable cluster) writes a report that says so, not an empty file.
# It names the command and judges the thresholds on what is known (nothing delivered).
"$loadgen" --bootstrap-servers 127.0.0.1:1 --connect-timeout 1s --count 1 --no-status --report "$work/failed.json" \
  --threshold 'failed == 0' --threshold 'achieved_rate > 10/s' >/dev/null 2>&1
[ $? -eq 1 ] || fail "unreachable cluster did not exit 1"
jq -e '(.command_line | index("--connect-timeout")) and ([.thresholds[] | .verdict] == ["pass", "FAIL"])' "$work/failed.json" >/dev/null 2>&1 \
  || fail "failed run's report lacks the command line or the verdicts: $(jq -c '{command_line, thresholds}' "$work/failed.json" 2>/dev/null)"
[ "$(jq .exit_code "$work/failed.json" 2>/dev/null)" = 1 ] || fail "failed run's report: $(cat "$work/failed.json" 2>/dev/null)"
jq -e '.error | test("cannot reach Kafka")' "$work/failed.json" >/dev/null 2>&1 || fail "failed run's report has no error"

# Versions: --version and -V print loadgen's and librdkafka's; reports and /metrics carry them.
v=$("$loadgen" --version) || fail "--version exited $?"
printf '%s' "$v" | grep -Eq '^loadgen [0-9]+\.[0-9]+\.[0-9]+ \(librdkafka [0-9.]+\)$' || fail "--version printed: $v"
[ "$("$loadgen" -V)" = "$v" ] || fail "-V differs from --version"
"$loadgen" --count 3 --output null --no-status --report "$work/v.json" >/dev/null 2>&1
[ "loadgen $(jq -r .loadgen_version "$work/v.json") (librdkafka $(jq -r .librdkafka_version "$work/v.json"))" = "$v" ] \
  || fail "the report's versions differ from --version: $(jq -c '{loadgen_version, librdkafka_version}' "$work/v.json")"
# --help shows run's options (run is the default command), not only the subcommands.
"$loadgen" --help >"$work/help" || fail "--help exited $?"
for flag in --rate --profile --bootstrap-servers --dead-letter; do grep -q -- "$flag" "$work/help" || fail "--help lacks $flag"; done
grep -q "broker" "$work/help" || fail "--help lacks the subcommands"

# A refused connection is one line (the start-up check's), not librdkafka's log before it.
"$loadgen" --bootstrap-servers 127.0.0.1:1 --connect-timeout 2s --count 1 --no-status >/dev/null 2>"$work/err"
[ "$(wc -l <"$work/err")" -eq 1 ] || fail "a refused connection printed $(wc -l <"$work/err") lines: $(cat "$work/err")"

# Data on stdout: the summary goes to stderr at the default log level, not when asked for quiet.
"$loadgen" --output stdout --count 3 --no-status >/dev/null 2>"$work/err" || fail "stdout run exited $?"
grep -q "run report" "$work/err" || fail "--output stdout at info printed no summary"
"$loadgen" --output stdout --count 3 --no-status --log-level warning >/dev/null 2>"$work/err" || fail "quiet stdout run exited $?"
[ ! -s "$work/err" ] || fail "--output stdout --log-level warning printed: $(cat "$work/err")"
"$loadgen" --output stdout --count 3 --no-status --log-level warning --report "$work/q.json" >/dev/null 2>"$work/err"
grep -q "run report" "$work/err" || fail "--output stdout with --report printed no summary"

# loadgen broker --port: clients configured for localhost:PORT find the cluster.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$loadgen" broker --brokers 3 --port "$port" >"$work/fixed.out" 2>&1 &
fixed=$!
for _ in $(seq 50); do [ -s "$work/fixed.out" ] && break; sleep 0.1; done
kcat -L -b "localhost:$port" 2>/dev/null | grep -q "3 brokers" || fail "broker --port $port: kcat -L found no cluster at localhost:$port"
"$loadgen" --bootstrap-servers "localhost:$port" --count 500 --no-status --report "$work/fixed.json" >/dev/null 2>&1 || fail "a run to localhost:$port exited $?"
"$loadgen" verify --bootstrap-servers "localhost:$port" --against "$work/fixed.json" >/dev/null 2>&1 || fail "verify at localhost:$port failed"
"$loadgen" broker --port "$port" >/dev/null 2>"$work/err"
[ $? -eq 2 ] && grep -q "already in use" "$work/err" || fail "a second broker on port $port: $(cat "$work/err")"
kill "$fixed" 2>/dev/null; wait "$fixed" 2>/dev/null

# A dead-letter file on a disk that fills up (a 64 KiB tmpfs; needs root to mount).
. "$root/scripts/lib/setup.sh"
set +e
mkdir -p "$work/small"
if mount -t tmpfs -o size=64k tmpfs "$work/small" 2>/dev/null; then
  mounted="$work/small"
  loadgen_start_broker "$loadgen" "$work" || exit 1
  "$loadgen" --bootstrap-servers "$LOADGEN_BOOTSTRAP" --rate 1500/s --duration 30s --stall-timeout 2s --flush-timeout 2s \
    --dead-letter "$work/small/dl.jsonl" --report "$work/full.json" --no-status >"$work/full.out" 2>"$work/full.err" &
  pid=$!
  sleep 3
  kill "$LOADGEN_BROKER_PID"; LOADGEN_BROKER_PID=""
  wait "$pid"
  code=$?
  [ "$code" -eq 1 ] || { fail "full disk: exit $code, expected 1"; echo "its stderr:"; tail -40 "$work/full.err"; }
  produced=$(jq .produced "$work/full.json"); delivered=$(jq .delivered "$work/full.json")
  dead=$(jq .dead_lettered "$work/full.json"); written=$(jq .dead_letter_written "$work/full.json")
  lost=$(jq .dead_letter_lost "$work/full.json"); lines=$(grep -c . "$work/small/dl.jsonl")
  [ "$((delivered + dead))" -eq "$produced" ] || fail "full disk: $delivered + $dead != $produced"
  [ "$lost" -gt 0 ] && [ "$((written + lost))" -eq "$dead" ] || fail "full disk: written $written + lost $lost != $dead"
  [ "$lines" -eq "$written" ] || fail "full disk: $lines lines in the file, the report says $written"
  [ "$(tail -c 1 "$work/small/dl.jsonl" | od -An -c | tr -d ' ')" = '\n' ] || fail "full disk: the file ends in a torn line"
  head -1 "$work/full.out" | grep -q "LOST" || fail "full disk: the summary's first line does not say LOST: $(head -1 "$work/full.out")"
  echo "full disk: produced $produced, delivered $delivered, dead-lettered $dead ($written written, $lost lost)"
else
  echo "skipped: the full-disk check needs to mount a tmpfs (not root here)"
fi

if [ "$failures" -eq 0 ]; then echo "ok: report paths, failed-run reports, full disk"; else exit 1; fi
