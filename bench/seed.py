#!/usr/bin/env python3
"""Helpers of bench/catalog.sh (standard library only).

  seed.py csv CATALOG.json OUT.csv        the benchmark catalog as a Shopify product CSV
  seed.py signup BASE_URL SLUG [N] [JOBS] signs up SLUG, or N shops SLUG-0001..., through the
                                          public signup form (CSRF cookie and all), JOBS at once
"""
import csv
import http.cookiejar
import json
import re
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

HEADER = ["Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
          "Option1 Name", "Option1 Value", "Variant SKU", "Variant Grams", "Variant Inventory Tracker",
          "Variant Inventory Qty", "Variant Inventory Policy", "Variant Fulfillment Service",
          "Variant Price", "Variant Compare At Price", "Variant Requires Shipping", "Variant Taxable",
          "Status"]


def to_csv(src, dst):
    data = json.load(open(src))
    names = {c["slug"]: c["name"] for c in data["categories"]}
    with open(dst, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for p in data["products"]:
            for i, v in enumerate(p["variants"]):
                first = i == 0
                w.writerow([
                    p["slug"],
                    p["name"] if first else "",
                    f"<p>{p['description']}</p>" if first else "",
                    "Bench" if first else "",
                    names[p["category"]] if first else "",
                    "",
                    "",
                    "TRUE" if first else "",
                    "Size" if first else "",
                    v["option"],
                    v["sku"],
                    "500",
                    "shopify",
                    str(v["stock"]),
                    "deny",
                    "manual",
                    f"{v['price_cents'] // 100}.{v['price_cents'] % 100:02d}",
                    "",
                    "TRUE",
                    "TRUE",
                    "active" if first else "",
                ])


def signup(base, slug):
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    page = opener.open(f"{base}/signup").read().decode()
    token = re.search(r'name="_csrf" value="([0-9a-f]+)"', page).group(1)
    form = urllib.parse.urlencode({
        "_csrf": token, "name": f"Boutique {slug}", "slug": slug,
        "email": f"owner@{slug}.example", "password": "bench password 123",
    }).encode()

    body = ""
    try:
        r = opener.open(urllib.request.Request(f"{base}/signup", data=form))
        code = r.status
        body = r.read().decode()
    except urllib.error.HTTPError as e:
        code = e.code
    if code != 303:
        errors = re.findall(r'class="error"[^>]*>([^<]+)<', body)
        raise SystemExit(f"signup of {slug} answered {code}: {errors}")


def main():
    cmd = sys.argv[1]
    if cmd == "csv":
        to_csv(sys.argv[2], sys.argv[3])
    elif cmd == "signup":
        base, slug = sys.argv[2], sys.argv[3]
        n = int(sys.argv[4]) if len(sys.argv) > 4 else 0
        jobs = int(sys.argv[5]) if len(sys.argv) > 5 else 4
        if n == 0:
            signup(base, slug)
            return
        t0 = time.time()
        with ThreadPoolExecutor(jobs) as ex:
            list(ex.map(lambda i: signup(base, f"{slug}-{i:04d}"), range(1, n + 1)))
        print(f"{time.time() - t0:.1f}")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
