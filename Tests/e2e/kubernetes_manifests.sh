#!/usr/bin/env bash
# The Kubernetes manifests in deploy/kubernetes, checked offline: each against the schema of
# Kubernetes 1.37 (kubernetes-validate from PyPI, pinned, which ships the schemas: no cluster and
# no network needed), strictly (an unknown field fails); a misspelt copy must fail, so a
# validator that passes everything is caught. Then what a schema cannot say: the Indexed Job's
# completions, parallelism and --shards agree, it runs --shard auto with --start-at, writes its
# artifacts on the volume the merge Job reads; and the Dockerfile ships the resource bundles.
set -uo pipefail
loadgen=${1:-}  # not needed: the manifests are checked without running loadgen
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/scripts/lib/setup.sh"
set +e
kubernetes_version=1.37.0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

if ! command -v kubernetes-validate >/dev/null 2>&1 || [ "$(python3 -c 'import importlib.metadata as m; print(m.version("kubernetes-validate"))' 2>/dev/null)" != "$kubernetes_version" ]; then
  python3 -m pip install --quiet --disable-pip-version-check "kubernetes-validate==$kubernetes_version" >&2 || { echo "FAIL: cannot install kubernetes-validate $kubernetes_version"; exit 1; }
fi
loadgen_install_python_package yaml pyyaml python3-yaml || { echo "FAIL: cannot install PyYAML"; exit 1; }

manifests=("$root"/deploy/kubernetes/*.yaml)
[ "${#manifests[@]}" -ge 3 ] || fail "expected the Indexed Job, the merge Job and the volume claim in deploy/kubernetes"
for manifest in "${manifests[@]}"; do
  kubernetes-validate --kubernetes-version "$kubernetes_version" --strict --quiet "$manifest" >"$work/out" 2>&1 \
    || fail "$(basename "$manifest") does not validate against Kubernetes $kubernetes_version: $(cat "$work/out")"
done
sed 's/backoffLimitPerIndex:/backoffLimitPerIndx:/' "$root/deploy/kubernetes/loadgen-job.yaml" >"$work/misspelt.yaml"
kubernetes-validate --kubernetes-version "$kubernetes_version" --strict --quiet "$work/misspelt.yaml" >/dev/null 2>&1 \
  && fail "a misspelt field passed the validator: it checks nothing"

python3 - "$root/deploy/kubernetes" <<'PY' || fail "the Jobs do not fit together"
import glob, os, sys, yaml
docs = [d for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.yaml"))) for d in yaml.safe_load_all(open(f)) if d]
jobs = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Job"}
claims = {d["metadata"]["name"] for d in docs if d["kind"] == "PersistentVolumeClaim"}
run = next(j for j in jobs.values() if j["spec"].get("completionMode") == "Indexed")
merge = next(j for j in jobs.values() if j is not run)
spec = run["spec"]
container = spec["template"]["spec"]["containers"][0]
args = container["args"]
def value(flag, args=args):
    return args[args.index(flag) + 1] if flag in args else None
errors = []
if not (spec["completions"] == spec["parallelism"] == int(value("--shards") or -1)):
    errors.append(f"completions {spec['completions']}, parallelism {spec['parallelism']} and --shards {value('--shards')} differ")
if value("--shard") != "auto": errors.append("the Indexed Job does not run --shard auto")
if not value("--start-at"): errors.append("the Indexed Job has no --start-at")
if "backoffLimitPerIndex" not in spec: errors.append("no backoffLimitPerIndex")
if spec["template"]["spec"]["restartPolicy"] != "Never": errors.append("podFailurePolicy needs restartPolicy Never")
if not container.get("resources", {}).get("requests"): errors.append("no resource requests")
def claim_at(job, path):
    pod = job["spec"]["template"]["spec"]
    mounts = {m["mountPath"]: m["name"] for c in pod["containers"] for m in c.get("volumeMounts", [])}
    volumes = {v["name"]: v.get("persistentVolumeClaim", {}).get("claimName") for v in pod["volumes"]}
    return volumes.get(mounts.get(path))
artifacts = value("--artifacts")
merge_args = merge["spec"]["template"]["spec"]["containers"][0]["args"]
if merge_args[0] != "merge": errors.append("the second Job does not run loadgen merge")
if not artifacts or claim_at(run, artifacts) is None: errors.append(f"--artifacts {artifacts} is not on a mounted claim")
elif claim_at(merge, merge_args[1]) != claim_at(run, artifacts): errors.append("the merge Job does not read the shards' claim")
elif claim_at(run, artifacts) not in claims: errors.append(f"claim {claim_at(run, artifacts)} is not in deploy/kubernetes")
for e in errors: print("  " + e)
sys.exit(1 if errors else 0)
PY

dockerfile="$root/deploy/Dockerfile"
grep -q '^FROM .*bookworm' "$dockerfile" && grep -q 'ARG SWIFT_IMAGE=swift:6' "$dockerfile" || fail "the builder is not Swift 6 on bookworm"
grep -q '^FROM debian:bookworm-slim' "$dockerfile" || fail "the runtime image is not bookworm-slim"
grep -q '\*\.resources' "$dockerfile" || fail "the Dockerfile does not copy the resource bundles next to the binary"
for package in librdkafka-dev libsnappy-dev libjemalloc-dev librdkafka1 libsnappy1v5 libjemalloc2 tzdata; do
  grep -qw "$package" "$dockerfile" || fail "the Dockerfile does not install $package"
done
grep -q 'COPY loadprofiles' "$dockerfile" || fail "the image does not ship the profiles"

if [ "$failures" -eq 0 ]; then echo "ok: ${#manifests[@]} manifests valid against Kubernetes $kubernetes_version (strict, offline); the Jobs fit together; the Dockerfile ships what it must"; fi
exit "$failures"
