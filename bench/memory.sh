#!/usr/bin/env bash
# Peak memory (maximum resident set size) of a 365-day run of a 500-agent centre.
# Target (issue 3): under 100 MB. Usage: bench/memory.sh [path/to/ccsim]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ccsim="${1:-$here/../build/ccsim}"
/usr/bin/time -f "%M" -o /tmp/ccsim_memory.$$ "$ccsim" run "$here/large-centre-year.json" --quiet "${@:2}"
kb=$(cat /tmp/ccsim_memory.$$)
rm -f /tmp/ccsim_memory.$$
echo "peak memory: $((kb / 1024)) MB (maximum resident set size)"
