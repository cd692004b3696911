//! The tenant context: which shop a request is for, resolved once, before routing, from the Host
//! (`{slug}.{platform domain}` or a verified custom domain) or the `/s/{slug}` prefix.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use domain::locale::Lang;

use crate::error::AppError;
use crate::state::AppState;

#[derive(Clone)]
pub struct Tenant {
    pub shop: Arc<store::shop::Shop>,
    /// Prefix of every link inside this shop: "/s/{slug}" locally, "" on the shop's own host.
    pub base: String,
}

impl Tenant {
    pub fn id(&self) -> store::id::ShopId {
        self.shop.sid()
    }
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

/// The language of a storefront page, taken from its address: the shop's default language at the
/// root, every other language under its prefix (`/en/p/…`), stripped here before routing.
#[derive(Clone)]
pub struct PageLang {
    pub lang: Lang,
    /// The page's address inside the shop, without the language prefix, with its query.
    pub rest: String,
}

/// `/{lang}` in front of a page in `lang`: none for the shop's default language.
pub fn lang_prefix(shop: &store::shop::Shop, lang: &str) -> String {
    if lang == shop.default_lang {
        String::new()
    } else {
        format!("/{lang}")
    }
}

/// A 301 to `to`: what search engines expect when an address has moved for good.
pub fn moved_permanently(to: &str) -> Response {
    match axum::http::HeaderValue::from_str(to) {
        Ok(v) => (
            axum::http::StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, v)],
        )
            .into_response(),
        Err(_) => AppError::NotFound.into_response(),
    }
}

/// Parts of a shop that are not pages in a language of the shop (their language is the visitor's).
fn is_backoffice(rest: &str) -> bool {
    ["/admin", "/api/", "/lang/"]
        .iter()
        .any(|p| rest == p.trim_end_matches('/') || rest.starts_with(p))
}

/// The query without its `lang=` parameters, and the last language they named.
fn take_lang_param(query: &str) -> (Option<String>, String) {
    let mut lang = None;
    let mut kept = Vec::new();
    for kv in query.split('&').filter(|kv| !kv.is_empty()) {
        match kv.strip_prefix("lang=") {
            Some(l) => lang = Some(l.to_string()),
            None => kept.push(kv),
        }
    }
    (lang, kept.join("&"))
}

fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// Reads the page language from the address (the `/{lang}` prefix), or answers the redirect to
/// the clean address: a default-language prefix and old `?lang=` links move permanently.
fn page_lang(
    shop: &store::shop::Shop,
    base: &str,
    slug: &str,
    rest: &str,
    req: &mut Request,
) -> Result<Option<PageLang>, Box<Response>> {
    if is_backoffice(rest) {
        return Ok(None);
    }
    let langs = crate::ctx::shop_langs(shop);
    let default = Lang::parse(&shop.default_lang).unwrap_or(langs[0]);
    let query = req.uri().query().unwrap_or("").to_string();
    let (seg, after) = match rest[1.min(rest.len())..].split_once('/') {
        Some((seg, after)) => (seg, format!("/{after}")),
        None => (&rest[1.min(rest.len())..], String::new()),
    };
    let prefixed = langs
        .iter()
        .copied()
        .find(|l| l.as_str() == seg && !seg.is_empty());
    let (lang, page) = match prefixed {
        Some(l) => (l, after),
        None => (default, rest.to_string()),
    };
    let moved = |lang: Lang, page: &str, query: &str| -> Response {
        let page = if page.is_empty() { "/" } else { page };
        let to = format!("{base}{}{page}", lang_prefix(shop, lang.as_str()));
        moved_permanently(&with_query(&to, query))
    };
    let (asked, kept) = take_lang_param(&query);
    let get = req.method() == axum::http::Method::GET || req.method() == axum::http::Method::HEAD;
    if let Some(asked) = asked.filter(|_| get) {
        let l = Lang::parse(&asked)
            .ok()
            .filter(|l| langs.contains(l))
            .unwrap_or(lang);
        return Err(Box::new(moved(l, &page, &kept)));
    }
    if prefixed.is_some() && get && (lang == default || page.is_empty()) {
        return Err(Box::new(moved(lang, &page, &query)));
    }
    if prefixed.is_some() {
        match with_query(&format!("/s/{slug}{page}"), &query).parse::<Uri>() {
            Ok(u) => *req.uri_mut() = u,
            Err(_) => return Err(Box::new(AppError::NotFound.into_response())),
        }
    }
    Ok(Some(PageLang {
        lang,
        rest: with_query(&page, &query),
    }))
}

impl<S: Send + Sync> FromRequestParts<S> for Tenant {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Tenant>()
            .cloned()
            .ok_or(AppError::NotFound)
    }
}

pub fn host_of(headers: &axum::http::HeaderMap) -> String {
    let raw = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let h = match raw.rsplit_once(':') {
        Some((a, p))
            if !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) && !a.ends_with(':') =>
        {
            a
        }
        _ => raw,
    };
    h.to_ascii_lowercase()
}

fn is_plain_host(host: &str) -> bool {
    host.is_empty()
        || host == "localhost"
        || host.parse::<std::net::IpAddr>().is_ok()
        || host.starts_with('[')
}

/// Shops' rows as read by recent requests, so that a shopper's page served from the page cache
/// costs no database round trip. Only visitors without a session use it, only for reads, and an
/// entry is read again once older than the configured delay: a change made through another node
/// (or by `vitrine import`) reaches this node's shoppers within that delay. A change made through
/// this node empties it at once, and staff and operators always read the database.
pub struct ShopCache {
    /// By slug.
    shops: Recent<Arc<store::shop::Shop>>,
    /// Verified custom domains and their shop's slug (only hosts found: an unknown host costs a
    /// query, not memory).
    domains: Recent<String>,
}

/// Values read recently, each good for `ttl` after it was read.
struct Recent<V> {
    ttl: Duration,
    map: RwLock<HashMap<String, (V, Instant)>>,
}

/// More entries than this in memory and a map starts over (a bound, not a working size).
const SHOP_CACHE_MAX: usize = 100_000;

impl<V: Clone> Recent<V> {
    fn new(ttl: Duration) -> Self {
        Recent {
            ttl,
            map: RwLock::new(HashMap::new()),
        }
    }

    fn get(&self, key: &str) -> Option<V> {
        let map = self.map.read().ok()?;
        let (v, at) = map.get(key)?;
        (at.elapsed() < self.ttl).then(|| v.clone())
    }

    fn put(&self, key: &str, v: V) {
        if self.ttl.is_zero() {
            return;
        }
        if let Ok(mut map) = self.map.write() {
            if map.len() >= SHOP_CACHE_MAX {
                map.clear();
            }
            map.insert(key.to_string(), (v, Instant::now()));
        }
    }

    fn clear(&self) {
        if let Ok(mut map) = self.map.write() {
            map.clear();
        }
    }

    fn forget(&self, keep: impl Fn(&str, &V) -> bool) {
        if let Ok(mut map) = self.map.write() {
            map.retain(|k, (v, _)| keep(k, v));
        }
    }
}

impl ShopCache {
    pub fn new(ttl: Duration) -> ShopCache {
        ShopCache {
            shops: Recent::new(ttl),
            domains: Recent::new(ttl),
        }
    }

    /// Forgets every shop: after a write made through this node outside any shop (the
    /// operator's, a sign-up), which may change any of them.
    pub fn clear(&self) {
        self.shops.clear();
        self.domains.clear();
    }

    /// Forgets one shop and the domains that lead to it: after a write made through this node
    /// in that shop (its admin, its cart and checkout), which changes no other shop. A busy
    /// shop's orders leave the other shops' entries alone.
    pub fn forget(&self, slug: &str) {
        self.shops.forget(|k, _| k != slug);
        self.domains.forget(|_, s| s != slug);
    }
}

/// Whether this request may use [`ShopCache`]: a read by a visitor without a session.
fn may_use_cached_shop(req: &Request) -> bool {
    matches!(*req.method(), Method::GET | Method::HEAD)
        && crate::cookies::get(req.headers(), crate::cookies::STAFF).is_none()
        && crate::cookies::get(req.headers(), crate::cookies::OPERATOR).is_none()
}

/// Middleware run before routing: finds the shop, rewrites host-based requests to the
/// `/s/{slug}` form the router knows, refuses unknown shops and closes suspended ones.
pub async fn resolve(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let mut in_shop = None;
    let res = resolve_shop(&st, req, next, &mut in_shop).await;
    // A refused form (bad token, invalid fields, wrong password) changed no shop: a flood of
    // them must not keep this node reading every shop again.
    if writes && (res.status().is_success() || res.status().is_redirection()) {
        match in_shop {
            Some(slug) => st.shops.forget(&slug),
            None => st.shops.clear(),
        }
    }
    res
}

/// `in_shop`: the slug of the shop the request was routed to, once known.
async fn resolve_shop(
    st: &AppState,
    mut req: Request,
    next: Next,
    in_shop: &mut Option<String>,
) -> Response {
    let host = host_of(req.headers());
    let path = req.uri().path().to_string();
    let mut slug: Option<String> = None;
    let mut host_mode = false;

    if !is_plain_host(&host) {
        if let Some(domain) = &st.config.platform_domain {
            if let Some(sub) = host.strip_suffix(&format!(".{domain}")) {
                if !sub.contains('.') && sub != "www" {
                    slug = Some(sub.to_string());
                    host_mode = true;
                }
            }
        }
        let is_platform = st.config.platform_domain.as_deref() == Some(host.as_str())
            || st
                .config
                .public_url
                .split("://")
                .nth(1)
                .map(|h| h.split(['/', ':']).next() == Some(&host))
                .unwrap_or(false);
        let cached = (slug.is_none() && !is_platform && may_use_cached_shop(&req))
            .then(|| st.shops.domains.get(&host))
            .flatten();
        if let Some(s) = cached {
            slug = Some(s);
            host_mode = true;
        } else if slug.is_none() && !is_platform {
            let mut c = match st.store.reader().await {
                Ok(c) => c,
                Err(e) => return AppError::from(e).into_response(),
            };
            match store::shop::slug_for_domain(&mut c, &host).await {
                Ok(Some(s)) => {
                    st.shops.domains.put(&host, s.clone());
                    slug = Some(s);
                    host_mode = true;
                }
                Ok(None) if st.config.platform_domain.is_some() => {
                    // A host we do not serve (an unverified custom domain, a typo): no shop here.
                    return AppError::NotFound.into_response();
                }
                Ok(None) => {}
                Err(e) => return AppError::from(e).into_response(),
            }
        }
    }
    let rest: String;
    let original = req.uri().clone();
    req.extensions_mut()
        .insert(axum::extract::OriginalUri(original));
    if host_mode {
        rest = path.clone();
        let slug = slug.as_deref().unwrap_or_default();
        let pq = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        let new = format!("/s/{slug}{pq}");
        match new.parse::<Uri>() {
            Ok(u) => *req.uri_mut() = u,
            Err(_) => return AppError::NotFound.into_response(),
        }
    } else if let Some(after) = path.strip_prefix("/s/") {
        let (s, r) = after
            .split_once('/')
            .map(|(s, r)| (s, format!("/{r}")))
            .unwrap_or((after, String::new()));
        if r.is_empty() {
            // `/s/slug` → `/s/slug/`, the canonical home address.
            return axum::response::Redirect::permanent(&format!("/s/{s}/")).into_response();
        }
        slug = Some(s.to_string());
        rest = r;
    } else {
        return next.run(req).await;
    }
    let slug = slug.unwrap_or_default();
    *in_shop = Some(slug.clone());
    let cacheable = may_use_cached_shop(&req);
    let shop = match cacheable.then(|| st.shops.shops.get(&slug)).flatten() {
        Some(shop) => shop,
        None => {
            let shop = match st.store.reader().await {
                Ok(mut c) => store::shop::by_slug(&mut c, &slug).await,
                Err(e) => Err(e),
            };
            let shop = match shop {
                Ok(Some(s)) => Arc::new(s),
                Ok(None) => return AppError::NotFound.into_response(),
                Err(e) => return AppError::from(e).into_response(),
            };
            if cacheable {
                st.shops.shops.put(&slug, shop.clone());
            }
            shop
        }
    };
    tracing::Span::current().record("shop_id", shop.id);
    if shop.is_suspended()
        && !rest.starts_with("/admin")
        && !rest.starts_with("/theme.css")
        && !rest.starts_with("/media/")
    {
        return AppError::Closed.into_response();
    }
    let base = if host_mode {
        String::new()
    } else {
        format!("/s/{slug}")
    };
    match page_lang(&shop, &base, &slug, &rest, &mut req) {
        Ok(Some(p)) => {
            req.extensions_mut().insert(p);
        }
        Ok(None) => {}
        Err(moved) => return *moved,
    }
    // Where the visitor came from, counted once the page is known (a cached one included).
    let visit = crate::attribution::landing(st, &req, &shop, &base);
    req.extensions_mut().insert(Tenant { shop, base });
    let mut res = match crate::page_cache::lookup(st, &mut req) {
        Some(hit) => hit,
        None => next.run(req).await,
    };
    if let Some(v) = visit {
        crate::attribution::finish(st, v, &mut res);
    }
    res
}
