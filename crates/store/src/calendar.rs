//! The shop's opening calendar (weekly hours, closures) and the bookings that services and
//! rentals take out of it. Every query filters on the shop.

use serde::Serialize;
use sqlx::FromRow;

use crate::id::ShopId;
use crate::{new_id, now, Conn, Result};

/// One opening range of a weekday (0 = Monday), in wall-clock minutes; a close of 0 is midnight.
#[derive(Debug, Clone, FromRow, Serialize, PartialEq, Eq)]
pub struct HoursRow {
    pub weekday: i64,
    pub opens_minute: i64,
    pub closes_minute: i64,
}

/// Dates the shop is closed, both included (`YYYY-MM-DD`).
#[derive(Debug, Clone, FromRow, Serialize, PartialEq, Eq)]
pub struct Closure {
    pub id: i64,
    pub starts_on: String,
    pub ends_on: String,
}

pub async fn hours(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<HoursRow>> {
    Ok(sqlx::query_as(
        "SELECT weekday, opens_minute, closes_minute FROM opening_hours WHERE shop_id = $1 \
         ORDER BY weekday, opens_minute",
    )
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// Replaces the whole week's hours (the caller checked them with `domain`).
pub async fn set_hours(conn: &mut Conn, shop_id: ShopId, rows: &[HoursRow]) -> Result<()> {
    sqlx::query("DELETE FROM opening_hours WHERE shop_id = $1")
        .bind(shop_id)
        .execute(&mut *conn)
        .await?;
    for r in rows {
        sqlx::query(
            "INSERT INTO opening_hours (shop_id, weekday, opens_minute, closes_minute) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(shop_id)
        .bind(r.weekday)
        .bind(r.opens_minute)
        .bind(r.closes_minute)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn closures(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<Closure>> {
    Ok(sqlx::query_as(
        "SELECT id, starts_on, ends_on FROM shop_closures WHERE shop_id = $1 ORDER BY starts_on, id",
    )
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn add_closure(
    conn: &mut Conn,
    shop_id: ShopId,
    starts_on: &str,
    ends_on: &str,
) -> Result<i64> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO shop_closures (shop_id, id, starts_on, ends_on) VALUES ($1, $2, $3, $4)",
    )
    .bind(shop_id)
    .bind(id)
    .bind(starts_on)
    .bind(ends_on)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Deletes one of this shop's closures; false when it has none with that id.
pub async fn delete_closure(conn: &mut Conn, shop_id: ShopId, id: i64) -> Result<bool> {
    let r = sqlx::query("DELETE FROM shop_closures WHERE shop_id = $1 AND id = $2")
        .bind(shop_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected() > 0)
}

/// Where a booking stands: held while a checkout is under way, confirmed once paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingStatus {
    Held,
    Confirmed,
    Cancelled,
}

impl BookingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Held => "held",
            BookingStatus::Confirmed => "confirmed",
            BookingStatus::Cancelled => "cancelled",
        }
    }
}

#[derive(Debug, Clone, FromRow, Serialize, PartialEq, Eq)]
pub struct Booking {
    pub id: i64,
    pub product_id: i64,
    pub variant_id: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub quantity: i64,
    pub status: String,
    pub created_at: i64,
}

pub struct NewBooking {
    pub product_id: i64,
    pub variant_id: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub quantity: i64,
    pub status: BookingStatus,
}

/// Records a booking of one of the shop's products (availability is the caller's check, in
/// the same transaction).
pub async fn create_booking(conn: &mut Conn, shop_id: ShopId, b: &NewBooking) -> Result<i64> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO bookings (shop_id, id, product_id, variant_id, starts_at, ends_at, quantity, status, created_at) \
         SELECT $1, $2, id, $3, $4, $5, $6, $7, $8 FROM products WHERE shop_id = $1 AND id = $9",
    )
    .bind(shop_id)
    .bind(id)
    .bind(b.variant_id)
    .bind(b.starts_at)
    .bind(b.ends_at)
    .bind(b.quantity)
    .bind(b.status.as_str())
    .bind(now())
    .bind(b.product_id)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Moves a booking of this shop to `status`; false when the shop has no such booking.
pub async fn set_booking_status(
    conn: &mut Conn,
    shop_id: ShopId,
    id: i64,
    status: BookingStatus,
) -> Result<bool> {
    let r = sqlx::query("UPDATE bookings SET status = $1 WHERE shop_id = $2 AND id = $3")
        .bind(status.as_str())
        .bind(shop_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected() > 0)
}

/// The confirmed bookings of a product that overlap `[from, to)`, and its held ones that have
/// not lapsed (a cart's hold lapses at its `expires_at`).
pub async fn active_bookings(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
    from: i64,
    to: i64,
) -> Result<Vec<Booking>> {
    Ok(sqlx::query_as(
        "SELECT id, product_id, variant_id, starts_at, ends_at, quantity, status, created_at \
         FROM bookings WHERE shop_id = $1 AND product_id = $2 \
         AND (status = 'confirmed' OR (status = 'held' AND (expires_at IS NULL OR expires_at > $5))) \
         AND starts_at < $4 AND ends_at > $3 ORDER BY starts_at, id",
    )
    .bind(shop_id)
    .bind(product_id)
    .bind(from)
    .bind(to)
    .bind(now())
    .fetch_all(&mut *conn)
    .await?)
}

/// Holds `[starts_at, ends_at)` of a product for a cart until `expires_at` (availability is the
/// caller's check, in the same transaction, after locking the product); returns the booking id.
pub async fn hold(
    conn: &mut Conn,
    shop_id: ShopId,
    b: &NewBooking,
    expires_at: i64,
) -> Result<i64> {
    let id = create_booking(conn, shop_id, b).await?;
    sqlx::query("UPDATE bookings SET expires_at = $3 WHERE shop_id = $1 AND id = $2")
        .bind(shop_id)
        .bind(id)
        .bind(expires_at)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

/// Extends the shop's held bookings `ids` until `expires_at` (a cart in use keeps its holds).
pub async fn extend_holds(
    conn: &mut Conn,
    shop_id: ShopId,
    ids: &[i64],
    expires_at: i64,
) -> Result<()> {
    for id in ids {
        sqlx::query(
            "UPDATE bookings SET expires_at = $3 WHERE shop_id = $1 AND id = $2 AND status = 'held'",
        )
        .bind(shop_id)
        .bind(id)
        .bind(expires_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Lets go of a held booking (its cart line was removed); a confirmed one stays.
pub async fn release(conn: &mut Conn, shop_id: ShopId, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM bookings WHERE shop_id = $1 AND id = $2 AND status = 'held'")
        .bind(shop_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
