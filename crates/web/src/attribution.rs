//! Where the shop's visitors come from, read on every storefront page before the page cache
//! answers (a cached page is still a visit): a page reached from outside the shop is a visit,
//! counted in memory (`app::attribution::Tally`) under its source, and a source other than a
//! direct visit replaces the one the shopper's browser keeps for the shop, in a cookie that holds
//! only that source and its day, signed so that nobody makes one up. The order that follows is
//! credited to it (`app::checkout::Placing::touch`). No other cookie, no identifier: see
//! `domain::growth::source` for why this needs no consent.

use axum::extract::Request;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::Response;
use domain::growth::source::{self, Arrival, Click, Landing, Source, Touch};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::state::AppState;

/// The cookie keeping the last source that brought the shopper to this shop.
pub const COOKIE: &str = "vitrine_src";

/// Parts of the user agents of robots, whose page views are no visits.
const ROBOTS: &[&str] = &[
    "bot",
    "crawl",
    "spider",
    "slurp",
    "facebookexternalhit",
    "mediapartners",
    "preview",
];

/// A visit seen on its way in, counted once its page is known to be a landing page.
pub struct Pending {
    shop: store::id::ShopId,
    timezone: chrono_tz::Tz,
    source: Source,
    /// Where the source is kept, when it replaces the one kept (none for a direct visit).
    cookie_path: Option<String>,
    secure: bool,
}

fn query_value<'a>(query: &'a str, name: &str) -> Option<std::borrow::Cow<'a, str>> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (k == name).then(|| {
            let plus = v.replace('+', " ");
            percent_decode(&plus)
                .map(std::borrow::Cow::Owned)
                .unwrap_or(std::borrow::Cow::Borrowed(v))
        })
    })
}

/// `%xx` decoded (as UTF-8, lossy); none when nothing was encoded.
fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') && !s.contains(' ') {
        return None;
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hi = (bytes[i + 1] as char).to_digit(16);
            let lo = (bytes[i + 2] as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hi, lo) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

fn is_robot(headers: &HeaderMap) -> bool {
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    ROBOTS.iter().any(|r| ua.contains(r))
}

fn prefetch(headers: &HeaderMap) -> bool {
    ["sec-purpose", "purpose", "x-moz"].iter().any(|h| {
        headers
            .get(*h)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("prefetch"))
    })
}

/// What this request says about where its visitor came from: none for a step inside the shop,
/// a robot, a prefetch, or anything but a GET.
pub fn landing(
    st: &AppState,
    req: &Request,
    shop: &store::shop::Shop,
    base: &str,
) -> Option<Pending> {
    if req.method() != Method::GET {
        return None;
    }
    let headers = req.headers();
    if is_robot(headers) || prefetch(headers) {
        return None;
    }
    let query = req.uri().query().unwrap_or("");
    let value = |name: &str| {
        if query.is_empty() {
            None
        } else {
            query_value(query, name)
        }
    };
    let utm_source = value("utm_source");
    let utm_medium = value("utm_medium");
    let utm_campaign = value("utm_campaign");
    let click = if query.is_empty() {
        None
    } else if query_value(query, "gclid").is_some() {
        Some(Click::Google)
    } else if query_value(query, "msclkid").is_some() {
        Some(Click::Microsoft)
    } else if query_value(query, "fbclid").is_some() {
        Some(Click::Facebook)
    } else {
        None
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let platform_host = st
        .config
        .public_url
        .split("://")
        .nth(1)
        .and_then(|h| h.split('/').next());
    let arrival = source::arrival(&Landing {
        utm_source: utm_source.as_deref(),
        utm_medium: utm_medium.as_deref(),
        utm_campaign: utm_campaign.as_deref(),
        click,
        referrer: headers.get(header::REFERER).and_then(|v| v.to_str().ok()),
        host,
        base,
        platform_host,
        platform_domain: st.config.platform_domain.as_deref(),
    });
    let Arrival::Visit(source) = arrival else {
        return None;
    };
    Some(Pending {
        shop: shop.sid(),
        timezone: app::calendar::shop_tz(&shop.timezone),
        cookie_path: source::replaces(&source).then(|| format!("{base}/")),
        source,
        secure: crate::auth::is_https(headers, st),
    })
}

/// Counts the visit once its page is known to be a landing page that was served, and keeps its
/// source in the shopper's browser when it replaces the one kept.
pub fn finish(st: &AppState, p: Pending, res: &mut Response) {
    if res.status() != StatusCode::OK {
        return;
    }
    let landed = res
        .extensions()
        .get::<crate::app::RouteName>()
        // The catalog's pages only: not the cart, the checkout or a payment's return (a payment
        // provider's page sends the shopper back there: it is no source), nor feeds and files.
        .is_some_and(|r| crate::page_cache::PAGE_ROUTES.contains(&r.0.as_str()));
    if !landed {
        return;
    }
    let now = store::now();
    let day = app::calendar::day_of(now, p.timezone);
    if let Some(path) = &p.cookie_path {
        let touch = Touch {
            source: p.source.clone(),
            day,
        };
        let value = signed(&st.source_key, p.shop, &touch.encode());
        let cookie = crate::cookies::set(
            COOKIE,
            &value,
            path,
            Some(source::COOKIE_DAYS * 86_400),
            p.secure,
        );
        res.headers_mut().append(header::SET_COOKIE, cookie);
    }
    st.visits.record(p.shop, day, p.source);
}

/// How often a node writes the visits it counted.
pub const FLUSH_SECONDS: u64 = 10;

/// Writes this node's counted visits every [`FLUSH_SECONDS`] until `stop` turns true, then once
/// more: every node runs it, a node without the background worker too.
pub async fn run(st: AppState, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_secs(FLUSH_SECONDS)) => {}
            _ = stop.changed() => {}
        }
        if let Err(e) = app::attribution::flush(&st.store, &st.visits).await {
            tracing::warn!(error = %e, "visits not written yet");
        }
        if *stop.borrow() {
            break;
        }
    }
}

fn mac(key: &[u8; 32], shop: store::id::ShopId, payload: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(format!("{}:{payload}", shop.0).as_bytes());
    mac
}

fn signed(key: &[u8; 32], shop: store::id::ShopId, payload: &str) -> String {
    let tag = mac(key, shop, payload).finalize().into_bytes();
    format!("{payload}~{}", hex::encode(&tag[..12]))
}

/// The last source kept by this shopper's browser for this shop, when its signature holds.
pub fn touch(st: &AppState, shop: store::id::ShopId, headers: &HeaderMap) -> Option<Touch> {
    let raw = crate::cookies::get(headers, COOKIE)?;
    let (payload, tag) = raw.rsplit_once('~')?;
    let tag = hex::decode(tag).ok()?;
    if tag.len() != 12 {
        return None;
    }
    mac(&st.source_key, shop, payload)
        .verify_truncated_left(&tag)
        .ok()?;
    Touch::decode(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_decoded() {
        let q = "a=1&utm_source=Lettre+d%27hiver&utm_campaign=no%C3%ABl&gclid";
        assert_eq!(
            query_value(q, "utm_source").as_deref(),
            Some("Lettre d'hiver")
        );
        assert_eq!(query_value(q, "utm_campaign").as_deref(), Some("noël"));
        assert_eq!(query_value(q, "gclid").as_deref(), Some(""));
        assert_eq!(query_value(q, "utm_medium"), None);
        assert_eq!(percent_decode("%zz%4"), Some("%zz%4".to_string()));
        assert_eq!(percent_decode("%é%"), Some("%é%".to_string()));
    }
}
