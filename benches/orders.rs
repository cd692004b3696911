//! Guest orders placed per second, end to end, through the store API of a running release
//! binary: each order is a new cart, a line, and a checkout with its idempotency key (three
//! requests, what a headless front or the HTML checkout's last steps do). Two phases per
//! database: the shop alone, then while another shop imports the 10,000-product benchmark
//! catalog (a confirmed CSV import run by the server's job worker: one seller's import must not
//! stall another's checkouts). Prints orders/s and the checkout's latency (p50, p99, max) for
//! SQLite, then PostgreSQL when BENCH_PG is set (a database created on 127.0.0.1:5432 and dropped
//! afterwards). Never asserts: figures go to bench/RESULTS.md by hand.
//!
//! cargo bench --bench orders                     # 10 s alone, 16 clients, then the import
//! BENCH_SECONDS=30 BENCH_CLIENTS=32 BENCH_PG=1 cargo bench --bench orders
//! BENCH_IMPORT=0 cargo bench --bench orders      # without the import phase
//! N_PRODUCTS=2000 cargo bench --bench orders     # a smaller catalog to import

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

/// Orders placed by `clients` for as long as `until` says to go on (after one second of
/// warm-up, not counted); prints one row of the table.
async fn measure<F, Fut>(label: &str, port: u16, clients: usize, until: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Mutex::new(Tally {
        orders: 0,
        errors: 0,
        checkout_us: Vec::new(),
    }));
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
    while until().await {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }
    let elapsed = t0.elapsed().as_secs_f64();
    let mut t = tally.lock().unwrap();
    t.checkout_us.sort_unstable();
    println!(
        "| {label} | {clients} | {:.0} | {:.1} ms | {:.1} ms | {:.1} ms | {} | {} | {:.1} s |",
        t.orders as f64 / elapsed,
        pct(&t.checkout_us, 0.5),
        pct(&t.checkout_us, 0.99),
        t.checkout_us.last().copied().unwrap_or(0) as f64 / 1000.0,
        t.orders,
        t.errors,
        elapsed,
    );
}

/// The benchmark catalog as a Shopify CSV (`../shared/data/bench-catalog/gen_catalog.py`, then
/// `bench/seed.py csv`), or why it could not be made.
fn catalog_csv(dir: &std::path::Path) -> Result<Vec<u8>, String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let gen = root.join("../shared/data/bench-catalog/gen_catalog.py");
    if !gen.exists() {
        return Err(format!("{} is missing", gen.display()));
    }
    let json = dir.join("catalog.json");
    let csv = dir.join("catalog.csv");
    let n = env_num("N_PRODUCTS", 10_000).to_string();
    let ok = Command::new("python3")
        .arg(&gen)
        .arg(&json)
        .env("N_PRODUCTS", &n)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("python3: {e}"))?
        .success()
        && Command::new("python3")
            .arg(root.join("bench/seed.py"))
            .args(["csv".as_ref(), json.as_os_str(), csv.as_os_str()])
            .status()
            .map_err(|e| format!("python3: {e}"))?
            .success();
    if !ok {
        return Err("the catalog generator failed".into());
    }
    std::fs::read(&csv).map_err(|e| format!("{}: {e}", csv.display()))
}

/// Makes shop `slug` on a plan big enough for the catalog and queues its import, as the admin's
/// "confirm" does; the running server's job worker takes it. Returns the job's id.
async fn queue_import(db_url: &str, slug: &str, csv: &[u8]) -> (store::id::ShopId, i64) {
    let s = store::Store::connect(db_url).await.expect("database");
    let mut tx = s.begin().await.unwrap();
    let plan = store::plan::create(&mut tx, "Bench import", 1_000_000, 5, 100_000_000_000)
        .await
        .unwrap();
    let shop = store::shop::create(
        &mut tx,
        &store::shop::NewShop {
            slug,
            name: slug,
            plan_id: plan,
            default_lang: "fr",
        },
    )
    .await
    .unwrap()
    .sid();
    let job = store::import::create_job(
        &mut tx,
        shop,
        0,
        "catalog.csv",
        csv,
        "fr",
        store::import::QUEUED,
        env_num("N_PRODUCTS", 10_000) as i64,
        "{}",
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    s.close().await;
    (shop, job)
}

/// Whether the import job is still queued or running.
async fn importing(s: &store::Store, shop: store::id::ShopId, job: i64) -> bool {
    let Ok(mut c) = s.reader().await else {
        return true;
    };
    match store::import::job(&mut c, shop, 0, job).await {
        Ok(Some(j)) => matches!(
            j.state.as_str(),
            store::import::QUEUED | store::import::RUNNING
        ),
        _ => false,
    }
}

async fn run(name: &str, db_url: &str, data: &std::path::Path, csv: Option<&[u8]>) {
    seed::shop_selling_comte(db_url, SLUG, 100_000_000).await;
    let port = seed::free_port();
    let mut server = start(data, db_url, port).await;
    let seconds = env_num("BENCH_SECONDS", 10);
    let clients = env_num("BENCH_CLIENTS", 16) as usize;
    let end = Instant::now() + Duration::from_secs(seconds + 1);
    measure(&format!("{name}, alone"), port, clients, || async move {
        Instant::now() < end
    })
    .await;
    if let Some(csv) = csv {
        let (shop, job) = queue_import(db_url, "grossiste", csv).await;
        let s = store::Store::connect(db_url).await.expect("database");
        let t0 = Instant::now();
        measure(&format!("{name}, during an import"), port, clients, || {
            importing(&s, shop, job)
        })
        .await;
        let mut c = s.reader().await.unwrap();
        let j = store::import::job(&mut c, shop, 0, job)
            .await
            .unwrap()
            .unwrap();
        eprintln!(
            "{name}: import of {} products {} in {:.1} s",
            j.total,
            j.state,
            t0.elapsed().as_secs_f64()
        );
        drop(c);
        s.close().await;
    }
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
        let dir = tempfile::tempdir().unwrap();
        let csv = if env_num("BENCH_IMPORT", 1) == 0 {
            None
        } else {
            match catalog_csv(dir.path()) {
                Ok(csv) => Some(csv),
                Err(why) => {
                    eprintln!("no import phase: {why}");
                    None
                }
            }
        };
        let csv = csv.as_deref();
        println!("| database, phase | clients | orders/s | checkout p50 | p99 | max | placed | failed | seconds |");
        println!("|---|---|---|---|---|---|---|---|---|");
        let data = dir.path().join("sqlite");
        std::fs::create_dir_all(&data).unwrap();
        let url = format!("sqlite://{}", data.join("vitrine.db").display());
        run("SQLite", &url, &data, csv).await;
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
            run("PostgreSQL", &format!("{base}/{db}"), &pg_data, csv).await;
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
                .execute(&mut c)
                .await;
        }
    });
}
