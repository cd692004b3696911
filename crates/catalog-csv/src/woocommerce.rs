//! WooCommerce's product CSV (Products › Export), in English or with the
//! column names of a French WooCommerce admin.
//!
//! One row per product; a variable product is followed, anywhere in the
//! file, by its variations, which name their parent as `id:NN` or by SKU.
//! WooCommerce's option axes are "attributes", given as numbered column
//! groups (`Attribute 1 name`, `Attribute 1 value(s)`, ...).

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use crate::error::{
    CsvError, Report, BAD_CHOICE, EMPTY_TITLE, EXTRA_CATEGORIES, IMAGE_NOT_HTTP, NO_VARIANTS,
    OPTION_VALUE_MISSING, ORPHAN_ROW, REQUIRED_VALUE, TOO_MANY_OPTIONS, UNKNOWN_OPTION,
    UNKNOWN_STATUS, UNKNOWN_UNIT, UNSUPPORTED_TYPE, VARIATION_DISABLED,
};
use crate::model::{Catalog, Image, Product, Status, Variant};
use crate::number::{Numbers, ToGrams};
use crate::read::{for_each_row, require, Kind, Layout, Row, Sheet};
use crate::slug::Handles;
use crate::validate;
use crate::value;

const ID: &str = "ID";
const TYPE: &str = "Type";
const SKU: &str = "SKU";
const GTIN: &str = "GTIN, UPC, EAN, or ISBN";
const NAME: &str = "Name";
const PUBLISHED: &str = "Published";
const SHORT_DESCRIPTION: &str = "Short description";
const DESCRIPTION: &str = "Description";
const SALE_PRICE: &str = "Sale price";
const REGULAR_PRICE: &str = "Regular price";
const SALE_STARTS: &str = "Date sale price starts";
const SALE_ENDS: &str = "Date sale price ends";
const CATEGORIES: &str = "Categories";
const TAGS: &str = "Tags";
const IMAGES: &str = "Images";
const PARENT: &str = "Parent";
const IN_STOCK: &str = "In stock?";
const STOCK: &str = "Stock";
const BACKORDERS: &str = "Backorders allowed?";
const TAX_STATUS: &str = "Tax status";
const WEIGHT: &str = "Weight";

/// Without these a file cannot be read as WooCommerce's.
pub(crate) const REQUIRED: [&str; 3] = [TYPE, NAME, REGULAR_PRICE];

/// Header names (normalised) for each column read. WooCommerce translates
/// its headers into the admin's language, so a French shop exports "Nom",
/// "Tarif régulier"...
const NAMES: &[(&str, &str)] = &[
    ("id", ID),
    ("type", TYPE),
    ("sku", SKU),
    ("ugs", SKU),
    ("gtin, upc, ean, or isbn", GTIN),
    ("gtin, upc, ean ou isbn", GTIN),
    ("name", NAME),
    ("nom", NAME),
    ("published", PUBLISHED),
    ("publié", PUBLISHED),
    ("short description", SHORT_DESCRIPTION),
    ("description courte", SHORT_DESCRIPTION),
    ("description", DESCRIPTION),
    ("sale price", SALE_PRICE),
    ("tarif promo", SALE_PRICE),
    ("regular price", REGULAR_PRICE),
    ("tarif régulier", REGULAR_PRICE),
    ("date sale price starts", SALE_STARTS),
    ("date sale price ends", SALE_ENDS),
    ("categories", CATEGORIES),
    ("catégories", CATEGORIES),
    ("tags", TAGS),
    ("étiquettes", TAGS),
    ("images", IMAGES),
    ("parent", PARENT),
    ("in stock?", IN_STOCK),
    ("en stock ?", IN_STOCK),
    ("stock", STOCK),
    ("backorders allowed?", BACKORDERS),
    ("tax status", TAX_STATUS),
];

/// Columns WooCommerce exports whose data Vitrine does not keep, with the
/// values that mean "nothing special" and so need no warning.
const DROPPED: &[(&str, &[&str])] = &[
    ("is featured?", &["0"]),
    ("mis en avant ?", &["0"]),
    ("visibility in catalog", &["visible"]),
    // Variations write "parent": the parent's class, nothing of their own.
    ("tax class", &["parent"]),
    ("low stock amount", &[]),
    ("montant de stock faible", &[]),
    ("sold individually?", &["0"]),
    ("purchase note", &[]),
    ("shipping class", &[]),
    ("download limit", &["-1"]),
    ("download expiry days", &["-1"]),
    ("grouped products", &[]),
    ("upsells", &[]),
    ("cross-sells", &[]),
    ("external url", &[]),
    ("button text", &[]),
    ("brands", &[]),
];

/// Columns understood and of no use to a Vitrine catalog.
const SILENT: &[&str] = &["allow customer reviews?", "position"];

/// Whether this header line is one of WooCommerce's.
pub(crate) fn matches(normalized: &[String]) -> bool {
    let has = |names: &[&str]| normalized.iter().any(|h| names.contains(&h.as_str()));
    has(&["name", "nom"])
        && has(&["type"])
        && has(&[
            "regular price",
            "tarif régulier",
            "parent",
            "published",
            "publié",
            "sku",
            "ugs",
        ])
}

/// The number in a header such as "attribute 2 name", given its words
/// before and after the number.
fn numbered(header: &str, before: &str, after: &str) -> Option<u32> {
    header
        .strip_prefix(before)?
        .strip_suffix(after)?
        .parse()
        .ok()
}

#[derive(Default)]
struct AttributeColumns {
    name: Option<usize>,
    value: Option<usize>,
}

struct Columns {
    layout: Layout,
    weight: Option<(usize, ToGrams)>,
    attributes: BTreeMap<u32, AttributeColumns>,
}

impl Columns {
    fn get<'r>(&self, row: &'r Row, key: &'static str) -> &'r str {
        if key == WEIGHT {
            return row.get(self.weight.map(|(i, _)| i));
        }
        row.get(self.layout.index(key))
    }

    fn name(&self, key: &'static str) -> String {
        match (key, self.weight) {
            (WEIGHT, Some((i, _))) => self.layout.headers[i].clone(),
            _ => self.layout.name(key),
        }
    }

    /// The file's header for column `index`.
    fn header(&self, index: Option<usize>, fallback: &str) -> String {
        index.map_or_else(|| fallback.to_owned(), |i| self.layout.headers[i].clone())
    }

    fn value_header(&self, n: u32) -> String {
        let index = self.attributes.get(&n).and_then(|a| a.value);
        self.header(index, &format!("Attribute {n} value(s)"))
    }

    /// `(number, name, value)` of each attribute named on `row`.
    fn attributes<'r>(&self, row: &'r Row) -> Vec<(u32, &'r str, &'r str)> {
        self.attributes
            .iter()
            .map(|(&n, a)| (n, row.get(a.name), row.get(a.value)))
            .filter(|(_, name, _)| !name.is_empty())
            .collect()
    }
}

fn columns(headers: &[String], report: &mut Report) -> Columns {
    let mut weight = None;
    let mut unknown_units = Vec::new();
    let mut attributes: BTreeMap<u32, AttributeColumns> = BTreeMap::new();
    let layout = Layout::new(headers, report, |index, h| {
        if let Some((_, key)) = NAMES.iter().find(|(name, _)| *name == h) {
            return Kind::Key(key);
        }
        // WooCommerce names its weight unit in the header; a hand-made file
        // without one is in WooCommerce's default unit, the kilogram.
        if h == "weight" || h == "poids" {
            weight = Some((index, ToGrams::KILOGRAM));
            return Kind::Silent;
        }
        for prefix in ["weight (", "poids ("] {
            if let Some(unit) = h.strip_prefix(prefix).and_then(|u| u.strip_suffix(')')) {
                match ToGrams::from_unit(unit) {
                    Some(to_grams) => weight = Some((index, to_grams)),
                    None => unknown_units.push((index, unit.trim().to_owned())),
                }
                return Kind::Silent;
            }
        }
        // French names follow WooCommerce's fr_FR translation.
        let name =
            numbered(h, "attribute ", " name").or_else(|| numbered(h, "nom de l'attribut ", ""));
        if let Some(n) = name {
            attributes.entry(n).or_default().name = Some(index);
            return Kind::Silent;
        }
        let value = numbered(h, "attribute ", " value(s)")
            .or_else(|| numbered(h, "valeur(s) de l'attribut ", ""));
        if let Some(n) = value {
            attributes.entry(n).or_default().value = Some(index);
            return Kind::Silent;
        }
        let attribute_flag = [" visible", " global", " default"].iter().any(|s| {
            numbered(h, "attribute ", s).is_some() || numbered(h, "attribut ", s).is_some()
        }) || numbered(h, "attribut par défaut ", "").is_some();
        if attribute_flag || SILENT.contains(&h) {
            return Kind::Silent;
        }
        if let Some((_, defaults)) = DROPPED.iter().find(|(name, _)| *name == h) {
            return Kind::Dropped(defaults);
        }
        let dimension = [
            "length (",
            "width (",
            "height (",
            "longueur (",
            "largeur (",
            "hauteur (",
        ]
        .iter()
        .any(|p| h.starts_with(p));
        let download = h.starts_with("download ")
            && (h.ends_with(" name") || h.ends_with(" url") || h.ends_with(" id"));
        // Custom fields ("Meta: _yoast_wpseo_title"...) are other plugins' data.
        if dimension || download || h.starts_with("meta:") {
            return Kind::Dropped(&[]);
        }
        Kind::Unknown
    });
    // Weights in an unknown unit cannot be converted, and leaving them out
    // would ship every parcel as weightless.
    for (index, unit) in unknown_units {
        report.error(
            CsvError::new(UNKNOWN_UNIT, 1)
                .column(layout.headers[index].clone())
                .with("value", unit)
                .with("expected", "kg, g, lbs, oz"),
        );
    }
    Columns {
        layout,
        weight,
        attributes,
    }
}

/// Stock as one WooCommerce row states it.
#[derive(Clone, Copy)]
enum Stock {
    Untracked,
    Tracked(i64),
    SoldOut,
    /// A variation counting its parent's stock.
    Parent,
}

/// What one row says about a variant, before a variation inherits the
/// blanks from its parent as WooCommerce does.
struct Fields {
    sku: Option<String>,
    barcode: Option<String>,
    price: Option<i64>,
    compare_at: Option<i64>,
    grams: Option<i64>,
    stock: Stock,
    backorder: Option<bool>,
    taxable: Option<bool>,
    requires_shipping: bool,
}

impl Fields {
    fn into_variant(
        self,
        parent: Option<&Fields>,
        option_values: Vec<String>,
        line: usize,
    ) -> Variant {
        // Vitrine counts stock per variant; a stock shared with the parent is
        // copied to each variation, which the seller should review.
        let stock = match (self.stock, parent) {
            (Stock::Parent, Some(p)) => p.stock,
            (stock, _) => stock,
        };
        let (track_inventory, quantity) = match stock {
            Stock::Untracked | Stock::Parent => (false, None),
            Stock::Tracked(q) => (true, Some(q)),
            Stock::SoldOut => (true, Some(0)),
        };
        Variant {
            sku: self.sku,
            option_values,
            price_minor: self.price.unwrap_or_default(),
            compare_at_minor: self.compare_at,
            grams: self.grams.or(parent.and_then(|p| p.grams)),
            track_inventory,
            quantity,
            allow_backorder: self
                .backorder
                .or(parent.and_then(|p| p.backorder))
                .unwrap_or(false),
            requires_shipping: self.requires_shipping,
            taxable: self
                .taxable
                .or(parent.and_then(|p| p.taxable))
                .unwrap_or(true),
            barcode: self.barcode,
            image_src: None,
            line,
        }
    }
}

struct Parent {
    product: usize,
    line: usize,
    attributes: Vec<(u32, String)>,
    fields: Fields,
    variations: Vec<Variation>,
}

struct Variation {
    line: usize,
    fields: Fields,
    /// `(number, name, value)` of each attribute on the row.
    attributes: Vec<(u32, String, String)>,
    image: Option<String>,
}

/// Everything gathered in one pass over the file.
struct Import {
    cols: Columns,
    products: Vec<Product>,
    option_columns: Vec<String>,
    parents: Vec<Parent>,
    parents_by_id: HashMap<String, usize>,
    parents_by_sku: HashMap<String, usize>,
    /// Variations with their parent reference, attached once all parents are known.
    variations: Vec<(String, Variation)>,
    handles: Handles,
}

pub(crate) fn import<R: Read>(
    sheet: &mut Sheet<R>,
    numbers: &Numbers,
    report: &mut Report,
) -> Catalog {
    let cols = columns(&sheet.headers, report);
    if !require(&cols.layout, &REQUIRED, report) {
        return Catalog::default();
    }
    let mut state = Import {
        cols,
        products: Vec::new(),
        option_columns: Vec::new(),
        parents: Vec::new(),
        parents_by_id: HashMap::new(),
        parents_by_sku: HashMap::new(),
        variations: Vec::new(),
        handles: Handles::default(),
    };
    for_each_row(sheet, report, |row, report| state.row(row, numbers, report));
    state.attach(report);
    state.cols.layout.report_dropped(report);
    let catalog = Catalog {
        products: state.products,
    };
    let sku_column = state.cols.name(SKU);
    let option_columns = state.option_columns;
    validate::check(&catalog, &sku_column, |i| option_columns[i].clone(), report);
    catalog
}

impl Import {
    fn row(&mut self, row: &Row, numbers: &Numbers, report: &mut Report) {
        self.cols.layout.observe(row);
        // Sale dates are read (to leave a dated sale aside) but not kept.
        for key in [SALE_STARTS, SALE_ENDS] {
            if let Some(index) = self.cols.layout.index(key) {
                if !row.get(Some(index)).is_empty() {
                    self.cols.layout.mark_dropped(index);
                }
            }
        }
        let type_cell = self.cols.get(row, TYPE).to_lowercase();
        let words: Vec<&str> = type_cell
            .split(',')
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .collect();
        let kind = words.first().copied().unwrap_or("simple");
        let requires_shipping = !words.contains(&"virtual");
        match kind {
            "simple" | "variable" => {
                let product = self.product(row, report);
                let fields = self.fields(row, numbers, requires_shipping, kind == "simple", report);
                let index = self.products.len();
                self.products.push(product);
                self.option_columns.push(self.cols.value_header(1));
                if kind == "simple" {
                    let variant = fields.into_variant(None, Vec::new(), row.line);
                    self.products[index].variants.push(variant);
                    return;
                }
                let parent = self.parents.len();
                let id = self.cols.get(row, ID);
                if !id.is_empty() {
                    self.parents_by_id.insert(id.to_owned(), parent);
                }
                if let Some(sku) = &fields.sku {
                    self.parents_by_sku.insert(sku.clone(), parent);
                }
                let attributes = self
                    .cols
                    .attributes(row)
                    .into_iter()
                    .map(|(n, name, _)| (n, name.to_owned()))
                    .collect();
                self.parents.push(Parent {
                    product: index,
                    line: row.line,
                    attributes,
                    fields,
                    variations: Vec::new(),
                });
            }
            "variation" => self.variation(row, numbers, requires_shipping, report),
            _ => report.warn(
                CsvError::new(UNSUPPORTED_TYPE, row.line)
                    .column(self.cols.name(TYPE))
                    .with("value", kind),
            ),
        }
    }

    fn product(&mut self, row: &Row, report: &mut Report) -> Product {
        let cols = &self.cols;
        let line = row.line;
        let title = cols.get(row, NAME);
        if title.is_empty() {
            report.error(CsvError::new(EMPTY_TITLE, line).column(cols.name(NAME)));
        }
        let id = cols.get(row, ID);
        let fallback = format!(
            "product-{}",
            if id.is_empty() {
                line.to_string()
            } else {
                id.to_owned()
            }
        );
        let handle = self.handles.make(title, &fallback);
        let mut body = unescape_newlines(cols.get(row, DESCRIPTION));
        if body.is_empty() {
            body = unescape_newlines(cols.get(row, SHORT_DESCRIPTION));
        }
        let mut categories = split_escaped(cols.get(row, CATEGORIES)).into_iter();
        let category = categories.next();
        let others: Vec<String> = categories.collect();
        if !others.is_empty() {
            report.warn(
                CsvError::new(EXTRA_CATEGORIES, line)
                    .column(cols.name(CATEGORIES))
                    .with("value", others.join(", ")),
            );
        }
        let published = cols.get(row, PUBLISHED);
        // WooCommerce writes 1 (published), 0 (private: seen by no shopper)
        // or -1 (draft), and its importer also takes true and false.
        let status = match published.to_lowercase().as_str() {
            "" | "1" | "true" => Status::Active,
            "0" | "-1" | "false" => Status::Draft,
            _ => {
                report.error(
                    CsvError::new(UNKNOWN_STATUS, line)
                        .column(cols.name(PUBLISHED))
                        .with("value", published)
                        .with("expected", "1, 0, -1, true, false"),
                );
                Status::Draft
            }
        };
        let images = self
            .image_urls(row, report)
            .into_iter()
            .enumerate()
            .map(|(i, src)| Image {
                src,
                position: Some(i as i64 + 1),
                alt: None,
            })
            .collect();
        Product {
            handle,
            title: title.to_owned(),
            body_html: body,
            vendor: None,
            product_type: None,
            category,
            tags: split_escaped(cols.get(row, TAGS)),
            status,
            options: Vec::new(),
            variants: Vec::new(),
            images,
            seo_title: None,
            seo_description: None,
            line,
        }
    }

    /// The row's image URLs, warning about those that could never be fetched.
    fn image_urls(&self, row: &Row, report: &mut Report) -> Vec<String> {
        value::list(self.cols.get(row, IMAGES))
            .into_iter()
            .filter(|url| {
                let ok = value::is_http_url(url);
                if !ok {
                    report.warn(
                        CsvError::new(IMAGE_NOT_HTTP, row.line)
                            .column(self.cols.name(IMAGES))
                            .with("value", url),
                    );
                }
                ok
            })
            .collect()
    }

    fn variation(
        &mut self,
        row: &Row,
        numbers: &Numbers,
        requires_shipping: bool,
        report: &mut Report,
    ) {
        let cols = &self.cols;
        // WooCommerce exports a disabled variation as private (0); importing
        // it would put a withdrawn version back on sale. Its importer makes a
        // variation marked -1 (draft) or false a published one.
        if cols.get(row, PUBLISHED) == "0" {
            report.warn(CsvError::new(VARIATION_DISABLED, row.line).column(cols.name(PUBLISHED)));
            return;
        }
        let parent = cols.get(row, PARENT);
        if parent.is_empty() {
            report.error(CsvError::new(REQUIRED_VALUE, row.line).column(cols.name(PARENT)));
            return;
        }
        let fields = self.fields(row, numbers, requires_shipping, true, report);
        let variation = Variation {
            line: row.line,
            fields,
            attributes: self
                .cols
                .attributes(row)
                .into_iter()
                .map(|(n, name, value)| (n, name.to_owned(), value.to_owned()))
                .collect(),
            image: self.image_urls(row, report).into_iter().next(),
        };
        self.variations.push((parent.to_owned(), variation));
    }

    fn fields(
        &self,
        row: &Row,
        numbers: &Numbers,
        requires_shipping: bool,
        needs_price: bool,
        report: &mut Report,
    ) -> Fields {
        let cols = &self.cols;
        let line = row.line;
        let money = |s: &str| numbers.price(s);
        let (regular_raw, sale_raw) = (cols.get(row, REGULAR_PRICE), cols.get(row, SALE_PRICE));
        let regular = report.optional(line, &cols.name(REGULAR_PRICE), regular_raw, money);
        let sale = report.optional(line, &cols.name(SALE_PRICE), sale_raw, money);
        // Vitrine has no dated sales: a sale with dates may not have started
        // or may be over, and the regular price is the safe one to sell at.
        let scheduled =
            !cols.get(row, SALE_STARTS).is_empty() || !cols.get(row, SALE_ENDS).is_empty();
        let (price, compare_at) = match (regular, sale) {
            (Some(r), Some(s)) if !scheduled => (Some(s), (r > s).then_some(r)),
            (Some(r), _) => (Some(r), None),
            (None, s) => (s, None),
        };
        if needs_price && regular_raw.is_empty() && sale_raw.is_empty() {
            report.error(CsvError::new(REQUIRED_VALUE, line).column(cols.name(REGULAR_PRICE)));
        }
        let grams = self.cols.weight.and_then(|(_, unit)| {
            report.optional(line, &cols.name(WEIGHT), cols.get(row, WEIGHT), |s| {
                numbers.grams(s, unit)
            })
        });
        let stock_raw = cols.get(row, STOCK);
        let in_stock = cols.get(row, IN_STOCK).to_lowercase();
        let mut backorder_from_status = false;
        let stock = if stock_raw.eq_ignore_ascii_case("parent") {
            Stock::Parent
        } else if !stock_raw.is_empty() {
            report
                .optional(line, &cols.name(STOCK), stock_raw, |s| numbers.integer(s))
                .map_or(Stock::Untracked, Stock::Tracked)
        } else {
            match in_stock.as_str() {
                "" | "1" => Stock::Untracked,
                "0" => Stock::SoldOut,
                "backorder" | "onbackorder" => {
                    backorder_from_status = true;
                    Stock::Untracked
                }
                _ => {
                    report.error(choice(
                        line,
                        cols.name(IN_STOCK),
                        &in_stock,
                        "1, 0, backorder",
                    ));
                    Stock::Untracked
                }
            }
        };
        let backorders = cols.get(row, BACKORDERS).to_lowercase();
        let backorder = match backorders.as_str() {
            "" => None,
            "0" | "no" => Some(false),
            "1" | "yes" | "notify" => Some(true),
            _ => {
                report.error(choice(
                    line,
                    cols.name(BACKORDERS),
                    &backorders,
                    "0, 1, notify",
                ));
                None
            }
        };
        let tax = cols.get(row, TAX_STATUS).to_lowercase();
        let taxable = match tax.as_str() {
            "" | "parent" => None,
            // WooCommerce's importer also takes true and false here.
            "taxable" | "shipping" | "true" => Some(true),
            "none" | "false" => Some(false),
            _ => {
                report.error(choice(
                    line,
                    cols.name(TAX_STATUS),
                    &tax,
                    "taxable, shipping, none",
                ));
                None
            }
        };
        Fields {
            sku: value::text(cols.get(row, SKU)),
            barcode: value::text(cols.get(row, GTIN)),
            price,
            compare_at,
            grams,
            stock,
            backorder: if backorder_from_status {
                Some(true)
            } else {
                backorder
            },
            taxable,
            requires_shipping,
        }
    }

    /// Gives each variable product its variations, now that every parent
    /// has been seen: WooCommerce does not promise parents come first.
    fn attach(&mut self, report: &mut Report) {
        for (reference, variation) in std::mem::take(&mut self.variations) {
            let parent = match reference.strip_prefix("id:") {
                Some(id) => self.parents_by_id.get(id.trim()),
                None => self.parents_by_sku.get(&reference),
            };
            match parent {
                Some(&p) => self.parents[p].variations.push(variation),
                None => report.error(
                    CsvError::new(ORPHAN_ROW, variation.line)
                        .column(self.cols.name(PARENT))
                        .with("value", reference),
                ),
            }
        }
        for parent in std::mem::take(&mut self.parents) {
            self.attach_parent(parent, report);
        }
    }

    fn attach_parent(&mut self, parent: Parent, report: &mut Report) {
        let cols = &self.cols;
        if parent.variations.is_empty() {
            report.error(CsvError::new(NO_VARIANTS, parent.line));
            return;
        }
        let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
        // Only the attributes some variation sets are options; the others
        // describe the product ("Matière : lin") and have no place here.
        let used: Vec<&(u32, String)> = parent
            .attributes
            .iter()
            .filter(|(_, name)| {
                parent.variations.iter().any(|v| {
                    v.attributes
                        .iter()
                        .any(|(_, n, value)| same(n, name) && !value.is_empty())
                })
            })
            .collect();
        let mut fine = true;
        for variation in &parent.variations {
            for (n, name, value) in &variation.attributes {
                if !value.is_empty() && !parent.attributes.iter().any(|(_, p)| same(p, name)) {
                    let column = cols.attributes.get(n).and_then(|a| a.name);
                    report.error(
                        CsvError::new(UNKNOWN_OPTION, variation.line)
                            .column(cols.header(column, &format!("Attribute {n} name")))
                            .with("value", name),
                    );
                    fine = false;
                }
            }
        }
        if used.len() > 3 {
            let fourth = used[3].0;
            let column = cols.attributes.get(&fourth).and_then(|a| a.name);
            let names: Vec<&str> = used.iter().map(|(_, name)| name.as_str()).collect();
            report.error(
                CsvError::new(TOO_MANY_OPTIONS, parent.line)
                    .column(cols.header(column, &format!("Attribute {fourth} name")))
                    .with("value", names.join(", "))
                    .with("max", 3),
            );
            fine = false;
        }
        let product = parent.product;
        if let Some((first, _)) = used.first() {
            self.option_columns[product] = cols.value_header(*first);
        }
        let mut variants = Vec::new();
        let mut images = Vec::new();
        for variation in parent.variations {
            let mut values = Vec::new();
            for (n, name) in &used {
                let value = variation
                    .attributes
                    .iter()
                    .find(|(_, v_name, _)| same(v_name, name))
                    .map(|(_, _, v)| v.clone())
                    .unwrap_or_default();
                if value.is_empty() {
                    // WooCommerce's "any value" variation: one Vitrine
                    // variant has one value per option.
                    report.error(
                        CsvError::new(OPTION_VALUE_MISSING, variation.line)
                            .column(cols.value_header(*n))
                            .with("option", name),
                    );
                    fine = false;
                }
                values.push(value);
            }
            let mut variant =
                variation
                    .fields
                    .into_variant(Some(&parent.fields), values, variation.line);
            variant.image_src = variation.image.clone();
            images.extend(variation.image);
            variants.push(variant);
        }
        if !fine {
            return;
        }
        let product = &mut self.products[product];
        product.options = used.iter().map(|(_, name)| name.clone()).collect();
        product.variants = variants;
        for src in images {
            if !product.images.iter().any(|i| i.src == src) {
                let position = product.images.len() as i64 + 1;
                product.images.push(Image {
                    src,
                    position: Some(position),
                    alt: None,
                });
            }
        }
    }
}

fn choice(line: usize, column: String, value: &str, expected: &str) -> CsvError {
    CsvError::new(BAD_CHOICE, line)
        .column(column)
        .with("value", value)
        .with("expected", expected)
}

/// Splits a WooCommerce list, where a comma inside an item is written `\,`.
fn split_escaped(s: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&',') => {
                current.push(',');
                chars.next();
            }
            ',' => items.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    items.push(current);
    items
        .into_iter()
        .map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect()
}

/// WooCommerce writes a line break in a description as `\n`, and a literal
/// backslash-n as `\\n`; this undoes it the way its own importer does.
fn unescape_newlines(s: &str) -> String {
    s.split("\\\\n")
        .map(|part| part.replace("\\n", "\n"))
        .collect::<Vec<_>>()
        .join("\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_keep_escaped_commas() {
        assert_eq!(
            split_escaped("Fromages > Chèvre, Bois\\, osier ,, Cadeaux"),
            ["Fromages > Chèvre", "Bois, osier", "Cadeaux"]
        );
    }

    #[test]
    fn descriptions_get_their_line_breaks_back() {
        assert_eq!(unescape_newlines("a\\nb"), "a\nb");
        assert_eq!(unescape_newlines("C:\\\\new"), "C:\\new");
    }
}
