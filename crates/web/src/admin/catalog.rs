//! Shop admin: the catalog — product list with filters and bulk actions, the product editor
//! (texts per language, variant grid, kind-specific terms, product safety) and categories.

mod categories;
mod collections;
mod editor;
mod files;
mod images;
pub(crate) mod import;
mod inventory;

use crate::extract::{Form, Query};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::catalog::stock::LOW_STOCK_THRESHOLD;
use domain::catalog::{ProductKind, ProductStatus};
use domain::locale::Lang;
use domain::money::{Currency, Money};
use serde::Deserialize;
use store::id::ShopId;

use super::Nav;
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::platform::render;
use crate::state::AppState;

pub const PER_PAGE: i64 = 50;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/products"), get(list))
        .route(&shop_path("/admin/products/bulk"), post(bulk))
        .route(
            &shop_path("/admin/products/new"),
            get(editor::new_page).post(editor::create),
        )
        .route(
            &shop_path("/admin/products/{id}"),
            get(editor::edit_page).post(editor::update),
        )
        .merge(categories::routes())
        .merge(collections::routes())
        .merge(images::routes())
        .merge(inventory::routes())
        .merge(files::routes())
        .merge(import::routes())
}

/// Repeated form fields (`ids`, `dispatch`) arrive as pairs; this reads them by name.
pub(crate) struct Fields(Vec<(String, String)>);

impl Fields {
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }
}

pub(crate) fn currency(a: &StaffAuth) -> Currency {
    Currency::parse(&a.tenant.shop.currency).unwrap_or(Currency::EUR)
}

/// A price as the seller would type it back ("12.50"), accepted by `Price::parse`.
pub(crate) fn plain_amount(minor: i64, cur: Currency) -> String {
    let units = u32::from(cur.minor_units());
    if units == 0 {
        return minor.to_string();
    }
    let div = 10i64.pow(units);
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.abs();
    format!(
        "{sign}{}.{:0width$}",
        m / div,
        m % div,
        width = units as usize
    )
}

/// One option of a category select, indented by depth to show the tree.
pub(crate) struct CatOption {
    pub id: i64,
    pub label: String,
}

/// Categories as an indented tree, names in `lang` (falling back to any language).
pub(crate) async fn category_options(
    conn: &mut store::Conn,
    shop_id: ShopId,
    lang: Lang,
) -> AppResult<Vec<categories::Node>> {
    let rows = store::catalog::categories(conn, shop_id).await?;
    Ok(categories::tree(&rows, lang))
}

pub(crate) fn cat_options(nodes: &[categories::Node]) -> Vec<CatOption> {
    nodes
        .iter()
        .map(|n| CatOption {
            id: n.id,
            label: format!("{}{}", "— ".repeat(n.depth), n.name),
        })
        .collect()
}

#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    stock: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    page: Option<i64>,
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    done: Option<i64>,
    #[serde(default)]
    skipped: Option<i64>,
}

struct Row {
    id: i64,
    title: String,
    status: String,
    kind: String,
    price: String,
    stock: String,
    low: bool,
    out: bool,
    category: String,
}

#[derive(Template)]
#[template(path = "admin/products.html")]
struct ListPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    q: ListQuery,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    prev_link: Option<String>,
    next_link: Option<String>,
    categories: Vec<CatOption>,
    statuses: Vec<(&'static str, String, bool)>,
    error: Option<String>,
    percent: String,
    /// Pictures named by an imported CSV that could not be fetched, by product.
    image_warnings: Vec<(i64, String)>,
}

fn stock_key(s: &str) -> &'static str {
    match s {
        "in" => "in",
        "low" => "low",
        "out" => "out",
        _ => "",
    }
}

fn list_link(c: &Ctx, q: &ListQuery, page: i64) -> String {
    let mut parts = vec![];
    for (k, v) in [
        ("q", q.q.as_str()),
        ("status", q.status.as_str()),
        ("category", q.category.as_str()),
        ("stock", q.stock.as_str()),
        ("sort", q.sort.as_str()),
    ] {
        if !v.is_empty() {
            parts.push(format!("{k}={}", crate::ctx::urlencode(v)));
        }
    }
    parts.push(format!("page={page}"));
    format!("{}/admin/products?{}", c.base(), parts.join("&"))
}

async fn list_page(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    q: ListQuery,
    error: Option<String>,
    percent: String,
) -> AppResult<Html<String>> {
    let shop_id = a.shop_id();
    let mut conn = st.store.reader().await?;
    let nodes = category_options(&mut conn, shop_id, c.lang).await?;
    let status = ProductStatus::parse(&q.status)
        .map(|s| s.as_str())
        .unwrap_or("");
    let category_id = q
        .category
        .parse::<i64>()
        .ok()
        .filter(|id| nodes.iter().any(|n| n.id == *id));
    let sort = match q.sort.as_str() {
        "title" => store::catalog::ListSort::Title,
        "price" => store::catalog::ListSort::Price,
        _ => store::catalog::ListSort::Updated,
    };
    let mut f = store::catalog::ListFilter {
        lang: c.lang.as_str().to_string(),
        q: q.q.chars().take(100).collect(),
        status: status.to_string(),
        category_id,
        stock: stock_key(&q.stock).to_string(),
        low_threshold: LOW_STOCK_THRESHOLD,
        sort,
        limit: PER_PAGE,
        offset: 0,
    };
    let total = store::catalog::count_list(&mut conn, shop_id, &f).await?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let page = q.page.unwrap_or(1).clamp(1, pages);
    f.offset = (page - 1) * PER_PAGE;
    let found = store::catalog::list_products(&mut conn, shop_id, &f).await?;
    drop(conn);
    let image_warnings = import::image_warnings(st, &c, shop_id).await?;
    let cur = currency(a);
    let rows = found
        .into_iter()
        .map(|r| {
            let fmt = |m: i64| Money::new(m, cur).format(c.lang);
            let price = match (r.min_price, r.max_price) {
                (Some(lo), Some(hi)) if lo != hi => format!("{} – {}", fmt(lo), fmt(hi)),
                (Some(lo), _) => fmt(lo),
                _ => String::new(),
            };
            let tracked = r.track_stock != 0;
            Row {
                id: r.id,
                title: if r.title.is_empty() {
                    c.t("cat-untitled")
                } else {
                    r.title
                },
                status: c.t(&format!("cat-status-{}", r.status.replace('_', "-"))),
                kind: c.t(&format!("cat-kind-{}", r.kind.replace('_', "-"))),
                price,
                stock: if tracked {
                    r.stock.to_string()
                } else {
                    c.t("cat-stock-untracked")
                },
                low: tracked && r.stock > 0 && r.stock <= LOW_STOCK_THRESHOLD,
                out: tracked && r.stock <= 0,
                category: r
                    .category_id
                    .and_then(|id| nodes.iter().find(|n| n.id == id))
                    .map(|n| n.name.clone())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let prev_link = (page > 1).then(|| list_link(&c, &q, page - 1));
    let next_link = (page < pages).then(|| list_link(&c, &q, page + 1));
    let flash = q.saved.as_ref().map(|_| match (q.done, q.skipped) {
        (Some(d), Some(s)) if s > 0 => format!(
            "{} {}",
            c.t1("cat-bulk-done", "count", &d.to_string()),
            c.t1("cat-bulk-skipped", "count", &s.to_string())
        ),
        (Some(d), _) => c.t1("cat-bulk-done", "count", &d.to_string()),
        _ => c.t("admin-saved"),
    });
    let statuses = ProductStatus::all()
        .iter()
        .map(|s| {
            let v = s.as_str();
            let label = c.t(&format!("cat-status-{}", v.replace('_', "-")));
            (v, label, v == q.status)
        })
        .collect();
    render(ListPage {
        nav: Nav::new(a, "products").with_flash(flash),
        shop_name: a.tenant.shop.name.clone(),
        q,
        rows,
        total,
        page,
        pages,
        prev_link,
        next_link,
        categories: cat_options(&nodes),
        statuses,
        error,
        percent,
        image_warnings,
        c,
    })
}

async fn list(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<ListQuery>,
) -> AppResult<Html<String>> {
    list_page(&st, &a, c, q, None, String::new()).await
}

/// "-10", "+5", "12,5 %": a percentage in hundredths of a percent (-1000 for -10 %).
fn parse_percent(raw: &str) -> Option<i64> {
    let s: String = raw
        .trim()
        .trim_end_matches('%')
        .trim()
        .replace('\u{2212}', "-")
        .replace(',', ".");
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s.strip_prefix('+').unwrap_or(&s)),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty()
        || int.len() > 4
        || frac.len() > 2
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let frac_val = format!("{frac:0<2}").parse::<i64>().ok()?;
    let v = int.parse::<i64>().ok()? * 100 + frac_val;
    let v = if neg { -v } else { v };
    (v != 0 && v > -10_000 && v <= 100_000).then_some(v)
}

/// A price changed by `hundredths` of a percent, rounded half away from zero to the minor unit.
pub(crate) fn apply_percent(price: i64, hundredths: i64) -> i64 {
    let num = i128::from(price) * i128::from(10_000 + hundredths);
    let rounded = (num + 5_000) / 10_000;
    rounded as i64
}

async fn bulk(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let f = Fields(fields);
    let shop_id = a.shop_id();
    let ids: Vec<i64> = f
        .all("ids")
        .iter()
        .filter_map(|s| s.parse::<i64>().ok())
        .collect();
    let action = f.get("action");
    let percent_raw = f.get("percent").to_string();
    let refuse = |c: Ctx, msg: String| async {
        let page = list_page(
            &st,
            &a,
            c,
            ListQuery::default(),
            Some(msg),
            percent_raw.clone(),
        )
        .await?;
        Ok::<Response, crate::error::AppError>(
            (StatusCode::UNPROCESSABLE_ENTITY, page).into_response(),
        )
    };
    if ids.is_empty() {
        let msg = c.t("cat-bulk-none");
        return refuse(c, msg).await;
    }
    let mut tx = st.store.begin().await?;
    let (done, skipped) = match action {
        "publish" => {
            let default_lang = a.tenant.shop.default_lang.clone();
            let langs = crate::ctx::shop_langs(&a.tenant.shop);
            let siret = store::legal::get(&mut tx, shop_id).await?.siret;
            let images = store::catalog_images::for_products(&mut tx, shop_id, &ids).await?;
            let mut ok = vec![];
            let mut skipped = 0;
            for id in &ids {
                let Ok(p) = store::catalog::product(&mut tx, shop_id, *id).await else {
                    continue;
                };
                let texts = store::catalog::texts(&mut tx, shop_id, *id).await?;
                let has_title = texts
                    .iter()
                    .any(|t| t.lang == default_lang && !t.title.trim().is_empty());
                let animal_blocked = p.kind == ProductKind::LiveAnimal.as_str() && siret.is_none();
                // As in the editor: every picture described in every language of the shop.
                let described = images
                    .get(id)
                    .into_iter()
                    .flatten()
                    .all(|img| langs.iter().all(|l| img.has_alt(l.as_str())));
                if has_title && !animal_blocked && described {
                    ok.push(*id);
                } else {
                    skipped += 1;
                }
            }
            let n = store::catalog::set_status(&mut tx, shop_id, &ok, "active").await?;
            (n as i64, skipped)
        }
        "archive" => {
            let n = store::catalog::set_status(&mut tx, shop_id, &ids, "archived").await?;
            (n as i64, 0)
        }
        "move" => {
            let target = match f.get("category") {
                "" => None,
                s => match s.parse::<i64>() {
                    Ok(id) => Some(id),
                    Err(_) => {
                        drop(tx);
                        let msg = c.t("cat-category-unknown");
                        return refuse(c, msg).await;
                    }
                },
            };
            match store::catalog::set_category(&mut tx, shop_id, &ids, target).await {
                Ok(n) => {
                    app::catalog::reindex_products(&mut tx, &a.tenant.shop, &ids).await?;
                    (n as i64, 0)
                }
                Err(store::StoreError::NotFound) => {
                    drop(tx);
                    let msg = c.t("cat-category-unknown");
                    return refuse(c, msg).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
        "price" => {
            let Some(pct) = parse_percent(&percent_raw) else {
                drop(tx);
                let msg = c.t("cat-percent-invalid");
                return refuse(c, msg).await;
            };
            let mut n = 0;
            for id in &ids {
                let variants = store::catalog::variants(&mut tx, shop_id, *id).await?;
                if variants.is_empty() {
                    continue;
                }
                for v in variants {
                    let price = apply_percent(v.price_minor, pct).max(1);
                    let compare = v.compare_at_minor.filter(|c| *c > price);
                    let fields = store::catalog::VariantFields {
                        position: v.position,
                        sku: v.sku.clone(),
                        options: [v.option1.clone(), v.option2.clone(), v.option3.clone()],
                        price_minor: price,
                        compare_at_minor: compare,
                        quantity: v.quantity,
                        weight_grams: v.weight_grams,
                        image_id: v.image_id,
                    };
                    store::catalog::update_variant(&mut tx, shop_id, *id, v.id, &fields).await?;
                }
                n += 1;
            }
            (n, 0)
        }
        _ => {
            drop(tx);
            let msg = c.t("cat-bulk-action-unknown");
            return refuse(c, msg).await;
        }
    };
    store::commit(tx).await?;
    Ok(Redirect::to(&a.tenant.url(&format!(
        "/admin/products?saved=1&done={done}&skipped={skipped}"
    )))
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_to_the_minor_unit() {
        assert_eq!(parse_percent("-10"), Some(-1000));
        assert_eq!(parse_percent("+5"), Some(500));
        assert_eq!(parse_percent("12,5 %"), Some(1250));
        assert_eq!(parse_percent("−100"), None);
        assert_eq!(parse_percent("abc"), None);
        assert_eq!(parse_percent("0"), None);
        assert_eq!(apply_percent(1250, -1000), 1125);
        assert_eq!(apply_percent(999, -1000), 899); // 899.1
        assert_eq!(apply_percent(995, 500), 1045); // 1044.75
        assert_eq!(apply_percent(1000, -3333), 667);
    }

    #[test]
    fn amounts_are_shown_as_typed() {
        assert_eq!(plain_amount(1250, Currency::EUR), "12.50");
        assert_eq!(plain_amount(5, Currency::EUR), "0.05");
    }
}
