//! Shop admin: the seller's legal identity (French rules: EI mention, checked SIRET, VAT number
//! or VAT franchise, publication director, consumer mediator), from which the storefront's
//! legal notice is generated.

use crate::extract::{Form, Query};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use domain::account::{Email, PersonName};
use domain::legal::{LegalStatus, Phone, Siret, VatNumber};
use domain::tax::PriceEntry;
use serde::Deserialize;

use super::{can_settings, Nav, Saved};
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::forms::Errors;
use crate::platform::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route(&shop_path("/admin/legal"), get(page).post(save))
}

#[derive(Deserialize, Default, Clone)]
pub struct LegalForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    legal_name: String,
    #[serde(default)]
    siret: String,
    #[serde(default)]
    vat_franchise: Option<String>,
    #[serde(default)]
    vat_number: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    postal_code: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    publication_director: String,
    #[serde(default)]
    mediator_name: String,
    #[serde(default)]
    mediator_url: String,
    /// Destination VAT on EU distance sales from the first euro.
    #[serde(default)]
    oss_opted: Option<String>,
    /// How the seller types prices: "tax_included" (TTC, the default) or "tax_excluded" (HT).
    #[serde(default)]
    price_entry: String,
}

/// The form as displayed (checkbox as a bool).
pub struct Shown {
    status: String,
    legal_name: String,
    siret: String,
    vat_franchise: bool,
    vat_number: String,
    address: String,
    postal_code: String,
    city: String,
    country: String,
    email: String,
    phone: String,
    publication_director: String,
    mediator_name: String,
    mediator_url: String,
    oss_opted: bool,
    price_entry: String,
}

impl From<&LegalForm> for Shown {
    fn from(f: &LegalForm) -> Shown {
        Shown {
            status: f.status.clone(),
            legal_name: f.legal_name.clone(),
            siret: f.siret.clone(),
            vat_franchise: f.vat_franchise.is_some(),
            vat_number: f.vat_number.clone(),
            address: f.address.clone(),
            postal_code: f.postal_code.clone(),
            city: f.city.clone(),
            country: f.country.clone(),
            email: f.email.clone(),
            phone: f.phone.clone(),
            publication_director: f.publication_director.clone(),
            mediator_name: f.mediator_name.clone(),
            mediator_url: f.mediator_url.clone(),
            oss_opted: f.oss_opted.is_some(),
            price_entry: f.price_entry.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/legal.html")]
struct Page {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    f: Shown,
    errors: Errors,
    franchise_mention: &'static str,
}

async fn page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    let mut conn = st.store.reader().await?;
    let l = store::legal::get(&mut conn, a.shop_id()).await?;
    let f = Shown {
        status: l.status,
        legal_name: l.legal_name,
        siret: l
            .siret
            .map(|s| Siret::parse(&s).map(|s| s.formatted()).unwrap_or(s))
            .unwrap_or_default(),
        vat_franchise: l.vat_franchise != 0,
        vat_number: l.vat_number.unwrap_or_default(),
        address: l.address,
        postal_code: l.postal_code,
        city: l.city,
        country: l.country,
        email: l.email,
        phone: l.phone,
        publication_director: l.publication_director,
        mediator_name: l.mediator_name,
        mediator_url: l.mediator_url,
        oss_opted: store::legal::oss_opted(&mut conn, a.shop_id()).await?,
        price_entry: store::legal::price_entry(&mut conn, a.shop_id()).await?,
    };
    let flash = q.flash(&c);
    render(Page {
        nav: Nav::new(&a, "legal").with_flash(flash),
        shop_name: a.tenant.shop.name.clone(),
        f,
        errors: Errors::default(),
        franchise_mention: domain::legal::VAT_FRANCHISE_MENTION,
        c,
    })
}

fn optional<T>(
    errors: &mut Errors,
    c: &Ctx,
    field: &str,
    raw: &str,
    parse: impl Fn(&str) -> Result<T, domain::ValidationError>,
) -> Option<T> {
    if raw.trim().is_empty() {
        None
    } else {
        errors.check(c, field, parse(raw))
    }
}

async fn save(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(form): Form<LegalForm>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let mut e = Errors::default();
    let status = e.check(&c, "status", LegalStatus::parse(&form.status));
    let legal_name = form.legal_name.trim();
    if legal_name.is_empty() {
        e.add("legal_name", c.t("legal-form-name-required"));
    } else if legal_name.chars().count() > 200 {
        e.add("legal_name", c.t("legal-form-too-long"));
    }
    let siret = optional(&mut e, &c, "siret", &form.siret, Siret::parse);
    let franchise = form.vat_franchise.is_some();
    let vat = optional(&mut e, &c, "vat_number", &form.vat_number, VatNumber::parse);
    // A business says how it charges VAT; a private seller charges none, an association may.
    let states_vat = status.is_none_or(|s| s.must_state_vat());
    if states_vat && !franchise && vat.is_none() && !e.has("vat_number") {
        e.add("vat_number", c.t("legal-form-vat-required"));
    }
    // A form from before the choice existed keeps the default (prices tax included).
    let entry = if form.price_entry.trim().is_empty() {
        Some(PriceEntry::TaxIncluded)
    } else {
        e.check(&c, "price_entry", PriceEntry::parse(&form.price_entry))
    };
    let email = optional(&mut e, &c, "email", &form.email, Email::parse);
    let phone = optional(&mut e, &c, "phone", &form.phone, Phone::parse);
    let director = optional(
        &mut e,
        &c,
        "publication_director",
        &form.publication_director,
        PersonName::parse,
    );
    let mediator_url = form.mediator_url.trim();
    if !(mediator_url.is_empty()
        || mediator_url.starts_with("https://")
        || mediator_url.starts_with("http://"))
    {
        e.add("mediator_url", c.t("legal-form-url-invalid"));
    }
    for (field, value, max) in [
        ("address", &form.address, 300),
        ("postal_code", &form.postal_code, 20),
        ("city", &form.city, 100),
        ("country", &form.country, 60),
        ("mediator_name", &form.mediator_name, 200),
        ("mediator_url", &form.mediator_url, 300),
    ] {
        if value.chars().count() > max || value.chars().any(char::is_control) {
            e.add(field, c.t("legal-form-too-long"));
        }
    }
    if !e.is_empty() {
        let page = Page {
            nav: Nav::new(&a, "legal"),
            shop_name: a.tenant.shop.name.clone(),
            f: Shown::from(&form),
            errors: e,
            franchise_mention: domain::legal::VAT_FRANCHISE_MENTION,
            c,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
    }
    let identity = store::legal::LegalIdentity {
        status: status
            .map(|s| s.as_str().to_string())
            .unwrap_or_else(|| "ei".into()),
        legal_name: legal_name.to_string(),
        siret: siret.map(|s| s.as_str().to_string()),
        vat_number: if franchise || status == Some(LegalStatus::PrivateSeller) {
            None
        } else {
            vat.map(|v| v.as_str().to_string())
        },
        vat_franchise: (franchise && status != Some(LegalStatus::PrivateSeller)) as i64,
        address: form.address.trim().to_string(),
        postal_code: form.postal_code.trim().to_string(),
        city: form.city.trim().to_string(),
        country: form.country.trim().to_string(),
        email: email.map(|e| e.as_str().to_string()).unwrap_or_default(),
        phone: phone.map(|p| p.as_str().to_string()).unwrap_or_default(),
        publication_director: director.map(|d| d.as_str().to_string()).unwrap_or_default(),
        mediator_name: form.mediator_name.trim().to_string(),
        mediator_url: mediator_url.to_string(),
    };
    let mut tx = st.store.begin().await?;
    store::legal::save(&mut tx, a.shop_id(), &identity).await?;
    store::legal::set_oss_opted(&mut tx, a.shop_id(), form.oss_opted.is_some()).await?;
    let entry = entry.unwrap_or(PriceEntry::TaxIncluded);
    store::legal::set_price_entry(&mut tx, a.shop_id(), entry.as_str()).await?;
    store::commit(tx).await?;
    st.mall_changed();
    Ok(Redirect::to(&a.tenant.url("/admin/legal?saved=1")).into_response())
}
