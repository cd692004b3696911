//! The journey of a shopper brought by the platform, in a real headless Chromium on a phone: she
//! finds a cheese in the mall's search (despite a typo), opens it in the cheesemonger's shop,
//! sees its partner cellar in the "our neighbours" block with the code the cellar offers her,
//! follows the block to a wine, enters the code and orders. The cellar's seller finds the order
//! credited to the cheesemonger on the Sources page, and makes an affiliate account for a wine
//! blog; both sellers' partner pages are looked at. No page is wider than the phone; screenshots go where the other journeys' go
//! (`$VITRINE_SCREENSHOTS`).

use crate::browser::*;
use crate::browser_order::{fits_the_phone, page_text, phone_screenshot, Shots};
use crate::common::*;
use crate::storefront::{product, New};

use fantoccini::Client as Browser;

const CHEESE: &str = "fromagerie-voisine";
const CELLAR: &str = "cave-voisine";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shopper_finds_a_cheese_in_the_mall_follows_the_partner_block_and_orders_with_its_code() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::new().await;
    let p = crate::partners::partners(&app, CHEESE, CELLAR).await;
    crate::invoice::with_legal_identity(&app, p.cheese).await;
    let r = p
        .cheese_owner
        .post_form(
            &format!("/s/{CHEESE}/admin/settings/mall"),
            &[("listed", "1"), ("category", "food")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    product(
        &app,
        p.cheese,
        New {
            fr: ("Camembert de Normandie", "camembert"),
            price: 890,
            ..Default::default()
        },
    )
    .await;
    let voisins = crate::partners::code(&app, p.cellar, "VOISINS10", "10").await;
    let r = p
        .cellar_owner
        .post_form(
            &format!("/s/{CELLAR}/admin/partners/{CHEESE}/offer"),
            &[("promotion", &voisins.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

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
    // The order is the cellar's, 10 % off the wine, credited to the cheesemonger.
    let mut c = app.store.reader().await.unwrap();
    let order = store::order::by_number(&mut c, p.cellar, "00001")
        .await
        .unwrap()
        .expect("the order");
    assert_eq!(order.promotions, "Voisins (VOISINS10)");
    assert_eq!(order.discount_minor, 320);
    let credited = store::attribution::orders(&mut c, p.cellar, 0, i64::MAX)
        .await
        .unwrap();
    assert_eq!(credited.len(), 1);
    assert_eq!(credited[0].source_channel.as_deref(), Some("partner"));
    assert_eq!(credited[0].source_name, CHEESE);
    assert_eq!(credited[0].source_campaign, "voisins10");
}

async fn sign_in(b: &Browser, base: &str, slug: &str) {
    b.delete_all_cookies().await.expect("sign out");
    open(b, &format!("{base}/s/{slug}/admin/login")).await;
    type_into(b, "#email", &format!("owner@{slug}.example")).await;
    type_into(b, "#password", PASSWORD).await;
    click_and_load(b, "main form button[type=submit]").await;
}

async fn journey(b: Browser, base: String, shots: std::path::PathBuf) {
    let shot = |name: &'static str| {
        let (b, dir) = (b.clone(), shots.clone());
        async move { phone_screenshot(&b, &dir, name).await }
    };

    // The mall's search finds the cheese despite the typo.
    open(&b, &format!("{base}/")).await;
    type_into(&b, "#mall-q", "camembret").await;
    click_and_load(&b, "form.mall-search button[type=submit]").await;
    wait_for_url(&b, |u| u.path() == "/search").await;
    let found = page_text(&b).await;
    assert!(found.contains("Camembert de Normandie"), "{found}");
    click_and_load(&b, ".cards .card a[href$='/p/camembert']").await;
    wait_for_url(&b, |u| u.path() == format!("/s/{CHEESE}/p/camembert")).await;

    // The cheese's page shows the neighbouring cellar, its wine and its code.
    let page = page_text(&b).await;
    assert!(page.contains("Nos voisins"), "{page}");
    assert!(page.contains("Vin jaune 2018"), "{page}");
    assert!(
        page.contains(
            "Avec le code VOISINS10\u{202f}: 10\u{202f}% de remise chez Boutique cave-voisine."
        ),
        "{page}"
    );
    b.execute(
        "document.getElementById('shop-neighbours').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    fits_the_phone(&b).await;
    let png = b.screenshot().await.expect("screenshot");
    std::fs::write(shots.join("partner-1-neighbours.png"), png).expect("save screenshot");

    // She follows the block to the wine and orders it with the code.
    click_and_load(&b, ".neighbours .card a[href*='/p/vin-jaune']").await;
    wait_for_url(&b, |u| {
        u.path() == format!("/s/{CELLAR}/p/vin-jaune")
            && u.query().is_some_and(|q| q.contains("utm_medium=partner"))
    })
    .await;
    shot("partner-2-wine").await;
    click_and_load(&b, "form.buy button[type=submit]").await;
    wait_for_url(&b, |u| u.path() == format!("/s/{CELLAR}/cart")).await;
    type_into(&b, "#code", "voisins10").await;
    click_and_load(&b, "form.cart-code button[type=submit]:not([name])").await;
    wait_for_url(&b, |u| u.path() == format!("/s/{CELLAR}/cart")).await;
    let cart = page_text(&b).await;
    assert!(cart.contains("Remise : Voisins (VOISINS10)"), "{cart}");
    fits_the_phone(&b).await;
    shot("partner-3-cart").await;
    click_and_load(&b, "a.button[href$='/checkout']").await;
    wait_for_url(&b, |u| u.path() == format!("/s/{CELLAR}/checkout")).await;
    type_into(&b, "#email", "lea@example.org").await;
    type_into(&b, "#name", "Léa Bernard").await;
    type_into(&b, "#line1", "8 quai des Chartrons").await;
    type_into(&b, "#postal_code", "33000").await;
    type_into(&b, "#city", "Bordeaux").await;
    click(&b, "input[name=shipping]").await;
    click(&b, "#pay-bank_transfer").await;
    click_and_load(&b, "main form.stack button[type=submit]:not([name])").await;
    wait_for_url(&b, |u| u.path() == format!("/s/{CELLAR}/checkout/review")).await;
    click(&b, "#accept_terms").await;
    click_and_load(&b, "form[action$='/checkout/place'] button").await;
    wait_for_url(&b, |u| {
        u.path().starts_with(&format!("/s/{CELLAR}/orders/"))
    })
    .await;
    let placed = page_text(&b).await;
    assert!(placed.contains("Commande n° 00001"), "{placed}");
    assert!(placed.contains("Remise : Voisins (VOISINS10)"), "{placed}");
    fits_the_phone(&b).await;
    shot("partner-4-placed").await;

    // The cellar's seller sees whom the order is owed to, and its partner page.
    sign_in(&b, &base, CELLAR).await;
    open(&b, &format!("{base}/s/{CELLAR}/admin/sources")).await;
    let sources = page_text(&b).await;
    assert!(sources.contains("Boutique partenaire"), "{sources}");
    assert!(
        sources.contains("fromagerie-voisine (voisins10)"),
        "{sources}"
    );
    fits_the_phone(&b).await;
    shot("partner-5-sources").await;
    open(&b, &format!("{base}/s/{CELLAR}/admin/partners/{CHEESE}")).await;
    let admin = page_text(&b).await;
    assert!(admin.contains("Votre offre à ses clients"), "{admin}");
    fits_the_phone(&b).await;
    shot("partner-6-cellar-admin").await;

    // The cellar also pays a wine blog: it makes its affiliate account.
    open(&b, &format!("{base}/s/{CELLAR}/admin/affiliates/new")).await;
    type_into(&b, "#name", "Le blog du vin jaune").await;
    type_into(&b, "#code", "blog-vin-jaune").await;
    type_into(&b, "#rate", "8,5").await;
    fits_the_phone(&b).await;
    shot("partner-9-affiliate-form").await;
    click_and_load(&b, "main form.stack button[type=submit]").await;
    wait_for_url(&b, |u| u.query() == Some("saved=1")).await;
    let affiliate = page_text(&b).await;
    assert!(affiliate.contains("Affilié enregistré."), "{affiliate}");
    assert!(
        affiliate.contains("?utm_source=blog-vin-jaune&utm_medium=affiliate"),
        "{affiliate}"
    );
    fits_the_phone(&b).await;
    shot("partner-10-affiliate").await;
    open(&b, &format!("{base}/s/{CELLAR}/admin/affiliates")).await;
    fits_the_phone(&b).await;
    shot("partner-11-affiliates").await;

    // The cheesemonger's pages: the partners list and the wine picked for the block.
    sign_in(&b, &base, CHEESE).await;
    open(&b, &format!("{base}/s/{CHEESE}/admin/partners")).await;
    let list = page_text(&b).await;
    assert!(list.contains("Boutique cave-voisine"), "{list}");
    fits_the_phone(&b).await;
    shot("partner-7-list").await;
    open(&b, &format!("{base}/s/{CHEESE}/admin/partners/{CELLAR}")).await;
    let detail = page_text(&b).await;
    assert!(
        detail.contains("Retirer «\u{202f}Vin jaune 2018\u{202f}»"),
        "{detail}"
    );
    fits_the_phone(&b).await;
    shot("partner-8-pick").await;
}
