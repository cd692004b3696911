#!/usr/bin/env bash
# Catalog figures, on SQLite and then on PostgreSQL, in one run:
#   - import time of the 10,000-product benchmark catalog (../shared/data/bench-catalog/gen_catalog.py,
#     turned into a Shopify CSV by bench/seed.py) with `vitrine import --shop bench FILE` while the
#     server runs, into a shop signed up through the public form and moved by the operator to a
#     plan allowing 20,000 products (done here in SQL, as the operator console would);
#   - 1,000 small shops signed up through the public signup form (CSRF, password hashing and all),
#     four at a time, and how long that took;
#   - requests/s, p50 and p99 at 64 connections (wrk) of a product page, a category page and a
#     search, as first-time shoppers ask for them (no cookies), then of a product page that is
#     rendered for every request (each asks another address: the page cache never answers);
#   - the ceiling: nginx serving a static file of the product page's size, same wrk settings.
# Traffic goes to 127.0.0.1 only. Usage: bash bench/catalog.sh [seconds per measurement] (default 10)
# Appends a section to bench/RESULTS.md. Never run by `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${1:-10}
CONNECTIONS=64
THREADS=2
SHOPS=${BENCH_SHOPS:-1000}
PG_BASE=postgres://postgres@127.0.0.1:5432
BIN=${VITRINE_BIN:-$PWD/target/release/vitrine}
GEN=../shared/data/bench-catalog/gen_catalog.py
export VITRINE_OPERATOR_PASSWORD=bench-operator-password
export VITRINE_LOG=warn
# 1,000 signups from one address: lift the per-address signup limit for the load test.
export VITRINE_SIGNUP_PER_IP_HOUR=0

. bench/lib.sh
need_apt wrk wrk
[ -x /usr/sbin/nginx ] || need_apt nginx nginx
need_apt sqlite3 sqlite3
command -v curl >/dev/null || { say "curl is needed"; exit 1; }
[ -f "$GEN" ] || { say "no $GEN"; exit 1; }

if [ -z "${VITRINE_BIN:-}" ]; then
    say "== cargo build --release"
    cargo build --release --quiet
fi
[ -x "$BIN" ] || { say "no $BIN after the build"; exit 1; }

LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
WORK=$(mktemp -d)
chmod 755 "$WORK"
PG_DB=""
SERVER_PID=""
NGINX_PID=""
cleanup() {
    for p in "$SERVER_PID" "$NGINX_PID"; do
        if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then kill -TERM "$p" 2>/dev/null || true; fi
    done
    sleep 0.5
    if [ -n "$PG_DB" ]; then
        psql -q "$PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

say "== benchmark catalog"
N_PRODUCTS=${N_PRODUCTS:-10000} python3 "$GEN" "$WORK/catalog.json" >&2
python3 bench/seed.py csv "$WORK/catalog.json" "$WORK/catalog.csv"
say "$(wc -l <"$WORK/catalog.csv") CSV lines, $(du -h "$WORK/catalog.csv" | cut -f1)"

declare -a ROWS
declare -a NOTES
PRODUCT_BYTES=""
write_miss_lua

# run_backend NAME DATABASE_URL-or-empty
run_backend() {
    local name=$1 db_url=$2 data="$WORK/$1-data" log="$WORK/$1.log" port base dbref
    mkdir -p "$data"
    port=$(free_port)
    base="http://127.0.0.1:$port"
    local -a envs=(VITRINE_DATA_DIR="$data")
    if [ -n "$db_url" ]; then
        envs+=(DATABASE_URL="$db_url"); dbref=$db_url
    else
        envs+=(DATABASE_URL="sqlite://$data/vitrine.db"); dbref="$data/vitrine.db"
    fi
    say ""
    say "== $name: vitrine serve --bind 127.0.0.1:$port"
    env "${envs[@]}" "$BIN" serve --bind "127.0.0.1:$port" >"$log" 2>&1 &
    SERVER_PID=$!
    wait_ready "$base" "$log"

    python3 bench/seed.py signup "$base" bench
    sql "$name" "$dbref" "INSERT INTO plans (id, name, max_products, max_staff, max_storage_bytes, is_default, created_at) VALUES (900001, 'Bench', 20000, 5, 1000000000, 0, 0)" >/dev/null
    sql "$name" "$dbref" "UPDATE shops SET plan_id = 900001 WHERE slug = 'bench'" >/dev/null

    say "== $name: vitrine import --shop bench (${N_PRODUCTS:-10000} products) while the server runs"
    local t0 t1 import_s
    t0=$(now_ms)
    env "${envs[@]}" "$BIN" import --shop bench "$WORK/catalog.csv" >"$WORK/$name-import.txt" 2>&1 \
        || { cat "$WORK/$name-import.txt" >&2; exit 1; }
    t1=$(now_ms)
    import_s=$(awk -v ms=$(( t1 - t0 )) 'BEGIN { printf "%.1f", ms / 1000 }')
    tail -3 "$WORK/$name-import.txt" >&2
    say "imported in ${import_s} s"

    say "== $name: $SHOPS small shops through the signup form"
    local shops_s
    shops_s=$(python3 bench/seed.py signup "$base" small "$SHOPS" 4)
    say "signed up in ${shops_s} s"
    local count
    count=$(sql "$name" "$dbref" "SELECT COUNT(*) FROM shops")
    local autovacuum
    autovacuum=$(settle "$name" "$dbref")
    [ -n "$autovacuum" ] && NOTES+=("- $name: VACUUM (ANALYZE) after the import, as autovacuum would (autovacuum here: $autovacuum)")
    NOTES+=("- $name: import of ${N_PRODUCTS:-10000} products ($(( ${N_PRODUCTS:-10000} * 5 / 2 )) variants) ${import_s} s; $SHOPS shops signed up in ${shops_s} s (4 at a time); $count shops in the database")

    measure "$name" product "$base/s/bench/p/product-$(printf %05d $(( ${N_PRODUCTS:-10000} / 2 )))"
    [ -n "$PRODUCT_BYTES" ] || PRODUCT_BYTES=$LAST_SIZE
    measure "$name" category "$base/s/bench/c/category-07"
    measure "$name" search "$base/s/bench/search?q=lamp"
    measure "$name" "product, miss" "$base/s/bench/p/product-$(printf %05d $(( ${N_PRODUCTS:-10000} / 3 )))" -s "$WORK/miss.lua"

    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" || true
    SERVER_PID=""
}

run_backend sqlite ""

if [ -n "${BENCH_SKIP_PG:-}" ]; then
    say "PostgreSQL skipped (BENCH_SKIP_PG)"
elif pg_isready -q -h 127.0.0.1; then
    PG_DB="vitrine_catbench_$$"
    psql -q "$PG_BASE/postgres" -c "CREATE DATABASE $PG_DB" >/dev/null
    run_backend postgresql "$PG_BASE/$PG_DB"
    psql -q "$PG_BASE/postgres" -c "DROP DATABASE $PG_DB WITH (FORCE)" >/dev/null
    PG_DB=""
else
    say "PostgreSQL is not answering on 127.0.0.1:5432: skipped"
fi

# The ceiling: nginx, a static file of the product page's size.
NG="$WORK/nginx"
mkdir -p "$NG/www" "$NG/tmp"
head -c "$PRODUCT_BYTES" /dev/urandom | base64 -w 100 | head -c "$PRODUCT_BYTES" >"$NG/www/product.html"
chmod -R a+rX "$NG"
NPORT=$(free_port)
cat >"$NG/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $NG/nginx.pid;
error_log $NG/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $NG/tmp; proxy_temp_path $NG/tmp; fastcgi_temp_path $NG/tmp;
    uwsgi_temp_path $NG/tmp; scgi_temp_path $NG/tmp;
    default_type text/html;
    server { listen 127.0.0.1:$NPORT; root $NG/www; }
}
EOF
/usr/sbin/nginx -c "$NG/nginx.conf" -p "$NG" &
NGINX_PID=$!
for _ in $(seq 1 50); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NPORT/product.html" || true)" = 200 ] && break
    sleep 0.1
done
measure nginx static "http://127.0.0.1:$NPORT/product.html"
kill -TERM "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null || true; NGINX_PID=""

report catalog
