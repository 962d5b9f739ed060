#!/usr/bin/env bash
# The packed library against a real Django 3.2 (issue 23, "Real servers in CI"): sessions with a
# short SESSION_COOKIE_AGE and SESSION_SAVE_EVERY_REQUEST, the CSRF middleware, LoginView and
# @login_required, driven in headless Chromium with real time. Two configurations, run side by
# side: the CSRF token in its cookie, and CSRF_USE_SESSIONS = True.
#
#   bash test/backends/django/run.sh
#   RST_TARBALL=/path/x.tgz bash test/backends/django/run.sh   that tarball instead of packing this repo
#   KEEP_BACKENDS=1 ...                                          keep the temp folder (server logs)
#
# Needs the repository's node_modules (npm ci: playwright-core, esbuild, react, react-dom, Radix),
# /usr/bin/chromium (or CHROMIUM_PATH); installs Debian's python3-django when it is missing.
# Prints one PASS/FAIL line per check; exits non-zero when any failed.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/rst-django.XXXXXX")"
export RST_REPO="$repo" RST_PIDS="$work/pids"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
: >"$RST_PIDS"

cleanup() {
  # Every server a scenario started (each in its own process group), should it have been cut short.
  while read -r pid; do
    [ -n "$pid" ] && kill -- "-$pid" 2>/dev/null || true
  done <"$RST_PIDS"
  if [ -n "${KEEP_BACKENDS:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- what a fresh Debian machine lacks ----------------------------------------------------------
python=/usr/bin/python3
if ! "$python" -c 'import django' 2>/dev/null; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y python3-django
fi
echo "NOTE Django $("$python" -c 'import django; print(django.get_version())')"

# --- the packed library, and the page's script bundled from it ----------------------------------
t0=$SECONDS
if [ -n "${RST_TARBALL:-}" ]; then
  tarball="$RST_TARBALL"
else
  (cd "$repo" && npm run build >"$work/build.log" 2>&1 && npm pack --silent --pack-destination "$work" >"$work/pack.log" 2>&1) ||
    { cat "$work/build.log" "$work/pack.log" >&2; exit 1; }
  tarball="$(ls "$work"/react-session-timeout-*.tgz)"
fi
mkdir -p "$work/client"
cp "$here/client.mjs" "$work/client/"
# The library from the tarball, as an app installs it; its peers (React, Radix) from the
# repository's node_modules through NODE_PATH, so one React is bundled and nothing is downloaded.
(cd "$work/client" && echo '{"private":true}' >package.json && npm install --no-save --omit=peer --no-package-lock "$tarball" >"$work/install.log" 2>&1) ||
  { cat "$work/install.log" >&2; exit 1; }
NODE_PATH="$repo/node_modules" "$repo/node_modules/.bin/esbuild" "$work/client/client.mjs" --bundle --format=iife \
  --outfile="$work/client/out/client.js" --define:process.env.NODE_ENV='"development"' --log-level=warning
echo "NOTE packed and bundled in $((SECONDS - t0)) s"

# --- the scenarios, one server and one browser page each ----------------------------------------
export RST_CLIENT_DIR="$work/client/out"
status=0
node "$here/scenario.mjs" cookie "$work/cookie" >"$work/cookie.out" 2>&1 &
cookie=$!
node "$here/scenario.mjs" session "$work/session" >"$work/session.out" 2>&1 &
session=$!
wait "$cookie" || status=1
wait "$session" || status=1
cat "$work/cookie.out" "$work/session.out"
passed=$(cat "$work"/*.out | grep -c '^PASS' || true)
failed=$(cat "$work"/*.out | grep -c '^FAIL' || true)
echo "django: $passed passed, $failed failed in $((SECONDS - t0)) s"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] || status=1
exit "$status"
