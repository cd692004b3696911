//! Shop admin: nested categories with a name and slug per language; a category is deleted only
//! when it holds neither products nor subcategories.

use crate::extract::{Form, Path, Query};
use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::catalog::ProductSlug;
use domain::locale::Lang;
use serde::Deserialize;

use super::{CatOption, Fields};
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
        .route(&shop_path("/admin/categories"), get(page).post(create))
        .route(&shop_path("/admin/categories/{id}"), post(update))
        .route(&shop_path("/admin/categories/{id}/delete"), post(delete))
}

/// A category placed in the tree: depth-first order, names in the admin's language.
pub struct Node {
    pub id: i64,
    pub depth: usize,
    pub name: String,
    pub slugs: String,
}

/// Orders categories depth-first (siblings by position then id), each named in `lang` or, when
/// it has no text there, in the first language it has.
pub fn tree(rows: &[store::catalog::Category], lang: Lang) -> Vec<Node> {
    let mut by_id: BTreeMap<i64, (Option<i64>, i64, Vec<&store::catalog::Category>)> =
        BTreeMap::new();
    for r in rows {
        by_id
            .entry(r.id)
            .or_insert((r.parent_id, r.position, vec![]))
            .2
            .push(r);
    }
    let mut children: BTreeMap<Option<i64>, Vec<(i64, i64)>> = BTreeMap::new();
    for (id, (parent, position, _)) in &by_id {
        // A parent without any text (not listed) would hide its children: attach them to the root.
        let parent = parent.filter(|p| by_id.contains_key(p));
        children.entry(parent).or_default().push((*position, *id));
    }
    for v in children.values_mut() {
        v.sort();
    }
    let mut out = vec![];
    let mut stack: Vec<(i64, usize)> = children
        .get(&None)
        .map(|v| v.iter().rev().map(|(_, id)| (*id, 0)).collect())
        .unwrap_or_default();
    while let Some((id, depth)) = stack.pop() {
        if out.iter().any(|n: &Node| n.id == id) || depth > 20 {
            continue;
        }
        let texts = &by_id[&id].2;
        let name = texts
            .iter()
            .find(|t| t.lang == lang.as_str())
            .or(texts.first())
            .map(|t| t.name.clone())
            .unwrap_or_default();
        let slugs = texts
            .iter()
            .map(|t| format!("{}: {}", t.lang, t.slug))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(Node {
            id,
            depth,
            name,
            slugs,
        });
        if let Some(kids) = children.get(&Some(id)) {
            for (_, k) in kids.iter().rev() {
                stack.push((*k, depth + 1));
            }
        }
    }
    out
}

pub struct LangField {
    code: &'static str,
    label: &'static str,
    name: String,
    slug: String,
    err_name: Option<String>,
    err_slug: Option<String>,
}

pub struct Item {
    id: i64,
    prefix: String,
    name: String,
    slugs: String,
}

#[derive(Template)]
#[template(path = "admin/categories.html")]
struct Page {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    items: Vec<Item>,
    parents: Vec<CatOption>,
    parent: String,
    langs: Vec<LangField>,
    errors: Errors,
    error: Option<String>,
    /// The category being edited, if any (the form then saves it instead of creating one).
    editing: Option<i64>,
}

/// The form's values: typed ones, or those of the category being edited.
enum Values<'a> {
    Blank,
    Typed(&'a Fields),
    Saved(&'a [store::catalog::Category]),
}

#[allow(clippy::too_many_arguments)]
async fn show(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    values: Values<'_>,
    editing: Option<i64>,
    errors: Errors,
    error: Option<String>,
    flash: Option<String>,
) -> AppResult<Html<String>> {
    let mut conn = st.store.reader().await?;
    let rows = store::catalog::categories(&mut conn, a.shop_id()).await?;
    let nodes = tree(&rows, c.lang);
    let langs = shop_langs(&a.tenant.shop)
        .into_iter()
        .map(|l| {
            let code = l.as_str();
            let (name, slug) = match &values {
                Values::Blank => (String::new(), String::new()),
                Values::Typed(f) => (
                    f.get(&format!("name_{code}")).to_string(),
                    f.get(&format!("slug_{code}")).to_string(),
                ),
                Values::Saved(texts) => texts
                    .iter()
                    .find(|t| t.lang == code)
                    .map(|t| (t.name.clone(), t.slug.clone()))
                    .unwrap_or_default(),
            };
            LangField {
                code,
                label: l.native_name(),
                name,
                slug,
                err_name: errors.get(&format!("name_{code}")).cloned(),
                err_slug: errors.get(&format!("slug_{code}")).cloned(),
            }
        })
        .collect();
    let parent = match &values {
        Values::Blank => String::new(),
        Values::Typed(f) => f.get("parent").to_string(),
        Values::Saved(texts) => texts
            .first()
            .and_then(|t| t.parent_id)
            .map(|p| p.to_string())
            .unwrap_or_default(),
    };
    let items = nodes
        .iter()
        .map(|n| Item {
            id: n.id,
            prefix: "— ".repeat(n.depth),
            name: n.name.clone(),
            slugs: n.slugs.clone(),
        })
        .collect();
    // A category cannot move under itself or its own subcategories.
    let mut parents = vec![];
    let mut skip_below: Option<usize> = None;
    for n in &nodes {
        if let Some(d) = skip_below {
            if n.depth > d {
                continue;
            }
            skip_below = None;
        }
        if Some(n.id) == editing {
            skip_below = Some(n.depth);
            continue;
        }
        parents.push(CatOption {
            id: n.id,
            label: format!("{}{}", "— ".repeat(n.depth), n.name),
        });
    }
    render(Page {
        nav: Nav::new(a, "products").with_flash(flash),
        shop_name: a.tenant.shop.name.clone(),
        items,
        parents,
        parent,
        langs,
        errors,
        error,
        editing,
        c,
    })
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    saved: Option<String>,
    edit: Option<i64>,
}

async fn page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    let flash = q.saved.as_ref().map(|_| c.t("admin-saved"));
    if let Some(id) = q.edit {
        let mut conn = st.store.reader().await?;
        let texts: Vec<store::catalog::Category> =
            store::catalog::categories(&mut conn, a.shop_id())
                .await?
                .into_iter()
                .filter(|t| t.id == id)
                .collect();
        drop(conn);
        if texts.is_empty() {
            return Err(AppError::NotFound);
        }
        return show(
            &st,
            &a,
            c,
            Values::Saved(&texts),
            Some(id),
            Errors::default(),
            None,
            flash,
        )
        .await;
    }
    show(
        &st,
        &a,
        c,
        Values::Blank,
        None,
        Errors::default(),
        None,
        flash,
    )
    .await
}

async fn create(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    save(st, a, c, Fields(fields), None).await
}

async fn update(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = st.store.reader().await?;
    let exists = store::catalog::categories(&mut conn, a.shop_id())
        .await?
        .iter()
        .any(|t| t.id == id);
    drop(conn);
    if !exists {
        return Err(AppError::NotFound);
    }
    save(st, a, c, Fields(fields), Some(id)).await
}

/// Creates a category, or saves `id`: a name in the default language, the others optional, each
/// slug derived from the name when left empty and unique in its language.
async fn save(
    st: AppState,
    a: StaffAuth,
    c: Ctx,
    f: Fields,
    id: Option<i64>,
) -> AppResult<Response> {
    let shop_id = a.shop_id();
    let default = a.tenant.shop.default_lang.clone();
    let mut e = Errors::default();
    let mut texts = vec![];
    let mut cleared = vec![];
    let mut tx = st.store.begin().await?;
    for l in shop_langs(&a.tenant.shop) {
        let code = l.as_str();
        let name = f.get(&format!("name_{code}")).trim().to_string();
        let slug_raw = f.get(&format!("slug_{code}")).trim().to_string();
        if name.is_empty() {
            if code == default {
                e.add(&format!("name_{code}"), c.t("cat-category-name-required"));
            }
            cleared.push(code);
            continue;
        }
        if name.chars().count() > 100 || name.chars().any(char::is_control) {
            e.add(&format!("name_{code}"), c.t("cat-category-name-invalid"));
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
        let owner = store::catalog::category_by_slug(&mut tx, shop_id, code, slug.as_str()).await?;
        if owner.is_some() && owner != id {
            e.add(&format!("slug_{code}"), c.t("cat-slug-taken"));
            continue;
        }
        texts.push((code, name, slug.as_str().to_string()));
    }
    let parent = match f.get("parent") {
        "" => None,
        p => match p.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                e.add("parent", c.t("cat-category-unknown"));
                None
            }
        },
    };
    if e.is_empty() {
        let saved = match id {
            Some(id) => store::catalog::move_category(&mut tx, shop_id, id, parent)
                .await
                .map(|_| id),
            None => store::catalog::create_category(&mut tx, shop_id, parent, 0).await,
        };
        match saved {
            Ok(id) => {
                for lang in &cleared {
                    store::catalog::delete_category_text(&mut tx, shop_id, id, lang).await?;
                }
                for (lang, name, slug) in &texts {
                    store::catalog::set_category_text(&mut tx, shop_id, id, lang, name, slug, "")
                        .await?;
                }
                // Its products are found by its names (and those of the categories above).
                app::catalog::reindex_categories(&mut tx, &a.tenant.shop, &[id]).await?;
                store::commit(tx).await?;
                return Ok(Redirect::to(&a.tenant.url("/admin/categories?saved=1")).into_response());
            }
            Err(store::StoreError::NotFound) => e.add("parent", c.t("cat-category-unknown")),
            Err(store::StoreError::Conflict(_)) => e.add("parent", c.t("cat-category-loop")),
            Err(err) => return Err(err.into()),
        }
    }
    drop(tx);
    let page = show(&st, &a, c, Values::Typed(&f), id, e, None, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

async fn delete(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut tx = st.store.begin().await?;
    match store::catalog::delete_category(&mut tx, a.shop_id(), id).await {
        Ok(()) => {
            store::commit(tx).await?;
            Ok(Redirect::to(&a.tenant.url("/admin/categories?saved=1")).into_response())
        }
        Err(store::StoreError::Conflict(_)) => {
            drop(tx);
            let msg = c.t("cat-category-not-empty");
            let page = show(
                &st,
                &a,
                c,
                Values::Blank,
                None,
                Errors::default(),
                Some(msg),
                None,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(err) => Err(err.into()),
    }
}
