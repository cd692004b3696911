// Shows how many items the cart holds beside the cart link. Storefront pages are the same for
// every visitor (and cached), so the number comes from a cookie that the cart's own pages set,
// for this shop's pages only. Without JavaScript the link simply says "Cart".
(function () {
  var m = document.cookie.match(/(?:^|;\s*)vitrine_cart_n=(\d+)/);
  var n = m ? parseInt(m[1], 10) : 0;
  if (!n) return;
  var els = document.querySelectorAll("[data-cart-count]");
  for (var i = 0; i < els.length; i++) {
    els[i].textContent = " (" + n + ")";
    els[i].hidden = false;
  }
})();
