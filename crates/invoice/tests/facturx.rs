//! Invoices and credit notes as Factur-X PDFs, checked by the tools accountants' software is
//! built on (see `common/checker.rs`): a VAT invoice with two rates, a VAT-franchise invoice
//! (category E, art. 293 B) and a credit note, each valid against the EN 16931 XSD and
//! business rules, PDF/A-3 with its XML attached, and holding the mentions in its text.

#[path = "../../web/tests/it/common/skip.rs"]
mod skip;

mod common {
    pub mod checker;
}

use common::checker;
use domain::invoice::{Buyer, Document, Line, Postal, Rate, Seller};
use invoice::{Party, Sheet, Table};

fn buyer() -> Buyer {
    Buyer {
        name: "Camille Martin".into(),
        address: vec!["Rue Neuve 3".into(), "1000 Bruxelles".into(), "BE".into()],
        email: "camille@example.org".into(),
        postal: Postal {
            line1: "Rue Neuve 3".into(),
            line2: String::new(),
            postal_code: "1000".into(),
            city: "Bruxelles".into(),
            country: "BE".into(),
        },
        company: String::new(),
        vat_number: None,
    }
}

fn seller(franchise: bool) -> Seller {
    Seller {
        name: if franchise {
            "Émilie Durand EI".into()
        } else {
            "Fromagerie des Alpes SARL".into()
        },
        siren: Some("732829320".into()),
        vat_number: (!franchise).then(|| "FR44732829320".into()),
        address: vec!["12 rue du Lac".into(), "74000 Annecy".into(), "FR".into()],
        email: "bonjour@fromagerie.example".into(),
        postal: Postal {
            line1: "12 rue du Lac".into(),
            line2: String::new(),
            postal_code: "74000".into(),
            city: "Annecy".into(),
            country: "FR".into(),
        },
    }
}

fn vat_invoice() -> Document {
    // 3 × 12,00 € TTC at 5,5 %, a board at 30,00 € TTC at 20 %, delivery 7,20 € TTC at 20 %.
    let lines = vec![
        Line::of("Comté 18 mois", "250 g", 3, 3600, 550, 188, false),
        Line::of("Planche à fromage", "", 1, 3000, 2000, 500, false),
        Line::of("Colissimo", "", 1, 720, 2000, 120, false),
    ];
    Document {
        kind: "invoice".into(),
        number: "F-000001".into(),
        issued_on: "2026-12-07".into(),
        order_number: "00042".into(),
        currency: "EUR".into(),
        seller: seller(false),
        buyer: buyer(),
        rates: vec![
            Rate {
                rate_bp: 550,
                net_minor: 3412,
                vat_minor: 188,
                jurisdiction: Some("FR".into()),
            },
            Rate {
                rate_bp: 2000,
                net_minor: 3100,
                vat_minor: 620,
                jurisdiction: Some("FR".into()),
            },
        ],
        lines,
        total_excl_minor: 6512,
        vat_minor: 808,
        total_minor: 7320,
        paid_on: Some("2026-12-07".into()),
        payment_method: "card".into(),
        credits: None,
        mentions: vec![],
        destination: "BE".into(),
    }
}

fn franchise_invoice() -> Document {
    Document {
        kind: "invoice".into(),
        number: "F-000002".into(),
        issued_on: "2026-12-07".into(),
        order_number: "00043".into(),
        currency: "EUR".into(),
        seller: seller(true),
        buyer: buyer(),
        lines: vec![
            Line::of("Plateau de fromages", "pour 6", 2, 9000, 0, 0, false),
            Line::of("Chronopost", "", 1, 1290, 0, 0, false),
        ],
        rates: vec![Rate {
            rate_bp: 0,
            net_minor: 10290,
            vat_minor: 0,
            jurisdiction: None,
        }],
        total_excl_minor: 10290,
        vat_minor: 0,
        total_minor: 10290,
        paid_on: Some("2026-12-07".into()),
        payment_method: "bank_transfer".into(),
        credits: None,
        mentions: vec![domain::legal::VAT_FRANCHISE_MENTION.into()],
        destination: "BE".into(),
    }
}

fn credit_note() -> Document {
    let invoice = vat_invoice();
    let rates = domain::invoice::credited_rates(&invoice.rates, invoice.total_minor, 1500);
    let vat = rates.iter().map(|r| r.vat_minor).sum::<i64>();
    Document {
        kind: "credit_note".into(),
        number: "AV-000001".into(),
        lines: rates
            .iter()
            .map(|r| Line {
                title: "F-000001".into(),
                details: String::new(),
                quantity: 1,
                unit_excl_minor: r.net_minor,
                total_excl_minor: r.net_minor,
                vat_rate_bp: r.rate_bp,
                vat_minor: r.vat_minor,
                discount_excl_minor: 0,
            })
            .collect(),
        rates,
        total_excl_minor: 1500 - vat,
        vat_minor: vat,
        total_minor: 1500,
        credits: Some("F-000001".into()),
        ..invoice
    }
}

/// The page of `d`, written as the web pages write it (a few labels, amounts as French does).
fn sheet(d: &Document) -> Sheet {
    let cur = domain::money::Currency::parse(&d.currency).unwrap();
    let m = |minor: i64| domain::money::Money::new(minor, cur).format(domain::locale::Lang::Fr);
    Sheet {
        lang: "fr".into(),
        title: format!(
            "{} n° {}",
            if d.credits.is_some() {
                "Avoir"
            } else {
                "Facture"
            },
            d.number
        ),
        dated: format!("Date : {} — commande n° {}", d.issued_on, d.order_number),
        credits: d
            .credits
            .as_ref()
            .map(|n| format!("Avoir sur la facture n° {n}")),
        seller: Party {
            heading: "Vendeur".into(),
            name: d.seller.name.clone(),
            lines: d
                .seller
                .address
                .iter()
                .cloned()
                .chain(d.seller.siren.iter().map(|s| format!("SIREN : {s}")))
                .collect(),
        },
        buyer: Party {
            heading: "Client".into(),
            name: d.buyer.name.clone(),
            lines: d.buyer.address.clone(),
        },
        lines: Table {
            caption: "Désignations".into(),
            columns: [
                "Désignation",
                "Quantité",
                "Prix unitaire HT",
                "TVA",
                "Total HT",
            ]
            .map(String::from)
            .to_vec(),
            rows: d
                .lines
                .iter()
                .map(|l| {
                    vec![
                        format!("{}\n{}", l.title, l.details),
                        l.quantity.to_string(),
                        m(l.unit_excl_minor),
                        format!("{} %", l.vat_rate_bp as f64 / 100.0),
                        m(l.total_excl_minor),
                    ]
                })
                .collect(),
        },
        rates: Table {
            caption: "TVA par taux".into(),
            columns: ["Taux", "Base HT", "TVA"].map(String::from).to_vec(),
            rows: d
                .rates
                .iter()
                .filter(|r| r.vat_minor != 0)
                .map(|r| {
                    vec![
                        format!("{} %", r.rate_bp as f64 / 100.0),
                        m(r.net_minor),
                        m(r.vat_minor),
                    ]
                })
                .collect(),
        },
        totals: vec![
            ("Total HT".into(), m(d.total_excl_minor)),
            ("Total TVA".into(), m(d.vat_minor)),
            ("Total TTC".into(), m(d.total_minor)),
        ],
        paid: d.paid_on.as_ref().map(|p| format!("Payée le {p}.")),
        mentions: d.mentions.clone(),
    }
}

/// `d` as a PDF, checked; the text of its pages, whitespace folded.
fn checked(d: &Document) -> Option<(serde_json::Value, String)> {
    let pdf = invoice::pdf(d, &sheet(d)).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    if let Some(dir) = std::env::var_os("VITRINE_SCREENSHOTS") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            std::path::Path::new(&dir).join(format!("{}.pdf", d.number)),
            &pdf,
        )
        .unwrap();
    }
    assert_eq!(
        pdf,
        invoice::pdf(d, &sheet(d)).unwrap(),
        "the same document makes the same PDF"
    );
    let found = skip::need(&skip::FACTURX, checker::check(&pdf))?;
    checker::assert_valid(&found);
    let text = checker::text(&found);
    Some((found, text))
}

#[test]
fn an_invoice_with_two_vat_rates_is_valid_factur_x() {
    let d = vat_invoice();
    let Some((found, text)) = checked(&d) else {
        return;
    };
    let xml = found["xml"].as_str().unwrap();
    assert!(xml.contains("<ram:TypeCode>380</ram:TypeCode>"));
    assert!(xml.contains("<ram:ID schemeID=\"VA\">FR44732829320</ram:ID>"));
    assert!(xml.contains("<ram:GrandTotalAmount>73.20</ram:GrandTotalAmount>"));
    assert!(xml.contains("<ram:DuePayableAmount>0.00</ram:DuePayableAmount>"));
    for mention in [
        "Facture n° F-000001",
        "Fromagerie des Alpes SARL",
        "SIREN : 732829320",
        "Camille Martin",
        "Comté 18 mois",
        "34,12",
        "73,20",
        "Payée le 2026-12-07",
    ] {
        assert!(text.contains(mention), "the PDF lacks {mention:?}: {text}");
    }
}

#[test]
fn a_vat_franchise_invoice_is_exempt_with_its_mention() {
    let d = franchise_invoice();
    let Some((found, text)) = checked(&d) else {
        return;
    };
    let xml = found["xml"].as_str().unwrap();
    assert!(xml.contains("<ram:CategoryCode>E</ram:CategoryCode>"));
    assert!(xml.contains(
        "<ram:ExemptionReason>TVA non applicable, art. 293 B du CGI</ram:ExemptionReason>"
    ));
    for mention in [
        "Émilie Durand EI",
        "SIREN : 732829320",
        "TVA non applicable, art. 293 B du CGI",
        "102,90",
    ] {
        assert!(text.contains(mention), "the PDF lacks {mention:?}: {text}");
    }
}

#[test]
fn a_credit_note_names_the_invoice_it_gives_back() {
    let d = credit_note();
    let Some((found, text)) = checked(&d) else {
        return;
    };
    let xml = found["xml"].as_str().unwrap();
    assert!(xml.contains("<ram:TypeCode>381</ram:TypeCode>"));
    assert!(xml.contains(
        "<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>F-000001</ram:IssuerAssignedID>"
    ));
    assert!(xml.contains("<ram:GrandTotalAmount>15.00</ram:GrandTotalAmount>"));
    assert!(text.contains("Avoir n° AV-000001"), "{text}");
    assert!(text.contains("Avoir sur la facture n° F-000001"), "{text}");
}

#[test]
fn an_invoice_to_a_business_names_the_company_its_vat_number_and_the_late_payment_terms() {
    let mut d = vat_invoice();
    d.number = "F-000003".into();
    d.buyer.company = "Hôtel du Lac SPRL".into();
    d.buyer.vat_number = Some("BE0123456749".into());
    d.mentions = domain::invoice::BUSINESS_MENTIONS
        .iter()
        .map(|m| m.to_string())
        .collect();
    let mut s = sheet(&d);
    s.buyer.name = d.buyer.company.clone();
    let pdf = invoice::pdf(&d, &s).unwrap();
    let Some(found) = skip::need(&skip::FACTURX, checker::check(&pdf)) else {
        return;
    };
    checker::assert_valid(&found);
    let xml = found["xml"].as_str().unwrap();
    assert!(xml.contains("<ram:BuyerTradeParty><ram:Name>Hôtel du Lac SPRL</ram:Name><ram:DefinedTradeContact><ram:PersonName>Camille Martin</ram:PersonName>"), "{xml}");
    assert!(xml.contains("<ram:ID schemeID=\"VA\">BE0123456749</ram:ID></ram:SpecifiedTaxRegistration></ram:BuyerTradeParty>"), "{xml}");
    let text = checker::text(&found);
    for want in [
        "Hôtel du Lac SPRL",
        "indemnité forfaitaire pour frais de recouvrement de 40 €",
        "pénalités",
    ] {
        assert!(text.contains(want), "{want:?} in the PDF: {text}");
    }
}

#[test]
fn text_the_fonts_cannot_draw_does_not_stop_the_invoice() {
    let mut d = franchise_invoice();
    d.number = "F-000004".into();
    d.lines[0].title = "Plateau 🧀 チーズ".into();
    d.buyer.name = "Zoë 王".into();
    let pdf = invoice::pdf(&d, &sheet(&d)).unwrap();
    let Some(found) = skip::need(&skip::FACTURX, checker::check(&pdf)) else {
        return;
    };
    checker::assert_valid(&found);
    let xml = found["xml"].as_str().unwrap();
    assert!(
        xml.contains("Plateau 🧀 チーズ"),
        "the XML keeps the text: {xml}"
    );
    assert!(found["text"].as_str().unwrap().contains("Plateau ? ???"));
}
