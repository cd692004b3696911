//! Storage: SQL for SQLite and PostgreSQL behind one pool type, migrations, and the outbox.
//!
//! Every function that reads or writes a shop's data takes its `shop_id`. Functions that change
//! data take a connection (usually a transaction) from their caller, who commits.
#![forbid(unsafe_code)]

pub mod account;
pub mod affiliate;
pub mod attribution;
pub mod backup;
pub mod batch;
pub mod calendar;
pub mod cart;
pub mod catalog;
pub mod catalog_images;
pub mod collection;
pub mod customer;
pub mod digital;
pub mod exchange;
pub mod gift;
pub mod guard;
pub mod id;
pub mod import;
pub mod interest;
pub mod invoice;
pub mod legal;
pub mod limits;
pub mod listing;
pub mod mall;
pub mod media;
pub mod migrate;
pub mod operator;
pub mod order;
pub mod outbox;
pub mod page;
pub mod partner;
pub mod payment;
pub mod plan;
pub mod product_page;
pub mod promotion;
pub mod rent;
pub mod review;
pub mod schema;
pub mod settings;
pub mod shipping;
pub mod shop;
pub mod staging;
pub mod transfer;
mod tx;
pub mod withdrawal;

use std::str::FromStr;
use std::sync::{Arc, Weak};
use std::time::Duration;

use rand::Rng;
use sha2::{Digest, Sha256};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, ConnectOptions, Connection};

pub use sqlx::AnyConnection as Conn;
pub use tx::Tx;

/// Statements are logged at TRACE only (`VITRINE_LOG=sqlx::query=trace` shows them; tests count
/// them), never as slow: a busy node must not log its queries.
fn quiet(opts: AnyConnectOptions) -> AnyConnectOptions {
    opts.log_statements(log::LevelFilter::Trace)
        .log_slow_statements(log::LevelFilter::Off, Duration::from_secs(3600))
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("database error: {0}")]
    Db(#[source] sqlx::Error),
    #[error("migration error: {0}")]
    Migration(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(db.message().to_string())
            }
            _ => StoreError::Db(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database: a read pool and a way to write. On SQLite writes queue for the store's one
/// write connection (SQLite allows one writer at a time; queueing beats retrying on
/// SQLITE_BUSY); on PostgreSQL they take a connection of the same pool as reads.
#[derive(Clone)]
pub struct Store {
    read: AnyPool,
    write: Write,
    backend: Backend,
    /// Held by every copy of a SQLite store: its background checkpoint stops with the last.
    _alive: Option<Arc<()>>,
}

#[derive(Clone)]
enum Write {
    Sqlite(tx::SharedWriter),
    Pool(AnyPool),
}

/// Which database a connection (or transaction) talks to, for the few statements that differ.
pub(crate) fn backend_of(conn: &Conn) -> Backend {
    if conn.backend_name() == "PostgreSQL" {
        Backend::Postgres
    } else {
        Backend::Sqlite
    }
}

impl Store {
    /// Opens `url` (`sqlite://path` or `postgres://…`), creating a SQLite file and its folder if
    /// needed. Does not migrate: call [`Store::migrate`].
    pub async fn connect(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        if url.starts_with("sqlite:") {
            let path = sqlite_path(url);
            if let Some(parent) = std::path::Path::new(&path).parent() {
                if !parent.as_os_str().is_empty() {
                    std::fs::create_dir_all(parent).map_err(|e| StoreError::Db(e.into()))?;
                }
            }
            let url = format!("sqlite://{path}?mode=rwc");
            let opts = quiet(AnyConnectOptions::from_str(&url)?);
            // WAL is a property of the file: set it once, before the pools open.
            let mut first = opts.connect().await?;
            sqlx::raw_sql("PRAGMA journal_mode = WAL;")
                .execute(&mut first)
                .await?;
            first.close().await?;
            let mut write = opts.connect().await?;
            sqlite_pragmas(&mut write).await?;
            // The writer leaves copying the log into the database file to the background
            // checkpoint below, unless that falls far behind (10,000 pages, ~40 MB).
            sqlx::query("PRAGMA wal_autocheckpoint = 10000")
                .execute(&mut write)
                .await?;
            // A SQLite connection is a file handle in this process: it cannot drop the way a
            // network one can, so no ping before each use (a round trip to its worker thread).
            let read = AnyPoolOptions::new()
                .max_connections(8)
                .test_before_acquire(false)
                .after_connect(sqlite_setup)
                .connect_with(opts)
                .await?;
            let alive = Arc::new(());
            checkpoint_in_background(read.clone(), Arc::downgrade(&alive));
            Ok(Store {
                read,
                write: Write::Sqlite(tx::writer(write)),
                backend: Backend::Sqlite,
                _alive: Some(alive),
            })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let opts = quiet(AnyConnectOptions::from_str(url)?);
            // One plain connection first: the pool retries a refused connection until its
            // timeout and then reports only that; this says at once what the server answered.
            opts.connect().await?.close().await?;
            let pool = AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Ok(Store {
                read: pool.clone(),
                write: Write::Pool(pool),
                backend: Backend::Postgres,
                _alive: None,
            })
        } else {
            Err(StoreError::Migration(format!(
                "unsupported DATABASE_URL scheme (use sqlite:// or postgres://): {}",
                url.split(':').next().unwrap_or("")
            )))
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether this is a PostgreSQL server with autovacuum turned off: its tables then keep
    /// stale statistics and unmarked pages after large writes, and searches slow down many
    /// times over until someone runs `VACUUM (ANALYZE)`. Always false on SQLite.
    pub async fn autovacuum_off(&self) -> Result<bool> {
        if self.backend != Backend::Postgres {
            return Ok(false);
        }
        let mut conn = self.reader().await?;
        let setting: String = sqlx::query_scalar("SELECT current_setting('autovacuum')")
            .fetch_one(&mut *conn)
            .await?;
        Ok(setting == "off")
    }

    /// A connection for reads.
    pub async fn reader(&self) -> Result<PoolConnection<Any>> {
        Ok(self.read.acquire().await?)
    }

    /// A transaction for writes; the caller commits.
    ///
    /// On SQLite it starts with `BEGIN IMMEDIATE`: a plain (deferred) `BEGIN` takes the write lock
    /// only at the first write, and when another process (a `vitrine import` while the server
    /// runs) wrote in between, SQLite cannot upgrade the read snapshot and fails at once with
    /// SQLITE_BUSY, without waiting for `busy_timeout`. Taking the lock up front makes the second
    /// writer wait its turn instead.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match &self.write {
            Write::Sqlite(w) => Tx::immediate(w).await?,
            Write::Pool(pool) => Tx::pooled(pool.begin().await?),
        })
    }

    pub async fn migrate(&self) -> Result<usize> {
        migrate::run(self).await
    }

    pub async fn close(&self) {
        match &self.write {
            Write::Sqlite(w) => tx::close(w).await,
            Write::Pool(pool) => pool.close().await,
        }
        self.read.close().await;
    }

    pub async fn ping(&self) -> bool {
        match self.read.acquire().await {
            Ok(mut c) => sqlx::query("SELECT 1").execute(&mut *c).await.is_ok(),
            Err(_) => false,
        }
    }
}

/// How often the write-ahead log is copied into a SQLite database file.
/// (Every 50 ms: small steps keep each one short; a second's worth at once stalled writes.)
const CHECKPOINT_EVERY: Duration = Duration::from_millis(50);

/// Copies the write-ahead log into the database file now and then, on a reader connection. A
/// commit that crosses SQLite's automatic checkpoint threshold otherwise does it itself, file
/// sync included, while every other write of the node waits for the one writer (a fifth of the
/// writer's time under a steady flow of orders). A passive checkpoint waits for nobody; the
/// next write starts the log over once it is all copied.
fn checkpoint_in_background(read: AnyPool, alive: Weak<()>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(CHECKPOINT_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            every.tick().await;
            if alive.strong_count() == 0 || read.is_closed() {
                return;
            }
            if let Ok(mut conn) = read.acquire().await {
                // A busy or failed checkpoint is tried again at the next tick.
                let _ = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&mut *conn)
                    .await;
            }
        }
    });
}

/// Per-connection SQLite settings: wait for the writer instead of failing, enforce foreign keys.
fn sqlite_setup(
    conn: &mut Conn,
    _meta: sqlx::pool::PoolConnectionMetadata,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), sqlx::Error>> + Send + '_>> {
    Box::pin(async move { sqlite_pragmas(conn).await })
}

async fn sqlite_pragmas(conn: &mut Conn) -> Result<(), sqlx::Error> {
    for pragma in [
        // As long as a write waits for its turn at the store's writer connection (30 s): a large `vitrine import` in another process then delays the server's
        // writes the way an import inside it does, rather than failing them sooner.
        "PRAGMA busy_timeout = 30000",
        "PRAGMA foreign_keys = ON",
        "PRAGMA synchronous = NORMAL",
        // 16 MiB of pages per connection (the default is 2): a large import's transaction
        // then stays in memory instead of spilling pages into the WAL as it goes.
        "PRAGMA cache_size = -16384",
        // Reads go through a shared mapping of the file (up to SQLite's 2 GiB ceiling) instead
        // of copying each page into every connection's own cache: eight readers searching a
        // large index share one copy, the operating system's.
        "PRAGMA mmap_size = 2147418112",
    ] {
        sqlx::query(pragma).execute(&mut *conn).await?;
    }
    Ok(())
}

fn sqlite_path(url: &str) -> String {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    rest.split('?').next().unwrap_or(rest).to_string()
}

/// Seconds since the Unix epoch, UTC: how every time is stored.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A random positive id. Ids are random rather than sequential so that a guessed id finds
/// nothing, and so that no sequence is shared between shops.
pub fn new_id() -> i64 {
    rand::thread_rng().gen_range(1..i64::MAX)
}

/// A random secret token (for a cookie or a link) and the hash under which it is stored.
/// Only the hash reaches the database, so a leaked database does not leak live sessions.
pub fn new_token() -> (String, String) {
    let bytes: [u8; 32] = rand::thread_rng().gen();
    let token = hex::encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Commits a transaction begun with [`Store::begin`].
pub async fn commit(tx: Tx) -> Result<()> {
    Ok(tx.commit().await?)
}
