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
//!
//! Variants mostly share their delivery and always their return policy: in a `ProductGroup` each
//! such node is written in full once, with an `@id` within the page, and the other offers refer
//! to it (`{"@id": "#shipping-1"}`), as Google's own variant example does. A zone of the whole EU
//! lists 27 countries: written once, not once per variant, the page stays small and quick to
//! render. Nodes are typed structures serialised straight to text (no tree of maps built and
//! dropped for every page a cache miss renders).

use std::collections::{BTreeMap, HashMap};

use domain::catalog::stock::StockPolicy;
use domain::catalog::{Condition, ProductKind};
use domain::country::Country;
use domain::money::Currency;
use domain::shipping::{ParcelLine, ShippingTable, Zone};
use serde::Serialize;

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
    /// Its buyers' reviews: the average and how many in all, and the newest ones.
    pub rating: Option<(f64, i64)>,
    pub reviews: &'a [store::review::Published],
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

/// The JSON-LD document of a product page.
#[derive(Serialize)]
pub(super) struct Document<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(flatten)]
    body: Body<'a>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    image: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    brand: Option<Brand<'a>>,
    #[serde(rename = "aggregateRating", skip_serializing_if = "Option::is_none")]
    aggregate_rating: Option<AggregateRating>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    review: Vec<ReviewLd<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AggregateRating {
    #[serde(rename = "@type")]
    kind: &'static str,
    rating_value: f64,
    review_count: i64,
    best_rating: u8,
    worst_rating: u8,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReviewLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Person<'a>,
    date_published: String,
    review_body: &'a str,
    review_rating: StarRating,
}

#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StarRating {
    #[serde(rename = "@type")]
    kind: &'static str,
    rating_value: i64,
    best_rating: u8,
    worst_rating: u8,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Body<'a> {
    Product(Box<Product<'a>>),
    Group(Group<'a>),
}

#[derive(Serialize)]
struct Brand<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Group<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    description: &'a str,
    url: &'a str,
    #[serde(rename = "productGroupID")]
    product_group_id: &'a str,
    varies_by: Vec<String>,
    has_variant: Vec<Product<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Product<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    url: String,
    #[serde(
        rename = "inProductGroupWithID",
        skip_serializing_if = "Option::is_none"
    )]
    in_product_group_with_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sku: Option<&'a str>,
    /// Options search engines know by name (`size`, `color`, …).
    #[serde(flatten)]
    known: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    additional_property: Vec<PropertyValue<'a>>,
    offers: Offer,
}

#[derive(Serialize)]
struct PropertyValue<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    value: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Offer {
    #[serde(rename = "@type")]
    kind: &'static str,
    price: String,
    price_currency: &'static str,
    availability: &'static str,
    url: String,
    has_merchant_return_policy: Node<ReturnPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    item_condition: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    shipping_details: Vec<Node<ShippingDetails>>,
}

/// A node in full (with its `@id` when other offers refer to it), or a reference to one.
#[derive(Serialize)]
#[serde(untagged)]
enum Node<T> {
    Full {
        #[serde(rename = "@id", skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(flatten)]
        node: T,
    },
    Ref {
        #[serde(rename = "@id")]
        id: String,
    },
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReturnPolicy {
    #[serde(rename = "@type")]
    kind: &'static str,
    applicable_country: &'static str,
    return_policy_category: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_return_days: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    return_method: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    return_fees: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ShippingDetails {
    #[serde(rename = "@type")]
    kind: &'static str,
    shipping_destination: Vec<Region>,
    shipping_rate: Amount,
    delivery_time: DeliveryTime,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(rename = "@type")]
    kind: &'static str,
    address_country: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    postal_code_prefix: Vec<String>,
}

#[derive(Serialize)]
struct Amount {
    #[serde(rename = "@type")]
    kind: &'static str,
    value: String,
    currency: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeliveryTime {
    #[serde(rename = "@type")]
    kind: &'static str,
    transit_time: TransitTime,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TransitTime {
    #[serde(rename = "@type")]
    kind: &'static str,
    min_value: u32,
    max_value: u32,
    unit_code: &'static str,
}

impl<'a> ProductLd<'a> {
    /// The whole JSON-LD document.
    pub fn document(&'a self) -> Document<'a> {
        let mut told = Told::default();
        let body = if self.variants.len() > 1 {
            Body::Group(self.group(&mut told))
        } else {
            let v = &self.variants[self.shown];
            Body::Product(Box::new(Product {
                kind: "Product",
                name: self.name.to_string(),
                description: Some(self.description),
                url: self.url.to_string(),
                in_product_group_with_id: None,
                sku: v.sku.as_deref(),
                known: BTreeMap::new(),
                additional_property: Vec::new(),
                offers: self.offer(v, self.url.to_string(), &mut told),
            }))
        };
        Document {
            context: "https://schema.org",
            body,
            image: &self.images,
            brand: self
                .brand
                .filter(|b| !b.trim().is_empty())
                .map(|name| Brand {
                    kind: "Brand",
                    name,
                }),
            aggregate_rating: self.rating.map(|(avg, count)| AggregateRating {
                kind: "AggregateRating",
                rating_value: avg,
                review_count: count,
                best_rating: 5,
                worst_rating: 1,
            }),
            review: self
                .reviews
                .iter()
                .map(|r| ReviewLd {
                    kind: "Review",
                    author: Person {
                        kind: "Person",
                        name: &r.name,
                    },
                    date_published: chrono::DateTime::from_timestamp(r.created_at, 0)
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                    review_body: &r.body,
                    review_rating: StarRating {
                        kind: "Rating",
                        rating_value: r.rating,
                        best_rating: 5,
                        worst_rating: 1,
                    },
                })
                .collect(),
        }
    }

    fn group(&'a self, told: &mut Told) -> Group<'a> {
        told.by_reference = true;
        let n = self.axes.len();
        let varies_by: Vec<String> = self
            .axes
            .iter()
            .map(|a| match schema_property(a) {
                Some(p) => format!("https://schema.org/{p}"),
                None => a.clone(),
            })
            .collect();
        let has_variant = self
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
                let mut known = BTreeMap::new();
                let mut additional_property = Vec::new();
                for (axis, value) in self.axes.iter().zip(&vals) {
                    if value.is_empty() {
                        continue;
                    }
                    match schema_property(axis) {
                        Some(prop) => {
                            known.insert(prop, value.clone());
                        }
                        None => additional_property.push(PropertyValue {
                            kind: "PropertyValue",
                            name: axis,
                            value: value.clone(),
                        }),
                    }
                }
                Product {
                    kind: "Product",
                    name: if label.is_empty() {
                        self.name.to_string()
                    } else {
                        format!("{} — {}", self.name, label.join(" / "))
                    },
                    description: None,
                    offers: self.offer(v, url.clone(), told),
                    url,
                    in_product_group_with_id: Some(self.group_id),
                    sku: v.sku.as_deref(),
                    known,
                    additional_property,
                }
            })
            .collect();
        Group {
            kind: "ProductGroup",
            name: self.name,
            description: self.description,
            url: self.url,
            product_group_id: self.group_id,
            varies_by,
            has_variant,
        }
    }

    fn offer(&self, v: &store::catalog::Variant, url: String, told: &mut Told) -> Offer {
        let availability = StockPolicy {
            track: self.track_stock,
            quantity: v.quantity,
            allow_backorder: self.allow_backorder,
        }
        .availability();
        Offer {
            kind: "Offer",
            price: decimal(self.shown(v.price_minor), self.currency),
            price_currency: self.currency.as_str(),
            availability: if self.coming_soon {
                "https://schema.org/OutOfStock"
            } else {
                availability.schema_org()
            },
            url,
            has_merchant_return_policy: told.once(Key::ReturnPolicy, || self.return_policy()),
            item_condition: self.condition.map(|c| match c {
                Condition::New => "https://schema.org/NewCondition",
                _ => "https://schema.org/UsedCondition",
            }),
            shipping_details: self.shipping_details(v, told),
        }
    }

    /// A price as shoppers at home pay it (delivery bears the VAT of the goods it carries).
    fn shown(&self, minor: i64) -> i64 {
        domain::tax::shown_price(self.tax, self.vat_class, minor)
    }

    fn return_policy(&self) -> ReturnPolicy {
        let excepted =
            !self.consumer_law || self.kind.and_then(|k| k.withdrawal_exception()).is_some();
        ReturnPolicy {
            kind: "MerchantReturnPolicy",
            applicable_country: self.country.as_str(),
            return_policy_category: if excepted {
                "https://schema.org/MerchantReturnNotPermitted"
            } else {
                "https://schema.org/MerchantReturnFiniteReturnWindow"
            },
            merchant_return_days: (!excepted).then_some(WITHDRAWAL_DAYS),
            return_method: (!excepted).then_some("https://schema.org/ReturnByMail"),
            // The law's default (art. L221-23): the shopper pays for sending goods back.
            return_fees: (!excepted)
                .then_some("https://schema.org/ReturnFeesCustomerResponsibility"),
        }
    }

    fn shipping_details(
        &self,
        v: &store::catalog::Variant,
        told: &mut Told,
    ) -> Vec<Node<ShippingDetails>> {
        let kind = self.kind.unwrap_or(ProductKind::Physical);
        let line = ParcelLine {
            kind,
            quantity: 1,
            unit_weight_g: u32::try_from(v.weight_grams.unwrap_or(0)).unwrap_or(0),
            amount_minor: v.price_minor,
        };
        // Variants of one weight and price are delivered alike: priced once.
        let quotes = told
            .quotes
            .entry((line.unit_weight_g, line.amount_minor))
            .or_insert_with(|| {
                let zones = self.table.zones();
                domain::shipping::cheapest_delivery_per_zone(
                    self.table,
                    &[line],
                    app::checkout::PACKAGING_G,
                )
                .into_iter()
                .filter(|(z, _)| !z.areas.is_empty())
                .filter_map(|(z, o)| {
                    let at = zones.iter().position(|x| std::ptr::eq(x, z))?;
                    Some(Quote {
                        zone: at,
                        price_minor: self.shown(o.price_minor),
                        min_days: o.transit.min_days(),
                        max_days: o.transit.max_days(),
                    })
                })
                .collect()
            })
            .clone();
        quotes
            .into_iter()
            .map(|q| {
                told.once(Key::Shipping(q), || ShippingDetails {
                    kind: "OfferShippingDetails",
                    shipping_destination: destinations(&self.table.zones()[q.zone]),
                    shipping_rate: Amount {
                        kind: "MonetaryAmount",
                        value: decimal(q.price_minor, self.currency),
                        currency: self.currency.as_str(),
                    },
                    delivery_time: DeliveryTime {
                        kind: "ShippingDeliveryTime",
                        transit_time: TransitTime {
                            kind: "QuantitativeValue",
                            min_value: q.min_days,
                            max_value: q.max_days,
                            unit_code: "DAY",
                        },
                    },
                })
            })
            .collect()
    }
}

/// The cheapest delivery of a variant to one zone, as its offer tells it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Quote {
    /// The zone's place in the shop's table.
    zone: usize,
    /// Tax included, as shoppers at home pay it.
    price_minor: i64,
    min_days: u32,
    max_days: u32,
}

/// What a node told once is known by.
#[derive(PartialEq, Eq)]
enum Key {
    ReturnPolicy,
    Shipping(Quote),
}

/// What the document has told so far: in a `ProductGroup`, a node another offer already holds is
/// given again as a reference to its `@id`.
#[derive(Default)]
struct Told {
    by_reference: bool,
    /// Each node written in full: its key, and its `@id` within the page.
    ids: Vec<(Key, String)>,
    /// Each variant weight and price's deliveries.
    quotes: HashMap<(u32, i64), Vec<Quote>>,
}

impl Told {
    const RETURN_POLICY: &'static str = "#return-policy";

    /// The node `key` names: in full the first time (with its `@id` when others may refer to
    /// it), as a reference afterwards.
    fn once<T>(&mut self, key: Key, node: impl FnOnce() -> T) -> Node<T> {
        if !self.by_reference {
            return Node::Full {
                id: None,
                node: node(),
            };
        }
        if let Some((_, id)) = self.ids.iter().find(|(k, _)| *k == key) {
            return Node::Ref { id: id.clone() };
        }
        let id = match key {
            Key::ReturnPolicy => Self::RETURN_POLICY.to_string(),
            Key::Shipping(_) => {
                let n = self
                    .ids
                    .iter()
                    .filter(|(k, _)| *k != Key::ReturnPolicy)
                    .count();
                format!("#shipping-{}", n + 1)
            }
        };
        self.ids.push((key, id.clone()));
        Node::Full {
            id: Some(id),
            node: node(),
        }
    }
}

fn destinations(z: &Zone) -> Vec<Region> {
    z.areas
        .iter()
        .map(|a| Region {
            kind: "DefinedRegion",
            address_country: a.country.as_str(),
            postal_code_prefix: a.postcode_prefixes.clone(),
        })
        .collect()
}
