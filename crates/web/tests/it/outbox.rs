//! The outbox: e-mails are written with the change that causes them and delivered by the worker,
//! even across a restart; failures are retried later.
use crate::common::*;

#[tokio::test]
async fn queued_emails_survive_a_restart() {
    let app = TestApp::builder().without_worker().start().await;
    let c = app.client();
    let r = app.signup(&c, "restart-shop", "restart@example.com").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    {
        let mut conn = app.store.reader().await.unwrap();
        assert_eq!(store::outbox::depth(&mut conn).await.unwrap(), 1);
    }
    assert!(app.emails().is_empty(), "no worker, nothing sent yet");
    let stopped = app.stop().await;
    let app = TestApp::builder().restart(stopped).start().await;
    let mail = app
        .wait_for_email("restart@example.com", "restart-shop")
        .await;
    assert!(mail.contains("Subject: "));
    // The worker writes the message, then marks it sent: the file can be seen a moment before
    // the outbox is empty.
    let mut depth = -1;
    for _ in 0..100 {
        let mut conn = app.store.reader().await.unwrap();
        depth = store::outbox::depth(&mut conn).await.unwrap();
        if depth == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(depth, 0, "the sent message left the outbox");
}

#[tokio::test]
async fn failed_jobs_are_retried_later_with_backoff() {
    let app = TestApp::builder().without_worker().start().await;
    let mut tx = app.store.begin().await.unwrap();
    store::outbox::enqueue(&mut tx, None, "no-such-kind", &serde_json::json!({}))
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    let mailer =
        worker::Mailer::new(None, "Test <t@example.com>", app.config.outbox_dir()).unwrap();
    assert_eq!(worker::tick(&app.store, &mailer).await.unwrap(), 1);
    // Not due again immediately.
    assert_eq!(worker::tick(&app.store, &mailer).await.unwrap(), 0);
    let mut conn = app.store.reader().await.unwrap();
    let (attempts, next, err): (i64, i64, Option<String>) =
        sqlx::query_as("SELECT attempts, next_attempt_at, last_error FROM outbox")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert_eq!(attempts, 1);
    assert!(next >= store::now() + 20, "retried later, not now");
    assert!(err.unwrap().contains("no-such-kind"));
    assert_eq!(
        store::outbox::depth(&mut conn).await.unwrap(),
        1,
        "kept for the retry"
    );
}
