//! Manual collections: a named, per-language selection of products in the seller's order.

use serde::Serialize;
use sqlx::FromRow;

use crate::id::ShopId;
use crate::{new_id, now, Conn, Result};

#[derive(Debug, Clone, FromRow, Serialize, PartialEq, Eq)]
pub struct CollectionText {
    pub collection_id: i64,
    pub lang: String,
    pub name: String,
    pub slug: String,
    pub description: String,
}

/// Every text of every collection of the shop, grouped by collection.
pub async fn all_texts(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<CollectionText>> {
    Ok(sqlx::query_as(
        "SELECT t.collection_id, t.lang, t.name, t.slug, t.description FROM collection_texts t \
         JOIN collections c ON c.shop_id = t.shop_id AND c.id = t.collection_id \
         WHERE t.shop_id = $1 ORDER BY c.created_at, t.collection_id, t.lang",
    )
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// The collection one of whose slugs (in any language) is `slug`.
pub async fn by_slug(conn: &mut Conn, shop_id: ShopId, slug: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT collection_id FROM collection_texts WHERE shop_id = $1 AND slug = $2 \
         ORDER BY lang LIMIT 1",
    )
    .bind(shop_id)
    .bind(slug)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn texts(conn: &mut Conn, shop_id: ShopId, id: i64) -> Result<Vec<CollectionText>> {
    Ok(sqlx::query_as(
        "SELECT collection_id, lang, name, slug, description FROM collection_texts \
         WHERE shop_id = $1 AND collection_id = $2 ORDER BY lang",
    )
    .bind(shop_id)
    .bind(id)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn create(conn: &mut Conn, shop_id: ShopId) -> Result<i64> {
    let id = new_id();
    sqlx::query("INSERT INTO collections (shop_id, id, created_at) VALUES ($1, $2, $3)")
        .bind(shop_id)
        .bind(id)
        .bind(now())
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

/// Whether another collection of the shop already uses `slug` in `lang`.
pub async fn slug_taken(
    conn: &mut Conn,
    shop_id: ShopId,
    lang: &str,
    slug: &str,
    except: Option<i64>,
) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM collection_texts WHERE shop_id = $1 AND lang = $2 AND slug = $3 \
         AND collection_id <> $4",
    )
    .bind(shop_id)
    .bind(lang)
    .bind(slug)
    .bind(except.unwrap_or(0))
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// Replaces a collection's text in `lang` (an empty name removes it).
pub async fn set_text(
    conn: &mut Conn,
    shop_id: ShopId,
    id: i64,
    lang: &str,
    name: &str,
    slug: &str,
    description: &str,
) -> Result<()> {
    sqlx::query(
        "DELETE FROM collection_texts WHERE shop_id = $1 AND collection_id = $2 AND lang = $3",
    )
    .bind(shop_id)
    .bind(id)
    .bind(lang)
    .execute(&mut *conn)
    .await?;
    // Collection pages are cached under the shop's version.
    crate::shop::bump_version(conn, shop_id).await?;
    if name.trim().is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO collection_texts (shop_id, collection_id, lang, name, slug, description) \
         SELECT $1, id, $3, $4, $5, $6 FROM collections WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop_id)
    .bind(id)
    .bind(lang)
    .bind(name)
    .bind(slug)
    .bind(description)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Replaces the collection's products, in that order; ids of other shops' products are skipped.
pub async fn set_products(
    conn: &mut Conn,
    shop_id: ShopId,
    id: i64,
    products: &[i64],
) -> Result<()> {
    sqlx::query("DELETE FROM collection_products WHERE shop_id = $1 AND collection_id = $2")
        .bind(shop_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (pos, pid) in products.iter().enumerate() {
        sqlx::query(
            "INSERT INTO collection_products (shop_id, collection_id, product_id, position) \
             SELECT p.shop_id, c.id, p.id, $4 FROM products p JOIN collections c ON c.shop_id = p.shop_id \
             WHERE p.shop_id = $1 AND c.id = $2 AND p.id = $3 ON CONFLICT DO NOTHING",
        )
        .bind(shop_id)
        .bind(id)
        .bind(*pid)
        .bind(pos as i64)
        .execute(&mut *conn)
        .await?;
    }
    crate::shop::bump_version(conn, shop_id).await
}

/// The collection's products in the seller's order.
pub async fn product_ids(conn: &mut Conn, shop_id: ShopId, id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT product_id FROM collection_products WHERE shop_id = $1 AND collection_id = $2 \
         ORDER BY position, product_id",
    )
    .bind(shop_id)
    .bind(id)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn delete(conn: &mut Conn, shop_id: ShopId, id: i64) -> Result<bool> {
    for table in ["collection_products", "collection_texts"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE shop_id = $1 AND collection_id = $2"
        ))
        .bind(shop_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    let r = sqlx::query("DELETE FROM collections WHERE shop_id = $1 AND id = $2")
        .bind(shop_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if r.rows_affected() == 0 {
        return Ok(false);
    }
    crate::shop::bump_version(conn, shop_id).await?;
    Ok(true)
}

/// The products carrying `tag` (compared without case).
pub async fn tagged_product_ids(conn: &mut Conn, shop_id: ShopId, tag: &str) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT product_id FROM product_tags WHERE shop_id = $1 AND LOWER(tag) = LOWER($2) \
         ORDER BY product_id",
    )
    .bind(shop_id)
    .bind(tag)
    .fetch_all(&mut *conn)
    .await?)
}

/// Every tag of the shop's visible products, for the sitemap.
pub async fn visible_tags(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT t.tag FROM product_tags t JOIN products p ON p.shop_id = t.shop_id AND p.id = t.product_id \
         WHERE t.shop_id = $1 AND p.status IN ('active', 'coming_soon') ORDER BY t.tag",
    )
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// Every product of the shop with its title in `lang` (else the default language's, else any),
/// for picking a collection's products.
pub async fn product_choices(
    conn: &mut Conn,
    shop_id: ShopId,
    lang: &str,
    default_lang: &str,
) -> Result<Vec<(i64, String)>> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT t.product_id, t.lang, t.title FROM product_texts t WHERE t.shop_id = $1 \
         ORDER BY t.product_id, t.lang",
    )
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<(i64, String)> = Vec::new();
    for group in rows.chunk_by(|a, b| a.0 == b.0) {
        let pick = group
            .iter()
            .find(|r| r.1 == lang)
            .or_else(|| group.iter().find(|r| r.1 == default_lang))
            .unwrap_or(&group[0]);
        out.push((pick.0, pick.2.clone()));
    }
    out.sort_by_key(|a| a.1.to_lowercase());
    Ok(out)
}
