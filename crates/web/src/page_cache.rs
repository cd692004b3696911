//! The storefront's rendered-page cache: GET pages kept in memory under the shop's catalog
//! version, kept in the database and read by the tenant lookup (`tenant::ShopCache`: for
//! shoppers, at most `shop_cache_ms` old). Any write to a shop bumps that version, so every node
//! sharing the database stops serving the old pages, the node that made the change at once and
//! the others within that delay, without talking to each other; old versions just age out.
//!
//! What may differ between two visitors of the same address is part of the key: the host (the
//! canonical links carry it), the path and query, and the language the page is rendered in
//! (from the language part of its address, see `tenant::PageLang`). Storefront pages carry no
//! CSRF token and no session; a response that sets a cookie or shows the visitor's CSRF token
//! is never stored.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::csrf::CsrfToken;
use crate::state::AppState;
use crate::tenant::Tenant;

/// Memory for cached pages on one node (bodies and headers, roughly).
pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;
/// A page larger than this is served but not kept (a huge sitemap would evict everything).
const MAX_ENTRY_BYTES: usize = 8 * 1024 * 1024;

/// The storefront's HTML pages that are the same for every visitor: cached, and where a visit
/// can start (see `attribution`).
pub(crate) const PAGE_ROUTES: &[&str] = &[
    "/s/{slug}/",
    "/s/{slug}/mentions-legales",
    "/s/{slug}/pages/{page}",
    "/s/{slug}/c/{category}",
    "/s/{slug}/p/{product}",
    "/s/{slug}/search",
    "/s/{slug}/collections/{collection}",
    "/s/{slug}/t/{tag}",
];

/// The storefront's files that are the same for every visitor, cached too (theme.css and media
/// have their own caching).
const FILE_ROUTES: &[&str] = &[
    "/s/{slug}/sitemap.xml",
    "/s/{slug}/robots.txt",
    "/s/{slug}/feeds/google.xml",
    "/s/{slug}/feeds/new.atom",
];

fn cached_route(route: &str) -> bool {
    PAGE_ROUTES.contains(&route) || FILE_ROUTES.contains(&route)
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    shop: i64,
    version: i64,
    /// The shop's partners' versions (`Shop::neighbours`): their products show on its pages.
    neighbours: i64,
    lang: &'static str,
    host: String,
    path_and_query: String,
}

struct Entry {
    /// The route that rendered the page (a hit answered before routing still counts under it).
    route: MatchedPath,
    headers: HeaderMap,
    body: Bytes,
    etag: HeaderValue,
    bytes: usize,
}

#[derive(Default)]
struct Inner {
    map: HashMap<Key, Arc<Entry>>,
    /// Insertion order, for eviction (oldest first: pages of old versions leave first).
    order: VecDeque<Key>,
    bytes: usize,
}

/// A byte-bounded map of rendered pages, shared by the node's requests.
pub struct PageCache {
    inner: Mutex<Inner>,
    max_bytes: usize,
}

impl PageCache {
    pub fn new(max_bytes: usize) -> PageCache {
        PageCache {
            inner: Mutex::new(Inner::default()),
            max_bytes,
        }
    }

    fn get(&self, key: &Key) -> Option<Arc<Entry>> {
        self.inner.lock().ok()?.map.get(key).cloned()
    }

    fn put(&self, key: Key, entry: Entry) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if entry.bytes > self.max_bytes || inner.map.contains_key(&key) {
            return;
        }
        inner.bytes += entry.bytes;
        inner.order.push_back(key.clone());
        inner.map.insert(key, Arc::new(entry));
        while inner.bytes > self.max_bytes {
            let Some(old) = inner.order.pop_front() else {
                break;
            };
            if let Some(e) = inner.map.remove(&old) {
                inner.bytes -= e.bytes;
            }
        }
    }

    /// Bytes held now (for tests and metrics).
    pub fn used_bytes(&self) -> usize {
        self.inner.lock().map(|i| i.bytes).unwrap_or(0)
    }
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache::new(DEFAULT_MAX_BYTES)
    }
}

/// The page for this request if it is in the cache, answered without routing: called by the
/// tenant lookup once the shop and the page's language are known. Only pages of the cached
/// routes are ever stored, under keys no other request can have, so any entry found is the
/// answer. On a miss the key stays on the request, for [`serve`] to store the page under.
pub fn lookup(st: &AppState, req: &mut Request) -> Option<Response> {
    if req.method() != Method::GET {
        return None;
    }
    let key = key_of(req)?;
    match st.pages.get(&key) {
        Some(e) => {
            let mut res = respond(&e, req.headers().get(header::IF_NONE_MATCH), "hit");
            res.extensions_mut()
                .insert(crate::app::RouteName(e.route.clone()));
            Some(res)
        }
        None => {
            req.extensions_mut().insert(key);
            None
        }
    }
}

/// Route layer of the storefront: stores the pages of the cached routes that [`lookup`] missed.
pub async fn serve(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let key = req.extensions_mut().remove::<Key>();
    let route = req.extensions().get::<MatchedPath>().cloned();
    let (Some(key), Some(route)) = (key, route) else {
        return next.run(req).await;
    };
    if !cached_route(route.as_str()) {
        return next.run(req).await;
    }
    keep(&st, key, route, req, next).await
}

/// The mall's pages (the platform's home, its directory and its search): the same for every
/// visitor, but made of every listed shop, whose own versions they cannot follow. They are
/// kept under a generation that changes every [`MALL_TTL_SECS`], and at once on this node when
/// it makes a change the directory shows (`AppState::mall_changed`): a product another node
/// changed reaches the mall's search within that delay.
const MALL_ROUTES: &[&str] = &["/", "/shops", "/search"];

/// How long a mall page may be served from memory.
pub const MALL_TTL_SECS: i64 = 60;

/// Route layer of the platform's pages: answers the mall's pages from memory, and keeps them.
pub async fn serve_mall(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().cloned();
    let Some(route) = route.filter(|r| MALL_ROUTES.contains(&r.as_str())) else {
        return next.run(req).await;
    };
    if req.method() != Method::GET {
        return next.run(req).await;
    }
    let lang =
        crate::ctx::request_lang(req.extensions(), req.headers(), domain::locale::Lang::all());
    let key = Key {
        shop: 0,
        version: (store::now() / MALL_TTL_SECS) * 1_000_000 + st.mall_generation(),
        neighbours: 0,
        lang: lang.as_str(),
        host: host_of(&req),
        path_and_query: path_and_query(&req),
    };
    if let Some(e) = st.pages.get(&key) {
        return respond(&e, req.headers().get(header::IF_NONE_MATCH), "hit");
    }
    keep(&st, key, route, req, next).await
}

/// Renders the page and keeps it under `key` when it is the same for every visitor.
async fn keep(st: &AppState, key: Key, route: MatchedPath, req: Request, next: Next) -> Response {
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let token = req.extensions().get::<CsrfToken>().cloned();
    let res = next.run(req).await;
    // A page showing the visitor's CSRF token (a form) is theirs alone.
    if res.status() != StatusCode::OK
        || res.headers().contains_key(header::SET_COOKIE)
        || token.is_some_and(|t| t.shown())
    {
        return res;
    }
    let (parts, body) = res.into_parts();
    // Handlers render whole pages in memory: collecting the body costs no more than a copy.
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            return crate::error::AppError::Internal(anyhow::anyhow!("page body: {e}"))
                .into_response()
        }
    };
    if body.len() > MAX_ENTRY_BYTES {
        return Response::from_parts(parts, Body::from(body));
    }
    let etag = etag_for(&key, &body);
    let bytes = body.len()
        + key.host.len()
        + key.path_and_query.len()
        + parts
            .headers
            .iter()
            .map(|(k, v)| k.as_str().len() + v.len())
            .sum::<usize>()
        + 128;
    let entry = Entry {
        route,
        headers: parts.headers,
        body,
        etag,
        bytes,
    };
    let out = respond(&entry, if_none_match.as_ref(), "miss");
    st.pages.put(key, entry);
    out
}

fn key_of(req: &Request) -> Option<Key> {
    let t = req.extensions().get::<Tenant>()?;
    let langs = crate::ctx::shop_langs(&t.shop);
    let lang = crate::ctx::request_lang(req.extensions(), req.headers(), &langs);
    Some(Key {
        shop: t.shop.id,
        version: t.shop.version,
        neighbours: t.shop.neighbours,
        lang: lang.as_str(),
        host: host_of(req),
        path_and_query: path_and_query(req),
    })
}

fn host_of(req: &Request) -> String {
    req.headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn path_and_query(req: &Request) -> String {
    req.uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default()
}

/// A strong validator: a hash of the key and the body. It says nothing about the shop (no id,
/// no version in clear), and every node running the same build gives the same page the same one.
fn etag_for(key: &Key, body: &[u8]) -> HeaderValue {
    use std::hash::{Hash, Hasher};
    // SipHash: several times faster than a byte-at-a-time hash on a page of tens of kilobytes;
    // a collision only costs a needless 200.
    let mut h = std::hash::DefaultHasher::new();
    (
        key.version,
        key.neighbours,
        key.lang,
        &key.host,
        &key.path_and_query,
    )
        .hash(&mut h);
    body.hash(&mut h);
    HeaderValue::from_str(&format!("\"{:016x}\"", h.finish())).expect("ascii etag")
}

fn respond(e: &Entry, if_none_match: Option<&HeaderValue>, state: &'static str) -> Response {
    let matches = if_none_match
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(',')
                .any(|t| t.trim() == "*" || t.trim().trim_start_matches("W/") == e.etag)
        })
        .unwrap_or(false);
    let mut res = if matches {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        for name in [header::CACHE_CONTROL, header::VARY] {
            if let Some(v) = e.headers.get(&name) {
                r.headers_mut().insert(name, v.clone());
            }
        }
        r
    } else {
        let mut r = Response::new(Body::from(e.body.clone()));
        *r.headers_mut() = e.headers.clone();
        r
    };
    let h = res.headers_mut();
    h.insert(header::ETAG, e.etag.clone());
    h.insert("x-page-cache", HeaderValue::from_static(state));
    res
}
