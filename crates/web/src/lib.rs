//! The web face of Vitrine: routers for the storefront, the shop admin, the API and the
//! platform (home, signup, operator console), with the templates, messages and assets they use.
#![forbid(unsafe_code)]

pub mod access;
pub mod admin;
pub mod api;
pub mod app;
pub mod assets;
pub mod attribution;
pub mod auth;
pub mod bootstrap;
pub mod catalog_images;
pub mod cli;
pub mod config;
pub mod cookies;
pub mod csrf;
pub mod ctx;
pub mod demo;
pub mod demo_catalog;
pub mod download;
pub mod error;
pub mod extract;
pub mod fetch;
pub mod forms;
pub mod gifts;
pub mod hooks;
pub mod i18n;
pub mod invoices;
pub mod jobs;
pub mod limits;
pub mod mail;
pub mod metrics;
pub mod operator;
pub mod ops;
pub mod page_cache;
pub mod password;
pub mod platform;
pub mod rent;
pub mod server;
pub mod shop_data;
pub mod shopper;
pub mod state;
pub mod storefront;
pub mod tenant;
pub mod transfer;

pub use app::service;
pub use config::Config;
pub use state::AppState;

// The booking blocks live with the product page; `crate::booking` paths keep working.
pub use storefront::booking;
