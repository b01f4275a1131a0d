#!/usr/bin/env bash
# Installs the Debian 12 packages sitc needs to build, test and benchmark (chromium: the reports' browser test;
# OpenMPI: runs split across ranks, optional at build time).
# Safe to re-run; a no-op when everything is present. Needs root (or sudo).
set -euo pipefail

PKGS=(
  cmake ninja-build g++ python3
  llvm-19-dev llvm-19-tools clang-19 libclang-rt-19-dev libzstd-dev zlib1g-dev
  antlr4 libantlr4-runtime-dev default-jre-headless
  libboost-program-options-dev
  libgtest-dev libbenchmark-dev nlohmann-json3-dev
  python3-numpy python3-pandas
  libopenmpi-dev openmpi-bin
  chromium
)
# npm vendors the report's chart libraries at build time (tools/report); a Node.js that brings its own npm
# (nodesource) is kept, else Debian's.
command -v npm > /dev/null || PKGS+=(nodejs npm)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
