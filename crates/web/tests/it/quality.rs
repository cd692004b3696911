//! The quality bar of the storefront pages a shopper sees (home, category, product, search) on a
//! phone, checked with the tools the issue names: axe-core in a real Chromium (zero
//! violations), Lighthouse (accessibility, best practices and SEO at least 95), and the page
//! weight (under 100 KB of HTML + CSS + JS before images, no script that blocks rendering).
//! The shopper's own pages (a cart with a line, the checkout's address step, the recap, the
//! order's page, sign-in, sign-up, the account and its address book) pass axe-core and
//! Lighthouse's accessibility and best practices too (not SEO: they are kept out of search
//! engines on purpose).
//!
//! Lighthouse's performance score is a timing: it is printed here and measured by
//! `bench/quality.sh`, never asserted (tests do not assert on time).
//!
//! The tools come from npm (`npm install --prefix .ci/tools axe-core lighthouse`, which
//! `.ci/run` does). Without them the checks say they were skipped, unless
//! `VITRINE_REQUIRE_QUALITY_TOOLS` is set (CI sets it).
use crate::browser::{say, Driver};
use crate::common::*;

use std::path::PathBuf;
use std::process::Command;

use reqwest::cookie::CookieStore as _;
use serde_json::Value;

/// The demo shops' pages a shopper goes through, each kind of storefront page at least once.
const PAGES: &[&str] = &[
    "/s/fromagerie/",
    "/s/fromagerie/c/fromages",
    "/s/fromagerie/p/plateau-decouverte",
    "/s/fromagerie/p/comte-18-mois",
    "/s/fromagerie/search?q=epoisses",
    "/s/bouquinerie/",
];

const MAX_PAGE_BYTES: usize = 100 * 1024;

fn tools_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.ci/tools/node_modules")
}

/// The path of a tool, or `None` when it is missing and not required (see `skip::skip`).
fn tool(env: &str, default: PathBuf) -> Option<PathBuf> {
    let path = std::env::var(env).map(PathBuf::from).unwrap_or(default);
    let found = if path.exists() {
        Ok(path)
    } else {
        Err(format!("no {} (set {env} to its path)", path.display()))
    };
    skip::need(&skip::QUALITY_TOOLS, found)
}

async fn demo_app() -> TestApp {
    let app = TestApp::builder().without_worker().start().await;
    let st = web::AppState::new(app.store.clone(), app.config.clone());
    web::demo::ensure(&st).await.expect("demo shops");
    app
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storefront_pages_have_no_axe_core_violations_on_a_phone() {
    let Some(axe) = tool("AXE_JS", tools_dir().join("axe-core/axe.min.js")) else {
        return;
    };
    let Some(driver) = Driver::start() else {
        return;
    };
    let axe = std::fs::read_to_string(axe).expect("read axe.min.js");
    let app = demo_app().await;
    let visits = shopper_visits(&app).await;
    let b = driver.session().await;
    let outcome = tokio::spawn({
        let b = b.clone();
        let base = app.url.clone();
        async move {
            // A phone's viewport: the layout (and so contrast, target sizes) is the mobile one.
            b.set_window_size(412, 915).await.expect("phone viewport");
            let mut report = Vec::new();
            // The storefront pages, then the shopper's own, each with its visitor's cookies.
            let plain = PAGES.iter().map(|p| Visit {
                path: p.to_string(),
                cookies: Vec::new(),
                shows: "main h1",
            });
            for visit in plain.chain(visits) {
                let page = visit.path.as_str();
                // Nothing to forget on the first page (no site open yet).
                let _ = b.delete_all_cookies().await;
                if !visit.cookies.is_empty() {
                    b.goto(&format!("{base}/s/fromagerie/pages/cgv"))
                        .await
                        .expect("open the shop");
                    for (name, value) in &visit.cookies {
                        b.execute(
                            "document.cookie = arguments[0] + '=' + arguments[1] + '; path=/';",
                            vec![serde_json::json!(name), serde_json::json!(value)],
                        )
                        .await
                        .expect("set a cookie");
                    }
                }
                b.goto(&format!("{base}{page}")).await.expect("open page");
                let here = b.current_url().await.expect("the page's address");
                assert_eq!(
                    here.path(),
                    page.split('?').next().unwrap_or(page),
                    "{page} sent the visitor elsewhere"
                );
                assert!(
                    b.find(fantoccini::Locator::Css(visit.shows)).await.is_ok(),
                    "{page} does not show {}",
                    visit.shows
                );
                b.execute(&axe, vec![]).await.expect("load axe-core");
                let violations = b
                    .execute_async(
                        "const done = arguments[arguments.length - 1]; \
                         axe.run(document, { resultTypes: ['violations'] }) \
                            .then(r => done(r.violations.map(v => ({ id: v.id, help: v.help, \
                               nodes: v.nodes.map(n => n.html).slice(0, 3) })))) \
                            .catch(e => done([{ id: 'axe-error', help: String(e), nodes: [] }]));",
                        vec![],
                    )
                    .await
                    .expect("run axe-core");
                for v in violations.as_array().cloned().unwrap_or_default() {
                    report.push(format!(
                        "{page}: {} ({}) {}",
                        v["id"], v["help"], v["nodes"]
                    ));
                }
            }
            report
        }
    })
    .await;
    let _ = b.close().await;
    drop(driver);
    let report = outcome.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
    assert!(
        report.is_empty(),
        "axe-core violations:\n{}",
        report.join("\n")
    );
}

#[tokio::test]
async fn storefront_pages_stay_light_and_no_script_blocks_rendering() {
    let app = demo_app().await;
    let client = app.client();
    for page in PAGES {
        let (status, html) = client.get_text(page).await;
        assert_eq!(status, 200, "{page}");
        let mut total = html.len();
        for tag in tags(&html, "link") {
            if attr(tag, "rel").as_deref() == Some("stylesheet") {
                let href = attr(tag, "href").expect("stylesheet href");
                let (status, css) = client.get_text(&href).await;
                assert_eq!(status, 200, "{href}");
                total += css.len();
            }
        }
        for tag in tags(&html, "script") {
            if let Some(src) = attr(tag, "src") {
                assert!(
                    tag.contains(" defer") || tag.contains(" async") || tag.contains("module"),
                    "{page}: {tag} blocks rendering"
                );
                let (status, js) = client.get_text(&src).await;
                assert_eq!(status, 200, "{src}");
                total += js.len();
            } else {
                // Inline scripts run where they stand; only data blocks are allowed.
                assert!(
                    tag.contains("application/ld+json"),
                    "{page}: inline script {tag}"
                );
            }
        }
        say(&format!("{page}: {total} bytes of HTML + CSS + JS"));
        assert!(
            total < MAX_PAGE_BYTES,
            "{page} weighs {total} bytes before images"
        );
    }
}

#[tokio::test]
async fn lighthouse_rates_the_storefront_pages_at_least_95_on_a_phone() {
    // The scores do not depend on the database: one run (on SQLite) is enough.
    if std::env::var("TEST_DATABASE_URL").is_ok() {
        skip::skip_in_this_pass("the scores do not depend on the database: it runs on SQLite");
        return;
    }
    let Some(lighthouse) = tool("LIGHTHOUSE", tools_dir().join(".bin/lighthouse")) else {
        return;
    };
    if Driver::start().is_none() {
        return;
    }
    let app = demo_app().await;
    let mut failures = Vec::new();
    for page in PAGES {
        let report = run_lighthouse(&lighthouse, &format!("{}{page}", app.url), &[]).await;
        let score = |c: &str| report["categories"][c]["score"].as_f64().unwrap_or(0.0);
        say(&format!(
            "lighthouse {page}: performance {:.0} (not asserted), accessibility {:.0}, \
             best practices {:.0}, SEO {:.0}",
            score("performance") * 100.0,
            score("accessibility") * 100.0,
            score("best-practices") * 100.0,
            score("seo") * 100.0,
        ));
        for category in ["accessibility", "best-practices", "seo"] {
            if score(category) < 0.95 {
                failures.push(format!(
                    "{page}: {category} {:.0}; failing audits: {}",
                    score(category) * 100.0,
                    failing_audits(&report, category).join(", ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn lighthouse_rates_the_shopper_pages_accessible_and_well_made_on_a_phone() {
    if std::env::var("TEST_DATABASE_URL").is_ok() {
        skip::skip_in_this_pass("the scores do not depend on the database: it runs on SQLite");
        return;
    }
    let Some(lighthouse) = tool("LIGHTHOUSE", tools_dir().join(".bin/lighthouse")) else {
        return;
    };
    if Driver::start().is_none() {
        return;
    }
    let app = demo_app().await;
    let mut failures = Vec::new();
    for visit in shopper_visits(&app).await {
        let page = &visit.path;
        let report =
            run_lighthouse(&lighthouse, &format!("{}{page}", app.url), &visit.cookies).await;
        let score = |c: &str| report["categories"][c]["score"].as_f64().unwrap_or(0.0);
        // The page Lighthouse saw must be the one meant (not a redirect to an empty cart).
        let seen = report["finalDisplayedUrl"].as_str().unwrap_or_default();
        assert!(
            seen.ends_with(page.as_str()),
            "{page}: Lighthouse saw {seen}"
        );
        say(&format!(
            "lighthouse {page}: accessibility {:.0}, best practices {:.0}",
            score("accessibility") * 100.0,
            score("best-practices") * 100.0,
        ));
        for category in ["accessibility", "best-practices"] {
            if score(category) < 0.95 {
                failures.push(format!(
                    "{page}: {category} {:.0}; failing audits: {}",
                    score(category) * 100.0,
                    failing_audits(&report, category).join(", ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A shopper's page, the cookies of the visitor who sees it, and what shows that it is the
/// page meant (a cart with its line, a filled form…).
struct Visit {
    path: String,
    cookies: Vec<(String, String)>,
    shows: &'static str,
}

fn cookies_of(client: &Client) -> Vec<(String, String)> {
    let url: reqwest::Url = client.url("/s/fromagerie/cart").parse().unwrap();
    let all = client
        .jar
        .cookies(&url)
        .map(|h| h.to_str().unwrap_or_default().to_string())
        .unwrap_or_default();
    all.split("; ")
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

async fn add_comte(client: &Client) {
    let (_, product) = client.get_text("/s/fromagerie/p/comte-18-mois").await;
    let variant = product
        .split("name=\"variant\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("add-to-cart form")
        .to_string();
    let r = client
        .http
        .post(client.url("/s/fromagerie/cart/add"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("variant", variant.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

async fn fill_checkout(client: &Client) {
    let r = client
        .post_form(
            "/s/fromagerie/checkout",
            &[
                ("email", "camille@example.org"),
                ("name", "Camille Durand"),
                ("line1", "3 rue des Lilas"),
                ("postal_code", "21000"),
                ("city", "Dijon"),
                ("country", "FR"),
                ("shipping", "chronopost-fr"),
                ("payment", "bank_transfer"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
}

/// The shopper's pages of the demo cheese shop, each as its visitor sees it: a cart with a
/// line, the checkout's address step filled in, the recap, an order's page, sign-in and
/// sign-up, a customer's account page with an address, and the address book's forms.
async fn shopper_visits(app: &TestApp) -> Vec<Visit> {
    let shopper = app.client();
    add_comte(&shopper).await;
    fill_checkout(&shopper).await;
    let (status, review) = shopper.get_text("/s/fromagerie/checkout/review").await;
    assert_eq!(status, StatusCode::OK, "{review}");
    let with_cart = cookies_of(&shopper);
    // Another shopper orders, for an order's page (the first one keeps the cart and recap).
    let buyer = app.client();
    add_comte(&buyer).await;
    fill_checkout(&buyer).await;
    let (_, recap) = buyer.get_text("/s/fromagerie/checkout/review").await;
    let key = recap
        .split("name=\"key\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the order's key")
        .to_string();
    let r = buyer
        .post_form(
            "/s/fromagerie/checkout/place",
            &[("key", key.as_str()), ("accept_terms", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let order = location(&r);
    // A customer with an address in the book.
    let customer = app.client();
    let r = customer
        .post_form(
            "/s/fromagerie/account/signup",
            &[
                ("name", "Camille Durand"),
                ("email", "camille.durand@example.org"),
                ("password", "un mot de passe solide"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = customer
        .post_form(
            "/s/fromagerie/account/addresses/new",
            &[
                ("name", "Camille Durand"),
                ("line1", "3 rue des Lilas"),
                ("postal_code", "21000"),
                ("city", "Dijon"),
                ("country", "FR"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, account) = customer.get_text("/s/fromagerie/account").await;
    let address = account
        .split("/s/fromagerie/account/addresses/")
        .skip(1)
        .map(|r| {
            r.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .find(|id| !id.is_empty())
        .expect("an address in the book");
    let signed_in = cookies_of(&customer);
    let visit = |path: &str, cookies: &Vec<(String, String)>, shows| Visit {
        path: path.to_string(),
        cookies: cookies.clone(),
        shows,
    };
    let none = Vec::new();
    let filled = "#line1[value='3 rue des Lilas']";
    vec![
        visit("/s/fromagerie/cart", &with_cart, "table.cart tbody tr"),
        visit("/s/fromagerie/checkout", &with_cart, filled),
        visit("/s/fromagerie/checkout/review", &with_cart, "#accept_terms"),
        visit(&order, &none, "main h1"),
        visit("/s/fromagerie/account/login", &none, "#password"),
        visit("/s/fromagerie/account/signup", &none, "#password"),
        visit(
            "/s/fromagerie/account",
            &signed_in,
            "a[href$='/account/addresses/new']",
        ),
        visit("/s/fromagerie/account/addresses/new", &signed_in, "#line1"),
        visit(
            &format!("/s/fromagerie/account/addresses/{address}"),
            &signed_in,
            filled,
        ),
    ]
}

/// Lighthouse's default profile is a mid-range phone on a throttled mobile network.
async fn run_lighthouse(bin: &std::path::Path, url: &str, cookies: &[(String, String)]) -> Value {
    let profile = tempfile::tempdir().expect("tempdir");
    let bin = bin.to_path_buf();
    let url = url.to_string();
    let mut extra = Vec::new();
    if !cookies.is_empty() {
        let header = cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        extra.push(format!(
            "--extra-headers={}",
            serde_json::json!({ "Cookie": header })
        ));
    }
    let out = tokio::task::spawn_blocking(move || {
        Command::new(bin)
            .arg(&url)
            .args(extra)
            .args([
                "--quiet",
                "--output=json",
                "--output-path=stdout",
                "--only-categories=performance,accessibility,best-practices,seo",
                "--max-wait-for-load=60000",
            ])
            .arg(format!(
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --user-data-dir={}",
                profile.path().display()
            ))
            .env("CHROME_PATH", crate::browser::CHROMIUM)
            .output()
            .expect("run lighthouse")
    })
    .await
    .expect("lighthouse task");
    assert!(
        out.status.success(),
        "lighthouse failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("lighthouse JSON report")
}

fn failing_audits(report: &Value, category: &str) -> Vec<String> {
    let refs = report["categories"][category]["auditRefs"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    refs.iter()
        .filter(|r| r["weight"].as_f64().unwrap_or(0.0) > 0.0)
        .filter_map(|r| {
            let audit = &report["audits"][r["id"].as_str()?];
            let score = audit["score"].as_f64()?;
            (score < 1.0).then(|| format!("{} ({})", r["id"], audit["title"]))
        })
        .collect()
}

/// The opening tags named `name` in `html` (`<name ...>`).
fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        if after.starts_with([' ', '>']) {
            let end = after.find('>').map_or(after.len(), |e| e + 1);
            found.push(&rest[i..i + open.len() + end]);
        }
        rest = &rest[i + open.len()..];
    }
    found
}

/// The value of attribute `name` in an opening tag, entities left as they are (ours never need
/// decoding: paths and keywords).
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].replace("&amp;", "&"))
}

#[test]
fn tag_scanning() {
    let html = r#"<link rel="stylesheet" href="/a.css?v=1&amp;x=2"><linkx><script src="/s.js" defer></script>"#;
    assert_eq!(tags(html, "link").len(), 1);
    assert_eq!(
        attr(tags(html, "link")[0], "href").as_deref(),
        Some("/a.css?v=1&x=2")
    );
    assert_eq!(tags(html, "script"), [r#"<script src="/s.js" defer>"#]);
}
