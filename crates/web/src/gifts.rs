//! How a gift's recipients read on the shopper's recap and order page, in the confirmation
//! e-mail and on the seller's order page: one box per parcel with its address, date, method
//! and message. Dates are written in the reader's language.

use chrono::{Datelike, NaiveDate};
use domain::locale::Lang;

use crate::ctx::Ctx;

const FR_DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A date as a person reads it: "vendredi 6 mars 2026", "Friday 6 March 2026".
pub fn long_date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Fr => format!(
            "{} {} {} {}",
            FR_DAYS[d.weekday().num_days_from_monday() as usize],
            d.day(),
            FR_MONTHS[d.month0() as usize],
            d.year()
        ),
        Lang::En => d.format("%A %-d %B %Y").to_string(),
    }
}

/// A stored YYYY-MM-DD date in the reader's language (as stored if it cannot be read).
pub fn stored_date(lang: Lang, s: &str) -> String {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| long_date(lang, d))
        .unwrap_or_else(|_| s.to_string())
}

/// The message of a refused delivery date, with the dates in the reader's language and the
/// earliest date that can be asked for.
pub fn date_refusal(c: &Ctx, e: &domain::ValidationError, earliest: Option<NaiveDate>) -> String {
    let mut e = e.clone();
    for (name, value) in e.args.iter_mut() {
        if matches!(*name, "earliest" | "date") {
            *value = stored_date(c.lang, value);
        }
    }
    let text = c.err(&e);
    match earliest {
        Some(d) if e.code != "delivery-date-too-early" => format!(
            "{text} {}",
            c.t1("gift-earliest-is", "date", &long_date(c.lang, d))
        ),
        _ => text,
    }
}

/// One recipient's parcel as pages show it.
pub struct GiftBox {
    /// "Parcel 1 of 2", or "Gift" alone.
    pub title: String,
    pub address: Vec<String>,
    pub date: Option<String>,
    pub shipping: String,
    pub message: String,
    pub email: Option<String>,
    /// "2 × Comté 18 mois" (with several recipients; one receives everything).
    pub lines: Vec<String>,
}

/// The address of a parcel, line by line.
pub fn address_lines(c: &Ctx, a: &app::checkout::Address) -> Vec<String> {
    let id = format!("country-{}", a.country.to_ascii_lowercase());
    let country = match c.t(&id) {
        name if name == id => a.country.clone(),
        name => name,
    };
    [
        a.name.clone(),
        a.line1.clone(),
        a.line2.clone(),
        format!("{} {}", a.postal_code, a.city),
        country,
        a.phone.clone(),
    ]
    .into_iter()
    .filter(|l| !l.trim().is_empty())
    .collect()
}

fn title(c: &Ctx, position: usize, count: usize) -> String {
    if count <= 1 {
        c.t("gift-title")
    } else {
        c.i18n.ta(
            c.lang,
            "gift-parcel-of",
            &[("n", position.to_string()), ("count", count.to_string())],
        )
    }
}

/// The boxes of a gift being ordered (recap and checkout pages).
pub fn quoted(c: &Ctx, q: &app::checkout::Quote) -> Vec<GiftBox> {
    let Some(g) = &q.gift else {
        return Vec::new();
    };
    let count = g.parcels.len();
    g.parcels
        .iter()
        .map(|p| GiftBox {
            title: title(c, p.position, count),
            address: address_lines(c, &p.recipient.address),
            date: p.plan.map(|_| stored_date(c.lang, p.recipient.date.trim())),
            shipping: p
                .chosen
                .as_ref()
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            message: p.recipient.message.trim().to_string(),
            email: Some(p.recipient.email.trim().to_string()).filter(|e| !e.is_empty()),
            lines: if count > 1 {
                p.lines
                    .iter()
                    .map(|l| format!("{} × {}", l.quantity, q.cart.lines[l.index].view.title))
                    .collect()
            } else {
                Vec::new()
            },
        })
        .collect()
}

/// The boxes of an order's recipients (none when it is not a gift).
pub fn placed(c: &Ctx, slips: &[app::gift::Slip]) -> Vec<GiftBox> {
    let gifts: Vec<&app::gift::Slip> = slips.iter().filter(|s| s.is_gift).collect();
    let count = gifts.len();
    gifts
        .iter()
        .map(|s| GiftBox {
            title: title(c, s.parcel.position as usize, count),
            address: address_lines(c, &s.address),
            date: s
                .parcel
                .deliver_on
                .as_deref()
                .map(|d| stored_date(c.lang, d)),
            shipping: s.parcel.shipping_name.clone(),
            message: s.parcel.message.clone(),
            email: s.parcel.notify_email.clone(),
            lines: if count > 1 {
                s.lines
                    .iter()
                    .map(|(l, q)| format!("{q} × {}", l.title))
                    .collect()
            } else {
                Vec::new()
            },
        })
        .collect()
}

/// The boxes as plain text, for the confirmation e-mail.
pub fn as_text(c: &Ctx, boxes: &[GiftBox]) -> String {
    let mut out = String::new();
    for b in boxes {
        out.push_str(&format!("\n\n{}\n", b.title));
        for l in &b.address {
            out.push_str(&format!("  {l}\n"));
        }
        if let Some(d) = &b.date {
            out.push_str(&format!("{}\n", c.t1("gift-date-line", "date", d)));
        }
        for l in &b.lines {
            out.push_str(&format!("  {l}\n"));
        }
        if !b.message.is_empty() {
            out.push_str(&format!("{}\n", c.t("gift-message")));
            for l in b.message.lines() {
                out.push_str(&format!("  « {l} »\n"));
            }
        }
    }
    out
}

/// The boxes of parcels just recorded (the confirmation e-mail: no quantities per parcel).
pub fn recorded(c: &Ctx, parcels: &[store::gift::Parcel]) -> Vec<GiftBox> {
    let count = parcels.len();
    parcels
        .iter()
        .map(|p| GiftBox {
            title: title(c, p.position as usize, count),
            address: address_lines(c, &serde_json::from_str(&p.address).unwrap_or_default()),
            date: p.deliver_on.as_deref().map(|d| stored_date(c.lang, d)),
            shipping: p.shipping_name.clone(),
            message: p.message.clone(),
            email: p.notify_email.clone(),
            lines: Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    /// Every refusal of the gift and delivery-date rules reads in French and English, with
    /// its arguments.
    #[test]
    fn every_gift_refusal_has_its_text() {
        let i18n = crate::i18n::I18n::load();
        for (code, args) in domain::order::gift::CODES
            .iter()
            .chain(domain::delivery::CODES)
            .chain(domain::catalog::customs::CODES)
            .chain(app::gift::CODES)
            .chain(&[("country-unknown", &["value"][..])])
        {
            for lang in [domain::locale::Lang::Fr, domain::locale::Lang::En] {
                let id = format!("err-{code}");
                assert!(i18n.has(lang, &id), "{lang:?}: no {id}");
                let values: Vec<(&str, String)> =
                    args.iter().map(|a| (*a, format!("<{a}>"))).collect();
                let text = i18n.ta(lang, &id, &values);
                for a in *args {
                    assert!(text.contains(&format!("<{a}>")), "{id} does not show {a}");
                }
            }
        }
    }

    #[test]
    fn dates_read_in_the_readers_language() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 6).unwrap();
        assert_eq!(
            super::long_date(domain::locale::Lang::Fr, d),
            "vendredi 6 mars 2026"
        );
        assert_eq!(
            super::long_date(domain::locale::Lang::En, d),
            "Friday 6 March 2026"
        );
    }
}
