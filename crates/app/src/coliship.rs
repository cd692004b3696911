//! The orders to ship by Colissimo as a file for ColiShip, La Poste's web tool that prints
//! Colissimo labels in bulk from an imported file.
//!
//! What the layout is based on: La Poste publishes no import layout we could find in public
//! material. ColiShip reads a delimited text file through an *import profile* (a `.FMT` file the
//! seller loads once in ColiShip) that names the delimiters in a `[GENERAL]` section
//! (`DELIMITE=O`, `SEPARATEUR=59` for `;`, `DELIMITEUR=34` for `"`, `FINDELIGNE=CRLF`,
//! `Unité poids=G`) and maps ColiShip's field names to column numbers in a `[CHAMPS]` section
//! (`ReferenceExpedition=1`, `NomDestinataire=2`…). That is the layout of the profiles shipped by
//! public shop integrations (PrestaShop's ev_order2coliship, Sylius' ColishipPlugin, which
//! also list ColiShip's field names); it is the best known, not an official specification. So
//! the shop offers both files: [`profile`] (our `.FMT`) and [`csv`] (the orders, in the
//! profile's column order, without a header line, Windows-1252 as ColiShip's Windows-era
//! examples are). The product code is a default the seller can change in ColiShip: `DOM`
//! (Colissimo home delivery without signature) in France, Monaco and the EU, `COLI` (Colissimo
//! Expert international) elsewhere — customs lines (CN23) for parcels leaving the EU are not
//! written yet.
//!
//! Which orders: paid or being prepared, to be delivered, by a method of the shop's current
//! table whose carrier is Colissimo (orders keep the method's key; an order whose method has
//! since been deleted is not recognised). Weights are the variants' weights today plus
//! [`crate::checkout::PACKAGING_G`].

use domain::country::Country;
use domain::shipping::CarrierKind;
use store::id::ShopId;
use store::Store;

use crate::checkout::Address;
use crate::Result;

/// ColiShip's field names, in the files' column order.
pub const FIELDS: [&str; 13] = [
    "ReferenceExpedition",
    "NomDestinataire",
    "Adresse1",
    "Adresse2",
    "CodePostal",
    "Commune",
    "CodePays",
    "Telephone",
    "Portable",
    "Mail",
    "Poids",
    "CodeProduit",
    "NomCommercialChargeur",
];

/// The import profile to load once in ColiShip, matching [`csv`].
pub fn profile() -> String {
    let mut out = String::from(
        "[GENERAL]\r\nDELIMITE=O\r\nSEPARATEUR=59\r\nDELIMITEUR=34\r\nFINDELIGNE=CRLF\r\nUnité poids=G\r\n[CHAMPS]\r\n",
    );
    for (i, f) in FIELDS.iter().enumerate() {
        out.push_str(&format!("{f}={}\r\n", i + 1));
    }
    out
}

/// One parcel: the values of [`FIELDS`], in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parcel(pub [String; 13]);

/// French mobile numbers (06, 07, +33 6, +33 7) go in `Portable`, which Colissimo texts the
/// delivery notice to; other numbers in `Telephone`.
fn is_french_mobile(phone: &str) -> bool {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    let national = digits
        .strip_prefix("+33")
        .or_else(|| digits.strip_prefix("0033"))
        .map(|n| format!("0{n}"))
        .unwrap_or(digits);
    national.len() == 10 && (national.starts_with("06") || national.starts_with("07"))
}

fn product_code(country: &str) -> &'static str {
    match Country::parse(country) {
        Ok(c) if c == Country::FR || c.as_str() == "MC" || c.is_eu() => "DOM",
        _ => "COLI",
    }
}

impl Parcel {
    /// The parcel of an order going to `a`, whose goods weigh `goods_g`.
    pub fn new(number: &str, email: &str, a: &Address, goods_g: i64, shop_name: &str) -> Parcel {
        let phone = a.phone.trim().to_string();
        let mobile = is_french_mobile(&phone);
        let weight = goods_g.max(0) + i64::from(crate::checkout::PACKAGING_G);
        Parcel([
            number.to_string(),
            a.name.trim().to_string(),
            a.line1.trim().to_string(),
            a.line2.trim().to_string(),
            a.postal_code.trim().to_string(),
            a.city.trim().to_string(),
            a.country.trim().to_uppercase(),
            if mobile { String::new() } else { phone.clone() },
            if mobile { phone } else { String::new() },
            email.to_string(),
            weight.to_string(),
            product_code(&a.country).to_string(),
            shop_name.to_string(),
        ])
    }
}

/// A field between double quotes, inner quotes doubled; line breaks and tabs become spaces
/// (one parcel per line).
fn quoted(value: &str) -> String {
    let flat: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("\"{}\"", flat.replace('"', "\"\""))
}

/// The characters Windows-1252 puts where Latin-1 has control codes.
const CP1252_HIGH: [(char, u8); 27] = [
    ('€', 0x80),
    ('‚', 0x82),
    ('ƒ', 0x83),
    ('„', 0x84),
    ('…', 0x85),
    ('†', 0x86),
    ('‡', 0x87),
    ('ˆ', 0x88),
    ('‰', 0x89),
    ('Š', 0x8A),
    ('‹', 0x8B),
    ('Œ', 0x8C),
    ('Ž', 0x8E),
    ('‘', 0x91),
    ('’', 0x92),
    ('“', 0x93),
    ('”', 0x94),
    ('•', 0x95),
    ('–', 0x96),
    ('—', 0x97),
    ('˜', 0x98),
    ('™', 0x99),
    ('š', 0x9A),
    ('›', 0x9B),
    ('œ', 0x9C),
    ('ž', 0x9E),
    ('Ÿ', 0x9F),
];

/// `text` in Windows-1252; a character it lacks becomes `?`.
pub fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match u32::from(c) {
            n if n < 0x80 || (0xA0..=0xFF).contains(&n) => n as u8,
            _ => CP1252_HIGH
                .iter()
                .find(|(k, _)| *k == c)
                .map_or(b'?', |(_, b)| *b),
        })
        .collect()
}

/// The parcels as ColiShip imports them with [`profile`].
pub fn csv(parcels: &[Parcel]) -> Vec<u8> {
    let mut text = String::new();
    for p in parcels {
        let fields: Vec<String> = p.0.iter().map(|v| quoted(v)).collect();
        text.push_str(&fields.join(";"));
        text.push_str("\r\n");
    }
    windows_1252(&text)
}

/// The shop's orders waiting to leave by Colissimo, oldest first.
pub async fn to_ship(store: &Store, shop: &store::shop::Shop) -> Result<Vec<Parcel>> {
    let sid: ShopId = shop.sid();
    let mut conn = store.reader().await?;
    let table = crate::shipping::table(&mut conn, sid).await?;
    let colissimo: Vec<&str> = table
        .zones()
        .iter()
        .flat_map(|z| &z.methods)
        .filter(|m| m.spec().carrier == CarrierKind::Colissimo)
        .map(|m| m.spec().key.as_str())
        .collect();
    let weights = store::shipping::goods_weights(&mut conn, sid).await?;
    let orders = store::shipping::orders_to_ship(&mut conn, sid).await?;
    Ok(orders
        .iter()
        .filter(|o| {
            o.shipping_method
                .as_deref()
                .is_some_and(|k| colissimo.contains(&k))
        })
        .map(|o| {
            let address: Address = o
                .shipping_address
                .as_deref()
                .and_then(|a| serde_json::from_str(a).ok())
                .unwrap_or_default();
            let goods = weights
                .iter()
                .find(|(id, _)| *id == o.id)
                .map_or(0, |(_, g)| *g);
            Parcel::new(&o.number, &o.email, &address, goods, &shop.name)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(phone: &str, country: &str) -> Address {
        Address {
            name: "Camille \"Cam\" Durand".into(),
            line1: "3 rue des Lilas".into(),
            line2: "Bât. B\nEscalier 2".into(),
            postal_code: "21000".into(),
            city: "Dijon".into(),
            country: country.into(),
            phone: phone.into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_profile_names_each_column() {
        let p = profile();
        assert!(p.starts_with("[GENERAL]\r\nDELIMITE=O\r\nSEPARATEUR=59\r\nDELIMITEUR=34\r\n"));
        assert!(p.contains("[CHAMPS]\r\nReferenceExpedition=1\r\nNomDestinataire=2\r\n"));
        assert!(p.ends_with("NomCommercialChargeur=13\r\n"));
    }

    #[test]
    fn a_parcel_line() {
        let p = Parcel::new(
            "00042",
            "camille@example.org",
            &address("06 12 34 56 78", "fr"),
            1_200,
            "Fromagerie Œuvre",
        );
        let line = csv(&[p]);
        let expected = "\"00042\";\"Camille \"\"Cam\"\" Durand\";\"3 rue des Lilas\";\"Bât. B Escalier 2\";\"21000\";\"Dijon\";\"FR\";\"\";\"06 12 34 56 78\";\"camille@example.org\";\"1500\";\"DOM\";\"Fromagerie Œuvre\"\r\n";
        assert_eq!(line, windows_1252(expected));
        assert_eq!(line.iter().filter(|b| **b == b';').count(), 12);
        assert!(line.contains(&0xE2), "â in Windows-1252");
        assert!(line.contains(&0x8C), "Œ in Windows-1252");
    }

    #[test]
    fn phones_and_product_codes() {
        for (phone, mobile) in [
            ("06 12 34 56 78", true),
            ("+33 7 12 34 56 78", true),
            ("0033612345678", true),
            ("03 80 12 34 56", false),
            ("+41 79 123 45 67", false),
            ("", false),
        ] {
            assert_eq!(is_french_mobile(phone), mobile, "{phone}");
        }
        assert_eq!(product_code("FR"), "DOM");
        assert_eq!(product_code("DE"), "DOM");
        assert_eq!(product_code("CH"), "COLI");
        assert_eq!(windows_1252("a€b→c"), b"a\x80b?c");
    }
}
