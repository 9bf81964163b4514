#!/usr/bin/env bash
# A rate that says what it is (issue: event time): the start line names the base rate, where it
# came from and the factors in force; a bare number says it is per hour; an environment
# variable over a profile's value says which variable set what; bad clock flags are one-line
# errors with exit 2.
set -uo pipefail
loadgen=${1:?usage: rate_notices.sh PATH_TO_LOADGEN}
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
unset KAFKA_BOOTSTRAP_SERVERS KAFKA_TOPIC GENERATION_RATE DURATION LOG_LEVEL
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

expect_line() {  # expect_line FILE TEXT
  grep -qF -- "$2" "$1" || fail "expected the line \"$2\", got: $(grep -v '^ ' "$1" | head -5)"
}

# Saturday 20:00 UTC under the default curve, shoppers on their own clocks: 15:00 in New York,
# 12:00 in Los Angeles, 20:00 in London; and the same on one zone (UTC): weekend x1.5.
"$loadgen" --rate 5000/s --start 2026-11-28T20:00:00Z --output null --count 10 --no-status >/dev/null 2>"$work/a" || fail "run exited $?"
# A count with a rate given is throttled: the line is the live one.
expect_line "$work/a" "rate 5,000/s (--rate) × 2.60 in shoppers' local time (business_hours, peak_hours, weekend) × 0.88 noise = 11,450/s now; day curve from profile default"
# What the line says is what the run does: 11,450/s for 2 s.
"$loadgen" --rate 5000/s --start 2026-11-28T20:00:00Z --output null --duration 2s --no-status --report "$work/a.json" >/dev/null 2>&1 || fail "2 s run exited $?"
produced=$(jq .produced "$work/a.json")
dropped=$(jq .permits_dropped "$work/a.json")
[ "$dropped" -eq 0 ] || fail "the 2 s run dropped $dropped permits (a loaded machine): the count below cannot be judged"
[ "$produced" -ge 22898 ] && [ "$produced" -le 22902 ] || fail "the line said 11,450/s; 2 s produced $produced"
printf '{"name": "one-zone", "clock": {"shoppers_local_time": false}}' >"$work/one-zone.json"
"$loadgen" --profile "$work/one-zone.json" --rate 5000/s --start 2026-11-28T20:00:00Z --output null --count 10 --no-status >/dev/null 2>"$work/a2" || fail "one-zone run exited $?"
expect_line "$work/a2" "rate 5,000/s (--rate) × 1.5 weekend × 0.88 noise = 6,613/s now; day curve from profile default"
"$loadgen" --rate 5000/s --flat --start 2026-11-28T20:00:00Z --output null --count 10 --no-status >/dev/null 2>"$work/b" || fail "flat run exited $?"
expect_line "$work/b" "rate 5,000/s (--rate) = 5,000/s now; flat (--flat): no multipliers"
"$loadgen" --rate 5000 --start 2026-11-28T20:00:00Z --output null --count 1 --no-status >/dev/null 2>"$work/c" || fail "bare-number run exited $?"
expect_line "$work/c" "--rate 5000 means 5,000 per hour (1.4/s); write 5000/s for per second"
GENERATION_RATE=300/s "$loadgen" --profile loadprofiles/blackfriday.json --output null --count 5 --no-status >/dev/null 2>"$work/d" || fail "env run exited $?"
expect_line "$work/d" "GENERATION_RATE=300/s sets the rate (over the profile's 69.44/s)"
expect_line "$work/d" "rate 300/s (GENERATION_RATE) × 3.28 in shoppers' local time (black_friday, doorbusters in US, thanksgiving_evening in US, small_hours, evening_surge) × 0.95 noise = 936/s now; day curve from profile blackfriday"
"$loadgen" --simulate 14d --start 2026-11-16 --output null --count 1 --no-status >/dev/null 2>"$work/e" || fail "simulate run exited $?"
expect_line "$work/e" "rate 1,000/h (default) per simulated hour; day curve from profile default; simulating 2026-11-16T00:00:00Z -> 2026-11-30T00:00:00Z: 399,979 transactions scheduled"

# Bad clock flags: one line, exit 2, nothing written.
for args in "--timezone Mars/Olympus" "--start 2026-13-01" "--speed 0" "--then-live" "--simulate 0s" "--seed lucky" \
            "--start 2026-03-08T02:30:00 --timezone America/New_York"; do
  # shellcheck disable=SC2086
  "$loadgen" $args --output "file:$work/never.jsonl" --count 1 >/dev/null 2>"$work/err"
  code=$?
  [ "$code" -eq 2 ] || fail "$args exited $code, expected 2"
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "$args: expected one line, got: $(cat "$work/err")"
  [ ! -e "$work/never.jsonl" ] || fail "$args: the output file was created"
done

if [ "$failures" -gt 0 ]; then echo "rate_notices.sh: $failures failure(s)"; exit 1; fi
echo "rate_notices.sh: ok"
