//! The storefront: a shop's home in its theme and language, its catalog (category pages with
//! filters, product pages with the no-JavaScript variant picker and each kind's block, search),
//! what search engines read (canonical links, hreflang alternates, Open Graph, JSON-LD, sitemap,
//! robots.txt), its legal notice generated from its legal identity, its content pages, its theme
//! stylesheet and its media.

use crate::extract::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::catalog::details::Details;
use domain::catalog::stock::{Availability, StockPolicy};
use domain::catalog::{ProductKind, ProductStatus};
use domain::locale::Lang;
use domain::money::{Currency, Money};
use domain::theme::{readable_on, Color};
use serde::Deserialize;

use std::collections::HashMap;

use crate::app::shop_path;
use crate::catalog_images::ImageView;
use crate::ctx::{urlencode, Ctx};
use crate::error::{AppError, AppResult};
use crate::platform::render;
use crate::shop_data::CatNode;
use crate::state::AppState;
use crate::tenant::Tenant;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/"), get(home))
        .route(&shop_path("/mentions-legales"), get(legal_notice))
        .route(&shop_path("/pages/{page}"), get(page))
        .route(&shop_path("/theme.css"), get(theme))
        .route(&shop_path("/media/{name}"), get(media_file))
        .route(&shop_path("/c/{category}"), get(category))
        .route(&shop_path("/p/{product}"), get(product))
        .route(&shop_path("/search"), get(search))
        .route(&shop_path("/collections/{collection}"), get(collection))
        .route(&shop_path("/t/{tag}"), get(tag))
        .route(&shop_path("/sitemap.xml"), get(sitemap))
        .route(&shop_path("/robots.txt"), get(robots))
}

#[derive(Template)]
#[template(path = "shop_home.html")]
struct HomePage {
    c: Ctx,
    name: String,
    tagline: Option<String>,
    seo: Seo,
    cards: Vec<CardView>,
    categories: Vec<Link>,
}

async fn home(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
) -> AppResult<Html<String>> {
    let shop = c.shop.clone().ok_or(AppError::NotFound)?;
    let home = home_data(&st, &t, &c, &headers).await?;
    render(HomePage {
        name: shop.name,
        tagline: shop.tagline,
        seo: home.seo,
        cards: home.featured,
        categories: home.categories,
        c,
    })
}

#[derive(Template)]
#[template(path = "shop_page.html")]
struct PageView {
    c: Ctx,
    shop_name: String,
    title: String,
    content_lang: String,
    paragraphs: Vec<String>,
}

async fn page(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> AppResult<Html<String>> {
    let mut conn = st.store.reader().await?;
    let prefs = [c.lang.as_str(), t.shop.default_lang.as_str(), "fr", "en"];
    let p = store::page::get(&mut conn, t.id(), &slug, &prefs)
        .await?
        .ok_or(AppError::NotFound)?;
    render(PageView {
        shop_name: t.shop.name.clone(),
        title: p.title,
        content_lang: p.lang,
        paragraphs: p
            .body
            .split("\n\n")
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        c,
    })
}

#[derive(Template)]
#[template(path = "shop_legal.html")]
struct LegalView {
    c: Ctx,
    shop_name: String,
    incomplete: bool,
    legal_name: String,
    address: String,
    siren: Option<String>,
    siret: Option<String>,
    vat: Option<String>,
    vat_franchise_mention: &'static str,
    email: String,
    phone: String,
    director: String,
    mediator_name: String,
    mediator_url: String,
    host_name: String,
    host_address: String,
    host_phone: String,
}

/// "Mentions légales": generated from the shop's legal identity and the host's (operator's).
async fn legal_notice(State(st): State<AppState>, t: Tenant, c: Ctx) -> AppResult<Html<String>> {
    let l = st.shop_data.get(&st.store, &t.shop).await?.legal.clone();
    let mut conn = st.store.reader().await?;
    let status = domain::legal::LegalStatus::parse(&l.status)
        .unwrap_or(domain::legal::LegalStatus::IndividualEntrepreneur);
    let base_name = if l.legal_name.is_empty() {
        t.shop.name.clone()
    } else {
        l.legal_name.clone()
    };
    let siret = l
        .siret
        .as_deref()
        .and_then(|s| domain::legal::Siret::parse(s).ok());
    let town = format!("{} {}", l.postal_code, l.city);
    let address = [l.address.trim(), town.trim(), l.country.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let host_name = store::settings::get(&mut conn, "host_name")
        .await?
        .unwrap_or_else(|| st.config.platform_name.clone());
    let host_address = store::settings::get(&mut conn, "host_address")
        .await?
        .unwrap_or_default();
    let host_phone = store::settings::get(&mut conn, "host_phone")
        .await?
        .unwrap_or_default();
    render(LegalView {
        shop_name: t.shop.name.clone(),
        incomplete: l.legal_name.is_empty() || siret.is_none() || l.address.is_empty(),
        legal_name: domain::legal::legal_name_with_mention(&base_name, status),
        address,
        siren: siret.as_ref().map(|s| s.siren().formatted()),
        siret: siret.as_ref().map(|s| s.formatted()),
        vat: if l.vat_franchise != 0 {
            None
        } else {
            l.vat_number.clone().filter(|v| !v.is_empty())
        },
        vat_franchise_mention: domain::legal::VAT_FRANCHISE_MENTION,
        email: l.email,
        phone: l.phone,
        director: if l.publication_director.is_empty() {
            base_name
        } else {
            l.publication_director
        },
        mediator_name: l.mediator_name,
        mediator_url: l.mediator_url,
        host_name,
        host_address,
        host_phone,
        c,
    })
}

/// The shop's colours as CSS variables; the URL carries the shop's version so it can be cached.
async fn theme(t: Tenant) -> Response {
    let primary = Color::parse(&t.shop.color_primary).unwrap_or(Color {
        r: 0x7a,
        g: 0x3e,
        b: 0x1d,
    });
    let css = format!(
        ":root{{--primary:{};--on-primary:{};--bg:{};--text:{};}}\n",
        primary.to_hex(),
        readable_on(primary).to_hex(),
        t.shop.color_background,
        t.shop.color_text
    );
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        css,
    )
        .into_response()
}

/// A file the shop stored (its logo): names are content hashes, so they never change.
async fn media_file(
    State(st): State<AppState>,
    t: Tenant,
    Path((_, name)): Path<(String, String)>,
) -> AppResult<Response> {
    let key = format!("shops/{}/{}", t.id(), name);
    if !media::valid_key(&key) {
        return Err(AppError::NotFound);
    }
    let mut conn = st.store.reader().await?;
    let ct = store::media::content_type(&mut conn, t.id(), &key)
        .await?
        .ok_or(AppError::NotFound)?;
    let bytes = st
        .media
        .get(&key)
        .await
        .map_err(|e| anyhow::anyhow!(e))?
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, ct),
            (
                header::CACHE_CONTROL,
                "public, max-age=31536000, immutable".into(),
            ),
        ],
        bytes,
    )
        .into_response())
}

// ---- catalog: home data, category, product, search, sitemap, robots ---------------------------

/// Products per listing page.
const PAGE_SIZE: i64 = 24;
/// Most results a search shows (over all its pages).
const SEARCH_MAX: i64 = 480;

/// Points the language switcher at this page's alternates (each language's own slug); the
/// shop's languages without one keep the address with only the prefix changed.
fn with_switch(mut c: Ctx, alternates: &[(String, String)]) -> Ctx {
    for (l, href) in c.switch.iter_mut() {
        if let Some((_, path)) = alternates.iter().find(|(x, _)| x == l.as_str()) {
            *href = path.clone();
        }
    }
    c
}

/// A permanent redirect to the page's own address when it was asked for with another slug
/// (another language's, or an old one), keeping the query.
fn moved_to(path: &str, query: &[(String, String)]) -> Response {
    let params: Vec<(&str, String)> = query.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    crate::tenant::moved_permanently(&with_params(path, &params))
}

/// What search engines and link previews read in the `<head>`.
struct Seo {
    title: String,
    description: String,
    canonical: String,
    alternates: Vec<(String, String)>,
    /// The address for visitors whose language the shop does not offer: the default language's.
    x_default: Option<String>,
    og_type: &'static str,
    site_name: String,
    locale: &'static str,
    noindex: bool,
    /// JSON-LD documents, already escaped for a `<script>` element.
    jsonld: Vec<String>,
    /// Absolute URL of the picture link previews show (`og:image`).
    image: Option<String>,
}

struct Link {
    name: String,
    href: String,
}

struct CardView {
    title: String,
    href: String,
    price: String,
    status: String,
    image: Option<ImageView>,
}

/// `scheme://host` of the shop's pages: the platform's public URL for `/s/{slug}` addresses,
/// the request's host on a shop's own domain.
fn origin(st: &AppState, t: &Tenant, headers: &HeaderMap) -> String {
    if t.base.is_empty() {
        let scheme = st.config.public_url.split("://").next().unwrap_or("https");
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        format!("{scheme}://{host}")
    } else {
        st.config.public_url.trim_end_matches('/').to_string()
    }
}

/// A path with its query string; empty values are left out.
fn with_params(path: &str, params: &[(&str, String)]) -> String {
    let qs: Vec<String> = params
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect();
    if qs.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", qs.join("&"))
    }
}

/// The address of a page in `lang`: the default language at the shop's root, every other one
/// under its prefix (`/en/p/…`).
fn lang_url(t: &Tenant, path: &str, lang: &str) -> String {
    format!(
        "{}{}{path}",
        t.base,
        crate::tenant::lang_prefix(&t.shop, lang)
    )
}

/// A link inside the page, in the page's language.
fn href(t: &Tenant, c: &Ctx, path: &str) -> String {
    lang_url(t, path, c.lang.as_str())
}

impl Seo {
    /// Points `x_default` at the default language's alternate (else the first one).
    fn with_x_default(mut self, default_lang: &str) -> Seo {
        self.x_default = self
            .alternates
            .iter()
            .find(|(l, _)| l == default_lang)
            .or(self.alternates.first())
            .map(|(_, href)| href.clone());
        self
    }
}

fn og_locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "fr_FR",
        Lang::En => "en_GB",
    }
}

/// JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` become `\u00XX` escapes
/// (valid inside JSON strings, where they only occur), so no `</script>` can end it early.
fn json_ld(v: &serde_json::Value) -> String {
    let s = v.to_string();
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

fn breadcrumb_ld(crumbs: &[Link], origin: &str) -> String {
    let items: Vec<serde_json::Value> = crumbs
        .iter()
        .enumerate()
        .map(|(i, l)| {
            serde_json::json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": l.name,
                "item": format!("{origin}{}", l.href),
            })
        })
        .collect();
    json_ld(&serde_json::json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items,
    }))
}

fn currency(t: &Tenant) -> Currency {
    Currency::parse(&t.shop.currency).unwrap_or(Currency::EUR)
}

fn money(t: &Tenant, c: &Ctx, minor: i64) -> String {
    Money::new(minor, currency(t)).format(c.lang)
}

/// An amount as schema.org wants it: "12.50".
fn decimal(minor: i64, cur: Currency) -> String {
    let units = u32::from(cur.minor_units());
    if units == 0 {
        return minor.to_string();
    }
    let scale = 10i64.pow(units);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let scale = scale as u64;
    format!(
        "{sign}{}.{:0width$}",
        abs / scale,
        abs % scale,
        width = units as usize
    )
}

fn ta(c: &Ctx, id: &str, args: &[(&str, String)]) -> String {
    c.i18n.ta(c.lang, id, args)
}

fn card_view(
    t: &Tenant,
    c: &Ctx,
    card: &store::listing::Card,
    images: &HashMap<i64, Vec<store::catalog_images::Image>>,
) -> CardView {
    CardView {
        title: card.title.clone(),
        href: href(t, c, &format!("/p/{}", card.slug)),
        price: money(t, c, card.price_minor),
        status: card.status.clone(),
        image: images
            .get(&card.id)
            .and_then(|i| i.first())
            .map(|i| ImageView::new(&t.base, i, c.lang.as_str(), &t.shop.default_lang)),
    }
}

/// The first image of each listed product, in one query for the page.
async fn card_images(
    conn: &mut store::Conn,
    t: &Tenant,
    ids: impl Iterator<Item = i64>,
) -> AppResult<HashMap<i64, Vec<store::catalog_images::Image>>> {
    let ids: Vec<i64> = ids.collect();
    Ok(store::catalog_images::for_products(conn, t.id(), &ids).await?)
}

fn filter_for(t: &Tenant, c: &Ctx) -> store::listing::Filter {
    store::listing::Filter {
        lang: c.lang.as_str().to_string(),
        default_lang: t.shop.default_lang.clone(),
        ..Default::default()
    }
}

/// The category and every category below it.
fn descendants(nodes: &[CatNode], id: i64) -> Vec<i64> {
    let mut out = vec![id];
    let mut i = 0;
    while i < out.len() {
        let cur = out[i];
        for n in nodes.iter().filter(|n| n.parent == Some(cur)) {
            if !out.contains(&n.id) {
                out.push(n.id);
            }
        }
        i += 1;
    }
    out
}

/// Home, then the categories from the top down to `id`.
fn crumbs_to(t: &Tenant, c: &Ctx, nodes: &[CatNode], id: Option<i64>) -> Vec<Link> {
    let mut chain = Vec::new();
    let mut cur = id;
    while let Some(cid) = cur {
        let Some(n) = nodes.iter().find(|n| n.id == cid) else {
            break;
        };
        if chain.iter().any(|(i, _)| *i == cid) {
            break;
        }
        let (_, name, slug, _) = n.text(c.lang.as_str(), &t.shop.default_lang);
        chain.push((
            cid,
            Link {
                name: name.clone(),
                href: href(t, c, &format!("/c/{slug}")),
            },
        ));
        cur = n.parent;
    }
    let mut out = vec![Link {
        name: c.t("shop-home"),
        href: href(t, c, "/"),
    }];
    out.extend(chain.into_iter().rev().map(|(_, l)| l));
    out
}

struct HomeData {
    seo: Seo,
    featured: Vec<CardView>,
    categories: Vec<Link>,
}

async fn home_data(st: &AppState, t: &Tenant, c: &Ctx, headers: &HeaderMap) -> AppResult<HomeData> {
    let mut conn = st.store.reader().await?;
    let mut f = filter_for(t, c);
    f.featured_only = true;
    let (cards, _) = store::listing::cards(&mut conn, t.id(), &f, 12, 0).await?;
    let data = st.shop_data.get_with(&mut conn, &t.shop).await?;
    let nodes = &data.categories;
    let lang = c.lang.as_str();
    let categories = nodes
        .iter()
        .filter(|n| n.parent.is_none())
        .map(|n| {
            let (_, name, slug, _) = n.text(lang, &t.shop.default_lang);
            Link {
                name: name.clone(),
                href: href(t, c, &format!("/c/{slug}")),
            }
        })
        .collect();
    let origin = origin(st, t, headers);
    let shop = c.shop.as_ref().ok_or(AppError::NotFound)?;
    let mut org = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": shop.name,
        "url": format!("{origin}{}", href(t, c, "/")),
    });
    if let Some(logo) = &shop.logo_url {
        org["logo"] = serde_json::Value::String(format!("{origin}{logo}"));
    }
    let seo = Seo {
        title: shop.name.clone(),
        description: shop.tagline.clone().unwrap_or_else(|| shop.name.clone()),
        canonical: format!("{origin}{}", lang_url(t, "/", lang)),
        alternates: c
            .langs
            .iter()
            .map(|l| {
                (
                    l.as_str().to_string(),
                    format!("{origin}{}", lang_url(t, "/", l.as_str())),
                )
            })
            .collect(),
        x_default: None,
        og_type: "website",
        site_name: shop.name.clone(),
        locale: og_locale(c.lang),
        noindex: false,
        image: None,
        jsonld: vec![json_ld(&org)],
    };
    Ok(HomeData {
        seo: seo.with_x_default(&t.shop.default_lang),
        featured: {
            let images = card_images(&mut conn, t, cards.iter().map(|x| x.id)).await?;
            cards
                .iter()
                .map(|card| card_view(t, c, card, &images))
                .collect()
        },
        categories,
    })
}

// ---- category page ---------------------------------------------------------------------------

/// The category page's query: filters, sort and page; `opt` may repeat ("Poids=250 g").
#[derive(Default)]
struct ListQuery {
    min: Option<String>,
    max: Option<String>,
    available: Option<String>,
    sort: Option<String>,
    page: Option<String>,
    opts: Vec<(String, String)>,
}

impl ListQuery {
    fn from_pairs(pairs: &[(String, String)]) -> ListQuery {
        let first = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        ListQuery {
            min: first("min"),
            max: first("max"),
            available: first("available"),
            sort: first("sort"),
            page: first("page"),
            opts: pairs
                .iter()
                .filter(|(k, _)| k == "opt")
                .filter_map(|(_, v)| v.split_once('='))
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .take(3)
                .collect(),
        }
    }
}

struct FilterChoice {
    value: String,
    label: String,
    selected: bool,
}

/// One select of the category page's filters: the values of an option axis.
struct OptionFilter {
    id: String,
    name: String,
    choices: Vec<FilterChoice>,
}

struct SortOption {
    value: &'static str,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "shop_category.html")]
struct CategoryPage {
    c: Ctx,
    seo: Seo,
    crumbs: Vec<Link>,
    name: String,
    description: String,
    subcategories: Vec<Link>,
    cards: Vec<CardView>,
    count: String,
    action: String,
    min: String,
    max: String,
    available: bool,
    option_filters: Vec<OptionFilter>,
    sorts: Vec<SortOption>,
    page_label: String,
    prev: Option<String>,
    next: Option<String>,
}

async fn category(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Path((_, slug)): Path<(String, String)>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let q = ListQuery::from_pairs(&pairs);
    let lang = c.lang.as_str();
    let default = t.shop.default_lang.clone();
    let mut conn = st.store.reader().await?;
    let data = st.shop_data.get_with(&mut conn, &t.shop).await?;
    let nodes = &data.categories;
    let node = nodes
        .iter()
        .find(|n| n.texts.iter().any(|x| x.0 == lang && x.2 == slug))
        .or_else(|| nodes.iter().find(|n| n.texts.iter().any(|x| x.2 == slug)))
        .ok_or(AppError::NotFound)?;
    let (_, name, own_slug, description) = node.text(lang, &default).clone();
    if own_slug != slug {
        return Ok(moved_to(&href(&t, &c, &format!("/c/{own_slug}")), &pairs));
    }
    let cur = currency(&t);
    let min_text = q.min.clone().unwrap_or_default().trim().to_string();
    let max_text = q.max.clone().unwrap_or_default().trim().to_string();
    let parse_price = |s: &str| {
        (!s.is_empty())
            .then(|| domain::catalog::Price::parse(s, cur).ok())
            .flatten()
    };
    let sort = store::listing::Sort::parse(q.sort.as_deref().unwrap_or(""));
    let available = q.available.as_deref().is_some_and(|v| !v.is_empty());
    let mut f = filter_for(&t, &c);
    f.category_ids = descendants(nodes, node.id);
    f.min_price = parse_price(&min_text);
    f.max_price = parse_price(&max_text);
    f.available_only = available;
    f.sort = sort;
    let mut option_lang = lang.to_string();
    let mut values =
        store::listing::option_values(&mut conn, t.id(), &option_lang, &f.category_ids).await?;
    if values.is_empty() && lang != default {
        option_lang = default.clone();
        values =
            store::listing::option_values(&mut conn, t.id(), &option_lang, &f.category_ids).await?;
    }
    f.options = q
        .opts
        .iter()
        .filter(|o| values.contains(o))
        .cloned()
        .collect();
    f.option_lang = option_lang;
    let mut option_filters: Vec<OptionFilter> = Vec::new();
    for (name, value) in &values {
        if !option_filters.iter().any(|o| &o.name == name) {
            option_filters.push(OptionFilter {
                id: format!("f-opt-{}", option_filters.len() + 1),
                name: name.clone(),
                choices: vec![FilterChoice {
                    value: String::new(),
                    label: c.t("shop-option-any"),
                    selected: false,
                }],
            });
        }
        if let Some(o) = option_filters.iter_mut().find(|o| &o.name == name) {
            o.choices.push(FilterChoice {
                value: format!("{name}={value}"),
                label: value.clone(),
                selected: f.options.iter().any(|(n, v)| n == name && v == value),
            });
        }
    }
    let page: i64 = q
        .page
        .as_deref()
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or(1)
        .clamp(1, 10_000);
    let (cards, total) =
        store::listing::cards(&mut conn, t.id(), &f, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let path = format!("/c/{own_slug}");
    let page_url = |n: i64| {
        let mut params: Vec<(&str, String)> = vec![
            ("min", min_text.clone()),
            ("max", max_text.clone()),
            (
                "available",
                if available { "1".into() } else { String::new() },
            ),
            (
                "sort",
                if sort == store::listing::Sort::Newest {
                    String::new()
                } else {
                    sort.as_str().to_string()
                },
            ),
        ];
        params.extend(f.options.iter().map(|(n, v)| ("opt", format!("{n}={v}"))));
        params.push(("page", if n > 1 { n.to_string() } else { String::new() }));
        with_params(&href(&t, &c, &path), &params)
    };
    let crumbs = crumbs_to(&t, &c, nodes, Some(node.id));
    let origin = origin(&st, &t, &headers);
    let page_suffix = |u: String| {
        if page > 1 {
            let sep = if u.contains('?') { '&' } else { '?' };
            format!("{u}{sep}page={page}")
        } else {
            u
        }
    };
    let paths: Vec<(String, String)> = node
        .texts
        .iter()
        .filter(|x| c.langs.iter().any(|l| l.as_str() == x.0))
        .map(|x| {
            (
                x.0.clone(),
                page_suffix(lang_url(&t, &format!("/c/{}", x.2), &x.0)),
            )
        })
        .collect();
    let alternates = paths
        .iter()
        .map(|(l, p)| (l.clone(), format!("{origin}{p}")))
        .collect();
    let description_meta = if description.trim().is_empty() {
        format!("{name} — {}", t.shop.name)
    } else {
        domain::catalog::markdown::plain_text(&description)
    };
    let seo = Seo {
        title: if page > 1 {
            format!(
                "{name} ({}) — {}",
                ta(
                    &c,
                    "shop-page-of",
                    &[("page", page.to_string()), ("pages", pages.to_string())]
                ),
                t.shop.name
            )
        } else {
            format!("{name} — {}", t.shop.name)
        },
        description: description_meta,
        canonical: format!("{origin}{}", page_suffix(lang_url(&t, &path, lang))),
        alternates,
        x_default: None,
        og_type: "website",
        site_name: t.shop.name.clone(),
        locale: og_locale(c.lang),
        noindex: f.min_price.is_some()
            || f.max_price.is_some()
            || available
            || !f.options.is_empty(),
        image: None,
        jsonld: vec![breadcrumb_ld(&crumbs, &origin)],
    };
    let subcategories = nodes
        .iter()
        .filter(|n| n.parent == Some(node.id))
        .map(|n| {
            let (_, name, slug, _) = n.text(lang, &default);
            Link {
                name: name.clone(),
                href: href(&t, &c, &format!("/c/{slug}")),
            }
        })
        .collect();
    let sorts = [
        ("newest", "shop-sort-newest"),
        ("price_asc", "shop-sort-price-asc"),
        ("price_desc", "shop-sort-price-desc"),
        ("title", "shop-sort-title"),
    ]
    .into_iter()
    .map(|(value, id)| SortOption {
        value,
        label: c.t(id),
        selected: value == sort.as_str(),
    })
    .collect();
    Ok(render(CategoryPage {
        seo: seo.with_x_default(&t.shop.default_lang),
        crumbs,
        name,
        description: domain::catalog::markdown::render(&description),
        subcategories,
        cards: {
            let images = card_images(&mut conn, &t, cards.iter().map(|x| x.id)).await?;
            cards
                .iter()
                .map(|card| card_view(&t, &c, card, &images))
                .collect()
        },
        count: ta(&c, "shop-product-count", &[("count", total.to_string())]),
        action: href(&t, &c, &path),
        min: min_text.clone(),
        max: max_text.clone(),
        available,
        option_filters,
        sorts,
        page_label: ta(
            &c,
            "shop-page-of",
            &[("page", page.to_string()), ("pages", pages.to_string())],
        ),
        prev: (page > 1).then(|| page_url(page - 1)),
        next: (page < pages).then(|| page_url(page + 1)),
        c: with_switch(c, &paths),
    })?
    .into_response())
}

// ---- product page ----------------------------------------------------------------------------

struct AxisView {
    field: String,
    name: String,
    options: Vec<OptView>,
}

struct OptView {
    value: String,
    selected: bool,
}

#[derive(Default)]
struct SafetyView {
    manufacturer: Vec<String>,
    email: Option<String>,
    warnings: Vec<String>,
}

/// The block that depends on the product's kind, as lines of text ready to show.
#[derive(Default)]
struct KindView {
    rental: Vec<String>,
    service: Vec<String>,
    perishable: Vec<String>,
    perishable_notice: Option<String>,
    animal: Vec<(String, String)>,
    animal_notices: Vec<String>,
    condition: Option<String>,
    digital: Option<String>,
    safety: Option<SafetyView>,
    /// A service's coming days with their slots.
    slots: Option<Vec<crate::booking::SlotDayView>>,
    /// A rental's month of availability.
    calendar: Option<crate::booking::CalendarView>,
}

#[derive(Template)]
#[template(path = "shop_product.html")]
struct ProductPage {
    c: Ctx,
    seo: Seo,
    crumbs: Vec<Link>,
    title: String,
    content_lang: String,
    description_html: String,
    price: String,
    old_price: Option<String>,
    reference: Option<String>,
    discount: Option<String>,
    sku: Option<String>,
    stock: String,
    stock_class: &'static str,
    coming_soon: bool,
    axes: Vec<AxisView>,
    picked_missing: bool,
    action: String,
    kind: KindView,
    /// The product's tags, each linking to its tag page.
    tags: Vec<Link>,
    gallery: Vec<ImageView>,
}

/// A text term, trimmed, if there is one.
fn text(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn kind_view(t: &Tenant, c: &Ctx, p: &store::catalog::Product, siren: Option<String>) -> KindView {
    let kind = ProductKind::parse(&p.kind).unwrap_or(ProductKind::Physical);
    let d = Details::from_json(&p.details);
    let mut k = KindView::default();
    match kind {
        ProductKind::Rental => {
            if let Some(v) = d.per_day_minor {
                k.rental
                    .push(ta(c, "shop-rental-per-day", &[("price", money(t, c, v))]));
            }
            if let Some(v) = d.per_week_minor {
                k.rental
                    .push(ta(c, "shop-rental-per-week", &[("price", money(t, c, v))]));
            }
            if let Some(v) = d.deposit_minor {
                k.rental
                    .push(ta(c, "shop-rental-deposit", &[("price", money(t, c, v))]));
            }
            if let (Some(min), Some(max)) = (d.min_days, d.max_days) {
                k.rental.push(ta(
                    c,
                    "shop-rental-duration",
                    &[("min", min.to_string()), ("max", max.to_string())],
                ));
            }
        }
        ProductKind::Service => {
            if let Some(v) = d.duration_minutes {
                k.service.push(ta(
                    c,
                    "shop-service-duration",
                    &[("minutes", v.to_string())],
                ));
            }
            if let Some(v) = d.capacity_per_slot {
                k.service
                    .push(ta(c, "shop-service-capacity", &[("count", v.to_string())]));
            }
        }
        ProductKind::Perishable => {
            if let Some(v) = d.lead_days {
                k.perishable
                    .push(ta(c, "shop-perishable-lead", &[("days", v.to_string())]));
            }
            let weekdays = d.dispatch_days();
            if !weekdays.is_empty() {
                let names: Vec<String> = weekdays
                    .iter()
                    .map(|w| c.t(&format!("shop-weekday-{}", w.number_from_monday())))
                    .collect();
                k.perishable
                    .push(ta(c, "shop-perishable-days", &[("days", names.join(", "))]));
            }
            if let Some(v) = d.shelf_life_days {
                k.perishable
                    .push(ta(c, "shop-perishable-shelf", &[("days", v.to_string())]));
            }
            // When an order placed now would leave, on the shop's clock.
            let terms = domain::catalog::perishable::PerishableTerms::new(
                d.lead_days.unwrap_or(0).min(365),
                &weekdays,
                d.shelf_life_days.unwrap_or(1).clamp(1, 3650),
            );
            let tz = domain::locale::TimeZone::parse(&t.shop.timezone)
                .map(|z| z.tz())
                .unwrap_or(chrono_tz::Europe::Paris);
            if let Ok(terms) = terms {
                let day = domain::catalog::perishable::next_dispatch(&terms, store::now(), tz);
                let date = format!(
                    "{} {}",
                    c.t(&format!(
                        "shop-weekday-{}",
                        chrono::Datelike::weekday(&day).number_from_monday()
                    )),
                    day.format("%d/%m/%Y")
                );
                k.perishable
                    .push(ta(c, "shop-perishable-next", &[("date", date)]));
            }
            k.perishable_notice = Some(c.t(&format!(
                "err-{}",
                domain::catalog::perishable::WITHDRAWAL_EXCLUDED_MSG
            )));
        }
        ProductKind::LiveAnimal => {
            if let Some(v) = text(&d.species) {
                k.animal.push((c.t("shop-animal-species"), v));
            }
            if let Some(v) = text(&d.breed) {
                k.animal.push((c.t("shop-animal-breed"), v));
            }
            let months = text(&d.birth_date)
                .and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
                .map(|b| {
                    domain::catalog::animal::AnimalAge::BirthDate(b)
                        .months_on(chrono::Utc::now().date_naive()) as i64
                })
                .or_else(|| d.age_months.map(i64::from));
            if let Some(m) = months {
                let age = if m >= 24 {
                    ta(
                        c,
                        "shop-animal-age-years",
                        &[("years", (m / 12).to_string())],
                    )
                } else {
                    ta(c, "shop-animal-age-months", &[("months", m.to_string())])
                };
                k.animal.push((c.t("shop-animal-age"), age));
            }
            if let Some(number) = text(&d.identification_number) {
                let kind = text(&d.identification_kind)
                    .and_then(|s| domain::catalog::animal::IdentificationKind::parse(&s).ok());
                let text = match kind {
                    Some(kind) => ta(
                        c,
                        &format!("shop-animal-id-{}", kind.as_str()),
                        &[("number", number)],
                    ),
                    None => number,
                };
                k.animal.push((c.t("shop-animal-identification"), text));
            }
            k.animal.push((
                c.t("shop-animal-siren"),
                siren.unwrap_or_else(|| c.t("shop-animal-siren-missing")),
            ));
            k.animal_notices = vec![
                c.t(&format!("err-{}", domain::catalog::animal::AWARENESS_MSG)),
                c.t("shop-animal-no-parcel"),
            ];
        }
        ProductKind::Unique => {
            if let Some(cond) = p
                .condition
                .as_deref()
                .and_then(|s| domain::catalog::Condition::parse(s).ok())
            {
                let name = c.t(&format!("shop-condition-{}", cond.as_str()));
                k.condition = Some(ta(c, "shop-condition", &[("condition", name)]));
            }
        }
        ProductKind::Digital => k.digital = Some(c.t("shop-digital")),
        ProductKind::Physical => {}
    }
    k.safety = safety_view(&p.safety);
    k
}

/// The product-safety (GPSR) block: manufacturer and warnings, read through the stored shape
/// the editor writes (`SafetyDetails`).
fn safety_view(json: &str) -> Option<SafetyView> {
    let s = domain::catalog::details::SafetyDetails::from_json(json);
    let lines = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    };
    let mut v = SafetyView::default();
    v.manufacturer.extend(lines(&s.manufacturer_name));
    v.manufacturer.extend(lines(&s.manufacturer_address));
    v.email = Some(s.manufacturer_email.trim().to_string()).filter(|e| !e.is_empty());
    v.warnings = lines(&s.warnings);
    (!v.manufacturer.is_empty() || v.email.is_some() || !v.warnings.is_empty()).then_some(v)
}

/// The product's address in each of the shop's languages: its own slug where it has a text in
/// that language, the text shown instead (the default language's) where it has none.
fn product_paths(
    t: &Tenant,
    c: &Ctx,
    texts: &[store::catalog::ProductText],
) -> Vec<(String, String)> {
    c.langs
        .iter()
        .filter_map(|l| {
            let x = texts
                .iter()
                .find(|x| x.lang == l.as_str())
                .or_else(|| texts.iter().find(|x| x.lang == t.shop.default_lang))
                .or(texts.first())?;
            Some((
                l.as_str().to_string(),
                lang_url(t, &format!("/p/{}", x.slug), l.as_str()),
            ))
        })
        .collect()
}

async fn product(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Path((_, slug)): Path<(String, String)>,
    Query(q): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let lang = c.lang.as_str();
    let default = t.shop.default_lang.clone();
    let data = st.shop_data.get(&st.store, &t.shop).await?;
    let mut conn = st.store.reader().await?;
    let store::product_page::ProductPage {
        product: p,
        texts,
        variants,
        history,
        options: option_names,
        tags,
        mut images,
    } = store::product_page::by_slug(&mut conn, t.id(), &slug, lang)
        .await?
        .ok_or(AppError::NotFound)?;
    let id = p.id;
    let status = ProductStatus::parse(&p.status).map_err(|_| AppError::NotFound)?;
    if !status.is_visible() {
        return Err(AppError::NotFound);
    }
    let text = texts
        .iter()
        .find(|x| x.lang == lang)
        .or_else(|| texts.iter().find(|x| x.lang == default))
        .or(texts.first())
        .ok_or(AppError::NotFound)?
        .clone();
    if text.slug != slug {
        return Ok(moved_to(&href(&t, &c, &format!("/p/{}", text.slug)), &q));
    }
    if variants.is_empty() {
        return Err(AppError::NotFound);
    }
    // Axes in use: the highest axis any variant has a value on.
    let axis_count = variants
        .iter()
        .map(|v| {
            [&v.option1, &v.option2, &v.option3]
                .iter()
                .rposition(|o| o.as_deref().is_some_and(|s| !s.trim().is_empty()))
                .map(|i| i + 1)
                .unwrap_or(0)
        })
        .max()
        .unwrap_or(0);
    let values = |v: &store::catalog::Variant| -> Vec<String> {
        [&v.option1, &v.option2, &v.option3]
            .iter()
            .take(axis_count)
            .map(|o| o.as_deref().unwrap_or_default().to_string())
            .collect()
    };
    let grid: Vec<Vec<String>> = variants.iter().map(values).collect();
    let fields: Vec<String> = (1..=axis_count).map(|i| format!("o{i}")).collect();
    let axes_keys = domain::catalog::variants::OptionAxes::parse(&fields)
        .map_err(|e| anyhow::anyhow!("axes: {e:?}"))?;
    let selected: Vec<(String, String)> = q
        .iter()
        .filter(|(k, _)| fields.contains(k))
        .cloned()
        .collect();
    let (index, picked_missing) = if selected.is_empty() {
        (0, false)
    } else {
        match domain::catalog::variants::pick_variant(&axes_keys, &grid, &selected) {
            Some(i) => (i, false),
            None => (0, true),
        }
    };
    let v = &variants[index];
    // A picked variant shows its own picture first.
    if !selected.is_empty() && !picked_missing {
        if let Some(at) = v
            .image_id
            .and_then(|vi| images.iter().position(|i| i.id == vi))
        {
            let img = images.remove(at);
            images.insert(0, img);
        }
    }
    let gallery: Vec<ImageView> = images
        .iter()
        .map(|i| ImageView::new(&t.base, i, lang, &default))
        .collect();
    let axes: Vec<AxisView> = (0..axis_count)
        .map(|i| {
            let axis = i as i64 + 1;
            let name = option_names
                .iter()
                .find(|(a, l, _)| *a == axis && l == lang)
                .or_else(|| {
                    option_names
                        .iter()
                        .find(|(a, l, _)| *a == axis && *l == default)
                })
                .or_else(|| option_names.iter().find(|(a, _, _)| *a == axis))
                .map(|(_, _, n)| n.clone())
                .unwrap_or_else(|| ta(&c, "shop-option", &[("n", axis.to_string())]));
            let field = format!("o{axis}");
            let chosen = if picked_missing {
                selected
                    .iter()
                    .find(|(k, _)| *k == field)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            } else {
                grid[index][i].clone()
            };
            let mut options: Vec<OptView> = Vec::new();
            for row in &grid {
                let value = &row[i];
                if !value.is_empty() && !options.iter().any(|o| &o.value == value) {
                    options.push(OptView {
                        value: value.clone(),
                        selected: value.trim().to_lowercase() == chosen.trim().to_lowercase(),
                    });
                }
            }
            AxisView {
                field,
                name,
                options,
            }
        })
        .collect();
    let stock = StockPolicy {
        track: p.track_stock != 0,
        quantity: v.quantity,
        allow_backorder: p.allow_backorder != 0,
    };
    let availability = stock.availability();
    let (stock_text, stock_class) = match availability {
        Availability::InStock(_) => (c.t("shop-stock-in"), "in"),
        Availability::LowStock(n) => (ta(&c, "shop-stock-low", &[("count", n.to_string())]), "low"),
        Availability::OutOfStock => (c.t("shop-stock-out"), "out"),
        Availability::Backorder => (c.t("shop-stock-backorder"), "in"),
        Availability::NotTracked => (c.t("shop-stock-untracked"), "in"),
    };
    let coming_soon = status == ProductStatus::ComingSoon;
    let no_history = Vec::new();
    let history = history.get(&v.id).unwrap_or(&no_history);
    let discount = domain::catalog::price::discount_display(v.price_minor, history, store::now());
    // The seller's SIREN is a mention of animal sales only.
    let siren = if p.kind == ProductKind::LiveAnimal.as_str() {
        data.legal
            .siret
            .as_deref()
            .and_then(|s| domain::legal::Siret::parse(s).ok())
            .map(|s| s.siren().formatted())
    } else {
        None
    };
    let mut crumbs = crumbs_to(&t, &c, &data.categories, p.category_id);
    let path = format!("/p/{}", text.slug);
    crumbs.push(Link {
        name: text.title.clone(),
        href: href(&t, &c, &path),
    });
    let origin = origin(&st, &t, &headers);
    let canonical = format!("{origin}{}", lang_url(&t, &path, &text.lang));
    let description = if text.seo_description.trim().is_empty() {
        domain::catalog::markdown::plain_text(&text.description_md)
    } else {
        text.seo_description.trim().to_string()
    };
    let description = if description.is_empty() {
        format!("{} — {}", text.title, t.shop.name)
    } else {
        description
    };
    let cur = currency(&t);
    let mut offer = serde_json::json!({
        "@type": "Offer",
        "price": decimal(v.price_minor, cur),
        "priceCurrency": cur.as_str(),
        "availability": if coming_soon { "https://schema.org/OutOfStock" } else { availability.schema_org() },
        "url": canonical,
    });
    if let Some(cond) = p
        .condition
        .as_deref()
        .and_then(|s| domain::catalog::Condition::parse(s).ok())
    {
        offer["itemCondition"] = serde_json::Value::String(
            match cond {
                domain::catalog::Condition::New => "https://schema.org/NewCondition",
                _ => "https://schema.org/UsedCondition",
            }
            .into(),
        );
    }
    let mut product_ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": text.title,
        "description": description,
        "url": canonical,
        "offers": offer,
    });
    let origin_of = |src: &str| format!("{origin}{src}");
    if !gallery.is_empty() {
        product_ld["image"] = serde_json::Value::Array(
            gallery
                .iter()
                .map(|g| serde_json::Value::String(origin_of(&g.src)))
                .collect(),
        );
    }
    if let Some(sku) = &v.sku {
        product_ld["sku"] = serde_json::Value::String(sku.clone());
    }
    if let Some(brand) = p.vendor.as_deref().filter(|b| !b.trim().is_empty()) {
        product_ld["brand"] = serde_json::json!({"@type": "Brand", "name": brand});
    }
    let paths = product_paths(&t, &c, &texts);
    let alternates = paths
        .iter()
        .filter(|(l, _)| texts.iter().any(|x| &x.lang == l))
        .map(|(l, p)| (l.clone(), format!("{origin}{p}")))
        .collect();
    let seo = Seo {
        title: if text.seo_title.trim().is_empty() {
            format!("{} — {}", text.title, t.shop.name)
        } else {
            text.seo_title.trim().to_string()
        },
        description,
        canonical,
        alternates,
        x_default: None,
        og_type: "product",
        site_name: t.shop.name.clone(),
        locale: og_locale(c.lang),
        noindex: false,
        image: gallery.first().map(|g| origin_of(&g.src)),
        jsonld: vec![json_ld(&product_ld), breadcrumb_ld(&crumbs, &origin)],
    };
    let mut kind = kind_view(&t, &c, &p, siren);
    let details = Details::from_json(&p.details);
    match ProductKind::parse(&p.kind) {
        Ok(ProductKind::Service) => {
            let terms = domain::catalog::service::ServiceTerms::new(
                details.duration_minutes.unwrap_or(0),
                details.capacity_per_slot.unwrap_or(0),
            );
            if let Ok(terms) = terms {
                kind.slots = Some(
                    crate::booking::service_slots(&mut conn, &c, &t.shop, id, &terms, store::now())
                        .await?,
                );
            }
        }
        Ok(ProductKind::Rental) => {
            let month = q
                .iter()
                .find(|(k, _)| k == "month")
                .map(|(_, v)| v.as_str());
            let page = href(&t, &c, &path);
            kind.calendar = Some(
                crate::booking::rental_calendar(
                    &mut conn,
                    &c,
                    &t.shop,
                    id,
                    month,
                    store::now(),
                    |m| with_params(&page, &[("month", m.to_string())]),
                )
                .await?,
            );
        }
        _ => {}
    }
    Ok(render(ProductPage {
        seo: seo.with_x_default(&t.shop.default_lang),
        crumbs,
        title: text.title.clone(),
        content_lang: text.lang.clone(),
        description_html: domain::catalog::markdown::render(&text.description_md),
        price: money(&t, &c, v.price_minor),
        // A struck-through price is only shown beside a real reduction, that is when the price
        // history gives a reference price (the lowest of the last 30 days) above today's.
        old_price: discount.map(|(r, _)| {
            money(
                &t,
                &c,
                v.compare_at_minor
                    .filter(|&x| x > v.price_minor)
                    .unwrap_or(r),
            )
        }),
        reference: discount
            .map(|(r, _)| ta(&c, "shop-reference-price", &[("price", money(&t, &c, r))])),
        discount: discount
            .filter(|(_, pct)| *pct > 0)
            .map(|(_, pct)| ta(&c, "shop-discount", &[("percent", pct.to_string())])),
        sku: v.sku.clone(),
        stock: stock_text,
        stock_class,
        coming_soon,
        axes,
        picked_missing,
        action: href(&t, &c, &path),
        kind,
        tags: tags
            .into_iter()
            .map(|tag| Link {
                href: href(&t, &c, &format!("/t/{}", urlencode(&tag))),
                name: tag,
            })
            .collect(),
        gallery,
        c: with_switch(c, &paths),
    })?
    .into_response())
}

// ---- search ----------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
struct SearchQuery {
    q: Option<String>,
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "shop_search.html")]
struct SearchPage {
    c: Ctx,
    seo: Seo,
    q: String,
    action: String,
    summary: Option<String>,
    cards: Vec<CardView>,
    page_label: String,
    prev: Option<String>,
    next: Option<String>,
}

async fn search(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Query(sq): Query<SearchQuery>,
) -> AppResult<Html<String>> {
    let text: String = sq.q.unwrap_or_default().chars().take(200).collect();
    let text = text.trim().to_string();
    let langs: Vec<search::Language> = c
        .langs
        .iter()
        .filter_map(|l| search::Language::from_code(l.as_str()))
        .collect();
    let query = search::parse_query(&text, &langs);
    let page: i64 = sq
        .page
        .as_deref()
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or(1)
        .clamp(1, 10_000);
    let mut found: Vec<CardView> = Vec::new();
    let mut total = 0i64;
    if !query.is_empty() {
        let (sql, args) = search::sql(&query);
        let args: Vec<store::listing::SearchArg> = args
            .into_iter()
            .map(|a| match a {
                search::SqlArg::Int(i) => store::listing::SearchArg::Int(i),
                search::SqlArg::Text(s) => store::listing::SearchArg::Text(s),
            })
            .collect();
        let mut conn = st.store.reader().await?;
        let ids = store::listing::search_ids(&mut conn, t.id(), &sql, &args, SEARCH_MAX, 0).await?;
        if !ids.is_empty() {
            let mut f = filter_for(&t, &c);
            f.ids = ids.clone();
            let (cards, _) = store::listing::cards(&mut conn, t.id(), &f, SEARCH_MAX, 0).await?;
            // Keep the search's ranking; the listing only drops what a shopper may not see.
            let mut ranked: Vec<&store::listing::Card> = ids
                .iter()
                .filter_map(|id| cards.iter().find(|card| card.id == *id))
                .collect();
            total = ranked.len() as i64;
            let start = ((page - 1) * PAGE_SIZE).min(total) as usize;
            let end = (start + PAGE_SIZE as usize).min(ranked.len());
            let shown: Vec<&store::listing::Card> = ranked.drain(start..end).collect();
            let images = card_images(&mut conn, &t, shown.iter().map(|x| x.id)).await?;
            found = shown
                .into_iter()
                .map(|card| card_view(&t, &c, card, &images))
                .collect();
        }
    }
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page_url = |n: i64| {
        with_params(
            &href(&t, &c, "/search"),
            &[
                ("q", text.clone()),
                ("page", if n > 1 { n.to_string() } else { String::new() }),
            ],
        )
    };
    let origin = origin(&st, &t, &headers);
    let title = if text.is_empty() {
        format!("{} — {}", c.t("shop-search-title"), t.shop.name)
    } else {
        format!("{text} — {} — {}", c.t("shop-search-title"), t.shop.name)
    };
    let seo = Seo {
        description: title.clone(),
        title,
        canonical: format!("{origin}{}", page_url(page)),
        alternates: Vec::new(),
        x_default: None,
        og_type: "website",
        site_name: t.shop.name.clone(),
        locale: og_locale(c.lang),
        // Indexable on purpose: the pages' quality bar (Lighthouse SEO ≥ 95) includes search.
        noindex: false,
        image: None,
        jsonld: Vec::new(),
    };
    render(SearchPage {
        seo,
        summary: (!query.is_empty()).then(|| {
            ta(
                &c,
                "shop-search-results",
                &[("count", total.to_string()), ("q", text.clone())],
            )
        }),
        q: text.clone(),
        action: href(&t, &c, "/search"),
        cards: found,
        page_label: ta(
            &c,
            "shop-page-of",
            &[("page", page.to_string()), ("pages", pages.to_string())],
        ),
        prev: (page > 1 && total > 0).then(|| page_url(page - 1)),
        next: (page < pages).then(|| page_url(page + 1)),
        c,
    })
}

// ---- collections and tags --------------------------------------------------------------------

#[derive(Template)]
#[template(path = "shop_list.html")]
struct ListPage {
    c: Ctx,
    seo: Seo,
    crumbs: Vec<Link>,
    name: String,
    content_lang: Option<String>,
    description: String,
    count: String,
    cards: Vec<CardView>,
}

/// The visible products among `ids`, in that order.
async fn ordered_cards(
    conn: &mut store::Conn,
    t: &Tenant,
    c: &Ctx,
    ids: &[i64],
) -> AppResult<Vec<CardView>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut f = filter_for(t, c);
    f.ids = ids.to_vec();
    let (cards, _) = store::listing::cards(conn, t.id(), &f, SEARCH_MAX, 0).await?;
    let images = card_images(conn, t, cards.iter().map(|x| x.id)).await?;
    Ok(ids
        .iter()
        .filter_map(|id| cards.iter().find(|card| card.id == *id))
        .map(|card| card_view(t, c, card, &images))
        .collect())
}

fn list_seo(
    t: &Tenant,
    c: &Ctx,
    origin: &str,
    title: String,
    description: String,
    paths: &[(String, String)],
    crumbs: &[Link],
) -> Seo {
    let own = paths
        .iter()
        .find(|(l, _)| l == c.lang.as_str())
        .map(|(_, p)| p.clone())
        .unwrap_or_default();
    Seo {
        title,
        description,
        canonical: format!("{origin}{own}"),
        alternates: paths
            .iter()
            .map(|(l, p)| (l.clone(), format!("{origin}{p}")))
            .collect(),
        x_default: None,
        og_type: "website",
        site_name: t.shop.name.clone(),
        locale: og_locale(c.lang),
        noindex: false,
        image: None,
        jsonld: vec![breadcrumb_ld(crumbs, origin)],
    }
    .with_x_default(&t.shop.default_lang)
}

/// A collection: the products the seller picked, in the seller's order.
async fn collection(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Path((_, slug)): Path<(String, String)>,
) -> AppResult<Response> {
    let mut conn = st.store.reader().await?;
    let id = store::collection::by_slug(&mut conn, t.id(), &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let texts = store::collection::texts(&mut conn, t.id(), id).await?;
    let default = t.shop.default_lang.clone();
    let text = texts
        .iter()
        .find(|x| x.lang == c.lang.as_str())
        .or_else(|| texts.iter().find(|x| x.lang == default))
        .or(texts.first())
        .ok_or(AppError::NotFound)?
        .clone();
    if text.slug != slug {
        return Ok(moved_to(
            &href(&t, &c, &format!("/collections/{}", text.slug)),
            &[],
        ));
    }
    // Each language's own slug, the shown text's where a language has none.
    let paths: Vec<(String, String)> = c
        .langs
        .iter()
        .map(|l| {
            let x = texts.iter().find(|x| x.lang == l.as_str()).unwrap_or(&text);
            (
                l.as_str().to_string(),
                lang_url(&t, &format!("/collections/{}", x.slug), l.as_str()),
            )
        })
        .collect();
    let ids = store::collection::product_ids(&mut conn, t.id(), id).await?;
    let cards = ordered_cards(&mut conn, &t, &c, &ids).await?;
    let crumbs = vec![
        Link {
            name: c.t("shop-home"),
            href: href(&t, &c, "/"),
        },
        Link {
            name: text.name.clone(),
            href: href(&t, &c, &format!("/collections/{}", text.slug)),
        },
    ];
    let origin = origin(&st, &t, &headers);
    let description = if text.description.trim().is_empty() {
        format!("{} — {}", text.name, t.shop.name)
    } else {
        domain::catalog::markdown::plain_text(&text.description)
    };
    let seo = list_seo(
        &t,
        &c,
        &origin,
        format!("{} — {}", text.name, t.shop.name),
        description,
        &paths,
        &crumbs,
    );
    Ok(render(ListPage {
        seo,
        crumbs,
        name: text.name.clone(),
        content_lang: Some(text.lang.clone()),
        description: domain::catalog::markdown::render(&text.description),
        count: ta(
            &c,
            "shop-product-count",
            &[("count", cards.len().to_string())],
        ),
        cards,
        c: with_switch(c, &paths),
    })?
    .into_response())
}

/// Every visible product carrying a tag.
async fn tag(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Path((_, tag)): Path<(String, String)>,
) -> AppResult<Html<String>> {
    let tag = tag.trim().to_string();
    let mut conn = st.store.reader().await?;
    let ids = store::collection::tagged_product_ids(&mut conn, t.id(), &tag).await?;
    let cards = ordered_cards(&mut conn, &t, &c, &ids).await?;
    if cards.is_empty() {
        return Err(AppError::NotFound);
    }
    let path = format!("/t/{}", urlencode(&tag));
    let paths: Vec<(String, String)> = c
        .langs
        .iter()
        .map(|l| (l.as_str().to_string(), lang_url(&t, &path, l.as_str())))
        .collect();
    let name = ta(&c, "shop-tag-title", &[("tag", tag.clone())]);
    let crumbs = vec![
        Link {
            name: c.t("shop-home"),
            href: href(&t, &c, "/"),
        },
        Link {
            name: name.clone(),
            href: href(&t, &c, &path),
        },
    ];
    let origin = origin(&st, &t, &headers);
    let seo = list_seo(
        &t,
        &c,
        &origin,
        format!("{name} — {}", t.shop.name),
        format!("{name} — {}", t.shop.name),
        &paths,
        &crumbs,
    );
    render(ListPage {
        seo,
        crumbs,
        name,
        content_lang: None,
        description: String::new(),
        count: ta(
            &c,
            "shop-product-count",
            &[("count", cards.len().to_string())],
        ),
        cards,
        c,
    })
}

// ---- sitemap and robots ----------------------------------------------------------------------

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// One `<url>` per language of a page, each listing every language's address as an alternate.
/// One page of the sitemap in each offered language: `(lang, page)` pairs become
/// `(lang, absolute clean URL)`, languages the shop does not offer left out.
fn sitemap_pages<'a>(
    t: &Tenant,
    origin: &str,
    offered: &[String],
    pages: impl Iterator<Item = (&'a String, String)>,
) -> Vec<(String, String)> {
    pages
        .filter(|(lang, _)| offered.contains(lang))
        .map(|(lang, page)| {
            (
                lang.clone(),
                format!("{origin}{}", lang_url(t, &page, lang)),
            )
        })
        .collect()
}

fn sitemap_urls(out: &mut String, pages: &[(String, String)], lastmod: Option<i64>) {
    for (_, loc) in pages {
        out.push_str("<url><loc>");
        out.push_str(&xml_escape(loc));
        out.push_str("</loc>");
        if let Some(at) = lastmod.and_then(|s| chrono::DateTime::from_timestamp(s, 0)) {
            out.push_str(&format!("<lastmod>{}</lastmod>", at.format("%Y-%m-%d")));
        }
        if pages.len() > 1 {
            for (lang, href) in pages {
                out.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    xml_escape(lang),
                    xml_escape(href)
                ));
            }
        }
        out.push_str("</url>\n");
    }
}

/// Every visible product and category of the shop, and its home, in each offered language
/// they have a text in.
async fn sitemap(State(st): State<AppState>, t: Tenant, headers: HeaderMap) -> AppResult<Response> {
    let origin = origin(&st, &t, &headers);
    let offered: Vec<String> = crate::ctx::shop_langs(&t.shop)
        .iter()
        .map(|l| l.as_str().to_string())
        .collect();
    let mut conn = st.store.reader().await?;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let home: Vec<(String, String)> = offered
        .iter()
        .map(|l| (l.clone(), format!("{origin}{}", lang_url(&t, "/", l))))
        .collect();
    sitemap_urls(&mut out, &home, None);
    let data = st.shop_data.get_with(&mut conn, &t.shop).await?;
    for n in &data.categories {
        let pages = sitemap_pages(
            &t,
            &origin,
            &offered,
            n.texts.iter().map(|x| (&x.0, format!("/c/{}", x.2))),
        );
        sitemap_urls(&mut out, &pages, None);
    }
    let texts = store::listing::sitemap_texts(&mut conn, t.id()).await?;
    for group in texts.chunk_by(|a, b| a.product_id == b.product_id) {
        let pages = sitemap_pages(
            &t,
            &origin,
            &offered,
            group.iter().map(|x| (&x.lang, format!("/p/{}", x.slug))),
        );
        sitemap_urls(&mut out, &pages, group.first().map(|x| x.updated_at));
    }
    let collections = store::collection::all_texts(&mut conn, t.id()).await?;
    for group in collections.chunk_by(|a, b| a.collection_id == b.collection_id) {
        let pages = sitemap_pages(
            &t,
            &origin,
            &offered,
            group
                .iter()
                .map(|x| (&x.lang, format!("/collections/{}", x.slug))),
        );
        sitemap_urls(&mut out, &pages, None);
    }
    for tag in store::collection::visible_tags(&mut conn, t.id()).await? {
        let pages: Vec<(String, String)> = offered
            .iter()
            .map(|l| {
                (
                    l.clone(),
                    format!(
                        "{origin}{}",
                        lang_url(&t, &format!("/t/{}", urlencode(&tag)), l)
                    ),
                )
            })
            .collect();
        sitemap_urls(&mut out, &pages, None);
    }
    out.push_str("</urlset>\n");
    Ok((
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        out,
    )
        .into_response())
}

async fn robots(State(st): State<AppState>, t: Tenant, headers: HeaderMap) -> Response {
    let origin = origin(&st, &t, &headers);
    let body = format!(
        "User-agent: *\nAllow: {base}/\nDisallow: {base}/admin/\nDisallow: {base}/api/\nSitemap: {origin}{base}/sitemap.xml\n",
        base = t.base
    );
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}
