//! A storefront product page's own data, read in one statement: the product's row, with its
//! texts, variants, price history, option names, tags and images aggregated as JSON arrays by the
//! database. A page rendered on a page-cache miss pays one round trip, not one per table (on
//! PostgreSQL each statement costs the server more than the rows it returns).

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use sqlx::FromRow;

use crate::catalog::{Product, ProductText, Variant};
use crate::catalog_images::Image;
use crate::id::ShopId;
use crate::{Backend, Conn, Result, StoreError};

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
    /// Option axis names: `(axis, lang, name)`, sorted.
    pub options: Vec<(i64, String, String)>,
    /// Sorted.
    pub tags: Vec<String>,
    /// In display order.
    pub images: Vec<Image>,
    /// Its newest published reviews (newest first), how many are published, and the sum of
    /// their ratings.
    pub reviews: Vec<crate::review::Published>,
    pub review_count: i64,
    pub review_sum: i64,
}

#[derive(FromRow)]
struct Row {
    #[sqlx(flatten)]
    product: Product,
    texts: String,
    variants: String,
    history: String,
    options: String,
    tags: String,
    images: String,
    reviews: String,
    review_count: i64,
    review_sum: i64,
}

type TextRow = (String, String, String, String, String, String);
/// id, position, sku, option1..3, price, compare-at price, quantity, weight, image id.
/// id, position, sku, option1..3, price, compare-at price, quantity, weight, image id.
type VariantRow = (
    i64,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    Option<i64>,
    i64,
    Option<i64>,
    Option<i64>,
);
type ImageRow = (i64, i64, String, i64, i64, Vec<(String, String)>);
/// id, name, rating, body, bought at, written at, the shop's answer.
type ReviewRow = (i64, String, i64, String, i64, i64, Option<String>);

/// `expr` aggregated into a JSON array over the rows of `from` (`FROM … WHERE …`), as a text
/// column; `[]` when there is no row.
fn array_of(backend: Backend, expr: &str, from: &str) -> String {
    match backend {
        Backend::Postgres => format!("COALESCE((SELECT json_agg({expr}) {from})::text, '[]')"),
        Backend::Sqlite => format!("(SELECT json_group_array({expr}) {from})"),
    }
}

/// The same, nested inside another array (JSON, not a string).
fn nested_array_of(backend: Backend, expr: &str, from: &str) -> String {
    match backend {
        Backend::Postgres => format!("COALESCE((SELECT json_agg({expr}) {from}), '[]'::json)"),
        Backend::Sqlite => format!("json((SELECT json_group_array({expr}) {from}))"),
    }
}

fn statement(backend: Backend) -> String {
    let array = match backend {
        Backend::Postgres => "json_build_array",
        Backend::Sqlite => "json_array",
    };
    let of = |cols: &str, from: &str| array_of(backend, &format!("{array}({cols})"), from);
    let alts = nested_array_of(
        backend,
        &format!("{array}(a.lang, a.alt)"),
        "FROM image_alts a WHERE a.shop_id = i.shop_id AND a.image_id = i.id",
    );
    let texts = of(
        "t.lang, t.title, t.slug, t.description_md, t.seo_title, t.seo_description",
        "FROM product_texts t WHERE t.shop_id = p.shop_id AND t.product_id = p.id",
    );
    let variants = of(
        "v.id, v.position, v.sku, v.option1, v.option2, v.option3, v.price_minor, \
         v.compare_at_minor, v.quantity, v.weight_grams, v.image_id",
        "FROM variants v WHERE v.shop_id = p.shop_id AND v.product_id = p.id",
    );
    // Written as `IN (variants of the product)`, not as a join: SQLite would otherwise walk the
    // whole shop's price history (its primary key leads with the shop) for every page.
    let history = of(
        "h.variant_id, h.at, h.price_minor",
        "FROM price_history h WHERE h.shop_id = p.shop_id AND h.variant_id IN \
         (SELECT v.id FROM variants v WHERE v.shop_id = p.shop_id AND v.product_id = p.id)",
    );
    let options = of(
        "o.axis, o.lang, o.name",
        "FROM product_options o WHERE o.shop_id = p.shop_id AND o.product_id = p.id",
    );
    let tags = array_of(
        backend,
        "g.tag",
        "FROM product_tags g WHERE g.shop_id = p.shop_id AND g.product_id = p.id",
    );
    let images = of(
        &format!("i.id, i.position, i.key_prefix, i.width, i.height, {alts}"),
        "FROM product_images i WHERE i.shop_id = p.shop_id AND i.product_id = p.id",
    );
    let published = "FROM reviews r WHERE r.shop_id = p.shop_id AND r.product_id = p.id \
         AND r.status = 'published'";
    let reviews = of(
        "r.id, r.name, r.rating, r.body, r.experienced_at, r.created_at, r.reply",
        &format!(
            "FROM (SELECT r.id, r.name, r.rating, r.body, r.experienced_at, r.created_at, \
             r.reply {published} ORDER BY r.created_at DESC, r.id DESC LIMIT {}) r",
            crate::review::SHOWN
        ),
    );
    format!(
        "SELECT p.id, p.kind, p.status, p.category_id, p.vat_class, p.condition, p.vendor, \
         p.track_stock, p.allow_backorder, p.featured, p.details, p.safety, p.created_at, \
         p.updated_at, {texts} AS texts, {variants} AS variants, {history} AS history, \
         {options} AS options, {tags} AS tags, {images} AS images, {reviews} AS reviews, \
         (SELECT COUNT(*) {published}) AS review_count, \
         (SELECT CAST(COALESCE(SUM(r.rating), 0) AS BIGINT) {published}) AS review_sum \
         FROM products p WHERE p.shop_id = $1 AND p.status IN {VISIBLE} AND p.id = \
         (SELECT t.product_id FROM product_texts t JOIN products q \
         ON q.shop_id = t.shop_id AND q.id = t.product_id \
         WHERE t.shop_id = $1 AND t.slug = $2 AND q.status IN {VISIBLE} \
         ORDER BY CASE WHEN t.lang = $3 THEN 0 ELSE 1 END, t.lang LIMIT 1)"
    )
}

fn parse<T: DeserializeOwned>(what: &str, json: &str) -> Result<Vec<T>> {
    serde_json::from_str(json).map_err(|e| {
        StoreError::Db(sqlx::Error::Decode(
            format!("product page {what}: {e}").into(),
        ))
    })
}

/// The visible product whose address in some language is `slug` (the slug in `lang` first, then
/// in the first language by code), with everything its page shows; `None` if there is none.
pub async fn by_slug(
    conn: &mut Conn,
    shop_id: ShopId,
    slug: &str,
    lang: &str,
) -> Result<Option<ProductPage>> {
    let sql = statement(crate::backend_of(conn));
    let Some(row): Option<Row> = sqlx::query_as(&sql)
        .bind(shop_id)
        .bind(slug)
        .bind(lang)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let id = row.product.id;
    let mut texts: Vec<ProductText> = parse::<TextRow>("texts", &row.texts)?
        .into_iter()
        .map(
            |(lang, title, slug, description_md, seo_title, seo_description)| ProductText {
                lang,
                title,
                slug,
                description_md,
                seo_title,
                seo_description,
            },
        )
        .collect();
    texts.sort_by(|a, b| a.lang.cmp(&b.lang));
    let mut variants: Vec<Variant> = parse::<VariantRow>("variants", &row.variants)?
        .into_iter()
        .map(|v| Variant {
            id: v.0,
            product_id: id,
            position: v.1,
            sku: v.2,
            option1: v.3,
            option2: v.4,
            option3: v.5,
            price_minor: v.6,
            compare_at_minor: v.7,
            quantity: v.8,
            weight_grams: v.9,
            image_id: v.10,
        })
        .collect();
    variants.sort_by_key(|v| (v.position, v.id));
    let mut history: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
    for (variant, at, price) in parse::<(i64, i64, i64)>("history", &row.history)? {
        history.entry(variant).or_default().push((at, price));
    }
    for changes in history.values_mut() {
        changes.sort();
    }
    let mut options: Vec<(i64, String, String)> = parse("options", &row.options)?;
    options.sort();
    let mut tags: Vec<String> = parse("tags", &row.tags)?;
    tags.sort();
    let mut images: Vec<Image> = parse::<ImageRow>("images", &row.images)?
        .into_iter()
        .map(|(image, position, key_prefix, width, height, mut alts)| {
            alts.sort();
            Image {
                id: image,
                product_id: id,
                position,
                key_prefix,
                width,
                height,
                alts,
            }
        })
        .collect();
    images.sort_by_key(|i| (i.position, i.id));
    let mut reviews: Vec<crate::review::Published> = parse::<ReviewRow>("reviews", &row.reviews)?
        .into_iter()
        .map(
            |(id, name, rating, body, experienced_at, created_at, reply)| {
                crate::review::Published {
                    id,
                    name,
                    rating,
                    body,
                    experienced_at,
                    created_at,
                    reply,
                }
            },
        )
        .collect();
    reviews.sort_by_key(|r| std::cmp::Reverse((r.created_at, r.id)));
    Ok(Some(ProductPage {
        reviews,
        review_count: row.review_count,
        review_sum: row.review_sum,
        product: row.product,
        texts,
        variants,
        history,
        options,
        tags,
        images,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each table is reached by the product (or its variants, images): no step of the plan reads
    /// a whole shop's rows, which a page rendered per request cannot afford with a large catalog.
    #[tokio::test]
    async fn the_statement_reads_only_the_products_rows_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("p.db").display());
        let store = crate::Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        let mut conn = store.reader().await.unwrap();
        let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!(
            "EXPLAIN QUERY PLAN {}",
            statement(Backend::Sqlite)
        ))
        .bind(1_i64)
        .bind("slug")
        .bind("fr")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        let steps: Vec<&str> = plan.iter().map(|r| r.3.as_str()).collect();
        for step in &steps {
            // `r` is the subquery of the newest reviews (at most `review::SHOWN` rows, read by
            // the product through its index): scanning it reads no table.
            let reviews = *step == "SCAN r" && steps.contains(&"CO-ROUTINE r");
            assert!(!step.starts_with("SCAN") || reviews, "{step}\n{steps:#?}");
            if step.starts_with("SEARCH") {
                assert!(
                    step.contains("(shop_id=? AND "),
                    "a step reads by shop only: {step}\n{steps:#?}"
                );
            }
        }
    }
}
