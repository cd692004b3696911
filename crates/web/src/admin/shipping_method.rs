//! Shop admin: one shipping method of a zone — carrier, name, price (flat, by weight or by order
//! value, the bands as rows of the form, with empty rows to fill and a button for more that
//! needs no JavaScript), free-shipping threshold, transit days, and whether perishables may
//! travel this way. A refused form comes back as typed, with the message beside its field.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::catalog::Price;
use domain::delivery::Transit;
use domain::money::Currency;
use domain::shipping::{
    CarrierKind, MethodSpec, Pricing, ValueBracket, WeightBracket, MAX_BRACKETS,
};
use domain::ValidationError;

use super::shipping::{
    after_delete, amount_input, app_error, currency, load, refused_status, RevForm,
};
use super::{can_settings, Nav};
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path};
use crate::forms::Errors;
use crate::platform::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            &shop_path("/admin/shipping/zones/{zone}/methods/new"),
            get(new_method).post(create_method),
        )
        .route(
            &shop_path("/admin/shipping/zones/{zone}/methods/{method}"),
            get(edit_method).post(update_method),
        )
        .route(
            &shop_path("/admin/shipping/zones/{zone}/methods/{method}/delete"),
            post(delete_method),
        )
}

/// Empty rows offered under the filled ones, and added by "more rows".
const SPARE_ROWS: usize = 3;
const MORE_ROWS: usize = 5;

/// A band as typed: the weight (grams) or order value where it starts or ends, and its price.
#[derive(Clone, Default)]
struct Row {
    limit: String,
    price: String,
}

impl Row {
    fn is_empty(&self) -> bool {
        self.limit.trim().is_empty() && self.price.trim().is_empty()
    }
}

struct CarrierChoice {
    value: &'static str,
    label: String,
    selected: bool,
}

/// The form as typed (or as saved, for editing).
#[derive(Clone, Default)]
struct Fields {
    carrier: String,
    name: String,
    /// "flat", "weight" or "value".
    pricing: String,
    flat: String,
    weight_rows: Vec<Row>,
    value_rows: Vec<Row>,
    free_from: String,
    max_weight: String,
    transit_min: String,
    transit_max: String,
    saturday: bool,
    perishable_ok: bool,
    /// The revision of the table the form was made from.
    rev: String,
}

#[derive(Template)]
#[template(path = "admin/shipping_method.html")]
struct MethodPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    zone: usize,
    zone_name: String,
    /// None for a new method.
    index: Option<usize>,
    f: Fields,
    carriers: Vec<CarrierChoice>,
    errors: Errors,
}

impl MethodPage {
    fn action(&self) -> String {
        match self.index {
            Some(i) => format!(
                "{}/admin/shipping/zones/{}/methods/{i}",
                self.c.base(),
                self.zone
            ),
            None => format!(
                "{}/admin/shipping/zones/{}/methods/new",
                self.c.base(),
                self.zone
            ),
        }
    }
}

/// Pads the filled rows with empty ones, up to the most a method may have.
fn with_spare(mut rows: Vec<Row>, spare: usize) -> Vec<Row> {
    rows.retain(|r| !r.is_empty());
    let n = (rows.len() + spare).min(MAX_BRACKETS).max(rows.len());
    rows.resize(n, Row::default());
    rows
}

fn fields_of(c: &Ctx, spec: &MethodSpec, cur: Currency) -> Fields {
    let amount = |m: i64| amount_input(c, m, cur);
    let (pricing, flat, weight_rows, value_rows) = match &spec.pricing {
        Pricing::Flat(p) => ("flat", amount(*p), Vec::new(), Vec::new()),
        Pricing::ByWeight(b) => (
            "weight",
            String::new(),
            b.iter()
                .map(|x| Row {
                    limit: x.up_to_g.to_string(),
                    price: amount(x.price_minor),
                })
                .collect(),
            Vec::new(),
        ),
        Pricing::ByValue(b) => (
            "value",
            String::new(),
            Vec::new(),
            b.iter()
                .map(|x| Row {
                    limit: amount(x.from_minor),
                    price: amount(x.price_minor),
                })
                .collect(),
        ),
    };
    Fields {
        carrier: spec.carrier.as_str().to_owned(),
        name: spec.name.clone(),
        pricing: pricing.to_owned(),
        flat,
        weight_rows,
        value_rows,
        free_from: spec.free_from_minor.map(amount).unwrap_or_default(),
        max_weight: spec.max_weight_g.map(|g| g.to_string()).unwrap_or_default(),
        transit_min: spec.transit.min_days().to_string(),
        transit_max: spec.transit.max_days().to_string(),
        saturday: spec.transit.saturday_delivery(),
        perishable_ok: spec.perishable_ok,
        rev: String::new(),
    }
}

/// Reads the posted form: named fields, and the rows `w{i}_limit`/`w{i}_price` and
/// `v{i}_limit`/`v{i}_price` (repeated names are not needed, so any form encoder works).
fn fields_from(form: &[(String, String)]) -> (Fields, bool) {
    let get = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let rows = |p: &str| -> Vec<Row> {
        (0..MAX_BRACKETS + MORE_ROWS)
            .map(|i| Row {
                limit: get(&format!("{p}{i}_limit")),
                price: get(&format!("{p}{i}_price")),
            })
            .collect()
    };
    let fields = Fields {
        carrier: get("carrier"),
        name: get("name"),
        pricing: get("pricing"),
        flat: get("flat"),
        weight_rows: rows("w"),
        value_rows: rows("v"),
        free_from: get("free_from"),
        max_weight: get("max_weight"),
        transit_min: get("transit_min"),
        transit_max: get("transit_max"),
        saturday: form.iter().any(|(n, _)| n == "saturday"),
        perishable_ok: form.iter().any(|(n, _)| n == "perishable_ok"),
        rev: get("rev"),
    };
    (fields, form.iter().any(|(n, _)| n == "more"))
}

fn grams(s: &str) -> Result<u32, ValidationError> {
    s.trim()
        .replace([' ', '\u{a0}', '\u{202f}'], "")
        .parse::<u32>()
        .map_err(|_| ValidationError::new("shipping-grams-invalid"))
}

fn days(s: &str) -> Result<u32, ValidationError> {
    s.trim()
        .parse::<u32>()
        .map_err(|_| ValidationError::new("shipping-days-invalid"))
}

/// The method the form describes, or each field's problem. The domain's rules (bands in order,
/// prices that do not fall with weight…) are checked when the table is saved.
fn spec_of(f: &Fields, cur: Currency, errors: &mut Errors, c: &Ctx) -> Option<MethodSpec> {
    let carrier = errors.check(c, "carrier", CarrierKind::parse(&f.carrier));
    let price = |s: &str| Price::parse(s, cur);
    let filled =
        |rows: &[Row]| -> Vec<Row> { rows.iter().filter(|r| !r.is_empty()).cloned().collect() };
    let incomplete = || ValidationError::new("shipping-row-incomplete");
    let pricing = match f.pricing.as_str() {
        "flat" => errors.check(c, "flat", price(&f.flat)).map(Pricing::Flat),
        "weight" => {
            let rows: Result<Vec<WeightBracket>, ValidationError> = filled(&f.weight_rows)
                .iter()
                .map(|r| {
                    if r.limit.trim().is_empty() || r.price.trim().is_empty() {
                        return Err(incomplete());
                    }
                    Ok(WeightBracket {
                        up_to_g: grams(&r.limit)?,
                        price_minor: price(&r.price)?,
                    })
                })
                .collect();
            errors.check(c, "rows", rows).map(Pricing::ByWeight)
        }
        "value" => {
            let rows: Result<Vec<ValueBracket>, ValidationError> = filled(&f.value_rows)
                .iter()
                .map(|r| {
                    if r.limit.trim().is_empty() || r.price.trim().is_empty() {
                        return Err(incomplete());
                    }
                    Ok(ValueBracket {
                        from_minor: price(&r.limit)?,
                        price_minor: price(&r.price)?,
                    })
                })
                .collect();
            errors.check(c, "rows", rows).map(Pricing::ByValue)
        }
        _ => {
            errors.add("pricing", c.t("shipping-form-pricing-required"));
            None
        }
    };
    let optional = |s: &str| !s.trim().is_empty();
    let free_from = if optional(&f.free_from) {
        errors.check(c, "free_from", price(&f.free_from)).map(Some)
    } else {
        Some(None)
    };
    let max_weight = if optional(&f.max_weight) {
        errors
            .check(c, "max_weight", grams(&f.max_weight))
            .map(Some)
    } else {
        Some(None)
    };
    let min = errors.check(c, "transit", days(&f.transit_min));
    let max = match min {
        Some(_) => errors.check(c, "transit", days(&f.transit_max)),
        None => None,
    };
    let transit = match (min, max) {
        (Some(min), Some(max)) => match Transit::new(min, max, f.saturday) {
            Ok(t) => Some(t),
            Err(e) => {
                errors.add("transit", c.err(&e));
                None
            }
        },
        _ => None,
    };
    Some(MethodSpec {
        key: String::new(),
        name: f.name.clone(),
        carrier: carrier?,
        pricing: pricing?,
        free_from_minor: free_from?,
        transit: transit?,
        perishable_ok: f.perishable_ok,
        max_weight_g: max_weight?,
    })
}

/// The form field a refusal of the domain is about.
fn method_field(code: &str) -> &'static str {
    match code {
        "shipping-method-name-invalid" | "shipping-method-key-invalid" => "name",
        "shipping-method-key-taken" => "name",
        "delivery-transit-invalid" => "transit",
        "carrier-kind-unknown" => "carrier",
        "shipping-stale" => "rev",
        _ => "rows",
    }
}

fn carriers(c: &Ctx, selected: &str) -> Vec<CarrierChoice> {
    CarrierKind::all()
        .iter()
        .map(|k| CarrierChoice {
            value: k.as_str(),
            label: c.t(&format!("shipping-carrier-{k}")),
            selected: k.as_str() == selected,
        })
        .collect()
}

/// The form for method `index` (None: a new one) of zone `zone`.
async fn page(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    (zone, index): (usize, Option<usize>),
    mut f: Fields,
    errors: Errors,
    spare: usize,
) -> AppResult<MethodPage> {
    let table = load(st, a).await?;
    let z = table.zones().get(zone).ok_or(AppError::NotFound)?;
    if f.rev.is_empty() {
        f.rev = app::shipping::revision(&table);
    }
    f.weight_rows = with_spare(std::mem::take(&mut f.weight_rows), spare);
    f.value_rows = with_spare(std::mem::take(&mut f.value_rows), spare);
    Ok(MethodPage {
        nav: Nav::new(a, "shipping"),
        shop_name: a.tenant.shop.name.clone(),
        zone,
        zone_name: z.name.clone(),
        index,
        carriers: carriers(&c, &f.carrier),
        f,
        errors,
        c,
    })
}

async fn new_method(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, zone)): Path<(String, usize)>,
) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    let f = Fields {
        carrier: CarrierKind::Colissimo.as_str().to_owned(),
        pricing: "weight".into(),
        transit_min: "2".into(),
        transit_max: "3".into(),
        ..Fields::default()
    };
    render(page(&st, &a, c, (zone, None), f, Errors::default(), SPARE_ROWS).await?)
}

async fn edit_method(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, zone, method)): Path<(String, usize, usize)>,
) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    let table = load(&st, &a).await?;
    let m = table
        .zones()
        .get(zone)
        .and_then(|z| z.methods.get(method))
        .ok_or(AppError::NotFound)?;
    let f = fields_of(&c, m.spec(), currency(&a));
    render(
        page(
            &st,
            &a,
            c,
            (zone, Some(method)),
            f,
            Errors::default(),
            SPARE_ROWS,
        )
        .await?,
    )
}

async fn create_method(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, zone)): Path<(String, usize)>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    save(st, a, c, zone, None, form).await
}

async fn update_method(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, zone, method)): Path<(String, usize, usize)>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    save(st, a, c, zone, Some(method), form).await
}

async fn save(
    st: AppState,
    a: StaffAuth,
    c: Ctx,
    zone: usize,
    index: Option<usize>,
    form: Vec<(String, String)>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let (f, more) = fields_from(&form);
    let mut errors = Errors::default();
    if more {
        // "More rows": the same form with room for more bands; nothing is saved yet.
        let p = page(&st, &a, c, (zone, index), f, errors, SPARE_ROWS + MORE_ROWS).await?;
        return Ok(render(p)?.into_response());
    }
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if let Some(spec) = spec_of(&f, currency(&a), &mut errors, &c) {
        let rev = Some(f.rev.as_str());
        match app::shipping::save_method(&st.store, a.shop_id(), rev, (zone, index), spec).await {
            Ok(()) => {
                return Ok(Redirect::to(&a.tenant.url("/admin/shipping?saved=1")).into_response())
            }
            Err(app::Error::Refused(e)) if e.code != "shipping-gone" => {
                status = refused_status(&e);
                errors.add(method_field(e.code), c.err(&e));
            }
            Err(e) => return Err(app_error(e)),
        }
    }
    let p = page(&st, &a, c, (zone, index), f, errors, SPARE_ROWS).await?;
    Ok((status, render(p)?).into_response())
}

async fn delete_method(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, zone, method)): Path<(String, usize, usize)>,
    Form(f): Form<RevForm>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let rev = Some(f.rev.as_str());
    let done = app::shipping::delete_method(&st.store, a.shop_id(), rev, (zone, method)).await;
    after_delete(&st, &a, c, done).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_padded_and_capped() {
        let filled = Row {
            limit: "500".into(),
            price: "5".into(),
        };
        let rows = with_spare(vec![filled.clone(), Row::default(), filled.clone()], 3);
        assert_eq!(rows.len(), 5);
        assert!(rows[2].is_empty() && !rows[1].is_empty());
        let many = with_spare(vec![filled; MAX_BRACKETS], 3);
        assert_eq!(many.len(), MAX_BRACKETS);
    }

    #[test]
    fn the_posted_form_is_read_back() {
        let form: Vec<(String, String)> = [
            ("carrier", "colissimo"),
            ("name", "Colissimo"),
            ("pricing", "weight"),
            ("w0_limit", "500"),
            ("w0_price", "5,50"),
            ("w4_limit", "1000"),
            ("w4_price", "7"),
            ("perishable_ok", "1"),
            ("more", "1"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let (f, more) = fields_from(&form);
        assert!(more && f.perishable_ok && !f.saturday);
        let filled: Vec<(&str, &str)> = f
            .weight_rows
            .iter()
            .filter(|r| !r.is_empty())
            .map(|r| (r.limit.as_str(), r.price.as_str()))
            .collect();
        assert_eq!(filled, [("500", "5,50"), ("1000", "7")]);
    }
}
