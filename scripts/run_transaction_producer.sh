#!/usr/bin/env bash
# Runs loadgen from environment variables (the seed-era wrapper):
#   KAFKA_BOOTSTRAP_SERVERS  Kafka bootstrap servers      (default: localhost:9092)
#   KAFKA_TOPIC              target topic                 (default: transactions)
#   GENERATION_RATE          transactions per hour, or 50/s, 3000/min, max (default: 1000)
#   DURATION                 run duration in seconds, or 90s, 2h (default: unlimited)
#   LOG_LEVEL                trace, debug, info, warning, error (default: INFO)
#   LOADGEN_PROFILE          optional profile file (its rate and topic yield to the above)
# Extra arguments are passed to loadgen, e.g. --report run.json.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh
loadgen_install_dependencies

export KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}"
export KAFKA_TOPIC="${KAFKA_TOPIC:-transactions}"
export GENERATION_RATE="${GENERATION_RATE:-1000}"
export LOG_LEVEL="${LOG_LEVEL:-INFO}"
[ -n "${DURATION:-}" ] || unset DURATION

bin="$(swift build -c release --show-bin-path)/loadgen"
[ -x "$bin" ] || swift build -c release --product loadgen >&2
args=()
[ -n "${LOADGEN_PROFILE:-}" ] && args+=(--profile "$LOADGEN_PROFILE")
exec "$bin" run "${args[@]}" "$@"
