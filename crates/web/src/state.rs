//! What every handler can reach: the store, configuration, messages, media storage, metrics.

use std::sync::Arc;

use crate::config::Config;
use crate::i18n::I18n;
use crate::metrics::Metrics;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub store: store::Store,
    pub config: Config,
    pub i18n: I18n,
    pub media: media::Storage,
    pub metrics: Metrics,
    /// Rendered storefront pages, keyed by the shop's version (see `page_cache`).
    pub pages: crate::page_cache::PageCache,
    /// Shops' rows as recently read, for visitors without a session (see `tenant::ShopCache`).
    pub shops: crate::tenant::ShopCache,
    /// Taglines, category tree and legal identity of shops, by version (see `shop_data`).
    pub shop_data: crate::shop_data::ShopDataCache,
    /// Image decoding is heavy: at most this many at once, whatever the number of uploads.
    pub image_work: tokio::sync::Semaphore,
    /// Signs download links (derived from the server secret).
    pub download_key: [u8; 32],
    /// Keys guests' links to their orders (derived from the server secret).
    pub order_link_key: [u8; 32],
    /// Keys the links of interest requests (derived from the server secret).
    pub interest_key: [u8; 32],
    /// Signs the cookie that keeps the last source of a shopper's visits (see `attribution`).
    pub source_key: [u8; 32],
    /// Visits counted on this node and not written yet.
    pub visits: app::attribution::Tally,
    /// Where the payment providers answer, and the sealer of the shops' keys (derived from the
    /// server secret).
    pub payments: app::payment::Providers,
    /// The Content-Security-Policy of a card payment page: ours, plus stripe.js and its API.
    pub pay_csp: axum::http::HeaderValue,
    /// The words of shops' and the mall's products, that searches correct typos against.
    pub words: app::search::Words,
    /// Counts this node's changes that the mall's pages show (see `page_cache::serve_mall`).
    mall_generation: std::sync::atomic::AtomicI64,
}

impl AppState {
    pub fn new(store: store::Store, config: Config) -> AppState {
        let media = match &config.s3 {
            // `Config::load` already checked the settings.
            Some(s3) => media::Storage::s3(s3.clone()).expect("valid S3 settings"),
            None => media::Storage::local(config.media_dir()),
        };
        let secret = server_secret(&config);
        let download_key = crate::download::derive_key(&secret);
        let order_link_key = crate::download::derive_key_for(&secret, b"vitrine order links v1");
        let interest_key = crate::download::derive_key_for(&secret, b"vitrine interest links v1");
        let source_key = crate::download::derive_key_for(&secret, b"vitrine visit sources v1");
        let payments = app::payment::Providers {
            stripe_api: config.stripe_api.clone(),
            mollie_api: config.mollie_api.clone(),
            sealer: payments::sealed::Sealer::new(&secret),
        };
        let pay_csp = crate::app::pay_csp(&config);
        AppState(Arc::new(Inner {
            payments,
            pay_csp,
            store,
            i18n: I18n::load(),
            media,
            metrics: Metrics::default(),
            pages: crate::page_cache::PageCache::default(),
            shops: crate::tenant::ShopCache::new(std::time::Duration::from_millis(
                config.shop_cache_ms,
            )),
            shop_data: crate::shop_data::ShopDataCache::default(),
            image_work: tokio::sync::Semaphore::new(2),
            download_key,
            order_link_key,
            interest_key,
            source_key,
            visits: app::attribution::Tally::default(),
            config,
            words: app::search::Words::default(),
            mall_generation: std::sync::atomic::AtomicI64::new(0),
        }))
    }

    /// The generation of the mall's pages on this node (see `page_cache::serve_mall`).
    pub fn mall_generation(&self) -> i64 {
        self.mall_generation
            .load(std::sync::atomic::Ordering::Relaxed)
            % 1_000_000
    }

    /// Call after a change the mall's directory shows (a shop opened, renamed, listed or not,
    /// featured): this node stops serving its mall pages from memory at once.
    pub fn mall_changed(&self) {
        self.mall_generation
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.words.forget_mall();
    }
}

/// The configured secret, or one kept in `data_dir/secret.key` (made on first start). Without a
/// writable data folder, a secret for this process only: links then expire with it.
fn server_secret(config: &Config) -> Vec<u8> {
    if let Some(k) = &config.secret_key {
        return k.as_bytes().to_vec();
    }
    let path = config.data_dir.join("secret.key");
    if let Ok(k) = std::fs::read_to_string(&path) {
        if k.trim().len() >= 32 {
            return k.trim().as_bytes().to_vec();
        }
    }
    let fresh = store::new_token().0;
    let _ = std::fs::create_dir_all(&config.data_dir);
    if let Err(e) = std::fs::write(&path, &fresh) {
        tracing::warn!(error = %e, "cannot keep the server secret; download links will not survive a restart");
    }
    fresh.into_bytes()
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
