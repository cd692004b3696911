//! Shop admin: the file a digital product delivers — upload, replace, delete — stored under the
//! shop's private prefix (never served by the public media route) and counted in its storage.

use crate::extract::{Multipart, Path, Query};
use std::io::Write;

use askama::Template;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::catalog::ProductKind;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::admin::Nav;
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::platform::render;
use crate::state::AppState;

/// The largest file a seller may attach to a digital product.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// How long the seller's own test link stays valid.
const TEST_LINK_VALIDITY: std::time::Duration = std::time::Duration::from_secs(3600);

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            &shop_path("/admin/products/{id}/file"),
            // The file streams to disk; the body limit only has to leave room for the form.
            get(page)
                .post(upload)
                .layer(DefaultBodyLimit::max(MAX_FILE_BYTES as usize + 64 * 1024)),
        )
        .route(&shop_path("/admin/products/{id}/file/delete"), post(remove))
}

#[derive(Deserialize, Default)]
pub struct Saved {
    #[serde(default)]
    saved: Option<String>,
}

struct FileView {
    name: String,
    size: String,
    sha256: String,
    test_link: String,
}

#[derive(Template)]
#[template(path = "admin/product_file.html")]
struct Page {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    product_id: i64,
    title: String,
    file: Option<FileView>,
    error: Option<String>,
    max_mb: u64,
}

/// The product if it is this shop's and digital; anything else has no file page.
async fn digital_product(st: &AppState, a: &StaffAuth, id: i64) -> AppResult<String> {
    let mut conn = st.store.reader().await?;
    let product = store::catalog::product(&mut conn, a.shop_id(), id).await?;
    if ProductKind::parse(&product.kind).ok() != Some(ProductKind::Digital) {
        return Err(AppError::NotFound);
    }
    let texts = store::catalog::texts(&mut conn, a.shop_id(), id).await?;
    Ok(texts
        .into_iter()
        .map(|t| t.title)
        .find(|t| !t.is_empty())
        .unwrap_or_default())
}

fn size_label(c: &Ctx, bytes: i64) -> String {
    if bytes < 1024 * 1024 {
        c.t1("file-size-kb", "n", &((bytes + 1023) / 1024).to_string())
    } else {
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
        let sep = if c.lang.as_str() == "fr" { "," } else { "." };
        c.t1(
            "file-size-mb",
            "n",
            &format!("{}{sep}{}", tenths / 10, tenths % 10),
        )
    }
}

async fn show(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    id: i64,
    title: String,
    error: Option<String>,
    flash: Option<String>,
) -> AppResult<Html<String>> {
    let mut conn = st.store.reader().await?;
    let file = store::digital::get(&mut conn, a.shop_id(), id).await?;
    drop(conn);
    let file = file.map(|f| FileView {
        size: size_label(&c, f.size),
        name: f.file_name,
        sha256: f.sha256,
        test_link: a.tenant.url(&crate::download::link(
            st,
            a.shop_id(),
            id,
            TEST_LINK_VALIDITY,
        )),
    });
    render(Page {
        nav: Nav::new(a, "products").with_flash(flash),
        shop_name: a.tenant.shop.name.clone(),
        product_id: id,
        title: if title.is_empty() {
            c.t("cat-untitled")
        } else {
            title
        },
        file,
        error,
        max_mb: MAX_FILE_BYTES / (1024 * 1024),
        c,
    })
}

async fn page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, i64)>,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    let title = digital_product(&st, &a, id).await?;
    let flash = q.saved.as_ref().map(|_| c.t("admin-saved"));
    show(&st, &a, c, id, title, None, flash).await
}

/// A received upload, on disk in a temporary file.
struct Received {
    file: tempfile::NamedTempFile,
    name: String,
    size: u64,
    sha256: String,
}

enum UploadError {
    /// A message id for the seller.
    Refused(&'static str),
    Internal(anyhow::Error),
}

/// Streams the `file` field to a temporary file, hashing it on the way, and stops as soon as it
/// passes the limit: a large upload never sits in memory.
async fn receive(st: &AppState, multipart: &mut Multipart) -> Result<Received, UploadError> {
    let broken = |_| UploadError::Refused("file-upload-broken");
    while let Some(mut field) = multipart.next_field().await.map_err(broken)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = clean_file_name(field.file_name().unwrap_or(""));
        let dir = st.config.data_dir.join("tmp");
        std::fs::create_dir_all(&dir).map_err(|e| UploadError::Internal(e.into()))?;
        let mut file =
            tempfile::NamedTempFile::new_in(&dir).map_err(|e| UploadError::Internal(e.into()))?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        while let Some(chunk) = field.chunk().await.map_err(broken)? {
            size += chunk.len() as u64;
            if size > MAX_FILE_BYTES {
                return Err(UploadError::Refused("file-too-large"));
            }
            hasher.update(&chunk);
            file.write_all(&chunk)
                .map_err(|e| UploadError::Internal(e.into()))?;
        }
        if size == 0 || name.is_empty() {
            return Err(UploadError::Refused("file-required"));
        }
        file.flush().map_err(|e| UploadError::Internal(e.into()))?;
        return Ok(Received {
            file,
            name,
            size,
            sha256: hex::encode(hasher.finalize()),
        });
    }
    Err(UploadError::Refused("file-required"))
}

async fn upload(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, i64)>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let title = digital_product(&st, &a, id).await?;
    let refuse = |st: AppState, a: StaffAuth, c: Ctx, status: StatusCode, msg: String| async move {
        let page = show(&st, &a, c, id, title, Some(msg), None).await?;
        Ok::<_, AppError>((status, page).into_response())
    };
    let got = match receive(&st, &mut multipart).await {
        Ok(got) => got,
        Err(UploadError::Refused(id)) => {
            let status = if id == "file-too-large" {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let msg = c.t1(
                "file-too-large",
                "max_mb",
                &(MAX_FILE_BYTES >> 20).to_string(),
            );
            let msg = if id == "file-too-large" { msg } else { c.t(id) };
            return refuse(st, a, c, status, msg).await;
        }
        Err(UploadError::Internal(e)) => return Err(e.into()),
    };
    let shop_id = a.shop_id();
    let mut tx = st.store.begin().await?;
    let replaced = store::digital::get(&mut tx, shop_id, id)
        .await?
        .map_or(0, |f| f.size);
    match app::plan::check_storage(&mut tx, shop_id, got.size as i64, replaced).await {
        Ok(()) => {}
        Err(app::Error::Refused(e)) => {
            drop(tx);
            let msg = c.err(&e);
            return refuse(st, a, c, StatusCode::UNPROCESSABLE_ENTITY, msg).await;
        }
        Err(e) => return Err(e.into()),
    }
    let key = format!(
        "private/shops/{shop_id}/digital/{id}-{}{}",
        &got.sha256[..16],
        extension(&got.name)
            .map(|e| format!(".{e}"))
            .unwrap_or_default()
    );
    st.media
        .put_file(&key, got.file.path(), &got.sha256)
        .await
        .map_err(|e| anyhow::anyhow!(e))?;
    let old = store::digital::set(
        &mut tx,
        shop_id,
        &store::digital::DigitalFile {
            product_id: id,
            key: key.clone(),
            content_type: content_type(&got.name).into(),
            file_name: got.name,
            size: got.size as i64,
            sha256: got.sha256,
            created_at: 0,
        },
    )
    .await?;
    store::commit(tx).await?;
    if let Some(old) = old.filter(|o| o.key != key) {
        forget_bytes(&st, &old.key).await;
    }
    tracing::info!(
        shop_id = shop_id.get(),
        product_id = id,
        "digital file stored"
    );
    Ok(Redirect::to(&a.tenant.url(&format!("/admin/products/{id}/file?saved=1"))).into_response())
}

async fn remove(
    State(st): State<AppState>,
    a: StaffAuth,
    Path((_, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    digital_product(&st, &a, id).await?;
    let mut tx = st.store.begin().await?;
    let old = store::digital::remove(&mut tx, a.shop_id(), id).await?;
    store::commit(tx).await?;
    if let Some(old) = old {
        forget_bytes(&st, &old.key).await;
    }
    Ok(Redirect::to(&a.tenant.url(&format!("/admin/products/{id}/file?saved=1"))).into_response())
}

/// Bytes no row points to any more. Failing here loses nothing the seller sees, so it is logged
/// rather than shown.
async fn forget_bytes(st: &AppState, key: &str) {
    if let Err(e) = st.media.delete(key).await {
        tracing::warn!(key, error = %e, "could not delete a replaced digital file");
    }
}

/// The name the buyer's browser will save: no folders, no control characters, 200 characters
/// at most.
fn clean_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    name.trim().trim_start_matches('.').to_string()
}

/// The lowercase extension if it is a plain one, to keep in the storage key.
fn extension(name: &str) -> Option<String> {
    let (_, ext) = name.rsplit_once('.')?;
    (!ext.is_empty() && ext.len() <= 10 && ext.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then(|| ext.to_ascii_lowercase())
}

/// The type announced on download, from the extension (the file is always sent as an
/// attachment, never shown inline, so a wrong type cannot turn it into a page of the shop).
fn content_type(name: &str) -> &'static str {
    match extension(name).as_deref() {
        Some("pdf") => "application/pdf",
        Some("zip") => "application/zip",
        Some("epub") => "application/epub+zip",
        Some("mp3") => "audio/mpeg",
        Some("mp4") => "video/mp4",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_types() {
        assert_eq!(clean_file_name("C:\\Users\\x\\Livre.PDF"), "Livre.PDF");
        assert_eq!(clean_file_name("../../.bashrc"), "bashrc");
        assert_eq!(clean_file_name("a\u{0}b\nc.zip"), "abc.zip");
        assert_eq!(extension("Livre.PDF").as_deref(), Some("pdf"));
        assert_eq!(extension("x.tar.gz").as_deref(), Some("gz"));
        assert_eq!(extension("x.é"), None);
        assert_eq!(content_type("guide.epub"), "application/epub+zip");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
