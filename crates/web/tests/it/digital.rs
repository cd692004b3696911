//! Digital products: the seller's private file, signed download links, the storage quota, and
//! media on S3-compatible storage (a real server: moto, started by the test).

use std::time::Duration;

use crate::common::*;
use reqwest::multipart::{Form, Part};

async fn digital_product(owner: &Client, slug: &str) -> i64 {
    let r = owner
        .post_form(
            &format!("/s/{slug}/admin/products/new"),
            &[
                ("kind", "digital"),
                ("title_fr", "Guide des fromages"),
                ("description_fr", "Un guide à télécharger."),
                ("status", "active"),
                ("vat_class", "standard"),
                ("rows", "1"),
                ("v0_price", "9,90"),
            ],
        )
        .await;
    let status = r.status();
    let loc = location(&r);
    assert_eq!(status, StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
    loc.rsplit('/')
        .find_map(|s| s.split('?').next().and_then(|s| s.parse().ok()))
        .expect("product id in the redirect")
}

async fn upload(c: &Client, slug: &str, pid: i64, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let form = Form::new().part(
        "file",
        Part::bytes(bytes)
            .file_name(name.to_string())
            .mime_str("application/octet-stream")
            .unwrap(),
    );
    c.post_multipart(&format!("/s/{slug}/admin/products/{pid}/file"), form)
        .await
}

fn book(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 7 % 256) as u8).collect()
}

/// The seller's test link, as the file page shows it.
fn test_link(page: &str) -> String {
    let at = page.find("class=\"test-link\" href=\"").expect("test link") + 24;
    page[at..at + page[at..].find('"').unwrap()].replace("&#x2F;", "/")
}

async fn stored(app: &TestApp, slug: &str, pid: i64) -> Option<store::digital::DigitalFile> {
    let shop = app.shop_id(slug).await;
    let mut c = app.store.reader().await.unwrap();
    store::digital::get(&mut c, shop, pid).await.unwrap()
}

#[tokio::test]
async fn a_seller_uploads_a_private_file_delivered_only_through_signed_links() {
    let app = TestApp::new().await;
    let owner = app.owner("ebooks").await;
    let pid = digital_product(&owner, "ebooks").await;

    // The editor links to the file page; the page says there is no file yet.
    let (_, editor) = owner
        .get_text(&format!("/s/ebooks/admin/products/{pid}"))
        .await;
    assert!(editor.contains(&format!("/s/ebooks/admin/products/{pid}/file\"")));
    let (s, page) = owner
        .get_text(&format!("/s/ebooks/admin/products/{pid}/file"))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Pas encore de fichier"), "{page}");

    // Without a file: a message, nothing stored.
    let r = owner
        .post_multipart(&format!("/s/ebooks/admin/products/{pid}/file"), Form::new())
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Choisissez un fichier"));

    let content = book(300_000);
    let r = upload(
        &owner,
        "ebooks",
        pid,
        "Guide des fromages.pdf",
        content.clone(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let file = stored(&app, "ebooks", pid).await.expect("recorded");
    let shop_id = app.shop_id("ebooks").await;
    assert!(file.key.starts_with(&format!("private/shops/{shop_id}/")));
    assert_eq!(file.size, 300_000);
    assert_eq!(file.content_type, "application/pdf");
    let (_, page) = owner
        .get_text(&format!("/s/ebooks/admin/products/{pid}/file"))
        .await;
    assert!(page.contains("Guide des fromages.pdf"));
    assert!(page.contains("293 Ko"), "{page}");

    // Counted in the shop's storage.
    let mut c = app.store.reader().await.unwrap();
    assert!(store::media::used_bytes(&mut c, shop_id).await.unwrap() >= 300_000);
    drop(c);

    // The public media route never serves it, whatever the name asked for.
    let name = file.key.rsplit('/').next().unwrap();
    for path in [
        format!("/s/ebooks/media/{name}"),
        format!("/s/ebooks/media/digital/{name}"),
        format!("/s/ebooks/media/..%2F..%2F{}", file.key.replace('/', "%2F")),
    ] {
        let s = app.client().get(&path).await.status();
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
    }

    // The signed link streams the file as an attachment, to anyone holding it.
    let link = test_link(&page);
    assert!(link.starts_with("/s/ebooks/download/"), "{link}");
    let r = app.client().get(&link).await;
    assert_eq!(r.status(), StatusCode::OK);
    let cd = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cd.starts_with("attachment;") && cd.contains("Guide%20des%20fromages.pdf"),
        "{cd}"
    );
    assert_eq!(r.bytes().await.unwrap().to_vec(), content);

    // Tampered: 403; expired: 410, with a page in the visitor's language.
    let tampered = format!("{}0", &link[..link.len() - 1]);
    let tampered = if tampered == link {
        format!("{}1", &link[..link.len() - 1])
    } else {
        tampered
    };
    let (s, body) = app.client().get_text(&tampered).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(body.contains("Lien non valable"), "{body}");
    let st = web::AppState::new(app.store.clone(), app.config.clone());
    let past = chrono::Utc::now().timestamp() - 10;
    let expired = format!(
        "/s/ebooks{}",
        web::download::link_until(&st.download_key, shop_id, pid, past)
    );
    let (s, body) = app.client().get_text(&expired).await;
    assert_eq!(s, StatusCode::GONE);
    assert!(body.contains("Lien expiré"), "{body}");
    let visitor = app.client();
    let r = visitor
        .http
        .get(visitor.url(&expired))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::GONE);
    assert!(r.text().await.unwrap().contains("expired"));
    // A fresh link made by the delivery primitive works.
    let fresh = web::download::link(&st, shop_id, pid, Duration::from_secs(60));
    let s = app
        .client()
        .get(&format!("/s/ebooks{fresh}"))
        .await
        .status();
    assert_eq!(s, StatusCode::OK);

    // Replacing swaps the content and removes the old bytes.
    let r = upload(
        &owner,
        "ebooks",
        pid,
        "guide-v2.epub",
        b"second edition".to_vec(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let new = stored(&app, "ebooks", pid).await.unwrap();
    assert_eq!(new.file_name, "guide-v2.epub");
    assert!(!app.data_dir.join("media").join(&file.key).exists());
    let body = app.client().get(&link).await.bytes().await.unwrap();
    assert_eq!(&body[..], b"second edition");

    // Deleting: the link then finds nothing.
    let r = owner
        .post_form(&format!("/s/ebooks/admin/products/{pid}/file/delete"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(stored(&app, "ebooks", pid).await.is_none());
    assert!(!app.data_dir.join("media").join(&new.key).exists());
    assert_eq!(
        app.client().get(&link).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn another_shop_can_neither_reach_nor_replace_the_file() {
    let app = TestApp::new().await;
    let owner = app.owner("pdfs").await;
    let pid = digital_product(&owner, "pdfs").await;
    upload(&owner, "pdfs", pid, "a.pdf", book(1000)).await;
    let (_, page) = owner
        .get_text(&format!("/s/pdfs/admin/products/{pid}/file"))
        .await;
    let link = test_link(&page);

    let intruder = app.owner("intrus").await;
    // Its admin does not know the product, for reading, replacing or deleting.
    let (s, _) = intruder
        .get_text(&format!("/s/intrus/admin/products/{pid}/file"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let r = upload(&intruder, "intrus", pid, "evil.pdf", b"evil".to_vec()).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = intruder
        .post_form(&format!("/s/intrus/admin/products/{pid}/file/delete"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Nor can it use the other admin's addresses.
    let r = upload(&intruder, "pdfs", pid, "evil.pdf", b"evil".to_vec()).await;
    assert!(r.status().is_client_error() || r.status().is_redirection());
    assert_eq!(stored(&app, "pdfs", pid).await.unwrap().file_name, "a.pdf");
    // The link, moved to another shop, is refused.
    let moved = link.replacen("/s/pdfs/", "/s/intrus/", 1);
    assert_eq!(
        app.client().get(&moved).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.client().get(&link).await.status(), StatusCode::OK);

    // A product that is not digital has no file page.
    let r = owner
        .post_form(
            "/s/pdfs/admin/products/new",
            &[
                ("kind", "physical"),
                ("title_fr", "Affiche"),
                ("status", "active"),
                ("vat_class", "standard"),
                ("rows", "1"),
                ("v0_price", "5"),
            ],
        )
        .await;
    let physical: i64 = location(&r)
        .rsplit('/')
        .find_map(|s| s.split('?').next().and_then(|s| s.parse().ok()))
        .unwrap();
    let (s, _) = owner
        .get_text(&format!("/s/pdfs/admin/products/{physical}/file"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn files_larger_than_any_form_stream_through() {
    let app = TestApp::new().await;
    let owner = app.owner("video").await;
    let pid = digital_product(&owner, "video").await;
    // 13 MiB: more than the 12 MiB any other form may send. The browser sends the form's fields
    // in order, the CSRF token first.
    let content = book(13 * 1024 * 1024);
    let form = Form::new()
        .text("_csrf", owner.csrf().await)
        .part("file", Part::bytes(content.clone()).file_name("film.mp4"));
    let r = owner
        .http
        .post(owner.url(&format!("/s/video/admin/products/{pid}/file")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let file = stored(&app, "video", pid).await.unwrap();
    assert_eq!(file.size, content.len() as i64);
    assert_eq!(file.content_type, "video/mp4");
    let (_, page) = owner
        .get_text(&format!("/s/video/admin/products/{pid}/file"))
        .await;
    assert!(page.contains("13,0 Mo"), "{page}");
    let got = app
        .client()
        .get(&test_link(&page))
        .await
        .bytes()
        .await
        .unwrap();
    assert!(got.to_vec() == content);
    // Without the token, still refused.
    let form = Form::new().part("file", Part::bytes(book(1000)).file_name("x.mp4"));
    let r = owner
        .http
        .post(owner.url(&format!("/s/video/admin/products/{pid}/file")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Elsewhere, the usual limit holds.
    let form = Form::new()
        .text("_csrf", owner.csrf().await)
        .part("logo", Part::bytes(content).file_name("logo.png"));
    let r = owner
        .http
        .post(owner.url("/s/video/admin/appearance/logo"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error(), "{}", r.status());
}

#[tokio::test]
async fn the_storage_quota_is_enforced_and_nothing_saved_is_lost() {
    let app = TestApp::new().await;
    let owner = app.owner("quota").await;
    let pid = digital_product(&owner, "quota").await;
    let id = app.shop_id("quota").await;
    let mut tx = app.store.begin().await.unwrap();
    let plan = store::plan::create(&mut tx, "Mini", 10, 2, 1024 * 1024)
        .await
        .unwrap();
    store::shop::set_plan(&mut tx, id, plan).await.unwrap();
    store::commit(tx).await.unwrap();

    let r = upload(&owner, "quota", pid, "small.zip", book(600_000)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Replacing counts the new file instead of the old one.
    let r = upload(&owner, "quota", pid, "small2.zip", book(700_000)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = upload(&owner, "quota", pid, "big.zip", book(1_100_000)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("role=\"alert\""), "{body}");
    let kept = stored(&app, "quota", pid).await.unwrap();
    assert_eq!(
        (kept.file_name.as_str(), kept.size),
        ("small2.zip", 700_000)
    );
    let (_, page) = owner
        .get_text(&format!("/s/quota/admin/products/{pid}/file"))
        .await;
    let got = app
        .client()
        .get(&test_link(&page))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(got.len(), 700_000);
}

// ---- S3 ----------------------------------------------------------------------------------------

fn png() -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(300, 200, image::Rgba([20, 120, 200, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn with_s3_configured_logos_and_digital_files_live_in_the_bucket() {
    let Some(m) = moto::start().await else {
        return;
    };
    m.bucket("shop-media").await;
    let s3 = media::S3Config {
        endpoint: m.endpoint(),
        region: "us-east-1".into(),
        bucket: "shop-media".into(),
        access_key_id: "testing".into(),
        secret_access_key: "testing-secret".into(),
        path_style: true,
    };
    let app = TestApp::builder().s3(s3.clone()).start().await;
    let owner = app.owner("nuage").await;
    let form = Form::new().part(
        "logo",
        Part::bytes(png())
            .file_name("logo.png")
            .mime_str("image/png")
            .unwrap(),
    );
    let r = owner
        .post_multipart("/s/nuage/admin/appearance/logo", form)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, home) = app.client().get_text("/s/nuage/").await;
    let at = home
        .find("/s/nuage/media/logo-")
        .expect("logo in the header");
    let src = &home[at..at + home[at..].find('"').unwrap()];
    let r = app.client().get(src).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    let served = r.bytes().await.unwrap();
    // The bytes come from the bucket, not the data folder.
    assert!(!app.data_dir.join("media").exists());
    let bucket = media::Storage::s3(s3).unwrap();
    let shop_id = app.shop_id("nuage").await;
    let key = format!("shops/{shop_id}/{}", src.rsplit('/').next().unwrap());
    assert_eq!(
        bucket.get(&key).await.unwrap().as_deref(),
        Some(&served[..])
    );

    // A digital file too, delivered by its signed link.
    let pid = digital_product(&owner, "nuage").await;
    let r = upload(&owner, "nuage", pid, "album.zip", book(200_000)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let file = stored(&app, "nuage", pid).await.unwrap();
    assert_eq!(
        bucket.get(&file.key).await.unwrap().map(|b| b.len()),
        Some(200_000)
    );
    let (_, page) = owner
        .get_text(&format!("/s/nuage/admin/products/{pid}/file"))
        .await;
    let got = app
        .client()
        .get(&test_link(&page))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(got.to_vec(), book(200_000));
}
