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
    var data = {
      payment_method: {
        card: card,
        billing_details: { name: d.name, email: d.email },
      },
    };
    // A card saved for later payments (the rent) is confirmed as a Setup Intent.
    var setup = d.mode === "setup";
    var confirm = setup
      ? stripe.confirmCardSetup(d.secret, data)
      : stripe.confirmCardPayment(d.secret, data);
    confirm
      .then(function (r) {
        if (r && r.error) {
          busy = false;
          button.disabled = false;
          status.textContent = r.error.message || d.failed;
          return;
        }
        status.textContent = d.checking;
        var next = d.check;
        if (setup && r && r.setupIntent && r.setupIntent.id) {
          next += "?setup_intent=" + encodeURIComponent(r.setupIntent.id);
        }
        window.location.assign(next);
      })
      .catch(function () {
        busy = false;
        button.disabled = false;
        status.textContent = d.failed;
      });
  });
})();
