//! The operator console (`/operator/`): signing in, the list of shops (search, create, suspend,
//! change plan, verify domains, export, delete), the plans and the host's identity.

use crate::extract::{Form, Path, Query};
use std::collections::HashMap;

use app::domains::DomainError;
use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::account::Email;
use domain::locale::Lang;
use domain::shop::{ShopName, Slug};
use serde::Deserialize;
use serde_json::json;

use crate::auth::{self, OperatorAuth};
use crate::cookies;
use crate::ctx::{urlencode, Ctx};
use crate::error::{AppError, AppResult};
use crate::forms::Errors;
use crate::limits;
use crate::platform::render;
use crate::state::AppState;

/// Shops per page of the list.
const PER_PAGE: i64 = 25;
const COOKIE_PATH: &str = "/operator";
const MIB: i64 = 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/operator",
            get(|| async { Redirect::permanent("/operator/") }),
        )
        .route("/operator/login", get(login_form).post(login))
        .route("/operator/logout", post(logout))
        .route("/operator/", get(shops))
        .route("/operator/shops", post(create_shop))
        .route("/operator/shops/{slug}", get(shop_detail))
        .route("/operator/shops/{slug}/plan", post(change_plan))
        .route("/operator/shops/{slug}/suspend", post(suspend))
        .route("/operator/shops/{slug}/resume", post(resume))
        .route("/operator/shops/{slug}/domains/verify", post(verify_domain))
        .route("/operator/shops/{slug}/export", get(export))
        .route(
            "/operator/shops/{slug}/delete",
            get(delete_form).post(delete_shop),
        )
        .route("/operator/plans", get(plans).post(create_plan))
        .route("/operator/plans/{id}", get(plan_form).post(update_plan))
        .route("/operator/plans/{id}/default", post(make_default))
        .route("/operator/settings", get(settings_form).post(save_settings))
}

/// What the console layout needs: who is signed in, where they are, a confirmation to show.
pub struct OpNav {
    pub current: &'static str,
    pub email: String,
    pub flash: Option<String>,
}

impl OpNav {
    fn new(op: &OperatorAuth, current: &'static str) -> OpNav {
        OpNav {
            current,
            email: op.email.clone(),
            flash: None,
        }
    }
    fn signed_out() -> OpNav {
        OpNav {
            current: "login",
            email: String::new(),
            flash: None,
        }
    }
    fn flash(mut self, f: Option<String>) -> OpNav {
        self.flash = f;
        self
    }
}

fn unprocessable(html: Html<String>) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, html).into_response()
}

fn date(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// A size in megabytes, one decimal, with the decimal separator of the language.
fn megabytes(c: &Ctx, bytes: i64) -> String {
    let mb = format!("{:.1}", bytes as f64 / MIB as f64);
    let mb = if c.lang == Lang::Fr {
        mb.replace('.', ",")
    } else {
        mb
    };
    c.t1("op-size-mb", "size", &mb)
}

fn limit_label(c: &Ctx, n: i64) -> String {
    if n < 0 {
        c.t("op-unlimited")
    } else {
        n.to_string()
    }
}

fn storage_label(c: &Ctx, bytes: i64) -> String {
    if bytes < 0 {
        c.t("op-unlimited")
    } else {
        c.t1("op-size-mb", "size", &(bytes / MIB).to_string())
    }
}

fn status_label(c: &Ctx, status: &str) -> String {
    if status == store::shop::STATUS_SUSPENDED {
        c.t("op-status-suspended")
    } else {
        c.t("op-status-active")
    }
}

async fn shop_by_slug(st: &AppState, slug: &str) -> AppResult<store::shop::Shop> {
    let mut conn = st.store.reader().await?;
    store::shop::by_slug(&mut conn, slug)
        .await?
        .ok_or(AppError::NotFound)
}

// ---- signing in ------------------------------------------------------------------------------

/// Only a path inside the console may follow a login (no open redirect).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with("/operator/") && !n.contains('\\') && !n.contains("//") => {
            n.to_string()
        }
        _ => "/operator/".to_string(),
    }
}

#[derive(Template)]
#[template(path = "op_login.html")]
struct LoginPage {
    c: Ctx,
    nav: OpNav,
    next: String,
    email: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
struct LoginQuery {
    next: Option<String>,
}

async fn login_form(c: Ctx, Query(q): Query<LoginQuery>) -> AppResult<Html<String>> {
    render(LoginPage {
        c,
        nav: OpNav::signed_out(),
        next: safe_next(q.next.as_deref()),
        email: String::new(),
        error: None,
    })
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

async fn login(
    State(st): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    peer: auth::Peer,
    Form(f): Form<LoginForm>,
) -> AppResult<Response> {
    let too_long = domain::account::check_sign_in(&f.email, &f.password).err();
    // An over-long address is not echoed back into the page.
    let email = match too_long {
        None => f.email.trim().to_lowercase(),
        Some(_) => String::new(),
    };
    let ip = auth::client_ip(&headers, peer.0, &st.config);
    // No ceiling per account here: the operator has no e-mail link to get back in with, so
    // strangers spread over many addresses must not be able to lock the console.
    let attempt = limits::Login::new(&format!("op:{email}"), &ip, false);
    let next = safe_next(f.next.as_deref());
    let page = |c: Ctx, error: String, status: StatusCode| -> AppResult<Response> {
        Ok((
            status,
            render(LoginPage {
                c,
                nav: OpNav::signed_out(),
                next: next.clone(),
                email: email.clone(),
                error: Some(error),
            })?,
        )
            .into_response())
    };
    if let Some(e) = too_long {
        // Longer than any account's: refused before anything is counted, stored or hashed.
        let msg = c.err(&e);
        return page(c, msg, StatusCode::UNPROCESSABLE_ENTITY);
    }
    if attempt.attempt(&st.store).await? != limits::Verdict::Allowed {
        tracing::warn!("operator login rate limited");
        let msg = c.t("op-login-rate-limited");
        return page(c, msg, StatusCode::TOO_MANY_REQUESTS);
    }
    let operator = {
        let mut conn = st.store.reader().await?;
        store::operator::by_email(&mut conn, &email).await?
    };
    let ok = crate::password::verify(
        &f.password,
        operator.as_ref().map(|o| o.password_hash.as_str()),
    )
    .await;
    let Some(operator) = operator.filter(|_| ok) else {
        let msg = c.t("op-login-failed");
        return page(c, msg, StatusCode::UNAUTHORIZED);
    };
    let mut tx = st.store.begin().await?;
    attempt.succeeded(&mut tx).await?;
    let (token, _) = store::operator::create_session(&mut tx, operator.id).await?;
    store::commit(tx).await?;
    tracing::info!(operator_id = operator.id, "operator signed in");
    let cookie = cookies::set(
        cookies::OPERATOR,
        &token,
        COOKIE_PATH,
        None,
        auth::is_https(&headers, &st),
    );
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response())
}

async fn logout(State(st): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = cookies::get(&headers, cookies::OPERATOR) {
        let mut tx = st.store.begin().await?;
        store::operator::delete_session(&mut tx, &token).await?;
        store::commit(tx).await?;
    }
    let cookie = cookies::clear(
        cookies::OPERATOR,
        COOKIE_PATH,
        auth::is_https(&headers, &st),
    );
    Ok((
        [(header::SET_COOKIE, cookie)],
        Redirect::to("/operator/login"),
    )
        .into_response())
}

// ---- shops -----------------------------------------------------------------------------------

pub struct ShopRow {
    pub slug: String,
    pub name: String,
    pub status: String,
    pub suspended: bool,
    pub plan: String,
    pub created: String,
}

pub struct PlanOption {
    pub id: String,
    pub name: String,
    pub selected: bool,
}

fn plan_options(plans: &[store::plan::Plan], selected: &str) -> Vec<PlanOption> {
    plans
        .iter()
        .map(|p| PlanOption {
            id: p.id.to_string(),
            name: p.name.clone(),
            selected: p.id.to_string() == selected,
        })
        .collect()
}

pub struct LangOption {
    pub code: &'static str,
    pub name: &'static str,
    pub selected: bool,
}

#[derive(Deserialize, Default, Clone)]
pub struct CreateForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub plan: String,
    #[serde(default)]
    pub lang: String,
}

#[derive(Template)]
#[template(path = "op_shops.html")]
struct ShopsPage {
    c: Ctx,
    nav: OpNav,
    q: String,
    rows: Vec<ShopRow>,
    total: i64,
    pages: i64,
    page_label: String,
    prev: Option<String>,
    next: Option<String>,
    plans: Vec<PlanOption>,
    langs: Vec<LangOption>,
    form: CreateForm,
    errors: Errors,
}

#[derive(Deserialize, Default)]
struct ListQuery {
    q: Option<String>,
    page: Option<String>,
    deleted: Option<String>,
}

async fn shops(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Query(q): Query<ListQuery>,
) -> AppResult<Html<String>> {
    let flash = q
        .deleted
        .as_deref()
        .map(|s| c.t1("op-shop-deleted", "slug", s));
    let page = q
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let form = CreateForm {
        lang: c.lang.as_str().to_string(),
        ..CreateForm::default()
    };
    let search = q.q.unwrap_or_default();
    let p = shops_page(
        &st,
        c,
        OpNav::new(&op, "shops").flash(flash),
        &search,
        page,
        form,
    )
    .await?;
    render(p)
}

async fn shops_page(
    st: &AppState,
    c: Ctx,
    nav: OpNav,
    search: &str,
    page: i64,
    mut form: CreateForm,
) -> AppResult<ShopsPage> {
    let search = search.trim().to_string();
    let mut conn = st.store.reader().await?;
    let total = store::shop::search_count(&mut conn, &search).await?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let page = page.min(pages);
    let found = store::shop::search(&mut conn, &search, PER_PAGE, (page - 1) * PER_PAGE).await?;
    let plans = store::plan::list(&mut conn).await?;
    let names: HashMap<i64, String> = plans.iter().map(|p| (p.id, p.name.clone())).collect();
    let rows = found
        .into_iter()
        .map(|s| ShopRow {
            status: status_label(&c, &s.status),
            suspended: s.is_suspended(),
            plan: names.get(&s.plan_id).cloned().unwrap_or_default(),
            created: date(s.created_at),
            slug: s.slug,
            name: s.name,
        })
        .collect();
    let link = |p: i64| {
        if search.is_empty() {
            format!("/operator/?page={p}")
        } else {
            format!("/operator/?q={}&page={p}", urlencode(&search))
        }
    };
    if form.plan.is_empty() {
        if let Some(d) = plans.iter().find(|p| p.is_default != 0) {
            form.plan = d.id.to_string();
        }
    }
    let langs = Lang::all()
        .iter()
        .map(|l| LangOption {
            code: l.as_str(),
            name: l.native_name(),
            selected: l.as_str() == form.lang,
        })
        .collect();
    Ok(ShopsPage {
        nav,
        q: search.clone(),
        rows,
        total,
        pages,
        page_label: c.i18n.ta(
            c.lang,
            "op-page-of",
            &[("page", page.to_string()), ("pages", pages.to_string())],
        ),
        prev: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
        plans: plan_options(&plans, &form.plan),
        langs,
        form,
        errors: Errors::default(),
        c,
    })
}

/// The list page again, with the creation form as typed and its errors beside the fields.
async fn refuse_create(
    st: &AppState,
    op: &OperatorAuth,
    c: Ctx,
    form: CreateForm,
    errors: Errors,
) -> AppResult<Response> {
    let mut p = shops_page(st, c, OpNav::new(op, "shops"), "", 1, form).await?;
    p.errors = errors;
    Ok(unprocessable(render(p)?))
}

/// Creates a shop for a seller: the owner gets an e-mail with a link to choose their password.
async fn create_shop(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Form(form): Form<CreateForm>,
) -> AppResult<Response> {
    let mut errors = Errors::default();
    let name = errors.check(&c, "name", ShopName::parse(&form.name));
    let slug = errors.check(&c, "slug", Slug::parse(&form.slug));
    let email = errors.check(&c, "email", Email::parse(&form.email));
    let lang = Lang::parse(&form.lang).unwrap_or(c.lang);
    let plan = {
        let mut conn = st.store.reader().await?;
        if let Some(s) = &slug {
            if store::shop::slug_taken(&mut conn, s.as_str()).await? {
                errors.add("slug", c.t("op-slug-taken"));
            }
        }
        match form.plan.trim().parse::<i64>() {
            Ok(id) => match store::plan::by_id(&mut conn, id).await {
                Ok(p) => Some(p),
                Err(store::StoreError::NotFound) => None,
                Err(e) => return Err(e.into()),
            },
            Err(_) => None,
        }
    };
    if plan.is_none() {
        errors.add("plan", c.t("op-plan-unknown"));
    }
    let (Some(name), Some(slug), Some(email), Some(plan), true) =
        (name, slug, email, plan, errors.is_empty())
    else {
        return refuse_create(&st, &op, c, form, errors).await;
    };
    // Nobody knows this password: the owner sets theirs through the link we send.
    let unusable = crate::password::hash(&store::new_token().0).await?;
    let mut tx = st.store.begin().await?;
    let made = crate::bootstrap::provision(
        &st,
        &mut tx,
        name.as_str(),
        slug.as_str(),
        email.as_str(),
        &unusable,
        lang,
        Some(plan.id),
    )
    .await;
    let made = match made {
        Ok(m) => m,
        Err(store::StoreError::Conflict(_)) => {
            drop(tx);
            let mut errors = Errors::default();
            errors.add("slug", c.t("op-slug-taken"));
            return refuse_create(&st, &op, c, form, errors).await;
        }
        Err(e) => return Err(e.into()),
    };
    let token = store::account::create_reset(&mut tx, made.shop.id, made.owner.id).await?;
    let root = format!("{}/s/{}", st.config.public_url, made.shop.slug);
    let args = [
        ("shop", made.shop.name.clone()),
        ("link", format!("{root}/admin/reset/{token}")),
        ("login", format!("{root}/admin/login")),
        ("shop_url", format!("{root}/")),
    ];
    let msg = store::outbox::EmailMessage {
        to: made.owner.email.clone(),
        subject: st.i18n.ta(lang, "email-shop-created-subject", &args),
        text: st.i18n.ta(lang, "email-shop-created-body", &args),
    };
    store::outbox::enqueue_email(&mut tx, Some(made.shop.id), &msg).await?;
    store::commit(tx).await?;
    tracing::info!(shop_id = made.shop.id, slug = %made.shop.slug, operator_id = op.id, "shop created by the operator");
    Ok(Redirect::to(&format!("/operator/shops/{}?created=1", made.shop.slug)).into_response())
}

// ---- one shop --------------------------------------------------------------------------------

pub struct DomainRow {
    pub host: String,
    pub verified: bool,
    /// Verified for another shop first: this claim cannot be verified.
    pub taken: bool,
    pub verified_on: String,
}

#[derive(Template)]
#[template(path = "op_shop.html")]
struct ShopPage {
    c: Ctx,
    nav: OpNav,
    slug: String,
    name: String,
    status: String,
    suspended: bool,
    plan: String,
    plans: Vec<PlanOption>,
    created: String,
    staff_count: i64,
    storage: String,
    domains: Vec<DomainRow>,
}

#[derive(Deserialize, Default)]
struct Flash {
    saved: Option<String>,
    created: Option<String>,
    suspended: Option<String>,
    resumed: Option<String>,
    verified: Option<String>,
    taken: Option<String>,
}

async fn shop_detail(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<Flash>,
) -> AppResult<Html<String>> {
    let shop = shop_by_slug(&st, &slug).await?;
    let flash = if q.created.is_some() {
        Some(c.t("op-shop-created"))
    } else if q.suspended.is_some() {
        Some(c.t("op-shop-suspended"))
    } else if q.resumed.is_some() {
        Some(c.t("op-shop-resumed"))
    } else if let Some(h) = &q.verified {
        Some(c.t1("op-domain-verified", "host", h))
    } else if let Some(h) = &q.taken {
        Some(c.t1("op-domain-taken", "host", h))
    } else {
        q.saved.as_ref().map(|_| c.t("op-saved"))
    };
    let mut conn = st.store.reader().await?;
    let plans = store::plan::list(&mut conn).await?;
    let plan = plans.iter().find(|p| p.id == shop.plan_id);
    let staff_count = store::account::count_staff(&mut conn, shop.id).await?;
    let used = store::media::used_bytes(&mut conn, shop.id).await?;
    let domains = store::shop::domains(&mut conn, shop.id)
        .await?
        .into_iter()
        .map(|d| DomainRow {
            verified: d.verified_at.is_some(),
            taken: d.taken,
            verified_on: d.verified_at.map(date).unwrap_or_default(),
            host: d.host,
        })
        .collect();
    render(ShopPage {
        nav: OpNav::new(&op, "shops").flash(flash),
        status: status_label(&c, &shop.status),
        suspended: shop.is_suspended(),
        plan: plan.map(|p| p.name.clone()).unwrap_or_default(),
        plans: plan_options(&plans, &shop.plan_id.to_string()),
        created: date(shop.created_at),
        staff_count,
        storage: match plan {
            Some(p) => c.i18n.ta(
                c.lang,
                "op-shop-storage-value",
                &[
                    ("used", megabytes(&c, used)),
                    ("limit", storage_label(&c, p.max_storage_bytes)),
                ],
            ),
            None => megabytes(&c, used),
        },
        domains,
        slug: shop.slug,
        name: shop.name,
        c,
    })
}

#[derive(Deserialize)]
struct PlanChoice {
    #[serde(default)]
    plan: String,
}

async fn change_plan(
    State(st): State<AppState>,
    op: OperatorAuth,
    Path(slug): Path<String>,
    Form(f): Form<PlanChoice>,
) -> AppResult<Response> {
    let shop = shop_by_slug(&st, &slug).await?;
    let plan_id: i64 = f
        .plan
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("op-plan-unknown"))?;
    let mut tx = st.store.begin().await?;
    match store::plan::by_id(&mut tx, plan_id).await {
        Ok(_) => {}
        Err(store::StoreError::NotFound) => return Err(AppError::BadRequest("op-plan-unknown")),
        Err(e) => return Err(e.into()),
    }
    store::shop::set_plan(&mut tx, shop.id, plan_id).await?;
    store::commit(tx).await?;
    tracing::info!(
        shop_id = shop.id,
        plan_id,
        operator_id = op.id,
        "plan changed"
    );
    Ok(Redirect::to(&format!("/operator/shops/{slug}?saved=1")).into_response())
}

async fn set_status(
    st: &AppState,
    op: &OperatorAuth,
    slug: &str,
    status: &str,
) -> AppResult<store::shop::Shop> {
    let shop = shop_by_slug(st, slug).await?;
    let mut tx = st.store.begin().await?;
    store::shop::set_status(&mut tx, shop.id, status).await?;
    store::commit(tx).await?;
    tracing::info!(
        shop_id = shop.id,
        status,
        operator_id = op.id,
        "shop status changed"
    );
    Ok(shop)
}

async fn suspend(
    State(st): State<AppState>,
    op: OperatorAuth,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    set_status(&st, &op, &slug, store::shop::STATUS_SUSPENDED).await?;
    Ok(Redirect::to(&format!("/operator/shops/{slug}?suspended=1")).into_response())
}

async fn resume(
    State(st): State<AppState>,
    op: OperatorAuth,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    set_status(&st, &op, &slug, store::shop::STATUS_ACTIVE).await?;
    Ok(Redirect::to(&format!("/operator/shops/{slug}?resumed=1")).into_response())
}

#[derive(Deserialize)]
struct DomainForm {
    #[serde(default)]
    host: String,
}

async fn verify_domain(
    State(st): State<AppState>,
    op: OperatorAuth,
    Path(slug): Path<String>,
    Form(f): Form<DomainForm>,
) -> AppResult<Response> {
    let shop = shop_by_slug(&st, &slug).await?;
    let mut tx = st.store.begin().await?;
    // Only a domain of this very shop may be verified from its page.
    match app::domains::verify(&mut tx, shop.id, &f.host).await {
        Ok(()) => {}
        Err(DomainError::NotClaimed) => return Err(AppError::NotFound),
        Err(DomainError::Taken | DomainError::AlreadyClaimed) => {
            drop(tx);
            return Ok(Redirect::to(&format!(
                "/operator/shops/{slug}?taken={}",
                urlencode(&f.host)
            ))
            .into_response());
        }
        Err(DomainError::Store(e)) => return Err(e.into()),
    }
    store::commit(tx).await?;
    tracing::info!(shop_id = shop.id, host = %f.host, operator_id = op.id, "domain verified");
    Ok(Redirect::to(&format!(
        "/operator/shops/{slug}?verified={}",
        urlencode(&f.host)
    ))
    .into_response())
}

/// Everything the shop's owner entered, as one JSON file (never password hashes or tokens).
async fn export(
    State(st): State<AppState>,
    op: OperatorAuth,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let shop = shop_by_slug(&st, &slug).await?;
    let id = shop.id;
    let mut conn = st.store.reader().await?;
    let plan = store::plan::by_id(&mut conn, shop.plan_id).await.ok();
    let taglines: serde_json::Map<String, serde_json::Value> = store::shop::taglines(&mut conn, id)
        .await?
        .into_iter()
        .map(|(l, t)| (l, json!(t)))
        .collect();
    let legal = store::legal::get(&mut conn, id).await?;
    let pages = store::shop::all_pages(&mut conn, id).await?;
    let payments: Vec<serde_json::Value> = store::payment::list(&mut conn, id)
        .await?
        .into_iter()
        .map(|p| {
            json!({
                "code": p.code,
                "enabled": p.enabled != 0,
                "settings": serde_json::from_str::<serde_json::Value>(&p.settings)
                    .unwrap_or(serde_json::Value::String(p.settings.clone())),
            })
        })
        .collect();
    let staff: Vec<serde_json::Value> = store::account::list_staff(&mut conn, id)
        .await?
        .into_iter()
        .map(|s| {
            json!({
                "id": s.id,
                "email": s.email,
                "name": s.name,
                "role": s.role,
                "created_at": s.created_at,
            })
        })
        .collect();
    let domains = store::shop::domains(&mut conn, id).await?;
    let media = store::shop::media_files(&mut conn, id).await?;
    let body = json!({
        "format": "vitrine-shop-export",
        "version": 1,
        "exported_at": store::now(),
        "shop": shop,
        "plan": plan.map(|p| p.name),
        "taglines": taglines,
        "legal_identity": legal,
        "pages": pages,
        "payment_methods": payments,
        "staff": staff,
        "custom_domains": domains,
        "media_files": media,
    });
    tracing::info!(shop_id = id, operator_id = op.id, "shop exported");
    let text = serde_json::to_string_pretty(&body).map_err(anyhow::Error::from)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{slug}-export.json\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        text,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "op_delete.html")]
struct DeletePage {
    c: Ctx,
    nav: OpNav,
    slug: String,
    name: String,
    staff_count: i64,
    storage: String,
    confirm: String,
    error: Option<String>,
}

async fn delete_page(
    st: &AppState,
    op: &OperatorAuth,
    c: Ctx,
    shop: &store::shop::Shop,
) -> AppResult<DeletePage> {
    let mut conn = st.store.reader().await?;
    let staff_count = store::account::count_staff(&mut conn, shop.id).await?;
    let used = store::media::used_bytes(&mut conn, shop.id).await?;
    Ok(DeletePage {
        nav: OpNav::new(op, "shops"),
        slug: shop.slug.clone(),
        name: shop.name.clone(),
        staff_count,
        storage: megabytes(&c, used),
        confirm: String::new(),
        error: None,
        c,
    })
}

async fn delete_form(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Html<String>> {
    let shop = shop_by_slug(&st, &slug).await?;
    render(delete_page(&st, &op, c, &shop).await?)
}

#[derive(Deserialize)]
struct DeleteForm {
    #[serde(default)]
    confirm: String,
}

async fn delete_shop(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Path(slug): Path<String>,
    Form(f): Form<DeleteForm>,
) -> AppResult<Response> {
    let shop = shop_by_slug(&st, &slug).await?;
    if f.confirm.trim() != shop.slug {
        let error = Some(c.t1("op-delete-mismatch", "slug", &shop.slug));
        let mut p = delete_page(&st, &op, c, &shop).await?;
        p.confirm = f.confirm;
        p.error = error;
        return Ok(unprocessable(render(p)?));
    }
    let mut tx = st.store.begin().await?;
    store::shop::delete(&mut tx, shop.id).await?;
    store::commit(tx).await?;
    // The rows are gone; files left behind would only waste space, so a failure is logged.
    for prefix in [
        format!("shops/{}/", shop.id),
        format!("private/shops/{}/", shop.id),
    ] {
        if let Err(e) = st.media.delete_prefix(&prefix).await {
            tracing::warn!(shop_id = shop.id, error = %e, "media files of a deleted shop remain");
        }
    }
    tracing::info!(shop_id = shop.id, slug = %shop.slug, operator_id = op.id, "shop deleted");
    Ok(Redirect::to(&format!("/operator/?deleted={}", urlencode(&shop.slug))).into_response())
}

// ---- plans -----------------------------------------------------------------------------------

pub struct PlanRow {
    pub id: i64,
    pub name: String,
    pub products: String,
    pub staff: String,
    pub storage: String,
    pub shops: i64,
    pub is_default: bool,
}

#[derive(Deserialize, Default, Clone)]
pub struct PlanForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub max_products: String,
    #[serde(default)]
    pub max_staff: String,
    #[serde(default)]
    pub max_storage_mb: String,
}

impl PlanForm {
    fn of(p: &store::plan::Plan) -> PlanForm {
        let n = |v: i64| if v < 0 { String::new() } else { v.to_string() };
        PlanForm {
            name: p.name.clone(),
            max_products: n(p.max_products),
            max_staff: n(p.max_staff),
            max_storage_mb: if p.max_storage_bytes < 0 {
                String::new()
            } else {
                (p.max_storage_bytes / MIB).to_string()
            },
        }
    }
}

struct ValidPlan {
    name: String,
    max_products: i64,
    max_staff: i64,
    max_storage_bytes: i64,
}

/// A limit as typed: empty or −1 is "unlimited", otherwise a whole number ≥ 0.
fn parse_limit(raw: &str) -> Option<i64> {
    let s = raw.trim().replace(['\u{2212}', '\u{2013}'], "-");
    if s.is_empty() {
        return Some(-1);
    }
    match s.parse::<i64>() {
        Ok(-1) => Some(-1),
        Ok(n) if n >= 0 => Some(n),
        _ => None,
    }
}

fn validate_plan(c: &Ctx, f: &PlanForm) -> Result<ValidPlan, Errors> {
    let mut errors = Errors::default();
    let name = f.name.trim().to_string();
    if name.is_empty() {
        errors.add("name", c.t("op-plan-name-empty"));
    } else if name.chars().count() > 60 {
        errors.add("name", c.t("op-plan-name-too-long"));
    } else if name.chars().any(char::is_control) {
        errors.add("name", c.t("op-plan-name-control"));
    }
    let mut limit = |field: &str, raw: &str| {
        let v = parse_limit(raw);
        if v.is_none() {
            errors.add(field, c.t("op-plan-limit-invalid"));
        }
        v
    };
    let products = limit("max_products", &f.max_products);
    let staff = limit("max_staff", &f.max_staff);
    let storage = limit("max_storage_mb", &f.max_storage_mb);
    let storage = match storage {
        Some(mb) if mb >= 0 => match mb.checked_mul(MIB) {
            Some(b) => Some(b),
            None => {
                errors.add("max_storage_mb", c.t("op-plan-storage-too-large"));
                None
            }
        },
        other => other,
    };
    match (products, staff, storage, errors.is_empty()) {
        (Some(max_products), Some(max_staff), Some(max_storage_bytes), true) => Ok(ValidPlan {
            name,
            max_products,
            max_staff,
            max_storage_bytes,
        }),
        _ => Err(errors),
    }
}

#[derive(Template)]
#[template(path = "op_plans.html")]
struct PlansPage {
    c: Ctx,
    nav: OpNav,
    rows: Vec<PlanRow>,
    form: PlanForm,
    errors: Errors,
}

#[derive(Deserialize, Default)]
struct PlansQuery {
    saved: Option<String>,
    default: Option<String>,
}

async fn plans_page(
    st: &AppState,
    op: &OperatorAuth,
    c: Ctx,
    flash: Option<String>,
) -> AppResult<PlansPage> {
    let mut conn = st.store.reader().await?;
    let mut rows = vec![];
    for p in store::plan::list(&mut conn).await? {
        rows.push(PlanRow {
            id: p.id,
            products: limit_label(&c, p.max_products),
            staff: limit_label(&c, p.max_staff),
            storage: storage_label(&c, p.max_storage_bytes),
            shops: store::plan::shops_on(&mut conn, p.id).await?,
            is_default: p.is_default != 0,
            name: p.name,
        });
    }
    Ok(PlansPage {
        nav: OpNav::new(op, "plans").flash(flash),
        rows,
        form: PlanForm::default(),
        errors: Errors::default(),
        c,
    })
}

async fn plans(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Query(q): Query<PlansQuery>,
) -> AppResult<Html<String>> {
    let flash = if q.default.is_some() {
        Some(c.t("op-plan-default-set"))
    } else {
        q.saved.as_ref().map(|_| c.t("op-saved"))
    };
    render(plans_page(&st, &op, c, flash).await?)
}

async fn create_plan(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Form(f): Form<PlanForm>,
) -> AppResult<Response> {
    let errors = match validate_plan(&c, &f) {
        Ok(v) => {
            let mut tx = st.store.begin().await?;
            match store::plan::create(
                &mut tx,
                &v.name,
                v.max_products,
                v.max_staff,
                v.max_storage_bytes,
            )
            .await
            {
                Ok(id) => {
                    store::commit(tx).await?;
                    tracing::info!(plan_id = id, operator_id = op.id, "plan created");
                    return Ok(Redirect::to("/operator/plans?saved=1").into_response());
                }
                Err(store::StoreError::Conflict(_)) => {
                    let mut e = Errors::default();
                    e.add("name", c.t("op-plan-name-taken"));
                    e
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(e) => e,
    };
    let mut p = plans_page(&st, &op, c, None).await?;
    p.form = f;
    p.errors = errors;
    Ok(unprocessable(render(p)?))
}

#[derive(Template)]
#[template(path = "op_plan.html")]
struct PlanPage {
    c: Ctx,
    nav: OpNav,
    id: i64,
    shops: i64,
    form: PlanForm,
    errors: Errors,
}

async fn plan_by_id(st: &AppState, id: &str) -> AppResult<store::plan::Plan> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = st.store.reader().await?;
    Ok(store::plan::by_id(&mut conn, id).await?)
}

async fn plan_form(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    let plan = plan_by_id(&st, &id).await?;
    let mut conn = st.store.reader().await?;
    let shops = store::plan::shops_on(&mut conn, plan.id).await?;
    render(PlanPage {
        c,
        nav: OpNav::new(&op, "plans"),
        id: plan.id,
        shops,
        form: PlanForm::of(&plan),
        errors: Errors::default(),
    })
}

async fn update_plan(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Path(id): Path<String>,
    Form(f): Form<PlanForm>,
) -> AppResult<Response> {
    let plan = plan_by_id(&st, &id).await?;
    let errors = match validate_plan(&c, &f) {
        Ok(v) => {
            let mut tx = st.store.begin().await?;
            match store::plan::update(
                &mut tx,
                plan.id,
                &v.name,
                v.max_products,
                v.max_staff,
                v.max_storage_bytes,
            )
            .await
            {
                Ok(()) => {
                    store::commit(tx).await?;
                    tracing::info!(plan_id = plan.id, operator_id = op.id, "plan updated");
                    return Ok(Redirect::to("/operator/plans?saved=1").into_response());
                }
                Err(store::StoreError::Conflict(_)) => {
                    let mut e = Errors::default();
                    e.add("name", c.t("op-plan-name-taken"));
                    e
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(e) => e,
    };
    let mut conn = st.store.reader().await?;
    let shops = store::plan::shops_on(&mut conn, plan.id).await?;
    Ok(unprocessable(render(PlanPage {
        c,
        nav: OpNav::new(&op, "plans"),
        id: plan.id,
        shops,
        form: f,
        errors,
    })?))
}

async fn make_default(
    State(st): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let plan = plan_by_id(&st, &id).await?;
    let mut tx = st.store.begin().await?;
    store::plan::set_default(&mut tx, plan.id).await?;
    store::commit(tx).await?;
    tracing::info!(plan_id = plan.id, operator_id = op.id, "default plan set");
    Ok(Redirect::to("/operator/plans?default=1").into_response())
}

// ---- platform settings -----------------------------------------------------------------------

/// The keys the storefront's legal notice reads.
const HOST_KEYS: [&str; 3] = ["host_name", "host_address", "host_phone"];

#[derive(Deserialize, Default, Clone)]
pub struct HostForm {
    #[serde(default)]
    pub host_name: String,
    #[serde(default)]
    pub host_address: String,
    #[serde(default)]
    pub host_phone: String,
}

#[derive(Template)]
#[template(path = "op_settings.html")]
struct SettingsPage {
    c: Ctx,
    nav: OpNav,
    form: HostForm,
    errors: Errors,
}

#[derive(Deserialize, Default)]
struct SavedQuery {
    saved: Option<String>,
}

async fn settings_form(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Query(q): Query<SavedQuery>,
) -> AppResult<Html<String>> {
    let mut conn = st.store.reader().await?;
    let mut values = vec![];
    for k in HOST_KEYS {
        values.push(
            store::settings::get(&mut conn, k)
                .await?
                .unwrap_or_default(),
        );
    }
    let [host_name, host_address, host_phone]: [String; 3] = values.try_into().unwrap_or_default();
    let flash = q.saved.as_ref().map(|_| c.t("op-saved"));
    render(SettingsPage {
        c,
        nav: OpNav::new(&op, "settings").flash(flash),
        form: HostForm {
            host_name,
            host_address,
            host_phone,
        },
        errors: Errors::default(),
    })
}

async fn save_settings(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Form(f): Form<HostForm>,
) -> AppResult<Response> {
    let mut errors = Errors::default();
    let one_line = |field: &str, value: &str, errors: &mut Errors| {
        let v = value.trim();
        if v.is_empty() {
            errors.add(field, c.t("op-field-required"));
        } else if v.chars().count() > 200 {
            errors.add(field, c.t("op-field-too-long"));
        } else if v.chars().any(char::is_control) {
            errors.add(field, c.t("op-field-one-line"));
        }
    };
    one_line("host_name", &f.host_name, &mut errors);
    one_line("host_address", &f.host_address, &mut errors);
    let phone = errors.check(&c, "host_phone", domain::legal::Phone::parse(&f.host_phone));
    let (Some(phone), true) = (phone, errors.is_empty()) else {
        return Ok(unprocessable(render(SettingsPage {
            c,
            nav: OpNav::new(&op, "settings"),
            form: f,
            errors,
        })?));
    };
    let mut tx = st.store.begin().await?;
    store::settings::set(&mut tx, "host_name", f.host_name.trim()).await?;
    store::settings::set(&mut tx, "host_address", f.host_address.trim()).await?;
    store::settings::set(&mut tx, "host_phone", phone.as_str()).await?;
    store::commit(tx).await?;
    tracing::info!(operator_id = op.id, "host identity saved");
    Ok(Redirect::to("/operator/settings?saved=1").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_accept_empty_minus_one_and_whole_numbers() {
        assert_eq!(parse_limit(""), Some(-1));
        assert_eq!(parse_limit("  -1 "), Some(-1));
        assert_eq!(parse_limit("\u{2212}1"), Some(-1));
        assert_eq!(parse_limit("0"), Some(0));
        assert_eq!(parse_limit("12"), Some(12));
        assert_eq!(parse_limit("-2"), None);
        assert_eq!(parse_limit("1.5"), None);
        assert_eq!(parse_limit("abc"), None);
    }

    #[test]
    fn only_console_paths_follow_a_login() {
        assert_eq!(safe_next(Some("/operator/plans")), "/operator/plans");
        assert_eq!(safe_next(Some("https://evil.example/")), "/operator/");
        assert_eq!(safe_next(Some("/operator//evil.example")), "/operator/");
        assert_eq!(safe_next(Some("/s/shop/admin/")), "/operator/");
        assert_eq!(safe_next(None), "/operator/");
    }
}
