//! Tests that need a tool this machine may lack (a browser, a checker, an S3 server). Without it
//! such a test says so where `cargo test` shows it and passes; with the tool's `VITRINE_REQUIRE_*`
//! variable set (.ci/run sets them all) the missing tool is a failure.
//!
//! Only std: crates/media/tests includes this file too.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;

/// A tool some tests need.
pub struct Tool {
    /// What it is, for the person reading the line.
    pub name: &'static str,
    /// Set (to anything but "" or "0") to make the tool's absence a failure.
    pub require: &'static str,
}

pub const BROWSER: Tool = Tool {
    name: "Chromium and ChromeDriver (apt-get install chromium chromium-driver)",
    require: "VITRINE_REQUIRE_BROWSER",
};
pub const VNU: Tool = Tool {
    name: "the Nu HTML checker and Java (.ci/run setup installs them)",
    require: "VITRINE_REQUIRE_VNU",
};
pub const QUALITY_TOOLS: Tool = Tool {
    name: "axe-core and Lighthouse (.ci/run setup installs them)",
    require: "VITRINE_REQUIRE_QUALITY_TOOLS",
};
pub const S3: Tool = Tool {
    name: "moto's S3 server (.ci/run setup installs it in .ci/venv)",
    require: "VITRINE_REQUIRE_S3",
};

pub const STRIPE: Tool = Tool {
    name: "localstripe (.ci/run setup installs it in .ci/venv)",
    require: "VITRINE_REQUIRE_STRIPE",
};

pub const FACTURX: Tool = Tool {
    name: "PyPI's factur-x and saxonche (in .ci/venv) and qpdf (.ci/run setup installs them)",
    require: "VITRINE_REQUIRE_FACTURX",
};

pub fn required(tool: &Tool) -> bool {
    std::env::var(tool.require).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// The running test's name (libtest names each test's thread after it).
fn test_name() -> String {
    std::thread::current()
        .name()
        .filter(|n| *n != "main")
        .unwrap_or("this test")
        .to_string()
}

/// A line on the real standard error: `cargo test` hides what `eprintln!` prints in a test that
/// passes, and a skip must be seen.
pub fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// The test cannot run here because `tool` is missing (`why` says where it was looked for): a
/// failure when the tool is required, else a SKIPPED line, and the caller returns.
#[track_caller]
pub fn skip(tool: &Tool, why: &str) {
    let test = test_name();
    if required(tool) {
        panic!(
            "{test} needs {}: {why}; {} is set, so this is a failure",
            tool.name, tool.require
        );
    }
    say(&format!(
        "SKIPPED: {test} needs {}: {why}; set {}=1 to make this a failure",
        tool.name, tool.require
    ));
}

/// `found`'s tool, or `None` after [`skip`] said why not.
#[track_caller]
pub fn need<T>(tool: &Tool, found: Result<T, String>) -> Option<T> {
    match found {
        Ok(t) => Some(t),
        Err(why) => {
            skip(tool, &why);
            None
        }
    }
}

/// A part of a test that runs in the other pass of the suite (SQLite or PostgreSQL), said where
/// it is seen. No variable makes it a failure: .ci/run runs both passes.
pub fn skip_in_this_pass(why: &str) {
    say(&format!("SKIPPED: {}: {why}", test_name()));
}

/// The workspace's `.ci` folder, where `.ci/run setup` installs the tools.
pub fn ci_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.ci")
}

/// The file the variable `env` names, else `default` (under `.ci`); an error says where it was
/// looked for.
pub fn tool_file(env: &str, default: &str) -> Result<PathBuf, String> {
    let path = match std::env::var_os(env).filter(|v| !v.is_empty()) {
        Some(p) => PathBuf::from(p),
        None => ci_dir().join(default),
    };
    if path.exists() {
        Ok(path)
    } else {
        Err(format!("no {} (set {env} to its path)", path.display()))
    }
}
