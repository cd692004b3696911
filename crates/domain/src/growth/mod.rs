//! Bringing customers in: promotions (discount codes and automatic promotions); partnerships,
//! affiliates and the newsletter will live beside them.

pub mod promotion;
pub mod source;
