#!/usr/bin/env bash
# ccsim as a library for another project (as fmt tests its package): install the build tree into a
# fresh prefix, build and run tests/package/installed against it with find_package(ccsim), run
# the installed binary and import the installed Python module; then build and run
# tests/package/subdirectory, which includes ccsim's sources with add_subdirectory.
# Usage: package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd) source=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
for f in bin/ccsim include/ccsim/models/erlang.hpp include/ccsim/sim/engine.hpp lib/cmake/ccsim/ccsimConfig.cmake \
         lib/cmake/ccsim/ccsimConfigVersion.cmake lib/cmake/ccsim/ccsimTargets.cmake; do
  [ -e "$work/prefix/$f" ] || { echo "package_test: $f is not installed" >&2; exit 1; }
done
[ ! -e "$build/viz/app/ccsim-gui" ] || [ -e "$work/prefix/bin/ccsim-gui" ] || { echo "package_test: ccsim-gui is not installed" >&2; exit 1; }
"$work/prefix/bin/ccsim" erlang c --calls 100 --interval 30m --aht 180 --agents 14 --json > /dev/null
site=$(find "$work/prefix" -name "_ccsim*.so" -printf '%h\n' | head -1)
if [ -n "$site" ]; then
  (cd "$work" && PYTHONPATH="$(dirname "$site")" /usr/bin/python3 -c \
    "import ccsim; assert ccsim.erlang_c(calls=100, interval=1800, aht=180, agents=14)['agents'] == 14")
fi

cmake -S "$source/tests/package/installed" -B "$work/installed" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/installed.log" || { cat "$work/installed.log" >&2; exit 1; }
cmake --build "$work/installed" -j2 > "$work/installed-build.log" || { cat "$work/installed-build.log" >&2; exit 1; }
"$work/installed/consumer"

cmake -S "$source/tests/package/subdirectory" -B "$work/sub" -DCMAKE_BUILD_TYPE=Release \
  -DCCSIM_SOURCE_DIR="$source" > "$work/sub.log" || { cat "$work/sub.log" >&2; exit 1; }
cmake --build "$work/sub" -j2 --target consumer > "$work/sub-build.log" || { cat "$work/sub-build.log" >&2; exit 1; }
"$work/sub/consumer"
echo "package_test: installed package and add_subdirectory both build and run"
