//! Moving a catalog in and out: importing a Shopify or WooCommerce product CSV (a dry run first,
//! then all or nothing) and exporting in Shopify's format, so a seller leaves as freely as they
//! came.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use domain::catalog::price::check_compare_at;
use domain::catalog::product::{ProductSlug, ProductTitle, Sku};
use domain::catalog::variants::{check_variants, OptionAxes};
use domain::locale::Lang;
use store::catalog::{self, ProductFields, ProductText, VariantFields};
use store::shop::Shop;

use crate::i18n::I18n;
use crate::state::AppState;

/// A problem found in the file, already in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: Option<String>,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Report {
    pub created: usize,
    pub updated: usize,
    pub variants: usize,
    /// Picture URLs queued for download in the background (none in a dry run).
    pub images_queued: usize,
    pub warnings: Vec<Problem>,
    /// The first products of the file, as (line, title), for a preview.
    pub first: Vec<(usize, String)>,
}

#[derive(Debug)]
pub enum ImportError {
    /// The file cannot be imported as it is; nothing was saved.
    Invalid(Vec<Problem>),
    Store(store::StoreError),
}

impl From<store::StoreError> for ImportError {
    fn from(e: store::StoreError) -> Self {
        ImportError::Store(e)
    }
}

fn csv_problem(i18n: &I18n, lang: Lang, e: &catalog_csv::CsvError) -> Problem {
    Problem {
        line: e.line,
        column: e.column.clone(),
        message: i18n.ta(lang, e.code, &e.fluent_args()),
    }
}

fn domain_problem(
    i18n: &I18n,
    lang: Lang,
    line: usize,
    column: &str,
    e: &domain::ValidationError,
) -> Problem {
    Problem {
        line,
        column: Some(column.to_string()),
        message: i18n.error(lang, e),
    }
}

fn minor_units(shop: &Shop) -> u8 {
    domain::money::Currency::parse(&shop.currency)
        .map(|c| c.minor_units())
        .unwrap_or(2)
}

/// Reads, checks and (unless `dry_run`) saves a product CSV into the shop, in one transaction:
/// either every product is saved or none is.
pub async fn import(
    st: &AppState,
    shop: &Shop,
    bytes: &[u8],
    dry_run: bool,
    lang: Lang,
) -> Result<Report, ImportError> {
    import_with(st, shop, bytes, dry_run, lang, None).await
}

/// How many products a file holds (0 when it cannot be read), for a progress indicator.
pub fn count_products(shop: &Shop, bytes: &[u8]) -> usize {
    catalog_csv::import(bytes, minor_units(shop))
        .map(|i| i.catalog.products.len())
        .unwrap_or(0)
}

/// [`import`], counting saved products in `progress` as it goes (for a background job).
pub async fn import_with(
    st: &AppState,
    shop: &Shop,
    bytes: &[u8],
    dry_run: bool,
    lang: Lang,
    progress: Option<&AtomicUsize>,
) -> Result<Report, ImportError> {
    let imported = catalog_csv::import(bytes, minor_units(shop)).map_err(|errs| {
        ImportError::Invalid(
            errs.iter()
                .map(|e| csv_problem(&st.i18n, lang, e))
                .collect(),
        )
    })?;
    let mut report = Report {
        warnings: imported
            .warnings
            .iter()
            .map(|e| csv_problem(&st.i18n, lang, e))
            .collect(),
        ..Default::default()
    };
    let mut catalog = imported.catalog;
    // A "compare at" price that is not above the price announces no discount: Shopify shows
    // none and neither do we; the seller is told it was left out.
    for p in catalog.products.iter_mut() {
        for v in p.variants.iter_mut() {
            if let Err(e) = check_compare_at(v.price_minor, v.compare_at_minor) {
                report.warnings.push(domain_problem(
                    &st.i18n,
                    lang,
                    v.line,
                    "Variant Compare At Price",
                    &e,
                ));
                v.compare_at_minor = None;
            }
        }
    }
    let products = &catalog.products;
    report.first = products
        .iter()
        .take(10)
        .map(|p| (p.line, p.title.trim().to_string()))
        .collect();

    // Check every product against our own rules before touching the database.
    let mut problems = vec![];
    for p in products {
        if let Err(e) = ProductTitle::parse(&p.title) {
            problems.push(domain_problem(&st.i18n, lang, p.line, "Title", &e));
        }
        if ProductSlug::parse(&p.handle).is_err() && ProductSlug::from_title(&p.title).is_none() {
            problems.push(Problem {
                line: p.line,
                column: Some("Handle".into()),
                message: st.i18n.t(lang, "import-bad-handle"),
            });
        }
        let axes = match OptionAxes::parse(&p.options) {
            Ok(a) => Some(a),
            Err(e) => {
                problems.push(domain_problem(&st.i18n, lang, p.line, "Option1 Name", &e));
                None
            }
        };
        for v in &p.variants {
            if let Some(sku) = &v.sku {
                if let Err(e) = Sku::parse(sku) {
                    problems.push(domain_problem(&st.i18n, lang, v.line, "Variant SKU", &e));
                }
            }
            if let Err(e) = check_compare_at(v.price_minor, v.compare_at_minor) {
                problems.push(domain_problem(
                    &st.i18n,
                    lang,
                    v.line,
                    "Variant Compare At Price",
                    &e,
                ));
            }
        }
        if let Some(axes) = axes {
            let combos: Vec<Vec<String>> =
                p.variants.iter().map(|v| v.option_values.clone()).collect();
            if let Err(e) = check_variants(&axes, &combos) {
                problems.push(domain_problem(&st.i18n, lang, p.line, "Option1 Value", &e));
            }
        }
        if !image_urls(p).is_empty() {
            // Pictures are not downloaded during the import (it must not depend on other sites
            // answering) but queued and fetched in the background afterwards.
            report.warnings.push(Problem {
                line: p.line,
                column: Some("Image Src".into()),
                message: st.i18n.t(lang, "import-images-later"),
            });
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(ImportError::Invalid(problems));
    }

    let mut tx = st.store.begin().await?;
    let mut new_count = 0;
    for p in products {
        let slug = slug_for(p);
        if catalog::product_by_slug(&mut tx, shop.id, &shop.default_lang, &slug)
            .await?
            .is_none()
        {
            new_count += 1;
        }
    }
    match app::plan::check_products(&mut tx, shop.id, new_count).await {
        Ok(()) => {}
        Err(app::Error::Refused(e)) => {
            return Err(ImportError::Invalid(vec![Problem {
                line: 1,
                column: None,
                message: st.i18n.error(lang, &e),
            }]))
        }
        Err(app::Error::Store(e)) => return Err(ImportError::Store(e)),
    }
    let mut categories: BTreeMap<String, i64> = BTreeMap::new();
    for (done, p) in products.iter().enumerate() {
        // Whenever the catalog has doubled in this transaction (see `refresh_planner_stats`).
        if done >= 64 && done.is_power_of_two() {
            catalog::refresh_planner_stats(&mut tx).await?;
        }
        let category_id = match &p.category {
            Some(path) if !path.trim().is_empty() => {
                Some(category_path(&mut tx, shop, path, &mut categories).await?)
            }
            _ => None,
        };
        let fields = ProductFields {
            kind: "physical".into(),
            status: match p.status {
                catalog_csv::Status::Active => "active",
                catalog_csv::Status::Draft => "draft",
                catalog_csv::Status::Archived => "archived",
            }
            .into(),
            category_id,
            vat_class: "standard".into(),
            condition: None,
            vendor: p.vendor.clone(),
            track_stock: p.variants.iter().any(|v| v.track_inventory),
            allow_backorder: p.variants.iter().any(|v| v.allow_backorder),
            featured: false,
            details: "{}".into(),
            safety: "{}".into(),
        };
        let slug = slug_for(p);
        let id = match catalog::product_by_slug(&mut tx, shop.id, &shop.default_lang, &slug).await?
        {
            Some(id) => {
                catalog::update_product(&mut tx, shop.id, id, &fields).await?;
                report.updated += 1;
                id
            }
            None => {
                report.created += 1;
                catalog::create_product(&mut tx, shop.id, &fields).await?
            }
        };
        let text = ProductText {
            lang: shop.default_lang.clone(),
            title: p.title.trim().to_string(),
            slug,
            description_md: html_to_text(&p.body_html),
            seo_title: p.seo_title.clone().unwrap_or_default(),
            seo_description: p.seo_description.clone().unwrap_or_default(),
        };
        catalog::set_text(&mut tx, shop.id, id, &text)
            .await
            .map_err(|e| match e {
                store::StoreError::Conflict(_) => ImportError::Invalid(vec![Problem {
                    line: p.line,
                    column: Some("Handle".into()),
                    message: st.i18n.t(lang, "import-slug-taken"),
                }]),
                other => ImportError::Store(other),
            })?;
        let names: Vec<(i64, String, String)> = p
            .options
            .iter()
            .enumerate()
            .map(|(i, n)| (i as i64 + 1, shop.default_lang.clone(), n.clone()))
            .collect();
        catalog::set_options(&mut tx, shop.id, id, &names).await?;
        catalog::set_tags(&mut tx, shop.id, id, &p.tags).await?;
        sync_variants(&mut tx, shop.id, id, p)
            .await
            .map_err(|e| match e {
                store::StoreError::Conflict(_) => ImportError::Invalid(vec![Problem {
                    line: p.line,
                    column: Some("Variant SKU".into()),
                    message: st.i18n.t(lang, "import-sku-taken"),
                }]),
                other => ImportError::Store(other),
            })?;
        report.variants += p.variants.len();
        app::catalog::reindex_product(&mut tx, shop, id).await?;
        if !dry_run {
            for (position, (url, alt)) in image_urls(p).into_iter().enumerate() {
                if store::import::queue_image(&mut tx, shop.id, id, &url, &alt, position as i64)
                    .await?
                {
                    report.images_queued += 1;
                }
            }
        }
        if let Some(progress) = progress {
            progress.fetch_add(1, Ordering::Relaxed);
        }
    }
    if dry_run {
        drop(tx); // Rolls back: a dry run shows what would happen and keeps nothing.
    } else {
        store::commit(tx).await?;
    }
    Ok(report)
}

/// A product's picture URLs in file order, each once, with its alt text (the file's, else the
/// product's title).
fn image_urls(p: &catalog_csv::Product) -> Vec<(String, String)> {
    let title = p.title.trim().to_string();
    let mut out: Vec<(String, String)> = vec![];
    let mut images: Vec<&catalog_csv::Image> = p.images.iter().collect();
    images.sort_by_key(|i| i.position.unwrap_or(i64::MAX));
    let all = images
        .iter()
        .map(|i| {
            (
                i.src.trim().to_string(),
                i.alt
                    .as_deref()
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_string),
            )
        })
        .chain(
            p.variants
                .iter()
                .filter_map(|v| v.image_src.as_ref())
                .map(|u| (u.trim().to_string(), None)),
        );
    for (url, alt) in all {
        if url.is_empty() || out.iter().any(|(u, _)| *u == url) {
            continue;
        }
        out.push((url, alt.unwrap_or_else(|| title.clone())));
    }
    out
}

fn slug_for(p: &catalog_csv::Product) -> String {
    ProductSlug::parse(&p.handle)
        .map(|s| s.as_str().to_string())
        .or_else(|_| {
            ProductSlug::from_title(&p.title)
                .map(|s| s.as_str().to_string())
                .ok_or(())
        })
        .unwrap_or_default()
}

/// Updates variants matched by SKU (keeping their price history), adds new ones, removes the rest.
async fn sync_variants(
    tx: &mut store::Conn,
    shop_id: i64,
    product_id: i64,
    p: &catalog_csv::Product,
) -> store::Result<()> {
    let old = catalog::variants(tx, shop_id, product_id).await?;
    let mut kept = vec![];
    for (i, v) in p.variants.iter().enumerate() {
        let mut options: [Option<String>; 3] = [None, None, None];
        for (slot, value) in options.iter_mut().zip(v.option_values.iter()) {
            *slot = Some(value.clone());
        }
        let fields = VariantFields {
            position: i as i64,
            sku: v.sku.clone().filter(|s| !s.trim().is_empty()),
            options,
            price_minor: v.price_minor,
            compare_at_minor: v.compare_at_minor,
            quantity: v.quantity.unwrap_or(0),
            weight_grams: v.grams,
            image_id: None,
        };
        let matching = old.iter().find(|o| {
            !kept.contains(&o.id)
                && ((fields.sku.is_some() && o.sku == fields.sku)
                    || (fields.sku.is_none()
                        && [&o.option1, &o.option2, &o.option3]
                            .iter()
                            .zip(fields.options.iter())
                            .all(|(a, b)| *a == b)))
        });
        match matching {
            Some(o) => {
                catalog::update_variant(tx, shop_id, product_id, o.id, &fields).await?;
                kept.push(o.id);
            }
            None => {
                let id = catalog::add_variant(tx, shop_id, product_id, &fields).await?;
                kept.push(id);
            }
        }
    }
    for o in old.iter().filter(|o| !kept.contains(&o.id)) {
        catalog::delete_variant(tx, shop_id, product_id, o.id).await?;
    }
    Ok(())
}

/// Finds or creates the categories of a path such as "Fromages > Chèvre" (by name in the shop's
/// default language), returning the last one.
async fn category_path(
    tx: &mut store::Conn,
    shop: &Shop,
    path: &str,
    cache: &mut BTreeMap<String, i64>,
) -> store::Result<i64> {
    let mut parent: Option<i64> = None;
    let mut so_far = String::new();
    for name in path.split('>').map(str::trim).filter(|n| !n.is_empty()) {
        so_far = if so_far.is_empty() {
            name.to_string()
        } else {
            format!("{so_far} > {name}")
        };
        if let Some(id) = cache.get(&so_far) {
            parent = Some(*id);
            continue;
        }
        let all = catalog::categories(tx, shop.id).await?;
        let found = all
            .iter()
            .find(|c| {
                c.parent_id == parent
                    && c.lang == shop.default_lang
                    && c.name.eq_ignore_ascii_case(name)
            })
            .map(|c| c.id);
        let id = match found {
            Some(id) => id,
            None => {
                let id = catalog::create_category(tx, shop.id, parent, all.len() as i64).await?;
                let base = ProductSlug::from_title(name)
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|| format!("c-{id}"));
                let mut slug = base.clone();
                let mut n = 2;
                while all
                    .iter()
                    .any(|c| c.lang == shop.default_lang && c.slug == slug)
                {
                    slug = format!("{base}-{n}");
                    n += 1;
                }
                catalog::set_category_text(tx, shop.id, id, &shop.default_lang, name, &slug, "")
                    .await?;
                id
            }
        };
        cache.insert(so_far.clone(), id);
        parent = Some(id);
    }
    parent.ok_or(store::StoreError::NotFound)
}

/// Turns a platform's HTML description into the plain text (valid Markdown) we keep: paragraphs
/// and line breaks survive, tags do not, entities are decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            rest = &rest[start..];
            break;
        };
        let tag = rest[start + 1..start + end].trim().to_ascii_lowercase();
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        match name {
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "table"
                if tag.starts_with('/') =>
            {
                out.push_str("\n\n")
            }
            "br" => out.push('\n'),
            "li" if !tag.starts_with('/') => out.push_str("\n- "),
            _ => {}
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    let decoded = out
        .replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&rsquo;", "\u{2019}")
        .replace("&amp;", "&");
    // Collapse runs of blank lines left by nested blocks.
    let mut lines: Vec<&str> = vec![];
    for line in decoded.lines().map(str::trim_end) {
        if line.trim().is_empty() && lines.last().is_none_or(|l| l.trim().is_empty()) {
            continue;
        }
        lines.push(line);
    }
    lines.join("\n").trim().to_string()
}

/// The shop's catalog as Shopify's product CSV.
pub async fn export(st: &AppState, shop: &Shop) -> anyhow::Result<Vec<u8>> {
    let mut conn = st.store.reader().await?;
    let categories = catalog::categories(&mut conn, shop.id).await?;
    let mut out = catalog_csv::Catalog::default();
    for id in store::transfer::product_ids(&mut conn, shop.id).await? {
        let p = catalog::product(&mut conn, shop.id, id).await?;
        let texts = catalog::texts(&mut conn, shop.id, id).await?;
        let Some(text) = texts
            .iter()
            .find(|t| t.lang == shop.default_lang)
            .or(texts.first())
        else {
            continue;
        };
        let options = catalog::options(&mut conn, shop.id, id).await?;
        let option_names: Vec<String> = options
            .iter()
            .filter(|(_, l, _)| *l == text.lang)
            .map(|(_, _, n)| n.clone())
            .collect();
        let variants = catalog::variants(&mut conn, shop.id, id).await?;
        out.products.push(catalog_csv::Product {
            handle: text.slug.clone(),
            title: text.title.clone(),
            body_html: markdown_to_html(&text.description_md),
            vendor: p.vendor.clone(),
            product_type: None,
            category: p
                .category_id
                .map(|c| category_path_name(&categories, c, &text.lang)),
            tags: catalog::tags(&mut conn, shop.id, id).await?,
            status: match p.status.as_str() {
                "draft" | "coming_soon" => catalog_csv::Status::Draft,
                "archived" => catalog_csv::Status::Archived,
                _ => catalog_csv::Status::Active,
            },
            variants: variants
                .iter()
                .map(|v| catalog_csv::Variant {
                    sku: v.sku.clone(),
                    option_values: [&v.option1, &v.option2, &v.option3]
                        .iter()
                        .take(option_names.len())
                        .map(|o| (*o).clone().unwrap_or_default())
                        .collect(),
                    price_minor: v.price_minor,
                    compare_at_minor: v.compare_at_minor,
                    grams: v.weight_grams,
                    track_inventory: p.track_stock != 0,
                    quantity: Some(v.quantity),
                    allow_backorder: p.allow_backorder != 0,
                    requires_shipping: true,
                    taxable: p.vat_class != "exempt",
                    barcode: None,
                    image_src: None,
                    line: 0,
                })
                .collect(),
            options: option_names,
            images: vec![],
            seo_title: Some(text.seo_title.clone()).filter(|s| !s.is_empty()),
            seo_description: Some(text.seo_description.clone()).filter(|s| !s.is_empty()),
            line: 0,
        });
    }
    let mut bytes = vec![];
    catalog_csv::export_shopify(&out, &mut bytes, minor_units(shop))?;
    Ok(bytes)
}

fn category_path_name(all: &[catalog::Category], id: i64, lang: &str) -> String {
    let mut names = vec![];
    let mut current = Some(id);
    let mut guard = 0;
    while let Some(cid) = current {
        let Some(c) = all
            .iter()
            .find(|c| c.id == cid && c.lang == lang)
            .or_else(|| all.iter().find(|c| c.id == cid))
        else {
            break;
        };
        names.push(c.name.clone());
        current = c.parent_id;
        guard += 1;
        if guard > 16 {
            break;
        }
    }
    names.reverse();
    names.join(" > ")
}

/// Our descriptions are Markdown; Shopify's column holds HTML.
fn markdown_to_html(md: &str) -> String {
    domain::catalog::markdown::render(md)
}
