//! A seller's first journey in a real headless Chromium (Debian's `chromium` driven through
//! `chromedriver` by fantoccini): signup, logo and colours, legal identity, then the storefront
//! in French and English and its legal notice. Screenshots go to `target/screenshots/`.
//!
//! Without Chromium the test says it was skipped and passes, unless `VITRINE_REQUIRE_BROWSER` is
//! set (CI sets it), where a missing browser is a failure.
use crate::common::*;

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client as Browser, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

pub(crate) const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";
/// What Chrome on an Android phone says it is.
pub(crate) const PHONE_USER_AGENT: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) \
    AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
/// Generous: a 2-core CI machine may be building or testing something else at the same time.
pub(crate) const WAIT: Duration = Duration::from_secs(30);

const SLUG: &str = "fromagerie-emilie";
const SHOP_NAME: &str = "Fromagerie Émilie";
const OWNER_EMAIL: &str = "emilie@fromagerie-emilie.example";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seller_signs_up_personalises_her_shop_and_sees_it_in_a_browser() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::new().await;
    let browser = driver.session().await;
    let started = Instant::now();
    // The journey runs in its own task so that a failed check still ends the browser session
    // (and Chromium with it) before the panic is passed on.
    let outcome = tokio::spawn(journey(browser.clone(), app.url.clone())).await;
    let _ = browser.close().await;
    drop(driver);
    if let Err(e) = outcome {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
        panic!("browser journey did not finish: {e}");
    }
    say(&format!(
        "browser journey passed in {:.1} s; screenshots in {}",
        started.elapsed().as_secs_f64(),
        screenshots_dir().display()
    ));
}

async fn journey(b: Browser, base: String) {
    let url = |path: &str| format!("{base}{path}");
    let shop = format!("/s/{SLUG}");

    // The platform's home page leads to the signup form.
    b.goto(&url("/"))
        .await
        .expect("open the platform home page");
    click_and_load(&b, "a[href='/signup']").await;
    wait_for(&b, "form#signup").await;

    // The address first: the page suggests one from the name, and stops once it was typed.
    type_into(&b, "#slug", SLUG).await;
    type_into(&b, "#name", SHOP_NAME).await;
    type_into(&b, "#email", OWNER_EMAIL).await;
    type_into(&b, "#password", PASSWORD).await;
    assert_eq!(value_of(&b, "#slug").await, SLUG);
    click_and_load(&b, "form#signup button[type=submit]").await;

    // A working shop, with its owner signed in and welcomed on the dashboard.
    wait_for_url(&b, |u| {
        u.path() == format!("{shop}/admin/") && u.query() == Some("welcome=1")
    })
    .await;
    let welcome = text_of(&b, "[role=status].alert").await;
    assert!(!welcome.trim().is_empty(), "no welcome message");
    assert!(
        text_of(&b, "header.site .brand").await.contains(SHOP_NAME),
        "the admin header does not name the shop"
    );
    screenshot(&b, "admin-dashboard").await;

    // Appearance: a logo through the file input, shown back as a preview.
    open(&b, &url(&format!("{shop}/admin/appearance"))).await;
    let files = tempfile::tempdir().expect("tempdir");
    let logo = files.path().join("logo.png");
    make_logo(&logo);
    let input = wait_for(&b, "#logo").await;
    input
        .send_keys(logo.to_str().expect("utf-8 temp path"))
        .await
        .expect("choose the logo file");
    click_and_load(
        &b,
        "form[action$='/admin/appearance/logo'] button[type=submit]",
    )
    .await;
    wait_for_url(&b, |u| {
        u.path() == format!("{shop}/admin/appearance") && u.query() == Some("saved=1")
    })
    .await;
    let preview = wait_for(&b, "img.logo-preview").await;
    let src = preview.attr("src").await.unwrap().unwrap_or_default();
    assert!(src.contains("/media/"), "preview src: {src}");
    wait_until_loaded(&b, "img.logo-preview").await;

    // Colours: the pickers are type=color, so set them as the picker would, then save.
    b.execute(
        "const set = (id, v) => { const e = document.getElementById(id); e.value = v; \
           e.dispatchEvent(new Event('input', {bubbles: true})); \
           e.dispatchEvent(new Event('change', {bubbles: true})); };
         set('primary', '#1d4e89'); set('background', '#fffaf0'); set('text', '#222222');",
        vec![],
    )
    .await
    .expect("set the colours");
    click_and_load(
        &b,
        "form[action$='/admin/appearance/colors'] button[type=submit]",
    )
    .await;
    wait_for_url(&b, |u| u.query() == Some("saved=1")).await;
    assert_eq!(value_of(&b, "#primary").await, "#1d4e89");
    assert_eq!(value_of(&b, "#background").await, "#fffaf0");
    assert_eq!(value_of(&b, "#text").await, "#222222");
    assert!(
        b.find_all(Locator::Css(".alert.error"))
            .await
            .unwrap()
            .is_empty(),
        "the colours were refused: {}",
        body_text(&b).await
    );
    screenshot(&b, "admin-appearance").await;

    // Legal identity of a French individual entrepreneur under the VAT franchise.
    open(&b, &url(&format!("{shop}/admin/legal"))).await;
    wait_for(&b, "[name=legal_name]").await;
    fill(&b, "status", "ei").await;
    fill(&b, "legal_name", "Émilie Martin").await;
    fill(&b, "siret", "73282932000074").await;
    fill(&b, "vat_franchise", "on").await;
    fill(&b, "address", "12 rue des Tanneurs").await;
    fill(&b, "postal_code", "74000").await;
    fill(&b, "city", "Annecy").await;
    fill(&b, "country", "France").await;
    fill(&b, "email", "contact@fromagerie-emilie.example").await;
    fill(&b, "phone", "+33 4 50 00 00 00").await;
    fill(&b, "publication_director", "Émilie Martin").await;
    fill(&b, "mediator_name", "CM2C").await;
    fill(&b, "mediator_url", "https://www.cm2c.net").await;
    click_and_load(&b, "form:has([name=legal_name]) button[type=submit]").await;
    wait_for_url(&b, |u| u.query() == Some("saved=1")).await;
    assert!(
        b.find_all(Locator::Css(".alert.error, [aria-invalid=true]"))
            .await
            .unwrap()
            .is_empty(),
        "the legal identity was refused: {}",
        body_text(&b).await
    );
    screenshot(&b, "admin-legal").await;

    // The storefront shows the logo in the header, the name and the colours, in French.
    open(&b, &url(&format!("{shop}/"))).await;
    wait_for(&b, "html[lang=fr]").await;
    let logo_img = wait_for(&b, "header.site a.brand img").await;
    let src = logo_img.attr("src").await.unwrap().unwrap_or_default();
    assert!(src.contains("/media/"), "header logo src: {src}");
    wait_until_loaded(&b, "header.site a.brand img").await;
    // The header link names the shop, as text beside the logo or as the logo's alternative text.
    let brand = b
        .execute(
            "const a = document.querySelector('header.site a.brand'); \
             return a.textContent + ' ' + Array.from(a.querySelectorAll('img'), i => i.alt).join(' ');",
            vec![],
        )
        .await
        .expect("read the header link");
    assert!(
        brand.as_str().unwrap_or_default().contains(SHOP_NAME),
        "the header does not name the shop: {brand}"
    );
    assert_eq!(text_of(&b, "main h1").await.trim(), SHOP_NAME);
    let background = b
        .execute(
            "return getComputedStyle(document.body).backgroundColor",
            vec![],
        )
        .await
        .expect("read the page background");
    assert_eq!(background, json!("rgb(255, 250, 240)"), "theme not applied");
    assert!(text_of(&b, "footer.site")
        .await
        .contains("Mentions légales"));
    screenshot(&b, "storefront-fr").await;

    // The language switcher turns the whole page into English, and back.
    click_and_load(&b, "header.site a[hreflang=en]").await;
    wait_for(&b, "html[lang=en]").await;
    // English has its own address, under the language's prefix.
    assert_eq!(b.current_url().await.unwrap().path(), format!("{shop}/en/"));
    let footer = text_of(&b, "footer.site").await;
    assert!(footer.contains("Legal notice"), "English footer: {footer}");
    assert_eq!(text_of(&b, "main h1").await.trim(), SHOP_NAME);
    screenshot(&b, "storefront-en").await;
    click_and_load(&b, "header.site a[hreflang=fr]").await;
    wait_for(&b, "html[lang=fr]").await;
    assert!(text_of(&b, "footer.site")
        .await
        .contains("Mentions légales"));

    // The legal notice is generated from what the seller entered.
    click_and_load(&b, "footer.site a[href$='/mentions-legales']").await;
    wait_for_url(&b, |u| u.path() == format!("{shop}/mentions-legales")).await;
    let notice = text_of(&b, "main").await;
    assert!(
        notice.contains("732 829 320 00074"),
        "SIRET missing: {notice}"
    );
    assert!(
        notice.contains("Émilie Martin EI"),
        "EI mention missing: {notice}"
    );
    assert!(notice.contains("Annecy"), "address missing: {notice}");
    assert!(
        !notice.contains("pas encore complété"),
        "the notice still says the identity is incomplete: {notice}"
    );
    screenshot(&b, "legal-notice").await;
}

/// Debian's chromedriver on a free port, killed when dropped, with a fresh Chromium profile.
pub(crate) struct Driver {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Driver {
    /// `None` (with a line saying so) when there is no browser and none is required.
    pub(crate) fn start() -> Option<Driver> {
        let missing: Vec<&str> = [CHROMEDRIVER, CHROMIUM]
            .into_iter()
            .filter(|p| !Path::new(p).exists())
            .collect();
        if !missing.is_empty() {
            skip::skip(&skip::BROWSER, &format!("no {}", missing.join(" and ")));
            return None;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let port = free_port();
        let log = std::fs::File::create(dir.path().join("chromedriver.log")).expect("log file");
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log file"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {CHROMEDRIVER}: {e}"));
        let mut d = Driver { child, port, dir };
        let deadline = Instant::now() + WAIT;
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            if let Ok(Some(status)) = d.child.try_wait() {
                panic!("chromedriver exited ({status}): {}", d.log());
            }
            if Instant::now() > deadline {
                panic!("chromedriver did not listen on {port}: {}", d.log());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(d)
    }

    pub(crate) async fn session(&self) -> Browser {
        self.session_as(None).await
    }

    /// A phone: 390 × 844 CSS pixels at twice the density, touch, and a mobile Chrome's user
    /// agent, so that pages get exactly what a phone gets.
    pub(crate) async fn phone_session(&self) -> Browser {
        self.session_as(Some(json!({
            "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 2.0, "touch": true },
            "userAgent": PHONE_USER_AGENT,
        })))
        .await
    }

    async fn session_as(&self, mobile: Option<serde_json::Value>) -> Browser {
        let profile = self.dir.path().join("profile");
        let mut caps = json!({
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--window-size=1280,900",
                    "--lang=fr-FR",
                    format!("--user-data-dir={}", profile.display()),
                ],
                // A French visitor: the storefront starts in French whatever the machine's locale.
                "prefs": { "intl.accept_languages": "fr-FR,fr" }
            }
        });
        if let Some(m) = mobile {
            caps["goog:chromeOptions"]["mobileEmulation"] = m;
        }
        let serde_json::Value::Object(caps) = caps else {
            unreachable!()
        };
        ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .unwrap_or_else(|e| panic!("no Chromium session: {e}; chromedriver: {}", self.log()))
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("chromedriver.log")).unwrap_or_default()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Written straight to stderr so that the line shows even when the test harness captures output.
pub(crate) fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

pub(crate) fn screenshots_dir() -> PathBuf {
    // crates/web -> the workspace root.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("workspace root");
    root.join("target").join("screenshots")
}

pub(crate) async fn screenshot(b: &Browser, name: &str) {
    let png = b.screenshot().await.expect("screenshot");
    let dir = screenshots_dir();
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("save screenshot");
}

/// A small logo: a dark wheel of cheese on a warm band, with transparent corners.
pub(crate) fn make_logo(path: &Path) {
    let (w, h) = (240u32, 96u32);
    let img = image::RgbaImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as i32 - 48, y as i32 - 48);
        if dx * dx + dy * dy < 40 * 40 {
            image::Rgba([0xe8, 0xb4, 0x2c, 0xff])
        } else if x > 100 && (30..66).contains(&y) {
            image::Rgba([0x1d, 0x4e, 0x89, 0xff])
        } else {
            image::Rgba([0, 0, 0, 0])
        }
    });
    img.save(path).expect("write the logo PNG");
}

/// Opens a page of a shop (storefront or admin), failing at once on an error page (those have no
/// site header) rather than waiting for fields that will never come.
pub(crate) async fn open(b: &Browser, url: &str) {
    b.goto(url)
        .await
        .unwrap_or_else(|e| panic!("open {url}: {e}"));
    if b.find(Locator::Css("header.site")).await.is_err() {
        panic!(
            "{url} shows an error page: {}; title: {}",
            body_text(b).await,
            b.title().await.unwrap_or_default()
        );
    }
}

pub(crate) async fn wait_for(b: &Browser, css: &str) -> Element {
    match b.wait().at_most(WAIT).for_element(Locator::Css(css)).await {
        Ok(e) => e,
        Err(e) => panic!(
            "no {css} on {} after {WAIT:?} ({e}); the page says: {}",
            current(b).await,
            body_text(b).await
        ),
    }
}

pub(crate) async fn wait_for_url(b: &Browser, want: impl Fn(&reqwest::Url) -> bool) {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(u) = b.current_url().await {
            if want(&u) {
                return;
            }
        }
        if Instant::now() > deadline {
            panic!(
                "still on {} after {WAIT:?}; the page says: {}",
                current(b).await,
                body_text(b).await
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until an image has really been fetched and decoded (not only that its tag exists).
pub(crate) async fn wait_until_loaded(b: &Browser, css: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let loaded = b
            .execute(
                "const i = document.querySelector(arguments[0]); \
                 return !!i && i.complete && i.naturalWidth > 0;",
                vec![json!(css)],
            )
            .await
            .expect("check the image");
        if loaded == json!(true) {
            return;
        }
        if Instant::now() > deadline {
            panic!("image {css} did not load on {}", current(b).await);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub(crate) async fn click(b: &Browser, css: &str) {
    wait_for(b, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Clicks a link or submit button and waits until the next page has replaced this one and
/// finished loading, so that no check runs against the page being left.
pub(crate) async fn click_and_load(b: &Browser, css: &str) {
    b.execute("window.__leaving = true;", vec![])
        .await
        .expect("mark the page");
    click(b, css).await;
    let deadline = Instant::now() + WAIT;
    loop {
        // While the page is being replaced, scripts may fail: that is "not yet".
        let done = b
            .execute(
                "return window.__leaving === undefined && document.readyState === 'complete';",
                vec![],
            )
            .await
            .unwrap_or(json!(false));
        if done == json!(true) {
            break;
        }
        if Instant::now() > deadline {
            panic!(
                "clicking {css} led nowhere after {WAIT:?}; still on {}: {}",
                current(b).await,
                body_text(b).await
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Every page of the app has the site header but its error pages: fail now, not after a wait.
    if b.find(Locator::Css("header.site")).await.is_err() {
        panic!(
            "clicking {css} led to an error page at {}: {}",
            current(b).await,
            body_text(b).await
        );
    }
}

pub(crate) async fn type_into(b: &Browser, css: &str, text: &str) {
    let e = wait_for(b, css).await;
    e.clear()
        .await
        .unwrap_or_else(|e| panic!("clear {css}: {e}"));
    e.send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

/// Sets a form field by name as a person would, whatever its kind: a select takes the option
/// with that value (or label), radio buttons the one with that value, a checkbox is ticked
/// ("on") or unticked (""), and a text field is cleared and typed into.
pub(crate) async fn fill(b: &Browser, name: &str, value: &str) {
    let css = format!("[name={name}]");
    let fields = b.find_all(Locator::Css(&css)).await.unwrap();
    let Some(first) = fields.first() else {
        panic!(
            "no field {name} on {}; the page says: {}",
            current(b).await,
            body_text(b).await
        );
    };
    let tag = first.tag_name().await.unwrap().to_lowercase();
    let kind = first.attr("type").await.unwrap().unwrap_or_default();
    match (tag.as_str(), kind.as_str()) {
        ("select", _) => {
            if first.select_by_value(value).await.is_err() {
                first
                    .select_by_label(value)
                    .await
                    .unwrap_or_else(|e| panic!("no option {value} in {name}: {e}"));
            }
        }
        ("input", "radio") => {
            click(b, &format!("[name={name}][value='{value}']")).await;
        }
        ("input", "checkbox") => {
            let want_ticked = !value.is_empty();
            if first.is_selected().await.unwrap() != want_ticked {
                first.click().await.unwrap();
            }
        }
        _ => type_into(b, &css, value).await,
    }
}

pub(crate) async fn value_of(b: &Browser, css: &str) -> String {
    wait_for(b, css)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

pub(crate) async fn text_of(b: &Browser, css: &str) -> String {
    wait_for(b, css).await.text().await.unwrap_or_default()
}

pub(crate) async fn current(b: &Browser) -> String {
    b.current_url()
        .await
        .map(|u| u.to_string())
        .unwrap_or_else(|e| format!("(unknown page: {e})"))
}

pub(crate) async fn body_text(b: &Browser) -> String {
    let text = match b.find(Locator::Css("body")).await {
        Ok(body) => body.text().await.unwrap_or_default(),
        Err(e) => format!("(no body: {e})"),
    };
    text.chars().take(3000).collect()
}
