//! Content pages of a shop (terms of sale, privacy policy), per language.

use serde::Serialize;
use sqlx::FromRow;

use crate::id::ShopId;
use crate::{now, Conn, Result};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Page {
    pub slug: String,
    pub lang: String,
    pub title: String,
    pub body: String,
    pub updated_at: i64,
}

pub async fn upsert(
    conn: &mut Conn,
    shop_id: ShopId,
    slug: &str,
    lang: &str,
    title: &str,
    body: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO pages (shop_id, slug, lang, title, body, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (shop_id, slug, lang) DO UPDATE SET title = excluded.title, body = excluded.body, updated_at = excluded.updated_at",
    )
    .bind(shop_id)
    .bind(slug)
    .bind(lang)
    .bind(title)
    .bind(body)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    crate::shop::bump_version(conn, shop_id).await
}

/// The page in `lang`, or failing that in any language (the shop's default first is the caller's
/// concern: it passes its preference order).
pub async fn get(
    conn: &mut Conn,
    shop_id: ShopId,
    slug: &str,
    langs: &[&str],
) -> Result<Option<Page>> {
    for lang in langs {
        let p: Option<Page> = sqlx::query_as(
            "SELECT slug, lang, title, body, updated_at FROM pages WHERE shop_id = $1 AND slug = $2 AND lang = $3",
        )
        .bind(shop_id)
        .bind(slug)
        .bind(*lang)
        .fetch_optional(&mut *conn)
        .await?;
        if p.is_some() {
            return Ok(p);
        }
    }
    Ok(None)
}

pub async fn list(conn: &mut Conn, shop_id: ShopId, lang: &str) -> Result<Vec<Page>> {
    Ok(sqlx::query_as(
        "SELECT slug, lang, title, body, updated_at FROM pages WHERE shop_id = $1 AND lang = $2 ORDER BY slug",
    )
    .bind(shop_id)
    .bind(lang)
    .fetch_all(&mut *conn)
    .await?)
}
