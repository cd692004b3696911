//! CSV imports started from the admin (the uploaded file, its state and progress) and the
//! picture downloads they queue. Both are claimed by a worker loop with a lease, so that any node
//! may run them and a node that stops mid-job leaves it to another.

use sqlx::FromRow;

use crate::id::ShopId;
use crate::{new_id, now, Backend, Conn, Result, Store};

/// How long a claimed job stays invisible to other workers.
const LEASE_SECONDS: i64 = 300;
/// A picture is given up after this many failed attempts.
pub const MAX_FETCH_ATTEMPTS: i64 = 3;

/// Uploaded and waiting for (or under) its dry run, which makes the preview.
pub const CHECKING: &str = "checking";
pub const PREVIEWED: &str = "previewed";
pub const INVALID: &str = "invalid";
pub const QUEUED: &str = "queued";
pub const RUNNING: &str = "running";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";

#[derive(Debug, Clone, FromRow)]
pub struct ImportJob {
    pub shop_id: ShopId,
    pub id: i64,
    pub staff_id: i64,
    pub filename: String,
    pub lang: String,
    pub state: String,
    pub total: i64,
    pub processed: i64,
    /// JSON written by the web layer: the preview, then the result.
    pub report: String,
    pub attempts: i64,
    pub created_at: i64,
}

const JOB_COLUMNS: &str =
    "shop_id, id, staff_id, filename, lang, state, total, processed, report, attempts, created_at";

#[allow(clippy::too_many_arguments)]
pub async fn create_job(
    conn: &mut Conn,
    shop_id: ShopId,
    staff_id: i64,
    filename: &str,
    content: &[u8],
    lang: &str,
    state: &str,
    total: i64,
    report: &str,
) -> Result<i64> {
    let id = new_id();
    let t = now();
    sqlx::query(
        "INSERT INTO import_jobs (shop_id, id, staff_id, filename, content, lang, state, total, processed, report, attempts, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, 0, $10, $10)",
    )
    .bind(shop_id)
    .bind(id)
    .bind(staff_id)
    .bind(filename)
    .bind(content.to_vec())
    .bind(lang)
    .bind(state)
    .bind(total)
    .bind(report)
    .bind(t)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// A job of this shop sent by this staff member; `None` for anyone else's.
pub async fn job(
    conn: &mut Conn,
    shop_id: ShopId,
    staff_id: i64,
    id: i64,
) -> Result<Option<ImportJob>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {JOB_COLUMNS} FROM import_jobs WHERE shop_id = $1 AND id = $2 AND staff_id = $3"
    ))
    .bind(shop_id)
    .bind(id)
    .bind(staff_id)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn job_content(conn: &mut Conn, shop_id: ShopId, id: i64) -> Result<Vec<u8>> {
    Ok(
        sqlx::query_scalar("SELECT content FROM import_jobs WHERE shop_id = $1 AND id = $2")
            .bind(shop_id)
            .bind(id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Moves a previewed job to the queue (its attempts then count the import's). Returns false when
/// it was not in the previewed state (already confirmed, or invalid): a job is confirmed once.
pub async fn confirm(conn: &mut Conn, shop_id: ShopId, staff_id: i64, id: i64) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE import_jobs SET state = $4, attempts = 0, updated_at = $5 WHERE shop_id = $1 AND id = $2 AND staff_id = $3 AND state = $6",
    )
    .bind(shop_id)
    .bind(id)
    .bind(staff_id)
    .bind(QUEUED)
    .bind(now())
    .bind(PREVIEWED)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Forgets previews nobody confirmed before `before` (their files are kept for the
/// confirmation only); returns how many.
pub async fn forget_stale_previews(conn: &mut Conn, before: i64) -> Result<u64> {
    let r = sqlx::query("DELETE FROM import_jobs WHERE state IN ($1, $2) AND updated_at < $3")
        .bind(PREVIEWED)
        .bind(INVALID)
        .bind(before)
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected())
}

/// Claims one job to work on: a file to check (its state stays `checking`, under a lease) or a
/// queued import (marked running), or one whose worker's lease ran out.
pub async fn claim_job(store: &Store) -> Result<Option<ImportJob>> {
    let t = now();
    let mut tx = store.begin().await?;
    let lock = match store.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        // SQLite has one writer at a time: the transaction alone makes the claim exclusive.
        Backend::Sqlite => "",
    };
    let picked: Option<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT shop_id, id FROM import_jobs \
         WHERE (state IN ($1, $2) AND (locked_until IS NULL OR locked_until <= $4)) \
            OR (state = $3 AND locked_until <= $4) \
         ORDER BY created_at LIMIT 1{lock}"
    ))
    .bind(QUEUED)
    .bind(CHECKING)
    .bind(RUNNING)
    .bind(t)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((shop_id, id)) = picked else {
        return Ok(None);
    };
    sqlx::query(
        "UPDATE import_jobs SET state = CASE WHEN state = $6 THEN $6 ELSE $3 END, locked_until = $4, \
         attempts = attempts + 1, processed = 0, updated_at = $5 WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop_id)
    .bind(id)
    .bind(RUNNING)
    .bind(t + LEASE_SECONDS)
    .bind(t)
    .bind(CHECKING)
    .execute(&mut *tx)
    .await?;
    let job: ImportJob = sqlx::query_as(&format!(
        "SELECT {JOB_COLUMNS} FROM import_jobs WHERE shop_id = $1 AND id = $2"
    ))
    .bind(shop_id)
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(job))
}

/// Records a job's progress (outside the import's own transaction, so readers see it).
pub async fn set_progress(conn: &mut Conn, shop_id: ShopId, id: i64, processed: i64) -> Result<()> {
    let t = now();
    sqlx::query(
        "UPDATE import_jobs SET processed = $3, locked_until = $4, updated_at = $5 WHERE shop_id = $1 AND id = $2 AND state IN ($6, $7)",
    )
    .bind(shop_id)
    .bind(id)
    .bind(processed)
    .bind(t + LEASE_SECONDS)
    .bind(t)
    .bind(RUNNING)
    .bind(CHECKING)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Ends a job with its result: a check with its preview (`previewed`, the file kept for the
/// confirmation) or its problems (`invalid`), an import as `done` or `failed`. Only a previewed
/// job keeps its file.
pub async fn finish(
    conn: &mut Conn,
    shop_id: ShopId,
    id: i64,
    state: &str,
    processed: i64,
    report: &str,
) -> Result<()> {
    let dropped: Option<Vec<u8>> = (state != PREVIEWED).then(Vec::new);
    sqlx::query(
        "UPDATE import_jobs SET state = $3, processed = $4, report = $5, locked_until = NULL, \
         content = COALESCE($6, content), updated_at = $7 WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop_id)
    .bind(id)
    .bind(state)
    .bind(processed)
    .bind(report)
    .bind(dropped)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct ImageFetch {
    pub shop_id: ShopId,
    pub id: i64,
    pub product_id: i64,
    pub url: String,
    pub alt: String,
    pub position: i64,
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

const FETCH_COLUMNS: &str =
    "shop_id, id, product_id, url, alt, position, state, attempts, last_error";

/// Queues the download of a product's picture (in the import's transaction). A URL already
/// queued or fetched for the product is not queued again.
pub async fn queue_image(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
    url: &str,
    alt: &str,
    position: i64,
) -> Result<bool> {
    let known: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM image_fetches WHERE shop_id = $1 AND product_id = $2 AND url = $3 AND state <> 'failed'",
    )
    .bind(shop_id)
    .bind(product_id)
    .bind(url)
    .fetch_optional(&mut *conn)
    .await?;
    if known.is_some() {
        return Ok(false);
    }
    // A new attempt replaces an earlier failure of the same picture.
    sqlx::query(
        "DELETE FROM image_fetches WHERE shop_id = $1 AND product_id = $2 AND url = $3 AND state = 'failed'",
    )
    .bind(shop_id)
    .bind(product_id)
    .bind(url)
    .execute(&mut *conn)
    .await?;
    let t = now();
    sqlx::query(
        "INSERT INTO image_fetches (shop_id, id, product_id, url, alt, position, state, attempts, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7)",
    )
    .bind(shop_id)
    .bind(new_id())
    .bind(product_id)
    .bind(url)
    .bind(alt)
    .bind(position)
    .bind(t)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// Claims up to `limit` due picture downloads.
pub async fn claim_fetches(store: &Store, limit: i64) -> Result<Vec<ImageFetch>> {
    let t = now();
    let mut tx = store.begin().await?;
    let lock = match store.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let ids: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT shop_id, id FROM image_fetches WHERE state = 'pending' AND next_attempt_at <= $1 \
         AND (locked_until IS NULL OR locked_until <= $1) ORDER BY created_at, position LIMIT $2{lock}"
    ))
    .bind(t)
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for (shop_id, id) in ids {
        sqlx::query("UPDATE image_fetches SET locked_until = $3 WHERE shop_id = $1 AND id = $2")
            .bind(shop_id)
            .bind(id)
            .bind(t + LEASE_SECONDS)
            .execute(&mut *tx)
            .await?;
        out.push(
            sqlx::query_as(&format!(
                "SELECT {FETCH_COLUMNS} FROM image_fetches WHERE shop_id = $1 AND id = $2"
            ))
            .bind(shop_id)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?,
        );
    }
    tx.commit().await?;
    Ok(out)
}

pub async fn fetch_done(conn: &mut Conn, shop_id: ShopId, id: i64) -> Result<()> {
    sqlx::query(
        "UPDATE image_fetches SET state = 'done', locked_until = NULL, last_error = NULL WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records a failed download: retried later with backoff when `retry` and attempts remain,
/// otherwise kept as failed with its reason (shown to the seller as a warning).
pub async fn fetch_failed(
    conn: &mut Conn,
    f: &ImageFetch,
    reason: &str,
    retry: bool,
) -> Result<()> {
    let attempts = f.attempts + 1;
    let give_up = !retry || attempts >= MAX_FETCH_ATTEMPTS;
    sqlx::query(
        "UPDATE image_fetches SET state = $3, attempts = $4, last_error = $5, next_attempt_at = $6, locked_until = NULL WHERE shop_id = $1 AND id = $2",
    )
    .bind(f.shop_id)
    .bind(f.id)
    .bind(if give_up { "failed" } else { "pending" })
    .bind(attempts)
    .bind(reason)
    .bind(now() + crate::outbox::backoff_seconds(attempts - 1))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Picture downloads of the shop that failed for good, newest products first, with the product's
/// id for linking.
pub async fn failed_fetches(
    conn: &mut Conn,
    shop_id: ShopId,
    limit: i64,
) -> Result<Vec<ImageFetch>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {FETCH_COLUMNS} FROM image_fetches WHERE shop_id = $1 AND state = 'failed' ORDER BY created_at DESC, position LIMIT $2"
    ))
    .bind(shop_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}

/// Picture downloads of one product (any state).
pub async fn product_fetches(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
) -> Result<Vec<ImageFetch>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {FETCH_COLUMNS} FROM image_fetches WHERE shop_id = $1 AND product_id = $2 ORDER BY position"
    ))
    .bind(shop_id)
    .bind(product_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// Counts of the shop's picture downloads by state: (pending, done, failed).
pub async fn fetch_counts(conn: &mut Conn, shop_id: ShopId) -> Result<(i64, i64, i64)> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT state, COUNT(*) FROM image_fetches WHERE shop_id = $1 GROUP BY state",
    )
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?;
    let get = |s: &str| {
        rows.iter()
            .find(|(k, _)| k == s)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    Ok((get("pending"), get("done"), get("failed")))
}
