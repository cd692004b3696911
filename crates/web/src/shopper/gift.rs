//! "This is a gift": the checkout's page for the recipients — each one's address, delivery
//! method, date (the picker starts at the earliest date the products and the method allow, and
//! a date that cannot be met is refused with that earliest date), message and e-mail for a
//! note; with several recipients, what each receives. Works without JavaScript: adding and
//! removing a recipient are buttons of the same form. The rules are `app::gift`'s.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use app::cart::Cart;
use app::checkout::Address;
use app::gift::{Gift, ParcelQuote, Recipient, Share};

use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::Form;
use crate::forms::Errors;
use crate::gifts::{date_refusal, long_date};
use crate::state::AppState;
use crate::storefront::money;
use crate::tenant::Tenant;

use super::cart::internal;
use super::checkout::{country_choices, Choice};
use super::Who;

struct ShareField {
    name: String,
    label: String,
    value: i64,
}

struct TextField {
    name: &'static str,
    label: &'static str,
    value: String,
    auto: &'static str,
}

struct RecipientForm {
    text_fields: Vec<TextField>,
    /// "r0", "r1"…: the prefix of this recipient's fields.
    p: String,
    legend: String,
    a: Address,
    email: String,
    message: String,
    date: String,
    /// YYYY-MM-DD: the date picker's minimum.
    min_date: String,
    earliest: Option<String>,
    countries: Vec<Choice>,
    shipping: Vec<Choice>,
    no_delivery: Option<String>,
    shares: Vec<ShareField>,
    errors: Errors,
}

#[derive(Template)]
#[template(path = "shopper/gift.html")]
struct GiftPage {
    c: Ctx,
    error: Option<String>,
    recipients: Vec<RecipientForm>,
    several: bool,
    message_max: usize,
    message_hint: String,
}

fn root(c: &Ctx) -> String {
    c.shop_root().to_string()
}

fn recipient_form(
    t: &Tenant,
    c: &Ctx,
    cart: &Cart,
    i: usize,
    r: &Recipient,
    parcel: Option<&ParcelQuote>,
    several: bool,
) -> RecipientForm {
    let p = format!("r{i}");
    let mut errors = Errors::default();
    let earliest_date = parcel.and_then(|x| x.earliest);
    if let Some(x) = parcel {
        for (field, e) in &x.errors {
            let text = if *field == "date" {
                date_refusal(c, e, earliest_date)
            } else {
                c.err(e)
            };
            errors.add(field, text);
        }
    }
    let offers = parcel.map(|x| x.offers.as_slice()).unwrap_or_default();
    RecipientForm {
        legend: if several {
            c.t1("gift-recipient-n", "n", &(i + 1).to_string())
        } else {
            c.t("gift-recipient")
        },
        text_fields: [
            ("name", "checkout-name", &r.address.name, "name"),
            ("line1", "checkout-line1", &r.address.line1, "address-line1"),
            ("line2", "checkout-line2", &r.address.line2, "address-line2"),
            (
                "postal_code",
                "checkout-postal-code",
                &r.address.postal_code,
                "postal-code",
            ),
            ("city", "checkout-city", &r.address.city, "address-level2"),
        ]
        .into_iter()
        .map(|(name, label, value, auto)| TextField {
            name,
            label,
            value: value.clone(),
            auto,
        })
        .collect(),
        a: r.address.clone(),
        email: r.email.clone(),
        message: r.message.clone(),
        date: r.date.clone(),
        min_date: earliest_date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        earliest: earliest_date.map(|d| long_date(c.lang, d)),
        countries: country_choices(c, &r.address.country),
        shipping: offers
            .iter()
            .map(|o| Choice {
                value: o.key.clone(),
                label: if o.free {
                    c.t1("checkout-shipping-free", "name", &o.name)
                } else {
                    format!("{} — {}", o.name, money(t, c, o.price_minor))
                },
                checked: r.shipping_method.as_deref() == Some(o.key.as_str()),
            })
            .collect(),
        no_delivery: parcel
            .and_then(|x| x.no_delivery.as_ref())
            .map(|e| c.err(e)),
        shares: if several {
            cart.lines
                .iter()
                .map(|l| ShareField {
                    name: format!("{p}_q{}", l.view.line_id),
                    label: c.i18n.ta(
                        c.lang,
                        "gift-share-label",
                        &[
                            ("title", l.view.title.clone()),
                            ("count", l.view.quantity.to_string()),
                        ],
                    ),
                    value: r
                        .shares
                        .iter()
                        .find(|s| s.line == l.view.line_id)
                        .map_or(0, |s| s.quantity),
                })
                .collect()
        } else {
            Vec::new()
        },
        p,
        errors,
    }
}

async fn render(
    st: &AppState,
    t: &Tenant,
    c: Ctx,
    who: &Who,
    gift: Gift,
    show_errors: bool,
) -> AppResult<Response> {
    let Some((cart, q)) = app::gift::quote(&st.store, &t.shop, who.owner(), &gift, c.lang.as_str())
        .await
        .map_err(internal)?
        .filter(|(cart, _)| !cart.lines.is_empty())
    else {
        return Ok(Redirect::to(&format!("{}/cart", root(&c))).into_response());
    };
    let parcels: &[ParcelQuote] = &q.parcels;
    let several = gift.recipients.len() > 1;
    let recipients: Vec<RecipientForm> = gift
        .recipients
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut f = recipient_form(t, &c, &cart, i, r, parcels.get(i), several);
            if !show_errors {
                f.errors = Errors::default();
            }
            f
        })
        .collect();
    let error = if show_errors {
        q.shares_error
            .as_ref()
            .map(|e| c.err(e))
            .or_else(|| Some(c.t("checkout-fix-fields")))
    } else {
        None
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = GiftPage {
        error,
        recipients,
        several,
        message_max: domain::order::gift::MESSAGE_MAX,
        message_hint: c.t1(
            "gift-message-hint",
            "max",
            &domain::order::gift::MESSAGE_MAX.to_string(),
        ),
        c,
    };
    let html = page.render().map_err(|e| AppError::Internal(e.into()))?;
    Ok((status, super::checkout::private(), Html(html)).into_response())
}

/// The recipients' form: the gift kept with the cart, or one blank recipient.
pub async fn page(State(st): State<AppState>, t: Tenant, c: Ctx, who: Who) -> AppResult<Response> {
    let gift = match app::gift::load(&st.store, &t.shop, who.owner())
        .await
        .map_err(internal)?
    {
        Some(g) => g,
        // Not kept until the buyer sends the form: the order is not a gift yet.
        None => Gift {
            recipients: vec![Recipient {
                address: Address {
                    country: "FR".into(),
                    ..Default::default()
                },
                ..Default::default()
            }],
        },
    };
    render(&st, &t, c, &who, gift, false).await
}

/// The gift as posted: `count` recipients, each one's fields prefixed `r{i}_`.
fn gift_from(form: &HashMap<String, String>) -> Gift {
    let get = |k: &str| {
        form.get(k)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let count: usize = get("count")
        .parse()
        .unwrap_or(1)
        .clamp(1, domain::order::gift::MAX_RECIPIENTS);
    let recipients = (0..count)
        .map(|i| {
            let f = |name: &str| get(&format!("r{i}_{name}"));
            let prefix = format!("r{i}_q");
            let mut shares: Vec<Share> = form
                .iter()
                .filter_map(|(k, v)| {
                    let line = k.strip_prefix(&prefix)?.parse().ok()?;
                    let quantity = v.trim().parse().unwrap_or(0);
                    Some(Share { line, quantity })
                })
                .collect();
            shares.sort_by_key(|s| s.line);
            Recipient {
                address: Address {
                    name: f("name"),
                    line1: f("line1"),
                    line2: f("line2"),
                    postal_code: f("postal_code"),
                    city: f("city"),
                    country: f("country").to_ascii_uppercase(),
                    phone: f("phone"),
                    ..Default::default()
                },
                email: f("email"),
                message: form
                    .get(&format!("r{i}_message"))
                    .cloned()
                    .unwrap_or_default(),
                date: f("date"),
                shipping_method: Some(f("shipping")).filter(|s| !s.is_empty()),
                shares,
            }
        })
        .collect();
    Gift { recipients }
}

/// Saves the recipients; "add" and "remove" come back to the form, "not a gift" forgets it,
/// and "continue" goes on to the checkout once every parcel can leave as asked.
pub async fn save(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    who: Who,
    Form(form): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let action = form.get("action").map(String::as_str).unwrap_or("continue");
    let back = format!("{}/checkout/gift", root(&c));
    let mut gift = gift_from(&form);
    let saved = match action {
        "cancel" => app::gift::save(&st.store, &t.shop, who.owner(), None).await,
        "add" => {
            if gift.recipients.len() < domain::order::gift::MAX_RECIPIENTS {
                let country = gift.recipients[0].address.country.clone();
                gift.recipients.push(Recipient {
                    address: Address {
                        country,
                        ..Default::default()
                    },
                    ..Default::default()
                });
            }
            app::gift::save(&st.store, &t.shop, who.owner(), Some(&gift)).await
        }
        a if a.starts_with("remove") => {
            if let Ok(i) = a["remove".len()..].parse::<usize>() {
                if gift.recipients.len() > 1 && i < gift.recipients.len() {
                    gift.recipients.remove(i);
                }
            }
            app::gift::save(&st.store, &t.shop, who.owner(), Some(&gift)).await
        }
        _ => app::gift::save(&st.store, &t.shop, who.owner(), Some(&gift)).await,
    };
    match saved {
        Ok(()) => {}
        Err(app::Error::Refused(_)) => {
            return Ok(Redirect::to(&format!("{}/cart", root(&c))).into_response())
        }
        Err(e) => return Err(internal(e)),
    }
    match action {
        "cancel" => Ok(Redirect::to(&format!("{}/checkout#delivery", root(&c))).into_response()),
        "continue" => {
            let d = app::checkout::draft(&st.store, &t.shop, who.owner())
                .await
                .map_err(internal)?;
            let q = app::checkout::quote(&st.store, &t.shop, who.owner(), &d, c.lang.as_str())
                .await
                .map_err(internal)?;
            let ready = q
                .as_ref()
                .and_then(|q| q.gift.as_ref())
                .is_some_and(|g| g.ready());
            if ready {
                Ok(Redirect::to(&format!("{}/checkout", root(&c))).into_response())
            } else {
                render(&st, &t, c, &who, gift, true).await
            }
        }
        _ => Ok(Redirect::to(&back).into_response()),
    }
}
