//! Secrets kept sealed at rest (a shop's provider keys): ChaCha20-Poly1305 under a key derived
//! from the server secret, bound to the shop and the secret's name, so that the database alone
//! (a backup, a leak) reveals nothing, and a sealed value copied to another shop or field does
//! not open. Stored as `v1.<hex nonce><hex ciphertext and tag>`.

use hmac::{Hmac, Mac};
use rand::RngCore;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};
use sha2::Sha256;

/// Seals and opens secrets; holds the derived key, never the server secret itself.
pub struct Sealer {
    key: LessSafeKey,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(***)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a sealed secret could not be opened (another server secret, or altered)")]
pub struct OpenError;

impl Sealer {
    /// `server_secret`: the server's own secret (the one that signs download links).
    pub fn new(server_secret: &[u8]) -> Sealer {
        let mut mac = Hmac::<Sha256>::new_from_slice(server_secret).expect("any key length");
        mac.update(b"vitrine/sealed-secrets/v1");
        let derived = mac.finalize().into_bytes();
        let key = UnboundKey::new(&CHACHA20_POLY1305, &derived).expect("a 32-byte key");
        Sealer {
            key: LessSafeKey::new(key),
        }
    }

    /// `context` names whose secret it is ("shop:12:stripe_secret_key").
    pub fn seal(&self, context: &str, secret: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        rand::thread_rng().fill_bytes(&mut nonce);
        let mut data = secret.as_bytes().to_vec();
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(context.as_bytes()),
                &mut data,
            )
            .expect("sealing cannot fail for a secret of sane length");
        format!("v1.{}{}", hex::encode(nonce), hex::encode(data))
    }

    pub fn open(&self, context: &str, sealed: &str) -> Result<String, OpenError> {
        let raw = sealed
            .strip_prefix("v1.")
            .and_then(|h| hex::decode(h).ok())
            .ok_or(OpenError)?;
        if raw.len() < NONCE_LEN {
            return Err(OpenError);
        }
        let (nonce, data) = raw.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| OpenError)?;
        let mut data = data.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(context.as_bytes()), &mut data)
            .map_err(|_| OpenError)?;
        String::from_utf8(plain.to_vec()).map_err(|_| OpenError)
    }
}

/// How a secret is shown once saved: its kind ("sk_live_", "whsec_") and its last four
/// characters, never more.
pub fn masked(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() <= 12 {
        return "••••".to_string();
    }
    let kind: String = secret
        .split('_')
        .take_while(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()))
        .map(|p| format!("{p}_"))
        .collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{kind}••••{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_server_secret_and_context() {
        let s = Sealer::new(b"server secret of at least thirty-two bytes");
        let sealed = s.seal("shop:1:stripe_secret_key", "sk_test_51Abc");
        assert!(sealed.starts_with("v1."));
        assert!(!sealed.contains("sk_test"), "{sealed}");
        // Random nonce: the same secret seals differently each time.
        assert_ne!(sealed, s.seal("shop:1:stripe_secret_key", "sk_test_51Abc"));
        assert_eq!(
            s.open("shop:1:stripe_secret_key", &sealed).as_deref(),
            Ok("sk_test_51Abc")
        );
        // Copied to another shop or field, it does not open.
        assert_eq!(s.open("shop:2:stripe_secret_key", &sealed), Err(OpenError));
        assert_eq!(s.open("shop:1:webhook_secret", &sealed), Err(OpenError));
        // Nor under another server secret, nor altered.
        let other = Sealer::new(b"another server secret, thirty-two bytes");
        assert_eq!(
            other.open("shop:1:stripe_secret_key", &sealed),
            Err(OpenError)
        );
        let mut altered = sealed.clone();
        altered.replace_range(sealed.len() - 2.., "00");
        assert_eq!(s.open("shop:1:stripe_secret_key", &altered), Err(OpenError));
        assert_eq!(
            s.open("shop:1:stripe_secret_key", "garbage"),
            Err(OpenError)
        );
        assert_eq!(format!("{s:?}"), "Sealer(***)");
    }

    #[test]
    fn a_saved_secret_is_shown_by_its_last_characters_only() {
        assert_eq!(masked("sk_test_51AbcdefWxyz"), "sk_test_••••Wxyz");
        assert_eq!(masked("whsec_abcdefgh1234"), "whsec_••••1234");
        assert_eq!(masked("short"), "••••");
    }
}
