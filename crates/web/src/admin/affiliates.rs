//! Shop admin: affiliates (`app::affiliate`) — the sites that send the shop customers for a
//! commission. The list shows each with its month so far; an affiliate's page edits it, gives
//! the link and the secret statement address to send it, and shows its statement month by
//! month, with the same as CSV. The affiliate reads its own statement at that address (no
//! account, nothing of the buyers). The owner and managers only, as for promotions.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use chrono::NaiveDate;
use serde::Deserialize;
use store::affiliate::Affiliate;

use super::{can_settings, Nav};
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use crate::platform::render;
use crate::state::AppState;
use crate::storefront::money;
use crate::tenant::Tenant;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/affiliates"), get(list).post(create))
        .route(&shop_path("/admin/affiliates/new"), get(new_page))
        .route(
            &shop_path("/admin/affiliates/{id}"),
            get(edit_page).post(update),
        )
        .route(
            &shop_path("/admin/affiliates/{id}/statement.csv"),
            get(export),
        )
        .route(&shop_path("/affiliate/{token}"), get(public_statement))
}

/// A rate in basis points as a reader writes it: "10", "7,5".
fn rate_text(bp: i64, c: &Ctx) -> String {
    super::promotions::percent_text(bp, c.lang)
}

fn month_label(c: &Ctx, month: NaiveDate) -> String {
    let name = c.t(&format!("month-{}", chrono::Datelike::month(&month)));
    format!("{name} {}", chrono::Datelike::year(&month))
}

/// The month asked for ("2026-12"; none: this month), or a 400 saying it cannot be read.
fn month_asked(c: &Ctx, t: &Tenant, text: Option<&str>) -> AppResult<NaiveDate> {
    app::affiliate::month_of(text, &t.shop, store::now()).map_err(|e| match e {
        app::Error::Refused(e) => AppError::BadRequestText(c.err(&e)),
        e => e.into(),
    })
}

/// A day on the shop's clock, as the admin's lists write it.
fn day(c: &Ctx, t: &Tenant, at: i64) -> String {
    super::reviews::day_text(c.lang, &t.shop.timezone, at)
}

/// The address of the shop's home with the affiliate's query: the link it publishes.
fn link_of(st: &AppState, t: &Tenant, code: &str) -> String {
    format!(
        "{}/?{}",
        crate::rent::shop_root(st, &t.shop),
        domain::growth::affiliate::link_query(code)
    )
}

fn statement_address(st: &AppState, t: &Tenant, token: &str) -> String {
    format!("{}/affiliate/{token}", crate::rent::shop_root(st, &t.shop))
}

struct Row {
    id: i64,
    name: String,
    code: String,
    rate: String,
    orders: usize,
    commission: String,
    active: bool,
}

#[derive(Template)]
#[template(path = "admin/affiliates.html")]
struct ListPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    month: String,
    rows: Vec<Row>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MonthQuery {
    month: Option<String>,
    saved: Option<String>,
}

async fn list(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<MonthQuery>,
) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    let t = &a.tenant;
    let month = month_asked(&c, t, None)?;
    let all = app::affiliate::list(&st.store, &t.shop).await?;
    let statement = app::affiliate::statement(&st.store, &t.shop, None, month).await?;
    let rows = all
        .iter()
        .map(|af| {
            let mine: Vec<_> = statement
                .orders
                .iter()
                .filter(|o| o.affiliate_id == af.id)
                .collect();
            Row {
                id: af.id,
                name: af.name.clone(),
                code: af.code.clone(),
                rate: rate_text(af.rate_bp, &c),
                orders: mine.len(),
                commission: money(t, &c, mine.iter().map(|o| o.commission_minor).sum()),
                active: af.active != 0,
            }
        })
        .collect();
    let flash = q.saved.map(|_| c.t("affiliate-saved"));
    render(ListPage {
        nav: Nav::new(&a, "affiliates").with_flash(flash),
        shop_name: t.shop.name.clone(),
        month: month_label(&c, month),
        rows,
        c,
    })
}

struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// A statement's order as the seller and the affiliate see it: nothing of the buyer.
struct Line {
    number: String,
    date: String,
    base: String,
    rate: String,
    commission: String,
}

struct StatementView {
    month: String,
    lines: Vec<Line>,
    base: String,
    commission: String,
    prev: String,
    next: Option<String>,
    csv: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/affiliate.html")]
struct FormPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    id: Option<i64>,
    f: app::affiliate::Input,
    errors: Vec<(&'static str, String)>,
    promotions: Vec<Choice>,
    link: Option<String>,
    statement_link: Option<String>,
    statement: Option<StatementView>,
}

impl FormPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
    fn described(&self, field: &str) -> String {
        if self.error(field).is_some() {
            format!("{field}-hint {field}-err")
        } else {
            format!("{field}-hint")
        }
    }
}

async fn statement_view(
    st: &AppState,
    t: &Tenant,
    c: &Ctx,
    af: &Affiliate,
    month: NaiveDate,
    here: &str,
    csv: bool,
) -> AppResult<StatementView> {
    let s = app::affiliate::statement(&st.store, &t.shop, Some(af.id), month).await?;
    let current = month_asked(c, t, None)?;
    let month_url = |m: NaiveDate| format!("{here}?month={}", m.format("%Y-%m"));
    let prev = month
        .checked_sub_months(chrono::Months::new(1))
        .unwrap_or(month);
    let next = month
        .checked_add_months(chrono::Months::new(1))
        .filter(|n| *n <= current);
    Ok(StatementView {
        month: month_label(c, month),
        lines: s
            .orders
            .iter()
            .map(|o| Line {
                number: o.number.clone(),
                date: day(c, t, o.created_at),
                base: money(t, c, o.base_minor),
                rate: format!("{}\u{202f}%", rate_text(o.rate_bp, c)),
                commission: money(t, c, o.commission_minor),
            })
            .collect(),
        base: money(t, c, s.base_minor),
        commission: money(t, c, s.commission_minor),
        prev: month_url(prev),
        next: next.map(month_url),
        csv: csv.then(|| format!("{here}/statement.csv?month={}", month.format("%Y-%m"))),
    })
}

/// The form as kept or typed, and what was wrong with each field.
struct Typed {
    f: app::affiliate::Input,
    errors: Vec<(&'static str, String)>,
}

async fn form_page(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    id: Option<i64>,
    typed: Typed,
    month: Option<NaiveDate>,
    flash: Option<String>,
) -> AppResult<FormPage> {
    let Typed { f, errors } = typed;
    let t = &a.tenant;
    let promotions = app::partner::offerable(&st.store, &t.shop)
        .await?
        .iter()
        .map(|p| Choice {
            value: p.id.to_string(),
            label: format!(
                "{} — {}",
                p.code.clone().unwrap_or_default(),
                super::promotions::gives(t, &c, p)
            ),
            selected: f.promotion == p.id.to_string(),
        })
        .collect();
    let kept = match id {
        Some(id) => Some(app::affiliate::get(&st.store, &t.shop, id).await?),
        None => None,
    };
    let statement = match &kept {
        Some(af) => {
            let month = match month {
                Some(m) => m,
                None => month_asked(&c, t, None)?,
            };
            let here = t.url(&format!("/admin/affiliates/{}", af.id));
            Some(statement_view(st, t, &c, af, month, &here, true).await?)
        }
        None => None,
    };
    Ok(FormPage {
        nav: Nav::new(a, "affiliates").with_flash(flash),
        shop_name: t.shop.name.clone(),
        id,
        link: kept.as_ref().map(|af| link_of(st, t, &af.code)),
        statement_link: kept.as_ref().map(|af| statement_address(st, t, &af.token)),
        statement,
        f,
        errors,
        promotions,
        c,
    })
}

async fn new_page(State(st): State<AppState>, a: StaffAuth, c: Ctx) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    let f = app::affiliate::Input {
        active: true,
        ..Default::default()
    };
    render(
        form_page(
            &st,
            &a,
            c,
            None,
            Typed {
                f,
                errors: Vec::new(),
            },
            None,
            None,
        )
        .await?,
    )
}

async fn edit_page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, i64)>,
    Query(q): Query<MonthQuery>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let af = app::affiliate::get(&st.store, &a.tenant.shop, id).await?;
    let month = month_asked(&c, &a.tenant, q.month.as_deref())?;
    let flash = q.saved.as_ref().map(|_| c.t("affiliate-saved"));
    // "7,5" as a French reader writes it.
    let rate = match c.lang {
        domain::locale::Lang::Fr => rate_text(af.rate_bp, &c),
        domain::locale::Lang::En => app::affiliate::input_of(&af).rate,
    };
    let page = form_page(
        &st,
        &a,
        c,
        Some(id),
        Typed {
            f: app::affiliate::Input {
                rate,
                ..app::affiliate::input_of(&af)
            },
            errors: Vec::new(),
        },
        Some(month),
        flash,
    )
    .await?;
    Ok(render(page)?.into_response())
}

/// The checkbox arrives only when ticked.
#[derive(Deserialize, Default)]
#[serde(default)]
struct AffiliateForm {
    name: String,
    email: String,
    code: String,
    rate: String,
    promotion: String,
    active: Option<String>,
}

impl AffiliateForm {
    fn input(self) -> app::affiliate::Input {
        app::affiliate::Input {
            name: self.name,
            email: self.email,
            code: self.code,
            rate: self.rate,
            promotion: self.promotion,
            active: self.active.is_some(),
        }
    }
}

async fn save(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    id: Option<i64>,
    f: AffiliateForm,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let input = f.input();
    match app::affiliate::save(&st.store, &a.tenant.shop, id, &input).await? {
        Ok(saved) => {
            tracing::info!(
                shop_id = a.tenant.shop.id,
                affiliate = saved.id,
                "affiliate saved"
            );
            let to = a
                .tenant
                .url(&format!("/admin/affiliates/{}?saved=1", saved.id));
            Ok(Redirect::to(&to).into_response())
        }
        Err(problems) => {
            let errors = problems
                .iter()
                .map(|(field, e)| (*field, c.err(e)))
                .collect();
            let page = form_page(st, a, c, id, Typed { f: input, errors }, None, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
    }
}

async fn create(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(f): Form<AffiliateForm>,
) -> AppResult<Response> {
    save(&st, &a, c, None, f).await
}

async fn update(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, i64)>,
    Form(f): Form<AffiliateForm>,
) -> AppResult<Response> {
    save(&st, &a, c, Some(id), f).await
}

/// An affiliate's month as CSV: one row per order, then the total.
async fn export(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, i64)>,
    Query(q): Query<MonthQuery>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let t = &a.tenant;
    let af = app::affiliate::get(&st.store, &t.shop, id).await?;
    let month = month_asked(&c, t, q.month.as_deref())?;
    let s = app::affiliate::statement(&st.store, &t.shop, Some(af.id), month).await?;
    let mut w = super::csv_writer(
        &c,
        "affiliate-csv",
        &["affiliate", "order", "date", "base", "rate", "commission"],
    )?;
    let csv_err = |e: csv::Error| AppError::Internal(e.into());
    let name = catalog_csv::protect_cell(&af.name).into_owned();
    let amount = |minor: i64| super::order_list::plain_amount(minor, c.lang);
    for o in &s.orders {
        w.write_record([
            name.clone(),
            o.number.clone(),
            day(&c, t, o.created_at),
            amount(o.base_minor),
            rate_text(o.rate_bp, &c),
            amount(o.commission_minor),
        ])
        .map_err(csv_err)?;
    }
    w.write_record([
        name,
        c.t("affiliate-csv-total"),
        String::new(),
        amount(s.base_minor),
        String::new(),
        amount(s.commission_minor),
    ])
    .map_err(csv_err)?;
    super::csv_file(
        w,
        &format!("commissions-{}-{}.csv", af.code, month.format("%Y-%m")),
    )
}

#[derive(Template)]
#[template(path = "storefront/affiliate.html")]
struct PublicPage {
    c: Ctx,
    name: String,
    link: String,
    code: Option<String>,
    rate: String,
    s: StatementView,
}

/// The affiliate's own statement, at the secret address the seller sent it: its link, its
/// rate, its orders of the month (number, date, amounts), nothing of the buyers.
async fn public_statement(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    Path((_, token)): Path<(String, String)>,
    Query(q): Query<MonthQuery>,
) -> AppResult<Html<String>> {
    let Some(af) = app::affiliate::by_token(&st.store, &t.shop, &token).await? else {
        return Err(AppError::NotFound);
    };
    let month = month_asked(&c, &t, q.month.as_deref())?;
    let here = t.url(&format!("/affiliate/{token}"));
    let statement = statement_view(&st, &t, &c, &af, month, &here, false).await?;
    let code = match af.promotion_id {
        Some(p) => {
            let mut conn = st.store.reader().await?;
            store::promotion::by_id(&mut conn, t.id(), p)
                .await?
                .filter(|p| p.active != 0)
                .and_then(|p| p.code)
        }
        None => None,
    };
    render(PublicPage {
        name: af.name.clone(),
        link: link_of(&st, &t, &af.code),
        code,
        rate: format!("{}\u{202f}%", rate_text(af.rate_bp, &c)),
        s: statement,
        c,
    })
}
