//! Paying an order by card, on the order's own page: Stripe's script (stripe.js) shows the card
//! field and talks to Stripe itself, so no card number ever reaches us. The page only carries
//! the payment's client secret; once stripe.js has Stripe's answer, the browser comes back to
//! `/orders/{link}/card`, where the server asks Stripe how the payment stands (`app::payment`):
//! the order becomes paid on Stripe's word, never on the browser's.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::state::AppState;
use crate::tenant::Tenant;

use super::cart::internal;

/// The card payment box of an order's page.
pub(super) struct CardBox {
    /// Why the card cannot be taken now (the shop's keys, Stripe unreachable), instead of the
    /// form.
    pub error: Option<String>,
    /// The shopper is back from stripe.js but Stripe has not confirmed the payment yet.
    pub checked: bool,
    /// stripe.js's address.
    pub js: String,
    pub key: String,
    pub secret: String,
    /// Where the browser goes once stripe.js is done.
    pub check: String,
    pub name: String,
    pub email: String,
    /// Authorising a rental's deposit (this amount), not paying the order.
    pub deposit: Option<String>,
}

/// The box for an order awaiting its card payment, or for its deposit to authorise
/// (`deposit`, written as money): the payment is started at Stripe (once, whatever the
/// reloads) and the page gets what stripe.js needs.
pub(super) async fn card_box(
    st: &AppState,
    t: &Tenant,
    c: &Ctx,
    o: &store::order::Order,
    order_href: &str,
    checked: bool,
    deposit: Option<String>,
) -> CardBox {
    let mut b = CardBox {
        error: None,
        checked,
        js: st.config.stripe_js.clone(),
        key: String::new(),
        secret: String::new(),
        check: format!("{order_href}/card"),
        name: o.name.clone(),
        email: o.email.clone(),
        deposit,
    };
    let started = if b.deposit.is_some() {
        app::payment::start_deposit(&st.store, &st.payments, &t.shop, &o.number).await
    } else {
        app::payment::start_card(&st.store, &st.payments, &t.shop, &o.number).await
    };
    match started {
        Ok(s) => {
            b.key = s.publishable_key;
            b.secret = s.client_secret;
        }
        Err(app::Error::Refused(e)) => b.error = Some(c.err(&e)),
        Err(e) => {
            tracing::error!(error = %e, "card payment start");
            b.error = Some(c.t("err-payment-provider-unreachable"));
        }
    }
    b
}

/// Back from stripe.js: Stripe is asked, then the order's page tells where things stand.
pub async fn check(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Path((_, link)): Path<(String, String)>,
) -> AppResult<Response> {
    let Some((o, _)) = app::checkout::order_by_link(&st.store, &t.shop, &link)
        .await
        .map_err(internal)?
    else {
        return Err(AppError::NotFound);
    };
    let origin = crate::storefront::origin(&st, &t, &headers);
    let mail = crate::mail::order_change(&st, &t, &origin);
    let outcome = app::payment::check_order(&st.store, &st.payments, &t.shop, o.id, mail).await;
    let page = format!("{}/orders/{link}", c.shop_root());
    match outcome {
        Ok(app::payment::Outcome::Paid) => Ok(Redirect::to(&page).into_response()),
        // Not confirmed yet (or Stripe out of reach): the page says so and the webhook will
        // tell us.
        Ok(_) | Err(app::Error::Refused(_)) => {
            Ok(Redirect::to(&format!("{page}?card=pending")).into_response())
        }
        Err(e) => Err(internal(e)),
    }
}
