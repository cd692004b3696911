//! Self-service signup: the form, creating the shop and its owner, and the as-you-type check
//! of the shop's address.

use crate::extract::{Form, Json, Query};
use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::account::{Email, Password};
use domain::shop::{ShopName, Slug};
use serde::Deserialize;
use serde_json::json;

use super::render;
use crate::cookies;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::forms::Errors;
use crate::state::AppState;

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
#[template(path = "platform/signup.html")]
struct SignupPage {
    c: Ctx,
    form: SignupForm,
    errors: Errors,
}

pub(super) async fn signup_form(c: Ctx) -> AppResult<Html<String>> {
    render(SignupPage {
        c,
        form: SignupForm::default(),
        errors: Errors::default(),
    })
}

pub(super) async fn signup(
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
    let (token, _) =
        store::account::create_session(&mut tx, made.shop.sid(), made.owner.id).await?;
    store::commit(tx).await?;
    st.mall_changed();
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
pub(super) struct SlugQuery {
    slug: Option<String>,
    suggest: Option<String>,
}

/// As-you-type help for the signup form: suggests an address from a name, or says whether an
/// address is valid and free.
pub(super) async fn slug_check(
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
