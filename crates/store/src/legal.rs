//! A shop's legal identity (what French law requires a seller to publish).

use serde::Serialize;
use sqlx::FromRow;

use crate::id::ShopId;
use crate::{now, Conn, Result};

#[derive(Debug, Clone, Default, FromRow, Serialize)]
pub struct LegalIdentity {
    pub status: String,
    pub legal_name: String,
    pub siret: Option<String>,
    pub vat_number: Option<String>,
    pub vat_franchise: i64,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub email: String,
    pub phone: String,
    pub publication_director: String,
    pub mediator_name: String,
    pub mediator_url: String,
}

const COLUMNS: &str =
    "status, legal_name, siret, vat_number, vat_franchise, address, postal_code, city, country, \
    email, phone, publication_director, mediator_name, mediator_url";

pub async fn get(conn: &mut Conn, shop_id: ShopId) -> Result<LegalIdentity> {
    let found: Option<LegalIdentity> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM shop_legal WHERE shop_id = $1"
    ))
    .bind(shop_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(found.unwrap_or_else(|| LegalIdentity {
        status: "ei".into(),
        vat_franchise: 1,
        country: "FR".into(),
        ..Default::default()
    }))
}

pub async fn save(conn: &mut Conn, shop_id: ShopId, l: &LegalIdentity) -> Result<()> {
    sqlx::query(
        "INSERT INTO shop_legal (shop_id, status, legal_name, siret, vat_number, vat_franchise, address, postal_code, \
         city, country, email, phone, publication_director, mediator_name, mediator_url, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
         ON CONFLICT (shop_id) DO UPDATE SET status = excluded.status, legal_name = excluded.legal_name, \
         siret = excluded.siret, vat_number = excluded.vat_number, vat_franchise = excluded.vat_franchise, \
         address = excluded.address, postal_code = excluded.postal_code, city = excluded.city, \
         country = excluded.country, email = excluded.email, phone = excluded.phone, \
         publication_director = excluded.publication_director, mediator_name = excluded.mediator_name, \
         mediator_url = excluded.mediator_url, updated_at = excluded.updated_at",
    )
    .bind(shop_id)
    .bind(&l.status)
    .bind(&l.legal_name)
    .bind(&l.siret)
    .bind(&l.vat_number)
    .bind(l.vat_franchise)
    .bind(&l.address)
    .bind(&l.postal_code)
    .bind(&l.city)
    .bind(&l.country)
    .bind(&l.email)
    .bind(&l.phone)
    .bind(&l.publication_director)
    .bind(&l.mediator_name)
    .bind(&l.mediator_url)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE shops SET version = version + 1, updated_at = $2 WHERE id = $1")
        .bind(shop_id)
        .bind(now())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Whether the shop opted for destination VAT on EU distance sales from the first euro.
pub async fn oss_opted(conn: &mut Conn, shop_id: ShopId) -> Result<bool> {
    let v: Option<i64> = sqlx::query_scalar("SELECT oss_opted FROM shop_tax WHERE shop_id = $1")
        .bind(shop_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(v.unwrap_or(0) != 0)
}

pub async fn set_oss_opted(conn: &mut Conn, shop_id: ShopId, opted: bool) -> Result<()> {
    sqlx::query(
        "INSERT INTO shop_tax (shop_id, oss_opted, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (shop_id) DO UPDATE SET oss_opted = excluded.oss_opted, \
         updated_at = excluded.updated_at",
    )
    .bind(shop_id)
    .bind(i64::from(opted))
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// When the shop issues an order's invoice: "payment" (once paid in full, the default) or
/// "shipment" (when shipped or handed over).
pub async fn invoice_at(conn: &mut Conn, shop_id: ShopId) -> Result<String> {
    let v: Option<String> =
        sqlx::query_scalar("SELECT invoice_at FROM shop_tax WHERE shop_id = $1")
            .bind(shop_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(v.unwrap_or_else(|| "payment".into()))
}

pub async fn set_invoice_at(conn: &mut Conn, shop_id: ShopId, moment: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO shop_tax (shop_id, invoice_at, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (shop_id) DO UPDATE SET invoice_at = excluded.invoice_at, \
         updated_at = excluded.updated_at",
    )
    .bind(shop_id)
    .bind(moment)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How the shop types its prices: "tax_included" (the default) or "tax_excluded".
/// The legal identity and price entry of each of these shops that has saved them, in one
/// query (the mall's search shows products of many shops): `(shop id, identity, entry)`.
pub async fn of_shops(
    conn: &mut Conn,
    shops: &[i64],
) -> Result<Vec<(i64, LegalIdentity, Option<String>)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        shop_id: i64,
        price_entry: Option<String>,
        #[sqlx(flatten)]
        legal: LegalIdentity,
    }
    if shops.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = (1..=shops.len()).map(|i| format!("${i}")).collect();
    let columns: Vec<String> = COLUMNS
        .split(',')
        .map(|c| format!("l.{}", c.trim()))
        .collect();
    let sql = format!(
        "SELECT l.shop_id, t.price_entry, {} FROM shop_legal l \
         LEFT JOIN shop_tax t ON t.shop_id = l.shop_id WHERE l.shop_id IN ({})",
        columns.join(", "),
        list.join(", ")
    );
    let mut q = sqlx::query_as::<_, Row>(&sql);
    for s in shops {
        q = q.bind(*s);
    }
    Ok(q.fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|r| (r.shop_id, r.legal, r.price_entry))
        .collect())
}

pub async fn price_entry(conn: &mut Conn, shop_id: ShopId) -> Result<String> {
    let v: Option<String> =
        sqlx::query_scalar("SELECT price_entry FROM shop_tax WHERE shop_id = $1")
            .bind(shop_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(v.unwrap_or_else(|| "tax_included".into()))
}

/// Changes how the shop types its prices. Every price its storefront shows may change with it:
/// the shop's version moves on at every save (a rare form), so that no cached page keeps the old
/// prices — also when two saves cross on PostgreSQL, which a "changed?" check read before the
/// write could miss.
pub async fn set_price_entry(conn: &mut Conn, shop_id: ShopId, entry: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO shop_tax (shop_id, price_entry, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (shop_id) DO UPDATE SET price_entry = excluded.price_entry, \
         updated_at = excluded.updated_at",
    )
    .bind(shop_id)
    .bind(entry)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    crate::shop::bump_version(conn, shop_id).await
}
