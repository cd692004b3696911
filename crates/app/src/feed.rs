//! What a shop's product feeds list: the Google Merchant Center feed (per language and
//! destination country: each buyable variant with a picture, at the price its page shows, its
//! availability, condition and the cheapest delivery there) and the newest products for the
//! Atom feed. The web layer writes them out (XML, links, image addresses).
//!
//! Prices are the product page's (Google checks the feed against the page it links to): tax
//! included at the shop's own rates. A checkout abroad may charge less (an export without
//! French VAT), never more.

use domain::catalog::stock::{Availability, StockPolicy};
use domain::catalog::{Condition, ProductKind, ProductStatus, VatClass};
use domain::country::{Country, Destination};
use domain::shipping::{CarrierKind, ParcelLine, ShippingChoice};
use store::catalog::Variant;
use store::catalog_images::Image;
use store::listing::FeedProduct;
use store::shop::Shop;
use store::Store;

use crate::Result;

/// The most products a feed lists (a platform plan allows fewer; their pictures are read in one
/// statement, under SQLite's limit of bound values).
pub const MAX_PRODUCTS: i64 = 20_000;
/// Google's limits on a title and a description, in characters.
const TITLE_MAX: usize = 150;
const DESCRIPTION_MAX: usize = 5000;

/// One offer of the Merchant feed: a variant as a shopper of the feed's country buys it.
#[derive(Debug, Clone)]
pub struct MerchantItem {
    pub variant: Variant,
    pub kind: ProductKind,
    /// The product's title, then the variant's option values.
    pub title: String,
    pub description: String,
    /// The product's address part in the feed's language.
    pub slug: String,
    pub options: Vec<String>,
    /// The price the product's page shows, taxes included, and the struck-through price it
    /// shows beside a real reduction (then `price_minor` is the sale price): only when the
    /// price history gives a reference (the lowest price of the 30 days before the cut) above
    /// today's, as the page does (Code de la consommation, art. L112-1-1).
    pub price_minor: i64,
    pub regular_minor: Option<i64>,
    /// Google's values: "in_stock", "out_of_stock" (also for orders taken at zero stock:
    /// Google's "backorder" needs a restock date, which Vitrine does not know).
    pub availability: &'static str,
    /// "new" or "used".
    pub condition: &'static str,
    pub brand: Option<String>,
    /// The variant's own picture first; never empty (Google requires one).
    pub images: Vec<Image>,
    /// The cheapest delivery to the feed's country: its name and price, taxes included.
    pub shipping: (String, i64),
    pub weight_grams: Option<i64>,
}

/// Whether a product may be listed on Google Shopping: buyable now (not coming soon), and of a
/// kind Google takes (no live animals, which its policy forbids; no services or rentals,
/// which are not products there; no downloads, which it disapproves).
fn listable(p: &FeedProduct) -> Option<ProductKind> {
    let status = ProductStatus::parse(&p.product.status).ok()?;
    let kind = ProductKind::parse(&p.product.kind).ok()?;
    let ok = status.is_buyable()
        && !matches!(
            kind,
            ProductKind::LiveAnimal
                | ProductKind::Service
                | ProductKind::Rental
                | ProductKind::Digital
        );
    ok.then_some(kind)
}

fn clipped(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// The Merchant feed of `shop` in `lang` for shoppers in `country`, at `now`.
pub async fn merchant(
    store: &Store,
    shop: &Shop,
    lang: &str,
    country: Country,
    now: i64,
) -> Result<Vec<MerchantItem>> {
    let mut conn = store.reader().await?;
    let sid = shop.sid();
    let products =
        store::listing::feed_products(&mut conn, sid, lang, &shop.default_lang, MAX_PRODUCTS)
            .await?;
    let products: Vec<(FeedProduct, ProductKind)> = products
        .into_iter()
        .filter_map(|p| listable(&p).map(|k| (p, k)))
        .collect();
    let ids: Vec<i64> = products.iter().map(|(p, _)| p.product.id).collect();
    let mut variants: std::collections::HashMap<i64, Vec<Variant>> = Default::default();
    for v in store::listing::feed_variants(&mut conn, sid).await? {
        variants.entry(v.product_id).or_default().push(v);
    }
    let mut images = store::catalog_images::for_products(&mut conn, sid, &ids).await?;
    let mut history: std::collections::HashMap<i64, Vec<(i64, i64)>> = Default::default();
    for (variant, at, price) in store::listing::feed_price_history(&mut conn, sid).await? {
        history.entry(variant).or_default().push((at, price));
    }
    let legal = store::legal::get(&mut conn, sid).await?;
    let profile = crate::checkout::tax_profile_of(&mut conn, sid, &legal).await?;
    let table = crate::shipping::table(&mut conn, sid).await?;
    let destination = Destination::new(country, "");
    let mut out = Vec::new();
    for (p, kind) in products {
        let Some(vs) = variants.remove(&p.product.id) else {
            continue;
        };
        let class = VatClass::parse(&p.product.vat_class).unwrap_or(VatClass::Standard);
        let condition = match p.product.condition.as_deref().map(Condition::parse) {
            Some(Ok(Condition::LikeNew | Condition::Good | Condition::Fair)) => "used",
            _ => "new",
        };
        let mut description =
            domain::catalog::markdown::excerpt(&p.description_md, DESCRIPTION_MAX);
        if description.is_empty() {
            // Google requires one: the title says what it is.
            description = clipped(&p.title, DESCRIPTION_MAX);
        }
        let pictures = images.remove(&p.product.id).unwrap_or_default();
        if pictures.is_empty() {
            // Google requires a picture: the seller adds one, the product is listed.
            continue;
        }
        let shown = |minor: i64| domain::tax::shown_price(&profile, class, minor);
        for v in vs {
            let options: Vec<String> = [&v.option1, &v.option2, &v.option3]
                .into_iter()
                .flatten()
                .filter(|o| !o.trim().is_empty())
                .cloned()
                .collect();
            let title = if options.is_empty() {
                clipped(&p.title, TITLE_MAX)
            } else {
                clipped(&format!("{} – {}", p.title, options.join(", ")), TITLE_MAX)
            };
            let availability = match (StockPolicy {
                track: p.product.track_stock != 0,
                quantity: v.quantity,
                allow_backorder: p.product.allow_backorder != 0,
            })
            .availability()
            {
                Availability::OutOfStock | Availability::Backorder => "out_of_stock",
                _ => "in_stock",
            };
            let price = shown(v.price_minor);
            let regular = domain::catalog::price::discount_display(
                v.price_minor,
                history.get(&v.id).map(Vec::as_slice).unwrap_or_default(),
                now,
            )
            .map(|(reference, _)| {
                shown(
                    v.compare_at_minor
                        .filter(|c| *c > v.price_minor)
                        .unwrap_or(reference),
                )
            });
            let line = ParcelLine {
                kind,
                quantity: 1,
                unit_weight_g: v.weight_grams.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32,
                amount_minor: v.price_minor,
            };
            let shipping = match domain::shipping::quote(
                &table,
                std::slice::from_ref(&line),
                &destination,
                crate::checkout::PACKAGING_G,
            ) {
                Ok(ShippingChoice::Offers(offers)) => offers
                    .into_iter()
                    .find(|o| o.carrier != CarrierKind::LocalPickup)
                    .map(|o| (o.name, shown(o.price_minor))),
                _ => None,
            };
            if shipping.is_none() {
                // Not delivered to that country: not offered there.
                continue;
            }
            let mut pics = pictures.clone();
            if let Some(own) = v.image_id {
                pics.sort_by_key(|i| (i.id != own, i.position));
            }
            out.push(MerchantItem {
                kind,
                title,
                description: description.clone(),
                slug: p.slug.clone(),
                options,
                price_minor: price,
                regular_minor: regular,
                availability,
                condition,
                brand: p.product.vendor.clone().filter(|b| !b.trim().is_empty()),
                images: pics,
                shipping: shipping.unwrap_or_default(),
                weight_grams: v.weight_grams.filter(|w| *w > 0),
                variant: v,
            });
        }
    }
    Ok(out)
}

/// The shop's newest visible products for the Atom feed, in `lang`, with their pictures.
pub async fn newest(
    store: &Store,
    shop: &Shop,
    lang: &str,
    limit: i64,
) -> Result<Vec<(FeedProduct, Vec<Image>)>> {
    let mut conn = store.reader().await?;
    let sid = shop.sid();
    let products =
        store::listing::feed_products(&mut conn, sid, lang, &shop.default_lang, limit).await?;
    let ids: Vec<i64> = products.iter().map(|p| p.product.id).collect();
    let mut images = store::catalog_images::for_products(&mut conn, sid, &ids).await?;
    Ok(products
        .into_iter()
        .map(|p| {
            let i = images.remove(&p.product.id).unwrap_or_default();
            (p, i)
        })
        .collect())
}
