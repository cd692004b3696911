//! Shop admin: Billing, for the owner. The shop's plan and what it costs, where its rent stands
//! (trial, paid until, payment failed and when the shop would close), the card the rent is
//! charged to (saved through the operator's Stripe account with stripe.js: the card never
//! reaches us), a change of plan (prorated), paying an unpaid rent now, and the operator's
//! invoices to download.

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::money::{Money, EUR};
use domain::rent::{Interval, RentVat, State as RentState};
use serde::Deserialize;

use super::Nav;
use crate::access::can_billing;
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use crate::platform::render;
use crate::rent::RentMail;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/billing"), get(page))
        .route(&shop_path("/admin/billing/card"), get(card_page))
        .route(&shop_path("/admin/billing/card/done"), get(card_done))
        .route(&shop_path("/admin/billing/pay"), post(pay))
        .route(&shop_path("/admin/billing/plan"), post(change_plan))
        .route(&shop_path("/admin/billing/invoices/{number}"), get(invoice))
}

pub struct PlanChoice {
    pub id: String,
    pub label: String,
    pub selected: bool,
}

pub struct InvoiceRow {
    pub number: String,
    pub date: String,
    pub total: String,
    pub href: String,
    pub pdf: String,
}

#[derive(Template)]
#[template(path = "admin/billing.html")]
struct Page {
    c: Ctx,
    nav: Nav,
    plan: String,
    price: String,
    /// Where the rent stands, as a sentence.
    status: String,
    /// Whether that sentence is a warning (payment failed, shop closed).
    warning: bool,
    card: String,
    /// The operator takes cards (their Stripe account is configured).
    collects: bool,
    can_pay_now: bool,
    plans: Vec<PlanChoice>,
    yearly: bool,
    vat_note: String,
    invoices: Vec<InvoiceRow>,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
struct Flash {
    card: Option<String>,
    paid: Option<String>,
    failed: Option<String>,
    changed: Option<String>,
    busy: Option<String>,
}

fn m(c: &Ctx, minor: i64) -> String {
    Money::new(minor, EUR).format(c.lang)
}

fn day(c: &Ctx, at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|d| crate::gifts::long_date(c.lang, d.date_naive()))
        .unwrap_or_default()
}

async fn page_of(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    flash: Option<String>,
    error: Option<String>,
) -> AppResult<Response> {
    let now = store::now();
    let o = app::rent::overview(&st.store, &a.tenant.shop, now).await?;
    let plan_price = |p: &store::plan::Plan, i: Interval| -> Option<String> {
        let price = p.price_of(i.as_str())?;
        Some(if p.is_free() {
            c.t("op-plan-free")
        } else {
            c.ta(
                match i {
                    Interval::Month => "billing-price-month",
                    Interval::Year => "billing-price-year",
                },
                &[("price", m(&c, price))],
            )
        })
    };
    let collects = crate::rent::account(st).await.is_some();
    let status = match o.state {
        RentState::Trialing => c.t1("billing-trial-until", "date", &day(&c, o.sub.period_end)),
        RentState::Active if o.plan.is_free() => c.t("billing-free"),
        RentState::Active if o.sub.period_end <= now && collects => c.t("billing-due-now"),
        RentState::Active if o.sub.period_end <= now => c.t("billing-not-collected"),
        RentState::Active => c.ta(
            "billing-paid-until",
            &[
                ("date", day(&c, o.sub.period_end)),
                ("amount", m(&c, o.next_total_minor)),
            ],
        ),
        RentState::PastDue => c.ta(
            "billing-past-due",
            &[
                ("date", day(&c, o.suspend_on.unwrap_or(now))),
                ("amount", m(&c, o.next_total_minor)),
            ],
        ),
        RentState::Suspended => c.t1("billing-suspended", "amount", &m(&c, o.next_total_minor)),
    };
    let warning = matches!(o.state, RentState::PastDue | RentState::Suspended);
    let status = if warning && !o.sub.last_error.is_empty() {
        let why = reason(&c, &o.sub.last_error);
        format!("{status} {}", c.t1("billing-last-error", "reason", &why))
    } else {
        status
    };
    let plans = {
        let mut conn = st.store.reader().await?;
        store::plan::list(&mut conn).await?
    };
    let invoices = app::rent::invoices(&st.store, a.shop_id())
        .await?
        .into_iter()
        .map(|(i, d)| InvoiceRow {
            href: a
                .tenant
                .url(&format!("/admin/billing/invoices/{}", i.number)),
            pdf: a
                .tenant
                .url(&format!("/admin/billing/invoices/{}.pdf", i.number)),
            date: d.issued_on.clone(),
            total: m(&c, i.total_minor),
            number: i.number,
        })
        .collect();
    let vat_note = match o.vat {
        RentVat::French => c.t("billing-vat-french"),
        RentVat::ReverseCharge => c.t("billing-vat-reverse"),
        RentVat::OutOfScope => c.t("billing-vat-none"),
    };
    let status_code = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let html = render(Page {
        nav: Nav::new(a, "billing").with_flash(flash),
        plan: o.plan.name.clone(),
        price: plan_price(&o.plan, o.interval).unwrap_or_default(),
        status,
        warning,
        card: o.sub.card_label.clone(),
        collects,
        can_pay_now: warning && !o.sub.payment_method.is_empty() && collects,
        plans: plans
            .iter()
            .map(|p| PlanChoice {
                id: p.id.to_string(),
                label: format!(
                    "{} — {}",
                    p.name,
                    if p.is_free() {
                        c.t("op-plan-free")
                    } else {
                        [Interval::Month, Interval::Year]
                            .into_iter()
                            .filter_map(|i| plan_price(p, i))
                            .collect::<Vec<_>>()
                            .join(" · ")
                    }
                ),
                selected: p.id == o.plan.id,
            })
            .collect(),
        yearly: o.interval == Interval::Year,
        vat_note,
        invoices,
        error,
        c,
    })?;
    Ok((status_code, html).into_response())
}

async fn page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<Flash>,
) -> AppResult<Response> {
    a.require(can_billing)?;
    let flash = if q.card.is_some() {
        Some(c.t("billing-card-saved"))
    } else if let Some(n) = &q.paid {
        Some(if n.is_empty() {
            c.t("billing-paid-nothing-due")
        } else {
            c.t1("billing-paid", "number", n)
        })
    } else if q.changed.is_some() {
        Some(c.t("billing-plan-changed"))
    } else if q.busy.is_some() {
        Some(c.t("billing-busy"))
    } else {
        None
    };
    // The reason is the subscription's, shown in its status (never text from the address).
    let error = q.failed.as_ref().map(|_| c.t("billing-payment-refused"));
    page_of(&st, &a, c, flash, error).await
}

#[derive(Template)]
#[template(path = "admin/billing_card.html")]
struct CardPage {
    c: Ctx,
    nav: Nav,
    js: String,
    key: String,
    secret: String,
    done: String,
    back: String,
    name: String,
    email: String,
}

/// The card form: a Setup Intent of the operator's account, confirmed in the browser by
/// stripe.js (the page's CSP lets stripe.js and its API in).
async fn card_page(State(st): State<AppState>, a: StaffAuth, c: Ctx) -> AppResult<Response> {
    a.require(can_billing)?;
    let account = crate::rent::account(&st).await;
    let secret = match app::rent::start_card(
        &st.store,
        account.as_ref(),
        &a.tenant.shop,
        store::now(),
    )
    .await
    {
        Ok(s) => s,
        Err(app::Error::Refused(e)) => {
            let msg = c.err(&e);
            return page_of(&st, &a, c, None, Some(msg)).await;
        }
        Err(e) => return Err(e.into()),
    };
    let Some(account) = account else {
        return Err(AppError::NotFound);
    };
    let html = render(CardPage {
        nav: Nav::new(&a, "billing"),
        js: st.config.stripe_js.clone(),
        key: account.publishable_key,
        secret,
        done: a.tenant.url("/admin/billing/card/done"),
        back: a.tenant.url("/admin/billing"),
        name: a.staff.name.clone(),
        email: a.staff.email.clone(),
        c,
    })?;
    let mut res = html.into_response();
    res.headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, st.pay_csp.clone());
    res.headers_mut()
        .insert(header::CACHE_CONTROL, "no-store".parse().expect("a header"));
    Ok(res)
}

#[derive(Deserialize, Default)]
struct Done {
    #[serde(default)]
    setup_intent: String,
}

/// Back from stripe.js: the provider is asked whether the card was saved; an unpaid rent is
/// then charged to it.
async fn card_done(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<Done>,
) -> AppResult<Response> {
    a.require(can_billing)?;
    let account = crate::rent::account(&st).await;
    let r = app::rent::card_saved(
        &st.store,
        account.as_ref(),
        &RentMail::new(&st),
        &a.tenant.shop,
        &q.setup_intent,
        store::now(),
    )
    .await;
    match r {
        Ok(Some(outcome)) => after_payment(&st, &a, outcome),
        Ok(None) => Ok(Redirect::to(&a.tenant.url("/admin/billing?card=1")).into_response()),
        Err(app::Error::Refused(e)) => {
            let msg = c.err(&e);
            page_of(&st, &a, c, None, Some(msg)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Where a payment attempt leads: the page with the invoice's number, or the refusal (its
/// reason is the subscription's, shown by the page).
fn after_payment(st: &AppState, a: &StaffAuth, o: app::rent::Outcome) -> AppResult<Response> {
    let to = match o {
        app::rent::Outcome::Paid(n) => {
            // A reopened shop shows at once on this node.
            st.shops.clear();
            format!(
                "/admin/billing?paid={}",
                crate::ctx::urlencode(&n.unwrap_or_default())
            )
        }
        app::rent::Outcome::Failed(_) => "/admin/billing?failed=1".to_string(),
        app::rent::Outcome::Busy => "/admin/billing?busy=1".to_string(),
    };
    Ok(Redirect::to(&a.tenant.url(&to)).into_response())
}

/// A refusal's reason as the seller reads it.
fn reason(c: &Ctx, r: &str) -> String {
    if r.starts_with("rent-") {
        c.t(&format!("err-{r}"))
    } else {
        r.to_string()
    }
}

/// Pays an unpaid rent now with the saved card.
async fn pay(State(st): State<AppState>, a: StaffAuth) -> AppResult<Response> {
    a.require(can_billing)?;
    let account = crate::rent::account(&st).await;
    let o = app::rent::pay_now(
        &st.store,
        account.as_ref(),
        &RentMail::new(&st),
        a.shop_id(),
        store::now(),
    )
    .await?;
    after_payment(&st, &a, o)
}

#[derive(Deserialize, Default)]
struct PlanForm {
    #[serde(default)]
    plan: String,
    #[serde(default)]
    interval: String,
}

async fn change_plan(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(f): Form<PlanForm>,
) -> AppResult<Response> {
    a.require(can_billing)?;
    let Ok(plan) = f.plan.parse::<i64>() else {
        let msg = c.t("err-rent-plan-unknown");
        return page_of(&st, &a, c, None, Some(msg)).await;
    };
    let account = crate::rent::account(&st).await;
    let r = app::rent::change_plan(
        &st.store,
        account.as_ref(),
        &RentMail::new(&st),
        &a.tenant.shop,
        plan,
        &f.interval,
        store::now(),
    )
    .await;
    match r {
        Ok(app::rent::Outcome::Paid(Some(n))) => {
            st.shops.clear();
            Ok(Redirect::to(&a.tenant.url(&format!(
                "/admin/billing?paid={}",
                crate::ctx::urlencode(&n)
            )))
            .into_response())
        }
        Ok(app::rent::Outcome::Failed(r)) => {
            // Nothing changed: the plan stays the one paid for.
            let msg = c.t1("billing-change-refused", "reason", &reason(&c, &r));
            page_of(&st, &a, c, None, Some(msg)).await
        }
        Ok(app::rent::Outcome::Busy) => {
            let msg = c.t("billing-busy");
            page_of(&st, &a, c, None, Some(msg)).await
        }
        Ok(app::rent::Outcome::Paid(None)) => {
            st.shops.clear();
            Ok(Redirect::to(&a.tenant.url("/admin/billing?changed=1")).into_response())
        }
        Err(app::Error::Refused(e)) => {
            let msg = c.err(&e);
            page_of(&st, &a, c, None, Some(msg)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// One of the shop's rent invoices, as a page or (".pdf") its Factur-X PDF.
async fn invoice(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, number)): Path<(String, String)>,
) -> AppResult<Response> {
    a.require(can_billing)?;
    let (number, pdf) = crate::invoices::wanted(&number);
    let Some(d) = app::rent::invoice(&st.store, Some(a.shop_id()), number).await? else {
        return Err(AppError::NotFound);
    };
    let back = a.tenant.url("/admin/billing");
    crate::invoices::answer(&st, c, d, pdf, back).await
}
