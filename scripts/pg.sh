#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests, on a free loopback port, in a temporary folder.
#
#   scripts/pg.sh start     prints the folder and the URL: DIR postgres://...
#   scripts/pg.sh stop DIR  stops the cluster and removes the folder
#   scripts/pg.sh pause DIR / resume DIR   stop and start the server, keeping the data
#
# PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user.
set -euo pipefail

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start_server() {
  local dir="$1" port
  port="$(cat "$dir/port")"
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
}

case "${1:-}" in
  start)
    dir="$(mktemp -d /tmp/whenless-pg.XXXXXX)"
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U whenless --auth=trust --no-sync -E UTF8 >/dev/null
    free_port > "$dir/port"
    start_server "$dir"
    echo "$dir postgres://whenless@127.0.0.1:$(cat "$dir/port")/postgres"
    ;;
  pause)
    as_pg "$bin/pg_ctl" -D "$2/data" -m immediate -w stop >/dev/null
    ;;
  resume)
    start_server "$2"
    ;;
  stop)
    dir="${2:?usage: scripts/pg.sh stop DIR}"
    case "$dir" in /tmp/whenless-pg.*) ;; *) echo "refusing to remove $dir" >&2; exit 2 ;; esac
    as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: scripts/pg.sh start | stop DIR | pause DIR | resume DIR" >&2
    exit 2
    ;;
esac
