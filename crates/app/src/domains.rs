//! Custom domains: a shop claims a host, the operator verifies it. Any number of shops may claim a
//! host nobody has verified (so that a typo or a stranger's claim never blocks the real owner);
//! the first verified claim wins, and from then on the host is refused to every other shop.

use store::id::ShopId;
use store::{Conn, StoreError};

/// Why a claim or a verification was refused.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// The host is verified for another shop.
    #[error("domain verified for another shop")]
    Taken,
    /// This shop already claimed the host.
    #[error("domain already claimed by this shop")]
    AlreadyClaimed,
    /// This shop never claimed the host.
    #[error("domain not claimed by this shop")]
    NotClaimed,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A shop asks for `host` (already checked to be a host name it may use).
pub async fn claim(tx: &mut Conn, shop_id: ShopId, host: &str) -> Result<(), DomainError> {
    match store::shop::verified_owner(tx, host).await? {
        Some(owner) if owner != shop_id => return Err(DomainError::Taken),
        _ => {}
    }
    store::shop::add_domain(tx, shop_id, host)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => DomainError::AlreadyClaimed,
            e => e.into(),
        })
}

/// The operator checked that `host` points at the platform: it now leads to the shop. Refused
/// when another shop's claim on it was verified first; the unique index on verified hosts decides
/// between two verifications at once.
pub async fn verify(tx: &mut Conn, shop_id: ShopId, host: &str) -> Result<(), DomainError> {
    store::shop::verify_domain(tx, shop_id, host)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => DomainError::Taken,
            StoreError::NotFound => DomainError::NotClaimed,
            e => e.into(),
        })
}
