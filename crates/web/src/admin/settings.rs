//! Shop admin: general settings (name, languages offered and default, taglines per language,
//! currency, time zone) and the custom domains the seller asks the operator to connect.

use crate::extract::{Form, Query};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::locale::{Lang, TimeZone};
use domain::money::Currency;
use domain::shop::{ShopName, Tagline};

use super::{can_settings, Nav, Saved};
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::Errors;
use crate::platform::render;
use crate::state::AppState;
use app::domains::DomainError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/settings"), get(page).post(save))
        .route(&shop_path("/admin/settings/domains"), post(add_domain))
        .route(
            &shop_path("/admin/settings/domains/remove"),
            post(remove_domain),
        )
        .route(&shop_path("/admin/settings/mall"), post(save_mall))
}

pub struct LangRow {
    code: &'static str,
    name: &'static str,
    offered: bool,
    is_default: bool,
    tagline: String,
    error: Option<String>,
}

pub struct DomainRow {
    host: String,
    verified: bool,
    /// Verified for another shop first.
    taken: bool,
}

#[derive(Template)]
#[template(path = "admin/settings.html")]
struct Page {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    name: String,
    all_langs: Vec<LangRow>,
    /// (code, selected)
    currencies: Vec<(&'static str, bool)>,
    /// The shop's currency, when its products' prices fix it (shown, not offered for change).
    currency_fixed: Option<String>,
    /// (zone, selected)
    zones: Vec<(&'static str, bool)>,
    domains: Vec<DomainRow>,
    new_host: String,
    /// Whether the mall lists the shop.
    mall_listed: bool,
    /// (code, name, selected): the mall's directory categories.
    mall_categories: Vec<(&'static str, String, bool)>,
    errors: Errors,
}

async fn view(st: &AppState, a: &StaffAuth, c: Ctx) -> AppResult<Page> {
    let s = &a.tenant.shop;
    let mut conn = st.store.reader().await?;
    let taglines = store::shop::taglines(&mut conn, s.sid()).await?;
    let offered = s.lang_list();
    let all_langs = Lang::all()
        .iter()
        .map(|l| LangRow {
            code: l.as_str(),
            name: l.native_name(),
            offered: offered.iter().any(|o| o == l.as_str()),
            is_default: s.default_lang == l.as_str(),
            tagline: taglines
                .iter()
                .find(|(code, _)| code == l.as_str())
                .map(|(_, t)| t.clone())
                .unwrap_or_default(),
            error: None,
        })
        .collect();
    let domains = store::shop::domains(&mut conn, s.sid())
        .await?
        .into_iter()
        .map(|d| DomainRow {
            host: d.host,
            verified: d.verified_at.is_some(),
            taken: d.taken,
        })
        .collect();
    let currency_fixed = store::shop::has_prices(&mut conn, s.sid())
        .await?
        .then(|| s.currency.clone());
    let listing = store::mall::listing(&mut conn, s.sid()).await?;
    let mall_categories = domain::mall::CATEGORIES
        .iter()
        .map(|code| {
            (
                *code,
                c.t(&format!("mall-cat-{code}")),
                listing.mall_category == *code,
            )
        })
        .collect();
    let mut zones: Vec<&'static str> = TimeZone::common().to_vec();
    if let Ok(tz) = TimeZone::parse(&s.timezone) {
        if !zones.contains(&tz.as_str()) {
            zones.push(tz.as_str());
        }
    }
    Ok(Page {
        nav: Nav::new(a, "settings"),
        shop_name: s.name.clone(),
        name: s.name.clone(),
        all_langs,
        currencies: Currency::all()
            .map(|c| (c.as_str(), c.as_str() == s.currency))
            .collect(),
        currency_fixed,
        zones: zones.into_iter().map(|z| (z, z == s.timezone)).collect(),
        domains,
        new_host: String::new(),
        mall_listed: listing.mall_listed != 0,
        mall_categories,
        errors: Errors::default(),
        c,
    })
}

async fn page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    let flash = q.flash(&c);
    let mut p = view(&st, &a, c).await?;
    p.nav = p.nav.with_flash(flash);
    render(p)
}

async fn save(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let mut errors = Errors::default();
    let name = errors.check(&c, "name", ShopName::parse(get("name")));
    let default = errors.check(&c, "default_lang", Lang::parse(get("default_lang")));
    let mut langs: Vec<Lang> = fields
        .iter()
        .filter(|(n, _)| n == "langs")
        .filter_map(|(_, v)| Lang::parse(v).ok())
        .collect();
    if let Some(d) = default {
        if !langs.contains(&d) {
            langs.insert(0, d);
        }
    }
    langs.sort();
    langs.dedup();
    let currency = errors.check(&c, "currency", Currency::parse(get("currency")));
    let tz = errors.check(&c, "timezone", TimeZone::parse(get("timezone")));
    let mut taglines = vec![];
    let mut tagline_errors = vec![];
    for l in Lang::all() {
        let raw = get(&format!("tagline_{}", l.as_str()));
        match Tagline::parse(raw) {
            Ok(t) => taglines.push((*l, t)),
            Err(e) => {
                errors.add(&format!("tagline_{}", l.as_str()), c.err(&e));
                tagline_errors.push((*l, c.err(&e), raw.to_string()));
            }
        }
    }
    if let (Some(name), Some(default), Some(currency), Some(tz), true) =
        (name, default, currency, tz, errors.is_empty())
    {
        let langs_csv = langs
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let general = store::shop::General {
            name: name.as_str(),
            default_lang: default.as_str(),
            langs: &langs_csv,
            currency: currency.as_str(),
            timezone: tz.as_str(),
        };
        match store_general(&st, &a, &c, &general, &taglines).await? {
            Ok(()) => {
                return Ok(Redirect::to(&a.tenant.url("/admin/settings?saved=1")).into_response())
            }
            Err(refused) => errors = refused,
        }
    }

    let mut p = view(&st, &a, c).await?;
    p.name = get("name").to_string();
    for row in p.all_langs.iter_mut() {
        row.offered = fields.iter().any(|(n, v)| n == "langs" && v == row.code);
        row.tagline = get(&format!("tagline_{}", row.code)).to_string();
        if let Some((_, e, _)) = tagline_errors
            .iter()
            .find(|(l, _, _)| l.as_str() == row.code)
        {
            row.error = Some(e.clone());
        }
    }
    p.errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(p)?).into_response())
}

/// Saves the settings; a refusal comes back as the field errors to show.
async fn store_general(
    st: &AppState,
    a: &StaffAuth,
    c: &Ctx,
    general: &store::shop::General<'_>,
    taglines: &[(Lang, Option<Tagline>)],
) -> AppResult<Result<(), Errors>> {
    let mut tx = st.store.begin().await?;
    match store::shop::update_general(&mut tx, a.shop_id(), general).await {
        Ok(()) => {}
        Err(store::StoreError::Conflict(why)) if why == store::shop::CURRENCY_FIXED => {
            let mut errors = Errors::default();
            errors.add(
                "currency",
                c.i18n.ta(
                    c.lang,
                    "settings-currency-fixed",
                    &[("currency", a.tenant.shop.currency.clone())],
                ),
            );
            return Ok(Err(errors));
        }
        Err(e) => return Err(e.into()),
    }
    for (l, t) in taglines {
        store::shop::set_tagline(
            &mut tx,
            a.shop_id(),
            l.as_str(),
            t.as_ref().map(|t| t.as_str()),
        )
        .await?;
    }
    store::commit(tx).await?;
    st.mall_changed();
    Ok(Ok(()))
}

/// A host name a seller may point at their shop: lowercase DNS labels, at least two of them, not
/// the platform's own domain.
pub fn parse_host(raw: &str, platform_domain: Option<&str>) -> Option<String> {
    let h = raw.trim().trim_end_matches('.').to_ascii_lowercase();
    let h = h
        .strip_prefix("https://")
        .or_else(|| h.strip_prefix("http://"))
        .unwrap_or(&h)
        .trim_end_matches('/')
        .to_string();
    let labels: Vec<&str> = h.split('.').collect();
    let ok = h.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && !labels
            .last()
            .unwrap_or(&"")
            .bytes()
            .all(|b| b.is_ascii_digit());
    let platform = platform_domain.is_some_and(|d| h == d || h.ends_with(&format!(".{d}")));
    (ok && !platform && h != "localhost").then_some(h)
}

#[derive(serde::Deserialize)]
struct MallForm {
    /// Present ("1") when the box is ticked.
    #[serde(default)]
    listed: Option<String>,
    #[serde(default)]
    category: String,
}

/// The seller's choice of being in the platform's mall, and under which category.
async fn save_mall(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(f): Form<MallForm>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    match app::mall::set_listing(&st.store, &a.tenant.shop, f.listed.is_some(), &f.category).await {
        Ok(()) => {
            st.mall_changed();
            Ok(Redirect::to(&a.tenant.url("/admin/settings?saved=1#mall-h")).into_response())
        }
        Err(app::Error::Refused(e)) => {
            let mut p = view(&st, &a, c).await?;
            p.mall_listed = f.listed.is_some();
            p.errors.add("category", p.c.err(&e));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(p)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(serde::Deserialize)]
struct HostForm {
    #[serde(default)]
    host: String,
}

async fn add_domain(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(f): Form<HostForm>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let message = match parse_host(&f.host, st.config.platform_domain.as_deref()) {
        None => c.t("settings-domain-invalid"),
        Some(host) => {
            let mut tx = st.store.begin().await?;
            match app::domains::claim(&mut tx, a.shop_id(), &host).await {
                Ok(()) => {
                    store::commit(tx).await?;
                    return Ok(
                        Redirect::to(&a.tenant.url("/admin/settings?saved=1")).into_response()
                    );
                }
                Err(DomainError::Taken) => c.t("settings-domain-taken"),
                Err(DomainError::AlreadyClaimed) => c.t("settings-domain-already"),
                Err(DomainError::NotClaimed) => return Err(AppError::NotFound),
                Err(DomainError::Store(e)) => return Err(e.into()),
            }
        }
    };
    let mut p = view(&st, &a, c).await?;
    // Echoed for correction only when it could be a host name at all.
    if f.host.len() <= 253 {
        p.new_host = f.host;
    }
    p.errors.add("host", message);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(p)?).into_response())
}

async fn remove_domain(
    State(st): State<AppState>,
    a: StaffAuth,
    Form(f): Form<HostForm>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let mut tx = st.store.begin().await?;
    store::shop::remove_domain(&mut tx, a.shop_id(), f.host.trim()).await?;
    store::commit(tx).await?;
    Ok(Redirect::to(&a.tenant.url("/admin/settings?saved=1")).into_response())
}

#[cfg(test)]
mod tests {
    use super::parse_host;

    #[test]
    fn hosts() {
        assert_eq!(
            parse_host(" WWW.Fromagerie.fr. ", None).as_deref(),
            Some("www.fromagerie.fr")
        );
        assert_eq!(
            parse_host("https://boutique.example/", None).as_deref(),
            Some("boutique.example")
        );
        assert_eq!(parse_host("localhost", None), None);
        assert_eq!(parse_host("127.0.0.1", None), None);
        assert_eq!(parse_host("a..b", None), None);
        assert_eq!(parse_host("shop.vitrine.app", Some("vitrine.app")), None);
    }
}
