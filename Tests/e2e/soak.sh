#!/usr/bin/env bash
# The CI version of the soak test: scripts/soak.sh for 3 minutes with the given binary.
set -euo pipefail
loadgen=${1:?usage: soak.sh PATH_TO_LOADGEN}
root="$(cd "$(dirname "$0")/../.." && pwd)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
LOADGEN="$loadgen" bash "$root/scripts/soak.sh" "$root/loadprofiles/soak.json" 3m "$out"
