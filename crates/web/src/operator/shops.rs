//! The console's list of shops: search, pages, and creating a shop for a seller.

use crate::extract::{Form, Query};
use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::account::Email;
use domain::locale::Lang;
use domain::shop::{ShopName, Slug};
use serde::Deserialize;

use super::{date, plan_options, status_label, unprocessable, OpNav, PlanOption};
use crate::auth::OperatorAuth;
use crate::ctx::{urlencode, Ctx};
use crate::error::AppResult;
use crate::forms::Errors;
use crate::platform::render;
use crate::state::AppState;

/// Shops per page of the list.
const PER_PAGE: i64 = 25;

pub struct ShopRow {
    pub slug: String,
    pub name: String,
    pub status: String,
    pub suspended: bool,
    pub plan: String,
    pub created: String,
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
#[template(path = "operator/shops.html")]
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
pub(super) struct ListQuery {
    q: Option<String>,
    page: Option<String>,
    deleted: Option<String>,
}

pub(super) async fn shops(
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
pub(super) async fn create_shop(
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
    let token = store::account::create_reset(&mut tx, made.shop.sid(), made.owner.id).await?;
    let root = format!("{}/s/{}", st.config.public_url, made.shop.slug);
    let msg = crate::mail::Mail {
        i18n: &st.i18n,
        lang,
        brand: &crate::mail::Brand::of(&made.shop, &root),
    }
    .shop_created(
        &made.owner.email,
        &format!("{root}/admin/reset/{token}"),
        &format!("{root}/admin/login"),
        &format!("{root}/"),
    );
    store::outbox::enqueue_email(&mut tx, Some(made.shop.sid()), &msg).await?;
    store::commit(tx).await?;
    tracing::info!(shop_id = made.shop.id, slug = %made.shop.slug, operator_id = op.id, "shop created by the operator");
    Ok(Redirect::to(&format!("/operator/shops/{}?created=1", made.shop.slug)).into_response())
}
