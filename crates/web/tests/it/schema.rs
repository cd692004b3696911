//! The schema: both backends end up with the same tables and columns, and every tenant table
//! keeps `shop_id` at the head of its primary key.
use crate::common::*;
use store::schema::{tables, tenant_key_violations, Table};
use store::{Backend, Store};

async fn sqlite_schema() -> Vec<Table> {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::connect(&format!("sqlite://{}", dir.path().join("s.db").display()))
        .await
        .unwrap();
    s.migrate().await.unwrap();
    let mut c = s.reader().await.unwrap();
    tables(&mut c, Backend::Sqlite).await.unwrap()
}

#[tokio::test]
async fn migrations_give_the_same_tables_and_columns_on_sqlite_and_postgresql() {
    let lite = sqlite_schema().await;
    assert!(lite.iter().any(|t| t.name == "shops"));
    let Ok(_) = std::env::var("TEST_DATABASE_URL") else {
        skip::skip_in_this_pass("the comparison with PostgreSQL runs with TEST_DATABASE_URL set");
        return;
    };
    let app = TestApp::builder().without_worker().start().await;
    assert_eq!(app.store.backend(), Backend::Postgres);
    let mut c = app.store.reader().await.unwrap();
    let pg = tables(&mut c, Backend::Postgres).await.unwrap();
    let names = |v: &[Table]| v.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&lite), names(&pg), "same tables");
    for (a, b) in lite.iter().zip(pg.iter()) {
        assert_eq!(a.columns, b.columns, "columns of {}", a.name);
        assert_eq!(a.primary_key, b.primary_key, "primary key of {}", a.name);
    }
}

#[tokio::test]
async fn every_tenant_table_leads_its_primary_key_with_shop_id() {
    let app = TestApp::builder().without_worker().start().await;
    let mut c = app.store.reader().await.unwrap();
    let all = tables(&mut c, app.store.backend()).await.unwrap();
    let bad = tenant_key_violations(&all);
    assert!(
        bad.is_empty(),
        "tenant tables without shop_id leading the key: {bad:?}"
    );
    // Every tenant table is known to shop deletion.
    for t in all
        .iter()
        .filter(|t| !store::schema::PLATFORM_TABLES.contains(&t.name.as_str()))
    {
        assert!(
            store::schema::TENANT_TABLES_DELETE_ORDER.contains(&t.name.as_str()),
            "{} is not deleted with its shop",
            t.name
        );
    }
}

#[tokio::test]
async fn the_check_catches_a_tenant_table_keyed_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::connect(&format!("sqlite://{}", dir.path().join("s.db").display()))
        .await
        .unwrap();
    s.migrate().await.unwrap();
    let mut tx = s.begin().await.unwrap();
    sqlx::query("CREATE TABLE wishlists (id BIGINT PRIMARY KEY, shop_id BIGINT NOT NULL)")
        .execute(&mut *tx)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    let mut c = s.reader().await.unwrap();
    let bad = tenant_key_violations(&tables(&mut c, Backend::Sqlite).await.unwrap());
    assert_eq!(bad.len(), 1);
    assert!(bad[0].starts_with("wishlists"));
}
