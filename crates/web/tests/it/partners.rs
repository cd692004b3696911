//! Partnerships between shops, on both backends: a cheesemonger invites a wine cellar by the
//! address of one of its pages; the cellar's owner is told by e-mail and accepts; each picks
//! the other's products for its "our neighbours" block and the cellar offers a code to the
//! cheesemonger's customers. A shopper follows the block's link and orders with the code: the
//! visit and the order are the cheesemonger's in the cellar's sources, and so is the order of
//! someone who only typed the code. The block follows the partner's changes on cached pages
//! and goes when the partnership ends; refusals keep one shop out of another's data; a limit
//! and crossed invitations hold when many are sent at once.

use crate::checkout::{add, fill, key_of, place, shop_with_transfer, ADDRESS};
use crate::common::*;
use crate::storefront::{product, New};

/// Saves a percentage code through the seller's use case; its id.
pub(crate) async fn code(app: &TestApp, id: store::id::ShopId, code: &str, percent: &str) -> i64 {
    let mut c = app.store.reader().await.unwrap();
    let shop = store::shop::by_id(&mut c, id).await.unwrap();
    drop(c);
    let input = app::promotion::Input {
        name: "Voisins".into(),
        code: code.into(),
        benefit: "percent".into(),
        percent: percent.into(),
        active: true,
        ..Default::default()
    };
    app::promotion::save(&app.store, &shop, None, &input)
        .await
        .unwrap()
        .unwrap_or_else(|p| panic!("refused: {p:?}"))
        .id
}

/// The sources the shop's orders are credited to, oldest first.
async fn order_sources(app: &TestApp, id: store::id::ShopId) -> Vec<(String, String, String)> {
    let mut c = app.store.reader().await.unwrap();
    let mut orders = store::attribution::orders(&mut c, id, 0, i64::MAX)
        .await
        .unwrap();
    orders.sort_by_key(|o| o.created_at);
    orders
        .into_iter()
        .map(|o| {
            (
                o.source_channel.unwrap_or_default(),
                o.source_name,
                o.source_campaign,
            )
        })
        .collect()
}

fn source(channel: &str, name: &str, campaign: &str) -> (String, String, String) {
    (channel.into(), name.into(), campaign.into())
}

/// Orders one of `variant` in shop `slug` with discount code `code`.
async fn order_with_code(client: &Client, slug: &str, variant: i64, code: &str) {
    add(client, slug, variant, 1).await;
    let r = client
        .post_form(&format!("/s/{slug}/cart/code"), &[("code", code)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the code is taken");
    let review = fill(client, slug, ADDRESS).await;
    assert!(
        review.contains(&code.to_uppercase()),
        "the recap names the code"
    );
    let r = place(client, slug, &key_of(&review)).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
}

/// Two shops with a product each, partners: the cheese shop shows the cellar's wine.
pub(crate) struct Pair {
    pub(crate) cheese: store::id::ShopId,
    pub(crate) cellar: store::id::ShopId,
    pub(crate) wine: i64,
    pub(crate) wine_variant: i64,
    pub(crate) cheese_owner: Client,
    pub(crate) cellar_owner: Client,
}

pub(crate) async fn partners(app: &TestApp, cheese: &str, cellar: &str) -> Pair {
    let (cheese_id, _, _) = shop_with_transfer(app, cheese).await;
    let (cellar_id, _, _) = shop_with_transfer(app, cellar).await;
    let wine = product(
        app,
        cellar_id,
        New {
            fr: ("Vin jaune 2018", "vin-jaune"),
            price: 3200,
            ..Default::default()
        },
    )
    .await;
    let wine_variant = crate::checkout::variant_of(app, cellar_id, wine).await;
    let cheese_owner = app.signed_in(cheese).await;
    let cellar_owner = app.signed_in(cellar).await;

    // The cheesemonger copies the address of one of the cellar's pages.
    let r = cheese_owner
        .post_form(
            &format!("/s/{cheese}/admin/partners/invite"),
            &[
                ("target", &format!("{}/s/{cellar}/p/vin-jaune", app.url)),
                (
                    "message",
                    "Bonjour ! Nos clients aiment vos vins avec nos comtés.",
                ),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&r),
        format!("/s/{cheese}/admin/partners?done=invited")
    );
    // The cellar's owner hears of it, with the message and where to answer.
    let mail = app
        .wait_for_email(
            &format!("owner@{cellar}.example"),
            &format!("Boutique {cheese} vous propose un partenariat"),
        )
        .await;
    assert!(mail.contains("Nos clients aiment vos vins"), "{mail}");
    assert!(
        mail.contains(&format!("/s/{cellar}/admin/partners")),
        "{mail}"
    );
    let (_, page) = cellar_owner
        .get_text(&format!("/s/{cellar}/admin/partners"))
        .await;
    assert!(page.contains("Invitations reçues"), "{page}");
    assert!(page.contains("Nos clients aiment vos vins"), "{page}");
    let r = cellar_owner
        .post_form(&format!("/s/{cellar}/admin/partners/{cheese}/accept"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    app.wait_for_email(
        &format!("owner@{cheese}.example"),
        &format!("Boutique {cellar} a accepté votre partenariat"),
    )
    .await;

    // The cheesemonger picks the wine among the cellar's products.
    let (status, page) = cheese_owner
        .get_text(&format!("/s/{cheese}/admin/partners/{cellar}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Montrer «\u{202f}Vin jaune 2018\u{202f}»"),
        "{page}"
    );
    assert!(page.contains("32,00\u{a0}€"), "{page}");
    let r = cheese_owner
        .post_form(
            &format!("/s/{cheese}/admin/partners/{cellar}/show"),
            &[("product", &wine.to_string()), ("show", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    Pair {
        cheese: cheese_id,
        cellar: cellar_id,
        wine,
        wine_variant,
        cheese_owner,
        cellar_owner,
    }
}

#[tokio::test]
async fn a_partner_shop_shows_the_other_and_its_links_and_co_offer_bring_orders_credited_to_it() {
    let app = TestApp::new().await;
    let p = partners(&app, "fromagerie", "cave").await;

    // The cellar offers a code to the cheesemonger's customers.
    let voisins = code(&app, p.cellar, "VOISINS10", "10").await;
    let r = p
        .cellar_owner
        .post_form(
            "/s/cave/admin/partners/fromagerie/offer",
            &[("promotion", &voisins.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = p
        .cheese_owner
        .get_text("/s/fromagerie/admin/partners/cave")
        .await;
    assert!(
        page.contains(
            "Son offre à vos clients\u{202f}: le code VOISINS10 (10\u{202f}% de remise)."
        ),
        "{page}"
    );

    // The cheesemonger's home and product pages show the block, its links saying who sent.
    let link = "/s/cave/p/vin-jaune?utm_source=fromagerie&amp;utm_medium=partner&amp;utm_campaign=neighbours";
    let shopper = app.client();
    for page in ["/s/fromagerie/", "/s/fromagerie/p/comte"] {
        let (status, html) = shopper.get_text(page).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("<h2 id=\"shop-neighbours\">Nos voisins</h2>"),
            "{html}"
        );
        assert!(
            html.contains(&format!("<a href=\"{link}\">")),
            "{page}: {html}"
        );
        assert!(html.contains("Vin jaune 2018"), "{html}");
        assert!(html.contains("32,00\u{a0}€"), "{html}");
        assert!(
            html.contains(
                "Avec le code VOISINS10\u{202f}: 10\u{202f}% de remise chez Boutique cave."
            ),
            "{html}"
        );
        assert!(
            html.contains("<h3><a href=\"/s/cave/?utm_source=fromagerie&amp;utm_medium=partner&amp;utm_campaign=neighbours\">Boutique cave</a></h3>"),
            "{html}"
        );
    }
    // And the cellar shows the cheesemonger, once it picks nothing: its name and link alone.
    let (_, html) = shopper.get_text("/s/cave/").await;
    assert!(
        html.contains("utm_source=cave&amp;utm_medium=partner"),
        "{html}"
    );
    assert!(html.contains(">Boutique fromagerie</a></h3>"), "{html}");

    // The shopper follows the wine's link and orders it with the code.
    let r = shopper
        .http
        .get(shopper.url(&link.replace("&amp;", "&")))
        .header("referer", format!("{}/s/fromagerie/p/comte", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let kept = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.starts_with("vitrine_src=partner|fromagerie|neighbours|"));
    assert!(kept, "the visit is the partner's");
    order_with_code(&shopper, "cave", p.wine_variant, "VOISINS10").await;
    // Someone the cheesemonger told the code to orders without following a link.
    let told = app.client();
    order_with_code(&told, "cave", p.wine_variant, "voisins10").await;
    // Someone else orders with no code.
    let other = app.client();
    add(&other, "cave", p.wine_variant, 1).await;
    let review = fill(&other, "cave", ADDRESS).await;
    assert_eq!(
        place(&other, "cave", &key_of(&review)).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        order_sources(&app, p.cellar).await,
        vec![
            source("partner", "fromagerie", "voisins10"),
            source("partner", "fromagerie", "voisins10"),
            source("direct", "", ""),
        ]
    );
    // The cellar's seller reads it on the Sources page.
    let (_, page) = p.cellar_owner.get_text("/s/cave/admin/sources").await;
    assert!(
        page.contains("Boutique partenaire<span class=\"source-name\">fromagerie (voisins10)</span></th><td class=\"num\">0</td><td class=\"num\">2</td>"),
        "{page}"
    );
    assert!(
        page.contains("Boutique partenaire<span class=\"source-name\">fromagerie (neighbours)</span></th><td class=\"num\">1</td><td class=\"num\">0</td>"),
        "{page}"
    );
    let _ = p.wine;
}

#[tokio::test]
async fn the_block_follows_the_partners_changes_on_cached_pages_and_goes_with_the_partnership() {
    let app = TestApp::new().await;
    let p = partners(&app, "fromages", "caviste").await;
    let shopper = app.client();
    let home = "/s/fromages/";
    let (_, html) = shopper.get_text(home).await;
    assert!(html.contains("Vin jaune 2018"), "{html}");
    let r = shopper.get(home).await;
    assert_eq!(r.headers().get("x-page-cache").unwrap(), "hit");

    // The cellar renames itself: the cheesemonger's cached page says so at once.
    let r = p
        .cellar_owner
        .post_form(
            "/s/caviste/admin/settings",
            &[
                ("name", "La Cave du Jura"),
                ("langs", "fr"),
                ("langs", "en"),
                ("default_lang", "fr"),
                ("currency", "EUR"),
                ("timezone", "Europe/Paris"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = shopper.get_text(home).await;
    assert!(html.contains(">La Cave du Jura</a></h3>"), "{html}");

    // It takes the wine off sale: the block no longer offers it.
    let mut tx = app.store.begin().await.unwrap();
    store::catalog::set_status(&mut tx, p.cellar, &[p.wine], "draft")
        .await
        .unwrap();
    store::shop::bump_version(&mut tx, p.cellar).await.unwrap();
    store::commit(tx).await.unwrap();
    let (_, html) = shopper.get_text(home).await;
    assert!(!html.contains("Vin jaune 2018"), "{html}");
    assert!(html.contains(">La Cave du Jura</a></h3>"), "{html}");

    // The cheesemonger ends the partnership: both blocks go.
    let r = p
        .cheese_owner
        .post_form("/s/fromages/admin/partners/caviste/leave", &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = shopper.get_text(home).await;
    assert!(!html.contains("Nos voisins"), "{html}");
    let (_, html) = shopper.get_text("/s/caviste/").await;
    assert!(!html.contains("Nos voisins"), "{html}");
    let (_, page) = p.cellar_owner.get_text("/s/caviste/admin/partners").await;
    assert!(page.contains("Pas encore de partenaire"), "{page}");
    let _ = p.cheese;
}

#[tokio::test]
async fn invitations_are_answered_once_and_one_shop_never_reaches_into_another() {
    let app = TestApp::new().await;
    let p = partners(&app, "laiterie", "vignoble").await;
    let (third, _, _) = shop_with_transfer(&app, "tiers").await;
    let third_product = product(
        &app,
        third,
        New {
            fr: ("Miel", "miel"),
            ..Default::default()
        },
    )
    .await;
    let owner = &p.cheese_owner;
    let invite = |target: &'static str| async move {
        let r = owner
            .post_form(
                "/s/laiterie/admin/partners/invite",
                &[("target", target), ("message", "")],
            )
            .await;
        (r.status(), r.text().await.unwrap())
    };
    for (target, said) in [
        ("laiterie", "C’est l’adresse de votre propre boutique."),
        ("inconnue", "Aucune boutique ouverte à cette adresse."),
        ("", "Indiquez l’adresse de la boutique à inviter."),
        ("vignoble", "Vous êtes déjà partenaires."),
    ] {
        let (status, page) = invite(target).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{target}");
        assert!(page.contains(said), "{target}: {page}");
        assert!(
            page.contains(&format!("value=\"{target}\"")),
            "typed value kept"
        );
    }
    // An invitation to the third shop, then that shop's answer: declined, seen by the sender.
    let (status, _) = invite("tiers").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = invite("tiers").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Une invitation est déjà en attente"),
        "{page}"
    );
    let third_owner = app.signed_in("tiers").await;
    let r = third_owner
        .post_form("/s/tiers/admin/partners/laiterie/leave", &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = owner.get_text("/s/laiterie/admin/partners").await;
    assert!(page.contains("Invitation refusée le"), "{page}");
    // Accepting an invitation that is gone is refused and changes nothing.
    let r = third_owner
        .post_form("/s/tiers/admin/partners/laiterie/accept", &[])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Withdrawing and inviting again is no way to send e-mails without end: three a day.
    for n in 2..=4 {
        let r = owner
            .post_form("/s/laiterie/admin/partners/tiers/leave", &[])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let (status, page) = invite("tiers").await;
        if n < 4 {
            assert_eq!(status, StatusCode::SEE_OTHER, "invitation {n}");
        } else {
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(
                page.contains("assez d’invitations pour aujourd’hui"),
                "{page}"
            );
        }
    }
    let mails = app
        .emails()
        .iter()
        .filter(|m| m.contains("To: owner@tiers.example") && m.contains("propose un partenariat"))
        .count();
    assert!(mails <= 3, "{mails} invitations mailed");
    // The third shop invites the cheesemonger in turn.
    let r = third_owner
        .post_form(
            "/s/tiers/admin/partners/invite",
            &[("target", "laiterie"), ("message", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The third shop is no partner: its products cannot be shown through the partner's page,
    // nor through its own address, and its partner pages do not exist for the others.
    let r = owner
        .post_form(
            "/s/laiterie/admin/partners/vignoble/show",
            &[("product", &third_product.to_string()), ("show", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = owner
        .post_form(
            "/s/laiterie/admin/partners/tiers/show",
            &[("product", &third_product.to_string()), ("show", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        owner.get("/s/laiterie/admin/partners/tiers").await.status(),
        StatusCode::NOT_FOUND
    );
    // A code of another shop, or an automatic promotion, is no offer.
    let theirs = code(&app, third, "TIERS", "5").await;
    let r = owner
        .post_form(
            "/s/laiterie/admin/partners/vignoble/offer",
            &[("promotion", &theirs.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Choisissez un de vos codes"));
    // A code is offered to one partner at a time.
    let mine = code(&app, p.cheese, "COMTE", "5").await;
    let r = owner
        .post_form(
            "/s/laiterie/admin/partners/vignoble/offer",
            &[("promotion", &mine.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // At most four of a partner's products are shown.
    for n in 0..4 {
        let id = product(
            &app,
            p.cellar,
            New {
                fr: (&format!("Vin {n}"), &format!("vin-{n}")),
                ..Default::default()
            },
        )
        .await;
        let r = owner
            .post_form(
                "/s/laiterie/admin/partners/vignoble/show",
                &[("product", &id.to_string()), ("show", "1")],
            )
            .await;
        let expected = if n < 3 {
            StatusCode::SEE_OTHER
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        assert_eq!(r.status(), expected, "product {n}");
        if n == 3 {
            assert!(r
                .text()
                .await
                .unwrap()
                .contains("Vous montrez déjà 4 de ses produits"));
        }
    }
    // A shop deleted leaves nothing in its partners' lists.
    let (_, page) = owner.get_text("/s/laiterie/admin/partners").await;
    assert!(page.contains("Boutique tiers"), "{page}");
    let mut tx = app.store.begin().await.unwrap();
    store::shop::delete(&mut tx, third).await.unwrap();
    store::commit(tx).await.unwrap();
    let (_, page) = owner.get_text("/s/laiterie/admin/partners").await;
    assert!(!page.contains("Boutique tiers"), "{page}");
    let _ = p.wine;
}

#[tokio::test]
async fn the_limit_of_partnerships_and_crossed_invitations_hold_when_sent_at_once() {
    let app = TestApp::new().await;
    let mut tx = app.store.begin().await.unwrap();
    let plan_id = store::plan::default_plan(&mut tx).await.unwrap().id;
    let mut shops = Vec::new();
    for n in 0..16 {
        let shop = store::shop::create(
            &mut tx,
            &store::shop::NewShop {
                slug: &format!("voisin-{n}"),
                name: &format!("Voisin {n}"),
                plan_id,
                default_lang: "fr",
            },
        )
        .await
        .unwrap();
        shops.push(shop);
    }
    store::commit(tx).await.unwrap();
    let mail = |_: &app::partner::Notice<'_>| store::outbox::EmailMessage {
        to: String::new(),
        subject: String::new(),
        text: String::new(),
        html: None,
        attachments: Vec::new(),
        unsubscribe: None,
    };
    // The first shop invites the fifteen others at once: twelve invitations go.
    let sent = futures_util::future::join_all(
        shops[1..]
            .iter()
            .map(|to| app::partner::invite(&app.store, &shops[0], &to.slug, "", None, mail)),
    )
    .await;
    let ok = sent.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok as i64, domain::growth::partner::MAX_PARTNERS);
    for r in sent.iter().filter(|r| r.is_err()) {
        match r {
            Err(app::Error::Refused(e)) => assert_eq!(e.code, "partner-limit"),
            other => panic!("{other:?}"),
        }
    }
    // Two shops invite each other at the same moment: one invitation, one refusal.
    let (a, b) = (&shops[14], &shops[15]);
    let (x, y) = tokio::join!(
        app::partner::invite(&app.store, a, &b.slug, "", None, mail),
        app::partner::invite(&app.store, b, &a.slug, "", None, mail),
    );
    assert!(x.is_ok() != y.is_ok(), "{x:?} {y:?}");
    let mut c = app.store.reader().await.unwrap();
    let ab = store::partner::get(&mut c, a.sid(), b.id).await.unwrap();
    let ba = store::partner::get(&mut c, b.sid(), a.id).await.unwrap();
    let mut states = vec![ab.unwrap().state, ba.unwrap().state];
    states.sort();
    assert_eq!(states, ["asked", "invited"], "one invitation, its two rows");
}
