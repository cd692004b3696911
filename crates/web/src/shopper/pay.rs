//! Paying an order by card, on the order's own page: Stripe's script (stripe.js) shows the card
//! field and talks to Stripe itself, or a link leads to Mollie's own checkout page; either way
//! no card number ever reaches us. Once the provider has answered, the browser comes back to
//! `/orders/{link}/card`, where the server asks the provider how the payment stands
//! (`app::payment`): the order becomes paid on the provider's word, never on the browser's.

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
    /// The provider's own page where the card is typed (Mollie's): a link, no script.
    pub checkout: Option<String>,
}

/// The full addresses a payment started here needs: the order's page (the shopper comes back
/// to its check address) and the shop's webhook for the provider.
pub(super) struct PayUrls {
    pub order: String,
    pub webhook: String,
}

impl PayUrls {
    pub fn new(st: &AppState, t: &Tenant, headers: &HeaderMap, order_path: &str) -> PayUrls {
        let origin = crate::storefront::origin(st, t, headers);
        PayUrls {
            order: format!("{origin}{order_path}"),
            webhook: format!("{origin}{}", t.url("/hooks/mollie")),
        }
    }
}

/// The box for an order awaiting its card payment, or for its deposit to authorise
/// (`deposit`, written as money): the payment is started at Stripe (once, whatever the
/// reloads) and the page gets what stripe.js needs.
pub(super) async fn card_box(
    st: &AppState,
    t: &Tenant,
    c: &Ctx,
    o: &store::order::Order,
    urls: &PayUrls,
    checked: bool,
    deposit: Option<String>,
) -> CardBox {
    let check = format!("{}/card", urls.order);
    let mut b = CardBox {
        error: None,
        checked,
        js: st.config.stripe_js.clone(),
        key: String::new(),
        secret: String::new(),
        check: check.clone(),
        name: o.name.clone(),
        email: o.email.clone(),
        deposit,
        checkout: None,
    };
    let back = app::payment::Back {
        page: &check,
        webhook: &urls.webhook,
    };
    let (store, p, shop) = (&st.store, &st.payments, &t.shop);
    let started = if b.deposit.is_some() {
        app::payment::start_deposit(store, p, shop, &o.number, back).await
    } else {
        app::payment::start_card(store, p, shop, &o.number, back).await
    };
    match started {
        Ok(s) => {
            b.key = s.publishable_key;
            b.secret = s.client_secret;
            b.checkout = s.checkout_url;
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
    let settled = match outcome {
        Ok(app::payment::Outcome::Paid) => true,
        // Paid already (the provider's webhook came first), or not confirmed yet.
        Ok(_) | Err(app::Error::Refused(_)) => {
            let now = app::checkout::order_by_link(&st.store, &t.shop, &link)
                .await
                .map_err(internal)?;
            now.is_some_and(|(o, _)| {
                o.status != domain::order::OrderStatus::AwaitingPayment.as_str()
            })
        }
        Err(e) => return Err(internal(e)),
    };
    if settled {
        Ok(Redirect::to(&page).into_response())
    } else {
        // Not confirmed yet (or the provider out of reach): the page says so, and the
        // provider's webhook will tell us.
        Ok(Redirect::to(&format!("{page}?card=pending")).into_response())
    }
}
