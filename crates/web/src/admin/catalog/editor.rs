//! The product editor: texts per language, status and classification, the variant grid (up to
//! three option axes), the kind-specific terms kept in `products.details` and product safety
//! (GPSR) kept in `products.safety`. Everything is checked by `domain::catalog` before anything is
//! written; on error the page comes back with 422, the messages beside the fields and the typed
//! values kept.
//!
//! `details` keys (read by the storefront): rental `per_day_minor`, `per_week_minor` (or null),
//! `deposit_minor`, `min_days`, `max_days`; service `duration_minutes`, `capacity_per_slot`;
//! perishable `lead_days`, `dispatch_weekdays` (["mon", …]), `shelf_life_days`; live animal
//! `species`, `breed`, `age_months` or `birth_date` (YYYY-MM-DD), `identification_kind`,
//! `identification_number` (the SIREN comes from the shop's legal identity, not stored here).
//! A unique item's condition is the `condition` column. `safety` keys: `manufacturer_name`,
//! `manufacturer_address`, `manufacturer_email`, `warnings`.

use crate::extract::{Form, Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Weekday};
use domain::catalog::animal::{AnimalAge, AnimalMentions, Identification, IdentificationKind};
use domain::catalog::details::{Details, SafetyDetails, WEEKDAYS};
use domain::catalog::gpsr::SafetyInfo;
use domain::catalog::markdown;
use domain::catalog::perishable::PerishableTerms;
use domain::catalog::price::check_compare_at;
use domain::catalog::rental::RentalTerms;
use domain::catalog::service::ServiceTerms;
use domain::catalog::stock::StockPolicy;
use domain::catalog::variants::{check_variants, OptionAxes};
use domain::catalog::{
    Condition, Price, ProductKind, ProductSlug, ProductStatus, ProductTitle, Sku, VatClass,
};
use domain::locale::Lang;
use domain::ValidationError;
use serde::Deserialize;

use super::{cat_options, category_options, currency, plain_amount, CatOption, Fields};
use crate::admin::{Nav, Saved};
use crate::auth::StaffAuth;
use crate::catalog_images::ImageView;
use crate::ctx::{shop_langs, Ctx};
use crate::error::{AppError, AppResult};
use crate::forms::Errors;
use crate::platform::render;
use crate::state::AppState;

const DESCRIPTION_MAX: usize = 20_000;
const WEIGHT_MAX: i64 = 1_000_000;
const TAG_MAX: usize = 50;
const SEO_TITLE_MAX: usize = 200;
const SEO_DESCRIPTION_MAX: usize = 500;

/// One row of the variant grid as typed.
#[derive(Default, Clone)]
struct RawRow {
    id: String,
    opts: [String; 3],
    sku: String,
    price: String,
    compare: String,
    qty: String,
    weight: String,
    /// The variant's image id, or empty for the product's first image.
    image: String,
}

impl RawRow {
    fn is_blank(&self) -> bool {
        self.opts.iter().all(|o| o.trim().is_empty())
            && [
                &self.sku,
                &self.price,
                &self.compare,
                &self.qty,
                &self.weight,
            ]
            .iter()
            .all(|v| v.trim().is_empty())
    }
}

/// The editor's values as typed (or as loaded), redisplayed as they are.
#[derive(Default, Clone)]
struct Ed {
    /// `(lang, title, slug, description)` for every offered language.
    texts: Vec<(Lang, String, String, String)>,
    /// `(SEO title, meta description)`, in the order of `texts`.
    seo: Vec<(String, String)>,
    /// Axis names, `[axis][lang index]`.
    axes: [Vec<String>; 3],
    rows: Vec<RawRow>,
    status: String,
    vat_class: String,
    category: String,
    tags: String,
    track_stock: bool,
    allow_backorder: bool,
    condition: String,
    rent_day: String,
    rent_week: String,
    deposit: String,
    min_days: String,
    max_days: String,
    duration: String,
    capacity: String,
    lead_days: String,
    weekdays: Vec<String>,
    shelf_life: String,
    species: String,
    breed: String,
    age_months: String,
    birth_date: String,
    id_kind: String,
    id_number: String,
    gpsr_name: String,
    gpsr_address: String,
    gpsr_email: String,
    gpsr_warnings: String,
    /// The product's images (loaded, never typed in this form).
    images: Vec<store::catalog_images::Image>,
}

impl Ed {
    fn blank(langs: &[Lang]) -> Ed {
        Ed {
            texts: langs
                .iter()
                .map(|l| (*l, String::new(), String::new(), String::new()))
                .collect(),
            seo: vec![(String::new(), String::new()); langs.len()],
            axes: std::array::from_fn(|_| vec![String::new(); langs.len()]),
            rows: vec![RawRow::default()],
            status: "draft".into(),
            vat_class: "standard".into(),
            track_stock: true,
            ..Ed::default()
        }
    }

    fn from_fields(f: &Fields, langs: &[Lang]) -> Ed {
        let s = |k: &str| f.get(k).to_string();
        let count: usize = f.get("rows").parse().unwrap_or(1).clamp(1, 100);
        let rows = (0..count)
            .map(|i| RawRow {
                id: s(&format!("v{i}_id")),
                opts: std::array::from_fn(|n| s(&format!("v{i}_o{}", n + 1))),
                sku: s(&format!("v{i}_sku")),
                price: s(&format!("v{i}_price")),
                compare: s(&format!("v{i}_compare")),
                qty: s(&format!("v{i}_qty")),
                weight: s(&format!("v{i}_weight")),
                image: s(&format!("v{i}_image")),
            })
            .collect();
        Ed {
            texts: langs
                .iter()
                .map(|l| {
                    let c = l.as_str();
                    (
                        *l,
                        s(&format!("title_{c}")),
                        s(&format!("slug_{c}")),
                        s(&format!("description_{c}")),
                    )
                })
                .collect(),
            seo: langs
                .iter()
                .map(|l| {
                    let c = l.as_str();
                    (
                        s(&format!("seo_title_{c}")),
                        s(&format!("seo_description_{c}")),
                    )
                })
                .collect(),
            axes: std::array::from_fn(|n| {
                langs
                    .iter()
                    .map(|l| s(&format!("axis{}_{}", n + 1, l.as_str())))
                    .collect()
            }),
            rows,
            status: s("status"),
            vat_class: s("vat_class"),
            category: s("category"),
            tags: s("tags"),
            track_stock: f.has("track_stock"),
            allow_backorder: f.has("allow_backorder"),
            condition: s("condition"),
            rent_day: s("rent_day"),
            rent_week: s("rent_week"),
            deposit: s("deposit"),
            min_days: s("min_days"),
            max_days: s("max_days"),
            duration: s("duration"),
            capacity: s("capacity"),
            lead_days: s("lead_days"),
            weekdays: f.all("dispatch").iter().map(|d| d.to_string()).collect(),
            shelf_life: s("shelf_life"),
            species: s("species"),
            breed: s("breed"),
            age_months: s("age_months"),
            birth_date: s("birth_date"),
            id_kind: s("id_kind"),
            id_number: s("id_number"),
            gpsr_name: s("gpsr_name"),
            gpsr_address: s("gpsr_address"),
            gpsr_email: s("gpsr_email"),
            gpsr_warnings: s("gpsr_warnings"),
            images: Vec::new(),
        }
    }
}

/// What a valid form becomes.
struct Valid {
    fields: store::catalog::ProductFields,
    texts: Vec<store::catalog::ProductText>,
    options: Vec<(i64, String, String)>,
    /// `(existing variant id, fields, grid row index)`.
    variants: Vec<(Option<i64>, store::catalog::VariantFields, usize)>,
    tags: Vec<String>,
}

fn num<T: std::str::FromStr>(e: &mut Errors, c: &Ctx, field: &str, raw: &str) -> Option<T> {
    match raw.trim().parse::<T>() {
        Ok(v) => Some(v),
        Err(_) => {
            e.add(field, c.t("cat-number-invalid"));
            None
        }
    }
}

fn opt_num<T: std::str::FromStr>(
    e: &mut Errors,
    c: &Ctx,
    field: &str,
    raw: &str,
) -> Option<Option<T>> {
    if raw.trim().is_empty() {
        Some(None)
    } else {
        num(e, c, field, raw).map(Some)
    }
}

/// Which editor field a domain error of the kind terms belongs beside.
fn term_field(code: &str) -> &'static str {
    match code {
        "rental-day-price-invalid" => "rent_day",
        "rental-week-price-invalid" => "rent_week",
        "rental-deposit-negative" => "deposit",
        "rental-min-days-invalid" => "min_days",
        "rental-max-below-min" | "rental-max-too-long" => "max_days",
        "service-duration-invalid" => "duration",
        "service-capacity-invalid" => "capacity",
        "perishable-lead-too-long" => "lead_days",
        "perishable-no-dispatch-day" => "dispatch",
        "perishable-shelf-life-invalid" => "shelf_life",
        "animal-species-empty" => "species",
        "animal-breed-empty" | "animal-text-invalid" => "breed",
        "animal-birth-date-future" => "birth_date",
        "animal-age-invalid" => "age_months",
        "gpsr-name-missing" => "gpsr_name",
        "gpsr-address-missing" => "gpsr_address",
        "gpsr-text-invalid" => "gpsr_warnings",
        c if c.starts_with("gpsr-email") || c.starts_with("email") => "gpsr_email",
        _ => "id_number",
    }
}

fn term_err(e: &mut Errors, c: &Ctx, err: ValidationError) {
    e.add(term_field(err.code), c.err(&err));
}

/// Checks the whole form without touching the database.
#[allow(clippy::too_many_arguments)]
fn validate(
    c: &Ctx,
    kind: ProductKind,
    ed: &Ed,
    default_lang: &str,
    cur: domain::money::Currency,
    siret: Option<&str>,
    today: NaiveDate,
    categories: &[CatOption],
) -> Result<Valid, Errors> {
    let mut e = Errors::default();
    let status = e.check(c, "status", ProductStatus::parse(&ed.status));
    let vat = e.check(c, "vat_class", VatClass::parse(&ed.vat_class));
    let category_id = match ed.category.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(id) if categories.iter().any(|o| o.id == id) => Some(id),
            _ => {
                e.add("category", c.t("cat-category-unknown"));
                None
            }
        },
    };

    // Texts per language.
    let mut texts = vec![];
    for (i, (lang, title, slug, description)) in ed.texts.iter().enumerate() {
        let code = lang.as_str();
        let (seo_title, seo_description) = ed.seo.get(i).cloned().unwrap_or_default();
        for (field, value, max) in [
            ("seo_title", &seo_title, SEO_TITLE_MAX),
            ("seo_description", &seo_description, SEO_DESCRIPTION_MAX),
        ] {
            if value.chars().count() > max || value.chars().any(char::is_control) {
                e.add(
                    &format!("{field}_{code}"),
                    c.t1("cat-seo-too-long", "max", &max.to_string()),
                );
            }
        }
        let tf = format!("title_{code}");
        if title.trim().is_empty() {
            if !slug.trim().is_empty() || !description.trim().is_empty() {
                e.check(c, &tf, ProductTitle::parse(title));
            }
            continue;
        }
        let Some(t) = e.check(c, &tf, ProductTitle::parse(title)) else {
            continue;
        };
        let sf = format!("slug_{code}");
        let s = if slug.trim().is_empty() {
            ProductSlug::from_title(t.as_str())
                .ok_or_else(|| ValidationError::new("product-slug-empty"))
        } else {
            ProductSlug::parse(slug)
        };
        let s = e.check(c, &sf, s);
        if description.chars().count() > DESCRIPTION_MAX {
            e.add(
                &format!("description_{code}"),
                c.t1(
                    "cat-description-too-long",
                    "max",
                    &DESCRIPTION_MAX.to_string(),
                ),
            );
        }
        if let Some(s) = s {
            texts.push(store::catalog::ProductText {
                lang: code.to_string(),
                title: t.as_str().to_string(),
                slug: s.as_str().to_string(),
                description_md: description.trim().to_string(),
                seo_title: seo_title.trim().to_string(),
                seo_description: seo_description.trim().to_string(),
            });
        }
    }
    let default_title = format!("title_{default_lang}");
    let has_default = ed
        .texts
        .iter()
        .any(|(l, t, _, _)| l.as_str() == default_lang && !t.trim().is_empty());
    if ed.texts.iter().all(|(_, t, _, _)| t.trim().is_empty()) {
        e.check(c, &default_title, ProductTitle::parse(""));
    } else if status == Some(ProductStatus::Active) && !has_default {
        e.add(&default_title, c.t("cat-publish-needs-title"));
    }

    // Option axes: an axis is in use when it has a name in some language.
    let active: Vec<usize> = (0..3)
        .filter(|n| ed.axes[*n].iter().any(|v| !v.trim().is_empty()))
        .collect();
    let mut axes = OptionAxes::default();
    let mut options = vec![];
    let mut axes_ok = true;
    let mut primary_set = false;
    for (li, (lang, ..)) in ed.texts.iter().enumerate() {
        let names: Vec<&str> = active.iter().map(|n| ed.axes[*n][li].as_str()).collect();
        if names.iter().all(|n| n.trim().is_empty()) {
            continue;
        }
        match OptionAxes::parse(&names) {
            Ok(parsed) => {
                for (pos, name) in parsed.names().iter().enumerate() {
                    options.push((pos as i64 + 1, lang.as_str().to_string(), name.clone()));
                }
                if !primary_set {
                    axes = parsed;
                    primary_set = true;
                }
            }
            Err(err) => {
                e.add("axes", c.err(&err));
                axes_ok = false;
            }
        }
    }
    let single = matches!(kind, ProductKind::Unique);
    if single && !active.is_empty() {
        e.add("axes", c.t("cat-unique-no-options"));
        axes_ok = false;
    }

    // The variant grid.
    let rows: Vec<(usize, &RawRow)> = ed
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.is_blank())
        .collect();
    if active.is_empty() && rows.len() > 1 {
        e.add("variants", c.t("cat-one-variant-without-options"));
    }
    let mut variants = vec![];
    let mut skus: Vec<String> = vec![];
    for (pos, (i, r)) in rows.iter().enumerate() {
        let price = e.check(c, &format!("v{i}_price"), Price::parse(&r.price, cur));
        let compare = if r.compare.trim().is_empty() {
            Some(None)
        } else {
            e.check(c, &format!("v{i}_compare"), Price::parse(&r.compare, cur))
                .map(Some)
        };
        if let (Some(p), Some(cmp)) = (price, compare) {
            e.check(c, &format!("v{i}_compare"), check_compare_at(p, cmp));
        }
        let sku = if r.sku.trim().is_empty() {
            Some(None)
        } else {
            match e.check(c, &format!("v{i}_sku"), Sku::parse(&r.sku)) {
                Some(s) => {
                    let k = s.as_str().to_lowercase();
                    if skus.contains(&k) {
                        e.add(&format!("v{i}_sku"), c.t("cat-sku-duplicate"));
                    }
                    skus.push(k);
                    Some(Some(s.as_str().to_string()))
                }
                None => None,
            }
        };
        let qty = if single {
            Some(1)
        } else if r.qty.trim().is_empty() {
            Some(0)
        } else {
            e.check(c, &format!("v{i}_qty"), StockPolicy::parse_quantity(&r.qty))
        };
        let weight = match opt_num::<i64>(&mut e, c, &format!("v{i}_weight"), &r.weight) {
            Some(Some(w)) if !(0..=WEIGHT_MAX).contains(&w) => {
                e.add(&format!("v{i}_weight"), c.t("cat-number-invalid"));
                None
            }
            other => other,
        };
        let mut opts: [Option<String>; 3] = [None, None, None];
        for (k, n) in active.iter().enumerate() {
            opts[k] = Some(r.opts[*n].trim().to_string());
        }
        if let (Some(price), Some(compare), Some(sku), Some(qty), Some(weight)) =
            (price, compare, sku, qty, weight)
        {
            variants.push((
                r.id.parse::<i64>().ok(),
                store::catalog::VariantFields {
                    position: pos as i64,
                    sku,
                    options: opts,
                    price_minor: price,
                    compare_at_minor: compare,
                    quantity: qty,
                    weight_grams: weight,
                    image_id: None,
                },
                *i,
            ));
        }
    }
    if axes_ok {
        let combos: Vec<Vec<String>> = rows
            .iter()
            .map(|(_, r)| active.iter().map(|n| r.opts[*n].clone()).collect())
            .collect();
        if let Err(err) = check_variants(&axes, &combos) {
            e.add("variants", c.err(&err));
        }
    }

    // Stock.
    let (track, backorder) = if single {
        (true, false)
    } else {
        (ed.track_stock, ed.allow_backorder)
    };
    if let Some((_, v, i)) = variants.first() {
        let policy = StockPolicy {
            track,
            quantity: v.quantity,
            allow_backorder: backorder,
        };
        e.check(c, &format!("v{i}_qty"), policy.check(kind));
    }

    // Kind-specific terms.
    let mut condition = None;
    let details = match kind {
        ProductKind::Unique => {
            condition = e.check(c, "condition", Condition::parse(&ed.condition));
            Details::default()
        }
        ProductKind::Rental => rental_details(&mut e, c, ed, cur),
        ProductKind::Service => {
            let d = num::<u32>(&mut e, c, "duration", &ed.duration);
            let cap = num::<u32>(&mut e, c, "capacity", &ed.capacity);
            match (d, cap) {
                (Some(d), Some(cap)) => match ServiceTerms::new(d, cap) {
                    Ok(t) => Details {
                        duration_minutes: Some(t.duration_minutes()),
                        capacity_per_slot: Some(t.capacity_per_slot()),
                        ..Default::default()
                    },
                    Err(err) => {
                        term_err(&mut e, c, err);
                        Details::default()
                    }
                },
                _ => Details::default(),
            }
        }
        ProductKind::Perishable => {
            let lead = num::<u32>(&mut e, c, "lead_days", &ed.lead_days);
            let shelf = num::<u32>(&mut e, c, "shelf_life", &ed.shelf_life);
            let days: Vec<Weekday> = WEEKDAYS
                .iter()
                .filter(|(k, _)| ed.weekdays.iter().any(|w| w == k))
                .map(|(_, d)| *d)
                .collect();
            match (lead, shelf) {
                (Some(lead), Some(shelf)) => match PerishableTerms::new(lead, &days, shelf) {
                    Ok(t) => Details {
                        lead_days: Some(t.lead_days()),
                        dispatch_weekdays: WEEKDAYS
                            .iter()
                            .filter(|(_, d)| t.dispatch_weekdays().contains(d))
                            .map(|(k, _)| k.to_string())
                            .collect(),
                        shelf_life_days: Some(t.shelf_life_days()),
                        ..Default::default()
                    },
                    Err(err) => {
                        term_err(&mut e, c, err);
                        Details::default()
                    }
                },
                _ => Details::default(),
            }
        }
        ProductKind::LiveAnimal => {
            if status.is_some_and(|s| s.is_visible()) && siret.is_none() {
                e.add("status", c.t("cat-animal-needs-siret"));
            }
            animal_details(&mut e, c, ed, siret, today)
        }
        ProductKind::Physical | ProductKind::Digital => Details::default(),
    };
    let safety = match SafetyInfo::parse(
        &ed.gpsr_name,
        &ed.gpsr_address,
        &ed.gpsr_email,
        &ed.gpsr_warnings,
    ) {
        Ok(Some(s)) => {
            let mut v = SafetyDetails::default();
            if let Some(m) = s.manufacturer() {
                v.manufacturer_name = m.name().to_string();
                v.manufacturer_address = m.address().to_string();
                v.manufacturer_email = m.email().as_str().to_string();
            }
            if let Some(w) = s.warnings() {
                v.warnings = w.to_string();
            }
            v
        }
        Ok(None) => SafetyDetails::default(),
        Err(err) => {
            term_err(&mut e, c, err);
            SafetyDetails::default()
        }
    };

    let mut tags: Vec<String> = vec![];
    for t in ed.tags.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if t.chars().count() > TAG_MAX || t.chars().any(char::is_control) {
            e.add("tags", c.t1("cat-tag-invalid", "max", &TAG_MAX.to_string()));
        }
        tags.push(t.to_string());
    }

    if !e.is_empty() {
        return Err(e);
    }
    Ok(Valid {
        fields: store::catalog::ProductFields {
            kind: kind.as_str().to_string(),
            status: status.map(|s| s.as_str()).unwrap_or("draft").to_string(),
            category_id,
            vat_class: vat.map(|v| v.as_str()).unwrap_or("standard").to_string(),
            condition: condition.map(|c| c.as_str().to_string()),
            vendor: None,
            track_stock: track,
            allow_backorder: backorder,
            featured: false,
            details: details.to_json(),
            safety: safety.to_json(),
        },
        texts,
        options,
        variants,
        tags,
    })
}

fn rental_details(e: &mut Errors, c: &Ctx, ed: &Ed, cur: domain::money::Currency) -> Details {
    let day = e.check(c, "rent_day", Price::parse(&ed.rent_day, cur));
    let week = if ed.rent_week.trim().is_empty() {
        Some(None)
    } else {
        e.check(c, "rent_week", Price::parse(&ed.rent_week, cur))
            .map(Some)
    };
    let deposit = if ed.deposit.trim().is_empty() {
        Some(0)
    } else {
        e.check(c, "deposit", Price::parse(&ed.deposit, cur))
    };
    let min = num::<u32>(e, c, "min_days", &ed.min_days);
    let max = num::<u32>(e, c, "max_days", &ed.max_days);
    match (day, week, deposit, min, max) {
        (Some(d), Some(w), Some(dep), Some(min), Some(max)) => {
            match RentalTerms::new(d, w, dep, min, max) {
                Ok(t) => Details {
                    per_day_minor: Some(t.per_day_minor()),
                    per_week_minor: t.per_week_minor(),
                    deposit_minor: Some(t.deposit_minor()),
                    min_days: Some(t.min_days()),
                    max_days: Some(t.max_days()),
                    ..Default::default()
                },
                Err(err) => {
                    term_err(e, c, err);
                    Details::default()
                }
            }
        }
        _ => Details::default(),
    }
}

fn animal_details(
    e: &mut Errors,
    c: &Ctx,
    ed: &Ed,
    siret: Option<&str>,
    today: NaiveDate,
) -> Details {
    let age = match (ed.birth_date.trim(), ed.age_months.trim()) {
        ("", "") => {
            e.add("age_months", c.t("cat-animal-age-required"));
            None
        }
        ("", m) => num::<u32>(e, c, "age_months", m).map(AnimalAge::Months),
        (d, _) => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(d) => Some(AnimalAge::BirthDate(d)),
            Err(_) => {
                e.add("birth_date", c.t("cat-date-invalid"));
                None
            }
        },
    };
    let kind = e.check(c, "id_kind", IdentificationKind::parse(&ed.id_kind));
    let ident = kind.and_then(|k| e.check(c, "id_number", Identification::parse(k, &ed.id_number)));
    let siren = siret.and_then(|s| domain::legal::Siret::parse(s).ok().map(|s| s.siren()));
    let (Some(age), Some(ident)) = (age, ident) else {
        return Details::default();
    };
    let mut v = Details {
        species: Some(ed.species.trim().to_string()),
        breed: Some(ed.breed.trim().to_string()),
        identification_kind: Some(ident.kind().as_str().to_string()),
        identification_number: Some(ident.number().to_string()),
        ..Default::default()
    };
    match age {
        AnimalAge::Months(m) => v.age_months = Some(m),
        AnimalAge::BirthDate(d) => v.birth_date = Some(d.format("%Y-%m-%d").to_string()),
    }
    match siren {
        // The full mentions (species, breed, age) are checked with the seller's SIREN.
        Some(siren) => {
            if let Err(err) = AnimalMentions::new(&ed.species, &ed.breed, age, ident, siren, today)
            {
                term_err(e, c, err);
            }
        }
        // Without a SIRET the product stays a draft; its texts are still checked.
        None => {
            if ed.species.trim().is_empty() {
                term_err(e, c, ValidationError::new("animal-species-empty"));
            }
            if ed.breed.trim().is_empty() {
                term_err(e, c, ValidationError::new("animal-breed-empty"));
            }
            if let AnimalAge::BirthDate(d) = age {
                if d > today {
                    term_err(e, c, ValidationError::new("animal-birth-date-future"));
                }
            }
        }
    }
    v
}

// ---- pages -----------------------------------------------------------------------------------

struct TextTab {
    code: &'static str,
    label: &'static str,
    title: String,
    slug: String,
    description: String,
    preview: String,
    err_title: Option<String>,
    err_slug: Option<String>,
    err_description: Option<String>,
    seo_title: String,
    seo_description: String,
    err_seo_title: Option<String>,
    err_seo_description: Option<String>,
}

struct AxisName {
    field: String,
    label: &'static str,
    value: String,
}

struct AxisRow {
    n: usize,
    names: Vec<AxisName>,
}

struct GridRow {
    i: usize,
    id: String,
    opts: Vec<String>,
    sku: String,
    price: String,
    compare: String,
    qty: String,
    weight: String,
    image: String,
    err: Vec<String>,
}

/// One image in the editor's image manager.
struct ImageRow {
    n: usize,
    id: i64,
    thumb: String,
    width: i64,
    height: i64,
    first: bool,
    last: bool,
    /// `(field name, language name, alt text)` for every shop language.
    alts: Vec<(String, &'static str, String)>,
}

struct Choice {
    value: &'static str,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "admin/product.html")]
struct EditorPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    action: String,
    title: String,
    kind: &'static str,
    kind_label: String,
    texts: Vec<TextTab>,
    axes: Vec<AxisRow>,
    rows: Vec<GridRow>,
    row_count: usize,
    unique: bool,
    statuses: Vec<Choice>,
    vat_classes: Vec<Choice>,
    conditions: Vec<Choice>,
    id_kinds: Vec<Choice>,
    weekdays: Vec<Choice>,
    categories: Vec<CatOption>,
    category: String,
    tags: String,
    track_stock: bool,
    allow_backorder: bool,
    f: Ed,
    errors: Errors,
    error: Option<String>,
    currency: String,
    /// The product's id once saved: images can be added from then on.
    product_id: Option<i64>,
    images: Vec<ImageRow>,
}

fn choices<T: Copy>(
    all: &[T],
    key: impl Fn(T) -> &'static str,
    label: impl Fn(&str) -> String,
    current: &str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| {
            let value = key(*v);
            Choice {
                value,
                label: label(value),
                selected: value == current,
            }
        })
        .collect()
}

fn msg_id(prefix: &str, value: &str) -> String {
    format!("{prefix}{}", value.replace('_', "-"))
}

#[allow(clippy::too_many_arguments)]
fn editor_page(
    a: &StaffAuth,
    c: Ctx,
    kind: ProductKind,
    id: Option<i64>,
    ed: Ed,
    errors: Errors,
    error: Option<String>,
    categories: Vec<CatOption>,
    flash: Option<String>,
) -> AppResult<Html<String>> {
    let texts: Vec<TextTab> = ed
        .texts
        .iter()
        .enumerate()
        .map(|(i, (l, t, s, d))| {
            let code = l.as_str();
            let (seo_title, seo_description) = ed.seo.get(i).cloned().unwrap_or_default();
            TextTab {
                seo_title,
                seo_description,
                err_seo_title: errors.get(&format!("seo_title_{code}")).cloned(),
                err_seo_description: errors.get(&format!("seo_description_{code}")).cloned(),
                code,
                label: l.native_name(),
                title: t.clone(),
                slug: s.clone(),
                description: d.clone(),
                preview: if id.is_some() && !d.trim().is_empty() {
                    markdown::render(d)
                } else {
                    String::new()
                },
                err_title: errors.get(&format!("title_{code}")).cloned(),
                err_slug: errors.get(&format!("slug_{code}")).cloned(),
                err_description: errors.get(&format!("description_{code}")).cloned(),
            }
        })
        .collect();
    let axes = (0..3)
        .map(|n| AxisRow {
            n: n + 1,
            names: ed
                .texts
                .iter()
                .enumerate()
                .map(|(li, (l, ..))| AxisName {
                    field: format!("axis{}_{}", n + 1, l.as_str()),
                    label: l.native_name(),
                    value: ed.axes[n].get(li).cloned().unwrap_or_default(),
                })
                .collect(),
        })
        .collect();
    let rows: Vec<GridRow> = ed
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| GridRow {
            i,
            id: r.id.clone(),
            opts: r.opts.to_vec(),
            sku: r.sku.clone(),
            price: r.price.clone(),
            compare: r.compare.clone(),
            qty: r.qty.clone(),
            weight: r.weight.clone(),
            image: r.image.clone(),
            err: ["price", "compare", "sku", "qty", "weight"]
                .iter()
                .filter_map(|k| errors.get(&format!("v{i}_{k}")).cloned())
                .collect(),
        })
        .collect();
    let title = ed
        .texts
        .iter()
        .find(|(l, t, ..)| *l == c.lang && !t.trim().is_empty())
        .or_else(|| ed.texts.iter().find(|(_, t, ..)| !t.trim().is_empty()))
        .map(|(_, t, ..)| t.clone())
        .unwrap_or_else(|| c.t("cat-new-product"));
    let action = match id {
        Some(id) => format!("{}/admin/products/{id}", c.base()),
        None => format!("{}/admin/products/new", c.base()),
    };
    let statuses = choices(
        ProductStatus::all(),
        |s| s.as_str(),
        |v| c.t(&msg_id("cat-status-", v)),
        &ed.status,
    );
    let vat_classes = choices(
        VatClass::all(),
        |s| s.as_str(),
        |v| c.t(&msg_id("cat-vat-", v)),
        &ed.vat_class,
    );
    let conditions = choices(
        Condition::all(),
        |s| s.as_str(),
        |v| c.t(&msg_id("cat-condition-", v)),
        &ed.condition,
    );
    let id_kinds = choices(
        IdentificationKind::all(),
        |s| s.as_str(),
        |v| c.t(&msg_id("cat-id-kind-", v)),
        &ed.id_kind,
    );
    let weekdays = WEEKDAYS
        .iter()
        .map(|(k, _)| Choice {
            value: k,
            label: c.t(&format!("cat-day-{k}")),
            selected: ed.weekdays.iter().any(|w| w == k),
        })
        .collect();
    let count = ed.images.len();
    let images = ed
        .images
        .iter()
        .enumerate()
        .map(|(i, img)| {
            let view = ImageView::new(c.base(), img, c.lang.as_str(), c.lang.as_str());
            ImageRow {
                n: i + 1,
                id: img.id,
                thumb: view.thumb,
                width: img.width,
                height: img.height,
                first: i == 0,
                last: i + 1 == count,
                alts: ed
                    .texts
                    .iter()
                    .map(|(l, ..)| {
                        let alt = img
                            .alts
                            .iter()
                            .find(|(al, _)| al == l.as_str())
                            .map(|(_, a)| a.clone())
                            .unwrap_or_default();
                        (
                            format!("alt_{}_{}", img.id, l.as_str()),
                            l.native_name(),
                            alt,
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    render(EditorPage {
        product_id: id,
        images,
        nav: Nav::new(a, "products").with_flash(flash),
        shop_name: a.tenant.shop.name.clone(),
        action,
        title,
        kind: kind.as_str(),
        kind_label: c.t(&msg_id("cat-kind-", kind.as_str())),
        texts,
        axes,
        row_count: rows.len(),
        rows,
        unique: kind == ProductKind::Unique,
        statuses,
        vat_classes,
        conditions,
        id_kinds,
        weekdays,
        categories,
        category: ed.category.clone(),
        tags: ed.tags.clone(),
        track_stock: ed.track_stock,
        allow_backorder: ed.allow_backorder,
        f: ed,
        errors,
        error,
        currency: currency(a).as_str().to_string(),
        c,
    })
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    kind: String,
}

struct KindChoice {
    value: &'static str,
    label: String,
    hint: String,
}

#[derive(Template)]
#[template(path = "admin/product_new.html")]
struct KindPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    kinds: Vec<KindChoice>,
    /// The plan's limit, when it is reached: creating would be refused.
    limit: Option<String>,
}

pub async fn new_page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<NewQuery>,
) -> AppResult<Html<String>> {
    let Ok(kind) = ProductKind::parse(&q.kind) else {
        let kinds = ProductKind::all()
            .iter()
            .map(|k| KindChoice {
                value: k.as_str(),
                label: c.t(&msg_id("cat-kind-", k.as_str())),
                hint: c.t(&msg_id("cat-kind-hint-", k.as_str())),
            })
            .collect();
        let mut conn = st.store.reader().await?;
        let shop = store::shop::by_id(&mut conn, a.shop_id()).await?;
        let plan = store::plan::by_id(&mut conn, shop.plan_id).await?;
        let count = store::catalog::count_products(&mut conn, a.shop_id()).await?;
        let limit = plan.limits().check_products(count).err().map(|e| c.err(&e));
        return render(KindPage {
            nav: Nav::new(&a, "products"),
            shop_name: a.tenant.shop.name.clone(),
            kinds,
            limit,
            c,
        });
    };
    let mut conn = st.store.reader().await?;
    let nodes = category_options(&mut conn, a.shop_id(), c.lang).await?;
    let langs = shop_langs(&a.tenant.shop);
    let mut ed = Ed::blank(&langs);
    if kind == ProductKind::Perishable {
        ed.vat_class = "reduced".into();
    }
    editor_page(
        &a,
        c,
        kind,
        None,
        ed,
        Errors::default(),
        None,
        cat_options(&nodes),
        None,
    )
}

pub(super) fn parse_id(id: &str) -> AppResult<i64> {
    id.parse().map_err(|_| AppError::NotFound)
}

async fn load(
    conn: &mut store::Conn,
    a: &StaffAuth,
    id: i64,
) -> AppResult<(ProductKind, Ed, Vec<store::catalog::Variant>)> {
    let shop_id = a.shop_id();
    let p = store::catalog::product(conn, shop_id, id).await?;
    let kind = ProductKind::parse(&p.kind).unwrap_or(ProductKind::Physical);
    let langs = shop_langs(&a.tenant.shop);
    let mut ed = Ed::blank(&langs);
    let texts = store::catalog::texts(conn, shop_id, id).await?;
    for (i, (l, title, slug, desc)) in ed.texts.iter_mut().enumerate() {
        if let Some(t) = texts.iter().find(|t| t.lang == l.as_str()) {
            *title = t.title.clone();
            *slug = t.slug.clone();
            *desc = t.description_md.clone();
            ed.seo[i] = (t.seo_title.clone(), t.seo_description.clone());
        }
    }
    for (axis, lang, name) in store::catalog::options(conn, shop_id, id).await? {
        if let (Some(li), Some(slot)) = (
            langs.iter().position(|l| l.as_str() == lang),
            usize::try_from(axis - 1).ok().filter(|a| *a < 3),
        ) {
            ed.axes[slot][li] = name;
        }
    }
    let cur = currency(a);
    let variants = store::catalog::variants(conn, shop_id, id).await?;
    ed.rows = variants
        .iter()
        .map(|v| RawRow {
            id: v.id.to_string(),
            opts: [
                v.option1.clone().unwrap_or_default(),
                v.option2.clone().unwrap_or_default(),
                v.option3.clone().unwrap_or_default(),
            ],
            sku: v.sku.clone().unwrap_or_default(),
            price: plain_amount(v.price_minor, cur),
            compare: v
                .compare_at_minor
                .map(|m| plain_amount(m, cur))
                .unwrap_or_default(),
            qty: v.quantity.to_string(),
            weight: v.weight_grams.map(|w| w.to_string()).unwrap_or_default(),
            image: v.image_id.map(|i| i.to_string()).unwrap_or_default(),
        })
        .collect();
    ed.images = store::catalog_images::for_product(conn, shop_id, id).await?;
    if ed.rows.is_empty() {
        ed.rows.push(RawRow::default());
    }
    ed.status = p.status.clone();
    ed.vat_class = p.vat_class.clone();
    ed.category = p.category_id.map(|c| c.to_string()).unwrap_or_default();
    ed.tags = store::catalog::tags(conn, shop_id, id).await?.join(", ");
    ed.track_stock = p.track_stock != 0;
    ed.allow_backorder = p.allow_backorder != 0;
    ed.condition = p.condition.clone().unwrap_or_default();
    let d = Details::from_json(&p.details);
    let number = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    let money = |v: Option<i64>| v.map(|m| plain_amount(m, cur)).unwrap_or_default();
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    ed.rent_day = money(d.per_day_minor);
    ed.rent_week = money(d.per_week_minor);
    ed.deposit = money(d.deposit_minor);
    ed.min_days = number(d.min_days);
    ed.max_days = number(d.max_days);
    ed.duration = number(d.duration_minutes);
    ed.capacity = number(d.capacity_per_slot);
    ed.lead_days = number(d.lead_days);
    ed.shelf_life = number(d.shelf_life_days);
    ed.weekdays = d
        .dispatch_weekdays
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    ed.species = text(&d.species);
    ed.breed = text(&d.breed);
    ed.age_months = number(d.age_months);
    ed.birth_date = text(&d.birth_date);
    ed.id_kind = text(&d.identification_kind);
    ed.id_number = text(&d.identification_number);
    let s = SafetyDetails::from_json(&p.safety);
    ed.gpsr_name = s.manufacturer_name;
    ed.gpsr_address = s.manufacturer_address;
    ed.gpsr_email = s.manufacturer_email;
    ed.gpsr_warnings = s.warnings;
    Ok((kind, ed, variants))
}

/// The editor of a saved product with a message on top (a refused image upload).
pub(super) async fn page_with_error(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    id: i64,
    message: String,
) -> AppResult<Html<String>> {
    let mut conn = st.store.reader().await?;
    let (kind, ed, _) = load(&mut conn, a, id).await?;
    let nodes = category_options(&mut conn, a.shop_id(), c.lang).await?;
    editor_page(
        a,
        c,
        kind,
        Some(id),
        ed,
        Errors::default(),
        Some(message),
        cat_options(&nodes),
        None,
    )
}

pub async fn edit_page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, String)>,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    let id = parse_id(&id)?;
    let mut conn = st.store.reader().await?;
    let (kind, ed, _) = load(&mut conn, &a, id).await?;
    let nodes = category_options(&mut conn, a.shop_id(), c.lang).await?;
    let flash = q.flash(&c);
    editor_page(
        &a,
        c,
        kind,
        Some(id),
        ed,
        Errors::default(),
        None,
        cat_options(&nodes),
        flash,
    )
}

pub async fn create(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let f = Fields(fields);
    let kind = ProductKind::parse(f.get("kind")).map_err(|_| AppError::NotFound)?;
    save(st, a, c, f, kind, None).await
}

pub async fn update(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let mut conn = st.store.reader().await?;
    let p = store::catalog::product(&mut conn, a.shop_id(), id).await?;
    drop(conn);
    let kind = ProductKind::parse(&p.kind).unwrap_or(ProductKind::Physical);
    save(st, a, c, Fields(fields), kind, Some(id)).await
}

fn shop_today(shop: &store::shop::Shop) -> NaiveDate {
    let tz: chrono_tz::Tz = shop.timezone.parse().unwrap_or(chrono_tz::Europe::Paris);
    chrono::Utc::now().with_timezone(&tz).date_naive()
}

async fn save(
    st: AppState,
    a: StaffAuth,
    c: Ctx,
    f: Fields,
    kind: ProductKind,
    id: Option<i64>,
) -> AppResult<Response> {
    let shop_id = a.shop_id();
    let langs = shop_langs(&a.tenant.shop);
    let mut ed = Ed::from_fields(&f, &langs);
    let mut tx = st.store.begin().await?;
    let nodes = category_options(&mut tx, shop_id, c.lang).await?;
    let categories = cat_options(&nodes);
    if let Some(pid) = id {
        ed.images = store::catalog_images::for_product(&mut tx, shop_id, pid).await?;
    }
    if f.get("add_row") == "1" {
        drop(tx);
        if ed.rows.len() < domain::catalog::variants::MAX_VARIANTS {
            ed.rows.push(RawRow::default());
        }
        let page = editor_page(
            &a,
            c,
            kind,
            id,
            ed,
            Errors::default(),
            None,
            categories,
            None,
        )?;
        return Ok(page.into_response());
    }
    let siret = store::legal::get(&mut tx, shop_id).await?.siret;
    let default_lang = a.tenant.shop.default_lang.clone();
    let valid = validate(
        &c,
        kind,
        &ed,
        &default_lang,
        currency(&a),
        siret.as_deref(),
        shop_today(&a.tenant.shop),
        &categories,
    );
    let v = match valid {
        Ok(v) => v,
        Err(e) => {
            drop(tx);
            let page = editor_page(&a, c, kind, id, ed, e, None, categories, None)?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    // Checks that need the shop's other products: slugs and SKUs are unique in the shop.
    let mut e = Errors::default();
    for t in &v.texts {
        if let Some(other) =
            store::catalog::product_by_slug(&mut tx, shop_id, &t.lang, &t.slug).await?
        {
            if Some(other) != id {
                e.add(&format!("slug_{}", t.lang), c.t("cat-slug-taken"));
            }
        }
    }
    for (_, vf, i) in &v.variants {
        if let Some(sku) = &vf.sku {
            if let Some(other) = store::catalog::sku_owner(&mut tx, shop_id, sku).await? {
                if Some(other) != id {
                    e.add(&format!("v{i}_sku"), c.t("cat-sku-duplicate"));
                }
            }
        }
    }
    let mut error = None;
    if matches!(v.fields.status.as_str(), "active" | "coming_soon") {
        error = missing_alts(&c, &langs, &ed.images);
    }
    if id.is_none() {
        match app::plan::check_products(&mut tx, shop_id, 1).await {
            Ok(()) => {}
            Err(app::Error::Refused(err)) => error = Some(c.err(&err)),
            Err(app::Error::Store(err)) => return Err(err.into()),
        }
    }
    if !e.is_empty() || error.is_some() {
        drop(tx);
        let page = editor_page(&a, c, kind, id, ed, e, error, categories, None)?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }

    let pid = match id {
        Some(id) => {
            store::catalog::update_product(&mut tx, shop_id, id, &v.fields).await?;
            id
        }
        None => store::catalog::create_product(&mut tx, shop_id, &v.fields).await?,
    };
    for l in &langs {
        match v.texts.iter().find(|t| t.lang == l.as_str()) {
            Some(t) => store::catalog::set_text(&mut tx, shop_id, pid, t).await?,
            None => store::catalog::delete_text(&mut tx, shop_id, pid, l.as_str()).await?,
        }
    }
    store::catalog::set_options(&mut tx, shop_id, pid, &v.options).await?;
    let existing = store::catalog::variants(&mut tx, shop_id, pid).await?;
    let kept: Vec<i64> = v
        .variants
        .iter()
        .filter_map(|(vid, ..)| *vid)
        .filter(|vid| existing.iter().any(|x| x.id == *vid))
        .collect();
    for old in &existing {
        if !kept.contains(&old.id) {
            store::catalog::delete_variant(&mut tx, shop_id, pid, old.id).await?;
        }
    }
    // SKUs may move between rows of this product: free them first so the unique index holds.
    for old in existing
        .iter()
        .filter(|x| kept.contains(&x.id) && x.sku.is_some())
    {
        let cleared = store::catalog::VariantFields {
            position: old.position,
            sku: None,
            options: [
                old.option1.clone(),
                old.option2.clone(),
                old.option3.clone(),
            ],
            price_minor: old.price_minor,
            compare_at_minor: old.compare_at_minor,
            quantity: old.quantity,
            weight_grams: old.weight_grams,
            image_id: old.image_id,
        };
        store::catalog::update_variant(&mut tx, shop_id, pid, old.id, &cleared).await?;
    }
    for (vid, vf, i) in &v.variants {
        let mut vf = vf.clone();
        match vid.and_then(|vid| existing.iter().find(|x| x.id == vid)) {
            Some(old) => {
                // The grid offers the product's images; anything else keeps what was saved.
                vf.image_id = match ed.rows.get(*i).map(|r| r.image.trim()) {
                    Some("") => None,
                    Some(raw) => raw
                        .parse::<i64>()
                        .ok()
                        .filter(|x| ed.images.iter().any(|img| img.id == *x))
                        .or(old.image_id),
                    None => old.image_id,
                };
                if kind == ProductKind::Unique {
                    // A unique item sold stays sold: its quantity changes only through orders.
                    vf.quantity = old.quantity;
                }
                store::catalog::update_variant(&mut tx, shop_id, pid, old.id, &vf).await?;
            }
            None => {
                store::catalog::add_variant(&mut tx, shop_id, pid, &vf).await?;
            }
        }
    }
    store::catalog::set_tags(&mut tx, shop_id, pid, &v.tags).await?;
    app::catalog::reindex_product(&mut tx, &a.tenant.shop, pid).await?;
    store::commit(tx).await?;
    Ok(Redirect::to(&a.tenant.url(&format!("/admin/products/{pid}?saved=1"))).into_response())
}

/// The refusal to publish a product whose images lack a description in one of the shop's
/// languages, naming each missing one ("image 2 (English)").
fn missing_alts(
    c: &Ctx,
    langs: &[Lang],
    images: &[store::catalog_images::Image],
) -> Option<String> {
    let mut missing = Vec::new();
    for (n, img) in images.iter().enumerate() {
        for l in langs {
            if !img.has_alt(l.as_str()) {
                missing.push(c.i18n.ta(
                    c.lang,
                    "images-missing-alt-item",
                    &[
                        ("n", (n + 1).to_string()),
                        ("lang", l.native_name().to_string()),
                    ],
                ));
            }
        }
    }
    if missing.is_empty() {
        None
    } else {
        Some(c.t1("images-missing-alts", "missing", &missing.join(", ")))
    }
}
