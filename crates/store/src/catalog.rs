//! The catalog: products with their texts per language, option axes, variants and their price
//! history, categories, tags, images and the search index. Every query filters on the shop.

use serde::Serialize;
use sqlx::FromRow;

use crate::id::ShopId;
use crate::{new_id, now, Backend, Conn, Result, StoreError};

#[derive(Debug, Clone, FromRow, Serialize, PartialEq, Eq)]
pub struct Product {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub category_id: Option<i64>,
    pub vat_class: String,
    pub condition: Option<String>,
    pub vendor: Option<String>,
    pub track_stock: i64,
    pub allow_backorder: i64,
    pub featured: i64,
    /// Kind-specific terms (JSON), checked by `domain::catalog`.
    pub details: String,
    /// Product-safety information (JSON).
    pub safety: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const PRODUCT_COLUMNS: &str =
    "id, kind, status, category_id, vat_class, condition, vendor, track_stock, \
    allow_backorder, featured, details, safety, created_at, updated_at";

/// What a seller sets on a product (everything but its id and times).
#[derive(Debug, Clone, Default)]
pub struct ProductFields {
    pub kind: String,
    pub status: String,
    pub category_id: Option<i64>,
    pub vat_class: String,
    pub condition: Option<String>,
    pub vendor: Option<String>,
    pub track_stock: bool,
    pub allow_backorder: bool,
    pub featured: bool,
    pub details: String,
    pub safety: String,
}

#[derive(Debug, Clone, FromRow, Serialize, PartialEq, Eq)]
pub struct ProductText {
    pub lang: String,
    pub title: String,
    pub slug: String,
    pub description_md: String,
    pub seo_title: String,
    pub seo_description: String,
}

#[derive(Debug, Clone, FromRow, Serialize, PartialEq, Eq)]
pub struct Variant {
    pub id: i64,
    pub product_id: i64,
    pub position: i64,
    pub sku: Option<String>,
    pub option1: Option<String>,
    pub option2: Option<String>,
    pub option3: Option<String>,
    pub price_minor: i64,
    pub compare_at_minor: Option<i64>,
    pub quantity: i64,
    pub weight_grams: Option<i64>,
    pub image_id: Option<i64>,
}

const VARIANT_COLUMNS: &str =
    "id, product_id, position, sku, option1, option2, option3, price_minor, \
    compare_at_minor, quantity, weight_grams, image_id";

/// What a seller sets on a variant.
#[derive(Debug, Clone, Default)]
pub struct VariantFields {
    pub position: i64,
    pub sku: Option<String>,
    pub options: [Option<String>; 3],
    pub price_minor: i64,
    pub compare_at_minor: Option<i64>,
    pub quantity: i64,
    pub weight_grams: Option<i64>,
    pub image_id: Option<i64>,
}

pub(crate) async fn bump_version(conn: &mut Conn, shop_id: ShopId) -> Result<()> {
    // Pages of a shop are cached under its version: any catalog change invalidates them on every node.
    crate::shop::bump_version(conn, shop_id).await
}

pub async fn create_product(conn: &mut Conn, shop_id: ShopId, f: &ProductFields) -> Result<i64> {
    let id = new_id();
    let t = now();
    sqlx::query(
        "INSERT INTO products (shop_id, id, kind, status, category_id, vat_class, condition, vendor, track_stock, \
         allow_backorder, featured, details, safety, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
    )
    .bind(shop_id)
    .bind(id)
    .bind(&f.kind)
    .bind(&f.status)
    .bind(f.category_id)
    .bind(&f.vat_class)
    .bind(&f.condition)
    .bind(&f.vendor)
    .bind(f.track_stock as i64)
    .bind(f.allow_backorder as i64)
    .bind(f.featured as i64)
    .bind(&f.details)
    .bind(&f.safety)
    .bind(t)
    .execute(&mut *conn)
    .await?;
    bump_version(conn, shop_id).await?;
    Ok(id)
}

pub async fn update_product(
    conn: &mut Conn,
    shop_id: ShopId,
    id: i64,
    f: &ProductFields,
) -> Result<()> {
    let r = sqlx::query(
        "UPDATE products SET kind = $3, status = $4, category_id = $5, vat_class = $6, condition = $7, vendor = $8, \
         track_stock = $9, allow_backorder = $10, featured = $11, details = $12, safety = $13, updated_at = $14 \
         WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop_id)
    .bind(id)
    .bind(&f.kind)
    .bind(&f.status)
    .bind(f.category_id)
    .bind(&f.vat_class)
    .bind(&f.condition)
    .bind(&f.vendor)
    .bind(f.track_stock as i64)
    .bind(f.allow_backorder as i64)
    .bind(f.featured as i64)
    .bind(&f.details)
    .bind(&f.safety)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    bump_version(conn, shop_id).await
}

pub async fn set_status(
    conn: &mut Conn,
    shop_id: ShopId,
    ids: &[i64],
    status: &str,
) -> Result<u64> {
    let mut n = 0;
    for id in ids {
        n += sqlx::query(
            "UPDATE products SET status = $3, updated_at = $4 WHERE shop_id = $1 AND id = $2",
        )
        .bind(shop_id)
        .bind(id)
        .bind(status)
        .bind(now())
        .execute(&mut *conn)
        .await?
        .rows_affected();
    }
    bump_version(conn, shop_id).await?;
    Ok(n)
}

pub async fn product(conn: &mut Conn, shop_id: ShopId, id: i64) -> Result<Product> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products WHERE shop_id = $1 AND id = $2"
    ))
    .bind(shop_id)
    .bind(id)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn delete_product(conn: &mut Conn, shop_id: ShopId, id: i64) -> Result<()> {
    // Children before parents; every statement is bound to ($1 shop, $2 product).
    const STATEMENTS: &[&str] = &[
        "DELETE FROM search_terms WHERE shop_id = $1 AND product_id = $2",
        "DELETE FROM product_tags WHERE shop_id = $1 AND product_id = $2",
        "DELETE FROM product_options WHERE shop_id = $1 AND product_id = $2",
        "DELETE FROM product_texts WHERE shop_id = $1 AND product_id = $2",
        "DELETE FROM price_history WHERE shop_id = $1 AND variant_id IN \
         (SELECT id FROM variants WHERE shop_id = $1 AND product_id = $2)",
        "DELETE FROM variants WHERE shop_id = $1 AND product_id = $2",
        "DELETE FROM image_alts WHERE shop_id = $1 AND image_id IN \
         (SELECT id FROM product_images WHERE shop_id = $1 AND product_id = $2)",
        "DELETE FROM product_images WHERE shop_id = $1 AND product_id = $2",
    ];
    for sql in STATEMENTS {
        sqlx::query(sql)
            .bind(shop_id)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    let r = sqlx::query("DELETE FROM products WHERE shop_id = $1 AND id = $2")
        .bind(shop_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    bump_version(conn, shop_id).await
}

pub async fn count_products(conn: &mut Conn, shop_id: ShopId) -> Result<i64> {
    Ok(
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM products WHERE shop_id = $1 AND import_id IS NULL",
        )
        .bind(shop_id)
        .fetch_one(&mut *conn)
        .await?,
    )
}

// ---- texts -----------------------------------------------------------------------------------

/// Saves a product's text in one language. A slug taken by another product of the shop in that
/// language is a `Conflict`.
pub async fn set_text(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
    t: &ProductText,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO product_texts (shop_id, product_id, lang, title, slug, description_md, seo_title, seo_description) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (shop_id, product_id, lang) DO UPDATE SET title = excluded.title, slug = excluded.slug, \
         description_md = excluded.description_md, seo_title = excluded.seo_title, seo_description = excluded.seo_description",
    )
    .bind(shop_id)
    .bind(product_id)
    .bind(&t.lang)
    .bind(&t.title)
    .bind(&t.slug)
    .bind(&t.description_md)
    .bind(&t.seo_title)
    .bind(&t.seo_description)
    .execute(&mut *conn)
    .await?;
    bump_version(conn, shop_id).await
}

pub async fn delete_text(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
    lang: &str,
) -> Result<()> {
    sqlx::query("DELETE FROM product_texts WHERE shop_id = $1 AND product_id = $2 AND lang = $3")
        .bind(shop_id)
        .bind(product_id)
        .bind(lang)
        .execute(&mut *conn)
        .await?;
    bump_version(conn, shop_id).await
}

pub async fn texts(conn: &mut Conn, shop_id: ShopId, product_id: i64) -> Result<Vec<ProductText>> {
    Ok(sqlx::query_as(
        "SELECT lang, title, slug, description_md, seo_title, seo_description FROM product_texts \
         WHERE shop_id = $1 AND product_id = $2 ORDER BY lang",
    )
    .bind(shop_id)
    .bind(product_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// The product a slug names in a language.
pub async fn product_by_slug(
    conn: &mut Conn,
    shop_id: ShopId,
    lang: &str,
    slug: &str,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT product_id FROM product_texts WHERE shop_id = $1 AND lang = $2 AND slug = $3",
    )
    .bind(shop_id)
    .bind(lang)
    .bind(slug)
    .fetch_optional(&mut *conn)
    .await?)
}

// ---- option axes -----------------------------------------------------------------------------

/// Replaces the option axis names of a product: `(axis 1..=3, lang, name)`.
pub async fn set_options(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
    names: &[(i64, String, String)],
) -> Result<()> {
    sqlx::query("DELETE FROM product_options WHERE shop_id = $1 AND product_id = $2")
        .bind(shop_id)
        .bind(product_id)
        .execute(&mut *conn)
        .await?;
    for (axis, lang, name) in names {
        sqlx::query("INSERT INTO product_options (shop_id, product_id, axis, lang, name) VALUES ($1, $2, $3, $4, $5)")
            .bind(shop_id)
            .bind(product_id)
            .bind(axis)
            .bind(lang)
            .bind(name)
            .execute(&mut *conn)
            .await?;
    }
    bump_version(conn, shop_id).await
}

pub async fn options(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
) -> Result<Vec<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT axis, lang, name FROM product_options WHERE shop_id = $1 AND product_id = $2 ORDER BY axis, lang",
    )
    .bind(shop_id)
    .bind(product_id)
    .fetch_all(&mut *conn)
    .await?)
}

// ---- variants and price history --------------------------------------------------------------

pub async fn add_variant(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
    v: &VariantFields,
) -> Result<i64> {
    let id = new_id();
    let t = now();
    sqlx::query(
        "INSERT INTO variants (shop_id, id, product_id, position, sku, option1, option2, option3, price_minor, \
         compare_at_minor, quantity, weight_grams, image_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(shop_id)
    .bind(id)
    .bind(product_id)
    .bind(v.position)
    .bind(&v.sku)
    .bind(&v.options[0])
    .bind(&v.options[1])
    .bind(&v.options[2])
    .bind(v.price_minor)
    .bind(v.compare_at_minor)
    .bind(v.quantity)
    .bind(v.weight_grams)
    .bind(v.image_id)
    .bind(t)
    .execute(&mut *conn)
    .await?;
    record_price(conn, shop_id, id, t, v.price_minor).await?;
    bump_version(conn, shop_id).await?;
    Ok(id)
}

async fn record_price(
    conn: &mut Conn,
    shop_id: ShopId,
    variant_id: i64,
    at: i64,
    price: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO price_history (shop_id, variant_id, at, price_minor) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (shop_id, variant_id, at) DO UPDATE SET price_minor = excluded.price_minor",
    )
    .bind(shop_id)
    .bind(variant_id)
    .bind(at)
    .bind(price)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Updates a variant of this product; a price change is recorded in the price history (the law
/// wants the lowest price of the last 30 days shown beside a discount).
pub async fn update_variant(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
    id: i64,
    v: &VariantFields,
) -> Result<()> {
    let old: Option<i64> = sqlx::query_scalar(
        "SELECT price_minor FROM variants WHERE shop_id = $1 AND product_id = $2 AND id = $3",
    )
    .bind(shop_id)
    .bind(product_id)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(old) = old else {
        return Err(StoreError::NotFound);
    };
    sqlx::query(
        "UPDATE variants SET position = $4, sku = $5, option1 = $6, option2 = $7, option3 = $8, price_minor = $9, \
         compare_at_minor = $10, quantity = $11, weight_grams = $12, image_id = $13 \
         WHERE shop_id = $1 AND product_id = $2 AND id = $3",
    )
    .bind(shop_id)
    .bind(product_id)
    .bind(id)
    .bind(v.position)
    .bind(&v.sku)
    .bind(&v.options[0])
    .bind(&v.options[1])
    .bind(&v.options[2])
    .bind(v.price_minor)
    .bind(v.compare_at_minor)
    .bind(v.quantity)
    .bind(v.weight_grams)
    .bind(v.image_id)
    .execute(&mut *conn)
    .await?;
    if old != v.price_minor {
        record_price(conn, shop_id, id, now(), v.price_minor).await?;
    }
    bump_version(conn, shop_id).await
}

pub async fn delete_variant(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
    id: i64,
) -> Result<()> {
    sqlx::query("DELETE FROM price_history WHERE shop_id = $1 AND variant_id = $2")
        .bind(shop_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let r = sqlx::query("DELETE FROM variants WHERE shop_id = $1 AND product_id = $2 AND id = $3")
        .bind(shop_id)
        .bind(product_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    bump_version(conn, shop_id).await
}

pub async fn variants(conn: &mut Conn, shop_id: ShopId, product_id: i64) -> Result<Vec<Variant>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {VARIANT_COLUMNS} FROM variants WHERE shop_id = $1 AND product_id = $2 ORDER BY position, id"
    ))
    .bind(shop_id)
    .bind(product_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// Price changes of a variant, oldest first: `(unix seconds, price in minor units)`.
pub async fn price_history(
    conn: &mut Conn,
    shop_id: ShopId,
    variant_id: i64,
) -> Result<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT at, price_minor FROM price_history WHERE shop_id = $1 AND variant_id = $2 ORDER BY at",
    )
    .bind(shop_id)
    .bind(variant_id)
    .fetch_all(&mut *conn)
    .await?)
}

// ---- tags ------------------------------------------------------------------------------------

pub async fn set_tags(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
    tags: &[String],
) -> Result<()> {
    sqlx::query("DELETE FROM product_tags WHERE shop_id = $1 AND product_id = $2")
        .bind(shop_id)
        .bind(product_id)
        .execute(&mut *conn)
        .await?;
    let mut seen = std::collections::BTreeSet::new();
    for tag in tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if seen.insert(tag.to_lowercase()) {
            sqlx::query("INSERT INTO product_tags (shop_id, product_id, tag) VALUES ($1, $2, $3)")
                .bind(shop_id)
                .bind(product_id)
                .bind(tag)
                .execute(&mut *conn)
                .await?;
        }
    }
    bump_version(conn, shop_id).await
}

pub async fn tags(conn: &mut Conn, shop_id: ShopId, product_id: i64) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT tag FROM product_tags WHERE shop_id = $1 AND product_id = $2 ORDER BY tag",
    )
    .bind(shop_id)
    .bind(product_id)
    .fetch_all(&mut *conn)
    .await?)
}

// ---- categories ------------------------------------------------------------------------------

#[derive(Debug, Clone, FromRow, Serialize, PartialEq, Eq)]
pub struct Category {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub position: i64,
    pub lang: String,
    pub name: String,
    pub slug: String,
    pub description: String,
}

pub async fn create_category(
    conn: &mut Conn,
    shop_id: ShopId,
    parent_id: Option<i64>,
    position: i64,
) -> Result<i64> {
    if let Some(p) = parent_id {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM categories WHERE shop_id = $1 AND id = $2")
                .bind(shop_id)
                .bind(p)
                .fetch_one(&mut *conn)
                .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
    }
    let id = new_id();
    sqlx::query("INSERT INTO categories (shop_id, id, parent_id, position, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(shop_id)
        .bind(id)
        .bind(parent_id)
        .bind(position)
        .bind(now())
        .execute(&mut *conn)
        .await?;
    bump_version(conn, shop_id).await?;
    Ok(id)
}

pub async fn set_category_text(
    conn: &mut Conn,
    shop_id: ShopId,
    category_id: i64,
    lang: &str,
    name: &str,
    slug: &str,
    description: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO category_texts (shop_id, category_id, lang, name, slug, description) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (shop_id, category_id, lang) DO UPDATE SET name = excluded.name, slug = excluded.slug, description = excluded.description",
    )
    .bind(shop_id)
    .bind(category_id)
    .bind(lang)
    .bind(name)
    .bind(slug)
    .bind(description)
    .execute(&mut *conn)
    .await?;
    bump_version(conn, shop_id).await
}

/// Every category of the shop with its text in every language (one row per language).
pub async fn categories(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<Category>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.parent_id, c.position, t.lang, t.name, t.slug, t.description FROM categories c \
         JOIN category_texts t ON t.shop_id = c.shop_id AND t.category_id = c.id \
         WHERE c.shop_id = $1 ORDER BY c.position, c.id, t.lang",
    )
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// A category's names, one per language (for a product's search terms).
pub async fn category_names(
    conn: &mut Conn,
    shop_id: ShopId,
    category_id: i64,
) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT name FROM category_texts WHERE shop_id = $1 AND category_id = $2 ORDER BY lang",
    )
    .bind(shop_id)
    .bind(category_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// The ids of the shop's products filed in any of `category_ids`.
pub async fn product_ids_in_categories(
    conn: &mut Conn,
    shop_id: ShopId,
    category_ids: &[i64],
) -> Result<Vec<i64>> {
    let mut ids = Vec::new();
    for chunk in category_ids.chunks(500) {
        let params: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT id FROM products WHERE shop_id = $1 AND category_id IN ({}) ORDER BY id",
            params.join(", ")
        );
        let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(shop_id);
        for id in chunk {
            q = q.bind(*id);
        }
        ids.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(ids)
}

// ---- search index ----------------------------------------------------------------------------

/// Replaces the search terms of a product (computed by the `search` crate).
pub async fn replace_search_terms(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
    terms: &[(String, i64)],
) -> Result<()> {
    sqlx::query("DELETE FROM search_terms WHERE shop_id = $1 AND product_id = $2")
        .bind(shop_id)
        .bind(product_id)
        .execute(&mut *conn)
        .await?;
    // A product has dozens of terms: a few statements of many rows each, not one per term.
    for chunk in terms.chunks(SEARCH_TERMS_PER_INSERT) {
        let mut sql =
            String::from("INSERT INTO search_terms (shop_id, term, product_id, weight) VALUES ");
        for i in 0..chunk.len() {
            let n = i * 2;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("($1, ${}, $2, ${})", n + 3, n + 4));
        }
        let mut q = sqlx::query(&sql).bind(shop_id).bind(product_id);
        for (term, weight) in chunk {
            q = q.bind(term).bind(weight);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Lets PostgreSQL's planner see how big the catalog tables have grown inside a transaction that
/// is still filling them (a CSV import): it plans lookups, foreign-key checks included, once per
/// connection from the statistics of the time, and on tables it believes empty it may look a
/// product up through `products_listing`, reading every product of the shop each time. ANALYZE
/// counts the rows this transaction inserted and makes those plans be made again. SQLite plans
/// each statement afresh: nothing to do there.
pub async fn refresh_planner_stats(conn: &mut Conn) -> Result<()> {
    if crate::backend_of(conn) == Backend::Postgres {
        sqlx::query(
            "ANALYZE products, product_texts, product_options, variants, price_history, \
             product_tags, search_terms, categories, category_texts",
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Rows per statement when writing search terms (two parameters each, far below the limits).
const SEARCH_TERMS_PER_INSERT: usize = 100;

// ---- admin list and bulk actions -------------------------------------------------------------

/// Which products the admin list shows. Empty strings and `None` mean "any".
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// The admin's language, for the title shown (falling back to any language).
    pub lang: String,
    /// Part of a title or SKU, matched without case (ASCII).
    pub q: String,
    pub status: String,
    pub category_id: Option<i64>,
    /// "in", "low" or "out" (untracked products count as in stock).
    pub stock: String,
    /// At or below this quantity a tracked product is "low".
    pub low_threshold: i64,
    pub sort: ListSort,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ListSort {
    #[default]
    Updated,
    Title,
    Price,
}

/// One row of the admin product list.
#[derive(Debug, Clone, FromRow, Serialize, PartialEq, Eq)]
pub struct ListRow {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub category_id: Option<i64>,
    pub track_stock: i64,
    pub updated_at: i64,
    pub title: String,
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    pub stock: i64,
}

// The inner query computes each product's shown title, price range and stock; the outer one
// filters on them, so that both backends accept the same ORDER BY on plain column names.
const LIST_INNER: &str = "SELECT p.id, p.kind, p.status, p.category_id, p.track_stock, p.updated_at, \
     COALESCE((SELECT t.title FROM product_texts t WHERE t.shop_id = p.shop_id AND t.product_id = p.id AND t.lang = $2), \
              (SELECT MIN(t.title) FROM product_texts t WHERE t.shop_id = p.shop_id AND t.product_id = p.id), '') AS title, \
     (SELECT MIN(v.price_minor) FROM variants v WHERE v.shop_id = p.shop_id AND v.product_id = p.id) AS min_price, \
     (SELECT MAX(v.price_minor) FROM variants v WHERE v.shop_id = p.shop_id AND v.product_id = p.id) AS max_price, \
     CAST(COALESCE((SELECT SUM(v.quantity) FROM variants v WHERE v.shop_id = p.shop_id AND v.product_id = p.id), 0) AS BIGINT) AS stock \
     FROM products p WHERE p.shop_id = $1 AND p.import_id IS NULL \
     AND ($3 = '' OR p.status = $3) \
     AND ($4 = 0 OR p.category_id = $4) \
     AND ($5 = '' OR EXISTS (SELECT 1 FROM product_texts t WHERE t.shop_id = p.shop_id AND t.product_id = p.id AND (LOWER(t.title) LIKE $5 OR t.title LIKE $8)) \
          OR EXISTS (SELECT 1 FROM variants v WHERE v.shop_id = p.shop_id AND v.product_id = p.id AND LOWER(v.sku) LIKE $5))";

const LIST_OUTER_WHERE: &str = "WHERE ($6 = '' \
     OR ($6 = 'in' AND (x.track_stock = 0 OR x.stock > 0)) \
     OR ($6 = 'low' AND x.track_stock = 1 AND x.stock > 0 AND x.stock <= $7) \
     OR ($6 = 'out' AND x.track_stock = 1 AND x.stock <= 0))";

/// `(lowercase pattern, pattern as typed)`: SQLite's LOWER folds ASCII only, so a title with
/// capital accented letters is also matched by the text as the seller typed it.
fn like_patterns(q: &str) -> (String, String) {
    let q = q.trim();
    if q.is_empty() {
        return (String::new(), String::new());
    }
    // LIKE wildcards typed by the seller are matched literally by dropping them.
    let cleaned: String = q
        .chars()
        .filter(|c| !matches!(c, '%' | '_' | '\\'))
        .collect();
    (
        format!("%{}%", cleaned.to_lowercase()),
        format!("%{cleaned}%"),
    )
}

/// The admin's product list: filtered, sorted and paginated, every query bound to the shop.
pub async fn list_products(
    conn: &mut Conn,
    shop_id: ShopId,
    f: &ListFilter,
) -> Result<Vec<ListRow>> {
    let order = match f.sort {
        ListSort::Updated => "x.updated_at DESC, x.id DESC",
        ListSort::Title => "LOWER(x.title), x.id",
        ListSort::Price => "x.min_price, x.id",
    };
    let sql = format!(
        "SELECT x.* FROM ({LIST_INNER}) x {LIST_OUTER_WHERE} ORDER BY {order} LIMIT $9 OFFSET $10"
    );
    let (lower, typed) = like_patterns(&f.q);
    Ok(sqlx::query_as(&sql)
        .bind(shop_id)
        .bind(&f.lang)
        .bind(&f.status)
        .bind(f.category_id.unwrap_or(0))
        .bind(&lower)
        .bind(&f.stock)
        .bind(f.low_threshold)
        .bind(&typed)
        .bind(f.limit)
        .bind(f.offset)
        .fetch_all(&mut *conn)
        .await?)
}

/// How many products [`list_products`] would show without pagination.
pub async fn count_list(conn: &mut Conn, shop_id: ShopId, f: &ListFilter) -> Result<i64> {
    let sql = format!("SELECT COUNT(*) FROM ({LIST_INNER}) x {LIST_OUTER_WHERE}");
    let (lower, typed) = like_patterns(&f.q);
    Ok(sqlx::query_scalar(&sql)
        .bind(shop_id)
        .bind(&f.lang)
        .bind(&f.status)
        .bind(f.category_id.unwrap_or(0))
        .bind(&lower)
        .bind(&f.stock)
        .bind(f.low_threshold)
        .bind(&typed)
        .fetch_one(&mut *conn)
        .await?)
}

/// Moves products to a category (or out of any); ids of other shops are ignored.
pub async fn set_category(
    conn: &mut Conn,
    shop_id: ShopId,
    ids: &[i64],
    category_id: Option<i64>,
) -> Result<u64> {
    if let Some(c) = category_id {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM categories WHERE shop_id = $1 AND id = $2")
                .bind(shop_id)
                .bind(c)
                .fetch_one(&mut *conn)
                .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
    }
    let mut n = 0;
    for id in ids {
        n += sqlx::query(
            "UPDATE products SET category_id = $3, updated_at = $4 WHERE shop_id = $1 AND id = $2",
        )
        .bind(shop_id)
        .bind(id)
        .bind(category_id)
        .bind(now())
        .execute(&mut *conn)
        .await?
        .rows_affected();
    }
    bump_version(conn, shop_id).await?;
    Ok(n)
}

/// The product that holds a SKU in this shop, if any.
pub async fn sku_owner(conn: &mut Conn, shop_id: ShopId, sku: &str) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT product_id FROM variants WHERE shop_id = $1 AND sku = $2")
            .bind(shop_id)
            .bind(sku)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// The category a slug names in a language.
pub async fn category_by_slug(
    conn: &mut Conn,
    shop_id: ShopId,
    lang: &str,
    slug: &str,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT category_id FROM category_texts WHERE shop_id = $1 AND lang = $2 AND slug = $3",
    )
    .bind(shop_id)
    .bind(lang)
    .bind(slug)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Deletes a category that has neither subcategories nor products; otherwise a `Conflict`.
pub async fn delete_category(conn: &mut Conn, shop_id: ShopId, id: i64) -> Result<()> {
    let children: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM categories WHERE shop_id = $1 AND parent_id = $2")
            .bind(shop_id)
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    let products: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE shop_id = $1 AND category_id = $2")
            .bind(shop_id)
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    if children > 0 || products > 0 {
        return Err(StoreError::Conflict("category not empty".into()));
    }
    sqlx::query("DELETE FROM category_texts WHERE shop_id = $1 AND category_id = $2")
        .bind(shop_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let r = sqlx::query("DELETE FROM categories WHERE shop_id = $1 AND id = $2")
        .bind(shop_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    bump_version(conn, shop_id).await
}

/// Moves a category under another one (or to the top level). Moving it under itself or one of
/// its own subcategories is a `Conflict`: the tree would become a loop.
pub async fn move_category(
    conn: &mut Conn,
    shop_id: ShopId,
    id: i64,
    parent_id: Option<i64>,
) -> Result<()> {
    let mut cursor = parent_id;
    let mut steps = 0;
    while let Some(p) = cursor {
        if p == id {
            return Err(StoreError::Conflict("category loop".into()));
        }
        let parent: Option<Option<i64>> =
            sqlx::query_scalar("SELECT parent_id FROM categories WHERE shop_id = $1 AND id = $2")
                .bind(shop_id)
                .bind(p)
                .fetch_optional(&mut *conn)
                .await?;
        let Some(next) = parent else {
            return Err(StoreError::NotFound);
        };
        cursor = next;
        steps += 1;
        if steps > 100 {
            return Err(StoreError::Conflict("category loop".into()));
        }
    }
    let r = sqlx::query("UPDATE categories SET parent_id = $3 WHERE shop_id = $1 AND id = $2")
        .bind(shop_id)
        .bind(id)
        .bind(parent_id)
        .execute(&mut *conn)
        .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    bump_version(conn, shop_id).await
}

pub async fn delete_category_text(
    conn: &mut Conn,
    shop_id: ShopId,
    category_id: i64,
    lang: &str,
) -> Result<()> {
    sqlx::query("DELETE FROM category_texts WHERE shop_id = $1 AND category_id = $2 AND lang = $3")
        .bind(shop_id)
        .bind(category_id)
        .bind(lang)
        .execute(&mut *conn)
        .await?;
    bump_version(conn, shop_id).await
}

// ---- inventory -------------------------------------------------------------------------------

/// One variant of a product whose stock is tracked, for the inventory view.
#[derive(Debug, Clone, FromRow, Serialize, PartialEq, Eq)]
pub struct InventoryRow {
    pub variant_id: i64,
    pub product_id: i64,
    pub kind: String,
    pub sku: Option<String>,
    pub option1: Option<String>,
    pub option2: Option<String>,
    pub option3: Option<String>,
    pub quantity: i64,
    pub title: String,
}

/// Tracked variants of products that are not archived, lowest stock first; with `at_most`, only
/// those at or below that quantity.
pub async fn inventory(
    conn: &mut Conn,
    shop_id: ShopId,
    lang: &str,
    at_most: Option<i64>,
    limit: i64,
    offset: i64,
) -> Result<Vec<InventoryRow>> {
    Ok(sqlx::query_as(
        "SELECT x.* FROM (SELECT v.id AS variant_id, v.product_id, p.kind, v.sku, v.option1, v.option2, v.option3, v.quantity, \
         COALESCE((SELECT t.title FROM product_texts t WHERE t.shop_id = p.shop_id AND t.product_id = p.id AND t.lang = $2), \
                  (SELECT MIN(t.title) FROM product_texts t WHERE t.shop_id = p.shop_id AND t.product_id = p.id), '') AS title \
         FROM variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id \
         WHERE v.shop_id = $1 AND p.track_stock = 1 AND p.status NOT IN ('archived', 'staged') \
         AND ($3 = 0 OR v.quantity <= $4)) x \
         ORDER BY x.quantity, LOWER(x.title), x.variant_id LIMIT $5 OFFSET $6",
    )
    .bind(shop_id)
    .bind(lang)
    .bind(at_most.is_some() as i64)
    .bind(at_most.unwrap_or(0))
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?)
}

/// Sets the stock of one variant of the shop.
pub async fn set_variant_quantity(
    conn: &mut Conn,
    shop_id: ShopId,
    variant_id: i64,
    quantity: i64,
) -> Result<()> {
    let r = sqlx::query("UPDATE variants SET quantity = $3 WHERE shop_id = $1 AND id = $2")
        .bind(shop_id)
        .bind(variant_id)
        .bind(quantity)
        .execute(&mut *conn)
        .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    bump_version(conn, shop_id).await
}
