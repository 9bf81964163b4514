#!/usr/bin/env bash
# Makes the README's report picture: the Black Friday profile with its clock sped up so the
# whole simulated day passes in DURATION (default 4 minutes), against the embedded broker, with
# --html-report; then headless Chromium takes a screenshot of the report.
#
# usage: scripts/report_screenshot.sh [DURATION=4m] [OUT=docs/blackfriday-report.png]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh
loadgen_install_dependencies jq:jq chromium:chromium /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core
duration=${1:-4m}
out=${2:-docs/blackfriday-report.png}
case "$duration" in
  *m) seconds=$((${duration%m} * 60)) ;;
  *s) seconds=${duration%s} ;;
  *) seconds=$duration ;;
esac
swift build -c release --product loadgen >&2
bin="$(swift build -c release --show-bin-path)/loadgen"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One simulated day (86,400 s) in the run's duration.
jq --argjson speed "$((86400 / seconds))" '.clock.speed = $speed | del(.duration)' loadprofiles/blackfriday.json >"$work/blackfriday.json"
"$bin" --profile "$work/blackfriday.json" --duration "$duration" --html-report "$work/report.html" --no-status
mkdir -p "$(dirname "$out")"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1180 \
  --screenshot="$out" "file://$work/report.html" 2>/dev/null
cp "$work/report.html" "${out%.png}.html"
echo "wrote $out and ${out%.png}.html" >&2
