#!/usr/bin/env bash
# Foundation figures for one `vitrine serve` node, on SQLite and on PostgreSQL:
#   - time from starting the binary on an empty data folder (with --demo) to the first 200 /readyz
#   - idle resident memory after start-up, and after the load
#   - requests/s and latency of the demo shop's home page at 64 connections for ~10 s (wrk)
# Traffic goes to 127.0.0.1 only. Usage: bash bench/foundation.sh [seconds]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${1:-10}
CONNECTIONS=64
THREADS=2
PG_BASE=postgres://postgres@127.0.0.1:5432
BIN=target/release/vitrine
export VITRINE_OPERATOR_PASSWORD=bench-operator-password
export VITRINE_LOG=warn

say() { printf '%s\n' "$*" >&2; }

if ! command -v wrk >/dev/null; then
    say "Installing wrk (Debian package)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
command -v curl >/dev/null || { say "curl is needed"; exit 1; }

say "== cargo build --release"
cargo build --release --quiet
[ -x "$BIN" ] || { say "no $BIN after the build"; exit 1; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# Another build or test on the 2 cores skews everything: the load average before we start says so.
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
WORK=$(mktemp -d)
PG_DB=""
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    if [ -n "$PG_DB" ]; then
        psql -q "$PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

declare -a ROWS

# run_one NAME DATABASE_URL-or-empty
run_one() {
    local name=$1 db_url=$2
    local data="$WORK/$name-data" log="$WORK/$name.log" port
    mkdir -p "$data"
    port=$(free_port)
    say ""
    say "== $name: vitrine serve --bind 127.0.0.1:$port --demo (empty data folder)"

    local t0 t1 code=000
    t0=$(now_ms)
    if [ -n "$db_url" ]; then
        VITRINE_DATA_DIR=$data DATABASE_URL=$db_url "$BIN" serve --bind "127.0.0.1:$port" --demo >"$log" 2>&1 &
    else
        env -u DATABASE_URL -u VITRINE_DATABASE_URL VITRINE_DATA_DIR="$data" \
            "$BIN" serve --bind "127.0.0.1:$port" --demo >"$log" 2>&1 &
    fi
    SERVER_PID=$!
    local deadline=$(( t0 + 60000 ))
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/readyz" || true)
        [ "$code" = 200 ] && break
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            say "the server exited before it was ready:"; cat "$log" >&2; exit 1
        fi
        if [ "$(now_ms)" -gt "$deadline" ]; then
            say "not ready after 60 s (last /readyz: $code):"; cat "$log" >&2; exit 1
        fi
        sleep 0.005
    done
    t1=$(now_ms)
    local ready_ms=$(( t1 - t0 ))
    say "ready in ${ready_ms} ms"

    sleep 2
    local idle_rss
    idle_rss=$(rss_mb "$SERVER_PID")
    say "idle RSS ${idle_rss} MB"

    local url="http://127.0.0.1:$port/s/fromagerie/"
    code=$(curl -s -o "$WORK/$name-home.html" -w '%{http_code}' "$url")
    if [ "$code" != 200 ] || ! grep -q '<h1>' "$WORK/$name-home.html"; then
        say "the demo shop home page answered $code"; cat "$log" >&2; exit 1
    fi

    say "== $name: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s $url"
    local out="$WORK/$name-wrk.txt"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency "$url" >"$out"
    cat "$out" >&2
    local rps avg p50 p99 errors
    rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    avg=$(awk '$1 == "Latency" && NF >= 4 { print $2; exit }' "$out")
    p50=$(awk '$1 == "50%" { print $2 }' "$out")
    p99=$(awk '$1 == "99%" { print $2 }' "$out")
    errors=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { for (i = 3; i <= NF; i++) { v = $i; gsub(",", "", v); if (v ~ /^[0-9]+$/) n += v } } END { print n + 0 }' "$out")
    local loaded_rss
    loaded_rss=$(rss_mb "$SERVER_PID")

    say "== $name: SIGTERM"
    kill -TERM "$SERVER_PID"
    local stopped="no" status=""
    for _ in $(seq 1 150); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then stopped="yes"; break; fi
        sleep 0.1
    done
    if [ "$stopped" = yes ]; then
        set +e; wait "$SERVER_PID"; status=$?; set -e
        say "stopped, exit code $status"
    else
        say "still running 15 s after SIGTERM"; kill -KILL "$SERVER_PID"; status="killed"
    fi
    SERVER_PID=""
    [ "$status" = 0 ] || { say "the server did not stop cleanly:"; tail -20 "$log" >&2; exit 1; }

    ROWS+=("$(printf '| %-10s | %8s | %7s | %7s | %8s | %8s | %8s | %8s | %6s | %-7s |' \
        "$name" "$ready_ms" "$idle_rss" "$loaded_rss" "$rps" "$avg" "$p50" "$p99" "$errors" "exit 0")")
}

run_one sqlite ""

if pg_isready -q -h 127.0.0.1; then
    PG_DB="vitrine_bench_$$"
    psql -q "$PG_BASE/postgres" -c "CREATE DATABASE $PG_DB" >/dev/null
    run_one postgresql "$PG_BASE/$PG_DB"
    psql -q "$PG_BASE/postgres" -c "DROP DATABASE $PG_DB WITH (FORCE)" >/dev/null
    PG_DB=""
else
    say "PostgreSQL is not answering on 127.0.0.1:5432: skipped"
fi

echo
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit="$commit+uncommitted changes"
echo "vitrine foundation bench — $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"); load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on the same machine, page /s/fromagerie/"
echo "load average before the run (1, 5, 15 min): $LOAD_AT_START"
echo
echo "| backend    | ready ms | idle MB | load MB | req/s    | avg      | p50      | p99      | errors | SIGTERM |"
echo "|------------|----------|---------|---------|----------|----------|----------|----------|--------|---------|"
for r in "${ROWS[@]}"; do echo "$r"; done
