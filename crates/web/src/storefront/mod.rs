//! The storefront: a shop's home in its theme and language, its catalog (category pages with
//! filters, product pages with the no-JavaScript variant picker and each kind's block, search),
//! what search engines read (canonical links, hreflang alternates, Open Graph, JSON-LD, sitemap,
//! robots.txt), its legal notice generated from its legal identity, its content pages, its theme
//! stylesheet and its media.

mod category;
mod feeds;
mod home;
pub(crate) mod interest;
mod lists;
mod neighbours;
mod pages;
mod product;
mod product_kind;
mod product_ld;
mod search;
mod seo;

pub mod booking;

pub(crate) use search::SearchQuery;

use axum::http::{header, HeaderMap};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use domain::locale::Lang;
use domain::money::{Currency, Money};

use std::collections::HashMap;

use crate::app::shop_path;
use crate::catalog_images::ImageView;
use crate::ctx::{urlencode, Ctx};
use crate::error::AppResult;
use crate::shop_data::CatNode;
use crate::state::AppState;
use crate::tenant::Tenant;

use self::category::category;
use self::home::home;
use self::lists::{collection, tag};
use self::pages::{legal_notice, media_file, page, theme};
use self::product::product;
use self::search::search;
use self::seo::{robots, sitemap};

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
        .route(&shop_path("/feeds/google.xml"), get(feeds::merchant))
        .route(&shop_path("/feeds/new.atom"), get(feeds::atom))
        .route(interest::ASK_ROUTE, axum::routing::post(interest::ask))
        .route(&shop_path("/interest/{token}"), get(interest::show))
        .route(
            &shop_path("/interest/{token}/confirm"),
            axum::routing::post(interest::confirm),
        )
        .route(
            &shop_path("/interest/{token}/cancel"),
            axum::routing::post(interest::cancel),
        )
}

/// The one-click withdrawal mail clients post (RFC 8058), without cookie or origin: outside the
/// CSRF layer, authorised by the link's token alone.
pub fn one_click_routes() -> Router<AppState> {
    Router::new().route(
        &shop_path("/interest/{token}/unsubscribe"),
        get(interest::one_click_page).post(interest::one_click),
    )
}

// ---- shared by the pages: addresses, what search engines read, product cards -------------------

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

pub(crate) struct CardView {
    pub(crate) title: String,
    pub(crate) href: String,
    pub(crate) price: String,
    /// The price shown, in minor units (for the estimate in another currency).
    pub(crate) price_minor: i64,
    pub(crate) status: String,
    pub(crate) image: Option<ImageView>,
}

/// `scheme://host` of the shop's pages: the platform's public URL for `/s/{slug}` addresses,
/// the request's host on a shop's own domain.
pub(crate) fn origin(st: &AppState, t: &Tenant, headers: &HeaderMap) -> String {
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
fn json_ld<T: serde::Serialize>(v: &T) -> String {
    let s = serde_json::to_string(v).unwrap_or_default();
    if !s.contains(['<', '>', '&']) {
        return s;
    }
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

pub(crate) fn currency(t: &Tenant) -> Currency {
    Currency::parse(&t.shop.currency).unwrap_or(Currency::EUR)
}

pub(crate) fn money(t: &Tenant, c: &Ctx, minor: i64) -> String {
    Money::new(minor, currency(t)).format(c.lang)
}

/// "★★★★☆": drawn for the eye only, the text beside it says the rating.
pub(crate) fn stars(rating: i64) -> String {
    let n = rating.clamp(0, 5) as usize;
    format!("{}{}", "★".repeat(n), "☆".repeat(5 - n))
}

/// A promotion's refusal in the reader's words, its minimum order (`min`, in minor units of the
/// shop's currency) written as money: "30,00 €". The admin's form, the cart and the recap say
/// them all this way; any other refusal is said as it is.
pub(crate) fn promotion_text(t: &Tenant, c: &Ctx, e: &domain::ValidationError) -> String {
    let mut e = e.clone();
    for (name, value) in e.args.iter_mut() {
        if *name == "min" && e.code.starts_with("promotion-") {
            if let Ok(minor) = value.parse::<i64>() {
                *value = money(t, c, minor);
            }
        }
    }
    c.err(&e)
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

pub(crate) fn card_view(
    t: &Tenant,
    c: &Ctx,
    tax: &domain::tax::TaxProfile,
    card: &store::listing::Card,
    images: &HashMap<i64, Vec<store::catalog_images::Image>>,
) -> CardView {
    let class = domain::catalog::VatClass::parse(&card.vat_class)
        .unwrap_or(domain::catalog::VatClass::Standard);
    let price_minor = domain::tax::shown_price(tax, class, card.price_minor);
    CardView {
        price_minor,
        title: card.title.clone(),
        href: href(t, c, &format!("/p/{}", card.slug)),
        price: money(t, c, price_minor),
        status: card.status.clone(),
        image: images
            .get(&card.id)
            .and_then(|i| i.first())
            .map(|i| ImageView::new(&t.base, i, c.lang.as_str(), &t.shop.default_lang)),
    }
}

/// The first image of each listed product, in one query for the page.
pub(crate) async fn card_images(
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
