#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests, in a folder of its own on a free loopback port.
#   scripts/postgres-cluster.sh start DIR   initdb + pg_ctl start; prints the connection string (no database)
#   scripts/postgres-cluster.sh stop DIR    stops the cluster and deletes DIR
# PostgreSQL refuses to run as root: as root the cluster belongs to the 'postgres' user (runuser).
# Durability is off (fsync, full-page writes): the data is thrown away when the tests end.
set -euo pipefail
# shellcheck source=scripts/free-port.sh
source "$(dirname "$0")/free-port.sh"
cmd="${1:?start or stop}"; dir="${2:?folder}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/pg_ctl" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(free_port) || exit 1
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C -N >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Maximum Pool Size=20;Include Error Detail=true"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "start or stop" >&2; exit 2 ;;
esac
