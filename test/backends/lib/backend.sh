# What every backend's run.sh does the same way, sourced by them (and by test/backends/run.sh for
# pack_library): a work folder cleaned up on exit, the Debian packages a fresh machine lacks, the
# packed library with the page's script bundled from it, and the scenarios' PASS/FAIL lines
# counted into one summary line. Defines functions and variables only; begin_backend starts.
#
# Environment: RST_TARBALL (a packed library to use instead of packing this repository),
# KEEP_BACKENDS=1 (keep the work folder: server logs, scenario output), CHROMIUM_PATH.

backends="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$backends/../.." && pwd)"

# begin_backend NAME: the work folder ($work), the file of server process groups to end on exit
# ($RST_PIDS: scenarios and run.sh append to it), and the traps that end them.
begin_backend() {
  backend="$1"
  work="$(mktemp -d "${TMPDIR:-/tmp}/rst-$backend.XXXXXX")"
  export RST_REPO="$repo" RST_PIDS="$work/pids"
  export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
  : >"$RST_PIDS"
  trap end_backend EXIT
  trap 'exit 130' INT TERM
  started=$SECONDS
  scenario_labels=()
  scenario_pids=()
}

end_backend() {
  # Every server started here or by a scenario runs in its own process group: end the group,
  # should the run have been cut short.
  while read -r pid; do
    [ -n "$pid" ] && kill -- "-$pid" 2>/dev/null || true
  done <"$RST_PIDS"
  if [ -n "${KEEP_BACKENDS:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}

# install_missing PACKAGE...: installs those Debian packages (and Chromium) the machine lacks.
install_missing() {
  local packages=("$@") missing=() package
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || packages+=(chromium)
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  echo "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$work/apt.log" 2>&1 || {
    tail -n 40 "$work/apt.log"
    return 1
  }
}

# pack_library FOLDER: builds and packs this repository into FOLDER, and prints the tarball's path.
pack_library() {
  (cd "$repo" && npm run build >"$1/build.log" 2>&1 && npm pack --silent --pack-destination "$1" >"$1/pack.log" 2>&1) || {
    tail -n 40 "$1/build.log" "$1/pack.log" >&2
    return 1
  }
  ls "$1"/react-session-timeout-*.tgz
}

# bundle_client CLIENT: the page's script bundled from the packed library ($RST_TARBALL, else this
# repository packed now) into $work/client/out (client.js, client.css), exported as RST_CLIENT_DIR.
bundle_client() {
  local client="$1" tarball="${RST_TARBALL:-}" t0=$SECONDS
  [ -n "$tarball" ] || tarball="$(pack_library "$work")" || return 1
  # The client and the shared page modules are copied out of the repository, so that nothing
  # resolves the library from the repository by walking up: only the tarball installed here.
  mkdir -p "$work/client/$backend" "$work/client/lib"
  cp "$client" "$work/client/$backend/"
  cp -r "$backends/lib/page" "$work/client/lib/"
  echo '{ "private": true }' >"$work/client/package.json"
  # The library as an app installs it; its peers (React, Radix) from the repository's node_modules
  # through NODE_PATH, so one React is bundled and nothing is downloaded.
  (cd "$work/client" && npm install --no-save --omit=peer --no-package-lock "$tarball" >"$work/install.log" 2>&1) || {
    tail -n 40 "$work/install.log"
    return 1
  }
  NODE_PATH="$repo/node_modules" "$repo/node_modules/.bin/esbuild" "$work/client/$backend/$(basename "$client")" \
    --bundle --format=iife --target=es2022 --jsx=automatic --define:process.env.NODE_ENV='"development"' \
    --outfile="$work/client/out/client.js" --log-level=warning || return 1
  export RST_CLIENT_DIR="$work/client/out"
  echo "NOTE packed and bundled in $((SECONDS - t0)) s"
}

# start_scenario LABEL COMMAND...: runs one scenario in the background, its output to $work/LABEL.out.
start_scenario() {
  local label="$1"
  shift
  "$@" >"$work/$label.out" 2>&1 &
  scenario_labels+=("$label")
  scenario_pids+=($!)
}

# finish_scenarios: waits for them, prints each one's output, and one summary line:
# "<backend>: N passed, M failed in S s". Fails when a check failed, a scenario exited non-zero
# (named as a FAIL line when it printed none), or nothing passed.
finish_scenarios() {
  local k label rc status=0 passed failed
  for k in "${!scenario_labels[@]}"; do
    label="${scenario_labels[$k]}"
    rc=0
    wait "${scenario_pids[$k]}" || rc=$?
    cat "$work/$label.out"
    if [ "$rc" != 0 ]; then
      status=1
      grep -q '^FAIL ' "$work/$label.out" || echo "FAIL $backend ($label): the scenario exited $rc" | tee -a "$work/$label.out"
    fi
  done
  passed=$(cat "$work"/*.out | grep -c '^PASS' || true)
  failed=$(cat "$work"/*.out | grep -c '^FAIL' || true)
  echo "$backend: $passed passed, $failed failed in $((SECONDS - started)) s"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] || status=1
  return "$status"
}
