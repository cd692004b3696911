//! The W3C Nu HTML checker (npm's vnu-jar, run with Java), which `.ci/run setup` installs.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::skip;

pub struct Vnu {
    jar: PathBuf,
}

impl Vnu {
    /// The checker, or `None` when it (or Java) is missing and not required.
    pub fn find() -> Option<Vnu> {
        let found = skip::tool_file("VNU_JAR", "tools/node_modules/vnu-jar/build/dist/vnu.jar")
            .and_then(|jar| match Command::new("java").arg("-version").output() {
                Ok(o) if o.status.success() => Ok(jar),
                Ok(o) => Err(format!("java -version failed: {}", o.status)),
                Err(e) => Err(format!("no java: {e}")),
            });
        skip::need(&skip::VNU, found).map(|jar| Vnu { jar })
    }

    /// Fails the test with every error the checker finds in `files`, each named by the page
    /// (`label`) it was saved from.
    pub fn assert_valid(&self, files: &[(PathBuf, String)]) {
        let out = Command::new("java")
            .arg("-jar")
            .arg(&self.jar)
            .args(["--errors-only", "--format", "text"])
            .args(files.iter().map(|(f, _)| f.as_path()))
            .output()
            .expect("java runs");
        let mut report = String::from_utf8_lossy(&out.stderr).to_string()
            + &String::from_utf8_lossy(&out.stdout);
        for (f, label) in files {
            report = report.replace(&f.display().to_string(), label);
        }
        // vnu exits non-zero when any document has an error, and lists them.
        assert!(out.status.success(), "HTML errors:\n{report}");
        assert!(!report.contains("error:"), "HTML errors:\n{report}");
    }
}

/// Saves `body` as the `n`th page to check, under `dir`.
pub fn save(dir: &Path, name: &str, body: &str, label: &str) -> (PathBuf, String) {
    let f = dir.join(format!("{name}.html"));
    std::fs::write(&f, body).unwrap();
    (f, label.to_string())
}
