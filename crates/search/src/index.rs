//! What a product contributes to the search index: weighted terms from its texts and SKUs.

use std::collections::{BTreeMap, BTreeSet};

use crate::normalise::long_enough;
use crate::{normalise, sku_term, stem, tokens_in, Language};

/// Weight of each occurrence of a word in a title: a title match is what a shopper means.
pub const TITLE_WEIGHT: i64 = 10;
/// Weight of each occurrence in a tag or category name.
pub const TAG_WEIGHT: i64 = 5;
/// Weight of a SKU: someone who types a SKU wants that product, but a title still ranks first.
pub const SKU_WEIGHT: i64 = 8;
/// Weight of each occurrence in the description.
pub const DESCRIPTION_WEIGHT: i64 = 1;
/// Cap of one term's weight per product, so that a description repeating a word forty times
/// does not outrank a product whose title is that word.
pub const MAX_TERM_WEIGHT: i64 = 60;

/// The searchable texts of a product in one language. Category names go in `tags`; `sku`
/// holds the product's and its variants' SKUs (counted once per product, whichever documents
/// list them).
#[derive(Debug, Clone, Copy, Default)]
pub struct Document<'a> {
    pub title: &'a str,
    pub tags: &'a [&'a str],
    pub sku: &'a [&'a str],
    pub description: &'a str,
}

/// The `(term, weight)` rows of one product, from its texts in all of its languages, with each
/// term's weights summed and capped at [`MAX_TERM_WEIGHT`], sorted by term. The store replaces
/// the product's rows with these whenever the product changes.
///
/// Each word yields its stems in every shop language (so "livres" and "livre" share "livr") and
/// also the folded word itself: the last word of a query matches stored terms by prefix while
/// the shopper is still typing, and "runni" is a prefix of "running" but not of its stem "run".
/// A SKU yields its whole [`sku_term`] and its words unstemmed, so "EPO-250G" and a partly typed
/// "EPO-25" both find it.
pub fn index_terms(docs: &[Document], langs: &[Language]) -> Vec<(String, i64)> {
    let mut weights: BTreeMap<String, i64> = BTreeMap::new();
    let mut add = |term: String, weight: i64| {
        let w = weights.entry(term).or_default();
        *w = (*w + weight).min(MAX_TERM_WEIGHT);
    };
    for doc in docs {
        let texts = [
            (doc.title, TITLE_WEIGHT),
            (doc.description, DESCRIPTION_WEIGHT),
        ];
        for (text, weight) in texts
            .into_iter()
            .chain(doc.tags.iter().map(|t| (*t, TAG_WEIGHT)))
        {
            for word in tokens_in(text, langs) {
                for term in word_terms(&word, langs) {
                    add(term, weight);
                }
            }
        }
    }
    // SKUs belong to the product, not to a language: listed in each translation, or shared by
    // several variants ("EPO-250G", "EPO-500G" both give "epo"), a term still weighs one SKU.
    let mut sku_terms: BTreeSet<String> = BTreeSet::new();
    for sku in docs.iter().flat_map(|d| d.sku) {
        sku_terms.extend(
            normalise(sku)
                .split(' ')
                .filter(|w| long_enough(w))
                .map(str::to_owned),
        );
        sku_terms.insert(sku_term(sku));
    }
    for term in sku_terms.into_iter().filter(|t| !t.is_empty()) {
        add(term, SKU_WEIGHT);
    }
    weights.into_iter().collect()
}

/// The terms one folded word is stored and searched under: the word itself first, then its
/// stems. Shared with the query side so that both agree by construction.
pub(crate) fn word_terms(word: &str, langs: &[Language]) -> Vec<String> {
    let mut terms = vec![word.to_owned()];
    for s in stem(word, langs) {
        if !terms.contains(&s) {
            terms.push(s);
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::*;

    fn weight(terms: &[(String, i64)], term: &str) -> Option<i64> {
        terms.iter().find(|(t, _)| t == term).map(|(_, w)| *w)
    }

    #[test]
    fn title_tags_sku_and_description_are_weighted_and_summed() {
        let doc = Document {
            title: "Époisses de Bourgogne",
            tags: &["Fromages", "Bourgogne"],
            sku: &["EPO-250G"],
            description: "Un fromage à croûte lavée, lavé au marc de Bourgogne.",
        };
        let terms = index_terms(&[doc], &[French]);
        assert_eq!(weight(&terms, "epoiss"), Some(TITLE_WEIGHT));
        assert_eq!(weight(&terms, "epoisses"), Some(TITLE_WEIGHT));
        // Title + tag + description.
        assert_eq!(
            weight(&terms, "bourgogn"),
            Some(TITLE_WEIGHT + TAG_WEIGHT + DESCRIPTION_WEIGHT)
        );
        // "Fromages" (tag) and "fromage" (description) share a stem but not a folded word.
        assert_eq!(
            weight(&terms, "fromag"),
            Some(TAG_WEIGHT + DESCRIPTION_WEIGHT)
        );
        assert_eq!(weight(&terms, "fromages"), Some(TAG_WEIGHT));
        assert_eq!(weight(&terms, "fromage"), Some(DESCRIPTION_WEIGHT));
        // The SKU is whole and in parts, unstemmed.
        assert_eq!(weight(&terms, "epo-250g"), Some(SKU_WEIGHT));
        assert_eq!(weight(&terms, "epo"), Some(SKU_WEIGHT));
        assert_eq!(weight(&terms, "250g"), Some(SKU_WEIGHT));
        // Stop words and one-letter words are not indexed; accents never are.
        for absent in ["de", "un", "au", "a", "croûte", "Époisses"] {
            assert_eq!(weight(&terms, absent), None, "{absent}");
        }
        let sorted = terms.windows(2).all(|w| w[0].0 < w[1].0);
        assert!(sorted, "terms are sorted and distinct");
    }

    #[test]
    fn translations_add_up_and_weights_are_capped() {
        let fr = Document {
            title: "Crème brûlée",
            description: "crème crème crème",
            ..Document::default()
        };
        let en = Document {
            title: "Crème brûlée custard",
            ..Document::default()
        };
        let terms = index_terms(&[fr, en], &[French, English]);
        assert_eq!(weight(&terms, "creme"), Some(2 * TITLE_WEIGHT + 3));
        assert_eq!(weight(&terms, "custard"), Some(TITLE_WEIGHT));

        let loud = "brie ".repeat(100);
        let terms = index_terms(
            &[Document {
                title: &loud,
                ..Document::default()
            }],
            &[French],
        );
        assert_eq!(weight(&terms, "brie"), Some(MAX_TERM_WEIGHT));
    }

    #[test]
    fn skus_count_once_per_product() {
        let fr = Document {
            title: "Époisses",
            sku: &["EPO-250G", "EPO-500G"],
            ..Document::default()
        };
        let en = Document {
            title: "Époisses",
            ..fr
        };
        let terms = index_terms(&[fr, en], &[French, English]);
        assert_eq!(weight(&terms, "epo"), Some(SKU_WEIGHT));
        assert_eq!(weight(&terms, "epo-250g"), Some(SKU_WEIGHT));
        assert_eq!(weight(&terms, "epo-500g"), Some(SKU_WEIGHT));
        assert_eq!(weight(&terms, "epoiss"), Some(2 * TITLE_WEIGHT));
    }

    #[test]
    fn a_one_word_sku_is_one_term() {
        let doc = Document {
            sku: &["ABC123"],
            ..Document::default()
        };
        assert_eq!(
            index_terms(&[doc], &[English]),
            [("abc123".to_owned(), SKU_WEIGHT)]
        );
    }

    #[test]
    fn english_and_french_books() {
        let doc = Document {
            title: "L'Étranger",
            tags: &["Livres anciens", "Œuvres"],
            ..Document::default()
        };
        let terms = index_terms(&[doc], &[French, English]);
        assert!(weight(&terms, "etranger").is_some());
        assert!(weight(&terms, "livr").is_some());
        assert!(weight(&terms, "oeuvr").is_some(), "{terms:?}");
        assert_eq!(weight(&terms, "l"), None);
    }
}
