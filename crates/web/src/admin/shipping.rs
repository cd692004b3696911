//! Shop admin: the shipping table. An overview of the zones (countries, or parts of them by
//! postcode) and their methods, with the rules the domain enforces explained; a form per zone;
//! the method form lives in `shipping_method`. Every change is `app::shipping`'s, which checks
//! the whole table again before saving it.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::country::Country;
use domain::money::Currency;
use domain::shipping::{Area, Method, Pricing, ShippingTable, Zone};
use domain::ValidationError;
use serde::Deserialize;

use super::{can_settings, shipping_method, Nav, Saved};
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use crate::forms::Errors;
use crate::platform::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/shipping"), get(overview))
        .route(
            &shop_path("/admin/shipping/zones/new"),
            get(new_zone).post(create_zone),
        )
        .route(
            &shop_path("/admin/shipping/zones/{zone}"),
            get(edit_zone).post(update_zone),
        )
        .route(
            &shop_path("/admin/shipping/zones/{zone}/delete"),
            post(delete_zone),
        )
        .merge(shipping_method::routes())
}

/// The shop's table, read for the admin.
pub(super) async fn load(st: &AppState, a: &StaffAuth) -> AppResult<ShippingTable> {
    let mut conn = st.store.reader().await?;
    app::shipping::table(&mut conn, a.shop_id())
        .await
        .map_err(app_error)
}

/// A use case's failure that is not the user's input.
pub(crate) fn app_error(e: app::Error) -> AppError {
    match e {
        app::Error::Store(e) => e.into(),
        app::Error::Refused(v) if v.code == "shipping-gone" => AppError::NotFound,
        app::Error::Refused(v) => AppError::Internal(anyhow::anyhow!(v.code)),
    }
}

pub(super) fn currency(a: &StaffAuth) -> Currency {
    Currency::parse(&a.tenant.shop.currency).unwrap_or(Currency::EUR)
}

/// An amount as a seller types it back in a form: "5,50" in French, "5.50" in English.
pub(super) fn amount_input(c: &Ctx, minor: i64, cur: Currency) -> String {
    let units = u32::from(cur.minor_units());
    let scale = 10i64.pow(units);
    let whole = minor / scale;
    let frac = (minor % scale).abs();
    if units == 0 {
        return whole.to_string();
    }
    let sep = match c.lang {
        domain::locale::Lang::Fr => ',',
        domain::locale::Lang::En => '.',
    };
    format!("{whole}{sep}{frac:0width$}", width = units as usize)
}

fn money(a: &StaffAuth, c: &Ctx, minor: i64) -> String {
    crate::storefront::money(&a.tenant, c, minor)
}

struct MethodView {
    index: usize,
    name: String,
    carrier: String,
    pricing: String,
    free_from: Option<String>,
    transit: String,
    perishable_ok: bool,
}

struct ZoneView {
    index: usize,
    name: String,
    areas: String,
    methods: Vec<MethodView>,
}

#[derive(Template)]
#[template(path = "admin/shipping.html")]
struct Overview {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    zones: Vec<ZoneView>,
    /// The table's revision, sent back with each change (see `app::shipping::revision`).
    rev: String,
    error: Option<String>,
}

/// "FR, MC, FR 20…" or "every other country".
fn areas_summary(c: &Ctx, z: &Zone) -> String {
    let mut parts: Vec<String> = z
        .areas
        .iter()
        .map(|a| {
            if a.postcode_prefixes.is_empty() {
                a.country.to_string()
            } else {
                format!("{} ({})", a.country, a.postcode_prefixes.join(", "))
            }
        })
        .collect();
    if z.rest_of_world {
        parts.push(c.t("shipping-rest-of-world"));
    }
    parts.join(", ")
}

/// Duration in days, "2–3 days" or "same day".
fn transit_text(c: &Ctx, min: u32, max: u32) -> String {
    if max == 0 {
        return c.t("shipping-transit-same-day");
    }
    let days = if min == max {
        min.to_string()
    } else {
        format!("{min}–{max}")
    };
    c.i18n.ta(
        c.lang,
        "shipping-transit-days",
        &[("days", days), ("max", max.to_string())],
    )
}

fn pricing_text(a: &StaffAuth, c: &Ctx, m: &Method) -> String {
    match &m.spec().pricing {
        Pricing::Flat(p) => money(a, c, *p),
        Pricing::ByWeight(b) => b
            .iter()
            .map(|x| {
                c.i18n.ta(
                    c.lang,
                    "shipping-band-weight",
                    &[
                        ("grams", x.up_to_g.to_string()),
                        ("price", money(a, c, x.price_minor)),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join(" · "),
        Pricing::ByValue(b) => b
            .iter()
            .map(|x| {
                c.i18n.ta(
                    c.lang,
                    "shipping-band-value",
                    &[
                        ("from", money(a, c, x.from_minor)),
                        ("price", money(a, c, x.price_minor)),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

async fn overview(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    let flash = q.flash(&c);
    render(overview_page(&st, &a, c, flash, None).await?)
}

async fn overview_page(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    flash: Option<String>,
    error: Option<String>,
) -> AppResult<Overview> {
    let table = load(st, a).await?;
    let zones = table
        .zones()
        .iter()
        .enumerate()
        .map(|(i, z)| ZoneView {
            index: i,
            name: z.name.clone(),
            areas: areas_summary(&c, z),
            methods: z
                .methods
                .iter()
                .enumerate()
                .map(|(j, m)| {
                    let s = m.spec();
                    MethodView {
                        index: j,
                        name: s.name.clone(),
                        carrier: c.t(&format!("shipping-carrier-{}", s.carrier)),
                        pricing: pricing_text(a, &c, m),
                        free_from: s.free_from_minor.map(|f| money(a, &c, f)),
                        transit: transit_text(&c, s.transit.min_days(), s.transit.max_days()),
                        perishable_ok: s.perishable_ok,
                    }
                })
                .collect(),
        })
        .collect();
    Ok(Overview {
        nav: Nav::new(a, "shipping").with_flash(flash),
        shop_name: a.tenant.shop.name.clone(),
        zones,
        rev: app::shipping::revision(&table),
        error,
        c,
    })
}

/// The status of a refused change: someone else's change in between is a conflict, the rest is
/// the form's content.
pub(super) fn refused_status(e: &ValidationError) -> StatusCode {
    if e.code == "shipping-stale" {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// The revision a change form or button sends back.
#[derive(Deserialize, Default)]
pub(super) struct RevForm {
    #[serde(default)]
    pub rev: String,
}

#[derive(Template)]
#[template(path = "admin/shipping_zone.html")]
struct ZonePage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    /// None for a new zone.
    index: Option<usize>,
    name: String,
    areas: String,
    rest_of_world: bool,
    rev: String,
    errors: Errors,
}

#[derive(Deserialize, Default)]
struct ZoneForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    areas: String,
    rest_of_world: Option<String>,
    #[serde(default)]
    rev: String,
}

/// The areas as the form shows them: whole countries ten to a line, then one line per country
/// with postcode prefixes ("FR: 20, 2A").
fn areas_text(areas: &[Area]) -> String {
    let whole: Vec<&str> = areas
        .iter()
        .filter(|a| a.postcode_prefixes.is_empty())
        .map(|a| a.country.as_str())
        .collect();
    let mut lines: Vec<String> = whole.chunks(10).map(|c| c.join(", ")).collect();
    lines.extend(
        areas
            .iter()
            .filter(|a| !a.postcode_prefixes.is_empty())
            .map(|a| format!("{}: {}", a.country, a.postcode_prefixes.join(", "))),
    );
    lines.join("\n")
}

/// Reads the areas typed one per line: country codes ("FR", "DE, AT BE"), or a country and the
/// postcode prefixes of the part of it served ("FR: 20, 2A").
fn parse_areas(text: &str) -> Result<Vec<Area>, ValidationError> {
    let mut out = Vec::new();
    let split = |s: &str| -> Vec<String> {
        s.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let country = |s: &str| {
        Country::parse(s)
            .map_err(|_| ValidationError::new("shipping-area-country-unknown").with("value", s))
    };
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some((c, prefixes)) = line.split_once(':') {
            let country = country(c.trim())?;
            let prefixes = split(prefixes);
            for p in &prefixes {
                if p.len() > 10 || !p.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err(
                        ValidationError::new("shipping-area-prefix-invalid").with("value", p)
                    );
                }
            }
            out.push(Area {
                country,
                postcode_prefixes: prefixes.iter().map(|p| p.to_ascii_uppercase()).collect(),
            });
        } else {
            for code in split(line) {
                out.push(Area::country(country(&code)?));
            }
        }
    }
    Ok(out)
}

fn zone_page(a: &StaffAuth, c: Ctx, index: Option<usize>, f: ZoneForm, errors: Errors) -> ZonePage {
    ZonePage {
        nav: Nav::new(a, "shipping"),
        shop_name: a.tenant.shop.name.clone(),
        index,
        name: f.name,
        areas: f.areas,
        rest_of_world: f.rest_of_world.is_some(),
        rev: f.rev,
        errors,
        c,
    }
}

async fn new_zone(State(st): State<AppState>, a: StaffAuth, c: Ctx) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    let form = ZoneForm {
        rev: app::shipping::revision(&load(&st, &a).await?),
        ..ZoneForm::default()
    };
    render(zone_page(&a, c, None, form, Errors::default()))
}

async fn edit_zone(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, zone)): Path<(String, usize)>,
) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    let table = load(&st, &a).await?;
    let z = table.zones().get(zone).ok_or(AppError::NotFound)?;
    let form = ZoneForm {
        name: z.name.clone(),
        areas: areas_text(&z.areas),
        rest_of_world: z.rest_of_world.then(String::new),
        rev: app::shipping::revision(&table),
    };
    render(zone_page(&a, c, Some(zone), form, Errors::default()))
}

async fn create_zone(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(f): Form<ZoneForm>,
) -> AppResult<Response> {
    save_zone(st, a, c, None, f).await
}

async fn update_zone(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, zone)): Path<(String, usize)>,
    Form(f): Form<ZoneForm>,
) -> AppResult<Response> {
    save_zone(st, a, c, Some(zone), f).await
}

/// The form field a refusal of the zone form is about.
fn zone_field(code: &str) -> &'static str {
    match code {
        "shipping-zone-name-empty" | "shipping-zone-name-too-long" => "name",
        "shipping-zone-rest-twice" => "rest_of_world",
        "shipping-stale" => "rev",
        _ => "areas",
    }
}

async fn save_zone(
    st: AppState,
    a: StaffAuth,
    c: Ctx,
    index: Option<usize>,
    f: ZoneForm,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let mut errors = Errors::default();
    let refused = match parse_areas(&f.areas) {
        Err(e) => Some(e),
        Ok(areas) => {
            let input = app::shipping::ZoneInput {
                name: f.name.clone(),
                areas,
                rest_of_world: f.rest_of_world.is_some(),
            };
            let rev = Some(f.rev.as_str());
            match app::shipping::save_zone(&st.store, a.shop_id(), rev, index, input).await {
                Ok(_) => None,
                Err(app::Error::Refused(e)) if e.code != "shipping-gone" => Some(e),
                Err(e) => return Err(app_error(e)),
            }
        }
    };
    if let Some(e) = refused {
        errors.add(zone_field(e.code), c.err(&e));
        let page = zone_page(&a, c, index, f, errors);
        return Ok((refused_status(&e), render(page)?).into_response());
    }
    Ok(Redirect::to(&a.tenant.url("/admin/shipping?saved=1")).into_response())
}

async fn delete_zone(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, zone)): Path<(String, usize)>,
    Form(f): Form<RevForm>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let done = app::shipping::delete_zone(&st.store, a.shop_id(), Some(&f.rev), zone).await;
    after_delete(&st, &a, c, done).await
}

/// Back to the overview after a delete button, or the overview again with why not.
pub(super) async fn after_delete(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    done: app::Result<()>,
) -> AppResult<Response> {
    match done {
        Ok(()) => Ok(Redirect::to(&a.tenant.url("/admin/shipping?saved=1")).into_response()),
        Err(app::Error::Refused(e)) if e.code == "shipping-stale" => {
            let message = c.err(&e);
            let page = overview_page(st, a, c, None, Some(message)).await?;
            Ok((StatusCode::CONFLICT, render(page)?).into_response())
        }
        Err(e) => Err(app_error(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_read_and_written_back() {
        let areas = parse_areas("fr, mc\n\nDE AT;BE\nFR: 20, 2a").unwrap();
        let codes: Vec<String> = areas
            .iter()
            .map(|a| format!("{}{:?}", a.country, a.postcode_prefixes))
            .collect();
        assert_eq!(
            codes,
            ["FR[]", "MC[]", "DE[]", "AT[]", "BE[]", "FR[\"20\", \"2A\"]"]
        );
        assert_eq!(areas_text(&areas), "FR, MC, DE, AT, BE\nFR: 20, 2A");
        assert_eq!(parse_areas(&areas_text(&areas)).unwrap(), areas);
        let e = parse_areas("FR\nXX").unwrap_err();
        assert_eq!(
            (e.code, e.arg("value")),
            ("shipping-area-country-unknown", Some("XX"))
        );
        let e = parse_areas("FR: 20-").unwrap_err();
        assert_eq!(e.code, "shipping-area-prefix-invalid");
    }

    /// Every refusal of the shipping rules reads in French and English, with its arguments.
    #[test]
    fn every_shipping_refusal_has_its_text() {
        let i18n = crate::i18n::I18n::load();
        let web: &[(&str, &[&str])] = &[
            ("shipping-area-country-unknown", &["value"]),
            ("shipping-area-prefix-invalid", &["value"]),
            ("delivery-transit-invalid", &["max"]),
            ("shipping-row-incomplete", &[]),
            ("shipping-grams-invalid", &[]),
            ("shipping-days-invalid", &[]),
            ("shipping-stale", &[]),
        ];
        for (code, args) in domain::shipping::CODES
            .iter()
            .chain(app::shipping::CODES)
            .chain(web)
        {
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
