// Paying an order by card with the payment provider's own script (stripe.js): the card is typed
// into the provider's field and sent by that script to the provider; this page never sees it.
// Once the provider has answered (after 3-D Secure when the bank asks for it), the browser goes
// to the order's check address, where the server asks the provider itself how the payment
// stands: the order is never marked paid on the browser's word.
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form || typeof window.Stripe !== "function") {
    return;
  }
  var d = form.dataset;
  var stripe = window.Stripe(d.key, { locale: d.lang });
  var card = stripe.elements().create("card", { hidePostalCode: true });
  card.mount("#card-element");
  var status = document.getElementById("card-status");
  var button = form.querySelector("button[type=submit]");
  var busy = false;
  form.hidden = false;
  var off = document.getElementById("card-needs-script");
  if (off) {
    off.hidden = true;
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (busy) {
      return;
    }
    busy = true;
    button.disabled = true;
    status.textContent = d.working;
    stripe
      .confirmCardPayment(d.secret, {
        payment_method: {
          card: card,
          billing_details: { name: d.name, email: d.email },
        },
      })
      .then(function (r) {
        if (r && r.error) {
          busy = false;
          button.disabled = false;
          status.textContent = r.error.message || d.failed;
          return;
        }
        status.textContent = d.checking;
        window.location.assign(d.check);
      })
      .catch(function () {
        busy = false;
        button.disabled = false;
        status.textContent = d.failed;
      });
  });
})();
