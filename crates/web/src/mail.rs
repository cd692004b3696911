//! The e-mails Vitrine sends, written in the reader's language and queued in the outbox within
//! the caller's transaction (the worker delivers them).

use domain::locale::Lang;
use store::outbox::EmailMessage;

use crate::i18n::I18n;

mod interest;
mod letter;
mod partner;

pub(crate) use interest::{interest_confirmation, interest_notice, interest_reached};
pub use letter::{Amount, Block, Brand, Letter};
pub(crate) use partner::partner_notice;

pub struct Mail<'a> {
    pub i18n: &'a I18n,
    pub lang: Lang,
    /// The shop the e-mail is about: its name, colour and logo.
    pub brand: &'a Brand,
}

/// What the confirmation of a new order is written from.
pub struct Confirmation<'a> {
    pub placed: &'a app::checkout::Placed,
    /// The shop's time zone, in which the order's date is told.
    pub timezone: &'a str,
    /// The order's page.
    pub link: &'a str,
    /// What follows the summary (a gift's parcels), already in the reader's language.
    pub details: String,
}

/// Writes the customer's e-mail about a change of their order (payment received, shipped,
/// cancelled…), in the order's language, linking the order's page on the shop's address
/// `origin` + `tenant.base`: for the use cases that change orders, from the admin, a provider's
/// webhook or a job.
pub(crate) fn order_change(
    st: &crate::state::AppState,
    tenant: &crate::tenant::Tenant,
    origin: &str,
) -> impl Fn(&store::order::Order, &domain::order::StatusChange) -> Option<EmailMessage> + Send + 'static
{
    let shop = tenant.shop.clone();
    let base = format!("{origin}{}", tenant.base);
    let brand = Brand::of(&shop, &base);
    let i18n = st.i18n.clone();
    let key = st.order_link_key;
    move |o, change| {
        let lang = Lang::parse(&o.lang).unwrap_or(Lang::Fr);
        let token = app::checkout::link_token(&key, shop.sid(), &o.idempotency_key);
        let root = format!("{base}{}", crate::tenant::lang_prefix(&shop, &o.lang));
        Mail {
            i18n: &i18n,
            lang,
            brand: &brand,
        }
        .order_changed(o, change, &format!("{root}/orders/{token}"))
    }
}

impl Confirmation<'_> {
    /// The day of the order, as the reader reads a date.
    fn ordered_on(&self, lang: Lang) -> String {
        use chrono::TimeZone as _;
        app::calendar::shop_tz(self.timezone)
            .timestamp_opt(self.placed.order.created_at, 0)
            .single()
            .map(|d| crate::gifts::long_date(lang, d.date_naive()))
            .unwrap_or_default()
    }
}

/// The label of a VAT row: "VAT 5.5 %", or "VAT added at 5.5 %" for a shop typing prices tax
/// excluded.
pub fn vat_label(i18n: &I18n, lang: Lang, rate_bp: f64, added: bool) -> String {
    i18n.ta(
        lang,
        if added {
            "checkout-vat-added-at"
        } else {
            "checkout-vat-at"
        },
        &[("rate", format!("{}", rate_bp / 100.0).replace('.', ","))],
    )
}

impl Mail<'_> {
    fn t(&self, id: &str) -> String {
        self.i18n.t(self.lang, id)
    }

    fn letter(&self, subject: String, blocks: Vec<Block>, buttons: &[(&str, &str)]) -> Letter<'_> {
        Letter {
            brand: self.brand,
            lang: self.lang,
            subject,
            blocks,
            buttons: buttons
                .iter()
                .filter(|(url, _)| !url.is_empty())
                .map(|(url, id)| (url.to_string(), self.t(id)))
                .collect(),
        }
    }

    /// A message of one subject and one body, its addresses shown as the buttons named.
    fn msg(
        &self,
        to: &str,
        subject_id: &str,
        body_id: &str,
        args: &[(&str, String)],
        buttons: &[(&str, &str)],
    ) -> EmailMessage {
        self.letter(
            self.i18n.ta(self.lang, subject_id, args),
            vec![Block::Text(self.i18n.ta(self.lang, body_id, args))],
            buttons,
        )
        .message(to)
    }

    fn shop(&self) -> String {
        self.brand.name.clone()
    }

    pub fn welcome(&self, to: &str, admin_url: &str, shop_url: &str) -> EmailMessage {
        self.msg(
            to,
            "email-welcome-subject",
            "email-welcome-body",
            &[
                ("shop", self.shop()),
                ("admin_url", admin_url.into()),
                ("shop_url", shop_url.into()),
            ],
            &[
                (shop_url, "email-button-shop"),
                (admin_url, "email-button-admin"),
            ],
        )
    }

    /// The operator opened a shop for someone: a link to choose a password, and the sign-in
    /// page for later.
    pub fn shop_created(&self, to: &str, link: &str, login: &str, shop_url: &str) -> EmailMessage {
        self.msg(
            to,
            "email-shop-created-subject",
            "email-shop-created-body",
            &[
                ("shop", self.shop()),
                ("link", link.into()),
                ("login", login.into()),
                ("shop_url", shop_url.into()),
            ],
            &[
                (link, "email-button-password"),
                (login, "email-button-sign-in"),
            ],
        )
    }

    pub fn invitation(&self, to: &str, inviter: &str, role: &str, link: &str) -> EmailMessage {
        self.msg(
            to,
            "email-invite-subject",
            "email-invite-body",
            &[
                ("shop", self.shop()),
                ("inviter", inviter.into()),
                ("role", role.into()),
                ("link", link.into()),
            ],
            &[(link, "email-button-invitation")],
        )
    }

    /// An e-mail of the operator's rent (paid, failed, reminder, suspended), with a button to
    /// the shop's Billing page.
    pub fn rent(
        &self,
        to: &str,
        subject_id: &str,
        body_id: &str,
        args: &[(&str, String)],
        link: &str,
    ) -> EmailMessage {
        self.msg(
            to,
            subject_id,
            body_id,
            args,
            &[(link, "email-button-billing")],
        )
    }

    pub fn password_reset(&self, to: &str, link: &str) -> EmailMessage {
        self.msg(
            to,
            "email-reset-subject",
            "email-reset-body",
            &[("shop", self.shop()), ("link", link.into())],
            &[(link, "email-button-password")],
        )
    }

    /// Too many sign-in attempts on the account from everywhere: password sign-in is paused,
    /// and this link gets its holder in.
    pub fn sign_in_paused(&self, to: &str, link: &str) -> EmailMessage {
        self.msg(
            to,
            "email-sign-in-paused-subject",
            "email-sign-in-paused-body",
            &[("shop", self.shop()), ("link", link.into())],
            &[(link, "email-button-password")],
        )
    }

    fn money(&self, minor: i64, currency: &str) -> String {
        domain::money::Currency::parse(currency)
            .map(|cur| domain::money::Money::new(minor, cur).format(self.lang))
            .unwrap_or_else(|_| format!("{minor} {currency}"))
    }

    /// The order confirmation: what was ordered, the total, how to pay, the order's link, then
    /// the right of withdrawal: the link to the withdrawal function and the model form filled
    /// with the seller's identity and the order (Code de la consommation, annexe à l'article
    /// R. 221-1), or why no right applies (a private seller, or no product covered).
    pub fn order_placed(&self, c: &Confirmation<'_>) -> EmailMessage {
        let o = &c.placed.order;
        let method = self.t(&format!("checkout-pay-{}", o.payment_method));
        let args = [
            ("shop", self.shop()),
            ("number", o.number.clone()),
            ("total", self.money(o.total_minor, &o.currency)),
            ("method", method),
            ("link", c.link.to_string()),
        ];
        let mut blocks = vec![
            Block::Text(self.i18n.ta(self.lang, "email-order-placed-body", &args)),
            Block::Amounts(self.amounts(o, &c.placed.lines)),
        ];
        let details = c.details.trim_matches('\n');
        if !details.is_empty() {
            blocks.push(Block::Text(details.to_string()));
        }
        blocks.extend(self.withdrawal_section(c));
        blocks.push(Block::Text(self.shop()));
        let withdraw = format!("{}/withdraw", c.link);
        self.letter(
            self.i18n.ta(self.lang, "email-order-placed-subject", &args),
            blocks,
            &[
                (c.link, "email-button-order"),
                (&withdraw, "withdraw-button"),
            ],
        )
        .message(&o.email)
    }

    /// What was ordered and what it costs, as the order's page shows it.
    fn amounts(&self, o: &store::order::Order, lines: &[store::order::Line]) -> Vec<Amount> {
        let row = |label: String, minor: i64| Amount {
            label,
            detail: String::new(),
            amount: self.money(minor, &o.currency),
            strong: false,
        };
        let taxes: Vec<serde_json::Value> = serde_json::from_str(&o.taxes).unwrap_or_default();
        let added = taxes.iter().any(|r| r["added"].as_bool() == Some(true));
        let vat: Vec<Amount> = taxes
            .iter()
            .filter(|r| r["vat"].as_i64().unwrap_or(0) != 0)
            .map(|r| {
                row(
                    vat_label(
                        self.i18n,
                        self.lang,
                        r["rate_bp"].as_f64().unwrap_or(0.0),
                        added,
                    ),
                    r["vat"].as_i64().unwrap_or(0),
                )
            })
            .collect();
        let mut out: Vec<Amount> = lines
            .iter()
            .map(|l| Amount {
                detail: l.options.clone(),
                ..row(format!("{} × {}", l.quantity, l.title), l.total_minor)
            })
            .collect();
        out.push(row(
            self.t(if added {
                "cart-subtotal-excl"
            } else {
                "cart-subtotal"
            }),
            o.subtotal_minor,
        ));
        if !o.promotions.is_empty() {
            out.push(row(
                self.i18n.ta(
                    self.lang,
                    "cart-discount",
                    &[("name", o.promotions.lines().collect::<Vec<_>>().join(", "))],
                ),
                -o.discount_minor,
            ));
        }
        if o.shipping_method.is_some() {
            out.push(row(
                self.i18n.ta(
                    self.lang,
                    "checkout-shipping-line",
                    &[("name", o.shipping_name.clone())],
                ),
                o.shipping_minor,
            ));
        }
        let total = Amount {
            strong: true,
            ..row(self.t("checkout-total"), o.total_minor)
        };
        if added {
            out.extend(vat);
            out.push(total);
        } else {
            out.push(total);
            out.extend(vat);
        }
        out
    }

    fn withdrawal_section(&self, c: &Confirmation<'_>) -> Vec<Block> {
        use domain::catalog::product::WithdrawalException as W;
        use domain::order::withdrawal::Right;
        let p = c.placed;
        match &p.withdrawal {
            Right::PrivateSeller => vec![Block::Text(self.t("email-order-private-seller"))],
            Right::AllExcepted(reasons) => {
                let mut out = self.t("email-order-no-withdrawal");
                for r in reasons {
                    let id = match r {
                        W::Perishable => "checkout-withdrawal-perishable",
                        W::DigitalContent => "checkout-withdrawal-digital",
                        W::Service => "checkout-withdrawal-service",
                    };
                    out.push_str("\n— ");
                    out.push_str(&self.t(id));
                }
                vec![Block::Text(out)]
            }
            Right::Applies { .. } => {
                let mut out = self.i18n.ta(
                    self.lang,
                    "email-order-withdrawal-right",
                    &[("link", format!("{}/withdraw", c.link))],
                );
                let excepted: Vec<String> = p
                    .lines
                    .iter()
                    .filter_map(|l| {
                        let e = app::withdrawal::exception_of(l)?;
                        let why = self.t(domain::order::withdrawal::message_id(e));
                        Some(format!(
                            "\n{}",
                            self.i18n.ta(
                                self.lang,
                                "email-order-withdrawal-excepted-line",
                                &[
                                    ("line", format!("{} × {}", l.quantity, l.title)),
                                    ("why", why)
                                ],
                            )
                        ))
                    })
                    .collect();
                if !excepted.is_empty() {
                    out.push_str("\n\n");
                    out.push_str(&self.t("email-order-withdrawal-except"));
                    out.extend(excepted);
                }
                out.push_str("\n\n");
                out.push_str(&self.t("email-order-withdrawal-form-intro"));
                vec![
                    Block::Text(out),
                    Block::Form(self.i18n.ta(
                        self.lang,
                        "email-withdrawal-form",
                        &[
                            ("seller", self.seller_line(&p.seller)),
                            ("number", p.order.number.clone()),
                            ("date", c.ordered_on(self.lang)),
                        ],
                    )),
                ]
            }
        }
    }

    /// Who the form goes to: the seller's legal name, postal address and e-mail address.
    fn seller_line(&self, l: &store::legal::LegalIdentity) -> String {
        let name = match domain::legal::LegalStatus::parse(&l.status) {
            Ok(status) if !l.legal_name.trim().is_empty() => {
                domain::legal::legal_name_with_mention(&l.legal_name, status)
            }
            _ if !l.legal_name.trim().is_empty() => l.legal_name.trim().to_string(),
            _ => self.shop(),
        };
        let country = l.country.trim();
        let id = format!("country-{}", country.to_ascii_lowercase());
        let country = if country.len() == 2 && self.i18n.has(self.lang, &id) {
            self.t(&id)
        } else {
            country.to_string()
        };
        let town = format!("{} {}", l.postal_code.trim(), l.city.trim());
        [
            name.as_str(),
            l.address.trim(),
            town.trim(),
            country.as_str(),
            l.email.trim(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
    }

    /// The customer's news of their order: payment received, money given back (with its
    /// amount), shipped (with the tracking number and, for a carrier we know, its tracking
    /// page), handed over, cancelled. Other changes send nothing.
    pub fn order_changed(
        &self,
        o: &store::order::Order,
        change: &domain::order::StatusChange,
        link: &str,
    ) -> Option<EmailMessage> {
        use domain::order::{OrderEventKind, OrderStatus};
        let to = change.to;
        let what = match (change.event, to) {
            (OrderEventKind::Refund, _) => "refunded",
            (_, OrderStatus::Paid) if change.from != OrderStatus::Paid => "paid",
            (_, OrderStatus::Shipped) => "shipped",
            (_, OrderStatus::Delivered) if change.from != OrderStatus::Delivered => "delivered",
            (_, OrderStatus::Cancelled) => "cancelled",
            _ => return None,
        };
        let amount = domain::money::Currency::parse(&o.currency)
            .map(|c| {
                domain::money::Money::new(change.amount_minor.unwrap_or(0), c).format(self.lang)
            })
            .unwrap_or_default();
        let follow = match (to, o.carrier.as_deref(), o.tracking_number.as_deref()) {
            (OrderStatus::Shipped, Some(carrier), Some(number)) => tracking_page(carrier, number),
            _ => None,
        };
        // The tracking number, then the carrier's tracking page on its own line (a button).
        let tracking = match (&o.carrier, &o.tracking_number, &follow) {
            (Some(c), Some(n), Some(url)) => format!("{c} {n}\n{url}"),
            (Some(c), Some(n), None) => format!("{c} {n}"),
            (None, Some(n), _) => n.clone(),
            _ => String::new(),
        };
        let args = [
            ("shop", self.shop()),
            ("number", o.number.clone()),
            ("tracking", tracking),
            ("link", link.into()),
            ("amount", amount),
        ];
        // Money the seller gave back by their own means went back as they did, not to a card.
        let body_id = if what == "refunded" && o.payment_method != "card" {
            "email-order-refunded-recorded-body".to_string()
        } else {
            format!("email-order-{what}-body")
        };
        let body = self.i18n.ta(self.lang, &body_id, &args);
        Some(
            self.letter(
                self.i18n
                    .ta(self.lang, &format!("email-order-{what}-subject"), &args),
                vec![Block::Text(body)],
                &[
                    (link, "email-button-order"),
                    (follow.as_deref().unwrap_or(""), "email-button-tracking"),
                ],
            )
            .message(&o.email),
        )
    }

    /// The note to a gift's recipient, sent when the order ships: who sends it, from which
    /// shop, when it should arrive and the buyer's message; never what it cost.
    pub fn gift_note(
        &self,
        to: &str,
        sender: &str,
        date: Option<&str>,
        message: &str,
    ) -> EmailMessage {
        let args = [("shop", self.shop()), ("sender", sender.to_string())];
        let mut text = self.i18n.ta(self.lang, "email-gift-note-body", &args);
        if let Some(d) = date {
            text.push_str("\n\n");
            text.push_str(
                &self
                    .i18n
                    .ta(self.lang, "email-gift-note-date", &[("date", d.into())]),
            );
        }
        if !message.is_empty() {
            text.push_str("\n\n");
            text.push_str(&self.i18n.ta(self.lang, "email-gift-note-message", &args));
            for l in message.lines() {
                text.push_str(&format!("\n  {l}"));
            }
        }
        self.letter(
            self.i18n.ta(self.lang, "email-gift-note-subject", &args),
            vec![Block::Text(text)],
            &[],
        )
        .message(to)
    }

    /// Tells the author of a review that the shop does not publish it, and for which reason of
    /// its review policy (already in the reader's language); nothing else.
    pub fn review_refused(&self, to: &str, product_title: &str, reason_text: &str) -> EmailMessage {
        self.msg(
            to,
            "email-review-refused-subject",
            "email-review-refused-body",
            &[
                ("shop", self.shop()),
                ("product", product_title.into()),
                ("reason", reason_text.into()),
            ],
            &[],
        )
    }

    /// The dated receipt of a withdrawal request, on a durable medium as the law asks.
    pub fn withdrawal_receipt(
        &self,
        o: &store::order::Order,
        w: &store::withdrawal::Withdrawal,
        at: &str,
        lines: &str,
        link: &str,
    ) -> EmailMessage {
        self.msg(
            &w.email,
            "email-withdrawal-subject",
            "email-withdrawal-body",
            &[
                ("shop", self.shop()),
                ("number", o.number.clone()),
                ("name", w.name.clone()),
                ("date", at.into()),
                ("lines", lines.into()),
                ("link", link.into()),
            ],
            &[(link, "email-button-order")],
        )
    }
}

/// The carrier's public tracking page, when the carrier the seller typed is one we know.
fn tracking_page(carrier: &str, number: &str) -> Option<String> {
    let kind = domain::shipping::CarrierKind::named(carrier)?;
    let number = domain::shipping::TrackingNumber::parse(number).ok()?;
    kind.tracking_url(&number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::order::withdrawal::Right;

    fn placed(withdrawal: Right) -> app::checkout::Placed {
        let line = |position: i64, kind: &str, title: &str| store::order::Line {
            position,
            product_id: None,
            variant_id: None,
            kind: kind.into(),
            sku: None,
            title: title.into(),
            options: String::new(),
            quantity: 1,
            unit_minor: 1250,
            total_minor: 1250,
            vat_rate_bp: 550,
            vat_minor: 65,
            starts_at: None,
            ends_at: None,
            booking_id: None,
            stock_taken: 1,
            taxed_minor: None,
            discount_minor: 0,
        };
        app::checkout::Placed {
            order: store::order::Order {
                id: store::id::OrderId(1),
                number: "00042".into(),
                idempotency_key: "k".into(),
                email: "sam@example.org".into(),
                lang: "en".into(),
                currency: "EUR".into(),
                status: "awaiting_payment".into(),
                payment_method: "bank_transfer".into(),
                fulfilment: "shipping".into(),
                shipping_method: None,
                shipping_name: String::new(),
                subtotal_minor: 2500,
                shipping_minor: 0,
                vat_minor: 130,
                total_minor: 2500,
                paid_minor: 0,
                refunded_minor: 0,
                billing_address: "{}".into(),
                shipping_address: None,
                taxes: "[]".into(),
                mentions: String::new(),
                carrier: None,
                tracking_number: None,
                customer_id: None,
                name: "Sam Taylor".into(),
                country: "GB".into(),
                // Friday 6 March 2026, 10:00 in Paris.
                created_at: 1_772_787_600,
                deposit_minor: 0,
                discount_minor: 0,
                promotions: String::new(),
            },
            lines: vec![
                line(1, "physical", "Cheese knife"),
                line(2, "perishable", "Brillat-Savarin"),
            ],
            link_token: "t".into(),
            new: true,
            parcels: Vec::new(),
            seller: store::legal::LegalIdentity {
                status: "ei".into(),
                legal_name: "Émilie Martin".into(),
                address: "12 rue des Tanneurs".into(),
                postal_code: "74000".into(),
                city: "Annecy".into(),
                country: "FR".into(),
                email: "contact@emilie.example".into(),
                ..Default::default()
            },
            withdrawal,
        }
    }

    fn brand() -> Brand {
        Brand {
            name: "Fromagerie Émilie".into(),
            color: domain::theme::Color::parse("#7a3e00").unwrap(),
            logo: Some("https://emilie.example/media/logo-1.png".into()),
            home: "https://emilie.example/".into(),
        }
    }

    fn confirmation_mail(i18n: &I18n, lang: Lang, p: &app::checkout::Placed) -> EmailMessage {
        Mail {
            i18n,
            lang,
            brand: &brand(),
        }
        .order_placed(&Confirmation {
            placed: p,
            timezone: "Europe/Paris",
            link: "https://emilie.example/orders/t",
            details: String::new(),
        })
    }

    fn confirmation(i18n: &I18n, lang: Lang, p: &app::checkout::Placed) -> String {
        confirmation_mail(i18n, lang, p).text
    }

    #[test]
    fn the_english_confirmation_has_the_model_form_addressed_to_the_seller() {
        let i18n = I18n::load();
        let p = placed(Right::Applies {
            excepted: vec![domain::catalog::product::WithdrawalException::Perishable],
        });
        let text = confirmation(&i18n, Lang::En, &p);
        assert!(
            text.contains("Thank you for your order no. 00042"),
            "{text}"
        );
        assert!(text.contains("MODEL WITHDRAWAL FORM"), "{text}");
        assert!(
            text.contains(
                "— To Émilie Martin EI, 12 rue des Tanneurs, 74000 Annecy, France, \
                 contact@emilie.example:"
            ),
            "{text}"
        );
        assert!(
            text.contains("the following service (*): order no. 00042 of Friday 6 March 2026"),
            "{text}"
        );
        assert!(text.contains("(*) Delete as appropriate."), "{text}");
        assert!(
            text.contains("https://emilie.example/orders/t/withdraw"),
            "{text}"
        );
        assert!(text.contains("— 1 × Brillat-Savarin: "), "{text}");
        assert!(!text.contains("Cheese knife:"), "{text}");
        assert!(text.trim_end().ends_with("Fromagerie Émilie"), "{text}");

        let fr = confirmation(&i18n, Lang::Fr, &p);
        assert!(
            fr.contains("commande n° 00042 du vendredi 6 mars 2026"),
            "{fr}"
        );
        assert!(fr.contains("À l’attention de Émilie Martin EI, "), "{fr}");
    }

    #[test]
    fn no_form_where_no_right_applies_and_the_reason_instead() {
        let i18n = I18n::load();
        let text = confirmation(&i18n, Lang::En, &placed(Right::PrivateSeller));
        assert!(text.contains("run by a private individual"), "{text}");
        assert!(!text.contains("WITHDRAWAL FORM"), "{text}");
        assert!(!text.contains("/withdraw"), "{text}");
        let text = confirmation(
            &i18n,
            Lang::Fr,
            &placed(Right::AllExcepted(vec![
                domain::catalog::product::WithdrawalException::Perishable,
            ])),
        );
        assert!(text.contains("n’en bénéficient pas"), "{text}");
        assert!(text.contains("Les denrées périssables"), "{text}");
        assert!(!text.contains("FORMULAIRE"), "{text}");
    }

    /// The text between `<tag` and its closing tag, from the first `<tag` holding `needle`.
    fn element<'h>(html: &'h str, tag: &str, needle: &str) -> &'h str {
        let at = html
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in {html}"));
        let start = html[..at].rfind(&format!("<{tag}")).unwrap();
        let end = at + html[at..].find(&format!("</{tag}>")).unwrap();
        &html[start..end]
    }

    #[test]
    fn the_html_confirmation_is_in_the_shops_colours_with_buttons_amounts_and_the_form_as_a_table()
    {
        let i18n = I18n::load();
        let mut p = placed(Right::Applies {
            excepted: vec![domain::catalog::product::WithdrawalException::Perishable],
        });
        p.lines[0].title = "Couteau <b>à fromage</b>".into();
        let m = confirmation_mail(&i18n, Lang::En, &p);
        let html = m.html.expect("an HTML part");
        assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
        assert!(html.contains("<html lang=\"en\">"), "{html}");
        assert!(html.contains("<title>Your order no. 00042 at Fromagerie Émilie</title>"));
        // The header: the shop's logo and name in its colour, linking home.
        let header = element(&html, "td", "Fromagerie Émilie</span>");
        assert!(header.contains("background:#7a3e00"), "{header}");
        assert!(header.contains("<img src=\"https://emilie.example/media/logo-1.png\""));
        assert!(
            header.contains("href=\"https://emilie.example/\""),
            "{header}"
        );
        // The order's page and the withdrawal function are buttons, their address beneath.
        let order = element(&html, "a", ">See my order<");
        assert!(
            order.contains("href=\"https://emilie.example/orders/t\""),
            "{order}"
        );
        let withdraw = element(&html, "a", ">Withdraw from the contract here<");
        assert!(
            withdraw.contains("href=\"https://emilie.example/orders/t/withdraw\""),
            "{withdraw}"
        );
        assert!(html.contains(">https://emilie.example/orders/t/withdraw</a>"));
        // What was bought and the total, in a table; a title is text, never markup.
        let amounts = element(&html, "table", "Couteau");
        assert!(
            amounts.contains("1 × Couteau &lt;b&gt;à fromage&lt;/b&gt;"),
            "{amounts}"
        );
        assert!(!html.contains("<b>à fromage"), "{html}");
        assert!(amounts.contains("1 × Brillat-Savarin"), "{amounts}");
        assert!(amounts.contains("€25.00"), "{amounts}");
        // The model form: a table with a row to fill in per item.
        let form = element(&html, "table", "MODEL WITHDRAWAL FORM");
        let seller = element(form, "tr", "To Émilie Martin EI");
        assert!(seller.contains("colspan=\"2\""), "{seller}");
        for blank in ["Name of consumer(s):", "Address of consumer(s):", "Date:"] {
            let row = element(form, "tr", blank);
            assert!(row.contains("&nbsp;</td>"), "{blank}: {row}");
        }
        assert!(form.contains("(*) Delete as appropriate."), "{form}");
        // The text part says the same.
        assert!(
            m.text.contains("1 × Couteau <b>à fromage</b> — €12.50"),
            "{}",
            m.text
        );
        assert!(m.text.contains("Total to pay — €25.00"), "{}", m.text);
    }

    #[test]
    fn a_refused_review_tells_its_author_the_reason_in_their_language() {
        let i18n = I18n::load();
        for (lang, reason, seen) in [
            (
                Lang::Fr,
                "Sans rapport avec le produit ou l’achat",
                "Fromagerie Émilie ne publie pas votre avis sur «\u{a0}Comté\u{a0}», pour ce motif\u{202f}: Sans rapport",
            ),
            (
                Lang::En,
                "Not about the product or the purchase",
                "Fromagerie Émilie does not publish your review of “Comté”, for this reason: Not about",
            ),
        ] {
            let m = Mail {
                i18n: &i18n,
                lang,
                brand: &brand(),
            }
            .review_refused("camille@example.org", "Comté", reason);
            assert_eq!(m.to, "camille@example.org");
            assert!(m.subject.contains("Comté"), "{}", m.subject);
            assert!(m.text.contains(seen), "{}", m.text);
        }
    }

    #[test]
    fn the_shipped_email_links_the_carriers_tracking_page() {
        let i18n = I18n::load();
        let mut o = placed(Right::PrivateSeller).order;
        o.carrier = Some("Colissimo".into());
        o.tracking_number = Some("6A12345678901".into());
        let mail = Mail {
            i18n: &i18n,
            lang: Lang::Fr,
            brand: &brand(),
        };
        let shipped = domain::order::StatusChange {
            from: domain::order::OrderStatus::Paid,
            to: domain::order::OrderStatus::Shipped,
            event: domain::order::OrderEventKind::Ship,
            actor: domain::order::ActorKind::Staff,
            at_utc: 0,
            amount_minor: None,
            cancel_reason: None,
        };
        let m = mail
            .order_changed(&o, &shipped, "https://emilie.example/orders/t")
            .unwrap();
        let url = "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901";
        assert!(
            m.text
                .contains(&format!("Suivi : Colissimo 6A12345678901\n{url}")),
            "{}",
            m.text
        );
        let html = m.html.unwrap();
        let button = element(&html, "a", ">Suivre mon colis<");
        assert!(button.contains(&format!("href=\"{url}\"")), "{button}");
        assert!(html.contains(">Voir ma commande</a>"), "{html}");
        // A carrier we do not know keeps its number, without a link.
        o.carrier = Some("Coursier du coin".into());
        let m = mail
            .order_changed(&o, &shipped, "https://emilie.example/orders/t")
            .unwrap();
        assert!(m.text.contains("Suivi : Coursier du coin 6A12345678901\n"));
        assert!(!m.html.unwrap().contains("Suivre mon colis"));
    }
}
