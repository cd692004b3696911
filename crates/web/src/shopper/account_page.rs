//! The account page of a signed-in customer: their orders (with "order again"), their
//! address book, their name, language and password.

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::locale::Lang;
use serde::Deserialize;
use store::customer::Customer;

use super::account::{customer_account, page, private, require};
use super::cart::{count_cookie, internal};
use super::checkout::{country_choices, country_name, Choice};
use super::Who;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use crate::forms::Errors;
use crate::state::AppState;
use crate::storefront::money;
use crate::tenant::Tenant;
use crate::{auth, limits};

/// The signed-in customer, or the sign-in page that comes back to `$back`.
macro_rules! signed_in_or_login {
    ($c:expr, $who:expr, $back:expr) => {
        match require(&$c, $who, $back) {
            Ok(x) => x,
            Err(r) => return Ok(r.into_response()),
        }
    };
}

// ---- the account page --------------------------------------------------------------------------

struct OrderRow {
    number: String,
    date: String,
    status: String,
    total: String,
    href: String,
    reorder_label: String,
}

struct AddressRow {
    id: i64,
    lines: Vec<String>,
    is_default: bool,
}

#[derive(Template)]
#[template(path = "shopper/account.html")]
struct AccountPage {
    c: Ctx,
    email: String,
    name: String,
    langs: Vec<Choice>,
    orders: Vec<OrderRow>,
    addresses: Vec<AddressRow>,
    errors: Errors,
    info: Option<String>,
}

#[derive(Deserialize, Default)]
pub(super) struct Saved {
    saved: Option<String>,
}

fn address_rows(c: &Ctx, book: &[store::customer::Address]) -> Vec<AddressRow> {
    book.iter()
        .map(|a| AddressRow {
            id: a.id,
            lines: [
                a.name.clone(),
                a.line1.clone(),
                a.line2.clone(),
                format!("{} {}", a.postal_code, a.city),
                country_name(c, &a.country),
                a.phone.clone(),
            ]
            .into_iter()
            .filter(|l| !l.trim().is_empty())
            .collect(),
            is_default: a.is_default != 0,
        })
        .collect()
}

async fn account_page(
    st: &AppState,
    t: &Tenant,
    c: Ctx,
    cu: &Customer,
    errors: Errors,
    info: Option<String>,
) -> AppResult<Response> {
    let sid = t.id();
    let orders = app::customer::orders(&st.store, sid, cu.id)
        .await
        .map_err(internal)?;
    let book = app::customer::addresses(&st.store, sid, cu.id)
        .await
        .map_err(internal)?;
    let root = c.shop_root().to_string();
    let tz = app::calendar::shop_tz(&t.shop.timezone);
    let rows = orders
        .iter()
        .map(|o| {
            let link = app::checkout::link_token(&st.order_link_key, sid, &o.idempotency_key);
            OrderRow {
                number: o.number.clone(),
                date: chrono::TimeZone::timestamp_opt(&tz, o.created_at, 0)
                    .single()
                    .map(|d| match c.lang {
                        Lang::Fr => d.format("%d/%m/%Y").to_string(),
                        Lang::En => d.format("%-d %b %Y").to_string(),
                    })
                    .unwrap_or_default(),
                status: c.t(&format!("order-status-{}", o.status)),
                total: money(t, &c, o.total_minor),
                href: format!("{root}/orders/{link}"),
                reorder_label: c.t1("account-reorder-of", "number", &o.number),
            }
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let langs = crate::ctx::shop_langs(&t.shop)
        .into_iter()
        .map(|l| Choice {
            value: l.as_str().to_string(),
            label: l.native_name().to_string(),
            checked: l.as_str() == cu.lang,
        })
        .collect();
    page(
        status,
        AccountPage {
            email: cu.email.clone(),
            name: cu.name.clone(),
            langs,
            orders: rows,
            addresses: address_rows(&c, &book),
            errors,
            info,
            c,
        },
    )
}

pub(super) async fn home(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    who: Who,
    Query(q): Query<Saved>,
) -> AppResult<Response> {
    let cu = signed_in_or_login!(c, who, "/account");
    let info = q.saved.map(|what| match what.as_str() {
        "password" => c.t("account-password-saved"),
        "address" => c.t("account-address-saved"),
        _ => c.t("account-saved"),
    });
    account_page(&st, &t, c, &cu, Errors::default(), info).await
}

#[derive(Deserialize)]
pub(super) struct ProfileForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    lang: String,
}

pub(super) async fn profile(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    who: Who,
    Form(f): Form<ProfileForm>,
) -> AppResult<Response> {
    let cu = signed_in_or_login!(c, who, "/account");
    let lang = Lang::parse(&f.lang)
        .ok()
        .filter(|l| crate::ctx::shop_langs(&t.shop).contains(l))
        .unwrap_or(c.lang);
    match app::customer::update_profile(&st.store, t.id(), cu.id, &f.name, lang).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}/account?saved=profile", c.shop_root())).into_response())
        }
        Err(app::Error::Refused(e)) => {
            let mut errors = Errors::default();
            errors.add("name", c.err(&e));
            account_page(&st, &t, c, &cu, errors, None).await
        }
        Err(e) => Err(internal(e)),
    }
}

#[derive(Deserialize)]
pub(super) struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
}

pub(super) async fn password(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    peer: auth::Peer,
    who: Who,
    Form(f): Form<PasswordForm>,
) -> AppResult<Response> {
    let cu = signed_in_or_login!(c, who, "/account");
    // Checking the current password is a guess like any sign-in: the same limits.
    let ip = auth::client_ip(&headers, peer.0, &st.config);
    let attempt = limits::Login::new(&customer_account(&t, &cu.email), &ip, false);
    let mut errors = Errors::default();
    if attempt.attempt(&st.store).await? != limits::Verdict::Allowed {
        errors.add("current", c.t("login-rate-limited"));
        return account_page(&st, &t, c, &cu, errors, None).await;
    }
    match app::customer::change_password(&st.store, t.id(), &cu, &f.current, &f.password).await {
        Ok(()) => {
            let mut conn = st.store.begin().await?;
            attempt.succeeded(&mut conn).await?;
            store::commit(conn).await?;
            Ok(Redirect::to(&format!("{}/account?saved=password", c.shop_root())).into_response())
        }
        Err(app::Error::Refused(e)) => {
            let field = if e.code == "customer-password-wrong" {
                "current"
            } else {
                "password"
            };
            errors.add(field, c.err(&e));
            account_page(&st, &t, c, &cu, errors, None).await
        }
        Err(e) => Err(internal(e)),
    }
}

// ---- addresses ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "shopper/account_address.html")]
struct AddressPage {
    c: Ctx,
    /// None: a new address.
    id: Option<i64>,
    a: app::checkout::Address,
    countries: Vec<Choice>,
    errors: Errors,
}

/// The address form: the checkout's fields.
pub(super) type AddressForm = app::checkout::Address;

fn address_page(
    c: Ctx,
    id: Option<i64>,
    a: app::checkout::Address,
    errors: Errors,
) -> AppResult<Response> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page(
        status,
        AddressPage {
            countries: country_choices(&c, &a.country),
            id,
            a,
            errors,
            c,
        },
    )
}

pub(super) async fn new_address(c: Ctx, who: Who) -> AppResult<Response> {
    let cu = signed_in_or_login!(c, who, "/account/addresses/new");
    let a = app::checkout::Address {
        name: cu.name.clone(),
        ..Default::default()
    };
    address_page(c, None, a, Errors::default())
}

pub(super) async fn edit_address(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    who: Who,
    Path((_, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let cu = signed_in_or_login!(c, who, "/account");
    let book = app::customer::addresses(&st.store, t.id(), cu.id)
        .await
        .map_err(internal)?;
    let a = book.iter().find(|a| a.id == id).ok_or(AppError::NotFound)?;
    address_page(c, Some(id), app::customer::address_of(a), Errors::default())
}

async fn save_address(
    st: &AppState,
    t: &Tenant,
    c: Ctx,
    cu: &Customer,
    id: Option<i64>,
    f: &AddressForm,
) -> AppResult<Response> {
    let a = f.tidy();
    let mut errors = Errors::default();
    for (field, e) in app::checkout::check_address(&a) {
        errors.add(field, c.err(&e));
    }
    if !errors.is_empty() {
        return address_page(c, id, a, errors);
    }
    match app::customer::save_address(&st.store, t.id(), cu.id, id, &a).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}/account?saved=address", c.shop_root())).into_response())
        }
        Err(app::Error::Refused(e)) if e.code == "customer-address-unknown" => {
            Err(AppError::NotFound)
        }
        Err(app::Error::Refused(e)) => {
            errors.add("name", c.err(&e));
            address_page(c, id, a, errors)
        }
        Err(e) => Err(internal(e)),
    }
}

pub(super) async fn create_address(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    who: Who,
    Form(f): Form<AddressForm>,
) -> AppResult<Response> {
    let cu = signed_in_or_login!(c, who, "/account/addresses/new");
    save_address(&st, &t, c, &cu, None, &f).await
}

pub(super) async fn update_address(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    who: Who,
    Path((_, id)): Path<(String, i64)>,
    Form(f): Form<AddressForm>,
) -> AppResult<Response> {
    let cu = signed_in_or_login!(c, who, "/account");
    save_address(&st, &t, c, &cu, Some(id), &f).await
}

pub(super) async fn delete_address(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    who: Who,
    Path((_, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let cu = signed_in_or_login!(c, who, "/account");
    match app::customer::delete_address(&st.store, t.id(), cu.id, id).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}/account?saved=address", c.shop_root())).into_response())
        }
        Err(app::Error::Refused(_)) => Err(AppError::NotFound),
        Err(e) => Err(internal(e)),
    }
}

pub(super) async fn default_address(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    who: Who,
    Path((_, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let cu = signed_in_or_login!(c, who, "/account");
    match app::customer::set_default_address(&st.store, t.id(), cu.id, id).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}/account?saved=address", c.shop_root())).into_response())
        }
        Err(app::Error::Refused(_)) => Err(AppError::NotFound),
        Err(e) => Err(internal(e)),
    }
}

// ---- order again -------------------------------------------------------------------------------

pub(super) async fn reorder(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    who: Who,
    Path((_, number)): Path<(String, String)>,
) -> AppResult<Response> {
    let cu = signed_in_or_login!(c, who, "/account");
    let done = match app::customer::reorder(&st.store, &t.shop, cu.id, &number).await {
        Ok(done) => done,
        Err(app::Error::Refused(e)) if e.code == "customer-order-unknown" => {
            return Err(AppError::NotFound)
        }
        Err(e) => return Err(internal(e)),
    };
    let owner = app::cart::Owner {
        token: None,
        customer: Some(cu.id),
    };
    let set = count_cookie(
        &st,
        &headers,
        &t,
        app::cart::view(&st.store, &t.shop, owner, c.lang.as_str())
            .await
            .map_err(internal)?
            .map_or(0, |c| c.count),
    );
    let mut res = if done.skipped.is_empty() {
        Redirect::to(&format!("{}/cart", c.shop_root())).into_response()
    } else {
        // The cart, saying what could not come back and why.
        let text = done
            .skipped
            .iter()
            .map(|(title, e)| format!("{title} — {}", c.err(e)))
            .collect::<Vec<_>>()
            .join(" ; ");
        let msg = format!("{} {text}", c.t("account-reorder-skipped"));
        let (_, html) = super::cart::render(&st, &t, c, owner, Some(msg)).await?;
        (private(), html).into_response()
    };
    res.headers_mut().append(header::SET_COOKIE, set);
    Ok(res)
}
