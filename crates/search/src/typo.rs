//! Forgiving typos: the terms a shop (or the whole mall) has indexed, and the nearest of them to
//! a typed word that nothing indexed matches.
//!
//! A search first runs as typed. Only when it finds nothing is each word no indexed term
//! matches widened to the indexed terms a few edits away ([`forgive`]), so that a correct word
//! never brings in products of a neighbouring one ("poire" never finds "poivre" while pears are
//! sold). Distances are Damerau's, restricted to adjacent transpositions (optimal string
//! alignment): "camembret" is one edit from "camembert", as a person counts it.

use std::cmp::Reverse;

use crate::{Language, Query, QueryTerm};

/// How many edits a typed word of `len` letters may be from an indexed term: none under 5
/// letters (one edit turns "brie" into "bise" or "tire", other words entirely), one from 5,
/// two from 9.
pub fn allowed_typos(len: usize) -> u32 {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// At most this many indexed terms stand in for one mistyped word.
pub const MAX_CORRECTIONS: usize = 6;

/// The indexed terms of a shop or of the mall, each with the number of products it is indexed
/// for. Terms are folded ASCII ([`crate::normalise`]), so distances count bytes.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Sorted by term, distinct.
    words: Vec<Word>,
}

#[derive(Debug, Clone)]
struct Word {
    text: Box<str>,
    docs: u32,
}

/// An indexed term near a typed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Near {
    pub term: String,
    pub distance: u32,
    pub docs: u32,
}

impl Vocabulary {
    /// From `(term, products)` pairs in any order; a repeated term adds up.
    pub fn new(counts: impl IntoIterator<Item = (String, i64)>) -> Vocabulary {
        let mut pairs: Vec<(String, i64)> = counts.into_iter().collect();
        pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut words: Vec<Word> = Vec::with_capacity(pairs.len());
        for (term, docs) in pairs {
            let docs = u32::try_from(docs.max(0)).unwrap_or(u32::MAX);
            match words.last_mut() {
                Some(last) if *last.text == *term => last.docs = last.docs.saturating_add(docs),
                _ => words.push(Word {
                    text: term.into_boxed_str(),
                    docs,
                }),
            }
        }
        Vocabulary { words }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    fn position(&self, term: &str) -> Result<usize, usize> {
        self.words.binary_search_by(|w| (*w.text).cmp(term))
    }

    /// Whether `term` is indexed.
    pub fn contains(&self, term: &str) -> bool {
        self.position(term).is_ok()
    }

    /// Whether an indexed term starts with `prefix`.
    pub fn has_prefix(&self, prefix: &str) -> bool {
        let at = self.position(prefix).unwrap_or_else(|i| i);
        self.words
            .get(at)
            .is_some_and(|w| w.text.starts_with(prefix))
    }

    /// Whether some term matches `term` as the search's SQL would: one of its alternatives
    /// indexed, or, for a word still being typed, an indexed term starting with it.
    pub fn matches(&self, term: &QueryTerm) -> bool {
        term.alternatives.iter().any(|a| self.contains(a))
            || (term.prefix
                && term
                    .alternatives
                    .first()
                    .is_some_and(|w| self.has_prefix(w)))
    }

    /// Whether `term` is indexed only as the stem of other indexed words ("fromag" of
    /// "fromage" and "fromages", "happi" of "happy"): such a term finds products but is no word
    /// to show a person. Stems keep all but the last letters of their words, so only the words
    /// sharing `term`'s beginning are looked at (at most a few hundred).
    fn is_stem_only(&self, term: &str, langs: &[Language]) -> bool {
        let head: String = {
            let mut chars = term.chars();
            chars.next_back();
            chars.collect()
        };
        if head.is_empty() {
            return false;
        }
        let start = self.position(&head).unwrap_or_else(|i| i);
        self.words[start..]
            .iter()
            .take_while(|w| w.text.starts_with(head.as_str()))
            .take(400)
            .any(|w| *w.text != *term && crate::stem(&w.text, langs).iter().any(|s| s == term))
    }

    /// The indexed terms at most `max` edits from `word` (when `prefix`, from a term's first
    /// letters, for a word still being typed), nearest first, then the most used, at most
    /// `limit`. The word itself is not returned.
    ///
    /// The sorted terms are walked as a trie: the table's row for a term's first `d` letters is
    /// computed once for every term sharing them, and once a row is all over `max` no term
    /// starting with those letters can come back under it, so they are all skipped with one
    /// binary search: most of a mall's half a million terms are never looked at one by one.
    pub fn near(&self, word: &str, max: u32, prefix: bool, limit: usize) -> Vec<Near> {
        if word.is_empty() || limit == 0 {
            return Vec::new();
        }
        let a = word.as_bytes();
        let m = a.len();
        let width = m + 1;
        // `rows[d * width..][..width]`: the distances from the beginnings of `word` to the
        // first `d` letters of the term walked; `best[d]`: the least distance from the whole
        // word to one of those beginnings of the term (rows 0..=d, last column).
        let mut rows: Vec<u32> = (0..=m as u32).collect();
        let mut best: Vec<u32> = vec![m as u32];
        let mut path: &[u8] = b"";
        let mut found: Vec<(u32, u32, usize)> = Vec::new();
        let mut i = 0;
        while i < self.words.len() {
            let t = self.words[i].text.as_bytes();
            let mut depth = path
                .iter()
                .zip(t)
                .take_while(|(x, y)| x == y)
                .count()
                .min(best.len() - 1);
            rows.truncate((depth + 1) * width);
            best.truncate(depth + 1);
            let mut dead = false;
            while depth < t.len() {
                let d = depth + 1;
                let c = t[d - 1];
                let prev = depth * width;
                let here = prev + width;
                rows.resize(here + width, 0);
                rows[here] = d as u32;
                let mut least = d as u32;
                for j in 1..=m {
                    let cost = u32::from(a[j - 1] != c);
                    let mut v = (rows[prev + j] + 1)
                        .min(rows[here + j - 1] + 1)
                        .min(rows[prev + j - 1] + cost);
                    if d > 1 && j > 1 && a[j - 1] == t[d - 2] && a[j - 2] == c {
                        v = v.min(rows[prev - width + j - 2] + 1);
                    }
                    rows[here + j] = v;
                    least = least.min(v);
                }
                best.push(best[depth].min(rows[here + m]));
                depth = d;
                if least > max {
                    dead = true;
                    break;
                }
            }
            path = t;
            if dead {
                // No term starting with these letters comes nearer than the rows above did.
                let head = &t[..depth];
                let end =
                    i + self.words[i..].partition_point(|w| w.text.as_bytes().starts_with(head));
                let d = best[depth - 1];
                if prefix && d <= max {
                    found.extend(
                        (i..end)
                            .filter(|&k| *self.words[k].text != *word)
                            .map(|k| (d, self.words[k].docs, k)),
                    );
                }
                i = end;
                continue;
            }
            let d = if prefix {
                best[depth]
            } else {
                rows[depth * width + m]
            };
            if d <= max && t != a {
                found.push((d, self.words[i].docs, i));
            }
            i += 1;
        }
        found.sort_by_key(|&(d, docs, i)| (d, Reverse(docs), i));
        found.truncate(limit);
        found
            .into_iter()
            .map(|(distance, docs, i)| Near {
                term: self.words[i].text.to_string(),
                distance,
                docs,
            })
            .collect()
    }

    /// Words worth proposing for `word` when a search found nothing: the nearest indexed
    /// terms, a little further than typos are forgiven (a third of the word's letters, at least
    /// one, at most three edits), leaving out stems, nearest and most used first.
    pub fn suggest(&self, word: &str, langs: &[Language], limit: usize) -> Vec<String> {
        let max = (word.len() as u32 / 3).clamp(1, 3);
        self.near(word, max, false, 4 * limit + 8)
            .into_iter()
            .filter(|n| !self.is_stem_only(&n.term, langs))
            .take(limit)
            .map(|n| n.term)
            .collect()
    }

    /// The best single stand-in for a word among `near`: the first that is not only a stem.
    fn best_word<'a>(&self, near: &'a [Near], langs: &[Language]) -> Option<&'a Near> {
        near.iter()
            .find(|n| !self.is_stem_only(&n.term, langs))
            .or_else(|| near.first())
    }
}

/// A query widened over typos, and what it reads as: each mistyped word with the indexed word
/// shown in its place ("camembret" → "camembert").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forgiven {
    pub query: Query,
    pub corrections: Vec<(String, String)>,
}

/// The query with every word that no indexed term matches replaced by the indexed terms within
/// its [`allowed_typos`] (at most [`MAX_CORRECTIONS`]). `None` when there is nothing to forgive
/// (every word matches a term) or when a word matches nothing even so: that search can find
/// nothing.
pub fn forgive(query: &Query, vocab: &Vocabulary, langs: &[Language]) -> Option<Forgiven> {
    let mut terms = Vec::with_capacity(query.terms.len());
    let mut corrections = Vec::new();
    for term in &query.terms {
        if vocab.matches(term) {
            terms.push(term.clone());
            continue;
        }
        let typed = term.alternatives.first()?;
        let near = vocab.near(
            typed,
            allowed_typos(typed.len()),
            term.prefix,
            MAX_CORRECTIONS,
        );
        let best = vocab.best_word(&near, langs)?;
        corrections.push((typed.clone(), best.term.clone()));
        terms.push(QueryTerm {
            alternatives: near.into_iter().map(|n| n.term).collect(),
            prefix: false,
        });
    }
    if corrections.is_empty() {
        return None;
    }
    Some(Forgiven {
        query: Query { terms },
        corrections,
    })
}

/// Words to propose when a search found nothing, for each word of the query no indexed term
/// matches, at most `per_word` each, without repeats.
pub fn suggestions(
    query: &Query,
    vocab: &Vocabulary,
    langs: &[Language],
    per_word: usize,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for term in query.terms.iter().filter(|t| !vocab.matches(t)) {
        if let Some(typed) = term.alternatives.first() {
            for s in vocab.suggest(typed, langs, per_word) {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
    }
    out
}

/// The optimal-string-alignment distance between `a` and `b` when it is at most `max`.
pub fn distance(a: &[u8], b: &[u8], max: u32) -> Option<u32> {
    Rows::default().distance(a, b, max, false)
}

/// The smallest distance between `a` and a beginning of `b` (any length), when at most `max`:
/// how far a word still being typed is from becoming `b`.
pub fn prefix_distance(a: &[u8], b: &[u8], max: u32) -> Option<u32> {
    Rows::default().distance(a, b, max, true)
}

/// The three rows of the dynamic-programming table the distance needs (the one before the
/// previous, for transpositions), kept between words so that a scan of a vocabulary allocates
/// once.
#[derive(Default)]
struct Rows {
    before: Vec<u32>,
    previous: Vec<u32>,
    row: Vec<u32>,
}

impl Rows {
    /// The distance between `a` (rows) and `b` (columns), or, with `prefix`, between `a` and
    /// the nearest beginning of `b`; `None` once a whole row exceeds `max` (no alignment comes
    /// back under it: a cell is at least its diagonal neighbour of the row before, less one).
    fn distance(&mut self, a: &[u8], b: &[u8], max: u32, prefix: bool) -> Option<u32> {
        let width = b.len() + 1;
        for v in [&mut self.before, &mut self.previous, &mut self.row] {
            v.clear();
            v.resize(width, 0);
        }
        for (j, cell) in self.previous.iter_mut().enumerate() {
            *cell = j as u32;
        }
        for i in 1..=a.len() {
            self.row[0] = i as u32;
            for j in 1..width {
                let cost = u32::from(a[i - 1] != b[j - 1]);
                let mut v = (self.previous[j] + 1)
                    .min(self.row[j - 1] + 1)
                    .min(self.previous[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(self.before[j - 2] + 1);
                }
                self.row[j] = v;
            }
            if self.row.iter().all(|&v| v > max) {
                return None;
            }
            std::mem::swap(&mut self.before, &mut self.previous);
            std::mem::swap(&mut self.previous, &mut self.row);
        }
        let d = if prefix {
            self.previous.iter().copied().min()?
        } else {
            *self.previous.last()?
        };
        (d <= max).then_some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_query, Language};
    use proptest::prelude::*;

    fn vocab(words: &[(&str, i64)]) -> Vocabulary {
        Vocabulary::new(words.iter().map(|(w, n)| (w.to_string(), *n)))
    }

    #[test]
    fn typos_allowed_grow_with_the_word() {
        assert_eq!(allowed_typos(4), 0);
        assert_eq!(allowed_typos(5), 1);
        assert_eq!(allowed_typos(8), 1);
        assert_eq!(allowed_typos(9), 2);
    }

    #[test]
    fn distances_count_what_a_person_counts() {
        let d = |a: &str, b: &str| distance(a.as_bytes(), b.as_bytes(), 10);
        assert_eq!(d("camembret", "camembert"), Some(1), "a swap is one edit");
        assert_eq!(d("fromage", "fromage"), Some(0));
        assert_eq!(d("fromge", "fromage"), Some(1));
        assert_eq!(d("frommage", "fromage"), Some(1));
        assert_eq!(d("fromaje", "fromage"), Some(1));
        assert_eq!(d("", "abc"), Some(3));
        assert_eq!(distance(b"kitten", b"sitting", 2), None, "3 is over 2");
        assert_eq!(
            prefix_distance(b"camenb", b"camembert", 1),
            Some(1),
            "camenb is one edit from camemb"
        );
        assert_eq!(prefix_distance(b"xyz", b"camembert", 1), None);
    }

    #[test]
    fn camembret_finds_camembert() {
        let langs = [Language::French];
        // The words and stems the index stores for these titles.
        let docs = ["Camembert de Normandie", "Fromage fermier", "Fromages"].map(|title| {
            crate::index_terms(
                &[crate::Document {
                    title,
                    ..Default::default()
                }],
                &langs,
            )
        });
        let v = Vocabulary::new(docs.into_iter().flatten().map(|(t, _)| (t, 1)));
        assert!(v.contains("normand") || v.contains("normandi"), "a stem");
        let q = parse_query("camembret", &langs);
        let f = forgive(&q, &v, &langs).expect("one typo in nine letters is forgiven");
        assert_eq!(
            f.corrections,
            [("camembret".to_string(), "camembert".to_string())]
        );
        assert!(f.query.terms[0]
            .alternatives
            .contains(&"camembert".to_string()));
        assert!(!f.query.terms[0].prefix);

        // A word that matches is left alone, the other is corrected.
        let q = parse_query("fromage normandei ", &langs);
        let f = forgive(&q, &v, &langs).unwrap();
        assert_eq!(f.query.terms[0], q.terms[0]);
        assert_eq!(f.corrections[0].1, "normandie", "the word, not its stem");

        // Nothing to forgive, or too far to forgive.
        assert_eq!(forgive(&parse_query("fromage", &langs), &v, &langs), None);
        assert_eq!(forgive(&parse_query("chevre", &langs), &v, &langs), None);
        // Four letters: no typo allowed.
        let v = vocab(&[("brie", 1)]);
        assert_eq!(forgive(&parse_query("brue ", &langs), &v, &langs), None);
    }

    #[test]
    fn suggestions_are_words_not_stems() {
        let v = vocab(&[
            ("fromag", 5),
            ("fromage", 4),
            ("fromages", 1),
            ("tomate", 1),
        ]);
        let langs = [Language::French, Language::English];
        let q = parse_query("fronmages ", &langs);
        assert_eq!(suggestions(&q, &v, &langs, 3), ["fromages", "fromage"]);
        let v = vocab(&[("happi", 2), ("happy", 2), ("hapless", 1)]);
        let q = parse_query("happii ", &langs);
        assert_eq!(
            suggestions(&q, &v, &langs, 3),
            ["happy"],
            "happi is happy's stem"
        );
    }

    #[test]
    fn a_word_being_typed_is_matched_by_its_first_letters() {
        let v = vocab(&[("camembert", 1)]);
        assert!(v.has_prefix("camem"));
        assert!(!v.has_prefix("camz"));
        let q = parse_query("camenbe", &[Language::French]);
        let f = forgive(&q, &v, &[Language::French]).unwrap();
        assert_eq!(f.query.terms[0].alternatives, ["camembert"]);
    }

    /// The textbook table, whole, written apart from [`Rows`]: the distance from `a` to `b`,
    /// and from `a` to the nearest beginning of `b`.
    fn reference(a: &[u8], b: &[u8]) -> (u32, u32) {
        let (n, m) = (a.len(), b.len());
        let mut d = vec![vec![0u32; m + 1]; n + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i as u32;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j as u32;
        }
        for i in 1..=n {
            for j in 1..=m {
                let cost = u32::from(a[i - 1] != b[j - 1]);
                let mut v = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        (d[n][m], *d[n].iter().min().unwrap())
    }

    proptest! {
        #[test]
        fn distances_agree_with_the_whole_table(a in "[a-d]{0,9}", b in "[a-d]{0,9}", max in 0u32..4) {
            let (full, prefix) = reference(a.as_bytes(), b.as_bytes());
            prop_assert_eq!(distance(a.as_bytes(), b.as_bytes(), max), Some(full).filter(|&d| d <= max));
            prop_assert_eq!(
                prefix_distance(a.as_bytes(), b.as_bytes(), max),
                Some(prefix).filter(|&d| d <= max)
            );
        }

        #[test]
        fn distance_is_symmetric_and_bounded(a in "[a-e]{0,8}", b in "[a-e]{0,8}") {
            let d = |x: &str, y: &str| distance(x.as_bytes(), y.as_bytes(), 64).unwrap();
            prop_assert_eq!(d(&a, &b), d(&b, &a));
            prop_assert_eq!(d(&a, &a), 0);
            prop_assert!(d(&a, &b) <= a.len().max(b.len()) as u32);
            prop_assert!(d(&a, &b) >= a.len().abs_diff(b.len()) as u32);
            for max in 0..4 {
                let bounded = distance(a.as_bytes(), b.as_bytes(), max);
                prop_assert_eq!(bounded, Some(d(&a, &b)).filter(|&x| x <= max));
            }
        }

        #[test]
        fn near_agrees_with_the_distance(
            // Few letters, many words: terms share beginnings as a real vocabulary's do, so
            // the walk keeps and skips rows of common beginnings.
            words in proptest::collection::vec("[a-c]{1,6}|[a-f]{1,9}", 1..200),
            w in "[a-c]{1,6}|[a-f]{1,9}",
            max in 0u32..3,
            prefix: bool,
        ) {
            let v = Vocabulary::new(words.iter().map(|x| (x.clone(), 1)));
            let found: Vec<String> =
                v.near(&w, max, prefix, usize::MAX).into_iter().map(|n| n.term).collect();
            let within = |x: &str| match prefix {
                true => prefix_distance(w.as_bytes(), x.as_bytes(), max).is_some(),
                false => distance(x.as_bytes(), w.as_bytes(), max).is_some(),
            };
            let mut expected: Vec<String> = words
                .iter()
                .filter(|x| **x != w && within(x))
                .cloned()
                .collect();
            expected.sort();
            expected.dedup();
            let mut got = found.clone();
            got.sort();
            prop_assert_eq!(got, expected);
        }
    }
}
