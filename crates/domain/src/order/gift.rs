//! Gifts: the message that travels with a parcel (on the packing slip and in the note to the
//! recipient, never with prices), and how an order's quantities are shared out between several
//! recipients (a company sending trays to its clients), each of whom receives a parcel.

use crate::error::ValidationError;
use crate::text::char_count;

/// The longest gift message: what fits on a card in the parcel.
pub const MESSAGE_MAX: usize = 400;
/// The most lines a gift message may have (a card, not a letter).
pub const MESSAGE_MAX_LINES: usize = 12;
/// The most recipients one order may send to.
pub const MAX_RECIPIENTS: usize = 30;

/// A gift message, as the buyer wrote it (line breaks kept, other control characters refused).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct GiftMessage(String);

impl GiftMessage {
    pub fn parse(input: &str) -> Result<GiftMessage, ValidationError> {
        let text = input.replace("\r\n", "\n").trim().to_string();
        if char_count(&text) > MESSAGE_MAX {
            return Err(ValidationError::new("gift-message-too-long").with("max", MESSAGE_MAX));
        }
        if text.lines().count() > MESSAGE_MAX_LINES {
            return Err(
                ValidationError::new("gift-message-too-many-lines").with("max", MESSAGE_MAX_LINES)
            );
        }
        if text.chars().any(|c| c.is_control() && c != '\n') {
            return Err(ValidationError::new("gift-message-invalid"));
        }
        Ok(GiftMessage(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Checks how the order's lines are shared between recipients: `ordered[i]` is the quantity of
/// line `i`, `shares[r][i]` what recipient `r` receives of it. Every unit goes to exactly one
/// recipient, and every recipient receives something (else they would get an empty parcel).
/// Recipients and lines are counted from 1 in the messages.
pub fn check_shares(ordered: &[i64], shares: &[Vec<i64>]) -> Result<(), ValidationError> {
    if shares.is_empty() {
        return Err(ValidationError::new("gift-no-recipient"));
    }
    if shares.len() > MAX_RECIPIENTS {
        return Err(ValidationError::new("gift-too-many-recipients").with("max", MAX_RECIPIENTS));
    }
    for (r, share) in shares.iter().enumerate() {
        if share.len() != ordered.len() || share.iter().any(|q| *q < 0) {
            return Err(ValidationError::new("gift-share-invalid").with("recipient", r + 1));
        }
        if share.iter().all(|q| *q == 0) {
            return Err(ValidationError::new("gift-recipient-empty").with("recipient", r + 1));
        }
    }
    for (i, want) in ordered.iter().enumerate() {
        let given: i64 = shares.iter().map(|s| s[i]).sum();
        if given != *want {
            return Err(ValidationError::new("gift-shares-mismatch")
                .with("line", i + 1)
                .with("ordered", want)
                .with("given", given));
        }
    }
    Ok(())
}

/// Message ids of this module, with their arguments.
pub const CODES: &[(&str, &[&str])] = &[
    ("gift-message-too-long", &["max"]),
    ("gift-message-too-many-lines", &["max"]),
    ("gift-message-invalid", &[]),
    ("gift-no-recipient", &[]),
    ("gift-too-many-recipients", &["max"]),
    ("gift-share-invalid", &["recipient"]),
    ("gift-recipient-empty", &["recipient"]),
    ("gift-shares-mismatch", &["line", "ordered", "given"]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_code;
    use proptest::prelude::*;

    #[test]
    fn a_message_keeps_its_lines_and_refuses_what_does_not_fit_a_card() {
        let m = GiftMessage::parse("  Joyeux anniversaire,\r\nPapa !  ").unwrap();
        assert_eq!(m.as_str(), "Joyeux anniversaire,\nPapa !");
        assert!(GiftMessage::parse("").unwrap().is_empty());
        assert_code(
            GiftMessage::parse(&"a".repeat(MESSAGE_MAX + 1)),
            "gift-message-too-long",
        );
        assert!(GiftMessage::parse(&"é".repeat(MESSAGE_MAX)).is_ok());
        assert_code(
            GiftMessage::parse(&"a\n".repeat(MESSAGE_MAX_LINES + 1)),
            "gift-message-too-many-lines",
        );
        assert_code(GiftMessage::parse("bon\u{7}jour"), "gift-message-invalid");
        assert_code(GiftMessage::parse("tab\there"), "gift-message-invalid");
    }

    #[test]
    fn shares_give_every_unit_to_exactly_one_recipient() {
        assert!(check_shares(&[10, 2], &[vec![4, 1], vec![6, 1]]).is_ok());
        let e = assert_code(
            check_shares(&[10, 2], &[vec![4, 1], vec![5, 1]]),
            "gift-shares-mismatch",
        );
        assert_eq!(e.arg("line"), Some("1"));
        assert_eq!(e.arg("given"), Some("9"));
        let e = assert_code(
            check_shares(&[1], &[vec![1], vec![0]]),
            "gift-recipient-empty",
        );
        assert_eq!(e.arg("recipient"), Some("2"));
        assert_code(check_shares(&[1], &[]), "gift-no-recipient");
        assert_code(check_shares(&[1], &[vec![2, -1]]), "gift-share-invalid");
        assert_code(
            check_shares(&[2], &[vec![3], vec![-1]]),
            "gift-share-invalid",
        );
        let many = vec![vec![1]; MAX_RECIPIENTS + 1];
        assert_code(
            check_shares(&[MAX_RECIPIENTS as i64 + 1], &many),
            "gift-too-many-recipients",
        );
    }

    proptest! {
        /// Any split of the quantities that leaves nobody empty-handed is accepted, and moving
        /// one unit out of it is refused.
        #[test]
        fn splits_that_add_up_are_accepted(
            split in proptest::collection::vec(proptest::collection::vec(0i64..5, 3), 1..6)
        ) {
            let split: Vec<Vec<i64>> = split
                .into_iter()
                .map(|mut s| { if s.iter().all(|q| *q == 0) { s[0] = 1; } s })
                .collect();
            let ordered: Vec<i64> = (0..3).map(|i| split.iter().map(|s| s[i]).sum()).collect();
            prop_assert!(check_shares(&ordered, &split).is_ok());
            let mut more = ordered.clone();
            more[1] += 1;
            prop_assert_eq!(check_shares(&more, &split).unwrap_err().code, "gift-shares-mismatch");
        }
    }
}
