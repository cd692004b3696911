//! Bringing customers in: promotions (discount codes and automatic promotions), partnerships
//! between shops and where customers come from; affiliates and the newsletter will live beside
//! them.

pub mod partner;
pub mod promotion;
pub mod source;
