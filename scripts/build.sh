#!/usr/bin/env bash
# Installs what is missing (scripts/setup.sh), then configures and builds ccsim (Release) in build/.
# Extra arguments go to the CMake configure step, e.g. -DCCSIM_BUILD_BENCH=OFF.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build build -j"$(nproc)"
