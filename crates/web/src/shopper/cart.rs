//! The cart page and its forms. "Add to cart" is posted from product pages that are cached and
//! the same for every visitor, so it carries no CSRF token: the csrf layer accepts it only from a
//! page of the same site (Origin or Sec-Fetch-Site), and the cart cookie is SameSite=Lax. The
//! cart's own forms carry the visitor's token as every other form does.

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{NaiveDate, TimeZone as _};
use domain::catalog::product::ProductKind;
use domain::ValidationError;
use serde::Deserialize;
use store::id::VariantId;

use app::cart::Owner;

use super::Who;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path};
use crate::state::AppState;
use crate::storefront::money;
use crate::tenant::Tenant;
use crate::{auth, cookies};

/// The route of "add to cart", whose form has no token (see the module's doc).
pub const ADD_ROUTE: &str = "/s/{slug}/cart/add";
/// The cart's token: HttpOnly, for this shop's pages only.
const TOKEN_COOKIE: &str = "vitrine_cart";
/// How many items the cart holds, for the cart link of cached pages (read by `cart.js`).
pub const COUNT_COOKIE: &str = "vitrine_cart_n";
/// A cart is kept this long after its last change (seconds).
const COOKIE_AGE: i64 = 30 * 86_400;

#[derive(Template)]
#[template(path = "shopper/cart.html")]
struct CartPage {
    c: Ctx,
    /// What could not be done, in the visitor's language.
    error: Option<String>,
    lines: Vec<LineView>,
    subtotal: String,
    /// What promotions take off, when they do: the lines' total before, and a row per promotion.
    before: Option<String>,
    discounts: Vec<(String, String)>,
    /// The code kept with the cart, why it gives nothing (when it does not), and free delivery.
    code: String,
    code_error: Option<String>,
    free_shipping: Option<String>,
    orderable: bool,
    /// The subtotal in the shopper's chosen currency, and what is charged.
    estimate: Option<super::Estimate>,
}

struct LineView {
    id: i64,
    title: String,
    href: String,
    details: Vec<String>,
    unit: String,
    quantity: i64,
    /// A held period or slot: its quantity is not a field.
    fixed: bool,
    total: String,
    problem: Option<String>,
    quantity_label: String,
    remove_label: String,
}

pub(super) fn token(headers: &HeaderMap) -> Option<String> {
    cookies::get(headers, TOKEN_COOKIE)
}

fn cookie_path(t: &Tenant) -> String {
    format!("{}/", t.base)
}

/// The cookies that follow a change: the count always, the token when the cart is new.
fn cart_cookies(
    st: &AppState,
    headers: &HeaderMap,
    t: &Tenant,
    new_token: Option<&str>,
    count: i64,
) -> Vec<(header::HeaderName, HeaderValue)> {
    let secure = auth::is_https(headers, st);
    let path = cookie_path(t);
    let mut out = Vec::new();
    if let Some(tok) = new_token {
        out.push((
            header::SET_COOKIE,
            cookies::set(TOKEN_COOKIE, tok, &path, Some(COOKIE_AGE), secure),
        ));
    }
    out.push((header::SET_COOKIE, count_cookie(st, headers, t, count)));
    out
}

/// The cart's item count for the cart link. Not HttpOnly: a small script shows it on pages
/// that are the same for every visitor. It says nothing but a number.
pub(super) fn count_cookie(
    st: &AppState,
    headers: &HeaderMap,
    t: &Tenant,
    count: i64,
) -> HeaderValue {
    let secure = auth::is_https(headers, st);
    let n = format!(
        "{COUNT_COOKIE}={count}; Path={}; SameSite=Lax; Max-Age={COOKIE_AGE}{}",
        cookie_path(t),
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&n).expect("a number and a path are ASCII")
}

fn message(c: &Ctx, e: &app::Error) -> Option<String> {
    match e {
        app::Error::Refused(v) => Some(c.err(v)),
        _ => None,
    }
}

pub(super) async fn render(
    st: &AppState,
    t: &Tenant,
    c: Ctx,
    owner: Owner<'_>,
    error: Option<String>,
) -> AppResult<(i64, Html<String>)> {
    render_page(st, t, c, owner, error, None).await
}

/// What the cart page shows of the promotions: a row per promotion (its name and what it takes
/// off, as shown), and free delivery.
pub(super) fn discount_rows(
    t: &Tenant,
    c: &Ctx,
    d: &app::promotion::Discount,
    shown_off: i64,
) -> (Vec<(String, String)>, Option<String>) {
    let mut rows = Vec::new();
    let mut free = None;
    for (p, off) in &d.used {
        let name = match &p.code {
            Some(code) => format!("{} ({code})", p.name),
            None => p.name.clone(),
        };
        if *off > 0 {
            rows.push((
                c.t1("cart-discount", "name", &name),
                format!("−{}", money(t, c, shown_off)),
            ));
        } else {
            free = Some(c.t1("cart-free-shipping", "name", &name));
        }
    }
    (rows, free)
}

async fn render_page(
    st: &AppState,
    t: &Tenant,
    c: Ctx,
    owner: Owner<'_>,
    error: Option<String>,
    code_error: Option<String>,
) -> AppResult<(i64, Html<String>)> {
    let cart = app::cart::view(&st.store, &t.shop, owner, c.lang.as_str())
        .await
        .map_err(internal)?;
    let discount = match &cart {
        Some(cart) => app::promotion::of_cart(&st.store, &t.shop, owner, cart)
            .await
            .map_err(internal)?,
        None => app::promotion::Discount::default(),
    };
    let root = c.shop_root().to_string();
    let tz = app::calendar::shop_tz(&t.shop.timezone);
    let day = |ts: i64| {
        tz.timestamp_opt(ts, 0)
            .single()
            .map(|d| d.date_naive())
            .unwrap_or_default()
    };
    let data = st.shop_data.get(&st.store, &t.shop).await?;
    let tax = data.tax;
    let (lines, subtotal, off, count, orderable) = match &cart {
        None => (Vec::new(), 0, 0, 0, false),
        Some(cart) => {
            let shown = app::cart::shown(cart, &tax, &discount.lines);
            (
                cart.lines
                    .iter()
                    .zip(&shown.lines)
                    .map(|(l, &(unit, total))| {
                        let v = &l.view;
                        let mut details: Vec<String> = [&v.option1, &v.option2, &v.option3]
                            .iter()
                            .filter_map(|o| o.as_deref())
                            .filter(|o| !o.trim().is_empty())
                            .map(str::to_string)
                            .collect();
                        match (l.kind, v.starts_at, v.ends_at) {
                            (Some(ProductKind::Rental), Some(a), Some(b)) => {
                                details.push(c.i18n.ta(
                                    c.lang,
                                    "cart-rental-period",
                                    &[
                                        ("from", date_label(&c, day(a))),
                                        ("to", date_label(&c, day(b))),
                                    ],
                                ));
                                if l.deposit_minor > 0 {
                                    details.push(c.t1(
                                        "cart-rental-deposit",
                                        "amount",
                                        &money(t, &c, l.deposit_minor),
                                    ));
                                }
                            }
                            (Some(ProductKind::Service), Some(a), _) => {
                                let at = tz.timestamp_opt(a, 0).single();
                                if let Some(at) = at {
                                    details.push(c.i18n.ta(
                                        c.lang,
                                        "cart-slot",
                                        &[
                                            ("date", date_label(&c, at.date_naive())),
                                            ("time", at.format("%H:%M").to_string()),
                                        ],
                                    ));
                                }
                            }
                            _ => {}
                        }
                        LineView {
                            id: v.line_id,
                            title: v.title.clone(),
                            href: format!("{root}/p/{}", v.slug),
                            details,
                            unit: money(t, &c, unit),
                            quantity: v.quantity,
                            fixed: v.starts_at.is_some(),
                            total: money(t, &c, total),
                            problem: l.problem.as_ref().map(|p| {
                                let mut e = ValidationError::new(p.code);
                                if let Some(n) = p.count {
                                    e = e.with("count", n);
                                }
                                c.err(&e)
                            }),
                            quantity_label: c.t1("cart-quantity-of", "title", &v.title),
                            remove_label: c.t1("cart-remove-of", "title", &v.title),
                        }
                    })
                    .collect(),
                shown.subtotal_minor,
                shown.discount_minor,
                cart.count,
                cart.orderable(),
            )
        }
    };
    let estimate = (subtotal > 0)
        .then(|| super::estimate(t, &c, &data.rates, subtotal))
        .flatten();
    let (discounts, free_shipping) = discount_rows(t, &c, &discount, off);
    let page = CartPage {
        estimate,
        subtotal: money(t, &c, subtotal),
        before: (off > 0).then(|| money(t, &c, subtotal + off)),
        discounts,
        free_shipping,
        code_error: code_error.or_else(|| {
            discount
                .code_refused
                .as_ref()
                .map(|e| crate::storefront::promotion_text(t, &c, e))
        }),
        code: discount.code.clone(),
        c,
        error,
        lines,
        orderable,
    };
    Ok((
        count,
        Html(page.render().map_err(|e| AppError::Internal(e.into()))?),
    ))
}

fn date_label(c: &Ctx, d: NaiveDate) -> String {
    match c.lang {
        domain::locale::Lang::Fr => d.format("%d/%m/%Y").to_string(),
        domain::locale::Lang::En => d.format("%-d %b %Y").to_string(),
    }
}

pub(super) fn internal(e: app::Error) -> AppError {
    e.into()
}

/// The cart page.
pub async fn page(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    who: Who,
) -> AppResult<Response> {
    let (count, html) = render(&st, &t, c, who.owner(), None).await?;
    let mut res = (
        [
            (header::CACHE_CONTROL, "private, no-store"),
            (header::HeaderName::from_static("x-robots-tag"), "noindex"),
        ],
        html,
    )
        .into_response();
    // The count shown on cached pages follows the cart (a lapsed or emptied one too).
    for (k, v) in cart_cookies(&st, &headers, &t, None, count) {
        res.headers_mut().append(k, v);
    }
    Ok(res)
}

#[derive(Deserialize)]
pub struct AddForm {
    variant: String,
    #[serde(default)]
    quantity: Option<String>,
    #[serde(default)]
    start: Option<String>,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    slot: Option<String>,
}

fn refused(code: &'static str) -> app::Error {
    app::Error::Refused(ValidationError::new(code))
}

fn adding(f: &AddForm) -> Result<app::cart::Adding, app::Error> {
    let variant = f
        .variant
        .trim()
        .parse::<VariantId>()
        .map_err(|_| refused("cart-variant-unknown"))?;
    let quantity = match f.quantity.as_deref().map(str::trim) {
        None | Some("") => 1,
        Some(q) => q.parse::<i64>().map_err(|_| {
            app::Error::Refused(
                ValidationError::new("cart-quantity-invalid").with("max", app::cart::MAX_QUANTITY),
            )
        })?,
    };
    let date = |s: &Option<String>| -> Result<Option<NaiveDate>, app::Error> {
        match s.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| refused("rental-dates-invalid")),
        }
    };
    let rental = match (date(&f.start)?, date(&f.end)?) {
        (Some(a), Some(b)) => Some((a, b)),
        (None, None) => None,
        _ => return Err(refused("cart-rental-dates-missing")),
    };
    let slot = match f.slot.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(s.parse::<i64>().map_err(|_| refused("cart-slot-unknown"))?),
    };
    Ok(app::cart::Adding {
        variant,
        quantity,
        rental,
        slot,
    })
}

/// "Add to cart": to the cart page, or the cart page with what went wrong (422).
pub async fn add(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    who: Who,
    Form(f): Form<AddForm>,
) -> AppResult<Response> {
    let done = match adding(&f) {
        Ok(a) => app::cart::add(&st.store, &t.shop, who.owner(), &a).await,
        Err(e) => Err(e),
    };
    let root = c.shop_root().to_string();
    match done {
        Ok(changed) => {
            let owner = app::cart::Owner {
                token: changed.new_token.as_deref().or(who.cart_token.as_deref()),
                ..who.owner()
            };
            let count = app::cart::view(&st.store, &t.shop, owner, c.lang.as_str())
                .await
                .map_err(internal)?
                .map_or(0, |c| c.count);
            let set = cart_cookies(&st, &headers, &t, changed.new_token.as_deref(), count);
            let mut res = Redirect::to(&format!("{root}/cart")).into_response();
            for (k, v) in set {
                res.headers_mut().append(k, v);
            }
            Ok(res)
        }
        Err(e) => {
            let Some(text) = message(&c, &e) else {
                return Err(internal(e));
            };
            let (_, html) = render(&st, &t, c, who.owner(), Some(text)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct QuantityForm {
    quantity: String,
}

async fn after_change(
    st: &AppState,
    t: &Tenant,
    c: Ctx,
    headers: &HeaderMap,
    who: &Who,
    done: Result<(), app::Error>,
) -> AppResult<Response> {
    match done {
        Ok(()) => {
            let count = app::cart::view(&st.store, &t.shop, who.owner(), c.lang.as_str())
                .await
                .map_err(internal)?
                .map_or(0, |c| c.count);
            let root = c.shop_root().to_string();
            let mut res = Redirect::to(&format!("{root}/cart")).into_response();
            for (k, v) in cart_cookies(st, headers, t, None, count) {
                res.headers_mut().append(k, v);
            }
            Ok(res)
        }
        Err(e) => {
            let Some(text) = message(&c, &e) else {
                return Err(internal(e));
            };
            let (_, html) = render(st, t, c, who.owner(), Some(text)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
    }
}

/// A line's new quantity (0 removes it).
pub async fn update(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    who: Who,
    Path((_, line)): Path<(String, i64)>,
    Form(f): Form<QuantityForm>,
) -> AppResult<Response> {
    let done = match f.quantity.trim().parse::<i64>() {
        Ok(q) if q >= 0 => app::cart::set_quantity(&st.store, &t.shop, who.owner(), line, q).await,
        _ => Err(app::Error::Refused(
            ValidationError::new("cart-quantity-invalid").with("max", app::cart::MAX_QUANTITY),
        )),
    };
    after_change(&st, &t, c, &headers, &who, done).await
}

/// Removes a line.
pub async fn remove(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    who: Who,
    Path((_, line)): Path<(String, i64)>,
) -> AppResult<Response> {
    let done = app::cart::remove(&st.store, &t.shop, who.owner(), line).await;
    after_change(&st, &t, c, &headers, &who, done).await
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    /// Takes the code away.
    #[serde(default)]
    remove: Option<String>,
}

/// A discount code entered (or taken away) with the cart: back to the cart, which says what it
/// gives; a code the shop does not have is told beside the field (422).
pub async fn code(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    who: Who,
    Form(f): Form<CodeForm>,
) -> AppResult<Response> {
    let code = if f.remove.is_some() {
        ""
    } else {
        f.code.as_str()
    };
    match app::promotion::enter_code(&st.store, &t.shop, who.owner(), code).await {
        Ok(()) => Ok(Redirect::to(&format!("{}/cart", c.shop_root())).into_response()),
        Err(app::Error::Refused(e)) if e.code == "checkout-cart-empty" => {
            Ok(Redirect::to(&format!("{}/cart", c.shop_root())).into_response())
        }
        Err(app::Error::Refused(e)) => {
            let text = crate::storefront::promotion_text(&t, &c, &e);
            let (_, html) = render_page(&st, &t, c, who.owner(), None, Some(text)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(e) => Err(internal(e)),
    }
}
