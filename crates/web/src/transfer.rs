//! Moving a catalog in and out: importing a Shopify or WooCommerce product CSV (a dry run first,
//! then all or nothing, without holding the database's writer for long) and exporting in Shopify's format, so a seller leaves as freely as they
//! came.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use store::id::ShopId;

use domain::catalog::price::check_compare_at;
use domain::catalog::product::{ProductSlug, ProductTitle, Sku};
use domain::catalog::variants::{check_variants, OptionAxes};
use domain::locale::Lang;
use store::catalog::{self, ProductFields, ProductText, VariantFields};
use store::shop::Shop;
use tokio::sync::Notify;

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

/// Reads, checks and (unless `dry_run`) saves a product CSV into the shop: either every product
/// is saved or none is (see [`import_opts`]).
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
    let opts = ImportOptions {
        dry_run,
        progress,
        ..Default::default()
    };
    import_opts(st, shop, bytes, lang, &opts).await
}

/// How an import runs.
#[derive(Default)]
pub struct ImportOptions<'a> {
    /// Checks and reports without writing anything.
    pub dry_run: bool,
    /// Counts products written so far (for a progress bar).
    pub progress: Option<&'a AtomicUsize>,
    /// Holds the import between two batches (tests use it to act while an import runs).
    pub pause: Option<Arc<Pause>>,
    /// At most this many new products per batch (default [`BATCH_MAX`]).
    pub batch_max: Option<usize>,
}

/// A point where an import waits: after its `after_batches`-th batch of new products is
/// written, it signals `reached` and waits for `resume`.
#[derive(Default)]
pub struct Pause {
    pub after_batches: usize,
    pub reached: Notify,
    pub resume: Notify,
}

/// A batch of new products is written in one transaction of about this long (then another
/// shop's write may take the database's writer), and holds at most [`BATCH_MAX`] products.
const BATCH_TIME: Duration = Duration::from_millis(40);
pub const BATCH_MAX: usize = 200;

/// Reads and checks the file (no writes), then, unless a dry run: writes its new products in
/// short transactions, hidden, and publishes them with the updates of existing products in one
/// last transaction. Either every product is saved or none is; a failure removes what was
/// staged.
pub async fn import_opts(
    st: &AppState,
    shop: &Shop,
    bytes: &[u8],
    lang: Lang,
    opts: &ImportOptions<'_>,
) -> Result<Report, ImportError> {
    let (products, mut report) = read_and_check(st, shop, bytes, lang)?;
    let plan = plan_import(st, shop, &products, lang).await?;
    report.created = plan.targets.iter().filter(|t| t.is_none()).count();
    report.updated = products.len() - report.created;
    report.variants = products.iter().map(|p| p.variants.len()).sum();
    if opts.dry_run {
        if let Some(progress) = opts.progress {
            progress.fetch_add(products.len(), Ordering::Relaxed);
        }
        return Ok(report);
    }
    // What an import that died mid-way left staged goes first (any node or command cleans).
    if let Err(e) = store::staging::clean_expired(&st.store).await {
        tracing::warn!(error = %e, "staged rows of a stopped import not cleaned yet");
    }
    let mut tx = st.store.begin().await?;
    let import_id = store::staging::open(&mut tx, shop.sid()).await?;
    store::commit(tx).await?;
    let result = write_and_publish(st, shop, lang, &products, &plan, import_id, opts).await;
    match result {
        Ok(images) => {
            report.images_queued = images;
            Ok(report)
        }
        Err(e) => {
            if let Err(d) = store::staging::discard(&st.store, shop.sid(), import_id).await {
                // Its lease runs out and the next import or job claim removes it.
                tracing::error!(shop_id = shop.id, import_id, error = %d, "staged import not removed");
            }
            Err(e)
        }
    }
}

/// What the database says about the file's products before anything is written.
struct ImportPlan {
    /// For each product of the file, the existing product it updates (found by its handle).
    targets: Vec<Option<i64>>,
}

/// Parses the file and checks every product against our own rules.
fn read_and_check(
    st: &AppState,
    shop: &Shop,
    bytes: &[u8],
    lang: Lang,
) -> Result<(Vec<catalog_csv::Product>, Report), ImportError> {
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
    let products = catalog.products;
    report.first = products
        .iter()
        .take(10)
        .map(|p| (p.line, p.title.trim().to_string()))
        .collect();

    let mut problems = vec![];
    for p in &products {
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
    Ok((products, report))
}

/// Finds which products the file updates and checks what only the database can tell (handles
/// and SKUs used by other products, the plan's product limit), reading only.
async fn plan_import(
    st: &AppState,
    shop: &Shop,
    products: &[catalog_csv::Product],
    lang: Lang,
) -> Result<ImportPlan, ImportError> {
    let mut conn = st.store.reader().await?;
    let mut problems = vec![];
    let mut targets = Vec::with_capacity(products.len());
    let mut slugs = HashSet::new();
    let mut skus = HashSet::new();
    for p in products {
        let slug = slug_for(p);
        if !slugs.insert(slug.clone()) {
            problems.push(Problem {
                line: p.line,
                column: Some("Handle".into()),
                message: st.i18n.t(lang, "import-slug-twice"),
            });
        }
        let target =
            catalog::product_by_slug(&mut conn, shop.sid(), &shop.default_lang, &slug).await?;
        for v in &p.variants {
            let Some(sku) = v.sku.as_deref().filter(|s| !s.trim().is_empty()) else {
                continue;
            };
            if !skus.insert(sku.to_string()) {
                problems.push(Problem {
                    line: v.line,
                    column: Some("Variant SKU".into()),
                    message: st.i18n.t(lang, "import-sku-twice"),
                });
            } else if let Some(owner) = catalog::sku_owner(&mut conn, shop.sid(), sku).await? {
                if Some(owner) != target {
                    problems.push(Problem {
                        line: v.line,
                        column: Some("Variant SKU".into()),
                        message: st.i18n.t(lang, "import-sku-taken"),
                    });
                }
            }
        }
        targets.push(target);
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(ImportError::Invalid(problems));
    }
    // Early, so that a dry run says it too; `write_and_publish` checks again under the shop's lock.
    let new_count = targets.iter().filter(|t| t.is_none()).count() as i64;
    app::plan::check_products(&mut conn, shop.sid(), new_count)
        .await
        .map_err(|e| plan_refusal(st, lang, e))?;
    Ok(ImportPlan { targets })
}

fn plan_refusal(st: &AppState, lang: Lang, e: app::Error) -> ImportError {
    match e {
        app::Error::Refused(e) => ImportError::Invalid(vec![Problem {
            line: 1,
            column: None,
            message: st.i18n.error(lang, &e),
        }]),
        app::Error::Store(e) => ImportError::Store(e),
    }
}

/// The product's own fields as the file gives them.
fn fields_of(p: &catalog_csv::Product, category_id: Option<i64>) -> ProductFields {
    ProductFields {
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
    }
}

fn text_of(shop: &Shop, p: &catalog_csv::Product) -> ProductText {
    ProductText {
        lang: shop.default_lang.clone(),
        title: p.title.trim().to_string(),
        slug: slug_for(p),
        description_md: html_to_text(&p.body_html),
        seo_title: p.seo_title.clone().unwrap_or_default(),
        seo_description: p.seo_description.clone().unwrap_or_default(),
    }
}

fn option_names(shop: &Shop, p: &catalog_csv::Product) -> Vec<(i64, String, String)> {
    p.options
        .iter()
        .enumerate()
        .map(|(i, n)| (i as i64 + 1, shop.default_lang.clone(), n.clone()))
        .collect()
}

fn variant_fields(p: &catalog_csv::Product) -> Vec<VariantFields> {
    p.variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut options: [Option<String>; 3] = [None, None, None];
            for (slot, value) in options.iter_mut().zip(v.option_values.iter()) {
                *slot = Some(value.clone());
            }
            VariantFields {
                position: i as i64,
                sku: v.sku.clone().filter(|s| !s.trim().is_empty()),
                options,
                price_minor: v.price_minor,
                compare_at_minor: v.compare_at_minor,
                quantity: v.quantity.unwrap_or(0),
                weight_grams: v.grams,
                image_id: None,
            }
        })
        .collect()
}

fn taken(st: &AppState, lang: Lang, line: usize, e: store::StoreError) -> ImportError {
    match e {
        // Another product took the handle or a SKU since the file was checked.
        store::StoreError::Conflict(msg) => {
            let (column, key) = if msg.to_ascii_lowercase().contains("sku") {
                ("Variant SKU", "import-sku-taken")
            } else {
                ("Handle", "import-slug-taken")
            };
            ImportError::Invalid(vec![Problem {
                line,
                column: Some(column.into()),
                message: st.i18n.t(lang, key),
            }])
        }
        other => ImportError::Store(other),
    }
}

/// Creates the file's categories, stages its new products batch by batch, then publishes them
/// with the updates of existing products. Returns how many pictures were queued.
async fn write_and_publish(
    st: &AppState,
    shop: &Shop,
    lang: Lang,
    products: &[catalog_csv::Product],
    plan: &ImportPlan,
    import_id: i64,
    opts: &ImportOptions<'_>,
) -> Result<usize, ImportError> {
    let mut categories: BTreeMap<String, i64> = BTreeMap::new();
    {
        let mut tx = st.store.begin().await?;
        let mut created = vec![];
        for p in products {
            if let Some(path) = p.category.as_deref().filter(|c| !c.trim().is_empty()) {
                category_path(&mut tx, shop, path, &mut categories, &mut created).await?;
            }
        }
        store::staging::renew(&mut tx, shop.sid(), import_id, &created).await?;
        store::commit(tx).await?;
    }
    let category_of = |p: &catalog_csv::Product| {
        p.category
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .and_then(|c| categories.get(&category_key(c)).copied())
    };
    let count = |n: usize| {
        if let Some(progress) = opts.progress {
            progress.fetch_add(n, Ordering::Relaxed);
        }
    };
    let mut images = 0;
    let new: Vec<&catalog_csv::Product> = products
        .iter()
        .zip(&plan.targets)
        .filter(|(_, t)| t.is_none())
        .map(|(p, _)| p)
        .collect();
    let batch_max = opts.batch_max.unwrap_or(BATCH_MAX).max(1);
    let mut next = 0;
    let mut batches = 0;
    while next < new.len() {
        let mut tx = st.store.begin().await?;
        // Whenever the catalog has doubled (see `refresh_planner_stats`).
        if next >= 64 && next.is_power_of_two() {
            catalog::refresh_planner_stats(&mut tx).await?;
        }
        let started = Instant::now();
        let first = next;
        let indexer = app::catalog::Indexer::new(&mut tx, shop).await?;
        // Indexed as it is staged, so that the batch's time bound covers all of its work.
        while next < new.len() && next - first < batch_max && started.elapsed() < BATCH_TIME {
            let p = new[next];
            let fields = fields_of(p, category_of(p));
            let text = text_of(shop, p);
            let urls = image_urls(p);
            let staged = store::staging::StagedProduct {
                fields: &fields,
                text: &text,
                options: &option_names(shop, p),
                tags: &p.tags,
                variants: &variant_fields(p),
                images: &urls,
            };
            let id = store::staging::stage_product(&mut tx, shop.sid(), import_id, &staged)
                .await
                .map_err(|e| taken(st, lang, p.line, e))?;
            indexer.reindex(&mut tx, id).await?;
            images += urls.len();
            next += 1;
        }
        store::staging::renew(&mut tx, shop.sid(), import_id, &[]).await?;
        store::commit(tx).await?;
        count(next - first);
        batches += 1;
        if let Some(pause) = opts.pause.as_ref().filter(|p| p.after_batches == batches) {
            pause.reached.notify_one();
            pause.resume.notified().await;
        }
        // Lets writers queued behind this batch (other shops') go first.
        tokio::task::yield_now().await;
    }

    // One short transaction makes it all visible: the staged products flip, existing products
    // are updated in place (keeping their ids, variants and price history).
    let mut tx = st.store.begin().await?;
    // Authoritative (the check before writing only read): counted under the shop's lock.
    app::plan::check_products(&mut tx, shop.sid(), new.len() as i64)
        .await
        .map_err(|e| plan_refusal(st, lang, e))?;
    for (p, _) in products
        .iter()
        .zip(&plan.targets)
        .filter(|(_, t)| t.is_some())
    {
        images += update_one(&mut tx, st, shop, lang, p, category_of(p)).await?;
        count(1);
    }
    store::staging::publish(&mut tx, shop.sid(), import_id).await?;
    store::shop::bump_version(&mut tx, shop.sid()).await?;
    store::commit(tx).await?;
    Ok(images)
}

/// Saves an existing product of the file (found again by its handle, in case it went since the
/// file was checked); returns how many pictures were queued.
async fn update_one(
    tx: &mut store::Conn,
    st: &AppState,
    shop: &Shop,
    lang: Lang,
    p: &catalog_csv::Product,
    category_id: Option<i64>,
) -> Result<usize, ImportError> {
    let fields = fields_of(p, category_id);
    let text = text_of(shop, p);
    let id = match catalog::product_by_slug(tx, shop.sid(), &shop.default_lang, &text.slug).await? {
        Some(id) => {
            catalog::update_product(tx, shop.sid(), id, &fields).await?;
            id
        }
        None => catalog::create_product(tx, shop.sid(), &fields).await?,
    };
    catalog::set_text(tx, shop.sid(), id, &text)
        .await
        .map_err(|e| taken(st, lang, p.line, e))?;
    catalog::set_options(tx, shop.sid(), id, &option_names(shop, p)).await?;
    catalog::set_tags(tx, shop.sid(), id, &p.tags).await?;
    sync_variants(tx, shop.sid(), id, p)
        .await
        .map_err(|e| taken(st, lang, p.line, e))?;
    app::catalog::reindex_product(tx, shop, id).await?;
    let mut queued = 0;
    for (position, (url, alt)) in image_urls(p).into_iter().enumerate() {
        if store::import::queue_image(tx, shop.sid(), id, &url, &alt, position as i64).await? {
            queued += 1;
        }
    }
    Ok(queued)
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
    shop_id: ShopId,
    product_id: i64,
    p: &catalog_csv::Product,
) -> store::Result<()> {
    let old = catalog::variants(tx, shop_id, product_id).await?;
    let mut kept = vec![];
    for fields in variant_fields(p) {
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
    created: &mut Vec<i64>,
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
        let all = catalog::categories(tx, shop.sid()).await?;
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
                let id = catalog::create_category(tx, shop.sid(), parent, all.len() as i64).await?;
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
                catalog::set_category_text(tx, shop.sid(), id, &shop.default_lang, name, &slug, "")
                    .await?;
                created.push(id);
                id
            }
        };
        cache.insert(so_far.clone(), id);
        parent = Some(id);
    }
    parent.ok_or(store::StoreError::NotFound)
}

/// How [`category_path`] remembers a path: its names trimmed, joined by " > ".
fn category_key(path: &str) -> String {
    path.split('>')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join(" > ")
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
    let categories = catalog::categories(&mut conn, shop.sid()).await?;
    let mut out = catalog_csv::Catalog::default();
    for id in store::transfer::product_ids(&mut conn, shop.sid()).await? {
        let p = catalog::product(&mut conn, shop.sid(), id).await?;
        let texts = catalog::texts(&mut conn, shop.sid(), id).await?;
        let Some(text) = texts
            .iter()
            .find(|t| t.lang == shop.default_lang)
            .or(texts.first())
        else {
            continue;
        };
        let options = catalog::options(&mut conn, shop.sid(), id).await?;
        let option_names: Vec<String> = options
            .iter()
            .filter(|(_, l, _)| *l == text.lang)
            .map(|(_, _, n)| n.clone())
            .collect();
        let variants = catalog::variants(&mut conn, shop.sid(), id).await?;
        out.products.push(catalog_csv::Product {
            handle: text.slug.clone(),
            title: text.title.clone(),
            body_html: markdown_to_html(&text.description_md),
            vendor: p.vendor.clone(),
            product_type: None,
            category: p
                .category_id
                .map(|c| category_path_name(&categories, c, &text.lang)),
            tags: catalog::tags(&mut conn, shop.sid(), id).await?,
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
