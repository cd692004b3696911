//! The platform's exchange rates, per euro: the default rates a shop may show its shoppers'
//! estimates at, for the currencies it gives no rate of its own.

use crate::extract::{Form, Query};
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::settings::SavedQuery;
use super::{unprocessable, OpNav};
use crate::admin::currencies::{posted_rows, refused_rows, rows_of, RateRow};
use crate::auth::OperatorAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::platform::render;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "operator/currencies.html")]
struct RatesPage {
    c: Ctx,
    nav: OpNav,
    rows: Vec<RateRow>,
    has_errors: bool,
}

pub(super) async fn rates_form(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Query(q): Query<SavedQuery>,
) -> AppResult<Html<String>> {
    let mut conn = st.store.reader().await?;
    let saved = app::exchange::platform_rates(&mut conn)
        .await
        .map_err(AppError::from)?;
    let flash = q.saved.as_ref().map(|_| c.t("op-saved"));
    render(RatesPage {
        rows: rows_of(crate::admin::currencies::platform_view(&saved)),
        nav: OpNav::new(&op, "currencies").flash(flash),
        has_errors: false,
        c,
    })
}

pub(super) async fn save_rates(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let rows = posted_rows(&form);
    let today = chrono::Utc::now().date_naive();
    let outcome = app::exchange::save_platform_rates(&st.store, &rows, today)
        .await
        .map_err(AppError::from)?;
    let Err(problems) = outcome else {
        tracing::info!(operator_id = op.id, "exchange rates saved");
        return Ok(Redirect::to("/operator/currencies?saved=1").into_response());
    };
    let shown = refused_rows(&c, rows, problems);
    Ok(unprocessable(render(RatesPage {
        nav: OpNav::new(&op, "currencies"),
        rows: shown,
        has_errors: true,
        c,
    })?))
}
