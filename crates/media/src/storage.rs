//! Where processed media lives: key validation, content-hashed names, and
//! the storage backends: a local directory, or an S3-compatible bucket (`s3.rs`).
//!
//! Backends are variants of one enum rather than trait objects so that
//! callers stay simple (`Storage` is a plain value, no boxing or async-trait)
//! and adding a backend is a local change here.
//!
//! Keys are validated before they touch any backend: they come from our own
//! code today, but they are built from ids and names, and a key that could
//! climb out of the storage root would turn any such bug into arbitrary file
//! access.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use std::pin::Pin;

use bytes::Bytes;
use futures_util::Stream;
use sha2::{Digest, Sha256};

use crate::s3::{S3Config, S3Store};
use crate::MediaError;

/// A file's content as it arrives, chunk by chunk, for responses that should not hold a whole
/// file in memory.
pub type ByteStream = Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send>>;

/// S3's own limit on key length; keeping to it now means keys written today
/// stay valid when the S3 backend arrives.
const MAX_KEY_BYTES: usize = 1024;

/// The usual file-name length limit of local file systems.
const MAX_SEGMENT_BYTES: usize = 255;

/// Where media bytes are kept.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Storage {
    Local(LocalStore),
    S3(S3Store),
}

/// Files under a directory on the local file system, one file per key.
#[derive(Debug, Clone)]
pub struct LocalStore {
    root: PathBuf,
}

impl Storage {
    /// A store keeping files under `root` (created on first write).
    pub fn local(root: impl Into<PathBuf>) -> Self {
        Storage::Local(LocalStore::new(root))
    }

    /// A store keeping objects in an S3-compatible bucket.
    pub fn s3(config: S3Config) -> Result<Self, MediaError> {
        Ok(Storage::S3(S3Store::new(config)?))
    }

    /// Stores `bytes` under `key`, replacing any previous content. Readers
    /// see either the old or the new content, never a partial file.
    pub async fn put(&self, key: &str, bytes: &[u8]) -> Result<(), MediaError> {
        match self {
            Storage::Local(store) => store.put(key, bytes).await,
            Storage::S3(store) => {
                check_key(key)?;
                store.put(key, bytes).await
            }
        }
    }

    /// The content stored under `key`, or `None` if there is none.
    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, MediaError> {
        match self {
            Storage::Local(store) => store.get(key).await,
            Storage::S3(store) => {
                check_key(key)?;
                store.get(key).await
            }
        }
    }

    /// Removes `key`; removing a key that does not exist succeeds, so that
    /// retries and concurrent clean-ups are harmless.
    pub async fn delete(&self, key: &str) -> Result<(), MediaError> {
        match self {
            Storage::Local(store) => store.delete(key).await,
            Storage::S3(store) => {
                check_key(key)?;
                store.delete(key).await
            }
        }
    }

    /// Removes every key under `prefix`, e.g. `"shops/123/"` when a shop is
    /// deleted.
    ///
    /// `prefix` must be a valid key followed by `/`: deletion works on whole
    /// "folders" only, so that `"shops/1"` can never take `"shops/12/..."`
    /// with it, and an empty prefix can never wipe the whole store.
    pub async fn delete_prefix(&self, prefix: &str) -> Result<(), MediaError> {
        match self {
            Storage::Local(store) => store.delete_prefix(prefix).await,
            Storage::S3(store) => {
                check_prefix(prefix)?;
                store.delete_prefix(prefix).await
            }
        }
    }

    /// Stores the file at `path` under `key` without reading it into memory; `sha256` is the
    /// file's hex digest (the caller computed it while writing the file).
    pub async fn put_file(&self, key: &str, path: &Path, sha256: &str) -> Result<(), MediaError> {
        check_key(key)?;
        match self {
            Storage::Local(store) => store.put_file(key, path).await,
            Storage::S3(store) => store.put_file(key, path, sha256).await,
        }
    }

    /// The size and content of `key` as a stream, or `None` if there is none.
    pub async fn get_stream(&self, key: &str) -> Result<Option<(u64, ByteStream)>, MediaError> {
        check_key(key)?;
        match self {
            Storage::Local(store) => store.get_stream(key).await,
            Storage::S3(store) => store.get_stream(key).await,
        }
    }
}

fn check_key(key: &str) -> Result<(), MediaError> {
    if valid_key(key) {
        Ok(())
    } else {
        Err(invalid_key(key))
    }
}

fn check_prefix(prefix: &str) -> Result<(), MediaError> {
    match prefix.strip_suffix('/') {
        Some(folder) if valid_key(folder) => Ok(()),
        _ => Err(invalid_key(prefix)),
    }
}

/// Reads `file` in 64 KiB chunks.
pub(crate) fn file_stream(file: tokio::fs::File) -> ByteStream {
    use tokio::io::AsyncReadExt;
    Box::pin(futures_util::stream::try_unfold(
        file,
        |mut file| async move {
            let mut buf = vec![0u8; 64 * 1024];
            let n = file.read(&mut buf).await?;
            if n == 0 {
                return Ok(None);
            }
            buf.truncate(n);
            Ok(Some((Bytes::from(buf), file)))
        },
    ))
}

impl LocalStore {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        LocalStore { root: root.into() }
    }

    /// The directory holding the files, e.g. to serve them statically.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_for(&self, key: &str) -> Result<PathBuf, MediaError> {
        if !valid_key(key) {
            return Err(invalid_key(key));
        }
        Ok(self.root.join(key))
    }

    async fn put(&self, key: &str, bytes: &[u8]) -> Result<(), MediaError> {
        let path = self.path_for(key)?;
        let bytes = bytes.to_vec();
        // One blocking task for the whole sequence rather than a thread hop
        // per `tokio::fs` call.
        tokio::task::spawn_blocking(move || write_atomically(&path, &bytes))
            .await
            .map_err(io::Error::other)??;
        Ok(())
    }

    async fn put_file(&self, key: &str, source: &Path) -> Result<(), MediaError> {
        let path = self.path_for(key)?;
        let source = source.to_path_buf();
        tokio::task::spawn_blocking(move || copy_atomically(&source, &path))
            .await
            .map_err(io::Error::other)??;
        Ok(())
    }

    async fn get_stream(&self, key: &str) -> Result<Option<(u64, ByteStream)>, MediaError> {
        let path = self.path_for(key)?;
        match tokio::fs::File::open(&path).await {
            Ok(file) => {
                let len = file.metadata().await?.len();
                Ok(Some((len, file_stream(file))))
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, MediaError> {
        let path = self.path_for(key)?;
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    async fn delete(&self, key: &str) -> Result<(), MediaError> {
        let path = self.path_for(key)?;
        match tokio::fs::remove_file(&path).await {
            Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error.into()),
            _ => Ok(()),
        }
    }

    async fn delete_prefix(&self, prefix: &str) -> Result<(), MediaError> {
        let folder = prefix
            .strip_suffix('/')
            .filter(|folder| valid_key(folder))
            .ok_or_else(|| invalid_key(prefix))?;
        let path = self.root.join(folder);
        // `symlink_metadata` so that a symlink is never followed out of the
        // root; a plain file at that path is a key, not a folder, and is not
        // "under" the prefix.
        match tokio::fs::symlink_metadata(&path).await {
            Ok(metadata) if metadata.is_dir() => {}
            Ok(_) => return Ok(()),
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(error) => return Err(error.into()),
        }
        match tokio::fs::remove_dir_all(&path).await {
            Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error.into()),
            _ => Ok(()),
        }
    }
}

fn invalid_key(key: &str) -> MediaError {
    MediaError::Io(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("invalid storage key {key:?}"),
    ))
}

/// Writes to a temporary file next to the target, then renames it over the
/// target: a rename within a directory is atomic, so a crash or a concurrent
/// reader never sees a half-written image.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "key has no parent"))?;
    std::fs::create_dir_all(dir)?;
    let temp = temp_path(path);
    let written = (|| {
        // `create_new` refuses to follow or reuse anything already there.
        let mut file = File::options().write(true).create_new(true).open(&temp)?;
        file.write_all(bytes)?;
        // Data must be on disk before the rename makes it visible, or a
        // crash could leave the key pointing at an empty file.
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        // Best effort: the original error is the one worth reporting.
        let _ = std::fs::remove_file(&temp);
        return written;
    }
    // Persist the rename itself. Opening a directory is not possible on every
    // platform, and the data is already safe, so failures are ignored.
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Like `write_atomically`, copying from a file instead of memory.
fn copy_atomically(source: &Path, path: &Path) -> io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "key has no parent"))?;
    std::fs::create_dir_all(dir)?;
    let temp = temp_path(path);
    let written = (|| {
        let mut from = File::open(source)?;
        let mut file = File::options().write(true).create_new(true).open(&temp)?;
        io::copy(&mut from, &mut file)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// A unique sibling name for the temporary file. It ends in `~`, which no
/// valid key contains, so a temporary file can never be read or overwritten
/// through a key.
fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}-{n}.tmp~", std::process::id()))
}

/// A file name derived from the content: the first 16 hex digits of its
/// SHA-256, then `.` and `extension`. New content gets a new name, so the
/// files can be served with far-future cache headers.
pub fn content_hashed_name(bytes: &[u8], extension: &str) -> String {
    let digest = hex::encode(Sha256::digest(bytes));
    format!("{}.{extension}", &digest[..16])
}

/// Whether `key` is a safe storage key: a relative path of one or more
/// `/`-separated segments made of `[A-Za-z0-9._-]`, with no empty, `.` or
/// `..` segment (so no leading, trailing or doubled `/`), at most 255 bytes
/// per segment and 1024 in total.
pub fn valid_key(key: &str) -> bool {
    key.len() <= MAX_KEY_BYTES && key.split('/').all(valid_segment)
}

fn valid_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment.len() <= MAX_SEGMENT_BYTES
        && segment != "."
        && segment != ".."
        && segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        for good in ["logo.png", "shops/123/logo-a1b2.png", "a/b_c/.d", "x...y"] {
            assert!(valid_key(good), "{good} should be valid");
        }
        for bad in [
            "", "/abs", "a//b", "a/", "../x", "a/../b", "./a", "a/.", "a\\b", "a b", "é.png",
            "a\0b", "c:x", "tmp~",
        ] {
            assert!(!valid_key(bad), "{bad:?} should be invalid");
        }
        assert!(valid_key(&"a".repeat(255)));
        assert!(!valid_key(&"a".repeat(256)));
        assert!(!valid_key(&["a"; 513].join("/")));
    }

    #[test]
    fn hashed_names() {
        // SHA-256("") = e3b0c44298fc1c149afbf4c8996fb924...
        assert_eq!(content_hashed_name(b"", "png"), "e3b0c44298fc1c14.png");
        assert_ne!(
            content_hashed_name(b"a", "png"),
            content_hashed_name(b"b", "png")
        );
    }

    #[test]
    fn temp_names_are_never_keys() {
        let temp = temp_path(Path::new("root/shops/1/logo.png"));
        assert_eq!(temp.parent(), Some(Path::new("root/shops/1")));
        let name = temp.file_name().unwrap().to_str().unwrap();
        assert!(!valid_key(name));
        assert_ne!(temp, temp_path(Path::new("root/shops/1/logo.png")));
    }
}
