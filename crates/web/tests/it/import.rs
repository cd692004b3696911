//! Importing a product CSV from the admin: upload, preview, confirmation, the background job and
//! its progress page, and the pictures fetched afterwards (safely: no private addresses).
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn sample() -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/shopify/product_template.csv");
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(400, 300, image::Rgb([200, 120, 40]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A tiny picture server on 127.0.0.1: `/ok.png` is a PNG, `/redirect.png` sends to a private
/// address, anything else is a 404. Counts the requests it receives.
async fn picture_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let body = png();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                break;
            };
            counter.fetch_add(1, Ordering::SeqCst);
            let body = body.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let n = sock.read(&mut buf).await.unwrap_or(0);
                let req = String::from_utf8_lossy(&buf[..n]).to_string();
                let path = req.split_whitespace().nth(1).unwrap_or("/").to_string();
                let head = match path.as_str() {
                    "/ok.png" => format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    ),
                    "/redirect.png" => "HTTP/1.1 302 Found\r\nLocation: http://10.0.0.1/x.png\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
                    _ => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
                };
                let _ = sock.write_all(head.as_bytes()).await;
                if path == "/ok.png" {
                    let _ = sock.write_all(&body).await;
                }
                let _ = sock.shutdown().await;
            });
        }
    });
    (format!("http://127.0.0.1:{port}"), hits)
}

/// A Shopify-style file of two products, each with one picture URL.
fn csv_with_pictures(first: &str, second: &str) -> String {
    format!(
        "Handle,Title,Body (HTML),Vendor,Tags,Option1 Name,Option1 Value,Variant SKU,Variant Price,Image Src,Image Position,Image Alt Text,Status\n\
         comte-18-mois,Comté 18 mois,<p>Fruité</p>,Fromagerie,fromage,Title,Default Title,CT18,12.50,{first},1,Une meule de comté,active\n\
         brie-de-meaux,Brie de Meaux,<p>Crémeux</p>,Fromagerie,fromage,Title,Default Title,BRIE,9.90,{second},1,,active\n"
    )
}

/// Uploads `bytes` as the import file; returns the job page's path.
async fn upload(client: &Client, slug: &str, bytes: Vec<u8>) -> String {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes)
            .file_name("products.csv")
            .mime_str("text/csv")
            .unwrap(),
    );
    let r = client
        .post_multipart(&format!("/s/{slug}/admin/products/import"), form)
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap_or_default()
    );
    let loc = location(&r);
    assert!(loc.contains("/admin/products/import/"), "{loc}");
    // The file is checked in the background: follow the page until its preview (or refusal).
    wait_while(client, &loc, &["checking"]).await;
    loc
}

fn state_of(html: &str) -> String {
    html.split("data-state=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or("")
        .to_string()
}

/// Follows the job page (as its meta refresh would) until the import has ended.
async fn wait_done(client: &Client, page: &str) -> String {
    wait_while(client, page, &["queued", "running"]).await
}

/// Follows the job page while its state is one of `states` (each showing progress and reloading
/// itself), and returns the page once it is not.
async fn wait_while(client: &Client, page: &str, states: &[&str]) -> String {
    for _ in 0..600 {
        let (s, html) = client.get_text(page).await;
        assert_eq!(s, StatusCode::OK, "{html}");
        if !states.contains(&state_of(&html).as_str()) {
            return html;
        }
        assert!(html.contains("http-equiv=\"refresh\""), "{html}");
        assert!(html.contains("<progress"), "{html}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{page} stayed in {states:?}");
}

async fn product_count(app: &TestApp, slug: &str) -> usize {
    let id = app.shop_id(slug).await;
    let mut c = app.store.reader().await.unwrap();
    store::transfer::product_ids(&mut c, id)
        .await
        .unwrap()
        .len()
}

/// Waits until no picture of the shop is waiting to be fetched.
async fn wait_fetches(app: &TestApp, slug: &str) -> (i64, i64, i64) {
    let id = app.shop_id(slug).await;
    for _ in 0..300 {
        let mut c = app.store.reader().await.unwrap();
        let counts = store::import::fetch_counts(&mut c, id).await.unwrap();
        if counts.0 == 0 {
            return counts;
        }
        drop(c);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("pictures still pending");
}

#[tokio::test]
async fn a_broken_file_lists_its_errors_by_line_and_cannot_be_confirmed() {
    let app = TestApp::new().await;
    let owner = app.owner("casse").await;
    let csv = String::from_utf8(sample()).unwrap();
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    lines[2] = lines[2].replacen("deny,manual,25,", "deny,manual,12.5x,", 1);
    let page = upload(&owner, "casse", lines.join("\n").into_bytes()).await;

    let (s, html) = owner.get_text(&page).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(state_of(&html), "invalid", "{html}");
    assert!(html.contains("id=\"import-errors\""), "{html}");
    assert!(
        html.contains("<td>3</td><td>Variant Price</td>"),
        "the error names its line and column: {html}"
    );
    assert!(html.contains("Ligne"), "in the seller's language: {html}");
    assert!(!html.contains("/confirm\""), "no confirm button: {html}");

    // Confirming anyway does nothing.
    let r = owner.post_form(&format!("{page}/confirm"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, html) = owner.get_text(&page).await;
    assert_eq!(state_of(&html), "invalid");
    assert_eq!(product_count(&app, "casse").await, 0, "nothing imported");

    // An empty upload and a file over the size limit are refused with a message, not a 500.
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(Vec::new()).file_name("vide.csv"),
    );
    let r = owner
        .post_multipart("/s/casse/admin/products/import", form)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Choisissez un fichier CSV"));
    let big = vec![b'a'; 10 * 1024 * 1024 + 10];
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(big).file_name("gros.csv"),
    );
    let r = owner
        .post_multipart("/s/casse/admin/products/import", form)
        .await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.text().await.unwrap().contains("10 Mo"));
}

#[tokio::test]
async fn the_shopify_sample_is_previewed_then_imported_once_in_the_background() {
    let app = TestApp::new().await;
    let owner = app.owner("apercu").await;
    let (s, list) = owner.get_text("/s/apercu/admin/products").await;
    assert_eq!(s, StatusCode::OK);
    assert!(list.contains("/s/apercu/admin/products/import\""), "{list}");
    assert!(list.contains("/s/apercu/admin/products/export\""), "{list}");

    let page = upload(&owner, "apercu", sample()).await;
    let (_, html) = owner.get_text(&page).await;
    assert_eq!(state_of(&html), "previewed", "{html}");
    assert!(html.contains("Produits à créer : 3"), "{html}");
    assert!(html.contains("Example T-Shirt"), "first products: {html}");
    assert!(html.contains("id=\"import-warnings\""), "{html}");
    assert!(html.contains("/confirm\""), "{html}");
    assert_eq!(
        product_count(&app, "apercu").await,
        0,
        "a preview saves nothing"
    );

    let r = owner.post_form(&format!("{page}/confirm"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), page);
    let html = wait_done(&owner, &page).await;
    assert_eq!(state_of(&html), "done", "{html}");
    assert!(html.contains("Produits créés : 3"), "{html}");
    assert_eq!(product_count(&app, "apercu").await, 3);
    let (_, list) = owner.get_text("/s/apercu/admin/products").await;
    assert!(list.contains("Example T-Shirt"), "{list}");

    // A second confirmation (a double click, a replayed form) does nothing.
    let r = owner.post_form(&format!("{page}/confirm"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, html) = owner.get_text(&page).await;
    assert_eq!(state_of(&html), "done");
    let shop_id = app.shop_id("apercu").await;
    let mut c = app.store.reader().await.unwrap();
    let staff: i64 = sqlx::query_scalar("SELECT staff_id FROM import_jobs WHERE shop_id = $1")
        .bind(shop_id)
        .fetch_one(&mut *c)
        .await
        .unwrap();
    let job_id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let job = store::import::job(&mut c, shop_id, staff, job_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(job.attempts, 1, "the import ran once");
    assert_eq!(product_count(&app, "apercu").await, 3);

    // The export is a Shopify file of the same products.
    let r = owner.get("/s/apercu/admin/products/export").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("attachment"));
    let text = r.text().await.unwrap();
    assert!(text.starts_with("Handle,Title,Body (HTML)"), "{text}");
    assert!(text.contains("example-shirt"), "{text}");
}

#[tokio::test]
async fn pictures_are_fetched_after_the_import_and_failures_become_warnings() {
    let (base, hits) = picture_server().await;
    let app = TestApp::builder().allow_loopback_fetch().start().await;
    let owner = app.owner("photos").await;
    let csv = csv_with_pictures(&format!("{base}/ok.png"), &format!("{base}/missing.png"));
    let page = upload(&owner, "photos", csv.into_bytes()).await;
    owner.post_form(&format!("{page}/confirm"), &[]).await;
    let html = wait_done(&owner, &page).await;
    assert_eq!(state_of(&html), "done", "{html}");
    assert_eq!(
        product_count(&app, "photos").await,
        2,
        "both products imported"
    );

    let (pending, done, failed) = wait_fetches(&app, "photos").await;
    assert_eq!((pending, done, failed), (0, 1, 1));
    assert!(hits.load(Ordering::SeqCst) >= 2);
    let (_, list) = owner.get_text("/s/photos/admin/products").await;
    assert!(list.contains("id=\"image-warnings\""), "{list}");
    assert!(
        list.contains(&format!("La photo {base}/missing.png de « Brie de Meaux » n’a pas pu être récupérée : le site a répondu par l’erreur 404")),
        "{list}"
    );
    assert!(!list.contains("ok.png"), "{list}");

    // The fetched picture is the product's, with the file's alt text in each of the shop's
    // languages; the other product is imported without one.
    let shop_id = app.shop_id("photos").await;
    let mut c = app.store.reader().await.unwrap();
    let mut images = vec![];
    for pid in store::transfer::product_ids(&mut c, shop_id).await.unwrap() {
        let title = store::catalog::texts(&mut c, shop_id, pid).await.unwrap()[0]
            .title
            .clone();
        let imgs = store::catalog_images::for_product(&mut c, shop_id, pid)
            .await
            .unwrap();
        images.push((title, imgs));
    }
    images.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(images[0].0, "Brie de Meaux");
    assert!(images[0].1.is_empty());
    assert_eq!(images[1].1.len(), 1, "{images:?}");
    assert!(
        images[1].1[0]
            .alts
            .iter()
            .any(|(_, alt)| alt == "Une meule de comté"),
        "{images:?}"
    );
    drop(c);

    // A redirection to a private address is refused too.
    let csv = csv_with_pictures(&format!("{base}/redirect.png"), &format!("{base}/ok.png"));
    let page = upload(&owner, "photos", csv.into_bytes()).await;
    owner.post_form(&format!("{page}/confirm"), &[]).await;
    wait_done(&owner, &page).await;
    wait_fetches(&app, "photos").await;
    let (_, list) = owner.get_text("/s/photos/admin/products").await;
    assert!(
        list.contains("redirect.png de « Comté 18 mois » n’a pas pu être récupérée : l’adresse mène à un réseau privé ou local"),
        "{list}"
    );
}

#[tokio::test]
async fn picture_urls_on_private_networks_are_refused() {
    let (base, hits) = picture_server().await;
    // No loopback flag: what production does.
    let app = TestApp::new().await;
    let owner = app.owner("ssrf").await;
    let port = base.rsplit(':').next().unwrap();
    let csv = csv_with_pictures(
        &format!("http://localhost:{port}/ok.png"),
        "http://169.254.169.254/latest/meta-data.png",
    );
    let page = upload(&owner, "ssrf", csv.into_bytes()).await;
    owner.post_form(&format!("{page}/confirm"), &[]).await;
    assert_eq!(state_of(&wait_done(&owner, &page).await), "done");
    let (_, _, failed) = wait_fetches(&app, "ssrf").await;
    assert_eq!(failed, 2);
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "the server on loopback was never contacted"
    );
    let (_, list) = owner.get_text("/s/ssrf/admin/products").await;
    assert_eq!(
        list.matches("l’adresse mène à un réseau privé ou local")
            .count(),
        2,
        "{list}"
    );
    assert_eq!(product_count(&app, "ssrf").await, 2);
}

#[tokio::test]
async fn another_shops_staff_can_neither_see_nor_confirm_a_job() {
    let app = TestApp::new().await;
    let a = app.owner("boutique-a").await;
    let b = app.owner("boutique-b").await;
    let page = upload(&a, "boutique-a", sample()).await;
    let id = page.rsplit('/').next().unwrap().to_string();

    let (s, _) = b
        .get_text(&format!("/s/boutique-b/admin/products/import/{id}"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let r = b
        .post_form(
            &format!("/s/boutique-b/admin/products/import/{id}/confirm"),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Through the first shop's address, B is no staff member there.
    let (s, _) = b.get_text(&page).await;
    assert_ne!(s, StatusCode::OK);
    let r = b.post_form(&format!("{page}/confirm"), &[]).await;
    assert!(
        r.status() != StatusCode::SEE_OTHER || location(&r).contains("/login"),
        "{}",
        location(&r)
    );
    tokio::time::sleep(Duration::from_millis(300)).await;

    let (_, html) = a.get_text(&page).await;
    assert_eq!(state_of(&html), "previewed", "still waiting for A");
    assert_eq!(product_count(&app, "boutique-a").await, 0);
    assert_eq!(product_count(&app, "boutique-b").await, 0);
}

/// `vitrine import` may run while the server runs: on SQLite that is a second process writing
/// the same file. Its transaction and the admin's must wait for each other, never fail.
#[tokio::test]
async fn an_import_from_another_process_and_admin_writes_do_not_fail_each_other() {
    let app = TestApp::new().await;
    let owner = app.owner("concurrent").await;
    // A second connection pool to the same database, as the command line would open.
    let cli_store = store::Store::connect(&app.config.database_url)
        .await
        .unwrap();
    let st = web::AppState::new(cli_store.clone(), app.config.clone());
    let shop = {
        let mut c = app.store.reader().await.unwrap();
        store::shop::by_slug(&mut c, "concurrent")
            .await
            .unwrap()
            .unwrap()
    };
    let imports = tokio::spawn(async move {
        for _ in 0..5 {
            web::transfer::import(&st, &shop, &sample(), false, domain::locale::Lang::Fr)
                .await
                .map_err(|e| format!("{e:?}"))?;
        }
        Ok::<_, String>(())
    });
    let mut answers = vec![];
    for i in 0..15 {
        let r = owner
            .post_form(
                "/s/concurrent/admin/categories",
                &[
                    ("name_fr", &format!("Rayon {i}")),
                    ("name_en", &format!("Aisle {i}")),
                ],
            )
            .await;
        answers.push((r.status(), location(&r)));
    }
    imports.await.unwrap().expect("the import never fails");
    assert!(
        answers
            .iter()
            .all(|(s, to)| *s == StatusCode::SEE_OTHER
                && to == "/s/concurrent/admin/categories?saved=1"),
        "every category saved, none sent to the login page: {answers:?}"
    );
    assert_eq!(product_count(&app, "concurrent").await, 3);
    // All fifteen categories are there (beside those the import made).
    let shop_id = app.shop_id("concurrent").await;
    let mut c = app.store.reader().await.unwrap();
    let names: Vec<String> = store::catalog::categories(&mut c, shop_id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    for i in 0..15 {
        assert!(
            names.contains(&format!("Rayon {i}")),
            "Rayon {i} in {names:?}"
        );
    }
    drop(c);
    cli_store.close().await;
}

#[tokio::test]
async fn previews_nobody_confirms_are_forgotten_after_a_week() {
    let app = TestApp::new().await;
    let owner = app.owner("oubli").await;
    let old = upload(&owner, "oubli", sample()).await;
    let fresh = upload(&owner, "oubli", sample()).await;
    let shop_id = app.shop_id("oubli").await;
    let old_id: i64 = old.rsplit('/').next().unwrap().parse().unwrap();
    let week_ago = store::now() - web::jobs::PREVIEW_KEPT_SECONDS;
    let mut tx = app.store.begin().await.unwrap();
    sqlx::query("UPDATE import_jobs SET updated_at = $3 WHERE shop_id = $1 AND id = $2")
        .bind(shop_id)
        .bind(old_id)
        .bind(week_ago - 60)
        .execute(&mut *tx)
        .await
        .unwrap();
    let n = store::import::forget_stale_previews(&mut tx, week_ago)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    assert_eq!(n, 1);
    let (s, _) = owner.get_text(&old).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "the old preview is gone");
    let (_, html) = owner.get_text(&fresh).await;
    assert_eq!(state_of(&html), "previewed", "this week's stays");
}

/// WooCommerce's own sample export (weights in pounds, written ".5") imports as it is, with
/// weights stored in grams; a title that looks like a formula is exported neutralised.
#[tokio::test]
async fn woocommerces_sample_file_imports_with_weights_in_grams() {
    let app = TestApp::new().await;
    app.owner("woo").await;
    let shop = {
        let mut c = app.store.reader().await.unwrap();
        store::shop::by_slug(&mut c, "woo").await.unwrap().unwrap()
    };
    let st = web::AppState::new(app.store.clone(), app.config.clone());
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../catalog-csv/tests/fixtures/woocommerce/sample_products.csv");
    let bytes = std::fs::read(&p).unwrap();
    let report = web::transfer::import(&st, &shop, &bytes, false, domain::locale::Lang::Fr)
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(report.created, 16);
    assert_eq!(report.variants, 21);

    let mut c = app.store.reader().await.unwrap();
    let mut grams = std::collections::BTreeMap::new();
    for id in store::transfer::product_ids(&mut c, shop.sid())
        .await
        .unwrap()
    {
        for v in store::catalog::variants(&mut c, shop.sid(), id)
            .await
            .unwrap()
        {
            grams.insert(v.sku.clone().unwrap_or_default(), v.weight_grams);
        }
    }
    drop(c);
    assert_eq!(grams["woo-vneck-tee-red"], Some(227), ".5 lbs");
    assert_eq!(grams["woo-hoodie-blue-logo"], Some(680), "1.5 lbs");
    assert_eq!(grams["woo-hoodie-with-pocket"], Some(1361), "3 lbs");
    assert_eq!(grams["woo-beanie"], Some(91), ".2 lbs");
    assert_eq!(grams["woo-album"], None);

    let csv = "Handle,Title,Variant SKU,Variant Price,Variant Inventory Qty\n\
               formule,\"=HYPERLINK(\"\"http://x.example\"\")\",FRM,5,-2\n";
    web::transfer::import(&st, &shop, csv.as_bytes(), false, domain::locale::Lang::Fr)
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    let exported = String::from_utf8(web::transfer::export(&st, &shop).await.unwrap()).unwrap();
    assert!(
        exported.contains("formule,\"'=HYPERLINK(\"\"http://x.example\"\")\""),
        "{exported}"
    );
    assert!(!exported.contains(",=HYPERLINK"), "{exported}");
}
