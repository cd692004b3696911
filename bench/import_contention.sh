#!/usr/bin/env bash
# One shop's import must not stall the others: while shop `bench` imports the 10,000-product
# benchmark catalog through the admin (upload, preview, confirm: the background job), shop `other`
# creates a category through the admin form every 50 ms; prints p50/p99/max of those writes.
# Target (issue 8): p99 <= 250 ms on SQLite. Traffic to 127.0.0.1 only. Never run by `cargo test`.
# Usage: bash bench/import_contention.sh   (VITRINE_BIN=… to skip the build, BENCH_PG=1 for
# PostgreSQL too, N_PRODUCTS=… for another size). Prints only; RESULTS.md is kept by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_BASE=postgres://postgres@127.0.0.1:5432
BIN=${VITRINE_BIN:-$PWD/target/release/vitrine}
GEN=../shared/data/bench-catalog/gen_catalog.py
export VITRINE_OPERATOR_PASSWORD=bench-operator-password
export VITRINE_LOG=warn
say() { printf '%s\n' "$*" >&2; }
command -v sqlite3 >/dev/null || { say "sqlite3 is needed"; exit 1; }
if [ -z "${VITRINE_BIN:-}" ]; then cargo build --release --quiet; fi
[ -x "$BIN" ] || { say "no $BIN"; exit 1; }

WORK=$(mktemp -d)
SERVER_PID=""
PG_DB=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -TERM "$SERVER_PID" || true; fi
    sleep 0.5
    if [ -n "$PG_DB" ]; then psql -q "$PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

N_PRODUCTS=${N_PRODUCTS:-10000} python3 "$GEN" "$WORK/catalog.json" >&2
python3 bench/seed.py csv "$WORK/catalog.json" "$WORK/catalog.csv"

run() { # run NAME DATABASE_URL SQL-CLIENT...
    local name=$1 url=$2 port base data="$WORK/$1"
    shift 2
    mkdir -p "$data"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    base="http://127.0.0.1:$port"
    VITRINE_DATA_DIR="$data" DATABASE_URL="$url" "$BIN" serve --bind "127.0.0.1:$port" >"$WORK/$name.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 600); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$base/readyz" || true)" = 200 ] && break
        sleep 0.1
    done
    # The driver signs both shops up, then waits until shop A may hold the whole catalog.
    python3 bench/import_contention.py "$base" "$WORK/catalog.csv" "$WORK/ready" >"$WORK/$name.out" &
    local driver=$!
    while [ ! -f "$WORK/ready" ]; do sleep 0.1; done
    "$@" "INSERT INTO plans (id, name, max_products, max_staff, max_storage_bytes, is_default, created_at) VALUES (900001, 'Bench', 20000, 5, 1000000000, 0, 0)" >/dev/null
    "$@" "UPDATE shops SET plan_id = 900001 WHERE slug = 'bench'" >/dev/null
    rm "$WORK/ready"
    wait "$driver" || { say "the run failed"; cat "$WORK/$name.out" >&2; tail -20 "$WORK/$name.log" >&2; }
    echo "$name: $(cat "$WORK/$name.out")"
    kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=""
}

run sqlite "sqlite://$WORK/sqlite/vitrine.db" sqlite3 "$WORK/sqlite/vitrine.db"
if [ -n "${BENCH_PG:-}" ] && pg_isready -q -h 127.0.0.1; then
    PG_DB="vitrine_contention_$$"
    psql -q "$PG_BASE/postgres" -c "CREATE DATABASE $PG_DB" >/dev/null
    run postgresql "$PG_BASE/$PG_DB" psql -q -t -A "$PG_BASE/$PG_DB" -c
fi
