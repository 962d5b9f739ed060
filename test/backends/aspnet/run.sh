#!/usr/bin/env bash
# ASP.NET 4.5 forms authentication on Mono (issue 23, "Real servers in CI"): the packed library in
# headless Chromium against a real forms-authentication app (app/: Web.config with a one-minute
# sliding ticket, Global.asax, .ashx handlers, AntiForgery), served by fastcgi-mono-server4 behind
# nginx. Three configurations, one per way the app says the session is over: the stock 302 to
# Login.aspx, a 440 written in Application_EndRequest, and SuppressFormsAuthenticationRedirect's 401.
#
#   bash test/backends/aspnet/run.sh
#   RST_TARBALL=/path/x.tgz bash test/backends/aspnet/run.sh   check that tarball instead of packing
#
# Installs what a fresh Debian lacks (as root), prints one PASS/FAIL line per check, exits non-zero
# when any failed. About 3 minutes after the install (the long scenario works 90 s, then idles 60 s).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/rst-aspnet.XXXXXX")"
export RST_REPO="$repo"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
pids=()

cleanup() {
  # Each server was started in its own process group (job control, set -m): end the group.
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  if [ -n "${KEEP_BACKEND:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- what a fresh Debian machine lacks ----------------------------------------------------------
# mcs: ASP.NET compiles the .ashx, Global.asax and App_Code at run time.
packages=(mono-devel mono-fastcgi-server4 libmono-system-web-webpages2.0-cil libmono-system-web-extensions4.0-cil)
[ -x /usr/sbin/nginx ] || packages+=(nginx) # any flavour has the FastCGI module
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || packages+=(chromium)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$work/apt.log" 2>&1 || {
    tail -n 40 "$work/apt.log"
    exit 1
  }
fi
started=$SECONDS

# --- the packed library, and the page bundled from it --------------------------------------------
if [ -n "${RST_TARBALL:-}" ]; then
  tarball="$RST_TARBALL"
else
  (cd "$repo" && npm run build >"$work/build.log" 2>&1 && npm pack --silent --pack-destination "$work" >"$work/pack.log" 2>&1) || {
    tail -n 40 "$work/build.log" "$work/pack.log"
    exit 1
  }
  tarball="$(ls "$work"/*.tgz)"
fi
mkdir -p "$work/client"
cp "$here/client.tsx" "$work/client/"
echo '{ "name": "aspnet-client", "private": true }' >"$work/client/package.json"
(cd "$work/client" && npm install --no-save "$tarball" >"$work/install.log" 2>&1) || {
  tail -n 40 "$work/install.log"
  exit 1
}
"$repo/node_modules/.bin/esbuild" "$work/client/client.tsx" --bundle --format=iife --target=es2022 --jsx=automatic \
  --define:process.env.NODE_ENV='"development"' --outfile="$work/client.js" --log-level=warning

# --- three apps (one per end signal), each its own Mono FastCGI server, one nginx in front --------
free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
signals=(redirect 440 401)
set -m # each server in its own process group, ended as a group
declare -A http_port
servers=""
for signal in "${signals[@]}"; do
  app="$work/app-$signal"
  cp -r "$here/app" "$app"
  cp "$work/client.js" "$app/client.js"
  sed -i "s|<add key=\"endSignal\" value=\"redirect\" />|<add key=\"endSignal\" value=\"$signal\" />|" "$app/Web.config"
  fcgi="$(free_port)"
  http_port[$signal]="$(free_port)"
  fastcgi-mono-server4 "/applications=/:$app" "/socket=tcp:127.0.0.1:$fcgi" >"$work/mono-$signal.log" 2>&1 &
  pids+=($!)
  servers+="
  server {
    listen 127.0.0.1:${http_port[$signal]};
    root $app;
    location / {
      include /etc/nginx/fastcgi_params;
      fastcgi_param PATH_INFO \"\";
      fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
      fastcgi_pass 127.0.0.1:$fcgi;
    }
  }"
done
mkdir -p "$work/nginx"
cat >"$work/nginx.conf" <<CONF
daemon off;
worker_processes 1;
error_log $work/nginx/error.log;
pid $work/nginx/nginx.pid;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  fastcgi_temp_path $work/nginx/fastcgi;
  proxy_temp_path $work/nginx/proxy;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  $servers
}
CONF
/usr/sbin/nginx -c "$work/nginx.conf" -p "$work/nginx" >"$work/nginx.log" 2>&1 &
pids+=($!)
set +m

# The first request compiles App_Code, Global.asax and the handler: wait for each app to answer.
for signal in "${signals[@]}"; do
  ready=0
  for _ in $(seq 1 120); do
    if node -e 'fetch(process.argv[1]).then((r) => r.json()).then((s) => process.exit(s.endSignal === process.argv[2] ? 0 : 1), () => process.exit(1))' \
      "http://127.0.0.1:${http_port[$signal]}/test/counts.ashx" "$signal" 2>/dev/null; then ready=1; break; fi
    sleep 0.5
  done
  if [ "$ready" != 1 ]; then
    echo "FAIL $signal: the app did not start"
    tail -n 30 "$work/mono-$signal.log" "$work/nginx/error.log" 2>/dev/null || true
    exit 1
  fi
done
echo "NOTE servers up after $((SECONDS - started)) s"

# --- the scenarios, in parallel (the long one sets the pace) --------------------------------------
scenario_pids=()
for signal in "${signals[@]}"; do
  full=""
  [ "$signal" = redirect ] && full=full
  node "$here/scenario.mjs" "http://127.0.0.1:${http_port[$signal]}" "$signal" $full >"$work/scenario-$signal.log" 2>&1 &
  scenario_pids+=($!)
done
failed=0
for k in "${!signals[@]}"; do
  signal="${signals[$k]}"
  rc=0
  wait "${scenario_pids[$k]}" || rc=$?
  grep -E '^(PASS|FAIL|NOTE) ' "$work/scenario-$signal.log" | sed 's/^NOTE /    /' || true
  if [ "$rc" != 0 ]; then
    failed=1
    grep -q '^FAIL ' "$work/scenario-$signal.log" || { echo "FAIL $signal: the scenario exited $rc"; tail -n 30 "$work/scenario-$signal.log"; }
    grep -q '^FAIL ' "$work/scenario-$signal.log" && tail -n 15 "$work/mono-$signal.log" | sed 's/^/    | mono: /'
  fi
done
echo "aspnet: $((SECONDS - started)) s after the install"
exit "$failed"
