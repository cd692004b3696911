//! Shops: the tenant itself, its per-language texts, its custom domains, and its deletion.

use serde::Serialize;
use sqlx::FromRow;

use crate::id::ShopId;
use crate::{new_id, now, Backend, Conn, Result, StoreError};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Shop {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub status: String,
    pub plan_id: i64,
    pub default_lang: String,
    pub langs: String,
    pub currency: String,
    pub timezone: String,
    pub color_primary: String,
    pub color_background: String,
    pub color_text: String,
    pub logo_key: Option<String>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// The sum of the versions of the partner shops whose products this shop shows (see
    /// `crate::partner`): a partner's change shows on this shop's pages, so the page cache keys
    /// on both. Versions only grow and any change of the partners themselves bumps `version`, so
    /// the pair never comes back to an earlier value.
    pub neighbours: i64,
}

impl Shop {
    /// The shop's id, typed, for the store functions that take a `ShopId`.
    pub fn sid(&self) -> crate::id::ShopId {
        crate::id::ShopId(self.id)
    }
    /// What the shop's pages are made of, for caches: its own version and its partners'.
    pub fn page_version(&self) -> (i64, i64) {
        (self.version, self.neighbours)
    }
    pub fn is_suspended(&self) -> bool {
        self.status == STATUS_SUSPENDED
    }
    /// Languages offered, default first.
    pub fn lang_list(&self) -> Vec<String> {
        let mut v: Vec<String> = vec![self.default_lang.clone()];
        for l in self
            .langs
            .split(',')
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            if !v.iter().any(|x| x == l) {
                v.push(l.to_string());
            }
        }
        v
    }
}

pub const STATUS_ACTIVE: &str = "active";
pub const STATUS_SUSPENDED: &str = "suspended";

const COLUMNS: &str = "id, slug, name, status, plan_id, default_lang, langs, currency, timezone, \
    color_primary, color_background, color_text, logo_key, version, created_at, updated_at, \
    (SELECT CAST(COALESCE(SUM(p.version), 0) AS BIGINT) FROM partners x \
     JOIN shops p ON p.id = x.partner_id WHERE x.shop_id = shops.id AND x.state = 'active') \
    AS neighbours";

pub struct NewShop<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub plan_id: i64,
    pub default_lang: &'a str,
}

/// Default theme colours: dark brown text on cream, readable (contrast above WCAG AA).
pub const DEFAULT_PRIMARY: &str = "#7a3e1d";
pub const DEFAULT_BACKGROUND: &str = "#fffaf3";
pub const DEFAULT_TEXT: &str = "#2b2118";

pub async fn create(conn: &mut Conn, new: &NewShop<'_>) -> Result<Shop> {
    let id = new_id();
    let t = now();
    let other = if new.default_lang == "fr" { "en" } else { "fr" };
    sqlx::query(
        "INSERT INTO shops (id, slug, name, status, plan_id, default_lang, langs, currency, timezone, \
         color_primary, color_background, color_text, version, created_at, updated_at) \
         VALUES ($1, $2, $3, 'active', $4, $5, $6, 'EUR', 'Europe/Paris', $7, $8, $9, 1, $10, $10)",
    )
    .bind(id)
    .bind(new.slug)
    .bind(new.name)
    .bind(new.plan_id)
    .bind(new.default_lang)
    .bind(format!("{},{}", new.default_lang, other))
    .bind(DEFAULT_PRIMARY)
    .bind(DEFAULT_BACKGROUND)
    .bind(DEFAULT_TEXT)
    .bind(t)
    .execute(&mut *conn)
    .await?;
    sqlx::query("INSERT INTO shop_legal (shop_id, updated_at) VALUES ($1, $2)")
        .bind(id)
        .bind(t)
        .execute(&mut *conn)
        .await?;
    by_id(conn, ShopId(id)).await
}

pub async fn by_id(conn: &mut Conn, id: ShopId) -> Result<Shop> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM shops WHERE id = $1"))
            .bind(id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// These shops' rows (those that exist), in no order.
pub async fn by_ids(conn: &mut Conn, ids: &[i64]) -> Result<Vec<Shop>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT {COLUMNS} FROM shops WHERE id IN ({})",
        list.join(", ")
    );
    let mut q = sqlx::query_as::<_, Shop>(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    Ok(q.fetch_all(&mut *conn).await?)
}

pub async fn by_slug(conn: &mut Conn, slug: &str) -> Result<Option<Shop>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM shops WHERE slug = $1"))
            .bind(slug)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

pub async fn slug_taken(conn: &mut Conn, slug: &str) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shops WHERE slug = $1")
        .bind(slug)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

/// Shops whose slug or name contains `q` (case-insensitive), newest first, for the operator.
pub async fn search(conn: &mut Conn, q: &str, limit: i64, offset: i64) -> Result<Vec<Shop>> {
    let pattern = format!("%{}%", q.to_lowercase());
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM shops WHERE LOWER(slug) LIKE $1 OR LOWER(name) LIKE $1 \
         ORDER BY created_at DESC, id LIMIT $2 OFFSET $3"
    ))
    .bind(pattern)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?)
}

/// Open shops for the platform home (the seed of the mall), by name.
pub async fn list_open(conn: &mut Conn, limit: i64, offset: i64) -> Result<Vec<Shop>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM shops WHERE status = 'active' ORDER BY name, id LIMIT $1 OFFSET $2"
    ))
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn count(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM shops")
        .fetch_one(&mut *conn)
        .await?)
}

/// Bumps the shop's version: the storefront's page cache keys on it, so every node serves fresh
/// pages after any change that shows on them. Call it in the transaction of the change.
///
/// Once per transaction is enough (nobody else sees the states in between), and on PostgreSQL
/// more is harmful: each update of a row leaves a version of it that the same transaction must
/// walk past on the next update and on every foreign-key check against the shop, so a CSV import
/// bumping the version for each of 10,000 products slowed down quadratically. There, the row is
/// left alone when this transaction already wrote it (its `xmin` is ours). SQLite updates in place.
pub async fn bump_version(conn: &mut Conn, shop_id: ShopId) -> Result<()> {
    let sql = match crate::backend_of(conn) {
        Backend::Postgres => {
            "UPDATE shops SET version = version + 1 WHERE id = $1 AND xmin <> pg_current_xact_id()::xid"
        }
        Backend::Sqlite => "UPDATE shops SET version = version + 1 WHERE id = $1",
    };
    sqlx::query(sql).bind(shop_id).execute(&mut *conn).await?;
    Ok(())
}

/// For platform-wide changes that show on every shop's pages (the host's identity).
pub async fn bump_all_versions(conn: &mut Conn) -> Result<()> {
    sqlx::query("UPDATE shops SET version = version + 1")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn touched(conn: &mut Conn, id: ShopId, affected: u64) -> Result<()> {
    if affected == 0 {
        return Err(StoreError::NotFound);
    }
    sqlx::query("UPDATE shops SET version = version + 1, updated_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn set_status(conn: &mut Conn, id: ShopId, status: &str) -> Result<()> {
    let r = sqlx::query("UPDATE shops SET status = $2 WHERE id = $1")
        .bind(id)
        .bind(status)
        .execute(&mut *conn)
        .await?;
    touched(conn, id, r.rows_affected()).await
}

pub async fn set_plan(conn: &mut Conn, id: ShopId, plan_id: i64) -> Result<()> {
    let r = sqlx::query("UPDATE shops SET plan_id = $2 WHERE id = $1")
        .bind(id)
        .bind(plan_id)
        .execute(&mut *conn)
        .await?;
    touched(conn, id, r.rows_affected()).await
}

/// Why [`update_general`] refused a change of currency.
pub const CURRENCY_FIXED: &str = "currency-fixed";

pub struct General<'a> {
    pub name: &'a str,
    pub default_lang: &'a str,
    pub langs: &'a str,
    pub currency: &'a str,
    pub timezone: &'a str,
}

/// Whether the shop stores amounts in its currency (products for now; orders when they exist):
/// its currency is then fixed, since every amount would be read in a new one.
pub async fn has_prices(conn: &mut Conn, shop_id: ShopId) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT 1 FROM products WHERE shop_id = $1 LIMIT 1) p",
    )
    .bind(shop_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// Saves the general settings. A change of currency is refused with `Conflict("currency-fixed")`
/// once the shop has prices; the update itself re-checks it, so a product added meanwhile cannot
/// slip between the check and the write.
pub async fn update_general(conn: &mut Conn, id: ShopId, g: &General<'_>) -> Result<()> {
    let current: String = sqlx::query_scalar("SELECT currency FROM shops WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current != g.currency && has_prices(conn, id).await? {
        return Err(StoreError::Conflict(CURRENCY_FIXED.into()));
    }
    let r = sqlx::query(
        "UPDATE shops SET name = $2, default_lang = $3, langs = $4, timezone = $6, \
         currency = CASE WHEN EXISTS (SELECT 1 FROM products WHERE shop_id = $1) THEN currency ELSE $5 END \
         WHERE id = $1",
    )
    .bind(id)
    .bind(g.name)
    .bind(g.default_lang)
    .bind(g.langs)
    .bind(g.currency)
    .bind(g.timezone)
    .execute(&mut *conn)
    .await?;
    touched(conn, id, r.rows_affected()).await
}

pub async fn update_colors(
    conn: &mut Conn,
    id: ShopId,
    primary: &str,
    background: &str,
    text: &str,
) -> Result<()> {
    let r = sqlx::query(
        "UPDATE shops SET color_primary = $2, color_background = $3, color_text = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(primary)
    .bind(background)
    .bind(text)
    .execute(&mut *conn)
    .await?;
    touched(conn, id, r.rows_affected()).await
}

pub async fn set_logo(conn: &mut Conn, id: ShopId, key: Option<&str>) -> Result<()> {
    let r = sqlx::query("UPDATE shops SET logo_key = $2 WHERE id = $1")
        .bind(id)
        .bind(key)
        .execute(&mut *conn)
        .await?;
    touched(conn, id, r.rows_affected()).await
}

/// Taglines by language.
pub async fn taglines(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<(String, String)>> {
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT lang, tagline FROM shop_texts WHERE shop_id = $1 ORDER BY lang")
            .bind(shop_id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(l, t)| t.map(|t| (l, t)))
        .collect())
}

pub async fn set_tagline(
    conn: &mut Conn,
    shop_id: ShopId,
    lang: &str,
    tagline: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO shop_texts (shop_id, lang, tagline) VALUES ($1, $2, $3) \
         ON CONFLICT (shop_id, lang) DO UPDATE SET tagline = excluded.tagline",
    )
    .bind(shop_id)
    .bind(lang)
    .bind(tagline)
    .execute(&mut *conn)
    .await?;
    touched(conn, shop_id, 1).await
}

// ---- custom domains --------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
pub struct CustomDomain {
    pub host: String,
    pub shop_id: ShopId,
    pub verified_at: Option<i64>,
    pub created_at: i64,
    /// Verified for another shop: this claim can no longer be verified.
    #[serde(skip)]
    pub taken: bool,
}

/// Records a shop's claim on a host. Several shops may claim the same unverified host; a shop
/// claiming it twice gets [`StoreError::Conflict`].
pub async fn add_domain(conn: &mut Conn, shop_id: ShopId, host: &str) -> Result<()> {
    sqlx::query("INSERT INTO custom_domains (host, shop_id, created_at) VALUES ($1, $2, $3)")
        .bind(host)
        .bind(shop_id)
        .bind(now())
        .execute(&mut *conn)
        .await?;
    bump_version(conn, shop_id).await
}

pub async fn remove_domain(conn: &mut Conn, shop_id: ShopId, host: &str) -> Result<()> {
    sqlx::query("DELETE FROM custom_domains WHERE shop_id = $1 AND host = $2")
        .bind(shop_id)
        .bind(host)
        .execute(&mut *conn)
        .await?;
    bump_version(conn, shop_id).await
}

pub async fn domains(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<CustomDomain>> {
    let rows: Vec<(String, Option<i64>, i64, i64)> = sqlx::query_as(
        "SELECT d.host, d.verified_at, d.created_at, \
         CASE WHEN EXISTS (SELECT 1 FROM custom_domains o WHERE o.host = d.host \
           AND o.shop_id <> d.shop_id AND o.verified_at IS NOT NULL) \
         THEN CAST(1 AS BIGINT) ELSE CAST(0 AS BIGINT) END \
         FROM custom_domains d WHERE d.shop_id = $1 ORDER BY d.host",
    )
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(host, verified_at, created_at, taken)| CustomDomain {
            host,
            shop_id,
            verified_at,
            created_at,
            taken: taken != 0,
        })
        .collect())
}

/// The shop a host is verified for, if any.
pub async fn verified_owner(conn: &mut Conn, host: &str) -> Result<Option<ShopId>> {
    Ok(sqlx::query_scalar(
        "SELECT shop_id FROM custom_domains WHERE host = $1 AND verified_at IS NOT NULL",
    )
    .bind(host)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Marks a shop's claim on `host` verified. [`StoreError::NotFound`] when the shop never claimed
/// it; [`StoreError::Conflict`] when the host is verified for another shop (a unique index
/// decides, so two verifications at once cannot both win).
pub async fn verify_domain(conn: &mut Conn, shop_id: ShopId, host: &str) -> Result<()> {
    let r = sqlx::query(
        "UPDATE custom_domains SET verified_at = COALESCE(verified_at, $3) \
         WHERE host = $1 AND shop_id = $2",
    )
    .bind(host)
    .bind(shop_id)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    bump_version(conn, shop_id).await
}

/// The slug of the shop a verified custom domain points at.
pub async fn slug_for_domain(conn: &mut Conn, host: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT s.slug FROM custom_domains d JOIN shops s ON s.id = d.shop_id \
         WHERE d.host = $1 AND d.verified_at IS NOT NULL",
    )
    .bind(host)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Deletes a shop and every row of every tenant table that belongs to it.
pub async fn delete(conn: &mut Conn, shop_id: ShopId) -> Result<()> {
    for table in crate::schema::TENANT_TABLES_DELETE_ORDER {
        sqlx::query(&format!("DELETE FROM {table} WHERE shop_id = $1"))
            .bind(shop_id)
            .execute(&mut *conn)
            .await?;
    }
    // Its partners' rows of their partnerships with it; their pages no longer show it.
    sqlx::query(
        "UPDATE shops SET version = version + 1 \
         WHERE id IN (SELECT shop_id FROM partners WHERE partner_id = $1)",
    )
    .bind(shop_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM partner_products WHERE partner_id = $1")
        .bind(shop_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM partners WHERE partner_id = $1")
        .bind(shop_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM custom_domains WHERE shop_id = $1")
        .bind(shop_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE outbox SET shop_id = NULL WHERE shop_id = $1")
        .bind(shop_id)
        .execute(&mut *conn)
        .await?;
    let r = sqlx::query("DELETE FROM shops WHERE id = $1")
        .bind(shop_id)
        .execute(&mut *conn)
        .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

// ---- operator console ------------------------------------------------------------------------

/// How many shops [`search`] would find for `q` (for the operator's pagination).
pub async fn search_count(conn: &mut Conn, q: &str) -> Result<i64> {
    let pattern = format!("%{}%", q.to_lowercase());
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM shops WHERE LOWER(slug) LIKE $1 OR LOWER(name) LIKE $1",
    )
    .bind(pattern)
    .fetch_one(&mut *conn)
    .await?)
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct MediaFile {
    pub key: String,
    pub bytes: i64,
    pub content_type: String,
    pub created_at: i64,
}

/// The files a shop stores, by key (for its export).
pub async fn media_files(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<MediaFile>> {
    Ok(sqlx::query_as(
        "SELECT key, bytes, content_type, created_at FROM media_files WHERE shop_id = $1 ORDER BY key",
    )
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// Every content page of a shop, in every language (for its export).
pub async fn all_pages(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<crate::page::Page>> {
    Ok(sqlx::query_as(
        "SELECT slug, lang, title, body, updated_at FROM pages WHERE shop_id = $1 ORDER BY slug, lang",
    )
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}
