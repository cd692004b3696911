//! Vitrine's pure business rules: value types that can only hold valid data,
//! and the checks that produce translatable [`ValidationError`]s.
//!
//! Nothing here performs I/O, so every rule can be tested in isolation and
//! reused unchanged by the web front, the store and the background workers.
#![forbid(unsafe_code)]

pub mod account;
pub mod catalog;
pub mod error;
pub mod legal;
pub mod locale;
pub mod money;
pub mod payment;
pub mod plan;
pub mod shop;
pub mod theme;

mod text;

pub use error::ValidationError;
