//! localstripe (PyPI, installed by `.ci/run setup` in `.ci/venv`): a stateful stand-in of
//! Stripe's API that signs the webhooks it sends, started for a test on a free port of
//! 127.0.0.1 (its own command listens on every interface), keeping nothing on disk.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::skip;

pub struct LocalStripe {
    child: Child,
    pub port: u16,
}

impl Drop for LocalStripe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the server: its app, bound to 127.0.0.1, its store never written to /tmp.
const SCRIPT: &str = "import sys\n\
from aiohttp import web\n\
import localstripe.resources as r\n\
import localstripe.server as s\n\
r.store.dump_to_disk = lambda: None\n\
web.run_app(s.app, host='127.0.0.1', port=int(sys.argv[1]), print=None, access_log=None)\n";

impl LocalStripe {
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Tells the server to sign its events with `secret` and post them to `url`.
    pub async fn webhook(&self, url: &str, secret: &str) {
        reqwest::Client::new()
            .post(format!("{}/_config/webhooks/vitrine", self.base()))
            .form(&[("url", url), ("secret", secret)])
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap();
    }

    /// What the shopper's browser does with stripe.js: a card (Stripe's test numbers), then
    /// the payment confirmed with it.
    pub async fn pay(&self, secret_key: &str, intent: &str, card: &str) -> serde_json::Value {
        pay_at(&self.base(), secret_key, intent, card).await
    }
}

/// [`LocalStripe::pay`], for the server at `base`.
pub async fn pay_at(base: &str, secret_key: &str, intent: &str, card: &str) -> serde_json::Value {
    let http = reqwest::Client::new();
    let pm: serde_json::Value = http
        .post(format!("{base}/v1/payment_methods"))
        .bearer_auth(secret_key)
        .form(&[
            ("type", "card"),
            ("card[number]", card),
            ("card[exp_month]", "12"),
            ("card[exp_year]", "2034"),
            ("card[cvc]", "123"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let pm = pm["id"].as_str().unwrap().to_string();
    http.post(format!("{base}/v1/payment_intents/{intent}"))
        .bearer_auth(secret_key)
        .form(&[("payment_method", pm.as_str())])
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    http.post(format!("{base}/v1/payment_intents/{intent}/confirm"))
        .bearer_auth(secret_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn python() -> Result<std::path::PathBuf, String> {
    skip::tool_file("VITRINE_PYTHON", "venv/bin/python")
}

/// A running server, or `None` when it is missing and not required (see [`skip::skip`]).
pub async fn start() -> Option<LocalStripe> {
    let python = skip::need(&skip::STRIPE, python())?;
    let has = Command::new(&python)
        .args(["-c", "import localstripe"])
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    skip::need(
        &skip::STRIPE,
        if has {
            Ok(())
        } else {
            Err(format!("{} has no localstripe", python.display()))
        },
    )?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(&python)
        .args(["-c", SCRIPT, &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let ls = LocalStripe { child, port };
    for _ in 0..600 {
        if reqwest::get(format!("{}/js.stripe.com/v3/", ls.base()))
            .await
            .is_ok()
        {
            return Some(ls);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("localstripe did not answer on port {port}");
}
