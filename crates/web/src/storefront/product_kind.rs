//! The part of the product page that depends on the product's kind (rental, service, perishable,
//! live animal, unique, digital) and its product-safety block.

use domain::catalog::details::Details;
use domain::catalog::ProductKind;

use super::{money, ta};
use crate::ctx::Ctx;
use crate::tenant::Tenant;

#[derive(Default)]
pub(super) struct SafetyView {
    pub(super) manufacturer: Vec<String>,
    pub(super) email: Option<String>,
    pub(super) warnings: Vec<String>,
}

/// The block that depends on the product's kind, as lines of text ready to show.
#[derive(Default)]
pub(super) struct KindView {
    pub(super) rental: Vec<String>,
    pub(super) service: Vec<String>,
    pub(super) perishable: Vec<String>,
    pub(super) perishable_notice: Option<String>,
    pub(super) animal: Vec<(String, String)>,
    pub(super) animal_notices: Vec<String>,
    pub(super) condition: Option<String>,
    pub(super) digital: Option<String>,
    pub(super) safety: Option<SafetyView>,
    /// A service's coming days with their slots.
    pub(super) slots: Option<Vec<crate::booking::SlotDayView>>,
    /// A rental's month of availability.
    pub(super) calendar: Option<crate::booking::CalendarView>,
}

/// A text term, trimmed, if there is one.
fn text(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

pub(super) fn kind_view(
    t: &Tenant,
    c: &Ctx,
    p: &store::catalog::Product,
    siren: Option<String>,
    shown: &dyn Fn(i64) -> i64,
) -> KindView {
    let kind = ProductKind::parse(&p.kind).unwrap_or(ProductKind::Physical);
    let d = Details::from_json(&p.details);
    let mut k = KindView::default();
    match kind {
        ProductKind::Rental => {
            if let Some(v) = d.per_day_minor {
                k.rental.push(ta(
                    c,
                    "shop-rental-per-day",
                    &[("price", money(t, c, shown(v)))],
                ));
            }
            if let Some(v) = d.per_week_minor {
                k.rental.push(ta(
                    c,
                    "shop-rental-per-week",
                    &[("price", money(t, c, shown(v)))],
                ));
            }
            if let Some(v) = d.deposit_minor {
                k.rental
                    .push(ta(c, "shop-rental-deposit", &[("price", money(t, c, v))]));
            }
            if let (Some(min), Some(max)) = (d.min_days, d.max_days) {
                k.rental.push(ta(
                    c,
                    "shop-rental-duration",
                    &[("min", min.to_string()), ("max", max.to_string())],
                ));
            }
        }
        ProductKind::Service => {
            if let Some(v) = d.duration_minutes {
                k.service.push(ta(
                    c,
                    "shop-service-duration",
                    &[("minutes", v.to_string())],
                ));
            }
            if let Some(v) = d.capacity_per_slot {
                k.service
                    .push(ta(c, "shop-service-capacity", &[("count", v.to_string())]));
            }
        }
        ProductKind::Perishable => {
            if let Some(v) = d.lead_days {
                k.perishable
                    .push(ta(c, "shop-perishable-lead", &[("days", v.to_string())]));
            }
            let weekdays = d.dispatch_days();
            if !weekdays.is_empty() {
                let names: Vec<String> = weekdays
                    .iter()
                    .map(|w| c.t(&format!("shop-weekday-{}", w.number_from_monday())))
                    .collect();
                k.perishable
                    .push(ta(c, "shop-perishable-days", &[("days", names.join(", "))]));
            }
            if let Some(v) = d.shelf_life_days {
                k.perishable
                    .push(ta(c, "shop-perishable-shelf", &[("days", v.to_string())]));
            }
            // When an order placed now would leave, on the shop's clock.
            let terms = domain::catalog::perishable::PerishableTerms::new(
                d.lead_days.unwrap_or(0).min(365),
                &weekdays,
                d.shelf_life_days.unwrap_or(1).clamp(1, 3650),
            );
            let tz = domain::locale::TimeZone::parse(&t.shop.timezone)
                .map(|z| z.tz())
                .unwrap_or(chrono_tz::Europe::Paris);
            if let Ok(terms) = terms {
                let day = domain::catalog::perishable::next_dispatch(&terms, store::now(), tz);
                let date = format!(
                    "{} {}",
                    c.t(&format!(
                        "shop-weekday-{}",
                        chrono::Datelike::weekday(&day).number_from_monday()
                    )),
                    day.format("%d/%m/%Y")
                );
                k.perishable
                    .push(ta(c, "shop-perishable-next", &[("date", date)]));
            }
            k.perishable_notice = Some(c.t(&format!(
                "err-{}",
                domain::catalog::perishable::WITHDRAWAL_EXCLUDED_MSG
            )));
        }
        ProductKind::LiveAnimal => {
            if let Some(v) = text(&d.species) {
                k.animal.push((c.t("shop-animal-species"), v));
            }
            if let Some(v) = text(&d.breed) {
                k.animal.push((c.t("shop-animal-breed"), v));
            }
            let months = text(&d.birth_date)
                .and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
                .map(|b| {
                    domain::catalog::animal::AnimalAge::BirthDate(b)
                        .months_on(chrono::Utc::now().date_naive()) as i64
                })
                .or_else(|| d.age_months.map(i64::from));
            if let Some(m) = months {
                let age = if m >= 24 {
                    ta(
                        c,
                        "shop-animal-age-years",
                        &[("years", (m / 12).to_string())],
                    )
                } else {
                    ta(c, "shop-animal-age-months", &[("months", m.to_string())])
                };
                k.animal.push((c.t("shop-animal-age"), age));
            }
            if let Some(number) = text(&d.identification_number) {
                let kind = text(&d.identification_kind)
                    .and_then(|s| domain::catalog::animal::IdentificationKind::parse(&s).ok());
                let text = match kind {
                    Some(kind) => ta(
                        c,
                        &format!("shop-animal-id-{}", kind.as_str()),
                        &[("number", number)],
                    ),
                    None => number,
                };
                k.animal.push((c.t("shop-animal-identification"), text));
            }
            k.animal.push((
                c.t("shop-animal-siren"),
                siren.unwrap_or_else(|| c.t("shop-animal-siren-missing")),
            ));
            k.animal_notices = vec![
                c.t(&format!("err-{}", domain::catalog::animal::AWARENESS_MSG)),
                c.t("shop-animal-no-parcel"),
            ];
        }
        ProductKind::Unique => {
            if let Some(cond) = p
                .condition
                .as_deref()
                .and_then(|s| domain::catalog::Condition::parse(s).ok())
            {
                let name = c.t(&format!("shop-condition-{}", cond.as_str()));
                k.condition = Some(ta(c, "shop-condition", &[("condition", name)]));
            }
        }
        ProductKind::Digital => k.digital = Some(c.t("shop-digital")),
        ProductKind::Physical => {}
    }
    k.safety = safety_view(&p.safety);
    k
}

/// The product-safety (GPSR) block: manufacturer and warnings, read through the stored shape
/// the editor writes (`SafetyDetails`).
fn safety_view(json: &str) -> Option<SafetyView> {
    let s = domain::catalog::details::SafetyDetails::from_json(json);
    let lines = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    };
    let mut v = SafetyView::default();
    v.manufacturer.extend(lines(&s.manufacturer_name));
    v.manufacturer.extend(lines(&s.manufacturer_address));
    v.email = Some(s.manufacturer_email.trim().to_string()).filter(|e| !e.is_empty());
    v.warnings = lines(&s.warnings);
    (!v.manufacturer.is_empty() || v.email.is_some() || !v.warnings.is_empty()).then_some(v)
}
