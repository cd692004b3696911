//! Writes whose results nobody reads, sent together.
//!
//! On SQLite every statement is a round trip to the connection's own thread, and a write
//! transaction holds the node's one writer for all of them: an order's lines, its first event,
//! its cart's removal and its e-mail, sent one by one, kept every other shop's writes waiting
//! through five such trips. A [`Batch`] sends them as one multi-statement call there (each
//! statement's `$n` parameters renumbered after the previous ones'); on PostgreSQL, whose
//! prepared statements take one command each, it runs them in turn.

use sqlx::any::AnyArguments;
use sqlx::{Any, Execute};

use crate::{backend_of, Backend, Conn, Result, StoreError};

/// One statement with its parameters, as `sqlx::query(…).bind(…)` makes it.
pub type Statement<'q> = sqlx::query::Query<'q, Any, AnyArguments<'q>>;

#[derive(Default)]
pub struct Batch<'q> {
    statements: Vec<Statement<'q>>,
}

impl<'q> Batch<'q> {
    pub fn new() -> Batch<'q> {
        Batch::default()
    }

    pub fn push(&mut self, s: Statement<'q>) {
        self.statements.push(s);
    }

    /// Runs every statement, in order, through `conn` (a transaction: a failing statement
    /// leaves it to be rolled back).
    pub async fn run(self, conn: &mut Conn) -> Result<()> {
        if backend_of(conn) == Backend::Postgres || self.statements.len() < 2 {
            for s in self.statements {
                s.execute(&mut *conn).await?;
            }
            return Ok(());
        }
        // The parameters of every statement in one list: sqlx's `AnyArguments` keeps them in a
        // public (if undocumented) vector, the only way to append one list to another. A sqlx
        // upgrade that changes it fails to compile here, never silently.
        let mut sql = String::new();
        let mut args = AnyArguments::default();
        for mut s in self.statements {
            let offset = args.values.0.len();
            renumber(s.sql(), offset, &mut sql);
            sql.push_str(";\n");
            let own = s
                .take_arguments()
                .map_err(|e| StoreError::Db(sqlx::Error::Encode(e)))?;
            if let Some(own) = own {
                args.values.0.extend(own.values.0);
            }
        }
        sqlx::query_with(&sql, args).execute(&mut *conn).await?;
        Ok(())
    }
}

/// `sql` with each `$n` parameter made `$(n + offset)`, appended to `out`. Statements given to a
/// batch have no `$` inside their string literals.
fn renumber(sql: &str, offset: usize, out: &mut String) {
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if let Ok(n) = rest[..digits].parse::<usize>() {
            out.push_str(&(n + offset).to_string());
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_follow_the_previous_statements() {
        let mut out = String::new();
        renumber(
            "INSERT INTO t (a, b) VALUES ($1, $2), ($2, $10)",
            3,
            &mut out,
        );
        assert_eq!(out, "INSERT INTO t (a, b) VALUES ($4, $5), ($5, $13)");
        let mut out = String::new();
        renumber("DELETE FROM t WHERE a = $1", 0, &mut out);
        assert_eq!(out, "DELETE FROM t WHERE a = $1");
    }
}
