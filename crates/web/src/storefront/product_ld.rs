//! What a product page tells search engines (schema.org JSON-LD): a `Product` with one `Offer`,
//! or, for a product with several variants, a `ProductGroup` whose `hasVariant` lists each
//! variant as a `Product` with its SKU, options and own `Offer`. Each offer says what delivery
//! costs and takes (`shippingDetails`: per zone of the shop's shipping table, the cheapest way to
//! deliver that variant alone, from `domain::shipping::cheapest_delivery_per_zone`) and whether
//! it may be returned (`hasMerchantReturnPolicy`: the 14-day withdrawal right, or no return when
//! the product's kind is an exception to it — the same rule checkout states).
//!
//! A rest-of-the-world zone has no list of countries schema.org could name, so it is left out;
//! collecting at the shop is not a delivery and is left out too.

use domain::catalog::stock::StockPolicy;
use domain::catalog::{Condition, ProductKind};
use domain::country::Country;
use domain::money::Currency;
use domain::shipping::{ParcelLine, ShippingTable, Zone};
use serde_json::{json, Value};

use super::{decimal, with_params};

/// The days of the withdrawal right (Code de la consommation, art. L221-18).
const WITHDRAWAL_DAYS: u32 = 14;

/// The product as the page shows it, for its JSON-LD.
pub(super) struct ProductLd<'a> {
    pub name: &'a str,
    pub description: &'a str,
    /// The page's canonical address (each variant's adds its options).
    pub url: &'a str,
    /// Stable within the shop (the product's slug), for `productGroupID`.
    pub group_id: &'a str,
    pub images: Vec<String>,
    pub brand: Option<&'a str>,
    pub condition: Option<Condition>,
    pub kind: Option<ProductKind>,
    pub coming_soon: bool,
    pub track_stock: bool,
    pub allow_backorder: bool,
    pub currency: Currency,
    /// How the shop charges VAT and types its prices, and the product's VAT class: prices are
    /// told tax included, as the page shows them.
    pub tax: &'a domain::tax::TaxProfile,
    pub vat_class: domain::catalog::VatClass,
    /// Option axes in use, named in the page's language.
    pub axes: Vec<String>,
    pub variants: &'a [store::catalog::Variant],
    /// The variant the page shows (a single `Product` describes it).
    pub shown: usize,
    pub table: &'a ShippingTable,
    /// Where the shop is: the country its return policy applies to.
    pub country: Country,
    /// A trader's (not a private seller's) sale: the legal withdrawal right applies.
    pub consumer_law: bool,
}

/// A well-known option name as the schema.org property search engines expect in `variesBy`.
fn schema_property(axis: &str) -> Option<&'static str> {
    match axis.trim().to_lowercase().as_str() {
        "taille" | "size" | "pointure" => Some("size"),
        "couleur" | "color" | "colour" => Some("color"),
        "matière" | "matiere" | "material" => Some("material"),
        "motif" | "pattern" => Some("pattern"),
        _ => None,
    }
}

fn values(v: &store::catalog::Variant, n: usize) -> Vec<String> {
    [&v.option1, &v.option2, &v.option3]
        .iter()
        .take(n)
        .map(|o| o.as_deref().unwrap_or_default().trim().to_string())
        .collect()
}

impl ProductLd<'_> {
    /// The whole JSON-LD document.
    pub fn document(&self) -> Value {
        let mut doc = if self.variants.len() > 1 {
            self.group()
        } else {
            let v = &self.variants[self.shown];
            let mut p = json!({
                "@type": "Product",
                "name": self.name,
                "description": self.description,
                "url": self.url,
                "offers": self.offer(v, self.url),
            });
            if let Some(sku) = &v.sku {
                p["sku"] = json!(sku);
            }
            p
        };
        doc["@context"] = json!("https://schema.org");
        if !self.images.is_empty() {
            doc["image"] = json!(self.images);
        }
        if let Some(brand) = self.brand.filter(|b| !b.trim().is_empty()) {
            doc["brand"] = json!({"@type": "Brand", "name": brand});
        }
        doc
    }

    fn group(&self) -> Value {
        let n = self.axes.len();
        let varies: Vec<String> = self
            .axes
            .iter()
            .map(|a| match schema_property(a) {
                Some(p) => format!("https://schema.org/{p}"),
                None => a.clone(),
            })
            .collect();
        let variants: Vec<Value> = self
            .variants
            .iter()
            .map(|v| {
                let vals = values(v, n);
                let params: Vec<(&str, String)> = ["o1", "o2", "o3"]
                    .iter()
                    .copied()
                    .zip(vals.iter().cloned())
                    .collect();
                let url = with_params(self.url, &params);
                let label: Vec<&str> = vals
                    .iter()
                    .map(String::as_str)
                    .filter(|s| !s.is_empty())
                    .collect();
                let mut p = json!({
                    "@type": "Product",
                    "name": if label.is_empty() { self.name.to_string() } else { format!("{} — {}", self.name, label.join(" / ")) },
                    "url": url,
                    "inProductGroupWithID": self.group_id,
                    "offers": self.offer(v, &url),
                });
                if let Some(sku) = &v.sku {
                    p["sku"] = json!(sku);
                }
                let mut other = Vec::new();
                for (axis, value) in self.axes.iter().zip(&vals) {
                    if value.is_empty() {
                        continue;
                    }
                    match schema_property(axis) {
                        Some(prop) => p[prop] = json!(value),
                        None => other.push(json!({
                            "@type": "PropertyValue",
                            "name": axis,
                            "value": value,
                        })),
                    }
                }
                if !other.is_empty() {
                    p["additionalProperty"] = json!(other);
                }
                p
            })
            .collect();
        json!({
            "@type": "ProductGroup",
            "name": self.name,
            "description": self.description,
            "url": self.url,
            "productGroupID": self.group_id,
            "variesBy": varies,
            "hasVariant": variants,
        })
    }

    fn offer(&self, v: &store::catalog::Variant, url: &str) -> Value {
        let availability = StockPolicy {
            track: self.track_stock,
            quantity: v.quantity,
            allow_backorder: self.allow_backorder,
        }
        .availability();
        let mut offer = json!({
            "@type": "Offer",
            "price": decimal(self.shown(v.price_minor), self.currency),
            "priceCurrency": self.currency.as_str(),
            "availability": if self.coming_soon { "https://schema.org/OutOfStock" } else { availability.schema_org() },
            "url": url,
            "hasMerchantReturnPolicy": self.return_policy(),
        });
        if let Some(cond) = self.condition {
            offer["itemCondition"] = json!(match cond {
                Condition::New => "https://schema.org/NewCondition",
                _ => "https://schema.org/UsedCondition",
            });
        }
        let shipping = self.shipping_details(v);
        if !shipping.is_empty() {
            offer["shippingDetails"] = json!(shipping);
        }
        offer
    }

    /// A price as shoppers at home pay it (delivery bears the VAT of the goods it carries).
    fn shown(&self, minor: i64) -> i64 {
        domain::tax::shown_price(self.tax, self.vat_class, minor)
    }

    fn return_policy(&self) -> Value {
        let excepted =
            !self.consumer_law || self.kind.and_then(|k| k.withdrawal_exception()).is_some();
        if excepted {
            json!({
                "@type": "MerchantReturnPolicy",
                "applicableCountry": self.country.as_str(),
                "returnPolicyCategory": "https://schema.org/MerchantReturnNotPermitted",
            })
        } else {
            json!({
                "@type": "MerchantReturnPolicy",
                "applicableCountry": self.country.as_str(),
                "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow",
                "merchantReturnDays": WITHDRAWAL_DAYS,
                "returnMethod": "https://schema.org/ReturnByMail",
                // The law's default (art. L221-23): the shopper pays for sending goods back.
                "returnFees": "https://schema.org/ReturnFeesCustomerResponsibility",
            })
        }
    }

    fn shipping_details(&self, v: &store::catalog::Variant) -> Vec<Value> {
        let kind = self.kind.unwrap_or(ProductKind::Physical);
        let line = ParcelLine {
            kind,
            quantity: 1,
            unit_weight_g: u32::try_from(v.weight_grams.unwrap_or(0)).unwrap_or(0),
            amount_minor: v.price_minor,
        };
        domain::shipping::cheapest_delivery_per_zone(
            self.table,
            &[line],
            app::checkout::PACKAGING_G,
        )
        .into_iter()
        .filter(|(z, _)| !z.areas.is_empty())
        .map(|(z, o)| {
            json!({
                "@type": "OfferShippingDetails",
                "shippingDestination": destinations(z),
                "shippingRate": {
                    "@type": "MonetaryAmount",
                    "value": decimal(self.shown(o.price_minor), self.currency),
                    "currency": self.currency.as_str(),
                },
                "deliveryTime": {
                    "@type": "ShippingDeliveryTime",
                    "transitTime": {
                        "@type": "QuantitativeValue",
                        "minValue": o.transit.min_days(),
                        "maxValue": o.transit.max_days(),
                        "unitCode": "DAY",
                    },
                },
            })
        })
        .collect()
    }
}

fn destinations(z: &Zone) -> Vec<Value> {
    z.areas
        .iter()
        .map(|a| {
            let mut r = json!({"@type": "DefinedRegion", "addressCountry": a.country.as_str()});
            if !a.postcode_prefixes.is_empty() {
                r["postalCodePrefix"] = json!(a.postcode_prefixes);
            }
            r
        })
        .collect()
}
