//! The catalog journey in a real headless Chromium: a seller adds a cheese with a photo and two
//! weights in the admin, in French and English; a shopper on a phone finds it by typing its name
//! without accents in the shop's search box, opens it and picks the other weight (without
//! JavaScript: the picker is a form). Screenshots go to `target/screenshots/`.
use crate::browser::*;
use crate::common::*;

use fantoccini::{Client as Browser, Locator};

const SLUG: &str = "fromagerie-lucie";
/// The editor's own Save button: the first submit of the first form (the image manager's forms
/// come after it).
const SAVE: &str = "main form.stack > p > button[type=submit]:not([name])";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seller_lists_a_cheese_in_two_weights_and_a_shopper_finds_it_without_accents() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::new().await;
    // The shop itself is set up over HTTP (the first journey covers signup in the browser):
    // French by default, English too.
    let owner = app.owner(SLUG).await;
    let r = owner
        .post_form(
            &format!("/s/{SLUG}/admin/settings"),
            &[
                ("name", "Fromagerie Lucie"),
                ("langs", "fr"),
                ("langs", "en"),
                ("default_lang", "fr"),
                ("currency", "eur"),
                ("timezone", "Europe/Paris"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let photo_dir = tempfile::tempdir().expect("tempdir");
    let photo = photo_dir.path().join("epoisses.jpg");
    make_photo(&photo);

    let browser = driver.session().await;
    let outcome = tokio::spawn(journey(browser.clone(), app.url.clone(), photo)).await;
    let _ = browser.close().await;
    drop(driver);
    if let Err(e) = outcome {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
        panic!("browser journey did not finish: {e}");
    }
}

async fn journey(b: Browser, base: String, photo: std::path::PathBuf) {
    let shop = format!("{base}/s/{SLUG}");

    // The seller signs in and starts a new physical product.
    b.goto(&format!("{shop}/admin/login"))
        .await
        .expect("open login");
    fill(&b, "email", &format!("owner@{SLUG}.example")).await;
    fill(&b, "password", PASSWORD).await;
    click_and_load(&b, "main form button[type=submit]").await;
    open(&b, &format!("{shop}/admin/products/new")).await;
    click(&b, "#kind-physical").await;
    click_and_load(&b, "main form button[type=submit]").await;

    // Texts in both languages, one option axis (weight) and two rows of the variant grid.
    fill(&b, "title_fr", "Époisses de Bourgogne").await;
    fill(
        &b,
        "description_fr",
        "Un fromage **affiné** au marc de Bourgogne.",
    )
    .await;
    fill(&b, "title_en", "Époisses from Burgundy").await;
    fill(
        &b,
        "description_en",
        "A cheese washed in *marc de Bourgogne*.",
    )
    .await;
    fill(&b, "axis1_fr", "Poids").await;
    fill(&b, "axis1_en", "Weight").await;
    fill(&b, "v0_o1", "250 g").await;
    fill(&b, "v0_sku", "EPO-250").await;
    fill(&b, "v0_price", "9,50").await;
    fill(&b, "v0_qty", "12").await;
    click_and_load(&b, "button[name=add_row]").await;
    fill(&b, "v1_o1", "500 g").await;
    fill(&b, "v1_sku", "EPO-500").await;
    fill(&b, "v1_price", "17,90").await;
    fill(&b, "v1_qty", "4").await;
    fill(&b, "status", "draft").await;
    screenshot(&b, "catalog-editor-filled").await;
    click_and_load(&b, SAVE).await;
    let saved = current(&b).await;
    assert!(
        saved.contains("/admin/products/") && !saved.contains("/new"),
        "the product was not created: {saved}: {}",
        body_text(&b).await
    );

    // A photo, with its description in both languages, then the product goes live.
    add_photo(&b, &photo).await;
    fill(&b, "status", "active").await;
    click_and_load(&b, SAVE).await;
    assert!(
        b.find(Locator::Css("[aria-invalid=true]")).await.is_err(),
        "publishing was refused: {}",
        body_text(&b).await
    );
    screenshot(&b, "catalog-editor-published").await;

    // A shopper on a phone types the name without its accent in the search box of the home page.
    b.set_window_size(412, 915).await.expect("phone viewport");
    open(&b, &format!("{shop}/")).await;
    fill(&b, "q", "epoisses").await;
    click_and_load(&b, "form[role=search] button").await;
    screenshot(&b, "catalog-search").await;
    let results = text_of(&b, "main").await;
    assert!(
        results.contains("Époisses de Bourgogne"),
        "the search found nothing: {results}"
    );

    // The result leads to the product page, with its photo loaded and the first weight's price.
    click_and_load(&b, "main a[href*='/p/']").await;
    wait_until_loaded(&b, "main picture img").await;
    let page = text_of(&b, "main").await;
    assert!(page.contains("9,50"), "first weight's price: {page}");

    // Picking the other weight shows its price (the picker works as a plain form).
    fill(&b, "o1", "500 g").await;
    click_and_load(&b, "form.picker button[type=submit]").await;
    let page = text_of(&b, "main").await;
    assert!(
        page.contains("17,90"),
        "500 g price after picking it: {page}"
    );
    screenshot(&b, "catalog-product-variant").await;
}

/// Uploads the photo in the editor's image manager and describes it in both languages.
async fn add_photo(b: &Browser, photo: &std::path::Path) {
    let input = wait_for(b, "#images-files").await;
    input
        .send_keys(&photo.display().to_string())
        .await
        .expect("choose the photo");
    click_and_load(b, "form[enctype='multipart/form-data'] button[type=submit]").await;
    wait_until_loaded(b, ".image-row img").await;
    type_into(
        b,
        ".image-row input[name$='_fr']",
        "Un Époisses entier sur une planche",
    )
    .await;
    type_into(
        b,
        ".image-row input[name$='_en']",
        "A whole Époisses on a board",
    )
    .await;
    click_and_load(
        b,
        "form[action$='/images/alts'] > p > button[type=submit]:not([name])",
    )
    .await;
    assert_eq!(
        value_of(b, ".image-row input[name$='_en']").await,
        "A whole Époisses on a board",
        "the description was not kept"
    );
}

/// A photo-like picture: an orange washed-rind cheese on a wooden board, with some grain.
fn make_photo(path: &std::path::Path) {
    let (w, h) = (1200u32, 900u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as i32 - 600, y as i32 - 450);
        let grain = ((x * 7 + y * 13) % 17) as u8;
        if dx * dx + dy * dy < 300 * 300 {
            image::Rgb([0xd9 - grain, 0x7a + grain / 2, 0x2b])
        } else {
            image::Rgb([0x8b + grain, 0x5a + grain / 2, 0x2b + grain / 3])
        }
    });
    img.save(path).expect("write the photo");
}
