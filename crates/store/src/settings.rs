//! Platform settings kept in the database (the host's identity for legal notices, …).

use crate::{Conn, Result};

pub async fn get(conn: &mut Conn, key: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT value FROM platform_settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

pub async fn set(conn: &mut Conn, key: &str, value: &str) -> Result<()> {
    set_unshown(conn, key, value).await?;
    // Platform settings show on every shop's legal notice: no cached page may outlive them.
    crate::shop::bump_all_versions(conn).await
}

/// Sets a setting that no storefront page shows (the shops' cached pages stay).
pub async fn set_unshown(conn: &mut Conn, key: &str, value: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO platform_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
