//! Plan limits hold when requests arrive at once: each rule counts and writes inside one
//! transaction that first takes the shop's lock (`app::plan`), so on PostgreSQL too the second
//! request counts after the first has committed.
use std::time::Duration;

use crate::common::*;
use futures_util::future::join_all;

/// A plan with these limits, given to the shop.
async fn limit(
    app: &TestApp,
    slug: &str,
    products: i64,
    staff: i64,
    bytes: i64,
) -> store::id::ShopId {
    let id = app.shop_id(slug).await;
    let mut tx = app.store.begin().await.unwrap();
    let plan = store::plan::create(&mut tx, &format!("plan-{slug}"), products, staff, bytes)
        .await
        .unwrap();
    store::shop::set_plan(&mut tx, id, plan).await.unwrap();
    store::commit(tx).await.unwrap();
    id
}

/// `n` transactions at once, each checking with `check`, pausing (so that without the lock all
/// would have counted before any wrote), then writing with `write`. Returns how many passed.
async fn race<C, W, CF, WF>(app: &TestApp, n: usize, check: C, write: W) -> usize
where
    C: Fn(store::Tx, usize) -> CF,
    CF: std::future::Future<Output = (store::Tx, bool)>,
    W: Fn(store::Tx, usize) -> WF,
    WF: std::future::Future<Output = store::Tx>,
{
    let attempts = (0..n).map(|i| {
        let (check, write) = (&check, &write);
        async move {
            let tx = app.store.begin().await.unwrap();
            let (tx, ok) = check(tx, i).await;
            if !ok {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(30)).await;
            let tx = write(tx, i).await;
            store::commit(tx).await.unwrap();
            true
        }
    });
    join_all(attempts)
        .await
        .into_iter()
        .filter(|ok| *ok)
        .count()
}

#[tokio::test]
async fn the_product_limit_holds_under_concurrent_creations() {
    let app = TestApp::builder().without_worker().start().await;
    app.owner("course").await;
    let shop_id = limit(&app, "course", 3, 5, -1).await;
    let fields = store::catalog::ProductFields {
        kind: "physical".into(),
        status: "draft".into(),
        vat_class: "standard".into(),
        details: "{}".into(),
        safety: "{}".into(),
        ..Default::default()
    };
    let passed = race(
        &app,
        8,
        |mut tx, _| async move {
            let ok = app::plan::check_products(&mut tx, shop_id, 1).await.is_ok();
            (tx, ok)
        },
        |mut tx, _| {
            let fields = fields.clone();
            async move {
                store::catalog::create_product(&mut tx, shop_id, &fields)
                    .await
                    .unwrap();
                tx
            }
        },
    )
    .await;
    let mut c = app.store.reader().await.unwrap();
    let count = store::catalog::count_products(&mut c, shop_id)
        .await
        .unwrap();
    assert_eq!((passed, count), (3, 3), "a 3-product plan holds 3 products");
}

#[tokio::test]
async fn the_staff_limit_holds_under_concurrent_invitations() {
    let app = TestApp::builder().without_worker().start().await;
    app.owner("equipe").await;
    // The owner plus two places.
    let shop_id = limit(&app, "equipe", -1, 3, -1).await;
    let mut c = app.store.reader().await.unwrap();
    let owner_id = store::account::list_staff(&mut c, shop_id).await.unwrap()[0].id;
    drop(c);
    let email = |i: usize| format!("aide{i}@example.com");
    let passed = race(
        &app,
        6,
        |mut tx, i| async move {
            let ok = app::plan::check_staff(&mut tx, shop_id, &email(i))
                .await
                .is_ok();
            (tx, ok)
        },
        |mut tx, i| async move {
            store::account::create_invitation(&mut tx, shop_id, &email(i), "staff", owner_id)
                .await
                .unwrap();
            tx
        },
    )
    .await;
    let mut c = app.store.reader().await.unwrap();
    let pending = store::account::pending_invitations(&mut c, shop_id)
        .await
        .unwrap();
    assert_eq!(
        (passed, pending.len()),
        (2, 2),
        "two free places, two invitations"
    );
}

#[tokio::test]
async fn the_storage_limit_holds_under_concurrent_uploads() {
    let app = TestApp::builder().without_worker().start().await;
    app.owner("stockage").await;
    let shop_id = limit(&app, "stockage", -1, 5, 1000).await;
    let passed = race(
        &app,
        6,
        |mut tx, _| async move {
            let ok = app::plan::check_storage(&mut tx, shop_id, 400, 0)
                .await
                .is_ok();
            (tx, ok)
        },
        |mut tx, i| async move {
            store::media::record(&mut tx, shop_id, &format!("k{i}"), 400, "image/webp")
                .await
                .unwrap();
            tx
        },
    )
    .await;
    let mut c = app.store.reader().await.unwrap();
    let used = store::media::used_bytes(&mut c, shop_id).await.unwrap();
    assert_eq!(
        (passed, used),
        (2, 800),
        "1,000 bytes hold two files of 400"
    );
}

/// The same through the product editor: concurrent "create" posts on a one-product plan leave
/// one product, and every other seller sees the plan's message.
#[tokio::test]
async fn concurrent_editor_posts_respect_the_product_limit() {
    let app = TestApp::new().await;
    let owner = app.owner("editeur").await;
    let shop_id = limit(&app, "editeur", 1, 5, -1).await;
    let titles: Vec<String> = (0..6).map(|i| format!("Tomme {i}")).collect();
    let posts = titles.iter().map(|t| {
        let owner = owner.clone();
        async move {
            let r = owner
                .post_form(
                    "/s/editeur/admin/products/new",
                    &[
                        ("kind", "physical"),
                        ("title_fr", t),
                        ("status", "draft"),
                        ("vat_class", "standard"),
                        ("rows", "1"),
                        ("v0_price", "5"),
                    ],
                )
                .await;
            let status = r.status();
            (status, r.text().await.unwrap())
        }
    });
    let answers = join_all(posts).await;
    let created = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::SEE_OTHER)
        .count();
    assert_eq!(created, 1, "{answers:?}");
    for (s, body) in answers.iter().filter(|(s, _)| *s != StatusCode::SEE_OTHER) {
        assert_eq!(*s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("nombre maximal de produits"), "{body}");
    }
    let mut c = app.store.reader().await.unwrap();
    assert_eq!(
        store::catalog::count_products(&mut c, shop_id)
            .await
            .unwrap(),
        1
    );
}
