//! Bringing customers in: promotions (discount codes and automatic promotions), partnerships
//! between shops, affiliates and where customers come from; the newsletter will live beside
//! them.

pub mod affiliate;
pub mod partner;
pub mod promotion;
pub mod source;
