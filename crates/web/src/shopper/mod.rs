//! The shopper's own pages: the cart, checkout and the customer account. Never cached: each
//! answer is one visitor's.

mod account;
mod account_page;
mod cart;
pub(crate) mod checkout;
mod gift;
mod pay;
mod review;
mod withdrawal;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::Router;

use crate::app::shop_path;
use crate::cookies;
use crate::error::AppError;
use crate::state::AppState;
use crate::tenant::Tenant;

pub use cart::{ADD_ROUTE, COUNT_COOKIE};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/cart"), get(cart::page))
        .route(ADD_ROUTE, post(cart::add))
        .route(&shop_path("/cart/lines/{line}"), post(cart::update))
        .route(&shop_path("/cart/lines/{line}/remove"), post(cart::remove))
        .route(&shop_path("/cart/code"), post(cart::code))
        .route(
            &shop_path("/checkout"),
            get(checkout::page).post(checkout::save),
        )
        .route(
            &shop_path("/checkout/gift"),
            get(gift::page).post(gift::save),
        )
        .route(&shop_path("/checkout/review"), get(checkout::review))
        .route(&shop_path("/checkout/place"), post(checkout::place))
        .route(&shop_path("/orders/{link}"), get(checkout::order))
        .route(&shop_path("/orders/{link}/card"), get(pay::check))
        .route(
            &shop_path("/orders/{link}/review/{product}"),
            get(review::form).post(review::submit),
        )
        .route(
            &shop_path("/orders/{link}/withdraw"),
            get(withdrawal::form).post(withdrawal::confirm),
        )
        .merge(account::routes())
}

/// Who is shopping: the guest cart's cookie and, when signed in, the customer.
pub(crate) struct Who {
    pub cart_token: Option<String>,
    pub customer: Option<store::customer::Customer>,
    /// The customer's session token (to sign out).
    pub session: Option<String>,
}

impl Who {
    pub fn owner(&self) -> app::cart::Owner<'_> {
        app::cart::Owner {
            token: self.cart_token.as_deref(),
            customer: self.customer.as_ref().map(|c| c.id),
        }
    }
}

impl FromRequestParts<AppState> for Who {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AppError> {
        let t = Tenant::from_request_parts(parts, st).await?;
        let session = cookies::get(&parts.headers, account::SESSION_COOKIE);
        let customer = match &session {
            Some(tok) => app::customer::current(&st.store, t.id(), tok).await?,
            None => None,
        };
        Ok(Who {
            cart_token: cart::token(&parts.headers),
            session: session.filter(|_| customer.is_some()),
            customer,
        })
    }
}

/// What the cart and checkout show a shopper who picked another currency: the estimate ("≈
/// £10.20") and the sentence saying the order is charged in the shop's currency.
pub(crate) struct Estimate {
    pub approx: String,
    pub note: String,
}

/// The estimate of `amount_minor` (in the shop's currency) in the shopper's chosen currency,
/// if they chose one the shop has a rate for.
pub(crate) fn estimate(
    t: &Tenant,
    c: &crate::ctx::Ctx,
    rates: &[app::exchange::ShownRate],
    amount_minor: i64,
) -> Option<Estimate> {
    let rate = app::exchange::pick(rates, c.currency_choice.as_deref())?;
    let base = domain::money::Currency::parse(&t.shop.currency).ok()?;
    let approx = format!("≈ {}", rate.estimate(amount_minor, base).format(c.lang));
    let date = chrono::NaiveDate::parse_from_str(&rate.as_of, "%Y-%m-%d")
        .map(|d| match c.lang {
            domain::locale::Lang::Fr => d.format("%d/%m/%Y").to_string(),
            domain::locale::Lang::En => d.format("%-d %B %Y").to_string(),
        })
        .unwrap_or_else(|_| rate.as_of.clone());
    let note = c.i18n.ta(
        c.lang,
        "fx-charged-note",
        &[
            ("currency", base.as_str().to_string()),
            ("amount", crate::storefront::money(t, c, amount_minor)),
            ("target", rate.currency.as_str().to_string()),
            ("date", date),
        ],
    );
    Some(Estimate { approx, note })
}
