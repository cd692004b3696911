//! Product images: their rows (stored files' common key prefix, size of the largest rendition,
//! position) and alt texts per language. The files themselves live in media storage; deleting
//! an image returns its key prefix so the caller can remove the files once no row uses them.

use std::collections::HashMap;

use serde::Serialize;
use sqlx::FromRow;

use crate::catalog::bump_version;
use crate::id::ShopId;
use crate::{new_id, now, Conn, Result, StoreError};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Image {
    pub id: i64,
    pub product_id: i64,
    pub position: i64,
    pub key_prefix: String,
    pub width: i64,
    pub height: i64,
    /// (language, alt text), sorted by language.
    pub alts: Vec<(String, String)>,
}

impl Image {
    /// Whether the image is described in `lang` (required to publish its product).
    pub fn has_alt(&self, lang: &str) -> bool {
        self.alts
            .iter()
            .any(|(l, a)| l == lang && !a.trim().is_empty())
    }

    /// The alt text in `lang`, else in `fallback`, else empty (a decorative image).
    pub fn alt(&self, lang: &str, fallback: &str) -> &str {
        let find = |l: &str| {
            self.alts
                .iter()
                .find(|(al, a)| al == l && !a.trim().is_empty())
                .map(|(_, a)| a.as_str())
        };
        find(lang).or_else(|| find(fallback)).unwrap_or("")
    }
}

#[derive(FromRow)]
struct Row {
    shop_id: i64,
    id: i64,
    product_id: i64,
    position: i64,
    key_prefix: String,
    width: i64,
    height: i64,
    lang: Option<String>,
    alt: Option<String>,
}

const SELECT: &str =
    "SELECT i.shop_id, i.id, i.product_id, i.position, i.key_prefix, i.width, i.height, \
     a.lang, a.alt FROM product_images i \
     LEFT JOIN image_alts a ON a.shop_id = i.shop_id AND a.image_id = i.id";

fn group(rows: Vec<Row>) -> Vec<Image> {
    group_by_shop(rows).into_iter().map(|(_, i)| i).collect()
}

/// The rows' images with their shop's id, in the rows' order.
fn group_by_shop(rows: Vec<Row>) -> Vec<(i64, Image)> {
    let mut out: Vec<(i64, Image)> = Vec::new();
    for r in rows {
        if out.last().map(|(s, i)| (*s, i.id)) != Some((r.shop_id, r.id)) {
            out.push((
                r.shop_id,
                Image {
                    id: r.id,
                    product_id: r.product_id,
                    position: r.position,
                    key_prefix: r.key_prefix,
                    width: r.width,
                    height: r.height,
                    alts: Vec::new(),
                },
            ));
        }
        if let (Some(lang), Some(alt), Some((_, last))) = (r.lang, r.alt, out.last_mut()) {
            last.alts.push((lang, alt));
        }
    }
    out
}

/// The images of products of several shops (the mall's search page) in one query, by `(shop
/// id, product id)`, in order.
pub async fn for_products_of_shops(
    conn: &mut Conn,
    products: &[(ShopId, i64)],
) -> Result<HashMap<(i64, i64), Vec<Image>>> {
    let mut map: HashMap<(i64, i64), Vec<Image>> = HashMap::new();
    if products.is_empty() {
        return Ok(map);
    }
    let mut shops: Vec<i64> = products.iter().map(|(s, _)| s.get()).collect();
    shops.sort_unstable();
    shops.dedup();
    let list = |from: usize, n: usize| {
        (from..from + n)
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sql = format!(
        "{SELECT} WHERE i.shop_id IN ({}) AND i.product_id IN ({}) \
         ORDER BY i.shop_id, i.product_id, i.position, i.id, a.lang",
        list(1, shops.len()),
        list(1 + shops.len(), products.len())
    );
    let mut q = sqlx::query_as::<_, Row>(&sql);
    for s in &shops {
        q = q.bind(*s);
    }
    for (_, p) in products {
        q = q.bind(*p);
    }
    for (shop, image) in group_by_shop(q.fetch_all(&mut *conn).await?) {
        if products
            .iter()
            .any(|(s, p)| s.get() == shop && *p == image.product_id)
        {
            map.entry((shop, image.product_id)).or_default().push(image);
        }
    }
    Ok(map)
}

/// Adds an image after the product's others; returns its id.
pub async fn add(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
    key_prefix: &str,
    width: i64,
    height: i64,
) -> Result<i64> {
    // The product must be this shop's.
    crate::catalog::product(conn, shop_id, product_id).await?;
    let position: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(position), -1) + 1 AS BIGINT) FROM product_images \
         WHERE shop_id = $1 AND product_id = $2",
    )
    .bind(shop_id)
    .bind(product_id)
    .fetch_one(&mut *conn)
    .await?;
    let id = new_id();
    sqlx::query(
        "INSERT INTO product_images (shop_id, id, product_id, position, key_prefix, width, height, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(shop_id)
    .bind(id)
    .bind(product_id)
    .bind(position)
    .bind(key_prefix)
    .bind(width)
    .bind(height)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    bump_version(conn, shop_id).await?;
    Ok(id)
}

/// A product's images in display order.
pub async fn for_product(conn: &mut Conn, shop_id: ShopId, product_id: i64) -> Result<Vec<Image>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE i.shop_id = $1 AND i.product_id = $2 ORDER BY i.position, i.id, a.lang"
    ))
    .bind(shop_id)
    .bind(product_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(group(rows))
}

/// The images of several products (a listing page) in one query, by product, in order.
pub async fn for_products(
    conn: &mut Conn,
    shop_id: ShopId,
    product_ids: &[i64],
) -> Result<HashMap<i64, Vec<Image>>> {
    let mut map: HashMap<i64, Vec<Image>> = HashMap::new();
    if product_ids.is_empty() {
        return Ok(map);
    }
    let placeholders: Vec<String> = (0..product_ids.len())
        .map(|i| format!("${}", i + 2))
        .collect();
    let sql = format!(
        "{SELECT} WHERE i.shop_id = $1 AND i.product_id IN ({}) \
         ORDER BY i.product_id, i.position, i.id, a.lang",
        placeholders.join(", ")
    );
    let mut q = sqlx::query_as::<_, Row>(&sql).bind(shop_id);
    for id in product_ids {
        q = q.bind(*id);
    }
    for image in group(q.fetch_all(&mut *conn).await?) {
        map.entry(image.product_id).or_default().push(image);
    }
    Ok(map)
}

/// One image of this shop's product.
pub async fn get(conn: &mut Conn, shop_id: ShopId, product_id: i64, id: i64) -> Result<Image> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE i.shop_id = $1 AND i.product_id = $2 AND i.id = $3 ORDER BY a.lang"
    ))
    .bind(shop_id)
    .bind(product_id)
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    group(rows).pop().ok_or(StoreError::NotFound)
}

/// Sets an image's alt text in one language; an empty text removes it.
pub async fn set_alt(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
    image_id: i64,
    lang: &str,
    alt: &str,
) -> Result<()> {
    get(conn, shop_id, product_id, image_id).await?;
    let alt = alt.trim();
    if alt.is_empty() {
        sqlx::query("DELETE FROM image_alts WHERE shop_id = $1 AND image_id = $2 AND lang = $3")
            .bind(shop_id)
            .bind(image_id)
            .bind(lang)
            .execute(&mut *conn)
            .await?;
    } else {
        sqlx::query(
            "INSERT INTO image_alts (shop_id, image_id, lang, alt) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (shop_id, image_id, lang) DO UPDATE SET alt = excluded.alt",
        )
        .bind(shop_id)
        .bind(image_id)
        .bind(lang)
        .bind(alt)
        .execute(&mut *conn)
        .await?;
    }
    bump_version(conn, shop_id).await
}

/// Moves an image one place earlier (`up`) or later among its product's images. Moving the
/// first one up (or the last one down) changes nothing.
pub async fn move_image(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
    image_id: i64,
    up: bool,
) -> Result<()> {
    let mut ids: Vec<i64> = for_product(conn, shop_id, product_id)
        .await?
        .into_iter()
        .map(|i| i.id)
        .collect();
    let at = ids
        .iter()
        .position(|i| *i == image_id)
        .ok_or(StoreError::NotFound)?;
    let other = if up { at.checked_sub(1) } else { Some(at + 1) };
    match other {
        Some(o) if o < ids.len() => ids.swap(at, o),
        _ => return Ok(()),
    }
    for (position, id) in ids.iter().enumerate() {
        sqlx::query(
            "UPDATE product_images SET position = $3 WHERE shop_id = $1 AND id = $2 AND product_id = $4",
        )
        .bind(shop_id)
        .bind(*id)
        .bind(position as i64)
        .bind(product_id)
        .execute(&mut *conn)
        .await?;
    }
    bump_version(conn, shop_id).await
}

/// Deletes an image (its alts, and its use by variants); returns its key prefix.
pub async fn delete(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
    image_id: i64,
) -> Result<String> {
    let image = get(conn, shop_id, product_id, image_id).await?;
    sqlx::query("UPDATE variants SET image_id = NULL WHERE shop_id = $1 AND image_id = $2")
        .bind(shop_id)
        .bind(image_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM image_alts WHERE shop_id = $1 AND image_id = $2")
        .bind(shop_id)
        .bind(image_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM product_images WHERE shop_id = $1 AND id = $2")
        .bind(shop_id)
        .bind(image_id)
        .execute(&mut *conn)
        .await?;
    bump_version(conn, shop_id).await?;
    Ok(image.key_prefix)
}

/// Whether any image of the shop still uses files under `key_prefix` (the same photo uploaded
/// twice shares its files).
pub async fn prefix_in_use(conn: &mut Conn, shop_id: ShopId, key_prefix: &str) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM product_images WHERE shop_id = $1 AND key_prefix = $2",
    )
    .bind(shop_id)
    .bind(key_prefix)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// Sets (or clears) the image shown when a variant is picked; the image must be the product's.
pub async fn set_variant_image(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
    variant_id: i64,
    image_id: Option<i64>,
) -> Result<()> {
    if let Some(image_id) = image_id {
        get(conn, shop_id, product_id, image_id).await?;
    }
    let r = sqlx::query(
        "UPDATE variants SET image_id = $4 WHERE shop_id = $1 AND product_id = $2 AND id = $3",
    )
    .bind(shop_id)
    .bind(product_id)
    .bind(variant_id)
    .bind(image_id)
    .execute(&mut *conn)
    .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    bump_version(conn, shop_id).await
}
