//! Invoices and credit notes as French law wants them (Code général des impôts, art. 242
//! nonies A; Code de commerce, art. L441-9): numbered in one continuous chronological series
//! per shop and kind, never changed once issued, and carrying every mention: the seller (its
//! name with "EI" for an individual entrepreneur, SIREN, address, VAT number), the buyer, the
//! date and number, each line with its unit price excluding tax, the VAT per rate (or the
//! art. 293 B mention of the VAT franchise), the totals, and the payment's date.
//!
//! A [`Document`] is written once, from the order as it was, and kept as it is: what a later
//! change of the shop's details does not touch.

use serde::{Deserialize, Serialize};

use crate::legal::{LegalStatus, VAT_FRANCHISE_MENTION};

keyword_enum! {
    /// An invoice, or a credit note that gives back part or all of one.
    pub enum Kind: "invoice-kind-unknown" {
        Invoice => "invoice",
        CreditNote => "credit_note",
    }
}

impl Kind {
    /// The counter series of the kind (one continuous series per shop and kind).
    pub fn series(self) -> &'static str {
        match self {
            Kind::Invoice => "invoice",
            Kind::CreditNote => "credit_note",
        }
    }

    /// The document's number from its place in the series: "F-000042", "AV-000007".
    pub fn number(self, seq: i64) -> String {
        let prefix = match self {
            Kind::Invoice => "F",
            Kind::CreditNote => "AV",
        };
        format!("{prefix}-{seq:06}")
    }
}

/// An address in its parts, as electronic invoices carry it (the printed lines are
/// [`Seller::address`] and [`Buyer::address`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Postal {
    pub line1: String,
    pub line2: String,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166-1 alpha-2 ("FR").
    pub country: String,
}

impl Postal {
    /// The address as it is printed: its lines, "postal code city", the country; empty parts
    /// left out.
    pub fn printed(&self) -> Vec<String> {
        [
            self.line1.clone(),
            self.line2.clone(),
            format!("{} {}", self.postal_code, self.city),
            self.country.clone(),
        ]
        .into_iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
    }

    /// The address's parts, read back from printed lines (documents issued before the parts
    /// were kept): the last line a country code, the one before it "postal code city".
    pub fn from_lines(lines: &[String]) -> Postal {
        let mut rest: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
        let mut p = Postal::default();
        if rest
            .last()
            .is_some_and(|c| c.len() == 2 && c.chars().all(|c| c.is_ascii_uppercase()))
        {
            p.country = rest.pop().unwrap_or_default().to_string();
        }
        if let Some(town) = rest.pop() {
            match town.split_once(' ') {
                Some((code, city)) if code.chars().any(|c| c.is_ascii_digit()) => {
                    p.postal_code = code.to_string();
                    p.city = city.trim().to_string();
                }
                _ => p.city = town.to_string(),
            }
        }
        p.line1 = rest.first().map(|l| l.to_string()).unwrap_or_default();
        p.line2 = rest.get(1..).map(|l| l.join(", ")).unwrap_or_default();
        p
    }
}

/// Who sells, as the invoice names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Seller {
    /// With "EI" after an individual entrepreneur's name (Code de commerce, art. R123-237).
    pub name: String,
    pub siren: Option<String>,
    pub vat_number: Option<String>,
    pub address: Vec<String>,
    pub email: String,
    #[serde(default)]
    pub postal: Postal,
}

impl Seller {
    /// The name as invoices write it: an individual entrepreneur's followed by "EI".
    pub fn name_of(legal_name: &str, status: LegalStatus) -> String {
        let name = legal_name.trim();
        match status {
            LegalStatus::IndividualEntrepreneur if !name.ends_with(" EI") => format!("{name} EI"),
            _ => name.to_string(),
        }
    }
}

/// Who buys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Buyer {
    pub name: String,
    pub address: Vec<String>,
    pub email: String,
    #[serde(default)]
    pub postal: Postal,
    /// A business buyer's company (empty for a consumer).
    #[serde(default)]
    pub company: String,
    /// A business buyer's VAT number.
    #[serde(default)]
    pub vat_number: Option<String>,
}

/// What an invoice to a business must say of late payment, even when it is paid (Code de
/// commerce, art. L441-9, L441-10 and D441-5): the rate of the penalties and the fixed
/// indemnity for recovery costs.
pub const BUSINESS_MENTIONS: [&str; 2] = [
    "En cas de retard de paiement : pénalités au taux de refinancement de la BCE majoré de 10 points (art. L441-10 du Code de commerce) et indemnité forfaitaire pour frais de recouvrement de 40 € (art. D441-5).",
    "Pas d’escompte pour paiement anticipé.",
];

impl Seller {
    /// The address's parts, from the printed lines when the document predates them.
    pub fn postal(&self) -> Postal {
        if self.postal.country.is_empty() {
            Postal::from_lines(&self.address)
        } else {
            self.postal.clone()
        }
    }
}

impl Buyer {
    /// The address's parts, from the printed lines when the document predates them.
    pub fn postal(&self) -> Postal {
        if self.postal.country.is_empty() {
            Postal::from_lines(&self.address)
        } else {
            self.postal.clone()
        }
    }
}

/// A line: what, how many, the unit price and total excluding tax, the VAT rate and amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub title: String,
    pub details: String,
    pub quantity: i64,
    pub unit_excl_minor: i64,
    pub total_excl_minor: i64,
    /// Basis points (2000 = 20 %).
    pub vat_rate_bp: i64,
    pub vat_minor: i64,
    /// A discount on the line, excluding tax: `unit_excl_minor` is the price before it,
    /// `total_excl_minor` the line's amount after it (0: none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub discount_excl_minor: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

impl Line {
    /// A line from an order's line: `total_minor` includes its VAT unless `added` (prices
    /// typed tax excluded).
    pub fn of(
        title: &str,
        details: &str,
        quantity: i64,
        total_minor: i64,
        vat_rate_bp: i64,
        vat_minor: i64,
        added: bool,
    ) -> Line {
        let total_excl = if added {
            total_minor
        } else {
            total_minor - vat_minor
        };
        let q = quantity.max(1);
        Line {
            title: title.to_string(),
            details: details.to_string(),
            quantity,
            // Half up, as prices are written.
            unit_excl_minor: (total_excl * 2 + q) / (2 * q),
            total_excl_minor: total_excl,
            vat_rate_bp,
            vat_minor,
            discount_excl_minor: 0,
        }
    }

    /// The line with a discount of `discount_excl_minor` (excluding tax) taken off before its
    /// amount: its unit price becomes the price before the discount.
    pub fn discounted(mut self, discount_excl_minor: i64) -> Line {
        if discount_excl_minor <= 0 {
            return self;
        }
        let q = self.quantity.max(1);
        let before = self.total_excl_minor + discount_excl_minor;
        self.unit_excl_minor = (before * 2 + q) / (2 * q);
        self.discount_excl_minor = discount_excl_minor;
        self
    }
}

/// The VAT of one rate: the base excluding tax and the tax.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub rate_bp: i64,
    pub net_minor: i64,
    pub vat_minor: i64,
    /// The country whose VAT this is (ISO 3166-1 alpha-2); `None` for what bears no VAT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
}

/// An invoice or a credit note, as issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub kind: String,
    pub number: String,
    /// The day of issue, on the shop's clock (YYYY-MM-DD).
    pub issued_on: String,
    pub order_number: String,
    pub currency: String,
    pub seller: Seller,
    pub buyer: Buyer,
    pub lines: Vec<Line>,
    pub rates: Vec<Rate>,
    pub total_excl_minor: i64,
    pub vat_minor: i64,
    pub total_minor: i64,
    /// The day the order was paid (YYYY-MM-DD), when it was.
    pub paid_on: Option<String>,
    pub payment_method: String,
    /// The invoice a credit note gives back part or all of.
    pub credits: Option<String>,
    /// Legal mentions, one per line (VAT franchise, private sale…).
    pub mentions: Vec<String>,
    /// The country the sale was taxed for (where the order went: ISO 3166-1 alpha-2), for the
    /// VAT report by destination; empty on documents issued before it was kept.
    #[serde(default)]
    pub destination: String,
}

impl Document {
    /// The country the sale was taxed for: where the order went, else (older documents) the
    /// buyer's country, else the seller's.
    pub fn destination(&self) -> String {
        [
            self.destination.clone(),
            self.buyer.postal().country,
            self.seller.postal().country,
        ]
        .into_iter()
        .find(|c| c.len() == 2)
        .unwrap_or_else(|| "FR".to_string())
    }
}

/// The mentions an invoice of this seller carries beside those of the order.
pub fn mentions(vat_franchise: bool, order_mentions: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = order_mentions
        .iter()
        .map(|m| m.trim())
        .filter(|m| !m.is_empty())
        .map(str::to_string)
        .collect();
    if vat_franchise && !out.iter().any(|m| m == VAT_FRANCHISE_MENTION) {
        out.push(VAT_FRANCHISE_MENTION.to_string());
    }
    out
}

/// A credit note's rates for `amount_minor` given back of an invoice: the invoice's rates
/// scaled down in proportion, the last one taking the rounding so that the parts add up.
pub fn credited_rates(invoice: &[Rate], invoice_total_minor: i64, amount_minor: i64) -> Vec<Rate> {
    if invoice_total_minor <= 0 || invoice.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut left = amount_minor;
    for (i, r) in invoice.iter().enumerate() {
        let gross = r.net_minor + r.vat_minor;
        let part = if i + 1 == invoice.len() {
            left
        } else {
            (i128::from(gross) * i128::from(amount_minor) / i128::from(invoice_total_minor)) as i64
        };
        left -= part;
        let vat = if gross == 0 {
            0
        } else {
            (i128::from(part) * i128::from(r.vat_minor) / i128::from(gross)) as i64
        };
        out.push(Rate {
            rate_bp: r.rate_bp,
            net_minor: part - vat,
            vat_minor: vat,
            jurisdiction: r.jurisdiction.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_their_series() {
        assert_eq!(Kind::Invoice.number(1), "F-000001");
        assert_eq!(Kind::CreditNote.number(42), "AV-000042");
        assert_eq!(Kind::parse("credit_note").unwrap(), Kind::CreditNote);
        assert_ne!(Kind::Invoice.series(), Kind::CreditNote.series());
    }

    #[test]
    fn an_individual_entrepreneur_is_named_with_ei() {
        let ei = LegalStatus::IndividualEntrepreneur;
        assert_eq!(Seller::name_of("Émilie Martin", ei), "Émilie Martin EI");
        assert_eq!(Seller::name_of("Émilie Martin EI", ei), "Émilie Martin EI");
        assert_eq!(
            Seller::name_of("Fromagerie SAS", LegalStatus::Company),
            "Fromagerie SAS"
        );
    }

    #[test]
    fn lines_give_their_unit_price_excluding_tax() {
        // 3 × 12,00 € TTC at 5,5 %: 36,00 TTC, VAT 1,88, 34,12 HT, 11,37 each.
        let l = Line::of("Comté", "", 3, 3600, 550, 188, false);
        assert_eq!((l.total_excl_minor, l.unit_excl_minor), (3412, 1137));
        // Typed tax excluded: the total is already so.
        let l = Line::of("Comté", "", 2, 2000, 2000, 400, true);
        assert_eq!((l.total_excl_minor, l.unit_excl_minor), (2000, 1000));
    }

    #[test]
    fn an_address_is_read_back_from_its_printed_lines() {
        let lines: Vec<String> = ["12 rue des Lilas", "Bât. B", "75011 Paris", "FR"]
            .map(String::from)
            .to_vec();
        let p = Postal::from_lines(&lines);
        assert_eq!(
            (p.line1.as_str(), p.line2.as_str(), p.postal_code.as_str()),
            ("12 rue des Lilas", "Bât. B", "75011")
        );
        assert_eq!((p.city.as_str(), p.country.as_str()), ("Paris", "FR"));
        let p = Postal::from_lines(&["Lyon".to_string()]);
        assert_eq!((p.city.as_str(), p.country.as_str()), ("Lyon", ""));
    }

    #[test]
    fn the_franchise_mention_is_there_once() {
        let m = mentions(true, &["TVA non applicable, art. 293 B du CGI", ""]);
        assert_eq!(m, ["TVA non applicable, art. 293 B du CGI"]);
        assert_eq!(mentions(false, &[]), Vec::<String>::new());
    }

    #[test]
    fn a_partial_credit_is_spread_over_the_rates_and_adds_up() {
        let rates = [
            Rate {
                rate_bp: 550,
                net_minor: 3412,
                vat_minor: 188,
                jurisdiction: Some("FR".into()),
            },
            Rate {
                rate_bp: 2000,
                net_minor: 625,
                vat_minor: 125,
                jurisdiction: Some("FR".into()),
            },
        ];
        let c = credited_rates(&rates, 4350, 1000);
        let sum: i64 = c.iter().map(|r| r.net_minor + r.vat_minor).sum();
        assert_eq!(sum, 1000);
        assert_eq!(c[0].rate_bp, 550);
        assert!(c[0].vat_minor > 0 && c[1].vat_minor > 0);
        let all = credited_rates(&rates, 4350, 4350);
        assert_eq!(all, rates);
    }
}
