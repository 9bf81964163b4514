#!/usr/bin/env bash
# Sets up and runs the main job on this machine: installs missing system packages, builds a
# release binary, and runs the Black Friday profile for 45 seconds against the embedded
# Kafka-protocol broker (no cluster needed), then prints the run report.
# Pass other loadgen flags to change it, e.g. ./scripts/quickstart.sh --duration 5m.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh
loadgen_install_dependencies

swift build -c release --product loadgen
bin="$(swift build -c release --show-bin-path)/loadgen"
mkdir -p out
"$bin" --profile loadprofiles/blackfriday.json --duration 45s --report out/quickstart-report.json "$@"
