#!/usr/bin/env python3
"""Driver of bench/import_contention.sh: while shop A imports a large CSV through the admin (upload,
preview, confirm: the background job in the server's process), times a steady stream of writes in
shop B (a category created through the admin form, one every 50 ms), then prints p50/p99/max.

Usage: import_contention.py BASE_URL CSV_FILE"""
import http.cookiejar, re, sys, threading, time, urllib.error, urllib.parse, urllib.request, uuid


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def session(base, slug):
    """Signs a shop up through the public form; returns an opener logged in as its owner."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    page = opener.open(f"{base}/signup").read().decode()
    token = re.search(r'name="_csrf" value="([0-9a-f]+)"', page).group(1)
    form = urllib.parse.urlencode({
        "_csrf": token, "name": f"Boutique {slug}", "slug": slug,
        "email": f"owner@{slug}.example", "password": "bench password 123",
    }).encode()
    code = post(opener, f"{base}/signup", form)[0]
    if code != 303:
        raise SystemExit(f"signup of {slug} answered {code}")
    csrf = next(c.value for c in jar if c.name == "vitrine_csrf")
    return opener, csrf


def post(opener, url, data, headers=None):
    try:
        r = opener.open(urllib.request.Request(url, data=data, headers=headers or {}))
        return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode(errors="replace")


def get(opener, url):
    try:
        r = opener.open(url)
        return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def state_of(html):
    m = re.search(r'data-state="([a-z]+)"', html)
    return m.group(1) if m else ""


def main():
    base, path = sys.argv[1], sys.argv[2]
    a, a_csrf = session(base, "bench")
    b, b_csrf = session(base, "other")
    if len(sys.argv) > 3:
        input_ready = sys.argv[3]  # a file the shell removes once shop A's plan allows the catalog
        open(input_ready, "w").close()
        while True:
            try:
                open(input_ready)
                time.sleep(0.1)
            except FileNotFoundError:
                break

    # Upload and wait for the preview (a dry run: reads only).
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{a_csrf}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"catalog.csv\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode() + open(path, "rb").read() + f"\r\n--{boundary}--\r\n".encode()
    code, headers, text = post(a, f"{base}/s/bench/admin/products/import", body,
                               {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    if code != 303:
        raise SystemExit(f"upload answered {code}: {text[:500]}")
    page = base + headers["Location"] if headers["Location"].startswith("/") else headers["Location"]
    t0 = time.time()
    while state_of(get(a, page)[1]) == "checking":
        time.sleep(0.2)
    print(f"preview (dry run) in {time.time() - t0:.1f} s", file=sys.stderr)

    latencies, failures, stop = [], [], threading.Event()

    def writes():
        n = 0
        while not stop.is_set():
            n += 1
            form = urllib.parse.urlencode({"_csrf": b_csrf, "name_fr": f"Rayon {n}", "name_en": f"Aisle {n}"}).encode()
            t = time.perf_counter()
            code = post(b, f"{base}/s/other/admin/categories", form)[0]
            latencies.append((time.perf_counter() - t) * 1000)
            if code != 303:
                failures.append(code)
            time.sleep(0.05)

    writer = threading.Thread(target=writes)
    writer.start()
    time.sleep(1)
    before = len(latencies)
    code = post(a, f"{page}/confirm", urllib.parse.urlencode({"_csrf": a_csrf}).encode())[0]
    if code != 303:
        raise SystemExit(f"confirm answered {code}")
    t0 = time.time()
    while True:
        state = state_of(get(a, page)[1])
        if state not in ("queued", "running"):
            break
        time.sleep(0.2)
    import_s = time.time() - t0
    stop.set()
    writer.join()
    during = sorted(latencies[before:])
    alone = sorted(latencies[2:before])  # the first two warm the connections up
    def pct(xs, p):
        return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]
    print(f"import ended '{state}' in {import_s:.1f} s; {len(during)} writes in shop B meanwhile "
          f"({len(failures)} failed): p50 {pct(during, 50):.1f} ms, p99 {pct(during, 99):.1f} ms, "
          f"max {during[-1]:.1f} ms (without an import: p50 {pct(alone, 50):.1f} ms, "
          f"max {alone[-1]:.1f} ms)")
    if state != "done" or failures:
        sys.exit(1)


main()
