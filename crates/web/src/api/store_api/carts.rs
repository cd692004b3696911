//! Guest carts: made empty (`POST /carts`, limited per client address), filled by SKU or
//! variant id, changed, shown with their totals, and priced for delivery to a country. The
//! cart's id is its token: whoever holds it holds the cart, in this shop only.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::{json, Value};

use app::cart::{Adding, Owner};
use app::checkout::{Address, Draft};
use store::id::VariantId;

use super::{id, Api, ApiError, ApiResult, IdIn, Whole};
use crate::auth::{client_ip, Peer};
use crate::extract::{Path, Query};
use crate::state::AppState;

/// Carts one client address may make per [`CART_WINDOW_SECONDS`]: a shop's busy headless front
/// stays under it; a script making carts by the million does not get far.
pub const CARTS_PER_ADDRESS: i64 = 600;
pub const CART_WINDOW_SECONDS: i64 = 3600;

/// The counter of carts made from a client address.
pub fn cart_limit_key(ip: &str) -> String {
    format!("api-cart-ip:{ip}")
}

/// The cart token in the address, if it can name a cart at all.
fn token(api: &Api, raw: &str) -> Result<String, ApiError> {
    if app::cart::well_formed(raw) {
        Ok(raw.to_ascii_lowercase())
    } else {
        Err(api.no_cart())
    }
}

/// The cart as the API shows it, or 404.
pub(super) async fn cart_json(st: &AppState, api: &Api, token: &str) -> Result<Value, ApiError> {
    let cart = app::cart::view(
        &st.store,
        api.shop(),
        Owner::guest(Some(token)),
        api.lang.as_str(),
    )
    .await
    .map_err(|e| api.fail(e))?
    .ok_or_else(|| api.no_cart())?;
    // Prices as the storefront shows them: tax included at the shop's rates.
    let tax = st.shop_data.get(&st.store, api.shop()).await?.tax;
    // The shop's automatic promotions (a code is given with the checkout).
    let discount = app::promotion::of_cart(&st.store, api.shop(), Owner::guest(Some(token)), &cart)
        .await
        .map_err(|e| api.fail(e))?;
    Ok(cart_body(api, token, &cart, &tax, &discount))
}

/// The JSON of `cart`, whose id is `token`, priced as a shop charging VAT as `tax` says.
fn cart_body(
    api: &Api,
    token: &str,
    cart: &app::cart::Cart,
    tax: &domain::tax::TaxProfile,
    discount: &app::promotion::Discount,
) -> Value {
    let shown = app::cart::shown(cart, tax, &discount.lines);
    let lines: Vec<Value> = cart
        .lines
        .iter()
        .zip(&shown.lines)
        .map(|(l, &(unit, total))| {
            let v = &l.view;
            let options: Vec<&str> = [&v.option1, &v.option2, &v.option3]
                .iter()
                .filter_map(|o| o.as_deref())
                .filter(|o| !o.trim().is_empty())
                .collect();
            let problem = l.problem.as_ref().map(|p| {
                let mut e = domain::ValidationError::new(p.code);
                if let Some(n) = p.count {
                    e = e.with("count", n);
                }
                json!({ "code": p.code, "detail": api.i18n.error(api.lang, &e) })
            });
            json!({
                "id": id(v.line_id),
                "variant_id": id(v.variant_id.get()),
                "sku": v.sku,
                "slug": v.slug,
                "title": v.title,
                "options": options,
                "quantity": v.quantity,
                "unit_price": api.amount(unit),
                "total": api.amount(total),
                "problem": problem,
            })
        })
        .collect();
    json!({
        "id": token,
        "currency": api.currency().as_str(),
        "lines": lines,
        "item_count": cart.count,
        "subtotal": api.amount(shown.subtotal_minor),
        "discount": api.amount(shown.discount_minor),
        "promotions": discount.names(),
        "orderable": cart.orderable(),
    })
}

fn ok(v: Value) -> ApiResult {
    Ok(axum::Json(v).into_response())
}

/// `POST /carts`: a new, empty cart.
pub async fn create(
    State(st): State<AppState>,
    api: Api,
    peer: Peer,
    headers: HeaderMap,
) -> ApiResult {
    let ip = client_ip(&headers, peer.0, &st.config);
    let limit = app::headless::CartLimit {
        key: cart_limit_key(&ip),
        window_seconds: CART_WINDOW_SECONDS,
        most: i64::from(st.config.api_carts_per_ip_hour),
    };
    let Some((token, cart)) = app::headless::new_cart(&st.store, api.shop(), Some(limit))
        .await
        .map_err(|e| api.fail(e))?
    else {
        return Err(api
            .problem(
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-carts",
                "api-too-many-carts",
            )
            .into());
    };
    // A new cart is empty: nothing to read back.
    let tax = st.shop_data.get(&st.store, api.shop()).await?.tax;
    let body = cart_body(
        &api,
        &token,
        &app::cart::Cart::empty(cart),
        &tax,
        &app::promotion::Discount::default(),
    );
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

/// `GET /carts/{cart}`.
pub async fn show(
    State(st): State<AppState>,
    api: Api,
    Path((_, cart)): Path<(String, String)>,
) -> ApiResult {
    let token = token(&api, &cart)?;
    ok(cart_json(&st, &api, &token).await?)
}

#[derive(Deserialize)]
pub struct LineIn {
    sku: Option<String>,
    variant_id: Option<IdIn>,
    quantity: Option<Whole>,
}

/// `POST /carts/{cart}/lines`: adds a quantity of a variant (to its line if it has one).
pub async fn add(
    State(st): State<AppState>,
    api: Api,
    headers: HeaderMap,
    Path((_, cart)): Path<(String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let token = token(&api, &cart)?;
    let line: LineIn = api.body(&headers, body)?;
    let owner = Owner::guest(Some(&token));
    // The cart first: adding to a cart that is not there would make a new one.
    if !app::cart::exists(&st.store, api.shop(), owner)
        .await
        .map_err(|e| api.fail(e))?
    {
        return Err(api.no_cart());
    }
    let variant = match (&line.sku, &line.variant_id) {
        (Some(sku), None) => app::headless::variant_by_sku(&st.store, api.shop(), sku)
            .await
            .map_err(|e| api.fail(e))?,
        (None, Some(v)) => v.get().map(VariantId),
        _ => {
            return Err(api
                .problem(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "sku-or-variant",
                    "api-sku-or-variant",
                )
                .into())
        }
    };
    let Some(variant) = variant else {
        return Err(api
            .problem(
                StatusCode::NOT_FOUND,
                "product-unknown",
                "api-product-unknown",
            )
            .into());
    };
    let adding = Adding {
        variant,
        quantity: line.quantity.map_or(1, |q| q.0),
        ..Default::default()
    };
    let changed = app::cart::add(&st.store, api.shop(), owner, &adding)
        .await
        .map_err(|e| api.fail(e))?;
    if changed.new_token.is_some() {
        // The cart went between the two steps (ordered meanwhile): the new one is nobody's.
        return Err(api.no_cart());
    }
    ok(cart_json(&st, &api, &token).await?)
}

#[derive(Deserialize)]
pub struct QuantityIn {
    quantity: Whole,
}

fn line_id(api: &Api, raw: &str) -> Result<i64, ApiError> {
    raw.parse().map_err(|_| {
        api.problem(
            StatusCode::NOT_FOUND,
            "cart-line-unknown",
            "err-cart-line-unknown",
        )
        .into()
    })
}

/// `PATCH /carts/{cart}/lines/{line}`: a line's quantity (0 removes it).
pub async fn update(
    State(st): State<AppState>,
    api: Api,
    headers: HeaderMap,
    Path((_, cart, line)): Path<(String, String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let token = token(&api, &cart)?;
    let q: QuantityIn = api.body(&headers, body)?;
    cart_json(&st, &api, &token).await?;
    let line = line_id(&api, &line)?;
    app::cart::set_quantity(
        &st.store,
        api.shop(),
        Owner::guest(Some(&token)),
        line,
        q.quantity.0,
    )
    .await
    .map_err(|e| api.fail(e))?;
    ok(cart_json(&st, &api, &token).await?)
}

/// `DELETE /carts/{cart}/lines/{line}`.
pub async fn remove(
    State(st): State<AppState>,
    api: Api,
    Path((_, cart, line)): Path<(String, String, String)>,
) -> ApiResult {
    let token = token(&api, &cart)?;
    cart_json(&st, &api, &token).await?;
    let line = line_id(&api, &line)?;
    app::cart::remove(&st.store, api.shop(), Owner::guest(Some(&token)), line)
        .await
        .map_err(|e| api.fail(e))?;
    ok(cart_json(&st, &api, &token).await?)
}

#[derive(Deserialize)]
pub struct ShippingQuery {
    country: Option<String>,
    postal_code: Option<String>,
}

/// `GET /carts/{cart}/shipping-methods?country=FR`: the delivery methods that can take this
/// cart there, cheapest first (none when nothing is to be delivered).
pub async fn shipping_methods(
    State(st): State<AppState>,
    api: Api,
    Path((_, cart)): Path<(String, String)>,
    Query(sq): Query<ShippingQuery>,
) -> ApiResult {
    let token = token(&api, &cart)?;
    let country = sq.country.unwrap_or_default().trim().to_ascii_uppercase();
    if let Err(e) = domain::country::Country::parse(&country) {
        return Err(api.invalid(&[("country".to_string(), e)]).into());
    }
    let draft = Draft {
        address: Address {
            country,
            postal_code: sq
                .postal_code
                .unwrap_or_default()
                .trim()
                .chars()
                .take(20)
                .collect(),
            ..Default::default()
        },
        ..Default::default()
    };
    let q = app::checkout::quote(
        &st.store,
        api.shop(),
        Owner::guest(Some(&token)),
        &draft,
        api.lang.as_str(),
    )
    .await
    .map_err(|e| api.fail(e))?
    .ok_or_else(|| api.no_cart())?;
    if let Some(e) = &q.no_delivery {
        return Err(api.refused(e).into());
    }
    let currency = api.currency();
    // Delivery as the checkout shows it: with the VAT of the goods it carries when the shop
    // types its prices tax excluded.
    let tax = st.shop_data.get(&st.store, api.shop()).await?.tax;
    let methods: Vec<Value> = q
        .offers
        .iter()
        .flatten()
        .map(|o| {
            json!({
                "id": o.key,
                "name": o.name,
                "price": api.amount(app::cart::shown_shipping(&q.cart, &tax, o.price_minor)),
                "currency": currency.as_str(),
                "free": o.free,
            })
        })
        .collect();
    ok(Value::Array(methods))
}
