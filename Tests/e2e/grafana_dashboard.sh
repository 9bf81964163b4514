#!/usr/bin/env bash
# The Grafana dashboard (deploy/grafana/loadgen.json) queries only what loadgen exports: every
# panel's and every variable's PromQL names loadgen_* series that a running loadgen's /metrics
# really serves (scraped, with a histogram and every counter present), each expression parses
# (promtool, Grafana's $__rate_interval and $run_id substituted), and the panels a person running
# a soak looks for are there. Bounded: about 10 s.
set -uo pipefail
loadgen=${1:?usage: grafana_dashboard.sh PATH_TO_LOADGEN}
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/scripts/lib/setup.sh"
set +e
loadgen_install_dependencies prometheus:prometheus curl:curl  # promtool comes with Debian's prometheus
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
unset KAFKA_BOOTSTRAP_SERVERS KAFKA_TOPIC GENERATION_RATE DURATION LOG_LEVEL JOB_COMPLETION_INDEX LOADGEN_SHARDS
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$loadgen" --output null --rate 500/s --duration 6s --metrics-port 0 --no-status >"$work/run.out" 2>&1 &
pid=$!
url=""
for _ in $(seq 100); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*/metrics' "$work/run.out" | head -1)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "FAIL: no metrics URL logged: $(cat "$work/run.out")"; exit 1; }
sleep 2.5  # past the first sampler tick, so every series has its value
curl -fsS "$url" >"$work/scrape.txt" || fail "cannot scrape $url"
wait "$pid" || fail "the run exited $?"
pid=""

python3 - "$root/deploy/grafana/loadgen.json" "$work/scrape.txt" "$work/rules.yml" <<'PY' || fail "the dashboard names series loadgen does not export"
import json, re, sys
dashboard = json.load(open(sys.argv[1]))
scraped = {line.split("{")[0].split(" ")[0] for line in open(sys.argv[2]) if line.startswith("loadgen_")}
def panels(items):
    for p in items:
        yield p
        yield from panels(p.get("panels", []))
queries = []  # (where, expression)
for p in panels(dashboard["panels"]):
    if p.get("type") == "row":
        continue
    targets = p.get("targets", [])
    if not targets:
        print(f"  panel {p.get('title')!r} has no query")
    queries += [(f"panel {p['title']!r}", t["expr"]) for t in targets]
for v in dashboard.get("templating", {}).get("list", []):
    if v.get("type") == "query":
        query = v["query"]["query"] if isinstance(v["query"], dict) else v["query"]
        queries.append((f"variable {v['name']}", re.sub(r"label_values\((\w+),.*\)", r"\1", query)))
missing = []
for where, expr in queries:
    names = set(re.findall(r"\bloadgen_\w+", expr))
    if not names:
        missing.append(f"{where}: {expr} names no loadgen series")
    missing += [f"{where}: {name} is not on /metrics" for name in sorted(names - scraped)]
for m in missing:
    print("  " + m)
titles = " | ".join(p.get("title", "").lower() for p in panels(dashboard["panels"]))
wanted = ["target vs achieved", "delivered", "failed", "dropped", "p50", "p99", "in flight", "memory per shard"]
absent = [w for w in wanted if w not in titles]
if absent:
    print(f"  no panel for: {absent}")
if not any("_bucket" in e and "histogram_quantile" in e for _, e in queries):
    print("  no latency panel reads the histograms"); absent.append("histogram")
# For promtool: every panel expression as a recording rule, Grafana's variables substituted.
with open(sys.argv[3], "w") as f:
    f.write("groups:\n  - name: dashboard\n    rules:\n")
    for i, (where, expr) in enumerate(e for e in queries if e[0].startswith("panel")):
        expr = expr.replace("$__rate_interval", "1m").replace("$run_id", ".*")
        f.write(f"      - record: dashboard:query_{i}\n        expr: {json.dumps(expr)}\n")
print(f"  {len(queries)} queries over {len(set(n for _, e in queries for n in re.findall(r'loadgen_[a-z_]+', e)))} loadgen series; {len(scraped)} names scraped")
sys.exit(1 if missing or absent else 0)
PY
promtool check rules "$work/rules.yml" >"$work/promtool.out" 2>&1 || fail "a dashboard query does not parse: $(cat "$work/promtool.out")"

if [ "$failures" -eq 0 ]; then echo "ok: grafana dashboard (every query parses and names series a running loadgen serves)"; fi
exit "$failures"
