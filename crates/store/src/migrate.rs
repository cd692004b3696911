//! Migrations: versioned SQL files per backend, embedded in the binary, applied in order at start.

use crate::{now, Backend, Result, Store, StoreError};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

/// Only ever append to this list; both files of a pair have the same name.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sqlite: include_str!("../migrations/sqlite/0001_foundation.sql"),
        postgres: include_str!("../migrations/postgres/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "catalog",
        sqlite: include_str!("../migrations/sqlite/0002_catalog.sql"),
        postgres: include_str!("../migrations/postgres/0002_catalog.sql"),
    },
    Migration {
        version: 4,
        name: "import_jobs",
        sqlite: include_str!("../migrations/sqlite/0004_import_jobs.sql"),
        postgres: include_str!("../migrations/postgres/0004_import_jobs.sql"),
    },
    Migration {
        version: 5,
        name: "collections_calendar",
        sqlite: include_str!("../migrations/sqlite/0005_collections_calendar.sql"),
        postgres: include_str!("../migrations/postgres/0005_collections_calendar.sql"),
    },
    Migration {
        version: 6,
        name: "digital_files",
        sqlite: include_str!("../migrations/sqlite/0006_digital_files.sql"),
        postgres: include_str!("../migrations/postgres/0006_digital_files.sql"),
    },
    Migration {
        version: 7,
        name: "product_slug_lookup",
        sqlite: include_str!("../migrations/sqlite/0007_product_slug_lookup.sql"),
        postgres: include_str!("../migrations/postgres/0007_product_slug_lookup.sql"),
    },
    Migration {
        version: 8,
        name: "abuse_limits",
        sqlite: include_str!("../migrations/sqlite/0008_abuse_limits.sql"),
        postgres: include_str!("../migrations/postgres/0008_abuse_limits.sql"),
    },
    Migration {
        version: 9,
        name: "import_staging",
        sqlite: include_str!("../migrations/sqlite/0009_import_staging.sql"),
        postgres: include_str!("../migrations/postgres/0009_import_staging.sql"),
    },
    Migration {
        version: 10,
        name: "domain_claims",
        sqlite: include_str!("../migrations/sqlite/0010_domain_claims.sql"),
        postgres: include_str!("../migrations/postgres/0010_domain_claims.sql"),
    },
    Migration {
        version: 11,
        name: "carts",
        sqlite: include_str!("../migrations/sqlite/0011_carts.sql"),
        postgres: include_str!("../migrations/postgres/0011_carts.sql"),
    },
    Migration {
        version: 12,
        name: "orders",
        sqlite: include_str!("../migrations/sqlite/0012_orders.sql"),
        postgres: include_str!("../migrations/postgres/0012_orders.sql"),
    },
    Migration {
        version: 13,
        name: "customers",
        sqlite: include_str!("../migrations/sqlite/0013_customers.sql"),
        postgres: include_str!("../migrations/postgres/0013_customers.sql"),
    },
    Migration {
        version: 14,
        name: "shipping",
        sqlite: include_str!("../migrations/sqlite/0014_shipping.sql"),
        postgres: include_str!("../migrations/postgres/0014_shipping.sql"),
    },
    Migration {
        version: 15,
        name: "withdrawals",
        sqlite: include_str!("../migrations/sqlite/0015_withdrawals.sql"),
        postgres: include_str!("../migrations/postgres/0015_withdrawals.sql"),
    },
    Migration {
        version: 16,
        name: "gifts",
        sqlite: include_str!("../migrations/sqlite/0016_gifts.sql"),
        postgres: include_str!("../migrations/postgres/0016_gifts.sql"),
    },
    Migration {
        version: 17,
        name: "order_search",
        sqlite: include_str!("../migrations/sqlite/0017_order_search.sql"),
        postgres: include_str!("../migrations/postgres/0017_order_search.sql"),
    },
    Migration {
        version: 18,
        name: "shop_tax",
        sqlite: include_str!("../migrations/sqlite/0018_shop_tax.sql"),
        postgres: include_str!("../migrations/postgres/0018_shop_tax.sql"),
    },
    Migration {
        version: 19,
        name: "prices_shown",
        sqlite: include_str!("../migrations/sqlite/0019_prices_shown.sql"),
        postgres: include_str!("../migrations/postgres/0019_prices_shown.sql"),
    },
    Migration {
        version: 20,
        name: "email_html",
        sqlite: include_str!("../migrations/sqlite/0020_email_html.sql"),
        postgres: include_str!("../migrations/postgres/0020_email_html.sql"),
    },
    Migration {
        version: 21,
        name: "card_payments",
        sqlite: include_str!("../migrations/sqlite/0021_card_payments.sql"),
        postgres: include_str!("../migrations/postgres/0021_card_payments.sql"),
    },
    Migration {
        version: 22,
        name: "order_deposit",
        sqlite: include_str!("../migrations/sqlite/0022_order_deposit.sql"),
        postgres: include_str!("../migrations/postgres/0022_order_deposit.sql"),
    },
    Migration {
        version: 23,
        name: "invoices",
        sqlite: include_str!("../migrations/sqlite/0023_invoices.sql"),
        postgres: include_str!("../migrations/postgres/0023_invoices.sql"),
    },
    Migration {
        version: 24,
        name: "invoice_moment",
        sqlite: include_str!("../migrations/sqlite/0024_invoice_moment.sql"),
        postgres: include_str!("../migrations/postgres/0024_invoice_moment.sql"),
    },
    Migration {
        version: 25,
        name: "line_taxed_amount",
        sqlite: include_str!("../migrations/sqlite/0025_line_taxed_amount.sql"),
        postgres: include_str!("../migrations/postgres/0025_line_taxed_amount.sql"),
    },
    Migration {
        version: 26,
        name: "rent",
        sqlite: include_str!("../migrations/sqlite/0026_rent.sql"),
        postgres: include_str!("../migrations/postgres/0026_rent.sql"),
    },
    Migration {
        version: 27,
        name: "mall",
        sqlite: include_str!("../migrations/sqlite/0027_mall.sql"),
        postgres: include_str!("../migrations/postgres/0027_mall.sql"),
    },
    Migration {
        version: 28,
        name: "interest",
        sqlite: include_str!("../migrations/sqlite/0028_interest.sql"),
        postgres: include_str!("../migrations/postgres/0028_interest.sql"),
    },
    Migration {
        version: 29,
        name: "promotions",
        sqlite: include_str!("../migrations/sqlite/0029_promotions.sql"),
        postgres: include_str!("../migrations/postgres/0029_promotions.sql"),
    },
    Migration {
        version: 30,
        name: "reviews",
        sqlite: include_str!("../migrations/sqlite/0030_reviews.sql"),
        postgres: include_str!("../migrations/postgres/0030_reviews.sql"),
    },
    Migration {
        version: 31,
        name: "sources",
        sqlite: include_str!("../migrations/sqlite/0031_sources.sql"),
        postgres: include_str!("../migrations/postgres/0031_sources.sql"),
    },
    Migration {
        version: 32,
        name: "partners",
        sqlite: include_str!("../migrations/sqlite/0032_partners.sql"),
        postgres: include_str!("../migrations/postgres/0032_partners.sql"),
    },
    Migration {
        version: 33,
        name: "affiliates",
        sqlite: include_str!("../migrations/sqlite/0033_affiliates.sql"),
        postgres: include_str!("../migrations/postgres/0033_affiliates.sql"),
    },
];

/// The highest migration this binary knows (a backup made by a newer binary is refused).
pub fn latest_version() -> i64 {
    MIGRATIONS.iter().map(|m| m.version).max().unwrap_or(0)
}

pub async fn run(store: &Store) -> Result<usize> {
    let mut tx = store.begin().await?;
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS vitrine_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .execute(&mut *tx)
    .await?;
    if store.backend() == Backend::Postgres {
        // Several nodes may start at once: one migrates, the others wait for it.
        sqlx::query("SELECT pg_advisory_xact_lock(7469727269)")
            .execute(&mut *tx)
            .await?;
    }
    // Every migration not recorded yet, in order: one merged late with a lower number than
    // the latest applied still runs.
    let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM vitrine_migrations")
        .fetch_all(&mut *tx)
        .await?;
    let mut count = 0;
    for m in MIGRATIONS.iter().filter(|m| !applied.contains(&m.version)) {
        let sql = match store.backend() {
            Backend::Sqlite => m.sqlite,
            Backend::Postgres => m.postgres,
        };
        sqlx::raw_sql(sql)
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::Migration(format!("{} {}: {e}", m.version, m.name)))?;
        sqlx::query(
            "INSERT INTO vitrine_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(m.version)
        .bind(m.name)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        count += 1;
    }
    tx.commit().await?;
    Ok(count)
}

/// True when the database has every migration this binary knows.
pub async fn is_up_to_date(store: &Store) -> bool {
    let Ok(mut c) = store.reader().await else {
        return false;
    };
    let Ok(applied) = sqlx::query_scalar::<_, i64>("SELECT version FROM vitrine_migrations")
        .fetch_all(&mut *c)
        .await
    else {
        return false;
    };
    MIGRATIONS.iter().all(|m| applied.contains(&m.version))
}
