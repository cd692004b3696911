//! A product's identity and classification: its kind, publication status,
//! VAT class, condition, and the texts that name it (title, slug, SKU).

use crate::error::ValidationError;
use crate::shop::{fold_latin, is_combining_mark, push_word_char};
use crate::text::{char_count, has_control, str_value};

keyword_enum! {
    /// What is being sold, which decides the product page's extra block, the
    /// stock rules and how the order is fulfilled.
    pub enum ProductKind: "product-kind-unknown" {
        /// Ordinary goods kept in stock and shipped.
        Physical => "physical",
        /// A one-off piece (second-hand book, artwork): stock is 0 or 1.
        Unique => "unique",
        /// A file delivered through an expiring link after payment.
        Digital => "digital",
        /// Booked by time slot in the shop's opening hours.
        Service => "service",
        /// Lent for a period, against a deposit.
        Rental => "rental",
        /// Food with a short shelf life, dispatched on set weekdays.
        Perishable => "perishable",
        /// A pet, under the French rules on selling animals.
        LiveAnimal => "live_animal",
    }
}

impl ProductKind {
    /// Whether a parcel leaves the shop: digital files and services do not
    /// need a shipping method or a weight.
    pub fn is_shipped(self) -> bool {
        !matches!(self, ProductKind::Digital | ProductKind::Service)
    }

    /// Why the 14-day withdrawal right does not cover products of this
    /// kind, if it does not (Code de la consommation, art. L221-28): what
    /// checkout tells the shopper and what product pages tell search
    /// engines come from here.
    pub fn withdrawal_exception(self) -> Option<WithdrawalException> {
        match self {
            ProductKind::Perishable => Some(WithdrawalException::Perishable),
            ProductKind::Digital => Some(WithdrawalException::DigitalContent),
            ProductKind::Service | ProductKind::Rental => Some(WithdrawalException::Service),
            ProductKind::Physical | ProductKind::Unique | ProductKind::LiveAnimal => None,
        }
    }
}

/// An exception to the withdrawal right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WithdrawalException {
    /// Goods liable to deteriorate or expire rapidly (art. L221-28 4°).
    Perishable,
    /// Digital content supplied once the shopper agreed to lose the right (13°).
    DigitalContent,
    /// Services, and leisure services at a set date or period (1°, 12°).
    Service,
}

keyword_enum! {
    /// Where the product is in its life: only active products can be bought,
    /// "coming soon" shows the page (to gather interest) without a cart button.
    pub enum ProductStatus: "product-status-unknown" {
        Draft => "draft",
        Active => "active",
        ComingSoon => "coming_soon",
        Archived => "archived",
    }
}

impl ProductStatus {
    /// Shown on the storefront, in listings, search and the sitemap.
    pub fn is_visible(self) -> bool {
        matches!(self, ProductStatus::Active | ProductStatus::ComingSoon)
    }

    /// Can be added to a cart.
    pub fn is_buyable(self) -> bool {
        self == ProductStatus::Active
    }
}

keyword_enum! {
    /// The VAT category of a product; the rate depends on the country of
    /// taxation, so only French rates live here (CGI art. 278 to 281 nonies).
    pub enum VatClass: "vat-class-unknown" {
        /// 20 % (CGI art. 278): most goods and services.
        Standard => "standard",
        /// 10 % (CGI art. 279): restaurant meals, some works, passenger transport.
        Intermediate => "intermediate",
        /// 5.5 % (CGI art. 278-0 bis): most food, books, some energy.
        Reduced => "reduced",
        /// 2.1 % (CGI art. 281 quater and following): press, some medicines.
        SuperReduced => "super_reduced",
        /// No VAT charged on the product itself.
        Exempt => "exempt",
    }
}

impl VatClass {
    /// Rate in mainland France, in hundredths of a percent (2000 = 20 %), so
    /// that tax arithmetic stays in integers.
    pub fn rate_basis_points_fr(self) -> u32 {
        match self {
            VatClass::Standard => 2000,
            VatClass::Intermediate => 1000,
            VatClass::Reduced => 550,
            VatClass::SuperReduced => 210,
            VatClass::Exempt => 0,
        }
    }
}

keyword_enum! {
    /// State of a used or unique item, as second-hand sellers grade it.
    pub enum Condition: "condition-unknown" {
        New => "new",
        LikeNew => "like_new",
        Good => "good",
        Fair => "fair",
    }
}

const TITLE_MAX: usize = 200;

/// A product's name in one language, shown as the page's `<h1>` and in
/// listings, feeds and invoices.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProductTitle(String);

impl ProductTitle {
    pub fn parse(input: &str) -> Result<ProductTitle, ValidationError> {
        let title = input.trim();
        if title.is_empty() {
            return Err(ValidationError::new("product-title-empty"));
        }
        if char_count(title) > TITLE_MAX {
            return Err(ValidationError::new("product-title-too-long").with("max", TITLE_MAX));
        }
        if has_control(title) {
            return Err(ValidationError::new("product-title-control-chars"));
        }
        Ok(ProductTitle(title.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

str_value!(ProductTitle);

const PRODUCT_SLUG_MAX: usize = 80;

/// The last segment of a product's URL in one language
/// (`/produits/epoisses-affine`): lowercase ASCII letters, digits and single
/// inner hyphens. Unlike a shop's slug it lives under the shop's own paths,
/// so no word is reserved.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProductSlug(String);

impl ProductSlug {
    pub fn parse(input: &str) -> Result<ProductSlug, ValidationError> {
        let slug = input.trim().to_lowercase();
        if slug.is_empty() {
            return Err(ValidationError::new("product-slug-empty"));
        }
        if char_count(&slug) > PRODUCT_SLUG_MAX {
            return Err(ValidationError::new("product-slug-too-long").with("max", PRODUCT_SLUG_MAX));
        }
        if !slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(ValidationError::new("product-slug-invalid-chars"));
        }
        if slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
            return Err(ValidationError::new("product-slug-hyphens"));
        }
        Ok(ProductSlug(slug))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Proposes a slug from a title ("Époisses affiné — 250 g" →
    /// "epoisses-affine-250-g"), folding accents the way shop addresses are
    /// folded. `None` when the title has no Latin letter or digit at all
    /// (e.g. "東京"): the caller then asks the seller, or falls back to
    /// another language's title.
    pub fn from_title(title: &str) -> Option<ProductSlug> {
        let mut out = String::with_capacity(title.len());
        let mut gap = false;
        for c in title.chars().flat_map(char::to_lowercase) {
            if is_combining_mark(c) {
                // A decomposed "é" (e + U+0301) must fold like the composed one.
                continue;
            }
            match fold_latin(c) {
                Some(ascii) => ascii
                    .chars()
                    .for_each(|a| push_word_char(&mut out, &mut gap, a)),
                None if c.is_ascii_alphanumeric() => push_word_char(&mut out, &mut gap, c),
                None => gap = true,
            }
        }
        // Only ASCII remains, so byte truncation cannot split a character.
        out.truncate(PRODUCT_SLUG_MAX);
        let trimmed = out.trim_end_matches('-').len();
        out.truncate(trimmed);
        (!out.is_empty()).then_some(ProductSlug(out))
    }
}

str_value!(ProductSlug);

const SKU_MAX: usize = 64;

/// A stock-keeping unit as the seller types it ("EPO-250G", "livre/0042"):
/// kept with its case because sellers search their back office and their
/// suppliers' catalogues with it. Uniqueness within a shop is the store's job.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sku(String);

impl Sku {
    pub fn parse(input: &str) -> Result<Sku, ValidationError> {
        let sku = input.trim();
        if sku.is_empty() {
            return Err(ValidationError::new("sku-empty"));
        }
        if sku.len() > SKU_MAX {
            // Only ASCII is accepted below, so bytes are characters here;
            // checking length first keeps the message about the real problem
            // for a long pasted value.
            return Err(ValidationError::new("sku-too-long").with("max", SKU_MAX));
        }
        if !sku
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'/'))
        {
            return Err(ValidationError::new("sku-invalid"));
        }
        Ok(Sku(sku.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

str_value!(Sku);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_code;
    use proptest::prelude::*;

    #[test]
    fn kinds_round_trip_and_parse_leniently() {
        let texts: Vec<&str> = ProductKind::all().iter().map(|k| k.as_str()).collect();
        assert_eq!(
            texts,
            [
                "physical",
                "unique",
                "digital",
                "service",
                "rental",
                "perishable",
                "live_animal"
            ]
        );
        for &k in ProductKind::all() {
            assert_eq!(ProductKind::parse(k.as_str()).unwrap(), k);
            assert_eq!(k.to_string(), k.as_str());
        }
        assert_eq!(
            ProductKind::parse(" Live-Animal ").unwrap(),
            ProductKind::LiveAnimal
        );
        let e = assert_code(ProductKind::parse(" gift "), "product-kind-unknown");
        assert_eq!(e.arg("value"), Some("gift"));
        assert!(ProductKind::Physical.is_shipped());
        assert!(ProductKind::LiveAnimal.is_shipped());
        assert!(!ProductKind::Digital.is_shipped());
        assert!(!ProductKind::Service.is_shipped());
    }

    #[test]
    fn withdrawal_exceptions() {
        use WithdrawalException as W;
        let table: Vec<(&str, Option<W>)> = ProductKind::all()
            .iter()
            .map(|k| (k.as_str(), k.withdrawal_exception()))
            .collect();
        assert_eq!(
            table,
            [
                ("physical", None),
                ("unique", None),
                ("digital", Some(W::DigitalContent)),
                ("service", Some(W::Service)),
                ("rental", Some(W::Service)),
                ("perishable", Some(W::Perishable)),
                ("live_animal", None),
            ]
        );
    }

    #[test]
    fn status_visibility_and_buyability() {
        use ProductStatus::*;
        let table = [
            (Draft, "draft", false, false),
            (Active, "active", true, true),
            (ComingSoon, "coming_soon", true, false),
            (Archived, "archived", false, false),
        ];
        for (status, text, visible, buyable) in table {
            assert_eq!(status.as_str(), text);
            assert_eq!(ProductStatus::parse(text).unwrap(), status);
            assert_eq!(status.is_visible(), visible, "{text}");
            assert_eq!(status.is_buyable(), buyable, "{text}");
        }
        assert_eq!(ProductStatus::parse("Coming soon").unwrap(), ComingSoon);
        assert_code(ProductStatus::parse("published"), "product-status-unknown");
    }

    #[test]
    fn french_vat_rates() {
        use VatClass::*;
        let rates: Vec<(&str, u32)> = VatClass::all()
            .iter()
            .map(|c| (c.as_str(), c.rate_basis_points_fr()))
            .collect();
        assert_eq!(
            rates,
            [
                ("standard", 2000),
                ("intermediate", 1000),
                ("reduced", 550),
                ("super_reduced", 210),
                ("exempt", 0)
            ]
        );
        assert_eq!(VatClass::parse("SUPER_REDUCED").unwrap(), SuperReduced);
        assert_code(VatClass::parse("19.6"), "vat-class-unknown");
    }

    #[test]
    fn conditions() {
        let texts: Vec<&str> = Condition::all().iter().map(|c| c.as_str()).collect();
        assert_eq!(texts, ["new", "like_new", "good", "fair"]);
        assert_eq!(Condition::parse("like new").unwrap(), Condition::LikeNew);
        assert_code(Condition::parse("mint"), "condition-unknown");
    }

    #[test]
    fn keyword_serde_goes_through_parse() {
        assert_eq!(
            serde_json::to_string(&ProductKind::LiveAnimal).unwrap(),
            r#""live_animal""#
        );
        assert_eq!(
            serde_json::from_str::<ProductStatus>(r#""coming_soon""#).unwrap(),
            ProductStatus::ComingSoon
        );
        assert!(serde_json::from_str::<VatClass>(r#""zero""#).is_err());
    }

    #[test]
    fn title_rules() {
        let t = ProductTitle::parse("  Époisses affiné  ").unwrap();
        assert_eq!(t.as_str(), "Époisses affiné");
        assert_code(ProductTitle::parse("   "), "product-title-empty");
        assert!(ProductTitle::parse(&"é".repeat(200)).is_ok());
        let e = assert_code(
            ProductTitle::parse(&"é".repeat(201)),
            "product-title-too-long",
        );
        assert_eq!(e.arg("max"), Some("200"));
        assert_code(
            ProductTitle::parse("Brie\tde Meaux"),
            "product-title-control-chars",
        );
        assert_code(
            ProductTitle::parse("Brie\u{85}de Meaux"),
            "product-title-control-chars",
        );
    }

    #[test]
    fn slug_rules() {
        assert_eq!(
            ProductSlug::parse(" Epoisses-250G ").unwrap().as_str(),
            "epoisses-250g"
        );
        // No reserved words below a shop's own paths.
        assert!(ProductSlug::parse("admin").is_ok());
        assert!(ProductSlug::parse("a").is_ok());
        assert_code(ProductSlug::parse("  "), "product-slug-empty");
        assert!(ProductSlug::parse(&"a".repeat(80)).is_ok());
        let e = assert_code(ProductSlug::parse(&"a".repeat(81)), "product-slug-too-long");
        assert_eq!(e.arg("max"), Some("80"));
        for bad in ["époisses", "brie_meaux", "brie meaux", "brie/meaux", "50%"] {
            assert_code(ProductSlug::parse(bad), "product-slug-invalid-chars");
        }
        for bad in ["-brie", "brie-", "brie--meaux"] {
            assert_code(ProductSlug::parse(bad), "product-slug-hyphens");
        }
    }

    #[test]
    fn slug_from_title_folds_accents() {
        let slug = |t: &str| ProductSlug::from_title(t).map(|s| s.to_string());
        assert_eq!(
            slug("Époisses affiné — 250 g").as_deref(),
            Some("epoisses-affine-250-g")
        );
        assert_eq!(
            slug("Plateau « Œuf & Crème »").as_deref(),
            Some("plateau-oeuf-creme")
        );
        assert_eq!(
            slug("L’Étranger (Camus, 1942)").as_deref(),
            Some("l-etranger-camus-1942")
        );
        assert_eq!(
            slug("Cafe\u{301} NOE\u{308}L").as_deref(),
            Some("cafe-noel")
        );
        assert_eq!(slug("Straße").as_deref(), Some("strasse"));
        assert_eq!(slug("Blog").as_deref(), Some("blog"));
        assert_eq!(slug("東京"), None);
        assert_eq!(slug("  !!! "), None);
        let long = format!("{} tail", "a".repeat(79));
        assert_eq!(slug(&long), Some("a".repeat(79)));
        assert_eq!(slug(&"b".repeat(200)).map(|s| s.len()), Some(80));
    }

    #[test]
    fn sku_rules() {
        assert_eq!(
            Sku::parse(" EPO-250g/v2.1_a ").unwrap().as_str(),
            "EPO-250g/v2.1_a"
        );
        assert_code(Sku::parse(""), "sku-empty");
        assert!(Sku::parse(&"A".repeat(64)).is_ok());
        let e = assert_code(Sku::parse(&"A".repeat(65)), "sku-too-long");
        assert_eq!(e.arg("max"), Some("64"));
        for bad in ["EPO 250", "EPO#1", "ÉPO", "a,b", "x\ty"] {
            assert_code(Sku::parse(bad), "sku-invalid");
        }
    }

    proptest! {
        #[test]
        fn slug_from_any_title_parses(title in "\\PC{0,120}") {
            if let Some(slug) = ProductSlug::from_title(&title) {
                prop_assert_eq!(ProductSlug::parse(slug.as_str()), Ok(slug.clone()));
                prop_assert!(slug.as_str().len() <= PRODUCT_SLUG_MAX);
            }
        }

        #[test]
        fn latin_titles_always_give_a_slug(title in "[a-zA-ZÀ-ÿ0-9 '&.,-]{0,150}") {
            let has_word = title.chars().any(|c| c.is_alphanumeric());
            prop_assert_eq!(ProductSlug::from_title(&title).is_some(), has_word, "{:?}", title);
        }
    }
}
