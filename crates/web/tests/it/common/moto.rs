//! moto's S3 server (from PyPI, installed by `.ci/run setup` in `.ci/venv`), started on a free
//! port for the tests of the S3 backend. crates/media/tests includes this file too.
#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::skip;

pub struct Moto {
    child: Child,
    pub port: u16,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Moto {
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Creates a bucket.
    pub async fn bucket(&self, name: &str) {
        reqwest::Client::new()
            .put(format!("{}/{name}", self.endpoint()))
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap();
    }
}

/// `$MOTO_SERVER`, else the one in `.ci/venv`, else `moto_server` on the PATH.
fn program() -> std::path::PathBuf {
    match std::env::var_os("MOTO_SERVER").filter(|v| !v.is_empty()) {
        Some(p) => p.into(),
        None => skip::tool_file("MOTO_SERVER", "venv/bin/moto_server")
            .unwrap_or_else(|_| "moto_server".into()),
    }
}

/// A running server, or `None` when it is missing and not required (see [`skip::skip`]).
pub async fn start() -> Option<Moto> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let program = program();
    let child = Command::new(&program)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{} does not start: {e}", program.display()));
    let moto = Moto {
        child: skip::need(&skip::S3, child)?,
        port,
    };
    // moto is a Python program: on a loaded machine it can take a while to start.
    for _ in 0..600 {
        if reqwest::get(moto.endpoint()).await.is_ok() {
            return Some(moto);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{} did not answer on port {port}", program.display());
}
