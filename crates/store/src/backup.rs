//! Consistent copies of a SQLite database while the server writes to it, and checks of a copy.
//!
//! On PostgreSQL the database server's own tools (`pg_dump`, `pg_restore`) do this job.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};

use crate::{Result, StoreError};

/// The file of a `sqlite://` database address; None for another database.
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    url.starts_with("sqlite:")
        .then(|| PathBuf::from(crate::sqlite_path(url)))
}

async fn open(path: &Path) -> Result<SqliteConnection> {
    // `mode=rw`: a missing file is an error here, not a new empty database.
    let opts = SqliteConnectOptions::from_str(&format!("sqlite://{}?mode=rw", path.display()))?
        .busy_timeout(std::time::Duration::from_secs(30))
        .disable_statement_logging();
    Ok(opts.connect().await?)
}

/// Writes a copy of the database at `db` into the new file `dest`. `VACUUM INTO` reads inside
/// one read transaction: under WAL it sees every transaction committed before it started and
/// none after, and writers carry on meanwhile.
pub async fn snapshot_sqlite(db: &Path, dest: &Path) -> Result<()> {
    let mut conn = open(db).await?;
    sqlx::query("VACUUM INTO $1")
        .bind(dest.display().to_string())
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(())
}

/// What a copied database holds, once SQLite found it whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The last migration applied to it.
    pub schema_version: i64,
    pub shops: i64,
}

/// Checks the copy at `db` page by page (`PRAGMA integrity_check`) and reads its schema version.
pub async fn check_sqlite(db: &Path) -> Result<Checked> {
    let mut conn = open(db).await?;
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await?;
    if verdict != "ok" {
        return Err(StoreError::Migration(verdict));
    }
    let schema_version: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM vitrine_migrations")
            .fetch_one(&mut conn)
            .await?;
    let shops: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shops")
        .fetch_one(&mut conn)
        .await?;
    conn.close().await?;
    Ok(Checked {
        schema_version: schema_version.unwrap_or(0),
        shops,
    })
}
