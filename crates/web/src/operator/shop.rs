//! One shop in the console: its page, plan change, suspend and resume, domain verification,
//! export and deletion.

use crate::extract::{Form, Path, Query};

use app::domains::DomainError;
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::locale::Lang;
use serde::Deserialize;
use serde_json::json;

use super::{
    date, plan_options, status_label, storage_label, unprocessable, OpNav, PlanOption, MIB,
};
use crate::auth::OperatorAuth;
use crate::ctx::{urlencode, Ctx};
use crate::error::{AppError, AppResult};
use crate::platform::render;
use crate::state::AppState;

/// A size in megabytes, one decimal, with the decimal separator of the language.
fn megabytes(c: &Ctx, bytes: i64) -> String {
    let mb = format!("{:.1}", bytes as f64 / MIB as f64);
    let mb = if c.lang == Lang::Fr {
        mb.replace('.', ",")
    } else {
        mb
    };
    c.t1("op-size-mb", "size", &mb)
}

async fn shop_by_slug(st: &AppState, slug: &str) -> AppResult<store::shop::Shop> {
    let mut conn = st.store.reader().await?;
    store::shop::by_slug(&mut conn, slug)
        .await?
        .ok_or(AppError::NotFound)
}

pub struct DomainRow {
    pub host: String,
    pub verified: bool,
    /// Verified for another shop first: this claim cannot be verified.
    pub taken: bool,
    pub verified_on: String,
}

#[derive(Template)]
#[template(path = "operator/shop.html")]
struct ShopPage {
    c: Ctx,
    nav: OpNav,
    slug: String,
    name: String,
    status: String,
    suspended: bool,
    plan: String,
    plans: Vec<PlanOption>,
    created: String,
    staff_count: i64,
    storage: String,
    domains: Vec<DomainRow>,
    /// Where the shop's rent stands ("Paid until 7 January 2027"), once it has a subscription.
    rent: String,
    /// The mall: whether the seller lists the shop, and whether the operator features it.
    mall_listed: bool,
    mall_featured: bool,
}

#[derive(Deserialize, Default)]
pub(super) struct Flash {
    saved: Option<String>,
    created: Option<String>,
    suspended: Option<String>,
    resumed: Option<String>,
    verified: Option<String>,
    taken: Option<String>,
}

pub(super) async fn shop_detail(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<Flash>,
) -> AppResult<Html<String>> {
    let shop = shop_by_slug(&st, &slug).await?;
    let flash = if q.created.is_some() {
        Some(c.t("op-shop-created"))
    } else if q.suspended.is_some() {
        Some(c.t("op-shop-suspended"))
    } else if q.resumed.is_some() {
        Some(c.t("op-shop-resumed"))
    } else if let Some(h) = &q.verified {
        Some(c.t1("op-domain-verified", "host", h))
    } else if let Some(h) = &q.taken {
        Some(c.t1("op-domain-taken", "host", h))
    } else {
        q.saved.as_ref().map(|_| c.t("op-saved"))
    };
    let mut conn = st.store.reader().await?;
    let plans = store::plan::list(&mut conn).await?;
    let plan = plans.iter().find(|p| p.id == shop.plan_id);
    let staff_count = store::account::count_staff(&mut conn, shop.sid()).await?;
    let used = store::media::used_bytes(&mut conn, shop.sid()).await?;
    let rent = match app::rent::subscription(&st.store, shop.sid()).await? {
        Some(r) => c.ta(
            &format!("op-rent-line-{}", r.state),
            &[("date", date(r.period_end)), ("card", r.card_label.clone())],
        ),
        None => String::new(),
    };
    let listing = store::mall::listing(&mut conn, shop.sid()).await?;
    let domains = store::shop::domains(&mut conn, shop.sid())
        .await?
        .into_iter()
        .map(|d| DomainRow {
            verified: d.verified_at.is_some(),
            taken: d.taken,
            verified_on: d.verified_at.map(date).unwrap_or_default(),
            host: d.host,
        })
        .collect();
    render(ShopPage {
        nav: OpNav::new(&op, "shops").flash(flash),
        status: status_label(&c, &shop.status),
        suspended: shop.is_suspended(),
        plan: plan.map(|p| p.name.clone()).unwrap_or_default(),
        plans: plan_options(&plans, &shop.plan_id.to_string()),
        created: date(shop.created_at),
        staff_count,
        storage: match plan {
            Some(p) => c.i18n.ta(
                c.lang,
                "op-shop-storage-value",
                &[
                    ("used", megabytes(&c, used)),
                    ("limit", storage_label(&c, p.max_storage_bytes)),
                ],
            ),
            None => megabytes(&c, used),
        },
        domains,
        rent,
        mall_listed: listing.mall_listed != 0,
        mall_featured: listing.mall_featured != 0,
        slug: shop.slug,
        name: shop.name,
        c,
    })
}

#[derive(Deserialize)]
pub(super) struct PlanChoice {
    #[serde(default)]
    plan: String,
}

pub(super) async fn change_plan(
    State(st): State<AppState>,
    op: OperatorAuth,
    Path(slug): Path<String>,
    Form(f): Form<PlanChoice>,
) -> AppResult<Response> {
    let shop = shop_by_slug(&st, &slug).await?;
    let plan_id: i64 = f
        .plan
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("op-plan-unknown"))?;
    let mut tx = st.store.begin().await?;
    match store::plan::by_id(&mut tx, plan_id).await {
        Ok(_) => {}
        Err(store::StoreError::NotFound) => return Err(AppError::BadRequest("op-plan-unknown")),
        Err(e) => return Err(e.into()),
    }
    store::shop::set_plan(&mut tx, shop.sid(), plan_id).await?;
    store::commit(tx).await?;
    tracing::info!(
        shop_id = shop.id,
        plan_id,
        operator_id = op.id,
        "plan changed"
    );
    Ok(Redirect::to(&format!("/operator/shops/{slug}?saved=1")).into_response())
}

async fn set_status(
    st: &AppState,
    op: &OperatorAuth,
    slug: &str,
    status: &str,
) -> AppResult<store::shop::Shop> {
    let shop = shop_by_slug(st, slug).await?;
    let mut tx = st.store.begin().await?;
    store::shop::set_status(&mut tx, shop.sid(), status).await?;
    if status == store::shop::STATUS_ACTIVE {
        app::rent::operator_reopened(&mut tx, shop.sid(), store::now()).await?;
    }
    store::commit(tx).await?;
    st.mall_changed();
    tracing::info!(
        shop_id = shop.id,
        status,
        operator_id = op.id,
        "shop status changed"
    );
    Ok(shop)
}

pub(super) async fn suspend(
    State(st): State<AppState>,
    op: OperatorAuth,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    set_status(&st, &op, &slug, store::shop::STATUS_SUSPENDED).await?;
    Ok(Redirect::to(&format!("/operator/shops/{slug}?suspended=1")).into_response())
}

pub(super) async fn resume(
    State(st): State<AppState>,
    op: OperatorAuth,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    set_status(&st, &op, &slug, store::shop::STATUS_ACTIVE).await?;
    Ok(Redirect::to(&format!("/operator/shops/{slug}?resumed=1")).into_response())
}

#[derive(Deserialize)]
pub(super) struct FeatureForm {
    /// "1" to feature the shop on the mall's home, anything else to stop.
    #[serde(default)]
    featured: String,
}

/// Features the shop first on the mall's home, or stops.
pub(super) async fn feature(
    State(st): State<AppState>,
    op: OperatorAuth,
    Path(slug): Path<String>,
    Form(f): Form<FeatureForm>,
) -> AppResult<Response> {
    let shop = shop_by_slug(&st, &slug).await?;
    let featured = f.featured == "1";
    app::mall::set_featured(&st.store, shop.sid(), featured).await?;
    st.mall_changed();
    tracing::info!(
        shop_id = shop.id,
        featured,
        operator_id = op.id,
        "mall feature changed"
    );
    Ok(Redirect::to(&format!("/operator/shops/{slug}?saved=1")).into_response())
}

#[derive(Deserialize)]
pub(super) struct DomainForm {
    #[serde(default)]
    host: String,
}

pub(super) async fn verify_domain(
    State(st): State<AppState>,
    op: OperatorAuth,
    Path(slug): Path<String>,
    Form(f): Form<DomainForm>,
) -> AppResult<Response> {
    let shop = shop_by_slug(&st, &slug).await?;
    let mut tx = st.store.begin().await?;
    // Only a domain of this very shop may be verified from its page.
    match app::domains::verify(&mut tx, shop.sid(), &f.host).await {
        Ok(()) => {}
        Err(DomainError::NotClaimed) => return Err(AppError::NotFound),
        Err(DomainError::Taken | DomainError::AlreadyClaimed) => {
            drop(tx);
            return Ok(Redirect::to(&format!(
                "/operator/shops/{slug}?taken={}",
                urlencode(&f.host)
            ))
            .into_response());
        }
        Err(DomainError::Store(e)) => return Err(e.into()),
    }
    store::commit(tx).await?;
    tracing::info!(shop_id = shop.id, host = %f.host, operator_id = op.id, "domain verified");
    Ok(Redirect::to(&format!(
        "/operator/shops/{slug}?verified={}",
        urlencode(&f.host)
    ))
    .into_response())
}

/// Everything the shop's owner entered, as one JSON file (never password hashes or tokens).
pub(super) async fn export(
    State(st): State<AppState>,
    op: OperatorAuth,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let shop = shop_by_slug(&st, &slug).await?;
    let id = shop.sid();
    let mut conn = st.store.reader().await?;
    let plan = store::plan::by_id(&mut conn, shop.plan_id).await.ok();
    let taglines: serde_json::Map<String, serde_json::Value> = store::shop::taglines(&mut conn, id)
        .await?
        .into_iter()
        .map(|(l, t)| (l, json!(t)))
        .collect();
    let legal = store::legal::get(&mut conn, id).await?;
    let pages = store::shop::all_pages(&mut conn, id).await?;
    let payments: Vec<serde_json::Value> = store::payment::list(&mut conn, id)
        .await?
        .into_iter()
        .map(|p| {
            json!({
                "code": p.code,
                "enabled": p.enabled != 0,
                "settings": serde_json::from_str::<serde_json::Value>(&p.settings)
                    .unwrap_or(serde_json::Value::String(p.settings.clone())),
            })
        })
        .collect();
    let staff: Vec<serde_json::Value> = store::account::list_staff(&mut conn, id)
        .await?
        .into_iter()
        .map(|s| {
            json!({
                "id": s.id,
                "email": s.email,
                "name": s.name,
                "role": s.role,
                "created_at": s.created_at,
            })
        })
        .collect();
    let domains = store::shop::domains(&mut conn, id).await?;
    let media = store::shop::media_files(&mut conn, id).await?;
    let shipping = app::shipping::table(&mut conn, id)
        .await
        .map_err(crate::admin::shipping::app_error)?;
    let body = json!({
        "format": "vitrine-shop-export",
        "version": 1,
        "exported_at": store::now(),
        "shop": shop,
        "plan": plan.map(|p| p.name),
        "taglines": taglines,
        "legal_identity": legal,
        "pages": pages,
        "payment_methods": payments,
        "shipping_table": shipping,
        "staff": staff,
        "custom_domains": domains,
        "media_files": media,
    });
    tracing::info!(shop_id = id.get(), operator_id = op.id, "shop exported");
    let text = serde_json::to_string_pretty(&body).map_err(anyhow::Error::from)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{slug}-export.json\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        text,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "operator/delete.html")]
struct DeletePage {
    c: Ctx,
    nav: OpNav,
    slug: String,
    name: String,
    staff_count: i64,
    storage: String,
    confirm: String,
    error: Option<String>,
}

async fn delete_page(
    st: &AppState,
    op: &OperatorAuth,
    c: Ctx,
    shop: &store::shop::Shop,
) -> AppResult<DeletePage> {
    let mut conn = st.store.reader().await?;
    let staff_count = store::account::count_staff(&mut conn, shop.sid()).await?;
    let used = store::media::used_bytes(&mut conn, shop.sid()).await?;
    Ok(DeletePage {
        nav: OpNav::new(op, "shops"),
        slug: shop.slug.clone(),
        name: shop.name.clone(),
        staff_count,
        storage: megabytes(&c, used),
        confirm: String::new(),
        error: None,
        c,
    })
}

pub(super) async fn delete_form(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Html<String>> {
    let shop = shop_by_slug(&st, &slug).await?;
    render(delete_page(&st, &op, c, &shop).await?)
}

#[derive(Deserialize)]
pub(super) struct DeleteForm {
    #[serde(default)]
    confirm: String,
}

pub(super) async fn delete_shop(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Path(slug): Path<String>,
    Form(f): Form<DeleteForm>,
) -> AppResult<Response> {
    let shop = shop_by_slug(&st, &slug).await?;
    if f.confirm.trim() != shop.slug {
        let error = Some(c.t1("op-delete-mismatch", "slug", &shop.slug));
        let mut p = delete_page(&st, &op, c, &shop).await?;
        p.confirm = f.confirm;
        p.error = error;
        return Ok(unprocessable(render(p)?));
    }
    let mut tx = st.store.begin().await?;
    store::shop::delete(&mut tx, shop.sid()).await?;
    store::commit(tx).await?;
    st.mall_changed();
    // The rows are gone; files left behind would only waste space, so a failure is logged.
    for prefix in [
        format!("shops/{}/", shop.id),
        format!("private/shops/{}/", shop.id),
    ] {
        if let Err(e) = st.media.delete_prefix(&prefix).await {
            tracing::warn!(shop_id = shop.id, error = %e, "media files of a deleted shop remain");
        }
    }
    tracing::info!(shop_id = shop.id, slug = %shop.slug, operator_id = op.id, "shop deleted");
    Ok(Redirect::to(&format!("/operator/?deleted={}", urlencode(&shop.slug))).into_response())
}
