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
# Needs the repository's node_modules (npm ci: playwright-core, esbuild, react, react-dom, Radix);
# installs Debian's python3-django (and Chromium) when missing.
# Prints one PASS/FAIL line per check; exits non-zero when any failed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib/backend.sh"
begin_backend django

install_missing python3-django
echo "NOTE Django $(/usr/bin/python3 -c 'import django; print(django.get_version())')"

bundle_client "$here/client.mjs"

# Each configuration starts its own server (scenario.mjs) and drives its own page.
start_scenario cookie node "$here/scenario.mjs" cookie "$work/cookie"
start_scenario session node "$here/scenario.mjs" session "$work/session"
finish_scenarios
