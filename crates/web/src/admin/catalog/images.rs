//! The product editor's image manager: uploading one or several photos, their descriptions (alt
//! text) per shop language, their order and their deletion. Works without JavaScript: every
//! action is a plain form post that comes back to the editor.

use crate::extract::{Form, Multipart, Path};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;

use super::editor::parse_id;
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::catalog_images::{add_product_image, delete_product_image};
use crate::ctx::{shop_langs, Ctx};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            &shop_path("/admin/products/{id}/images"),
            post(upload).layer(DefaultBodyLimit::max(crate::csrf::UPLOAD_MAX)),
        )
        .route(&shop_path("/admin/products/{id}/images/alts"), post(manage))
}

/// Longest alt text kept; screen readers read it whole, so a sentence is plenty.
const ALT_MAX: usize = 300;

async fn upload(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, String)>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let shop_id = a.shop_id();
    // Refuse another shop's (or a deleted) product before reading any file.
    let mut conn = st.store.reader().await?;
    store::catalog::product(&mut conn, shop_id, id).await?;
    drop(conn);
    let mut files = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                if field.name() == Some("images") {
                    let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
                    // A file input left empty still sends one empty part.
                    if !bytes.is_empty() || files.is_empty() {
                        files.push(bytes.to_vec());
                    }
                }
            }
            Ok(None) => break,
            Err(_) => return Err(AppError::TooLarge),
        }
    }
    files.retain(|f| !f.is_empty());
    if files.is_empty() {
        files.push(Vec::new());
    }
    let sent = files.len();
    let mut errors = Vec::new();
    for (n, bytes) in files.into_iter().enumerate() {
        match add_product_image(&st, shop_id, id, bytes, &[]).await {
            Ok(_) => {}
            Err(e) => match e.user_message(&st, c.lang) {
                Some(m) => errors.push((n + 1, m)),
                None => return Err(AppError::Internal(anyhow::anyhow!(e))),
            },
        }
    }
    if errors.is_empty() {
        return Ok(Redirect::to(
            &a.tenant
                .url(&format!("/admin/products/{id}?saved=1#images")),
        )
        .into_response());
    }
    // Show the editor again with what went wrong; images that were fine are kept.
    let message = errors
        .into_iter()
        .map(|(n, m)| {
            if sent > 1 {
                c.i18n.ta(
                    c.lang,
                    "images-file-error",
                    &[("n", n.to_string()), ("message", m)],
                )
            } else {
                m
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let page = super::editor::page_with_error(&st, &a, c, id, message).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

async fn manage(
    State(st): State<AppState>,
    a: StaffAuth,
    Path((_, id)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let shop_id = a.shop_id();
    let langs = shop_langs(&a.tenant.shop);
    let mut tx = st.store.begin().await?;
    // Another shop's (or a deleted) product is not found, rather than "saved" with nothing done.
    store::catalog::product(&mut tx, shop_id, id).await?;
    let images = store::catalog_images::for_product(&mut tx, shop_id, id).await?;
    // Only this product's images and this shop's languages are read from the form.
    for img in &images {
        for l in &langs {
            let name = format!("alt_{}_{}", img.id, l.as_str());
            if let Some((_, value)) = fields.iter().find(|(k, _)| *k == name) {
                let value: String = value
                    .chars()
                    .filter(|ch| !ch.is_control())
                    .take(ALT_MAX)
                    .collect();
                let current = img.alts.iter().find(|(al, _)| al == l.as_str());
                if current.map(|(_, a)| a.as_str()) != Some(value.trim()) {
                    store::catalog_images::set_alt(
                        &mut tx,
                        shop_id,
                        id,
                        img.id,
                        l.as_str(),
                        &value,
                    )
                    .await?;
                }
            }
        }
    }
    let op = fields
        .iter()
        .find(|(k, _)| k == "op")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    let mut delete = None;
    if let Some((verb, image)) = op.split_once('-') {
        let image: i64 = image.parse().map_err(|_| AppError::NotFound)?;
        if !images.iter().any(|i| i.id == image) {
            return Err(AppError::NotFound);
        }
        match verb {
            "up" | "down" => {
                store::catalog_images::move_image(&mut tx, shop_id, id, image, verb == "up").await?
            }
            "delete" => delete = Some(image),
            _ => return Err(AppError::NotFound),
        }
    }
    store::commit(tx).await?;
    if let Some(image) = delete {
        delete_product_image(&st, shop_id, id, image).await?;
    }
    Ok(Redirect::to(
        &a.tenant
            .url(&format!("/admin/products/{id}?saved=1#images")),
    )
    .into_response())
}
