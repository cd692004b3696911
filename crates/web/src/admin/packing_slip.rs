//! Shop admin: an order's packing slips, one printable page per parcel (each recipient of a
//! gift, or the buyer): the shop, the recipient, what goes in the parcel and the gift message —
//! never a price. A parcel that leaves the EU's VAT territory also carries the customs data of
//! each line (description, HS code, origin, weight, value) and a reminder of the CN23
//! declaration. Linked from the order's page.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::catalog::details::Details;
use domain::country::{Country, Destination};

use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::gifts::{address_lines, stored_date};
use crate::state::AppState;
use crate::storefront::money;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        &shop_path("/admin/orders/{number}/packing-slip"),
        get(slips),
    )
}

struct Item {
    title: String,
    details: String,
    quantity: i64,
}

struct CustomsRow {
    description: String,
    quantity: i64,
    hs_code: String,
    origin: String,
    weight: String,
    value: String,
}

struct Slip {
    title: String,
    recipient: Vec<String>,
    items: Vec<Item>,
    message: Vec<String>,
    date: Option<String>,
    dispatch: Option<String>,
    shipping: String,
    /// Outside the EU's VAT territory: the declaration's rows and totals.
    customs: Option<(Vec<CustomsRow>, String, String)>,
    missing_customs: bool,
}

#[derive(Template)]
#[template(path = "admin/packing_slip.html")]
struct SlipsPage {
    c: Ctx,
    number: String,
    date: String,
    shop: Vec<String>,
    slips: Vec<Slip>,
    back: String,
}

fn grams(g: i64) -> String {
    format!("{:.3} kg", g as f64 / 1000.0).replace('.', ",")
}

async fn slips(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, number)): Path<(String, String)>,
) -> AppResult<Response> {
    let sid = a.shop_id();
    let t = &a.tenant;
    let mut conn = st.store.reader().await?;
    let o = store::order::by_number(&mut conn, sid, &number)
        .await?
        .ok_or(AppError::NotFound)?;
    let parcels = app::gift::slips(&mut conn, sid, &o).await?;
    let facts = store::gift::line_facts(&mut conn, sid, o.id).await?;
    let legal = store::legal::get(&mut conn, sid).await?;
    let count = parcels.len();
    let slips = parcels
        .iter()
        .map(|p| {
            let country = Country::parse(&p.address.country).unwrap_or(Country::FR);
            let dest = Destination::new(country, &p.address.postal_code);
            let customs = domain::catalog::customs::needs_declaration(&dest).then(|| {
                let mut total_g = 0;
                let mut total_minor = 0;
                let rows: Vec<CustomsRow> = p
                    .lines
                    .iter()
                    .map(|(l, q)| {
                        let f = facts.iter().find(|f| f.position == l.position);
                        let d = Details::from_json(
                            f.and_then(|f| f.details.as_deref()).unwrap_or("{}"),
                        );
                        let g = f.and_then(|f| f.weight_grams).unwrap_or(0) * q;
                        let value = l.unit_minor * q;
                        total_g += g;
                        total_minor += value;
                        CustomsRow {
                            description: l.title.clone(),
                            quantity: *q,
                            hs_code: d.hs_code.unwrap_or_default(),
                            origin: d.origin_country.unwrap_or_default(),
                            weight: grams(g),
                            value: money(t, &c, value),
                        }
                    })
                    .collect();
                (rows, grams(total_g), money(t, &c, total_minor))
            });
            Slip {
                title: if count > 1 {
                    c.i18n.ta(
                        c.lang,
                        "gift-parcel-of",
                        &[
                            ("n", p.parcel.position.to_string()),
                            ("count", count.to_string()),
                        ],
                    )
                } else {
                    c.t("slip-parcel")
                },
                recipient: address_lines(&c, &p.address),
                items: p
                    .lines
                    .iter()
                    .map(|(l, q)| Item {
                        title: l.title.clone(),
                        details: l.options.clone(),
                        quantity: *q,
                    })
                    .collect(),
                message: p.parcel.message.lines().map(str::to_string).collect(),
                date: p
                    .parcel
                    .deliver_on
                    .as_deref()
                    .map(|d| stored_date(c.lang, d)),
                dispatch: p
                    .parcel
                    .dispatch_on
                    .as_deref()
                    .map(|d| stored_date(c.lang, d)),
                shipping: p.parcel.shipping_name.clone(),
                missing_customs: customs.as_ref().is_some_and(|(rows, _, _)| {
                    rows.iter()
                        .any(|r| r.hs_code.is_empty() || r.origin.is_empty())
                }),
                customs,
            }
        })
        .collect();
    let shop = [
        t.shop.name.clone(),
        legal.legal_name.clone(),
        legal.address.clone(),
        format!("{} {}", legal.postal_code, legal.city),
        legal.country.clone(),
    ]
    .into_iter()
    .filter(|l| !l.trim().is_empty())
    .fold(Vec::new(), |mut v: Vec<String>, l| {
        if !v.contains(&l) {
            v.push(l);
        }
        v
    });
    let tz = app::calendar::shop_tz(&t.shop.timezone);
    let date = chrono::TimeZone::timestamp_opt(&tz, o.created_at, 0)
        .single()
        .map(|d| crate::gifts::long_date(c.lang, d.date_naive()))
        .unwrap_or_default();
    let page = SlipsPage {
        back: format!("{}/admin/orders/{}", c.base(), o.number),
        number: o.number,
        date,
        shop,
        slips,
        c,
    };
    let html = page.render().map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [(axum::http::header::CACHE_CONTROL, "private, no-store")],
        Html(html),
    )
        .into_response())
}
