//! What the schema is made of: which tables are the platform's and which belong to a shop, and
//! introspection of the live schema so tests can hold both backends to the same shape.

use crate::{Backend, Conn, Result};

/// Tables shared by the whole platform. Every other table belongs to a shop and must have
/// `shop_id` leading its primary key (so that a shop's rows stay together and the schema can be
/// distributed by shop).
pub const PLATFORM_TABLES: &[&str] = &[
    "vitrine_migrations",
    "plans",
    "shops",
    "custom_domains",
    "operators",
    "operator_sessions",
    "platform_settings",
    "login_failures",
    "rate_counters",
    "outbox",
    "platform_counters",
    "rent_invoices",
    "rent_events",
];

/// Every tenant table, children before parents, for deleting a shop.
pub const TENANT_TABLES_DELETE_ORDER: &[&str] = &[
    "rent_subscriptions",
    "withdrawals",
    "card_refunds",
    "card_payments",
    "payment_events",
    "invoices",
    "reviews",
    "visits",
    "promotion_uses",
    "affiliate_commissions",
    "affiliates",
    "partner_products",
    "partners",
    "promotions",
    "order_parcel_lines",
    "order_parcels",
    "order_events",
    "order_lines",
    "orders",
    "shop_counters",
    "cart_lines",
    "carts",
    "customer_addresses",
    "customer_resets",
    "customer_sessions",
    "customers",
    "bookings",
    "collection_products",
    "collection_texts",
    "collections",
    "opening_hours",
    "shop_closures",
    "image_fetches",
    "import_jobs",
    "import_stagings",
    "interest_requests",
    "search_terms",
    "product_tags",
    "price_history",
    "variants",
    "image_alts",
    "product_images",
    "digital_files",
    "product_options",
    "product_texts",
    "products",
    "category_texts",
    "categories",
    "staff_sessions",
    "password_resets",
    "invitations",
    "staff",
    "shop_texts",
    "shop_legal",
    "pages",
    "payment_methods",
    "payment_accounts",
    "shop_shipping",
    "shop_currency_rates",
    "shop_tax",
    "media_files",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// Normalised: "integer", "text" or "blob".
    pub kind: String,
    pub not_null: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    pub primary_key: Vec<String>,
}

fn normalise(t: &str) -> String {
    let t = t.to_lowercase();
    if t.contains("int") {
        "integer".into()
    } else if t.contains("char") || t.contains("text") {
        "text".into()
    } else if t.contains("blob") || t.contains("bytea") {
        "blob".into()
    } else {
        t
    }
}

/// The live schema, tables sorted by name, columns in declaration order.
pub async fn tables(conn: &mut Conn, backend: Backend) -> Result<Vec<Table>> {
    let mut out = Vec::new();
    match backend {
        Backend::Sqlite => {
            let names: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            .fetch_all(&mut *conn)
            .await?;
            for name in names {
                let rows: Vec<(i64, String, String, i64, Option<String>, i64)> =
                    sqlx::query_as(&format!("PRAGMA table_info(\"{name}\")"))
                        .fetch_all(&mut *conn)
                        .await?;
                let mut pk: Vec<(i64, String)> = rows
                    .iter()
                    .filter(|r| r.5 > 0)
                    .map(|r| (r.5, r.1.clone()))
                    .collect();
                pk.sort();
                out.push(Table {
                    columns: rows
                        .iter()
                        .map(|r| Column {
                            name: r.1.clone(),
                            kind: normalise(&r.2),
                            // SQLite lets a primary key column hold NULL unless told otherwise;
                            // ours never do, so count them as NOT NULL like PostgreSQL does.
                            not_null: r.3 != 0 || r.5 > 0,
                        })
                        .collect(),
                    primary_key: pk.into_iter().map(|p| p.1).collect(),
                    name,
                });
            }
        }
        Backend::Postgres => {
            let names: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
            )
            .fetch_all(&mut *conn)
            .await?;
            for name in names {
                let cols: Vec<(String, String, String)> = sqlx::query_as(
                    "SELECT column_name::text, data_type::text, is_nullable::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
                )
                .bind(&name)
                .fetch_all(&mut *conn)
                .await?;
                let pk: Vec<String> = sqlx::query_scalar(
                    "SELECT k.column_name::text FROM information_schema.table_constraints c \
                     JOIN information_schema.key_column_usage k \
                       ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema AND k.table_name = c.table_name \
                     WHERE c.table_schema = current_schema() AND c.table_name = $1 AND c.constraint_type = 'PRIMARY KEY' \
                     ORDER BY k.ordinal_position",
                )
                .bind(&name)
                .fetch_all(&mut *conn)
                .await?;
                out.push(Table {
                    columns: cols
                        .into_iter()
                        .map(|(n, t, nullable)| Column {
                            name: n,
                            kind: normalise(&t),
                            not_null: nullable == "NO",
                        })
                        .collect(),
                    primary_key: pk,
                    name,
                });
            }
        }
    }
    Ok(out)
}

/// Tenant tables whose primary key does not start with `shop_id`: must be empty.
pub fn tenant_key_violations(tables: &[Table]) -> Vec<String> {
    tables
        .iter()
        .filter(|t| !PLATFORM_TABLES.contains(&t.name.as_str()))
        .filter(|t| t.primary_key.first().map(String::as_str) != Some("shop_id"))
        .map(|t| format!("{} (primary key: {:?})", t.name, t.primary_key))
        .collect()
}
