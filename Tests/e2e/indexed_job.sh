#!/usr/bin/env bash
# The Indexed Job played locally, as the cluster would run it: the arguments, the shard count and
# the environment are read from deploy/kubernetes/loadgen-job.yaml (PyYAML), and N loadgen
# processes start at once with JOB_COMPLETION_INDEX=0..N-1 against one `loadgen broker`. Only
# what must differ on one machine is replaced: the bootstrap servers (the local broker), the
# artifacts directory (a scratch one), --start-at (a few seconds ahead), --duration (a few
# seconds), the metrics port (any free one, loopback). Then the shards' output is checked
# against `loadgen verify` of the topic:
#   - with `loadgen merge` in the binary: merge the artifacts as the merge Job would (its args
#     from loadgen-merge-job.yaml), and verify --against the merged report;
#   - without it (the merge is being built on another branch): each shard's report (--report
#     instead of --artifacts), and their sum verified against the topic.
# Last, a shard stopped while it waits for --start-at. Bounded: about 20 s.
set -uo pipefail
loadgen=${1:?usage: indexed_job.sh PATH_TO_LOADGEN}
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/scripts/lib/setup.sh"
set +e
loadgen_install_dependencies jq:jq
loadgen_install_python_package yaml pyyaml python3-yaml || { echo "FAIL: cannot install PyYAML"; exit 1; }
loadgen_scratch_dir
work=$LOADGEN_WORK
pids=()
trap 'for p in "${pids[@]}" $LOADGEN_BROKER_PID; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
unset KAFKA_BOOTSTRAP_SERVERS KAFKA_TOPIC GENERATION_RATE DURATION LOG_LEVEL JOB_COMPLETION_INDEX LOADGEN_SHARDS
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

has_merge=false
"$loadgen" merge --help >/dev/null 2>&1 && has_merge=true
loadgen_start_broker "$loadgen" "$work" || exit 1
start_at=$(date -u -d "+10 sec" +%Y-%m-%dT%H:%M:%SZ)

# The manifest's arguments, with the local replacements, one NUL-terminated argument each.
python3 - "$root/deploy/kubernetes/loadgen-job.yaml" "$work" "$LOADGEN_BOOTSTRAP" "$start_at" "$has_merge" <<'PY' || { echo "FAIL: cannot read the Indexed Job"; exit 1; }
import re, sys, yaml
manifest, work, bootstrap, start_at, has_merge = sys.argv[1:]
job = next(d for d in yaml.safe_load_all(open(manifest)) if d and d["kind"] == "Job" and d["spec"].get("completionMode") == "Indexed")
spec = job["spec"]
container = spec["template"]["spec"]["containers"][0]
args = [str(a) for a in container["args"]]
replace = {"--bootstrap-servers": bootstrap, "--start-at": start_at, "--duration": "3s", "--metrics-port": "0",
           "--metrics-host": "127.0.0.1", "--artifacts": f"{work}/artifacts"}
for flag, value in replace.items():
    assert flag in args, f"the manifest has no {flag}"
    args[args.index(flag) + 1] = value
if has_merge != "true":
    # No merge in this binary, nor --artifacts: each shard writes its report instead.
    i = args.index("--artifacts")
    args[i:i + 2] = ["--report", f"{work}/shard-$(JOB_COMPLETION_INDEX).report.json"]
# $(NAME) in args is expanded by Kubernetes from the container's environment, as here.
env = {e["name"]: e.get("value", "") for e in container.get("env", []) if "value" in e}
args = [re.sub(r"\$\((\w+)\)", lambda m: env.get(m.group(1), m.group(0)), a) for a in args]
open(f"{work}/args", "w").write("\0".join(args) + "\0")
open(f"{work}/shards", "w").write(f"{spec['completions']} {spec['parallelism']}\n")
PY
read -r completions parallelism <"$work/shards"
[ "$completions" = "$parallelism" ] || fail "completions $completions != parallelism $parallelism"
mapfile -d '' args <"$work/args"
mkdir -p "$work/artifacts"

cd "$root"  # the manifest's --profile is relative to the image's working directory, which holds loadprofiles/
for ((index = 0; index < completions; index++)); do
  shard_args=("${args[@]//\$(JOB_COMPLETION_INDEX)/$index}")
  JOB_COMPLETION_INDEX=$index "$loadgen" "${shard_args[@]}" >"$work/shard$index.log" 2>&1 &
  pids+=($!)
done
for ((index = 0; index < completions; index++)); do
  wait "${pids[$index]}" || fail "shard $index exited $?: $(tail -3 "$work/shard$index.log")"
done
grep -q "waiting for --start-at $start_at" "$work/shard0.log" || fail "shard 0 did not wait for --start-at: $(head -3 "$work/shard0.log")"
profile=$(printf '%s\n' "${args[@]}" | grep -A1 -x -- --profile | tail -1)
topic=$(jq -r '.topic // "transactions"' "$profile")

if $has_merge; then
  # As loadgen-merge-job.yaml runs it, with its paths under the scratch directory.
  mapfile -t merge_args < <(python3 -c '
import sys, yaml
job = next(d for d in yaml.safe_load_all(open(sys.argv[1])) if d and d["kind"] == "Job")
print("\n".join(str(a).replace("/artifacts", sys.argv[2] + "/artifacts") for a in job["spec"]["template"]["spec"]["containers"][0]["args"]))
' "$root/deploy/kubernetes/loadgen-merge-job.yaml" "$work")
  "$loadgen" "${merge_args[@]}" >"$work/merge.out" 2>&1 || fail "merge exited $?: $(tail -5 "$work/merge.out")"
  merged=$(printf '%s\n' "${merge_args[@]}" | grep -A1 -x -- --report | tail -1)
  reports=("$work"/artifacts/shard-*.report.json)
  [ "${#reports[@]}" -eq "$completions" ] || fail "${#reports[@]} shard reports in the artifacts, expected $completions"
  sum=$(jq -s 'map(.delivered) | add' "${reports[@]}")
  [ "$(jq .delivered "$merged")" = "$sum" ] || fail "merged delivered $(jq .delivered "$merged") != the shards' sum $sum"
  against=$merged
else
  # TODO(merge): the branch with `loadgen merge` takes the path above; until then the shards'
  # reports are summed here and the sum is what the topic must hold.
  reports=("$work"/shard-*.report.json)
  [ "${#reports[@]}" -eq "$completions" ] || fail "${#reports[@]} shard reports, expected $completions"
  jq -s '{run_id: (map(.run_id) | join("+")), delivered: (map(.delivered) | add),
          possibly_persisted: (map(.possibly_persisted // 0) | add), retried: (map(.retried // 0) | add)}' \
    "${reports[@]}" >"$work/sum.report.json"
  against=$work/sum.report.json
fi
for report in "${reports[@]}"; do
  jq -e --arg n "$completions" '.exit_code == 0 and .delivered > 0 and (.shard | endswith("/" + $n))' "$report" >/dev/null \
    || fail "$(basename "$report"): $(jq -c '{shard, delivered, exit_code, error}' "$report")"
done
shards=$(jq -rs 'map(.shard) | sort | join(" ")' "${reports[@]}")
[ "$shards" = "$(for ((i = 0; i < completions; i++)); do printf '%s ' "$i/$completions"; done | sed 's/ $//')" ] || fail "shards $shards"
starts=$(jq -rs 'map(.simulated_start) | unique | length' "${reports[@]}")
[ "$starts" = 1 ] || fail "the shards' simulated clocks start at $starts different instants: $(jq -rs 'map(.simulated_start) | join(", ")' "${reports[@]}")"

"$loadgen" verify --bootstrap-servers "$LOADGEN_BOOTSTRAP" --topic "$topic" --against "$against" --report "$work/verify.json" >"$work/verify.out" 2>&1 \
  || fail "verify --against $(basename "$against") exited $?: $(cat "$work/verify.out")"

# A pod stopped while it waits for --start-at (Ctrl-C, or the Job deleted: SIGTERM) ends at once,
# 128 + the signal, having sent and written nothing.
for signal in INT TERM; do
  JOB_COMPLETION_INDEX=0 "$loadgen" --shard auto --shards 2 --start-at +60s --output null --report "$work/never.json" \
    --no-status >"$work/wait.log" 2>&1 &
  waiter=$!
  for _ in $(seq 50); do grep -q "waiting for --start-at" "$work/wait.log" && break; sleep 0.1; done
  kill -"$signal" "$waiter"
  for _ in $(seq 30); do kill -0 "$waiter" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$waiter" 2>/dev/null && { fail "SIG$signal during the wait did not end loadgen within 3 s"; kill -KILL "$waiter"; }
  wait "$waiter"
  code=$?
  expected=$([ "$signal" = INT ] && echo 130 || echo 143)
  [ "$code" -eq "$expected" ] || fail "SIG$signal during the wait: exit $code, expected $expected: $(cat "$work/wait.log")"
  [ ! -e "$work/never.json" ] || fail "a report was written by a run stopped before its start"
done

if [ "$failures" -eq 0 ]; then
  echo "ok: indexed job played locally ($completions shards from the manifest, $(jq .delivered "$against") delivered, $(jq .consumed "$work/verify.json") consumed and verified; $($has_merge && echo "merged by loadgen merge" || echo "no merge in this binary: the shards' sum checked"))"
fi
exit "$failures"
