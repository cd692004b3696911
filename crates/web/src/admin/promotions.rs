//! Shop admin: promotions — the seller's discount codes and automatic promotions. A list that
//! says what each gives, when and how often it was used; one form for every term of
//! [`app::promotion::Input`], a refused form coming back as typed with each message beside its
//! field; deleting one no order used. The owner and managers only: a promotion gives money away.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use domain::growth::promotion::Benefit;
use domain::locale::Lang;
use domain::money::Currency;
use serde::Deserialize;
use store::promotion::Promotion;

use super::catalog::{cat_options, category_options, CatOption};
use super::{can_settings, Nav};
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use crate::forms::Errors;
use crate::platform::render;
use crate::state::AppState;
use crate::tenant::Tenant;
use app::promotion::Input;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/promotions"), get(list))
        .route(
            &shop_path("/admin/promotions/new"),
            get(new_page).post(create),
        )
        .route(
            &shop_path("/admin/promotions/{id}"),
            get(edit_page).post(update),
        )
        .route(&shop_path("/admin/promotions/{id}/delete"), post(delete))
}

fn currency(a: &StaffAuth) -> Currency {
    Currency::parse(&a.tenant.shop.currency).unwrap_or(Currency::EUR)
}

/// A percentage in basis points as a reader writes it: "20", "12,5" ("12.5" in English).
pub(crate) fn percent_text(bp: i64, lang: Lang) -> String {
    let (whole, frac) = (bp / 100, (bp % 100).abs());
    if frac == 0 {
        return whole.to_string();
    }
    let digits = format!("{frac:02}");
    let digits = digits.trim_end_matches('0');
    match lang {
        Lang::Fr => format!("{whole},{digits}"),
        Lang::En => format!("{whole}.{digits}"),
    }
}

/// A day as the list shows it: "31/01/2027", "31 Jan 2027".
fn day_text(lang: Lang, day: &str) -> String {
    match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
        Ok(d) => match lang {
            Lang::Fr => d.format("%d/%m/%Y").to_string(),
            Lang::En => d.format("%-d %b %Y").to_string(),
        },
        Err(_) => day.to_string(),
    }
}

/// One promotion in the list.
struct Row {
    id: i64,
    name: String,
    /// None: an automatic promotion.
    code: Option<String>,
    /// "20 % de remise", "Livraison offerte"…
    gives: String,
    /// "sur « Fromages »", "dès 30,00 € d’achat".
    conditions: Vec<String>,
    dates: String,
    uses: String,
    status: String,
    on: bool,
}

#[derive(Template)]
#[template(path = "admin/promotions.html")]
struct ListPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    rows: Vec<Row>,
}

pub(crate) fn gives(t: &Tenant, c: &Ctx, p: &Promotion) -> String {
    let percent = || percent_text(p.percent_bp, c.lang);
    match Benefit::parse(&p.benefit) {
        Ok(Benefit::Percent) => c.t1("promo-gives-percent", "percent", &percent()),
        Ok(Benefit::Amount) => c.t1(
            "promo-gives-amount",
            "amount",
            &crate::storefront::money(t, c, p.amount_minor),
        ),
        Ok(Benefit::FreeShipping) => c.t("promo-gives-free-shipping"),
        Ok(Benefit::BuyXGetY) => {
            let mut args = vec![
                ("buy", p.buy_qty.to_string()),
                ("get", p.get_qty.to_string()),
            ];
            if p.percent_bp >= 10_000 {
                c.ta("promo-gives-bxgy-free", &args)
            } else {
                args.push(("percent", percent()));
                c.ta("promo-gives-bxgy", &args)
            }
        }
        Err(_) => p.benefit.clone(),
    }
}

fn row(
    t: &Tenant,
    c: &Ctx,
    (p, uses): &(Promotion, i64),
    categories: &[(i64, String)],
    now: i64,
) -> Row {
    let typed = app::promotion::input_of(
        p,
        Currency::parse(&t.shop.currency).unwrap_or(Currency::EUR),
        &t.shop.timezone,
    );
    let mut conditions = Vec::new();
    if let Some(id) = p.category_id {
        conditions.push(match categories.iter().find(|(k, _)| *k == id) {
            Some((_, name)) => c.t1("promo-on-category", "category", name),
            None => c.t("promo-on-category-gone"),
        });
    }
    if p.min_subtotal_minor > 0 {
        let min = crate::storefront::money(t, c, p.min_subtotal_minor);
        conditions.push(c.t1("promo-min", "amount", &min));
    }
    if let Some(n) = p.per_customer {
        conditions.push(c.t1("promo-per-customer-n", "count", &n.to_string()));
    }
    let (from, to) = (
        day_text(c.lang, &typed.starts_on),
        day_text(c.lang, &typed.ends_on),
    );
    let dates = match (p.starts_at.is_some(), p.ends_at.is_some()) {
        (false, false) => c.t("promo-dates-always"),
        (true, false) => c.t1("promo-dates-from", "from", &from),
        (false, true) => c.t1("promo-dates-until", "to", &to),
        (true, true) => c.ta("promo-dates-between", &[("from", from), ("to", to)]),
    };
    let uses = match p.max_uses {
        Some(max) => c.ta(
            "promo-uses-of",
            &[("uses", uses.to_string()), ("max", max.to_string())],
        ),
        None => c.t1("promo-uses-count", "uses", &uses.to_string()),
    };
    let status = if p.active == 0 {
        "off"
    } else if p.ends_at.is_some_and(|e| now >= e) {
        "ended"
    } else if p.starts_at.is_some_and(|s| now < s) {
        "upcoming"
    } else {
        "on"
    };
    Row {
        id: p.id,
        name: p.name.clone(),
        code: p.code.clone(),
        gives: gives(t, c, p),
        conditions,
        dates,
        uses,
        status: c.t(&format!("promo-status-{status}")),
        on: status == "on",
    }
}

/// The shop's categories, as an indented tree in the seller's language.
async fn categories(st: &AppState, a: &StaffAuth, c: &Ctx) -> AppResult<Vec<CatOption>> {
    let mut conn = st.store.reader().await?;
    let nodes = category_options(&mut conn, a.shop_id(), c.lang).await?;
    Ok(cat_options(&nodes))
}

#[derive(Deserialize, Default)]
struct Flash {
    saved: Option<String>,
    deleted: Option<String>,
}

async fn list(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<Flash>,
) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    let promotions = app::promotion::list(&st.store, a.shop_id()).await?;
    let names: Vec<(i64, String)> = if promotions.iter().any(|(p, _)| p.category_id.is_some()) {
        let mut conn = st.store.reader().await?;
        category_options(&mut conn, a.shop_id(), c.lang)
            .await?
            .into_iter()
            .map(|n| (n.id, n.name))
            .collect()
    } else {
        Vec::new()
    };
    let now = store::now();
    let rows = promotions
        .iter()
        .map(|p| row(&a.tenant, &c, p, &names, now))
        .collect();
    let flash = if q.deleted.is_some() {
        Some(c.t("promo-deleted"))
    } else {
        q.saved.map(|_| c.t("admin-saved"))
    };
    render(ListPage {
        nav: Nav::new(&a, "promotions").with_flash(flash),
        shop_name: a.tenant.shop.name.clone(),
        rows,
        c,
    })
}

struct Choice {
    value: &'static str,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "admin/promotion.html")]
struct FormPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    /// None for a new promotion.
    id: Option<i64>,
    /// The name it was saved under (the heading), for an existing one.
    saved_name: String,
    f: Input,
    benefits: Vec<Choice>,
    categories: Vec<CatOption>,
    /// The promotion's category was deleted since: offered as it is, so that saving the form
    /// does not silently widen the promotion to every product.
    category_gone: bool,
    currency: &'static str,
    errors: Errors,
    /// A refusal that is no field's (deleting a promotion orders used).
    error: Option<String>,
}

impl FormPage {
    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("{}/admin/promotions/{id}", self.c.base()),
            None => format!("{}/admin/promotions/new", self.c.base()),
        }
    }

    /// The ids that describe field `name`: its hint, and its error when it has one.
    fn described(&self, name: &str) -> String {
        if self.errors.has(name) {
            format!("{name}-hint {name}-err")
        } else {
            format!("{name}-hint")
        }
    }
}

/// What the form shows: a promotion as kept or as typed, and what was wrong with it.
struct Shown {
    id: Option<i64>,
    saved_name: String,
    f: Input,
    errors: Errors,
    error: Option<String>,
}

async fn form_page(st: &AppState, a: &StaffAuth, c: Ctx, form: Shown) -> AppResult<FormPage> {
    let categories = categories(st, a, &c).await?;
    let category_gone = !form.f.category.is_empty()
        && !categories
            .iter()
            .any(|o| o.id.to_string() == form.f.category);
    let benefits = Benefit::all()
        .iter()
        .map(|b| Choice {
            value: b.as_str(),
            label: c.t(&format!("promo-benefit-{}", b.as_str().replace('_', "-"))),
            selected: b.as_str() == form.f.benefit,
        })
        .collect();
    Ok(FormPage {
        nav: Nav::new(a, "promotions"),
        shop_name: a.tenant.shop.name.clone(),
        id: form.id,
        saved_name: form.saved_name,
        f: form.f,
        benefits,
        categories,
        category_gone,
        currency: currency(a).as_str(),
        errors: form.errors,
        error: form.error,
        c,
    })
}

/// The form of a kept promotion, its decimals written as the seller reads them ("5,50").
fn typed(a: &StaffAuth, c: &Ctx, p: &Promotion) -> Input {
    let mut f = app::promotion::input_of(p, currency(a), &a.tenant.shop.timezone);
    if c.lang == Lang::Fr {
        for s in [&mut f.amount, &mut f.min_subtotal] {
            *s = s.replace('.', ",");
        }
    }
    if !f.percent.is_empty() {
        f.percent = percent_text(p.percent_bp, c.lang);
    }
    f
}

/// The shop's promotion `id`, or the 404 page.
async fn promotion(st: &AppState, a: &StaffAuth, id: i64) -> AppResult<Promotion> {
    app::promotion::get(&st.store, a.shop_id(), id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn new_page(State(st): State<AppState>, a: StaffAuth, c: Ctx) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    let f = Input {
        benefit: Benefit::Percent.as_str().to_string(),
        active: true,
        ..Input::default()
    };
    let form = Shown {
        id: None,
        saved_name: String::new(),
        f,
        errors: Errors::default(),
        error: None,
    };
    render(form_page(&st, &a, c, form).await?)
}

async fn edit_page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, i64)>,
) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    let p = promotion(&st, &a, id).await?;
    let form = Shown {
        id: Some(id),
        saved_name: p.name.clone(),
        f: typed(&a, &c, &p),
        errors: Errors::default(),
        error: None,
    };
    render(form_page(&st, &a, c, form).await?)
}

/// The posted form (a checkbox is sent only when ticked).
fn input_from(form: &[(String, String)]) -> Input {
    let get = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    Input {
        name: get("name"),
        code: get("code"),
        benefit: get("benefit"),
        percent: get("percent"),
        amount: get("amount"),
        buy: get("buy"),
        get: get("get"),
        category: get("category"),
        min_subtotal: get("min_subtotal"),
        starts_on: get("starts_on"),
        ends_on: get("ends_on"),
        max_uses: get("max_uses"),
        per_customer: get("per_customer"),
        active: form.iter().any(|(n, _)| n == "active"),
    }
}

async fn create(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    save(st, a, c, None, form).await
}

async fn update(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    save(st, a, c, Some(id), form).await
}

async fn save(
    st: AppState,
    a: StaffAuth,
    c: Ctx,
    id: Option<i64>,
    form: Vec<(String, String)>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    // Another shop's promotion is not found, whatever the form says.
    let saved_name = match id {
        Some(id) => promotion(&st, &a, id).await?.name,
        None => String::new(),
    };
    let f = input_from(&form);
    let problems = match app::promotion::save(&st.store, &a.tenant.shop, id, &f).await? {
        Ok(p) => {
            tracing::info!(
                shop_id = a.tenant.shop.id,
                promotion = p.id,
                "promotion saved"
            );
            return Ok(Redirect::to(&a.tenant.url("/admin/promotions?saved=1")).into_response());
        }
        Err(problems) => problems,
    };
    let mut errors = Errors::default();
    for (field, e) in &problems {
        errors.add(field, crate::storefront::promotion_text(&a.tenant, &c, e));
    }
    let form = Shown {
        id,
        saved_name,
        f,
        errors,
        error: None,
    };
    let page = form_page(&st, &a, c, form).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

async fn delete(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    match app::promotion::delete(&st.store, a.shop_id(), id).await {
        Ok(()) => {
            tracing::info!(
                shop_id = a.tenant.shop.id,
                promotion = id,
                "promotion deleted"
            );
            Ok(Redirect::to(&a.tenant.url("/admin/promotions?deleted=1")).into_response())
        }
        // Orders name it: the edit page says so and how to stop it instead.
        Err(app::Error::Refused(e)) => {
            let p = promotion(&st, &a, id).await?;
            let form = Shown {
                id: Some(id),
                saved_name: p.name.clone(),
                f: typed(&a, &c, &p),
                errors: Errors::default(),
                error: Some(c.err(&e)),
            };
            let page = form_page(&st, &a, c, form).await?;
            Ok((StatusCode::CONFLICT, render(page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_read_as_typed() {
        assert_eq!(percent_text(2_000, Lang::Fr), "20");
        assert_eq!(percent_text(1_250, Lang::Fr), "12,5");
        assert_eq!(percent_text(1_205, Lang::En), "12.05");
        assert_eq!(percent_text(10_000, Lang::En), "100");
    }

    #[test]
    fn the_posted_form_is_read_back() {
        let form: Vec<(String, String)> = [
            ("_csrf", "x"),
            ("name", "Soldes"),
            ("code", "hiver"),
            ("benefit", "percent"),
            ("percent", "12,5"),
            ("starts_on", "2027-01-10"),
            ("active", "1"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let f = input_from(&form);
        assert_eq!((f.name.as_str(), f.code.as_str()), ("Soldes", "hiver"));
        assert_eq!(
            (f.percent.as_str(), f.starts_on.as_str()),
            ("12,5", "2027-01-10")
        );
        assert!(f.active && f.ends_on.is_empty());
        assert!(!input_from(&form[..6]).active);
    }
}
