#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster for the ledger tests and print one line:
#   export SALESDESK_TEST_PG_URL=postgresql+psycopg2://postgres@127.0.0.1:PORT/salesdesk_test
# Use it as: eval "$(bash .ci/postgres.sh)"
#
# Everything but that line goes to stderr, so `eval` only ever sees the export.
# Running it again reuses the cluster it started before (same data dir, still up);
# a stale data dir (server gone, e.g. after a reboot) is wiped and made anew.
# Any failure exits non-zero with the reason (and the server log) on stderr.
#
# Knobs: SALESDESK_PG_PORT (first port to try, default 54329),
#        SALESDESK_PG_DIR (data dir, default ${TMPDIR:-/tmp}/salesdesk-pg-<port>).
set -euo pipefail

DB=salesdesk_test
FIRST_PORT="${SALESDESK_PG_PORT:-54329}"

log() { echo "postgres.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

find_bin() {
    local dir
    # Debian/Ubuntu keep the server tools out of PATH, one folder per major version.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    return 1
}

BIN="$(find_bin || true)"
if [ -z "$BIN" ]; then
    [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed and this is not root: install 'postgresql'"
    log "PostgreSQL not found; installing it with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2 || die "apt-get update failed"
    apt-get install -y postgresql >&2 || die "apt-get install postgresql failed"
    BIN="$(find_bin || true)"
    [ -n "$BIN" ] || die "postgresql was installed but initdb/pg_ctl are still not found"
fi
log "using $BIN"

# initdb refuses to run as root, so as root the cluster belongs to the 'postgres' user.
if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres \
            || die "cannot create the 'postgres' OS user"
    fi
    as_owner() { runuser -u postgres -- "$@"; }
else
    as_owner() { "$@"; }
fi

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running_here() {  # is the cluster in $1 up?
    [ -f "$1/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$1" status >/dev/null 2>&1
}

PORT=""
DATA=""
for candidate in $(seq "$FIRST_PORT" $((FIRST_PORT + 20))); do
    dir="${SALESDESK_PG_DIR:-${TMPDIR:-/tmp}/salesdesk-pg-$candidate}"
    if running_here "$dir"; then
        PORT="$candidate"; DATA="$dir"
        log "reusing the cluster already running in $DATA on port $PORT"
        break
    fi
    if ! port_busy "$candidate"; then
        PORT="$candidate"; DATA="$dir"
        break
    fi
    log "port $candidate is taken by another program; trying the next"
done
[ -n "$PORT" ] || die "no free port in $FIRST_PORT..$((FIRST_PORT + 20))"

if ! running_here "$DATA"; then
    rm -rf "$DATA"
    mkdir -p "$DATA"
    [ "$(id -u)" = 0 ] && chown postgres: "$DATA"
    chmod 700 "$DATA"
    log "initdb in $DATA"
    as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$DATA.initdb.log" 2>&1 || { cat "$DATA.initdb.log" >&2; die "initdb failed"; }
    # Throw-away cluster: no fsync, socket inside the data dir, TCP on localhost only.
    log "starting the server on 127.0.0.1:$PORT"
    if ! as_owner "$BIN/pg_ctl" -D "$DATA" -w -t 60 -l "$DATA/server.log" \
        -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
        start >&2; then
        tail -n 40 "$DATA/server.log" >&2 || true
        die "the server did not start"
    fi
fi

PSQL=("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
exists="$("${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" \
    || die "cannot connect to the server on port $PORT"
if [ "$exists" != 1 ]; then
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" >&2 || die "cannot create database $DB"
fi
"${PSQL[@]}" -d "$DB" -c "SELECT 1" >/dev/null || die "database $DB does not answer"

log "ready: database $DB on 127.0.0.1:$PORT (stop: runuser -u postgres -- $BIN/pg_ctl -D $DATA stop)"
echo "export SALESDESK_TEST_PG_URL=postgresql+psycopg2://postgres@127.0.0.1:$PORT/$DB"
