//! Downloading pictures named by an imported CSV, safely: http and https only, a timeout, a size
//! cap, a few redirects at most, and no request to the machine's own network (loopback, private,
//! link-local, unique-local, unspecified addresses are refused after DNS resolution and again on
//! every redirect), so a CSV cannot make the server probe what sits behind it.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::redirect::Policy;
use reqwest::Url;

/// The largest picture accepted, in bytes.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
pub const MAX_REDIRECTS: usize = 5;
const TIMEOUT: Duration = Duration::from_secs(20);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a picture could not be fetched. `code()` names the message shown to the seller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// Not an http or https URL.
    Scheme,
    /// The address is on a private, local or otherwise forbidden network.
    Refused,
    TooManyRedirects,
    /// The server answered with this HTTP status.
    Status(u16),
    TooLarge,
    Timeout,
    /// The host could not be resolved or reached.
    Network,
    /// The bytes are not a picture we accept.
    NotImage,
    /// The shop's storage quota is used up.
    Quota,
    /// Our side failed (database, storage): tried again later.
    Internal,
}

impl FetchError {
    /// Stored with the failed download; [`FetchError::parse`] reads it back.
    pub fn code(&self) -> String {
        match self {
            FetchError::Scheme => "scheme".into(),
            FetchError::Refused => "refused".into(),
            FetchError::TooManyRedirects => "redirects".into(),
            FetchError::Status(s) => format!("status:{s}"),
            FetchError::TooLarge => "too-large".into(),
            FetchError::Timeout => "timeout".into(),
            FetchError::Network => "network".into(),
            FetchError::NotImage => "not-image".into(),
            FetchError::Quota => "quota".into(),
            FetchError::Internal => "internal".into(),
        }
    }

    pub fn parse(code: &str) -> FetchError {
        match code {
            "scheme" => FetchError::Scheme,
            "refused" => FetchError::Refused,
            "redirects" => FetchError::TooManyRedirects,
            "too-large" => FetchError::TooLarge,
            "timeout" => FetchError::Timeout,
            "not-image" => FetchError::NotImage,
            "quota" => FetchError::Quota,
            "internal" => FetchError::Internal,
            c => match c.strip_prefix("status:").and_then(|s| s.parse().ok()) {
                Some(s) => FetchError::Status(s),
                None => FetchError::Network,
            },
        }
    }

    /// Worth trying again later: the other site may be down for a moment.
    pub fn is_temporary(&self) -> bool {
        match self {
            FetchError::Timeout | FetchError::Network | FetchError::Internal => true,
            FetchError::Status(s) => *s == 429 || *s >= 500,
            _ => false,
        }
    }
}

/// True for addresses a fetch must never reach. Loopback is allowed only when `allow_loopback`.
pub fn is_forbidden(ip: IpAddr, allow_loopback: bool) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            if v4.is_loopback() {
                return !allow_loopback;
            }
            let o = v4.octets();
            v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || o[0] == 0
                // Carrier-grade NAT (100.64.0.0/10) is someone's private network too.
                || (o[0] == 100 && (o[1] & 0xc0) == 64)
                // Reserved for future use (240.0.0.0/4).
                || o[0] >= 240
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_forbidden(IpAddr::V4(v4), allow_loopback);
            }
            if v6.is_loopback() {
                return !allow_loopback;
            }
            let s = v6.segments();
            v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
                || (s[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
                || (s[0] & 0xffc0) == 0xfec0 // old site-local fec0::/10
                // IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::/96) addresses embed an IPv4
                // one: judge by it.
                || (s[0..6] == [0, 0, 0, 0, 0, 0])
                || (s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0])
        }
    }
}

/// Checks a URL before it is requested (the first one and every redirect): scheme, and a host
/// written as an IP address (which skips DNS resolution, hence the resolver's check).
fn check_url(url: &Url, allow_loopback: bool) -> Result<(), FetchError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::Scheme);
    }
    let Some(host) = url.host_str() else {
        return Err(FetchError::Network);
    };
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    match literal.parse::<IpAddr>() {
        Ok(ip) if is_forbidden(ip, allow_loopback) => Err(FetchError::Refused),
        _ => Ok(()),
    }
}

/// Resolves names through the system, then keeps only the addresses a fetch may reach; a name
/// with none left fails, so the connection is never attempted.
struct GuardedResolver {
    allow_loopback: bool,
}

#[derive(Debug)]
struct RefusedAddress;

impl std::fmt::Display for RefusedAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("refused address")
    }
}
impl std::error::Error for RefusedAddress {}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow = self.allow_loopback;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let kept: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| !is_forbidden(a.ip(), allow))
                .collect();
            if kept.is_empty() {
                return Err(Box::new(RefusedAddress) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(kept.into_iter()) as Addrs)
        })
    }
}

/// A client for picture downloads; build once and reuse.
pub fn client(allow_loopback: bool) -> reqwest::Client {
    let policy = Policy::custom(move |attempt| {
        if attempt.previous().len() >= MAX_REDIRECTS {
            return attempt.error(RedirectRefused(FetchError::TooManyRedirects));
        }
        match check_url(attempt.url(), allow_loopback) {
            Ok(()) => attempt.follow(),
            Err(e) => attempt.error(RedirectRefused(e)),
        }
    });
    reqwest::Client::builder()
        .dns_resolver(Arc::new(GuardedResolver { allow_loopback }))
        .redirect(policy)
        .no_proxy()
        .timeout(TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .user_agent(concat!(
            "Vitrine/",
            env!("CARGO_PKG_VERSION"),
            " (picture import)"
        ))
        .build()
        .expect("HTTP client with rustls")
}

#[derive(Debug)]
struct RedirectRefused(FetchError);

impl std::fmt::Display for RedirectRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "redirect refused: {}", self.0.code())
    }
}
impl std::error::Error for RedirectRefused {}

fn classify(e: &reqwest::Error) -> FetchError {
    if e.is_timeout() {
        return FetchError::Timeout;
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(r) = s.downcast_ref::<RedirectRefused>() {
            return r.0.clone();
        }
        if s.downcast_ref::<RefusedAddress>().is_some() {
            return FetchError::Refused;
        }
        source = s.source();
    }
    FetchError::Network
}

/// Downloads `url` (at most [`MAX_BYTES`]) and checks that it is a picture by its content.
pub async fn fetch_image(
    client: &reqwest::Client,
    url: &str,
    allow_loopback: bool,
) -> Result<Vec<u8>, FetchError> {
    let parsed = Url::parse(url.trim()).map_err(|_| FetchError::Scheme)?;
    check_url(&parsed, allow_loopback)?;
    let mut res = client.get(parsed).send().await.map_err(|e| classify(&e))?;
    let status = res.status();
    if !status.is_success() {
        return Err(FetchError::Status(status.as_u16()));
    }
    if res.content_length().is_some_and(|n| n > MAX_BYTES as u64) {
        return Err(FetchError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = res.chunk().await.map_err(|e| classify(&e))? {
        if body.len() + chunk.len() > MAX_BYTES {
            return Err(FetchError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    if media::ImageFormat::sniff(&body).is_none() {
        return Err(FetchError::NotImage);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn local_and_private_addresses_are_refused() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(is_forbidden(ip(a), false), "{a}");
        }
        for a in [
            "93.184.216.34",
            "2606:2800:220:1:248:1893:25c8:1946",
            "8.8.8.8",
        ] {
            assert!(!is_forbidden(ip(a), false), "{a}");
        }
        assert!(!is_forbidden(ip("127.0.0.1"), true));
        assert!(!is_forbidden(ip("::1"), true));
        assert!(
            is_forbidden(ip("10.0.0.1"), true),
            "the test flag only opens loopback"
        );
    }

    #[test]
    fn urls_are_checked_before_any_request() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert_eq!(
            check_url(&u("ftp://example.com/a.png"), false),
            Err(FetchError::Scheme)
        );
        assert_eq!(
            check_url(&u("file:///etc/passwd"), false),
            Err(FetchError::Scheme)
        );
        assert_eq!(
            check_url(&u("http://10.0.0.1/a.png"), false),
            Err(FetchError::Refused)
        );
        assert_eq!(
            check_url(&u("http://[::1]/a.png"), false),
            Err(FetchError::Refused)
        );
        assert!(check_url(&u("https://cdn.example.com/a.png"), false).is_ok());
    }

    #[test]
    fn codes_round_trip() {
        for e in [
            FetchError::Scheme,
            FetchError::Refused,
            FetchError::TooManyRedirects,
            FetchError::Status(404),
            FetchError::TooLarge,
            FetchError::Timeout,
            FetchError::Network,
            FetchError::NotImage,
            FetchError::Quota,
            FetchError::Internal,
        ] {
            assert_eq!(FetchError::parse(&e.code()), e);
        }
    }
}
