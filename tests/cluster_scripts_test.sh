#!/usr/bin/env bash
# The cluster launchers of scripts/cluster/ with local stand-ins: the Slurm array script with the
# array's variables set by a loop, GNU parallel on this machine, and the HTCondor submit file's
# arguments by the shard script; each merge equals one run of every replication, bit for bit
# (performance and the recorded command apart).
set -euo pipefail
ccsim=$1 root=$2
export CCSIM=$ccsim
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scenario=$root/scenarios/small-team.json
"$ccsim" run "$scenario" --replications 10 --json "$work/full.json" --quiet
same() {
  python3 - "$1" "$2" <<'P'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
for x in (a, b):
    x.pop("performance")
    x["provenance"].pop("command")
sys.exit(0 if a == b else 1)
P
}
# Slurm: sbatch --array=0-2 runs the script three times with these variables.
for task in 0 1 2; do
  (cd "$root" && SLURM_ARRAY_TASK_ID=$task SLURM_ARRAY_TASK_COUNT=3 SLURM_CPUS_PER_TASK=1 SLURM_SUBMIT_DIR=$root \
    bash scripts/cluster/slurm-shards.sbatch "$scenario" 10 "$work/slurm")
done
"$ccsim" merge "$work"/slurm/*.ccstats --json "$work/slurm.json" --quiet
same "$work/full.json" "$work/slurm.json" || { echo "slurm: merged results differ from one run" >&2; exit 1; }
# GNU parallel, 4 shards, 2 at a time.
command -v parallel >/dev/null || { echo "GNU parallel is not installed (scripts/setup.sh installs it)" >&2; exit 1; }
bash "$root/scripts/cluster/parallel-shards.sh" "$scenario" 10 4 "$work/parallel" "$work/parallel.json" 2
same "$work/full.json" "$work/parallel.json" || { echo "parallel: merged results differ from one run" >&2; exit 1; }
# HTCondor: the submit file's arguments line, $(Process) 0 to 4 of 5 shards.
grep -q '^arguments  = $(Process) $(shards) $(scenario) $(replications) $(outdir) 1$' "$root/scripts/cluster/htcondor-shards.sub"
for p in 0 1 2 3 4; do bash "$root/scripts/cluster/shard-task.sh" "$p" 5 "$scenario" 10 "$work/condor" 1; done
"$ccsim" merge "$work"/condor/*.ccstats --json "$work/condor.json" --quiet
same "$work/full.json" "$work/condor.json" || { echo "htcondor: merged results differ from one run" >&2; exit 1; }
# A task with nothing to do is refused.
if bash "$root/scripts/cluster/shard-task.sh" 0 12 "$scenario" 10 "$work/none" 1 2>/dev/null; then echo "an empty shard ran" >&2; exit 1; fi
echo "cluster scripts: slurm, parallel and htcondor merges equal one run"
