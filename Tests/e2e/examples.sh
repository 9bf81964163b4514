#!/usr/bin/env bash
# The README's Swift examples, built by `swift build`, run against `loadgen broker`:
# TransactionProducerExample (the API snippet; also stopped early with Ctrl-C) and
# ClickstreamExample (a custom producer on BaseProducer), read back with kcat.
set -uo pipefail
loadgen=${1:?usage: examples.sh PATH_TO_LOADGEN}
bin=$(dirname "$loadgen")
. "$(dirname "$0")/../../scripts/lib/setup.sh"
set +e  # setup.sh sets -e; this script counts failures and goes on
loadgen_scratch_dir
work=$LOADGEN_WORK
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
unset KAFKA_TOPIC GENERATION_RATE DURATION LOG_LEVEL

loadgen_start_broker "$loadgen" "$work" --partitions 6 || exit 1
export KAFKA_BOOTSTRAP_SERVERS=$LOADGEN_BOOTSTRAP

# 3 seconds at 360,000/hour (100/s before the day curve).
"$bin/TransactionProducerExample" 3 360000 >"$work/tx.out" 2>"$work/tx.err" || fail "TransactionProducerExample exited $?"
sent=$(awk '/^messages_sent/ {print $2}' "$work/tx.out")
delivered=$(awk '/^messages_sent/ {print $4}' "$work/tx.out")
[ -n "$sent" ] && [ "$sent" -gt 50 ] && [ "$sent" = "$delivered" ] || fail "example sent ${sent:-?}, delivered ${delivered:-?}"
grep -q "^bytes_sent [1-9]" "$work/tx.out" || fail "example printed no bytes_sent"
consumed=$(kcat -C -b "$KAFKA_BOOTSTRAP_SERVERS" -t transactions -e -q -f '%k\n' | grep -c '^user_')
[ "$consumed" = "$delivered" ] || fail "topic holds $consumed keyed transactions, the example delivered $delivered"

# An hour-long run stopped with Ctrl-C: clean flush, final metrics, exit 0.
"$bin/TransactionProducerExample" 3600 360000 >"$work/int.out" 2>"$work/int.err" &
pid=$!
sleep 3
kill -INT "$pid"
wait "$pid" || fail "interrupted example exited $?"
grep -q "^messages_sent [1-9]" "$work/int.out" || fail "interrupted example printed no metrics"
awk '/^messages_sent/ {exit ($2 == $4) ? 0 : 1}' "$work/int.out" || fail "interrupted example left messages undelivered"

# The custom producer: page views keyed by session.
"$bin/ClickstreamExample" 3 300 >"$work/click.out" 2>"$work/click.err" || fail "ClickstreamExample exited $?"
grep -q "page views sent [1-9]" "$work/click.out" || fail "clickstream printed no figures: $(tail -3 "$work/click.err")"
kcat -C -b "$KAFKA_BOOTSTRAP_SERVERS" -t pageviews -e -q -f '%k\t%s\n' >"$work/views.tsv"
views=$(wc -l <"$work/views.tsv")
delivered=$(sed -n 's/^page views sent [0-9]*, delivered \([0-9]*\),.*/\1/p' "$work/click.out")
# 300/s for 3 s times the default day curve, whose factor is 0.3 (late night) to 3
# (weekday lunch) depending on the hour this runs: at least 270 delivered, all in the topic.
[ "${delivered:-0}" -ge 200 ] && [ "$views" -eq "$delivered" ] || fail "pageviews holds $views messages, the example delivered ${delivered:-none}"
awk -F'\t' '{ if (index($2, "\"sessionId\":\"" $1 "\"") == 0) bad++ } END { exit bad ? 1 : 0 }' "$work/views.tsv" \
  || fail "a page view is not keyed by its session"

# Bad input and an unreachable cluster: a one-line error and a non-zero exit, never a crash report.
"$bin/TransactionProducerExample" ten >/dev/null 2>"$work/usage.err"
rc=$?
[ "$rc" -eq 2 ] && grep -q "^usage: TransactionProducerExample \[SECONDS" "$work/usage.err" \
  || fail "TransactionProducerExample ten: exit $rc, $(head -1 "$work/usage.err")"
KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1 "$bin/ClickstreamExample" 1 10 >/dev/null 2>"$work/down.err"
rc=$?
[ "$rc" -eq 1 ] && grep -q "^ClickstreamExample: cannot reach Kafka at 127.0.0.1:1 " "$work/down.err" \
  || fail "ClickstreamExample against a closed port: exit $rc, $(tail -1 "$work/down.err")"
grep -q -E "Fatal error|Backtrac|crashed" "$work/down.err" && fail "ClickstreamExample printed a crash report"

if [ "$failures" -eq 0 ]; then echo "ok: examples (transactions $sent sent = $consumed consumed, $views page views, Ctrl-C clean, bad input and a closed port are one-line errors)"; fi
exit "$failures"
