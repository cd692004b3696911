//! Shop admin: partnerships with other shops of the platform (`app::partner`). The list page
//! invites a shop by its address, answers the invitations received, and lists the partners;
//! a partner's page picks the products of theirs the shop's "our neighbours" block shows, the
//! code this shop offers their shoppers, and ends the partnership. The owner and managers only,
//! as for promotions.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::growth::partner::{State as PartnerState, MAX_PARTNERS, MAX_SHOWN, MESSAGE_MAX};
use serde::Deserialize;
use store::partner::Partner;

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
        .route(&shop_path("/admin/partners"), get(list))
        .route(&shop_path("/admin/partners/invite"), post(invite))
        .route(&shop_path("/admin/partners/{partner}"), get(detail))
        .route(&shop_path("/admin/partners/{partner}/accept"), post(accept))
        .route(&shop_path("/admin/partners/{partner}/leave"), post(leave))
        .route(&shop_path("/admin/partners/{partner}/show"), post(show))
        .route(&shop_path("/admin/partners/{partner}/offer"), post(offer))
}

/// A partnership in the list.
struct Row {
    slug: String,
    /// Their home page.
    visit: String,
    name: String,
    /// The other shop's words, for an invitation received.
    message: String,
    /// "Invitation sent on 03/12/2026"…
    since: String,
}

#[derive(Template)]
#[template(path = "admin/partners.html")]
struct ListPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    active: Vec<Row>,
    asked: Vec<Row>,
    invited: Vec<Row>,
    declined: Vec<Row>,
    /// The invitation form as typed, and why it was refused.
    target: String,
    message: String,
    error: Option<String>,
    /// Why an answer to an invitation was refused.
    alert: Option<String>,
    max_partners: i64,
    message_max: usize,
}

impl ListPage {
    fn described(&self, name: &str) -> String {
        if self.error.is_some() {
            format!("{name}-hint invite-err")
        } else {
            format!("{name}-hint")
        }
    }
}

/// A day on the shop's clock, as the admin's lists write it.
fn day(c: &Ctx, t: &Tenant, at: i64) -> String {
    super::reviews::day_text(c.lang, &t.shop.timezone, at)
}

/// A shop's home page on the platform's address (it serves every shop).
fn visit(st: &AppState, slug: &str) -> String {
    format!("{}/s/{slug}/", st.config.public_url.trim_end_matches('/'))
}

struct Typed {
    target: String,
    message: String,
    error: Option<String>,
    alert: Option<String>,
}

async fn list_page(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    flash: Option<String>,
    typed: Typed,
) -> AppResult<ListPage> {
    let all = app::partner::list(&st.store, &a.tenant.shop).await?;
    let rows = |state: PartnerState, since: &str| -> Vec<Row> {
        all.iter()
            .filter(|p| p.state == state.as_str())
            .map(|p: &Partner| Row {
                slug: p.slug.clone(),
                visit: visit(st, &p.slug),
                name: p.name.clone(),
                message: p.message.clone(),
                since: c.t1(since, "date", &day(&c, &a.tenant, p.updated_at)),
            })
            .collect()
    };
    let active = rows(PartnerState::Active, "partner-since");
    let asked = rows(PartnerState::Asked, "partner-asked-on");
    let invited = rows(PartnerState::Invited, "partner-invited-on");
    let declined = rows(PartnerState::Declined, "partner-declined-on");
    Ok(ListPage {
        nav: Nav::new(a, "partners").with_flash(flash),
        shop_name: a.tenant.shop.name.clone(),
        active,
        asked,
        invited,
        declined,
        target: typed.target,
        message: typed.message,
        error: typed.error,
        alert: typed.alert,
        max_partners: MAX_PARTNERS,
        message_max: MESSAGE_MAX,
        c,
    })
}

#[derive(Deserialize, Default)]
struct Flash {
    done: Option<String>,
}

fn flash_text(c: &Ctx, done: Option<&str>) -> Option<String> {
    let key = match done? {
        "invited" => "partner-flash-invited",
        "accepted" => "partner-flash-accepted",
        "left" => "partner-flash-left",
        "shown" => "partner-flash-shown",
        "hidden" => "partner-flash-hidden",
        "offer" => "partner-flash-offer",
        _ => return None,
    };
    Some(c.t(key))
}

async fn list(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<Flash>,
) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    let flash = flash_text(&c, q.done.as_deref());
    let typed = Typed {
        target: String::new(),
        message: String::new(),
        error: None,
        alert: None,
    };
    render(list_page(&st, &a, c, flash, typed).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct InviteForm {
    target: String,
    message: String,
}

async fn invite(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(f): Form<InviteForm>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let done = app::partner::invite(
        &st.store,
        &a.tenant.shop,
        &f.target,
        &f.message,
        st.config.platform_domain.as_deref(),
        crate::mail::partner_notice(&st),
    )
    .await;
    match done {
        Ok(other) => {
            tracing::info!(
                shop_id = a.tenant.shop.id,
                partner = other.id,
                "partnership asked"
            );
            Ok(Redirect::to(&a.tenant.url("/admin/partners?done=invited")).into_response())
        }
        Err(app::Error::Refused(e)) => {
            let typed = Typed {
                error: Some(c.err(&e)),
                target: f.target,
                message: f.message,
                alert: None,
            };
            let page = list_page(&st, &a, c, None, typed).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The partnership named in the address (any state); none is a 404.
async fn partnership(st: &AppState, a: &StaffAuth, slug: &str) -> AppResult<Partner> {
    app::partner::get(&st.store, &a.tenant.shop, slug)
        .await?
        .ok_or(AppError::NotFound)
}

async fn accept(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, slug)): Path<(String, String)>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let p = partnership(&st, &a, &slug).await?;
    let done = app::partner::accept(
        &st.store,
        &a.tenant.shop,
        p.partner_id,
        crate::mail::partner_notice(&st),
    )
    .await;
    match done {
        Ok(()) => {
            tracing::info!(
                shop_id = a.tenant.shop.id,
                partner = p.partner_id,
                "partnership accepted"
            );
            Ok(Redirect::to(
                &a.tenant
                    .url(&format!("/admin/partners/{slug}?done=accepted")),
            )
            .into_response())
        }
        Err(app::Error::Refused(e)) => {
            let typed = Typed {
                target: String::new(),
                message: String::new(),
                error: None,
                alert: Some(c.err(&e)),
            };
            let page = list_page(&st, &a, c, None, typed).await?;
            Ok((StatusCode::CONFLICT, render(page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn leave(
    State(st): State<AppState>,
    a: StaffAuth,
    Path((_, slug)): Path<(String, String)>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let p = partnership(&st, &a, &slug).await?;
    if !app::partner::leave(&st.store, &a.tenant.shop, p.partner_id).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(
        shop_id = a.tenant.shop.id,
        partner = p.partner_id,
        state = p.state.as_str(),
        "partnership left"
    );
    Ok(Redirect::to(&a.tenant.url("/admin/partners?done=left")).into_response())
}

/// One of the partner's products, shown or to pick.
struct Pick {
    id: i64,
    title: String,
    price: String,
    href: String,
}

struct Offer {
    id: i64,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "admin/partner.html")]
struct DetailPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    slug: String,
    visit: String,
    name: String,
    since: String,
    /// Their products this shop shows, and the ones to pick from (the search's page).
    shown: Vec<Pick>,
    picks: Vec<Pick>,
    q: String,
    prev: Option<String>,
    next: Option<String>,
    /// This shop's codes it may offer them.
    offers: Vec<Offer>,
    /// What they offer this shop's shoppers.
    their_offer: Option<String>,
    max_shown: usize,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DetailQuery {
    q: String,
    page: Option<i64>,
    done: Option<String>,
}

const PICKS_PER_PAGE: i64 = 12;

async fn detail_page(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    slug: &str,
    q: &DetailQuery,
    error: Option<String>,
) -> AppResult<DetailPage> {
    let p = partnership(st, a, slug).await?;
    if p.state != PartnerState::Active.as_str() {
        return Err(AppError::NotFound);
    }
    let their_shop = {
        let mut conn = st.store.reader().await?;
        store::shop::by_id(&mut conn, store::id::ShopId(p.partner_id)).await?
    };
    let there = Tenant {
        shop: std::sync::Arc::new(their_shop),
        base: format!("/s/{}", p.slug),
    };
    let lang = c.lang.as_str();
    let (chosen, their_row, tax) = {
        let mut conn = st.store.reader().await?;
        let chosen = store::partner::products(&mut conn, a.shop_id(), p.partner_id).await?;
        let theirs = store::partner::get(&mut conn, there.id(), a.tenant.shop.id).await?;
        let taxes = app::checkout::tax_profiles(&mut conn, &[p.partner_id])
            .await
            .map_err(super::shipping::app_error)?;
        (chosen, theirs, taxes.get(&p.partner_id).copied())
    };
    // Their prices as their pages show them.
    let pick = |card: &store::listing::Card| {
        let class = domain::catalog::VatClass::parse(&card.vat_class)
            .unwrap_or(domain::catalog::VatClass::Standard);
        let shown = tax.map_or(card.price_minor, |t| {
            domain::tax::shown_price(&t, class, card.price_minor)
        });
        Pick {
            id: card.id,
            title: card.title.clone(),
            price: money(&there, &c, shown),
            href: format!("{}p/{}", visit(st, &p.slug), card.slug),
        }
    };
    let shown: Vec<Pick> = {
        let mut conn = st.store.reader().await?;
        let pairs: Vec<(i64, i64)> = chosen.iter().map(|id| (p.partner_id, *id)).collect();
        let cards = store::mall::cards(&mut conn, &pairs, lang).await?;
        // One the partner took off sale shows nothing; the seller may take it out.
        chosen
            .iter()
            .map(|id| match cards.iter().find(|f| f.card.id == *id) {
                Some(f) => pick(&f.card),
                None => Pick {
                    id: *id,
                    title: c.t("partner-shown-gone"),
                    price: String::new(),
                    href: visit(st, &p.slug),
                },
            })
            .collect()
    };
    let page = q.page.unwrap_or(1).max(1);
    let text = q.q.trim();
    let found = if text.is_empty() {
        app::search::catalog(&st.store, &there.shop, lang, page, PICKS_PER_PAGE).await?
    } else {
        app::search::products(
            &st.store,
            &st.words,
            &there.shop,
            text,
            lang,
            page,
            PICKS_PER_PAGE,
        )
        .await?
    };
    let picks = found
        .cards
        .iter()
        .filter(|card| !chosen.contains(&card.id))
        .map(pick)
        .collect();
    let pages = ((found.total + PICKS_PER_PAGE - 1) / PICKS_PER_PAGE).max(1);
    let page_url = |n: i64| {
        a.tenant.url(&format!(
            "/admin/partners/{slug}?q={}&page={n}#pick",
            crate::ctx::urlencode(text)
        ))
    };
    let mine = app::partner::offerable(&st.store, &a.tenant.shop).await?;
    let offers = mine
        .iter()
        .map(|o| Offer {
            id: o.id,
            label: format!(
                "{} — {}",
                o.code.clone().unwrap_or_default(),
                super::promotions::gives(&a.tenant, &c, o)
            ),
            selected: p.offer_promotion_id == Some(o.id),
        })
        .collect();
    let their_offer = match their_row.and_then(|r| r.offer_promotion_id) {
        Some(id) => {
            let mut conn = st.store.reader().await?;
            store::promotion::by_id(&mut conn, there.id(), id)
                .await?
                .filter(|o| o.active != 0)
                .and_then(|o| {
                    Some(c.ta(
                        "partner-their-offer",
                        &[
                            ("code", o.code.clone()?),
                            ("gives", super::promotions::gives(&there, &c, &o)),
                        ],
                    ))
                })
        }
        None => None,
    };
    Ok(DetailPage {
        nav: Nav::new(a, "partners").with_flash(flash_text(&c, q.done.as_deref())),
        shop_name: a.tenant.shop.name.clone(),
        slug: slug.to_string(),
        visit: visit(st, slug),
        name: p.name.clone(),
        since: c.t1("partner-since", "date", &day(&c, &a.tenant, p.updated_at)),
        shown,
        picks,
        q: text.to_string(),
        prev: (page > 1).then(|| page_url(page - 1)),
        next: (page < pages).then(|| page_url(page + 1)),
        offers,
        their_offer,
        max_shown: MAX_SHOWN,
        error,
        c,
    })
}

async fn detail(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Query(q): Query<DetailQuery>,
) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    render(detail_page(&st, &a, c, &slug, &q, None).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ShowForm {
    product: String,
    /// "1": show it; anything else: stop showing it.
    show: String,
}

async fn show(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Form(f): Form<ShowForm>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let p = partnership(&st, &a, &slug).await?;
    let product = f
        .product
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::NotFound)?;
    let showing = f.show == "1";
    let done =
        app::partner::choose(&st.store, &a.tenant.shop, p.partner_id, product, showing).await;
    let flash = if showing { "shown" } else { "hidden" };
    answer(&st, &a, c, &slug, done, flash).await
}

/// The partner's page again after a change: with `flash` when it was made, with the refusal's
/// message (a 422) when it was not.
async fn answer(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    slug: &str,
    done: app::Result<()>,
    flash: &str,
) -> AppResult<Response> {
    match done {
        Ok(()) => Ok(Redirect::to(
            &a.tenant
                .url(&format!("/admin/partners/{slug}?done={flash}")),
        )
        .into_response()),
        Err(app::Error::Refused(e)) => {
            let message = c.err(&e);
            let page = detail_page(st, a, c, slug, &DetailQuery::default(), Some(message)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OfferForm {
    promotion: String,
}

async fn offer(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Form(f): Form<OfferForm>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let p = partnership(&st, &a, &slug).await?;
    let promotion = match f.promotion.trim() {
        "" => None,
        id => Some(id.parse::<i64>().map_err(|_| AppError::NotFound)?),
    };
    let done = app::partner::set_offer(&st.store, &a.tenant.shop, p.partner_id, promotion).await;
    answer(&st, &a, c, &slug, done, "offer").await
}
