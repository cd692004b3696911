//! Write transactions and batches, on both backends: a transaction given up (dropped, or its
//! task cancelled half-way) leaves nothing behind and does not keep the next writer waiting; a
//! batch runs its statements in order, and all of them or none with its transaction.

use crate::common::*;
use store::batch::Batch;
use store::outbox::EmailMessage;

fn mail(subject: &str) -> EmailMessage {
    EmailMessage {
        to: "camille@example.org".into(),
        subject: subject.into(),
        text: "Bonjour".into(),
        html: None,
        attachments: Vec::new(),
        unsubscribe: None,
    }
}

/// The subjects of the queued e-mails, oldest first.
async fn subjects(app: &TestApp) -> Vec<String> {
    let mut c = app.store.reader().await.unwrap();
    let payloads: Vec<String> = sqlx::query_scalar("SELECT payload FROM outbox ORDER BY id")
        .fetch_all(&mut *c)
        .await
        .unwrap();
    payloads
        .iter()
        .map(|p| serde_json::from_str::<EmailMessage>(p).unwrap().subject)
        .collect()
}

#[tokio::test]
async fn a_transaction_given_up_leaves_nothing_and_the_next_writer_proceeds() {
    let app = TestApp::builder().without_worker().start().await;
    let mut tx = app.store.begin().await.unwrap();
    store::outbox::enqueue_email(&mut tx, None, &mail("dropped"))
        .await
        .unwrap();
    drop(tx);

    // A request cancelled in the middle of its transaction (its client went away).
    let store = app.store.clone();
    let (began, wait) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(async move {
        let mut tx = store.begin().await.unwrap();
        store::outbox::enqueue_email(&mut tx, None, &mail("cancelled"))
            .await
            .unwrap();
        began.send(()).unwrap();
        std::future::pending::<()>().await;
        store::commit(tx).await.unwrap();
    });
    wait.await.unwrap();
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());

    let mut tx = app.store.begin().await.unwrap();
    store::outbox::enqueue_email(&mut tx, None, &mail("kept"))
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    assert_eq!(subjects(&app).await, ["kept"]);
}

#[tokio::test]
async fn a_batch_runs_in_order_and_all_or_nothing() {
    let app = TestApp::builder().without_worker().start().await;
    let mut tx = app.store.begin().await.unwrap();
    let mut batch = Batch::new();
    for s in ["un", "deux", "trois"] {
        batch.push(store::outbox::enqueue_email_statement(None, &mail(s)).unwrap());
    }
    batch.run(&mut tx).await.unwrap();
    store::commit(tx).await.unwrap();
    assert_eq!(subjects(&app).await, ["un", "deux", "trois"]);

    // A statement that fails (a line of an order that does not exist) takes the batch's
    // earlier statements with it when its transaction is given up.
    let r = app.signup(&app.client(), "lot", "lot@example.org").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let shop = app.shop_id("lot").await;
    let before = subjects(&app).await;
    assert_eq!(before[..3], ["un", "deux", "trois"]);
    let mut tx = app.store.begin().await.unwrap();
    let mut batch = Batch::new();
    batch.push(store::outbox::enqueue_email_statement(None, &mail("quatre")).unwrap());
    let line = store::order::Line {
        position: 1,
        product_id: None,
        variant_id: None,
        kind: "physical".into(),
        sku: None,
        title: "Comté".into(),
        options: String::new(),
        quantity: 1,
        unit_minor: 1_250,
        total_minor: 1_250,
        vat_rate_bp: 0,
        vat_minor: 0,
        starts_at: None,
        ends_at: None,
        booking_id: None,
        stock_taken: 0,
        taxed_minor: None,
        discount_minor: 0,
    };
    batch.push(store::order::insert_line_statement(
        shop,
        store::id::OrderId(42),
        &line,
    ));
    assert!(batch.run(&mut tx).await.is_err());
    drop(tx);
    assert_eq!(subjects(&app).await, before);
}
