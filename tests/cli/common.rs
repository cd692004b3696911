//! Running the built binary in a scratch folder, with a fresh database (SQLite, or PostgreSQL
//! when `TEST_DATABASE_URL` is set).

use std::path::PathBuf;
use std::process::{Command, Output};

pub struct Env {
    pub dir: tempfile::TempDir,
    pub data: PathBuf,
    pub db_url: String,
    pg_db: Option<String>,
}

impl Env {
    pub async fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let (db_url, pg_db) = match std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty())
        {
            Some(base) => {
                use sqlx::Connection;
                let name = format!("vitrine_cli_{}", &store::new_token().0[..12]);
                let mut c = sqlx::PgConnection::connect(&base).await.unwrap();
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut c)
                    .await
                    .unwrap();
                let (head, _) = base.rsplit_once('/').unwrap();
                (format!("{head}/{name}"), Some(name))
            }
            None => (
                format!("sqlite://{}", data.join("vitrine.db").display()),
                None,
            ),
        };
        Env {
            dir,
            data,
            db_url,
            pg_db,
        }
    }

    /// The database, migrated.
    pub async fn store(&self) -> store::Store {
        let s = store::Store::connect(&self.db_url).await.unwrap();
        s.migrate().await.unwrap();
        s
    }

    /// A shop whose default language is `lang`.
    pub async fn shop(&self, slug: &str, lang: &str) {
        let s = self.store().await;
        let mut tx = s.begin().await.unwrap();
        let plan = store::plan::default_plan(&mut tx).await.unwrap().id;
        store::shop::create(
            &mut tx,
            &store::shop::NewShop {
                slug,
                name: slug,
                plan_id: plan,
                default_lang: lang,
            },
        )
        .await
        .unwrap();
        store::commit(tx).await.unwrap();
        s.close().await;
    }

    /// `vitrine` in the scratch folder, with only the variables a test gives it, backtraces on.
    pub fn cmd(&self, lang: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_vitrine"));
        c.env_clear()
            .current_dir(self.dir.path())
            .env("RUST_BACKTRACE", "1")
            .env("LANG", lang)
            .env("VITRINE_LOG", "warn")
            .env("VITRINE_DATA_DIR", &self.data)
            .env("DATABASE_URL", &self.db_url);
        c
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if let (Some(db), Ok(base)) = (self.pg_db.take(), std::env::var("TEST_DATABASE_URL")) {
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    use sqlx::Connection;
                    if let Ok(mut c) = sqlx::PgConnection::connect(&base).await {
                        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
                            .execute(&mut c)
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

pub const FR: &str = "fr_FR.UTF-8";
pub const EN: &str = "en_US.UTF-8";

pub fn run(c: &mut Command) -> Output {
    c.output().expect("the vitrine binary runs")
}

/// Nothing a person should not have to read: no backtrace, no panic report, no debug dump.
pub fn assert_readable(text: &str) {
    for bad in ["backtrace", "panicked", "Error {", "Error:", "os error"] {
        assert!(!text.contains(bad), "{bad:?} in {text:?}");
    }
}

/// The command failed with exit code 1 and said exactly `sentence` on standard error.
pub fn assert_fails_with(out: &Output, sentence: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_readable(&err);
    assert_eq!(
        err.trim_end(),
        sentence,
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(out.status.code(), Some(1));
}
