//! Reviewing a product from the order's page, once the order reached its buyer: a form with a
//! rating, the text and how to sign it; the rules are `app::review`'s.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::cart::internal;
use super::checkout::private;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path};
use crate::forms::Errors;
use crate::state::AppState;
use crate::tenant::Tenant;

#[derive(Template)]
#[template(path = "shopper/review_form.html")]
struct ReviewForm {
    c: Ctx,
    title: String,
    action: String,
    back: String,
    f: app::review::Input,
    /// The five ratings, best first: (value, "5 sur 5", chosen).
    choices: Vec<(String, String, bool)>,
    /// What an empty signature becomes ("Camille D.").
    default_name: String,
    errors: Errors,
    /// Why it cannot be reviewed (not delivered yet, reviewed already).
    closed: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn page(
    st: &AppState,
    t: &Tenant,
    c: Ctx,
    link: &str,
    product: i64,
    f: app::review::Input,
    errors: Errors,
    closed: Option<String>,
) -> AppResult<(String, Html<String>)> {
    let Some((o, lines)) = app::checkout::order_by_link(&st.store, &t.shop, link)
        .await
        .map_err(internal)?
    else {
        return Err(AppError::NotFound);
    };
    let Some(line) = lines.iter().find(|l| l.product_id == Some(product)) else {
        return Err(AppError::NotFound);
    };
    let back = format!("{}/orders/{link}", c.shop_root());
    let closed = closed.or_else(|| {
        (!app::review::open(&o)).then(|| c.err(&domain::ValidationError::new("review-not-yet")))
    });
    let page = ReviewForm {
        title: c.t1("review-form-title", "title", &line.title),
        action: format!("{back}/review/{product}"),
        back: back.clone(),
        default_name: domain::community::signature("", &o.name).unwrap_or_default(),
        choices: (1..=5)
            .rev()
            .map(|n: i64| {
                let v = n.to_string();
                let label = c.t1("review-stars", "n", &v);
                let chosen = f.rating.trim() == v;
                (v, label, chosen)
            })
            .collect(),
        f,
        errors,
        closed,
        c,
    };
    let html = page.render().map_err(|e| AppError::Internal(e.into()))?;
    Ok((back, Html(html)))
}

/// The review form of one product of the order.
pub async fn form(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    Path((_, link, product)): Path<(String, String, i64)>,
) -> AppResult<Response> {
    let (_, html) = page(
        &st,
        &t,
        c,
        &link,
        product,
        Default::default(),
        Errors::default(),
        None,
    )
    .await?;
    Ok((private(), html).into_response())
}

/// Publishes the review: back to the order's page, which thanks; the form again with what to
/// correct (422).
pub async fn submit(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    Path((_, link, product)): Path<(String, String, i64)>,
    Form(f): Form<app::review::Input>,
) -> AppResult<Response> {
    let done = app::review::submit(&st.store, &t.shop, &link, product, &f).await;
    let (errors, closed) = match done {
        Ok(Ok(_)) => {
            let to = format!("{}/orders/{link}?reviewed=1#o-reviews", c.shop_root());
            return Ok(Redirect::to(&to).into_response());
        }
        Ok(Err(problems)) => {
            let mut errors = Errors::default();
            for (field, e) in problems {
                errors.add(field, c.err(&e));
            }
            (errors, None)
        }
        Err(app::Error::Refused(e)) => (Errors::default(), Some(c.err(&e))),
        Err(app::Error::Store(store::StoreError::NotFound)) => return Err(AppError::NotFound),
        Err(e) => return Err(internal(e)),
    };
    let (_, html) = page(&st, &t, c, &link, product, f, errors, closed).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, private(), html).into_response())
}
