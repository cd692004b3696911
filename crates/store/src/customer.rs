//! A shop's customer accounts: the account, its sessions, its password-reset links and its
//! address book. Every query is within one shop: a customer of one shop is unknown to the others.
//! Tokens are stored by their hash only. The rules (sign-up, sign-in, merging carts) are
//! `app::customer`'s.

use sqlx::FromRow;

use crate::id::{CustomerId, ShopId};
use crate::{hash_token, new_id, new_token, now, Conn, Result, StoreError};

/// A session lasts this long (seconds): a customer stays signed in for a month on a device.
pub const SESSION_SECONDS: i64 = 30 * 86_400;
/// A password-reset link works this long (seconds).
pub const RESET_SECONDS: i64 = 3600;

#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Customer {
    pub id: CustomerId,
    /// Lower-cased.
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub lang: String,
    pub created_at: i64,
}

const COLUMNS: &str = "id, email, name, password_hash, lang, created_at";

pub struct NewCustomer<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub lang: &'a str,
}

/// Creates an account; `Conflict` when the shop already has one for this address.
pub async fn create(conn: &mut Conn, shop: ShopId, c: &NewCustomer<'_>) -> Result<CustomerId> {
    let id = CustomerId(new_id());
    let at = now();
    sqlx::query(
        "INSERT INTO customers (shop_id, id, email, name, password_hash, lang, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(shop)
    .bind(id)
    .bind(c.email.to_lowercase())
    .bind(c.name)
    .bind(c.password_hash)
    .bind(c.lang)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn by_email(conn: &mut Conn, shop: ShopId, email: &str) -> Result<Option<Customer>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM customers WHERE shop_id = $1 AND email = $2"
    ))
    .bind(shop)
    .bind(email.to_lowercase())
    .fetch_optional(&mut *conn)
    .await?)
}

/// Locks the customer's row until the end of the transaction (PostgreSQL; SQLite's write
/// transaction already excludes other writers), for the rules that count before adding
/// (the address book's size).
pub async fn lock(conn: &mut Conn, shop: ShopId, id: CustomerId) -> Result<()> {
    if crate::backend_of(conn) == crate::Backend::Postgres {
        sqlx::query("SELECT id FROM customers WHERE shop_id = $1 AND id = $2 FOR UPDATE")
            .bind(shop)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn by_id(conn: &mut Conn, shop: ShopId, id: CustomerId) -> Result<Option<Customer>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM customers WHERE shop_id = $1 AND id = $2"
    ))
    .bind(shop)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn set_password(
    conn: &mut Conn,
    shop: ShopId,
    id: CustomerId,
    password_hash: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE customers SET password_hash = $3, updated_at = $4 WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop)
    .bind(id)
    .bind(password_hash)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn set_profile(
    conn: &mut Conn,
    shop: ShopId,
    id: CustomerId,
    name: &str,
    lang: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE customers SET name = $3, lang = $4, updated_at = $5 WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop)
    .bind(id)
    .bind(name)
    .bind(lang)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

// ---- sessions --------------------------------------------------------------------------------

/// Opens a session; returns its cookie token (only the hash is stored).
pub async fn create_session(conn: &mut Conn, shop: ShopId, customer: CustomerId) -> Result<String> {
    let (token, hash) = new_token();
    let at = now();
    sqlx::query(
        "INSERT INTO customer_sessions (shop_id, token_hash, customer_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(shop)
    .bind(hash)
    .bind(customer)
    .bind(at)
    .bind(at + SESSION_SECONDS)
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

/// The customer of a live session of this shop.
pub async fn session(conn: &mut Conn, shop: ShopId, token: &str) -> Result<Option<Customer>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.email, c.name, c.password_hash, c.lang, c.created_at \
         FROM customer_sessions s JOIN customers c \
         ON c.shop_id = s.shop_id AND c.id = s.customer_id \
         WHERE s.shop_id = $1 AND s.token_hash = $2 AND s.expires_at > $3",
    )
    .bind(shop)
    .bind(hash_token(token))
    .bind(now())
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn delete_session(conn: &mut Conn, shop: ShopId, token: &str) -> Result<()> {
    sqlx::query("DELETE FROM customer_sessions WHERE shop_id = $1 AND token_hash = $2")
        .bind(shop)
        .bind(hash_token(token))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Ends every session of the customer (a password changed through a reset link).
pub async fn delete_sessions(conn: &mut Conn, shop: ShopId, customer: CustomerId) -> Result<()> {
    sqlx::query("DELETE FROM customer_sessions WHERE shop_id = $1 AND customer_id = $2")
        .bind(shop)
        .bind(customer)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

// ---- password resets -------------------------------------------------------------------------

pub async fn create_reset(conn: &mut Conn, shop: ShopId, customer: CustomerId) -> Result<String> {
    let (token, hash) = new_token();
    sqlx::query(
        "INSERT INTO customer_resets (shop_id, token_hash, customer_id, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(shop)
    .bind(hash)
    .bind(customer)
    .bind(now() + RESET_SECONDS)
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

/// The customer a live reset token is for.
pub async fn reset_customer(
    conn: &mut Conn,
    shop: ShopId,
    token: &str,
) -> Result<Option<CustomerId>> {
    Ok(sqlx::query_scalar(
        "SELECT customer_id FROM customer_resets \
         WHERE shop_id = $1 AND token_hash = $2 AND expires_at > $3",
    )
    .bind(shop)
    .bind(hash_token(token))
    .bind(now())
    .fetch_optional(&mut *conn)
    .await?)
}

/// A reset link works once: using one ends all of the customer's.
pub async fn delete_resets(conn: &mut Conn, shop: ShopId, customer: CustomerId) -> Result<()> {
    sqlx::query("DELETE FROM customer_resets WHERE shop_id = $1 AND customer_id = $2")
        .bind(shop)
        .bind(customer)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

// ---- addresses -------------------------------------------------------------------------------

/// An address of the customer's address book.
#[derive(Debug, Clone, FromRow, PartialEq, Eq, Default)]
pub struct Address {
    pub id: i64,
    pub name: String,
    pub line1: String,
    pub line2: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub phone: String,
    pub is_default: i64,
}

/// The customer's addresses, the default one first.
pub async fn addresses(
    conn: &mut Conn,
    shop: ShopId,
    customer: CustomerId,
) -> Result<Vec<Address>> {
    Ok(sqlx::query_as(
        "SELECT id, name, line1, line2, postal_code, city, country, phone, is_default \
         FROM customer_addresses WHERE shop_id = $1 AND customer_id = $2 \
         ORDER BY is_default DESC, created_at, id",
    )
    .bind(shop)
    .bind(customer)
    .fetch_all(&mut *conn)
    .await?)
}

/// Adds an address (its `id` and `is_default` are ignored); returns its id.
pub async fn add_address(
    conn: &mut Conn,
    shop: ShopId,
    customer: CustomerId,
    a: &Address,
) -> Result<i64> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO customer_addresses (shop_id, customer_id, id, name, line1, line2, \
         postal_code, city, country, phone, is_default, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11)",
    )
    .bind(shop)
    .bind(customer)
    .bind(id)
    .bind(&a.name)
    .bind(&a.line1)
    .bind(&a.line2)
    .bind(&a.postal_code)
    .bind(&a.city)
    .bind(&a.country)
    .bind(&a.phone)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Rewrites an address; `NotFound` when the customer has no such address.
pub async fn update_address(
    conn: &mut Conn,
    shop: ShopId,
    customer: CustomerId,
    a: &Address,
) -> Result<()> {
    let r = sqlx::query(
        "UPDATE customer_addresses SET name = $4, line1 = $5, line2 = $6, postal_code = $7, \
         city = $8, country = $9, phone = $10 \
         WHERE shop_id = $1 AND customer_id = $2 AND id = $3",
    )
    .bind(shop)
    .bind(customer)
    .bind(a.id)
    .bind(&a.name)
    .bind(&a.line1)
    .bind(&a.line2)
    .bind(&a.postal_code)
    .bind(&a.city)
    .bind(&a.country)
    .bind(&a.phone)
    .execute(&mut *conn)
    .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Deletes an address; false when the customer had no such address.
pub async fn delete_address(
    conn: &mut Conn,
    shop: ShopId,
    customer: CustomerId,
    id: i64,
) -> Result<bool> {
    let r = sqlx::query(
        "DELETE FROM customer_addresses WHERE shop_id = $1 AND customer_id = $2 AND id = $3",
    )
    .bind(shop)
    .bind(customer)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() > 0)
}

/// Makes one address the default (the others stop being it); false when there is no such one.
pub async fn set_default_address(
    conn: &mut Conn,
    shop: ShopId,
    customer: CustomerId,
    id: i64,
) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE customer_addresses SET is_default = CASE WHEN id = $3 THEN 1 ELSE 0 END \
         WHERE shop_id = $1 AND customer_id = $2",
    )
    .bind(shop)
    .bind(customer)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() > 0
        && addresses(conn, shop, customer)
            .await?
            .iter()
            .any(|a| a.id == id && a.is_default == 1))
}
