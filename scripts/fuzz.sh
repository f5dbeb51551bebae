#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz for SECONDS each (default 60), from their seed corpora
# (the shipped scenarios and tests/fuzz/corpus/) and dictionaries. Any crash, leak, sanitizer
# report, timeout (10 s per input; 300 s for ccsim erlang, see below) or run over 2 GiB fails the script; the input that did it is
# kept in build-fuzz/findings/. Build the targets first (see docs/testing.md):
#   CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCCSIM_BUILD_FUZZ=ON -DCCSIM_BUILD_TESTS=OFF \
#     -DCCSIM_BUILD_BENCH=OFF -DCCSIM_BUILD_VIZ=OFF
#   cmake --build build-fuzz -j"$(nproc)" --target fuzz_scenario fuzz_set fuzz_erlang fuzz_forecast fuzz_inputs
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (targets: scenario set erlang forecast inputs)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario set erlang forecast inputs)
mkdir -p build-fuzz/findings
for target in "${targets[@]}"; do
  binary="build-fuzz/tests/fuzz/fuzz_${target}"
  [ -x "$binary" ] || { echo "fuzz: $binary is not built" >&2; exit 1; }
  work="build-fuzz/corpus/${target}"
  mkdir -p "$work"
  case "$target" in
    scenario) seeds=(scenarios scenarios/what-if tests/fuzz/corpus/scenario); dict=tests/fuzz/scenario.dict; len=65536; limit=10 ;;
    set) seeds=(tests/fuzz/corpus/set); dict=tests/fuzz/scenario.dict; len=4096; limit=10 ;;
    # The largest retrial chain the solvers accept (300,000 states) takes up to about 4 s in a
    # release build and 40 times as long under the fuzzing sanitizers: the limit allows for it.
    erlang) seeds=(tests/fuzz/corpus/erlang); dict=tests/fuzz/erlang.dict; len=4096; limit=300 ;;
    forecast) seeds=(tests/fuzz/corpus/forecast); dict=tests/fuzz/forecast.dict; len=65536; limit=10 ;;
    # Forecast files read through a scenario, and schedule's requirement files (first byte: which).
    inputs) seeds=(tests/fuzz/corpus/inputs); dict=tests/fuzz/forecast.dict; len=131072; limit=10 ;;
    *) echo "fuzz: unknown target $target (scenario, set, erlang, forecast, inputs)" >&2; exit 1 ;;
  esac
  echo "== fuzz_${target}: ${seconds} s"
  log="build-fuzz/fuzz_${target}.log"
  status=0
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$binary" "$work" "${seeds[@]}" -dict="$dict" -max_len="$len" -max_total_time="$seconds" -timeout="$limit" \
    -rss_limit_mb=2048 -artifact_prefix="build-fuzz/findings/${target}-" -print_final_stats=1 >"$log" 2>&1 || status=$?
  grep -E '^(Done|stat::number_of_executed_units)' "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log" >&2
    echo "fuzz_${target}: FAILED (status $status); the input is in build-fuzz/findings/, the log in $log" >&2
    exit 1
  fi
done
