//! Shopify's product CSV: reading an export as-is, and writing a catalog in
//! the 48 columns of Shopify's template so it imports back into Shopify.
//!
//! A product spans the rows sharing its handle: the first carries the
//! product and its first variant, the next ones further variants, and rows
//! with only image columns add pictures.

use std::collections::HashMap;
use std::io::{Read, Write};

use crate::error::{
    CsvError, Report, BAD_CHOICE, DUPLICATE_HANDLE, EMPTY_TITLE, IMAGE_NOT_HTTP,
    OPTION_VALUES_MISMATCH, ORPHAN_ROW, REQUIRED_VALUE, TOO_MANY_OPTIONS, UNKNOWN_STATUS,
};
use crate::model::{Catalog, Image, Product, Status, Variant};
use crate::number::{Numbers, ToGrams};
use crate::read::{for_each_row, normalize_header, require, Kind, Layout, Row, Sheet};
use crate::validate;
use crate::value;

/// The columns of Shopify's product template, in its order; the export
/// writes exactly these.
pub const TEMPLATE_COLUMNS: [&str; 48] = [
    "Handle",
    "Title",
    "Body (HTML)",
    "Vendor",
    "Product Category",
    "Type",
    "Tags",
    "Published",
    "Option1 Name",
    "Option1 Value",
    "Option2 Name",
    "Option2 Value",
    "Option3 Name",
    "Option3 Value",
    "Variant SKU",
    "Variant Grams",
    "Variant Inventory Tracker",
    "Variant Inventory Qty",
    "Variant Inventory Policy",
    "Variant Fulfillment Service",
    "Variant Price",
    "Variant Compare At Price",
    "Variant Requires Shipping",
    "Variant Taxable",
    "Variant Barcode",
    "Image Src",
    "Image Position",
    "Image Alt Text",
    "Gift Card",
    "SEO Title",
    "SEO Description",
    "Google Shopping / Google Product Category",
    "Google Shopping / Gender",
    "Google Shopping / Age Group",
    "Google Shopping / MPN",
    "Google Shopping / Condition",
    "Google Shopping / Custom Product",
    "Variant Image",
    "Variant Weight Unit",
    "Variant Tax Code",
    "Cost per item",
    "Included / United States",
    "Price / United States",
    "Compare At Price / United States",
    "Included / International",
    "Price / International",
    "Compare At Price / International",
    "Status",
];

const HANDLE: &str = "Handle";
const TITLE: &str = "Title";
const BODY: &str = "Body (HTML)";
const VENDOR: &str = "Vendor";
const CATEGORY: &str = "Product Category";
const TYPE: &str = "Type";
const TAGS: &str = "Tags";
const PUBLISHED: &str = "Published";
const OPTION_NAMES: [&str; 3] = ["Option1 Name", "Option2 Name", "Option3 Name"];
const OPTION_VALUES: [&str; 3] = ["Option1 Value", "Option2 Value", "Option3 Value"];
const SKU: &str = "Variant SKU";
const GRAMS: &str = "Variant Grams";
const TRACKER: &str = "Variant Inventory Tracker";
const QTY: &str = "Variant Inventory Qty";
const POLICY: &str = "Variant Inventory Policy";
const FULFILLMENT: &str = "Variant Fulfillment Service";
const PRICE: &str = "Variant Price";
const COMPARE_AT: &str = "Variant Compare At Price";
const REQUIRES_SHIPPING: &str = "Variant Requires Shipping";
const TAXABLE: &str = "Variant Taxable";
const BARCODE: &str = "Variant Barcode";
const IMAGE_SRC: &str = "Image Src";
const IMAGE_POSITION: &str = "Image Position";
const IMAGE_ALT: &str = "Image Alt Text";
const GIFT_CARD: &str = "Gift Card";
const SEO_TITLE: &str = "SEO Title";
const SEO_DESCRIPTION: &str = "SEO Description";
const VARIANT_IMAGE: &str = "Variant Image";
const WEIGHT_UNIT: &str = "Variant Weight Unit";
const STATUS: &str = "Status";

/// Columns the importer reads.
const KEYS: &[&str] = &[
    HANDLE,
    TITLE,
    BODY,
    VENDOR,
    CATEGORY,
    TYPE,
    TAGS,
    PUBLISHED,
    OPTION_NAMES[0],
    OPTION_VALUES[0],
    OPTION_NAMES[1],
    OPTION_VALUES[1],
    OPTION_NAMES[2],
    OPTION_VALUES[2],
    SKU,
    GRAMS,
    TRACKER,
    QTY,
    POLICY,
    PRICE,
    COMPARE_AT,
    REQUIRES_SHIPPING,
    TAXABLE,
    BARCODE,
    IMAGE_SRC,
    IMAGE_POSITION,
    IMAGE_ALT,
    SEO_TITLE,
    SEO_DESCRIPTION,
    VARIANT_IMAGE,
    STATUS,
];

/// Without these a file cannot be read as Shopify's.
pub(crate) const REQUIRED: [&str; 3] = [HANDLE, TITLE, PRICE];

/// Names used by Shopify's newer product export for the same columns
/// (normalised as by [`normalize_header`]), so that an export made either way
/// imports. Names that differ only by case need no alias.
const ALIASES: &[(&str, &str)] = &[
    ("url handle", HANDLE),
    ("description", BODY),
    ("published on online store", PUBLISHED),
    ("sku", SKU),
    ("barcode", BARCODE),
    ("price", PRICE),
    ("compare-at price", COMPARE_AT),
    ("charge tax", TAXABLE),
    ("inventory tracker", TRACKER),
    ("inventory quantity", QTY),
    ("continue selling when out of stock", POLICY),
    ("weight value (grams)", GRAMS),
    ("requires shipping", REQUIRES_SHIPPING),
    ("product image url", IMAGE_SRC),
    ("variant image url", VARIANT_IMAGE),
];

/// Whether this header line is one of Shopify's.
pub(crate) fn matches(normalized: &[String]) -> bool {
    normalized
        .iter()
        .any(|h| h == "handle" || h == "url handle")
}

/// Column `Option{n} Name` or `Option{n} Value` beyond the three Shopify
/// supports; `Some(true)` for a name.
fn extra_option(normalized: &str) -> Option<bool> {
    let rest = normalized.strip_prefix("option")?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let n: u32 = rest[..digits].parse().ok()?;
    if n <= 3 {
        return None;
    }
    match &rest[digits..] {
        " name" => Some(true),
        " value" | " linked to" => Some(false),
        _ => None,
    }
}

fn classify(normalized: &str, extra_names: &mut Vec<usize>, index: usize) -> Kind {
    if let Some(key) = KEYS.iter().find(|k| normalize_header(k) == normalized) {
        return Kind::Key(key);
    }
    if let Some((_, key)) = ALIASES.iter().find(|(alias, _)| *alias == normalized) {
        return Kind::Key(key);
    }
    if let Some(is_name) = extra_option(normalized) {
        if is_name {
            extra_names.push(index);
        }
        return Kind::Silent;
    }
    let silent_prefixes = [
        "included / ",
        "option1 linked to",
        "option2 linked to",
        "option3 linked to",
    ];
    if normalized == "variant weight unit"
        || normalized == "weight unit for display"
        || silent_prefixes.iter().any(|p| normalized.starts_with(p))
    {
        return Kind::Silent;
    }
    match normalized {
        "variant fulfillment service" | "fulfillment service" => Kind::Dropped(&["manual"]),
        "gift card" => Kind::Dropped(&["false"]),
        "cost per item" | "variant tax code" | "tax code" => Kind::Dropped(&[]),
        _ if normalized.starts_with("google shopping / ")
            || normalized.starts_with("price / ")
            || normalized.starts_with("compare at price / ")
            || normalized.starts_with("compare-at price / ")
            || normalized.starts_with("unit price ")
            || normalized.contains("metafields.") =>
        {
            Kind::Dropped(&[])
        }
        _ => Kind::Unknown,
    }
}

/// Column indexes, resolved once per file.
struct Columns {
    layout: Layout,
    extra_option_names: Vec<usize>,
}

impl Columns {
    fn get<'r>(&self, row: &'r Row, key: &'static str) -> &'r str {
        row.get(self.layout.index(key))
    }

    fn name(&self, key: &'static str) -> String {
        self.layout.name(key)
    }

    fn any(&self, row: &Row, keys: &[&'static str]) -> bool {
        keys.iter().any(|k| !self.get(row, k).is_empty())
    }
}

/// Columns that only a product's first row fills.
const PRODUCT_KEYS: [&str; 13] = [
    TITLE,
    BODY,
    VENDOR,
    CATEGORY,
    TYPE,
    TAGS,
    PUBLISHED,
    OPTION_NAMES[0],
    OPTION_NAMES[1],
    OPTION_NAMES[2],
    SEO_TITLE,
    SEO_DESCRIPTION,
    STATUS,
];

/// Columns that make a row a variant; the fulfillment service and weight
/// unit are left out because they carry no variant on their own.
const VARIANT_KEYS: [&str; 14] = [
    OPTION_VALUES[0],
    OPTION_VALUES[1],
    OPTION_VALUES[2],
    SKU,
    GRAMS,
    TRACKER,
    QTY,
    POLICY,
    PRICE,
    COMPARE_AT,
    REQUIRES_SHIPPING,
    TAXABLE,
    BARCODE,
    VARIANT_IMAGE,
];

struct Draft {
    product: Product,
    /// Which of the three option columns hold this product's options.
    slots: Vec<usize>,
}

pub(crate) fn import<R: Read>(
    sheet: &mut Sheet<R>,
    numbers: &Numbers,
    report: &mut Report,
) -> Catalog {
    let mut extra_option_names = Vec::new();
    let layout = Layout::new(&sheet.headers, report, |index, normalized| {
        classify(normalized, &mut extra_option_names, index)
    });
    let mut cols = Columns {
        layout,
        extra_option_names,
    };
    if !require(&cols.layout, &REQUIRED, report) {
        return Catalog::default();
    }

    let mut drafts: Vec<Draft> = Vec::new();
    let mut by_handle: HashMap<String, usize> = HashMap::new();
    for_each_row(sheet, report, |row, report| {
        cols.layout.observe(row);
        let handle = cols.get(row, HANDLE);
        if handle.is_empty() {
            report.error(CsvError::new(REQUIRED_VALUE, row.line).column(cols.name(HANDLE)));
            return;
        }
        let index = match by_handle.get(handle) {
            None => {
                if !cols.any(row, &PRODUCT_KEYS) {
                    report.error(
                        CsvError::new(ORPHAN_ROW, row.line)
                            .column(cols.name(HANDLE))
                            .with("value", handle),
                    );
                    return;
                }
                let draft = product_row(row, &cols, numbers, report);
                by_handle.insert(handle.to_owned(), drafts.len());
                drafts.push(draft);
                drafts.len() - 1
            }
            Some(&index) => {
                let draft = &mut drafts[index];
                let title = cols.get(row, TITLE);
                if !title.is_empty() && title != draft.product.title {
                    report.error(
                        CsvError::new(DUPLICATE_HANDLE, row.line)
                            .column(cols.name(HANDLE))
                            .with("value", handle)
                            .with("first_line", draft.product.line),
                    );
                    return;
                }
                if cols.any(row, &VARIANT_KEYS) {
                    if let Some(variant) = variant(row, &cols, &draft.slots, numbers, report) {
                        draft.product.variants.push(variant);
                    }
                }
                index
            }
        };
        if let Some(image) = image(row, &cols, numbers, report) {
            drafts[index].product.images.push(image);
        }
    });
    cols.layout.report_dropped(report);

    let catalog = Catalog {
        products: drafts
            .into_iter()
            .map(|d| drop_default_title(d.product))
            .collect(),
    };
    validate::check(
        &catalog,
        &cols.name(SKU),
        |_| cols.name(OPTION_VALUES[0]),
        report,
    );
    catalog
}

/// Shopify gives a product without options one option "Title" whose only
/// value is "Default Title"; Vitrine says the same with no options at all,
/// and the export writes Shopify's convention back.
fn drop_default_title(mut product: Product) -> Product {
    if product.options == ["Title"]
        && product
            .variants
            .iter()
            .all(|v| v.option_values == ["Default Title"])
    {
        product.options.clear();
        for variant in &mut product.variants {
            variant.option_values.clear();
        }
    }
    product
}

fn product_row(row: &Row, cols: &Columns, numbers: &Numbers, report: &mut Report) -> Draft {
    let line = row.line;
    let title = cols.get(row, TITLE);
    if title.is_empty() {
        report.error(CsvError::new(EMPTY_TITLE, line).column(cols.name(TITLE)));
    }
    let slots: Vec<usize> = (0..3)
        .filter(|&i| !cols.get(row, OPTION_NAMES[i]).is_empty())
        .collect();
    let options: Vec<String> = slots
        .iter()
        .map(|&i| cols.get(row, OPTION_NAMES[i]).to_owned())
        .collect();
    let extra: Vec<(usize, &str)> = cols
        .extra_option_names
        .iter()
        .map(|&i| (i, row.get(Some(i))))
        .filter(|(_, name)| !name.is_empty())
        .collect();
    if let Some(&(first_extra, _)) = extra.first() {
        let all: Vec<&str> = options
            .iter()
            .map(String::as_str)
            .chain(extra.iter().map(|(_, n)| *n))
            .collect();
        report.error(
            CsvError::new(TOO_MANY_OPTIONS, line)
                .column(cols.layout.headers[first_extra].clone())
                .with("value", all.join(", "))
                .with("max", 3),
        );
    }
    let status = status(row, cols, report);
    let mut product = Product {
        handle: cols.get(row, HANDLE).to_owned(),
        title: title.to_owned(),
        body_html: cols.get(row, BODY).to_owned(),
        vendor: value::text(cols.get(row, VENDOR)),
        product_type: value::text(cols.get(row, TYPE)),
        category: value::text(cols.get(row, CATEGORY)),
        tags: value::list(cols.get(row, TAGS)),
        status,
        options,
        variants: Vec::new(),
        images: Vec::new(),
        seo_title: value::text(cols.get(row, SEO_TITLE)),
        seo_description: value::text(cols.get(row, SEO_DESCRIPTION)),
        line,
    };
    // The first row of a product always holds its first variant.
    if let Some(variant) = variant(row, cols, &slots, numbers, report) {
        product.variants.push(variant);
    }
    Draft { product, slots }
}

/// The `Status` column when filled, else what `Published` implies, as
/// older exports had no status.
fn status(row: &Row, cols: &Columns, report: &mut Report) -> Status {
    let raw = cols.get(row, STATUS);
    if !raw.is_empty() {
        return match raw.to_lowercase().as_str() {
            "active" => Status::Active,
            "draft" => Status::Draft,
            "archived" => Status::Archived,
            _ => {
                report.error(
                    CsvError::new(UNKNOWN_STATUS, row.line)
                        .column(cols.name(STATUS))
                        .with("value", raw)
                        .with("expected", "active, draft, archived"),
                );
                Status::Draft
            }
        };
    }
    let published = report.optional(
        row.line,
        &cols.name(PUBLISHED),
        cols.get(row, PUBLISHED),
        value::boolean,
    );
    match published {
        Some(false) => Status::Draft,
        _ => Status::Active,
    }
}

fn variant(
    row: &Row,
    cols: &Columns,
    slots: &[usize],
    numbers: &Numbers,
    report: &mut Report,
) -> Option<Variant> {
    let line = row.line;
    let values: Vec<&str> = (0..3).map(|i| cols.get(row, OPTION_VALUES[i])).collect();
    if let Some(wrong) = (0..3).find(|&i| slots.contains(&i) == values[i].is_empty()) {
        report.error(
            CsvError::new(OPTION_VALUES_MISMATCH, line)
                .column(cols.name(OPTION_VALUES[wrong]))
                .with("expected", slots.len())
                .with("found", values.iter().filter(|v| !v.is_empty()).count()),
        );
        return None;
    }
    let cell = |key| (cols.name(key), cols.get(row, key));
    let (name, raw) = cell(PRICE);
    let price = report.required(line, &name, raw, |s| numbers.price(s));
    let (name, raw) = cell(COMPARE_AT);
    let compare_at_minor = report.optional(line, &name, raw, |s| numbers.price(s));
    let (name, raw) = cell(GRAMS);
    let grams = report.optional(line, &name, raw, |s| numbers.grams(s, ToGrams::GRAM));
    let (name, raw) = cell(QTY);
    let quantity = report.optional(line, &name, raw, |s| numbers.integer(s));
    let (name, raw) = cell(REQUIRES_SHIPPING);
    let requires_shipping = report
        .optional(line, &name, raw, value::boolean)
        .unwrap_or(true);
    let (name, raw) = cell(TAXABLE);
    let taxable = report
        .optional(line, &name, raw, value::boolean)
        .unwrap_or(true);
    let (name, raw) = cell(POLICY);
    let allow_backorder = match raw.to_lowercase().as_str() {
        "" | "deny" | "false" => false,
        "continue" | "true" => true,
        _ => {
            report.error(
                CsvError::new(BAD_CHOICE, line)
                    .column(name)
                    .with("value", raw)
                    .with("expected", "deny, continue"),
            );
            false
        }
    };
    let image_src = url(row, cols, VARIANT_IMAGE, report);
    Some(Variant {
        sku: value::text(cols.get(row, SKU)),
        option_values: slots.iter().map(|&i| values[i].to_owned()).collect(),
        price_minor: price.unwrap_or_default(),
        compare_at_minor,
        grams,
        // Any tracker ("shopify", or a fulfilment app's) means stock is counted.
        track_inventory: !cols.get(row, TRACKER).is_empty(),
        quantity,
        allow_backorder,
        requires_shipping,
        taxable,
        barcode: value::text(cols.get(row, BARCODE)),
        image_src,
        line,
    })
}

/// An image URL from `key`, or a warning when it could never be fetched.
fn url(row: &Row, cols: &Columns, key: &'static str, report: &mut Report) -> Option<String> {
    let raw = cols.get(row, key);
    if raw.is_empty() {
        return None;
    }
    if !value::is_http_url(raw) {
        report.warn(
            CsvError::new(IMAGE_NOT_HTTP, row.line)
                .column(cols.name(key))
                .with("value", raw),
        );
        return None;
    }
    Some(raw.to_owned())
}

fn image(row: &Row, cols: &Columns, numbers: &Numbers, report: &mut Report) -> Option<Image> {
    let src = url(row, cols, IMAGE_SRC, report)?;
    let position = report.optional(
        row.line,
        &cols.name(IMAGE_POSITION),
        cols.get(row, IMAGE_POSITION),
        |s| numbers.position(s),
    );
    Some(Image {
        src,
        position,
        alt: value::text(cols.get(row, IMAGE_ALT)),
    })
}

/// Writes `catalog` as Shopify exports products: the template's header, then
/// per product a row holding the product and its first variant and first
/// image, and one more row per further variant or image.
pub(crate) fn export<W: Write>(
    catalog: &Catalog,
    writer: W,
    minor_units: u8,
) -> std::io::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(writer);
    out.write_record(TEMPLATE_COLUMNS)?;
    let at = |name: &str| {
        TEMPLATE_COLUMNS
            .iter()
            .position(|c| *c == name)
            .expect("every exported column is in the template")
    };
    let yes_no = |b: bool| (if b { "TRUE" } else { "FALSE" }).to_owned();
    // Numbers are written as numbers: "-3" in stock is no formula to neutralise.
    let numeric = [GRAMS, QTY, PRICE, COMPARE_AT, IMAGE_POSITION].map(&at);
    for product in &catalog.products {
        let rows = product.variants.len().max(product.images.len()).max(1);
        for i in 0..rows {
            let mut record = vec![String::new(); TEMPLATE_COLUMNS.len()];
            let mut set = |name: &str, value: String| {
                let i = at(name);
                record[i] = if numeric.contains(&i) {
                    value
                } else {
                    value::protect(&value).into_owned()
                };
            };
            set(HANDLE, product.handle.clone());
            if i == 0 {
                set(TITLE, product.title.clone());
                set(BODY, product.body_html.clone());
                set(VENDOR, product.vendor.clone().unwrap_or_default());
                set(CATEGORY, product.category.clone().unwrap_or_default());
                set(TYPE, product.product_type.clone().unwrap_or_default());
                set(TAGS, product.tags.join(", "));
                set(PUBLISHED, yes_no(product.status == Status::Active));
                if product.options.is_empty() {
                    set(OPTION_NAMES[0], "Title".to_owned());
                }
                for (slot, option) in product.options.iter().take(3).enumerate() {
                    set(OPTION_NAMES[slot], option.clone());
                }
                set(GIFT_CARD, "FALSE".to_owned());
                set(SEO_TITLE, product.seo_title.clone().unwrap_or_default());
                set(
                    SEO_DESCRIPTION,
                    product.seo_description.clone().unwrap_or_default(),
                );
                set(STATUS, product.status.as_shopify().to_owned());
            }
            if let Some(variant) = product.variants.get(i) {
                if product.options.is_empty() {
                    set(OPTION_VALUES[0], "Default Title".to_owned());
                }
                for (slot, value) in variant.option_values.iter().take(3).enumerate() {
                    set(OPTION_VALUES[slot], value.clone());
                }
                set(SKU, variant.sku.clone().unwrap_or_default());
                set(
                    GRAMS,
                    variant.grams.map(|g| g.to_string()).unwrap_or_default(),
                );
                if variant.track_inventory {
                    set(TRACKER, "shopify".to_owned());
                }
                set(
                    QTY,
                    variant.quantity.map(|q| q.to_string()).unwrap_or_default(),
                );
                let policy = if variant.allow_backorder {
                    "continue"
                } else {
                    "deny"
                };
                set(POLICY, policy.to_owned());
                set(FULFILLMENT, "manual".to_owned());
                set(PRICE, value::format_price(variant.price_minor, minor_units));
                set(
                    COMPARE_AT,
                    variant
                        .compare_at_minor
                        .map(|p| value::format_price(p, minor_units))
                        .unwrap_or_default(),
                );
                set(REQUIRES_SHIPPING, yes_no(variant.requires_shipping));
                set(TAXABLE, yes_no(variant.taxable));
                set(BARCODE, variant.barcode.clone().unwrap_or_default());
                set(VARIANT_IMAGE, variant.image_src.clone().unwrap_or_default());
                set(WEIGHT_UNIT, "g".to_owned());
            }
            if let Some(image) = product.images.get(i) {
                set(IMAGE_SRC, image.src.clone());
                set(
                    IMAGE_POSITION,
                    image.position.map(|p| p.to_string()).unwrap_or_default(),
                );
                set(IMAGE_ALT, image.alt.clone().unwrap_or_default());
            }
            out.write_record(&record)?;
        }
    }
    out.flush()
}
