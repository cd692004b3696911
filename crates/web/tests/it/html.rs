//! Every kind of page is valid HTML by the W3C Nu checker (vnu.jar, run with the machine's Java).
//! CI installs the checker; elsewhere the test says it skipped when the checker is missing.
//! Each page is checked for its status too: an error page is valid HTML as well.
use crate::common::*;

#[tokio::test]
async fn pages_are_valid_html() {
    let Some(vnu) = vnu::Vnu::find() else {
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
    // The shop nobody signed up for is the one page expected to be a 404.
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
        let (status, body) = client.get_text(path).await;
        let expected = if *path == "/s/nobody/" {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        assert_eq!(status, expected, "{path}: {body}");
        assert!(
            body.starts_with("<!DOCTYPE html>"),
            "{path} is not a page: {body}"
        );
        files.push(vnu::save(dir.path(), &format!("{i:02}"), &body, path));
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
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("id=\"name-err\""), "{body}");
    files.push(vnu::save(
        dir.path(),
        "signup-errors",
        &body,
        "/signup (errors)",
    ));
    vnu.assert_valid(&files);
}
