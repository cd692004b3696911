//! Every kind of page is valid HTML by the W3C Nu checker (vnu.jar, run with the machine's Java).
//! CI installs the checker; elsewhere the test says it skipped when the checker is missing.
use crate::common::*;

fn vnu() -> Option<std::path::PathBuf> {
    let candidates = [
        std::env::var("VNU_JAR").ok().map(std::path::PathBuf::from),
        Some(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../.ci/tools/node_modules/vnu-jar/build/dist/vnu.jar"),
        ),
    ];
    candidates.into_iter().flatten().find(|p| p.exists())
}

#[tokio::test]
async fn pages_are_valid_html() {
    let Some(jar) = vnu() else {
        assert!(
            std::env::var("VITRINE_REQUIRE_VNU").is_err(),
            "VITRINE_REQUIRE_VNU is set but vnu.jar was not found (set VNU_JAR)"
        );
        eprintln!(
            "SKIPPED: HTML validation: vnu.jar not found (npm install --prefix .ci/tools vnu-jar)"
        );
        return;
    };
    let app = TestApp::new().await;
    let owner = app.owner("valide").await;
    let shopper = app.client();
    let operator = app.client();
    let r = operator
        .post_form(
            "/operator/login",
            &[("email", OPERATOR_EMAIL), ("password", OPERATOR_PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![];
    let pages: Vec<(&Client, &str)> = vec![
        (&shopper, "/"),
        (&shopper, "/signup"),
        (&shopper, "/s/valide/"),
        (&shopper, "/s/valide/mentions-legales"),
        (&shopper, "/s/valide/pages/cgv"),
        (&shopper, "/s/valide/admin/login"),
        (&shopper, "/s/valide/admin/forgot"),
        (&shopper, "/s/nobody/"),
        (&owner, "/s/valide/admin/"),
        (&owner, "/s/valide/admin/settings"),
        (&owner, "/s/valide/admin/appearance"),
        (&owner, "/s/valide/admin/legal"),
        (&owner, "/s/valide/admin/hours"),
        (&owner, "/s/valide/admin/collections"),
        (&owner, "/s/valide/admin/payments"),
        (&owner, "/s/valide/admin/staff"),
        (&owner, "/s/valide/admin/account"),
        (&operator, "/operator/"),
        (&operator, "/operator/shops/valide"),
        (&operator, "/operator/shops/valide/delete"),
        (&operator, "/operator/plans"),
        (&operator, "/operator/settings"),
    ];
    let catalog_pages = crate::storefront::seed_for_html(&app, "valide").await;
    let pages: Vec<(&Client, &str)> = pages
        .into_iter()
        .chain(catalog_pages.iter().map(|p| (&shopper, p.as_str())))
        .collect();
    for (i, (client, path)) in pages.iter().enumerate() {
        let (_, body) = client.get_text(path).await;
        assert!(
            body.starts_with("<!DOCTYPE html>"),
            "{path} is not a page: {body}"
        );
        let f = dir.path().join(format!("{i:02}.html"));
        std::fs::write(&f, body).unwrap();
        files.push((f, *path));
    }
    // Pages with form errors too.
    let r = shopper
        .post_form(
            "/signup",
            &[
                ("name", ""),
                ("slug", "ab"),
                ("email", "x"),
                ("password", "y"),
            ],
        )
        .await;
    let f = dir.path().join("signup-errors.html");
    std::fs::write(&f, r.text().await.unwrap()).unwrap();
    files.push((f, "/signup (errors)"));
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "text"])
        .args(files.iter().map(|(f, _)| f))
        .output()
        .expect("java runs");
    let report =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    let mut named = report.clone();
    for (f, path) in &files {
        named = named.replace(&f.display().to_string(), path);
    }
    // vnu exits non-zero when any document has an error, and lists them.
    assert!(out.status.success(), "HTML errors:\n{named}");
    assert!(!named.contains("error:"), "HTML errors:\n{named}");
}
