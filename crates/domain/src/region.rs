//! Where a shop is, as the mall's directory groups shops: a French region (read from the postal
//! code of the legal address: its first two digits are the département, three overseas), or
//! else the country.

/// A directory region: `FR-BRE`-style ISO 3166-2 codes for France's regions, the country's
/// ISO 3166-1 code elsewhere; `None` when unknown (no country, or a French postal code that
/// names no region: a shop that has not given its address yet shows no region rather than
/// "France" among regions). Region names are translated in the interface.
pub fn of(country: &str, postal_code: &str) -> Option<String> {
    let country = country.trim().to_ascii_uppercase();
    if country.is_empty() {
        return None;
    }
    if country != "FR" {
        return (country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase()))
            .then_some(country);
    }
    let digits: String = postal_code.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let region = match &digits[..3] {
        "971" => Some("FR-971"),
        "972" => Some("FR-972"),
        "973" => Some("FR-973"),
        "974" => Some("FR-974"),
        "976" => Some("FR-976"),
        _ => french_region(&digits[..2]),
    };
    region.map(str::to_string)
}

/// The metropolitan region of a département number.
fn french_region(dept: &str) -> Option<&'static str> {
    const REGIONS: &[(&str, &[&str])] = &[
        (
            "FR-ARA",
            &[
                "01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74",
            ],
        ),
        ("FR-BFC", &["21", "25", "39", "58", "70", "71", "89", "90"]),
        ("FR-BRE", &["22", "29", "35", "56"]),
        ("FR-CVL", &["18", "28", "36", "37", "41", "45"]),
        ("FR-20R", &["20"]),
        (
            "FR-GES",
            &["08", "10", "51", "52", "54", "55", "57", "67", "68", "88"],
        ),
        ("FR-HDF", &["02", "59", "60", "62", "80"]),
        ("FR-IDF", &["75", "77", "78", "91", "92", "93", "94", "95"]),
        ("FR-NOR", &["14", "27", "50", "61", "76"]),
        (
            "FR-NAQ",
            &[
                "16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87",
            ],
        ),
        (
            "FR-OCC",
            &[
                "09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82",
            ],
        ),
        ("FR-PDL", &["44", "49", "53", "72", "85"]),
        ("FR-PAC", &["04", "05", "06", "13", "83", "84"]),
    ];
    REGIONS
        .iter()
        .find(|(_, depts)| depts.contains(&dept))
        .map(|(code, _)| *code)
}

/// Every region code [`of`] can give for France, in the order a directory lists them.
pub const FRENCH_REGIONS: &[&str] = &[
    "FR-ARA", "FR-BFC", "FR-BRE", "FR-CVL", "FR-20R", "FR-GES", "FR-HDF", "FR-IDF", "FR-NOR",
    "FR-NAQ", "FR-OCC", "FR-PDL", "FR-PAC", "FR-971", "FR-972", "FR-973", "FR-974", "FR-976",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_postal_codes_give_their_region() {
        assert_eq!(of("FR", "14140").as_deref(), Some("FR-NOR"), "Livarot");
        assert_eq!(of("fr", "75011").as_deref(), Some("FR-IDF"));
        assert_eq!(of("FR", "20000").as_deref(), Some("FR-20R"), "Ajaccio");
        assert_eq!(of("FR", "97400").as_deref(), Some("FR-974"), "Saint-Denis");
        assert_eq!(of("FR", "21 000").as_deref(), Some("FR-BFC"));
        assert_eq!(of("FR", ""), None, "not given yet");
        assert_eq!(
            of("FR", "98000"),
            None,
            "Monaco's postal code in France: no region"
        );
        assert_eq!(of("BE", "1000").as_deref(), Some("BE"));
        assert_eq!(of("", "75011"), None);
    }

    #[test]
    fn every_metropolitan_departement_has_one_region() {
        for n in 1..=95 {
            let dept = format!("{n:02}");
            let regions: Vec<_> = FRENCH_REGIONS
                .iter()
                .filter(|r| of("FR", &format!("{dept}100")).as_deref() == Some(**r))
                .collect();
            assert_eq!(regions.len(), 1, "{dept}");
        }
    }
}
