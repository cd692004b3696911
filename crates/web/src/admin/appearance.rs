//! Shop admin: the logo (checked by content, resized, counted against the plan's storage) and the
//! colours (refused when text would be unreadable, per WCAG AA).

use crate::extract::{Form, Multipart, Query};
use askama::Template;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::theme::{check_contrast, Color};
use serde::Deserialize;
use store::id::ShopId;

use super::{can_settings, Nav, Saved};
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::Errors;
use crate::platform::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/appearance"), get(page))
        .route(
            &shop_path("/admin/appearance/logo"),
            post(upload_logo).layer(DefaultBodyLimit::max(crate::csrf::UPLOAD_MAX)),
        )
        .route(
            &shop_path("/admin/appearance/logo/remove"),
            post(remove_logo),
        )
        .route(&shop_path("/admin/appearance/colors"), post(save_colors))
}

#[derive(Template)]
#[template(path = "admin/appearance.html")]
struct Page {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    logo_url: Option<String>,
    logo_error: Option<String>,
    primary: String,
    background: String,
    text: String,
    errors: Errors,
}

fn view(a: &StaffAuth, c: Ctx, flash: Option<String>) -> Page {
    let s = &a.tenant.shop;
    Page {
        nav: Nav::new(a, "appearance").with_flash(flash),
        shop_name: s.name.clone(),
        logo_url: c.shop.as_ref().and_then(|s| s.logo_url.clone()),
        logo_error: None,
        primary: s.color_primary.clone(),
        background: s.color_background.clone(),
        text: s.color_text.clone(),
        errors: Errors::default(),
        c,
    }
}

async fn page(a: StaffAuth, c: Ctx, Query(q): Query<Saved>) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    let flash = q.flash(&c);
    render(view(&a, c, flash))
}

pub enum LogoError {
    Media(media::MediaError),
    Plan(domain::ValidationError),
    Store(store::StoreError),
}

impl From<store::StoreError> for LogoError {
    fn from(e: store::StoreError) -> Self {
        LogoError::Store(e)
    }
}

/// Checks, resizes and stores a logo for the shop inside the caller's transaction.
pub async fn store_logo(
    st: &AppState,
    tx: &mut store::Conn,
    shop_id: ShopId,
    bytes: &[u8],
) -> Result<(), LogoError> {
    let input = bytes.to_vec();
    let _permit = st
        .image_work
        .acquire()
        .await
        .map_err(|e| LogoError::Media(media::MediaError::Io(std::io::Error::other(e))))?;
    // Decoding is CPU work: keep it off the async threads.
    let img = tokio::task::spawn_blocking(move || media::process_logo(&input))
        .await
        .map_err(|e| LogoError::Media(media::MediaError::Io(std::io::Error::other(e))))?
        .map_err(LogoError::Media)?;
    app::plan::check_storage(tx, shop_id, img.bytes.len() as i64, 0)
        .await
        .map_err(|e| match e {
            app::Error::Refused(e) => LogoError::Plan(e),
            app::Error::Store(e) => e.into(),
        })?;
    let shop = store::shop::by_id(tx, shop_id).await?;
    let key = format!(
        "shops/{shop_id}/logo-{}",
        media::content_hashed_name(&img.bytes, img.extension)
    );
    st.media
        .put(&key, &img.bytes)
        .await
        .map_err(LogoError::Media)?;
    if let Some(old) = shop.logo_key.as_deref().filter(|k| *k != key) {
        store::media::forget(tx, shop_id, old).await?;
    }
    store::media::record(tx, shop_id, &key, img.bytes.len() as i64, img.content_type).await?;
    store::shop::set_logo(tx, shop_id, Some(&key)).await?;
    Ok(())
}

async fn upload_logo(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    mut multipart: Multipart,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let mut bytes = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("logo") {
            bytes = Some(field.bytes().await.map_err(|_| AppError::TooLarge)?);
        }
    }
    let bytes = bytes.unwrap_or_default();
    let mut tx = st.store.begin().await?;
    let message = match store_logo(&st, &mut tx, a.shop_id(), &bytes).await {
        Ok(()) => {
            store::commit(tx).await?;
            st.mall_changed();
            return Ok(Redirect::to(&a.tenant.url("/admin/appearance?saved=1")).into_response());
        }
        Err(LogoError::Media(e)) => st.i18n.ta(c.lang, &format!("err-{}", e.code()), &e.args()),
        Err(LogoError::Plan(e)) => c.err(&e),
        Err(LogoError::Store(e)) => return Err(e.into()),
    };
    drop(tx);
    let mut p = view(&a, c, None);
    p.logo_error = Some(message);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(p)?).into_response())
}

async fn remove_logo(State(st): State<AppState>, a: StaffAuth) -> AppResult<Response> {
    a.require(can_settings)?;
    let mut tx = st.store.begin().await?;
    if let Some(key) = &a.tenant.shop.logo_key {
        store::media::forget(&mut tx, a.shop_id(), key).await?;
    }
    store::shop::set_logo(&mut tx, a.shop_id(), None).await?;
    store::commit(tx).await?;
    st.mall_changed();
    Ok(Redirect::to(&a.tenant.url("/admin/appearance?saved=1")).into_response())
}

#[derive(Deserialize)]
struct ColorsForm {
    #[serde(default)]
    primary: String,
    #[serde(default)]
    background: String,
    #[serde(default)]
    text: String,
}

async fn save_colors(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(f): Form<ColorsForm>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let mut errors = Errors::default();
    let primary = errors.check(&c, "primary", Color::parse(&f.primary));
    let background = errors.check(&c, "background", Color::parse(&f.background));
    let text = errors.check(&c, "text", Color::parse(&f.text));
    if let (Some(p), Some(b), Some(t)) = (primary, background, text) {
        if let Err(e) = check_contrast(t, b) {
            errors.add(
                "text",
                format!("{} {}", c.t("appearance-text-on-background"), c.err(&e)),
            );
        }
        if let Err(e) = check_contrast(p, b) {
            errors.add(
                "primary",
                format!("{} {}", c.t("appearance-links-on-background"), c.err(&e)),
            );
        }
        if errors.is_empty() {
            let mut tx = st.store.begin().await?;
            store::shop::update_colors(&mut tx, a.shop_id(), &p.to_hex(), &b.to_hex(), &t.to_hex())
                .await?;
            store::commit(tx).await?;
            return Ok(Redirect::to(&a.tenant.url("/admin/appearance?saved=1")).into_response());
        }
    }
    let mut p = view(&a, c, None);
    p.primary = f.primary.clone();
    p.background = f.background.clone();
    p.text = f.text.clone();
    // A colour input needs a valid value to display; keep the saved one when the typed one is not.
    for (field, saved) in [
        (&mut p.primary, &a.tenant.shop.color_primary),
        (&mut p.background, &a.tenant.shop.color_background),
        (&mut p.text, &a.tenant.shop.color_text),
    ] {
        match Color::parse(field) {
            Ok(col) => *field = col.to_hex(),
            Err(_) => *field = saved.clone(),
        }
    }
    p.errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(p)?).into_response())
}
