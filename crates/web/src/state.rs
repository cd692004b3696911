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
    /// Image decoding is heavy: at most this many at once, whatever the number of uploads.
    pub image_work: tokio::sync::Semaphore,
}

impl AppState {
    pub fn new(store: store::Store, config: Config) -> AppState {
        let media = media::Storage::local(config.media_dir());
        AppState(Arc::new(Inner {
            store,
            i18n: I18n::load(),
            media,
            metrics: Metrics::default(),
            pages: crate::page_cache::PageCache::default(),
            image_work: tokio::sync::Semaphore::new(2),
            config,
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
