# Helpers shared by the bench scripts (sourced). The caller sets WORK (a temporary folder),
# THREADS, CONNECTIONS and DURATION (wrk's settings) and declares the array ROWS.

say() { printf '%s\n' "$*" >&2; }

need_apt() {
    if ! command -v "$1" >/dev/null; then
        say "Installing $2 (Debian package)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# wait_ready BASE LOG: waits (60 s at most) until the server SERVER_PID answers BASE/readyz, and
# stops the bench with the server's log if it exited.
wait_ready() {
    for _ in $(seq 1 600); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$1/readyz" || true)" = 200 ] && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { say "the server exited:"; cat "$2" >&2; exit 1; }
        sleep 0.1
    done
    say "the server did not answer $1/readyz in 60 s"; exit 1
}

# Every request a different address (a query nobody asked before): each one misses the page
# cache and is rendered, as the first visit to each page after a change would be.
write_miss_lua() {
    cat >"$WORK/miss.lua" <<'LUA'
local n = 0
init = function(args) math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 1000003) end
request = function()
    n = n + 1
    local sep = "?"
    if string.find(wrk.path, "?", 1, true) then sep = "&" end
    return wrk.format(nil, wrk.path .. sep .. "visit=" .. n .. "-" .. math.random(1000000000))
end
LUA
}

# measure BACKEND WHAT URL [wrk options] -> appends a row to ROWS; LAST_SIZE is the page's size
measure() {
    local backend=$1 what=$2 url=$3 out="$WORK/wrk-$1-${2// /_}.txt" code
    shift 3
    code=$(curl -s -o "$WORK/page.html" -w '%{http_code}' "$url")
    LAST_SIZE=$(stat -c %s "$WORK/page.html")
    if [ "$code" != 200 ]; then say "$url answered $code"; exit 1; fi
    say "== $backend $what: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s $url ($LAST_SIZE bytes)"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency "$@" "$url" >"$out"
    cat "$out" >&2
    local rps p50 p99 errors
    rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    p50=$(awk '$1 == "50%" { print $2 }' "$out")
    p99=$(awk '$1 == "99%" { print $2 }' "$out")
    errors=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { for (i = 3; i <= NF; i++) { v = $i; gsub(",", "", v); if (v ~ /^[0-9]+$/) n += v } } END { print n + 0 }' "$out")
    ROWS+=("$(printf '| %-10s | %-18s | %8s | %9s | %8s | %8s | %6s |' "$backend" "$what" "$LAST_SIZE" "$rps" "$p50" "$p99" "$errors")")
}

sql() { # sql BACKEND DBURL-or-file STATEMENT
    if [ "$1" = sqlite ]; then sqlite3 "$2" "$3"; else psql -q -t -A "$2" -c "$3"; fi
}

# settle BACKEND DBURL: on PostgreSQL, what autovacuum does within a minute or two of a bulk load
# (VACUUM sets the visibility map that index-only scans need, ANALYZE the planner's statistics),
# done at once, so that the figures are a running platform's and not those of tables just filled.
# Some clusters (this machine's) run with autovacuum off: without this, every search visits the
# heap and plans on empty statistics (the mall's search was 20 times slower). Prints whether
# autovacuum is on, for the notes. SQLite keeps no such state.
settle() {
    [ "$1" = sqlite ] && return 0
    psql -q "$2" -c "VACUUM (ANALYZE)" >/dev/null
    psql -q -t -A "$2" -c "SHOW autovacuum"
}

# add_results TITLE REPORT: puts the report first among the runs of bench/RESULTS.md
add_results() {
    python3 - "$1" "$2" <<'PY'
import sys, time
title, report = sys.argv[1], open(sys.argv[2]).read()
path = "bench/RESULTS.md"
text = open(path).read()
section = f"## {time.strftime('%Y-%m-%d', time.gmtime())} — {title}\n\n```\n{report}```\n\n"
i = text.find("\n## ")
text = text + "\n" + section if i < 0 else text[: i + 1] + section + text[i + 1 :]
open(path, "w").write(text)
PY
    say "added to bench/RESULTS.md"
}

# report KIND: the run's report (machine, load, the ROWS table, the NOTES), printed and, unless
# BENCH_NO_RESULTS is set, put first among the runs of bench/RESULTS.md as "KIND (bench/KIND.sh)".
# The caller sets LOAD_AT_START and declares NOTES.
report() {
    local kind=$1 load_at_end commit out="$WORK/report.md"
    load_at_end=$(cut -d' ' -f1-3 /proc/loadavg)
    commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
    git diff --quiet HEAD 2>/dev/null || commit="$commit+uncommitted changes"
    {
        echo "vitrine $kind bench — $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit"
        echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"); wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on the same machine"
        echo "load average (1, 5, 15 min) before: $LOAD_AT_START; after: $load_at_end"
        echo
        echo "| backend    | page               | bytes    | req/s     | p50      | p99      | errors |"
        echo "|------------|--------------------|----------|-----------|----------|----------|--------|"
        for r in "${ROWS[@]}"; do echo "$r"; done
        echo
        for n in "${NOTES[@]}"; do echo "$n"; done
    } >"$out"
    echo
    cat "$out"
    [ -n "${BENCH_NO_RESULTS:-}" ] && return 0
    add_results "$kind (bench/$kind.sh)" "$out"
}
