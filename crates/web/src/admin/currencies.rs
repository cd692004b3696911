//! Shop admin: the exchange rates at which shoppers abroad see an estimate of the shop's prices
//! in their currency (orders are charged and invoiced in the shop's currency), and whether the
//! operator's rates serve for the other currencies.

use crate::extract::{Form, Query};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use super::{can_settings, Nav, Saved};
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::platform::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route(&shop_path("/admin/currencies"), get(page).post(save))
}

/// One row of the form: a currency, its rate, the date it was read; and what is wrong with it.
pub struct RateRow {
    pub index: usize,
    pub currency: String,
    pub rate: String,
    pub as_of: String,
    pub errors: Vec<(String, String)>,
}

impl RateRow {
    pub fn error(&self, field: &str) -> Option<&String> {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, e)| e)
    }
}

#[derive(Template)]
#[template(path = "admin/currencies.html")]
struct Page {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    shop_currency: String,
    rows: Vec<RateRow>,
    use_platform: bool,
    /// The operator's rates, for the seller to see what "use the platform's rates" gives.
    platform: Vec<(String, String, String)>,
    has_errors: bool,
}

/// Blank rows offered beyond the saved ones.
const BLANK_ROWS: usize = 3;

pub(crate) fn rows_of(saved: Vec<(String, String, String)>) -> Vec<RateRow> {
    let n = (saved.len() + BLANK_ROWS).min(domain::exchange::RATES_MAX.max(saved.len()));
    let mut rows: Vec<RateRow> = saved
        .into_iter()
        .chain(std::iter::repeat_with(Default::default))
        .take(n)
        .enumerate()
        .map(|(index, (currency, rate, as_of))| RateRow {
            index,
            currency,
            rate,
            as_of,
            errors: Vec::new(),
        })
        .collect();
    rows.truncate(n);
    rows
}

/// The rows of a posted form (`currency_0`, `rate_0`, `as_of_0`, …).
/// The rows as posted (trailing blank ones dropped), each with the messages of its refused
/// fields, for the form shown again.
pub(crate) fn refused_rows(
    c: &Ctx,
    mut rows: Vec<(String, String, String)>,
    problems: Vec<(usize, &'static str, domain::ValidationError)>,
) -> Vec<RateRow> {
    while rows
        .last()
        .is_some_and(|(c, r, d)| c.trim().is_empty() && r.trim().is_empty() && d.trim().is_empty())
    {
        rows.pop();
    }
    let mut shown = rows_of(rows);
    for (i, field, e) in problems {
        if let Some(row) = shown.get_mut(i) {
            row.errors.push((field.to_string(), c.err(&e)));
        }
    }
    shown
}

pub(crate) fn posted_rows(form: &[(String, String)]) -> Vec<(String, String, String)> {
    let get = |name: String| {
        form.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    (0..domain::exchange::RATES_MAX)
        .map(|i| {
            (
                get(format!("currency_{i}")),
                get(format!("rate_{i}")),
                get(format!("as_of_{i}")),
            )
        })
        .collect()
}

pub(crate) fn platform_view(rates: &[store::exchange::Rate]) -> Vec<(String, String, String)> {
    rates
        .iter()
        .map(|r| {
            (
                r.currency.clone(),
                domain::exchange::rate_text(r.rate_micro),
                r.as_of.clone(),
            )
        })
        .collect()
}

async fn page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    let mut conn = st.store.reader().await?;
    let saved = store::exchange::rates(&mut conn, a.shop_id())
        .await?
        .iter()
        .map(|r| {
            (
                r.currency.clone(),
                domain::exchange::rate_text(r.rate_micro),
                r.as_of.clone(),
            )
        })
        .collect();
    let use_platform = store::exchange::uses_platform_rates(&mut conn, a.shop_id()).await?;
    let platform = app::exchange::platform_rates(&mut conn)
        .await
        .map_err(AppError::from)?;
    let flash = q.flash(&c);
    render(Page {
        nav: Nav::new(&a, "currencies").with_flash(flash),
        shop_name: a.tenant.shop.name.clone(),
        shop_currency: a.tenant.shop.currency.clone(),
        rows: rows_of(saved),
        use_platform,
        platform: platform_view(&platform),
        has_errors: false,
        c,
    })
}

async fn save(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let rows = posted_rows(&form);
    let use_platform = form.iter().any(|(k, _)| k == "use_platform");
    let today = chrono::Utc::now().date_naive();
    let outcome =
        app::exchange::save_shop_rates(&st.store, &a.tenant.shop, &rows, use_platform, today)
            .await
            .map_err(AppError::from)?;
    let Err(problems) = outcome else {
        return Ok(Redirect::to(&a.tenant.url("/admin/currencies?saved=1")).into_response());
    };
    let shown = refused_rows(&c, rows, problems);
    let mut conn = st.store.reader().await?;
    let platform = app::exchange::platform_rates(&mut conn)
        .await
        .map_err(AppError::from)?;
    let page = Page {
        nav: Nav::new(&a, "currencies"),
        shop_name: a.tenant.shop.name.clone(),
        shop_currency: a.tenant.shop.currency.clone(),
        rows: shown,
        use_platform,
        platform: platform_view(&platform),
        has_errors: true,
        c,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

#[cfg(test)]
mod tests {
    /// Every refusal of a rate, and of a tax threshold, reads in French and English with its
    /// arguments.
    #[test]
    fn every_rate_and_threshold_refusal_has_its_text() {
        let i18n = crate::i18n::I18n::load();
        let thresholds: &[(&str, &[&str])] = &[
            ("tax-threshold-not-positive", &[]),
            ("tax-tolerance-below-threshold", &["threshold"]),
            ("price-entry-unknown", &[]),
        ];
        for (code, args) in domain::exchange::CODES.iter().chain(thresholds) {
            for lang in [domain::locale::Lang::Fr, domain::locale::Lang::En] {
                let id = format!("err-{code}");
                assert!(i18n.has(lang, &id), "{lang:?}: no {id}");
                let values: Vec<(&str, String)> =
                    args.iter().map(|a| (*a, format!("<{a}>"))).collect();
                let text = i18n.ta(lang, &id, &values);
                for a in *args {
                    assert!(text.contains(&format!("<{a}>")), "{id} does not show {a}");
                }
            }
        }
    }
}
