//! Typed identifiers: a shop's id, a product's, a variant's… are different types, so that a
//! function taking `(ShopId, ProductId)` does not compile when called with the two swapped.
//! Each is a bare `i64` in the database (sqlx `transparent`) and in JSON (serde `transparent`).

use std::fmt;
use std::str::FromStr;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord,
            sqlx::Type, serde::Serialize, serde::Deserialize,
        )]
        #[sqlx(transparent)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    )*};
}

ids! {
    /// A shop (tenant): every tenant row carries one.
    ShopId;
    /// A product of a shop.
    ProductId;
    /// A variant (what a cart line and an order line point at).
    VariantId;
    /// A shopper's cart.
    CartId;
    /// A shop's customer account.
    CustomerId;
    /// An order.
    OrderId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn ids_bind_and_decode_as_plain_integers() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("ids.db").display());
        let store = crate::Store::connect(&url).await.unwrap();
        let mut conn = store.reader().await.unwrap();
        let back: ProductId = sqlx::query_scalar("SELECT $1 + 1")
            .bind(ProductId(41))
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(back, ProductId(42));
        assert_eq!("7".parse::<ShopId>().unwrap(), ShopId(7));
        assert_eq!(serde_json::to_string(&VariantId(3)).unwrap(), "3");
        assert_eq!(ShopId(9).to_string(), "9");
    }
}
