//! Shop admin: the inventory — every tracked variant, lowest stock first, with low-stock and
//! sold-out marks and the quantities editable in one form.

use crate::extract::{Form, Query};
use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use domain::catalog::stock::{StockPolicy, LOW_STOCK_THRESHOLD};
use domain::catalog::ProductKind;
use serde::Deserialize;

use super::Fields;
use crate::admin::Nav;
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::forms::Errors;
use crate::platform::render;
use crate::state::AppState;

const PER_PAGE: i64 = 200;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        &shop_path("/admin/products/inventory"),
        get(page).post(save),
    )
}

#[derive(Deserialize, Default)]
pub struct InvQuery {
    #[serde(default)]
    low: Option<String>,
    #[serde(default)]
    page: Option<i64>,
    #[serde(default)]
    saved: Option<String>,
}

struct Line {
    variant_id: i64,
    product_id: i64,
    title: String,
    options: String,
    sku: String,
    quantity: String,
    low: bool,
    out: bool,
    err: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/product_inventory.html")]
struct Page {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    lines: Vec<Line>,
    low_only: bool,
    page: i64,
    more: bool,
    errors: Errors,
}

async fn rows(
    st: &AppState,
    a: &StaffAuth,
    c: &Ctx,
    low_only: bool,
    page: i64,
) -> AppResult<Vec<store::catalog::InventoryRow>> {
    let mut conn = st.store.reader().await?;
    Ok(store::catalog::inventory(
        &mut conn,
        a.shop_id(),
        c.lang.as_str(),
        low_only.then_some(LOW_STOCK_THRESHOLD),
        PER_PAGE + 1,
        (page - 1) * PER_PAGE,
    )
    .await?)
}

#[allow(clippy::too_many_arguments)]
fn show(
    a: &StaffAuth,
    c: Ctx,
    mut found: Vec<store::catalog::InventoryRow>,
    typed: &BTreeMap<i64, String>,
    errors: Errors,
    low_only: bool,
    page: i64,
    flash: Option<String>,
) -> AppResult<Html<String>> {
    let more = found.len() as i64 > PER_PAGE;
    found.truncate(PER_PAGE as usize);
    let lines = found
        .into_iter()
        .map(|r| {
            let options = [&r.option1, &r.option2, &r.option3]
                .iter()
                .filter_map(|o| o.as_deref())
                .collect::<Vec<_>>()
                .join(" / ");
            Line {
                variant_id: r.variant_id,
                product_id: r.product_id,
                title: if r.title.is_empty() {
                    c.t("cat-untitled")
                } else {
                    r.title
                },
                options,
                sku: r.sku.unwrap_or_default(),
                quantity: typed
                    .get(&r.variant_id)
                    .cloned()
                    .unwrap_or_else(|| r.quantity.to_string()),
                low: r.quantity > 0 && r.quantity <= LOW_STOCK_THRESHOLD,
                out: r.quantity <= 0,
                err: errors.get(&format!("q_{}", r.variant_id)).cloned(),
            }
        })
        .collect();
    render(Page {
        nav: Nav::new(a, "products").with_flash(flash),
        shop_name: a.tenant.shop.name.clone(),
        lines,
        low_only,
        page,
        more,
        errors,
        c,
    })
}

async fn page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<InvQuery>,
) -> AppResult<Html<String>> {
    let low_only = q.low.is_some_and(|l| !l.is_empty());
    let page = q.page.unwrap_or(1).max(1);
    let found = rows(&st, &a, &c, low_only, page).await?;
    let flash = q.saved.as_ref().map(|_| c.t("admin-saved"));
    show(
        &a,
        c,
        found,
        &BTreeMap::new(),
        Errors::default(),
        low_only,
        page,
        flash,
    )
}

async fn save(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let f = Fields(fields);
    let low_only = !f.get("low").is_empty();
    let page = f.get("page").parse::<i64>().unwrap_or(1).max(1);
    let found = rows(&st, &a, &c, low_only, page).await?;
    let mut typed = BTreeMap::new();
    let mut e = Errors::default();
    let mut changes = vec![];
    for (k, v) in &f.0 {
        let Some(id) = k.strip_prefix("q_").and_then(|i| i.parse::<i64>().ok()) else {
            continue;
        };
        // Only variants this page showed (of this shop) can be changed.
        let Some(row) = found.iter().find(|r| r.variant_id == id) else {
            continue;
        };
        typed.insert(id, v.clone());
        let field = format!("q_{id}");
        let Some(qty) = e.check(&c, &field, StockPolicy::parse_quantity(v)) else {
            continue;
        };
        let kind = ProductKind::parse(&row.kind).unwrap_or(ProductKind::Physical);
        let policy = StockPolicy {
            track: true,
            quantity: qty,
            allow_backorder: false,
        };
        if e.check(&c, &field, policy.check(kind)).is_some() && qty != row.quantity {
            changes.push((id, qty));
        }
    }
    if !e.is_empty() {
        let page = show(&a, c, found, &typed, e, low_only, page, None)?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let mut tx = st.store.begin().await?;
    for (id, qty) in changes {
        store::catalog::set_variant_quantity(&mut tx, a.shop_id(), id, qty).await?;
    }
    store::commit(tx).await?;
    let low = if low_only { "&low=1" } else { "" };
    Ok(Redirect::to(&a.tenant.url(&format!(
        "/admin/products/inventory?saved=1&page={page}{low}"
    )))
    .into_response())
}
