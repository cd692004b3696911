//! Runs `facturx_check.py` (beside this folder) on a PDF with the Python of `.ci/venv`, where
//! `.ci/run setup` installs PyPI's factur-x and saxonche (qpdf comes from Debian). Shared by
//! the invoice crate's tests and the web journeys.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

fn ci() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.ci")
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../invoice/tests/facturx_check.py")
}

/// What the checker found in `pdf`, or why it cannot run here (a tool missing).
pub fn check(pdf: &[u8]) -> Result<serde_json::Value, String> {
    let python = match std::env::var_os("VITRINE_PYTHON").filter(|v| !v.is_empty()) {
        Some(p) => PathBuf::from(p),
        None => ci().join("venv/bin/python"),
    };
    if !python.exists() {
        return Err(format!("no {}", python.display()));
    }
    let has = Command::new(&python)
        .args(["-c", "import facturx, saxonche"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !has {
        return Err(format!("{} lacks factur-x or saxonche", python.display()));
    }
    if Command::new("qpdf").arg("--version").output().is_err() {
        return Err("no qpdf on the PATH".into());
    }
    let dir = std::env::temp_dir().join(format!(
        "vitrine-facturx-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("invoice.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new(&python)
        .arg(script())
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "the Factur-X checker failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(serde_json::from_slice(&out.stdout).expect("the checker prints JSON"))
}

/// Asserts that `found` (from [`check`]) is a valid Factur-X EN 16931 invoice: XML valid
/// against the XSD and the business rules, attached as `factur-x.xml` with relationship
/// Alternative, named in the XMP with its profile, in a PDF whose structure qpdf accepts.
pub fn assert_valid(found: &serde_json::Value) {
    assert_eq!(found["file_name"], "factur-x.xml", "{found}");
    assert_eq!(found["level"], "en16931");
    assert_eq!(found["xsd"], "ok", "XSD: {}", found["xsd"]);
    assert_eq!(
        found["schematron"], "ok",
        "business rules: {}",
        found["schematron"]
    );
    assert_eq!(found["qpdf_check"], "ok", "qpdf: {}", found["qpdf_check"]);
    let files = found["associated_files"].as_array().expect("an /AF array");
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0]["name"], "u:factur-x.xml", "{files:?}");
    assert_eq!(files[0]["relationship"], "/Alternative", "{files:?}");
    let xmp = found["xmp"].as_str().unwrap();
    for part in [
        "<pdfaid:part>3</pdfaid:part>",
        "<pdfaid:conformance>B</pdfaid:conformance>",
        "<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>",
        "<fx:DocumentType>INVOICE</fx:DocumentType>",
        "<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>",
        "<pdfaSchema:prefix>fx</pdfaSchema:prefix>",
    ] {
        assert!(xmp.contains(part), "the XMP lacks {part}: {xmp}");
    }
}

/// The PDF's text as [`check`] extracted it, its white space folded to single spaces.
pub fn text(found: &serde_json::Value) -> String {
    found["text"]
        .as_str()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
