#!/usr/bin/env bash
# Installs (as root, with apt) every Debian package ccsim needs to build, test and run.
# Does nothing when they are all present already.
set -euo pipefail
packages=(build-essential cmake pkg-config libboost-dev libboost-random-dev libboost-math-dev
  libeigen3-dev nlohmann-json3-dev libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev
  libcsv-dev coinor-libcbc-dev libimgui-dev libglfw3-dev libgl-dev libstb-dev xvfb xauth libgl1-mesa-dri fonts-dejavu-core python3 python3-jsonschema
  clang libclang-rt-14-dev libopenmpi-dev openmpi-bin parallel
  pybind11-dev python3-dev python3-numpy python3-pandas python3-pytest python3-matplotlib)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "ccsim setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
