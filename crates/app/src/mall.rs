//! The mall: the platform's directory of open shops and the one search across every listed
//! shop's catalog. Each shop keeps its own brand, address and domain: the mall only points at
//! them. A seller chooses whether their shop is listed and under which directory category; the
//! operator features shops.

use std::collections::HashMap;
use std::sync::Arc;

use domain::error::ValidationError;
use store::listing::Card;
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

/// How many listed shops each directory category has (what a search that found nothing
/// proposes instead), without reading every shop.
pub async fn category_counts(store: &Store) -> Result<HashMap<String, usize>> {
    let mut conn = store.reader().await?;
    Ok(store::mall::category_counts(&mut conn)
        .await?
        .into_iter()
        .map(|(code, n)| (code, usize::try_from(n).unwrap_or(0)))
        .collect())
}

/// A product found in the mall, with its shop.
#[derive(Debug, Clone)]
pub struct Hit {
    pub shop: Arc<Shop>,
    pub card: Card,
    /// The shop's own verified domain, when it has one.
    pub domain: Option<String>,
    /// What the shop's prices are shown as (its VAT).
    pub tax: domain::tax::TaxProfile,
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

/// The products of listed shops matching `query`, best first: first looked for among the
/// strong matches only (most of a common word's postings are descriptions' passing mentions);
/// when enough are found there, they are the first of the whole ranking.
async fn ranked(conn: &mut store::Conn, query: &::search::Query) -> Result<Vec<(i64, i64)>> {
    let (all, args) = ::search::sql_across(query);
    let tiers = [::search::sql_across_strong(query).0, all];
    Ok(store::mall::search(conn, &tiers, &store_args(args), SEARCH_MAX).await?)
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

    // The page's cards, their shops, their shops' domains and VAT: four queries whatever the
    // number of shops on the page.
    let mut cards = store::mall::cards(&mut conn, page_ids, lang).await?;
    let mut shop_ids: Vec<i64> = page_ids.iter().map(|(s, _)| *s).collect();
    shop_ids.sort_unstable();
    shop_ids.dedup();
    let shops: HashMap<i64, Arc<Shop>> = store::shop::by_ids(&mut conn, &shop_ids)
        .await?
        .into_iter()
        .map(|s| (s.id, Arc::new(s)))
        .collect();
    let domains: HashMap<i64, String> = store::mall::domains(&mut conn, &shop_ids)
        .await?
        .into_iter()
        .collect();
    let taxes = crate::checkout::tax_profiles(&mut conn, &shop_ids).await?;
    let mut hits = Vec::with_capacity(page_ids.len());
    for (shop, product) in page_ids {
        let Some(at) = cards
            .iter()
            .position(|c| c.shop_id == *shop && c.card.id == *product)
        else {
            continue;
        };
        let (Some(s), Some(tax)) = (shops.get(shop), taxes.get(shop)) else {
            continue;
        };
        hits.push(Hit {
            shop: s.clone(),
            card: cards.swap_remove(at).card,
            domain: domains.get(shop).cloned(),
            tax: *tax,
        });
    }
    Ok(Found {
        hits,
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
