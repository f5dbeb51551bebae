#!/usr/bin/env bash
# MPI scaling: the municipal week with 1,000 replications, one process with one thread against
# 2 ranks x 1 thread under mpirun, alternating (paired: this host is noisy); prints each pair's
# ratio and the median. Usage: bench/mpi_scaling.sh [BUILD_DIR] [PAIRS]
set -euo pipefail
build=${1:-build} pairs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
mpi=(mpirun --oversubscribe --bind-to none -np 2)
[ "$(id -u)" -eq 0 ] && mpi=(mpirun --allow-run-as-root --oversubscribe --bind-to none -np 2)
scenario=$root/scenarios/municipal-week.json
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
ratios=()
for i in $(seq "$pairs"); do
  one=$(seconds "$build/ccsim" run "$scenario" --replications 1000 --threads 1 --quiet)
  two=$(seconds "${mpi[@]}" "$build/ccsim" run "$scenario" --replications 1000 --threads 1 --quiet)
  ratio=$(echo "$one / $two" | bc -l)
  printf "pair %d: 1 rank %.2f s, 2 ranks %.2f s, speed-up %.2f\n" "$i" "$one" "$two" "$ratio"
  ratios+=("$ratio")
done
printf "%s\n" "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median speed-up of 2 ranks x 1 thread: %.2f\n", a[int((NR+1)/2)]}'
