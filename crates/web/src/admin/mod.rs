//! The shop admin (`/admin/` on a shop's host): sign-in, dashboard, settings, appearance, legal
//! identity, payments, staff and the signed-in person's own account.

pub mod account;
pub mod appearance;
pub mod catalog;
pub mod hours;
pub mod legal;
pub mod orders;
pub mod payments;
pub mod session;
pub mod settings;
pub mod staff;

use crate::extract::Query;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::platform::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            &shop_path("/admin"),
            get(|t: crate::tenant::Tenant| async move {
                axum::response::Redirect::permanent(&t.url("/admin/"))
            }),
        )
        .route(&shop_path("/admin/"), get(dashboard))
        .merge(session::routes())
        .merge(settings::routes())
        .merge(appearance::routes())
        .merge(legal::routes())
        .merge(hours::routes())
        .merge(payments::routes())
        .merge(orders::routes())
        .merge(staff::routes())
        .merge(account::routes())
        .merge(catalog::routes())
}

/// What the admin layout needs: who is signed in, what they may see, where they are.
pub struct Nav {
    pub current: &'static str,
    pub staff_name: String,
    pub can_settings: bool,
    pub can_staff: bool,
    pub flash: Option<String>,
}

impl Nav {
    pub fn new(a: &StaffAuth, current: &'static str) -> Nav {
        Nav {
            current,
            staff_name: a.staff.name.clone(),
            can_settings: can_settings(a.role),
            can_staff: can_staff(a.role),
            flash: None,
        }
    }
    pub fn with_flash(mut self, flash: Option<String>) -> Nav {
        self.flash = flash;
        self
    }
}

/// `?saved=1` after a successful form, shown as a confirmation.
#[derive(Deserialize, Default)]
pub struct Saved {
    pub saved: Option<String>,
    pub welcome: Option<String>,
}

impl Saved {
    pub fn flash(&self, c: &Ctx) -> Option<String> {
        self.saved.as_ref().map(|_| c.t("admin-saved"))
    }
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct Dashboard {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    shop_url: String,
    welcome: bool,
    suspended: bool,
}

async fn dashboard(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    let shop_url = if a.tenant.base.is_empty() {
        "/".to_string()
    } else {
        format!("{}{}/", st.config.public_url, a.tenant.base)
    };
    render(Dashboard {
        nav: Nav::new(&a, "dashboard").with_flash(q.flash(&c)),
        shop_name: a.tenant.shop.name.clone(),
        shop_url,
        welcome: q.welcome.is_some(),
        suspended: a.tenant.shop.is_suspended(),
        c,
    })
}

pub use crate::access::{can_payments, can_settings, can_staff};
