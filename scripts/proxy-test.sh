#!/usr/bin/env bash
# The workshop through a real reverse proxy: Debian's nginx, run with deploy/nginx-whenless.conf
# (only its addresses, ports, certificate and log folder changed) and a throwaway self-signed
# certificate, in front of two release servers on one Postgres database; then the end-to-end
# spec in end2end/proxy/ in Chromium (one of the servers is stopped halfway), and a search of
# every log, the proxy's and the servers', for each token, join code and cookie the spec saw.
#
# Expects the release build (scripts/build.sh release) and Debian's nginx and openssl
# (scripts/tools.sh test installs them). Uses the Postgres server WHENLESS_TEST_POSTGRES_URL
# or DATABASE_URL names (a database of its own in it, dropped afterwards), or else starts a
# throwaway cluster. nginx runs as a process of its own on free loopback ports, with its
# files in a temporary folder; the Debian service is never touched.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
nginx=/usr/sbin/nginx
server="${CARGO_TARGET_DIR:-$root/target}/release/whenless"
site="$root/target/site"
log() { printf '\033[1;36m[proxy]\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[1;31m[proxy]\033[0m %s\n' "$*" >&2; exit 1; }

if [ ! -x "$server" ] || [ ! -d "$site/pkg" ]; then fail "no release build: run scripts/build.sh release"; fi
if [ ! -x "$nginx" ] || ! command -v openssl > /dev/null; then fail "nginx or openssl is missing: run scripts/tools.sh test"; fi

work="$(mktemp -d /tmp/whenless-proxy.XXXXXX)"
# Undone in reverse order at exit; the folder with the logs is kept when the test fails.
cleanup=("rm -rf '$work'")
on_exit() {
  local status=$? index
  if [ "$status" -ne 0 ]; then
    cleanup[0]="echo 'logs kept in $work/log' >&2"
  fi
  for ((index = ${#cleanup[@]} - 1; index >= 0; index--)); do eval "${cleanup[index]}" || true; done
  exit "$status"
}
trap on_exit EXIT

case "${WHENLESS_TEST_POSTGRES_URL:-${DATABASE_URL:-}}" in
  postgres://* | postgresql://*) pg_url="${WHENLESS_TEST_POSTGRES_URL:-$DATABASE_URL}" ;;
  *)
    read -r pg_dir pg_url < <(scripts/pg.sh start)
    cleanup+=("scripts/pg.sh stop '$pg_dir'")
    ;;
esac
# A database of its own, named for this run, beside whatever else the server holds.
database="whenless_proxy_$$"
psql -q "$pg_url" -c "CREATE DATABASE $database"
cleanup+=("psql -q '$pg_url' -c 'DROP DATABASE IF EXISTS $database WITH (FORCE)'")
database_url="$(python3 -c 'import sys, urllib.parse as u
print(u.urlunsplit(u.urlsplit(sys.argv[1])._replace(path="/" + sys.argv[2])))' "$pg_url" "$database")"

# Six free loopback ports, held open together so that they differ.
read -r tls_port http_port port_a port_b metrics_a metrics_b < <(python3 -c '
import socket
held = [socket.socket() for _ in range(6)]
for s in held: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in held))')
public_url="https://localhost:$tls_port"

mkdir -p "$work/log" "$work/tls" "$work/tmp"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost \
  -keyout "$work/tls/localhost.key" -out "$work/tls/localhost.pem" 2> /dev/null

# The shipped site file with its example addresses, ports, certificate and log folder replaced;
# each must be found, so that a change to the file cannot leave the test on a stale copy.
conf="$(cat deploy/nginx-whenless.conf)"
replace() {
  [[ "$conf" == *"$1"* ]] || fail "deploy/nginx-whenless.conf no longer has '$1'; update this script"
  conf="${conf//"$1"/"$2"}"
}
replace "server 127.0.0.1:3000;" "server 127.0.0.1:$port_a;"
replace "server 127.0.0.1:3001;" "server 127.0.0.1:$port_b;"
replace "listen 80;" "listen 127.0.0.1:$http_port;"
replace "listen [::]:80;" "listen [::1]:$http_port;"
replace "listen 443 ssl http2;" "listen 127.0.0.1:$tls_port ssl http2;"
replace "listen [::]:443 ssl http2;" "listen [::1]:$tls_port ssl http2;"
replace "https://whenless.example.com" "$public_url"
replace "server_name whenless.example.com;" "server_name localhost;"
replace "/etc/ssl/certs/whenless.example.com.pem" "$work/tls/localhost.pem"
replace "/etc/ssl/private/whenless.example.com.key" "$work/tls/localhost.key"
replace "/var/log/nginx/" "$work/log/"
printf '%s\n' "$conf" > "$work/whenless.conf"

# In place of Debian's /etc/nginx/nginx.conf: its settings, with this run's own files. As root,
# the workers run as Debian's do, as www-data.
{
  [ "$(id -u)" -ne 0 ] || echo "user www-data;"
  cat << EOF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/log/error.log;
events {
    worker_connections 768;
}
http {
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    access_log $work/log/access.log;
    gzip on;
    client_body_temp_path $work/tmp/body;
    proxy_temp_path $work/tmp/proxy;
    fastcgi_temp_path $work/tmp/fastcgi;
    uwsgi_temp_path $work/tmp/uwsgi;
    scgi_temp_path $work/tmp/scgi;
    include $work/whenless.conf;
}
EOF
} > "$work/nginx.conf"
if [ "$(id -u)" -eq 0 ]; then
  chmod 755 "$work"
  chown www-data "$work/tmp"
fi
nginx_flags=(-p "$work/" -c "$work/nginx.conf" -e "$work/log/error.log")
checked="$("$nginx" "${nginx_flags[@]}" -t 2>&1)" || fail "nginx refuses the configuration: $checked"
if grep -q '\[warn\]' <<< "$checked"; then fail "nginx warns about the configuration: $checked"; fi

# Two servers as an organisation runs them behind the proxy: one database, one key file, the
# public address, forwarded headers trusted, metrics on an address of their own; the default
# limits. The second starts once the first has written the key file.
start_server() {
  local name="$1" port="$2" metrics="$3"
  "$server" --addr "127.0.0.1:$port" --site-root "$site" --database-url "$database_url" \
    --key-file "$work/whenless.key" --public-url "$public_url" --trust-forwarded \
    --metrics-addr "127.0.0.1:$metrics" > "$work/log/server-$name.log" 2>&1 &
}
wait_for() {
  local url="$1"
  for _ in $(seq 1 100); do
    curl -fsSk "$url" > /dev/null 2>&1 && return 0
    sleep 0.1
  done
  fail "nothing answers at $url"
}
start_server a "$port_a" "$metrics_a"
pid_a=$!
cleanup+=("kill $pid_a 2> /dev/null")
wait_for "http://127.0.0.1:$port_a/healthz"
start_server b "$port_b" "$metrics_b"
pid_b=$!
cleanup+=("kill $pid_b 2> /dev/null")
wait_for "http://127.0.0.1:$port_b/healthz"
# Not a daemon: this script's own child, which it stops and waits for.
"$nginx" "${nginx_flags[@]}" -g 'daemon off;' &
pid_nginx=$!
cleanup+=("kill -QUIT $pid_nginx 2> /dev/null")
wait_for "$public_url/healthz"
log "nginx on $public_url (and http://localhost:$http_port) in front of servers on :$port_a (pid $pid_a) and :$port_b"

secrets="$work/secrets.txt"
status=0
(
  cd end2end
  WHENLESS_E2E_URL="$public_url" WHENLESS_PROXY_HTTP_URL="http://localhost:$http_port" \
    WHENLESS_PROXY_METRICS="http://127.0.0.1:$metrics_a/metrics http://127.0.0.1:$metrics_b/metrics" \
    WHENLESS_PROXY_STOP_PID="$pid_a" WHENLESS_PROXY_SECRETS="$secrets" \
    npx playwright test --config playwright.proxy.config.ts
) || status=$?

# The servers end their event streams as they stop; then nginx, with nothing left open, writes
# its last log lines and exits. The spec stopped the first server, unless it failed before.
if [ "$status" -ne 0 ]; then kill -TERM "$pid_a" 2> /dev/null || true; fi
kill -TERM "$pid_b"
stopped=0
wait "$pid_a" || stopped=$?
wait "$pid_b" || true
kill -QUIT "$pid_nginx"
wait "$pid_nginx" || true
if [ "$status" -ne 0 ]; then
  for file in "$work"/log/*.log; do
    echo "--- $(basename "$file") (last 30 lines) ---" >&2
    tail -n 30 "$file" >&2
  done
  fail "the workshop through the proxy failed"
fi
[ "$stopped" -eq 0 ] || fail "the server stopped halfway exited with status $stopped"

# No log holds anything the spec saw that opens an assessment or stands for a person.
[ -s "$secrets" ] || fail "the spec wrote no secrets to look for"
if grep -rnFf "$secrets" "$work/log"; then
  fail "a token, join code or cookie is in the logs above"
fi
access="$work/log/whenless.access.log"
for path in '/f/.../present' '/p/.../events'; do
  grep -qF " $path " "$access" || fail "the access log has no request for $path: is it the right log?"
done
log "$(wc -l < "$secrets") secrets, none in $(cat "$work"/log/*.log | wc -l) log lines; $(wc -l < "$access") requests, of which moved to the other server:"
grep -oE '"[A-Z]+ [^ ]+ [^"]+" [0-9]+ .* upstream=[^ ]+, [^ ]+ upstream_status=.*' "$access" |
  sed -E 's/" ([0-9]+) .* (upstream=)/" \1 \2/' >&2 || true
