#!/usr/bin/env bash
# GNU parallel: SHARDS shards of the run, JOBS at a time (on this machine, or on others with
# parallel's --sshlogin), then the merge.
#   scripts/cluster/parallel-shards.sh scenario.json 1000 20 shards/ results.json [JOBS]
set -euo pipefail
if [ $# -lt 5 ]; then
  echo "usage: $0 SCENARIO REPLICATIONS SHARDS OUTDIR RESULTS.json [JOBS]" >&2
  exit 2
fi
scenario=$1 replications=$2 shards=$3 outdir=$4 results=$5 jobs=${6:-100%}
here=$(cd "$(dirname "$0")" && pwd)
# One thread per shard: parallel runs as many shards at once as there are cores (or JOBS).
seq 0 $(( shards - 1 )) | parallel --will-cite --halt now,fail=1 -j "$jobs" \
  "$here/shard-task.sh" {} "$shards" "$scenario" "$replications" "$outdir" 1
"${CCSIM:-ccsim}" merge "$outdir"/shard-*.ccstats --json "$results" --quiet
