#!/usr/bin/env bash
# The packed library against PHP 8.2 native sessions (issue 23, "Real servers in CI"), served by
# `php -S`: the app checks its own timestamp (Debian never garbage-collects sessions), answers 440
# at the end and then 401, keeps the CSRF token in the session; driven in headless Chromium with
# real time.
#
#   bash test/backends/php/run.sh
#   RST_TARBALL=/path/x.tgz bash test/backends/php/run.sh   that tarball instead of packing this repo
#   KEEP_BACKENDS=1 ...                                       keep the temp folder (server logs)
#
# Needs the repository's node_modules (npm ci: playwright-core, esbuild, react, react-dom, Radix);
# installs Debian's php-cli (and Chromium) when missing.
# Prints one PASS/FAIL line per check; exits non-zero when any failed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib/backend.sh"
begin_backend php

install_missing php-cli
echo "NOTE $(php -r 'echo "PHP ", PHP_VERSION;')"

bundle_client "$here/client.mjs"

# The scenario starts the server (scenario.mjs) and drives the page.
start_scenario native node "$here/scenario.mjs" "$work/app"
finish_scenarios
