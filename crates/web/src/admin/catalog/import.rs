//! Shop admin: importing a product CSV (upload, dry-run preview, confirmation, the background
//! job's progress and result) and exporting the catalog in Shopify's format.
//!
//! The uploaded file waits in its job row between the preview and the confirmation, bound to the
//! shop and to the staff member who sent it; only they can see or confirm it, and only once.

use crate::extract::{Multipart, Path};
use askama::Template;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use store::id::ShopId;
use store::import::{self as jobs, ImportJob};

use crate::admin::Nav;
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::platform::render;
use crate::state::AppState;
use crate::transfer::{self, ImportError, Problem};

/// The largest CSV accepted (Shopify's own limit is 15 MB; ours stays under the body limit).
pub const MAX_CSV_BYTES: usize = 10 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            &shop_path("/admin/products/import"),
            get(upload_page)
                .post(upload)
                .layer(DefaultBodyLimit::max(crate::csrf::UPLOAD_MAX)),
        )
        .route(&shop_path("/admin/products/import/{id}"), get(status_page))
        .route(
            &shop_path("/admin/products/import/{id}/confirm"),
            post(confirm),
        )
        .route(&shop_path("/admin/products/export"), get(export))
}

/// A problem or warning as kept in the job row.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Line {
    pub line: usize,
    pub column: Option<String>,
    pub message: String,
}

impl From<&Problem> for Line {
    fn from(p: &Problem) -> Line {
        Line {
            line: p.line,
            column: p.column.clone(),
            message: p.message.clone(),
        }
    }
}

/// What a job row's `report` holds: the preview's figures, then the import's.
#[derive(Serialize, Deserialize, Default, Clone, Debug)]
pub struct Summary {
    pub products: usize,
    pub created: usize,
    pub updated: usize,
    pub variants: usize,
    pub images_queued: usize,
    pub first: Vec<(usize, String)>,
    pub errors: Vec<Line>,
    pub warnings: Vec<Line>,
}

impl Summary {
    pub fn from_report(r: &transfer::Report) -> Summary {
        Summary {
            products: r.created + r.updated,
            created: r.created,
            updated: r.updated,
            variants: r.variants,
            images_queued: r.images_queued,
            first: r.first.clone(),
            errors: vec![],
            warnings: r.warnings.iter().map(Line::from).collect(),
        }
    }
    pub fn from_problems(problems: &[Problem]) -> Summary {
        Summary {
            errors: problems.iter().map(Line::from).collect(),
            ..Default::default()
        }
    }
    pub fn parse(json: &str) -> Summary {
        serde_json::from_str(json).unwrap_or_default()
    }
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
}

#[derive(Template)]
#[template(path = "admin/import.html")]
struct UploadPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    error: Option<String>,
    max_mb: usize,
}

async fn upload_page(a: StaffAuth, c: Ctx) -> AppResult<Response> {
    Ok(render(UploadPage {
        nav: Nav::new(&a, "products"),
        shop_name: a.tenant.shop.name.clone(),
        error: None,
        max_mb: MAX_CSV_BYTES / (1024 * 1024),
        c,
    })?
    .into_response())
}

fn upload_error(a: &StaffAuth, c: Ctx, status: StatusCode, message: String) -> AppResult<Response> {
    Ok((
        status,
        render(UploadPage {
            nav: Nav::new(a, "products"),
            shop_name: a.tenant.shop.name.clone(),
            error: Some(message),
            max_mb: MAX_CSV_BYTES / (1024 * 1024),
            c,
        })?,
    )
        .into_response())
}

/// Receives the file, runs the dry run, keeps the file and the preview in a job row, and shows it.
async fn upload(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut too_large = false;
    while let Ok(Some(mut field)) = multipart.next_field().await {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("import.csv").to_string();
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > MAX_CSV_BYTES {
                        too_large = true;
                        break;
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(_) => return Err(AppError::TooLarge),
            }
        }
        file = Some((name, bytes));
    }
    if too_large {
        let msg = c.t1(
            "import-too-large",
            "max",
            &(MAX_CSV_BYTES / (1024 * 1024)).to_string(),
        );
        return upload_error(&a, c, StatusCode::PAYLOAD_TOO_LARGE, msg);
    }
    let Some((filename, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        let msg = c.t("import-no-file");
        return upload_error(&a, c, StatusCode::UNPROCESSABLE_ENTITY, msg);
    };
    let filename: String = filename.chars().take(200).collect();
    let shop = &a.tenant.shop;
    let total = transfer::count_products(shop, &bytes);
    // A file that reads is checked against the catalog in the background (a dry run of the
    // whole import, long for a large file), the seller following its progress; one that does
    // not read is refused now, its problems listed, before the database is touched.
    let (state, summary) = if total > 0 {
        let summary = Summary {
            products: total,
            ..Default::default()
        };
        (jobs::CHECKING, summary)
    } else {
        match transfer::import(&st, shop, &bytes, true, c.lang).await {
            Ok(r) => (jobs::PREVIEWED, Summary::from_report(&r)),
            Err(ImportError::Invalid(problems)) => {
                (jobs::INVALID, Summary::from_problems(&problems))
            }
            Err(ImportError::Store(e)) => return Err(e.into()),
        }
    };
    let mut tx = st.store.begin().await?;
    // An invalid file is not kept: it cannot be confirmed.
    let kept: &[u8] = if state == jobs::INVALID { &[] } else { &bytes };
    let id = jobs::create_job(
        &mut tx,
        a.shop_id(),
        a.staff.id,
        &filename,
        kept,
        c.lang.as_str(),
        state,
        summary.products as i64,
        &summary.to_json(),
    )
    .await?;
    store::commit(tx).await?;
    if state == jobs::CHECKING {
        crate::jobs::wake();
    }
    tracing::info!(
        shop_id = a.shop_id().get(),
        job_id = id,
        state,
        "CSV import uploaded"
    );
    Ok(Redirect::to(&a.tenant.url(&format!("/admin/products/import/{id}"))).into_response())
}

async fn find_job(st: &AppState, a: &StaffAuth, id: &str) -> AppResult<ImportJob> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = st.store.reader().await?;
    jobs::job(&mut conn, a.shop_id(), a.staff.id, id)
        .await?
        .ok_or(AppError::NotFound)
}

#[derive(Template)]
#[template(path = "admin/import_job.html")]
struct JobPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    id: i64,
    filename: String,
    state: String,
    /// Shown while queued or running; the page then reloads itself.
    working: bool,
    processed: i64,
    total: i64,
    progress_text: String,
    s: Summary,
}

async fn status_page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let job = find_job(&st, &a, &id).await?;
    let working = [jobs::CHECKING, jobs::QUEUED, jobs::RUNNING].contains(&job.state.as_str());
    // While the import's own transaction runs, progress lives in this node's memory (SQLite
    // cannot take a second writer meanwhile); the row holds it on PostgreSQL and at the end.
    let processed = crate::jobs::progress(job.id)
        .map(|n| n as i64)
        .unwrap_or(0)
        .max(job.processed);
    render(JobPage {
        nav: Nav::new(&a, "products"),
        shop_name: a.tenant.shop.name.clone(),
        id: job.id,
        filename: job.filename.clone(),
        state: job.state.clone(),
        working,
        processed: processed.min(job.total),
        total: job.total,
        progress_text: c.i18n.ta(
            c.lang,
            if job.state == jobs::CHECKING {
                "import-check-progress"
            } else {
                "import-progress"
            },
            &[
                ("done", processed.min(job.total).to_string()),
                ("total", job.total.to_string()),
            ],
        ),
        s: Summary::parse(&job.report),
        c,
    })
    .map(IntoResponse::into_response)
}

async fn confirm(
    State(st): State<AppState>,
    a: StaffAuth,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let job = find_job(&st, &a, &id).await?;
    let mut tx = st.store.begin().await?;
    // Only a previewed job moves on, once; a second confirmation finds it queued and does nothing.
    let queued = jobs::confirm(&mut tx, a.shop_id(), a.staff.id, job.id).await?;
    store::commit(tx).await?;
    if queued {
        tracing::info!(
            shop_id = a.shop_id().get(),
            job_id = job.id,
            "CSV import confirmed"
        );
        crate::jobs::wake();
    }
    Ok(Redirect::to(&a.tenant.url(&format!("/admin/products/import/{}", job.id))).into_response())
}

async fn export(State(st): State<AppState>, a: StaffAuth) -> AppResult<Response> {
    let bytes = transfer::export(&st, &a.tenant.shop).await?;
    let name = format!("{}-products.csv", a.tenant.shop.slug);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// The shop's pictures that could not be fetched, as sentences for the product list.
pub async fn image_warnings(
    st: &AppState,
    c: &Ctx,
    shop_id: ShopId,
) -> AppResult<Vec<(i64, String)>> {
    let mut conn = st.store.reader().await?;
    let failed = jobs::failed_fetches(&mut conn, shop_id, 20).await?;
    let mut out = vec![];
    for f in failed {
        let texts = store::catalog::texts(&mut conn, shop_id, f.product_id).await?;
        let title = texts
            .iter()
            .find(|t| t.lang == c.lang.as_str())
            .or(texts.first())
            .map(|t| t.title.clone())
            .unwrap_or_default();
        out.push((
            f.product_id,
            fetch_warning(c, &f.url, &title, f.last_error.as_deref().unwrap_or("")),
        ));
    }
    Ok(out)
}

/// "The picture … of “…” could not be fetched: reason".
pub fn fetch_warning(c: &Ctx, url: &str, title: &str, code: &str) -> String {
    let e = crate::fetch::FetchError::parse(code);
    let reason = match &e {
        crate::fetch::FetchError::Status(s) => {
            c.t1("import-fetch-status", "status", &s.to_string())
        }
        other => c.t(&format!("import-fetch-{}", other.code())),
    };
    c.i18n.ta(
        c.lang,
        "import-image-failed",
        &[
            ("url", url.to_string()),
            ("title", title.to_string()),
            ("reason", reason),
        ],
    )
}
