#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the storage tests: installed from Debian's packages when
# missing, created in a temp dir, listening on 127.0.0.1 only, deleted when stopped.
#
#   source .ci/postgres.sh            starts it, exports TEST_DATABASE_URL, stops it on exit
#   .ci/postgres.sh <command...>      runs the command with TEST_DATABASE_URL set, then stops it
#   .ci/postgres.sh                   prints DATABASE_URL and keeps running until Ctrl-C
#
# DATABASE_URL itself is not exported, so the browser tests' server stays on SQLite.

postgres_bin_dir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

postgres_free_port() {
  local port
  for port in $(seq 54329 54399); do
    if ! (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "No free port in 54329-54399 for PostgreSQL." >&2
  return 1
}

start_postgres() {
  if [ -z "$(postgres_bin_dir)" ]; then
    echo "Installing postgresql from Debian's packages..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
  fi
  local bin
  bin="$(postgres_bin_dir)"
  # initdb refuses to run as root, so the cluster belongs to the package's postgres user.
  local as_owner=()
  [ "$(id -u)" = 0 ] && as_owner=(runuser -u postgres --)

  POSTGRES_CLUSTER_DIR="$(mktemp -d /tmp/newsroom-postgres.XXXXXX)"
  [ "$(id -u)" = 0 ] && chown postgres: "$POSTGRES_CLUSTER_DIR"
  local password port
  password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  port="$(postgres_free_port)"
  "${as_owner[@]}" bash -c "umask 077 && echo '$password' >'$POSTGRES_CLUSTER_DIR/password'"
  "${as_owner[@]}" "$bin/initdb" -D "$POSTGRES_CLUSTER_DIR/data" -U postgres --pwfile="$POSTGRES_CLUSTER_DIR/password" \
    --auth-host=scram-sha-256 --auth-local=peer -E UTF8 --no-locale >"$POSTGRES_CLUSTER_DIR/initdb.log"
  "${as_owner[@]}" "$bin/pg_ctl" -D "$POSTGRES_CLUSTER_DIR/data" -l "$POSTGRES_CLUSTER_DIR/server.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $POSTGRES_CLUSTER_DIR -c fsync=on -c synchronous_commit=on" >/dev/null
  POSTGRES_BIN_DIR="$bin"
  POSTGRES_AS_OWNER=("${as_owner[@]}")
  "${as_owner[@]}" "$bin/createdb" -h "$POSTGRES_CLUSTER_DIR" -p "$port" -U postgres newsroom_test
  export TEST_DATABASE_URL="postgres://postgres:$password@127.0.0.1:$port/newsroom_test"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') is running in $POSTGRES_CLUSTER_DIR"
  echo "DATABASE_URL=$TEST_DATABASE_URL"
}

stop_postgres() {
  if [ -n "${POSTGRES_CLUSTER_DIR:-}" ] && [ -d "$POSTGRES_CLUSTER_DIR" ]; then
    "${POSTGRES_AS_OWNER[@]}" "$POSTGRES_BIN_DIR/pg_ctl" -D "$POSTGRES_CLUSTER_DIR/data" -m fast -w stop >/dev/null || true
    rm -rf "$POSTGRES_CLUSTER_DIR"
  fi
  POSTGRES_CLUSTER_DIR=""
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  trap stop_postgres EXIT
  start_postgres
  if [ $# -gt 0 ]; then
    "$@"
  else
    echo "Press Ctrl-C to stop and delete the cluster."
    trap 'exit 0' INT TERM
    while true; do
      sleep 3600 &
      wait $!
    done
  fi
else
  trap stop_postgres EXIT
  start_postgres
fi
