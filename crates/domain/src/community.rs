//! What customers say: reviews of the products they bought. Only a buyer whose order reached
//! them may review a product of it, once; reviews are published as written, newest first,
//! negative ones too (French consumer code, art. L111-7-2 and D111-16 to D111-19): the shop may
//! refuse one only for a reason of its published policy ([`RejectReason`]), and the author is
//! told which.

use crate::ValidationError;

/// The longest review text.
pub const BODY_MAX: usize = 2_000;
/// The longest name a reviewer shows.
pub const NAME_MAX: usize = 60;

/// A rating from 1 to 5 stars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rating(u8);

impl Rating {
    pub fn parse(input: &str) -> Result<Rating, ValidationError> {
        match input.trim().parse::<u8>() {
            Ok(n @ 1..=5) => Ok(Rating(n)),
            _ => Err(ValidationError::new("review-rating-range")),
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// A review's text as kept: trimmed; refused when empty or longer than [`BODY_MAX`].
pub fn body(input: &str) -> Result<String, ValidationError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(ValidationError::new("review-body-required"));
    }
    if text.chars().count() > BODY_MAX
        || text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ValidationError::new("review-body-too-long").with("max", BODY_MAX));
    }
    Ok(text.replace("\r\n", "\n"))
}

/// The name a review is signed with: what the buyer typed, else their first name and the
/// initial of their last ("Camille D."), so that no full name is published unless chosen.
pub fn signature(typed: &str, order_name: &str) -> Result<String, ValidationError> {
    let typed = typed.trim();
    if typed.chars().count() > NAME_MAX || typed.chars().any(char::is_control) {
        return Err(ValidationError::new("review-name-too-long").with("max", NAME_MAX));
    }
    if !typed.is_empty() {
        return Ok(typed.to_string());
    }
    let mut words = order_name.split_whitespace();
    let first: String = words
        .next()
        .unwrap_or_default()
        .chars()
        .take(NAME_MAX)
        .collect();
    Ok(match words.last().and_then(|w| w.chars().next()) {
        Some(initial) => format!("{first} {}.", initial.to_uppercase()),
        None => first,
    })
}

keyword_enum! {
    /// Why a shop may refuse to publish a review (its published policy: nothing else, and
    /// never because it is negative).
    pub enum RejectReason: "review-reason-unknown" {
        /// Insults, threats, hateful or unlawful content.
        Abusive => "abusive",
        /// Someone's personal data (an address, a telephone number…).
        PersonalData => "personal_data",
        /// Not about the product or the purchase.
        OffTopic => "off_topic",
        /// Advertising, links, or the same text posted again.
        Spam => "spam",
    }
}

/// The average of `count` ratings adding up to `sum`, to one decimal (4.3), for display and
/// for schema.org's `ratingValue`; none without ratings.
pub fn average(sum: i64, count: i64) -> Option<f64> {
    if count <= 0 {
        return None;
    }
    let tenths = (sum * 20 + count) / (2 * count);
    Some(tenths as f64 / 10.0)
}

/// Message ids this module can produce, with their arguments.
pub const CODES: &[(&str, &[&str])] = &[
    ("review-rating-range", &[]),
    ("review-body-required", &[]),
    ("review-body-too-long", &["max"]),
    ("review-name-too-long", &["max"]),
    ("review-reason-unknown", &["value"]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_code;
    use proptest::prelude::*;

    #[test]
    fn ratings_are_one_to_five_stars() {
        assert_eq!(Rating::parse(" 4 ").unwrap().get(), 4);
        for bad in ["0", "6", "", "4.5", "-1"] {
            assert_code(Rating::parse(bad), "review-rating-range");
        }
    }

    #[test]
    fn a_review_is_signed_without_the_full_name_unless_chosen() {
        assert_eq!(signature("", "Camille Durand").unwrap(), "Camille D.");
        assert_eq!(
            signature("", "Jean-Pierre de la Fontaine").unwrap(),
            "Jean-Pierre F."
        );
        assert_eq!(signature("", "Cher").unwrap(), "Cher");
        assert_eq!(signature(" Milou ", "Camille Durand").unwrap(), "Milou");
        assert_code(signature(&"x".repeat(61), ""), "review-name-too-long");
    }

    #[test]
    fn a_text_is_kept_as_written() {
        assert_eq!(
            body("  Très bon.\r\nÀ refaire ").unwrap(),
            "Très bon.\nÀ refaire"
        );
        assert_code(body("   "), "review-body-required");
        assert_code(body(&"a".repeat(2_001)), "review-body-too-long");
    }

    #[test]
    fn averages_round_to_one_decimal() {
        assert_eq!(average(0, 0), None);
        assert_eq!(average(13, 3), Some(4.3));
        assert_eq!(average(9, 2), Some(4.5));
        assert_eq!(average(5, 1), Some(5.0));
    }

    proptest! {
        #[test]
        fn an_average_lies_between_the_lowest_and_highest_rating(ratings in proptest::collection::vec(1i64..=5, 1..50)) {
            let avg = average(ratings.iter().sum(), ratings.len() as i64).unwrap();
            let lo = *ratings.iter().min().unwrap() as f64;
            let hi = *ratings.iter().max().unwrap() as f64;
            prop_assert!(avg >= lo - 0.05 && avg <= hi + 0.05, "{avg} {lo} {hi}");
        }
    }
}
