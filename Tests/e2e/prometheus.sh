#!/usr/bin/env bash
# Prometheus that aggregates: a real Prometheus server (Debian's package, installed when missing)
# on loopback scrapes two loadgen shards every second while they run at once against one
# `loadgen broker`. What it computes from the shards' histograms and counters is compared with
# the shards' JSON reports:
#   - histogram_quantile(0.99) over the shards' summed buckets, and per shard, must fall within
#     one bucket of the reports' exact (HdrHistogram) p99s: per shard, of that shard's p99; summed,
#     of the range between the shards' p99s (the combined p99 always lies in it) — or of the
#     merged report's p99 once `loadgen merge` exists;
#   - the total delivered it last saw must be within one scrape interval's traffic of the reports'.
# Every wait is bounded; the whole script takes about 40 s.
set -uo pipefail
loadgen=${1:?usage: prometheus.sh PATH_TO_LOADGEN}
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../../scripts/lib/setup.sh"
loadgen_install_dependencies prometheus:prometheus curl:curl jq:jq
set +e
loadgen_scratch_dir
work=$LOADGEN_WORK
pids=()
trap 'for p in "${pids[@]}" $LOADGEN_BROKER_PID; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
unset KAFKA_BOOTSTRAP_SERVERS KAFKA_TOPIC GENERATION_RATE DURATION LOG_LEVEL JOB_COMPLETION_INDEX LOADGEN_SHARDS
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

scrape_interval=1   # seconds
duration=20         # seconds each shard runs
rate=2000           # per second, the whole run (1000 per shard)

loadgen_start_broker "$loadgen" "$work" --topic prom || exit 1
read -r prom_port shard0_port shard1_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')

cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: ${scrape_interval}s
  scrape_timeout: ${scrape_interval}s
  evaluation_interval: ${scrape_interval}s
scrape_configs:
  - job_name: loadgen
    static_configs:
      - targets: ["127.0.0.1:$shard0_port", "127.0.0.1:$shard1_port"]
EOF
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" --log.level=warn >"$work/prometheus.log" 2>&1 &
pids+=($!)
api="http://127.0.0.1:$prom_port/api/v1"
for _ in $(seq 150); do curl -fs "http://127.0.0.1:$prom_port/-/ready" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$prom_port/-/ready" >/dev/null || { echo "FAIL: prometheus did not become ready: $(tail -3 "$work/prometheus.log")"; exit 1; }

# A flat rate (no time-of-day multipliers), so the traffic does not depend on the hour.
cat >"$work/flat.json" <<EOF
{"name": "prom", "topic": "prom", "rate": "$rate/s", "multipliers": [], "seed": 7}
EOF
has_merge=false
"$loadgen" merge --help >/dev/null 2>&1 && has_merge=true
artifacts=()
$has_merge && artifacts=(--artifacts "$work/artifacts")
# Both shards as an Indexed Job starts them: --shard auto, JOB_COMPLETION_INDEX, one --start-at.
start_at=$(date -u -d "+4 sec" +%Y-%m-%dT%H:%M:%SZ)
for index in 0 1; do
  port=$([ "$index" = 0 ] && echo "$shard0_port" || echo "$shard1_port")
  JOB_COMPLETION_INDEX=$index "$loadgen" --profile "$work/flat.json" --bootstrap-servers "$LOADGEN_BOOTSTRAP" \
    --shard auto --shards 2 --start-at "$start_at" --duration "${duration}s" --metrics-port "$port" \
    --report "$work/shard$index.json" "${artifacts[@]}" --no-status >"$work/shard$index.log" 2>&1 &
  pids+=($!)
done
# A scrape mid-run passes Prometheus' own linter (the whole-run quantiles are a summary: a
# `quantile` label on a gauge failed `promtool check metrics`).
sleep 8
curl -fsS "http://127.0.0.1:$shard0_port/metrics" >"$work/scrape.txt" || fail "no scrape of shard 0 mid-run"
grep -q '^loadgen_delivery_latency_quantile_seconds{' "$work/scrape.txt" || fail "the scrape has no whole-run quantiles"
promtool check metrics <"$work/scrape.txt" >"$work/promtool.out" 2>&1 || fail "promtool check metrics: $(head -5 "$work/promtool.out")"
for index in 0 1; do
  wait "${pids[$((index + 1))]}" || fail "shard $index exited $?: $(tail -3 "$work/shard$index.log")"
done
sleep 1

# histogram_quantile over a window that covers the whole run (the run is shorter than 30 s).
query() { curl -fsS "$api/query" --data-urlencode "query=$1" | jq -c '.data.result'; }
bucket_expr='rate(loadgen_delivery_latency_seconds_bucket[30s])'
p99_all=$(query "histogram_quantile(0.99, sum by (le) ($bucket_expr))" | jq -r '.[0].value[1] // empty')
p99_by_shard=$(query "histogram_quantile(0.99, sum by (le, shard) ($bucket_expr))")
delivered_prom=$(query 'sum(max_over_time(loadgen_messages_delivered_total[1m]))' | jq -r '.[0].value[1] // empty')
shards_seen=$(query 'count(count_over_time(loadgen_build_info[1m]))' | jq -r '.[0].value[1] // empty')
[ "$shards_seen" = 2 ] || fail "Prometheus saw $shards_seen shards' build_info, expected 2"
quantiles_seen=$(query 'count(count_over_time(loadgen_delivery_latency_quantile_seconds{quantile="0.99"}[1m]))' | jq -r '.[0].value[1] // empty')
[ "$quantiles_seen" = 2 ] || fail "Prometheus stored $quantiles_seen shards' whole-run p99 summaries, expected 2"
[ -n "$p99_all" ] && [ -n "$delivered_prom" ] || { fail "Prometheus returned no p99 ($p99_all) or delivered ($delivered_prom)"; exit 1; }

# The shards' reports are compared one by one; the summed p99 with the merged report's when the
# binary has `loadgen merge`, else with the range of the shards' p99s.
merged=""
if $has_merge; then
  "$loadgen" merge "$work/artifacts" --report "$work/merged.json" >"$work/merge.out" 2>&1 || fail "merge exited $?: $(tail -3 "$work/merge.out")"
  merged=$work/merged.json
fi
python3 - "$work/shard0.json" "$work/shard1.json" "$p99_all" "$p99_by_shard" "$delivered_prom" "$scrape_interval" "$merged" <<'PY' || fail "Prometheus and the reports disagree"
import bisect, json, sys
reports = [json.load(open(p)) for p in sys.argv[1:3]]
p99_all, by_shard, delivered_prom, interval = float(sys.argv[3]), json.loads(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
bounds = [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5,
          0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30, 60]
def bucket(seconds):
    """Index of the bucket holding `seconds` (le bounds; a value on a bound is in that bucket)."""
    return bisect.bisect_left(bounds, seconds - 1e-12)
ok = True
def check(what, prom, low, high):
    global ok
    near = bucket(low) - 1 <= bucket(prom) <= bucket(high) + 1
    print(f"  {what}: Prometheus {prom * 1000:.3f} ms, reports {low * 1000:.3f}" + (f"..{high * 1000:.3f}" if high != low else "") +
          f" ms (buckets {bucket(prom)} vs {bucket(low)}..{bucket(high)}){'' if near else '  <-- more than one bucket apart'}")
    ok &= near
exact = [r["latency_ms"]["p99"] / 1000 for r in reports]
for r in reports:
    shard = r["shard"].split("/")[0]
    found = [float(x["value"][1]) for x in by_shard if x["metric"].get("shard") == shard]
    if not found:
        print(f"  shard {shard}: no per-shard p99 from Prometheus"); ok = False; continue
    check(f"p99 shard {shard}", found[0], r["latency_ms"]["p99"] / 1000, r["latency_ms"]["p99"] / 1000)
merged = json.load(open(sys.argv[7])) if sys.argv[7] else None
if merged:
    check("p99 both shards (merged report)", p99_all, merged["latency_ms"]["p99"] / 1000, merged["latency_ms"]["p99"] / 1000)
else:
    check("p99 both shards (range of the shards' reports)", p99_all, min(exact), max(exact))
delivered = merged["delivered"] if merged else sum(r["delivered"] for r in reports)
per_second = sum(r["achieved_rate_per_s"] for r in reports)
allowed = per_second * interval
gap = delivered - delivered_prom
print(f"  delivered: Prometheus {delivered_prom:.0f}, reports {delivered} (gap {gap:.0f}, one scrape interval's traffic {allowed:.0f})")
ok &= 0 <= gap <= allowed and all(r["exit_code"] == 0 and r["delivered"] > 0 for r in reports)
sys.exit(0 if ok else 1)
PY

if [ "$failures" -eq 0 ]; then echo "ok: prometheus (two shards scraped every ${scrape_interval}s; p99 and delivered agree with the reports)"; fi
exit "$failures"
