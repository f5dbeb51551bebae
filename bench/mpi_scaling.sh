#!/usr/bin/env bash
# MPI scaling: the municipal week with 1,000 replications, one rank (mpirun -np 1) with one thread
# against 2 ranks x 1 thread, alternating (paired: this host is noisy); prints each round's ratio
# and the median. Each round also times one plain process (no mpirun: the speed-up against it
# also pays mpirun's start-up) and 2 threads in one process. Usage: [REPLICATIONS=1000] bench/mpi_scaling.sh [BUILD_DIR] [PAIRS]
# On one machine the ranks talk through shared memory (ob1's vader transport): OpenMPI's default
# choice here, UCX, spends 0.2 s of MPI_Init probing for network devices this host lacks.
# MPI_OPTIONS replaces that choice (e.g. MPI_OPTIONS= for OpenMPI's default).
set -euo pipefail
build=${1:-build} pairs=${2:-3} replications=${REPLICATIONS:-1000}
root=$(cd "$(dirname "$0")/.." && pwd)
read -r -a options <<< "${MPI_OPTIONS---mca pml ob1}"
root_flag=()
[ "$(id -u)" -eq 0 ] && root_flag=(--allow-run-as-root)
mpi=(mpirun "${root_flag[@]}" --oversubscribe --bind-to none "${options[@]}" -np 2)
mpi1=(mpirun "${root_flag[@]}" --oversubscribe --bind-to none "${options[@]}" -np 1)
scenario=$root/scenarios/municipal-week.json
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
ratios=() plain=() threaded=()
for i in $(seq "$pairs"); do
  one_rank=$(seconds "${mpi1[@]}" "$build/ccsim-mpi" run "$scenario" --replications "$replications" --threads 1 --quiet)
  two=$(seconds "${mpi[@]}" "$build/ccsim-mpi" run "$scenario" --replications "$replications" --threads 1 --quiet)
  one=$(seconds "$build/ccsim" run "$scenario" --replications "$replications" --threads 1 --quiet)
  threads=$(seconds "$build/ccsim" run "$scenario" --replications "$replications" --threads 2 --quiet)
  ratio=$(echo "$one_rank / $two" | bc -l) plain_ratio=$(echo "$one / $two" | bc -l) thread_ratio=$(echo "$one / $threads" | bc -l)
  printf "round %d: 1 rank %.2f s, 2 ranks %.2f s: speed-up %.2f (plain process %.2f s: %.2f; 2 threads %.2f s: %.2f)\n" \
    "$i" "$one_rank" "$two" "$ratio" "$one" "$plain_ratio" "$threads" "$thread_ratio"
  ratios+=("$ratio") plain+=("$plain_ratio") threaded+=("$thread_ratio")
done
median() { sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}'; }
echo "median speed-up of 2 ranks x 1 thread over 1 rank: $(printf "%s\n" "${ratios[@]}" | median)" \
  "(over a plain process: $(printf "%s\n" "${plain[@]}" | median); 2 threads in one process: $(printf "%s\n" "${threaded[@]}" | median))"
