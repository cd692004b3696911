//! Product images: uploaded in the editor, shown on the product page and on cards as responsive
//! WebP/JPEG pictures, alt text required to publish, refused uploads, shop isolation.
use reqwest::multipart::{Form, Part};

use crate::common::*;

/// A photo-like JPEG (gradients and noise) of `w`×`h`.
fn photo(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let n = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 23;
        image::Rgb([
            (x * 255 / w) as u8 ^ n as u8,
            (y * 255 / h) as u8,
            ((x + y) % 256) as u8 / 2 + n as u8,
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// A PNG whose header claims 30000×30000 pixels (a decompression bomb's calling card).
fn bomb() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(4, 4, image::Rgb([1, 2, 3]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    let mut bytes = out.into_inner();
    bytes[16..20].copy_from_slice(&30000u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&30000u32.to_be_bytes());
    bytes
}

async fn bilingual(app: &TestApp, slug: &str) -> Client {
    let owner = app.owner(slug).await;
    let r = owner
        .post_form(
            &format!("/s/{slug}/admin/settings"),
            &[
                ("name", "Fromages"),
                ("langs", "fr"),
                ("langs", "en"),
                ("default_lang", "fr"),
                ("currency", "eur"),
                ("timezone", "Europe/Paris"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    owner
}

fn product(status: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("kind", "physical"),
        ("title_fr", "Plateau du berger"),
        ("slug_fr", "plateau-berger"),
        ("title_en", "Shepherd tray"),
        ("slug_en", "shepherd-tray"),
        ("status", status),
        ("vat_class", "reduced"),
        ("axis1_fr", "Taille"),
        ("axis1_en", "Size"),
        ("rows", "2"),
        ("v0_o1", "S"),
        ("v0_price", "20"),
        ("v0_qty", "3"),
        ("v1_o1", "L"),
        ("v1_price", "30"),
        ("v1_qty", "3"),
    ]
}

async fn create(owner: &Client, slug: &str, fields: &[(&str, &str)]) -> i64 {
    let r = owner
        .post_form(&format!("/s/{slug}/admin/products/new"), fields)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let loc = location(&r);
    let tail = loc.split("/admin/products/").nth(1).unwrap();
    tail.split('?').next().unwrap().parse().unwrap()
}

async fn upload(owner: &Client, slug: &str, id: i64, files: Vec<Vec<u8>>) -> reqwest::Response {
    let mut form = Form::new();
    for (i, bytes) in files.into_iter().enumerate() {
        form = form.part(
            "images",
            Part::bytes(bytes)
                .file_name(format!("photo{i}.jpg"))
                .mime_str("image/jpeg")
                .unwrap(),
        );
    }
    owner
        .post_multipart(&format!("/s/{slug}/admin/products/{id}/images"), form)
        .await
}

async fn images(app: &TestApp, slug: &str, id: i64) -> Vec<store::catalog_images::Image> {
    let shop = app.shop_id(slug).await;
    let mut c = app.store.reader().await.unwrap();
    store::catalog_images::for_product(&mut c, shop, id)
        .await
        .unwrap()
}

#[tokio::test]
async fn uploaded_photos_become_a_responsive_gallery() {
    let app = TestApp::new().await;
    let owner = bilingual(&app, "img-shop").await;
    let id = create(&owner, "img-shop", &product("draft")).await;

    // Two photos at once; the first is wide enough for every width.
    let r = upload(
        &owner,
        "img-shop",
        id,
        vec![photo(1600, 1200), photo(500, 400)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let imgs = images(&app, "img-shop", id).await;
    assert_eq!(imgs.len(), 2);
    assert_eq!((imgs[0].width, imgs[0].height), (1280, 960));
    assert_eq!((imgs[1].width, imgs[1].height), (500, 400));

    // Publishing without descriptions is refused, naming what is missing; a draft saves.
    let mut active = product("active");
    active.push(("v0_id", ""));
    let r = owner
        .post_form(&format!("/s/img-shop/admin/products/{id}"), &active)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("image 1 (English)"), "{body}");
    assert!(body.contains("image 2 (Français)") || body.contains("image 2 (français)"));
    // Nor does the product list's bulk "publish" let it through.
    let ids = id.to_string();
    let r = owner
        .post_form(
            "/s/img-shop/admin/products/bulk",
            &[("ids", ids.as_str()), ("action", "publish")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, list) = owner.get_text(&location(&r)).await;
    assert!(list.contains("la description d’une photo"), "{list}");
    let (s, _) = app.client().get_text("/s/img-shop/p/plateau-berger").await;
    assert_eq!(s, StatusCode::NOT_FOUND, "still a draft");

    // Describe both images in both languages, then move the second one first.
    let (a, b) = (imgs[0].id, imgs[1].id);
    let fields = [
        (
            format!("alt_{a}_fr"),
            "Plateau de fromages sur bois".to_string(),
        ),
        (format!("alt_{a}_en"), "Cheese tray on wood".to_string()),
        (format!("alt_{b}_fr"), "Détail d’un fromage".to_string()),
        (format!("alt_{b}_en"), "Close-up of a cheese".to_string()),
        ("op".to_string(), format!("up-{b}")),
    ];
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = owner
        .post_form(
            &format!("/s/img-shop/admin/products/{id}/images/alts"),
            &fields,
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let imgs = images(&app, "img-shop", id).await;
    assert_eq!(imgs[0].id, b, "moved up");

    // Now publishing works; the product page shows the gallery.
    let r = owner
        .post_form(
            &format!("/s/img-shop/admin/products/{id}"),
            &product("active"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (s, page) = app.client().get_text("/s/img-shop/p/plateau-berger").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("<picture>"), "{page}");
    assert!(page.contains("alt=\"Détail d’un fromage\""), "{page}");
    assert!(page.contains("fetchpriority=\"high\""));
    assert!(page.contains("loading=\"lazy\""));
    assert!(page.contains("og:image\" content=\"http"));
    assert!(page.contains("\"image\":[\"http"), "JSON-LD image absolute");
    // The wide photo has 3 widths in both formats.
    let wide = page
        .split("<picture>")
        .nth(2)
        .expect("second picture")
        .split("</picture>")
        .next()
        .unwrap()
        .to_string();
    let mut urls = Vec::new();
    for (ext, ty) in [("webp", "image/webp"), ("jpg", "image/jpeg")] {
        for w in [320, 640, 1280] {
            let needle = format!("-{w}.{ext} {w}w");
            let at = wide
                .find(&needle)
                .unwrap_or_else(|| panic!("{needle} in {wide}"));
            let start = wide[..at].rfind("/s/img-shop/media/").unwrap();
            urls.push((format!("{}-{w}.{ext}", &wide[start..at]), ty, w));
        }
    }
    assert!(wide.contains("width=\"1280\" height=\"960\""));
    for (url, ty, w) in &urls {
        let r = app.client().get(url).await;
        assert_eq!(r.status(), StatusCode::OK, "{url}");
        assert_eq!(r.headers()["content-type"], *ty);
        assert_eq!(
            r.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let img = image::load_from_memory(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(img.width(), *w);
    }
    // English page: English alt. Search result cards carry the first image.
    let (_, en) = app
        .client()
        .get_text("/s/img-shop/en/p/shepherd-tray")
        .await;
    assert!(en.contains("alt=\"Close-up of a cheese\""), "{en}");
    let (_, found) = app.client().get_text("/s/img-shop/search?q=plateau").await;
    assert!(found.contains("class=\"card-img\""), "{found}");
    assert!(found.contains("alt=\"Détail d’un fromage\""));

    // A variant picked through the query string shows its image first.
    let variants = {
        let shop = app.shop_id("img-shop").await;
        let mut c = app.store.reader().await.unwrap();
        store::catalog::variants(&mut c, shop, id).await.unwrap()
    };
    let mut with_image = product("active");
    let v0 = variants[0].id.to_string();
    let v1 = variants[1].id.to_string();
    let img_a = a.to_string();
    with_image.extend([
        ("v0_id", v0.as_str()),
        ("v1_id", v1.as_str()),
        ("v1_image", img_a.as_str()),
    ]);
    let r = owner
        .post_form(&format!("/s/img-shop/admin/products/{id}"), &with_image)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, picked) = app
        .client()
        .get_text("/s/img-shop/p/plateau-berger?o1=L")
        .await;
    let first = picked.split("<picture>").nth(1).unwrap();
    assert!(first.contains("Plateau de fromages sur bois"), "{first}");

    // Deleting an image removes it from the page and its files from storage.
    let first_url = urls[0].0.clone();
    let r = owner
        .post_form(
            &format!("/s/img-shop/admin/products/{id}/images/alts"),
            &[("op", &format!("delete-{a}"))],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.client().get_text("/s/img-shop/p/plateau-berger").await;
    assert!(!page.contains("Plateau de fromages sur bois"));
    assert_eq!(page.matches("<picture>").count(), 1);
    assert_eq!(
        app.client().get(&first_url).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn bad_uploads_are_refused_with_a_message_and_nothing_lost() {
    let app = TestApp::new().await;
    let owner = bilingual(&app, "bad-img").await;
    let id = create(&owner, "bad-img", &product("draft")).await;
    let r = upload(&owner, "bad-img", id, vec![photo(400, 300)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for (bytes, needle) in [
        (b"<html>not an image</html>".to_vec(), "PNG, JPEG"),
        (bomb(), "30000"),
    ] {
        let r = upload(&owner, "bad-img", id, vec![bytes]).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = r.text().await.unwrap();
        assert!(body.contains("class=\"alert error\""), "{body}");
        assert!(body.contains(needle), "{needle}: {body}");
    }
    assert_eq!(
        images(&app, "bad-img", id).await.len(),
        1,
        "the saved image is kept"
    );
}

#[tokio::test]
async fn another_shop_cannot_see_change_or_delete_images() {
    let app = TestApp::new().await;
    let owner = bilingual(&app, "shop-a").await;
    let id = create(&owner, "shop-a", &product("draft")).await;
    let r = upload(&owner, "shop-a", id, vec![photo(400, 300)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let img = images(&app, "shop-a", id).await[0].id;

    let other = app.owner("shop-b").await;
    let r = upload(&other, "shop-b", id, vec![photo(400, 300)]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (s, _) = other
        .get_text(&format!("/s/shop-b/admin/products/{id}"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    for op in [format!("delete-{img}"), format!("up-{img}")] {
        let r = other
            .post_form(
                &format!("/s/shop-b/admin/products/{id}/images/alts"),
                &[("op", &op), (&format!("alt_{img}_fr"), "piraté")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    // Saving descriptions alone (no move, no delete) is not "saved" either.
    let r = other
        .post_form(
            &format!("/s/shop-b/admin/products/{id}/images/alts"),
            &[(&format!("alt_{img}_fr"), "piraté")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "{:?}", r.headers());
    // Shop A's product through shop B's address is not there either.
    let imgs = images(&app, "shop-a", id).await;
    assert_eq!(imgs.len(), 1);
    assert!(imgs[0].alts.is_empty());
    // Shop A's files are not served under shop B.
    let name = format!("{}-320.jpg", imgs[0].key_prefix.rsplit('/').next().unwrap());
    assert_eq!(
        app.client()
            .get(&format!("/s/shop-a/media/{name}"))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.client()
            .get(&format!("/s/shop-b/media/{name}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}
