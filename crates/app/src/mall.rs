//! The mall: the platform's directory of open shops and the one search across every listed
//! shop's catalog. Each shop keeps its own brand, address and domain: the mall only points at
//! them. A seller chooses whether their shop is listed and under which directory category; the
//! operator features shops.

use std::collections::HashMap;
use std::sync::Arc;

use domain::error::ValidationError;
use store::listing::{Card, Filter};
use store::mall::MallShop;
use store::shop::Shop;
use store::Store;

use crate::search::{corrected_text, store_args, Words, SEARCH_MAX};
use crate::{Error, Result};

/// A listed shop and where it is.
#[derive(Debug, Clone)]
pub struct Listed {
    pub shop: MallShop,
    /// `domain::region::of` its legal address; `None` when it gave none.
    pub region: Option<String>,
}

/// Every shop the mall lists, newest first.
pub async fn shops(store: &Store) -> Result<Vec<Listed>> {
    let mut conn = store.reader().await?;
    Ok(store::mall::listed_shops(&mut conn)
        .await?
        .into_iter()
        .map(|shop| Listed {
            region: domain::region::of(&shop.country, &shop.postal_code),
            shop,
        })
        .collect())
}

/// A product found in the mall, with its shop.
#[derive(Debug, Clone)]
pub struct Hit {
    pub shop: Arc<Shop>,
    pub card: Card,
}

/// One page of what a search across the mall found (see `search::Found`).
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub hits: Vec<Hit>,
    pub total: i64,
    pub searched: bool,
    pub corrected: Option<String>,
    pub suggestions: Vec<String>,
}

/// The languages a mall search is read in: every language the platform speaks (shops index in
/// theirs, so a stem in any of them may be the one stored).
fn languages() -> Vec<::search::Language> {
    domain::locale::Lang::all()
        .iter()
        .filter_map(|l| ::search::Language::from_code(l.as_str()))
        .collect()
}

async fn ranked(conn: &mut store::Conn, query: &::search::Query) -> Result<Vec<(i64, i64)>> {
    let (hits, args) = ::search::sql_across(query);
    Ok(store::mall::search(conn, &hits, &store_args(args), SEARCH_MAX).await?)
}

/// The visible products of listed shops matching `text`, ranked as a shop's own search ranks
/// them, page `page` (from 1) of `per_page`; each title in `lang` when its shop has it, else in
/// the shop's default language. Typos are forgiven as in a shop (see `search::products`),
/// against the words of every listed shop.
pub async fn search(
    store: &Store,
    words: &Words,
    text: &str,
    lang: &str,
    page: i64,
    per_page: i64,
) -> Result<Found> {
    let langs = languages();
    let query = ::search::parse_query(text, &langs);
    if query.is_empty() {
        return Ok(Found::default());
    }
    let mut conn = store.reader().await?;
    let mut ids = ranked(&mut conn, &query).await?;
    let mut corrected = None;
    let mut suggestions = Vec::new();
    if ids.is_empty() {
        let vocab = words.mall(store).await?;
        if let Some(f) = ::search::forgive(&query, &vocab, &langs) {
            ids = ranked(&mut conn, &f.query).await?;
            if !ids.is_empty() {
                corrected = Some(corrected_text(&query, &f));
            }
        }
        if ids.is_empty() {
            suggestions = ::search::suggestions(&query, &vocab, &langs, 3);
        }
    }
    let total = ids.len() as i64;
    let start = ((page.max(1) - 1).saturating_mul(per_page)).min(total) as usize;
    let end = (start + per_page.max(0) as usize).min(ids.len());
    let page_ids = &ids[start..end];

    // The page's cards, one listing query per shop on it.
    let mut by_shop: Vec<(i64, Vec<i64>)> = Vec::new();
    for (shop, product) in page_ids {
        match by_shop.iter_mut().find(|(s, _)| s == shop) {
            Some((_, products)) => products.push(*product),
            None => by_shop.push((*shop, vec![*product])),
        }
    }
    let mut cards: HashMap<i64, Hit> = HashMap::new();
    for (shop_id, products) in by_shop {
        let shop = Arc::new(store::shop::by_id(&mut conn, store::id::ShopId(shop_id)).await?);
        let filter = Filter {
            lang: lang.to_string(),
            default_lang: shop.default_lang.clone(),
            ids: products,
            ..Default::default()
        };
        let (found, _) =
            store::listing::cards(&mut conn, shop.sid(), &filter, per_page.max(1), 0).await?;
        for card in found {
            cards.insert(
                card.id,
                Hit {
                    shop: shop.clone(),
                    card,
                },
            );
        }
    }
    Ok(Found {
        hits: page_ids
            .iter()
            .filter_map(|(_, product)| cards.remove(product))
            .collect(),
        total,
        searched: true,
        corrected,
        suggestions,
    })
}

/// A shop's place in the mall, as its seller and the operator see it.
pub async fn listing(store: &Store, shop: &Shop) -> Result<store::mall::Listing> {
    let mut conn = store.reader().await?;
    Ok(store::mall::listing(&mut conn, shop.sid()).await?)
}

/// The seller's choice: whether the mall lists the shop, and under which category (one of
/// `domain::mall::CATEGORIES`, or none).
pub async fn set_listing(store: &Store, shop: &Shop, listed: bool, category: &str) -> Result<()> {
    let category = category.trim();
    if !category.is_empty() && !domain::mall::is_category(category) {
        return Err(Error::Refused(ValidationError::new("mall-category")));
    }
    let mut tx = store.begin().await?;
    store::mall::set_listing(&mut tx, shop.sid(), listed, category).await?;
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(())
}

/// The operator's choice: featured on the mall's home, or not.
pub async fn set_featured(store: &Store, shop: store::id::ShopId, featured: bool) -> Result<()> {
    let mut tx = store.begin().await?;
    store::mall::set_featured(&mut tx, shop, featured).await?;
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(())
}
