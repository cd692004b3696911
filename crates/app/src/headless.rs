//! What headless fronts (the store API) need beside the pages' use cases: a guest cart made
//! before anything is in it, a variant named by its SKU, and order keys that only the cart's
//! holder can use. Adding, pricing and ordering stay `cart`'s and `checkout`'s.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use store::id::{CartId, VariantId};
use store::shop::Shop;
use store::Store;

use crate::Result;

/// How many carts one client may make in a window (the store API's guard against a script
/// filling the table); counted under `key`.
#[derive(Debug, Clone)]
pub struct CartLimit {
    pub key: String,
    pub window_seconds: i64,
    pub most: i64,
}

/// A new, empty guest cart of the shop; its token (the API's cart id) is shown once, only its
/// hash is kept. `None` when `limit` is reached (the attempt still counts). The count and the
/// cart are one transaction: one write, not two, for each cart.
pub async fn new_cart(
    store: &Store,
    shop: &Shop,
    limit: Option<CartLimit>,
) -> Result<Option<(String, CartId)>> {
    let mut tx = store.begin().await?;
    if let Some(l) = limit.filter(|l| l.most > 0) {
        if store::limits::hit(&mut tx, &l.key, l.window_seconds).await? > l.most {
            tx.commit().await.map_err(store::StoreError::from)?;
            return Ok(None);
        }
    }
    let (token, hash) = store::new_token();
    let cart = store::cart::create(&mut tx, shop.sid(), &hash, None).await?;
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(Some((token, cart)))
}

/// The shop's variant with this SKU, if any.
pub async fn variant_by_sku(store: &Store, shop: &Shop, sku: &str) -> Result<Option<VariantId>> {
    let sku = sku.trim();
    if sku.is_empty() || sku.len() > 200 {
        return Ok(None);
    }
    let mut conn = store.reader().await?;
    Ok(store::listing::variant_by_sku(&mut conn, shop.sid(), sku).await?)
}

/// The idempotency key an order of cart `cart_token` is placed under, for the key its client
/// chose: keyed by the cart's token, so that a client that picks a key another client also
/// picked (or guesses one) cannot find that client's order; the cart's holder alone can retry.
pub fn order_key(cart_token: &str, client_key: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(cart_token.as_bytes()).expect("HMAC takes any key length");
    mac.update(client_key.as_bytes());
    format!("api:{}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::order_key;

    #[test]
    fn a_key_names_one_order_per_cart() {
        let a = "a".repeat(64);
        let b = "b".repeat(64);
        assert_eq!(order_key(&a, "k1"), order_key(&a, "k1"));
        assert_ne!(order_key(&a, "k1"), order_key(&b, "k1"));
        assert_ne!(order_key(&a, "k1"), order_key(&a, "k2"));
        assert!(order_key(&a, &"x".repeat(200)).len() <= 200);
    }
}
