//! Shop admin: manual collections — a name, slug and description per language, and products in
//! the order the seller gives them.

use crate::extract::{Form, Path};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::catalog::ProductSlug;

use super::Fields;
use crate::admin::Nav;
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::{shop_langs, Ctx};
use crate::error::{AppError, AppResult};
use crate::forms::Errors;
use crate::platform::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/collections"), get(list).post(create))
        .route(
            &shop_path("/admin/collections/{id}"),
            get(edit).post(update),
        )
        .route(&shop_path("/admin/collections/{id}/delete"), post(delete))
}

pub struct Row {
    pub id: i64,
    pub name: String,
    pub slug: String,
}

#[derive(Template)]
#[template(path = "admin/collections.html")]
struct ListPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    rows: Vec<Row>,
    name: String,
    errors: Errors,
}

pub struct TextField {
    pub code: String,
    pub lang_name: String,
    pub name: String,
    pub slug: String,
    pub description: String,
}

pub struct ProductField {
    pub id: i64,
    pub title: String,
    pub position: String,
}

#[derive(Template)]
#[template(path = "admin/collection.html")]
struct EditPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    id: i64,
    texts: Vec<TextField>,
    products: Vec<ProductField>,
    errors: Errors,
}

async fn rows(st: &AppState, a: &StaffAuth, c: &Ctx) -> AppResult<Vec<Row>> {
    let mut conn = st.store.reader().await?;
    let texts = store::collection::all_texts(&mut conn, a.shop_id()).await?;
    Ok(texts
        .chunk_by(|x, y| x.collection_id == y.collection_id)
        .map(|g| {
            let t = g
                .iter()
                .find(|t| t.lang == c.lang.as_str())
                .or_else(|| g.iter().find(|t| t.lang == a.tenant.shop.default_lang))
                .unwrap_or(&g[0]);
            Row {
                id: t.collection_id,
                name: t.name.clone(),
                slug: t.slug.clone(),
            }
        })
        .collect())
}

async fn list(State(st): State<AppState>, a: StaffAuth, c: Ctx) -> AppResult<Html<String>> {
    render(ListPage {
        nav: Nav::new(&a, "collections"),
        shop_name: a.tenant.shop.name.clone(),
        rows: rows(&st, &a, &c).await?,
        name: String::new(),
        errors: Errors::default(),
        c,
    })
}

fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.chars().count() <= 100 && !name.chars().any(char::is_control)
}

/// A new collection from its name in the shop's default language; the rest is edited next.
async fn create(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let f = Fields(f);
    let name = f.get("name").trim().to_string();
    let default = a.tenant.shop.default_lang.clone();
    let mut e = Errors::default();
    let slug = ProductSlug::from_title(&name);
    let mut tx = st.store.begin().await?;
    match &slug {
        _ if !valid_name(&name) => e.add("name", c.t("coll-name-required")),
        None => e.add("name", c.t("coll-name-required")),
        Some(s) => {
            if store::collection::slug_taken(&mut tx, a.shop_id(), &default, s.as_str(), None)
                .await?
            {
                e.add("name", c.t("cat-slug-taken"));
            }
        }
    }
    if !e.is_empty() {
        drop(tx);
        let page = ListPage {
            nav: Nav::new(&a, "collections"),
            shop_name: a.tenant.shop.name.clone(),
            rows: rows(&st, &a, &c).await?,
            name,
            errors: e,
            c,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
    }
    let id = store::collection::create(&mut tx, a.shop_id()).await?;
    let slug = slug.map(|s| s.as_str().to_string()).unwrap_or_default();
    store::collection::set_text(&mut tx, a.shop_id(), id, &default, &name, &slug, "").await?;
    store::commit(tx).await?;
    Ok(Redirect::to(&a.tenant.url(&format!("/admin/collections/{id}"))).into_response())
}

async fn edit(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, i64)>,
) -> AppResult<Html<String>> {
    let mut conn = st.store.reader().await?;
    let texts = store::collection::texts(&mut conn, a.shop_id(), id).await?;
    if texts.is_empty() {
        return Err(AppError::NotFound);
    }
    let chosen = store::collection::product_ids(&mut conn, a.shop_id(), id).await?;
    let choices = store::collection::product_choices(
        &mut conn,
        a.shop_id(),
        c.lang.as_str(),
        &a.tenant.shop.default_lang,
    )
    .await?;
    let fields = shop_langs(&a.tenant.shop)
        .iter()
        .map(|l| {
            let t = texts.iter().find(|t| t.lang == l.as_str());
            TextField {
                code: l.as_str().to_string(),
                lang_name: l.native_name().to_string(),
                name: t.map(|t| t.name.clone()).unwrap_or_default(),
                slug: t.map(|t| t.slug.clone()).unwrap_or_default(),
                description: t.map(|t| t.description.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let flash = None;
    render(EditPage {
        nav: Nav::new(&a, "collections").with_flash(flash),
        shop_name: a.tenant.shop.name.clone(),
        id,
        texts: fields,
        products: product_fields(&choices, |pid| {
            chosen
                .iter()
                .position(|x| *x == pid)
                .map(|p| (p + 1).to_string())
                .unwrap_or_default()
        }),
        errors: Errors::default(),
        c,
    })
}

/// Products in the collection first (in their order), then the others.
fn product_fields(
    choices: &[(i64, String)],
    position: impl Fn(i64) -> String,
) -> Vec<ProductField> {
    let mut out: Vec<ProductField> = choices
        .iter()
        .map(|(id, title)| ProductField {
            id: *id,
            title: title.clone(),
            position: position(*id),
        })
        .collect();
    out.sort_by_key(|p| p.position.parse::<u32>().unwrap_or(u32::MAX));
    out
}

async fn update(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, i64)>,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let f = Fields(f);
    let shop_id = a.shop_id();
    let default = a.tenant.shop.default_lang.clone();
    let mut tx = st.store.begin().await?;
    if store::collection::texts(&mut tx, shop_id, id)
        .await?
        .is_empty()
    {
        return Err(AppError::NotFound);
    }
    let mut e = Errors::default();
    let mut texts = Vec::new();
    let mut shown = Vec::new();
    for l in shop_langs(&a.tenant.shop) {
        let code = l.as_str();
        let name = f.get(&format!("name_{code}")).trim().to_string();
        let slug_raw = f.get(&format!("slug_{code}")).trim().to_string();
        let description: String = f
            .get(&format!("description_{code}"))
            .trim()
            .chars()
            .take(5000)
            .collect();
        shown.push(TextField {
            code: code.to_string(),
            lang_name: l.native_name().to_string(),
            name: name.clone(),
            slug: slug_raw.clone(),
            description: description.clone(),
        });
        if name.is_empty() {
            if code == default {
                e.add(&format!("name_{code}"), c.t("coll-name-required"));
            }
            texts.push((code, String::new(), String::new(), String::new()));
            continue;
        }
        if !valid_name(&name) {
            e.add(&format!("name_{code}"), c.t("coll-name-required"));
            continue;
        }
        let slug = if slug_raw.is_empty() {
            ProductSlug::from_title(&name)
                .ok_or_else(|| domain::ValidationError::new("product-slug-empty"))
        } else {
            ProductSlug::parse(&slug_raw)
        };
        let Some(slug) = e.check(&c, &format!("slug_{code}"), slug) else {
            continue;
        };
        if store::collection::slug_taken(&mut tx, shop_id, code, slug.as_str(), Some(id)).await? {
            e.add(&format!("slug_{code}"), c.t("cat-slug-taken"));
            continue;
        }
        texts.push((code, name, slug.as_str().to_string(), description));
    }
    // Positions: "1", "2"… ; empty leaves the product out.
    let mut picked: Vec<(u32, i64)> = Vec::new();
    for (k, v) in &f.0 {
        let Some(pid) = k.strip_prefix("pos_").and_then(|p| p.parse::<i64>().ok()) else {
            continue;
        };
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        match v.parse::<u32>() {
            Ok(n) if (1..=100_000).contains(&n) => picked.push((n, pid)),
            _ => e.add(&format!("pos_{pid}"), c.t("coll-position-invalid")),
        }
    }
    picked.sort();
    if !e.is_empty() {
        drop(tx);
        let mut conn = st.store.reader().await?;
        let choices =
            store::collection::product_choices(&mut conn, shop_id, c.lang.as_str(), &default)
                .await?;
        let page = EditPage {
            nav: Nav::new(&a, "collections"),
            shop_name: a.tenant.shop.name.clone(),
            id,
            texts: shown,
            products: product_fields(&choices, |pid| {
                f.get(&format!("pos_{pid}")).trim().to_string()
            }),
            errors: e,
            c,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
    }
    for (code, name, slug, description) in texts {
        store::collection::set_text(&mut tx, shop_id, id, code, &name, &slug, &description).await?;
    }
    let ids: Vec<i64> = picked.iter().map(|(_, pid)| *pid).collect();
    store::collection::set_products(&mut tx, shop_id, id, &ids).await?;
    store::commit(tx).await?;
    Ok(Redirect::to(&a.tenant.url(&format!("/admin/collections/{id}"))).into_response())
}

async fn delete(
    State(st): State<AppState>,
    a: StaffAuth,
    Path((_, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let mut tx = st.store.begin().await?;
    let found = store::collection::delete(&mut tx, a.shop_id(), id).await?;
    store::commit(tx).await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&a.tenant.url("/admin/collections")).into_response())
}
