#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests, in a folder of its own on a free loopback port.
#   scripts/postgres-cluster.sh start DIR   initdb + pg_ctl start; prints the connection string (no database)
#   scripts/postgres-cluster.sh stop DIR    stops the cluster and deletes DIR
#   scripts/postgres-cluster.sh halt DIR    stops the server at once (immediate shutdown), keeping DIR (fault tests)
#   scripts/postgres-cluster.sh resume DIR  starts a halted server again, on the same port
# PostgreSQL refuses to run as root: as root the cluster belongs to the 'postgres' user (runuser).
# Durability is off (fsync, full-page writes, synchronous commit): the data is thrown away when the tests end.
# PSA_POSTGRES_OPTIONS adds server options at start (kept for resume); the PostgreSQL fault test sets
# synchronous_commit=on, since an immediate shutdown is a crash and loses commits not yet in the WAL.
set -euo pipefail
# shellcheck source=scripts/free-port.sh
source "$(dirname "$0")/free-port.sh"
cmd="${1:?start, stop, halt or resume}"; dir="${2:?folder}"
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
    echo "$port" >"$dir/port"
    echo "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB ${PSA_POSTGRES_OPTIONS:-}" >"$dir/options"
    "$0" resume "$dir"
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Maximum Pool Size=20;Include Error Detail=true"
    ;;
  resume)
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$(cat "$dir/options")" start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    ;;
  halt)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "start, stop, halt or resume" >&2; exit 2 ;;
esac
