//! The one portable `SELECT` that ranks a shop's products from its `search_terms` rows (the
//! table is the store's migrations'; the store writes the rows that [`crate::index_terms`] makes).
//!
//! Portability rules the SQL keeps to, so that SQLite and PostgreSQL return the same rows in
//! the same order: `$N` placeholders (sqlx's SQLite driver binds `$N` by its number, wherever
//! it appears), no function but `MAX` and `CASE` (not `SUM`: PostgreSQL's `SUM(bigint)` is
//! `numeric`, which sqlx's `Any` driver cannot decode), prefixes as plain
//! `>=`/`<` ranges computed in Rust, and an `ORDER BY` that ends on the unique `product_id`.
//! Ranges are compared byte by byte on both sides: SQLite's default `BINARY` collation does,
//! and the PostgreSQL column is declared `COLLATE "C"` — under a linguistic collation such as
//! en_US, "epo-250g" sorts as if it were "epo250g" and would fall inside the range of "epo2".

use crate::Query;

/// An argument of the statement built by [`sql`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqlArg {
    Text(String),
    Int(i64),
}

/// The smallest string greater than every string that starts with `prefix`, in code point
/// order (which is UTF-8 byte order, the order of SQLite's `BINARY` and PostgreSQL's `"C"`):
/// the last character incremented, `"chee"` → `"chef"`. So `term >= 'chee' AND term < 'chef'`
/// holds exactly for the terms starting with "chee". `None` when there is no such bound (an
/// empty prefix, or one made only of `char::MAX`), meaning no upper limit.
pub fn prefix_upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = match last {
            // The surrogate block has no chars; the next one after it is U+E000.
            '\u{D7FF}' => Some('\u{E000}'),
            c => char::from_u32(c as u32 + 1),
        };
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// The statement that finds and ranks a shop's products for `query`, and the arguments that
/// follow the caller's own. Bind, in order:
///
/// - `$1` the shop id (`BIGINT`), `$2` the limit, `$3` the offset — the caller's;
/// - `$4`… the returned arguments, in order: for each query term, its alternatives matched by
///   equality, then, for a prefix term, the typed word and its [`prefix_upper_bound`]. All are
///   [`SqlArg::Text`] today; bind [`SqlArg::Int`] as `BIGINT` should it appear.
///
/// Rows are `(product_id BIGINT, score BIGINT)`: products that match every term, scored by the
/// sum over terms of the best weight among the stored terms that matched it, highest first,
/// ties by ascending product id. Shape, for "fromage chee" (`qt` numbers the query terms):
///
/// ```sql
/// SELECT product_id,
///        MAX(CASE WHEN qt = 0 THEN weight ELSE 0 END)
///      + MAX(CASE WHEN qt = 1 THEN weight ELSE 0 END) AS score
/// FROM (
///   SELECT product_id, 0 AS qt, weight FROM search_terms
///     WHERE shop_id = $1 AND term IN ($4, $5)
///   UNION ALL
///   SELECT product_id, 1 AS qt, weight FROM search_terms
///     WHERE shop_id = $1 AND term IN ($6)
///   UNION ALL
///   SELECT product_id, 1 AS qt, weight FROM search_terms
///     WHERE shop_id = $1 AND term >= $7 AND term < $8
/// ) AS hits
/// GROUP BY product_id
/// HAVING MAX(CASE WHEN qt = 0 THEN weight ELSE 0 END) > 0
///    AND MAX(CASE WHEN qt = 1 THEN weight ELSE 0 END) > 0
/// ORDER BY score DESC, product_id
/// LIMIT $2 OFFSET $3
/// ```
///
/// Each branch is one range of the primary key `(shop_id, term, product_id)`. One `GROUP BY`
/// computes every term's best weight at once (a first version grouped by product and term, then
/// by product: a third slower on PostgreSQL for common words). "Matched" is "best weight > 0",
/// which holds because [`crate::index_terms`] only writes positive weights.
/// A query without terms gives a statement that returns no rows (with the same `$1`–`$3`),
/// though callers should rather check [`Query::is_empty`].
pub fn sql(query: &Query) -> (String, Vec<SqlArg>) {
    if query.is_empty() {
        return (
            "SELECT product_id, MAX(weight) AS score FROM search_terms \
             WHERE shop_id = $1 AND 1 = 0 GROUP BY product_id \
             ORDER BY score DESC, product_id LIMIT $2 OFFSET $3"
                .to_owned(),
            Vec::new(),
        );
    }
    let (scored, args) = scored(query, "shop_id = $1 AND ", "product_id", 3, false);
    (
        format!("{scored} ORDER BY score DESC, product_id LIMIT $2 OFFSET $3"),
        args,
    )
}

/// How strongly a product must match each word to rank among the mall's first (see
/// [`sql_across`]): a tag's weight, so a title, a tag, a SKU, or a description naming the word
/// again and again.
pub const STRONG_WEIGHT: i64 = crate::TAG_WEIGHT;

/// Added to the score of a product matching every word strongly: more than any score without it
/// (at most [`crate::MAX_QUERY_TERMS`] words of at most [`crate::MAX_TERM_WEIGHT`] each).
const STRONG_FIRST: i64 = 1000;
const _: () = assert!(STRONG_FIRST > crate::MAX_QUERY_TERMS as i64 * crate::MAX_TERM_WEIGHT);

/// The statement that finds and scores products of every shop for `query` (the mall's search):
/// the same terms, weights and rule as [`sql`], without the shop, and one more rule for a
/// hundred thousand products: those matching every word strongly (each with a weight of at
/// least [`STRONG_WEIGHT`]) rank before the others. Rows are `(shop_id BIGINT, product_id
/// BIGINT, score BIGINT)`, in no order; the caller wraps it to keep the shops and products a
/// shopper may see, orders by `score DESC, product_id, shop_id` and limits. Its arguments start at `$2`
/// (the caller's `$1`, the limit, comes first). Each branch is one range of the index that
/// starts with `term`.
pub fn sql_across(query: &Query) -> (String, Vec<SqlArg>) {
    across(query, false)
}

/// [`sql_across`] reading only the postings of at least [`STRONG_WEIGHT`]: the products that
/// match every word strongly, with the same scores, from a fraction of a common word's
/// postings (most are descriptions' passing mentions). As those rank first, when enough of them
/// may be shown they are the first of the whole ranking.
pub fn sql_across_strong(query: &Query) -> (String, Vec<SqlArg>) {
    across(query, true)
}

fn across(query: &Query, strong_only: bool) -> (String, Vec<SqlArg>) {
    if query.is_empty() {
        return (
            "SELECT shop_id, product_id, MAX(weight) AS score FROM search_terms \
             WHERE 1 = 0 GROUP BY shop_id, product_id"
                .to_owned(),
            Vec::new(),
        );
    }
    let scope = if strong_only {
        format!("weight >= {STRONG_WEIGHT} AND ")
    } else {
        String::new()
    };
    scored(query, &scope, "shop_id, product_id", 1, true)
}

/// `SELECT {keys}, score … GROUP BY {keys} HAVING …` over the branches of every term, each
/// filtered by `scope`; arguments numbered after the caller's `first_arg` ones. With
/// `strong_first`, matching every word strongly adds [`STRONG_FIRST`] to the score.
fn scored(
    query: &Query,
    scope: &str,
    keys: &str,
    first_arg: usize,
    strong_first: bool,
) -> (String, Vec<SqlArg>) {
    let mut args: Vec<SqlArg> = Vec::new();
    let placeholder = |args: &mut Vec<SqlArg>, arg: SqlArg| {
        args.push(arg);
        format!("${}", args.len() + first_arg)
    };
    let mut branches: Vec<String> = Vec::new();
    for (qt, term) in query.terms.iter().enumerate() {
        // The typed word of a prefix term is covered by its range, so it is not also looked up
        // by equality.
        let exact: Vec<&String> = if term.prefix {
            term.alternatives.iter().skip(1).collect()
        } else {
            term.alternatives.iter().collect()
        };
        if !exact.is_empty() {
            let list: Vec<String> = exact
                .into_iter()
                .map(|a| placeholder(&mut args, SqlArg::Text(a.clone())))
                .collect();
            branches.push(format!(
                "SELECT {keys}, {qt} AS qt, weight FROM search_terms \
                 WHERE {scope}term IN ({})",
                list.join(", ")
            ));
        }
        if term.prefix {
            if let Some(word) = term.alternatives.first() {
                let low = placeholder(&mut args, SqlArg::Text(word.clone()));
                let range = match prefix_upper_bound(word) {
                    Some(high) => {
                        let high = placeholder(&mut args, SqlArg::Text(high));
                        format!("term >= {low} AND term < {high}")
                    }
                    None => format!("term >= {low}"),
                };
                branches.push(format!(
                    "SELECT {keys}, {qt} AS qt, weight FROM search_terms \
                     WHERE {scope}{range}"
                ));
            }
        }
    }
    let best: Vec<String> = (0..query.terms.len())
        .map(|qt| format!("MAX(CASE WHEN qt = {qt} THEN weight ELSE 0 END)"))
        .collect();
    let matched: Vec<String> = best.iter().map(|b| format!("{b} > 0")).collect();
    let mut score = best.join(" + ");
    if strong_first {
        let strong: Vec<String> = best
            .iter()
            .map(|b| format!("{b} >= {STRONG_WEIGHT}"))
            .collect();
        score = format!(
            "CASE WHEN {} THEN {STRONG_FIRST} ELSE 0 END + {score}",
            strong.join(" AND ")
        );
    }
    let sql = format!(
        "SELECT {keys}, {score} AS score FROM ({}) AS hits \
         GROUP BY {keys} HAVING {}",
        branches.join(" UNION ALL "),
        matched.join(" AND ")
    );
    (sql, args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_query, Language, QueryTerm};

    fn text(s: &str) -> SqlArg {
        SqlArg::Text(s.to_owned())
    }

    #[test]
    fn upper_bounds_are_exact() {
        assert_eq!(prefix_upper_bound("chee").as_deref(), Some("chef"));
        assert_eq!(prefix_upper_bound("epo9").as_deref(), Some("epo:"));
        assert_eq!(prefix_upper_bound("az").as_deref(), Some("a{"));
        assert_eq!(
            prefix_upper_bound("a\u{D7FF}").as_deref(),
            Some("a\u{E000}")
        );
        assert_eq!(
            prefix_upper_bound("ab\u{10FFFF}").as_deref(),
            Some("ac"),
            "a maximal last char rolls over to the one before"
        );
        assert_eq!(prefix_upper_bound(""), None);
        for (term, inside) in [
            ("chee", true),
            ("cheese", true),
            ("cheezz", true),
            ("che", false),
            ("chef", false),
            ("cheddar", false),
            ("chee-1", true),
        ] {
            let high = prefix_upper_bound("chee").unwrap();
            let in_range = term >= "chee" && term < high.as_str();
            assert_eq!(in_range, inside, "{term}");
            assert_eq!(in_range, term.starts_with("chee"), "{term}");
        }
    }

    #[test]
    fn exact_and_prefix_terms_become_branches_with_numbered_arguments() {
        let q = Query {
            terms: vec![
                QueryTerm {
                    alternatives: vec!["fromage".into(), "fromag".into()],
                    prefix: false,
                },
                QueryTerm {
                    alternatives: vec!["chee".into(), "che".into()],
                    prefix: true,
                },
            ],
        };
        let (sql, args) = sql(&q);
        assert_eq!(
            sql,
            "SELECT product_id, MAX(CASE WHEN qt = 0 THEN weight ELSE 0 END) \
             + MAX(CASE WHEN qt = 1 THEN weight ELSE 0 END) AS score FROM (\
             SELECT product_id, 0 AS qt, weight FROM search_terms WHERE shop_id = $1 AND term IN ($4, $5) \
             UNION ALL \
             SELECT product_id, 1 AS qt, weight FROM search_terms WHERE shop_id = $1 AND term IN ($6) \
             UNION ALL \
             SELECT product_id, 1 AS qt, weight FROM search_terms WHERE shop_id = $1 AND term >= $7 AND term < $8\
             ) AS hits GROUP BY product_id \
             HAVING MAX(CASE WHEN qt = 0 THEN weight ELSE 0 END) > 0 \
             AND MAX(CASE WHEN qt = 1 THEN weight ELSE 0 END) > 0 \
             ORDER BY score DESC, product_id LIMIT $2 OFFSET $3"
        );
        assert_eq!(
            args,
            [
                text("fromage"),
                text("fromag"),
                text("che"),
                text("chee"),
                text("chef"),
            ]
        );
    }

    #[test]
    fn every_placeholder_has_an_argument() {
        let langs = [Language::French, Language::English];
        for q in [
            "",
            "epoisses",
            "FROMAGES de chevre",
            "EPO-250G",
            "livre ancien chee",
        ] {
            let (sql, args) = sql(&parse_query(q, &langs));
            let mut used: Vec<usize> = sql
                .split('$')
                .skip(1)
                .map(|s| {
                    s.chars()
                        .take_while(char::is_ascii_digit)
                        .collect::<String>()
                })
                .map(|n| n.parse().unwrap())
                .collect();
            used.sort();
            used.dedup();
            let expected: Vec<usize> = (1..=args.len() + 3).collect();
            assert_eq!(used, expected, "{q}: {sql}");
        }
    }

    #[test]
    fn across_shops_the_same_terms_group_by_shop_and_product() {
        let q = parse_query("fromage chee", &[Language::French]);
        let (one, one_args) = sql(&q);
        let (all, all_args) = sql_across(&q);
        assert_eq!(one_args, all_args, "the same words are looked up");
        assert!(
            all.ends_with(
                "GROUP BY shop_id, product_id HAVING \
             MAX(CASE WHEN qt = 0 THEN weight ELSE 0 END) > 0 \
             AND MAX(CASE WHEN qt = 1 THEN weight ELSE 0 END) > 0"
            ),
            "{all}"
        );
        assert!(!all.contains("shop_id = "), "no shop filter: {all}");
        assert!(one.contains("WHERE shop_id = $1 AND term IN ($4"), "{one}");
        assert!(all.contains("WHERE term IN ($2"), "{all}");
        let highest = all
            .split('$')
            .skip(1)
            .filter_map(|s| {
                s.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse::<usize>()
                    .ok()
            })
            .max();
        assert_eq!(highest, Some(all_args.len() + 1));

        assert!(
            all.starts_with(
                "SELECT shop_id, product_id, CASE WHEN \
                 MAX(CASE WHEN qt = 0 THEN weight ELSE 0 END) >= 5 AND \
                 MAX(CASE WHEN qt = 1 THEN weight ELSE 0 END) >= 5 THEN 1000 ELSE 0 END + "
            ),
            "strong matches first: {all}"
        );
        let (strong, strong_args) = sql_across_strong(&q);
        assert_eq!(strong_args, all_args);
        assert_eq!(
            strong.matches("WHERE weight >= 5 AND term ").count(),
            3,
            "{strong}"
        );
        assert_eq!(strong.replace("weight >= 5 AND ", ""), all);
    }
}
