//! Media for Vitrine: validating and normalising seller uploads (shop logos
//! now, product images later) and storing the results.
//!
//! Uploads are hostile input. They are identified by content, never by file
//! name or declared content type; their size and pixel dimensions are checked
//! from the header before anything is decoded; decoding runs under memory
//! limits; and the output is always a freshly encoded PNG, so nothing from
//! the original file but its pixels is ever served.
//!
//! ```no_run
//! # async fn upload(body: &[u8], shop_id: i64) -> Result<String, media::MediaError> {
//! let body = body.to_vec();
//! // Decoding is CPU-bound: keep it off the async executor.
//! let logo = tokio::task::spawn_blocking(move || media::process_logo(&body))
//!     .await
//!     .map_err(std::io::Error::other)??;
//! let key = format!(
//!     "shops/{shop_id}/{}",
//!     media::content_hashed_name(&logo.bytes, logo.extension)
//! );
//! media::Storage::local("/var/lib/vitrine/media").put(&key, &logo.bytes).await?;
//! # Ok(key) }
//! ```
#![forbid(unsafe_code)]

mod demo;
mod error;
mod format;
mod process;
mod product;
pub mod s3;
mod storage;
pub use demo::{demo_logo, demo_product_image, DemoPicture};

pub use error::MediaError;
pub use format::ImageFormat;
pub use process::{process_image, process_logo, ImageLimits, ProcessedImage, LOGO_FIT};
pub use product::{
    process_product_image, rendition_widths, ProductImage, Rendition, PRODUCT_WIDTHS,
};
pub use s3::{S3Config, S3Store};
pub use storage::{content_hashed_name, valid_key, ByteStream, LocalStore, Storage};
