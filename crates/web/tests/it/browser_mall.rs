//! A shopper on a phone, in a real headless Chromium, finds a cheese in the mall: the platform's
//! home shows the open shops by category and region; she types "camembret" in its search, is
//! told the words were read as "camembert" and sees the cheese with its shop and price; the
//! card opens the product in its own shop. Screenshots of every step.

use crate::browser::*;
use crate::browser_order::{fits_the_phone, page_text, phone_screenshot, Shots};
use crate::common::*;
use crate::storefront::{product, New};

use fantoccini::Client as Browser;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shopper_on_a_phone_finds_a_cheese_in_the_mall_despite_a_typo() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::new().await;
    let owner = app.owner("fromagerie-mall").await;
    let id = app.shop_id("fromagerie-mall").await;
    crate::invoice::with_legal_identity(&app, id).await;
    let r = owner
        .post_form(
            "/s/fromagerie-mall/admin/settings/mall",
            &[("listed", "1"), ("category", "food")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for (title, slug, price) in [
        ("Camembert de Normandie", "camembert", 890),
        ("Comté 18 mois", "comte", 2450),
    ] {
        product(
            &app,
            id,
            New {
                fr: (title, slug),
                price,
                ..Default::default()
            },
        )
        .await;
    }
    app.owner("librairie-mall").await;

    let shots = Shots::new();
    let browser = driver.phone_session().await;
    let outcome = tokio::spawn(journey(browser.clone(), app.url.clone(), shots.dir.clone())).await;
    let _ = browser.close().await;
    drop(driver);
    match outcome {
        Ok(()) => {}
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("browser journey did not finish: {e}"),
    }
    shots.keep();
}

async fn journey(b: Browser, base: String, shots: std::path::PathBuf) {
    let shot = |name: &'static str| {
        let (b, dir) = (b.clone(), shots.clone());
        async move { phone_screenshot(&b, &dir, name).await }
    };
    open(&b, &format!("{base}/")).await;
    let home = page_text(&b).await;
    assert!(home.contains("Boutique fromagerie-mall"), "{home}");
    assert!(
        home.contains("Épicerie fine et produits du terroir"),
        "{home}"
    );
    assert!(
        home.contains("Auvergne-Rhône-Alpes"),
        "Annecy's region: {home}"
    );
    fits_the_phone(&b).await;
    shot("mall-home").await;

    type_into(&b, "#mall-q", "camembret").await;
    click_and_load(&b, "form.mall-search button[type=submit]").await;
    wait_for_url(&b, |u| u.path() == "/search").await;
    let found = page_text(&b).await;
    assert!(found.contains("« camembert »"), "{found}");
    assert!(found.contains("Camembert de Normandie"), "{found}");
    assert!(found.contains("8,90"), "{found}");
    assert!(
        found.contains("Vendu par Boutique fromagerie-mall"),
        "{found}"
    );
    assert!(!found.contains("Comté"), "{found}");
    fits_the_phone(&b).await;
    shot("mall-search").await;

    click_and_load(&b, ".cards .card a[href$='/p/camembert']").await;
    wait_for_url(&b, |u| u.path() == "/s/fromagerie-mall/p/camembert").await;
    let page = page_text(&b).await;
    assert!(page.contains("Camembert de Normandie"), "{page}");
    shot("mall-to-product").await;
}
