//! Saving a product: what a seller submits for one product (texts per language, the variant grid
//! with up to three option axes, the kind-specific terms kept in `products.details`, product
//! safety kept in `products.safety`) is checked against the shop's facts, then written in one
//! transaction with its search terms. The admin editor calls [`save_product`]; a JSON API or an
//! import that writes products is meant to call it too, so that they cannot disagree. The
//! kind-specific terms and product safety are checked in `terms`.

use std::collections::BTreeMap;
use store::id::ShopId;

use chrono::NaiveDate;
use domain::catalog::details::Details;
use domain::catalog::price::check_compare_at;
use domain::catalog::stock::StockPolicy;
use domain::catalog::variants::{check_variants, OptionAxes};
use domain::catalog::{
    Condition, Price, ProductKind, ProductSlug, ProductStatus, ProductTitle, Sku, VatClass,
};
use domain::locale::Lang;
use domain::money::Currency;
use domain::ValidationError;
use store::catalog::{ProductFields, ProductText, VariantFields};
use store::catalog_images::Image;
use store::shop::Shop;
use store::{Conn, Store, StoreError};

mod terms;
#[cfg(test)]
mod tests;

pub const DESCRIPTION_MAX: usize = 20_000;
pub const WEIGHT_MAX: i64 = 1_000_000;
pub const TAG_MAX: usize = 50;
pub const SEO_TITLE_MAX: usize = 200;
pub const SEO_DESCRIPTION_MAX: usize = 500;

/// A product as the seller typed it: every value is the text of its field, checked by
/// [`validate`]. Field names in errors are the editor's (`title_fr`, `v0_price`, `rent_day`…).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ProductInput {
    /// One per language the shop offers, in the shop's order.
    pub texts: Vec<TextInput>,
    /// The variant grid's rows; blank rows are passed over.
    pub rows: Vec<VariantInput>,
    pub status: String,
    pub vat_class: String,
    /// A category id, or empty.
    pub category: String,
    /// Comma-separated.
    pub tags: String,
    pub track_stock: bool,
    pub allow_backorder: bool,
    /// A unique item's condition.
    pub condition: String,
    pub rent_day: String,
    pub rent_week: String,
    pub deposit: String,
    pub min_days: String,
    pub max_days: String,
    pub duration: String,
    pub capacity: String,
    pub lead_days: String,
    /// Dispatch days as `mon`, `tue`…
    pub weekdays: Vec<String>,
    pub shelf_life: String,
    pub species: String,
    pub breed: String,
    pub age_months: String,
    /// YYYY-MM-DD; wins over `age_months` when both are given.
    pub birth_date: String,
    pub id_kind: String,
    pub id_number: String,
    pub gpsr_name: String,
    pub gpsr_address: String,
    pub gpsr_email: String,
    pub gpsr_warnings: String,
    /// Customs, for parcels leaving the EU: HS code and ISO country of origin (both optional).
    pub hs_code: String,
    pub origin_country: String,
}

/// A product's texts in one language. A language without a title is not written (and an
/// existing text in it is deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextInput {
    pub lang: Lang,
    pub title: String,
    /// Empty: made from the title.
    pub slug: String,
    pub description: String,
    pub seo_title: String,
    pub seo_description: String,
    /// The option axes' names in this language; an axis is in use when it has a name in some
    /// language.
    pub axes: [String; 3],
}

impl TextInput {
    /// Nothing typed yet in `lang`.
    pub fn empty(lang: Lang) -> TextInput {
        TextInput {
            lang,
            title: String::new(),
            slug: String::new(),
            description: String::new(),
            seo_title: String::new(),
            seo_description: String::new(),
            axes: Default::default(),
        }
    }
}

/// One row of the variant grid as typed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct VariantInput {
    /// The variant's id when it is already saved, or empty.
    pub id: String,
    /// Its value on each option axis.
    pub opts: [String; 3],
    pub sku: String,
    pub price: String,
    pub compare: String,
    pub qty: String,
    pub weight: String,
    /// The variant's image id, or empty for the product's first image.
    pub image: String,
}

impl VariantInput {
    pub fn is_blank(&self) -> bool {
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

/// What [`validate`] needs to know about the shop.
#[derive(Debug, Clone)]
pub struct ShopFacts {
    pub currency: Currency,
    /// The languages offered, default first.
    pub langs: Vec<Lang>,
    pub default_lang: String,
    /// The legal identity's SIRET (a live animal is published only with it).
    pub siret: Option<String>,
    /// The date in the shop's time zone.
    pub today: NaiveDate,
    /// The categories a product may be placed in.
    pub category_ids: Vec<i64>,
}

impl ShopFacts {
    pub async fn read(conn: &mut Conn, shop: &Shop) -> store::Result<ShopFacts> {
        let mut category_ids: Vec<i64> = store::catalog::categories(conn, shop.sid())
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        category_ids.dedup();
        let siret = store::legal::get(conn, shop.sid()).await?.siret;
        let tz: chrono_tz::Tz = shop.timezone.parse().unwrap_or(chrono_tz::Europe::Paris);
        Ok(ShopFacts {
            currency: Currency::parse(&shop.currency).unwrap_or(Currency::EUR),
            langs: crate::shop_langs(shop),
            default_lang: shop.default_lang.clone(),
            siret,
            today: chrono::Utc::now().with_timezone(&tz).date_naive(),
            category_ids,
        })
    }
}

/// A message for the person who typed, in their language: the web layer translates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A broken domain rule (Fluent `err-{code}`).
    Rule(ValidationError),
    /// One of the catalog's own Fluent messages (`cat-…`) with its variables.
    Text(&'static str, Vec<(&'static str, String)>),
}

impl Message {
    fn text(id: &'static str) -> Message {
        Message::Text(id, Vec::new())
    }

    fn with_max(id: &'static str, max: impl ToString) -> Message {
        Message::Text(id, vec![("max", max.to_string())])
    }
}

/// Messages by field name; the first message for a field is the one kept.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<String, Message>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: Message) {
        self.0.entry(field.to_string()).or_insert(message);
    }

    /// Records a domain rule's refusal for `field` and returns the value if it parsed.
    fn check<T>(&mut self, field: &str, r: Result<T, ValidationError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, Message::Rule(e));
                None
            }
        }
    }

    pub fn get(&self, field: &str) -> Option<&Message> {
        self.0.get(field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `(field, message)` in field order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Message)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// A refusal of the product as a whole rather than of one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Publishing needs each image described in each of the shop's languages: `(image number
    /// from 1, language)` for each missing description.
    MissingAlts(Vec<(usize, Lang)>),
    /// A new product would go over the plan's limit.
    Plan(ValidationError),
}

/// Why [`save_product`] wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The product breaks rules: messages beside fields, and maybe one about the whole product.
    #[error("product refused")]
    Invalid {
        fields: FieldErrors,
        refusal: Option<Refusal>,
    },
    /// `NotFound` when the product to update is not one of the shop's.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Which product is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A new product of this kind.
    New(ProductKind),
    /// An existing product (its kind does not change).
    Existing(i64),
}

/// A valid product, ready to be written.
#[derive(Debug, Clone)]
pub struct ValidProduct {
    pub fields: ProductFields,
    /// Only the languages with a title.
    pub texts: Vec<ProductText>,
    /// `(axis from 1, lang, name)`.
    pub options: Vec<(i64, String, String)>,
    pub variants: Vec<ValidVariant>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ValidVariant {
    /// The saved variant this row edits, if any.
    pub id: Option<i64>,
    /// Its image is left unset: [`save_product`] chooses among the product's images.
    pub fields: VariantFields,
    /// The grid row it came from (`v{row}_…` in errors).
    pub row: usize,
}

fn num<T: std::str::FromStr>(e: &mut FieldErrors, field: &str, raw: &str) -> Option<T> {
    match raw.trim().parse::<T>() {
        Ok(v) => Some(v),
        Err(_) => {
            e.add(field, Message::text("cat-number-invalid"));
            None
        }
    }
}

fn opt_num<T: std::str::FromStr>(e: &mut FieldErrors, field: &str, raw: &str) -> Option<Option<T>> {
    if raw.trim().is_empty() {
        Some(None)
    } else {
        num(e, field, raw).map(Some)
    }
}

/// Checks the whole product without touching the database; the checks against the shop's
/// other products (slugs, SKUs, the plan) are [`save_product`]'s.
pub fn validate(
    kind: ProductKind,
    input: &ProductInput,
    facts: &ShopFacts,
) -> Result<ValidProduct, FieldErrors> {
    let mut e = FieldErrors::default();
    let cur = facts.currency;
    let status = e.check("status", ProductStatus::parse(&input.status));
    let vat = e.check("vat_class", VatClass::parse(&input.vat_class));
    let category_id = match input.category.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(id) if facts.category_ids.contains(&id) => Some(id),
            _ => {
                e.add("category", Message::text("cat-category-unknown"));
                None
            }
        },
    };

    let texts = texts(&mut e, input, facts, status);
    let Axes {
        active,
        primary: axes,
        options,
        ok: axes_ok,
    } = option_axes(&mut e, kind, input);

    // The variant grid.
    let single = matches!(kind, ProductKind::Unique);
    let rows: Vec<(usize, &VariantInput)> = input
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.is_blank())
        .collect();
    if active.is_empty() && rows.len() > 1 {
        e.add("variants", Message::text("cat-one-variant-without-options"));
    }
    let mut variants = vec![];
    let mut skus: Vec<String> = vec![];
    for (pos, (i, r)) in rows.iter().enumerate() {
        if let Some(v) = variant(&mut e, r, *i, pos, single, &active, &mut skus, cur) {
            variants.push(v);
        }
    }
    if axes_ok {
        let combos: Vec<Vec<String>> = rows
            .iter()
            .map(|(_, r)| active.iter().map(|n| r.opts[*n].clone()).collect())
            .collect();
        if let Err(err) = check_variants(&axes, &combos) {
            e.add("variants", Message::Rule(err));
        }
    }

    // Stock.
    let (track, backorder) = if single {
        (true, false)
    } else {
        (input.track_stock, input.allow_backorder)
    };
    if let Some(v) = variants.first() {
        let policy = StockPolicy {
            track,
            quantity: v.fields.quantity,
            allow_backorder: backorder,
        };
        e.check(&format!("v{}_qty", v.row), policy.check(kind));
    }

    // Kind-specific terms.
    let mut condition = None;
    let details = match kind {
        ProductKind::Unique => {
            condition = e.check("condition", Condition::parse(&input.condition));
            Details::default()
        }
        ProductKind::Rental => terms::rental_details(&mut e, input, cur),
        ProductKind::Service => terms::service_details(&mut e, input),
        ProductKind::Perishable => terms::perishable_details(&mut e, input),
        ProductKind::LiveAnimal => {
            if status.is_some_and(|s| s.is_visible()) && facts.siret.is_none() {
                e.add("status", Message::text("cat-animal-needs-siret"));
            }
            terms::animal_details(&mut e, input, facts.siret.as_deref(), facts.today)
        }
        ProductKind::Physical | ProductKind::Digital => Details::default(),
    };
    let mut details = details;
    if kind.is_shipped() {
        terms::customs(&mut e, input, &mut details);
    }
    let safety = terms::safety(&mut e, input);

    let mut tags: Vec<String> = vec![];
    for t in input
        .tags
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        if t.chars().count() > TAG_MAX || t.chars().any(char::is_control) {
            e.add("tags", Message::with_max("cat-tag-invalid", TAG_MAX));
        }
        tags.push(t.to_string());
    }

    if !e.is_empty() {
        return Err(e);
    }
    Ok(ValidProduct {
        fields: ProductFields {
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

/// The texts of the languages with a title; a product needs one, and the default language's
/// to be published.
fn texts(
    e: &mut FieldErrors,
    input: &ProductInput,
    facts: &ShopFacts,
    status: Option<ProductStatus>,
) -> Vec<ProductText> {
    let mut texts = vec![];
    for t in &input.texts {
        let code = t.lang.as_str();
        for (field, value, max) in [
            ("seo_title", &t.seo_title, SEO_TITLE_MAX),
            ("seo_description", &t.seo_description, SEO_DESCRIPTION_MAX),
        ] {
            if value.chars().count() > max || value.chars().any(char::is_control) {
                e.add(
                    &format!("{field}_{code}"),
                    Message::with_max("cat-seo-too-long", max),
                );
            }
        }
        let tf = format!("title_{code}");
        if t.title.trim().is_empty() {
            if !t.slug.trim().is_empty() || !t.description.trim().is_empty() {
                e.check(&tf, ProductTitle::parse(&t.title));
            }
            continue;
        }
        let Some(title) = e.check(&tf, ProductTitle::parse(&t.title)) else {
            continue;
        };
        let slug = if t.slug.trim().is_empty() {
            ProductSlug::from_title(title.as_str())
                .ok_or_else(|| ValidationError::new("product-slug-empty"))
        } else {
            ProductSlug::parse(&t.slug)
        };
        let slug = e.check(&format!("slug_{code}"), slug);
        if t.description.chars().count() > DESCRIPTION_MAX {
            e.add(
                &format!("description_{code}"),
                Message::with_max("cat-description-too-long", DESCRIPTION_MAX),
            );
        }
        if let Some(slug) = slug {
            texts.push(ProductText {
                lang: code.to_string(),
                title: title.as_str().to_string(),
                slug: slug.as_str().to_string(),
                description_md: t.description.trim().to_string(),
                seo_title: t.seo_title.trim().to_string(),
                seo_description: t.seo_description.trim().to_string(),
            });
        }
    }
    let default_lang = facts.default_lang.as_str();
    let default_title = format!("title_{default_lang}");
    let has_default = input
        .texts
        .iter()
        .any(|t| t.lang.as_str() == default_lang && !t.title.trim().is_empty());
    if input.texts.iter().all(|t| t.title.trim().is_empty()) {
        e.check(&default_title, ProductTitle::parse(""));
    } else if status == Some(ProductStatus::Active) && !has_default {
        e.add(&default_title, Message::text("cat-publish-needs-title"));
    }
    texts
}

/// The option axes as typed in every language.
struct Axes {
    /// The axes in use: an axis is when it has a name in some language.
    active: Vec<usize>,
    /// The names in the first language that has any.
    primary: OptionAxes,
    /// `(axis from 1, lang, name)` for every language.
    options: Vec<(i64, String, String)>,
    /// Whether every language's names parsed (the grid is checked against them only then).
    ok: bool,
}

fn option_axes(e: &mut FieldErrors, kind: ProductKind, input: &ProductInput) -> Axes {
    let active: Vec<usize> = (0..3)
        .filter(|n| input.texts.iter().any(|t| !t.axes[*n].trim().is_empty()))
        .collect();
    let mut axes = OptionAxes::default();
    let mut options = vec![];
    let mut axes_ok = true;
    let mut primary_set = false;
    for t in &input.texts {
        let names: Vec<&str> = active.iter().map(|n| t.axes[*n].as_str()).collect();
        if names.iter().all(|n| n.trim().is_empty()) {
            continue;
        }
        match OptionAxes::parse(&names) {
            Ok(parsed) => {
                for (pos, name) in parsed.names().iter().enumerate() {
                    options.push((pos as i64 + 1, t.lang.as_str().to_string(), name.clone()));
                }
                if !primary_set {
                    axes = parsed;
                    primary_set = true;
                }
            }
            Err(err) => {
                e.add("axes", Message::Rule(err));
                axes_ok = false;
            }
        }
    }
    if kind == ProductKind::Unique && !active.is_empty() {
        e.add("axes", Message::text("cat-unique-no-options"));
        axes_ok = false;
    }
    Axes {
        active,
        primary: axes,
        options,
        ok: axes_ok,
    }
}

/// Row `i` of the grid, the `pos`-th that is not blank; `skus` are the lowercased SKUs of the
/// rows before it.
#[allow(clippy::too_many_arguments)]
fn variant(
    e: &mut FieldErrors,
    r: &VariantInput,
    i: usize,
    pos: usize,
    single: bool,
    active: &[usize],
    skus: &mut Vec<String>,
    cur: Currency,
) -> Option<ValidVariant> {
    let price = e.check(&format!("v{i}_price"), Price::parse(&r.price, cur));
    let compare = if r.compare.trim().is_empty() {
        Some(None)
    } else {
        e.check(&format!("v{i}_compare"), Price::parse(&r.compare, cur))
            .map(Some)
    };
    if let (Some(p), Some(cmp)) = (price, compare) {
        e.check(&format!("v{i}_compare"), check_compare_at(p, cmp));
    }
    let sku = if r.sku.trim().is_empty() {
        Some(None)
    } else {
        match e.check(&format!("v{i}_sku"), Sku::parse(&r.sku)) {
            Some(s) => {
                let k = s.as_str().to_lowercase();
                if skus.contains(&k) {
                    e.add(&format!("v{i}_sku"), Message::text("cat-sku-duplicate"));
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
        e.check(&format!("v{i}_qty"), StockPolicy::parse_quantity(&r.qty))
    };
    let weight = match opt_num::<i64>(e, &format!("v{i}_weight"), &r.weight) {
        Some(Some(w)) if !(0..=WEIGHT_MAX).contains(&w) => {
            e.add(&format!("v{i}_weight"), Message::text("cat-number-invalid"));
            None
        }
        other => other,
    };
    let mut opts: [Option<String>; 3] = [None, None, None];
    for (k, n) in active.iter().enumerate() {
        opts[k] = Some(r.opts[*n].trim().to_string());
    }
    let (price, compare, sku, qty, weight) = (price?, compare?, sku?, qty?, weight?);
    Some(ValidVariant {
        id: r.id.parse::<i64>().ok(),
        fields: VariantFields {
            position: pos as i64,
            sku,
            options: opts,
            price_minor: price,
            compare_at_minor: compare,
            quantity: qty,
            weight_grams: weight,
            image_id: None,
        },
        row: i,
    })
}

/// Each image that lacks a description in one of `langs`, as `(image number from 1, language)`.
pub fn missing_alts(langs: &[Lang], images: &[Image]) -> Vec<(usize, Lang)> {
    let mut missing = Vec::new();
    for (n, img) in images.iter().enumerate() {
        for l in langs {
            if !img.has_alt(l.as_str()) {
                missing.push((n + 1, *l));
            }
        }
    }
    missing
}

/// Creates or updates a product from what the seller typed, and returns its id. In one
/// transaction: the checks of [`validate`], slugs and SKUs unique in the shop, the images'
/// descriptions before publishing, the plan's product limit (under the shop's lock, so two
/// creations at once cannot both take the last place), then the product, its texts, option
/// names, variants and tags, and its search terms.
#[tracing::instrument(skip_all, fields(shop_id = shop.id, ?target))]
pub async fn save_product(
    store: &Store,
    shop: &Shop,
    target: Target,
    input: &ProductInput,
) -> Result<i64, SaveError> {
    let shop_id = shop.sid();
    let mut tx = store.begin().await?;
    let (kind, id, stored) = match target {
        Target::New(kind) => (kind, None, None),
        Target::Existing(id) => {
            let p = store::catalog::product(&mut tx, shop_id, id).await?;
            let kind = ProductKind::parse(&p.kind).unwrap_or(ProductKind::Physical);
            (kind, Some(id), Some(p))
        }
    };
    let facts = ShopFacts::read(&mut tx, shop).await?;
    let images = match id {
        Some(pid) => store::catalog_images::for_product(&mut tx, shop_id, pid).await?,
        None => Vec::new(),
    };
    let mut v = validate(kind, input, &facts).map_err(|fields| SaveError::Invalid {
        fields,
        refusal: None,
    })?;
    // What the editor's form does not show stays as it was (the vendor an import set, the
    // featured mark).
    if let Some(p) = &stored {
        v.fields.vendor = p.vendor.clone();
        v.fields.featured = p.featured != 0;
    }

    // Checks that need the shop's other products: slugs and SKUs are unique in the shop.
    let mut e = FieldErrors::default();
    for t in &v.texts {
        if let Some(other) =
            store::catalog::product_by_slug(&mut tx, shop_id, &t.lang, &t.slug).await?
        {
            if Some(other) != id {
                e.add(&format!("slug_{}", t.lang), Message::text("cat-slug-taken"));
            }
        }
    }
    for variant in &v.variants {
        if let Some(sku) = &variant.fields.sku {
            if let Some(other) = store::catalog::sku_owner(&mut tx, shop_id, sku).await? {
                if Some(other) != id {
                    e.add(
                        &format!("v{}_sku", variant.row),
                        Message::text("cat-sku-duplicate"),
                    );
                }
            }
        }
    }
    let mut refusal = None;
    if matches!(v.fields.status.as_str(), "active" | "coming_soon") {
        let missing = missing_alts(&facts.langs, &images);
        if !missing.is_empty() {
            refusal = Some(Refusal::MissingAlts(missing));
        }
    }
    if id.is_none() {
        match crate::plan::check_products(&mut tx, shop_id, 1).await {
            Ok(()) => {}
            Err(crate::Error::Refused(err)) => refusal = Some(Refusal::Plan(err)),
            Err(crate::Error::Store(err)) => return Err(err.into()),
        }
    }
    if !e.is_empty() || refusal.is_some() {
        return Err(SaveError::Invalid { fields: e, refusal });
    }

    let pid = match id {
        Some(id) => {
            store::catalog::update_product(&mut tx, shop_id, id, &v.fields).await?;
            id
        }
        None => store::catalog::create_product(&mut tx, shop_id, &v.fields).await?,
    };
    for l in &facts.langs {
        match v.texts.iter().find(|t| t.lang == l.as_str()) {
            Some(t) => store::catalog::set_text(&mut tx, shop_id, pid, t).await?,
            None => store::catalog::delete_text(&mut tx, shop_id, pid, l.as_str()).await?,
        }
    }
    store::catalog::set_options(&mut tx, shop_id, pid, &v.options).await?;
    write_variants(&mut tx, shop_id, pid, kind, input, &images, &v.variants).await?;
    store::catalog::set_tags(&mut tx, shop_id, pid, &v.tags).await?;
    super::reindex_product(&mut tx, shop, pid).await?;
    store::commit(tx).await?;
    Ok(pid)
}

/// Replaces the product's variants with the grid's: rows that name a saved variant update it,
/// the others are added, and saved variants no row names are deleted.
async fn write_variants(
    tx: &mut Conn,
    shop_id: ShopId,
    pid: i64,
    kind: ProductKind,
    input: &ProductInput,
    images: &[Image],
    variants: &[ValidVariant],
) -> store::Result<()> {
    let existing = store::catalog::variants(tx, shop_id, pid).await?;
    let kept: Vec<i64> = variants
        .iter()
        .filter_map(|v| v.id)
        .filter(|vid| existing.iter().any(|x| x.id == *vid))
        .collect();
    for old in &existing {
        if !kept.contains(&old.id) {
            store::catalog::delete_variant(tx, shop_id, pid, old.id).await?;
        }
    }
    // SKUs may move between rows of this product: free them first so the unique index holds.
    for old in existing
        .iter()
        .filter(|x| kept.contains(&x.id) && x.sku.is_some())
    {
        let cleared = VariantFields {
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
        store::catalog::update_variant(tx, shop_id, pid, old.id, &cleared).await?;
    }
    for v in variants {
        let mut vf = v.fields.clone();
        match v.id.and_then(|vid| existing.iter().find(|x| x.id == vid)) {
            Some(old) => {
                // The grid offers the product's images; anything else keeps what was saved.
                vf.image_id = match input.rows.get(v.row).map(|r| r.image.trim()) {
                    Some("") => None,
                    Some(raw) => raw
                        .parse::<i64>()
                        .ok()
                        .filter(|x| images.iter().any(|img| img.id == *x))
                        .or(old.image_id),
                    None => old.image_id,
                };
                if kind == ProductKind::Unique {
                    // A unique item sold stays sold: its quantity changes only through orders.
                    vf.quantity = old.quantity;
                }
                store::catalog::update_variant(tx, shop_id, pid, old.id, &vf).await?;
            }
            None => {
                store::catalog::add_variant(tx, shop_id, pid, &vf).await?;
            }
        }
    }
    Ok(())
}
