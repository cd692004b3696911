//! Product images in the web layer: processing an upload into stored renditions (used by the
//! editor and by the CSV import), removing their files, and the views templates render
//! (`<picture>` sources, `srcset`, absolute URLs).

use domain::locale::Lang;
use store::id::ShopId;

use crate::state::AppState;

/// Why an image could not be added.
#[derive(Debug)]
pub enum ImageError {
    /// Not an acceptable image (not an image, too big, a bomb) or storage failure.
    Media(media::MediaError),
    /// Over the plan's storage quota.
    Plan(domain::ValidationError),
    /// The product does not exist in this shop, or the database failed.
    Store(store::StoreError),
}

impl From<store::StoreError> for ImageError {
    fn from(e: store::StoreError) -> Self {
        ImageError::Store(e)
    }
}

impl From<media::MediaError> for ImageError {
    fn from(e: media::MediaError) -> Self {
        ImageError::Media(e)
    }
}

impl std::fmt::Display for ImageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImageError::Media(e) => write!(f, "{e}"),
            ImageError::Plan(e) => write!(f, "{}", e.code),
            ImageError::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ImageError {}

impl ImageError {
    /// What to tell the seller, in `lang`; `None` for a failure that is ours (a 500).
    pub fn user_message(&self, st: &AppState, lang: Lang) -> Option<String> {
        match self {
            ImageError::Media(media::MediaError::Io(_)) => None,
            ImageError::Media(e) => Some(st.i18n.ta(lang, &format!("err-{}", e.code()), &e.args())),
            ImageError::Plan(e) => Some(st.i18n.error(lang, e)),
            ImageError::Store(store::StoreError::NotFound) => {
                Some(st.i18n.t(lang, "err-image-product-missing"))
            }
            ImageError::Store(_) => None,
        }
    }
}

/// The storage key of one rendition.
pub fn rendition_key(key_prefix: &str, width: u32, ext: &str) -> String {
    format!("{key_prefix}-{width}.{ext}")
}

/// Every storage key of an image whose largest rendition is `width` wide.
pub fn rendition_keys(key_prefix: &str, width: i64) -> Vec<String> {
    let width = u32::try_from(width).unwrap_or(1);
    media::rendition_widths(width)
        .into_iter()
        .flat_map(|w| {
            [
                rendition_key(key_prefix, w, "webp"),
                rendition_key(key_prefix, w, "jpg"),
            ]
        })
        .collect()
}

/// Checks and processes a photo, stores its renditions (counted in the shop's storage quota) and
/// adds it after the product's other images with the given alt texts. Returns the image's id.
///
/// Decoding runs on the blocking pool, at most `image_work` at a time across the process, so
/// a burst of uploads or imported URLs cannot starve the server.
pub async fn add_product_image(
    st: &AppState,
    shop_id: ShopId,
    product_id: i64,
    bytes: Vec<u8>,
    alts: &[(Lang, String)],
) -> Result<i64, ImageError> {
    let img = {
        let _permit = st
            .image_work
            .acquire()
            .await
            .map_err(|e| media::MediaError::Io(std::io::Error::other(e)))?;
        tokio::task::spawn_blocking(move || media::process_product_image(&bytes))
            .await
            .map_err(|e| media::MediaError::Io(std::io::Error::other(e)))??
    };
    let key_prefix = format!("shops/{shop_id}/p-{}", img.content_hash());

    let mut tx = st.store.begin().await?;
    // Refuse before storing anything if the product is not this shop's.
    store::catalog::product(&mut tx, shop_id, product_id).await?;
    let already = store::catalog_images::prefix_in_use(&mut tx, shop_id, &key_prefix).await?;
    if !already {
        app::plan::check_storage(&mut tx, shop_id, img.total_bytes() as i64, 0)
            .await
            .map_err(|e| match e {
                app::Error::Refused(e) => ImageError::Plan(e),
                app::Error::Store(e) => e.into(),
            })?;
    }
    for r in &img.renditions {
        for (ext, data, content_type) in [
            ("webp", &r.webp, "image/webp"),
            ("jpg", &r.jpeg, "image/jpeg"),
        ] {
            let key = rendition_key(&key_prefix, r.width, ext);
            st.media.put(&key, data).await?;
            store::media::record(&mut tx, shop_id, &key, data.len() as i64, content_type).await?;
        }
    }
    let id = store::catalog_images::add(
        &mut tx,
        shop_id,
        product_id,
        &key_prefix,
        i64::from(img.width),
        i64::from(img.height),
    )
    .await?;
    for (lang, alt) in alts {
        store::catalog_images::set_alt(&mut tx, shop_id, product_id, id, lang.as_str(), alt)
            .await?;
    }
    store::commit(tx).await?;
    tracing::info!(
        shop_id = shop_id.get(),
        product_id,
        image_id = id,
        "product image added"
    );
    Ok(id)
}

/// Forgets the files of images that were deleted in `tx` (unless another image of the shop uses
/// the same files) and returns the keys to remove from storage once `tx` is committed.
pub async fn forget_files(
    tx: &mut store::Conn,
    shop_id: ShopId,
    images: &[(String, i64)],
) -> Result<Vec<String>, store::StoreError> {
    let mut keys = Vec::new();
    for (prefix, width) in images {
        if store::catalog_images::prefix_in_use(tx, shop_id, prefix).await? {
            continue;
        }
        for key in rendition_keys(prefix, *width) {
            store::media::forget(tx, shop_id, &key).await?;
            keys.push(key);
        }
    }
    Ok(keys)
}

/// Removes files from storage after the transaction that forgot them committed. A failure only
/// leaves an orphan file (already uncounted), so it is logged rather than shown.
pub async fn remove_files(st: &AppState, keys: &[String]) {
    for key in keys {
        if let Err(e) = st.media.delete(key).await {
            tracing::warn!(key, error = %e, "could not remove a product image file");
        }
    }
}

/// Deletes one image of a product with its files.
pub async fn delete_product_image(
    st: &AppState,
    shop_id: ShopId,
    product_id: i64,
    image_id: i64,
) -> Result<(), store::StoreError> {
    let mut tx = st.store.begin().await?;
    let image = store::catalog_images::get(&mut tx, shop_id, product_id, image_id).await?;
    store::catalog_images::delete(&mut tx, shop_id, product_id, image_id).await?;
    let keys = forget_files(&mut tx, shop_id, &[(image.key_prefix, image.width)]).await?;
    store::commit(tx).await?;
    remove_files(st, &keys).await;
    Ok(())
}

/// One image as templates render it: URLs relative to the shop's base (`{base}/media/…`).
#[derive(Debug, Clone)]
pub struct ImageView {
    pub id: i64,
    pub alt: String,
    pub width: i64,
    pub height: i64,
    /// The largest JPEG (for `src`, `og:image`, JSON-LD).
    pub src: String,
    /// The smallest JPEG (admin thumbnails).
    pub thumb: String,
    pub srcset_webp: String,
    pub srcset_jpeg: String,
}

impl ImageView {
    pub fn new(
        base: &str,
        image: &store::catalog_images::Image,
        lang: &str,
        fallback: &str,
    ) -> Self {
        let url = |w: u32, ext: &str| {
            let key = rendition_key(&image.key_prefix, w, ext);
            let name = key.rsplit('/').next().unwrap_or(&key).to_string();
            format!("{base}/media/{name}")
        };
        let widths = media::rendition_widths(u32::try_from(image.width).unwrap_or(1));
        let srcset = |ext: &str| {
            widths
                .iter()
                .map(|w| format!("{} {w}w", url(*w, ext)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let largest = *widths.last().unwrap_or(&1);
        ImageView {
            id: image.id,
            alt: image.alt(lang, fallback).to_string(),
            width: image.width,
            height: image.height,
            src: url(largest, "jpg"),
            thumb: url(widths[0], "jpg"),
            srcset_webp: srcset("webp"),
            srcset_jpeg: srcset("jpg"),
        }
    }
}

/// Deletes a product and the stored files of its images (those no other product uses).
pub async fn delete_product_with_images(
    st: &AppState,
    shop_id: ShopId,
    product_id: i64,
) -> Result<(), store::StoreError> {
    let mut tx = st.store.begin().await?;
    let images = store::catalog_images::for_product(&mut tx, shop_id, product_id).await?;
    let download = store::digital::get(&mut tx, shop_id, product_id).await?;
    store::catalog::delete_product(&mut tx, shop_id, product_id).await?;
    let files: Vec<(String, i64)> = images
        .into_iter()
        .map(|i| (i.key_prefix, i.width))
        .collect();
    let mut keys = forget_files(&mut tx, shop_id, &files).await?;
    // A digital product's file goes with it (its row goes by cascade).
    keys.extend(download.map(|d| d.key));
    store::commit(tx).await?;
    remove_files(st, &keys).await;
    Ok(())
}
