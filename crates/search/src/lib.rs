//! Catalog search for one shop: accent folding, stemming and the portable SQL that ranks products.
//!
//! Why not each database's full-text engine: SQLite's FTS5 and PostgreSQL's `tsvector` tokenise,
//! stem and rank differently, so the same shop would find different products on each backend.
//! Instead the text is normalised and stemmed here, in Rust, and the resulting terms are stored
//! in a plain table (`search_terms`, made by the store's migrations) that both databases query with the same SQL.
//! The same functions build the index and parse the query, which is what makes "epoisses" find
//! "Époisses" and "livres" find "livre".
//!
//! Flow: [`index_terms`] turns a product's texts into `(term, weight)` rows that the store writes;
//! [`parse_query`] turns what the shopper typed into a [`Query`]; [`sql`] turns it into one
//! `SELECT` plus its arguments.
#![forbid(unsafe_code)]

mod index;
mod language;
mod normalise;
mod query;
mod sql;
mod stem;
mod typo;

pub use index::{
    index_terms, Document, DESCRIPTION_WEIGHT, MAX_TERM_WEIGHT, SKU_WEIGHT, TAG_WEIGHT,
    TITLE_WEIGHT,
};
pub use language::Language;
pub use normalise::{normalise, sku_term, tokens, tokens_in};
pub use query::{parse_query, Query, QueryTerm, MAX_QUERY_TERMS};
pub use sql::{prefix_upper_bound, sql, sql_across, sql_across_strong, SqlArg, STRONG_WEIGHT};
pub use stem::stem;
pub use typo::{
    allowed_typos, distance, forgive, prefix_distance, suggestions, Forgiven, Near, Vocabulary,
    MAX_CORRECTIONS,
};
