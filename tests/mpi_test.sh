#!/usr/bin/env bash
# ccsim under mpirun, 2 ranks: run, compare, sweep, staff and schedule give the single process's results bit for
# bit (performance and the recorded command apart); a rank that dies fails the job and leaves no
# output file behind.
set -euo pipefail
ccsim=$1 root=$2 ccsim_mpi=$3  # the plain binary, the tree, the MPI binary
mpi=(mpirun --oversubscribe --bind-to none -np 2)
[ "$(id -u)" -eq 0 ] && mpi=(mpirun --allow-run-as-root --oversubscribe --bind-to none -np 2)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scenario=$root/scenarios/bilingual-helpline.json
same() {
  python3 - "$1" "$2" <<'P'
import json, sys
def clean(x):
    if isinstance(x, dict):
        x.pop("performance", None)
        x.pop("seconds", None)
        if "provenance" in x: x["provenance"].pop("command", None)
        for v in x.values(): clean(v)
    elif isinstance(x, list):
        for v in x: clean(v)
    return x
a, b = (clean(json.load(open(f))) for f in sys.argv[1:3])
sys.exit(0 if a == b else 1)
P
}
"$ccsim" run "$scenario" --replications 11 --json "$work/one.json" --quiet
"${mpi[@]}" "$ccsim_mpi" run "$scenario" --replications 11 --threads 1 --json "$work/two.json" --quiet
same "$work/one.json" "$work/two.json" || { echo "mpi run: results differ from one process" >&2; exit 1; }
# Two threads in each rank take replications from the shared counter too.
"${mpi[@]}" "$ccsim_mpi" run "$scenario" --replications 11 --threads 2 --json "$work/four.json" --quiet
same "$work/one.json" "$work/four.json" || { echo "mpi run, 2 threads a rank: results differ from one process" >&2; exit 1; }
"$ccsim" compare "$scenario" --variant 'later:routing.overflow[0].after=60s' --set run.replications=7 --json "$work/c1.json" --quiet
"${mpi[@]}" "$ccsim_mpi" compare "$scenario" --variant 'later:routing.overflow[0].after=60s' --set run.replications=7 --threads 1 --json "$work/c2.json" --quiet
same "$work/c1.json" "$work/c2.json" || { echo "mpi compare: results differ from one process" >&2; exit 1; }
"$ccsim" sweep "$root/scenarios/small-team.json" --grid 'staffing.agents=4:6' --set run.replications=5 --json "$work/s1.json" --quiet
"${mpi[@]}" "$ccsim_mpi" sweep "$root/scenarios/small-team.json" --grid 'staffing.agents=4:6' --set run.replications=5 --threads 1 --json "$work/s2.json" --quiet
same "$work/s1.json" "$work/s2.json" || { echo "mpi sweep: results differ from one process" >&2; exit 1; }
# The optimisers: ccsim staff's evaluations (search and ISA) and ccsim schedule's simulation loop.
team=$root/scenarios/small-team.json
"$ccsim" staff "$team" --replications 12 --json "$work/f1.json" --quiet
"${mpi[@]}" "$ccsim_mpi" staff "$team" --replications 12 --threads 1 --json "$work/f2.json" --quiet
same "$work/f1.json" "$work/f2.json" || { echo "mpi staff: results differ from one process" >&2; exit 1; }
"${mpi[@]}" "$ccsim_mpi" staff "$team" --replications 12 --threads 2 --json "$work/f4.json" --quiet
same "$work/f1.json" "$work/f4.json" || { echo "mpi staff, 2 threads a rank: results differ from one process" >&2; exit 1; }
"$ccsim" staff "$team" --method isa --p-wait 0.3 --replications 12 --json "$work/i1.json" --quiet
"${mpi[@]}" "$ccsim_mpi" staff "$team" --method isa --p-wait 0.3 --replications 12 --threads 1 --json "$work/i2.json" --quiet
same "$work/i1.json" "$work/i2.json" || { echo "mpi staff --method isa: results differ from one process" >&2; exit 1; }
ccbaby=$root/scenarios/simopt-ccbaby.json
"$ccsim" schedule "$ccbaby" --erlang --simulate --max-rounds 2 --set run.replications=6 --json "$work/h1.json" --quiet
"${mpi[@]}" "$ccsim_mpi" schedule "$ccbaby" --erlang --simulate --max-rounds 2 --set run.replications=6 --json "$work/h2.json" --quiet
same "$work/h1.json" "$work/h2.json" || { echo "mpi schedule --simulate: results differ from one process" >&2; exit 1; }
# Rank 1 dies mid-run: the job fails, and rank 0 has written nothing.
if CCSIM_TEST_RANK_DIES=1 "${mpi[@]}" -x CCSIM_TEST_RANK_DIES "$ccsim_mpi" run "$scenario" --replications 6 --threads 1 --json "$work/dead.json" --quiet > "$work/dead.log" 2>&1; then
  echo "mpi: a dead rank did not fail the run" >&2
  exit 1
fi
[ ! -e "$work/dead.json" ] || { echo "mpi: a dead rank left an output file" >&2; exit 1; }
echo "mpi: run, compare, sweep, staff and schedule on 2 ranks equal one process; a dead rank fails the run without output"
