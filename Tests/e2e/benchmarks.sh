#!/usr/bin/env bash
# The microbenchmarks (Benchmarks/CommerceBenchmarks, package-benchmark with its malloc
# counter) build and run, and the engine's per-message path allocates nothing: the counter
# reads 0 mallocs per transaction in every percentile of both benchmarks. Throughput is printed,
# never asserted (a shared VM's figures wander). The harness builds in its own scratch folder
# (LOADGEN_BENCH_SCRATCH, default .build-benchmarks), apart from the ordinary build.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
fail() { echo "FAIL: benchmarks: $*"; exit 1; }
scratch=${LOADGEN_BENCH_SCRATCH:-$root/.build-benchmarks}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if ! LOADGEN_BENCHMARKS=1 swift package --scratch-path "$scratch" benchmark --target CommerceBenchmarks >"$out" 2>&1; then
  tail -30 "$out"
  fail "swift package benchmark failed"
fi
python3 - "$out" <<'PY' || exit 1
import re, sys
text = open(sys.argv[1]).read()
names = ["generate+check+serialize transaction", "generate transaction (no JSON)"]
failures = []
for name in names:
    at = text.find("\n" + name + "\n")
    if at < 0:
        failures.append(f"no results for {name!r}")
        continue
    # The benchmark's own table: from its name to the table's closing line.
    rows = {}
    for line in text[at + 1:].splitlines()[1:]:
        if line.startswith("╘"):
            break
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) == 9:
            rows[cells[0]] = cells[1:]
    malloc = next((v for k, v in rows.items() if k.startswith("Malloc (total)")), None)
    if malloc is None:
        failures.append(f"{name}: no malloc row")
    elif any(x != "0" for x in malloc[:7]):
        failures.append(f"{name}: mallocs per transaction p0..p100 = {malloc[:7]}, expected all 0")
    elif int(malloc[7]) < 100:
        failures.append(f"{name}: only {malloc[7]} samples")
    wall = next((v for k, v in rows.items() if k.startswith("Time (wall clock)")), None)
    if wall is None:
        failures.append(f"{name}: no wall-clock row")
    elif malloc is not None:
        print(f"{name}: {wall[2]} ns p50, p90 {wall[4]} ns; mallocs per transaction p100 {malloc[6]} in {malloc[7]} samples")
if failures:
    print("FAIL: benchmarks: " + "; ".join(failures))
    sys.exit(1)
PY
echo "ok: microbenchmarks built and ran; the per-message path allocates nothing"
