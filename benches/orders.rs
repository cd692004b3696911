//! Guest orders placed per second, end to end, through the store API of a running release
//! binary: each order is a new cart, a line, and a checkout with its idempotency key (three
//! requests, what a headless front or the HTML checkout's last steps do). Prints orders/s and the
//! checkout's latency (p50, p99) for SQLite, then PostgreSQL when BENCH_PG is set (a database
//! created on 127.0.0.1:5432 and dropped afterwards). Never asserts: figures go to
//! bench/RESULTS.md by hand.
//!
//! cargo bench --bench orders                     # 10 s per backend, 16 clients
//! BENCH_SECONDS=30 BENCH_CLIENTS=32 BENCH_PG=1 cargo bench --bench orders

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SLUG: &str = "bench";

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[path = "../tests/cli/seed.rs"]
mod seed;

async fn start(data: &std::path::Path, db_url: &str, port: u16) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vitrine"));
    cmd.env("VITRINE_DATA_DIR", data)
        .env("DATABASE_URL", db_url)
        .env("VITRINE_LOG", "warn")
        // Every client is 127.0.0.1: the per-address cart limit would stop the run.
        .env("VITRINE_API_CARTS_PER_IP_HOUR", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    seed::serve(cmd, port).await
}

struct Tally {
    orders: u64,
    errors: u64,
    /// Checkout latencies, microseconds.
    checkout_us: Vec<u64>,
}

async fn client(port: u16, id: usize, stop: Arc<AtomicBool>, tally: Arc<Mutex<Tally>>) {
    let http = reqwest::Client::new();
    let api = |p: &str| format!("http://127.0.0.1:{port}/s/{SLUG}/api/store/v1{p}");
    let body = serde_json::json!({
        "email": "bench@example.org",
        "shipping_address": {"name": "Camille Durand", "line1": "3 rue des Lilas",
                             "postal_code": "21000", "city": "Dijon", "country": "FR"},
        "shipping_method": "colissimo-fr",
        "payment_method": "bank_transfer",
        "accept_terms": true,
    });
    let mut i = 0u64;
    while !stop.load(Ordering::Relaxed) {
        i += 1;
        let one = async {
            let v: serde_json::Value = http
                .post(api("/carts"))
                .json(&serde_json::json!({}))
                .send()
                .await
                .ok()?
                .json()
                .await
                .ok()?;
            let cart = v["id"].as_str()?.to_string();
            let r = http
                .post(api(&format!("/carts/{cart}/lines")))
                .json(&serde_json::json!({"sku": "COMTE", "quantity": 1}))
                .send()
                .await
                .ok()?;
            if !r.status().is_success() {
                return None;
            }
            let t = Instant::now();
            let r = http
                .post(api(&format!("/carts/{cart}/checkout")))
                .header("Idempotency-Key", format!("bench-{id}-{i}"))
                .json(&body)
                .send()
                .await
                .ok()?;
            let ok = r.status().as_u16() == 201;
            let _ = r.bytes().await;
            ok.then(|| t.elapsed().as_micros() as u64)
        };
        let done = one.await;
        let mut t = tally.lock().unwrap();
        match done {
            Some(us) => {
                t.orders += 1;
                t.checkout_us.push(us);
            }
            None => t.errors += 1,
        }
    }
}

fn pct(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

async fn run(name: &str, db_url: &str, data: &std::path::Path) {
    seed::shop_selling_comte(db_url, SLUG, 100_000_000).await;
    let port = seed::free_port();
    let mut server = start(data, db_url, port).await;
    let seconds = env_num("BENCH_SECONDS", 10);
    let clients = env_num("BENCH_CLIENTS", 16) as usize;
    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Mutex::new(Tally {
        orders: 0,
        errors: 0,
        checkout_us: Vec::new(),
    }));
    // Warm-up: one second not counted.
    let warm: Vec<_> = (0..clients)
        .map(|c| tokio::spawn(client(port, 10_000 + c, stop.clone(), tally.clone())))
        .collect();
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop.store(true, Ordering::Relaxed);
    for w in warm {
        w.await.unwrap();
    }
    *tally.lock().unwrap() = Tally {
        orders: 0,
        errors: 0,
        checkout_us: Vec::new(),
    };
    stop.store(false, Ordering::Relaxed);
    let t0 = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| tokio::spawn(client(port, c, stop.clone(), tally.clone())))
        .collect();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }
    let elapsed = t0.elapsed().as_secs_f64();
    let mut t = tally.lock().unwrap();
    t.checkout_us.sort_unstable();
    println!(
        "| {name} | {clients} | {:.0} orders/s | checkout p50 {:.1} ms | p99 {:.1} ms | {} orders | {} errors |",
        t.orders as f64 / elapsed,
        pct(&t.checkout_us, 0.5),
        pct(&t.checkout_us, 0.99),
        t.orders,
        t.errors
    );
    let _ = server.kill();
    let _ = server.wait();
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        println!("| database | clients | orders | checkout latency | | placed | failed |");
        println!("|---|---|---|---|---|---|---|");
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("sqlite");
        std::fs::create_dir_all(&data).unwrap();
        let url = format!("sqlite://{}", data.join("vitrine.db").display());
        run("SQLite", &url, &data).await;
        if std::env::var("BENCH_PG").is_ok() {
            use sqlx::Connection;
            let base = "postgres://postgres@127.0.0.1:5432";
            let db = format!("vitrine_orders_{}", std::process::id());
            let mut c = sqlx::PgConnection::connect(&format!("{base}/postgres"))
                .await
                .expect("PostgreSQL on 127.0.0.1:5432");
            sqlx::query(&format!("CREATE DATABASE {db}"))
                .execute(&mut c)
                .await
                .unwrap();
            let pg_data = dir.path().join("pg");
            std::fs::create_dir_all(&pg_data).unwrap();
            run("PostgreSQL", &format!("{base}/{db}"), &pg_data).await;
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
                .execute(&mut c)
                .await;
        }
    });
}
