//! The search SQL against real databases: a temporary SQLite file always, and a fresh
//! PostgreSQL database when TEST_DATABASE_URL is set; both must return the same ranked ids.
//! The schema is the one production has: the store's migrations, with its own writer of terms.

use std::collections::HashMap;

use search::{index_terms, parse_query, sql, Document, Language, SqlArg};
use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::{AnyPool, Row};
use store::Store;

const LANGS: [Language; 2] = [Language::French, Language::English];
const SHOP: i64 = 1;
const OTHER_SHOP: i64 = 2;

struct Product {
    shop: i64,
    id: i64,
    fr: Document<'static>,
    en: Document<'static>,
}

fn doc(
    title: &'static str,
    tags: &'static [&'static str],
    sku: &'static [&'static str],
    description: &'static str,
) -> Document<'static> {
    Document {
        title,
        tags,
        sku,
        description,
    }
}

/// A cheese-tray maker's and a second-hand bookseller's products in one shop, French and
/// English, plus one product of another shop that must never show up.
fn catalog() -> Vec<Product> {
    let p = |id, fr, en| Product {
        shop: SHOP,
        id,
        fr,
        en,
    };
    vec![
        p(
            1,
            doc(
                "Époisses de Bourgogne",
                &["Fromages", "Bourgogne"],
                &["EPO-250G"],
                "Fromage à pâte molle et croûte lavée au marc de Bourgogne.",
            ),
            doc(
                "Époisses from Burgundy",
                &["Cheeses", "Burgundy"],
                &["EPO-250G"],
                "Soft washed-rind cheese.",
            ),
        ),
        p(
            2,
            doc(
                "Crottin de Chavignol",
                &["Fromages de chèvre"],
                &["CRO-60G"],
                "Petit fromage de chèvre de la Loire.",
            ),
            doc(
                "Crottin de Chavignol",
                &["Goat cheeses"],
                &["CRO-60G"],
                "Small goat cheese from the Loire valley.",
            ),
        ),
        p(
            3,
            doc(
                "Sainte-Maure de Touraine",
                &["Fromages de chèvre"],
                &["SMT-250G"],
                "Chèvre cendré traversé d'une paille.",
            ),
            doc(
                "Sainte-Maure de Touraine",
                &["Goat cheeses"],
                &["SMT-250G"],
                "Ash-coated goat cheese with a straw.",
            ),
        ),
        p(
            4,
            doc(
                "Comté 18 mois",
                &["Fromages"],
                &["COM-18"],
                "Fromage au lait cru du Jura, affiné dix-huit mois.",
            ),
            doc(
                "Comté aged 18 months",
                &["Cheeses"],
                &["COM-18"],
                "Raw milk cheese from the Jura.",
            ),
        ),
        p(
            5,
            doc(
                "Brie de Meaux",
                &["Fromages"],
                &["BRI-1KG"],
                "Le roi des fromages.",
            ),
            doc(
                "Brie de Meaux",
                &["Cheeses"],
                &["BRI-1KG"],
                "The king of cheeses.",
            ),
        ),
        p(
            6,
            doc(
                "Plateau de fromages de chèvre",
                &["Plateaux"],
                &["PLA-CHE"],
                "Cinq chèvres affinés.",
            ),
            doc(
                "Goat cheese board",
                &["Boards"],
                &["PLA-CHE"],
                "Five aged goat cheeses.",
            ),
        ),
        p(
            7,
            doc(
                "Crème brûlée",
                &["Desserts"],
                &["DES-CB"],
                "Œufs, crème, sucre, vanille.",
            ),
            doc(
                "Crème brûlée",
                &["Desserts"],
                &["DES-CB"],
                "Eggs, cream, sugar, vanilla.",
            ),
        ),
        p(
            8,
            doc(
                "Œufs de caille",
                &["Épicerie"],
                &["OEU-12"],
                "Douze œufs frais.",
            ),
            doc(
                "Quail eggs",
                &["Grocery"],
                &["OEU-12"],
                "Twelve fresh eggs.",
            ),
        ),
        p(
            9,
            doc(
                "Gâteau au fromage",
                &["Desserts"],
                &["DES-GF"],
                "Un cheesecake à la new-yorkaise.",
            ),
            doc(
                "Cheesecake",
                &["Desserts"],
                &["DES-GF"],
                "New York style cheesecake.",
            ),
        ),
        p(
            10,
            doc(
                "L'Étranger",
                &["Livres anciens", "Romans"],
                &["LIV-0001"],
                "Albert Camus, édition originale de 1942.",
            ),
            doc(
                "The Stranger",
                &["Old books", "Novels"],
                &["LIV-0001"],
                "Albert Camus, first edition, 1942.",
            ),
        ),
        p(
            11,
            doc(
                "Les Misérables, tome 1",
                &["Livres anciens", "Romans"],
                &["LIV-0002"],
                "Victor Hugo, reliure cuir.",
            ),
            doc(
                "Les Misérables, volume 1",
                &["Old books", "Novels"],
                &["LIV-0002"],
                "Victor Hugo, leather binding.",
            ),
        ),
        p(
            12,
            doc(
                "Le livre du fromage",
                &["Livres", "Cuisine"],
                &["LIV-0003"],
                "Un livre de recettes autour des fromages de France.",
            ),
            doc(
                "The cheese book",
                &["Books", "Cooking"],
                &["LIV-0003"],
                "A cookbook about French cheeses.",
            ),
        ),
        p(
            13,
            doc(
                "Carte postale ancienne",
                &["Papeterie"],
                &["PAP-001"],
                "Paris, 1910. Livraison offerte.",
            ),
            doc(
                "Vintage postcard",
                &["Stationery"],
                &["PAP-001"],
                "Paris, 1910. Free delivery.",
            ),
        ),
        p(
            14,
            doc(
                "Marque-page en cuir",
                &["Papeterie"],
                &["PAP-002"],
                "Idéal pour vos livres.",
            ),
            doc(
                "Leather bookmark",
                &["Stationery"],
                &["PAP-002"],
                "Made for your books.",
            ),
        ),
        p(
            15,
            doc(
                "Sac Fromagerie",
                &["Accessoires"],
                &["ACC-SAC"],
                "Livraison en 48 h.",
            ),
            doc(
                "Cheese shop tote bag",
                &["Accessories"],
                &["ACC-SAC"],
                "Delivered within 48 hours.",
            ),
        ),
        Product {
            shop: OTHER_SHOP,
            id: 100,
            fr: doc(
                "Époisses",
                &["Fromages"],
                &["EPO-250G"],
                "Le même, ailleurs.",
            ),
            en: doc(
                "Époisses",
                &["Cheeses"],
                &["EPO-250G"],
                "The same, elsewhere.",
            ),
        },
    ]
}

/// (query, expected product ids of SHOP in rank order), and why.
const CASES: &[(&str, &[i64])] = &[
    // Accent-free query, title (10+10: French and English titles) beats nothing else.
    ("epoisses", &[1]),
    // Singular finds plural. 12 has it in its title (10) and description (1); 6 and 9 in
    // their titles; 15 ("Fromagerie") by prefix; then tags (5) plus descriptions (1); ties by id.
    ("fromage", &[12, 6, 9, 15, 1, 2, 4, 5, 3]),
    ("FROMAGES de chevre", &[6, 2, 3]),
    // Plural finds singular; the description-only mention (14) comes last, and "livraison"
    // (13, 15) does not count as a book though it starts with "livr".
    ("livres", &[12, 10, 11, 14]),
    ("livre ancien", &[10, 11]),
    // As-you-type: "chee" begins cheese, cheeses, cheesecake. 9 has "Cheesecake" as title and
    // twice in descriptions (12); 6 and 12 have cheese in the title and cheeses in the
    // description (11); 15 in the title only; the rest in tags and descriptions.
    ("chee", &[9, 6, 12, 15, 1, 2, 3, 4, 5]),
    // A SKU, typed whole or partly.
    ("EPO-250G", &[1]),
    ("epo-25", &[1]),
    ("liv-000", &[10, 11, 12]),
    // Nothing starts with "epo2". A collation that ignores the hyphen would sort "epo-250g"
    // between "epo2" and "epo3" and return 1.
    ("epo2", &[]),
    ("crème brûlée", &[7]),
    ("oeufs", &[8, 7]),
    ("l'etranger", &[10]),
    ("xyz", &[]),
    ("", &[]),
];

/// The test catalog's shops (1, 2) to the ids the store gave them.
#[derive(Default)]
struct Ids {
    shops: HashMap<i64, i64>,
}

/// A fresh store on `url`, migrated as production is.
async fn migrated(url: &str) -> Store {
    let store = Store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    store
}

async fn create_shops(store: &Store, ids: &mut Ids) {
    let mut tx = store.begin().await.unwrap();
    let plan_id = store::plan::default_plan(&mut tx).await.unwrap().id;
    for (logical, slug) in [(SHOP, "fromagerie"), (OTHER_SHOP, "autre")] {
        let shop = store::shop::create(
            &mut tx,
            &store::shop::NewShop {
                slug,
                name: slug,
                plan_id,
                default_lang: "fr",
            },
        )
        .await
        .unwrap();
        ids.shops.insert(logical, shop.id);
    }
    tx.commit().await.unwrap();
}

fn product_fields() -> store::catalog::ProductFields {
    store::catalog::ProductFields {
        kind: "physical".into(),
        status: "active".into(),
        vat_class: "standard".into(),
        details: "{}".into(),
        safety: "{}".into(),
        ..Default::default()
    }
}

/// A product of `shop_id` numbered `id`: ties in score are ordered by product id, and the
/// expected orders below are written with the catalog's ids.
async fn create_product(tx: &mut store::Conn, shop_id: store::id::ShopId, id: i64) {
    let random = store::catalog::create_product(tx, shop_id, &product_fields())
        .await
        .unwrap();
    sqlx::query("UPDATE products SET id = $3 WHERE shop_id = $1 AND id = $2")
        .bind(shop_id)
        .bind(random)
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
}

/// Creates the catalog's products and writes their terms with the store's own writer.
async fn index_catalog(store: &Store) -> Ids {
    let mut ids = Ids::default();
    create_shops(store, &mut ids).await;
    let mut tx = store.begin().await.unwrap();
    for product in catalog() {
        let shop_id = store::id::ShopId(ids.shops[&product.shop]);
        create_product(&mut tx, shop_id, product.id).await;
        let terms = index_terms(&[product.fr, product.en], &LANGS);
        store::catalog::replace_search_terms(&mut tx, shop_id, product.id, &terms)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    ids
}

/// (product id, score) of a search in the catalog's shop `shop`.
async fn search(
    store: &Store,
    ids: &Ids,
    shop: i64,
    q: &str,
    limit: i64,
    offset: i64,
) -> Vec<(i64, i64)> {
    let (statement, args) = sql(&parse_query(q, &LANGS));
    let mut query = sqlx::query(&statement)
        .bind(ids.shops[&shop])
        .bind(limit)
        .bind(offset);
    for arg in args {
        query = match arg {
            SqlArg::Text(s) => query.bind(s),
            SqlArg::Int(i) => query.bind(i),
        };
    }
    let mut conn = store.reader().await.unwrap();
    let conn: &mut store::Conn = &mut conn;
    query
        .fetch_all(conn)
        .await
        .unwrap_or_else(|e| panic!("{q:?}: {e}\n{statement}"))
        .iter()
        .map(|row| (row.get::<i64, _>(0), row.get::<i64, _>(1)))
        .collect()
}

/// Every case's (id, score) list, plus the pagination and tenant checks, for one database.
async fn run_cases(store: &Store, ids: &Ids) -> Vec<Vec<(i64, i64)>> {
    let mut results = Vec::new();
    for (q, _) in CASES {
        results.push(search(store, ids, SHOP, q, 50, 0).await);
    }
    // Pages are slices of the same order.
    let all = search(store, ids, SHOP, "fromage", 50, 0).await;
    let page = search(store, ids, SHOP, "fromage", 3, 2).await;
    assert_eq!(page, all[2..5]);
    // The other shop only sees its own product.
    let other = search(store, ids, OTHER_SHOP, "epoisses", 50, 0).await;
    assert_eq!(other.iter().map(|r| r.0).collect::<Vec<_>>(), [100]);
    results.push(other);
    results
}

fn check_expected(backend: &str, results: &[Vec<(i64, i64)>]) {
    let mut failures = Vec::new();
    for ((q, expected), got) in CASES.iter().zip(results) {
        let ids: Vec<i64> = got.iter().map(|r| r.0).collect();
        if ids != *expected {
            failures.push(format!(
                "{q:?}: expected {expected:?}, got {got:?} (id, score)"
            ));
        }
    }
    assert!(failures.is_empty(), "{backend}:\n{}", failures.join("\n"));
}

async fn sqlite_results() -> Vec<Vec<(i64, i64)>> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("search.db").display()
    );
    let store = migrated(&url).await;
    let ids = index_catalog(&store).await;
    let results = run_cases(&store, &ids).await;
    store.close().await;
    results
}

/// `url` with its database name replaced.
fn with_database(url: &str, name: &str) -> String {
    let (base, params) = match url.split_once('?') {
        Some((b, p)) => (b, format!("?{p}")),
        None => (url, String::new()),
    };
    let server = match base.rsplit_once('/') {
        Some((server, _db)) if server.contains("://") && !server.ends_with('/') => server,
        _ => base.trim_end_matches('/'),
    };
    format!("{server}/{name}{params}")
}

/// A fresh, empty database on the server of `admin_url`: (admin pool, name, url).
async fn create_postgres_database(admin_url: &str) -> (AnyPool, String, String) {
    let admin = AnyPoolOptions::new()
        .max_connections(1)
        .connect(admin_url)
        .await
        .unwrap();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let name = format!("search_test_{}_{nanos}", std::process::id());
    // A linguistic default collation that ignores punctuation, as glibc's en_US.UTF-8 of many
    // production databases does, so that the "epo2" case shows the table's own COLLATE "C"
    // is what keeps prefix ranges byte-wise. Falls back to the server default without ICU.
    let icu = format!(
        "CREATE DATABASE {name} TEMPLATE template0 \
         LOCALE_PROVIDER icu ICU_LOCALE 'en-US-u-ka-shifted' LOCALE 'C.UTF-8'"
    );
    if sqlx::query(&icu).execute(&admin).await.is_err() {
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await
            .unwrap();
    }
    let url = with_database(admin_url, &name);
    (admin, name, url)
}

async fn drop_postgres_database(admin: AnyPool, name: &str) {
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
}

async fn postgres_results(admin_url: &str) -> Vec<Vec<(i64, i64)>> {
    let (admin, name, url) = create_postgres_database(admin_url).await;
    // Run the cases on a thread of their own so that a panic still lets us drop the database.
    let run = on_own_runtime(move || async move {
        let store = migrated(&url).await;
        let ids = index_catalog(&store).await;
        let results = run_cases(&store, &ids).await;
        store.close().await;
        results
    });
    drop_postgres_database(admin, &name).await;
    match run {
        Ok(results) => results,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Runs `work` to completion on a new thread and runtime: its panic comes back as an `Err`.
fn on_own_runtime<F, Fut, T>(work: F) -> std::thread::Result<T>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = T>,
    T: Send + 'static,
{
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(work())
    })
    .join()
}

#[tokio::test]
async fn same_ranked_results_on_sqlite_and_postgres() {
    install_default_drivers();
    let sqlite = sqlite_results().await;
    check_expected("SQLite", &sqlite);
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            let postgres = postgres_results(&url).await;
            check_expected("PostgreSQL", &postgres);
            // Scores too, not only the order: the two backends must agree row for row.
            assert_eq!(sqlite, postgres, "SQLite and PostgreSQL disagree");
        }
        _ => eprintln!("TEST_DATABASE_URL not set: PostgreSQL half skipped"),
    }
}

#[test]
fn database_urls_are_rewritten() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/postgres", "t"),
        "postgres://postgres@127.0.0.1:5432/t"
    );
    assert_eq!(
        with_database("postgres://u:p@h/db?sslmode=disable", "t"),
        "postgres://u:p@h/t?sslmode=disable"
    );
    assert_eq!(
        with_database("postgres://h:5432", "t"),
        "postgres://h:5432/t"
    );
}

/// The benchmark catalog's shape (shared/data/bench-catalog/gen_catalog.py): 10,000 products
/// named "Adjective Noun 00042", 50 categories, 2–3 variant SKUs, ~500 characters of lorem
/// ipsum. Only the shape matters for timing, so a small deterministic generator stands in for
/// Python's random.
fn synthetic_catalog(n: usize) -> Vec<(i64, String, String, Vec<String>, String)> {
    const ADJ: [&str; 20] = [
        "Classic", "Modern", "Rustic", "Compact", "Deluxe", "Eco", "Smart", "Vintage", "Urban",
        "Premium", "Sturdy", "Light", "Soft", "Bold", "Sleek", "Cozy", "Bright", "Quiet", "Swift",
        "Handmade",
    ];
    const NOUN: [&str; 20] = [
        "Chair",
        "Lamp",
        "Mug",
        "Backpack",
        "Jacket",
        "Speaker",
        "Notebook",
        "Bottle",
        "Blanket",
        "Watch",
        "Sneaker",
        "Desk",
        "Kettle",
        "Scarf",
        "Pillow",
        "Bowl",
        "Headphones",
        "Umbrella",
        "Wallet",
        "Candle",
    ];
    let words: Vec<&str> = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod \
        tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud \
        exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in \
        reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat \
        cupidatat non proident sunt culpa qui officia deserunt mollit anim id est laborum durable \
        crafted materials everyday comfort designed tested quality warranty"
        .split_whitespace()
        .collect();
    let mut state: u64 = 42;
    let mut next = move |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    (1..=n)
        .map(|i| {
            let title = format!("{} {} {i:05}", ADJ[next(20)], NOUN[next(20)]);
            let category = format!("Category {:02}", (i - 1) % 50 + 1);
            let sizes: &[&str] = if i % 2 == 0 {
                &["S", "M"]
            } else {
                &["S", "M", "L"]
            };
            let skus = sizes.iter().map(|s| format!("SKU-{i:05}-{s}")).collect();
            let mut description = String::new();
            while description.len() < 500 {
                description.push_str(words[next(words.len())]);
                description.push(' ');
            }
            (i as i64, title, category, skus, description)
        })
        .collect()
}

async fn bench(backend: &str, store: &Store) {
    let mut ids = Ids::default();
    create_shops(store, &mut ids).await;
    let catalog = synthetic_catalog(10_000);
    let started = std::time::Instant::now();
    let mut rows = 0;
    let mut terms_time = std::time::Duration::ZERO;
    let mut tx = store.begin().await.unwrap();
    for (id, title, category, skus, description) in &catalog {
        let t = std::time::Instant::now();
        let tags = [category.as_str()];
        let skus: Vec<&str> = skus.iter().map(String::as_str).collect();
        let doc = Document {
            title,
            tags: &tags,
            sku: &skus,
            description,
        };
        let terms = index_terms(&[doc], &LANGS);
        terms_time += t.elapsed();
        rows += terms.len();
        let shop_id = store::id::ShopId(ids.shops[&SHOP]);
        create_product(&mut tx, shop_id, *id).await;
        store::catalog::replace_search_terms(&mut tx, shop_id, *id, &terms)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    // PostgreSQL scans only the index once VACUUM has marked the pages all-visible, which
    // autovacuum does soon after a bulk load in production.
    let analyze = if backend == "SQLite" {
        "ANALYZE"
    } else {
        "VACUUM ANALYZE search_terms"
    };
    let mut conn = store.reader().await.unwrap();
    let c: &mut store::Conn = &mut conn;
    sqlx::query(analyze).execute(c).await.unwrap();
    drop(conn);
    println!(
        "{backend}: 10,000 products -> {rows} rows ({:.1}/product); terms computed in {:?}, \
         products and terms inserted in {:?}",
        rows as f64 / catalog.len() as f64,
        terms_time,
        started.elapsed() - terms_time
    );
    // A whole title, as a shopper who copied it would type it.
    let title_42 = catalog[41].1.to_lowercase();
    for q in [
        "lamp",
        "vintage lamp",
        "vint",
        title_42.as_str(),
        "sku-00042-m",
        "lorem",
        "quality warranty",
        "q",
        "xyz",
    ] {
        let mut times = Vec::new();
        let mut hits = 0;
        for _ in 0..200 {
            let t = std::time::Instant::now();
            hits = search(store, &ids, SHOP, q, 24, 0).await.len();
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "{backend}: {q:>18}: {hits:>2} shown, median {:>8.2?}, p99 {:>8.2?}",
            times[times.len() / 2],
            times[times.len() * 99 / 100]
        );
    }
}

/// Timing only, nothing asserted: `cargo test --release -p search --test sql -- --ignored
/// --nocapture` (and TEST_DATABASE_URL for PostgreSQL).
#[tokio::test]
#[ignore]
async fn bench_10k_products() {
    install_default_drivers();
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let store = migrated(&url).await;
    bench("SQLite", &store).await;
    store.close().await;
    if let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") {
        let (admin, name, url) = create_postgres_database(&admin_url).await;
        let run = on_own_runtime(move || async move {
            let store = migrated(&url).await;
            bench("PostgreSQL", &store).await;
            store.close().await;
        });
        drop_postgres_database(admin, &name).await;
        if let Err(panic) = run {
            std::panic::resume_unwind(panic);
        }
    }
}
