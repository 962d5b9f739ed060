#!/usr/bin/env bash
# Consumer tests (issue 10): build and pack the library, install the tarball into fixture apps as a
# new user would, and check that each app typechecks, builds and works in a real browser.
#
#   bash test/consumers/run.sh                   every fixture
#   bash test/consumers/run.sh vite-react18 ...  only these (package, vite-react18, vite6-devtools,
#                                                vite-express, snippets, node-core, next15, next16)
#   RST_TARBALL=/path/x.tgz bash test/consumers/run.sh ...  check that tarball (e.g. packed from an older
#                                                commit) instead of building and packing this one
#
# Needs the repository's own node_modules (npm ci at the root: playwright-core, attw, publint),
# /usr/bin/chromium (or CHROMIUM_PATH) and the npm registry. Each fixture is copied to a temp folder
# outside the repository, so nothing resolves from the library's node_modules by walking up, then
# `npm ci` installs its locked dependencies and `npm install --no-save <tarball>` adds the library
# (and, like a real install, its required peers that the lockfile lacks). Prints one PASS/FAIL line
# per check and exits non-zero when any failed.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/rst-consumers.XXXXXX")"
export RST_REPO="$repo" RST_PIDS="$work/pids" NEXT_TELEMETRY_DISABLED=1
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
: >"$RST_PIDS"

cleanup() {
  # Every server a check started and left behind (each in its own process group).
  while read -r pid; do
    [ -n "$pid" ] && kill -- "-$pid" 2>/dev/null || true
  done <"$RST_PIDS"
  if [ -n "${KEEP_CONSUMERS:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
last_ok=0
started=$SECONDS

# check NAME COMMAND...: runs the command with its output in a log; PASS prints the log's NOTE
# lines, FAIL prints the log's end.
check() {
  local name="$1"
  shift
  local log="$work/logs/$((passed + failed)).log" t0=$SECONDS
  mkdir -p "$work/logs"
  last_ok=0
  if "$@" >"$log" 2>&1; then
    last_ok=1
    passed=$((passed + 1))
    echo "PASS $name ($((SECONDS - t0)) s)"
    grep '^NOTE ' "$log" | sed 's/^NOTE /    /' || true
  else
    failed=$((failed + 1))
    echo "FAIL $name ($((SECONDS - t0)) s)"
    grep '^NOTE ' "$log" | sed 's/^NOTE /    /' || true
    grep -v '^NOTE ' "$log" | tail -n 40 | sed 's/^/    | /' || true
  fi
}

wanted() {
  [ "${#selected[@]}" -eq 0 ] && return 0
  local name
  for name in "${selected[@]}"; do [ "$name" = "$1" ] && return 0; done
  return 1
}
selected=("$@")

# A copy of the fixture outside the repository, with its locked dependencies and the library.
# install_fixture NAME [npm install flags for the tarball...]
install_fixture() {
  local name="$1"
  shift
  mkdir -p "$work/$name"
  tar -C "$here/$name" --exclude=node_modules --exclude=dist --exclude=dist-bare --exclude=dist-split --exclude=.next -cf - . | tar -C "$work/$name" -xf -
  (cd "$work/$name" && npm ci && npm install --no-save "$@" "$tarball")
}

# --- the package -------------------------------------------------------------------------------
cp -r "$here/lib" "$work/lib"
tarball=""
if [ -n "${RST_TARBALL:-}" ]; then
  tarball="$(cd "$(dirname "$RST_TARBALL")" && pwd)/$(basename "$RST_TARBALL")"
  echo "using $tarball (RST_TARBALL), not this commit's build"
else
  check "library: npm run build" bash -c "cd '$repo' && npm run build"
  pack() {
    (cd "$repo" && npm pack --pack-destination "$work" --silent) >"$work/packed"
    tarball="$work/$(tail -n 1 "$work/packed")"
    [ -f "$tarball" ] && echo "NOTE $(basename "$tarball"): $(du -k "$tarball" | cut -f1) kB"
  }
  check "library: npm pack" pack
fi
if [ -z "$tarball" ] || [ ! -f "$tarball" ]; then
  echo "$passed passed, $failed failed (no tarball: nothing else can run)"
  exit 1
fi

if wanted package; then
  check "package: attw --profile esm-only (styles.css excluded)" \
    bash -c "cd '$repo' && node_modules/.bin/attw '$tarball' --profile esm-only --exclude-entrypoints ./styles.css --format table-flipped"
  check "package: publint --strict" bash -c "cd '$repo' && node_modules/.bin/publint --strict"
  # macOS and Windows fold letter case: two entries equal ignoring it overwrite each other at install.
  check "package: no two paths in the tarball equal ignoring letter case" \
    bash -c "dups=\$(tar -tzf '$tarball' | tr '[:upper:]' '[:lower:]' | sort | uniq -d); echo \"NOTE \$(tar -tzf '$tarball' | wc -l) paths\"; [ -z \"\$dups\" ] || { echo \"\$dups\"; exit 1; }"
fi

# --- Vite + React 18 + strict TypeScript ---------------------------------------------------------
if wanted vite-react18; then
  v="$work/vite-react18"
  check "vite-react18: npm ci, npm install <tarball>" install_fixture vite-react18
  check "vite-react18: npm pulled in the required peer @radix-ui/react-dialog (not in the app's package.json)" \
    bash -c "test -f '$v/node_modules/@radix-ui/react-dialog/package.json' && ! grep -q radix '$v/package.json' && echo \"NOTE @radix-ui/react-dialog \$(node -p 'require(\"$v/node_modules/@radix-ui/react-dialog/package.json\").version')\""
  check "vite-react18: tsc --noEmit (strict)" bash -c "cd '$v' && node_modules/.bin/tsc --noEmit"
  check "vite-react18: vite build" bash -c "cd '$v' && node_modules/.bin/vite build"
  check "vite-react18: bundle size vs. the same app without the library" \
    bash -c "cd '$v' && node_modules/.bin/vite build --mode bare && node_modules/.bin/vite build --mode split && node size.mjs"
  check "vite-react18: browser journey (warning, stay, 440, re-login, one replay, input kept)" bash -c "cd '$v' && node journey.mjs"
  no_radix() {
    mv "$v/node_modules/@radix-ui/react-dialog" "$work/radix-aside"
    local out=0
    (cd "$v" && node_modules/.bin/vite build --outDir "$work/no-radix" --emptyOutDir) >"$work/no-radix.log" 2>&1 || out=$?
    mv "$work/radix-aside" "$v/node_modules/@radix-ui/react-dialog"
    if [ "$out" -eq 0 ]; then
      echo "vite build passed without @radix-ui/react-dialog"
      return 1
    fi
    grep -m 3 '@radix-ui/react-dialog' "$work/no-radix.log" | sed 's/^/NOTE /' | grep . || {
      cat "$work/no-radix.log"
      echo "the failure does not name @radix-ui/react-dialog"
      return 1
    }
  }
  check "vite-react18: without @radix-ui/react-dialog, vite build fails naming it" no_radix
fi

# --- Vite 6 dev server (esbuild pre-bundling) with the devtools, and the README's quick start ----
if wanted vite6-devtools; then
  v6="$work/vite6-devtools"
  check "vite6-devtools: npm ci, npm install <tarball>" install_fixture vite6-devtools
  check "vite6-devtools: dev server with react-session-timeout/devtools: stays up, the panel opens, no page or console error" \
    bash -c "cd '$v6' && node dev.mjs devtools"
  check "vite6-devtools: src/session.ts and src/main.tsx are the README's quick-start blocks" \
    bash -c "cd '$v6' && node ../lib/readme-snippets.mjs write --base '$repo' README.md src session.ts main.tsx"
  if [ "$last_ok" -eq 1 ]; then
    check "vite6-devtools: tsc --noEmit (strict) with the README's quick start" bash -c "cd '$v6' && node_modules/.bin/tsc --noEmit"
    check "vite6-devtools: the README's quick start in the dev server: save, 440, re-login, one replay, no console warning or error" \
      bash -c "cd '$v6' && node dev.mjs journey"
  else
    echo "SKIP vite6-devtools: the quick start's typecheck and journey (no quick-start blocks in README.md)"
  fi
fi

# --- the README's express server behind the Vite dev server's proxy, with the README's quick start -
if wanted vite-express; then
  ve="$work/vite-express"
  # server/ is the README server's own folder: what `npm install express express-session` writes.
  install_vite_express() { install_fixture vite-express && (cd "$ve/server" && npm ci); }
  check "vite-express: npm ci, npm install <tarball>; npm ci in server/ (express, express-session)" install_vite_express
  check "vite-express: src/session.ts, src/main.tsx, src/save.ts and server/server.mjs are the README's blocks" \
    bash -c "cd '$ve' && node ../lib/readme-snippets.mjs write --base '$repo' README.md src session.ts main.tsx save.ts && node ../lib/readme-snippets.mjs write --base '$repo' README.md server server.mjs"
  if [ "$last_ok" -eq 1 ]; then
    check "vite-express: the README's server.mjs (node) behind Vite's server.proxy: sign in, save 201, keepalive 204, restart, 440, re-login, one replay" \
      bash -c "cd '$ve' && node journey.mjs"
  else
    echo "SKIP vite-express: the journey (the README's blocks were not all found)"
  fi
fi

# --- every ts/tsx/js code block of README.md and docs/**/*.md ------------------------------------
if wanted snippets; then
  check "snippets: npm ci, npm install <tarball>" install_fixture snippets
  check "snippets: README.md and docs/**/*.md code blocks type-check (strict, against the tarball)" \
    bash -c "cd '$work/snippets' && node ../lib/readme-snippets.mjs check --base '$repo' README.md docs"
fi

# --- react-session-timeout/core in Node, no React ------------------------------------------------
if wanted node-core; then
  check "node-core: npm ci, npm install --omit=peer <tarball>" install_fixture node-core --omit=peer
  check "node-core: no React installed" bash -c "! test -e '$work/node-core/node_modules/react' && ! test -e '$work/node-core/node_modules/@radix-ui'"
  check "node-core: session.fetch parks a 440 and replays it once after resume" bash -c "cd '$work/node-core' && node check.mjs"
fi

# --- Next.js 15 App Router (React 19) ------------------------------------------------------------
if wanted next15; then
  check "next15: npm ci, npm install <tarball>" install_fixture next15
  check "next15: next build" bash -c "cd '$work/next15' && node_modules/.bin/next build"
  check "next15: next start, /, /dynamic, /owned in Chromium: no hydration or console error" \
    bash -c "cd '$work/next15' && node ../lib/next-check.mjs / /dynamic /owned"
  check "next15: a Server Action and a navigation through an expired session: re-login, each processed once after it, no reload" \
    bash -c "cd '$work/next15' && node ../lib/next-journey.mjs"
fi

# --- Next.js 16 with cacheComponents --------------------------------------------------------------
if wanted next16; then
  check "next16: npm ci, npm install <tarball>" install_fixture next16
  check "next16: next build with cacheComponents: true" bash -c "cd '$work/next16' && node_modules/.bin/next build"
  if [ "$last_ok" -eq 1 ]; then
    check "next16: next start, /, /dynamic, /owned in Chromium: no hydration or console error" \
      bash -c "cd '$work/next16' && node ../lib/next-check.mjs / /dynamic /owned"
    check "next16: a Server Action and a navigation through an expired session: re-login, each processed once after it, no reload" \
      bash -c "cd '$work/next16' && node ../lib/next-journey.mjs"
  else
    echo "SKIP next16: next start and the browser check (nothing built)"
  fi
fi

echo "consumers: $passed passed, $failed failed in $((SECONDS - started)) s"
[ "$failed" -eq 0 ]
