//! Shop admin: customer reviews — every review of the shop, newest first, with what the seller
//! may do about one: answer it publicly (or take the answer away), or refuse it for a reason of
//! the published review policy ([`RejectReason`]: never because it is negative), its author
//! being told by e-mail which. The owner and managers only, as for the shop's other public
//! words.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::TimeZone as _;
use domain::community::RejectReason;
use domain::locale::Lang;
use serde::Deserialize;
use store::review::Review;

use super::{can_settings, Nav};
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use crate::platform::render;
use crate::state::AppState;
use crate::storefront::stars;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/reviews"), get(list))
        .route(&shop_path("/admin/reviews/{id}/reply"), post(reply))
        .route(&shop_path("/admin/reviews/{id}/reject"), post(reject))
}

/// A day as the list shows it, in the shop's time zone: "31/01/2027", "31 Jan 2027".
pub(crate) fn day_text(lang: Lang, timezone: &str, at: i64) -> String {
    let Some(d) = app::calendar::shop_tz(timezone)
        .timestamp_opt(at, 0)
        .single()
    else {
        return String::new();
    };
    match lang {
        Lang::Fr => d.format("%d/%m/%Y").to_string(),
        Lang::En => d.format("%-d %b %Y").to_string(),
    }
}

/// A reason of the policy in `lang`, as the list, the form and the author's e-mail say it.
fn reason_text(i18n: &crate::i18n::I18n, lang: Lang, reason: &str) -> String {
    i18n.t(lang, &format!("review-reason-{reason}"))
}

/// One review in the list.
struct Row {
    id: i64,
    product: String,
    stars: String,
    /// "4 sur 5".
    rating: String,
    name: String,
    body: String,
    written: String,
    bought: String,
    published: bool,
    status: String,
    /// The answer as published, and when.
    reply: Option<(String, String)>,
    /// What the answer's field holds: the answer, or the text typed in a refused form.
    reply_field: String,
    /// Why the last form of this review was refused.
    error: Option<String>,
}

struct Choice {
    value: &'static str,
    label: String,
}

#[derive(Template)]
#[template(path = "admin/reviews.html")]
struct ListPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    rows: Vec<Row>,
    reasons: Vec<Choice>,
    reply_max: usize,
}

impl ListPage {
    /// The ids that describe review `id`'s field `name`: its hint, and its error if any.
    fn described(&self, r: &Row, name: &str) -> String {
        if r.error.is_some() {
            format!("{name}-{id}-hint review-{id}-err", id = r.id)
        } else {
            format!("{name}-{}-hint", r.id)
        }
    }
}

/// A refused form to show again: which review, what was typed in its answer, and why.
struct Refusal {
    id: i64,
    typed: Option<String>,
    message: String,
}

fn row(a: &StaffAuth, c: &Ctx, (r, title): &(Review, String)) -> Row {
    let tz = &a.tenant.shop.timezone;
    let status = match (r.status.as_str(), &r.reject_reason) {
        ("rejected", Some(reason)) => c.t1(
            "review-status-rejected",
            "reason",
            &reason_text(&c.i18n, c.lang, reason),
        ),
        ("rejected", None) => c.t1("review-status-rejected", "reason", ""),
        _ => c.t("review-status-published"),
    };
    Row {
        id: r.id,
        product: title.clone(),
        stars: stars(r.rating),
        rating: c.t1("review-stars", "n", &r.rating.to_string()),
        name: r.name.clone(),
        body: r.body.clone(),
        written: c.t1(
            "review-written",
            "date",
            &day_text(c.lang, tz, r.created_at),
        ),
        bought: c.t1(
            "review-bought",
            "date",
            &day_text(c.lang, tz, r.experienced_at),
        ),
        published: r.status == "published",
        status,
        reply: r.reply.clone().map(|text| {
            let at = r
                .replied_at
                .map(|at| day_text(c.lang, tz, at))
                .unwrap_or_default();
            (text, at)
        }),
        reply_field: r.reply.clone().unwrap_or_default(),
        error: None,
    }
}

#[derive(Deserialize, Default)]
struct Flash {
    replied: Option<String>,
    removed: Option<String>,
    refused: Option<String>,
}

async fn page(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    flash: Option<String>,
    refusal: Option<Refusal>,
) -> AppResult<ListPage> {
    let reviews = app::review::list(&st.store, &a.tenant.shop, c.lang_code()).await?;
    let mut rows: Vec<Row> = reviews.iter().map(|r| row(a, &c, r)).collect();
    if let Some(f) = refusal {
        if let Some(r) = rows.iter_mut().find(|r| r.id == f.id) {
            if let Some(typed) = f.typed {
                r.reply_field = typed;
            }
            r.error = Some(f.message);
        }
    }
    let reasons = RejectReason::all()
        .iter()
        .map(|r| Choice {
            value: r.as_str(),
            label: reason_text(&c.i18n, c.lang, r.as_str()),
        })
        .collect();
    Ok(ListPage {
        nav: Nav::new(a, "reviews").with_flash(flash),
        shop_name: a.tenant.shop.name.clone(),
        rows,
        reasons,
        reply_max: app::review::REPLY_MAX,
        c,
    })
}

async fn list(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<Flash>,
) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    let flash = if q.refused.is_some() {
        Some(c.t("review-admin-refused"))
    } else if q.removed.is_some() {
        Some(c.t("review-admin-reply-removed"))
    } else {
        q.replied.map(|_| c.t("review-admin-replied"))
    };
    render(page(&st, &a, c, flash, None).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReplyForm {
    reply: String,
}

async fn reply(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, i64)>,
    Form(f): Form<ReplyForm>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    match app::review::reply(&st.store, &a.tenant.shop, id, &f.reply).await {
        Ok(()) => {
            tracing::info!(shop_id = a.tenant.shop.id, review = id, "review answered");
            let flash = if f.reply.trim().is_empty() {
                "removed"
            } else {
                "replied"
            };
            let to = a
                .tenant
                .url(&format!("/admin/reviews?{flash}=1#review-{id}"));
            Ok(Redirect::to(&to).into_response())
        }
        Err(app::Error::Refused(e)) => {
            let refusal = Refusal {
                id,
                typed: Some(f.reply),
                message: c.err(&e),
            };
            let page = page(&st, &a, c, None, Some(refusal)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RejectForm {
    reason: String,
}

async fn reject(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, i64)>,
    Form(f): Form<RejectForm>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    // The author is told in their language, with the product's title in it (else any).
    let (review, texts) = {
        let mut conn = st.store.reader().await?;
        let Some(review) = store::review::by_id(&mut conn, a.shop_id(), id).await? else {
            return Err(AppError::NotFound);
        };
        let texts = store::catalog::texts(&mut conn, a.shop_id(), review.product_id).await?;
        (review, texts)
    };
    let title = texts
        .iter()
        .find(|t| t.lang == review.lang)
        .or_else(|| texts.first())
        .map(|t| t.title.clone())
        .unwrap_or_default();
    let lang = Lang::parse(&review.lang).unwrap_or(Lang::Fr);
    let brand = super::session::staff_brand(&st, &a.tenant);
    let i18n = st.i18n.clone();
    let email = |r: &Review, reason: RejectReason| {
        crate::mail::Mail {
            i18n: &i18n,
            lang,
            brand: &brand,
        }
        .review_refused(&r.email, &title, &reason_text(&i18n, lang, reason.as_str()))
    };
    match app::review::reject(&st.store, &a.tenant.shop, id, &f.reason, email).await {
        Ok(()) => {
            tracing::info!(
                shop_id = a.tenant.shop.id,
                review = id,
                reason = f.reason.as_str(),
                "review refused"
            );
            let to = a
                .tenant
                .url(&format!("/admin/reviews?refused=1#review-{id}"));
            Ok(Redirect::to(&to).into_response())
        }
        Err(app::Error::Refused(e)) => {
            // Refused already: nothing to do again; an unknown reason: a form to correct.
            let status = if e.code == "review-rejected-already" {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let refusal = Refusal {
                id,
                typed: None,
                message: c.err(&e),
            };
            let page = page(&st, &a, c, None, Some(refusal)).await?;
            Ok((status, render(page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_are_drawn_out_of_five() {
        assert_eq!(stars(4), "★★★★☆");
        assert_eq!(stars(1), "★☆☆☆☆");
        assert_eq!(stars(9), "★★★★★");
    }

    /// Every reason of the policy has its label in both languages.
    #[test]
    fn every_reason_has_its_label() {
        let i18n = crate::i18n::I18n::load();
        for r in RejectReason::all() {
            for lang in [Lang::Fr, Lang::En] {
                let id = format!("review-reason-{}", r.as_str());
                assert!(i18n.has(lang, &id), "{lang:?}: no {id}");
            }
        }
    }
}
