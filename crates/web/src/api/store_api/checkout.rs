//! `POST /carts/{cart}/checkout`: the order of a guest cart, placed by the checkout's own use
//! cases (`place_order`, which queues the confirmation
//! e-mail in the same transaction). The client names each attempt with an `Idempotency-Key`:
//! the same key on the same cart gives the same order (201 the first time, 200 after).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::json;

use app::cart::Owner;
use app::checkout::{Address, Draft, Placed};

use super::{id, Api, ApiResult};
use crate::extract::Path;
use crate::mail::{Confirmation, Mail};
use crate::state::AppState;

/// The longest idempotency key a client may send.
const KEY_MAX: usize = 200;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AddressIn {
    name: String,
    line1: String,
    line2: String,
    postal_code: String,
    city: String,
    country: String,
    phone: String,
    /// A business buyer's company and VAT number, for its invoice.
    company: String,
    vat_number: String,
}

/// Every member is optional to serde: what is missing is named, with its message, in one 422.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CheckoutIn {
    email: String,
    shipping_address: AddressIn,
    shipping_method: Option<String>,
    payment_method: Option<String>,
    /// A discount code (none: only the shop's automatic promotions).
    discount_code: String,
    accept_terms: bool,
    /// Where the shopper came from, as the storefront saw it on their arrival.
    source: Option<SourceIn>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SourceIn {
    utm_source: Option<String>,
    utm_medium: Option<String>,
    utm_campaign: Option<String>,
    referrer: Option<String>,
}

/// The source a headless storefront reports, classified by the shop's one rule, as of today.
fn touch_of(s: &SourceIn, shop: &store::shop::Shop) -> domain::growth::source::Touch {
    use domain::growth::source::{arrival, Arrival, Landing, Source, Touch};
    let found = arrival(&Landing {
        utm_source: s.utm_source.as_deref(),
        utm_medium: s.utm_medium.as_deref(),
        utm_campaign: s.utm_campaign.as_deref(),
        referrer: s.referrer.as_deref(),
        ..Landing::default()
    });
    Touch {
        source: match found {
            Arrival::Visit(source) => source,
            Arrival::Internal => Source::direct(),
        },
        day: app::calendar::day_of(store::now(), app::calendar::shop_tz(&shop.timezone)),
    }
}

/// The client's key for this attempt: 1 to 200 visible ASCII characters.
fn client_key(headers: &HeaderMap) -> Option<&str> {
    let k = headers.get("idempotency-key")?.to_str().ok()?.trim();
    let ok = !k.is_empty() && k.len() <= KEY_MAX && k.bytes().all(|b| b.is_ascii_graphic());
    ok.then_some(k)
}

pub async fn place(
    State(st): State<AppState>,
    api: Api,
    headers: HeaderMap,
    Path((_, cart)): Path<(String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    if !app::cart::well_formed(&cart) {
        return Err(api.no_cart());
    }
    let token = cart.to_ascii_lowercase();
    let Some(key) = client_key(&headers) else {
        return Err(api
            .problem(StatusCode::BAD_REQUEST, "key-required", "api-key-required")
            .into());
    };
    let input: CheckoutIn = api.body(&headers, body)?;
    let a = input.shipping_address;
    let d = Draft {
        email: input.email.trim().to_string(),
        address: Address {
            name: a.name.trim().to_string(),
            line1: a.line1.trim().to_string(),
            line2: a.line2.trim().to_string(),
            postal_code: a.postal_code.trim().to_string(),
            city: a.city.trim().to_string(),
            country: a.country.trim().to_ascii_uppercase(),
            phone: a.phone.trim().to_string(),
            company: a.company.trim().to_string(),
            vat_number: a.vat_number.trim().to_string(),
        },
        shipping_method: input.shipping_method.filter(|s| !s.trim().is_empty()),
        payment_method: input.payment_method.filter(|s| !s.trim().is_empty()),
        code: input.discount_code.trim().to_uppercase(),
    };
    let fields: Vec<(String, domain::ValidationError)> = app::checkout::check_draft(&d)
        .into_iter()
        .map(|(f, e)| {
            let f = if f == "email" {
                f.to_string()
            } else {
                format!("shipping_address.{f}")
            };
            (f, e)
        })
        .collect();
    if !fields.is_empty() {
        return Err(api.invalid(&fields).into());
    }
    let owner = Owner::guest(Some(&token));
    let touch = input.source.as_ref().map(|s| touch_of(s, api.shop()));
    let placing = app::checkout::Placing {
        owner,
        idempotency_key: &app::headless::order_key(&token, key),
        accept_terms: input.accept_terms,
        lang: api.lang.as_str(),
        link_key: &st.order_link_key,
        touch: touch.as_ref(),
    };
    let home = format!(
        "{}{}",
        crate::storefront::origin(&st, &api.t, &headers),
        api.t.base
    );
    let root = format!(
        "{home}{}",
        crate::tenant::lang_prefix(api.shop(), api.lang.as_str())
    );
    let i18n = st.i18n.clone();
    let lang = api.lang;
    let brand = crate::mail::Brand::of(api.shop(), &home);
    let placed = app::checkout::place_order(&st.store, api.shop(), &d, &placing, |p| {
        Mail {
            i18n: &i18n,
            lang,
            brand: &brand,
        }
        .order_placed(&Confirmation {
            placed: p,
            timezone: &api.shop().timezone,
            link: &format!("{root}/orders/{}", p.link_token),
            details: String::new(),
        })
    })
    .await;
    match placed {
        Ok(p) => {
            let status = if p.new {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            let mut body = order_json(&api, &p, &root);
            if p.order.payment_method == domain::order::PaymentMethod::Card.as_str() {
                body["payment"] = card_payment(&st, &api, &p, &root).await;
            }
            Ok((status, axum::Json(body)).into_response())
        }
        // No cart (it may also have become the order of another key): 404, an empty one 422.
        Err(app::Error::Refused(e)) if e.code == "checkout-cart-empty" => {
            match app::cart::exists(&st.store, api.shop(), owner).await {
                Ok(false) => Err(api.no_cart()),
                Ok(true) => Err(api.fail(app::Error::Refused(e))),
                Err(e) => Err(api.fail(e)),
            }
        }
        Err(e) => Err(api.fail(e)),
    }
}

/// What a front end needs to have the card paid with stripe.js (`confirmCardPayment` with the
/// client secret, then the shopper sent to `return_url`, where the server asks Stripe). The
/// payment is started once per order: the same request sent again gets the same one. When
/// Stripe cannot be reached, the order stands and `error` says so: sending the request again
/// (same key) asks again.
async fn card_payment(st: &AppState, api: &Api, p: &Placed, root: &str) -> serde_json::Value {
    let order_url = format!("{root}/orders/{}", p.link_token);
    if p.order.status != domain::order::OrderStatus::AwaitingPayment.as_str() {
        return json!({ "status": p.order.status });
    }
    let return_url = format!("{order_url}/card");
    let webhook = format!("{}/hooks/mollie", root_of_shop(root, api));
    let back = app::payment::Back {
        page: &return_url,
        webhook: &webhook,
    };
    let started =
        app::payment::start_card(&st.store, &st.payments, api.shop(), &p.order.number, back).await;
    match started {
        Ok(s) if s.provider == app::payment::STRIPE => {
            let cur = domain::money::Currency::parse(&s.currency).unwrap_or(api.currency());
            json!({
                "provider": s.provider,
                "publishable_key": s.publishable_key,
                "client_secret": s.client_secret,
                "amount": super::amount(s.amount_minor, cur),
                "stripe_js": st.config.stripe_js,
                "return_url": return_url,
            })
        }
        Ok(s) => {
            let cur = domain::money::Currency::parse(&s.currency).unwrap_or(api.currency());
            json!({
                "provider": s.provider,
                "checkout_url": s.checkout_url,
                "amount": super::amount(s.amount_minor, cur),
                "return_url": return_url,
            })
        }
        Err(app::Error::Refused(e)) => json!({
            "error": {"code": e.code, "detail": st.i18n.error(api.lang, &e)},
        }),
        Err(e) => {
            tracing::error!(error = %e, "card payment start (store API)");
            let e = domain::ValidationError::new("payment-provider-unreachable");
            json!({
                "error": {"code": e.code, "detail": st.i18n.error(api.lang, &e)},
            })
        }
    }
}

/// The shop's own address (no language prefix), from the root of its pages in `api`'s language.
fn root_of_shop<'a>(root: &'a str, api: &Api) -> &'a str {
    let prefix = crate::tenant::lang_prefix(api.shop(), api.lang.as_str());
    root.strip_suffix(prefix.as_str()).unwrap_or(root)
}

fn order_json(api: &Api, p: &Placed, root: &str) -> serde_json::Value {
    let o = &p.order;
    let cur = domain::money::Currency::parse(&o.currency).unwrap_or(api.currency());
    let amount = |m: i64| super::amount(m, cur);
    json!({
        "number": o.number,
        "status": o.status,
        "currency": o.currency,
        "subtotal": amount(o.subtotal_minor),
        "discount": amount(o.discount_minor),
        "promotions": o.promotions.lines().collect::<Vec<_>>(),
        "shipping": amount(o.shipping_minor),
        "vat": amount(o.vat_minor),
        "total": amount(o.total_minor),
        "payment_method": o.payment_method,
        "shipping_method": o.shipping_method,
        "email": o.email,
        "lines": p.lines.iter().map(|l| json!({
            "variant_id": l.variant_id.map(|v| id(v.get())),
            "sku": l.sku,
            "title": l.title,
            "options": l.options,
            "quantity": l.quantity,
            "unit_price": amount(l.unit_minor),
            "total": amount(l.total_minor),
            "discount": amount(l.discount_minor),
        })).collect::<Vec<_>>(),
        "order_url": format!("{root}/orders/{}", p.link_token),
    })
}
