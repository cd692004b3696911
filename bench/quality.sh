#!/usr/bin/env bash
# Lighthouse figures of the storefront pages a shopper sees, on Lighthouse's default mobile
# profile (a mid-range phone on a throttled network), against a release build serving the demo
# shops from an empty SQLite data folder. Prints performance, accessibility, best practices and
# SEO per page, and the bytes of HTML + CSS + JS before images.
# The accessibility / best-practices / SEO floor (95) and axe-core are asserted by the test
# suite (crates/web/tests/it/quality.rs); performance is a timing, so it is only measured here.
# Usage: bash bench/quality.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=target/release/vitrine
LH=.ci/tools/node_modules/.bin/lighthouse
export VITRINE_OPERATOR_PASSWORD=bench-operator-password
export VITRINE_LOG=warn
export CHROME_PATH=/usr/bin/chromium
PAGES=(
    /s/fromagerie/
    /s/fromagerie/c/fromages
    /s/fromagerie/p/plateau-decouverte
    /s/fromagerie/p/comte-18-mois
    "/s/fromagerie/search?q=epoisses"
    /s/bouquinerie/
)

say() { printf '%s\n' "$*" >&2; }

if [ ! -x /usr/bin/chromium ]; then
    say "Installing Chromium (Debian package)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -x "$LH" ]; then
    say "Installing lighthouse (npm)"
    npm install --silent --no-audit --no-fund --prefix .ci/tools lighthouse >/dev/null
fi

say "== cargo build --release"
cargo build --release --quiet

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

BIN_ABS=$PWD/$BIN
(cd "$WORK" && exec "$BIN_ABS" serve --demo --bind "127.0.0.1:$PORT") >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fs "http://127.0.0.1:$PORT/s/fromagerie/" >/dev/null || { cat "$WORK/server.log"; exit 1; }

LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
printf '| page | performance | accessibility | best practices | SEO | LCP | TBT | CLS | HTML+CSS+JS |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
for page in "${PAGES[@]}"; do
    url="http://127.0.0.1:$PORT$page"
    "$LH" "$url" --quiet --output=json --output-path="$WORK/report.json" \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" >/dev/null 2>&1
    python3 - "$WORK/report.json" "$page" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["categories"]; a = r["audits"]
s = lambda k: round(c[k]["score"] * 100)
items = a["network-requests"]["details"]["items"]
text = sum(i.get("transferSize", 0) for i in items if i.get("resourceType") in ("Document", "Stylesheet", "Script"))
print(f"| `{sys.argv[2]}` | {s('performance')} | {s('accessibility')} | {s('best-practices')} | {s('seo')} "
      f"| {a['largest-contentful-paint']['displayValue']} | {a['total-blocking-time']['displayValue']} "
      f"| {a['cumulative-layout-shift']['displayValue']} | {text / 1024:.1f} KB |")
PY
done
say "load average at start: $LOAD_AT_START; $(nproc) cores; $(/usr/bin/chromium --version 2>/dev/null)"
