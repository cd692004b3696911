//! The withdrawal function on the order's page: "Renoncer au contrat ici" opens a form that
//! says what the request covers (and what the right does not), asks for a name and an e-mail
//! address, and a button confirms; the answer is the dated receipt, also sent by e-mail. The
//! rules are `app::withdrawal`'s.

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use chrono::TimeZone as _;
use std::collections::HashMap;

use super::cart::internal;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path};
use crate::forms::Errors;
use crate::mail::Mail;
use crate::state::AppState;
use crate::storefront::origin;
use crate::tenant::Tenant;

/// A moment in the shop's time zone, to the minute ("06/12/2026 à 14:05").
pub(super) fn when(t: &Tenant, c: &Ctx, at: i64) -> String {
    let tz = app::calendar::shop_tz(&t.shop.timezone);
    tz.timestamp_opt(at, 0)
        .single()
        .map(|d| match c.lang {
            domain::locale::Lang::Fr => d.format("%d/%m/%Y à %H:%M").to_string(),
            domain::locale::Lang::En => d.format("%-d %b %Y at %H:%M").to_string(),
        })
        .unwrap_or_default()
}

struct LineRow {
    position: i64,
    title: String,
    /// Why it is not covered, if it is not.
    excluded: Option<String>,
}

#[derive(Template)]
#[template(path = "shopper/withdraw.html")]
struct WithdrawPage {
    c: Ctx,
    number: String,
    link: String,
    lines: Vec<LineRow>,
    name: String,
    email: String,
    errors: Errors,
    /// The request received: when, and the lines it covers.
    received: Option<String>,
    withdrawn: Vec<String>,
    /// Not open (period over, cancelled order, private seller…).
    closed: bool,
}

fn private() -> [(header::HeaderName, &'static str); 2] {
    [
        (header::CACHE_CONTROL, "private, no-store"),
        (header::HeaderName::from_static("x-robots-tag"), "noindex"),
    ]
}

async fn show(
    st: &AppState,
    t: &Tenant,
    c: Ctx,
    link: &str,
    name: Option<String>,
    email: Option<String>,
    errors: Errors,
) -> AppResult<Response> {
    let Some((o, lines)) = app::checkout::order_by_link(&st.store, &t.shop, link)
        .await
        .map_err(internal)?
    else {
        return Err(AppError::NotFound);
    };
    let standing = app::withdrawal::standing(&st.store, &t.shop, &o, lines, store::now())
        .await
        .map_err(internal)?;
    let billing: app::checkout::Address =
        serde_json::from_str(&o.billing_address).unwrap_or_default();
    let withdrawn = standing
        .request
        .as_ref()
        .map(|w| {
            let p = app::withdrawal::positions(w);
            standing
                .lines
                .iter()
                .filter(|l| p.contains(&l.line.position))
                .map(|l| format!("{} × {}", l.line.quantity, l.line.title))
                .collect()
        })
        .unwrap_or_default();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = WithdrawPage {
        number: o.number.clone(),
        link: link.to_string(),
        lines: standing
            .lines
            .iter()
            .map(|l| LineRow {
                position: l.line.position,
                title: format!("{} × {}", l.line.quantity, l.line.title),
                excluded: l
                    .exception
                    .map(|e| c.t(domain::order::withdrawal::message_id(e))),
            })
            .collect(),
        name: name.unwrap_or(billing.name),
        email: email.unwrap_or(o.email.clone()),
        errors,
        received: standing
            .request
            .as_ref()
            .map(|w| when(t, &c, w.requested_at)),
        withdrawn,
        closed: !standing.open && standing.request.is_none(),
        c,
    };
    let html = page.render().map_err(|e| AppError::Internal(e.into()))?;
    Ok((status, private(), Html(html)).into_response())
}

/// "Renoncer au contrat ici": the form, or the receipt of the request already made.
pub async fn form(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    Path((_, link)): Path<(String, String)>,
) -> AppResult<Response> {
    show(&st, &t, c, &link, None, None, Errors::default()).await
}

/// The confirmation form: `name`, `email`, and a checkbox `line-{position}` per line withdrawn
/// (none ticked: every line the right covers).
pub type ConfirmForm = HashMap<String, String>;

/// "Confirmer la rétractation": records the request, queues the receipt, shows it.
pub async fn confirm(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Path((_, link)): Path<(String, String)>,
    Form(form): Form<ConfirmForm>,
) -> AppResult<Response> {
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    let (name, email) = (field("name"), field("email"));
    let positions: Vec<i64> = form
        .keys()
        .filter_map(|k| k.strip_prefix("line-")?.parse().ok())
        .collect();
    let Some((o, _)) = app::checkout::order_by_link(&st.store, &t.shop, &link)
        .await
        .map_err(internal)?
    else {
        return Err(AppError::NotFound);
    };
    let r = app::withdrawal::Request {
        name: &name,
        email: &email,
        positions: &positions,
    };
    let mut errors = Errors::default();
    for (field, e) in app::withdrawal::check(&r) {
        errors.add(field, c.err(&e));
    }
    if !errors.is_empty() {
        return show(
            &st,
            &t,
            c,
            &link,
            Some(name.clone()),
            Some(email.clone()),
            errors,
        )
        .await;
    }
    let i18n = st.i18n.clone();
    let lang = domain::locale::Lang::parse(&o.lang).unwrap_or(c.lang);
    let origin = origin(&st, &t, &headers);
    let order_url = format!("{origin}{}/orders/{link}", c.shop_root());
    let brand = crate::mail::Brand::of(&t.shop, &format!("{origin}{}", t.base));
    let tz = app::calendar::shop_tz(&t.shop.timezone);
    let done = app::withdrawal::request(&st.store, &t.shop, &o, &r, store::now(), |o, w, lines| {
        let at = tz
            .timestamp_opt(w.requested_at, 0)
            .single()
            .map(|d| d.format("%d/%m/%Y %H:%M %Z").to_string())
            .unwrap_or_default();
        let what: Vec<String> = lines
            .iter()
            .map(|l| format!("- {} × {}", l.quantity, l.title))
            .collect();
        Mail {
            i18n: &i18n,
            lang,
            brand: &brand,
        }
        .withdrawal_receipt(o, w, &at, &what.join("\n"), &order_url)
    })
    .await;
    match done {
        Ok(_) => show(&st, &t, c, &link, None, None, Errors::default()).await,
        Err(app::Error::Refused(e)) => {
            errors.add("line", c.err(&e));
            show(
                &st,
                &t,
                c,
                &link,
                Some(name.clone()),
                Some(email.clone()),
                errors,
            )
            .await
        }
        Err(e) => Err(internal(e)),
    }
}
