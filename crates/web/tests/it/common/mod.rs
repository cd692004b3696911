//! `TestApp`: the real application on port 0 with its own data folder and database, a worker
//! that delivers e-mails into `.eml` files, and helpers to act as a browser would.
#![allow(dead_code)]

/// The Factur-X checker of the invoice crate's tests (factur-x, saxonche, qpdf).
#[path = "../../../../invoice/tests/common/checker.rs"]
pub mod facturx;
pub mod localstripe;
pub mod mollie;
pub mod moto;
pub mod skip;
pub mod vnu;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use reqwest::cookie::{CookieStore, Jar};
use reqwest::redirect::Policy;
pub use reqwest::StatusCode;
use tokio::sync::watch;
use web::{AppState, Config};

pub struct TestApp {
    pub url: String,
    pub addr: std::net::SocketAddr,
    pub config: Config,
    pub store: store::Store,
    pub data_dir: PathBuf,
    _dir: Option<tempfile::TempDir>,
    stop: watch::Sender<bool>,
    server: Option<tokio::task::JoinHandle<()>>,
    worker: Option<tokio::task::JoinHandle<()>>,
    jobs: Option<tokio::task::JoinHandle<()>>,
    pg_db: Option<String>,
}

/// What a stopped app leaves for its restart: its data folder and database (dropped with the
/// restarted app).
pub struct Stopped {
    dir: Option<tempfile::TempDir>,
    data_dir: PathBuf,
    database_url: String,
    pg_db: Option<String>,
}

/// A change to the configuration a test app starts with.
type Configure = Box<dyn FnOnce(&mut Config) + Send>;

#[derive(Default)]
pub struct TestAppBuilder {
    worker: bool,
    platform_domain: Option<String>,
    reuse: Option<Stopped>,
    /// Data folder and database of a running app this one shares (a second node).
    share: Option<(PathBuf, String)>,
    operator_password: Option<String>,
    s3: Option<media::S3Config>,
    allow_loopback_fetch: bool,
    shop_cache_ms: Option<u64>,
    trust_proxy: bool,
    /// Changes to the configuration, made last (trust_proxy, limits, timeouts).
    configure: Option<Configure>,
}

pub const OPERATOR_EMAIL: &str = "operator@test.example";
pub const OPERATOR_PASSWORD: &str = "operator-password-123";
pub const PASSWORD: &str = "correct horse battery";

impl TestAppBuilder {
    pub fn without_worker(mut self) -> Self {
        self.worker = false;
        self
    }
    pub fn platform_domain(mut self, d: &str) -> Self {
        self.platform_domain = Some(d.into());
        self
    }
    /// Media in this S3-compatible bucket instead of the data folder.
    pub fn s3(mut self, s3: media::S3Config) -> Self {
        self.s3 = Some(s3);
        self
    }
    /// Lets imported picture URLs point at 127.0.0.1 (where a test serves its pictures).
    pub fn allow_loopback_fetch(mut self) -> Self {
        self.allow_loopback_fetch = true;
        self
    }
    /// How long the app answers shoppers from its copy of a shop's row (`Config::shop_cache_ms`).
    pub fn shop_cache_ms(mut self, ms: u64) -> Self {
        self.shop_cache_ms = Some(ms);
        self
    }
    /// Behind a reverse proxy whose X-Forwarded-* headers are believed (`Config::trust_proxy`).
    pub fn trust_proxy(mut self) -> Self {
        self.trust_proxy = true;
        self
    }

    /// Changes the configuration the app starts with.
    pub fn configure(mut self, f: impl FnOnce(&mut Config) + Send + 'static) -> Self {
        self.configure = Some(Box::new(f));
        self
    }
    /// Starts on the data folder and database of an app that was stopped (a restart).
    pub fn restart(mut self, stopped: Stopped) -> Self {
        self.reuse = Some(stopped);
        self
    }

    /// A second node on the data folder and database of `app`, both running (the first one
    /// keeps ownership of them).
    pub fn sharing(mut self, app: &TestApp) -> Self {
        self.share = Some((app.data_dir.clone(), app.config.database_url.clone()));
        self
    }

    pub async fn start(self) -> TestApp {
        let (dir, data_dir, db_url, pg_db) = match (self.reuse, self.share) {
            (Some(st), _) => (st.dir, st.data_dir, st.database_url, st.pg_db),
            (None, Some((data_dir, url))) => (None, data_dir, url, None),
            (None, None) => {
                let dir = tempfile::tempdir().expect("tempdir");
                let data_dir = dir.path().to_path_buf();
                let (url, pg) = match std::env::var("TEST_DATABASE_URL")
                    .ok()
                    .filter(|u| !u.is_empty())
                {
                    Some(base) => {
                        let name = format!("vitrine_test_{}", &store::new_token().0[..12]);
                        create_pg_database(&base, &name).await;
                        (replace_db(&base, &name), Some(name))
                    }
                    None => (
                        format!("sqlite://{}", data_dir.join("vitrine.db").display()),
                        None,
                    ),
                };
                (Some(dir), data_dir, url, pg)
            }
        };
        let mut config = Config::with_data_dir(&data_dir);
        config.database_url = db_url.clone();
        config.platform_domain = self.platform_domain;
        config.operator_email = OPERATOR_EMAIL.into();
        config.operator_password = Some(
            self.operator_password
                .unwrap_or_else(|| OPERATOR_PASSWORD.into()),
        );
        config.worker_poll_ms = 50;
        config.s3 = self.s3;
        let store = store::Store::connect(&db_url).await.expect("database");
        store.migrate().await.expect("migrations");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        config.bind = addr;
        config.public_url = format!("http://127.0.0.1:{}", addr.port());
        // The test picture server listens on 127.0.0.1; production never allows loopback.
        config.fetch_allow_loopback = self.allow_loopback_fetch;
        // Tests often write to the database behind the app's back (as another node would) and
        // look at the storefront at once: the app reads shops afresh unless a test about the
        // shop cache asks otherwise.
        config.shop_cache_ms = self.shop_cache_ms.unwrap_or(0);
        config.trust_proxy = self.trust_proxy;
        if let Some(f) = self.configure {
            f(&mut config);
        }
        let state = AppState::new(store.clone(), config.clone());
        let jobs_state = state.clone();
        let attachments = web::invoices::Attachments::of(&state);
        web::bootstrap::ensure_operator(&state)
            .await
            .expect("operator");
        let (stop, stop_rx) = watch::channel(false);
        let mut rx = stop_rx.clone();
        let server = tokio::spawn(async move {
            web::app::serve(listener, state, async move {
                let _ = rx.wait_for(|v| *v).await;
            })
            .await
            .expect("server");
        });
        let jobs = self.worker.then(|| {
            tokio::spawn(web::jobs::run(
                jobs_state,
                Duration::from_millis(50),
                stop_rx.clone(),
            ))
        });
        let worker = self.worker.then(|| {
            let mailer = worker::Mailer::new(None, &config.mail_from, config.outbox_dir())
                .unwrap()
                .with_attachments(attachments);
            tokio::spawn(worker::run(
                store.clone(),
                mailer,
                Duration::from_millis(50),
                stop_rx,
            ))
        });
        TestApp {
            url: format!("http://127.0.0.1:{}", addr.port()),
            addr,
            config,
            store,
            data_dir,
            _dir: dir,
            stop,
            server: Some(server),
            worker,
            jobs,
            pg_db,
        }
    }
}

fn replace_db(base: &str, name: &str) -> String {
    let (head, tail) = base
        .rsplit_once('/')
        .expect("TEST_DATABASE_URL like postgres://user@host:5432/db");
    let query = tail
        .split_once('?')
        .map(|(_, q)| format!("?{q}"))
        .unwrap_or_default();
    format!("{head}/{name}{query}")
}

async fn create_pg_database(base: &str, name: &str) {
    use sqlx::Connection;
    let mut c = sqlx::PgConnection::connect(base)
        .await
        .expect("TEST_DATABASE_URL reachable");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut c)
        .await
        .expect("create test database");
}

impl TestApp {
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder {
            worker: true,
            ..Default::default()
        }
    }
    pub async fn new() -> TestApp {
        Self::builder().start().await
    }

    /// Stops the server and worker, keeping the data and database for a restart.
    pub async fn stop(mut self) -> Stopped {
        let _ = self.stop.send(true);
        if let Some(s) = self.server.take() {
            let _ = s.await;
        }
        if let Some(w) = self.worker.take() {
            let _ = w.await;
        }
        if let Some(j) = self.jobs.take() {
            let _ = j.await;
        }
        self.store.close().await;
        Stopped {
            dir: self._dir.take(),
            data_dir: self.data_dir.clone(),
            database_url: self.config.database_url.clone(),
            pg_db: self.pg_db.take(),
        }
    }

    pub fn client(&self) -> Client {
        let jar = Arc::new(Jar::default());
        let http = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(Policy::none())
            .build()
            .unwrap();
        Client {
            http,
            jar,
            base: self.url.clone(),
        }
    }

    /// Signs up a shop through the form; the client is then logged in as its owner.
    pub async fn signup(&self, client: &Client, slug: &str, email: &str) -> reqwest::Response {
        client
            .post_form(
                "/signup",
                &[
                    ("name", &format!("Boutique {slug}")),
                    ("slug", slug),
                    ("email", email),
                    ("password", PASSWORD),
                ],
            )
            .await
    }

    /// A client logged in as the owner of a new shop.
    pub async fn owner(&self, slug: &str) -> Client {
        let c = self.client();
        let r = self
            .signup(&c, slug, &format!("owner@{slug}.example"))
            .await;
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "signup of {slug} failed: {}",
            r.text().await.unwrap_or_default()
        );
        c
    }

    /// A client signed in to the admin of shop `slug` as its owner (`owner@{slug}.example`, as
    /// the test shops are made).
    pub async fn signed_in(&self, slug: &str) -> Client {
        let owner = self.client();
        let r = owner
            .post_form(
                &format!("/s/{slug}/admin/login"),
                &[
                    ("email", &format!("owner@{slug}.example")),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "sign-in to {slug}");
        owner
    }

    pub async fn shop_id(&self, slug: &str) -> store::id::ShopId {
        let mut c = self.store.reader().await.unwrap();
        store::shop::by_slug(&mut c, slug)
            .await
            .unwrap()
            .expect("shop")
            .sid()
    }

    /// E-mails delivered so far (as `.eml` texts, quoted-printable decoded), oldest first.
    pub fn emails(&self) -> Vec<String> {
        self.raw_emails()
            .iter()
            .map(|m| decode_quoted_printable(m))
            .collect()
    }

    /// E-mails delivered so far, as written (`.eml`), oldest first.
    pub fn raw_emails(&self) -> Vec<String> {
        let dir = self.config.outbox_dir();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect()
    }

    /// Waits (up to 10 s) for an e-mail to `to` whose text contains `needle`.
    pub async fn wait_for_email(&self, to: &str, needle: &str) -> String {
        for _ in 0..200 {
            if let Some(m) = self
                .emails()
                .into_iter()
                .find(|m| m.contains(&format!("To: {to}")) && m.contains(needle))
            {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "no e-mail to {to} containing {needle:?}; have: {:#?}",
            self.emails()
        );
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let (Some(db), Ok(base)) = (self.pg_db.take(), std::env::var("TEST_DATABASE_URL")) {
            // Dropped from a plain thread: Drop cannot await, and the test's runtime is ending.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    use sqlx::Connection;
                    if let Ok(mut c) = sqlx::PgConnection::connect(&base).await {
                        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
                            .execute(&mut c)
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

/// A browser-like client: keeps cookies, does not follow redirects (tests check them), and
/// adds the CSRF token to forms as the pages do.
#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub jar: Arc<Jar>,
    pub base: String,
}

impl Client {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_text(&self, path: &str) -> (StatusCode, String) {
        let r = self.get(path).await;
        let s = r.status();
        (s, r.text().await.unwrap())
    }

    /// The CSRF token the pages would embed (opening a page with a form first, as a browser
    /// would, when there is none yet: a visitor gets a token with the first form shown).
    pub async fn csrf(&self) -> String {
        if let Some(t) = self.cookie("vitrine_csrf") {
            return t;
        }
        self.get("/signup").await;
        self.cookie("vitrine_csrf")
            .expect("csrf cookie set with the first form")
    }

    /// A cookie the jar would send to `/s/x/admin/` (the platform-wide ones).
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookie_at("/s/x/admin/", name)
    }

    /// A cookie the jar would send to `path`.
    pub fn cookie_at(&self, path: &str, name: &str) -> Option<String> {
        let url: reqwest::Url = format!("{}{path}", self.base).parse().unwrap();
        let all = self.jar.cookies(&url)?;
        all.to_str()
            .ok()?
            .split("; ")
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.http
            .post(self.url(path))
            .form(&all)
            .send()
            .await
            .unwrap()
    }

    pub async fn post_multipart(
        &self,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> reqwest::Response {
        let token = self.csrf().await;
        let form = form.text("_csrf", token);
        self.http
            .post(self.url(path))
            .multipart(form)
            .send()
            .await
            .unwrap()
    }
}

pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// The link in an e-mail that contains `part`.
/// The file `name` attached to the e-mail `eml` (as written: attachments are base64).
pub fn attachment_in(eml: &str, name: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let at = eml.find(&format!("filename=\"{name}\""))?;
    let rest = &eml[at..];
    let body = &rest[rest.find("\r\n\r\n")? + 4..];
    let body = &body[..body.find("\r\n--")?];
    let b64: String = body.split_whitespace().collect();
    base64::engine::general_purpose::STANDARD.decode(b64).ok()
}

pub fn link_in(email: &str, part: &str) -> String {
    email
        .split_whitespace()
        .find(|w| w.starts_with("http") && w.contains(part))
        .unwrap_or_else(|| panic!("no link with {part:?} in {email}"))
        .to_string()
}

/// The path of an absolute URL on the test server.
pub fn path_of(url: &str) -> String {
    let u: reqwest::Url = url.parse().unwrap();
    match u.query() {
        Some(q) => format!("{}?{q}", u.path()),
        None => u.path().to_string(),
    }
}

/// E-mail bodies are quoted-printable: undo soft line breaks and `=XX` escapes to read them.
pub fn decode_quoted_printable(s: &str) -> String {
    let s = s.replace("=\r\n", "").replace("=\n", "");
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'='
            && i + 2 < b.len()
            && b[i + 1].is_ascii_hexdigit()
            && b[i + 2].is_ascii_hexdigit()
        {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
