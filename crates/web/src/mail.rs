//! The e-mails Vitrine sends, written in the reader's language and queued in the outbox within
//! the caller's transaction (the worker delivers them).

use domain::locale::Lang;
use store::outbox::EmailMessage;

use crate::i18n::I18n;

pub struct Mail<'a> {
    pub i18n: &'a I18n,
    pub lang: Lang,
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

    /// The order confirmation: what was ordered, the total, how to pay, and the order's link.
    pub fn order_placed(&self, o: &store::order::Order, shop: &str, link: &str) -> EmailMessage {
        let total = domain::money::Currency::parse(&o.currency)
            .map(|cur| domain::money::Money::new(o.total_minor, cur).format(self.lang))
            .unwrap_or_else(|_| format!("{} {}", o.total_minor, o.currency));
        let method = self
            .i18n
            .t(self.lang, &format!("checkout-pay-{}", o.payment_method));
        // A private seller's buyer has no withdrawal right to be told about.
        let seller = if o.mentions.contains(domain::legal::PRIVATE_SALE_MENTION) {
            "private"
        } else {
            "trader"
        };
        self.msg(
            &o.email,
            "email-order-placed-subject",
            "email-order-placed-body",
            &[
                ("shop", shop.into()),
                ("number", o.number.clone()),
                ("total", total),
                ("method", method),
                ("link", link.into()),
                ("seller", seller.into()),
            ],
        )
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
