//! A CSV import's staging: its new products written in short transactions, hidden from shoppers
//! and from the admin (status [`STAGED`], tagged with the import's id) until one short
//! transaction publishes them all; or removed, in short transactions too, when the import fails
//! or its process died (a lease renewed after each batch tells a live import from a dead one).

use crate::catalog::{ProductFields, ProductText, VariantFields};
use crate::id::ShopId;
use crate::{new_id, now, Conn, Result, Store};

/// The status of a product written by an import that is not published yet.
pub const STAGED: &str = "staged";
/// An import that has not renewed its lease for this long is taken for dead.
const LEASE_SECONDS: i64 = 300;
/// Rows per multi-row insert of variants (14 parameters each, far below both backends' limits).
const VARIANTS_PER_INSERT: usize = 50;

/// Registers a running import (its id is also the tag of its staged products).
pub async fn open(conn: &mut Conn, shop_id: ShopId) -> Result<i64> {
    let id = new_id();
    sqlx::query("INSERT INTO import_stagings (shop_id, id, locked_until) VALUES ($1, $2, $3)")
        .bind(shop_id)
        .bind(id)
        .bind(now() + LEASE_SECONDS)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

/// Keeps the import alive; `created` adds categories it made (removed again if it fails).
pub async fn renew(conn: &mut Conn, shop_id: ShopId, id: i64, created: &[i64]) -> Result<()> {
    let more: String = created
        .iter()
        .map(|c| format!("{c},"))
        .collect::<Vec<_>>()
        .concat();
    sqlx::query(
        "UPDATE import_stagings SET locked_until = $3, categories = categories || $4 \
         WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop_id)
    .bind(id)
    .bind(now() + LEASE_SECONDS)
    .bind(more)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One new product as an import stages it.
pub struct StagedProduct<'a> {
    pub fields: &'a ProductFields,
    pub text: &'a ProductText,
    /// `(axis 1..=3, lang, name)`.
    pub options: &'a [(i64, String, String)],
    pub tags: &'a [String],
    pub variants: &'a [VariantFields],
    /// Picture URLs with their alt text, queued for download once published.
    pub images: &'a [(String, String)],
}

/// Writes a new, hidden product of the import `import_id`: a few multi-row statements, and no
/// version bump (nobody sees it yet). A slug or SKU taken meanwhile is a `Conflict`.
pub async fn stage_product(
    conn: &mut Conn,
    shop_id: ShopId,
    import_id: i64,
    p: &StagedProduct<'_>,
) -> Result<i64> {
    let id = new_id();
    let t = now();
    let f = p.fields;
    sqlx::query(
        "INSERT INTO products (shop_id, id, kind, status, category_id, vat_class, condition, vendor, track_stock, \
         allow_backorder, featured, details, safety, created_at, updated_at, import_id, staged_status) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16)",
    )
    .bind(shop_id)
    .bind(id)
    .bind(&f.kind)
    .bind(STAGED)
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
    .bind(import_id)
    .bind(&f.status)
    .execute(&mut *conn)
    .await?;
    let x = p.text;
    sqlx::query(
        "INSERT INTO product_texts (shop_id, product_id, lang, title, slug, description_md, seo_title, seo_description) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(shop_id)
    .bind(id)
    .bind(&x.lang)
    .bind(&x.title)
    .bind(&x.slug)
    .bind(&x.description_md)
    .bind(&x.seo_title)
    .bind(&x.seo_description)
    .execute(&mut *conn)
    .await?;
    if !p.options.is_empty() {
        let sql = rows(
            "INSERT INTO product_options (shop_id, product_id, axis, lang, name) VALUES ",
            p.options.len(),
            3,
        );
        let mut q = sqlx::query(&sql).bind(shop_id).bind(id);
        for (axis, lang, name) in p.options {
            q = q.bind(axis).bind(lang).bind(name);
        }
        q.execute(&mut *conn).await?;
    }
    let mut seen = std::collections::BTreeSet::new();
    let tags: Vec<&str> = p
        .tags
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty() && seen.insert(t.to_lowercase()))
        .collect();
    if !tags.is_empty() {
        let sql = rows(
            "INSERT INTO product_tags (shop_id, product_id, tag) VALUES ",
            tags.len(),
            1,
        );
        let mut q = sqlx::query(&sql).bind(shop_id).bind(id);
        for tag in tags {
            q = q.bind(tag);
        }
        q.execute(&mut *conn).await?;
    }
    for chunk in p.variants.chunks(VARIANTS_PER_INSERT) {
        let ids: Vec<i64> = chunk.iter().map(|_| new_id()).collect();
        let sql = rows(
            "INSERT INTO variants (shop_id, product_id, id, position, sku, option1, option2, option3, price_minor, \
             compare_at_minor, quantity, weight_grams, image_id, created_at) VALUES ",
            chunk.len(),
            12,
        );
        let mut q = sqlx::query(&sql).bind(shop_id).bind(id);
        for (vid, v) in ids.iter().zip(chunk) {
            q = q
                .bind(vid)
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
                .bind(t);
        }
        q.execute(&mut *conn).await?;
        // The first price of each variant starts its history (the reference-price rule).
        let sql = rows(
            "INSERT INTO price_history (shop_id, at, variant_id, price_minor) VALUES ",
            chunk.len(),
            2,
        );
        let mut q = sqlx::query(&sql).bind(shop_id).bind(t);
        for (vid, v) in ids.iter().zip(chunk) {
            q = q.bind(vid).bind(v.price_minor);
        }
        q.execute(&mut *conn).await?;
    }
    if !p.images.is_empty() {
        // Queued as 'staged': no worker claims them before the product is published.
        let mut sql =
            String::from("INSERT INTO image_fetches (shop_id, product_id, created_at, next_attempt_at, state, attempts, id, url, alt, position) VALUES ");
        for i in 0..p.images.len() {
            let n = 4 + i * 4;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "($1, $2, $3, $3, 'staged', 0, ${}, ${}, ${}, ${})",
                n,
                n + 1,
                n + 2,
                n + 3
            ));
        }
        let mut q = sqlx::query(&sql).bind(shop_id).bind(id).bind(t);
        for (position, (url, alt)) in p.images.iter().enumerate() {
            q = q.bind(new_id()).bind(url).bind(alt).bind(position as i64);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(id)
}

/// `prefix` followed by `count` tuples `($1, $2, …)`: the first two parameters shared by every
/// row, then `per_row` of the row's own.
fn rows(prefix: &str, count: usize, per_row: usize) -> String {
    let mut sql = String::from(prefix);
    for i in 0..count {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str("($1, $2");
        for k in 0..per_row {
            sql.push_str(&format!(", ${}", 3 + i * per_row + k));
        }
        sql.push(')');
    }
    sql
}

/// Products of the shop once this import is published: those already there and its staged ones
/// (other imports' staged products do not count).
pub async fn count_with(conn: &mut Conn, shop_id: ShopId, import_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM products WHERE shop_id = $1 AND (import_id IS NULL OR import_id = $2)",
    )
    .bind(shop_id)
    .bind(import_id)
    .fetch_one(&mut *conn)
    .await?)
}

/// Shows every product the import staged, with the status the file gave it, and lets its
/// pictures be fetched: a handful of statements whatever the import's size. The caller bumps
/// the shop's version and commits.
pub async fn publish(conn: &mut Conn, shop_id: ShopId, import_id: i64) -> Result<u64> {
    sqlx::query(
        "UPDATE image_fetches SET state = 'pending' WHERE shop_id = $1 AND state = 'staged' \
         AND product_id IN (SELECT id FROM products WHERE shop_id = $1 AND import_id = $2)",
    )
    .bind(shop_id)
    .bind(import_id)
    .execute(&mut *conn)
    .await?;
    let r = sqlx::query(
        "UPDATE products SET status = staged_status, staged_status = NULL, import_id = NULL \
         WHERE shop_id = $1 AND import_id = $2",
    )
    .bind(shop_id)
    .bind(import_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM import_stagings WHERE shop_id = $1 AND id = $2")
        .bind(shop_id)
        .bind(import_id)
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected())
}

/// Removes up to `limit` staged products of the import (their texts, variants, terms and queued
/// pictures go with them); returns how many, 0 when none are left.
pub async fn discard_some(
    conn: &mut Conn,
    shop_id: ShopId,
    import_id: i64,
    limit: i64,
) -> Result<u64> {
    // Texts, variants (and their price history), terms and queued pictures cascade.
    let r = sqlx::query(
        "DELETE FROM products WHERE shop_id = $1 AND id IN \
         (SELECT id FROM products WHERE shop_id = $1 AND import_id = $2 LIMIT $3)",
    )
    .bind(shop_id)
    .bind(import_id)
    .bind(limit)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected())
}

/// Forgets a failed import once its staged products are gone: the categories it created are
/// removed when still empty (deepest first), then its lease.
pub async fn close(conn: &mut Conn, shop_id: ShopId, import_id: i64) -> Result<()> {
    let created: Option<String> =
        sqlx::query_scalar("SELECT categories FROM import_stagings WHERE shop_id = $1 AND id = $2")
            .bind(shop_id)
            .bind(import_id)
            .fetch_optional(&mut *conn)
            .await?;
    let ids: Vec<i64> = created
        .unwrap_or_default()
        .split(',')
        .filter_map(|s| s.parse().ok())
        .collect();
    // Created parents first, so children come later in the list: remove in reverse.
    for id in ids.iter().rev() {
        let used: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM products WHERE shop_id = $1 AND category_id = $2) \
             + (SELECT COUNT(*) FROM categories WHERE shop_id = $1 AND parent_id = $2)",
        )
        .bind(shop_id)
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
        if used == 0 {
            for sql in [
                "DELETE FROM category_texts WHERE shop_id = $1 AND category_id = $2",
                "DELETE FROM categories WHERE shop_id = $1 AND id = $2",
            ] {
                sqlx::query(sql)
                    .bind(shop_id)
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
            }
        }
    }
    sqlx::query("DELETE FROM import_stagings WHERE shop_id = $1 AND id = $2")
        .bind(shop_id)
        .bind(import_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Removes everything an import staged, a short transaction at a time so that other writers
/// pass in between, then forgets it.
pub async fn discard(store: &Store, shop_id: ShopId, import_id: i64) -> Result<()> {
    loop {
        let mut tx = store.begin().await?;
        let n = discard_some(&mut tx, shop_id, import_id, 200).await?;
        if n == 0 {
            close(&mut tx, shop_id, import_id).await?;
            // Categories show as soon as an import creates them: removing them changes pages.
            crate::shop::bump_version(&mut tx, shop_id).await?;
            tx.commit().await?;
            return Ok(());
        }
        tx.commit().await?;
        tokio::task::yield_now().await;
    }
}

/// Imports whose lease ran out (their process stopped mid-way): `(shop_id, id)`.
pub async fn expired(conn: &mut Conn) -> Result<Vec<(ShopId, i64)>> {
    Ok(
        sqlx::query_as("SELECT shop_id, id FROM import_stagings WHERE locked_until < $1")
            .bind(now())
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// Removes what dead imports left staged; returns how many imports were cleaned.
pub async fn clean_expired(store: &Store) -> Result<usize> {
    let dead = {
        let mut c = store.reader().await?;
        expired(&mut c).await?
    };
    for (shop_id, id) in &dead {
        discard(store, *shop_id, *id).await?;
    }
    Ok(dead.len())
}
