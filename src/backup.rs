//! `vitrine backup` and `vitrine restore`: one tar file holding a consistent copy of the SQLite
//! database, the media folder and the server secret, and its return into an empty data folder.
//!
//! The database is copied first (one read transaction, see `store::backup`), then the media: a
//! picture saved meanwhile is in the archive without its row (harmless), never the reverse.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};

use web::cli::Message;
use web::Config;

use crate::failure::Failure;

/// First entry of every archive: says what it holds.
const MANIFEST: &str = "vitrine-backup.txt";
const DATABASE: &str = "vitrine.db";
const SECRET: &str = "secret.key";
const MEDIA: &str = "media";

struct Manifest {
    /// Whether the archive holds a SQLite database.
    database: bool,
    schema_version: i64,
}

impl Manifest {
    fn render(&self, media: &str) -> String {
        format!(
            "format = 1\nvitrine = {}\ncreated_at = {}\ndatabase = {}\nschema_version = {}\nmedia = {media}\n",
            env!("CARGO_PKG_VERSION"),
            store::now(),
            if self.database { "sqlite" } else { "none" },
            self.schema_version,
        )
    }

    fn parse(text: &str) -> Option<Manifest> {
        let get = |key: &str| {
            text.lines()
                .filter_map(|l| l.split_once('='))
                .find(|(k, _)| k.trim() == key)
                .map(|(_, v)| v.trim().to_string())
        };
        (get("format")? == "1").then_some(())?;
        Some(Manifest {
            database: get("database")? == "sqlite",
            schema_version: get("schema_version")?.parse().ok()?,
        })
    }
}

fn unwritable(path: &Path, e: &std::io::Error) -> Failure {
    Message::new("cli-file-unwritable")
        .arg("path", path.display())
        .reason(e)
        .into()
}

pub async fn backup(config: &Config, file: &Path, media_only: bool) -> Result<Message, Failure> {
    let db = store::backup::sqlite_file(&config.database_url);
    if db.is_none() && !media_only {
        return Err(Message::new("cli-backup-postgres")
            .arg("path", file.display())
            .into());
    }
    let db = db.filter(|_| !media_only);
    if let Some(db) = &db {
        if !db.is_file() {
            return Err(Message::new("cli-backup-no-db")
                .arg("path", db.display())
                .into());
        }
    }
    // Built beside the destination and renamed at the end: a failed backup leaves no file that
    // looks like a good one.
    let parent = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let work = tempfile::Builder::new()
        .prefix(".vitrine-backup-")
        .tempdir_in(&parent)
        .map_err(|e| unwritable(file, &e))?;
    let mut manifest = Manifest {
        database: db.is_some(),
        schema_version: 0,
    };
    let copy = work.path().join(DATABASE);
    if let Some(db) = &db {
        store::backup::snapshot_sqlite(db, &copy).await?;
        manifest.schema_version = store::backup::check_sqlite(&copy).await?.schema_version;
    }
    let media_note = match &config.s3 {
        Some(s3) => format!("s3 bucket {}", s3.bucket),
        None => "local".to_string(),
    };
    let media_dir = config.s3.is_none().then(|| config.media_dir());
    let secret = config.data_dir.join(SECRET);
    let partial = work.path().join("archive.tar");
    let written = {
        let partial = partial.clone();
        let copy = manifest.database.then_some(copy);
        let text = manifest.render(&media_note);
        tokio::task::spawn_blocking(move || {
            write_archive(
                &partial,
                &text,
                copy.as_deref(),
                &secret,
                media_dir.as_deref(),
            )
        })
        .await
        .map_err(anyhow::Error::from)?
    };
    let media = written.map_err(|e| unwritable(file, &e))?;
    std::fs::rename(&partial, file).map_err(|e| unwritable(file, &e))?;
    let path = file.display().to_string();
    Ok(match (&config.s3, manifest.database) {
        (_, false) => Message::new("cli-backup-media-done")
            .arg("path", path)
            .arg("media", media),
        (Some(s3), true) => Message::new("cli-backup-done-s3")
            .arg("path", path)
            .arg("bucket", &s3.bucket),
        (None, true) => Message::new("cli-backup-done")
            .arg("path", path)
            .arg("media", media),
    })
}

/// Writes the archive; returns how many media files went in.
fn write_archive(
    dest: &Path,
    manifest: &str,
    db: Option<&Path>,
    secret: &Path,
    media: Option<&Path>,
) -> std::io::Result<usize> {
    let out = File::create(dest)?;
    // It holds password hashes and the server secret: for its owner's eyes only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        out.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    let mut tar = tar::Builder::new(BufWriter::new(out));
    let mut header = tar::Header::new_gnu();
    header.set_size(manifest.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    tar.append_data(&mut header, MANIFEST, manifest.as_bytes())?;
    if let Some(db) = db {
        tar.append_path_with_name(db, DATABASE)?;
    }
    if secret.is_file() {
        tar.append_path_with_name(secret, SECRET)?;
    }
    let mut count = 0;
    if let Some(dir) = media.filter(|d| d.is_dir()) {
        count = append_tree(&mut tar, dir, Path::new(MEDIA))?;
    }
    let mut out = tar.into_inner()?;
    out.flush()?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(count)
}

/// Adds the files under `dir` as `name/…`, skipping what vanished meanwhile (a picture deleted
/// while the backup runs).
fn append_tree<W: Write>(
    tar: &mut tar::Builder<W>,
    dir: &Path,
    name: &Path,
) -> std::io::Result<usize> {
    let mut count = 0;
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let inner = name.join(entry.file_name());
        let kind = match entry.file_type() {
            Ok(k) => k,
            Err(_) => continue,
        };
        if kind.is_dir() {
            count += append_tree(tar, &path, &inner)?;
        } else if kind.is_file() {
            match File::open(&path) {
                Ok(mut f) => {
                    tar.append_file(&inner, &mut f)?;
                    count += 1;
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(count)
}

pub async fn restore(config: &Config, file: &Path) -> Result<Message, Failure> {
    let unreadable = |e: &std::io::Error| -> Failure {
        Message::new("cli-file-unreadable")
            .arg("path", file.display())
            .reason(e)
            .into()
    };
    let archive = File::open(file).map_err(|e| unreadable(&e))?;
    if archive.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        return Err(unreadable(&std::io::Error::from(
            std::io::ErrorKind::IsADirectory,
        )));
    }
    let data_dir = config.data_dir.clone();
    let not_empty = match std::fs::read_dir(&data_dir) {
        Ok(mut entries) => entries.next().is_some(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(unwritable(&data_dir, &e)),
    };
    if not_empty {
        return Err(Message::new("cli-restore-not-empty")
            .arg("path", data_dir.display())
            .into());
    }
    let db = store::backup::sqlite_file(&config.database_url);
    if let Some(db) = db.as_ref().filter(|p| p.exists()) {
        return Err(Message::new("cli-restore-db-exists")
            .arg("path", db.display())
            .into());
    }
    std::fs::create_dir_all(&data_dir).map_err(|e| unwritable(&data_dir, &e))?;
    let staged_db = db.as_ref().map(|p| p.with_extension("db.restoring"));
    let result = restore_into(config, file, archive, db.as_deref(), staged_db.as_deref()).await;
    if result.is_err() {
        // The folder was empty: leave it so, rather than half a shop.
        if let Ok(entries) = std::fs::read_dir(&data_dir) {
            for entry in entries.flatten() {
                let p = entry.path();
                let _ = if p.is_dir() {
                    std::fs::remove_dir_all(&p)
                } else {
                    std::fs::remove_file(&p)
                };
            }
        }
        if let Some(staged) = &staged_db {
            let _ = std::fs::remove_file(staged);
        }
    }
    result
}

async fn restore_into(
    config: &Config,
    file: &Path,
    archive: File,
    db: Option<&Path>,
    staged_db: Option<&Path>,
) -> Result<Message, Failure> {
    let damaged = |detail: String| -> Failure {
        Message::new("cli-restore-damaged")
            .arg("path", file.display())
            .arg("detail", detail)
            .into()
    };
    let not_backup = || -> Failure {
        Message::new("cli-restore-not-backup")
            .arg("path", file.display())
            .into()
    };
    let data_dir = config.data_dir.clone();
    let staged = staged_db.map(Path::to_path_buf);
    let wants_db = db.is_some();
    let unpacked = tokio::task::spawn_blocking(move || {
        unpack(archive, &data_dir, staged.as_deref(), wants_db)
    })
    .await
    .map_err(anyhow::Error::from)?;
    let (manifest, media) = match unpacked {
        Ok(Some(done)) => done,
        Ok(None) => return Err(not_backup()),
        Err(Unpack::SqliteOnPostgres) => {
            return Err(Message::new("cli-restore-sqlite-on-postgres").into())
        }
        Err(Unpack::Write(path, e)) => return Err(unwritable(&path, &e)),
        Err(Unpack::Read(e)) => return Err(damaged(e.to_string())),
    };
    let known = store::migrate::latest_version();
    if manifest.schema_version > known {
        return Err(Message::new("cli-restore-newer")
            .arg("found", manifest.schema_version)
            .arg("known", known)
            .into());
    }
    let path = config.data_dir.display().to_string();
    match (db, staged_db, manifest.database) {
        (Some(db), Some(staged), true) => {
            let checked = store::backup::check_sqlite(staged)
                .await
                .map_err(|e| damaged(e.to_string()))?;
            if checked.schema_version != manifest.schema_version {
                return Err(damaged(format!(
                    "schema {} instead of {}",
                    checked.schema_version, manifest.schema_version
                )));
            }
            std::fs::rename(staged, db).map_err(|e| unwritable(db, &e))?;
            Ok(Message::new("cli-restore-done")
                .arg("path", path)
                .arg("media", media))
        }
        _ => Ok(Message::new("cli-restore-media-done")
            .arg("path", path)
            .arg("media", media)),
    }
}

enum Unpack {
    SqliteOnPostgres,
    Read(std::io::Error),
    Write(PathBuf, std::io::Error),
}

/// Unpacks the archive: the database to `staged_db`, the rest into `data_dir`. None: the file
/// is not a Vitrine backup. Returns the manifest and how many media files came back.
fn unpack(
    archive: File,
    data_dir: &Path,
    staged_db: Option<&Path>,
    wants_db: bool,
) -> Result<Option<(Manifest, usize)>, Unpack> {
    let mut tar = tar::Archive::new(std::io::BufReader::new(archive));
    let mut entries = tar.entries().map_err(Unpack::Read)?;
    let manifest = match entries.next() {
        Some(Ok(mut first)) if first.path().ok().as_deref() == Some(Path::new(MANIFEST)) => {
            let mut text = String::new();
            first
                .by_ref()
                .take(64 * 1024)
                .read_to_string(&mut text)
                .map_err(Unpack::Read)?;
            match Manifest::parse(&text) {
                Some(m) => m,
                None => return Ok(None),
            }
        }
        // Not a tar file at all, or one of something else.
        _ => return Ok(None),
    };
    if manifest.database && !wants_db {
        return Err(Unpack::SqliteOnPostgres);
    }
    let mut media = 0;
    for entry in entries {
        let mut entry = entry.map_err(Unpack::Read)?;
        let name = entry.path().map_err(Unpack::Read)?.into_owned();
        // Only plain relative names: an entry never lands outside the data folder.
        if !name.components().all(|c| matches!(c, Component::Normal(_))) {
            continue;
        }
        if name == Path::new(DATABASE) {
            if let Some(staged) = staged_db {
                let mut out =
                    File::create(staged).map_err(|e| Unpack::Write(staged.to_path_buf(), e))?;
                std::io::copy(&mut entry, &mut out).map_err(Unpack::Read)?;
                out.sync_all()
                    .map_err(|e| Unpack::Write(staged.to_path_buf(), e))?;
            }
        } else if name == Path::new(SECRET) || name.starts_with(MEDIA) {
            let is_file = entry.header().entry_type().is_file();
            entry
                .unpack_in(data_dir)
                .map_err(|e| Unpack::Write(data_dir.join(&name), e))?;
            if is_file && name != Path::new(SECRET) {
                media += 1;
            }
        }
    }
    Ok(Some((manifest, media)))
}
