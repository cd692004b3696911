//! The mall: the platform's home (a search across every listed shop, the shops the operator
//! features, the directory's categories and regions, the newest shops), the directory of shops
//! by category and region, and the cross-shop search. Each shop keeps its own brand, address and
//! domain: cards link to the shop's own pages. Served from the page cache (`serve_mall`).

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use serde::Deserialize;

use super::render;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::extract::Query;
use crate::state::AppState;
use crate::storefront::{card_view, CardView};
use crate::tenant::Tenant;

/// Shops per page of the directory.
const SHOPS_PER_PAGE: usize = 48;
/// Products per page of the mall's search.
const HITS_PER_PAGE: i64 = 24;

pub struct ShopLink {
    pub name: String,
    pub href: String,
    pub logo_url: Option<String>,
    /// The directory category's name, when the seller chose one.
    pub category: Option<String>,
    /// The region's or country's name, when the shop gave its address.
    pub region: Option<String>,
}

/// A directory entry of the home: a category or a region, with how many shops it has.
pub struct Facet {
    pub name: String,
    pub href: String,
    pub count: usize,
}

/// A product found, with the shop it is sold by.
pub struct HitView {
    pub card: CardView,
    pub shop_name: String,
    pub shop_href: String,
}

fn scheme(st: &AppState) -> &str {
    st.config.public_url.split("://").next().unwrap_or("https")
}

/// The address of a shop's pages: its own verified domain when it has one, else its address on
/// the platform (`/s/{slug}`). Without a trailing slash.
fn shop_base(st: &AppState, slug: &str, domain: Option<&str>) -> String {
    match domain {
        Some(d) => format!("{}://{d}", scheme(st)),
        None => format!("/s/{slug}"),
    }
}

fn category_name(c: &Ctx, code: &str) -> String {
    c.t(&format!("mall-cat-{code}"))
}

fn region_name(c: &Ctx, code: &str) -> String {
    if code.starts_with("FR-") {
        c.t(&format!("region-{}", code.to_ascii_lowercase()))
    } else {
        crate::shopper::checkout::country_name(c, code)
    }
}

fn shop_link(st: &AppState, c: &Ctx, l: &app::mall::Listed) -> ShopLink {
    let s = &l.shop;
    ShopLink {
        name: s.name.clone(),
        href: format!("{}/", shop_base(st, &s.slug, s.domain.as_deref())),
        logo_url: s
            .logo_key
            .as_ref()
            .map(|k| format!("/s/{}/media/{}", s.slug, k.rsplit('/').next().unwrap_or(k))),
        category: (!s.mall_category.is_empty()).then(|| category_name(c, &s.mall_category)),
        region: l.region.as_deref().map(|r| region_name(c, r)),
    }
}

/// The directory's categories that have shops, in the directory's order, from each one's count.
fn category_facets(c: &Ctx, count: impl Fn(&str) -> usize) -> Vec<Facet> {
    domain::mall::CATEGORIES
        .iter()
        .filter_map(|code| {
            let count = count(code);
            (count > 0).then(|| Facet {
                name: category_name(c, code),
                href: format!("/shops?category={code}"),
                count,
            })
        })
        .collect()
}

/// The directory's categories and regions that have shops, with their counts: categories in
/// the directory's order, regions by name.
fn facets(c: &Ctx, shops: &[app::mall::Listed]) -> (Vec<Facet>, Vec<Facet>) {
    let categories = category_facets(c, |code| {
        shops
            .iter()
            .filter(|l| l.shop.mall_category == code)
            .count()
    });
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for r in shops.iter().filter_map(|l| l.region.as_deref()) {
        *counts.entry(r).or_default() += 1;
    }
    let mut regions: Vec<Facet> = counts
        .into_iter()
        .map(|(code, count)| Facet {
            name: region_name(c, code),
            href: format!("/shops?region={code}"),
            count,
        })
        .collect();
    regions.sort_by(|a, b| a.name.cmp(&b.name));
    (categories, regions)
}

#[derive(Template)]
#[template(path = "platform/home.html")]
struct HomePage {
    c: Ctx,
    featured: Vec<ShopLink>,
    newest: Vec<ShopLink>,
    categories: Vec<Facet>,
    regions: Vec<Facet>,
    total: usize,
    /// "See all 12 shops".
    all_shops: String,
}

pub(super) async fn home(State(st): State<AppState>, c: Ctx) -> AppResult<Html<String>> {
    let shops = app::mall::shops(&st.store).await?;
    let (categories, regions) = facets(&c, &shops);
    render(HomePage {
        featured: shops
            .iter()
            .filter(|l| l.shop.mall_featured != 0)
            .take(8)
            .map(|l| shop_link(&st, &c, l))
            .collect(),
        newest: shops
            .iter()
            .take(12)
            .map(|l| shop_link(&st, &c, l))
            .collect(),
        categories,
        regions,
        total: shops.len(),
        all_shops: c.ta("mall-all-shops", &[("count", shops.len().to_string())]),
        c,
    })
}

#[derive(Deserialize, Default)]
pub(super) struct DirectoryQuery {
    category: Option<String>,
    region: Option<String>,
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "platform/shops.html")]
struct DirectoryPage {
    c: Ctx,
    heading: String,
    shops: Vec<ShopLink>,
    /// (code, name, selected)
    category_options: Vec<(String, String, bool)>,
    region_options: Vec<(String, String, bool)>,
    prev: Option<String>,
    next: Option<String>,
    page_label: String,
}

pub(super) async fn directory(
    State(st): State<AppState>,
    c: Ctx,
    Query(q): Query<DirectoryQuery>,
) -> AppResult<Html<String>> {
    let all = app::mall::shops(&st.store).await?;
    let category = q
        .category
        .filter(|code| domain::mall::is_category(code))
        .unwrap_or_default();
    let (_, regions) = facets(&c, &all);
    let region = q.region.unwrap_or_default();
    let region = if all
        .iter()
        .any(|l| l.region.as_deref() == Some(region.as_str()))
    {
        region
    } else {
        String::new()
    };
    let chosen: Vec<&app::mall::Listed> = all
        .iter()
        .filter(|l| category.is_empty() || l.shop.mall_category == category)
        .filter(|l| region.is_empty() || l.region.as_deref() == Some(region.as_str()))
        .collect();
    let pages = chosen.len().div_ceil(SHOPS_PER_PAGE).max(1);
    let page = q
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let url = |n: usize| {
        let mut params: Vec<String> = Vec::new();
        if !category.is_empty() {
            params.push(format!("category={category}"));
        }
        if !region.is_empty() {
            params.push(format!("region={region}"));
        }
        if n > 1 {
            params.push(format!("page={n}"));
        }
        if params.is_empty() {
            "/shops".to_string()
        } else {
            format!("/shops?{}", params.join("&"))
        }
    };
    let mut heading = c.t("mall-directory");
    if !category.is_empty() {
        heading = format!("{heading} — {}", category_name(&c, &category));
    }
    if !region.is_empty() {
        heading = format!("{heading} — {}", region_name(&c, &region));
    }
    render(DirectoryPage {
        heading,
        shops: chosen
            .iter()
            .skip((page - 1) * SHOPS_PER_PAGE)
            .take(SHOPS_PER_PAGE)
            .map(|l| shop_link(&st, &c, l))
            .collect(),
        category_options: domain::mall::CATEGORIES
            .iter()
            .map(|code| (code.to_string(), category_name(&c, code), *code == category))
            .collect(),
        region_options: regions
            .iter()
            .map(|f| {
                let code = f.href.trim_start_matches("/shops?region=").to_string();
                let selected = code == region;
                (code, f.name.clone(), selected)
            })
            .collect(),
        prev: (page > 1).then(|| url(page - 1)),
        next: (page < pages).then(|| url(page + 1)),
        page_label: c.ta(
            "shop-page-of",
            &[("page", page.to_string()), ("pages", pages.to_string())],
        ),
        c,
    })
}

#[derive(Template)]
#[template(path = "platform/search.html")]
struct SearchPage {
    c: Ctx,
    q: String,
    summary: Option<String>,
    corrected: Option<String>,
    hits: Vec<HitView>,
    suggestions: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    prev: Option<String>,
    next: Option<String>,
    page_label: String,
}

fn search_url(q: &str, page: i64) -> String {
    let mut url = format!("/search?q={}", crate::ctx::urlencode(q));
    if page > 1 {
        url.push_str(&format!("&page={page}"));
    }
    url
}

pub(super) async fn search(
    State(st): State<AppState>,
    c: Ctx,
    Query(sq): Query<crate::storefront::SearchQuery>,
) -> AppResult<Html<String>> {
    let (text, page) = sq.read();
    let found = app::mall::search(
        &st.store,
        &st.words,
        &text,
        c.lang.as_str(),
        page,
        HITS_PER_PAGE,
    )
    .await?;

    // Each shop's prices as its own pages show them (its VAT, its currency); the pictures of
    // the whole page in one query.
    let mut conn = st.store.reader().await?;
    let pairs: Vec<(store::id::ShopId, i64)> = found
        .hits
        .iter()
        .map(|h| (h.shop.sid(), h.card.id))
        .collect();
    let images = store::catalog_images::for_products_of_shops(&mut conn, &pairs).await?;
    let mut hits = Vec::with_capacity(found.hits.len());
    for hit in &found.hits {
        let t = Tenant {
            shop: Arc::clone(&hit.shop),
            base: format!("/s/{}", hit.shop.slug),
        };
        // The shopper's language when the shop speaks it, else the shop's own.
        let lang = if crate::ctx::shop_langs(&hit.shop).contains(&c.lang) {
            c.lang
        } else {
            domain::locale::Lang::parse(&hit.shop.default_lang).unwrap_or(c.lang)
        };
        let mut shop_c = c.clone();
        shop_c.lang = lang;
        let own: HashMap<i64, Vec<store::catalog_images::Image>> = images
            .get(&(hit.shop.id, hit.card.id))
            .map(|i| (hit.card.id, i.clone()))
            .into_iter()
            .collect();
        let mut card = card_view(&t, &shop_c, &hit.tax, &hit.card, &own);
        let base = shop_base(&st, &hit.shop.slug, hit.domain.as_deref());
        if let Some(rest) = card.href.strip_prefix(&t.base) {
            card.href = format!("{base}{rest}");
        }
        hits.push(HitView {
            card,
            shop_name: hit.shop.name.clone(),
            shop_href: format!("{base}/"),
        });
    }
    let mut categories = Vec::new();
    if found.searched && found.hits.is_empty() {
        let counts = app::mall::category_counts(&st.store).await?;
        categories = category_facets(&c, |code| counts.get(code).copied().unwrap_or(0))
            .into_iter()
            .map(|f| (f.name, f.href))
            .collect();
    }
    let pages = ((found.total + HITS_PER_PAGE - 1) / HITS_PER_PAGE).max(1);
    render(SearchPage {
        summary: found.searched.then(|| {
            c.ta(
                "shop-search-results",
                &[("count", found.total.to_string()), ("q", text.clone())],
            )
        }),
        corrected: found
            .corrected
            .as_ref()
            .map(|q| c.ta("search-corrected", &[("q", q.clone())])),
        hits,
        suggestions: found
            .suggestions
            .iter()
            .map(|w| (w.clone(), search_url(w, 1)))
            .collect(),
        categories,
        prev: (page > 1 && found.total > 0).then(|| search_url(&text, page - 1)),
        next: (page < pages).then(|| search_url(&text, page + 1)),
        page_label: c.ta(
            "shop-page-of",
            &[("page", page.to_string()), ("pages", pages.to_string())],
        ),
        q: text,
        c,
    })
}
