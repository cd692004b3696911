//! Shop staff accounts: people, server-side sessions, invitations, password resets and the
//! login-failure log that rate limiting reads.

use serde::Serialize;
use sqlx::FromRow;

use crate::id::ShopId;
use crate::{hash_token, new_id, new_token, now, Conn, Result, StoreError};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Staff {
    pub shop_id: i64,
    pub id: i64,
    pub email: String,
    pub name: String,
    #[serde(skip)]
    pub password_hash: String,
    pub role: String,
    pub created_at: i64,
}

const STAFF_COLUMNS: &str = "shop_id, id, email, name, password_hash, role, created_at";

pub async fn create_staff(
    conn: &mut Conn,
    shop_id: ShopId,
    email: &str,
    name: &str,
    password_hash: &str,
    role: &str,
) -> Result<Staff> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO staff (shop_id, id, email, name, password_hash, role, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(shop_id)
    .bind(id)
    .bind(email)
    .bind(name)
    .bind(password_hash)
    .bind(role)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    staff_by_id(conn, shop_id, id).await
}

pub async fn staff_by_id(conn: &mut Conn, shop_id: ShopId, id: i64) -> Result<Staff> {
    Ok(sqlx::query_as(&format!(
        "SELECT {STAFF_COLUMNS} FROM staff WHERE shop_id = $1 AND id = $2"
    ))
    .bind(shop_id)
    .bind(id)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn staff_by_email(
    conn: &mut Conn,
    shop_id: ShopId,
    email: &str,
) -> Result<Option<Staff>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {STAFF_COLUMNS} FROM staff WHERE shop_id = $1 AND email = $2"
    ))
    .bind(shop_id)
    .bind(email)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn list_staff(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<Staff>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {STAFF_COLUMNS} FROM staff WHERE shop_id = $1 ORDER BY created_at, id"
    ))
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn count_staff(conn: &mut Conn, shop_id: ShopId) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM staff WHERE shop_id = $1")
            .bind(shop_id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

pub async fn count_owners(conn: &mut Conn, shop_id: ShopId) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM staff WHERE shop_id = $1 AND role = 'owner'")
            .bind(shop_id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

pub async fn set_role(conn: &mut Conn, shop_id: ShopId, id: i64, role: &str) -> Result<()> {
    let r = sqlx::query("UPDATE staff SET role = $3 WHERE shop_id = $1 AND id = $2")
        .bind(shop_id)
        .bind(id)
        .bind(role)
        .execute(&mut *conn)
        .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

pub async fn set_password(conn: &mut Conn, shop_id: ShopId, id: i64, hash: &str) -> Result<()> {
    let r = sqlx::query("UPDATE staff SET password_hash = $3 WHERE shop_id = $1 AND id = $2")
        .bind(shop_id)
        .bind(id)
        .bind(hash)
        .execute(&mut *conn)
        .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

pub async fn delete_staff(conn: &mut Conn, shop_id: ShopId, id: i64) -> Result<()> {
    for table in ["staff_sessions", "password_resets"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE shop_id = $1 AND staff_id = $2"
        ))
        .bind(shop_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    let r = sqlx::query("DELETE FROM staff WHERE shop_id = $1 AND id = $2")
        .bind(shop_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

// ---- sessions --------------------------------------------------------------------------------

pub const SESSION_SECONDS: i64 = 14 * 24 * 3600;

#[derive(Debug, Clone, FromRow)]
pub struct Session {
    pub shop_id: i64,
    pub staff_id: i64,
    pub csrf: String,
    pub expires_at: i64,
}

/// Opens a session; returns the cookie token (only its hash is stored) and the CSRF token.
pub async fn create_session(
    conn: &mut Conn,
    shop_id: ShopId,
    staff_id: i64,
) -> Result<(String, String)> {
    let (token, hash) = new_token();
    let (csrf, _) = new_token();
    let t = now();
    sqlx::query(
        "INSERT INTO staff_sessions (shop_id, token_hash, staff_id, csrf, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(shop_id)
    .bind(&hash)
    .bind(staff_id)
    .bind(&csrf)
    .bind(t)
    .bind(t + SESSION_SECONDS)
    .execute(&mut *conn)
    .await?;
    Ok((token, csrf))
}

/// The live session for a cookie token in this shop, with its staff member.
pub async fn session(
    conn: &mut Conn,
    shop_id: ShopId,
    token: &str,
) -> Result<Option<(Session, Staff)>> {
    let s: Option<Session> = sqlx::query_as(
        "SELECT shop_id, staff_id, csrf, expires_at FROM staff_sessions \
         WHERE shop_id = $1 AND token_hash = $2 AND expires_at > $3",
    )
    .bind(shop_id)
    .bind(hash_token(token))
    .bind(now())
    .fetch_optional(&mut *conn)
    .await?;
    match s {
        None => Ok(None),
        Some(s) => {
            let staff = staff_by_id(conn, shop_id, s.staff_id).await?;
            Ok(Some((s, staff)))
        }
    }
}

pub async fn delete_session(conn: &mut Conn, shop_id: ShopId, token: &str) -> Result<()> {
    sqlx::query("DELETE FROM staff_sessions WHERE shop_id = $1 AND token_hash = $2")
        .bind(shop_id)
        .bind(hash_token(token))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// "Log out everywhere": ends every session of this person.
pub async fn delete_sessions_of(conn: &mut Conn, shop_id: ShopId, staff_id: i64) -> Result<u64> {
    let r = sqlx::query("DELETE FROM staff_sessions WHERE shop_id = $1 AND staff_id = $2")
        .bind(shop_id)
        .bind(staff_id)
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected())
}

pub async fn count_sessions_of(conn: &mut Conn, shop_id: ShopId, staff_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM staff_sessions WHERE shop_id = $1 AND staff_id = $2 AND expires_at > $3",
    )
    .bind(shop_id)
    .bind(staff_id)
    .bind(now())
    .fetch_one(&mut *conn)
    .await?)
}

// ---- invitations -----------------------------------------------------------------------------

pub const INVITATION_SECONDS: i64 = 7 * 24 * 3600;

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Invitation {
    pub shop_id: i64,
    pub id: i64,
    pub email: String,
    pub role: String,
    pub invited_by: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
}

const INVITATION_COLUMNS: &str =
    "shop_id, id, email, role, invited_by, created_at, expires_at, accepted_at";

/// Creates an invitation and returns it with the secret token for the link.
pub async fn create_invitation(
    conn: &mut Conn,
    shop_id: ShopId,
    email: &str,
    role: &str,
    invited_by: i64,
) -> Result<(Invitation, String)> {
    let (token, hash) = new_token();
    let id = new_id();
    let t = now();
    sqlx::query(
        "INSERT INTO invitations (shop_id, id, email, role, token_hash, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(shop_id)
    .bind(id)
    .bind(email)
    .bind(role)
    .bind(hash)
    .bind(invited_by)
    .bind(t)
    .bind(t + INVITATION_SECONDS)
    .execute(&mut *conn)
    .await?;
    let inv = sqlx::query_as(&format!(
        "SELECT {INVITATION_COLUMNS} FROM invitations WHERE shop_id = $1 AND id = $2"
    ))
    .bind(shop_id)
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    Ok((inv, token))
}

/// Pending (not accepted, not expired) invitations.
pub async fn pending_invitations(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<Invitation>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {INVITATION_COLUMNS} FROM invitations \
         WHERE shop_id = $1 AND accepted_at IS NULL AND expires_at > $2 ORDER BY created_at"
    ))
    .bind(shop_id)
    .bind(now())
    .fetch_all(&mut *conn)
    .await?)
}

/// A usable invitation for this link token, if any.
pub async fn invitation_by_token(
    conn: &mut Conn,
    shop_id: ShopId,
    token: &str,
) -> Result<Option<Invitation>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {INVITATION_COLUMNS} FROM invitations \
         WHERE shop_id = $1 AND token_hash = $2 AND accepted_at IS NULL AND expires_at > $3"
    ))
    .bind(shop_id)
    .bind(hash_token(token))
    .bind(now())
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn accept_invitation(conn: &mut Conn, shop_id: ShopId, id: i64) -> Result<()> {
    let r = sqlx::query(
        "UPDATE invitations SET accepted_at = $3 WHERE shop_id = $1 AND id = $2 AND accepted_at IS NULL",
    )
    .bind(shop_id)
    .bind(id)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

pub async fn revoke_invitation(conn: &mut Conn, shop_id: ShopId, id: i64) -> Result<()> {
    let r = sqlx::query(
        "DELETE FROM invitations WHERE shop_id = $1 AND id = $2 AND accepted_at IS NULL",
    )
    .bind(shop_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

// ---- password resets -------------------------------------------------------------------------

pub const RESET_SECONDS: i64 = 3600;

pub async fn create_reset(conn: &mut Conn, shop_id: ShopId, staff_id: i64) -> Result<String> {
    let (token, hash) = new_token();
    let t = now();
    sqlx::query(
        "INSERT INTO password_resets (shop_id, token_hash, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(shop_id)
    .bind(hash)
    .bind(staff_id)
    .bind(t)
    .bind(t + RESET_SECONDS)
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

/// The staff id a still-valid reset token is for.
pub async fn reset_staff(conn: &mut Conn, shop_id: ShopId, token: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT staff_id FROM password_resets WHERE shop_id = $1 AND token_hash = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(shop_id)
    .bind(hash_token(token))
    .bind(now())
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn use_reset(conn: &mut Conn, shop_id: ShopId, token: &str) -> Result<()> {
    sqlx::query("UPDATE password_resets SET used_at = $3 WHERE shop_id = $1 AND token_hash = $2")
        .bind(shop_id)
        .bind(hash_token(token))
        .bind(now())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

// ---- login failures (rate limiting) ----------------------------------------------------------

pub async fn record_login_failure(conn: &mut Conn, key: &str) -> Result<()> {
    let t = now();
    sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
        .bind(key)
        .bind(t)
        .execute(&mut *conn)
        .await?;
    // Keep the table small: failures older than a day no longer matter.
    sqlx::query("DELETE FROM login_failures WHERE at < $1")
        .bind(t - 86400)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn login_failures_since(conn: &mut Conn, key: &str, since: i64) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at >= $2")
            .bind(key)
            .bind(since)
            .fetch_one(&mut *conn)
            .await?,
    )
}

pub async fn clear_login_failures(conn: &mut Conn, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE key = $1")
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

// ---- team and own-account pages --------------------------------------------------------------

pub async fn set_staff_name(conn: &mut Conn, shop_id: ShopId, id: i64, name: &str) -> Result<()> {
    let r = sqlx::query("UPDATE staff SET name = $3 WHERE shop_id = $1 AND id = $2")
        .bind(shop_id)
        .bind(id)
        .bind(name)
        .execute(&mut *conn)
        .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Ends every session of this person except the one of `keep_token` (after a password change).
pub async fn delete_other_sessions(
    conn: &mut Conn,
    shop_id: ShopId,
    staff_id: i64,
    keep_token: &str,
) -> Result<u64> {
    let r = sqlx::query(
        "DELETE FROM staff_sessions WHERE shop_id = $1 AND staff_id = $2 AND token_hash <> $3",
    )
    .bind(shop_id)
    .bind(staff_id)
    .bind(hash_token(keep_token))
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected())
}

/// A pending (not accepted, not expired) invitation of this shop by its id.
pub async fn pending_invitation(conn: &mut Conn, shop_id: ShopId, id: i64) -> Result<Invitation> {
    Ok(sqlx::query_as(&format!(
        "SELECT {INVITATION_COLUMNS} FROM invitations \
         WHERE shop_id = $1 AND id = $2 AND accepted_at IS NULL AND expires_at > $3"
    ))
    .bind(shop_id)
    .bind(id)
    .bind(now())
    .fetch_one(&mut *conn)
    .await?)
}
