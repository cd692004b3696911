//! Killed mid-stream: orders are placed through the store API by several clients at once, the
//! server is killed (SIGKILL, no goodbye), started again on the same database, and every request
//! is retried with its idempotency key. Every order that was acknowledged is there exactly once
//! with its number; a retried one gives the same number; nothing was placed twice.

use std::collections::{HashMap, HashSet};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::*;

const SLUG: &str = "crash";

async fn start(env: &Env, port: u16) -> Child {
    let mut cmd = env.cmd(FR);
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    crate::seed::serve(cmd, port).await
}

/// One checkout: its cart, its key, and the number the server acknowledged, if it did.
#[derive(Clone, Debug)]
struct Attempt {
    cart: String,
    key: String,
    number: Option<String>,
}

fn api(port: u16, path: &str) -> String {
    format!("http://127.0.0.1:{port}/s/{SLUG}/api/store/v1{path}")
}

fn checkout_body() -> serde_json::Value {
    serde_json::json!({
        "email": "camille@example.org",
        "shipping_address": {"name": "Camille Durand", "line1": "3 rue des Lilas",
                             "postal_code": "21000", "city": "Dijon", "country": "FR"},
        "shipping_method": "colissimo-fr",
        "payment_method": "bank_transfer",
        "accept_terms": true,
    })
}

async fn checkout(http: &reqwest::Client, port: u16, a: &Attempt) -> Option<(u16, String)> {
    let r = http
        .post(api(port, &format!("/carts/{}/checkout", a.cart)))
        .header("Idempotency-Key", &a.key)
        .json(&checkout_body())
        .send()
        .await
        .ok()?;
    let status = r.status().as_u16();
    let v: serde_json::Value = r.json().await.ok()?;
    Some((status, v["number"].as_str()?.to_string()))
}

/// Places orders until the first failure (the server is gone), recording each attempt.
async fn client(port: u16, id: usize, log: Arc<Mutex<Vec<Attempt>>>) {
    let http = reqwest::Client::new();
    for i in 0.. {
        let Ok(r) = http
            .post(api(port, "/carts"))
            .json(&serde_json::json!({}))
            .send()
            .await
        else {
            return;
        };
        let Ok(v) = r.json::<serde_json::Value>().await else {
            return;
        };
        let Some(cart) = v["id"].as_str().map(str::to_string) else {
            return;
        };
        let added = http
            .post(api(port, &format!("/carts/{cart}/lines")))
            .json(&serde_json::json!({"sku": "COMTE", "quantity": 1}))
            .send()
            .await;
        if !added.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        let mut a = Attempt {
            cart,
            key: format!("client-{id}-order-{i}"),
            number: None,
        };
        let done = checkout(&http, port, &a).await;
        let stop = done.is_none();
        a.number = done.filter(|(s, _)| *s == 201).map(|(_, n)| n);
        log.lock().unwrap().push(a);
        if stop {
            return;
        }
    }
}

#[tokio::test]
async fn a_killed_server_keeps_every_acknowledged_order_exactly_once() {
    let env = Env::new().await;
    crate::seed::shop_selling_comte(&env.db_url, SLUG, 1_000_000).await;
    let port = crate::seed::free_port();
    let mut server = start(&env, port).await;
    let log = Arc::new(Mutex::new(Vec::new()));
    let clients: Vec<_> = (0..4)
        .map(|id| tokio::spawn(client(port, id, log.clone())))
        .collect();
    // Let orders flow, then kill the server in the middle of them.
    let t0 = Instant::now();
    while log
        .lock()
        .unwrap()
        .iter()
        .filter(|a| a.number.is_some())
        .count()
        < 40
        && t0.elapsed() < Duration::from_secs(60)
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill().expect("SIGKILL");
    server.wait().unwrap();
    for c in clients {
        c.await.unwrap();
    }
    let attempts = log.lock().unwrap().clone();
    let acked: Vec<&Attempt> = attempts.iter().filter(|a| a.number.is_some()).collect();
    assert!(
        acked.len() >= 40,
        "orders flowed before the kill: {}",
        acked.len()
    );
    eprintln!(
        "killed after {} acknowledged orders, {} cut off",
        acked.len(),
        attempts.len() - acked.len()
    );

    // Started again on the same database: every request retried with its key.
    let mut server = start(&env, port).await;
    let http = reqwest::Client::new();
    let mut numbers: HashMap<String, String> = HashMap::new();
    for a in &attempts {
        let (status, number) = checkout(&http, port, a)
            .await
            .unwrap_or_else(|| panic!("retry of {} answered", a.key));
        match &a.number {
            // Acknowledged before the kill: found again, same number, not placed anew.
            Some(n) => {
                assert_eq!(status, 200, "{}", a.key);
                assert_eq!(&number, n, "{}", a.key);
            }
            // Cut off: placed now, or found if it had committed just before the kill.
            None => assert!(status == 200 || status == 201, "{}: {status}", a.key),
        }
        numbers.insert(a.key.clone(), number);
    }
    let distinct: HashSet<&String> = numbers.values().collect();
    assert_eq!(distinct.len(), numbers.len(), "one order per key");

    let s = env.store().await;
    let mut c = s.reader().await.unwrap();
    let shop = store::shop::by_slug(&mut c, SLUG)
        .await
        .unwrap()
        .unwrap()
        .sid();
    let in_db = store::order::count(&mut c, shop, "").await.unwrap();
    assert_eq!(
        in_db as usize,
        numbers.len(),
        "nothing placed twice, nothing lost"
    );
    for n in distinct {
        assert!(
            store::order::by_number(&mut c, shop, n)
                .await
                .unwrap()
                .is_some(),
            "order {n} is there"
        );
    }
    drop(c);
    s.close().await;
    server.kill().unwrap();
    server.wait().unwrap();
}
