#!/usr/bin/env bash
# Sets up and runs loadgen on this machine: installs missing system packages, builds a
# release binary, starts the embedded Kafka-protocol broker and produces through it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh
loadgen_install_dependencies

swift build -c release
bin="$(swift build -c release --show-bin-path)/loadgen"
work=$(mktemp -d)
trap 'kill $broker 2>/dev/null || true; rm -rf "$work"' EXIT

"$bin" broker --brokers 3 --partitions 12 --bootstrap-file "$work/bootstrap" >/dev/null &
broker=$!
for _ in $(seq 100); do [ -s "$work/bootstrap" ] && break; sleep 0.1; done
bootstrap=$(head -1 "$work/bootstrap")
echo "broker: $bootstrap (3 brokers, topic transactions, 12 partitions)"

seq 1 1000 | awk '{printf "user_%09d:{\"n\":%d}\n", $1 * 7919 % 1000000007, $1}' \
  | kcat -P -b "$bootstrap" -t transactions -K:
echo "smoke produce: 1000 keyed messages sent"
echo "read back: $(kcat -C -b "$bootstrap" -t transactions -e -q | wc -l) messages"
kill -TERM "$broker"
wait "$broker"
echo "broker stopped cleanly"
