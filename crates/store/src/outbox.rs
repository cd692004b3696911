//! The outbox: work for later (emails now; webhooks and thumbnails later), written in the same
//! transaction as the change that caused it and drained by workers on any node.

use serde::{de::DeserializeOwned, Serialize};
use sqlx::FromRow;

use crate::id::ShopId;
use crate::{now, Backend, Conn, Result, Store};

#[derive(Debug, Clone, FromRow)]
pub struct Job {
    pub id: i64,
    pub shop_id: Option<i64>,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
}

impl Job {
    pub fn payload<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_str(&self.payload)
    }
}

/// A job is given up after this many failed attempts and kept, marked failed, for inspection.
pub const MAX_ATTEMPTS: i64 = 12;
/// How long a claimed job stays invisible to other workers.
pub const LEASE_SECONDS: i64 = 120;

pub async fn enqueue<T: Serialize>(
    conn: &mut Conn,
    shop_id: Option<ShopId>,
    kind: &str,
    payload: &T,
) -> Result<()> {
    enqueue_statement(shop_id, kind, payload)?
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// [`enqueue`] as a statement of a [`crate::batch::Batch`].
pub fn enqueue_statement<'q, T: Serialize>(
    shop_id: Option<ShopId>,
    kind: &'q str,
    payload: &T,
) -> Result<crate::batch::Statement<'q>> {
    let body = serde_json::to_string(payload)
        .map_err(|e| crate::StoreError::Db(sqlx::Error::Encode(Box::new(e))))?;
    Ok(sqlx::query(
        "INSERT INTO outbox (shop_id, kind, payload, attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, 0, $4, $4)",
    )
    .bind(shop_id)
    .bind(kind)
    .bind(body)
    .bind(now()))
}

/// Claims up to `limit` due jobs for this worker, oldest first, in one statement: each is leased
/// for [`LEASE_SECONDS`], invisible to other workers meanwhile.
pub async fn claim(store: &Store, limit: i64) -> Result<Vec<Job>> {
    let t = now();
    let mut tx = store.begin().await?;
    // SQLite has one writer at a time, so the transaction alone makes the claim exclusive.
    let lock = match store.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let mut jobs: Vec<Job> = sqlx::query_as(&format!(
        "UPDATE outbox SET locked_until = $3 WHERE id IN (SELECT id FROM outbox \
         WHERE done_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 \
         AND (locked_until IS NULL OR locked_until <= $1) ORDER BY id LIMIT $2{lock}) \
         RETURNING id, shop_id, kind, payload, attempts"
    ))
    .bind(t)
    .bind(limit)
    .bind(t + LEASE_SECONDS)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    jobs.sort_by_key(|j| j.id);
    Ok(jobs)
}

pub async fn complete(store: &Store, id: i64) -> Result<()> {
    complete_all(store, &[id]).await
}

/// Marks done the jobs a worker finished, in one transaction (one write for a batch of e-mails,
/// not one each: on SQLite every write waits for the same single writer as the shops' orders).
pub async fn complete_all(store: &Store, ids: &[i64]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    // Ids are integers: written into the statement, not bound, one list for any count.
    let list = ids
        .iter()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let mut tx = store.begin().await?;
    sqlx::query(&format!(
        "UPDATE outbox SET done_at = $1, locked_until = NULL, last_error = NULL WHERE id IN ({list})"
    ))
    .bind(now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Exponential backoff: 30 s, 1 min, 2 min, … capped at 6 hours.
pub fn backoff_seconds(attempts: i64) -> i64 {
    let exp = attempts.clamp(0, 20) as u32;
    (30i64 << exp.min(10)).min(6 * 3600)
}

pub async fn fail(store: &Store, job: &Job, error: &str) -> Result<()> {
    let attempts = job.attempts + 1;
    let t = now();
    let mut tx = store.begin().await?;
    if attempts >= MAX_ATTEMPTS {
        sqlx::query("UPDATE outbox SET attempts = $2, last_error = $3, failed_at = $4, locked_until = NULL WHERE id = $1")
            .bind(job.id)
            .bind(attempts)
            .bind(error)
            .bind(t)
            .execute(&mut *tx)
            .await?;
    } else {
        sqlx::query(
            "UPDATE outbox SET attempts = $2, last_error = $3, next_attempt_at = $4, locked_until = NULL WHERE id = $1",
        )
        .bind(job.id)
        .bind(attempts)
        .bind(error)
        .bind(t + backoff_seconds(attempts - 1))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Jobs not yet done nor given up: the outbox depth shown in metrics.
pub async fn depth(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE done_at IS NULL AND failed_at IS NULL",
    )
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn failed_count(conn: &mut Conn) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL")
            .fetch_one(&mut *conn)
            .await?,
    )
}

pub const KIND_EMAIL: &str = "email";

/// An e-mail, rendered (in its reader's language) when it is queued: its text part and, for
/// the e-mails that have a design of their own, its HTML part (otherwise the sender makes one
/// from the text).
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct EmailMessage {
    pub to: String,
    pub subject: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// Files sent with it, made by the worker when it sends the e-mail (a PDF is not worth
    /// keeping in the outbox, nor laying out within the transaction that queues it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// Where the reader withdraws from what this e-mail is one of (a notice they asked for, a
    /// newsletter): sent as `List-Unsubscribe`, with RFC 8058's one-click POST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unsubscribe: Option<String>,
}

/// A file an e-mail carries, named by what it is made from.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Attachment {
    /// The shop's invoice or credit note `number`, as a PDF in language `lang`.
    Invoice { number: String, lang: String },
    /// The operator's rent invoice `number` (of the shop the e-mail is for), as a PDF.
    RentInvoice { number: String, lang: String },
}

pub async fn enqueue_email(
    conn: &mut Conn,
    shop_id: Option<ShopId>,
    msg: &EmailMessage,
) -> Result<()> {
    enqueue(conn, shop_id, KIND_EMAIL, msg).await
}

/// [`enqueue_email`] as a statement of a [`crate::batch::Batch`].
pub fn enqueue_email_statement(
    shop_id: Option<ShopId>,
    msg: &EmailMessage,
) -> Result<crate::batch::Statement<'static>> {
    enqueue_statement(shop_id, KIND_EMAIL, msg)
}
