//! The platform's own pages: the mall (home, directory of shops, search across shops),
//! self-service signup, and the language switch.

mod home;
mod lang;
mod signup;

use askama::Template;
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use crate::app::shop_path;
use crate::error::AppResult;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/shops", get(home::directory))
        .route("/search", get(home::search))
        .route("/signup", get(signup::signup_form).post(signup::signup))
        .route("/signup/slug", get(signup::slug_check))
        .route("/lang/{code}", get(lang::switch_lang))
        .route(&shop_path("/lang/{code}"), get(lang::switch_lang_shop))
}

pub fn render<T: Template>(t: T) -> AppResult<Html<String>> {
    Ok(Html(
        t.render().map_err(|e| anyhow::anyhow!("template: {e}"))?,
    ))
}
