//! A shop's public identity: its address on the platform (slug), its name
//! and its tagline.

use crate::error::ValidationError;
use crate::text::{char_count, has_control, str_value};

/// Sub-domains and paths the platform needs for itself, or that would let a
/// shop pass itself off as the platform or as a mail/DNS service.
pub const RESERVED_SLUGS: &[&str] = &[
    "about",
    "abuse",
    "account",
    "accounts",
    "admin",
    "administrateur",
    "administrator",
    "aide",
    "api",
    "app",
    "apps",
    "assets",
    "auth",
    "autoconfig",
    "autodiscover",
    "backoffice",
    "beta",
    "billing",
    "blog",
    "boutique",
    "cdn",
    "cgu",
    "cgv",
    "checkout",
    "compte",
    "connexion",
    "console",
    "contact",
    "cookies",
    "css",
    "dashboard",
    "demo",
    "demo-admin",
    "dev",
    "dns",
    "doc",
    "docs",
    "email",
    "files",
    "fonts",
    "ftp",
    "healthz",
    "help",
    "hostmaster",
    "img",
    "imap",
    "images",
    "inscription",
    "internal",
    "js",
    "legal",
    "livez",
    "localhost",
    "login",
    "logout",
    "mail",
    "media",
    "mentions-legales",
    "metrics",
    "mx",
    "noreply",
    "no-reply",
    "ns",
    "ns1",
    "ns2",
    "ns3",
    "ns4",
    "oauth",
    "operator",
    "operateur",
    "panel",
    "password",
    "payment",
    "payments",
    "pop",
    "pop3",
    "postmaster",
    "pricing",
    "privacy",
    "prod",
    "readyz",
    "register",
    "robots",
    "root",
    "s",
    "security",
    "settings",
    "sftp",
    "shop",
    "shops",
    "signin",
    "signout",
    "signup",
    "sitemap",
    "smtp",
    "sso",
    "staging",
    "static",
    "status",
    "store",
    "stores",
    "support",
    "system",
    "tarifs",
    "terms",
    "test",
    "upload",
    "uploads",
    "vitrine",
    "webmail",
    "webmaster",
    "well-known",
    "www",
];

const SLUG_MIN: usize = 3;
const SLUG_MAX: usize = 40;

/// A shop's address on the platform (`{slug}.example` or `/s/{slug}`):
/// lowercase ASCII letters, digits and single inner hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

impl Slug {
    pub fn parse(input: &str) -> Result<Slug, ValidationError> {
        let slug = input.trim().to_lowercase();
        let len = char_count(&slug);
        if len < SLUG_MIN {
            return Err(ValidationError::new("slug-too-short").with("min", SLUG_MIN));
        }
        if len > SLUG_MAX {
            return Err(ValidationError::new("slug-too-long").with("max", SLUG_MAX));
        }
        if !slug.bytes().all(is_slug_byte) {
            return Err(ValidationError::new("slug-invalid-chars"));
        }
        if slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
            return Err(ValidationError::new("slug-hyphens"));
        }
        if RESERVED_SLUGS.contains(&slug.as_str()) {
            return Err(ValidationError::new("slug-reserved").with("slug", slug));
        }
        Ok(Slug(slug))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Proposes a slug from a shop name, so that most owners never have to
    /// invent one. The result may still be refused by [`Slug::parse`] when
    /// the name has too few Latin letters or digits (e.g. "Ô" or "東京"); it
    /// is never a reserved word, and the caller still has to check that the
    /// address is free.
    pub fn suggest(name: &str) -> String {
        let mut out = String::with_capacity(name.len());
        let mut gap = false;
        for c in name.chars().flat_map(char::to_lowercase) {
            if is_combining_mark(c) {
                // A decomposed "é" (e + U+0301) must fold like the composed one.
                continue;
            }
            let folded = fold_latin(c);
            let piece = match folded {
                Some(ascii) => ascii,
                None if c.is_ascii_alphanumeric() => {
                    push_word_char(&mut out, &mut gap, c);
                    continue;
                }
                None => {
                    gap = true;
                    continue;
                }
            };
            for a in piece.chars() {
                push_word_char(&mut out, &mut gap, a);
            }
        }
        // Only ASCII remains, so byte truncation cannot split a character.
        out.truncate(SLUG_MAX);
        let trimmed_len = out.trim_end_matches('-').len();
        out.truncate(trimmed_len);
        if RESERVED_SLUGS.contains(&out.as_str()) {
            out.push_str("-shop");
        }
        out
    }
}

str_value!(Slug);

fn is_slug_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'
}

pub(crate) fn push_word_char(out: &mut String, gap: &mut bool, c: char) {
    if *gap && !out.is_empty() {
        out.push('-');
    }
    *gap = false;
    out.push(c);
}

pub(crate) fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}')
}

/// ASCII spelling of the lowercase Latin letters found in European names.
/// Hand-written rather than pulled from a Unicode database: the set a French
/// platform meets is small, and ligatures such as "œ" need two letters,
/// which decomposition alone would not give.
pub(crate) fn fold_latin(c: char) -> Option<&'static str> {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    };
    Some(s)
}

const SHOP_NAME_MIN: usize = 2;
const SHOP_NAME_MAX: usize = 80;

/// The shop's display name, shown in the header, on invoices and in e-mails.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShopName(String);

impl ShopName {
    pub fn parse(input: &str) -> Result<ShopName, ValidationError> {
        let name = input.trim();
        let len = char_count(name);
        if len < SHOP_NAME_MIN {
            return Err(ValidationError::new("shop-name-too-short").with("min", SHOP_NAME_MIN));
        }
        if len > SHOP_NAME_MAX {
            return Err(ValidationError::new("shop-name-too-long").with("max", SHOP_NAME_MAX));
        }
        if has_control(name) {
            return Err(ValidationError::new("shop-name-control-chars"));
        }
        Ok(ShopName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

str_value!(ShopName);

const TAGLINE_MAX: usize = 160;

/// A one-line pitch under the shop name; optional, hence `parse` yields
/// `None` for a blank field instead of an error.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tagline(String);

impl Tagline {
    pub fn parse(input: &str) -> Result<Option<Tagline>, ValidationError> {
        let tagline = input.trim();
        if tagline.is_empty() {
            return Ok(None);
        }
        if char_count(tagline) > TAGLINE_MAX {
            return Err(ValidationError::new("tagline-too-long").with("max", TAGLINE_MAX));
        }
        if has_control(tagline) {
            return Err(ValidationError::new("tagline-control-chars"));
        }
        Ok(Some(Tagline(tagline.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Tagline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_code;
    use proptest::prelude::*;
    use std::collections::HashSet;

    #[test]
    fn slug_is_trimmed_and_lowercased() {
        let slug = Slug::parse("  Fromagerie-Emilie ").unwrap();
        assert_eq!(slug.as_str(), "fromagerie-emilie");
        assert_eq!(slug.to_string(), "fromagerie-emilie");
    }

    #[test]
    fn slug_length_bounds() {
        assert!(Slug::parse("abc").is_ok());
        assert!(Slug::parse(&"a".repeat(40)).is_ok());
        let e = assert_code(Slug::parse("ab"), "slug-too-short");
        assert_eq!(e.arg("min"), Some("3"));
        assert_code(Slug::parse("   "), "slug-too-short");
        let e = assert_code(Slug::parse(&"a".repeat(41)), "slug-too-long");
        assert_eq!(e.arg("max"), Some("40"));
    }

    #[test]
    fn slug_refuses_characters_outside_the_alphabet() {
        for bad in ["café", "my_shop", "my shop", "a.b.c", "shop!", "ça-va"] {
            assert_code(Slug::parse(bad), "slug-invalid-chars");
        }
    }

    #[test]
    fn slug_refuses_badly_placed_hyphens() {
        for bad in ["-abc", "abc-", "ab--cd", "---"] {
            assert_code(Slug::parse(bad), "slug-hyphens");
        }
        assert!(Slug::parse("a-b-c").is_ok());
    }

    #[test]
    fn slug_refuses_reserved_words_whatever_the_case() {
        let e = assert_code(Slug::parse(" ADMIN "), "slug-reserved");
        assert_eq!(e.arg("slug"), Some("admin"));
        for word in [
            "api",
            "www",
            "vitrine",
            "healthz",
            "demo-admin",
            "localhost",
        ] {
            assert_code(Slug::parse(word), "slug-reserved");
        }
        assert!(Slug::parse("admin-fromage").is_ok());
    }

    #[test]
    fn reserved_list_is_clean() {
        let mut seen = HashSet::new();
        for word in RESERVED_SLUGS {
            assert!(seen.insert(word), "duplicate reserved slug {word}");
            assert!(word.bytes().all(is_slug_byte), "{word} is not slug-shaped");
        }
    }

    #[test]
    fn slug_serde_goes_through_parse() {
        let slug: Slug = serde_json::from_str(r#""Ma-Boutique""#).unwrap();
        assert_eq!(serde_json::to_string(&slug).unwrap(), r#""ma-boutique""#);
        assert!(serde_json::from_str::<Slug>(r#""admin""#).is_err());
    }

    #[test]
    fn suggest_folds_french_names() {
        assert_eq!(
            Slug::suggest("Fromagerie Émilie & Fils"),
            "fromagerie-emilie-fils"
        );
        assert_eq!(Slug::suggest("Œufs"), "oeufs");
        assert_eq!(Slug::suggest("Ça"), "ca");
        assert_eq!(Slug::suggest("L’Atelier de Zoé"), "l-atelier-de-zoe");
        assert_eq!(Slug::suggest("  --Crème brûlée!!  "), "creme-brulee");
        assert_eq!(Slug::suggest("Straße 42"), "strasse-42");
        assert_eq!(Slug::suggest("Łódź Ærø"), "lodz-aero");
        // Decomposed accents (as some keyboards and macOS file names send).
        assert_eq!(Slug::suggest("Cafe\u{301} Noe\u{308}l"), "cafe-noel");
        assert_eq!(Slug::suggest("東京"), "");
    }

    #[test]
    fn suggest_truncates_without_dangling_hyphen() {
        let name = "La très grande épicerie fine du quartier des Batignolles";
        let s = Slug::suggest(name);
        assert_eq!(s, "la-tres-grande-epicerie-fine-du-quartier");
        assert!(s.len() <= 40);
        // 39 letters then a word break: truncation would leave a hyphen.
        let s = Slug::suggest(&format!("{} bc", "a".repeat(39)));
        assert_eq!(s, "a".repeat(39));
    }

    #[test]
    fn suggest_steers_clear_of_reserved_words() {
        assert_eq!(Slug::suggest("Blog"), "blog-shop");
        assert!(Slug::parse(&Slug::suggest("Status")).is_ok());
    }

    #[test]
    fn shop_name_rules() {
        assert_eq!(
            ShopName::parse("  Chez Émilie  ").unwrap().as_str(),
            "Chez Émilie"
        );
        assert!(ShopName::parse("Ô!").is_ok());
        let e = assert_code(ShopName::parse(" x "), "shop-name-too-short");
        assert_eq!(e.arg("min"), Some("2"));
        assert!(ShopName::parse(&"é".repeat(80)).is_ok());
        let e = assert_code(ShopName::parse(&"é".repeat(81)), "shop-name-too-long");
        assert_eq!(e.arg("max"), Some("80"));
        assert_code(ShopName::parse("Chez\nÉmilie"), "shop-name-control-chars");
        assert_code(
            ShopName::parse("Chez\u{0}Émilie"),
            "shop-name-control-chars",
        );
    }

    #[test]
    fn tagline_rules() {
        assert_eq!(Tagline::parse("   ").unwrap(), None);
        assert_eq!(Tagline::parse("").unwrap(), None);
        let t = Tagline::parse(" Fromages affinés ").unwrap().unwrap();
        assert_eq!(t.as_str(), "Fromages affinés");
        assert_eq!(t.to_string(), "Fromages affinés");
        assert!(Tagline::parse(&"é".repeat(160)).unwrap().is_some());
        let e = assert_code(Tagline::parse(&"é".repeat(161)), "tagline-too-long");
        assert_eq!(e.arg("max"), Some("160"));
        assert_code(Tagline::parse("ligne 1\nligne 2"), "tagline-control-chars");
    }

    proptest! {
        #[test]
        fn suggestion_parses_unless_too_short(name in "\\PC{0,80}") {
            let s = Slug::suggest(&name);
            if s.len() >= SLUG_MIN {
                let parsed = Slug::parse(&s);
                prop_assert!(parsed.is_ok(), "{name:?} -> {s:?}: {parsed:?}");
                prop_assert_eq!(parsed.unwrap().to_string(), s);
            } else {
                prop_assert!(s.bytes().all(is_slug_byte));
            }
        }

        #[test]
        fn suggestion_of_latin_text_parses(name in "[a-zA-ZÀ-ÿŒœ '&.-]{0,60}") {
            let s = Slug::suggest(&name);
            prop_assert!(s.len() < SLUG_MIN || Slug::parse(&s).is_ok(), "{name:?} -> {s:?}");
        }

        #[test]
        fn parsed_slug_is_stable(s in "[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,2}") {
            if let Ok(slug) = Slug::parse(&s) {
                prop_assert_eq!(Slug::parse(slug.as_str()).unwrap(), slug);
            }
        }
    }
}
