//! What a shop's product feeds list: the Google Merchant Center feed (per language and
//! destination country: each buyable variant with its price as a shopper of that country pays
//! it, its availability, condition and the cheapest delivery there) and the newest products for
//! the Atom feed. The web layer writes them out (XML, links, image addresses).

use domain::catalog::stock::{Availability, StockPolicy};
use domain::catalog::{Condition, ProductKind, ProductStatus, VatClass};
use domain::country::{Country, Destination};
use domain::shipping::{CarrierKind, ParcelLine, ShippingChoice};
use domain::tax::{Supply, TaxInput, TaxLine};
use store::catalog::Variant;
use store::catalog_images::Image;
use store::listing::FeedProduct;
use store::shop::Shop;
use store::Store;

use crate::Result;

/// The most products a feed lists (a platform plan allows fewer).
pub const MAX_PRODUCTS: i64 = 50_000;
/// Google's limits on a title and a description, in characters.
const TITLE_MAX: usize = 150;
const DESCRIPTION_MAX: usize = 5000;

/// One offer of the Merchant feed: a variant as a shopper of the feed's country buys it.
#[derive(Debug, Clone)]
pub struct MerchantItem {
    pub variant: Variant,
    /// The product's variants share it when there are several (Google's `item_group_id`).
    pub group: Option<i64>,
    pub kind: ProductKind,
    /// The product's title, then the variant's option values.
    pub title: String,
    pub description: String,
    /// The product's address part in the feed's language.
    pub slug: String,
    pub options: Vec<String>,
    /// What the shopper of that country pays, taxes included, and the "compare at" price
    /// before a reduction (then `price_minor` is the sale price).
    pub price_minor: i64,
    pub regular_minor: Option<i64>,
    /// Google's values: "in_stock", "out_of_stock", "backorder".
    pub availability: &'static str,
    /// "new" or "used".
    pub condition: &'static str,
    pub brand: Option<String>,
    /// The variant's own picture first.
    pub images: Vec<Image>,
    /// The cheapest delivery to the feed's country (its name and price, taxes included), for
    /// a shipped product; `None` when it is not shipped, or not to that country.
    pub shipping: Option<(String, i64)>,
    pub weight_grams: Option<i64>,
}

/// Whether a product may be listed on Google Shopping: buyable now (not coming soon), and of a
/// kind Google takes (no live animals, which its policy forbids; no services or rentals,
/// which are not products there).
fn listable(p: &FeedProduct) -> Option<ProductKind> {
    let status = ProductStatus::parse(&p.product.status).ok()?;
    let kind = ProductKind::parse(&p.product.kind).ok()?;
    let ok = status.is_buyable()
        && !matches!(
            kind,
            ProductKind::LiveAnimal | ProductKind::Service | ProductKind::Rental
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
    let legal = store::legal::get(&mut conn, sid).await?;
    let profile = crate::checkout::tax_profile_of(&mut conn, sid, &legal).await?;
    let table = crate::shipping::table(&mut conn, sid).await?;
    let destination = Destination::new(country, "");
    let eu_sales = crate::checkout::eu_sales(
        &mut conn,
        shop,
        &profile,
        std::slice::from_ref(&destination),
        now,
    )
    .await?;
    // What a shopper there pays for `amount` of a product (and for `shipping` with it).
    let pays = |amount: i64, class: VatClass, kind: ProductKind, shipping: i64| {
        domain::tax::compute(TaxInput {
            profile: &profile,
            eu_sales: &eu_sales,
            destination: &destination,
            lines: &[TaxLine {
                amount_minor: amount,
                class,
                supply: Supply::of(kind, false),
            }],
            shipping_minor: shipping,
        })
        .ok()
        .map(|b| b.gross_minor)
    };
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
        let mut description = clipped(
            &domain::catalog::markdown::plain_text(&p.description_md),
            DESCRIPTION_MAX,
        );
        if description.is_empty() {
            // Google requires one: the title says what it is.
            description = clipped(&p.title, DESCRIPTION_MAX);
        }
        let pictures = images.remove(&p.product.id).unwrap_or_default();
        let group = (vs.len() > 1).then_some(p.product.id);
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
                Availability::OutOfStock => "out_of_stock",
                Availability::Backorder => "backorder",
                _ => "in_stock",
            };
            // Not sold to that country (its VAT rules refuse it): not offered there.
            let Some(price) = pays(v.price_minor, class, kind, 0) else {
                continue;
            };
            let regular = v
                .compare_at_minor
                .filter(|c| *c > v.price_minor)
                .and_then(|c| pays(c, class, kind, 0));
            let shipping = if kind.is_shipped() {
                let line = ParcelLine {
                    kind,
                    quantity: 1,
                    unit_weight_g: v.weight_grams.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32,
                    amount_minor: v.price_minor,
                };
                match domain::shipping::quote(
                    &table,
                    std::slice::from_ref(&line),
                    &destination,
                    crate::checkout::PACKAGING_G,
                ) {
                    Ok(ShippingChoice::Offers(offers)) => offers
                        .into_iter()
                        .find(|o| o.carrier != CarrierKind::LocalPickup)
                        .and_then(|o| {
                            let with = pays(v.price_minor, class, kind, o.price_minor)?;
                            Some((o.name, with - price))
                        }),
                    _ => None,
                }
            } else {
                None
            };
            if kind.is_shipped() && shipping.is_none() {
                // Not delivered to that country: not offered there.
                continue;
            }
            let mut pics = pictures.clone();
            if let Some(own) = v.image_id {
                pics.sort_by_key(|i| (i.id != own, i.position));
            }
            out.push(MerchantItem {
                group,
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
                shipping,
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
