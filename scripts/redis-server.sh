#!/usr/bin/env bash
# A private Redis for the tests, in a folder of its own on a free loopback port, keeping nothing on disk.
#   scripts/redis-server.sh start DIR   starts redis-server; prints its address (host:port)
#   scripts/redis-server.sh stop DIR    stops that server and deletes DIR
set -euo pipefail
# shellcheck source=scripts/free-port.sh
source "$(dirname "$0")/free-port.sh"
cmd="${1:?start or stop}"; dir="${2:?folder}"
case "$cmd" in
  start)
    command -v redis-server >/dev/null || { echo "Redis is not installed (apt-get install redis-server)" >&2; exit 1; }
    mkdir -p "$dir"
    port=$(free_port) || exit 1
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
      --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null
    for _ in $(seq 1 100); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "127.0.0.1:$port"; exit 0; fi
      sleep 0.1
    done
    cat "$dir/redis.log" >&2; exit 1
    ;;
  stop)
    if [ -f "$dir/redis.pid" ]; then
      pid=$(cat "$dir/redis.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$dir"
    ;;
  *) echo "start or stop" >&2; exit 2 ;;
esac
