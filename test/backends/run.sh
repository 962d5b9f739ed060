#!/usr/bin/env bash
# Real servers (issue 23): the packed library in Chromium against the backends its users run, each
# in test/backends/<name>/run.sh (Django, PHP, ASP.NET forms authentication on Mono). Packs the
# library once and hands the tarball to each (RST_TARBALL); each installs what the machine lacks,
# starts its server on a free loopback port, drives the scenario, stops what it started, and prints
# one PASS/FAIL line per check and a summary line. What they do alike is in lib/ (backend.sh for
# the scripts, *.mjs for the scenarios, page/ for the pages).
#
#   bash test/backends/run.sh              every backend
#   bash test/backends/run.sh django ...   only these
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib/backend.sh"
packed="$(mktemp -d "${TMPDIR:-/tmp}/rst-backends.XXXXXX")"
trap 'rm -rf "$packed"' EXIT

if [ -z "${RST_TARBALL:-}" ]; then
  RST_TARBALL="$(pack_library "$packed")" || {
    echo "FAIL backends: npm run build, npm pack"
    exit 1
  }
  export RST_TARBALL
fi

names=("$@")
if [ "${#names[@]}" -eq 0 ]; then
  for dir in "$here"/*/; do [ -f "$dir/run.sh" ] && names+=("$(basename "$dir")"); done
fi
if [ "${#names[@]}" -eq 0 ]; then
  echo "FAIL backends: none found in $here"
  exit 1
fi

failed=0
for name in "${names[@]}"; do
  echo "== backend $name"
  started=$SECONDS
  if bash "$here/$name/run.sh"; then
    echo "backend $name: passed in $((SECONDS - started)) s"
  else
    echo "backend $name: FAILED in $((SECONDS - started)) s"
    failed=$((failed + 1))
  fi
done
echo "backends: ${#names[@]} run, $failed failed"
[ "$failed" -eq 0 ]
