//! Accent folding and word splitting: the one place that decides what a "word" is, for the
//! index and the query alike.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::Language;

/// Folds text to lowercase ASCII words separated by single spaces.
///
/// NFKD splits accented letters into base letter + combining mark (marks are dropped) and
/// expands compatibility forms (ligatures "ﬁ", full-width letters, superscripts); letters that
/// NFKD leaves whole (œ, æ, ß, ø, ł, ...) are spelt out; everything else that is not an ASCII
/// letter or digit — punctuation, apostrophes, symbols, other scripts — separates words.
/// `"l'Époisses"` → `"l epoisses"`, `"Œufs"` → `"oeufs"`.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // A separator is only written before the next kept character, so the output never starts
    // or ends with a space and never has two in a row: that is what makes it idempotent.
    let mut pending_space = false;
    for c in text.nfkd() {
        if is_combining_mark(c) || is_invisible(c) {
            continue;
        }
        // to_lowercase can itself yield a combining mark ('İ' → "i\u{307}"), hence the check
        // inside the loop as well.
        for lc in c.to_lowercase() {
            if is_combining_mark(lc) {
                continue;
            }
            if lc.is_ascii_alphanumeric() {
                push(&mut out, lc, &mut pending_space);
            } else if let Some(spelt) = spell_out(lc) {
                for s in spelt.chars() {
                    push(&mut out, s, &mut pending_space);
                }
            } else {
                pending_space = true;
            }
        }
    }
    out
}

fn push(out: &mut String, c: char, pending_space: &mut bool) {
    if *pending_space && !out.is_empty() {
        out.push(' ');
    }
    *pending_space = false;
    out.push(c);
}

/// Characters that sit inside a word without separating it: a soft hyphen in "fro\u{AD}mage"
/// or a zero-width joiner pasted from a word processor must not split it in two.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Latin letters that NFKD does not decompose, spelt as a French, German or Nordic reader would
/// type them on a keyboard without them.
fn spell_out(c: char) -> Option<&'static str> {
    Some(match c {
        'œ' => "oe",
        'æ' => "ae",
        'ß' => "ss",
        'ø' => "o",
        'đ' | 'ð' => "d",
        'þ' => "th",
        'ł' => "l",
        'ı' => "i",
        'ħ' => "h",
        'ŧ' => "t",
        'ŋ' => "n",
        'ĸ' => "k",
        _ => return None,
    })
}

/// One-letter words carry no meaning for search ("l'", "d'", "a", "y"), except digits: "5 ans",
/// "size 8".
pub(crate) fn long_enough(word: &str) -> bool {
    // `all` is true of the empty string, which `"".split(' ')` yields.
    word.len() > 1 || (word.len() == 1 && word.as_bytes()[0].is_ascii_digit())
}

/// The words of `text` worth indexing or searching, normalised, in order, duplicates kept
/// (the index counts occurrences). Stop words of every supported language are dropped unless
/// they are all the text has; see [`tokens_in`] for a shop's own languages.
pub fn tokens(text: &str) -> Vec<String> {
    tokens_in(text, &Language::ALL)
}

/// [`tokens`] with the stop words of `langs` only, so that a word that is a stop word elsewhere
/// ("van" in Dutch, "die" in German) still counts in an English-and-French shop.
///
/// Stop words are dropped only when the text has other words: a book called "It", or a shopper
/// who types just "the", still gets a term to match, and because the same rule runs on each
/// indexed field and on the query, the two sides agree.
pub fn tokens_in(text: &str, langs: &[Language]) -> Vec<String> {
    let words: Vec<String> = normalise(text)
        .split(' ')
        .filter(|w| long_enough(w))
        .map(str::to_owned)
        .collect();
    let is_stop = |w: &str| langs.iter().any(|l| l.is_stop_word(w));
    if words.iter().all(|w| is_stop(w)) {
        return words;
    }
    words.into_iter().filter(|w| !is_stop(w)).collect()
}

/// A SKU as one term: folded and lowercased like [`normalise`], but whole — its inner
/// punctuation kept and its spaces removed — so that "EPO-250G" is one exact term and cannot be
/// confused with the words "epo" and "250g" of other products. Leading and trailing punctuation
/// is trimmed so that "EPO-250G," typed in a query still finds it. Only ASCII is kept, like
/// every other term, which keeps byte order and collation questions out of the prefix search.
pub fn sku_term(sku: &str) -> String {
    let mut out = String::with_capacity(sku.len());
    for c in sku.nfkd() {
        if is_combining_mark(c) || is_invisible(c) {
            continue;
        }
        for lc in c.to_lowercase() {
            if lc.is_ascii_alphanumeric() || lc.is_ascii_punctuation() {
                out.push(lc);
            } else if let Some(spelt) = spell_out(lc) {
                out.push_str(spelt);
            }
        }
    }
    out.trim_matches(|c: char| c.is_ascii_punctuation())
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_french_accents_ligatures_and_apostrophes() {
        assert_eq!(normalise("Époisses"), "epoisses");
        assert_eq!(normalise("l'Époisses"), "l epoisses");
        assert_eq!(normalise("L’Étranger"), "l etranger");
        assert_eq!(normalise("Crème brûlée"), "creme brulee");
        assert_eq!(normalise("Œufs de caille"), "oeufs de caille");
        assert_eq!(normalise("cœur d'Æsope"), "coeur d aesope");
        assert_eq!(normalise("Straße"), "strasse");
        assert_eq!(normalise("STRASSE"), "strasse");
        assert_eq!(normalise("ﬁlet de bœuf"), "filet de boeuf");
        assert_eq!(normalise("Ça coûte 12,50 €!"), "ca coute 12 50");
        assert_eq!(normalise("Smørrebrød"), "smorrebrod");
        assert_eq!(normalise("Łódź"), "lodz");
        assert_eq!(normalise("İstanbul"), "istanbul");
        assert_eq!(normalise("ＦＲＯＭＡＧＥ"), "fromage");
        assert_eq!(normalise("fro\u{AD}mage"), "fromage");
    }

    #[test]
    fn punctuation_and_blank_runs_become_one_space() {
        assert_eq!(
            normalise("  Fromages -- de   chèvre!  "),
            "fromages de chevre"
        );
        assert_eq!(normalise("EPO-250G"), "epo 250g");
        assert_eq!(normalise("\t\n"), "");
        assert_eq!(normalise("!!!"), "");
        assert_eq!(normalise("チーズ"), "");
    }

    #[test]
    fn tokens_drop_one_letter_words_but_not_digits() {
        assert_eq!(tokens("l'Époisses"), ["epoisses"]);
        assert_eq!(tokens("Comté 5 ans d'âge"), ["comte", "5", "ans", "age"]);
    }

    #[test]
    fn tokens_drop_stop_words_only_when_other_words_remain() {
        assert_eq!(tokens("Fromages de chèvre"), ["fromages", "chevre"]);
        assert_eq!(tokens("Le livre et la plume"), ["livre", "plume"]);
        assert_eq!(tokens("The Cheese of the Month"), ["cheese", "month"]);
        assert_eq!(tokens("de"), ["de"]);
        assert_eq!(tokens("The"), ["the"]);
        assert_eq!(tokens("Livres anciens"), ["livres", "anciens"]);
        // Duplicates are kept: the index weighs repeated words.
        assert_eq!(tokens("brie brie"), ["brie", "brie"]);
    }

    #[test]
    fn stop_words_follow_the_shop_languages() {
        let fr_en = [Language::French, Language::English];
        // "van" is Dutch for "of" but an English noun.
        assert_eq!(tokens_in("camper van", &fr_en), ["camper", "van"]);
        assert_eq!(tokens("camper van"), ["camper"]);
    }

    #[test]
    fn sku_terms_are_whole_lowercase_and_ascii() {
        assert_eq!(sku_term("EPO-250G"), "epo-250g");
        assert_eq!(sku_term(" epo-250g, "), "epo-250g");
        assert_eq!(sku_term("BRIE 1KG"), "brie1kg");
        assert_eq!(sku_term("LIV/Étr_01"), "liv/etr_01");
        assert_eq!(sku_term("--"), "");
    }

    proptest! {
        #[test]
        fn normalise_is_idempotent(s in any::<String>()) {
            let once = normalise(&s);
            prop_assert_eq!(normalise(&once), once.clone());
        }

        #[test]
        fn normalise_yields_lowercase_ascii_words(s in any::<String>()) {
            let n = normalise(&s);
            prop_assert!(n.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' '), "{:?}", n);
            prop_assert!(!n.starts_with(' ') && !n.ends_with(' ') && !n.contains("  "), "{:?}", n);
        }

        // Latin-heavy input, where folding actually happens, besides arbitrary Unicode above.
        #[test]
        fn normalise_is_idempotent_on_latin_text(s in "[a-zA-Z0-9 àâäçéèêëîïôöùûüÿœæßÀÉÈÊÔŒÆ'’,.!?-]{0,40}") {
            let once = normalise(&s);
            prop_assert_eq!(normalise(&once), once.clone());
            prop_assert!(once.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' '));
        }

        #[test]
        fn sku_terms_are_stable_ascii(s in any::<String>()) {
            let t = sku_term(&s);
            prop_assert!(t.is_ascii() && !t.contains(' '));
            prop_assert_eq!(sku_term(&t), t.clone());
        }
    }
}
