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
    pub fn shop_id(&self) -> i64 {
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

/// The client's address: the socket peer, or the first X-Forwarded-For hop behind a trusted proxy.
pub fn client_ip(
    headers: &HeaderMap,
    peer: Option<std::net::SocketAddr>,
    trust_proxy: bool,
) -> String {
    if trust_proxy {
        if let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            return ip.to_string();
        }
    }
    peer.map(|p| p.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
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

/// Rate limits for logins: per account and per address, over a sliding window.
pub mod limits {
    pub const WINDOW_SECONDS: i64 = 15 * 60;
    pub const PER_ACCOUNT: i64 = 5;
    pub const PER_IP: i64 = 20;

    /// Records a failed attempt against the account and the address, in its own transaction (a
    /// failure must count even though the request then fails).
    pub async fn record_failure(
        st: &store::Store,
        account_key: &str,
        ip_key: &str,
    ) -> store::Result<()> {
        let mut tx = st.begin().await?;
        store::account::record_login_failure(&mut tx, account_key).await?;
        store::account::record_login_failure(&mut tx, ip_key).await?;
        store::commit(tx).await
    }

    /// True when another attempt for this account from this address must be refused now.
    pub async fn blocked(
        conn: &mut store::Conn,
        account_key: &str,
        ip_key: &str,
    ) -> store::Result<bool> {
        let since = store::now() - WINDOW_SECONDS;
        Ok(
            store::account::login_failures_since(conn, account_key, since).await? >= PER_ACCOUNT
                || store::account::login_failures_since(conn, ip_key, since).await? >= PER_IP,
        )
    }
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
