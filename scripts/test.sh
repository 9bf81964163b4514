#!/usr/bin/env bash
# Sets up and runs every test: installs missing system packages, builds, runs the Swift
# test suites (unit and mock-cluster integration) and the end-to-end script tests.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh
loadgen_install_dependencies jq:jq curl:curl chromium:chromium /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core
loadgen_install_jsonschema

swift build
# Suites run one after another: several tests assert that waits end by their deadlines, which
# only means something when CPU-heavy suites are not starving the cooperative thread pool.
swift test --no-parallel

passed=0
failed=0
for script in Tests/e2e/*.sh; do
  echo "== $script"
  if bash "$script" "$(swift build --show-bin-path)/loadgen"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
