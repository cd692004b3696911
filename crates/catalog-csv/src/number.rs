//! Numbers as spreadsheets and exports write them (".5", "0,5", "1 234,50",
//! "1,234.50"), read without guessing: a lone "," or "." followed by exactly
//! three digits ("1,234") may be a decimal mark or a thousands separator, and
//! only the rest of the file can tell which.

use std::cell::Cell;

use crate::error::{
    Problem, AMBIGUOUS_NUMBER, BAD_INTEGER, BAD_PRICE, BAD_WEIGHT, NEGATIVE_PRICE,
    PRICE_TOO_PRECISE,
};

/// What a file shows about one mark ('.' or ','): decimal mark, thousands
/// separator, both (a file that contradicts itself), or nothing yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Role {
    #[default]
    Unknown,
    Decimal,
    Grouping,
    Both,
}

impl Role {
    fn and(self, other: Role) -> Role {
        match (self, other) {
            (a, Role::Unknown) => a,
            (Role::Unknown, b) => b,
            (a, b) if a == b => a,
            _ => Role::Both,
        }
    }
}

/// The roles of both marks in one file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Marks {
    pub comma: Role,
    pub dot: Role,
}

impl Marks {
    /// A spreadsheet writes `;` between cells exactly where its locale's
    /// decimal mark is the comma (French, German... Excel and LibreOffice).
    pub(crate) fn for_delimiter(delimiter: u8) -> Marks {
        Marks {
            comma: if delimiter == b';' {
                Role::Decimal
            } else {
                Role::Unknown
            },
            dot: Role::Unknown,
        }
    }

    pub(crate) fn and(self, other: Marks) -> Marks {
        Marks {
            comma: self.comma.and(other.comma),
            dot: self.dot.and(other.dot),
        }
    }

    fn role(self, mark: char) -> Role {
        if mark == ',' {
            self.comma
        } else {
            self.dot
        }
    }

    fn with(mark: char, role: Role) -> Marks {
        let mut marks = Marks::default();
        if mark == ',' {
            marks.comma = role;
        } else {
            marks.dot = role;
        }
        marks
    }
}

/// A non-negative decimal number as written, split at its decimal mark.
#[derive(Debug, PartialEq, Eq)]
struct Decimal {
    /// Digits only, grouping separators removed.
    int: String,
    frac: String,
}

#[derive(Debug, PartialEq, Eq)]
enum Reading {
    /// The number, what it shows about the file's marks, and whether it was
    /// read by default for want of knowing them.
    Number(Decimal, Marks, bool),
    /// "1,234": `int` and `frac` are the digits on each side of the mark.
    Ambiguous {
        int: String,
        frac: String,
    },
    Bad,
}

/// Characters that group thousands in the locales our sellers use:
/// "1 234" (French, often with a no-break space), "1'234" (Swiss).
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'')
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The digits of an integer part, checking its grouping: "1 234", "1.234.567".
/// `mark` is the one grouping character besides spaces that may appear.
fn integer_part(s: &str, mark: Option<char>) -> Option<String> {
    let mut groups = Vec::new();
    let mut group_kind = None;
    let mut current = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            current.push(c);
        } else if is_group_space(c) || Some(c) == mark {
            // One kind of grouping per number: "1 234.567" is not a number.
            let kind = if is_group_space(c) { ' ' } else { c };
            if *group_kind.get_or_insert(kind) != kind {
                return None;
            }
            groups.push(std::mem::take(&mut current));
        } else {
            return None;
        }
    }
    groups.push(current);
    let grouped = groups.len() > 1;
    if grouped && (groups[0].is_empty() || groups[0].len() > 3 || groups[0].starts_with('0')) {
        return None;
    }
    if groups[1..].iter().any(|g| g.len() != 3) {
        return None;
    }
    Some(groups.concat())
}

/// Reads a non-negative number, `known` telling what the file's marks mean.
fn read(s: &str, known: Marks) -> Reading {
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    let (decimal_mark, grouping_mark) = match (dots, commas) {
        (0, 0) => (None, None),
        (1, 0) | (0, 1) => {
            let mark = if dots == 1 { '.' } else { ',' };
            return single_mark(s, mark, known);
        }
        // Several of one mark and none of the other: they group thousands.
        (_, 0) => (None, Some('.')),
        (0, _) => (None, Some(',')),
        // Both marks: the last one is the decimal mark, once.
        _ => {
            let Some(last) = s.rfind(['.', ',']) else {
                return Reading::Bad;
            };
            let mark = if s[last..].starts_with('.') { '.' } else { ',' };
            if s.matches(mark).count() != 1 {
                return Reading::Bad;
            }
            (Some(mark), Some(if mark == '.' { ',' } else { '.' }))
        }
    };
    let (int_part, frac) = match decimal_mark {
        Some(mark) => match s.rsplit_once(mark) {
            Some((int, frac)) => (int, frac),
            None => return Reading::Bad,
        },
        None => (s, ""),
    };
    if decimal_mark.is_some() && !all_digits(frac) {
        return Reading::Bad;
    }
    let Some(int) = integer_part(int_part, grouping_mark) else {
        return Reading::Bad;
    };
    if int.is_empty() {
        return Reading::Bad;
    }
    let mut seen = Marks::default();
    if let Some(mark) = decimal_mark {
        seen = seen.and(Marks::with(mark, Role::Decimal));
    }
    if let Some(mark) = grouping_mark {
        seen = seen.and(Marks::with(mark, Role::Grouping));
    }
    Reading::Number(
        Decimal {
            int,
            frac: frac.to_owned(),
        },
        seen,
        false,
    )
}

/// One "." or "," and no other mark.
fn single_mark(s: &str, mark: char, known: Marks) -> Reading {
    let Some((int_part, frac)) = s.split_once(mark) else {
        return Reading::Bad;
    };
    if !all_digits(frac) {
        return Reading::Bad;
    }
    // ".5" and ",5": spreadsheets and WooCommerce write no leading zero.
    let int = if int_part.is_empty() {
        Some("0".to_owned())
    } else {
        integer_part(int_part, None)
    };
    let Some(int) = int else {
        return Reading::Bad;
    };
    let could_group = frac.len() == 3
        && all_digits(int_part)
        && int_part.len() <= 3
        && !int_part.starts_with('0');
    let decimal = |seen: Marks, by_default: bool| {
        Reading::Number(
            Decimal {
                int: int.clone(),
                frac: frac.to_owned(),
            },
            seen,
            by_default,
        )
    };
    if !could_group {
        return decimal(Marks::with(mark, Role::Decimal), false);
    }
    // The cell itself shows nothing: what the file shows decides.
    match known.role(mark) {
        Role::Decimal => decimal(Marks::default(), false),
        Role::Grouping => Reading::Number(
            Decimal {
                int: format!("{int}{frac}"),
                frac: String::new(),
            },
            Marks::default(),
            false,
        ),
        // Programs and both platforms' exports write "0.125": a lone dot is
        // a decimal point unless the file shows otherwise.
        Role::Unknown if mark == '.' => decimal(Marks::default(), true),
        Role::Unknown | Role::Both => Reading::Ambiguous {
            int,
            frac: frac.to_owned(),
        },
    }
}

/// How one file's numbers are read: its currency's decimals, what its marks
/// are known to mean, and what the cells read so far have shown.
pub(crate) struct Numbers {
    pub minor_units: u8,
    known: Marks,
    seen: Cell<Marks>,
    /// Some cell could be read either way with what was known.
    undecided: Cell<bool>,
}

impl Numbers {
    pub(crate) fn new(minor_units: u8, known: Marks) -> Numbers {
        Numbers {
            minor_units,
            known,
            seen: Cell::new(Marks::default()),
            undecided: Cell::new(false),
        }
    }

    /// What the numbers read so far show about the file's marks.
    pub(crate) fn seen(&self) -> Marks {
        self.seen.get()
    }

    /// Whether a cell was read (or refused) for want of knowing the file's marks.
    pub(crate) fn undecided(&self) -> bool {
        self.undecided.get()
    }

    fn decimal(&self, s: &str, bad: &'static str) -> Result<Decimal, Problem> {
        match read(s, self.known) {
            Reading::Number(number, seen, by_default) => {
                self.seen.set(self.seen.get().and(seen));
                if by_default {
                    self.undecided.set(true);
                }
                Ok(number)
            }
            Reading::Ambiguous { int, frac } => {
                self.undecided.set(true);
                let other = if s.contains(',') { '.' } else { ',' };
                let mut problem = Problem::new(AMBIGUOUS_NUMBER);
                problem
                    .extra
                    .push(("decimal", format!("{int}{other}{frac}")));
                problem.extra.push(("whole", format!("{int}{frac}")));
                Err(problem)
            }
            Reading::Bad => Err(Problem::new(bad)),
        }
    }

    /// A price in minor units for a currency with `minor_units` decimals.
    pub(crate) fn price(&self, s: &str) -> Result<i64, Problem> {
        let (negative, body) = strip_minus(s);
        let number = self.decimal(body, BAD_PRICE)?;
        if negative {
            return Err(Problem::new(NEGATIVE_PRICE));
        }
        if number.frac.len() > usize::from(self.minor_units) {
            let mut problem = Problem::new(PRICE_TOO_PRECISE);
            problem
                .extra
                .push(("decimals", self.minor_units.to_string()));
            return Err(problem);
        }
        let overflow = || Problem::new(BAD_PRICE);
        let scale = 10i64
            .checked_pow(u32::from(self.minor_units))
            .ok_or_else(overflow)?;
        let int: i64 = number.int.parse().map_err(|_| overflow())?;
        let frac_scale = scale / 10i64.pow(number.frac.len() as u32);
        let frac: i64 = if number.frac.is_empty() {
            0
        } else {
            number.frac.parse::<i64>().map_err(|_| overflow())? * frac_scale
        };
        int.checked_mul(scale)
            .and_then(|v| v.checked_add(frac))
            .ok_or_else(overflow)
    }

    /// A weight rounded to the nearest gram. Shopify itself exports
    /// fractional grams ("226.796185" for 8 oz), so decimals are welcome here.
    pub(crate) fn grams(&self, s: &str, unit: ToGrams) -> Result<i64, Problem> {
        let bad = || Problem::new(BAD_WEIGHT);
        let number = self.decimal(s, BAD_WEIGHT)?;
        // Past 18 decimals the digits cannot change a whole gram but could overflow.
        let frac = &number.frac[..number.frac.len().min(18)];
        let int: i128 = number.int.parse().map_err(|_| bad())?;
        let frac_value: i128 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| bad())?
        };
        let den = 10i128.pow(frac.len() as u32);
        let num = int
            .checked_mul(den)
            .and_then(|v| v.checked_add(frac_value))
            .and_then(|v| v.checked_mul(unit.num))
            .ok_or_else(bad)?;
        let den = den * unit.den;
        // Round half up: both sides are non-negative.
        let rounded = (2 * num + den) / (2 * den);
        i64::try_from(rounded).map_err(|_| bad())
    }

    /// A whole number, possibly negative (stock can be below zero when a
    /// platform sold more than it had), possibly grouped ("1 200") or written
    /// with zero decimals by a spreadsheet ("12.00").
    pub(crate) fn integer(&self, s: &str) -> Result<i64, Problem> {
        let (negative, body) = strip_minus(s);
        let number = self.decimal(body, BAD_INTEGER)?;
        if number.frac.bytes().any(|b| b != b'0') {
            return Err(Problem::new(BAD_INTEGER));
        }
        let value: i64 = number.int.parse().map_err(|_| Problem::new(BAD_INTEGER))?;
        Ok(if negative { -value } else { value })
    }

    /// A whole number of at least 1, such as an image position.
    pub(crate) fn position(&self, s: &str) -> Result<i64, Problem> {
        match self.integer(s) {
            Ok(n) if n >= 1 => Ok(n),
            Err(p) if p.code == AMBIGUOUS_NUMBER => Err(p),
            _ => Err(Problem::new(BAD_INTEGER)),
        }
    }
}

/// `(true, rest)` for "-5", "- 5" or "−5" (the minus sign some spreadsheets write).
fn strip_minus(s: &str) -> (bool, &str) {
    match s.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    }
}

/// Conversion of a weight unit to grams, as an exact fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ToGrams {
    pub num: i128,
    pub den: i128,
}

impl ToGrams {
    pub(crate) const GRAM: ToGrams = ToGrams { num: 1, den: 1 };
    /// WooCommerce's default unit, for a weight column that names none.
    pub(crate) const KILOGRAM: ToGrams = ToGrams { num: 1000, den: 1 };

    /// The unit WooCommerce writes in its weight header, e.g. `Weight (kg)`.
    pub(crate) fn from_unit(unit: &str) -> Option<ToGrams> {
        let (num, den) = match unit.trim() {
            "g" => (1, 1),
            "kg" => (1000, 1),
            // The international pound and ounce are defined exactly in grams.
            "lbs" | "lb" => (45_359_237, 100_000),
            "oz" => (28_349_523_125, 1_000_000_000),
            _ => return None,
        };
        Some(ToGrams { num, den })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code<T: std::fmt::Debug>(r: Result<T, Problem>) -> &'static str {
        r.expect_err("should fail").code
    }

    fn plain(minor_units: u8) -> Numbers {
        Numbers::new(minor_units, Marks::default())
    }

    fn known(comma: Role, dot: Role) -> Numbers {
        Numbers::new(2, Marks { comma, dot })
    }

    #[test]
    fn prices_in_the_ways_sellers_write_them() {
        let n = plain(2);
        assert_eq!(n.price("12.50"), Ok(1250));
        assert_eq!(n.price("12,50"), Ok(1250));
        assert_eq!(n.price("12"), Ok(1200));
        assert_eq!(n.price("17.9"), Ok(1790));
        assert_eq!(n.price(".5"), Ok(50));
        assert_eq!(n.price(",50"), Ok(50));
        assert_eq!(n.price("0,5"), Ok(50));
        assert_eq!(n.price("1 234,50"), Ok(123_450));
        assert_eq!(n.price("1\u{202f}234,50"), Ok(123_450));
        assert_eq!(n.price("1\u{a0}234\u{a0}567"), Ok(123_456_700));
        assert_eq!(n.price("1'234.50"), Ok(123_450));
        assert_eq!(n.price("1,234.50"), Ok(123_450));
        assert_eq!(n.price("1.234,50"), Ok(123_450));
        assert_eq!(n.price("1,234,567"), Ok(123_456_700));
        assert_eq!(n.price("1.234.567"), Ok(123_456_700));
        assert_eq!(n.price("0"), Ok(0));
        assert_eq!(plain(0).price("1234"), Ok(1234));
        assert_eq!(plain(3).price("1.234"), Ok(1234));
        assert_eq!(plain(3).price("0,125"), Ok(125));
    }

    #[test]
    fn prices_that_are_refused() {
        let n = plain(2);
        assert_eq!(code(n.price("-5")), NEGATIVE_PRICE);
        assert_eq!(code(n.price("- 5,00")), NEGATIVE_PRICE);
        assert_eq!(code(n.price("12.505")), PRICE_TOO_PRECISE);
        assert_eq!(code(plain(0).price("12.5")), PRICE_TOO_PRECISE);
        for garbage in [
            "12,5x",
            "abc",
            "12.",
            ".",
            "1 23,00",
            "12 345 6",
            "1.2.3,4,5",
            "€12",
            "12 €",
            "1e3",
            "--5",
            "1 234.567,00",
            "1,23,456",
            "01,234.5",
            "99999999999999999999",
        ] {
            assert_eq!(code(n.price(garbage)), BAD_PRICE, "{garbage}");
        }
        assert_eq!(code(n.price("-abc")), BAD_PRICE);
    }

    #[test]
    fn a_lone_comma_before_three_digits_is_never_guessed() {
        let n = plain(2);
        let problem = n.price("1,234").unwrap_err();
        assert_eq!(problem.code, AMBIGUOUS_NUMBER);
        assert_eq!(
            problem.extra,
            [
                ("decimal", "1.234".to_owned()),
                ("whole", "1234".to_owned())
            ]
        );
        assert!(n.undecided());
        assert_eq!(code(n.grams("123,456", ToGrams::GRAM)), AMBIGUOUS_NUMBER);
        assert_eq!(code(n.integer("1,000")), AMBIGUOUS_NUMBER);
        // A leading zero or another number of digits leaves no doubt.
        assert_eq!(n.grams("0,250", ToGrams::KILOGRAM), Ok(250));
        assert_eq!(n.grams("1,2345", ToGrams::KILOGRAM), Ok(1235));
        assert_eq!(n.grams("1234,567", ToGrams::GRAM), Ok(1235));
        // A lone dot is a decimal point, as programs write it.
        assert_eq!(plain(2).grams("1.250", ToGrams::KILOGRAM), Ok(1250));
    }

    #[test]
    fn the_file_decides_what_its_marks_mean() {
        let comma_decimal = known(Role::Decimal, Role::Unknown);
        assert_eq!(comma_decimal.grams("1,250", ToGrams::KILOGRAM), Ok(1250));
        assert_eq!(
            comma_decimal.price("1,234"),
            Err(Problem {
                code: PRICE_TOO_PRECISE,
                extra: vec![("decimals", "2".to_owned())],
            })
        );
        let comma_groups = known(Role::Grouping, Role::Decimal);
        assert_eq!(comma_groups.price("1,234"), Ok(123_400));
        assert_eq!(comma_groups.integer("1,234"), Ok(1234));
        let dot_groups = known(Role::Decimal, Role::Grouping);
        assert_eq!(dot_groups.price("1.234"), Ok(123_400));
        let contradictory = known(Role::Both, Role::Both);
        assert_eq!(code(contradictory.price("1,234")), AMBIGUOUS_NUMBER);
        let problem = contradictory.price("1.234").unwrap_err();
        assert_eq!(problem.code, AMBIGUOUS_NUMBER);
        assert_eq!(problem.extra[0], ("decimal", "1,234".to_owned()));
    }

    #[test]
    fn what_cells_show_about_the_file() {
        let n = plain(2);
        n.price("12,50").unwrap();
        assert_eq!(n.seen().comma, Role::Decimal);
        n.price("1.234,50").unwrap();
        assert_eq!(
            n.seen(),
            Marks {
                comma: Role::Decimal,
                dot: Role::Grouping
            }
        );
        n.price("1,234.50").unwrap();
        assert_eq!(n.seen().comma, Role::Both);
        let n = plain(2);
        n.price("12").unwrap();
        n.price("1 234").unwrap();
        assert_eq!(n.seen(), Marks::default());
        assert!(!n.undecided());
        assert_eq!(
            Marks::for_delimiter(b';').comma,
            Role::Decimal,
            "a French spreadsheet"
        );
    }

    #[test]
    fn weights_round_to_the_gram() {
        let n = plain(2);
        assert_eq!(n.grams("145", ToGrams::GRAM), Ok(145));
        assert_eq!(n.grams("226.796185", ToGrams::GRAM), Ok(227));
        assert_eq!(n.grams("0,5", ToGrams::GRAM), Ok(1));
        assert_eq!(n.grams("0.25", ToGrams::KILOGRAM), Ok(250));
        assert_eq!(n.grams(".5", ToGrams::from_unit("lbs").unwrap()), Ok(227));
        assert_eq!(n.grams("1", ToGrams::from_unit("lbs").unwrap()), Ok(454));
        assert_eq!(n.grams("8", ToGrams::from_unit("oz").unwrap()), Ok(227));
        assert_eq!(n.grams("1 500", ToGrams::GRAM), Ok(1500));
        assert_eq!(code(n.grams("-3", ToGrams::GRAM)), BAD_WEIGHT);
        assert_eq!(code(n.grams("12 g", ToGrams::GRAM)), BAD_WEIGHT);
    }

    #[test]
    fn whole_numbers() {
        let n = plain(2);
        assert_eq!(n.integer("-3"), Ok(-3));
        assert_eq!(n.integer("\u{2212}3"), Ok(-3));
        assert_eq!(n.integer("20"), Ok(20));
        assert_eq!(n.integer("1 200"), Ok(1200));
        assert_eq!(n.integer("12.00"), Ok(12));
        assert_eq!(code(n.integer("2.5")), BAD_INTEGER);
        assert_eq!(code(n.integer("-")), BAD_INTEGER);
        assert_eq!(code(n.integer("x")), BAD_INTEGER);
        assert_eq!(code(n.position("0")), BAD_INTEGER);
        assert_eq!(code(n.position("-2")), BAD_INTEGER);
        assert_eq!(n.position("3"), Ok(3));
    }
}
