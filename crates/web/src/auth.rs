//! Who is asking: the staff member of this shop (from the shop's session cookie) or the platform
//! operator. Extractors that either yield the person or send them to the login page.

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use domain::account::Role;

use crate::cookies;
use crate::ctx::urlencode;
use crate::error::AppError;
use crate::state::AppState;
use crate::tenant::Tenant;

#[derive(Clone)]
pub struct StaffAuth {
    pub staff: store::account::Staff,
    pub role: Role,
    pub tenant: Tenant,
    pub token: String,
}

impl StaffAuth {
    pub fn require(&self, allowed: fn(Role) -> bool) -> Result<(), AppError> {
        if allowed(self.role) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
    pub fn shop_id(&self) -> store::id::ShopId {
        self.tenant.id()
    }
}

pub enum AuthRejection {
    Login(String),
    Error(AppError),
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        match self {
            AuthRejection::Login(to) => Redirect::to(&to).into_response(),
            AuthRejection::Error(e) => e.into_response(),
        }
    }
}

impl From<AppError> for AuthRejection {
    fn from(e: AppError) -> Self {
        AuthRejection::Error(e)
    }
}

fn original_path(parts: &Parts) -> String {
    parts
        .extensions
        .get::<OriginalUri>()
        .map(|u| u.0.clone())
        .unwrap_or_else(|| parts.uri.clone())
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into())
}

impl FromRequestParts<AppState> for StaffAuth {
    type Rejection = AuthRejection;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AuthRejection> {
        let tenant = Tenant::from_request_parts(parts, st).await?;
        let login = format!(
            "{}/admin/login?next={}",
            tenant.base,
            urlencode(&original_path(parts))
        );
        let Some(token) = cookies::get(&parts.headers, cookies::STAFF) else {
            return Err(AuthRejection::Login(login));
        };
        let mut c = st.store.reader().await.map_err(AppError::from)?;
        let Some((_, staff)) = store::account::session(&mut c, tenant.id(), &token)
            .await
            .map_err(AppError::from)?
        else {
            return Err(AuthRejection::Login(login));
        };
        let role = Role::parse(&staff.role).map_err(|_| AppError::Forbidden)?;
        if tenant.shop.is_suspended() && role != Role::Owner {
            return Err(AppError::Closed.into());
        }
        tracing::Span::current().record("staff_id", staff.id);
        Ok(StaffAuth {
            staff,
            role,
            tenant,
            token,
        })
    }
}

/// Like [`StaffAuth`] but for JSON endpoints: no redirect, a 401 problem instead.
pub struct ApiStaff(pub StaffAuth);

impl FromRequestParts<AppState> for ApiStaff {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Response> {
        match StaffAuth::from_request_parts(parts, st).await {
            Ok(a) => Ok(ApiStaff(a)),
            Err(AuthRejection::Login(_)) => Err(crate::api::problem(
                axum::http::StatusCode::UNAUTHORIZED,
                "authentication required",
            )),
            Err(AuthRejection::Error(AppError::NotFound)) => Err(crate::api::problem(
                axum::http::StatusCode::NOT_FOUND,
                "not found",
            )),
            Err(AuthRejection::Error(e)) => Err(e.into_response()),
        }
    }
}

#[derive(Clone)]
pub struct OperatorAuth {
    pub id: i64,
    pub email: String,
    pub token: String,
}

impl FromRequestParts<AppState> for OperatorAuth {
    type Rejection = AuthRejection;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AuthRejection> {
        let login = format!("/operator/login?next={}", urlencode(&original_path(parts)));
        let Some(token) = cookies::get(&parts.headers, cookies::OPERATOR) else {
            return Err(AuthRejection::Login(login));
        };
        let mut c = st.store.reader().await.map_err(AppError::from)?;
        match store::operator::session(&mut c, &token)
            .await
            .map_err(AppError::from)?
        {
            Some((id, email, _)) => Ok(OperatorAuth { id, email, token }),
            None => Err(AuthRejection::Login(login)),
        }
    }
}

/// The client's address: the socket peer, or behind a trusted proxy the address that proxy saw.
///
/// Each proxy appends the address it saw to `X-Forwarded-For`; with `trusted_proxy_hops` proxies
/// of ours in front, that is the entry so many places from the right. Entries to its left were
/// written by the client itself and prove nothing (a limit keyed on them is no limit).
pub fn client_ip(
    headers: &HeaderMap,
    peer: Option<std::net::SocketAddr>,
    config: &crate::Config,
) -> String {
    let peer_ip = || {
        peer.map(|p| p.ip().to_string())
            .unwrap_or_else(|| "unknown".into())
    };
    if !config.trust_proxy {
        return peer_ip();
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    let n = config.trusted_proxy_hops.max(1);
    // Fewer entries than proxies: the request passed fewer of them, all entries are theirs.
    let seen = hops
        .len()
        .checked_sub(n)
        .and_then(|i| hops.get(i))
        .or(hops.first());
    seen.and_then(|h| {
        h.parse::<std::net::IpAddr>()
            .or_else(|_| h.parse::<std::net::SocketAddr>().map(|a| a.ip()))
            .ok()
    })
    .map(|ip| ip.to_string())
    .unwrap_or_else(peer_ip)
}

pub fn is_https(headers: &HeaderMap, st: &AppState) -> bool {
    st.config.secure_cookies
        || (st.config.trust_proxy
            && headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                == Some("https"))
}

pub fn user_agent(headers: &HeaderMap) -> String {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect()
}

/// The socket peer's address, when the server was started with connect info (tests may not be).
pub struct Peer(pub Option<std::net::SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut Parts,
        _: &S,
    ) -> Result<Self, std::convert::Infallible> {
        Ok(Peer(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(xff: &[&str], trust: bool, hops: usize) -> String {
        let mut c = crate::Config::with_data_dir("/nonexistent");
        c.trust_proxy = trust;
        c.trusted_proxy_hops = hops;
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        client_ip(&h, Some("10.0.0.9:4000".parse().unwrap()), &c)
    }

    #[test]
    fn the_address_is_the_one_our_proxies_saw_not_what_the_client_wrote() {
        // Not behind a proxy: the header is the client's word, the socket is the truth.
        assert_eq!(ip(&["1.2.3.4"], false, 1), "10.0.0.9");
        // One proxy appended what it saw after whatever the client sent.
        assert_eq!(ip(&["6.6.6.6, 203.0.113.7"], true, 1), "203.0.113.7");
        assert_eq!(ip(&["6.6.6.6", "203.0.113.7"], true, 1), "203.0.113.7");
        // Two proxies (a CDN, then ours): the CDN's view is second from the right.
        assert_eq!(
            ip(&["6.6.6.6, 203.0.113.7, 198.51.100.2"], true, 2),
            "203.0.113.7"
        );
        assert_eq!(ip(&["203.0.113.7"], true, 2), "203.0.113.7");
        // No header, or nonsense where the address should be: the socket peer.
        assert_eq!(ip(&[], true, 1), "10.0.0.9");
        assert_eq!(ip(&["1.2.3.4, nonsense"], true, 1), "10.0.0.9");
        assert_eq!(ip(&["[2001:db8::1]:443"], true, 1), "2001:db8::1");
    }
}
