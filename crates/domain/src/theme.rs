//! Shop theme colours, and the WCAG contrast rule that keeps a storefront
//! readable whatever colours the owner picks.

use std::fmt;
use std::str::FromStr;

use crate::error::ValidationError;

/// WCAG 2.x level AA for normal-size text.
const MIN_CONTRAST: f64 = 4.5;

/// An opaque sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Color {
    pub const BLACK: Color = Color { r: 0, g: 0, b: 0 };
    pub const WHITE: Color = Color {
        r: 255,
        g: 255,
        b: 255,
    };

    /// Accepts the CSS hex forms a colour picker or a person produces:
    /// "#1a2b3c", "#ABC", "1a2b3c", "abc".
    pub fn parse(input: &str) -> Result<Color, ValidationError> {
        let raw = input.trim();
        let invalid = || ValidationError::new("color-invalid").with("value", raw);
        let hex = raw.strip_prefix('#').unwrap_or(raw);
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(invalid());
        }
        // All bytes are ASCII hex digits, so slicing by byte is safe below.
        let channel = |s: &str| u8::from_str_radix(s, 16).map_err(|_| invalid());
        match hex.len() {
            6 => Ok(Color {
                r: channel(&hex[0..2])?,
                g: channel(&hex[2..4])?,
                b: channel(&hex[4..6])?,
            }),
            // "#abc" is shorthand for "#aabbcc": multiplying by 0x11 doubles the nibble.
            3 => Ok(Color {
                r: channel(&hex[0..1])? * 0x11,
                g: channel(&hex[1..2])? * 0x11,
                b: channel(&hex[2..3])? * 0x11,
            }),
            _ => Err(invalid()),
        }
    }

    /// Lowercase "#rrggbb", the canonical stored and CSS form.
    pub fn to_hex(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Relative luminance as defined by WCAG 2.x, from 0 (black) to 1 (white).
    pub fn relative_luminance(&self) -> f64 {
        fn linear(channel: u8) -> f64 {
            let c = f64::from(channel) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl FromStr for Color {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Color::parse(s)
    }
}

impl serde::Serialize for Color {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> serde::Deserialize<'de> for Color {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Color::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// WCAG 2.x contrast ratio, from 1 (same luminance) to 21 (black on white).
/// Symmetric: the order of the two colours does not matter.
pub fn contrast_ratio(a: Color, b: Color) -> f64 {
    let (la, lb) = (a.relative_luminance(), b.relative_luminance());
    let (lighter, darker) = if la >= lb { (la, lb) } else { (lb, la) };
    (lighter + 0.05) / (darker + 0.05)
}

/// Refuses text/background pairs below WCAG AA (4.5:1), the level at which
/// most visitors, including many with low vision, can still read the text.
pub fn check_contrast(text: Color, background: Color) -> Result<(), ValidationError> {
    let ratio = contrast_ratio(text, background);
    // WCAG forbids rounding up to reach the threshold, so compare the raw value.
    if ratio >= MIN_CONTRAST {
        return Ok(());
    }
    // Shown rounded down: 4.48 displayed as "4.5" next to a minimum of
    // "4.5" would make the refusal look like a bug.
    let shown = (ratio * 10.0).floor() / 10.0;
    Err(ValidationError::new("contrast-too-low")
        .with("ratio", format!("{shown:.1}"))
        .with("min", format!("{MIN_CONTRAST:.1}")))
}

/// Black or white, whichever reads better on `background` (e.g. for the
/// label of a button in the shop's accent colour).
pub fn readable_on(background: Color) -> Color {
    if contrast_ratio(Color::BLACK, background) >= contrast_ratio(Color::WHITE, background) {
        Color::BLACK
    } else {
        Color::WHITE
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_code;
    use proptest::prelude::*;

    fn c(hex: &str) -> Color {
        Color::parse(hex).unwrap()
    }

    #[test]
    fn parses_css_hex_forms() {
        let expected = Color {
            r: 0x1a,
            g: 0x2b,
            b: 0x3c,
        };
        assert_eq!(c("#1a2b3c"), expected);
        assert_eq!(c("1A2B3C"), expected);
        assert_eq!(c("  #1a2B3c "), expected);
        assert_eq!(
            c("#abc"),
            Color {
                r: 0xaa,
                g: 0xbb,
                b: 0xcc
            }
        );
        assert_eq!(c("FFF"), Color::WHITE);
        assert_eq!(c("#000"), Color::BLACK);
    }

    #[test]
    fn refuses_other_notations() {
        for bad in [
            "",
            "#",
            "#ab",
            "#abcd",
            "#1a2b3c4d",
            "#ggg",
            "red",
            "##abc",
            "#+1a2b3",
            "é12345",
        ] {
            let e = assert_code(Color::parse(bad), "color-invalid");
            assert_eq!(e.arg("value"), Some(bad.trim()));
        }
    }

    #[test]
    fn hex_output_is_lowercase_with_hash() {
        assert_eq!(c("#ABCDEF").to_hex(), "#abcdef");
        assert_eq!(c("#abc").to_string(), "#aabbcc");
        assert_eq!(Color { r: 1, g: 2, b: 3 }.to_hex(), "#010203");
    }

    #[test]
    fn serde_uses_hex() {
        assert_eq!(serde_json::to_string(&c("#ABC")).unwrap(), r##""#aabbcc""##);
        assert_eq!(
            serde_json::from_str::<Color>(r##""#aabbcc""##).unwrap(),
            c("abc")
        );
        assert!(serde_json::from_str::<Color>(r#""blue""#).is_err());
    }

    #[test]
    fn luminance_extremes() {
        assert_eq!(Color::BLACK.relative_luminance(), 0.0);
        assert!((Color::WHITE.relative_luminance() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn known_contrast_ratios() {
        assert!((contrast_ratio(Color::BLACK, Color::WHITE) - 21.0).abs() < 1e-9);
        let grey77 = contrast_ratio(c("#777777"), Color::WHITE);
        assert!((grey77 - 4.48).abs() < 0.01, "{grey77}");
        let grey76 = contrast_ratio(c("#767676"), Color::WHITE);
        assert!((grey76 - 4.54).abs() < 0.01, "{grey76}");
    }

    #[test]
    fn aa_threshold() {
        assert!(check_contrast(Color::BLACK, Color::WHITE).is_ok());
        assert!(check_contrast(c("#767676"), Color::WHITE).is_ok());
        let e = assert_code(
            check_contrast(c("#777777"), Color::WHITE),
            "contrast-too-low",
        );
        assert_eq!(e.arg("ratio"), Some("4.4"));
        assert_eq!(e.arg("min"), Some("4.5"));
        let e = assert_code(
            check_contrast(c("#999999"), Color::WHITE),
            "contrast-too-low",
        );
        assert_eq!(e.arg("ratio"), Some("2.8"));
        let e = assert_code(
            check_contrast(Color::WHITE, Color::WHITE),
            "contrast-too-low",
        );
        assert_eq!(e.arg("ratio"), Some("1.0"));
    }

    #[test]
    fn readable_text_colour() {
        assert_eq!(readable_on(Color::WHITE), Color::BLACK);
        assert_eq!(readable_on(Color::BLACK), Color::WHITE);
        assert_eq!(readable_on(c("#ffd700")), Color::BLACK); // gold
        assert_eq!(readable_on(c("#1a237e")), Color::WHITE); // navy
        assert_eq!(readable_on(c("#e53935")), Color::BLACK); // bright red: 5.0 vs 4.2
    }

    fn any_color() -> impl Strategy<Value = Color> {
        any::<(u8, u8, u8)>().prop_map(|(r, g, b)| Color { r, g, b })
    }

    proptest! {
        #[test]
        fn hex_round_trip(color in any_color()) {
            prop_assert_eq!(Color::parse(&color.to_hex()).unwrap(), color);
            prop_assert_eq!(Color::parse(&color.to_hex().to_uppercase()).unwrap(), color);
            prop_assert_eq!(Color::parse(&color.to_hex()[1..]).unwrap(), color);
        }

        #[test]
        fn short_hex_expands(r in 0u8..16, g in 0u8..16, b in 0u8..16) {
            let color = Color::parse(&format!("#{r:x}{g:x}{b:x}")).unwrap();
            prop_assert_eq!(color, Color { r: r * 17, g: g * 17, b: b * 17 });
        }

        #[test]
        fn contrast_is_symmetric_and_bounded(a in any_color(), b in any_color()) {
            let ab = contrast_ratio(a, b);
            prop_assert_eq!(ab, contrast_ratio(b, a));
            prop_assert!((1.0..=21.0 + 1e-9).contains(&ab), "{ab}");
            prop_assert!((contrast_ratio(a, a) - 1.0).abs() < 1e-12);
        }

        #[test]
        fn readable_on_is_the_better_of_black_and_white(bg in any_color()) {
            let chosen = contrast_ratio(readable_on(bg), bg);
            prop_assert!(chosen >= contrast_ratio(Color::BLACK, bg));
            prop_assert!(chosen >= contrast_ratio(Color::WHITE, bg));
            // Black or white always reaches at least ~4.58:1, so this never fails.
            prop_assert!(check_contrast(readable_on(bg), bg).is_ok());
        }
    }
}
