//! What the shopper typed, as the terms a product must match.

use crate::index::word_terms;
use crate::normalise::long_enough;
use crate::{normalise, sku_term, Language};

/// At most this many words of a query count; the rest are ignored. Each term is one more
/// branch in the SQL, and nobody finds a product faster with a ninth word.
pub const MAX_QUERY_TERMS: usize = 8;

/// A parsed query: a product matches when it matches every term.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub terms: Vec<QueryTerm>,
}

impl Query {
    /// Nothing to search for: show no results (or the catalog), do not run the SQL.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// One typed word. A stored term matches it when it equals one of `alternatives`, or — when
/// `prefix` is set — when it starts with `alternatives[0]`.
///
/// `alternatives[0]` is always the folded word as typed, followed by its stems in the shop's
/// languages and, when the word came from a chunk with inner punctuation ("EPO-250G"), that
/// chunk's [`sku_term`]. Only the typed word is matched by prefix, never a stem: "livres"
/// stems to "livr", and "livr" is a prefix of "livraison" (delivery) and "livreur", which would
/// make every product whose description mentions delivery match a search for books.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    pub alternatives: Vec<String>,
    pub prefix: bool,
}

/// Parses a search box's text. Words are folded, stemmed and filtered exactly as
/// [`crate::index_terms`] does for titles, so "FROMAGES de chevre" looks for "fromag" and
/// "chevr". The last word is a prefix (the shopper may still be typing it) unless the text
/// ends with a space; repeated words count once; only the first [`MAX_QUERY_TERMS`] words count.
/// Blank text gives a query with no terms.
pub fn parse_query(q: &str, langs: &[Language]) -> Query {
    // (word, sku key of the whitespace-separated chunk it came from)
    let mut words: Vec<(String, Option<String>)> = Vec::new();
    // The word the shopper may still be typing: the last one of the last chunk, if that chunk
    // has any ("livre a" and "livre l'" end on a finished "livre").
    let mut last_word: Option<String> = None;
    for chunk in q.split_whitespace() {
        let chunk_words: Vec<String> = normalise(chunk)
            .split(' ')
            .filter(|w| long_enough(w))
            .map(str::to_owned)
            .collect();
        let key = sku_term(chunk);
        // Worth an alternative only when it differs from the word itself: "EPO-250G" gives
        // "epo" and "250g", each of which also accepts the whole SKU "epo-250g". As every
        // term of the chunk carries the same key, AND over them reads
        // (epo AND 250g) OR epo-250g — a product matches by its words or by its SKU.
        let is_the_word = chunk_words.len() == 1 && chunk_words[0] == key;
        let key = (!key.is_empty() && !is_the_word).then_some(key);
        last_word = chunk_words.last().cloned();
        words.extend(chunk_words.into_iter().map(|w| (w, key.clone())));
    }

    // Same stop-word rule as tokens_in, over the whole query.
    let is_stop = |w: &str| langs.iter().any(|l| l.is_stop_word(w));
    if !words.iter().all(|(w, _)| is_stop(w)) {
        words.retain(|(w, _)| !is_stop(w));
    }
    // Matching the same word twice changes nothing but the score.
    let mut seen: Vec<String> = Vec::new();
    words.retain(|(w, _)| {
        let fresh = !seen.contains(w);
        seen.push(w.clone());
        fresh
    });
    let mut truncated = false;
    if words.len() > MAX_QUERY_TERMS {
        words.truncate(MAX_QUERY_TERMS);
        truncated = true;
    }

    let still_typing = !q.ends_with(char::is_whitespace);
    let n = words.len();
    let terms = words
        .into_iter()
        .enumerate()
        .map(|(i, (word, key))| {
            // Only the word the shopper typed last is unfinished. When it was dropped (a stop
            // word, past the limit), the last remaining word was followed by more text and is
            // complete. A dropped repeat of the last word leaves that word last: still typing.
            let prefix = still_typing
                && !truncated
                && i + 1 == n
                && last_word.as_deref() == Some(word.as_str());
            let mut alternatives = word_terms(&word, langs);
            if let Some(key) = key {
                if !alternatives.contains(&key) {
                    alternatives.push(key);
                }
            }
            QueryTerm {
                alternatives,
                prefix,
            }
        })
        .collect();
    Query { terms }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::*;

    const FR_EN: [Language; 2] = [French, English];

    fn term(alternatives: &[&str], prefix: bool) -> QueryTerm {
        QueryTerm {
            alternatives: alternatives.iter().map(|s| s.to_string()).collect(),
            prefix,
        }
    }

    #[test]
    fn blank_queries_have_no_terms() {
        assert!(parse_query("", &FR_EN).is_empty());
        assert!(parse_query("   \t\n", &FR_EN).is_empty());
        assert!(parse_query("?! ' -", &FR_EN).is_empty());
        assert!(parse_query("l'", &FR_EN).is_empty());
    }

    #[test]
    fn accents_case_and_inflections_fold_like_the_index() {
        assert_eq!(
            parse_query("Époisses", &FR_EN).terms,
            [term(&["epoisses", "epoiss"], true)]
        );
        assert_eq!(
            parse_query("FROMAGES de chevre", &FR_EN).terms,
            [
                term(&["fromages", "fromag"], false),
                term(&["chevre", "chevr"], true)
            ]
        );
        assert_eq!(
            parse_query("livres ", &[French]).terms,
            [term(&["livres", "livr"], false)]
        );
    }

    #[test]
    fn the_last_word_is_a_prefix_only_while_being_typed() {
        let q = parse_query("livre anc", &FR_EN);
        assert_eq!(
            q.terms.iter().map(|t| t.prefix).collect::<Vec<_>>(),
            [false, true]
        );
        assert!(!parse_query("livre ancien ", &FR_EN).terms[1].prefix);
        // The trailing stop word finished the word before it.
        let q = parse_query("fromages de", &FR_EN);
        assert_eq!(q.terms.len(), 1);
        assert!(!q.terms[0].prefix);
        // A one-letter word or an elision still being typed: the previous word is complete.
        assert!(!parse_query("livre a", &FR_EN).terms[0].prefix);
        assert!(!parse_query("livre l'", &FR_EN).terms[0].prefix);
        assert!(parse_query("EPO-2", &FR_EN).terms[1].prefix);
    }

    #[test]
    fn a_lone_stop_word_is_searched() {
        assert_eq!(parse_query("the", &FR_EN).terms, [term(&["the"], true)]);
    }

    #[test]
    fn sku_chunks_also_match_the_whole_sku() {
        assert_eq!(
            parse_query("EPO-250G", &FR_EN).terms,
            [
                term(&["epo", "epo-250g"], false),
                term(&["250g", "epo-250g"], true)
            ]
        );
        // L'Étranger has an apostrophe: the key is harmless, no SKU looks like that.
        let q = parse_query("L'Étranger", &FR_EN);
        assert_eq!(q.terms.len(), 1);
        assert_eq!(q.terms[0].alternatives[0], "etranger");
    }

    #[test]
    fn repeats_count_once_and_long_queries_are_cut() {
        assert_eq!(parse_query("brie Brie BRIE", &FR_EN).terms.len(), 1);
        let q = parse_query("zero deux trois quatre cinq six sept huit neuf dix", &FR_EN);
        assert_eq!(q.terms.len(), MAX_QUERY_TERMS);
        assert_eq!(q.terms[7].alternatives[0], "huit");
        assert!(
            q.terms.iter().all(|t| !t.prefix),
            "huit was followed by more words"
        );
    }

    #[test]
    fn crème_brûlée_and_œufs() {
        let q = parse_query("crème brûlée aux œufs", &FR_EN);
        let firsts: Vec<&str> = q.terms.iter().map(|t| t.alternatives[0].as_str()).collect();
        assert_eq!(firsts, ["creme", "brulee", "oeufs"]);
    }
}
