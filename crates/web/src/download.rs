//! Download links for digital products: `/download/{token}` on the shop's host, where the token
//! names the product and an expiry and is signed with a key derived from the server secret.
//! The link is the only credential, so it is made after payment and expires.

use crate::extract::Path;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use store::id::ShopId;

use crate::app::shop_path;
use crate::error::{AppError, AppResult, ErrorPage};
use crate::state::AppState;
use crate::tenant::Tenant;

pub fn routes() -> Router<AppState> {
    Router::new().route(&shop_path("/download/{token}"), get(download))
}

/// The link-signing key: the server secret is never used directly, so that other uses of it
/// can never produce a valid link.
pub fn derive_key(secret: &[u8]) -> [u8; 32] {
    derive_key_for(secret, b"vitrine download links v1")
}

/// A key for one use (`purpose`), derived from the server secret.
pub fn derive_key_for(secret: &[u8], purpose: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(purpose);
    mac.finalize().into_bytes().into()
}

fn signature(key: &[u8; 32], shop_id: ShopId, product_id: i64, expires: i64) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(format!("{shop_id}:{product_id}:{expires}").as_bytes());
    mac
}

/// The path (inside the shop, to be prefixed by `Tenant::url` or the shop's address) of a link
/// to the file of `product_id` valid until `expires` (Unix seconds).
pub fn link_until(key: &[u8; 32], shop_id: ShopId, product_id: i64, expires: i64) -> String {
    let sig = hex::encode(
        signature(key, shop_id, product_id, expires)
            .finalize()
            .into_bytes(),
    );
    format!("/download/{product_id}.{expires}.{sig}")
}

/// A link valid for `valid_for` from now.
pub fn link(
    st: &AppState,
    shop_id: ShopId,
    product_id: i64,
    valid_for: std::time::Duration,
) -> String {
    let expires = chrono::Utc::now().timestamp() + valid_for.as_secs() as i64;
    link_until(&st.download_key, shop_id, product_id, expires)
}

enum Checked {
    Valid(i64),
    Expired,
    Invalid,
}

fn check(key: &[u8; 32], shop_id: ShopId, token: &str, now: i64) -> Checked {
    let mut parts = token.split('.');
    let (Some(p), Some(e), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Checked::Invalid;
    };
    let (Ok(product_id), Ok(expires), Ok(sig)) =
        (p.parse::<i64>(), e.parse::<i64>(), hex::decode(s))
    else {
        return Checked::Invalid;
    };
    // Constant-time comparison.
    if signature(key, shop_id, product_id, expires)
        .verify_slice(&sig)
        .is_err()
    {
        return Checked::Invalid;
    }
    if expires < now {
        Checked::Expired
    } else {
        Checked::Valid(product_id)
    }
}

fn refusal(status: StatusCode, title_id: &'static str, message_id: &'static str) -> Response {
    let mut res = status.into_response();
    res.extensions_mut().insert(ErrorPage {
        title_id,
        message_id,
        text: None,
    });
    res
}

async fn download(
    State(st): State<AppState>,
    t: Tenant,
    Path((_, token)): Path<(String, String)>,
) -> AppResult<Response> {
    let product_id = match check(
        &st.download_key,
        t.id(),
        &token,
        chrono::Utc::now().timestamp(),
    ) {
        Checked::Valid(id) => id,
        Checked::Expired => {
            return Ok(refusal(
                StatusCode::GONE,
                "download-expired-title",
                "download-expired-text",
            ))
        }
        Checked::Invalid => {
            return Ok(refusal(
                StatusCode::FORBIDDEN,
                "download-invalid-title",
                "download-invalid-text",
            ))
        }
    };
    let mut conn = st.store.reader().await?;
    let file = store::digital::get(&mut conn, t.id(), product_id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let (len, stream) = st
        .media
        .get_stream(&file.key)
        .await
        .map_err(|e| anyhow::anyhow!(e))?
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type),
            (header::CONTENT_LENGTH, len.to_string()),
            (
                header::CONTENT_DISPOSITION,
                content_disposition(&file.file_name),
            ),
            (header::CACHE_CONTROL, "private, no-store".into()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// `attachment` with the seller's file name: an ASCII fallback and the exact name (RFC 6266).
pub fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|ch| {
            if ch.is_ascii_graphic() && ch != '"' && ch != '\\' || ch == ' ' {
                ch
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_bound_to_shop_product_and_time() {
        let key = derive_key(b"a server secret that is long enough");
        let link = link_until(&key, ShopId(7), 42, 1000);
        let token = link.strip_prefix("/download/").unwrap();
        assert!(matches!(
            check(&key, ShopId(7), token, 999),
            Checked::Valid(42)
        ));
        assert!(matches!(
            check(&key, ShopId(7), token, 1001),
            Checked::Expired
        ));
        // Another shop, another key, a changed product or expiry: refused.
        assert!(matches!(
            check(&key, ShopId(8), token, 999),
            Checked::Invalid
        ));
        let other = derive_key(b"another secret that is long enough!");
        assert!(matches!(
            check(&other, ShopId(7), token, 999),
            Checked::Invalid
        ));
        let tampered = token.replacen("42.1000", "43.1000", 1);
        assert!(matches!(
            check(&key, ShopId(7), &tampered, 999),
            Checked::Invalid
        ));
        let later = token.replacen("42.1000", "42.9999", 1);
        assert!(matches!(
            check(&key, ShopId(7), &later, 999),
            Checked::Invalid
        ));
        assert!(matches!(check(&key, ShopId(7), "x", 0), Checked::Invalid));
    }

    #[test]
    fn file_names_in_headers() {
        assert_eq!(
            content_disposition("Guide é\"x.pdf"),
            "attachment; filename=\"Guide __x.pdf\"; filename*=UTF-8''Guide%20%C3%A9%22x.pdf"
        );
    }
}
