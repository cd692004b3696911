//! Rate-limit counters: hits per key in a fixed window, bumped and read in one statement.
//!
//! Reading a count and then recording a hit lets parallel requests all pass the check before
//! any of them is recorded; one upsert that returns the new count cannot be raced (PostgreSQL
//! locks the row for the conflicting insert, SQLite has one writer).

use rand::Rng;

use crate::{now, Conn, Result};

/// Counts one hit for `key` and returns the number of hits in its current window (this one
/// included). A window starts at the first hit after the previous one ended.
pub async fn hit(conn: &mut Conn, key: &str, window_seconds: i64) -> Result<i64> {
    let t = now();
    let hits: i64 = sqlx::query_scalar(
        "INSERT INTO rate_counters (key, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (key) DO UPDATE SET \
           hits = CASE WHEN rate_counters.window_start <= $3 THEN 1 ELSE rate_counters.hits + 1 END, \
           window_start = CASE WHEN rate_counters.window_start <= $3 THEN $2 ELSE rate_counters.window_start END \
         RETURNING hits",
    )
    .bind(key)
    .bind(t)
    .bind(t - window_seconds)
    .fetch_one(&mut *conn)
    .await?;
    // Keep the table small now and then: counters idle for a day no longer matter.
    if rand::thread_rng().gen_range(0..64) == 0 {
        sqlx::query("DELETE FROM rate_counters WHERE window_start < $1")
            .bind(t - 86400)
            .execute(&mut *conn)
            .await?;
    }
    Ok(hits)
}

/// Takes one hit back (an attempt that turned out legitimate).
pub async fn refund(conn: &mut Conn, key: &str) -> Result<()> {
    sqlx::query("UPDATE rate_counters SET hits = hits - 1 WHERE key = $1 AND hits > 0")
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Forgets every hit of `key`.
pub async fn clear(conn: &mut Conn, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM rate_counters WHERE key = $1")
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
