#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the intake store tests and prints, on stdout only,
#   TB_TEST_PG_URL=postgresql://postgres@127.0.0.1:PORT/tongban_test
# so that `eval $(bash tests/pg/start_pg.sh)` sets it. Everything else goes to stderr.
#
# Debian's server binaries (package postgresql; /usr/lib/postgresql/<ver>/bin), a fresh cluster in
# $TB_PG_DIR (default /tmp/tongban-pg), trust authentication, listening on 127.0.0.1 only (a free
# port from 54329 up) and on a Unix socket in that folder. As root, the server runs as the
# `postgres` user (PostgreSQL refuses to run as root). Idempotent: if this folder's server is
# already up, it just prints the URL again. tests/pg/stop_pg.sh stops it and deletes the folder.
# TB_PG_OPTS adds server options (e.g. "-c log_min_duration_statement=0"); fsync stays on, so the
# store's durability and throughput are measured against real commits.
set -euo pipefail

DIR=${TB_PG_DIR:-/tmp/tongban-pg}
DB=tongban_test
say() { echo "start_pg: $*" >&2; }
die() { echo "start_pg: error: $*" >&2; exit 1; }

BIN=${TB_PG_BIN:-}
if [[ -z $BIN ]]; then
  if [[ -x /usr/lib/postgresql/15/bin/postgres ]]; then
    BIN=/usr/lib/postgresql/15/bin
  else
    BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  fi
fi
[[ -n $BIN && -x $BIN/postgres && -x $BIN/initdb && -x $BIN/pg_ctl ]] ||
  die "PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin): apt-get install postgresql"

# Who runs the server: ourselves, or `postgres` when we are root.
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || die "running as root and there is no 'postgres' user to run the server as"
  RUN_AS=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  RUN_AS=$(id -un)
  as_owner() { "$@"; }
fi

url() { echo "TB_TEST_PG_URL=postgresql://postgres@127.0.0.1:$1/$DB"; }

# Already running?
if [[ -f $DIR/port && -f $DIR/data/postmaster.pid ]] && as_owner "$BIN/pg_ctl" status -D "$DIR/data" >/dev/null 2>&1; then
  port=$(cat "$DIR/port")
  if as_owner "$BIN/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null ||
     "$BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    say "already running in $DIR (port $port)"
    url "$port"
    exit 0
  fi
fi

# Anything left over from an earlier run (a stopped or broken server): stop it and start afresh.
if [[ -e $DIR ]]; then
  say "removing a stale cluster in $DIR"
  [[ -f $DIR/data/postmaster.pid ]] && as_owner "$BIN/pg_ctl" stop -D "$DIR/data" -m immediate >/dev/null 2>&1 || true
  rm -rf "$DIR"
fi
mkdir -p "$DIR"
chmod 700 "$DIR"
[[ $RUN_AS != "$(id -un)" ]] && chown "$RUN_AS" "$DIR"

as_owner "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$DIR/initdb.log" 2>&1 ||
  { tail -n 20 "$DIR/initdb.log" >&2; die "initdb failed (log above, $DIR/initdb.log)"; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
started=
for port in $(seq 54329 54399); do
  port_free "$port" || continue
  if as_owner "$BIN/pg_ctl" start -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
       -o "-c listen_addresses=127.0.0.1 -p $port -k $DIR -c max_connections=100 -c shared_buffers=64MB ${TB_PG_OPTS:-}" >/dev/null 2>&1; then
    started=$port
    break
  fi
  # Lost a race for the port? Try the next one; anything else is fatal.
  grep -q "could not bind" "$DIR/server.log" 2>/dev/null || break
done
if [[ -z $started ]]; then
  echo "---- $DIR/server.log (tail) ----" >&2
  tail -n 30 "$DIR/server.log" >&2 2>/dev/null || echo "(no log)" >&2
  die "the PostgreSQL server did not come up (binaries $BIN, cluster $DIR/data)"
fi
echo "$started" >"$DIR/port"

"$BIN/createdb" -h 127.0.0.1 -p "$started" -U postgres "$DB" 2>"$DIR/createdb.log" ||
  { cat "$DIR/createdb.log" >&2; tail -n 20 "$DIR/server.log" >&2; die "could not create database $DB"; }
say "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') up in $DIR as $RUN_AS, 127.0.0.1:$started, database $DB"
url "$started"
