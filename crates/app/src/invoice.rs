//! Invoices and credit notes: one invoice per order once it is paid in full, and a credit note
//! for each refund made after it, each numbered in its own continuous series per shop, in the
//! transaction that changes the order (a rolled-back payment gives its number back: no gap),
//! and written once as a [`Document`] that nothing changes afterwards.

use chrono::TimeZone as _;
use domain::invoice::{Buyer, Document, Kind, Line, Postal, Rate, Seller};
use domain::legal::LegalStatus;
use store::id::{OrderId, ShopId};
use store::invoice::{Invoice, NewInvoice};
use store::shop::Shop;
use store::{Conn, Store};

use crate::Result;

/// The day of `at` on the shop's clock, as invoices write it.
fn day(shop: &Shop, at: i64) -> String {
    crate::calendar::shop_tz(&shop.timezone)
        .timestamp_opt(at, 0)
        .single()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

async fn seller(conn: &mut Conn, shop: &Shop) -> Result<(Seller, bool)> {
    let legal = store::legal::get(conn, shop.sid()).await?;
    let status = LegalStatus::parse(&legal.status).unwrap_or(LegalStatus::IndividualEntrepreneur);
    let name = if legal.legal_name.trim().is_empty() {
        shop.name.clone()
    } else {
        legal.legal_name.clone()
    };
    let siren = legal
        .siret
        .as_deref()
        .map(|s| {
            s.chars()
                .filter(char::is_ascii_digit)
                .take(9)
                .collect::<String>()
        })
        .filter(|s| s.len() == 9);
    let postal = Postal {
        line1: legal.address.trim().to_string(),
        line2: String::new(),
        postal_code: legal.postal_code.trim().to_string(),
        city: legal.city.trim().to_string(),
        country: legal.country.trim().to_ascii_uppercase(),
    };
    let address = postal.printed();
    Ok((
        Seller {
            name: Seller::name_of(&name, status),
            siren,
            vat_number: legal.vat_number.clone().filter(|v| !v.is_empty()),
            address,
            email: legal.email.clone(),
            postal,
        },
        legal.vat_franchise != 0,
    ))
}

fn buyer(order: &store::order::Order) -> Buyer {
    let a: crate::checkout::Address =
        serde_json::from_str::<crate::checkout::Address>(&order.billing_address)
            .unwrap_or_default()
            .tidy();
    let postal = Postal {
        line1: a.line1.trim().to_string(),
        line2: a.line2.trim().to_string(),
        postal_code: a.postal_code.trim().to_string(),
        city: a.city.trim().to_string(),
        country: a.country.trim().to_ascii_uppercase(),
    };
    Buyer {
        name: a.name.clone(),
        company: a.company.trim().to_string(),
        vat_number: Some(a.vat_number.trim().to_string()).filter(|v| !v.is_empty()),
        address: postal.printed(),
        postal,
        email: order.email.clone(),
    }
}

/// The order's VAT per rate, as it was charged, and whether its amounts were typed tax excluded.
fn rates_of(order: &store::order::Order) -> (Vec<Rate>, bool) {
    let rows: Vec<serde_json::Value> = serde_json::from_str(&order.taxes).unwrap_or_default();
    let added = rows.iter().any(|r| r["added"].as_bool() == Some(true));
    let rates = rows
        .iter()
        .map(|r| Rate {
            rate_bp: r["rate_bp"]
                .as_i64()
                .or_else(|| r["rate_bp"].as_f64().map(|f| f as i64))
                .unwrap_or(0),
            net_minor: r["net"].as_i64().unwrap_or(0),
            vat_minor: r["vat"].as_i64().unwrap_or(0),
            jurisdiction: r["jurisdiction"].as_str().map(str::to_string),
        })
        .collect();
    (rates, added)
}

/// The invoice's lines: each of the order's lines at the amount its VAT was computed on (what
/// the buyer pays for it), then the delivery, split over the rates of the goods it carries as
/// the order was taxed (what each rate's total leaves once its goods are counted), so that
/// each rate's base is the sum of its lines.
fn lines_of(
    order: &store::order::Order,
    order_lines: &[store::order::Line],
    rates: &[Rate],
    added: bool,
) -> Vec<Line> {
    let mut lines: Vec<Line> = order_lines
        .iter()
        .map(|l| {
            let line = Line::of(
                &l.title,
                &l.options,
                l.quantity,
                l.taxed_minor.unwrap_or(l.total_minor),
                l.vat_rate_bp,
                l.vat_minor,
                added,
            );
            let excl = line.total_excl_minor;
            line.discounted(discount_excl(l, excl, added))
        })
        .collect();
    if order.shipping_minor <= 0 {
        return lines;
    }
    let mut parts: Vec<(i64, i64, i64)> = Vec::new();
    for r in rates {
        let at_rate = |f: fn(&Line) -> i64| {
            lines
                .iter()
                .filter(|l| l.vat_rate_bp == r.rate_bp)
                .map(f)
                .sum::<i64>()
        };
        let net = r.net_minor - at_rate(|l| l.total_excl_minor);
        let vat = r.vat_minor - at_rate(|l| l.vat_minor);
        if net != 0 || vat != 0 {
            parts.push((r.rate_bp, net, vat));
        }
    }
    if parts.is_empty() || parts.iter().any(|p| p.1 < 0) {
        // No breakdown kept (or one these lines do not explain): delivery bears what the lines
        // leave of the order's VAT, at the rate that fits it best.
        let vat = order.vat_minor - lines.iter().map(|l| l.vat_minor).sum::<i64>();
        let excl = if added {
            order.shipping_minor
        } else {
            order.shipping_minor - vat
        };
        let rate = rates
            .iter()
            .map(|r| r.rate_bp)
            .min_by_key(|r| ((r * excl) / 10_000 - vat).abs())
            .unwrap_or(0);
        parts = vec![(if vat == 0 { 0 } else { rate }, excl, vat)];
    }
    for (rate_bp, net, vat) in parts {
        lines.push(Line {
            title: order.shipping_name.clone(),
            details: String::new(),
            quantity: 1,
            unit_excl_minor: net,
            total_excl_minor: net,
            vat_rate_bp: rate_bp,
            vat_minor: vat,
            discount_excl_minor: 0,
        });
    }
    lines
}

/// A line's discount excluding tax: the discount (typed as the line's price) in the same
/// proportion to its typed amount as the line's amount excluding tax `excl` (which follows
/// conversions for an export or a foreign rate); for a line given away, from its rate.
fn discount_excl(l: &store::order::Line, excl: i64, added: bool) -> i64 {
    if l.discount_minor <= 0 {
        return 0;
    }
    let typed = l.total_minor - l.discount_minor;
    if typed > 0 {
        let exact = i128::from(l.discount_minor) * i128::from(excl);
        return i64::try_from((2 * exact + i128::from(typed)) / (2 * i128::from(typed)))
            .unwrap_or(0);
    }
    if added {
        l.discount_minor
    } else {
        let rate = u32::try_from(l.vat_rate_bp).unwrap_or(0);
        l.discount_minor - domain::tax::vat_included(l.discount_minor, rate)
    }
}

/// When the shop issues invoices: once an order is paid in full, or once it is also shipped
/// (or handed over: collected, delivered, made available).
pub const AT_PAYMENT: &str = "payment";
pub const AT_SHIPMENT: &str = "shipment";

/// When the shop issues its invoices ([`AT_PAYMENT`] or [`AT_SHIPMENT`]).
pub async fn moment(store: &Store, shop: ShopId) -> Result<String> {
    let mut conn = store.reader().await?;
    Ok(store::legal::invoice_at(&mut conn, shop).await?)
}

/// Sets when the shop issues its invoices; refused for anything but the two moments. Invoices
/// already issued stay as they are.
pub async fn set_moment(store: &Store, shop: ShopId, moment: &str) -> Result<()> {
    if moment != AT_PAYMENT && moment != AT_SHIPMENT {
        return Err(crate::Error::Refused(domain::ValidationError::new(
            "invoice-moment-invalid",
        )));
    }
    let mut tx = store.begin().await?;
    store::legal::set_invoice_at(&mut tx, shop, moment).await?;
    store::commit(tx).await?;
    Ok(())
}

/// Whether the move from `before` to `after` (`change`) may make the order's invoice due (it
/// is issued once: a move finding it issued does nothing): paid in full now, or (invoices at
/// shipment) paid in full and now handed over, whichever comes last. Handing over an order
/// paid in full also issues an invoice still missing (the shop moved from "at shipment" to
/// "at payment" between the two).
pub(crate) async fn due(
    conn: &mut Conn,
    shop: ShopId,
    before: &store::order::Order,
    after: &store::order::Order,
    change: &domain::order::StatusChange,
) -> Result<bool> {
    use domain::order::OrderStatus::{Delivered, Shipped};
    if after.paid_minor < after.total_minor {
        return Ok(false);
    }
    let paid_now = before.paid_minor < before.total_minor;
    let handed = |s: &str| s == Shipped.as_str() || s == Delivered.as_str();
    let handed_now = handed(change.to.as_str()) && !handed(before.status.as_str());
    let at_shipment = store::legal::invoice_at(&mut *conn, shop).await? == AT_SHIPMENT;
    Ok(if at_shipment {
        (paid_now || handed_now) && handed(change.to.as_str())
    } else {
        paid_now || handed_now
    })
}

/// The day the order was paid in full: its last move that brought money.
async fn paid_day(conn: &mut Conn, shop: &Shop, order: &store::order::Order) -> Result<String> {
    let at = store::order::events(&mut *conn, shop.sid(), order.id)
        .await?
        .iter()
        .rev()
        .find(|e| e.amount_minor.is_some_and(|a| a > 0) && e.event != "refund")
        .map(|e| e.at)
        .unwrap_or_else(store::now);
    Ok(day(shop, at))
}

/// Issues the order's invoice, once: when the order has just been paid in full. Called by
/// `order::apply_in`, in its transaction. Returns the invoice's number when it issued one.
pub(crate) async fn on_paid(
    conn: &mut Conn,
    shop: &Shop,
    order: &store::order::Order,
) -> Result<Option<String>> {
    let sid = shop.sid();
    if order.paid_minor < order.total_minor
        || store::invoice::of_order(&mut *conn, sid, order.id)
            .await?
            .iter()
            .any(|i| i.kind == Kind::Invoice.as_str())
    {
        return Ok(None);
    }
    let (seller, _) = seller(&mut *conn, shop).await?;
    let (rates, added) = rates_of(order);
    let order_lines = store::order::lines(&mut *conn, sid, order.id).await?;
    let lines = lines_of(order, &order_lines, &rates, added);
    let mut order_mentions: Vec<&str> = order.mentions.lines().collect();
    let buyer = buyer(order);
    if !buyer.company.is_empty() {
        order_mentions.extend(domain::invoice::BUSINESS_MENTIONS);
    }
    let now = store::now();
    let doc = Document {
        kind: Kind::Invoice.as_str().into(),
        number: String::new(),
        issued_on: day(shop, now),
        order_number: order.number.clone(),
        currency: order.currency.clone(),
        seller,
        buyer,
        lines,
        rates,
        total_excl_minor: order.total_minor - order.vat_minor,
        vat_minor: order.vat_minor,
        total_minor: order.total_minor,
        paid_on: Some(paid_day(&mut *conn, shop, order).await?),
        payment_method: order.payment_method.clone(),
        credits: None,
        // As the order was taxed (the regime of that day, not of today's settings).
        mentions: domain::invoice::mentions(false, &order_mentions),
        destination: order.country.trim().to_ascii_uppercase(),
    };
    issue(conn, shop, order.id, Kind::Invoice, doc)
        .await
        .map(Some)
}

/// Issues a credit note for `amount_minor` given back on an invoiced order (a refund, or the
/// money of a cancelled order returned). Nothing when the order was never invoiced. Returns
/// the credit note's number when it issued one.
pub(crate) async fn on_refund(
    conn: &mut Conn,
    shop: &Shop,
    order: &store::order::Order,
    amount_minor: i64,
) -> Result<Option<String>> {
    let sid = shop.sid();
    let Some(invoice) = store::invoice::of_order(&mut *conn, sid, order.id)
        .await?
        .into_iter()
        .find(|i| i.kind == Kind::Invoice.as_str())
    else {
        return Ok(None);
    };
    let Ok(original) = serde_json::from_str::<Document>(&invoice.document) else {
        return Ok(None);
    };
    let rates =
        domain::invoice::credited_rates(&original.rates, original.total_minor, amount_minor);
    let vat: i64 = rates.iter().map(|r| r.vat_minor).sum();
    let lines = rates
        .iter()
        .map(|r| Line {
            title: invoice.number.clone(),
            details: String::new(),
            quantity: 1,
            unit_excl_minor: r.net_minor,
            total_excl_minor: r.net_minor,
            vat_rate_bp: r.rate_bp,
            vat_minor: r.vat_minor,
            discount_excl_minor: 0,
        })
        .collect();
    let now = store::now();
    let doc = Document {
        kind: Kind::CreditNote.as_str().into(),
        number: String::new(),
        issued_on: day(shop, now),
        order_number: original.order_number.clone(),
        currency: original.currency.clone(),
        seller: original.seller.clone(),
        buyer: original.buyer.clone(),
        lines,
        rates,
        total_excl_minor: amount_minor - vat,
        vat_minor: vat,
        total_minor: amount_minor,
        paid_on: Some(day(shop, now)),
        payment_method: original.payment_method.clone(),
        credits: Some(invoice.number.clone()),
        mentions: original.mentions.clone(),
        destination: original.destination.clone(),
    };
    issue(conn, shop, order.id, Kind::CreditNote, doc)
        .await
        .map(Some)
}

/// Numbers the document in its series and writes it, dated once its number is taken (a
/// transaction that waited for the series' row dates its document after the one before).
/// Returns its number.
async fn issue(
    conn: &mut Conn,
    shop: &Shop,
    order: OrderId,
    kind: Kind,
    mut doc: Document,
) -> Result<String> {
    let sid = shop.sid();
    let seq = store::order::next_number(&mut *conn, sid, kind.series()).await?;
    let now = store::now();
    doc.number = kind.number(seq);
    doc.issued_on = day(shop, now);
    if kind == Kind::CreditNote {
        // Given back now: the day it is numbered.
        doc.paid_on = Some(day(shop, now));
    }
    // Strings and integers only: serialising cannot fail.
    let json = serde_json::to_string(&doc).expect("a document serialises");
    store::invoice::insert(
        &mut *conn,
        sid,
        &NewInvoice {
            kind: kind.as_str(),
            seq,
            number: &doc.number,
            order,
            issued_at: now,
            currency: &doc.currency,
            total_minor: doc.total_minor,
            vat_minor: doc.vat_minor,
            document: &json,
        },
    )
    .await?;
    Ok(doc.number)
}

/// The order's invoice and credit notes, as issued.
pub async fn of_order(store: &Store, shop: ShopId, order: OrderId) -> Result<Vec<Invoice>> {
    let mut conn = store.reader().await?;
    Ok(store::invoice::of_order(&mut conn, shop, order).await?)
}

/// A document of the shop's, by number, with what it says; `order`: only if it is that
/// order's (a customer sees their own documents only).
pub async fn document(
    store: &Store,
    shop: ShopId,
    number: &str,
    order: Option<OrderId>,
) -> Result<Option<Document>> {
    let mut conn = store.reader().await?;
    let Some(i) = store::invoice::by_number(&mut conn, shop, number).await? else {
        return Ok(None);
    };
    if order.is_some_and(|o| o.0 != i.order_id) {
        return Ok(None);
    }
    Ok(serde_json::from_str(&i.document).ok())
}

/// A line of the shop's journal of documents: the stored row and what its document says.
pub struct Entry {
    pub invoice: Invoice,
    pub document: Document,
}

impl Entry {
    /// Amounts as the books count them: a credit note takes back (negative).
    pub fn signed(&self, minor: i64) -> i64 {
        if self.invoice.kind == Kind::CreditNote.as_str() {
            -minor
        } else {
            minor
        }
    }
}

/// The shop's invoices and credit notes, in the order they were issued.
pub async fn journal(store: &Store, shop: ShopId) -> Result<Vec<Entry>> {
    let mut conn = store.reader().await?;
    Ok(store::invoice::journal(&mut conn, shop)
        .await?
        .into_iter()
        .filter_map(|invoice| {
            let document = serde_json::from_str(&invoice.document).ok()?;
            Some(Entry { invoice, document })
        })
        .collect())
}

/// One line of the VAT report: what was invoiced for a country's VAT (or, without VAT, a
/// destination) at a rate, less what credit notes gave back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatLine {
    /// ISO 3166-1 alpha-2: the country whose VAT was charged, else where the order went.
    pub country: String,
    /// "home" (the shop's own country's VAT), "oss" (another EU member state's, declared
    /// through the one-stop shop), "export" (out of the EU, no VAT), "exempt" (no VAT: the
    /// franchise or another exemption).
    pub regime: &'static str,
    pub rate_bp: i64,
    pub net_minor: i64,
    pub vat_minor: i64,
}

/// The VAT the shop invoiced from day `from` to day `to` (YYYY-MM-DD, both included, on the
/// shop's clock, as documents are dated), by country and rate, credit notes deducted: what
/// the VAT return (and, for other EU countries' VAT, the OSS return) asks. Sorted by country,
/// then rate.
pub async fn vat_report(store: &Store, shop: ShopId, from: &str, to: &str) -> Result<Vec<VatLine>> {
    let home = {
        let mut conn = store.reader().await?;
        let c = store::legal::get(&mut conn, shop).await?.country;
        let c = c.trim().to_ascii_uppercase();
        if c.len() == 2 {
            c
        } else {
            "FR".to_string()
        }
    };
    let mut out: Vec<VatLine> = Vec::new();
    for e in journal(store, shop).await? {
        let d = &e.document;
        if d.issued_on.as_str() < from || d.issued_on.as_str() > to {
            continue;
        }
        for r in &d.rates {
            let (country, regime) = match &r.jurisdiction {
                Some(j) if *j == home => (j.clone(), "home"),
                Some(j) => (j.clone(), "oss"),
                None => {
                    let dest = d.destination();
                    let eu = domain::country::EU_MEMBERS.contains(&dest.as_str());
                    (dest, if eu { "exempt" } else { "export" })
                }
            };
            let (net, vat) = (e.signed(r.net_minor), e.signed(r.vat_minor));
            match out
                .iter_mut()
                .find(|l| l.country == country && l.rate_bp == r.rate_bp && l.regime == regime)
            {
                Some(l) => {
                    l.net_minor += net;
                    l.vat_minor += vat;
                }
                None => out.push(VatLine {
                    country,
                    regime,
                    rate_bp: r.rate_bp,
                    net_minor: net,
                    vat_minor: vat,
                }),
            }
        }
    }
    out.sort_by(|a, b| (&a.country, a.rate_bp).cmp(&(&b.country, b.rate_bp)));
    Ok(out)
}
