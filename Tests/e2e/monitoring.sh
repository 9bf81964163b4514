#!/usr/bin/env bash
# Monitoring as a user sees it: the Prometheus endpoint scraped with curl during a run (counters
# grow), the stats stream, and the HTML report opened in headless Chromium: a screenshot in
# which every chart's lines are drawn, and a DOM with non-empty SVG paths and labelled axes.
set -uo pipefail
loadgen=${1:?usage: monitoring.sh PATH_TO_LOADGEN}
here="$(cd "$(dirname "$0")" && pwd)"
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
unset KAFKA_BOOTSTRAP_SERVERS KAFKA_TOPIC GENERATION_RATE DURATION LOG_LEVEL

# A Black Friday run against the embedded broker, with every monitoring output on.
"$loadgen" --profile "$here/../../loadprofiles/blackfriday.json" --rate 2000/s --duration 8s --metrics-port 0 \
  --stats-file "$work/stats.jsonl" --stats-interval 2s --html-report "$work/report.html" --report "$work/report.json" \
  --no-status >"$work/run.out" 2>&1 &
pid=$!
url=""
for _ in $(seq 100); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*/metrics' "$work/run.out" | head -1)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || fail "no metrics URL logged"
sleep 3
first=$(curl -fsS "$url" | tee "$work/scrape1.txt" | awk '/^loadgen_messages_delivered_total/ {print $2}')
sleep 2
second=$(curl -fsS "$url" | tee "$work/scrape2.txt" | awk '/^loadgen_messages_delivered_total/ {print $2}')
[ -n "$first" ] && [ -n "$second" ] && awk -v a="$first" -v b="$second" 'BEGIN {exit (b > a && a > 0) ? 0 : 1}' \
  || fail "loadgen_messages_delivered_total did not grow between scrapes ($first -> $second)"
for name in loadgen_messages_sent_total loadgen_bytes_sent_total loadgen_target_rate_per_second \
  loadgen_achieved_rate_per_second loadgen_simulated_time_seconds loadgen_delivery_latency_seconds loadgen_resident_memory_bytes; do
  grep -q "^$name" "$work/scrape2.txt" || fail "scrape has no $name"
done
grep -q 'producer="blackfriday",topic="transactions"' "$work/scrape2.txt" || fail "series are not labelled by producer and topic"
grep -q '^# TYPE loadgen_messages_delivered_total counter' "$work/scrape2.txt" || fail "delivered is not a counter"
[ "$(curl -s -o /dev/null -w '%{http_code}' "${url%/metrics}/nope")" = 404 ] || fail "unknown path is not 404"
wait "$pid" || fail "the run exited $?"
pid=""

# The stats stream: a line per interval plus the closing one, all parseable.
lines=$(jq -c . "$work/stats.jsonl" | wc -l)
[ "$lines" -ge 4 ] || fail "stats file has $lines lines, expected at least 4"
jq -e 'select(.rss_mb > 0 and .latency_ms.p99 >= 0)' "$work/stats.jsonl" >/dev/null || fail "stats lines lack rss_mb or latency"

# The HTML report: self-contained, and rendered by a real browser.
grep -qE '<script|<link |@import|src="http' "$work/report.html" && fail "the HTML report loads something from outside"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1500 \
  --screenshot="$work/report.png" "file://$work/report.html" >"$work/chromium.log" 2>&1 || fail "chromium could not take a screenshot"
chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$work/report.html" >"$work/dom.html" 2>>"$work/chromium.log" \
  || fail "chromium could not load the report"
python3 - "$work/dom.html" <<'PY' || fail "the rendered DOM lacks charts"
import re, sys
dom = open(sys.argv[1]).read()
charts = re.findall(r'<svg class="chart" data-chart="(\w+)".*?</svg>', dom, re.S)
assert sorted(charts) == ["delivery", "inflight", "latency", "memory", "rate", "throughput"], charts
for chart in re.findall(r'<svg class="chart".*?</svg>', dom, re.S):
    paths = re.findall(r'<path class="series"[^>]* d="([^"]+)"', chart)
    assert paths and all(p.count("L") >= 2 for p in paths), f"empty series in {chart[:80]}"
    labels = re.findall(r'<text class="axis-label"[^>]*>([^<]+)</text>', chart)
    assert len(labels) == 2 and all(l.strip() for l in labels), f"axes not labelled in {chart[:80]}"
    assert len(re.findall(r'<text class="tick"', chart)) >= 4, "no tick labels"
print("dom: 6 charts, every series drawn, axes labelled")
PY
# Every series' colour is on screen: target/achieved, p50/p99, delivered, RSS.
python3 "$here/png_colors.py" "$work/report.png" 2563eb 0d9488 ea580c 16a34a 7c3aed >"$work/colors.txt" \
  || fail "cannot read the screenshot"
while read -r colour count; do
  [ "$count" -ge 150 ] || fail "colour #$colour has $count pixels in the screenshot: a chart line is missing"
done <"$work/colors.txt"

if [ "$failures" -eq 0 ]; then echo "ok: monitoring (scrapes grew $first -> $second, $lines stats lines, report rendered)"; fi
exit "$failures"
