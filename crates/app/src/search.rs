//! Finding a shop's products: the storefront's search page and the store API ask the same
//! question here, so a shopper and a headless front find the same products in the same order.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ::search::Vocabulary;
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
    /// When nothing matched the words as typed but their nearest indexed words did: the search
    /// as it was understood ("camembret" → "camembert"), to tell the shopper.
    pub corrected: Option<String>,
    /// When nothing was found at all: indexed words near the ones typed, to search instead.
    pub suggestions: Vec<String>,
}

/// The words indexed for each shop's products and for the whole mall, kept in this node's
/// memory to correct typos against. A shop's words are read again when its version changes
/// (any write). The mall's are read by the first search that needs them, then again in the
/// background once they are [`MALL_WORDS_TTL`] old (reading every listed shop's words takes
/// seconds on a large platform: no search waits for it but the very first).
pub struct Words {
    shops: Mutex<HashMap<i64, (i64, Arc<Vocabulary>)>>,
    mall: Arc<Mutex<MallWords>>,
    mall_refresh: Arc<tokio::sync::Mutex<()>>,
}

/// The mall's words and when they were read.
type MallWords = Option<(Instant, Arc<Vocabulary>)>;

/// How old the mall's list of words may be before it is read again: a word first indexed since
/// is not yet a correction (it is found as typed at once).
pub const MALL_WORDS_TTL: Duration = Duration::from_secs(300);
/// Shops whose words are kept at once; past this the list starts again.
const SHOPS_KEPT: usize = 2_000;

impl Default for Words {
    fn default() -> Self {
        Words {
            shops: Mutex::new(HashMap::new()),
            mall: Arc::new(Mutex::new(None)),
            mall_refresh: Arc::new(tokio::sync::Mutex::new(())),
        }
    }
}

async fn read_mall_words(store: &Store) -> Result<Arc<Vocabulary>> {
    let mut conn = store.reader().await?;
    Ok(Arc::new(Vocabulary::new(
        store::mall::mall_terms(&mut conn).await?,
    )))
}

impl Words {
    /// The words of `shop`'s products as of its current version.
    pub async fn shop(&self, store: &Store, shop: &Shop) -> Result<Arc<Vocabulary>> {
        if let Some((version, v)) = lock(&self.shops).get(&shop.id) {
            if *version == shop.version {
                return Ok(v.clone());
            }
        }
        let mut conn = store.reader().await?;
        let v = Arc::new(Vocabulary::new(
            store::mall::shop_terms(&mut conn, shop.sid()).await?,
        ));
        let mut shops = lock(&self.shops);
        if shops.len() >= SHOPS_KEPT {
            shops.clear();
        }
        shops.insert(shop.id, (shop.version, v.clone()));
        Ok(v)
    }

    /// The words of every listed shop's visible products.
    pub async fn mall(&self, store: &Store) -> Result<Arc<Vocabulary>> {
        let current = lock(&self.mall).clone();
        match current {
            Some((at, v)) if at.elapsed() < MALL_WORDS_TTL => Ok(v),
            Some((_, v)) => {
                // Stale: read again in the background (once at a time); meanwhile these do.
                if let Ok(guard) = self.mall_refresh.clone().try_lock_owned() {
                    let (store, slot) = (store.clone(), self.mall.clone());
                    tokio::spawn(async move {
                        match read_mall_words(&store).await {
                            Ok(fresh) => *lock(&slot) = Some((Instant::now(), fresh)),
                            Err(e) => tracing::warn!(error = %e, "reading the mall's words"),
                        }
                        drop(guard);
                    });
                }
                Ok(v)
            }
            None => {
                let _reading = self.mall_refresh.lock().await;
                if let Some((_, v)) = lock(&self.mall).as_ref() {
                    return Ok(v.clone());
                }
                let v = read_mall_words(store).await?;
                *lock(&self.mall) = Some((Instant::now(), v.clone()));
                Ok(v)
            }
        }
    }

    /// Marks the mall's words stale (a change of which shops are listed): the next search that
    /// needs them has them read again in the background.
    pub fn forget_mall(&self) {
        let mut slot = lock(&self.mall);
        if let Some((at, _)) = slot.as_mut() {
            match Instant::now().checked_sub(MALL_WORDS_TTL) {
                Some(old) => *at = old,
                None => *slot = None,
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Asks for text in `lang`, falling back to the shop's default language.
fn filter(shop: &Shop, lang: &str) -> Filter {
    Filter {
        lang: lang.to_string(),
        default_lang: shop.default_lang.clone(),
        ..Default::default()
    }
}

/// The search crate's languages for a shop's.
pub(crate) fn languages(shop: &Shop) -> Vec<::search::Language> {
    crate::shop_langs(shop)
        .iter()
        .filter_map(|l| ::search::Language::from_code(l.as_str()))
        .collect()
}

/// The search crate's statement arguments as the store binds them.
pub fn store_args(args: Vec<::search::SqlArg>) -> Vec<SearchArg> {
    args.into_iter()
        .map(|a| match a {
            ::search::SqlArg::Int(i) => SearchArg::Int(i),
            ::search::SqlArg::Text(s) => SearchArg::Text(s),
        })
        .collect()
}

/// The query as it reads once corrected: each word as typed (folded), or its correction.
pub(crate) fn corrected_text(query: &::search::Query, f: &::search::Forgiven) -> String {
    query
        .terms
        .iter()
        .filter_map(|t| t.alternatives.first())
        .map(|typed| {
            f.corrections
                .iter()
                .find(|(from, _)| from == typed)
                .map(|(_, to)| to.clone())
                .unwrap_or_else(|| typed.clone())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The ids of the shop's products matching `query`, best first.
async fn ranked(conn: &mut store::Conn, shop: &Shop, query: &::search::Query) -> Result<Vec<i64>> {
    let (sql, args) = ::search::sql(query);
    Ok(
        store::listing::search_ids(conn, shop.sid(), &sql, &store_args(args), SEARCH_MAX, 0)
            .await?,
    )
}

/// The visible products matching `text`, ranked by the search crate, page `page` (from 1) of
/// `per_page`; titles in `lang`, else the shop's default language. When the words as typed
/// find nothing, words no product is indexed under are read as their nearest indexed words
/// (`search::forgive`); when even that finds nothing, near words are suggested.
pub async fn products(
    store: &Store,
    words: &Words,
    shop: &Shop,
    text: &str,
    lang: &str,
    page: i64,
    per_page: i64,
) -> Result<Found> {
    let langs = languages(shop);
    let query = ::search::parse_query(text, &langs);
    if query.is_empty() {
        return Ok(Found::default());
    }
    let mut conn = store.reader().await?;
    let mut ids = ranked(&mut conn, shop, &query).await?;
    let mut corrected = None;
    let mut suggestions = Vec::new();
    if ids.is_empty() {
        let vocab = words.shop(store, shop).await?;
        if let Some(f) = ::search::forgive(&query, &vocab, &langs) {
            ids = ranked(&mut conn, shop, &f.query).await?;
            if !ids.is_empty() {
                corrected = Some(corrected_text(&query, &f));
            }
        }
        if ids.is_empty() {
            suggestions = ::search::suggestions(&query, &vocab, &langs, 3);
        }
    }
    if ids.is_empty() {
        return Ok(Found {
            searched: true,
            suggestions,
            ..Found::default()
        });
    }
    let sid = shop.sid();
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
        corrected,
        suggestions,
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
        ..Found::default()
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
