//! The quality bar of the storefront pages a shopper sees (home, category, product, search) on a
//! phone, checked with the tools the issue names: axe-core in a real Chromium (zero
//! violations), Lighthouse (accessibility, best practices and SEO at least 95), and the page
//! weight (under 100 KB of HTML + CSS + JS before images, no script that blocks rendering).
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
    let b = driver.session().await;
    let outcome = tokio::spawn({
        let b = b.clone();
        let base = app.url.clone();
        async move {
            // A phone's viewport: the layout (and so contrast, target sizes) is the mobile one.
            b.set_window_size(412, 915).await.expect("phone viewport");
            let mut report = Vec::new();
            // The storefront pages, then the cart and checkout a shopper reaches from them.
            let shopper_pages = [
                "/s/fromagerie/cart",
                "/s/fromagerie/checkout",
                "/s/fromagerie/account/login",
                "/s/fromagerie/account/signup",
            ];
            for page in PAGES.iter().chain(shopper_pages.iter()) {
                if *page == "/s/fromagerie/cart" {
                    // Put the Comté in the cart as a shopper does: the product page's button.
                    b.goto(&format!("{base}/s/fromagerie/p/comte-18-mois"))
                        .await
                        .expect("open product");
                    b.find(fantoccini::Locator::Css("form.buy button[type=submit]"))
                        .await
                        .expect("add-to-cart button")
                        .click()
                        .await
                        .expect("add to cart");
                }
                b.goto(&format!("{base}{page}")).await.expect("open page");
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
        let report = run_lighthouse(&lighthouse, &format!("{}{page}", app.url)).await;
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

/// Lighthouse's default profile is a mid-range phone on a throttled mobile network.
async fn run_lighthouse(bin: &std::path::Path, url: &str) -> Value {
    let profile = tempfile::tempdir().expect("tempdir");
    let bin = bin.to_path_buf();
    let url = url.to_string();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(bin)
            .arg(&url)
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
