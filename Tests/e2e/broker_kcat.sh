#!/usr/bin/env bash
# `loadgen broker` end to end with kcat: start it, list metadata, produce 10,000 lines,
# consume them back, stop it with SIGTERM and expect exit 0.
set -euo pipefail
loadgen=${1:?usage: broker_kcat.sh PATH_TO_LOADGEN}
. "$(dirname "$0")/../../scripts/lib/setup.sh"
loadgen_scratch_dir
work=$LOADGEN_WORK

loadgen_start_broker "$loadgen" "$work" --partitions 6 --topic e2e
pid=$LOADGEN_BROKER_PID
bootstrap=$LOADGEN_BOOTSTRAP
[ "$(head -1 "$work/broker.out")" = "$bootstrap" ] || { echo "FAIL: first stdout line is not the bootstrap list"; exit 1; }

kcat -b "$bootstrap" -L -t e2e | grep -q 'topic "e2e" with 6 partitions' || { echo "FAIL: kcat -L"; exit 1; }
seq 1 10000 | kcat -P -b "$bootstrap" -t e2e
count=$(kcat -C -b "$bootstrap" -t e2e -e -q | wc -l)
[ "$count" -eq 10000 ] || { echo "FAIL: consumed $count of 10000"; exit 1; }
sum=$(kcat -C -b "$bootstrap" -t e2e -e -q | awk '{s+=$1} END {print s}')
[ "$sum" -eq 50005000 ] || { echo "FAIL: consumed values sum to $sum, not 50005000"; exit 1; }

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
LOADGEN_BROKER_PID=""  # gone: the EXIT trap has nothing to kill
[ "$status" -eq 0 ] || { echo "FAIL: broker exited $status after SIGTERM"; cat "$work/broker.log"; exit 1; }
echo "ok: loadgen broker served kcat (10000 produced, 10000 consumed) and stopped cleanly on SIGTERM"
