#!/usr/bin/env bash
# Every shell command the README shows, run as written from the repository root with the
# release binaries on PATH (as the README tells users to do):
#   - a ```bash or ```sh block runs whole, in its own bash, and must exit 0 within 5 minutes;
#   - a block after <!-- readme-test: interrupt N --> runs N seconds, then gets SIGTERM (its
#     whole process group, as Ctrl-C would), and must have printed loadgen's run report;
#   - a block after <!-- readme-test: skip: why --> is listed with its reason, not run.
# `localhost:9092` (the README's "your cluster") is `loadgen broker --port 9092` started here.
set -uo pipefail
loadgen=${1:?usage: readme.sh PATH_TO_LOADGEN}
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. scripts/lib/setup.sh
set +e  # setup.sh sets -e; this script counts failures and goes on
swift build -c release >/dev/null 2>&1 || { echo "FAIL: release build"; exit 1; }
export PATH="$root/.build/release:$PATH"
work=$(mktemp -d)
before=$(git ls-files --others --exclude-standard | sort)
cleanup() {
  [ -n "$LOADGEN_BROKER_PID" ] && kill "$LOADGEN_BROKER_PID" 2>/dev/null
  # Remove what the README's commands left in the tree (run.json, out/...), nothing else.
  comm -13 <(echo "$before") <(git ls-files --others --exclude-standard | sort) | while read -r f; do rm -f "$f"; done
  rm -rf "$work"
}
trap cleanup EXIT
unset KAFKA_BOOTSTRAP_SERVERS KAFKA_TOPIC GENERATION_RATE DURATION LOG_LEVEL

# The README's "your cluster" is localhost:9092: `loadgen broker --port 9092`, as the README
# documents, so those examples run exactly as written. Where 9092 is taken (a shared machine),
# they run against a broker on another port instead, named in KAFKA_BOOTSTRAP_SERVERS.
if python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 9092))' 2>/dev/null \
  && loadgen_start_broker "$loadgen" "$work" --port 9092; then
  cluster=localhost:9092
else
  loadgen_start_broker "$loadgen" "$work" || exit 1
  cluster=$LOADGEN_BOOTSTRAP
  echo "note: port 9092 is taken here: the README's localhost:9092 examples run against $cluster"
  export KAFKA_BOOTSTRAP_SERVERS=$cluster
fi

# Split the README into blocks: work/block.N.sh with work/block.N.mode ("run", "interrupt N", "skip: why").
python3 - "$root/README.md" "$work" "$cluster" <<'PY'
import re, sys
readme, work, cluster = sys.argv[1], sys.argv[2], sys.argv[3]
lines = open(readme).read().split("\n")
n, mode, i = 0, "run", 0
while i < len(lines):
    line = lines[i]
    marker = re.match(r"<!-- readme-test: (.*) -->", line)
    if marker:
        mode = marker.group(1)
    elif line in ("```bash", "```sh"):
        body = []
        i += 1
        while lines[i] != "```":
            body.append(lines[i]); i += 1
        n += 1
        text = "\n".join(body).replace("localhost:9092", cluster)
        open(f"{work}/block.{n}.sh", "w").write("set -e\n" + text + "\n")
        open(f"{work}/block.{n}.mode", "w").write(mode)
        open(f"{work}/block.{n}.line", "w").write(str(i - len(body)))
        mode = "run"
    elif line.startswith("```"):
        mode = "run"
    i += 1
PY

passed=0; failed=0; skipped=0
blocks=$(ls "$work" | grep -c '^block\..*\.sh$')
for n in $(seq "$blocks"); do
  block="$work/block.$n.sh"
  mode=$(cat "$work/block.$n.mode"); line=$(cat "$work/block.$n.line")
  first=$(sed -n 2p "$block")
  case "$mode" in
    skip:*)
      echo "-- README line $line skipped (${mode#skip: }): $first"
      skipped=$((skipped + 1)); continue ;;
    interrupt\ *)
      seconds=${mode#interrupt }
      setsid bash "$block" >"$work/out.$n" 2>&1 &
      pid=$!
      sleep "$seconds"
      kill -TERM -- "-$pid" 2>/dev/null
      # The whole group (bash and loadgen) must be gone: loadgen flushes and prints its report.
      for _ in $(seq 600); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
      if grep -q "run report" "$work/out.$n"; then ok=1; else ok=0; fi ;;
    *)
      if timeout -s TERM 300 bash "$block" >"$work/out.$n" 2>&1; then ok=1; else ok=0; fi ;;
  esac
  if [ "$ok" -eq 1 ]; then
    echo "ok: README line $line: $first"; passed=$((passed + 1))
  else
    echo "FAIL: README line $line: $first"; sed 's/^/    /' "$work/out.$n" | tail -15
    failed=$((failed + 1))
  fi
done
# The sample message: the README's ```json block after "The first line of a Black Friday
# afternoon" must be what the command it names prints (the user agent shortened around "...").
python3 - "$root/README.md" "$loadgen" <<'PY'
import json, re, subprocess, sys
text = open(sys.argv[1]).read()
intro = text.index("The first line of a Black Friday afternoon")
command = re.search(r"`(loadgen --profile loadprofiles/blackfriday\.json --simulate 1h [^`]*)`", text[intro:]).group(1)
block = text[intro:].split("```json\n", 1)[1].split("\n```", 1)[0]
shown = json.loads("".join(line.strip() for line in block.split("\n")))
args = command.split("|")[0].split()[1:]
line = subprocess.run([sys.argv[2], *args], capture_output=True, text=True, timeout=300).stdout.split("\n")[0]
real = json.loads(line)
agent = shown["device_info"].pop("user_agent")
head, _, tail = agent.partition(" ... ")
actual = real["device_info"].pop("user_agent")
problems = [] if actual.startswith(head) and actual.endswith(tail) else [f"user_agent {actual!r} is not {agent!r}"]
problems += [f"{k}: README {shown.get(k)!r}, command {real.get(k)!r}" for k in real if shown.get(k) != real.get(k)]
if problems:
    print("FAIL: README's sample message is not what `" + command + "` prints:\n  " + "\n  ".join(problems))
    sys.exit(1)
print("ok: README's sample message is the first line of `" + command.split("|")[0].strip() + "`")
PY
[ $? -eq 0 ] || failed=$((failed + 1))
echo "readme: $passed blocks ran, $skipped skipped, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -ge 6 ]
