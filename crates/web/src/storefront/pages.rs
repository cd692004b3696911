//! A shop's pages outside its catalog: content pages, the legal notice, the theme stylesheet and
//! the media it stored.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use domain::theme::{readable_on, Color};

use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::platform::render;
use crate::state::AppState;
use crate::tenant::Tenant;

#[derive(Template)]
#[template(path = "storefront/page.html")]
struct PageView {
    c: Ctx,
    shop_name: String,
    title: String,
    content_lang: String,
    paragraphs: Vec<String>,
}

pub(super) async fn page(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> AppResult<Html<String>> {
    let mut conn = st.store.reader().await?;
    let prefs = [c.lang.as_str(), t.shop.default_lang.as_str(), "fr", "en"];
    let p = store::page::get(&mut conn, t.id(), &slug, &prefs)
        .await?
        .ok_or(AppError::NotFound)?;
    render(PageView {
        shop_name: t.shop.name.clone(),
        title: p.title,
        content_lang: p.lang,
        paragraphs: p
            .body
            .split("\n\n")
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        c,
    })
}

#[derive(Template)]
#[template(path = "storefront/legal.html")]
struct LegalView {
    c: Ctx,
    shop_name: String,
    incomplete: bool,
    legal_name: String,
    address: String,
    siren: Option<String>,
    siret: Option<String>,
    vat: Option<String>,
    /// What stands for a VAT number when there is none (franchise, not subject).
    no_vat: String,
    /// "Particulier", "Association": the status when it is not a business's.
    status_label: Option<String>,
    /// A private seller: buyers are told consumer law does not apply.
    private_seller: bool,
    email: String,
    phone: String,
    director: String,
    mediator_name: String,
    mediator_url: String,
    host_name: String,
    host_address: String,
    host_phone: String,
}

/// "Mentions légales": generated from the shop's legal identity and the host's (operator's).
pub(super) async fn legal_notice(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
) -> AppResult<Html<String>> {
    let l = st.shop_data.get(&st.store, &t.shop).await?.legal.clone();
    let mut conn = st.store.reader().await?;
    use domain::legal::LegalStatus;
    let status = LegalStatus::parse(&l.status).unwrap_or(LegalStatus::IndividualEntrepreneur);
    let base_name = if l.legal_name.is_empty() {
        t.shop.name.clone()
    } else {
        l.legal_name.clone()
    };
    let siret = l
        .siret
        .as_deref()
        .and_then(|s| domain::legal::Siret::parse(s).ok());
    let town = format!("{} {}", l.postal_code, l.city);
    let address = [l.address.trim(), town.trim(), l.country.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let host_name = store::settings::get(&mut conn, "host_name")
        .await?
        .unwrap_or_else(|| st.config.platform_name.clone());
    let host_address = store::settings::get(&mut conn, "host_address")
        .await?
        .unwrap_or_default();
    let host_phone = store::settings::get(&mut conn, "host_phone")
        .await?
        .unwrap_or_default();
    render(LegalView {
        shop_name: t.shop.name.clone(),
        incomplete: l.legal_name.is_empty()
            || (status.requires_siret() && (siret.is_none() || l.address.is_empty())),
        legal_name: domain::legal::legal_name_with_mention(&base_name, status),
        address,
        siren: siret.as_ref().map(|s| s.siren().formatted()),
        siret: siret.as_ref().map(|s| s.formatted()),
        vat: if l.vat_franchise != 0 {
            None
        } else {
            l.vat_number.clone().filter(|v| !v.is_empty())
        },
        no_vat: match status {
            LegalStatus::PrivateSeller => c.t("legal-vat-private"),
            LegalStatus::Association if l.vat_franchise == 0 => c.t("legal-vat-association"),
            _ => domain::legal::VAT_FRANCHISE_MENTION.to_string(),
        },
        status_label: match status {
            LegalStatus::PrivateSeller => Some(c.t("legal-status-private")),
            LegalStatus::Association => Some(c.t("legal-status-association")),
            _ => None,
        },
        private_seller: status == LegalStatus::PrivateSeller,
        email: l.email,
        phone: l.phone,
        director: if l.publication_director.is_empty() {
            base_name
        } else {
            l.publication_director
        },
        mediator_name: l.mediator_name,
        mediator_url: l.mediator_url,
        host_name,
        host_address,
        host_phone,
        c,
    })
}

/// The shop's colours as CSS variables; the URL carries the shop's version so it can be cached.
pub(super) async fn theme(t: Tenant) -> Response {
    let primary = Color::parse(&t.shop.color_primary).unwrap_or(Color {
        r: 0x7a,
        g: 0x3e,
        b: 0x1d,
    });
    let css = format!(
        ":root{{--primary:{};--on-primary:{};--bg:{};--text:{};}}\n",
        primary.to_hex(),
        readable_on(primary).to_hex(),
        t.shop.color_background,
        t.shop.color_text
    );
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        css,
    )
        .into_response()
}

/// A file the shop stored (its logo): names are content hashes, so they never change.
pub(super) async fn media_file(
    State(st): State<AppState>,
    t: Tenant,
    Path((_, name)): Path<(String, String)>,
) -> AppResult<Response> {
    let key = format!("shops/{}/{}", t.id(), name);
    if !media::valid_key(&key) {
        return Err(AppError::NotFound);
    }
    let mut conn = st.store.reader().await?;
    let ct = store::media::content_type(&mut conn, t.id(), &key)
        .await?
        .ok_or(AppError::NotFound)?;
    let bytes = st
        .media
        .get(&key)
        .await
        .map_err(|e| anyhow::anyhow!(e))?
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, ct),
            (
                header::CACHE_CONTROL,
                "public, max-age=31536000, immutable".into(),
            ),
        ],
        bytes,
    )
        .into_response())
}
