//! Use cases: each rule that needs data lives here once (plan limits, search indexing; next,
//! orders, stock and numbering), and the admin pages, the APIs, the command line and background
//! jobs all call the same function. A use case takes the caller's transaction or opens its own,
//! and never knows about HTTP.
#![forbid(unsafe_code)]

pub mod affiliate;
pub mod attribution;
pub mod calendar;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod coliship;
pub mod customer;
pub mod domains;
pub mod exchange;
pub mod feed;
pub mod gift;
pub mod headless;
pub mod interest;
pub mod invoice;
pub mod mall;
pub mod order;
pub mod partner;
pub mod password;
pub mod payment;
pub mod plan;
pub mod promotion;
pub mod rent;
pub mod review;
pub mod search;
pub mod shipping;
pub mod tax;
pub mod withdrawal;

/// Why a use case did not do what it was asked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A rule refused: the message (Fluent `err-{code}`) is for the person who asked.
    #[error("refused: {}", .0.code)]
    Refused(domain::error::ValidationError),
    #[error(transparent)]
    Store(#[from] store::StoreError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The languages a shop offers, default first (French when none is known).
pub fn shop_langs(shop: &store::shop::Shop) -> Vec<domain::locale::Lang> {
    let mut v: Vec<domain::locale::Lang> = shop
        .lang_list()
        .iter()
        .filter_map(|l| domain::locale::Lang::parse(l).ok())
        .collect();
    v.dedup();
    if v.is_empty() {
        v.push(domain::locale::Lang::Fr);
    }
    v
}
