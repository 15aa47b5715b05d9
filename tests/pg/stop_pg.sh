#!/usr/bin/env bash
# Stops the throwaway PostgreSQL server started by tests/pg/start_pg.sh and deletes its folder.
# Idempotent: nothing running, nothing to do.
set -euo pipefail

DIR=${TB_PG_DIR:-/tmp/tongban-pg}
say() { echo "stop_pg: $*" >&2; }

if [[ ! -e $DIR ]]; then
  say "nothing to stop ($DIR does not exist)"
  exit 0
fi
BIN=${TB_PG_BIN:-}
if [[ -z $BIN ]]; then
  if [[ -x /usr/lib/postgresql/15/bin/pg_ctl ]]; then BIN=/usr/lib/postgresql/15/bin
  else BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true); fi
fi
if [[ -f $DIR/data/postmaster.pid ]]; then
  pid=$(head -n1 "$DIR/data/postmaster.pid")
  if [[ $(id -u) -eq 0 ]]; then as_owner() { runuser -u "$(stat -c %U "$DIR/data")" -- "$@"; }
  else as_owner() { "$@"; }; fi
  if ! as_owner "$BIN/pg_ctl" stop -D "$DIR/data" -m fast -w -t 30 >/dev/null 2>&1; then
    # pg_ctl could not stop it: end that server (its postmaster's pid) directly.
    if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
      say "pg_ctl stop failed; sending SIGQUIT to the postmaster ($pid)"
      kill -QUIT "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  fi
fi
rm -rf "$DIR"
say "stopped and removed $DIR"
