// Shows beside each price an estimate in the currency the shopper picked ("≈ £10.20").
// Storefront pages are the same for every visitor (and cached): they carry the amount in the
// shop's currency (data-fx, minor units; the estimate goes at the end of that element) and the
// shop's rates (#fx-data); the choice lives in a cookie that the cart and checkout pages, never
// cached, read to show their own estimate. Without JavaScript the page shows the shop's
// currency only.
(function () {
  var data = document.getElementById("fx-data");
  var picker = document.querySelector("[data-fx-picker]");
  if (!data || !picker || typeof BigInt === "undefined") return;
  var fx;
  try { fx = JSON.parse(data.textContent); } catch (e) { return; }
  var select = picker.querySelector("select");
  var m = document.cookie.match(/(?:^|;\s*)vitrine_currency=([A-Z]{3})/);
  var chosen = m ? m[1] : "";

  function rate(code) {
    for (var i = 0; i < fx.rates.length; i++) if (fx.rates[i][0] === code) return fx.rates[i];
    return null;
  }

  // The domain's rounding: amount × rate × 10^to / (10^6 × 10^from), halves away from zero.
  function convert(minor, r) {
    var num = BigInt(minor) * BigInt(r[1]) * (10n ** BigInt(r[2]));
    var den = 1000000n * (10n ** BigInt(fx.units));
    var q = num / den, rem = num % den;
    if (rem < 0n) rem = -rem;
    if (2n * rem >= den) q += num < 0n ? -1n : 1n;
    return q;
  }

  function show() {
    var old = document.querySelectorAll(".fx-live");
    for (var i = 0; i < old.length; i++) old[i].parentNode.removeChild(old[i]);
    var r = rate(chosen);
    if (!r) return;
    var fmt = new Intl.NumberFormat(document.documentElement.lang || "fr", {
      style: "currency", currency: r[0], minimumFractionDigits: r[2], maximumFractionDigits: r[2]
    });
    var els = document.querySelectorAll("[data-fx]");
    for (var j = 0; j < els.length; j++) {
      var minor = els[j].getAttribute("data-fx");
      if (!/^-?\d+$/.test(minor)) continue;
      var q = convert(minor, r);
      var value = Number(q) / Math.pow(10, r[2]);
      var span = document.createElement("span");
      span.className = "fx-estimate fx-live";
      span.textContent = " (≈ " + fmt.format(value) + ")";
      els[j].appendChild(span);
    }
  }

  if (select) {
    select.value = rate(chosen) ? chosen : "";
    select.addEventListener("change", function () {
      chosen = select.value;
      document.cookie = "vitrine_currency=" + (chosen || "") + "; path=/; max-age=" +
        (chosen ? 31536000 : 0) + "; SameSite=Lax";
      show();
    });
  }
  picker.hidden = false;
  show();
})();
