//! The platform's own pages: the home (the seed of the mall), self-service signup, and the
//! language switch.

use crate::extract::{Form, Json, Query};
use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use domain::account::{Email, Password};
use domain::shop::{ShopName, Slug};
use serde::Deserialize;
use serde_json::json;

use crate::app::shop_path;
use crate::cookies;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::forms::Errors;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/signup", get(signup_form).post(signup))
        .route("/signup/slug", get(slug_check))
        .route("/lang/{code}", get(switch_lang))
        .route(&shop_path("/lang/{code}"), get(switch_lang_shop))
}

pub struct ShopLink {
    pub slug: String,
    pub name: String,
    pub logo_url: Option<String>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    c: Ctx,
    shops: Vec<ShopLink>,
}

async fn home(State(st): State<AppState>, c: Ctx) -> AppResult<Html<String>> {
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

pub fn render<T: Template>(t: T) -> AppResult<Html<String>> {
    Ok(Html(
        t.render().map_err(|e| anyhow::anyhow!("template: {e}"))?,
    ))
}

#[derive(Deserialize, Default, Clone)]
pub struct SignupForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
}

#[derive(Template)]
#[template(path = "signup.html")]
struct SignupPage {
    c: Ctx,
    form: SignupForm,
    errors: Errors,
}

async fn signup_form(c: Ctx) -> AppResult<Html<String>> {
    render(SignupPage {
        c,
        form: SignupForm::default(),
        errors: Errors::default(),
    })
}

async fn signup(
    State(st): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    peer: crate::auth::Peer,
    Form(form): Form<SignupForm>,
) -> AppResult<Response> {
    let mut errors = Errors::default();
    let name = errors.check(&c, "name", ShopName::parse(&form.name));
    let slug = errors.check(&c, "slug", Slug::parse(&form.slug));
    let email = errors.check(&c, "email", Email::parse(&form.email));
    let password = errors.check(&c, "password", Password::parse(&form.password));
    if let Some(s) = &slug {
        let mut conn = st.store.reader().await?;
        if store::shop::slug_taken(&mut conn, s.as_str()).await? {
            errors.add("slug", c.t("signup-slug-taken"));
        }
    }
    let (Some(name), Some(slug), Some(email), Some(password), true) =
        (name, slug, email, password, errors.is_empty())
    else {
        let form = SignupForm {
            password: String::new(),
            ..form
        };
        let page = SignupPage { c, form, errors };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
    };
    // Counted once the form is good (typos cost nothing), before any work: each signup makes
    // a shop and sends an e-mail.
    let ip = crate::auth::client_ip(&headers, peer.0, &st.config);
    if !crate::limits::signup(&st.store, &ip, email.as_str(), st.config.signup_per_ip_hour).await? {
        tracing::warn!("signup rate limited");
        let mut errors = Errors::default();
        errors.add("form", c.t("signup-rate-limited"));
        let form = SignupForm {
            password: String::new(),
            ..form
        };
        let page = SignupPage { c, form, errors };
        return Ok((StatusCode::TOO_MANY_REQUESTS, render(page)?).into_response());
    }
    let hash = crate::password::hash(password.expose()).await?;
    let mut tx = st.store.begin().await?;
    let made = crate::bootstrap::provision(
        &st,
        &mut tx,
        name.as_str(),
        slug.as_str(),
        email.as_str(),
        &hash,
        c.lang,
        None,
    )
    .await;
    let made = match made {
        Ok(m) => m,
        Err(store::StoreError::Conflict(_)) => {
            // Someone took the address between our check and our insert.
            let mut errors = Errors::default();
            errors.add("slug", c.t("signup-slug-taken"));
            let page = SignupPage {
                c,
                form: SignupForm {
                    password: String::new(),
                    ..form
                },
                errors,
            };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    let (token, _) = store::account::create_session(&mut tx, made.shop.id, made.owner.id).await?;
    store::commit(tx).await?;
    tracing::info!(shop_id = made.shop.id, slug = %made.shop.slug, "shop signed up");
    let secure = crate::auth::is_https(&headers, &st);
    let cookie = cookies::set(
        cookies::STAFF,
        &token,
        &format!("/s/{}/", made.shop.slug),
        None,
        secure,
    );
    let to = format!("/s/{}/admin/?welcome=1", made.shop.slug);
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&to)).into_response())
}

#[derive(Deserialize)]
struct SlugQuery {
    slug: Option<String>,
    suggest: Option<String>,
}

/// As-you-type help for the signup form: suggests an address from a name, or says whether an
/// address is valid and free.
async fn slug_check(
    State(st): State<AppState>,
    c: Ctx,
    Query(q): Query<SlugQuery>,
) -> AppResult<Json<serde_json::Value>> {
    if let Some(name) = q.suggest {
        return Ok(Json(json!({ "slug": Slug::suggest(&name) })));
    }
    let raw = q.slug.unwrap_or_default();
    Ok(Json(match Slug::parse(&raw) {
        Err(e) => json!({ "available": false, "message": c.err(&e) }),
        Ok(s) => {
            let mut conn = st.store.reader().await?;
            if store::shop::slug_taken(&mut conn, s.as_str()).await? {
                json!({ "available": false, "message": c.t("signup-slug-taken") })
            } else {
                json!({ "available": true, "message": c.t1("signup-slug-free", "url", &format!("/s/{}/", s.as_str())) })
            }
        }
    }))
}

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
}

async fn switch_lang(
    st: State<AppState>,
    crate::extract::Path(code): crate::extract::Path<String>,
    q: Query<Next>,
    h: HeaderMap,
) -> Response {
    lang_redirect(&st, &code, q.0.next, &h)
}

async fn switch_lang_shop(
    st: State<AppState>,
    crate::extract::Path((_, code)): crate::extract::Path<(String, String)>,
    q: Query<Next>,
    h: HeaderMap,
) -> Response {
    lang_redirect(&st, &code, q.0.next, &h)
}

/// Remembers the visitor's language choice and goes back where they were (only ever to a path
/// on this site, never elsewhere).
fn lang_redirect(st: &AppState, code: &str, next: Option<String>, headers: &HeaderMap) -> Response {
    let Ok(lang) = domain::locale::Lang::parse(code) else {
        return crate::error::AppError::NotFound.into_response();
    };
    let next = next
        .filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .unwrap_or_else(|| "/".into());
    let secure = crate::auth::is_https(headers, st);
    let cookie = cookies::set(
        cookies::LANG,
        lang.as_str(),
        "/",
        Some(365 * 24 * 3600),
        secure,
    );
    ([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response()
}
