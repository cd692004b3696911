//! Snowball stemming of folded words in a shop's languages.

use rust_stemmers::Stemmer;

use crate::{normalise, Language};

/// The stems of one word in each of `langs`, deduplicated, in the order of `langs`.
///
/// The word is folded first (a raw "Époisses" is fine), so stemming always runs on accent-free
/// text: the index and the query must agree, and the shopper's keyboard decides whether accents
/// are typed, not the shop. Snowball's French, Spanish and Italian rules treat accented vowels
/// as vowels, so losing the accents mostly costs nothing; the tests pin the cases we rely on.
/// Pass one word (a [`crate::tokens`] item); several words are stemmed as one string.
/// With no language the folded word is its own stem.
pub fn stem(token: &str, langs: &[Language]) -> Vec<String> {
    let folded = normalise(token);
    let mut stems: Vec<String> = Vec::with_capacity(langs.len().max(1));
    if folded.is_empty() {
        return stems;
    }
    if langs.is_empty() {
        stems.push(folded);
        return stems;
    }
    for &lang in langs {
        // Creating a stemmer only picks a function pointer: no table is built, so there is
        // nothing to cache.
        let s = Stemmer::create(lang.algorithm()).stem(&folded).into_owned();
        if !s.is_empty() && !stems.contains(&s) {
            stems.push(s);
        }
    }
    stems
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::*;

    fn same(a: &str, b: &str, langs: &[Language]) -> bool {
        stem(a, langs) == stem(b, langs)
    }

    #[test]
    fn french_inflections_fold_together_after_accent_folding() {
        let fr = [French];
        assert!(
            same("fromage", "fromages", &fr),
            "{:?}",
            stem("fromages", &fr)
        );
        assert!(same("livre", "livres", &fr));
        assert!(same("epoisses", "Époisses", &fr));
        assert!(same("chevre", "chèvres", &fr));
        assert!(same("ancien", "anciens", &fr));
        assert!(same("oeuf", "œufs", &fr));
        assert!(same("brulee", "brûlée", &fr));
        assert_eq!(stem("Fromages", &fr), ["fromag"]);
    }

    #[test]
    fn english_inflections_fold_together() {
        let en = [English];
        assert!(same("cheese", "cheeses", &en), "{:?}", stem("cheeses", &en));
        assert!(same("box", "boxes", &en), "{:?}", stem("boxes", &en));
        assert!(same("book", "books", &en));
        assert!(same("stranger", "strangers", &en));
    }

    #[test]
    fn a_shop_in_two_languages_gets_each_stem_once() {
        let fr_en = [French, English];
        // Both stemmers agree on "fromages" → one stem, not two copies.
        assert_eq!(stem("fromages", &fr_en), ["fromag"]);
        // "livres" is French and English stemmers agree too; "cheeses" only English strips.
        assert!(same("livre", "livres", &fr_en));
        assert!(same("cheese", "cheeses", &fr_en));
        let s = stem("anciens", &fr_en);
        assert!(s.contains(&"ancien".to_owned()), "{s:?}");
    }

    #[test]
    fn other_languages_stem_folded_words() {
        assert!(same("kase", "Käse", &[German]));
        assert!(same("queso", "quesos", &[Spanish]));
        assert!(same("formaggio", "formaggi", &[Italian]));
        assert!(same("boek", "boeken", &[Dutch]));
    }

    #[test]
    fn digits_and_empty_input() {
        assert_eq!(stem("250g", &[French, English]), ["250g"]);
        assert!(stem("", &[French]).is_empty());
        assert!(stem("!!", &[French]).is_empty());
        assert_eq!(stem("Livres", &[]), ["livres"]);
    }
}
