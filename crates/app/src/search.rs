//! Finding a shop's products: the storefront's search page and the store API ask the same
//! question here, so a shopper and a headless front find the same products in the same order.

use store::listing::{Card, Filter, SearchArg};
use store::shop::Shop;
use store::Store;

use crate::Result;

/// Most products a search finds (over all its pages): past this a shopper refines the words.
pub const SEARCH_MAX: i64 = 480;

/// One page of what a search found.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// The page's products, best match first.
    pub cards: Vec<Card>,
    /// How many were found in all (at most [`SEARCH_MAX`]).
    pub total: i64,
    /// False when the text held nothing to search for (empty, or only short or common words).
    pub searched: bool,
}

/// Asks for text in `lang`, falling back to the shop's default language.
fn filter(shop: &Shop, lang: &str) -> Filter {
    Filter {
        lang: lang.to_string(),
        default_lang: shop.default_lang.clone(),
        ..Default::default()
    }
}

/// The visible products matching `text`, ranked by the search crate, page `page` (from 1) of
/// `per_page`; titles in `lang`, else the shop's default language.
pub async fn products(
    store: &Store,
    shop: &Shop,
    text: &str,
    lang: &str,
    page: i64,
    per_page: i64,
) -> Result<Found> {
    let langs: Vec<::search::Language> = crate::shop_langs(shop)
        .iter()
        .filter_map(|l| ::search::Language::from_code(l.as_str()))
        .collect();
    let query = ::search::parse_query(text, &langs);
    if query.is_empty() {
        return Ok(Found::default());
    }
    let (sql, args) = ::search::sql(&query);
    let args: Vec<SearchArg> = args
        .into_iter()
        .map(|a| match a {
            ::search::SqlArg::Int(i) => SearchArg::Int(i),
            ::search::SqlArg::Text(s) => SearchArg::Text(s),
        })
        .collect();
    let sid = shop.sid();
    let mut conn = store.reader().await?;
    let ids = store::listing::search_ids(&mut conn, sid, &sql, &args, SEARCH_MAX, 0).await?;
    if ids.is_empty() {
        return Ok(Found {
            searched: true,
            ..Found::default()
        });
    }
    let mut f = filter(shop, lang);
    f.ids = ids.clone();
    let (cards, _) = store::listing::cards(&mut conn, sid, &f, SEARCH_MAX, 0).await?;
    // Keep the search's ranking; the listing only drops what a shopper may not see.
    let mut ranked: Vec<Card> = ids
        .iter()
        .filter_map(|id| cards.iter().find(|card| card.id == *id).cloned())
        .collect();
    let total = ranked.len() as i64;
    let start = ((page.max(1) - 1).saturating_mul(per_page)).min(total) as usize;
    let end = (start + per_page.max(0) as usize).min(ranked.len());
    Ok(Found {
        cards: ranked.drain(start..end).collect(),
        total,
        searched: true,
    })
}

/// Every visible product of the shop, newest first, page `page` (from 1) of `per_page`.
pub async fn catalog(
    store: &Store,
    shop: &Shop,
    lang: &str,
    page: i64,
    per_page: i64,
) -> Result<Found> {
    let mut conn = store.reader().await?;
    let offset = (page.max(1) - 1).saturating_mul(per_page);
    let (cards, total) =
        store::listing::cards(&mut conn, shop.sid(), &filter(shop, lang), per_page, offset).await?;
    Ok(Found {
        cards,
        total,
        searched: false,
    })
}

/// A variant as a listing of products for sale shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedVariant {
    pub product_id: i64,
    pub id: i64,
    pub sku: Option<String>,
    /// The variant's values on the product's option axes (size, colour…), in axis order.
    pub options: Vec<String>,
    pub price_minor: i64,
    /// `None` when the product's stock is not tracked.
    pub stock: Option<i64>,
}

/// The variants of these products (of this shop), in each product's order.
pub async fn variants(store: &Store, shop: &Shop, products: &[i64]) -> Result<Vec<ListedVariant>> {
    if products.is_empty() {
        return Ok(Vec::new());
    }
    let mut conn = store.reader().await?;
    Ok(store::listing::variants_of(&mut conn, shop.sid(), products)
        .await?
        .into_iter()
        .map(|v| ListedVariant {
            product_id: v.product_id,
            id: v.id,
            options: [v.option1, v.option2, v.option3]
                .into_iter()
                .flatten()
                .filter(|o| !o.trim().is_empty())
                .collect(),
            sku: v.sku,
            price_minor: v.price_minor,
            stock: (v.track_stock != 0).then_some(v.quantity),
        })
        .collect())
}
