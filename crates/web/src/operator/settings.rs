//! The platform's settings: the host's identity that every shop's legal notice shows.

use crate::extract::{Form, Query};
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{unprocessable, OpNav};
use crate::auth::OperatorAuth;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::forms::Errors;
use crate::platform::render;
use crate::state::AppState;

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
#[template(path = "operator/settings.html")]
struct SettingsPage {
    c: Ctx,
    nav: OpNav,
    form: HostForm,
    errors: Errors,
}

#[derive(Deserialize, Default)]
pub(super) struct SavedQuery {
    pub(super) saved: Option<String>,
}

pub(super) async fn settings_form(
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

pub(super) async fn save_settings(
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
