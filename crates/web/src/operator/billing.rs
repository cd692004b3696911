//! The operator's rent in the console: revenue by month, what the paying shops bring each
//! month, the shops by state, the unpaid ones and churn; the operator's invoices (page, PDF,
//! CSV for the accountant); and the settings the invoices and payments need: the operator's
//! legal identity and their Stripe account's keys (the secret sealed, shown masked).

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::money::{Money, EUR};
use serde::Deserialize;

use super::{date, unprocessable, OpNav};
use crate::auth::OperatorAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use crate::forms::Errors;
use crate::platform::render;
use crate::state::AppState;

pub struct Month {
    pub month: String,
    pub amount: String,
    /// The bar's width, in per cent of the best month.
    pub width: i64,
}

pub struct UnpaidRow {
    pub slug: String,
    pub name: String,
    pub state: String,
    pub since: String,
    pub reminders: i64,
    pub reason: String,
}

pub struct InvoiceRow {
    pub number: String,
    pub date: String,
    pub buyer: String,
    pub excl: String,
    pub total: String,
}

#[derive(Template)]
#[template(path = "operator/billing.html")]
struct Page {
    c: Ctx,
    nav: OpNav,
    mrr: String,
    paying: i64,
    trialing: i64,
    free: i64,
    past_due: i64,
    suspended: i64,
    churn: String,
    months: Vec<Month>,
    unpaid: Vec<UnpaidRow>,
    invoices: Vec<InvoiceRow>,
    /// What is missing before shops can be charged (identity, keys), as sentences.
    missing: Vec<String>,
}

fn m(c: &Ctx, minor: i64) -> String {
    Money::new(minor, EUR).format(c.lang)
}

pub(super) async fn billing(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
) -> AppResult<Html<String>> {
    let now = store::now();
    let f = app::rent::figures(&st.store, now).await?;
    let best = f.revenue.iter().map(|(_, a)| *a).max().unwrap_or(0).max(1);
    let months = f
        .revenue
        .iter()
        .map(|(month, a)| Month {
            month: month.clone(),
            amount: m(&c, *a),
            width: (a * 100 / best).max(if *a > 0 { 1 } else { 0 }),
        })
        .collect();
    let unpaid = f
        .unpaid
        .iter()
        .map(|u| UnpaidRow {
            slug: u.slug.clone(),
            name: u.name.clone(),
            state: c.t(&format!("op-rent-state-{}", u.state)),
            since: u.failed_at.map(date).unwrap_or_default(),
            reminders: u.reminders,
            reason: if u.last_error.starts_with("rent-") {
                c.t(&format!("err-{}", u.last_error))
            } else {
                u.last_error.clone()
            },
        })
        .collect();
    let invoices = app::rent::journal(&st.store, now, 366)
        .await?
        .into_iter()
        .rev()
        .take(100)
        .map(|(i, d)| InvoiceRow {
            date: d.issued_on,
            buyer: d.buyer.company,
            excl: m(&c, i.total_minor - i.vat_minor),
            total: m(&c, i.total_minor),
            number: i.number,
        })
        .collect();
    let mut missing = Vec::new();
    if !app::rent::identity(&st.store).await?.is_complete() {
        missing.push(c.t("op-rent-missing-identity"));
    }
    if crate::rent::account(&st).await.is_none() {
        missing.push(c.t("op-rent-missing-keys"));
    }
    let churn = match f.churn_bp() {
        Some(bp) => crate::invoices::rate(c.lang, bp),
        None => "—".into(),
    };
    render(Page {
        nav: OpNav::new(&op, "billing"),
        mrr: m(&c, f.mrr_minor),
        paying: f.paying,
        trialing: f.trialing,
        free: f.free,
        past_due: f.past_due,
        suspended: f.suspended,
        churn,
        months,
        unpaid,
        invoices,
        missing,
        c,
    })
}

#[derive(Deserialize, Default, Clone)]
pub struct IdentityForm {
    #[serde(default)]
    pub rent_seller_name: String,
    #[serde(default)]
    pub rent_seller_siren: String,
    #[serde(default)]
    pub rent_seller_vat: String,
    #[serde(default)]
    pub rent_seller_address: String,
    #[serde(default)]
    pub rent_seller_postal_code: String,
    #[serde(default)]
    pub rent_seller_city: String,
    #[serde(default)]
    pub rent_seller_country: String,
    #[serde(default)]
    pub rent_seller_email: String,
}

impl IdentityForm {
    fn of(i: &app::rent::Identity) -> IdentityForm {
        IdentityForm {
            rent_seller_name: i.name.clone(),
            rent_seller_siren: i.siren.clone(),
            rent_seller_vat: i.vat_number.clone(),
            rent_seller_address: i.address.clone(),
            rent_seller_postal_code: i.postal_code.clone(),
            rent_seller_city: i.city.clone(),
            rent_seller_country: i.country.clone(),
            rent_seller_email: i.email.clone(),
        }
    }
    fn identity(&self) -> app::rent::Identity {
        app::rent::Identity {
            name: self.rent_seller_name.clone(),
            siren: self.rent_seller_siren.clone(),
            vat_number: self.rent_seller_vat.clone(),
            address: self.rent_seller_address.clone(),
            postal_code: self.rent_seller_postal_code.clone(),
            city: self.rent_seller_city.clone(),
            country: self.rent_seller_country.clone(),
            email: self.rent_seller_email.clone(),
        }
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct KeysForm {
    #[serde(default)]
    pub publishable_key: String,
    #[serde(default)]
    pub secret_key: String,
}

#[derive(Template)]
#[template(path = "operator/billing_settings.html")]
struct SettingsPage {
    c: Ctx,
    nav: OpNav,
    form: IdentityForm,
    errors: Errors,
    publishable_key: String,
    secret_hint: String,
    key_error: Option<String>,
}

#[derive(Deserialize, Default)]
pub(super) struct SavedQuery {
    saved: Option<String>,
}

async fn settings_page(
    st: &AppState,
    op: &OperatorAuth,
    c: Ctx,
    flash: Option<String>,
) -> AppResult<SettingsPage> {
    let keys = app::rent::keys(&st.store).await?;
    Ok(SettingsPage {
        nav: OpNav::new(op, "billing").flash(flash),
        form: IdentityForm::of(&app::rent::identity(&st.store).await?),
        errors: Errors::default(),
        publishable_key: keys.publishable_key,
        secret_hint: keys.secret_hint,
        key_error: None,
        c,
    })
}

pub(super) async fn settings_form(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Query(q): Query<SavedQuery>,
) -> AppResult<Html<String>> {
    let flash = q.saved.as_ref().map(|_| c.t("op-saved"));
    render(settings_page(&st, &op, c, flash).await?)
}

pub(super) async fn save_identity(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Form(f): Form<IdentityForm>,
) -> AppResult<Response> {
    match app::rent::save_identity(&st.store, &f.identity()).await {
        Ok(()) => {
            tracing::info!(operator_id = op.id, "operator's invoicing identity saved");
            Ok(Redirect::to("/operator/billing/settings?saved=1").into_response())
        }
        Err((field, app::Error::Refused(e))) => {
            let mut p = settings_page(&st, &op, c, None).await?;
            p.errors.add(field, p.c.err(&e));
            p.form = f;
            Ok(unprocessable(render(p)?))
        }
        Err((_, e)) => Err(e.into()),
    }
}

pub(super) async fn save_keys(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Form(f): Form<KeysForm>,
) -> AppResult<Response> {
    match app::rent::save_keys(
        &st.store,
        &st.payments.sealer,
        &f.publishable_key,
        &f.secret_key,
    )
    .await
    {
        Ok(()) => {
            tracing::info!(operator_id = op.id, "operator's Stripe keys saved");
            Ok(Redirect::to("/operator/billing/settings?saved=1").into_response())
        }
        Err(app::Error::Refused(e)) => {
            let mut p = settings_page(&st, &op, c, None).await?;
            p.key_error = Some(p.c.err(&e));
            p.publishable_key = f.publishable_key;
            Ok(unprocessable(render(p)?))
        }
        Err(e) => Err(e.into()),
    }
}

/// One of the operator's invoices, as a page or (".pdf") its Factur-X PDF.
pub(super) async fn invoice(
    State(st): State<AppState>,
    _op: OperatorAuth,
    c: Ctx,
    Path(number): Path<String>,
) -> AppResult<Response> {
    let (number, pdf) = crate::invoices::wanted(&number);
    let Some(d) = app::rent::invoice(&st.store, None, number).await? else {
        return Err(AppError::NotFound);
    };
    crate::invoices::answer(&st, c, d, pdf, "/operator/billing".into()).await
}

/// The operator's invoices of the last twelve months as CSV, for the accountant.
pub(super) async fn journal_csv(
    State(st): State<AppState>,
    _op: OperatorAuth,
    c: Ctx,
) -> AppResult<Response> {
    let invoices = app::rent::journal(&st.store, store::now(), 366).await?;
    let sep = if c.lang == domain::locale::Lang::Fr {
        ';'
    } else {
        ','
    };
    let amount = |minor: i64| {
        let s = format!("{}.{:02}", minor / 100, (minor % 100).abs());
        if sep == ';' {
            s.replace('.', ",")
        } else {
            s
        }
    };
    let cell = |v: &str| {
        // Written as text, never as a formula, by whatever spreadsheet opens it.
        let v = catalog_csv::protect_cell(v);
        format!("\"{}\"", v.replace('"', "\"\""))
    };
    let mut out = String::from("\u{feff}");
    out.push_str(
        &[
            "invoices-csv-number",
            "invoices-csv-date",
            "invoices-csv-customer",
            "op-rent-vat-number",
            "invoices-csv-excl",
            "invoices-csv-vat",
            "invoices-csv-total",
        ]
        .map(|k| cell(&c.t(k)))
        .join(&sep.to_string()),
    );
    out.push_str("\r\n");
    for (i, d) in invoices {
        let row = [
            cell(&i.number),
            cell(&d.issued_on),
            cell(&d.buyer.company),
            cell(d.buyer.vat_number.as_deref().unwrap_or("")),
            amount(i.total_minor - i.vat_minor),
            amount(i.vat_minor),
            amount(i.total_minor),
        ];
        out.push_str(&row.join(&sep.to_string()));
        out.push_str("\r\n");
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"rent-invoices.csv\"",
            ),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        out,
    )
        .into_response())
}
