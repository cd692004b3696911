//! The catalog as read from or written to a CSV file, independent of the
//! platform it came from.

/// Every product of one file, in the order of the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    pub products: Vec<Product>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Product {
    /// URL slug; Shopify's handle, or made from the name for WooCommerce.
    pub handle: String,
    pub title: String,
    pub body_html: String,
    pub vendor: Option<String>,
    pub product_type: Option<String>,
    /// A category path such as `"Fromages > Chèvre"`.
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub status: Status,
    /// Option names (at most three), e.g. `["Taille", "Affinage"]`; empty for
    /// a product sold in a single version.
    pub options: Vec<String>,
    pub variants: Vec<Variant>,
    pub images: Vec<Image>,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    /// First line of the product in the file (the header is line 1).
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variant {
    pub sku: Option<String>,
    /// One value per [`Product::options`] entry, in the same order.
    pub option_values: Vec<String>,
    /// Price in the shop currency's minor units (cents for EUR).
    pub price_minor: i64,
    /// The "compare at" (former) price, in minor units.
    pub compare_at_minor: Option<i64>,
    pub grams: Option<i64>,
    pub track_inventory: bool,
    /// Units in stock; may be negative when a platform sold more than it had.
    pub quantity: Option<i64>,
    pub allow_backorder: bool,
    pub requires_shipping: bool,
    pub taxable: bool,
    pub barcode: Option<String>,
    /// URL of the variant's own picture; collected, never fetched here.
    pub image_src: Option<String>,
    /// Line of the variant's row in the file.
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Image {
    /// An `http` or `https` URL; collected, never fetched here.
    pub src: String,
    pub position: Option<i64>,
    pub alt: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Status {
    #[default]
    Active,
    Draft,
    Archived,
}

impl Status {
    /// The word Shopify writes in its `Status` column.
    pub fn as_shopify(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Draft => "draft",
            Status::Archived => "archived",
        }
    }
}

impl Catalog {
    /// The same catalog with every `line` set to 0, for comparing two
    /// catalogs read from different files (an export re-imported, say).
    #[must_use]
    pub fn without_lines(&self) -> Catalog {
        let mut copy = self.clone();
        for product in &mut copy.products {
            product.line = 0;
            for variant in &mut product.variants {
                variant.line = 0;
            }
        }
        copy
    }

    /// Equality that ignores where each product and variant sat in its file.
    pub fn same_content(&self, other: &Catalog) -> bool {
        self.without_lines() == other.without_lines()
    }
}
