//! The Factur-X XML of a document: UN/CEFACT Cross Industry Invoice (D16B), profile EN 16931,
//! as the French and German e-invoicing standard (Factur-X 1.0 / ZUGFeRD 2) wants it.
//!
//! Everything is derived from the issued [`Document`]: the VAT breakdown from its lines (so
//! that each rate's base is the sum of its lines, rule BR-S-08), the document already paid
//! (nothing left due). A VAT-franchise seller's lines are exempt (category E) with the
//! art. 293 B mention as the reason.

use domain::invoice::{Document, Kind, Postal};
use domain::legal::VAT_FRANCHISE_MENTION;
use domain::money::Currency;
use domain::rent::{OUT_OF_SCOPE_MENTION, REVERSE_CHARGE_MENTION};
use domain::tax::EXPORT_MENTION;

/// The name Factur-X gives the XML inside the PDF.
pub const FILE_NAME: &str = "factur-x.xml";

/// The EN 16931 profile's guideline identifier.
const GUIDELINE: &str = "urn:cen.eu:en16931:2017";

/// The XML of `doc`.
pub fn xml(doc: &Document) -> String {
    let kind = Kind::parse(&doc.kind).unwrap_or(Kind::Invoice);
    let cur = Currency::parse(&doc.currency).unwrap_or(Currency::EUR);
    let amount = |minor: i64| decimal(minor, cur.minor_units());
    let exempt_reason = exemption(doc);
    // Not subject to VAT (category O): no VAT identifier on either side (rule BR-O-02).
    let out_of_scope = exempt_reason.as_ref().is_some_and(|(c, _)| *c == "O");
    let mut x = Xml::default();
    x.raw(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    x.open_with(
        "rsm:CrossIndustryInvoice",
        r#" xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100""#,
    );
    x.open("rsm:ExchangedDocumentContext");
    x.open("ram:GuidelineSpecifiedDocumentContextParameter");
    x.leaf("ram:ID", GUIDELINE);
    x.close("ram:GuidelineSpecifiedDocumentContextParameter");
    x.close("rsm:ExchangedDocumentContext");

    x.open("rsm:ExchangedDocument");
    x.leaf("ram:ID", &doc.number);
    // UNTDID 1001: 380 commercial invoice, 381 credit note.
    x.leaf(
        "ram:TypeCode",
        match kind {
            Kind::Invoice => "380",
            Kind::CreditNote => "381",
        },
    );
    x.open("ram:IssueDateTime");
    x.leaf_attr(
        "udt:DateTimeString",
        r#"format="102""#,
        &ymd(&doc.issued_on),
    );
    x.close("ram:IssueDateTime");
    for m in &doc.mentions {
        x.open("ram:IncludedNote");
        x.leaf("ram:Content", m);
        x.close("ram:IncludedNote");
    }
    x.close("rsm:ExchangedDocument");

    x.open("rsm:SupplyChainTradeTransaction");
    for (i, l) in doc.lines.iter().enumerate() {
        x.open("ram:IncludedSupplyChainTradeLineItem");
        x.open("ram:AssociatedDocumentLineDocument");
        x.leaf("ram:LineID", &(i + 1).to_string());
        x.close("ram:AssociatedDocumentLineDocument");
        x.open("ram:SpecifiedTradeProduct");
        // A credit note's lines are named after the invoice they give back part of.
        let name = l.title.clone();
        x.leaf("ram:Name", if name.is_empty() { "-" } else { &name });
        if !l.details.trim().is_empty() {
            x.leaf("ram:Description", l.details.trim());
        }
        x.close("ram:SpecifiedTradeProduct");
        x.open("ram:SpecifiedLineTradeAgreement");
        x.open("ram:NetPriceProductTradePrice");
        x.leaf("ram:ChargeAmount", &amount(l.unit_excl_minor.max(0)));
        x.close("ram:NetPriceProductTradePrice");
        x.close("ram:SpecifiedLineTradeAgreement");
        x.open("ram:SpecifiedLineTradeDelivery");
        // UN/ECE rec. 20: C62 "one" (a piece).
        x.leaf_attr(
            "ram:BilledQuantity",
            r#"unitCode="C62""#,
            &l.quantity.max(1).to_string(),
        );
        x.close("ram:SpecifiedLineTradeDelivery");
        x.open("ram:SpecifiedLineTradeSettlement");
        tax(&mut x, None, l.vat_rate_bp, exempt_reason.as_ref());
        if l.discount_excl_minor > 0 {
            // A line allowance (BG-27): the net price is before it, the line's amount after.
            x.open("ram:SpecifiedTradeAllowanceCharge");
            x.open("ram:ChargeIndicator");
            x.leaf("udt:Indicator", "false");
            x.close("ram:ChargeIndicator");
            x.leaf("ram:ActualAmount", &amount(l.discount_excl_minor));
            x.leaf("ram:Reason", "Remise");
            x.close("ram:SpecifiedTradeAllowanceCharge");
        }
        x.open("ram:SpecifiedTradeSettlementLineMonetarySummation");
        x.leaf("ram:LineTotalAmount", &amount(l.total_excl_minor));
        x.close("ram:SpecifiedTradeSettlementLineMonetarySummation");
        x.close("ram:SpecifiedLineTradeSettlement");
        x.close("ram:IncludedSupplyChainTradeLineItem");
    }

    x.open("ram:ApplicableHeaderTradeAgreement");
    x.open("ram:SellerTradeParty");
    x.leaf("ram:Name", &doc.seller.name);
    if let Some(siren) = &doc.seller.siren {
        x.open("ram:SpecifiedLegalOrganization");
        // ISO 6523 ICD 0002: the French SIRENE register.
        x.leaf_attr("ram:ID", r#"schemeID="0002""#, siren);
        x.close("ram:SpecifiedLegalOrganization");
    }
    address(&mut x, &doc.seller.postal());
    email(&mut x, &doc.seller.email);
    match (
        doc.seller.vat_number.as_ref().filter(|_| !out_of_scope),
        &doc.seller.siren,
    ) {
        (Some(vat), _) => {
            x.open("ram:SpecifiedTaxRegistration");
            x.leaf_attr("ram:ID", r#"schemeID="VA""#, vat);
            x.close("ram:SpecifiedTaxRegistration");
        }
        // A seller without a VAT number (the franchise) is known to the tax office by its
        // SIREN: its tax registration (BT-32), which an exempt invoice must carry (BR-E-02).
        (None, Some(siren)) => {
            x.open("ram:SpecifiedTaxRegistration");
            x.leaf_attr("ram:ID", r#"schemeID="FC""#, siren);
            x.close("ram:SpecifiedTaxRegistration");
        }
        (None, None) => {}
    }
    x.close("ram:SellerTradeParty");
    x.open("ram:BuyerTradeParty");
    let person = if doc.buyer.name.trim().is_empty() {
        &doc.buyer.email
    } else {
        &doc.buyer.name
    };
    if doc.buyer.company.is_empty() {
        x.leaf("ram:Name", person);
    } else {
        // A business: the company is the buyer, the person its contact.
        x.leaf("ram:Name", &doc.buyer.company);
        x.open("ram:DefinedTradeContact");
        x.leaf("ram:PersonName", person);
        x.close("ram:DefinedTradeContact");
    }
    address(&mut x, &doc.buyer.postal());
    email(&mut x, &doc.buyer.email);
    if let Some(vat) = doc.buyer.vat_number.as_ref().filter(|_| !out_of_scope) {
        x.open("ram:SpecifiedTaxRegistration");
        x.leaf_attr("ram:ID", r#"schemeID="VA""#, vat);
        x.close("ram:SpecifiedTaxRegistration");
    }
    x.close("ram:BuyerTradeParty");
    if !doc.order_number.is_empty() {
        // BT-14: the seller's own order reference.
        x.open("ram:SellerOrderReferencedDocument");
        x.leaf("ram:IssuerAssignedID", &doc.order_number);
        x.close("ram:SellerOrderReferencedDocument");
    }
    x.close("ram:ApplicableHeaderTradeAgreement");

    // BT-72, the date of the sale or delivery (a mention French law asks for too): the day of
    // issue, the day the order was paid (or, for a shop invoicing at shipment, handed over).
    x.open("ram:ApplicableHeaderTradeDelivery");
    x.open("ram:ActualDeliverySupplyChainEvent");
    x.open("ram:OccurrenceDateTime");
    x.leaf_attr(
        "udt:DateTimeString",
        r#"format="102""#,
        &ymd(&doc.issued_on),
    );
    x.close("ram:OccurrenceDateTime");
    x.close("ram:ActualDeliverySupplyChainEvent");
    x.close("ram:ApplicableHeaderTradeDelivery");

    x.open("ram:ApplicableHeaderTradeSettlement");
    x.leaf("ram:InvoiceCurrencyCode", cur.as_str());
    if let Some(code) = means(&doc.payment_method) {
        x.open("ram:SpecifiedTradeSettlementPaymentMeans");
        x.leaf("ram:TypeCode", code);
        x.close("ram:SpecifiedTradeSettlementPaymentMeans");
    }
    let breakdown = breakdown(doc);
    for b in &breakdown {
        tax(
            &mut x,
            Some((&amount(b.vat_minor), &amount(b.net_minor))),
            b.rate_bp,
            exempt_reason.as_ref(),
        );
    }
    let lines: i64 = doc.lines.iter().map(|l| l.total_excl_minor).sum();
    let vat: i64 = breakdown.iter().map(|b| b.vat_minor).sum();
    x.open("ram:SpecifiedTradeSettlementHeaderMonetarySummation");
    x.leaf("ram:LineTotalAmount", &amount(lines));
    x.leaf("ram:TaxBasisTotalAmount", &amount(lines));
    x.leaf_attr(
        "ram:TaxTotalAmount",
        &format!(r#"currencyID="{}""#, cur.as_str()),
        &amount(vat),
    );
    x.leaf("ram:GrandTotalAmount", &amount(lines + vat));
    let paid = if doc.paid_on.is_some() {
        lines + vat
    } else {
        0
    };
    x.leaf("ram:TotalPrepaidAmount", &amount(paid));
    x.leaf("ram:DuePayableAmount", &amount(lines + vat - paid));
    x.close("ram:SpecifiedTradeSettlementHeaderMonetarySummation");
    if let Some(invoice) = &doc.credits {
        // BT-25: the invoice a credit note gives back part of.
        x.open("ram:InvoiceReferencedDocument");
        x.leaf("ram:IssuerAssignedID", invoice);
        x.close("ram:InvoiceReferencedDocument");
    }
    x.close("ram:ApplicableHeaderTradeSettlement");
    x.close("rsm:SupplyChainTradeTransaction");
    x.close("rsm:CrossIndustryInvoice");
    x.out
}

/// One rate of the VAT breakdown, as the lines add it up.
struct Part {
    rate_bp: i64,
    net_minor: i64,
    vat_minor: i64,
}

fn breakdown(doc: &Document) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    for l in &doc.lines {
        match parts.iter_mut().find(|p| p.rate_bp == l.vat_rate_bp) {
            Some(p) => {
                p.net_minor += l.total_excl_minor;
                p.vat_minor += l.vat_minor;
            }
            None => parts.push(Part {
                rate_bp: l.vat_rate_bp,
                net_minor: l.total_excl_minor,
                vat_minor: l.vat_minor,
            }),
        }
    }
    parts.sort_by_key(|p| p.rate_bp);
    parts
}

/// Why a document's lines bear no VAT, as a category of UNTDID 5305 with its reason: an export
/// out of the EU (G), a reverse charge (AE), a service outside the scope of French VAT (O),
/// the franchise or another exemption the document mentions (E). `None`
/// when VAT is charged, or when nothing says why not (zero-rated, Z).
fn exemption(doc: &Document) -> Option<(&'static str, String)> {
    if doc.vat_minor != 0 || doc.lines.iter().any(|l| l.vat_rate_bp != 0) {
        return None;
    }
    let has = |m: &str| doc.mentions.iter().any(|x| x == m);
    if has(EXPORT_MENTION) {
        Some(("G", EXPORT_MENTION.to_string()))
    } else if has(REVERSE_CHARGE_MENTION) {
        // Reverse charge: the buyer, a business of another member state, owes the VAT.
        Some(("AE", REVERSE_CHARGE_MENTION.to_string()))
    } else if has(OUT_OF_SCOPE_MENTION) {
        Some(("O", OUT_OF_SCOPE_MENTION.to_string()))
    } else if has(VAT_FRANCHISE_MENTION) {
        Some(("E", VAT_FRANCHISE_MENTION.to_string()))
    } else {
        doc.mentions.first().map(|m| ("E", m.clone()))
    }
}

/// A VAT entry: of the header's breakdown when `amounts` (tax, base) are given, of a line
/// otherwise. Category S (standard) for a rate above zero; else the exemption's category (with
/// its reason in the breakdown), or Z (zero-rated).
fn tax(
    x: &mut Xml,
    amounts: Option<(&str, &str)>,
    rate_bp: i64,
    exemption: Option<&(&'static str, String)>,
) {
    x.open("ram:ApplicableTradeTax");
    if let Some((vat, _)) = amounts {
        x.leaf("ram:CalculatedAmount", vat);
    }
    x.leaf("ram:TypeCode", "VAT");
    if let (Some(_), Some((_, reason))) = (amounts, exemption) {
        x.leaf("ram:ExemptionReason", reason);
    }
    if let Some((_, base)) = amounts {
        x.leaf("ram:BasisAmount", base);
    }
    let category = match (rate_bp > 0, exemption) {
        (true, _) => "S",
        (false, Some((category, _))) => category,
        (false, None) => "Z",
    };
    x.leaf("ram:CategoryCode", category);
    x.leaf("ram:RateApplicablePercent", &decimal(rate_bp, 2));
    x.close("ram:ApplicableTradeTax");
}

fn address(x: &mut Xml, p: &Postal) {
    x.open("ram:PostalTradeAddress");
    if !p.postal_code.is_empty() {
        x.leaf("ram:PostcodeCode", &p.postal_code);
    }
    if !p.line1.is_empty() {
        x.leaf("ram:LineOne", &p.line1);
    }
    if !p.line2.is_empty() {
        x.leaf("ram:LineTwo", &p.line2);
    }
    if !p.city.is_empty() {
        x.leaf("ram:CityName", &p.city);
    }
    let country = if p.country.len() == 2 {
        &p.country
    } else {
        "FR"
    };
    x.leaf("ram:CountryID", country);
    x.close("ram:PostalTradeAddress");
}

fn email(x: &mut Xml, email: &str) {
    if email.contains('@') {
        x.open("ram:URIUniversalCommunication");
        x.leaf_attr("ram:URIID", r#"schemeID="EM""#, email.trim());
        x.close("ram:URIUniversalCommunication");
    }
}

/// UNTDID 4461 payment means of an order's payment method (the ones that need nothing more).
fn means(method: &str) -> Option<&'static str> {
    match method {
        "card" => Some("48"),
        "cheque" => Some("20"),
        "pickup_cash" => Some("10"),
        _ => None,
    }
}

/// "2026-12-07" → "20261207" (format 102).
fn ymd(date: &str) -> String {
    date.chars().filter(char::is_ascii_digit).collect()
}

/// Minor units as a decimal with `units` decimals: 1234, 2 → "12.34"; -5, 2 → "-0.05".
fn decimal(minor: i64, units: u8) -> String {
    if units == 0 {
        return minor.to_string();
    }
    let scale = 10i64.pow(u32::from(units));
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let scale = scale.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        abs / scale,
        abs % scale,
        width = usize::from(units)
    )
}

/// A small XML writer: elements open and close in order, text escaped.
#[derive(Default)]
struct Xml {
    out: String,
}

impl Xml {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }
    fn open(&mut self, name: &str) {
        self.open_with(name, "");
    }
    fn open_with(&mut self, name: &str, attrs: &str) {
        self.out.push('<');
        self.out.push_str(name);
        self.out.push_str(attrs);
        self.out.push('>');
    }
    fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }
    fn leaf(&mut self, name: &str, text: &str) {
        self.leaf_attr(name, "", text);
    }
    fn leaf_attr(&mut self, name: &str, attrs: &str, text: &str) {
        self.out.push('<');
        self.out.push_str(name);
        if !attrs.is_empty() {
            self.out.push(' ');
            self.out.push_str(attrs);
        }
        self.out.push('>');
        escape(&mut self.out, text);
        self.close(name);
    }
}

fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot hold are left out.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_with_the_currency_decimals() {
        assert_eq!(decimal(1234, 2), "12.34");
        assert_eq!(decimal(5, 2), "0.05");
        assert_eq!(decimal(-5, 2), "-0.05");
        assert_eq!(decimal(1500, 0), "1500");
        assert_eq!(decimal(550, 2), "5.50");
    }

    #[test]
    fn text_is_escaped() {
        let mut s = String::new();
        escape(&mut s, "Tom & Jerry <3 \"x\"\u{1}");
        assert_eq!(s, "Tom &amp; Jerry &lt;3 &quot;x&quot;");
    }
}
