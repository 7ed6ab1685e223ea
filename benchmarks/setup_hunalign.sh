#!/usr/bin/env bash
# Build hunalign (github danielvarga/hunalign, LGPL-3) for benchmarks/align_quality.py.
#
# hunalign is in neither Debian's current release nor PyPI, so it is built from source:
#   1. get a copy of the repository (a clone, a release tarball, or a git mirror);
#   2. run this script with its path (a work tree, or a bare git directory):
#        benchmarks/setup_hunalign.sh /path/to/hunalign
#   3. it copies src/ into benchmarks/data/hunalign/ (git-ignored) and runs `make` in
#      src/hunalign with g++ (only warnings appear); the binary is
#      benchmarks/data/hunalign/src/hunalign/hunalign.
# Needs make and g++ (apt-get install make g++).
set -euo pipefail
source="${1:?usage: setup_hunalign.sh PATH-TO-HUNALIGN (work tree or bare git directory)}"
here="$(cd "$(dirname "$0")" && pwd)"
dest="$here/data/hunalign"
rm -rf "$dest" && mkdir -p "$dest"
if [ -d "$source/src/hunalign" ]; then
  cp -R "$source/src" "$dest/"
else
  git --git-dir="$source" archive HEAD src | tar -x -C "$dest"
fi
make -C "$dest/src/hunalign" -j2 >"$dest/build.log" 2>&1 || { tail -20 "$dest/build.log"; exit 1; }
echo "built $dest/src/hunalign/hunalign"
