//! A storefront product page's own data, read in four queries (the product with its texts, its
//! variants with their price history, its option names with its tags, its images): a page
//! rendered on a page-cache miss must not pay one round trip per table.

use std::collections::HashMap;

use sqlx::FromRow;

use crate::catalog::{Product, ProductText, Variant};
use crate::catalog_images::Image;
use crate::{Conn, Result};

/// Statuses shown on the storefront (as in `listing`).
const VISIBLE: &str = "('active', 'coming_soon')";

pub struct ProductPage {
    pub product: Product,
    /// Every language's text, by language.
    pub texts: Vec<ProductText>,
    /// In display order.
    pub variants: Vec<Variant>,
    /// Price changes by variant id, oldest first: `(unix seconds, price in minor units)`.
    pub history: HashMap<i64, Vec<(i64, i64)>>,
    /// Option axis names: `(axis, lang, name)`.
    pub options: Vec<(i64, String, String)>,
    pub tags: Vec<String>,
    pub images: Vec<Image>,
}

#[derive(FromRow)]
struct ProductRow {
    #[sqlx(flatten)]
    product: Product,
    #[sqlx(flatten)]
    text: ProductText,
}

#[derive(FromRow)]
struct VariantRow {
    #[sqlx(flatten)]
    variant: Variant,
    at: Option<i64>,
    history_price: Option<i64>,
}

/// The visible product whose address in some language is `slug` (the slug in `lang` first, then
/// in the first language by code), with everything its page shows; `None` if there is none.
pub async fn by_slug(
    conn: &mut Conn,
    shop_id: i64,
    slug: &str,
    lang: &str,
) -> Result<Option<ProductPage>> {
    let rows: Vec<ProductRow> = sqlx::query_as(&format!(
        "SELECT p.id, p.kind, p.status, p.category_id, p.vat_class, p.condition, p.vendor, \
         p.track_stock, p.allow_backorder, p.featured, p.details, p.safety, p.created_at, \
         p.updated_at, t.lang, t.title, t.slug, t.description_md, t.seo_title, t.seo_description \
         FROM products p JOIN product_texts t ON t.shop_id = p.shop_id AND t.product_id = p.id \
         WHERE p.shop_id = $1 AND p.status IN {VISIBLE} AND p.id IN \
         (SELECT product_id FROM product_texts WHERE shop_id = $1 AND slug = $2) \
         ORDER BY p.id, t.lang"
    ))
    .bind(shop_id)
    .bind(slug)
    .fetch_all(&mut *conn)
    .await?;
    let named = |r: &&ProductRow| r.text.slug == slug;
    let Some(id) = rows
        .iter()
        .filter(named)
        .find(|r| r.text.lang == lang)
        .or_else(|| {
            rows.iter()
                .filter(named)
                .min_by(|a, b| a.text.lang.cmp(&b.text.lang))
        })
        .map(|r| r.product.id)
    else {
        return Ok(None);
    };
    let mut product = None;
    let mut texts = Vec::new();
    for r in rows.into_iter().filter(|r| r.product.id == id) {
        texts.push(r.text);
        product.get_or_insert(r.product);
    }
    let Some(product) = product else {
        return Ok(None);
    };

    let rows: Vec<VariantRow> = sqlx::query_as(
        "SELECT v.id, v.product_id, v.position, v.sku, v.option1, v.option2, v.option3, \
         v.price_minor, v.compare_at_minor, v.quantity, v.weight_grams, v.image_id, \
         h.at, h.price_minor AS history_price \
         FROM variants v LEFT JOIN price_history h ON h.shop_id = v.shop_id AND h.variant_id = v.id \
         WHERE v.shop_id = $1 AND v.product_id = $2 ORDER BY v.position, v.id, h.at",
    )
    .bind(shop_id)
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut variants: Vec<Variant> = Vec::new();
    let mut history: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
    for r in rows {
        if let (Some(at), Some(price)) = (r.at, r.history_price) {
            history.entry(r.variant.id).or_default().push((at, price));
        }
        if variants.last().map(|v| v.id) != Some(r.variant.id) {
            variants.push(r.variant);
        }
    }

    // Axis 0 does not exist: it marks the tags.
    let named: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT axis, lang, name FROM product_options WHERE shop_id = $1 AND product_id = $2 \
         UNION ALL SELECT 0, '', tag FROM product_tags WHERE shop_id = $1 AND product_id = $2 \
         ORDER BY 1, 2, 3",
    )
    .bind(shop_id)
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let (tags, options): (Vec<_>, Vec<_>) = named.into_iter().partition(|(axis, _, _)| *axis == 0);

    let images = crate::catalog_images::for_product(conn, shop_id, id).await?;
    Ok(Some(ProductPage {
        product,
        texts,
        variants,
        history,
        options,
        tags: tags.into_iter().map(|(_, _, tag)| tag).collect(),
        images,
    }))
}
