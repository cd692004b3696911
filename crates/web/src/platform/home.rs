//! The platform's home page: the open shops, the seed of the mall.

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use super::render;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::state::AppState;

pub struct ShopLink {
    pub slug: String,
    pub name: String,
    pub logo_url: Option<String>,
}

#[derive(Template)]
#[template(path = "platform/home.html")]
struct HomePage {
    c: Ctx,
    shops: Vec<ShopLink>,
}

pub(super) async fn home(State(st): State<AppState>, c: Ctx) -> AppResult<Html<String>> {
    let mut conn = st.store.reader().await?;
    let shops = store::shop::list_open(&mut conn, 60, 0)
        .await?
        .into_iter()
        .map(|s| ShopLink {
            logo_url: s
                .logo_key
                .as_ref()
                .map(|k| format!("/s/{}/media/{}", s.slug, k.rsplit('/').next().unwrap_or(k))),
            slug: s.slug,
            name: s.name,
        })
        .collect();
    render(HomePage { c, shops })
}
