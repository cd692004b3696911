//! An invoice or credit note, for the customer through their order's link
//! (`/orders/{link}/invoices/{number}`, their own documents only) and for the seller in the
//! admin (`/admin/invoices/{number}`): as a printable page, and as its Factur-X PDF with
//! `.pdf` after the number. Both are written from one [`invoice::Sheet`], in the reader's
//! language, of the document as it was issued; the e-mail that tells of a payment or a refund
//! carries the same PDF ([`Attachments`]).

use std::future::Future;
use std::pin::Pin;

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::invoice::{Document, Kind};
use domain::locale::Lang;
use domain::money::{Currency, Money};
use invoice::{Party, Sheet, Table};

use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::i18n::I18n;
use crate::state::AppState;
use crate::tenant::Tenant;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            &shop_path("/orders/{link}/invoices/{number}"),
            get(for_customer),
        )
        .route(&shop_path("/admin/invoices/{number}"), get(for_seller))
}

#[derive(Template)]
#[template(path = "invoices/document.html")]
struct Page<'a> {
    c: Ctx,
    s: &'a Sheet,
    pdf: String,
    back: String,
}

/// A rate in basis points as people write it: "20 %", "5,5 %".
pub(crate) fn rate(lang: Lang, bp: i64) -> String {
    let whole = bp / 100;
    let frac = bp % 100;
    let sep = match lang {
        Lang::Fr => ",",
        Lang::En => ".",
    };
    let n = if frac == 0 {
        whole.to_string()
    } else if frac % 10 == 0 {
        format!("{whole}{sep}{}", frac / 10)
    } else {
        format!("{whole}{sep}{frac:02}")
    };
    format!("{n}\u{a0}%")
}

fn date(lang: Lang, ymd: &str) -> String {
    chrono::NaiveDate::parse_from_str(ymd, "%Y-%m-%d")
        .map(|d| crate::gifts::long_date(lang, d))
        .unwrap_or_else(|_| ymd.to_string())
}

/// What document `d` says, in `lang`: the page and the PDF are written from it.
pub(crate) fn sheet(i18n: &I18n, lang: Lang, d: &Document) -> Sheet {
    let t = |id: &str| i18n.t(lang, id);
    let t1 = |id: &str, name: &str, value: &str| i18n.ta(lang, id, &[(name, value.to_string())]);
    let cur = Currency::parse(&d.currency).unwrap_or(Currency::EUR);
    let m = |minor: i64| Money::new(minor, cur).format(lang);
    let kind = Kind::parse(&d.kind).unwrap_or(Kind::Invoice);
    let mut seller = d.seller.address.clone();
    if let Some(s) = &d.seller.siren {
        seller.push(t1("invoice-siren", "siren", s));
    }
    if let Some(v) = &d.seller.vat_number {
        seller.push(t1("invoice-vat-number", "number", v));
    }
    seller.push(d.seller.email.clone());
    let mut buyer = Vec::new();
    if !d.buyer.company.is_empty() {
        buyer.push(d.buyer.name.clone());
    }
    buyer.extend(d.buyer.address.iter().cloned());
    if let Some(v) = &d.buyer.vat_number {
        buyer.push(t1("invoice-vat-number", "number", v));
    }
    buyer.push(d.buyer.email.clone());
    let lines = Table {
        caption: t("invoice-lines"),
        columns: [
            "invoice-col-item",
            "invoice-col-qty",
            "invoice-col-unit",
            "invoice-col-rate",
            "invoice-col-total",
        ]
        .map(t)
        .to_vec(),
        rows: d
            .lines
            .iter()
            .map(|l| {
                let title = match kind {
                    Kind::CreditNote => t1("invoice-credit-line", "number", &l.title),
                    Kind::Invoice => l.title.clone(),
                };
                let mut item = if l.details.is_empty() {
                    title
                } else {
                    format!("{title}\n{}", l.details)
                };
                if l.discount_excl_minor > 0 {
                    item.push('\n');
                    item.push_str(&t1(
                        "invoice-line-discount",
                        "amount",
                        &m(l.discount_excl_minor),
                    ));
                }
                vec![
                    item,
                    l.quantity.to_string(),
                    m(l.unit_excl_minor),
                    rate(lang, l.vat_rate_bp),
                    m(l.total_excl_minor),
                ]
            })
            .collect(),
    };
    let rates = Table {
        caption: t("invoice-rates"),
        columns: ["invoice-col-rate", "invoice-col-base", "invoice-col-vat"]
            .map(t)
            .to_vec(),
        rows: d
            .rates
            .iter()
            .filter(|r| r.vat_minor != 0)
            .map(|r| vec![rate(lang, r.rate_bp), m(r.net_minor), m(r.vat_minor)])
            .collect(),
    };
    let paid = d.paid_on.as_deref().map(|p| {
        let method = t(&format!("checkout-pay-{}", d.payment_method));
        let key = match kind {
            Kind::Invoice => "invoice-paid-on",
            Kind::CreditNote => "invoice-refunded-on",
        };
        i18n.ta(lang, key, &[("date", date(lang, p)), ("method", method)])
    });
    Sheet {
        lang: lang.as_str().to_string(),
        title: t1(
            &format!("invoice-title-{}", kind.as_str()),
            "number",
            &d.number,
        ),
        dated: if d.order_number.is_empty() {
            t1("invoice-date", "date", &date(lang, &d.issued_on))
        } else {
            format!(
                "{} — {}",
                t1("invoice-date", "date", &date(lang, &d.issued_on)),
                t1("invoice-order", "number", &d.order_number)
            )
        },
        credits: d
            .credits
            .as_deref()
            .map(|n| t1("invoice-credits", "number", n)),
        seller: Party {
            heading: t("invoice-seller"),
            name: d.seller.name.clone(),
            lines: seller,
        },
        buyer: Party {
            heading: t("invoice-buyer"),
            name: if d.buyer.company.is_empty() {
                d.buyer.name.clone()
            } else {
                d.buyer.company.clone()
            },
            lines: buyer,
        },
        lines,
        rates,
        totals: vec![
            (t("invoice-total-excl"), m(d.total_excl_minor)),
            (t("invoice-total-vat"), m(d.vat_minor)),
            (t("invoice-total"), m(d.total_minor)),
        ],
        paid,
        mentions: d.mentions.clone(),
    }
}

/// PDFs laid out at once, at most: a burst of downloads waits its turn rather than taking
/// every core from the pages being served.
static LAYOUTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// The PDF of `d` as `lang` reads it (laid out off the async threads: it takes tens of
/// milliseconds of CPU).
pub(crate) async fn pdf_of(i18n: &I18n, lang: Lang, d: Document) -> anyhow::Result<Vec<u8>> {
    let s = sheet(i18n, lang, &d);
    let _turn = LAYOUTS.acquire().await?;
    Ok(tokio::task::spawn_blocking(move || invoice::pdf(&d, &s)).await??)
}

/// The page of document `d`, or its PDF when `pdf`; with a link `back` (the order's page).
pub(crate) async fn answer(
    st: &AppState,
    c: Ctx,
    d: Document,
    pdf: bool,
    back: String,
) -> AppResult<Response> {
    let private = [
        (header::CACHE_CONTROL, "private, no-store"),
        (header::HeaderName::from_static("x-robots-tag"), "noindex"),
    ];
    if pdf {
        let name = format!("attachment; filename=\"{}.pdf\"", d.number);
        let bytes = pdf_of(&st.i18n, c.lang, d)
            .await
            .map_err(AppError::Internal)?;
        return Ok((
            private,
            [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (header::CONTENT_DISPOSITION, name),
            ],
            bytes,
        )
            .into_response());
    }
    let s = sheet(&st.i18n, c.lang, &d);
    let html = Page {
        pdf: format!("{}.pdf", d.number),
        s: &s,
        back,
        c,
    }
    .render()
    .map_err(|e| AppError::Internal(e.into()))?;
    Ok((private, Html(html)).into_response())
}

/// The document's number, and whether its PDF is asked for ("F-000001.pdf").
pub(crate) fn wanted(number: &str) -> (&str, bool) {
    match number.strip_suffix(".pdf") {
        Some(n) => (n, true),
        None => (number, false),
    }
}

async fn for_customer(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    Path((_, link, number)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let (number, pdf) = wanted(&number);
    let Some((o, _)) = app::checkout::order_by_link(&st.store, &t.shop, &link).await? else {
        return Err(AppError::NotFound);
    };
    let Some(d) = app::invoice::document(&st.store, t.id(), number, Some(o.id)).await? else {
        return Err(AppError::NotFound);
    };
    let back = format!("{}/orders/{link}", c.shop_root());
    answer(&st, c, d, pdf, back).await
}

async fn for_seller(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, number)): Path<(String, String)>,
) -> AppResult<Response> {
    let (number, pdf) = wanted(&number);
    let Some(d) = app::invoice::document(&st.store, a.shop_id(), number, None).await? else {
        return Err(AppError::NotFound);
    };
    let back = a.tenant.url(&format!("/admin/orders/{}", d.order_number));
    answer(&st, c, d, pdf, back).await
}

/// A link to one of an order's documents, and to its PDF.
pub(crate) struct DocLink {
    pub href: String,
    pub pdf: String,
    pub label: String,
}

/// Links to the order's invoice and credit notes, under `base` (the order's page for the
/// customer, the admin's invoices for the seller).
pub(crate) async fn links(
    st: &AppState,
    c: &Ctx,
    shop: store::id::ShopId,
    order: store::id::OrderId,
    base: &str,
) -> AppResult<Vec<DocLink>> {
    Ok(app::invoice::of_order(&st.store, shop, order)
        .await?
        .into_iter()
        .map(|i| DocLink {
            href: format!("{base}/{}", i.number),
            pdf: format!("{base}/{}.pdf", i.number),
            label: c.t1(&format!("invoice-title-{}", i.kind), "number", &i.number),
        })
        .collect())
}

/// The files e-mails carry, made when the e-mail is sent: an invoice or credit note as its
/// Factur-X PDF, in the e-mail's language.
pub struct Attachments {
    store: store::Store,
    i18n: I18n,
}

impl Attachments {
    /// The attachments of the e-mails of the server `st` (for [`worker::Mailer::with_attachments`]).
    pub fn of(st: &AppState) -> std::sync::Arc<Attachments> {
        std::sync::Arc::new(Attachments {
            store: st.store.clone(),
            i18n: st.i18n.clone(),
        })
    }
}

impl worker::Attach for Attachments {
    fn file<'a>(
        &'a self,
        shop: Option<i64>,
        a: &'a store::outbox::Attachment,
    ) -> Pin<Box<dyn Future<Output = anyhow::Result<worker::File>> + Send + 'a>> {
        Box::pin(async move {
            let shop = store::id::ShopId(
                shop.ok_or_else(|| anyhow::anyhow!("an invoice without its shop"))?,
            );
            let (d, number, lang) = match a {
                store::outbox::Attachment::Invoice { number, lang } => (
                    app::invoice::document(&self.store, shop, number, None).await?,
                    number,
                    lang,
                ),
                store::outbox::Attachment::RentInvoice { number, lang } => (
                    app::rent::invoice(&self.store, Some(shop), number).await?,
                    number,
                    lang,
                ),
            };
            let d = d.ok_or_else(|| anyhow::anyhow!("no document {number}"))?;
            let lang = Lang::parse(lang).unwrap_or(Lang::Fr);
            Ok(worker::File {
                name: format!("{number}.pdf"),
                content_type: "application/pdf".into(),
                bytes: pdf_of(&self.i18n, lang, d).await?,
            })
        })
    }
}
