//! VAT rates of the EU member states, and which VAT area a destination
//! belongs to (the EU VAT area is not quite the EU).

use crate::catalog::VatClass;
use crate::country::Destination;

/// The rates of one jurisdiction of the EU VAT area, in basis points
/// (hundredths of a percent: 2000 = 20 %, 550 = 5.5 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VatRates {
    /// ISO country code, except "XI": Northern Ireland, which stays in the
    /// EU VAT area for goods and is declared under that code in the OSS.
    pub code: &'static str,
    pub standard: u32,
    /// Ascending; empty where the country has none (Denmark).
    pub reduced: &'static [u32],
    pub super_reduced: Option<u32>,
}

impl VatRates {
    /// The rate for a product of `class` in this jurisdiction.
    ///
    /// A product's class is chosen with French categories in mind, and each
    /// country puts goods in its rates its own way, so abroad this is a
    /// default the seller must check for their products: standard stays
    /// standard; "intermediate" (FR 10 %) takes the highest reduced rate;
    /// "reduced" (FR 5.5 %: food, books) the lowest reduced rate;
    /// "super reduced" the super-reduced rate, else the lowest reduced one;
    /// exempt stays exempt. A country without reduced rates taxes
    /// everything at its standard rate. For France it gives exactly the
    /// rates of [`VatClass::rate_basis_points_fr`].
    pub fn rate(&self, class: VatClass) -> u32 {
        let lowest = self.reduced.first().copied();
        let highest = self.reduced.last().copied();
        match class {
            VatClass::Standard => self.standard,
            VatClass::Intermediate => highest.unwrap_or(self.standard),
            VatClass::Reduced => lowest.unwrap_or(self.standard),
            VatClass::SuperReduced => self.super_reduced.or(lowest).unwrap_or(self.standard),
            VatClass::Exempt => 0,
        }
    }
}

const fn row(
    code: &'static str,
    standard: u32,
    reduced: &'static [u32],
    super_reduced: Option<u32>,
) -> VatRates {
    VatRates {
        code,
        standard,
        reduced,
        super_reduced,
    }
}

/// Rates in force in 2026, mainland rates only.
///
/// Source: European Commission, Taxes in Europe Database (TEDB), as of
/// 1 July 2026 (read through the open "eu-vat-rates-data" snapshot of that
/// date, which republishes TEDB daily). Regional rates are left out: Corsica
/// and the French overseas departments, Madeira and the Azores, the Greek
/// islands, Austria's Jungholz and Mittelberg. Changes worth knowing: Estonia
/// 24 % since July 2025, Finland 25.5 % and a 13.5 % food rate (2026),
/// Romania 21 % and a single 11 % reduced rate since August 2025, Slovakia
/// 23 % since 2025, Lithuania's 12 %, Austria's 4.9 % on basic food (2026).
/// Northern Ireland ("XI") takes the UK's rates (20 %, 5 %).
///
/// When a rate changes, update the row and the test that pins it; orders
/// keep the rate they were placed with (the store snapshots it).
pub static EU_RATES: &[VatRates] = &[
    row("AT", 2000, &[1000, 1300], Some(490)),
    row("BE", 2100, &[600, 1200], None),
    row("BG", 2000, &[900], None),
    row("CY", 1900, &[500, 900], Some(300)),
    row("CZ", 2100, &[1200], None),
    row("DE", 1900, &[700], None),
    row("DK", 2500, &[], None),
    row("EE", 2400, &[900, 1300], None),
    row("ES", 2100, &[1000], Some(400)),
    row("FI", 2550, &[1000, 1350], None),
    row("FR", 2000, &[550, 1000], Some(210)),
    row("GR", 2400, &[600, 1300], None),
    row("HR", 2500, &[500, 1300], None),
    row("HU", 2700, &[500, 1800], None),
    row("IE", 2300, &[900, 1350], None),
    row("IT", 2200, &[500, 1000], Some(400)),
    row("LT", 2100, &[500, 1200], None),
    row("LU", 1700, &[800, 1400], Some(300)),
    row("LV", 2100, &[500, 1200], None),
    row("MT", 1800, &[500, 700], None),
    row("NL", 2100, &[900], None),
    row("PL", 2300, &[500, 800], None),
    row("PT", 2300, &[600, 1300], None),
    row("RO", 2100, &[1100], None),
    row("SE", 2500, &[600, 1200], None),
    row("SI", 2200, &[500, 950], None),
    row("SK", 2300, &[500, 1900], None),
    row("XI", 2000, &[500], None),
];

/// The rates of a jurisdiction of the EU VAT area, by its code.
pub fn rates_for(code: &str) -> Option<&'static VatRates> {
    EU_RATES.iter().find(|r| r.code == code)
}

/// Whether goods sent to a destination stay inside the EU VAT area (and
/// under whose rates) or leave it, which makes the sale an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VatArea {
    Eu(&'static VatRates),
    Outside,
}

/// Postcode prefixes of places that belong to an EU country but lie
/// outside the EU VAT area (Directive 2006/112/EC, art. 6), plus the
/// French overseas departments and collectivities typed with "FR" instead
/// of their own codes (GP, MQ, RE…, which are outside by themselves).
const OUTSIDE_VAT_AREA: &[(&str, &[&str])] = &[
    // Canary Islands (35, 38), Ceuta (51), Melilla (52).
    ("ES", &["35", "38", "51", "52"]),
    // Büsingen am Hochrhein, Heligoland.
    ("DE", &["78266", "27498"]),
    // Livigno, Campione d'Italia.
    ("IT", &["23041", "22061"]),
    // Mount Athos.
    ("GR", &["63086", "63087"]),
    // Åland Islands, when typed as Finland.
    ("FI", &["22"]),
    // Overseas departments and collectivities (971 to 978, 984 to 988).
    ("FR", &["97", "98"]),
];

/// Which VAT area goods sent to `destination` end up in. Monaco belongs to
/// the French VAT area; Northern Ireland (postcodes "BT") to the EU's for
/// goods, under code "XI"; the rest of the United Kingdom is outside.
pub fn vat_area(destination: &Destination) -> VatArea {
    let country = destination.country.as_str();
    if country == "GB" && destination.postcode_starts_with("BT") {
        return rates_for("XI").map_or(VatArea::Outside, VatArea::Eu);
    }
    let code = if country == "MC" { "FR" } else { country };
    let outside = OUTSIDE_VAT_AREA.iter().any(|(c, prefixes)| {
        *c == country && prefixes.iter().any(|p| destination.postcode_starts_with(p))
    });
    match rates_for(code) {
        Some(rates) if !outside && code != "XI" => VatArea::Eu(rates),
        _ => VatArea::Outside,
    }
}
