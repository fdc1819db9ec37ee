#!/usr/bin/env bash
# Sourced by the scripts that start private servers: free_port prints a loopback port nothing listens on.
free_port() {
  local candidate
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return 0; fi
  done
  echo "no free port" >&2; return 1
}
