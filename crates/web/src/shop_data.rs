//! What every page of a shop shows besides its own content (taglines, the category tree, the
//! legal identity, the shipping table product pages tell search engines about), read once per catalog version and kept in this node's memory: a page
//! rendered on a page-cache miss reads only its own rows. Keyed like the page cache, by the
//! shop's version, which every write to these rows bumps.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crate::error::AppResult;

/// A category with its texts in every language.
pub struct CatNode {
    pub id: i64,
    pub parent: Option<i64>,
    /// (lang, name, slug, description)
    pub texts: Vec<(String, String, String, String)>,
}

impl CatNode {
    pub fn text(&self, lang: &str, default: &str) -> &(String, String, String, String) {
        self.texts
            .iter()
            .find(|x| x.0 == lang)
            .or_else(|| self.texts.iter().find(|x| x.0 == default))
            .unwrap_or(&self.texts[0])
    }
}

pub struct ShopData {
    /// (lang, tagline)
    pub taglines: Vec<(String, String)>,
    /// Every category, in display order.
    pub categories: Vec<CatNode>,
    pub legal: store::legal::LegalIdentity,
    pub shipping: domain::shipping::ShippingTable,
    /// How the shop charges VAT and types its prices: what storefront prices are shown as
    /// (`domain::tax::shown_price`).
    pub tax: domain::tax::TaxProfile,
    /// The rates shoppers may see estimates in other currencies at (`app::exchange`).
    pub rates: Vec<app::exchange::ShownRate>,
    /// The partners its "our neighbours" block shows (`app::partner`).
    pub neighbours: Vec<app::partner::Neighbour>,
}

impl ShopData {
    async fn load(conn: &mut store::Conn, shop: &store::shop::Shop) -> AppResult<ShopData> {
        let shop_id = shop.sid();
        let rows = store::catalog::categories(conn, shop_id).await?;
        let mut categories: Vec<CatNode> = Vec::new();
        let mut at: HashMap<i64, usize> = HashMap::new();
        for r in rows {
            let text = (r.lang, r.name, r.slug, r.description);
            match at.get(&r.id) {
                Some(&i) => categories[i].texts.push(text),
                None => {
                    at.insert(r.id, categories.len());
                    categories.push(CatNode {
                        id: r.id,
                        parent: r.parent_id,
                        texts: vec![text],
                    });
                }
            }
        }
        let legal = store::legal::get(conn, shop_id).await?;
        let tax = app::checkout::tax_profile_of(conn, shop_id, &legal)
            .await
            .map_err(crate::admin::shipping::app_error)?;
        let rates = app::exchange::shown_rates(conn, shop_id, &shop.currency)
            .await
            .map_err(crate::admin::shipping::app_error)?;
        let neighbours = app::partner::neighbours(conn, shop)
            .await
            .map_err(crate::admin::shipping::app_error)?;
        Ok(ShopData {
            rates,
            neighbours,
            taglines: store::shop::taglines(conn, shop_id).await?,
            categories,
            legal,
            tax,
            shipping: app::shipping::table(conn, shop_id)
                .await
                .map_err(crate::admin::shipping::app_error)?,
        })
    }

    /// The tagline in `lang`, else in the shop's default language.
    pub fn tagline(&self, lang: &str, default: &str) -> Option<String> {
        self.taglines
            .iter()
            .find(|(l, _)| l == lang)
            .or_else(|| self.taglines.iter().find(|(l, _)| l == default))
            .map(|(_, t)| t.clone())
    }
}

/// More shops than this in memory and the map starts over (a bound, not a working size).
const MAX_SHOPS: usize = 10_000;

/// Versions kept per shop: the newest, and the one before it for the shoppers whose copy of the
/// shop is a little older than the staff's (see `tenant::ShopCache`), so that neither side reads
/// the shop again on every request in the meantime.
const VERSIONS: usize = 2;

/// The [`ShopData`] of recently shown shops, by shop id: `(version, data)`, newest first.
#[derive(Default)]
pub struct ShopDataCache {
    map: RwLock<HashMap<i64, Versions>>,
}

type Versions = Vec<((i64, i64), Arc<ShopData>)>;

impl ShopDataCache {
    fn cached(&self, shop: &store::shop::Shop) -> Option<Arc<ShopData>> {
        let m = self.map.read().ok()?;
        m.get(&shop.id)?
            .iter()
            .find(|(v, _)| *v == shop.page_version())
            .map(|(_, d)| d.clone())
    }

    /// The data of `shop` at its version: from memory, or read now through a connection of the
    /// pool (none is taken on a hit). Never called while holding one: the pool could run dry.
    pub async fn get(
        &self,
        st: &store::Store,
        shop: &store::shop::Shop,
    ) -> AppResult<Arc<ShopData>> {
        match self.cached(shop) {
            Some(d) => Ok(d),
            None => self.read(&mut *st.reader().await?, shop).await,
        }
    }

    /// The same through the caller's connection.
    pub async fn get_with(
        &self,
        conn: &mut store::Conn,
        shop: &store::shop::Shop,
    ) -> AppResult<Arc<ShopData>> {
        match self.cached(shop) {
            Some(d) => Ok(d),
            None => self.read(conn, shop).await,
        }
    }

    async fn read(
        &self,
        conn: &mut store::Conn,
        shop: &store::shop::Shop,
    ) -> AppResult<Arc<ShopData>> {
        let data = Arc::new(ShopData::load(conn, shop).await?);
        if let Ok(mut m) = self.map.write() {
            if m.len() >= MAX_SHOPS && !m.contains_key(&shop.id) {
                m.clear();
            }
            let versions = m.entry(shop.id).or_default();
            if !versions.iter().any(|(v, _)| *v == shop.page_version()) {
                versions.push((shop.page_version(), data.clone()));
                versions.sort_by_key(|(v, _)| std::cmp::Reverse(*v));
                versions.truncate(VERSIONS);
            }
        }
        Ok(data)
    }
}
