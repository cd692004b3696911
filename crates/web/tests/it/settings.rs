//! Personalisation: name, languages and taglines, logo, colours, legal identity, payments; bad
//! input gets a message and keeps what was saved.
use crate::common::*;
use reqwest::multipart::{Form, Part};

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(w, h, image::Rgba([200, 120, 20, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn upload(c: &Client, slug: &str, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let form = Form::new().part(
        "logo",
        Part::bytes(bytes)
            .file_name(name.to_string())
            .mime_str("image/png")
            .unwrap(),
    );
    c.post_multipart(&format!("/s/{slug}/admin/appearance/logo"), form)
        .await
}

#[tokio::test]
async fn logo_is_checked_resized_and_shown() {
    let app = TestApp::new().await;
    let owner = app.owner("logo-shop").await;
    let r = upload(&owner, "logo-shop", "logo.png", png(1600, 800)).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let (_, home) = app.client().get_text("/s/logo-shop/").await;
    let src = home
        .split("<img src=\"")
        .nth(1)
        .expect("logo in the header")
        .split('"')
        .next()
        .unwrap()
        .to_string();
    assert!(src.starts_with("/s/logo-shop/media/logo-"), "{src}");
    let r = app.client().get(&src).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert!(r.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    let img = image::load_from_memory(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(
        (img.width(), img.height()),
        (512, 256),
        "resized to fit 512"
    );

    // A text file named .png and an empty file are refused, each with its own message (not the
    // form's hint, which names the formats too).
    for (name, bytes, needle) in [
        (
            "evil.png",
            b"<script>alert(1)</script>".to_vec(),
            "pas une image PNG, JPEG ou WebP",
        ),
        ("empty.png", vec![], "Le fichier envoyé est vide"),
    ] {
        let r = upload(&owner, "logo-shop", name, bytes).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let body = r.text().await.unwrap();
        assert!(body.contains("class=\"alert error\""), "{name}: {body}");
        assert!(body.contains(needle), "{name}: {needle:?} in {body}");
    }
    let (_, home2) = app.client().get_text("/s/logo-shop/").await;
    assert!(
        home2.contains(&src),
        "the saved logo is kept after a refused upload"
    );
}

#[tokio::test]
async fn storage_limit_of_the_plan_is_enforced_with_a_message() {
    let app = TestApp::new().await;
    let owner = app.owner("tiny-plan").await;
    let id = app.shop_id("tiny-plan").await;
    let mut tx = app.store.begin().await.unwrap();
    let plan = store::plan::create(&mut tx, "Tiny", 10, 2, 100)
        .await
        .unwrap();
    store::shop::set_plan(&mut tx, id, plan).await.unwrap();
    store::commit(tx).await.unwrap();
    let r = upload(&owner, "tiny-plan", "logo.png", png(300, 300)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("ne tient pas dans l’espace de stockage de votre formule"),
        "{body}"
    );
    let (_, home) = app.client().get_text("/s/tiny-plan/").await;
    assert!(!home.contains("/media/logo-"), "no logo saved: {home}");
}

#[tokio::test]
async fn unreadable_colours_are_refused() {
    let app = TestApp::new().await;
    let owner = app.owner("colours").await;
    let r = owner
        .post_form(
            "/s/colours/admin/appearance/colors",
            &[
                ("primary", "#777777"),
                ("background", "#ffffff"),
                ("text", "#eeeeee"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    // The message itself: the form's hint speaks of contrast too.
    assert!(
        body.contains("Ces deux couleurs sont trop proches"),
        "{body}"
    );
    let r = owner
        .post_form(
            "/s/colours/admin/appearance/colors",
            &[
                ("primary", "#1d4e89"),
                ("background", "#ffffff"),
                ("text", "#1a1a1a"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, home) = app.client().get_text("/s/colours/").await;
    let css_url = home
        .split("href=\"")
        .find(|s| s.contains("theme.css"))
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let (_, css) = app.client().get_text(&css_url.replace("&amp;", "&")).await;
    assert!(
        css.contains("--primary:#1d4e89")
            && css.contains("--bg:#ffffff")
            && css.contains("--on-primary:#ffffff"),
        "{css}"
    );
    let r = owner
        .post_form(
            "/s/colours/admin/appearance/colors",
            &[
                ("primary", "blue"),
                ("background", "#fff"),
                ("text", "#000"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn general_settings_languages_and_taglines() {
    let app = TestApp::new().await;
    let owner = app.owner("bilingue").await;
    let r = owner
        .post_form(
            "/s/bilingue/admin/settings",
            &[
                ("name", "Fromages d'Émilie"),
                ("langs", "fr"),
                ("langs", "en"),
                ("default_lang", "fr"),
                ("currency", "eur"),
                ("timezone", "Europe/Paris"),
                ("tagline_fr", "Plateaux de fromages"),
                ("tagline_en", "Cheese trays"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let shopper = app.client();
    let fr = shopper
        .http
        .get(shopper.url("/s/bilingue/"))
        .header("accept-language", "fr-FR,fr;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        fr.contains("<html lang=\"fr\">")
            && fr.contains("Plateaux de fromages")
            && fr.contains("Mentions légales")
    );
    assert!(
        fr.contains("Fromages d&#x27;Émilie") || fr.contains("Fromages d&#39;Émilie"),
        "{fr}"
    );
    let en = shopper
        .http
        .get(shopper.url("/s/bilingue/en/"))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        en.contains("<html lang=\"en\">")
            && en.contains("Cheese trays")
            && en.contains("Legal notice")
    );
    // A page's language in its address wins, for every text on it (what hreflang links rely on);
    // old `?lang=` addresses move permanently to the clean ones.
    let r = shopper
        .http
        .get(shopper.url("/s/bilingue/?lang=en"))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 301);
    assert_eq!(location(&r), "/s/bilingue/en/");
    let r = shopper
        .http
        .get(shopper.url("/s/bilingue/en/"))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap();
    let en2 = r.text().await.unwrap();
    assert!(
        en2.contains("<html lang=\"en\">")
            && en2.contains("Cheese trays")
            && !en2.contains("Plateaux de fromages"),
        "{en2}"
    );
    // The switcher's choice is remembered over the browser's language.
    let r = shopper.get("/s/bilingue/lang/fr?next=/s/bilingue/").await;
    assert_eq!(location(&r), "/s/bilingue/");
    let fr2 = shopper
        .http
        .get(shopper.url("/s/bilingue/"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(fr2.contains("<html lang=\"fr\">"));
    // An open redirect through the switcher is not possible.
    let r = shopper.get("/lang/en?next=//evil.example/").await;
    assert_eq!(location(&r), "/");

    // Bad values: message, 422, nothing saved.
    let r = owner
        .post_form(
            "/s/bilingue/admin/settings",
            &[
                ("name", ""),
                ("default_lang", "fr"),
                ("currency", "XXX1"),
                ("timezone", "Mars/Olympus"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.matches("class=\"error\"").count() >= 3, "{body}");
    let mut conn = app.store.reader().await.unwrap();
    let shop = store::shop::by_slug(&mut conn, "bilingue")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(shop.name, "Fromages d'Émilie");
    assert_eq!(shop.currency, "EUR");
}

#[tokio::test]
async fn legal_identity_makes_the_legal_notice() {
    let app = TestApp::new().await;
    let owner = app.owner("legal-shop").await;
    let mut fields = vec![
        ("status", "ei"),
        ("legal_name", "Émilie Martin"),
        ("siret", "732 829 320 00075"),
        ("vat_franchise", "1"),
        ("address", "12 rue des Halles"),
        ("postal_code", "21000"),
        ("city", "Dijon"),
        ("country", "France"),
        ("email", "contact@fromagerie.example"),
        ("phone", "03 80 00 00 00"),
        ("publication_director", "Émilie Martin"),
        ("mediator_name", "CNPM"),
        ("mediator_url", "https://www.cnpm-mediation-consommation.eu"),
    ];
    let r = owner.post_form("/s/legal-shop/admin/legal", &fields).await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a SIRET with a wrong checksum is refused"
    );
    let body = r.text().await.unwrap();
    assert!(body.contains("id=\"siret-err\""), "{body}");
    assert!(
        body.contains("value=\"12 rue des Halles\""),
        "what was typed is kept"
    );
    fields[2] = ("siret", "732 829 320 00074");
    let r = owner.post_form("/s/legal-shop/admin/legal", &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (s, notice) = app
        .client()
        .get_text("/s/legal-shop/mentions-legales")
        .await;
    assert_eq!(s, StatusCode::OK);
    for needle in [
        "Émilie Martin EI",
        "732 829 320 00074",
        "732 829 320",
        "TVA non applicable, art. 293 B du CGI",
        "12 rue des Halles, 21000 Dijon",
        "CNPM",
    ] {
        assert!(notice.contains(needle), "{needle} missing in {notice}");
    }
    // A company with a VAT number instead of the franchise.
    let r = owner
        .post_form(
            "/s/legal-shop/admin/legal",
            &[
                ("status", "company"),
                ("legal_name", "Fromages SAS"),
                ("siret", "73282932000074"),
                ("vat_number", "FR44732829320"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, notice) = app
        .client()
        .get_text("/s/legal-shop/mentions-legales")
        .await;
    assert!(notice.contains("FR44732829320") && !notice.contains("Fromages SAS EI"));
    // Neither a VAT number nor the franchise: refused.
    let r = owner
        .post_form(
            "/s/legal-shop/admin/legal",
            &[
                ("status", "company"),
                ("legal_name", "X"),
                ("vat_number", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn bank_details_are_checked() {
    let app = TestApp::new().await;
    let owner = app.owner("virement").await;
    let r = owner
        .post_form(
            "/s/virement/admin/payments",
            &[
                ("enabled", "1"),
                ("holder", "Émilie Martin"),
                ("iban", "FR76 3000 6000 0112 3456 7890 188"),
                ("bic", "BNPAFRPP"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = owner
        .post_form(
            "/s/virement/admin/payments",
            &[
                ("enabled", "1"),
                ("holder", "Émilie Martin"),
                ("iban", "FR76 3000 6000 0112 3456 7890 189"),
                ("bic", "BNPAFRPP"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = owner.get_text("/s/virement/admin/payments").await;
    assert!(page.contains("FR76 3000 6000 0112 3456 7890 189"));
}

#[tokio::test]
async fn an_upload_over_the_size_limit_gets_413_with_a_message() {
    let app = TestApp::new().await;
    let owner = app.owner("gros-fichier").await;
    let r = upload(
        &owner,
        "gros-fichier",
        "huge.png",
        vec![0u8; 13 * 1024 * 1024],
    )
    .await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body = r.text().await.unwrap();
    assert!(body.contains("12 Mo") || body.contains("12 MB"), "{body}");
}

/// The settings form as the seller sends it, with `currency`.
fn general(currency: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", "Devises".into()),
        ("langs", "fr".into()),
        ("langs", "en".into()),
        ("default_lang", "fr".into()),
        ("currency", currency.into()),
        ("timezone", "Europe/Paris".into()),
    ]
}

async fn currency_of(app: &TestApp, slug: &str) -> String {
    let mut conn = app.store.reader().await.unwrap();
    store::shop::by_slug(&mut conn, slug)
        .await
        .unwrap()
        .unwrap()
        .currency
}

#[tokio::test]
async fn the_currency_is_fixed_once_the_shop_has_products() {
    let app = TestApp::new().await;
    let owner = app.owner("devises").await;
    let post = |currency: &'static str| {
        let owner = &owner;
        async move {
            let fields = general(currency);
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            owner.post_form("/s/devises/admin/settings", &fields).await
        }
    };
    // No price yet: the currency is the seller's choice.
    let (_, page) = owner.get_text("/s/devises/admin/settings").await;
    assert!(page.contains("<select id=\"currency\""), "{page}");
    assert_eq!(post("CHF").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(currency_of(&app, "devises").await, "CHF");

    let r = owner
        .post_form(
            "/s/devises/admin/products/new",
            &[
                ("kind", "physical"),
                ("title_fr", "Plateau du berger"),
                ("slug_fr", "plateau-berger"),
                ("title_en", "Shepherd tray"),
                ("slug_en", "shepherd-tray"),
                ("status", "draft"),
                ("vat_class", "reduced"),
                ("axis1_fr", "Taille"),
                ("axis1_en", "Size"),
                ("rows", "2"),
                ("v0_o1", "S"),
                ("v0_price", "19.99"),
                ("v0_qty", "3"),
                ("v1_o1", "L"),
                ("v1_price", "30"),
                ("v1_qty", "3"),
            ],
        )
        .await;
    let s = r.status();
    assert_eq!(s, StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());

    // Now its prices are in CHF: another currency is refused with the reason, nothing changes.
    let r = post("JPY").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("La devise ne peut pas changer") && body.contains("CHF"),
        "{body}"
    );
    assert_eq!(currency_of(&app, "devises").await, "CHF");
    // The same currency still saves the other settings.
    assert_eq!(post("CHF").await.status(), StatusCode::SEE_OTHER);
    // The form shows it as fixed, and why.
    let (_, page) = owner.get_text("/s/devises/admin/settings").await;
    assert!(!page.contains("<select id=\"currency\""), "{page}");
    assert!(page.contains("value=\"CHF\" readonly"), "{page}");
    assert!(page.contains("Figée"), "{page}");
    // The API shows the currency but offers no way to change it.
    let r = owner.get("/s/devises/api/v1/shop").await;
    let j: serde_json::Value = r.json().await.unwrap();
    assert_eq!(j["currency"], "CHF");
}
