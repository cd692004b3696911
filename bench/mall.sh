#!/usr/bin/env bash
# Mall figures (issue 11, item 11), on SQLite (and PostgreSQL with BENCH_PG=1), in one run:
#   - 1,000 shops signed up through the public form, each with 100 products imported by
#     `vitrine import` from a Shopify CSV of bench/mall_seed.py (a trade's real words, brand
#     words of its own, descriptions from a 40,000-word invented lexicon): 100,000 products;
#     every shop filed under its trade's directory category (in SQL, as each seller would);
#   - requests/s, p50 and p99 at 64 connections (wrk) of the mall's home and directory as
#     shoppers ask for them (served from the page cache), and of the home rendered each time;
#   - the cross-shop search rendered for every request (each asks another address: the page
#     cache never answers), for words as typed, for typos the search must forgive, and for
#     words nothing matches (suggestions).
# Target (issue 11): the mall's home cached like a product page; cross-shop search p99 ≤ 50 ms on
# SQLite. Traffic goes to 127.0.0.1 only. Usage: bash bench/mall.sh [seconds per measurement]
# Appends a section to bench/RESULTS.md (not with BENCH_NO_RESULTS=1). BENCH_KEEP=1 keeps the
# data folders (the SQLite database) and the PostgreSQL database for a look afterwards. Never run by `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

DURATION=${1:-10}
CONNECTIONS=64
THREADS=2
SHOPS=${BENCH_SHOPS:-1000}
PER_SHOP=${BENCH_PER_SHOP:-100}
PG_BASE=postgres://postgres@127.0.0.1:5432
BIN=${VITRINE_BIN:-$PWD/target/release/vitrine}
export VITRINE_OPERATOR_PASSWORD=bench-operator-password
export VITRINE_LOG=warn
export VITRINE_SIGNUP_PER_IP_HOUR=0

need_apt wrk wrk
need_apt sqlite3 sqlite3
command -v curl >/dev/null || { say "curl is needed"; exit 1; }
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
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -TERM "$SERVER_PID" || true; fi
    sleep 0.5
    if [ -n "$PG_DB" ]; then
        psql -q "$PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    if [ -n "${BENCH_KEEP:-}" ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

say "== $SHOPS catalogs of $PER_SHOP products"
python3 bench/mall_seed.py "$WORK/csv" "$SHOPS" "$PER_SHOP" >"$WORK/trades.txt"
declare -a ROWS
declare -a NOTES
write_miss_lua

# Searches nobody asked before, one per request: words as typed, typos, or nothing to find.
search_lua() { # search_lua FILE WORD...
    local file=$1
    shift
    {
        printf 'local words = {'
        printf '"%s",' "$@"
        printf '}\n'
        cat <<'LUA'
local n = 0
init = function(args) math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 1000003) end
request = function()
    n = n + 1
    local w = words[math.random(#words)]
    return wrk.format(nil, "/search?q=" .. w .. "&visit=" .. n .. "-" .. math.random(1000000000))
end
LUA
    } >"$file"
}
search_lua "$WORK/words.lua" camembert "roman+illustre" perroquet "tirage+signe" "bougie+lin" reblochon "film+restauree" "comte+affine" cage dictionnaire
search_lua "$WORK/typos.lua" camembret "roman+ilustre" perroqet "tirrage+signe" "bougie+linn" reblochin "film+restauré" "comtee+afine" dictionaire photografie
search_lua "$WORK/nothing.lua" xylophone "zzzzqqq" "kangourou+bleu" "trombone" "quetzalcoatl"

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

    say "== $name: $SHOPS shops through the signup form"
    local shops_s
    shops_s=$(python3 bench/seed.py signup "$base" small "$SHOPS" 4)
    sql "$name" "$dbref" "INSERT INTO plans (id, name, max_products, max_staff, max_storage_bytes, is_default, created_at) VALUES (900001, 'Bench', 20000, 5, 1000000000, 0, 0)" >/dev/null
    sql "$name" "$dbref" "UPDATE shops SET plan_id = 900001 WHERE slug LIKE 'small-%'" >/dev/null

    say "== $name: vitrine import, $PER_SHOP products into each shop, two at a time"
    local t0 t1 import_s
    t0=$(now_ms)
    seq 1 "$SHOPS" | xargs -P2 -I{} bash -c '
        slug=$(printf "small-%04d" "$1"); shift
        env "$@" import --shop "$slug" "'"$WORK"'/csv/$slug.csv" >"'"$WORK"'/import-$slug.txt" 2>&1 \
            || { cat "'"$WORK"'/import-$slug.txt" >&2; exit 255; }
    ' _ {} "${envs[@]}" "$BIN"
    t1=$(now_ms)
    import_s=$(awk -v ms=$(( t1 - t0 )) 'BEGIN { printf "%.0f", ms / 1000 }')
    local i=0 updates="$WORK/categories.sql"
    : >"$updates"
    while read -r trade; do
        i=$((i + 1))
        printf "UPDATE shops SET mall_category = '%s' WHERE slug = 'small-%04d';\n" "$trade" "$i" >>"$updates"
    done <"$WORK/trades.txt"
    if [ "$name" = sqlite ]; then sqlite3 "$dbref" <"$updates"; else psql -q "$dbref" -f "$updates" >/dev/null; fi
    local autovacuum
    autovacuum=$(settle "$name" "$dbref")
    [ -n "$autovacuum" ] && NOTES+=("- $name: VACUUM (ANALYZE) after the imports, as autovacuum would (autovacuum here: $autovacuum)")
    local products terms
    products=$(sql "$name" "$dbref" "SELECT COUNT(*) FROM products")
    terms=$(sql "$name" "$dbref" "SELECT COUNT(*) FROM search_terms")
    NOTES+=("- $name: $SHOPS shops signed up in ${shops_s} s; $products products imported in ${import_s} s (one \`vitrine import\` per shop, two at a time); $terms search terms")

    # The mall's words are read once, by the first search that needs them.
    local t_words
    t0=$(now_ms)
    curl -s -o /dev/null "$base/search?q=camembret"
    t_words=$(( $(now_ms) - t0 ))
    NOTES+=("- $name: first forgiving search (reads the mall's words): ${t_words} ms")

    measure "$name" "mall home" "$base/"
    measure "$name" "directory" "$base/shops?category=food"
    measure "$name" "mall home, miss" "$base/" -s "$WORK/miss.lua"
    measure "$name" "search, miss" "$base/search?q=camembert" -s "$WORK/words.lua"
    # Latency as one shopper sees it: four at a time, so that p99 is the search's, not the
    # queue's behind 64 connections on two cores.
    CONNECTIONS=4 measure "$name" "search, miss, c4" "$base/search?q=camembert" -s "$WORK/words.lua"
    CONNECTIONS=4 measure "$name" "typo, miss, c4" "$base/search?q=camembret" -s "$WORK/typos.lua"
    CONNECTIONS=4 measure "$name" "nothing, miss, c4" "$base/search?q=xylophone" -s "$WORK/nothing.lua"

    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" || true
    SERVER_PID=""
}

run_backend sqlite ""

if [ -z "${BENCH_PG:-}" ]; then
    say "PostgreSQL skipped (BENCH_PG=1 measures it too)"
elif pg_isready -q -h 127.0.0.1; then
    PG_DB="vitrine_mallbench_$$"
    psql -q "$PG_BASE/postgres" -c "CREATE DATABASE $PG_DB" >/dev/null
    run_backend postgresql "$PG_BASE/$PG_DB"
    if [ -n "${BENCH_KEEP:-}" ]; then
        say "kept the database $PG_BASE/$PG_DB"
    else
        psql -q "$PG_BASE/postgres" -c "DROP DATABASE $PG_DB WITH (FORCE)" >/dev/null
    fi
    PG_DB=""
else
    say "PostgreSQL is not answering on 127.0.0.1:5432: skipped"
fi

report mall
