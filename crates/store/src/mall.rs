//! The mall's queries: the shops it lists, their directory settings, the indexed terms of a shop
//! or of every listed shop (what typos are corrected against), and the search across shops.

use sqlx::FromRow;

use crate::id::ShopId;
use crate::{Conn, Result};

/// A shop the mall lists: open (not suspended nor closed) and not opted out.
const LISTED: &str = "s.status = 'active' AND s.mall_listed = 1";

/// A listed shop as the directory shows it.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct MallShop {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub logo_key: Option<String>,
    pub default_lang: String,
    pub langs: String,
    /// The directory category its seller chose (empty: none chosen yet).
    pub mall_category: String,
    pub mall_featured: i64,
    pub created_at: i64,
    /// From its legal address (empty when not given).
    pub country: String,
    pub postal_code: String,
    /// Its own verified domain, when it has one (the first, by name).
    pub domain: Option<String>,
}

/// Every shop the mall lists, newest first.
pub async fn listed_shops(conn: &mut Conn) -> Result<Vec<MallShop>> {
    Ok(sqlx::query_as(&format!(
        "SELECT s.id, s.slug, s.name, s.logo_key, s.default_lang, s.langs, s.mall_category, \
         s.mall_featured, s.created_at, COALESCE(l.country, '') AS country, \
         COALESCE(l.postal_code, '') AS postal_code, \
         (SELECT MIN(d.host) FROM custom_domains d WHERE d.shop_id = s.id \
          AND d.verified_at IS NOT NULL) AS domain \
         FROM shops s LEFT JOIN shop_legal l ON l.shop_id = s.id \
         WHERE {LISTED} ORDER BY s.created_at DESC, s.id DESC"
    ))
    .fetch_all(&mut *conn)
    .await?)
}

/// How many listed shops each directory category has (categories without a shop left out).
pub async fn category_counts(conn: &mut Conn) -> Result<Vec<(String, i64)>> {
    Ok(sqlx::query_as(&format!(
        "SELECT s.mall_category, COUNT(*) FROM shops s WHERE {LISTED} \
         AND s.mall_category <> '' GROUP BY s.mall_category"
    ))
    .fetch_all(&mut *conn)
    .await?)
}

/// A shop's place in the mall: whether it is listed, under which category, and whether the
/// operator features it.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Listing {
    pub mall_listed: i64,
    pub mall_category: String,
    pub mall_featured: i64,
}

pub async fn listing(conn: &mut Conn, shop_id: ShopId) -> Result<Listing> {
    Ok(
        sqlx::query_as("SELECT mall_listed, mall_category, mall_featured FROM shops WHERE id = $1")
            .bind(shop_id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// The seller's choice: listed or not, and the directory category.
pub async fn set_listing(
    conn: &mut Conn,
    shop_id: ShopId,
    listed: bool,
    category: &str,
) -> Result<()> {
    sqlx::query("UPDATE shops SET mall_listed = $1, mall_category = $2 WHERE id = $3")
        .bind(i64::from(listed))
        .bind(category)
        .bind(shop_id)
        .execute(&mut *conn)
        .await?;
    crate::shop::bump_version(conn, shop_id).await
}

/// The operator's choice: featured first on the mall's home, or not.
pub async fn set_featured(conn: &mut Conn, shop_id: ShopId, featured: bool) -> Result<()> {
    sqlx::query("UPDATE shops SET mall_featured = $1 WHERE id = $2")
        .bind(i64::from(featured))
        .bind(shop_id)
        .execute(&mut *conn)
        .await?;
    crate::shop::bump_version(conn, shop_id).await
}

/// The terms indexed for a shop's products a shopper may see, each with how many products it
/// is indexed for (a draft's words are never proposed: they would tell of unreleased products).
pub async fn shop_terms(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<(String, i64)>> {
    Ok(sqlx::query_as(&format!(
        "SELECT t.term, COUNT(*) FROM search_terms t \
         JOIN products p ON p.shop_id = t.shop_id AND p.id = t.product_id \
         WHERE t.shop_id = $1 AND p.status IN {} GROUP BY t.term",
        crate::listing::VISIBLE
    ))
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// The terms indexed for the visible products of every listed shop, with how many products
/// each.
pub async fn mall_terms(conn: &mut Conn) -> Result<Vec<(String, i64)>> {
    Ok(sqlx::query_as(&format!(
        "SELECT t.term, COUNT(*) FROM search_terms t \
         JOIN products p ON p.shop_id = t.shop_id AND p.id = t.product_id \
         WHERE t.shop_id IN (SELECT s.id FROM shops s WHERE {LISTED}) AND p.status IN {} \
         GROUP BY t.term",
        crate::listing::VISIBLE
    ))
    .fetch_all(&mut *conn)
    .await?)
}

/// Runs the search crate's `sql_across` statements (`tiers`, sharing the arguments `args`, which
/// start at `$2`) and keeps, best first, at most `limit` products a shopper may see in listed
/// shops: `(shop id, product id)`. Each tier but the last finds the first products of the whole
/// ranking when it finds `limit` of them (see `search::sql_across_strong`); the last finds every
/// product.
///
/// The hits are read first and the shops and products looked up for them, never the other way
/// (a planner that starts from the listed shops' products reads the whole catalog of the mall
/// even for a word nothing matches): shops and products are tests on each hit (`IN`,
/// `EXISTS`), not joins a planner may reorder. And only the best `2 × limit` hits are looked up
/// first: when `limit` of them may be shown, no hit below them could rank higher; otherwise
/// (few hits, or many hidden) the next tier is tried, and at the last every hit is looked up.
pub async fn search(
    conn: &mut Conn,
    tiers: &[String],
    args: &[crate::listing::SearchArg],
    limit: i64,
) -> Result<Vec<(i64, i64)>> {
    let best = limit.saturating_mul(2);
    for (i, hits) in tiers.iter().enumerate() {
        let found = search_among(conn, hits, args, limit, Some(best)).await?;
        if found.len() as i64 >= limit {
            return Ok(found);
        }
        if i + 1 == tiers.len() {
            return search_among(conn, hits, args, limit, None).await;
        }
    }
    Ok(Vec::new())
}

async fn search_among(
    conn: &mut Conn,
    hits: &str,
    args: &[crate::listing::SearchArg],
    limit: i64,
    best: Option<i64>,
) -> Result<Vec<(i64, i64)>> {
    let candidates = match best {
        Some(n) => format!(
            "SELECT * FROM ({hits}) AS g ORDER BY g.score DESC, g.product_id, g.shop_id LIMIT {n}"
        ),
        None => hits.to_string(),
    };
    let sql = format!(
        "SELECT h.shop_id, h.product_id FROM ({candidates}) AS h \
         WHERE h.shop_id IN (SELECT s.id FROM shops s WHERE {LISTED}) \
         AND EXISTS (SELECT 1 FROM products p WHERE p.shop_id = h.shop_id \
         AND p.id = h.product_id AND p.status IN {}) \
         ORDER BY h.score DESC, h.product_id, h.shop_id LIMIT $1",
        crate::listing::VISIBLE
    );
    let mut q = sqlx::query_as::<_, (i64, i64)>(&sql).bind(limit);
    for a in args {
        q = match a {
            crate::listing::SearchArg::Int(i) => q.bind(*i),
            crate::listing::SearchArg::Text(s) => q.bind(s.clone()),
        };
    }
    Ok(q.fetch_all(&mut *conn).await?)
}

/// A product found in the mall: its shop and its card (text in the asked language, else in its
/// shop's default language).
#[derive(Debug, Clone, FromRow)]
pub struct FoundCard {
    pub shop_id: i64,
    #[sqlx(flatten)]
    pub card: crate::listing::Card,
}

fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The cards of these products (of these shops), in one query whatever the number of shops:
/// the products a shopper may see, with a title and a price, in no order.
pub async fn cards(conn: &mut Conn, products: &[(i64, i64)], lang: &str) -> Result<Vec<FoundCard>> {
    if products.is_empty() {
        return Ok(Vec::new());
    }
    let mut shops: Vec<i64> = products.iter().map(|(s, _)| *s).collect();
    shops.sort_unstable();
    shops.dedup();
    let scope = format!(
        "p.shop_id IN ({}) AND p.id IN ({})",
        placeholders(2, shops.len()),
        placeholders(2 + shops.len(), products.len())
    );
    let sql = format!(
        "SELECT shop_id, id, status, title, slug, price_minor, compare_at_minor, vat_class, \
         available, created_at FROM ({}) AS found",
        crate::listing::cards_sql(
            &scope,
            "$1",
            "(SELECT s.default_lang FROM shops s WHERE s.id = p.shop_id)"
        )
    );
    let mut q = sqlx::query_as::<_, FoundCard>(&sql).bind(lang);
    for s in &shops {
        q = q.bind(*s);
    }
    for (_, p) in products {
        q = q.bind(*p);
    }
    Ok(q.fetch_all(&mut *conn)
        .await?
        .into_iter()
        .filter(|f| products.contains(&(f.shop_id, f.card.id)))
        .collect())
}

/// Each of these shops' verified domain, when it has one (the first by name, as the
/// directory shows it): `(shop id, host)`.
pub async fn domains(conn: &mut Conn, shops: &[i64]) -> Result<Vec<(i64, String)>> {
    if shops.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT shop_id, MIN(host) FROM custom_domains \
         WHERE verified_at IS NOT NULL AND shop_id IN ({}) GROUP BY shop_id",
        placeholders(1, shops.len())
    );
    let mut q = sqlx::query_as::<_, (i64, String)>(&sql);
    for s in shops {
        q = q.bind(*s);
    }
    Ok(q.fetch_all(&mut *conn).await?)
}
