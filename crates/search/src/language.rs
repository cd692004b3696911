//! The languages a shop can search in: their codes, Snowball stemmers and stop words.

use rust_stemmers::Algorithm;

/// A language whose words the search folds and stems. Only languages with a Snowball stemmer
/// and a Latin script are listed: [`crate::normalise`] keeps ASCII letters only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    French,
    English,
    German,
    Spanish,
    Italian,
    Dutch,
}

impl Language {
    /// Every supported language, for callers that do not know the shop's (and for [`crate::tokens`]).
    pub const ALL: [Language; 6] = [
        Language::French,
        Language::English,
        Language::German,
        Language::Spanish,
        Language::Italian,
        Language::Dutch,
    ];

    /// The language of a BCP 47 / POSIX tag: `"fr"`, `"fr-FR"`, `"fr_CA"`, `"EN"`.
    /// Only the primary subtag counts, since stemming does not vary by region.
    pub fn from_code(code: &str) -> Option<Language> {
        let primary = code.trim().split(['-', '_']).next()?;
        match primary.to_ascii_lowercase().as_str() {
            "fr" => Some(Language::French),
            "en" => Some(Language::English),
            "de" => Some(Language::German),
            "es" => Some(Language::Spanish),
            "it" => Some(Language::Italian),
            "nl" => Some(Language::Dutch),
            _ => None,
        }
    }

    /// The two-letter code, the inverse of [`Language::from_code`].
    pub fn code(self) -> &'static str {
        match self {
            Language::French => "fr",
            Language::English => "en",
            Language::German => "de",
            Language::Spanish => "es",
            Language::Italian => "it",
            Language::Dutch => "nl",
        }
    }

    pub(crate) fn algorithm(self) -> Algorithm {
        match self {
            Language::French => Algorithm::French,
            Language::English => Algorithm::English,
            Language::German => Algorithm::German,
            Language::Spanish => Algorithm::Spanish,
            Language::Italian => Algorithm::Italian,
            Language::Dutch => Algorithm::Dutch,
        }
    }

    /// Articles, prepositions and conjunctions, already accent-folded (as [`crate::normalise`]
    /// leaves them). Kept deliberately short: each word dropped here is a word a shopper can no
    /// longer narrow a search with, and words that mean something in another language of the
    /// same shop ("van", "die", "pour") would otherwise vanish from that language's titles too.
    /// One-letter words ("a", "l", "y", "e") are not listed: tokens drops them anyway.
    pub(crate) fn stop_words(self) -> &'static [&'static str] {
        match self {
            Language::French => &[
                "le", "la", "les", "de", "des", "du", "un", "une", "et", "au", "aux", "ou", "en",
            ],
            Language::English => &[
                "the", "an", "of", "and", "or", "to", "in", "for", "with", "on", "by", "at",
            ],
            Language::German => &[
                "der", "die", "das", "den", "dem", "des", "ein", "eine", "und", "mit", "von", "zu",
                "im",
            ],
            Language::Spanish => &[
                "el", "la", "los", "las", "de", "del", "un", "una", "con", "por", "para", "en",
            ],
            Language::Italian => &[
                "il", "lo", "la", "gli", "le", "di", "da", "del", "della", "dei", "delle", "un",
                "una", "con", "per", "in",
            ],
            Language::Dutch => &[
                "de", "het", "een", "en", "van", "in", "met", "op", "te", "voor",
            ],
        }
    }

    pub(crate) fn is_stop_word(self, word: &str) -> bool {
        self.stop_words().contains(&word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_regions_are_ignored() {
        for lang in Language::ALL {
            assert_eq!(Language::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Language::from_code("fr-FR"), Some(Language::French));
        assert_eq!(Language::from_code("fr_CA"), Some(Language::French));
        assert_eq!(Language::from_code(" EN-gb "), Some(Language::English));
        assert_eq!(Language::from_code("pt"), None);
        assert_eq!(Language::from_code(""), None);
    }

    #[test]
    fn stop_words_are_folded_lowercase_words() {
        // A stop word with an accent or a capital would never equal a normalised token.
        for lang in Language::ALL {
            for w in lang.stop_words() {
                assert_eq!(crate::normalise(w), *w, "{lang:?} stop word {w:?}");
                assert!(
                    w.len() > 1,
                    "{lang:?} one-letter stop word {w:?} is dead weight"
                );
            }
        }
    }
}
