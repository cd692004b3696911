//! Checkout as French law wants it: address, delivery, payment method on one form; a recap where
//! each can be corrected, with the pre-contract information (total with taxes, delivery cost,
//! the 14-day withdrawal right and what it does not cover) and the shop's terms to accept; a
//! button that says the order obliges to pay. Then the order's own page, reached through an
//! unguessable link. Every rule is `app::checkout`'s.

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::catalog::product::ProductKind;
use domain::order::PaymentMethod;
use serde::Deserialize;

use app::checkout::{Address, Draft, Quote};

use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use crate::forms::Errors;
use crate::gifts::GiftBox;
use crate::mail::{Confirmation, Mail};
use crate::state::AppState;
use crate::storefront::{money, origin};
use crate::tenant::Tenant;

use super::cart::internal;
use super::Who;
use app::cart::Owner;

/// Countries offered in the address form (ISO codes; names from the messages).
pub(super) const COUNTRIES: &[&str] = &[
    "FR", "BE", "CH", "LU", "MC", "DE", "AT", "NL", "IT", "ES", "PT", "IE", "DK", "SE", "FI", "PL",
    "CZ", "GB", "NO", "US", "CA", "JP",
];

pub(super) struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// The country choices of an address form, `selected` (else France) checked.
pub(super) fn country_choices(c: &Ctx, selected: &str) -> Vec<Choice> {
    let selected = if selected.is_empty() { "FR" } else { selected };
    COUNTRIES
        .iter()
        .map(|code| Choice {
            value: code.to_string(),
            label: country_name(c, code),
            checked: *code == selected,
        })
        .collect()
}

struct LineRow {
    title: String,
    details: String,
    quantity: i64,
    total: String,
}

struct Money2 {
    label: String,
    amount: String,
}

#[derive(Template)]
#[template(path = "shopper/checkout.html")]
struct CheckoutPage {
    c: Ctx,
    d: Draft,
    errors: Errors,
    error: Option<String>,
    countries: Vec<Choice>,
    shipping: Vec<Choice>,
    /// Nothing to deliver (downloads, services).
    no_shipping_needed: bool,
    no_delivery: Option<String>,
    payments: Vec<Choice>,
    lines: Vec<LineRow>,
    subtotal: String,
    /// What promotions take off: the total before, a row per promotion, free delivery.
    before: Option<String>,
    discounts: Vec<(String, String)>,
    free_shipping: Option<String>,
    /// A guest (offered to sign in) or a customer (offered their address book).
    signed_in: bool,
    /// The customer's saved addresses: id and one line.
    book: Vec<Choice>,
    /// A gift's recipients (then each parcel has its own delivery method).
    gifts: Vec<GiftBox>,
}

#[derive(Template)]
#[template(path = "shopper/review.html")]
struct ReviewPage {
    c: Ctx,
    error: Option<String>,
    lines: Vec<LineRow>,
    subtotal: String,
    /// What promotions take off (a row per promotion), free delivery, and the code's refusal.
    discounts: Vec<(String, String)>,
    free_shipping: Option<String>,
    code_error: Option<String>,
    shipping: Option<Money2>,
    taxes: Vec<Money2>,
    /// The amounts are tax excluded and the VAT comes on top (a shop typing prices "HT").
    vat_added: bool,
    mentions: Vec<String>,
    total: String,
    /// The total in the shopper's chosen currency, and what is charged.
    estimate: Option<super::Estimate>,
    address: Vec<String>,
    email: String,
    payment: String,
    withdrawal: Vec<String>,
    /// One order per key: a double click or a reload gives the same order.
    key: String,
    cgv: String,
    gifts: Vec<GiftBox>,
}

pub(crate) fn country_name(c: &Ctx, code: &str) -> String {
    let id = format!("country-{}", code.to_ascii_lowercase());
    let name = c.t(&id);
    if name == id {
        code.to_string()
    } else {
        name
    }
}

/// The cart's lines; with `shown`, at the prices the storefront shows (tax included at home),
/// else as the order is priced.
fn line_rows(t: &Tenant, c: &Ctx, q: &Quote, shown: Option<&app::cart::Shown>) -> Vec<LineRow> {
    q.cart
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let v = &l.view;
            let opts: Vec<&str> = [&v.option1, &v.option2, &v.option3]
                .iter()
                .filter_map(|o| o.as_deref())
                .filter(|o| !o.trim().is_empty())
                .collect();
            LineRow {
                title: v.title.clone(),
                details: opts.join(" / "),
                quantity: v.quantity,
                total: money(
                    t,
                    c,
                    shown
                        .and_then(|s| s.lines.get(i))
                        .map_or(l.total_minor, |x| x.1),
                ),
            }
        })
        .collect()
}

/// The VAT rows of a recap: "of which VAT at 20 %" in a tax-included total, "VAT at 20 %"
/// when it comes on top.
fn vat_row(c: &Ctx, rate_bp: f64, added: bool) -> String {
    crate::mail::vat_label(&c.i18n, c.lang, rate_bp, added)
}

fn root(c: &Ctx) -> String {
    c.shop_root().to_string()
}

async fn form_page(
    st: &AppState,
    t: &Tenant,
    c: Ctx,
    who: &Who,
    d: Draft,
    errors: Errors,
    error: Option<String>,
) -> AppResult<Response> {
    let book = match &who.customer {
        Some(cu) => app::customer::addresses(&st.store, t.id(), cu.id)
            .await
            .map_err(internal)?
            .iter()
            .map(|a| Choice {
                value: a.id.to_string(),
                label: format!("{}, {}, {} {}", a.name, a.line1, a.postal_code, a.city),
                checked: app::customer::address_of(a) == d.address,
            })
            .collect(),
        None => Vec::new(),
    };
    let Some(q) = app::checkout::quote(&st.store, &t.shop, who.owner(), &d, c.lang.as_str())
        .await
        .map_err(internal)?
        .filter(|q| !q.cart.lines.is_empty())
    else {
        return Ok(Redirect::to(&format!("{}/cart", root(&c))).into_response());
    };
    let status = if errors.is_empty() && error.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let country = if d.address.country.is_empty() {
        "FR".to_string()
    } else {
        d.address.country.clone()
    };
    // Before the recap, prices as the storefront shows them (tax included at home).
    let tax = st.shop_data.get(&st.store, &t.shop).await?.tax;
    let shown = app::cart::shown(&q.cart, &tax, &q.discount.lines);
    let (discounts, free_shipping) =
        super::cart::discount_rows(t, &c, &q.discount, shown.discount_minor);
    let page = CheckoutPage {
        before: (shown.discount_minor > 0)
            .then(|| money(t, &c, shown.subtotal_minor + shown.discount_minor)),
        discounts,
        free_shipping,
        countries: COUNTRIES
            .iter()
            .map(|code| Choice {
                value: code.to_string(),
                label: country_name(&c, code),
                checked: *code == country,
            })
            .collect(),
        shipping: q
            .offers
            .iter()
            .flatten()
            .map(|o| Choice {
                value: o.key.clone(),
                label: if o.free {
                    c.t1("checkout-shipping-free", "name", &o.name)
                } else {
                    let price = app::cart::shown_shipping(&q.cart, &tax, o.price_minor);
                    format!("{} — {}", o.name, money(t, &c, price))
                },
                checked: d.shipping_method.as_deref() == Some(o.key.as_str()),
            })
            .collect(),
        no_shipping_needed: q.offers.is_none(),
        no_delivery: q.no_delivery.as_ref().map(|e| c.err(e)),
        payments: q
            .payment_methods
            .iter()
            .map(|m| Choice {
                value: m.clone(),
                label: c.t(&format!("checkout-pay-{m}")),
                checked: d.payment_method.as_deref() == Some(m.as_str()),
            })
            .collect(),
        lines: line_rows(t, &c, &q, Some(&shown)),
        subtotal: money(t, &c, shown.subtotal_minor),
        gifts: crate::gifts::quoted(&c, &q),
        signed_in: who.customer.is_some(),
        book,
        d,
        errors,
        error,
        c,
    };
    let html = page.render().map_err(|e| AppError::Internal(e.into()))?;
    Ok((status, private(), Html(html)).into_response())
}

pub(super) fn private() -> [(header::HeaderName, &'static str); 2] {
    [
        (header::CACHE_CONTROL, "private, no-store"),
        (header::HeaderName::from_static("x-robots-tag"), "noindex"),
    ]
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    /// One of the customer's saved addresses, to fill the form with.
    address: Option<i64>,
}

/// The checkout form (with one of the customer's saved addresses, when they picked one).
pub async fn page(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    who: Who,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let mut d = app::checkout::draft(&st.store, &t.shop, who.owner())
        .await
        .map_err(internal)?;
    if let (Some(id), Some(cu)) = (q.address, &who.customer) {
        let book = app::customer::addresses(&st.store, t.id(), cu.id)
            .await
            .map_err(internal)?;
        if let Some(a) = book.iter().find(|a| a.id == id) {
            d.address = app::customer::address_of(a);
        }
    }
    form_page(&st, &t, c, &who, d, Errors::default(), None).await
}

#[derive(Deserialize)]
pub struct CheckoutForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    line1: String,
    #[serde(default)]
    line2: String,
    #[serde(default)]
    postal_code: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    company: String,
    #[serde(default)]
    vat_number: String,
    shipping: Option<String>,
    payment: Option<String>,
    /// "This is a gift": on to the recipients' form.
    gift: Option<String>,
}

/// Saves the form with the cart; to the recap when it is complete, else back with what is
/// missing.
pub async fn save(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    who: Who,
    Form(f): Form<CheckoutForm>,
) -> AppResult<Response> {
    let d = Draft {
        email: f.email.trim().to_string(),
        address: Address {
            name: f.name.trim().to_string(),
            line1: f.line1.trim().to_string(),
            line2: f.line2.trim().to_string(),
            postal_code: f.postal_code.trim().to_string(),
            city: f.city.trim().to_string(),
            country: f.country.trim().to_ascii_uppercase(),
            phone: f.phone.trim().to_string(),
            company: f.company.trim().to_string(),
            vat_number: f.vat_number.trim().to_string(),
        },
        shipping_method: f.shipping.filter(|s| !s.is_empty()),
        payment_method: f.payment.filter(|s| !s.is_empty()),
        // The code entered with the cart stays.
        code: app::checkout::draft(&st.store, &t.shop, who.owner())
            .await
            .map_err(internal)?
            .code,
    };
    match app::checkout::save_draft(&st.store, &t.shop, who.owner(), &d).await {
        Ok(()) => {}
        Err(app::Error::Refused(_)) => {
            return Ok(Redirect::to(&format!("{}/cart", root(&c))).into_response())
        }
        Err(e) => return Err(internal(e)),
    }
    if f.gift.is_some() {
        return Ok(Redirect::to(&format!("{}/checkout/gift", root(&c))).into_response());
    }
    let mut errors = Errors::default();
    for (field, e) in app::checkout::check_draft(&d) {
        errors.add(field, c.err(&e));
    }
    let q = app::checkout::quote(&st.store, &t.shop, who.owner(), &d, c.lang.as_str())
        .await
        .map_err(internal)?;
    if let Some(q) = &q {
        if q.offers.as_ref().is_some_and(|o| !o.is_empty()) && q.chosen.is_none() {
            errors.add("shipping", c.t("err-checkout-shipping-required"));
        }
        let pay_ok = d
            .payment_method
            .as_deref()
            .is_some_and(|m| q.payment_methods.iter().any(|x| x == m));
        if !pay_ok {
            let cash = d.payment_method.as_deref() == Some(PaymentMethod::PickupCash.as_str());
            errors.add(
                "payment",
                c.t(if cash {
                    "err-order-cash-needs-pickup"
                } else {
                    "err-checkout-payment-required"
                }),
            );
        }
    }
    if errors.is_empty() && q.as_ref().is_some_and(Quote::ready) {
        return Ok(Redirect::to(&format!("{}/checkout/review", root(&c))).into_response());
    }
    let summary = (!errors.is_empty()).then(|| c.t("checkout-fix-fields"));
    form_page(&st, &t, c, &who, d, errors, summary).await
}

fn address_lines(c: &Ctx, a: &Address) -> Vec<String> {
    [
        a.name.clone(),
        a.line1.clone(),
        a.line2.clone(),
        format!("{} {}", a.postal_code, a.city),
        country_name(c, &a.country),
        a.phone.clone(),
    ]
    .into_iter()
    .filter(|l| !l.trim().is_empty())
    .collect()
}

async fn review_page(
    st: &AppState,
    t: &Tenant,
    c: Ctx,
    owner: Owner<'_>,
    error: Option<String>,
) -> AppResult<Response> {
    let d = app::checkout::draft(&st.store, &t.shop, owner)
        .await
        .map_err(internal)?;
    let q = app::checkout::quote(&st.store, &t.shop, owner, &d, c.lang.as_str())
        .await
        .map_err(internal)?;
    let Some(q) = q.filter(|q| !q.cart.lines.is_empty()) else {
        return Ok(Redirect::to(&format!("{}/cart", root(&c))).into_response());
    };
    if !q.ready() || !app::checkout::check_draft(&d).is_empty() {
        return Ok(Redirect::to(&format!("{}/checkout", root(&c))).into_response());
    }
    let Some(tax) = q.tax.clone() else {
        return Ok(Redirect::to(&format!("{}/checkout", root(&c))).into_response());
    };
    let kinds: Vec<ProductKind> = q.cart.lines.iter().filter_map(|l| l.kind).collect();
    let data = st.shop_data.get(&st.store, &t.shop).await?;
    let status = domain::legal::LegalStatus::parse(&data.legal.status)
        .unwrap_or(domain::legal::LegalStatus::IndividualEntrepreneur);
    let estimate = super::estimate(t, &c, &data.rates, q.total_minor);
    let (discounts, free_shipping) =
        super::cart::discount_rows(t, &c, &q.discount, q.discount.goods_minor());
    let page = ReviewPage {
        discounts,
        free_shipping,
        code_error: q
            .discount
            .code_blocks()
            .map(|e| crate::storefront::promotion_text(t, &c, e)),
        error,
        lines: line_rows(t, &c, &q, None),
        subtotal: money(t, &c, q.cart.subtotal_minor),
        shipping: gift_shipping(t, &c, &q).or_else(|| {
            q.chosen.as_ref().map(|o| Money2 {
                label: o.name.clone(),
                amount: money(t, &c, o.price_minor),
            })
        }),
        gifts: crate::gifts::quoted(&c, &q),
        taxes: tax
            .per_rate
            .iter()
            .filter(|r| r.vat_minor != 0)
            .map(|r| Money2 {
                label: vat_row(&c, f64::from(r.rate_bp), !tax.amounts_include_tax),
                amount: money(t, &c, r.vat_minor),
            })
            .collect(),
        vat_added: !tax.amounts_include_tax,
        mentions: tax.mentions.iter().map(|m| m.to_string()).collect(),
        total: money(t, &c, q.total_minor),
        estimate,
        address: address_lines(&c, &d.address),
        email: d.email.clone(),
        payment: d
            .payment_method
            .as_deref()
            .map(|m| c.t(&format!("checkout-pay-{m}")))
            .unwrap_or_default(),
        withdrawal: if status.consumer_law_applies() {
            withdrawal_notes(&c, &kinds)
        } else {
            // A private seller says so plainly: no withdrawal right, no VAT.
            vec![c.t("checkout-private-seller")]
        },
        key: store::new_token().0,
        cgv: format!("{}/pages/cgv", root(&c)),
        c,
    };
    let html = page.render().map_err(|e| AppError::Internal(e.into()))?;
    let status = if page_has_error(&html) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, private(), Html(html)).into_response())
}

/// A gift's delivery on the recap: its parcels' methods and their prices added up.
fn gift_shipping(t: &Tenant, c: &Ctx, q: &Quote) -> Option<Money2> {
    let g = q.gift.as_ref()?;
    let mut names: Vec<&str> = Vec::new();
    for o in g.parcels.iter().filter_map(|p| p.chosen.as_ref()) {
        if !names.contains(&o.name.as_str()) {
            names.push(&o.name);
        }
    }
    let label = if g.parcels.len() > 1 {
        c.i18n.ta(
            c.lang,
            "gift-parcels-shipping",
            &[
                ("count", g.parcels.len().to_string()),
                ("names", names.join(", ")),
            ],
        )
    } else {
        names.join(", ")
    };
    Some(Money2 {
        label,
        amount: money(t, c, g.shipping_minor),
    })
}

fn page_has_error(html: &str) -> bool {
    html.contains("role=\"alert\"")
}

/// The 14-day withdrawal right (or that none of the cart's products has it), and the
/// exceptions the cart's products fall under.
fn withdrawal_notes(c: &Ctx, kinds: &[ProductKind]) -> Vec<String> {
    use domain::catalog::product::WithdrawalException as W;
    use domain::order::withdrawal::{right, Right};
    let (lead, reasons) = match right(true, kinds.iter().map(|k| k.withdrawal_exception())) {
        Right::AllExcepted(reasons) => ("checkout-withdrawal-none", reasons),
        Right::Applies { excepted } => ("checkout-withdrawal-right", excepted),
        Right::PrivateSeller => ("checkout-withdrawal-right", Vec::new()),
    };
    let mut notes = vec![c.t(lead)];
    for r in reasons {
        notes.push(c.t(match r {
            W::Perishable => "checkout-withdrawal-perishable",
            W::DigitalContent => "checkout-withdrawal-digital",
            W::Service => "checkout-withdrawal-service",
        }));
    }
    notes
}

/// The recap.
pub async fn review(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    who: Who,
) -> AppResult<Response> {
    review_page(&st, &t, c, who.owner(), None).await
}

#[derive(Deserialize)]
pub struct PlaceForm {
    #[serde(default)]
    key: String,
    accept_terms: Option<String>,
}

/// "Commander avec obligation de paiement".
pub async fn place(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    who: Who,
    Form(f): Form<PlaceForm>,
) -> AppResult<Response> {
    let d = app::checkout::draft(&st.store, &t.shop, who.owner())
        .await
        .map_err(internal)?;
    let base = origin(&st, &t, &headers);
    let root = root(&c);
    let lang = c.lang;
    let i18n = st.i18n.clone();
    let brand = crate::mail::Brand::of(&t.shop, &format!("{base}{}", t.base));
    let shop_lang = domain::locale::Lang::parse(&t.shop.default_lang).unwrap_or(lang);
    let sender = d.address.name.clone();
    let touch = crate::attribution::touch(&st, t.id(), &headers);
    let placing = app::checkout::Placing {
        owner: who.owner(),
        idempotency_key: &f.key,
        accept_terms: f.accept_terms.is_some(),
        lang: lang.as_str(),
        link_key: &st.order_link_key,
        touch: touch.as_ref(),
    };
    let done = app::checkout::place_order(&st.store, &t.shop, &d, &placing, |p| {
        let confirmation = Mail {
            i18n: &i18n,
            lang,
            brand: &brand,
        }
        .order_placed(&Confirmation {
            placed: p,
            timezone: &t.shop.timezone,
            link: &format!("{base}{root}/orders/{}", p.link_token),
            details: crate::gifts::as_text(&c, &crate::gifts::recorded(&c, &p.parcels)),
        });
        // Each recipient's note, in the shop's language, kept until the order ships.
        let note = Mail {
            i18n: &i18n,
            lang: shop_lang,
            brand: &brand,
        };
        let notes = p
            .parcels
            .iter()
            .filter_map(|x| {
                let to = x.notify_email.as_deref()?;
                let date = x
                    .deliver_on
                    .as_deref()
                    .map(|d| crate::gifts::stored_date(shop_lang, d));
                Some((
                    x.position,
                    note.gift_note(to, &sender, date.as_deref(), &x.message),
                ))
            })
            .collect();
        app::checkout::PlacedMail {
            confirmation,
            notes,
        }
    })
    .await;
    match done {
        Ok(p) => {
            let mut res = Redirect::to(&format!("{root}/orders/{}", p.link_token)).into_response();
            // The cart is gone: the count on cached pages goes with it.
            res.headers_mut().append(
                header::SET_COOKIE,
                super::cart::count_cookie(&st, &headers, &t, 0),
            );
            Ok(res)
        }
        // Terms not accepted: the recap again. Anything else (stock gone, a hold lapsed, the
        // cart changed): the cart, which shows what to fix.
        Err(app::Error::Refused(e)) if e.code == "checkout-terms-required" => {
            let text = c.err(&e);
            review_page(&st, &t, c, who.owner(), Some(text)).await
        }
        Err(app::Error::Refused(e)) => {
            let text = crate::storefront::promotion_text(&t, &c, &e);
            let (_, html) = super::cart::render(&st, &t, c, who.owner(), Some(text)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, private(), html).into_response())
        }
        Err(e) => Err(internal(e)),
    }
}

#[derive(Template)]
#[template(path = "shopper/order.html")]
struct OrderPage {
    c: Ctx,
    number: String,
    status: String,
    lines: Vec<LineRow>,
    subtotal: String,
    /// What promotions took off, with their names.
    discount: Option<Money2>,
    shipping: Option<Money2>,
    taxes: Vec<Money2>,
    /// The amounts are tax excluded and the VAT comes on top (a shop typing prices "HT").
    vat_added: bool,
    mentions: Vec<String>,
    total: String,
    address: Vec<String>,
    payment: String,
    /// What to do to pay (bank details and reference, cheque payee…).
    instructions: Vec<String>,
    /// The withdrawal function's link (while it is open), or when the request was received.
    withdraw_href: Option<String>,
    withdrawn_on: Option<String>,
    gifts: Vec<GiftBox>,
    /// Paying by card, while the order waits for it; or authorising a rental's deposit.
    card: Option<super::pay::CardBox>,
    /// Where the rental's deposit stands, once authorised.
    deposit_note: Option<String>,
    /// The order's invoice and credit notes.
    documents: Vec<crate::invoices::DocLink>,
    /// Once it reached its buyer, each product to review: its title, and the form's address
    /// (none once reviewed); and whether a review was just published.
    reviews: Vec<(String, Option<String>)>,
    reviewed: bool,
}

#[derive(Deserialize, Default)]
pub struct OrderQuery {
    /// `pending`: back from stripe.js, Stripe has not confirmed yet.
    #[serde(default)]
    card: String,
    /// Back from publishing a review.
    #[serde(default)]
    reviewed: Option<String>,
}

/// An order's page, through its link.
pub async fn order(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Path((_, link)): Path<(String, String)>,
    Query(q): Query<OrderQuery>,
) -> AppResult<Response> {
    let Some((o, lines)) = app::checkout::order_by_link(&st.store, &t.shop, &link)
        .await
        .map_err(internal)?
    else {
        return Err(AppError::NotFound);
    };
    let standing = app::withdrawal::standing(&st.store, &t.shop, &o, lines.clone(), store::now())
        .await
        .map_err(internal)?;
    let address: Address = serde_json::from_str(&o.billing_address).unwrap_or_default();
    let taxes: Vec<serde_json::Value> = serde_json::from_str(&o.taxes).unwrap_or_default();
    // Orders of a shop typing prices tax excluded say so in their VAT rows (older orders were
    // all tax included).
    let vat_added = taxes.iter().any(|r| r["added"].as_bool() == Some(true));
    let total = money(&t, &c, o.total_minor);
    let mut instructions = Vec::new();
    let gifts = {
        let mut conn = st.store.reader().await?;
        let slips = app::gift::slips(&mut conn, t.id(), &o)
            .await
            .map_err(internal)?;
        crate::gifts::placed(&c, &slips)
    };
    if o.status == "awaiting_payment" {
        let mut conn = st.store.reader().await?;
        let methods = store::payment::list(&mut conn, t.id()).await?;
        let settings = |code: &str| -> serde_json::Value {
            methods
                .iter()
                .find(|m| m.code == code)
                .and_then(|m| serde_json::from_str(&m.settings).ok())
                .unwrap_or_default()
        };
        let get = |v: &serde_json::Value, k: &str| {
            v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string()
        };
        match o.payment_method.as_str() {
            "bank_transfer" => {
                let b = settings("bank_transfer");
                let iban = domain::payment::Iban::parse(&get(&b, "iban"))
                    .map(|i| i.formatted())
                    .unwrap_or_else(|_| get(&b, "iban"));
                instructions.push(c.i18n.ta(
                    c.lang,
                    "order-pay-transfer",
                    &[
                        ("amount", total.clone()),
                        ("holder", get(&b, "holder")),
                        ("iban", iban),
                        ("bic", get(&b, "bic")),
                        ("reference", o.number.clone()),
                    ],
                ));
            }
            "cheque" => {
                let legal = store::legal::get(&mut conn, t.id()).await?;
                instructions.push(c.i18n.ta(
                    c.lang,
                    "order-pay-cheque",
                    &[
                        ("amount", total.clone()),
                        (
                            "payee",
                            if legal.legal_name.is_empty() {
                                t.shop.name.clone()
                            } else {
                                legal.legal_name.clone()
                            },
                        ),
                        (
                            "address",
                            format!("{}, {} {}", legal.address, legal.postal_code, legal.city),
                        ),
                        ("reference", o.number.clone()),
                    ],
                ));
                // This page is the order form ("bon de commande") to send with the cheque.
                instructions.push(c.t("order-print-form"));
            }
            "pickup_cash" => {
                instructions.push(c.t1("order-pay-pickup", "amount", &total));
            }
            _ => {}
        }
    }
    let address_lines = address_lines(&c, &address);
    let urls = super::pay::PayUrls::new(&st, &t, &headers, &format!("{}/orders/{link}", root(&c)));
    let pending = q.card == "pending";
    let deposit = app::payment::order_deposit(&st.store, t.id(), &o)
        .await
        .map_err(internal)?;
    let mut deposit_note = None;
    let card = if o.payment_method != PaymentMethod::Card.as_str() {
        None
    } else if o.status == "awaiting_payment" {
        let b = super::pay::card_box(&st, &t, &c, &o, &urls, pending, None);
        Some(b.await)
    } else {
        use app::payment::Deposit;
        match deposit {
            Deposit::Due { amount_minor } => {
                let amount = Some(money(&t, &c, amount_minor));
                let b = super::pay::card_box(&st, &t, &c, &o, &urls, pending, amount);
                Some(b.await)
            }
            Deposit::Held { amount_minor } => {
                deposit_note =
                    Some(c.t1("pay-deposit-held", "amount", &money(&t, &c, amount_minor)));
                None
            }
            Deposit::Settled { taken_minor: 0 } => {
                deposit_note = Some(c.t("pay-deposit-released"));
                None
            }
            Deposit::Settled { taken_minor } => {
                deposit_note =
                    Some(c.t1("pay-deposit-taken", "amount", &money(&t, &c, taken_minor)));
                None
            }
            Deposit::None => None,
        }
    };
    let documents = crate::invoices::links(
        &st,
        &c,
        t.id(),
        o.id,
        &format!("{}/orders/{link}/invoices", root(&c)),
    )
    .await?;
    let reviews = app::review::pending(&st.store, &t.shop, &o, &lines)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|(product, title, done)| {
            let href = format!("{}/orders/{link}/review/{product}", root(&c));
            (title, (!done).then_some(href))
        })
        .collect();
    let page = OrderPage {
        reviews,
        reviewed: q.reviewed.is_some(),
        card,
        deposit_note,
        documents,
        number: o.number.clone(),
        status: c.t(&format!("order-status-{}", o.status)),
        lines: lines
            .iter()
            .map(|l| LineRow {
                title: l.title.clone(),
                details: l.options.clone(),
                quantity: l.quantity,
                total: money(&t, &c, l.total_minor),
            })
            .collect(),
        subtotal: money(&t, &c, o.subtotal_minor),
        discount: (!o.promotions.is_empty()).then(|| Money2 {
            label: c.t1(
                "cart-discount",
                "name",
                &o.promotions.lines().collect::<Vec<_>>().join(", "),
            ),
            amount: format!("−{}", money(&t, &c, o.discount_minor)),
        }),
        shipping: o.shipping_method.as_ref().map(|_| Money2 {
            label: o.shipping_name.clone(),
            amount: money(&t, &c, o.shipping_minor),
        }),
        taxes: taxes
            .iter()
            .filter(|r| r["vat"].as_i64().unwrap_or(0) != 0)
            .map(|r| Money2 {
                label: vat_row(&c, r["rate_bp"].as_f64().unwrap_or(0.0), vat_added),
                amount: money(&t, &c, r["vat"].as_i64().unwrap_or(0)),
            })
            .collect(),
        vat_added,
        mentions: o
            .mentions
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        total,
        address: address_lines,
        payment: c.t(&format!("checkout-pay-{}", o.payment_method)),
        instructions,
        withdraw_href: standing
            .open
            .then(|| format!("{}/orders/{link}/withdraw", root(&c))),
        withdrawn_on: standing
            .request
            .as_ref()
            .map(|w| super::withdrawal::when(&t, &c, w.requested_at)),
        gifts,
        c,
    };
    let pays_here = page
        .card
        .as_ref()
        .is_some_and(|b| b.error.is_none() && b.checkout.is_none());
    let html = page.render().map_err(|e| AppError::Internal(e.into()))?;
    let mut res = (private(), Html(html)).into_response();
    if pays_here {
        // stripe.js, its frames and its API: on this page only.
        res.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, st.pay_csp.clone());
    }
    Ok(res)
}
