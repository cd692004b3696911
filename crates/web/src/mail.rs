//! The e-mails Vitrine sends, written in the reader's language and queued in the outbox within
//! the caller's transaction (the worker delivers them).

use domain::locale::Lang;
use store::outbox::EmailMessage;

use crate::i18n::I18n;

pub struct Mail<'a> {
    pub i18n: &'a I18n,
    pub lang: Lang,
}

/// What the confirmation of a new order is written from.
pub struct Confirmation<'a> {
    pub placed: &'a app::checkout::Placed,
    pub shop: &'a str,
    /// The shop's time zone, in which the order's date is told.
    pub timezone: &'a str,
    /// The order's page.
    pub link: &'a str,
    /// What follows the summary (a gift's parcels), already in the reader's language.
    pub details: String,
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

impl Mail<'_> {
    fn msg(
        &self,
        to: &str,
        subject_id: &str,
        body_id: &str,
        args: &[(&str, String)],
    ) -> EmailMessage {
        EmailMessage {
            to: to.to_string(),
            subject: self.i18n.ta(self.lang, subject_id, args),
            text: self.i18n.ta(self.lang, body_id, args),
        }
    }

    pub fn welcome(&self, to: &str, shop: &str, admin_url: &str, shop_url: &str) -> EmailMessage {
        self.msg(
            to,
            "email-welcome-subject",
            "email-welcome-body",
            &[
                ("shop", shop.into()),
                ("admin_url", admin_url.into()),
                ("shop_url", shop_url.into()),
            ],
        )
    }

    pub fn invitation(
        &self,
        to: &str,
        shop: &str,
        inviter: &str,
        role: &str,
        link: &str,
    ) -> EmailMessage {
        self.msg(
            to,
            "email-invite-subject",
            "email-invite-body",
            &[
                ("shop", shop.into()),
                ("inviter", inviter.into()),
                ("role", role.into()),
                ("link", link.into()),
            ],
        )
    }

    pub fn password_reset(&self, to: &str, shop: &str, link: &str) -> EmailMessage {
        self.msg(
            to,
            "email-reset-subject",
            "email-reset-body",
            &[("shop", shop.into()), ("link", link.into())],
        )
    }

    /// Too many sign-in attempts on the account from everywhere: password sign-in is paused,
    /// and this link gets its holder in.
    pub fn sign_in_paused(&self, to: &str, shop: &str, link: &str) -> EmailMessage {
        self.msg(
            to,
            "email-sign-in-paused-subject",
            "email-sign-in-paused-body",
            &[("shop", shop.into()), ("link", link.into())],
        )
    }

    /// The order confirmation: what was ordered, the total, how to pay, the order's link, then
    /// the right of withdrawal: the link to the withdrawal function and the model form filled
    /// with the seller's identity and the order (Code de la consommation, annexe à l'article
    /// R. 221-1), or why no right applies (a private seller, or no product covered).
    pub fn order_placed(&self, c: &Confirmation<'_>) -> EmailMessage {
        let o = &c.placed.order;
        let total = domain::money::Currency::parse(&o.currency)
            .map(|cur| domain::money::Money::new(o.total_minor, cur).format(self.lang))
            .unwrap_or_else(|_| format!("{} {}", o.total_minor, o.currency));
        let method = self
            .i18n
            .t(self.lang, &format!("checkout-pay-{}", o.payment_method));
        let args = [
            ("shop", c.shop.to_string()),
            ("number", o.number.clone()),
            ("total", total),
            ("method", method),
            ("link", c.link.to_string()),
        ];
        let mut text = self.i18n.ta(self.lang, "email-order-placed-body", &args);
        let details = c.details.trim_matches('\n');
        if !details.is_empty() {
            text.push_str("\n\n");
            text.push_str(details);
        }
        text.push_str("\n\n");
        text.push_str(&self.withdrawal_section(c));
        text.push_str("\n\n");
        text.push_str(c.shop);
        EmailMessage {
            to: o.email.clone(),
            subject: self.i18n.ta(self.lang, "email-order-placed-subject", &args),
            text,
        }
    }

    fn withdrawal_section(&self, c: &Confirmation<'_>) -> String {
        use domain::catalog::product::WithdrawalException as W;
        use domain::order::withdrawal::Right;
        let p = c.placed;
        match &p.withdrawal {
            Right::PrivateSeller => self.i18n.t(self.lang, "email-order-private-seller"),
            Right::AllExcepted(reasons) => {
                let mut out = self.i18n.t(self.lang, "email-order-no-withdrawal");
                for r in reasons {
                    let id = match r {
                        W::Perishable => "checkout-withdrawal-perishable",
                        W::DigitalContent => "checkout-withdrawal-digital",
                        W::Service => "checkout-withdrawal-service",
                    };
                    out.push_str("\n— ");
                    out.push_str(&self.i18n.t(self.lang, id));
                }
                out
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
                        let why = self
                            .i18n
                            .t(self.lang, domain::order::withdrawal::message_id(e));
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
                    out.push_str(&self.i18n.t(self.lang, "email-order-withdrawal-except"));
                    out.extend(excepted);
                }
                out.push_str("\n\n");
                out.push_str(&self.i18n.t(self.lang, "email-order-withdrawal-form-intro"));
                out.push_str("\n\n");
                out.push_str(&self.i18n.ta(
                    self.lang,
                    "email-withdrawal-form",
                    &[
                        ("seller", self.seller_line(&p.seller, c.shop)),
                        ("number", p.order.number.clone()),
                        ("date", c.ordered_on(self.lang)),
                    ],
                ));
                out
            }
        }
    }

    /// Who the form goes to: the seller's legal name, postal address and e-mail address.
    fn seller_line(&self, l: &store::legal::LegalIdentity, shop: &str) -> String {
        let name = match domain::legal::LegalStatus::parse(&l.status) {
            Ok(status) if !l.legal_name.trim().is_empty() => {
                domain::legal::legal_name_with_mention(&l.legal_name, status)
            }
            _ if !l.legal_name.trim().is_empty() => l.legal_name.trim().to_string(),
            _ => shop.to_string(),
        };
        let country = l.country.trim();
        let id = format!("country-{}", country.to_ascii_lowercase());
        let country = if country.len() == 2 && self.i18n.has(self.lang, &id) {
            self.i18n.t(self.lang, &id)
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

    /// The customer's news of their order: payment received, shipped (with the tracking number),
    /// cancelled. Other changes send nothing.
    pub fn order_changed(
        &self,
        o: &store::order::Order,
        to: domain::order::OrderStatus,
        shop: &str,
        link: &str,
    ) -> Option<EmailMessage> {
        use domain::order::OrderStatus;
        let what = match to {
            OrderStatus::Paid => "paid",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Cancelled => "cancelled",
            _ => return None,
        };
        let tracking = match (&o.carrier, &o.tracking_number) {
            (Some(c), Some(n)) => format!("{c} {n}"),
            (None, Some(n)) => n.clone(),
            _ => String::new(),
        };
        Some(self.msg(
            &o.email,
            &format!("email-order-{what}-subject"),
            &format!("email-order-{what}-body"),
            &[
                ("shop", shop.into()),
                ("number", o.number.clone()),
                ("tracking", tracking),
                ("link", link.into()),
            ],
        ))
    }

    /// The note to a gift's recipient, sent when the order ships: who sends it, from which
    /// shop, when it should arrive and the buyer's message; never what it cost.
    pub fn gift_note(
        &self,
        to: &str,
        shop: &str,
        sender: &str,
        date: Option<&str>,
        message: &str,
    ) -> EmailMessage {
        let args = [("shop", shop.to_string()), ("sender", sender.to_string())];
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
        EmailMessage {
            to: to.to_string(),
            subject: self.i18n.ta(self.lang, "email-gift-note-subject", &args),
            text,
        }
    }

    /// The dated receipt of a withdrawal request, on a durable medium as the law asks.
    pub fn withdrawal_receipt(
        &self,
        o: &store::order::Order,
        w: &store::withdrawal::Withdrawal,
        shop: &str,
        at: &str,
        lines: &str,
        link: &str,
    ) -> EmailMessage {
        self.msg(
            &w.email,
            "email-withdrawal-subject",
            "email-withdrawal-body",
            &[
                ("shop", shop.into()),
                ("number", o.number.clone()),
                ("name", w.name.clone()),
                ("date", at.into()),
                ("lines", lines.into()),
                ("link", link.into()),
            ],
        )
    }
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

    fn confirmation(i18n: &I18n, lang: Lang, p: &app::checkout::Placed) -> String {
        Mail { i18n, lang }
            .order_placed(&Confirmation {
                placed: p,
                shop: "Fromagerie Émilie",
                timezone: "Europe/Paris",
                link: "https://emilie.example/orders/t",
                details: String::new(),
            })
            .text
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
}
