//! Background work of the catalog import: checking uploaded CSV files (the dry run that makes
//! the preview), confirmed imports and the picture downloads they queue. The jobs live in
//! database tables claimed with a lease (SKIP LOCKED on PostgreSQL), so any node may run this
//! loop and a node that stops leaves its jobs to another.
//!
//! It runs in the web process rather than in the `worker` crate because attaching a picture needs
//! what only the web layer has (media storage, image processing, the shop's languages); `vitrine
//! serve` starts it beside the outbox worker, and `--no-worker` leaves both to other nodes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use domain::locale::Lang;
use store::import::{self as jobs, ImageFetch, ImportJob};
use tokio::sync::{watch, Notify};

use crate::admin::catalog::import::{Line, Summary};
use crate::catalog_images::ImageError;
use crate::fetch::{self, FetchError};
use crate::state::AppState;
use crate::transfer::{self, ImportError};

/// Progress of the imports running on this node, by job id.
static PROGRESS: LazyLock<Mutex<HashMap<i64, Arc<AtomicUsize>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));
/// Lets a confirmation start its job now rather than at the next poll.
static WAKE: LazyLock<Notify> = LazyLock::new(Notify::new);

/// Products saved so far by a job running on this node.
pub fn progress(job_id: i64) -> Option<usize> {
    PROGRESS
        .lock()
        .ok()?
        .get(&job_id)
        .map(|n| n.load(Ordering::Relaxed))
}

pub fn wake() {
    WAKE.notify_one();
}

/// Runs until `stop` turns true.
pub async fn run(st: AppState, poll: Duration, mut stop: watch::Receiver<bool>) {
    let client = fetch::client(st.config.fetch_allow_loopback);
    loop {
        if *stop.borrow() {
            break;
        }
        let busy = match tick(&st, &client).await {
            Ok(n) => n > 0,
            Err(e) => {
                tracing::error!(error = %e, "import jobs");
                false
            }
        };
        if busy {
            continue;
        }
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = WAKE.notified() => {}
            _ = stop.changed() => {}
        }
    }
}

/// How long an unconfirmed preview (and the file it holds) is kept.
pub const PREVIEW_KEPT_SECONDS: i64 = 7 * 86_400;
/// When this node last forgot stale previews (seconds since the epoch).
static LAST_SWEEP: AtomicI64 = AtomicI64::new(0);
/// When this node last cancelled the orders whose payment never came.
static LAST_UNPAID_SWEEP: AtomicI64 = AtomicI64::new(0);
/// When this node last looked for imports that died mid-way.
static LAST_STAGING_SWEEP: AtomicI64 = AtomicI64::new(0);

/// Runs one due import and a few due picture downloads; returns how many were attempted.
/// Once an hour, also forgets the previews nobody confirmed within [`PREVIEW_KEPT_SECONDS`].
pub async fn tick(st: &AppState, client: &reqwest::Client) -> anyhow::Result<usize> {
    let now = store::now();
    if now - LAST_SWEEP.load(Ordering::Relaxed) >= 3600 {
        LAST_SWEEP.store(now, Ordering::Relaxed);
        let mut tx = st.store.begin().await?;
        let n = jobs::forget_stale_previews(&mut tx, now - PREVIEW_KEPT_SECONDS).await?;
        store::commit(tx).await?;
        if n > 0 {
            tracing::info!(count = n, "unconfirmed CSV previews forgotten");
        }
    }
    if now - LAST_STAGING_SWEEP.load(Ordering::Relaxed) >= 60 {
        LAST_STAGING_SWEEP.store(now, Ordering::Relaxed);
        // Products staged by an import whose process stopped mid-way.
        let n = store::staging::clean_expired(&st.store).await?;
        if n > 0 {
            tracing::info!(count = n, "staged rows of stopped imports removed");
        }
    }
    if now - LAST_UNPAID_SWEEP.load(Ordering::Relaxed) >= 600 {
        LAST_UNPAID_SWEEP.store(now, Ordering::Relaxed);
        let n = cancel_unpaid(st, now).await?;
        if n > 0 {
            // Their stock is back: this node's shoppers see the shops' new versions at once.
            st.shops.clear();
            tracing::info!(count = n, "unpaid orders cancelled");
        }
    }
    if let Err(e) = crate::rent::tick(st, now).await {
        tracing::error!(error = %e, "rent");
    }
    let mut n = 0;
    if let Some(job) = jobs::claim_job(&st.store).await? {
        run_import(st, &job).await?;
        n += 1;
    }
    let fetches = jobs::claim_fetches(&st.store, 4).await?;
    n += fetches.len();
    // A few at once: each mostly waits on another site.
    let mut set = tokio::task::JoinSet::new();
    for f in fetches {
        let (st, client) = (st.clone(), client.clone());
        set.spawn(async move { fetch_one(&st, &client, &f).await });
    }
    while let Some(r) = set.join_next().await {
        r??;
    }
    Ok(n)
}

async fn run_import(st: &AppState, job: &ImportJob) -> anyhow::Result<()> {
    let (shop, content) = {
        let mut c = st.store.reader().await?;
        (
            store::shop::by_id(&mut c, job.shop_id).await?,
            jobs::job_content(&mut c, job.shop_id, job.id).await?,
        )
    };
    let lang = Lang::parse(&job.lang).unwrap_or(Lang::Fr);
    let counter = Arc::new(AtomicUsize::new(0));
    if let Ok(mut m) = PROGRESS.lock() {
        m.insert(job.id, counter.clone());
    }
    // The import writes in short transactions, so progress is written between them (on
    // SQLite too) and every node's status page sees it.
    let ticker = {
        let (st, counter, shop_id, id) = (st.clone(), counter.clone(), job.shop_id, job.id);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(500)).await;
                let n = counter.load(Ordering::Relaxed) as i64;
                if let Ok(mut tx) = st.store.begin().await {
                    if jobs::set_progress(&mut tx, shop_id, id, n).await.is_ok() {
                        let _ = store::commit(tx).await;
                    }
                }
            }
        })
    };
    // A file just uploaded is checked by a dry run (reads only), which makes
    // the preview; a confirmed one is imported.
    let dry_run = job.state == jobs::CHECKING;
    let result = transfer::import_with(st, &shop, &content, dry_run, lang, Some(&counter)).await;
    ticker.abort();
    let (ok, failed) = if dry_run {
        (jobs::PREVIEWED, jobs::INVALID)
    } else {
        (jobs::DONE, jobs::FAILED)
    };
    let (state, summary) = match result {
        Ok(r) => (ok, Summary::from_report(&r)),
        // A confirmed file that changed meaning since its preview (another import, another
        // product took a handle) saves nothing either: the seller reads why.
        Err(ImportError::Invalid(problems)) => (failed, Summary::from_problems(&problems)),
        Err(ImportError::Store(e)) => {
            tracing::error!(shop_id = job.shop_id.get(), job_id = job.id, dry_run, error = %e, "CSV import failed");
            (
                failed,
                Summary {
                    errors: vec![Line {
                        line: 1,
                        column: None,
                        message: st.i18n.t(lang, "import-job-internal"),
                    }],
                    ..Default::default()
                },
            )
        }
    };
    let processed = counter.load(Ordering::Relaxed) as i64;
    let mut tx = st.store.begin().await?;
    // A check leaves the bar empty for the import to fill; an import reports how far it went.
    let processed = match state {
        jobs::DONE => job.total,
        jobs::FAILED => processed,
        _ => 0,
    };
    jobs::finish(
        &mut tx,
        job.shop_id,
        job.id,
        state,
        processed,
        &summary.to_json(),
    )
    .await?;
    store::commit(tx).await?;
    if let Ok(mut m) = PROGRESS.lock() {
        m.remove(&job.id);
    }
    tracing::info!(
        shop_id = job.shop_id.get(),
        job_id = job.id,
        state,
        "CSV import finished"
    );
    Ok(())
}

async fn fetch_one(st: &AppState, client: &reqwest::Client, f: &ImageFetch) -> anyhow::Result<()> {
    let result = match fetch::fetch_image(client, &f.url, st.config.fetch_allow_loopback).await {
        Ok(bytes) => attach(st, f, bytes).await,
        Err(e) => Err(e),
    };
    let mut tx = st.store.begin().await?;
    match &result {
        Ok(()) => jobs::fetch_done(&mut tx, f.shop_id, f.id).await?,
        Err(e) => {
            tracing::info!(shop_id = f.shop_id.get(), product_id = f.product_id, reason = %e.code(), "picture not fetched");
            jobs::fetch_failed(&mut tx, f, &e.code(), e.is_temporary()).await?
        }
    }
    store::commit(tx).await?;
    Ok(())
}

/// Adds the fetched picture after the product's other images, with the file's alt text (or the
/// product's title) in each of the shop's languages.
async fn attach(st: &AppState, f: &ImageFetch, bytes: Vec<u8>) -> Result<(), FetchError> {
    let shop = {
        let mut c = st.store.reader().await.map_err(|_| FetchError::Internal)?;
        store::shop::by_id(&mut c, f.shop_id)
            .await
            .map_err(|_| FetchError::Internal)?
    };
    let alts: Vec<(Lang, String)> = shop
        .lang_list()
        .iter()
        .filter_map(|l| Lang::parse(l).ok())
        .map(|l| (l, f.alt.clone()))
        .collect();
    match crate::catalog_images::add_product_image(st, f.shop_id, f.product_id, bytes, &alts).await
    {
        Ok(_) => Ok(()),
        Err(ImageError::Media(media::MediaError::Io(_))) => Err(FetchError::Internal),
        Err(ImageError::Media(_)) => Err(FetchError::NotImage),
        Err(ImageError::Plan(_)) => Err(FetchError::Quota),
        Err(ImageError::Store(_)) => Err(FetchError::Internal),
    }
}

/// Cancels the orders whose transfer or cheque never came (see `app::order::cancel_unpaid`),
/// telling each customer in the language they ordered in.
pub async fn cancel_unpaid(st: &AppState, now: i64) -> anyhow::Result<usize> {
    let base = st.config.public_url.trim_end_matches('/').to_string();
    let key = st.order_link_key;
    Ok(app::order::cancel_unpaid(&st.store, now, |shop, o, to| {
        let lang = domain::locale::Lang::parse(&o.lang).unwrap_or(domain::locale::Lang::Fr);
        let token = app::checkout::link_token(&key, shop.sid(), &o.idempotency_key);
        let link = format!(
            "{base}/s/{}{}/orders/{token}",
            shop.slug,
            crate::tenant::lang_prefix(shop, &o.lang)
        );
        crate::mail::Mail {
            i18n: &st.i18n,
            lang,
            brand: &crate::mail::Brand::of(shop, &format!("{base}/s/{}", shop.slug)),
        }
        .order_changed(o, to, &link)
    })
    .await?)
}
