//! Write transactions.
//!
//! On PostgreSQL a transaction is the pool's. On SQLite, which allows one writer at a time, the
//! store keeps one write connection of its own behind a fair queue instead of a one-connection
//! pool: a pool tests every connection given back with a round trip to the connection's thread,
//! in a task of its own, before the next writer may have it. Every write of the node (a cart, an
//! order, an outbox batch) waited for that between one transaction and the next; now the next
//! writer in the queue starts as soon as the previous one commits.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::AnyTransactionManager;
use sqlx::{Any, AnyConnection, TransactionManager};
use tokio::sync::{Mutex, OwnedMutexGuard};

/// How long a write waits for its turn before failing (as long as the pool it replaces did).
const WAIT: Duration = Duration::from_secs(30);

/// SQLite's write connection; `None` once the store is closed. Its transactions go through
/// sqlx's own transaction manager, which counts them on the connection's thread and rolls back
/// one whose owner went away (dropped, or cancelled half-way through BEGIN or COMMIT).
pub(crate) struct Writer {
    conn: Option<AnyConnection>,
}

pub(crate) type SharedWriter = Arc<Mutex<Writer>>;

pub(crate) fn writer(conn: AnyConnection) -> SharedWriter {
    Arc::new(Mutex::new(Writer { conn: Some(conn) }))
}

/// Closes the write connection: later transactions fail.
pub(crate) async fn close(w: &SharedWriter) {
    if let Some(conn) = w.lock().await.conn.take() {
        let _ = sqlx::Connection::close(conn).await;
    }
}

/// A write transaction: use it as a connection (`&mut tx`), then [`Tx::commit`]. Dropped
/// without a commit, it is rolled back.
pub struct Tx {
    inner: Inner,
}

enum Inner {
    Pool(Option<sqlx::Transaction<'static, Any>>),
    Writer {
        guard: OwnedMutexGuard<Writer>,
        open: bool,
    },
}

impl Tx {
    pub(crate) fn pooled(tx: sqlx::Transaction<'static, Any>) -> Tx {
        Tx {
            inner: Inner::Pool(Some(tx)),
        }
    }

    /// Waits for SQLite's write connection and begins an IMMEDIATE transaction on it.
    pub(crate) async fn immediate(w: &SharedWriter) -> Result<Tx, sqlx::Error> {
        let mut guard = tokio::time::timeout(WAIT, w.clone().lock_owned())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?;
        let conn = guard.conn.as_mut().ok_or(sqlx::Error::PoolClosed)?;
        if AnyTransactionManager::get_transaction_depth(conn) > 0 {
            // Left open by a writer cancelled while it began: undone before this one begins.
            AnyTransactionManager::start_rollback(conn);
        }
        AnyTransactionManager::begin(conn, Some("BEGIN IMMEDIATE".into())).await?;
        Ok(Tx {
            inner: Inner::Writer { guard, open: true },
        })
    }

    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        match &mut self.inner {
            Inner::Pool(tx) => match tx.take() {
                Some(tx) => tx.commit().await,
                None => Ok(()),
            },
            Inner::Writer { guard, open } => {
                let conn = guard.conn.as_mut().ok_or(sqlx::Error::PoolClosed)?;
                AnyTransactionManager::commit(conn).await?;
                *open = false;
                Ok(())
            }
        }
    }

    pub async fn rollback(mut self) -> Result<(), sqlx::Error> {
        match &mut self.inner {
            Inner::Pool(tx) => match tx.take() {
                Some(tx) => tx.rollback().await,
                None => Ok(()),
            },
            Inner::Writer { guard, open } => {
                let conn = guard.conn.as_mut().ok_or(sqlx::Error::PoolClosed)?;
                AnyTransactionManager::rollback(conn).await?;
                *open = false;
                Ok(())
            }
        }
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        if let Inner::Writer { guard, open: true } = &mut self.inner {
            if let Some(conn) = guard.conn.as_mut() {
                // Sent at once, run by the connection's thread before the next writer's BEGIN.
                AnyTransactionManager::start_rollback(conn);
            }
        }
    }
}

impl Deref for Tx {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        match &self.inner {
            Inner::Pool(tx) => tx.as_ref().expect("a transaction in use is not finished"),
            Inner::Writer { guard, .. } => guard.conn.as_ref().expect("begun on an open store"),
        }
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match &mut self.inner {
            Inner::Pool(tx) => tx.as_mut().expect("a transaction in use is not finished"),
            Inner::Writer { guard, .. } => guard.conn.as_mut().expect("begun on an open store"),
        }
    }
}
