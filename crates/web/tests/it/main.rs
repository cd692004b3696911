//! Integration tests of the whole application: each test starts the real app on port 0 with a
//! fresh database (SQLite, or PostgreSQL when TEST_DATABASE_URL is set).

mod common;

mod abuse;
mod abuse_auth;
mod account;
mod admin_catalog;
mod admin_orders;
mod browser;
mod browser_catalog;
mod browser_order;
mod cart;
mod catalog;
mod checkout;
mod coliship;
mod customer;
mod demo;
mod digital;
mod fx;
mod gift;
mod html;
mod import;
mod import_staging;
mod limits;
mod operator;
mod ops;
mod oss;
mod outbox;
mod page_cache;
mod price_entry;
mod product_images;
mod quality;
mod schema;
mod search_index;
mod seller_status;
mod settings;
mod shipping;
mod shipping_ld;
mod signup;
mod staff;
mod store_api;
mod storefront;
mod tenancy;
mod transfer;
mod urls;
mod withdrawal;
