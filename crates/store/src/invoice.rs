//! Invoices and credit notes, per shop: written once (there is no update), read by order, by
//! number, or all of a period for the accountant. Numbers come from `order::next_number` in
//! the issuing transaction; the rules are `app::invoice`'s.

use sqlx::FromRow;

use crate::id::{OrderId, ShopId};
use crate::{new_id, Conn, Result};

#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Invoice {
    pub id: i64,
    pub kind: String,
    pub seq: i64,
    pub number: String,
    pub order_id: i64,
    pub issued_at: i64,
    pub currency: String,
    pub total_minor: i64,
    pub vat_minor: i64,
    /// The document as issued (JSON, `domain::invoice::Document`).
    pub document: String,
}

const COLUMNS: &str =
    "id, kind, seq, number, order_id, issued_at, currency, total_minor, vat_minor, document";

/// What a new document is.
pub struct NewInvoice<'a> {
    pub kind: &'a str,
    pub seq: i64,
    pub number: &'a str,
    pub order: OrderId,
    pub issued_at: i64,
    pub currency: &'a str,
    pub total_minor: i64,
    pub vat_minor: i64,
    pub document: &'a str,
}

pub async fn insert(conn: &mut Conn, shop: ShopId, i: &NewInvoice<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO invoices (shop_id, id, kind, seq, number, order_id, issued_at, currency, \
         total_minor, vat_minor, document) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(shop)
    .bind(new_id())
    .bind(i.kind)
    .bind(i.seq)
    .bind(i.number)
    .bind(i.order)
    .bind(i.issued_at)
    .bind(i.currency)
    .bind(i.total_minor)
    .bind(i.vat_minor)
    .bind(i.document)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The order's invoice and credit notes, in the order they were issued.
pub async fn of_order(conn: &mut Conn, shop: ShopId, order: OrderId) -> Result<Vec<Invoice>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM invoices WHERE shop_id = $1 AND order_id = $2 \
         ORDER BY issued_at, kind DESC, seq"
    ))
    .bind(shop)
    .bind(order)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn by_number(conn: &mut Conn, shop: ShopId, number: &str) -> Result<Option<Invoice>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM invoices WHERE shop_id = $1 AND number = $2"
    ))
    .bind(shop)
    .bind(number)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The shop's documents of `kind`, in their series' order.
pub async fn all_of_kind(conn: &mut Conn, shop: ShopId, kind: &str) -> Result<Vec<Invoice>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM invoices WHERE shop_id = $1 AND kind = $2 ORDER BY seq"
    ))
    .bind(shop)
    .bind(kind)
    .fetch_all(&mut *conn)
    .await?)
}

/// All the shop's invoices and credit notes, in the order they were issued (for the
/// accountant's journal).
pub async fn journal(conn: &mut Conn, shop: ShopId) -> Result<Vec<Invoice>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM invoices WHERE shop_id = $1 ORDER BY issued_at, kind DESC, seq"
    ))
    .bind(shop)
    .fetch_all(&mut *conn)
    .await?)
}
