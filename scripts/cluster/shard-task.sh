#!/usr/bin/env bash
# One shard of a ccsim run: task TASK of TASKS runs its share of REPLICATIONS replications of
# SCENARIO and writes OUTDIR/shard-TASK.ccstats (the same random streams as one run of them all).
# `ccsim merge OUTDIR/*.ccstats --json results.json` then gives the results of the whole run, bit
# for bit. Used by the Slurm, GNU parallel and HTCondor launchers beside it (docs/scaling.md).
# Usage: shard-task.sh TASK TASKS SCENARIO REPLICATIONS OUTDIR [THREADS]; $CCSIM is the binary.
set -euo pipefail
if [ $# -lt 5 ]; then
  echo "usage: $0 TASK TASKS SCENARIO REPLICATIONS OUTDIR [THREADS]" >&2
  exit 2
fi
task=$1 tasks=$2 scenario=$3 replications=$4 outdir=$5 threads=${6:-0}
first=$(( task * replications / tasks ))
end=$(( (task + 1) * replications / tasks ))
if [ "$first" -ge "$end" ]; then
  echo "shard-task: task $task of $tasks has no replication (fewer replications than tasks)" >&2
  exit 2
fi
mkdir -p "$outdir"
"${CCSIM:-ccsim}" run "$scenario" --replications "$replications" --replications-range "$first:$end" \
  --threads "$threads" --stats "$outdir/shard-$task.ccstats" --quiet
