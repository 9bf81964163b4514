#!/usr/bin/env bash
# Generated transactions (default and Black Friday profiles) validate against
# schemas/transaction.schema.json with a real JSON Schema 2020-12 validator; shipped profiles
# validate against schemas/profile.schema.json.
set -euo pipefail
loadgen=${1:?usage: schemas.sh PATH_TO_LOADGEN}
root="$(cd "$(dirname "$0")/../.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$loadgen" --output "file:$work/default.jsonl" --count 5000 --no-status >/dev/null 2>&1
"$loadgen" --profile "$root/loadprofiles/blackfriday.json" --rate max --output "file:$work/bf.jsonl" --count 5000 --no-status >/dev/null 2>&1
python3 "$root/scripts/validate_transactions.py" "$root/schemas/transaction.schema.json" "$work/default.jsonl" --min 5000
python3 "$root/scripts/validate_transactions.py" "$root/schemas/transaction.schema.json" "$work/bf.jsonl" --min 5000
python3 "$root/scripts/validate_profiles.py" "$root/schemas/profile.schema.json" "$root/loadprofiles"
