//! The tenant context: which shop a request is for, resolved once, before routing, from the Host
//! (`{slug}.{platform domain}` or a verified custom domain) or the `/s/{slug}` prefix.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;

#[derive(Clone)]
pub struct Tenant {
    pub shop: Arc<store::shop::Shop>,
    /// Prefix of every link inside this shop: "/s/{slug}" locally, "" on the shop's own host.
    pub base: String,
}

impl Tenant {
    pub fn id(&self) -> i64 {
        self.shop.id
    }
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
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

/// Middleware run before routing: finds the shop, rewrites host-based requests to the
/// `/s/{slug}` form the router knows, refuses unknown shops and closes suspended ones.
pub async fn resolve(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
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
        if slug.is_none() && !is_platform {
            let mut c = match st.store.reader().await {
                Ok(c) => c,
                Err(e) => return AppError::from(e).into_response(),
            };
            match store::shop::slug_for_domain(&mut c, &host).await {
                Ok(Some(s)) => {
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
    let shop = match st.store.reader().await {
        Ok(mut c) => store::shop::by_slug(&mut c, &slug).await,
        Err(e) => Err(e),
    };
    let shop = match shop {
        Ok(Some(s)) => s,
        Ok(None) => return AppError::NotFound.into_response(),
        Err(e) => return AppError::from(e).into_response(),
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
    req.extensions_mut().insert(Tenant {
        shop: Arc::new(shop),
        base,
    });
    next.run(req).await
}
