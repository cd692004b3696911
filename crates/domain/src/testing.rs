//! Test helpers shared by the modules that checkout and orders stand on.

use crate::error::ValidationError;

/// Every message id the crate produces: the table the web layer already
/// renders, plus the ones of the newer modules that still wait for texts.
pub(crate) fn all_codes() -> impl Iterator<Item = &'static (&'static str, &'static [&'static str])>
{
    crate::error::CODES
        .iter()
        .chain(crate::order::CODES)
        .chain(crate::tax::CODES)
        .chain(crate::exchange::CODES)
        .chain(crate::shipping::CODES)
        .chain(crate::delivery::CODES)
        .chain(crate::order::gift::CODES)
        .chain(crate::catalog::customs::CODES)
        .chain(crate::growth::promotion::CODES)
        .chain(crate::community::CODES)
        .chain(crate::growth::source::CODES)
}

/// Asserts that `result` failed with `code`, and that the error carries
/// exactly the arguments its table promises to the translators.
#[track_caller]
pub(crate) fn assert_code<T: std::fmt::Debug>(
    result: Result<T, ValidationError>,
    code: &str,
) -> ValidationError {
    let err = result.expect_err(&format!("expected error {code}"));
    assert_eq!(err.code, code, "wrong code: {err}");
    let (_, names) = all_codes()
        .find(|(c, _)| *c == code)
        .unwrap_or_else(|| panic!("{code} is in no CODES table"));
    let actual: Vec<&str> = err.args.iter().map(|(n, _)| *n).collect();
    assert_eq!(&actual[..], *names, "arguments of {code}");
    err
}

#[test]
fn new_codes_are_unique_and_well_formed() {
    let mut seen = std::collections::HashSet::new();
    for (code, _) in all_codes() {
        assert!(seen.insert(*code), "duplicate {code}");
        assert!(
            code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{code} is not a valid Fluent id fragment"
        );
    }
}
