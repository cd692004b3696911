//! Platform operators: their accounts and sessions.

use sqlx::FromRow;

use crate::{hash_token, new_id, new_token, now, Conn, Result};

#[derive(Debug, Clone, FromRow)]
pub struct Operator {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
}

pub const SESSION_SECONDS: i64 = 12 * 3600;

pub async fn count(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM operators")
        .fetch_one(&mut *conn)
        .await?)
}

pub async fn create(conn: &mut Conn, email: &str, password_hash: &str) -> Result<i64> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO operators (id, email, password_hash, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(email)
    .bind(password_hash)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn by_email(conn: &mut Conn, email: &str) -> Result<Option<Operator>> {
    Ok(
        sqlx::query_as("SELECT id, email, password_hash FROM operators WHERE email = $1")
            .bind(email)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

pub async fn create_session(conn: &mut Conn, operator_id: i64) -> Result<(String, String)> {
    let (token, hash) = new_token();
    let (csrf, _) = new_token();
    let t = now();
    sqlx::query(
        "INSERT INTO operator_sessions (token_hash, operator_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash)
    .bind(operator_id)
    .bind(&csrf)
    .bind(t)
    .bind(t + SESSION_SECONDS)
    .execute(&mut *conn)
    .await?;
    Ok((token, csrf))
}

/// (operator id, email, csrf token) of a live session.
pub async fn session(conn: &mut Conn, token: &str) -> Result<Option<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT o.id, o.email, s.csrf FROM operator_sessions s JOIN operators o ON o.id = s.operator_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2",
    )
    .bind(hash_token(token))
    .bind(now())
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn delete_session(conn: &mut Conn, token: &str) -> Result<()> {
    sqlx::query("DELETE FROM operator_sessions WHERE token_hash = $1")
        .bind(hash_token(token))
        .execute(&mut *conn)
        .await?;
    Ok(())
}
