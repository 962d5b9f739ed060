#!/usr/bin/env bash
# ASP.NET 4.5 forms authentication on Mono (issue 23, "Real servers in CI"): the packed library in
# headless Chromium against a real forms-authentication app (app/: Web.config with a one-minute
# sliding ticket, Global.asax, .ashx handlers, AntiForgery), served by fastcgi-mono-server4 behind
# nginx. Three configurations, one per way the app says the session is over: the stock 302 to
# Login.aspx, a 440 written in Application_EndRequest, and SuppressFormsAuthenticationRedirect's 401.
#
#   bash test/backends/aspnet/run.sh
#   RST_TARBALL=/path/x.tgz bash test/backends/aspnet/run.sh   check that tarball instead of packing
#   KEEP_BACKENDS=1 ...                                           keep the temp folder (server logs)
#
# Installs what a fresh Debian lacks (as root), prints one PASS/FAIL line per check, exits non-zero
# when any failed. About 3 minutes after the install (the long scenario works 90 s, then idles 60 s).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib/backend.sh"
begin_backend aspnet

# mcs: ASP.NET compiles the .ashx, Global.asax and App_Code at run time. Any nginx flavour has the
# FastCGI module.
packages=(mono-devel mono-fastcgi-server4 libmono-system-web-webpages2.0-cil libmono-system-web-extensions4.0-cil)
[ -x /usr/sbin/nginx ] || packages+=(nginx)
install_missing "${packages[@]}"

bundle_client "$here/client.tsx"

# --- three apps (one per end signal), each its own Mono FastCGI server, one nginx in front --------
starting=$SECONDS
free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
signals=(redirect 440 401)
set -m # each server in its own process group, ended as a group
declare -A http_port
servers=""
for signal in "${signals[@]}"; do
  app="$work/app-$signal"
  cp -r "$here/app" "$app"
  cp "$RST_CLIENT_DIR/client.js" "$app/client.js"
  sed -i "s|<add key=\"endSignal\" value=\"redirect\" />|<add key=\"endSignal\" value=\"$signal\" />|" "$app/Web.config"
  fcgi="$(free_port)"
  http_port[$signal]="$(free_port)"
  fastcgi-mono-server4 "/applications=/:$app" "/socket=tcp:127.0.0.1:$fcgi" >"$work/mono-$signal.log" 2>&1 &
  echo $! >>"$RST_PIDS"
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
echo $! >>"$RST_PIDS"
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
    echo "FAIL aspnet ($signal): the app did not start"
    tail -n 30 "$work/mono-$signal.log" "$work/nginx/error.log" 2>/dev/null || true
    exit 1
  fi
done
echo "NOTE servers up after $((SECONDS - starting)) s"

# --- the scenarios, in parallel (the long one sets the pace) --------------------------------------
for signal in "${signals[@]}"; do
  full=""
  [ "$signal" = redirect ] && full=full
  start_scenario "$signal" node "$here/scenario.mjs" "http://127.0.0.1:${http_port[$signal]}" "$signal" $full
done
finish_scenarios || {
  # What Mono said, for a scenario that failed.
  for signal in "${signals[@]}"; do
    grep -q '^FAIL ' "$work/$signal.out" && tail -n 15 "$work/mono-$signal.log" | sed "s/^/    | mono ($signal): /"
  done
  exit 1
}
