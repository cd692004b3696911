//! Configuration: defaults in code, then an optional `vitrine.toml`, then `VITRINE_*` variables
//! (and `DATABASE_URL`), each overriding the one before.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Clone)]
pub struct Config {
    pub bind: SocketAddr,
    pub database_url: String,
    pub data_dir: PathBuf,
    /// `shops.example.com`: shops then live at `{slug}.shops.example.com`. None: `/s/{slug}/`.
    pub platform_domain: Option<String>,
    /// Where people reach this platform (used in emails), without a trailing slash.
    pub public_url: String,
    pub platform_name: String,
    /// `smtp://user:pass@host:587` or `smtps://…`; None writes `.eml` files into the outbox folder.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub operator_email: String,
    pub operator_password: Option<String>,
    /// Trust `X-Forwarded-For` / `X-Forwarded-Proto` (only behind a reverse proxy you run).
    pub trust_proxy: bool,
    /// How many proxies of ours each request passes (each appends to `X-Forwarded-For`); the
    /// client's address is the one the outermost of them saw.
    pub trusted_proxy_hops: usize,
    /// A bearer token that opens `/metrics` from anywhere; without it, only loopback may read it.
    pub metrics_token: Option<String>,
    /// Signups one address may make per hour (0: no limit).
    pub signup_per_ip_hour: u32,
    /// Carts one address may create per hour through the store API (0: no limit).
    pub api_carts_per_ip_hour: u32,
    /// Connections served at once; beyond, new ones wait in the listen queue. Kept under the
    /// process's open-file limit so that the database and files always have descriptors.
    pub max_connections: usize,
    /// How long a client may take to send a request's headers (and an idle kept-alive
    /// connection may wait for its next request) before its connection is closed. At most 30 s;
    /// tests set less. Read from no file or environment variable.
    pub header_read_timeout: std::time::Duration,
    pub secure_cookies: bool,
    pub log_format: String,
    /// How often the outbox worker looks for work when idle, in milliseconds.
    pub worker_poll_ms: u64,
    /// Media in an S3-compatible bucket instead of `data_dir/media`.
    pub s3: Option<media::S3Config>,
    /// The server secret signing download links; None: one generated into `data_dir/secret.key`
    /// (set it when several nodes serve the same shops).
    pub secret_key: Option<String>,
    /// Lets imported picture URLs point at 127.0.0.1/::1. Only tests set it (their picture server
    /// listens there); it is read from no file or environment variable.
    pub fetch_allow_loopback: bool,
    /// How long a node may answer visitors without a session from its copy of a shop's row (and
    /// so its catalog version), in milliseconds: a change made through another node, or by
    /// `vitrine import`, shows within this delay. 0 reads the database on every request.
    pub shop_cache_ms: u64,
    /// Where Stripe's API answers (localstripe in tests), without a trailing slash.
    pub stripe_api: String,
    /// The address of Stripe's own script (stripe.js) that pay pages load; the pages' CSP
    /// allows its origin and the API's.
    pub stripe_js: String,
    /// Where Mollie's API answers (a stand-in in tests), without a trailing slash.
    pub mollie_api: String,
}

impl std::fmt::Debug for Config {
    // Hand-written so that secrets (SMTP credentials, operator password) never reach a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("database", &redact_url(&self.database_url))
            .field("data_dir", &self.data_dir)
            .field("platform_domain", &self.platform_domain)
            .field("public_url", &self.public_url)
            .field("smtp", &self.smtp_url.as_deref().map(redact_url))
            .field("trust_proxy", &self.trust_proxy)
            .field("trusted_proxy_hops", &self.trusted_proxy_hops)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "***"))
            .field("signup_per_ip_hour", &self.signup_per_ip_hour)
            .field("api_carts_per_ip_hour", &self.api_carts_per_ip_hour)
            .field("max_connections", &self.max_connections)
            .field("secure_cookies", &self.secure_cookies)
            .field("shop_cache_ms", &self.shop_cache_ms)
            .field("stripe_api", &self.stripe_api)
            .field("stripe_js", &self.stripe_js)
            .field("mollie_api", &self.mollie_api)
            .field("s3", &self.s3)
            .field("secret_key", &self.secret_key.as_ref().map(|_| "***"))
            .finish()
    }
}

/// A setting that cannot be used, as a sentence for the command line.
pub type ConfigError = crate::cli::Message;

/// `scheme://user:secret@host/db` → `scheme://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        if let Some((creds, host)) = rest.split_once('@') {
            if let Some((user, _)) = creds.split_once(':') {
                return format!("{scheme}://{user}:***@{host}");
            }
        }
    }
    url.to_string()
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<String>,
    database_url: Option<String>,
    data_dir: Option<String>,
    platform_domain: Option<String>,
    public_url: Option<String>,
    platform_name: Option<String>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    operator_email: Option<String>,
    trust_proxy: Option<bool>,
    trusted_proxy_hops: Option<usize>,
    metrics_token: Option<String>,
    signup_per_ip_hour: Option<u32>,
    api_carts_per_ip_hour: Option<u32>,
    max_connections: Option<usize>,
    secure_cookies: Option<bool>,
    log_format: Option<String>,
    s3_endpoint: Option<String>,
    s3_region: Option<String>,
    s3_bucket: Option<String>,
    s3_access_key_id: Option<String>,
    s3_secret_access_key: Option<String>,
    s3_path_style: Option<bool>,
    secret_key: Option<String>,
    shop_cache_ms: Option<u64>,
    stripe_api: Option<String>,
    stripe_js: Option<String>,
    mollie_api: Option<String>,
}

impl Config {
    /// Defaults for a data folder: SQLite inside it, bound to 127.0.0.1:8080.
    pub fn with_data_dir(data_dir: impl Into<PathBuf>) -> Config {
        let data_dir = data_dir.into();
        let bind: SocketAddr = "127.0.0.1:8080".parse().expect("valid default address");
        Config {
            database_url: format!("sqlite://{}", data_dir.join("vitrine.db").display()),
            data_dir,
            public_url: public_url_for(bind),
            bind,
            platform_domain: None,
            platform_name: "Vitrine".into(),
            smtp_url: None,
            mail_from: "Vitrine <no-reply@localhost>".into(),
            operator_email: "operator@localhost".into(),
            operator_password: None,
            trust_proxy: false,
            trusted_proxy_hops: 1,
            metrics_token: None,
            signup_per_ip_hour: crate::limits::SIGNUP_PER_IP_HOUR,
            api_carts_per_ip_hour: crate::api::store_api::CARTS_PER_ADDRESS as u32,
            max_connections: default_max_connections(),
            header_read_timeout: std::time::Duration::from_secs(30),
            secure_cookies: false,
            log_format: "text".into(),
            worker_poll_ms: 1000,
            s3: None,
            secret_key: None,
            fetch_allow_loopback: false,
            shop_cache_ms: 1000,
            stripe_api: "https://api.stripe.com".into(),
            stripe_js: "https://js.stripe.com/v3/".into(),
            mollie_api: "https://api.mollie.com".into(),
        }
    }

    /// Loads defaults, then `file` (or `./vitrine.toml` when it exists), then the environment.
    pub fn load(file: Option<&Path>, bind_flag: Option<&str>) -> Result<Config, ConfigError> {
        Self::load_from(file, bind_flag, |k| std::env::var(k).ok())
    }

    pub fn load_from(
        file: Option<&Path>,
        bind_flag: Option<&str>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let file_cfg = match file {
            Some(p) => Some(read_file(p)?),
            None if Path::new("vitrine.toml").exists() => {
                Some(read_file(Path::new("vitrine.toml"))?)
            }
            None => None,
        }
        .unwrap_or_default();
        let pick = |env_key: &str, file_val: Option<String>| env(env_key).or(file_val);

        let data_dir =
            pick("VITRINE_DATA_DIR", file_cfg.data_dir).unwrap_or_else(|| "./vitrine-data".into());
        let mut c = Config::with_data_dir(data_dir);
        if let Some(b) = bind_flag
            .map(str::to_string)
            .or_else(|| pick("VITRINE_BIND", file_cfg.bind))
        {
            c.bind = b
                .parse()
                .map_err(|_| ConfigError::new("cli-config-bind").arg("value", b))?;
            c.public_url = public_url_for(c.bind);
        }
        if let Some(u) = env("DATABASE_URL")
            .or_else(|| env("VITRINE_DATABASE_URL"))
            .or(file_cfg.database_url)
        {
            c.database_url = u;
        }
        c.platform_domain = pick("VITRINE_PLATFORM_DOMAIN", file_cfg.platform_domain)
            .map(|d| d.trim().trim_start_matches('.').to_lowercase())
            .filter(|d| !d.is_empty());
        if let Some(u) = pick("VITRINE_PUBLIC_URL", file_cfg.public_url) {
            c.public_url = u.trim_end_matches('/').to_string();
        }
        if let Some(n) = pick("VITRINE_PLATFORM_NAME", file_cfg.platform_name) {
            c.platform_name = n;
        }
        c.smtp_url = pick("VITRINE_SMTP_URL", file_cfg.smtp_url).filter(|s| !s.is_empty());
        if let Some(f) = pick("VITRINE_MAIL_FROM", file_cfg.mail_from) {
            c.mail_from = f;
        }
        if let Some(e) = pick("VITRINE_OPERATOR_EMAIL", file_cfg.operator_email) {
            c.operator_email = e;
        }
        c.operator_password = env("VITRINE_OPERATOR_PASSWORD").filter(|p| !p.is_empty());
        c.trust_proxy = parse_bool("trust_proxy", env("VITRINE_TRUST_PROXY"))?
            .or(file_cfg.trust_proxy)
            .unwrap_or(false);
        if let Some(n) = number(
            env("VITRINE_TRUSTED_PROXY_HOPS"),
            "VITRINE_TRUSTED_PROXY_HOPS",
        )?
        .or(file_cfg.trusted_proxy_hops)
        {
            at_least_one("trusted_proxy_hops", n)?;
            c.trusted_proxy_hops = n;
        }
        c.metrics_token =
            pick("VITRINE_METRICS_TOKEN", file_cfg.metrics_token).filter(|t| !t.is_empty());
        if c.metrics_token.as_ref().is_some_and(|t| t.len() < 16) {
            return Err(ConfigError::new("cli-config-metrics-token-short"));
        }
        if let Some(n) = number(
            env("VITRINE_SIGNUP_PER_IP_HOUR"),
            "VITRINE_SIGNUP_PER_IP_HOUR",
        )?
        .or(file_cfg.signup_per_ip_hour)
        {
            c.signup_per_ip_hour = n;
        }
        if let Some(n) = number(
            env("VITRINE_API_CARTS_PER_IP_HOUR"),
            "VITRINE_API_CARTS_PER_IP_HOUR",
        )?
        .or(file_cfg.api_carts_per_ip_hour)
        {
            c.api_carts_per_ip_hour = n;
        }
        if let Some(n) = number(env("VITRINE_MAX_CONNECTIONS"), "VITRINE_MAX_CONNECTIONS")?
            .or(file_cfg.max_connections)
        {
            at_least_one("max_connections", n)?;
            c.max_connections = n;
        }
        c.secure_cookies = parse_bool("secure_cookies", env("VITRINE_SECURE_COOKIES"))?
            .or(file_cfg.secure_cookies)
            .unwrap_or(c.public_url.starts_with("https://"));
        if let Some(f) = pick("VITRINE_LOG_FORMAT", file_cfg.log_format) {
            if f != "text" && f != "json" {
                return Err(ConfigError::new("cli-config-log-format").arg("value", f));
            }
            c.log_format = f;
        }
        if let Some(ms) = env("VITRINE_SHOP_CACHE_MS") {
            c.shop_cache_ms = ms
                .trim()
                .parse()
                .map_err(|_| ConfigError::new("cli-config-cache-ms").arg("value", ms))?;
        } else if let Some(ms) = file_cfg.shop_cache_ms {
            c.shop_cache_ms = ms;
        }
        c.secret_key = pick("VITRINE_SECRET_KEY", file_cfg.secret_key).filter(|k| !k.is_empty());
        if let Some(k) = &c.secret_key {
            if k.len() < 32 {
                return Err(ConfigError::new("cli-config-secret-short"));
            }
        }
        if let Some(u) = pick("VITRINE_STRIPE_API", file_cfg.stripe_api) {
            c.stripe_api = web_address("stripe_api", &u)?
                .trim_end_matches('/')
                .to_string();
        }
        if let Some(u) = pick("VITRINE_STRIPE_JS", file_cfg.stripe_js) {
            c.stripe_js = web_address("stripe_js", &u)?.to_string();
        }
        if let Some(u) = pick("VITRINE_MOLLIE_API", file_cfg.mollie_api) {
            c.mollie_api = web_address("mollie_api", &u)?
                .trim_end_matches('/')
                .to_string();
        }
        let path_style =
            parse_bool("s3_path_style", env("VITRINE_S3_PATH_STYLE"))?.or(file_cfg.s3_path_style);
        if let Some(bucket) =
            pick("VITRINE_S3_BUCKET", file_cfg.s3_bucket).filter(|b| !b.is_empty())
        {
            let need = |key: &str, v: Option<String>| {
                v.filter(|v| !v.is_empty())
                    .ok_or_else(|| ConfigError::new("cli-config-s3-missing").arg("key", key))
            };
            let s3 = media::S3Config {
                endpoint: need(
                    "VITRINE_S3_ENDPOINT",
                    pick("VITRINE_S3_ENDPOINT", file_cfg.s3_endpoint),
                )?,
                region: pick("VITRINE_S3_REGION", file_cfg.s3_region)
                    .filter(|r| !r.is_empty())
                    .unwrap_or_else(|| "us-east-1".into()),
                bucket,
                access_key_id: need(
                    "VITRINE_S3_ACCESS_KEY_ID",
                    pick("VITRINE_S3_ACCESS_KEY_ID", file_cfg.s3_access_key_id),
                )?,
                secret_access_key: need(
                    "VITRINE_S3_SECRET_ACCESS_KEY",
                    pick(
                        "VITRINE_S3_SECRET_ACCESS_KEY",
                        file_cfg.s3_secret_access_key,
                    ),
                )?,
                path_style: path_style.unwrap_or(true),
            };
            media::S3Store::new(s3.clone())
                .map_err(|e| ConfigError::new("cli-config-s3-invalid").arg("detail", e))?;
            c.s3 = Some(s3);
        }
        Ok(c)
    }

    /// `scheme://host[:port]` of an address (for a Content-Security-Policy).
    pub fn origin_of(url: &str) -> &str {
        let after = url.find("://").map_or(0, |i| i + 3);
        match url[after..].find('/') {
            Some(i) => &url[..after + i],
            None => url,
        }
    }

    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }

    pub fn media_dir(&self) -> PathBuf {
        self.data_dir.join("media")
    }
}

/// An http(s) address with a host, as typed in a setting.
fn web_address<'a>(key: &str, value: &'a str) -> Result<&'a str, ConfigError> {
    let v = value.trim();
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"));
    match rest {
        Some(r)
            if !r.is_empty()
                && !r.starts_with('/')
                && !v.contains(|c: char| c.is_whitespace() || c == '\'' || c == ';') =>
        {
            Ok(v)
        }
        _ => Err(ConfigError::new("cli-config-url")
            .arg("key", key)
            .arg("value", v)),
    }
}

fn read_file(p: &Path) -> Result<FileConfig, ConfigError> {
    let path = p.display().to_string();
    let text = std::fs::read_to_string(p).map_err(|e| {
        ConfigError::new("cli-config-unreadable")
            .arg("path", &path)
            .reason(&e)
    })?;
    toml::from_str(&text).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|s| line_and_column(&text, s.start))
            .unwrap_or((1, 1));
        ConfigError::new("cli-config-invalid")
            .arg("path", &path)
            .arg("line", line)
            .arg("column", column)
            .arg("detail", e.message().trim_end_matches('.'))
    })
}

/// 1-based line and column of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn parse_bool(key: &str, v: Option<String>) -> Result<Option<bool>, ConfigError> {
    match v.as_deref().map(str::to_lowercase).as_deref() {
        None | Some("") => Ok(None),
        Some("1" | "true" | "yes" | "on") => Ok(Some(true)),
        Some("0" | "false" | "no" | "off") => Ok(Some(false)),
        Some(other) => Err(ConfigError::new("cli-config-bool")
            .arg("key", key)
            .arg("value", other)),
    }
}

fn number<T: std::str::FromStr>(v: Option<String>, key: &str) -> Result<Option<T>, ConfigError> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(n) => n.parse().map(Some).map_err(|_| {
            ConfigError::new("cli-config-number")
                .arg("key", key)
                .arg("value", n)
        }),
    }
}

fn at_least_one<T: PartialOrd + From<u8>>(key: &str, n: T) -> Result<(), ConfigError> {
    if n < T::from(1) {
        return Err(ConfigError::new("cli-config-at-least-one").arg("key", key));
    }
    Ok(())
}

/// Three quarters of the open-file limit (the rest for the database, media and mail), as
/// Linux reports it; 1,024 connections where it cannot be read.
fn default_max_connections() -> usize {
    let soft = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|l| {
            l.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3).map(str::to_string))
        })
        .and_then(|n| n.parse::<usize>().ok());
    match soft {
        Some(n) => (n / 4 * 3).max(64),
        None => 1024,
    }
}

fn public_url_for(bind: SocketAddr) -> String {
    if bind.ip().is_loopback() || bind.ip().is_unspecified() {
        format!("http://localhost:{}", bind.port())
    } else {
        format!("http://{bind}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn environment_overrides_file_and_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("vitrine.toml");
        std::fs::write(
            &file,
            "bind = \"127.0.0.1:9000\"\nplatform_domain = \"Shops.Example.com\"\n",
        )
        .unwrap();
        let env: HashMap<&str, &str> = [
            ("VITRINE_BIND", "0.0.0.0:7000"),
            ("DATABASE_URL", "postgres://u:p@h/db"),
        ]
        .into();
        let c =
            Config::load_from(Some(&file), None, |k| env.get(k).map(|v| v.to_string())).unwrap();
        assert_eq!(c.bind.port(), 7000);
        assert_eq!(c.platform_domain.as_deref(), Some("shops.example.com"));
        assert_eq!(c.database_url, "postgres://u:p@h/db");
        assert!(
            !format!("{c:?}").contains(":p@"),
            "secrets must not be printed"
        );
    }

    #[test]
    fn defaults_use_sqlite_in_the_data_folder() {
        let c = Config::load_from(Some(Path::new("/nonexistent/none.toml")), None, |_| None);
        assert!(
            c.is_err(),
            "a named config file that is missing is an error"
        );
        let c = Config::load_from(None, Some("127.0.0.1:8081"), |_| None).unwrap();
        assert!(c.database_url.starts_with("sqlite://"));
        assert!(c.database_url.ends_with("vitrine-data/vitrine.db"));
        assert_eq!(c.public_url, "http://localhost:8081");
    }

    #[test]
    fn the_example_file_is_valid() {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vitrine.toml.example");
        let c = Config::load_from(Some(&example), None, |_| None).unwrap();
        assert_eq!(c.bind.port(), 8080);
    }

    #[test]
    fn s3_settings_are_read_and_the_secret_never_printed() {
        let env: HashMap<&str, &str> = [
            ("VITRINE_S3_BUCKET", "media"),
            ("VITRINE_S3_ENDPOINT", "https://s3.example.com"),
            ("VITRINE_S3_REGION", "eu-west-3"),
            ("VITRINE_S3_ACCESS_KEY_ID", "AKID"),
            ("VITRINE_S3_SECRET_ACCESS_KEY", "s3-very-secret"),
            ("VITRINE_S3_PATH_STYLE", "false"),
            (
                "VITRINE_SECRET_KEY",
                "k-very-secret-k-very-secret-k-very-secret",
            ),
        ]
        .into();
        let c = Config::load_from(None, None, |k| env.get(k).map(|v| v.to_string())).unwrap();
        let s3 = c.s3.as_ref().unwrap();
        assert_eq!(s3.region, "eu-west-3");
        assert!(!s3.path_style);
        let printed = format!("{c:?}");
        assert!(!printed.contains("s3-very-secret") && !printed.contains("k-very-secret"));
        assert!(printed.contains("AKID"));
        // Incomplete settings are an error at start, not a surprise at the first upload.
        let c = Config::load_from(None, None, |k| {
            (k == "VITRINE_S3_BUCKET").then(|| "media".into())
        });
        assert!(c.unwrap_err().to_string().contains("VITRINE_S3_ENDPOINT"));
    }

    #[test]
    fn abuse_settings_are_read_and_the_metrics_token_never_printed() {
        let env: HashMap<&str, &str> = [
            ("VITRINE_TRUSTED_PROXY_HOPS", "2"),
            ("VITRINE_METRICS_TOKEN", "scrape-me-very-secretly"),
            ("VITRINE_SIGNUP_PER_IP_HOUR", "0"),
            ("VITRINE_MAX_CONNECTIONS", "500"),
        ]
        .into();
        let c = Config::load_from(None, None, |k| env.get(k).map(|v| v.to_string())).unwrap();
        assert_eq!(c.trusted_proxy_hops, 2);
        assert_eq!(c.metrics_token.as_deref(), Some("scrape-me-very-secretly"));
        assert_eq!(c.signup_per_ip_hour, 0);
        assert_eq!(c.max_connections, 500);
        assert!(!format!("{c:?}").contains("scrape-me"));
        let d = Config::load_from(None, None, |_| None).unwrap();
        assert_eq!(d.trusted_proxy_hops, 1);
        assert!(d.metrics_token.is_none());
        assert!(d.max_connections >= 64);
        assert!(d.header_read_timeout <= std::time::Duration::from_secs(30));
        for (k, v) in [
            ("VITRINE_TRUSTED_PROXY_HOPS", "0"),
            ("VITRINE_TRUSTED_PROXY_HOPS", "two"),
            ("VITRINE_METRICS_TOKEN", "short"),
            ("VITRINE_MAX_CONNECTIONS", "0"),
        ] {
            assert!(
                Config::load_from(None, None, |key| (key == k).then(|| v.to_string())).is_err(),
                "{k}={v}"
            );
        }
    }

    #[test]
    fn bad_values_are_reported() {
        assert!(Config::load_from(None, Some("nonsense"), |_| None).is_err());
        assert!(
            Config::load_from(None, None, |k| (k == "VITRINE_TRUST_PROXY")
                .then(|| "maybe".into()))
            .is_err()
        );
    }

    #[test]
    fn stripe_addresses_are_read_and_checked() {
        let c = Config::load_from(None, None, |_| None).unwrap();
        assert_eq!(c.stripe_api, "https://api.stripe.com");
        assert_eq!(Config::origin_of(&c.stripe_js), "https://js.stripe.com");
        let env: HashMap<&str, &str> = [
            ("VITRINE_STRIPE_API", "http://127.0.0.1:8420/"),
            (
                "VITRINE_STRIPE_JS",
                "http://127.0.0.1:8420/js.stripe.com/v3/",
            ),
        ]
        .into();
        let c = Config::load_from(None, None, |k| env.get(k).map(|v| v.to_string())).unwrap();
        assert_eq!(c.stripe_api, "http://127.0.0.1:8420");
        assert_eq!(Config::origin_of(&c.stripe_js), "http://127.0.0.1:8420");
        // Not an address, or one that would break out of the pages' CSP: refused.
        for bad in [
            "api.stripe.com",
            "https://x; script-src *",
            "ftp://x",
            "https://",
        ] {
            let e = Config::load_from(None, None, |k| {
                (k == "VITRINE_STRIPE_JS").then(|| bad.to_string())
            });
            assert!(e.is_err(), "{bad}");
        }
    }
}
