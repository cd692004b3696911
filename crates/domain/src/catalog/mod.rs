//! What a shop sells: products of every kind (physical, unique, digital,
//! service, rental, perishable, live animal), their prices under French
//! price-display law, descriptions, variants, stock, and the rules specific
//! to each kind.
//!
//! Every function here is pure: times come in as arguments (Unix seconds in
//! UTC plus the shop's time zone), never from the clock.

/// Declares a closed list of keywords stored as text ("live_animal"): the
/// enum, `all()`, `as_str()`, a forgiving `parse()` (trimmed, any case, `-`
/// or space for `_`) that fails with `$code` carrying the typed `value`, and
/// the usual string conversions.
macro_rules! keyword_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident : $code:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in the order a select box shows them.
            pub fn all() -> &'static [$name] {
                &[$($name::$variant),+]
            }

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            pub fn parse(input: &str) -> Result<$name, $crate::ValidationError> {
                let raw = input.trim();
                let key: String = raw
                    .chars()
                    .map(|c| if c == '-' || c == ' ' { '_' } else { c.to_ascii_lowercase() })
                    .collect();
                $name::all()
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == key)
                    .ok_or_else(|| $crate::ValidationError::new($code).with("value", raw))
            }
        }

        $crate::text::str_value!($name);
    };
}

pub mod animal;
pub mod customs;
pub mod details;
pub mod gpsr;
pub mod markdown;
pub mod perishable;
pub mod price;
pub mod product;
pub mod rental;
pub mod service;
pub mod stock;
pub mod variants;

pub use price::Price;
pub use product::{
    Condition, ProductKind, ProductSlug, ProductStatus, ProductTitle, Sku, VatClass,
};
