#!/usr/bin/env bash
# A private Dovecot IMAP server for the tests, in a folder of its own on a free loopback port.
#   scripts/dovecot-instance.sh start DIR USER PASSWORD   writes DIR/dovecot.conf, starts it; prints the port
#   scripts/dovecot-instance.sh stop DIR                  stops it and deletes DIR
# Users come from a passwd-file; mail is a maildir owned by uid 65534 (Dovecot refuses to serve mail as uid 0).
# Plain-text login without TLS, on 127.0.0.1 only: it is a throw-away server for one test run.
set -euo pipefail
cmd="${1:?start or stop}"; dir="${2:?folder}"
dovecot=$(command -v dovecot || echo /usr/sbin/dovecot)

case "$cmd" in
  start)
    user="${3:?user}"; password="${4:?password}"
    [ -x "$dovecot" ] || { echo "Dovecot is not installed (apt-get install dovecot-imapd)" >&2; exit 1; }
    mkdir -p "$dir/run" "$dir/state" "$dir/mail"
    chmod 755 "$dir" "$dir/run" "$dir/state"
    chown -R 65534:65534 "$dir/mail" 2>/dev/null || true
    chmod 755 "$dir/mail"
    port=""
    for _ in $(seq 1 50); do
      candidate=$((20000 + RANDOM % 40000))
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
    done
    [ -n "$port" ] || { echo "no free port" >&2; exit 1; }
    printf '%s:{PLAIN}%s::::::\n' "$user" "$password" > "$dir/users"
    chmod 644 "$dir/users"
    cat > "$dir/dovecot.conf" <<CONF
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
info_log_path = $dir/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# A wrong password is answered at once (Dovecot waits 2 s per failure by default; MailKit tries each mechanism).
auth_failure_delay = 0
mail_location = maildir:$dir/mail/%u
default_internal_user = nobody
default_login_user = nobody
first_valid_uid = 65534
passdb {
  driver = passwd-file
  args = scheme=PLAIN $dir/users
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=$dir/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
CONF
    # Its own output goes to a file: the daemon must not hold the caller's pipes open.
    "$dovecot" -c "$dir/dovecot.conf" </dev/null >>"$dir/start.log" 2>&1 || { cat "$dir/start.log" "$dir/dovecot.log" >&2 2>/dev/null; exit 1; }
    for _ in $(seq 1 100); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; exit 0; fi
      sleep 0.1
    done
    echo "Dovecot did not answer on port $port" >&2; cat "$dir/dovecot.log" >&2 2>/dev/null; exit 1
    ;;
  stop)
    if [ -f "$dir/dovecot.conf" ]; then
      "$dovecot" -c "$dir/dovecot.conf" stop >/dev/null 2>&1 || true
      for _ in $(seq 1 50); do [ -e "$dir/run/master.pid" ] || break; sleep 0.1; done
    fi
    rm -rf "$dir"
    ;;
  *) echo "start or stop" >&2; exit 2 ;;
esac
