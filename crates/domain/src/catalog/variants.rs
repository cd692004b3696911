//! Variants of a product on up to three option axes ("Taille" × "Poids"):
//! which combinations are valid, and which variant a shopper picked with the
//! no-JavaScript picker (one `<select>` per axis in a GET form).

use crate::error::ValidationError;
use crate::text::{char_count, has_control};

pub const MAX_AXES: usize = 3;
pub const MAX_VARIANTS: usize = 100;
const AXIS_NAME_MAX: usize = 50;
const VALUE_MAX: usize = 100;

/// The option axes of a product, in display order. May be empty: a product
/// without options has a single variant with no values.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct OptionAxes(Vec<String>);

impl OptionAxes {
    /// Axis names as typed, trimmed; at most [`MAX_AXES`], each non-empty,
    /// single-line, and distinct ignoring case ("Taille" and "taille" would
    /// make two selects with the same label).
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<OptionAxes, ValidationError> {
        if names.len() > MAX_AXES {
            return Err(ValidationError::new("variant-axes-too-many").with("max", MAX_AXES));
        }
        let mut axes: Vec<String> = Vec::with_capacity(names.len());
        for name in names {
            let name = name.as_ref().trim();
            if name.is_empty() {
                return Err(ValidationError::new("variant-axis-empty"));
            }
            if char_count(name) > AXIS_NAME_MAX || has_control(name) {
                return Err(ValidationError::new("variant-axis-invalid").with("max", AXIS_NAME_MAX));
            }
            if axes.iter().any(|a| same(a, name)) {
                return Err(ValidationError::new("variant-axis-duplicate").with("name", name));
            }
            axes.push(name.to_owned());
        }
        Ok(OptionAxes(axes))
    }

    pub fn names(&self) -> &[String] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Option names and values compare as shoppers read them: trimmed, any case.
fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

fn key(values: &[String]) -> Vec<String> {
    values.iter().map(|v| v.trim().to_lowercase()).collect()
}

/// Checks the variants of a product, each given as its values in axis order.
/// Errors name the variant by its 1-based position, as in the editor's grid.
pub fn check_variants(axes: &OptionAxes, combos: &[Vec<String>]) -> Result<(), ValidationError> {
    if combos.is_empty() {
        return Err(ValidationError::new("variant-none"));
    }
    if combos.len() > MAX_VARIANTS {
        return Err(ValidationError::new("variant-too-many").with("max", MAX_VARIANTS));
    }
    let mut seen: Vec<Vec<String>> = Vec::with_capacity(combos.len());
    for (i, values) in combos.iter().enumerate() {
        let number = i + 1;
        if values.len() != axes.len() {
            return Err(ValidationError::new("variant-values-count")
                .with("variant", number)
                .with("expected", axes.len()));
        }
        for (axis, value) in axes.names().iter().zip(values) {
            let value = value.trim();
            if value.is_empty() {
                return Err(ValidationError::new("variant-value-empty")
                    .with("variant", number)
                    .with("axis", axis));
            }
            if char_count(value) > VALUE_MAX || has_control(value) {
                return Err(ValidationError::new("variant-value-invalid")
                    .with("variant", number)
                    .with("max", VALUE_MAX));
            }
        }
        let k = key(values);
        if seen.contains(&k) {
            let shown: Vec<&str> = values.iter().map(|v| v.trim()).collect();
            return Err(ValidationError::new("variant-duplicate")
                .with("variant", number)
                .with("values", shown.join(" / ")));
        }
        seen.push(k);
    }
    Ok(())
}

/// The variant matching a picker submission: `selected` holds the
/// (axis, value) pairs of the query string. Every axis needs a value (the
/// first one given counts; unknown axes are ignored); `None` when a value is
/// missing or the combination is not sold, so the page can say so and keep
/// the shopper's choices.
pub fn pick_variant<A: AsRef<str>, V: AsRef<str>>(
    axes: &OptionAxes,
    variants: &[Vec<String>],
    selected: &[(A, V)],
) -> Option<usize> {
    let wanted: Vec<&str> = axes
        .names()
        .iter()
        .map(|axis| {
            selected
                .iter()
                .find(|(a, _)| same(a.as_ref(), axis))
                .map(|(_, v)| v.as_ref())
        })
        .collect::<Option<_>>()?;
    variants.iter().position(|values| {
        values.len() == wanted.len() && values.iter().zip(&wanted).all(|(v, w)| same(v, w))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_code;
    use proptest::prelude::*;

    fn axes(names: &[&str]) -> OptionAxes {
        OptionAxes::parse(names).unwrap()
    }

    fn combos(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn axes_rules() {
        let a = axes(&[" Taille ", "Poids"]);
        assert_eq!(a.names(), ["Taille", "Poids"]);
        assert_eq!(a.len(), 2);
        assert!(OptionAxes::parse::<&str>(&[]).unwrap().is_empty());
        assert!(OptionAxes::parse(&["a", "b", "c"]).is_ok());
        let e = assert_code(
            OptionAxes::parse(&["a", "b", "c", "d"]),
            "variant-axes-too-many",
        );
        assert_eq!(e.arg("max"), Some("3"));
        assert_code(OptionAxes::parse(&["Taille", "  "]), "variant-axis-empty");
        let e = assert_code(
            OptionAxes::parse(&["Taille", "TAILLE "]),
            "variant-axis-duplicate",
        );
        assert_eq!(e.arg("name"), Some("TAILLE"));
        assert_code(OptionAxes::parse(&["Été", "été"]), "variant-axis-duplicate");
        assert_code(OptionAxes::parse(&["a".repeat(51)]), "variant-axis-invalid");
        assert_code(OptionAxes::parse(&["Tai\nlle"]), "variant-axis-invalid");
    }

    #[test]
    fn valid_grid() {
        let a = axes(&["Taille", "Poids"]);
        let c = combos(&[&["S", "250 g"], &["S", "500 g"], &["M", "250 g"]]);
        assert_eq!(check_variants(&a, &c), Ok(()));
        // No options: exactly one variant without values.
        assert_eq!(check_variants(&OptionAxes::default(), &[vec![]]), Ok(()));
    }

    #[test]
    fn grid_errors() {
        let a = axes(&["Taille", "Poids"]);
        assert_code(check_variants(&a, &[]), "variant-none");
        let e = assert_code(
            check_variants(&a, &combos(&[&["S", "250 g"], &["M"]])),
            "variant-values-count",
        );
        assert_eq!(
            (e.arg("variant"), e.arg("expected")),
            (Some("2"), Some("2"))
        );
        let e = assert_code(
            check_variants(&a, &combos(&[&["S", " "]])),
            "variant-value-empty",
        );
        assert_eq!(
            (e.arg("variant"), e.arg("axis")),
            (Some("1"), Some("Poids"))
        );
        let e = assert_code(
            check_variants(
                &a,
                &combos(&[&["S", "250 g"], &["M", "250 g"], &[" s ", "250 G"]]),
            ),
            "variant-duplicate",
        );
        assert_eq!(e.arg("variant"), Some("3"));
        assert_eq!(e.arg("values"), Some("s / 250 G"));
        assert_code(
            check_variants(&OptionAxes::default(), &[vec![], vec![]]),
            "variant-duplicate",
        );
        let long = "x".repeat(101);
        assert_code(
            check_variants(&a, &[vec!["S".into(), long]]),
            "variant-value-invalid",
        );
    }

    #[test]
    fn at_most_a_hundred_variants() {
        let a = axes(&["N"]);
        let hundred: Vec<Vec<String>> = (0..100).map(|i| vec![i.to_string()]).collect();
        assert_eq!(check_variants(&a, &hundred), Ok(()));
        let more: Vec<Vec<String>> = (0..101).map(|i| vec![i.to_string()]).collect();
        let e = assert_code(check_variants(&a, &more), "variant-too-many");
        assert_eq!(e.arg("max"), Some("100"));
    }

    #[test]
    fn picker() {
        let a = axes(&["Taille", "Poids"]);
        let v = combos(&[&["S", "250 g"], &["S", "500 g"], &["M", "250 g"]]);
        assert_eq!(
            pick_variant(&a, &v, &[("Taille", "M"), ("Poids", "250 g")]),
            Some(2)
        );
        // Order, case and spaces of the query do not matter.
        assert_eq!(
            pick_variant(&a, &v, &[("poids", " 500 G"), ("TAILLE", "s")]),
            Some(1)
        );
        // Extra parameters are ignored; the first value of an axis counts.
        assert_eq!(
            pick_variant(
                &a,
                &v,
                &[
                    ("page", "2"),
                    ("Taille", "S"),
                    ("Taille", "M"),
                    ("Poids", "250 g")
                ]
            ),
            Some(0)
        );
        // Combination not sold, or an axis left out.
        assert_eq!(
            pick_variant(&a, &v, &[("Taille", "M"), ("Poids", "500 g")]),
            None
        );
        assert_eq!(pick_variant(&a, &v, &[("Taille", "M")]), None);
        // A product without options has its single variant.
        let none: &[(&str, &str)] = &[];
        assert_eq!(
            pick_variant(&OptionAxes::default(), &[vec![]], none),
            Some(0)
        );
    }

    proptest! {
        #[test]
        fn every_valid_variant_can_be_picked(
            grid in prop::collection::btree_set(("[a-c]", "[x-z]"), 1..9),
        ) {
            let a = axes(&["Taille", "Couleur"]);
            let v: Vec<Vec<String>> = grid.iter().map(|(s, c)| vec![s.clone(), c.clone()]).collect();
            prop_assert_eq!(check_variants(&a, &v), Ok(()));
            for (i, row) in v.iter().enumerate() {
                let sel = [("Couleur", row[1].to_uppercase()), ("Taille", row[0].clone())];
                prop_assert_eq!(pick_variant(&a, &v, &sel), Some(i));
            }
        }
    }
}
