#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the integration tests: a fresh data directory in a temp dir,
# trust authentication on loopback only, tuned for speed (no durability), deleted when stopped.
#
# Two uses:
#   source scripts/start-postgres.sh      (as scripts/test.sh does) defines
#       pg_throwaway_start   starts the cluster and exports ETREPAYE_TEST_POSTGRES (and PG_PORT, PG_TMP)
#       pg_throwaway_stop    stops it and removes its temp dir; silent, safe to call twice (for traps)
#   bash scripts/start-postgres.sh        starts a cluster by hand, prints the `export ETREPAYE_TEST_POSTGRES=...`
#       line to paste in another shell (or an IDE's run settings) and keeps it up until Ctrl-C.
#
# Environment: PG_BIN  directory holding initdb, pg_ctl and pg_isready (default /usr/lib/postgresql/15/bin).
# Missing binaries: `apt-get install -y postgresql-15` (.ci/run does it on a fresh machine).

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_TMP=""    # temp dir of the running cluster (data/, socket, server.log); empty when none runs
PG_PORT=""

# PostgreSQL refuses to run as root: as root, run its binaries as the `postgres` user, from the temp dir
# (postgres may not be allowed to enter the caller's current directory).
_pg_run() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$PG_TMP" && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# True when nothing listens on TCP port $1 of this machine.
_pg_port_free() {
  if command -v ss >/dev/null 2>&1; then
    [ -z "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
  else
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 1; fi
  fi
}

# A free port, starting from a random point of 15432-19431 so that parallel runs rarely collide.
_pg_free_port() {
  local p=$((15432 + RANDOM % 4000)) i
  for ((i = 0; i < 200; i++)); do
    _pg_port_free "$p" && { echo "$p"; return 0; }
    p=$((p + 1))
  done
  return 1
}

pg_throwaway_start() {
  local b
  for b in initdb pg_ctl pg_isready; do
    if [ ! -x "$PG_BIN/$b" ]; then
      echo "PostgreSQL 15 not found ($PG_BIN/$b missing): apt-get install -y postgresql-15, or set PG_BIN" >&2
      return 1
    fi
  done
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "running as root but there is no 'postgres' user to run PostgreSQL: apt-get install -y postgresql-15" >&2
    return 1
  fi

  # As root the dir must be reachable by postgres, so it goes in /tmp rather than a possibly private $TMPDIR.
  local base="${TMPDIR:-/tmp}"
  [ "$(id -u)" -eq 0 ] && base=/tmp
  PG_TMP="$(mktemp -d "$base/etrepaye-pg.XXXXXX")"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_TMP"

  # C.UTF-8 rather than C so that lower()/upper() handle accented letters as in production.
  local locale=C.UTF-8
  locale -a 2>/dev/null | grep -qix 'c\.utf-\?8' || locale=C
  if ! _pg_run "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust --encoding=UTF8 \
      --locale="$locale" --no-sync >"$PG_TMP/initdb.log" 2>&1; then
    echo "initdb failed:" >&2; cat "$PG_TMP/initdb.log" >&2
    return 1
  fi

  # Only loopback connections, no password (the tests' connection string carries one; trust ignores it).
  _pg_run tee "$PG_TMP/data/pg_hba.conf" >/dev/null <<'EOF'
local all all              trust
host  all all 127.0.0.1/32 trust
host  all all ::1/128      trust
EOF
  # Later settings override earlier ones in postgresql.conf. No durability: the cluster is thrown away.
  _pg_run tee -a "$PG_TMP/data/postgresql.conf" >/dev/null <<EOF

# --- throwaway test cluster (scripts/start-postgres.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_TMP'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

  # The port is passed on the command line; if another process grabs it between the check and
  # the start, try another one.
  local attempt started=""
  for ((attempt = 1; attempt <= 5; attempt++)); do
    PG_PORT="$(_pg_free_port)" || { echo "no free TCP port found for PostgreSQL" >&2; return 1; }
    if _pg_run "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -o "-p $PG_PORT" \
        -w -t 60 start >/dev/null 2>&1; then
      started=1
      break
    fi
  done
  if [ -z "$started" ]; then
    echo "PostgreSQL did not start; server log:" >&2; tail -n 30 "$PG_TMP/server.log" >&2
    return 1
  fi

  # pg_ctl -w waits on the socket; wait until TCP on 127.0.0.1 answers too, as the tests use it.
  local i
  for ((i = 0; i < 60; i++)); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres && break
    sleep 0.5
  done
  if ! "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres; then
    echo "PostgreSQL does not accept connections on 127.0.0.1:$PG_PORT; server log:" >&2
    tail -n 30 "$PG_TMP/server.log" >&2
    return 1
  fi

  export PG_PORT PG_TMP
  export ETREPAYE_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres;Database=postgres;Pooling=true"
  echo "PostgreSQL 15 started on 127.0.0.1:$PG_PORT (throwaway cluster in $PG_TMP)"
}

# Silent on stdout and stderr: it runs from EXIT traps, after the last line that CI reads.
pg_throwaway_stop() {
  [ -n "$PG_TMP" ] || return 0
  if [ -f "$PG_TMP/data/postmaster.pid" ]; then
    _pg_run "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      _pg_run "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w -t 10 stop >/dev/null 2>&1 ||
      { [ -f "$PG_TMP/data/postmaster.pid" ] && kill -9 "$(head -n 1 "$PG_TMP/data/postmaster.pid")" >/dev/null 2>&1; } ||
      true
  fi
  rm -rf "$PG_TMP" >/dev/null 2>&1 || true
  PG_TMP=""
  PG_PORT=""
  return 0
}

# Run by hand: start, show how to use it, stop on Ctrl-C.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  _pg_sleep_pid=""
  trap '[ -n "$_pg_sleep_pid" ] && kill "$_pg_sleep_pid" 2>/dev/null; pg_throwaway_stop' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  pg_throwaway_start
  echo "export ETREPAYE_TEST_PROVIDER=postgres"
  echo "export ETREPAYE_TEST_POSTGRES='$ETREPAYE_TEST_POSTGRES'"
  echo "psql: $PG_BIN/psql -h 127.0.0.1 -p $PG_PORT -U postgres"
  echo "Ctrl-C stops it and deletes its data."
  while true; do
    sleep 3600 &
    _pg_sleep_pid=$!
    wait "$_pg_sleep_pid" || true
  done
fi
