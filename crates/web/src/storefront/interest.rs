//! "Tell me when it is on sale", on a coming-soon product's page: the request, its
//! confirmation page (double opt-in: the e-mail links a page whose button confirms, so that a
//! mail scanner following links confirms nothing), and its withdrawal, from that page or in one
//! click from the mail client (RFC 8058's `List-Unsubscribe-Post`).

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::{href, origin};
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path};
use crate::platform::render;
use crate::state::AppState;
use crate::tenant::Tenant;

/// Where a product page's form posts (from a cached page: no CSRF token, see `csrf::TOKENLESS`).
pub const ASK_ROUTE: &str = "/s/{slug}/interest";

#[derive(Deserialize)]
pub(crate) struct AskForm {
    #[serde(default)]
    product: String,
    #[serde(default)]
    email: String,
    /// The product's address, to go back to.
    #[serde(default)]
    back: String,
}

#[derive(Template)]
#[template(path = "storefront/interest.html")]
struct Page {
    c: Ctx,
    heading: String,
    message: String,
    error: bool,
    title: String,
    /// (action, label, secondary)
    button: Option<(String, String, bool)>,
    back: Option<String>,
}

fn page(c: Ctx, heading: String, message: String, title: String) -> Page {
    Page {
        heading,
        message,
        error: false,
        title,
        button: None,
        back: None,
        c,
    }
}

/// A product page's "tell me" form: the request is recorded and a confirmation link sent.
pub(crate) async fn ask(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    peer: crate::auth::Peer,
    Form(f): Form<AskForm>,
) -> AppResult<Response> {
    let product: i64 = f.product.trim().parse().map_err(|_| AppError::NotFound)?;
    // Only back to a page of this shop: a path of its own, nothing a browser reads as another
    // host ("//x", "/\x").
    let back = Some(f.back).filter(|b| {
        b.starts_with(&format!("{}/", t.base))
            && !b.starts_with("//")
            && !b.contains('\\')
            && b.len() < 500
    });
    let ip = crate::auth::client_ip(&headers, peer.0, &st.config);
    if !crate::limits::interest(&st.store, &ip, &f.email).await? {
        tracing::warn!(shop_id = t.shop.id, "interest request rate limited");
        let mut p = page(
            c.clone(),
            c.t("interest-error-title"),
            c.t("interest-rate-limited"),
            String::new(),
        );
        p.error = true;
        p.back = back;
        return Ok((StatusCode::TOO_MANY_REQUESTS, render(p)?).into_response());
    }
    let link_base = format!("{}{}", origin(&st, &t, &headers), t.base);
    let mail = crate::mail::interest_confirmation(&st, &t, &link_base);
    let lang = c.lang.as_str().to_string();
    match app::interest::ask(
        &st.store,
        &t.shop,
        product,
        &f.email,
        &lang,
        store::now(),
        mail,
    )
    .await
    {
        Ok(()) => {
            let mut p = page(
                c.clone(),
                c.t("interest-asked-title"),
                c.t("interest-asked"),
                String::new(),
            );
            p.back = back;
            Ok(render(p)?.into_response())
        }
        Err(app::Error::Refused(e)) => {
            let mut p = page(
                c.clone(),
                c.t("interest-error-title"),
                c.err(&e),
                String::new(),
            );
            p.error = true;
            p.back = back;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(p)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

fn request_id(st: &AppState, t: &Tenant, token: &str) -> AppResult<i64> {
    app::interest::request_of(&st.interest_key, t.id(), token).ok_or(AppError::NotFound)
}

/// The page an e-mail links: where the request stands, and the button that confirms or
/// withdraws it.
pub(crate) async fn show(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    Path((_, token)): Path<(String, String)>,
) -> AppResult<Html<String>> {
    let id = request_id(&st, &t, &token)?;
    let shown = app::interest::show(&st.store, &t.shop, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let r = &shown.request;
    let here = href(&t, &c, &format!("/interest/{token}"));
    let title = shown.title.clone();
    let on_sale = (shown.status == "active" && r.cancelled_at.is_none())
        .then(|| href(&t, &c, &format!("/p/{}", shown.slug)));
    let (heading, message, button) = if r.cancelled_at.is_some() {
        (
            c.t("interest-withdrawn-title"),
            c.t("interest-withdrawn"),
            None,
        )
    } else if on_sale.is_some() {
        (
            c.t("interest-on-sale-title"),
            c.t("interest-on-sale-text"),
            None,
        )
    } else if r.confirmed_at.is_none() {
        (
            c.t("interest-confirm-title"),
            c.t1("interest-confirm", "email", &r.email),
            Some((
                format!("{here}/confirm"),
                c.t("interest-confirm-button"),
                false,
            )),
        )
    } else {
        (
            c.t("interest-confirmed-title"),
            c.t1("interest-confirmed-text", "email", &r.email),
            Some((
                format!("{here}/cancel"),
                c.t("interest-cancel-button"),
                true,
            )),
        )
    };
    let mut p = page(c, heading, message, title);
    p.button = button;
    p.back = on_sale;
    render(p)
}

/// The button of the page an e-mail links: confirms the request.
pub(crate) async fn confirm(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Path((_, token)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = request_id(&st, &t, &token)?;
    let admin = format!("{}{}/admin/interest", origin(&st, &t, &headers), t.base);
    let reached = crate::mail::interest_reached(&st, &t, &admin);
    app::interest::confirm(&st.store, &t.shop, id, store::now(), reached).await?;
    let to = href(&t, &c, &format!("/interest/{token}"));
    Ok(axum::response::Redirect::to(&to).into_response())
}

/// The button of the page an e-mail links, once confirmed: withdraws the request.
pub(crate) async fn cancel(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    Path((_, token)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = request_id(&st, &t, &token)?;
    app::interest::cancel(&st.store, &t.shop, id, store::now()).await?;
    let to = href(&t, &c, &format!("/interest/{token}"));
    Ok(axum::response::Redirect::to(&to).into_response())
}

/// The one-click address opened in a browser (some mail clients do): the request's page.
pub(crate) async fn one_click_page(
    t: Tenant,
    c: Ctx,
    Path((_, token)): Path<(String, String)>,
) -> Response {
    axum::response::Redirect::to(&href(&t, &c, &format!("/interest/{token}"))).into_response()
}

/// One-click withdrawal from the mail client (RFC 8058): a POST of
/// `List-Unsubscribe=One-Click` with no cookie, authorised by the link's token alone.
pub(crate) async fn one_click(
    State(st): State<AppState>,
    t: Tenant,
    Path((_, token)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = request_id(&st, &t, &token)?;
    app::interest::cancel(&st.store, &t.shop, id, store::now()).await?;
    Ok((StatusCode::OK, "unsubscribed").into_response())
}
