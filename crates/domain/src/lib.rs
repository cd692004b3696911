//! Vitrine's pure business rules: value types that can only hold valid data,
//! and the checks that produce translatable [`ValidationError`]s.
//!
//! Nothing here performs I/O, so every rule can be tested in isolation and
//! reused unchanged by the web front, the store and the background workers.
#![forbid(unsafe_code)]

pub mod account;
// `#[macro_use]` lends catalog's `keyword_enum!` to the modules after it.
#[macro_use]
pub mod catalog;
pub mod community;
pub mod country;
pub mod delivery;
pub mod error;
pub mod exchange;
pub mod growth;
pub mod invoice;
pub mod legal;
pub mod locale;
pub mod mall;
pub mod money;
pub mod order;
pub mod payment;
pub mod plan;
pub mod region;
pub mod rent;
pub mod shipping;
pub mod shop;
pub mod tax;
pub mod theme;

#[cfg(test)]
mod testing;
mod text;

pub use error::ValidationError;
