//! Interest tests, on both backends: a coming-soon product's page asks for an address; only
//! requests confirmed by the link e-mailed (double opt-in) count; the seller sees the demand,
//! sets a goal and is told once when it is reached; one click puts the product on sale and
//! tells every confirmed request once, in its language, with a one-click withdrawal
//! (RFC 8058). Two launches at once never tell anyone twice.

use crate::common::*;
use crate::storefront::{product, New};

/// A shopper's request from the product page (a cached page: the browser says the form is
/// the site's own), in the language of the address.
async fn ask(app: &TestApp, path: &str, product: i64, email: &str) -> reqwest::Response {
    app.client()
        .http
        .post(format!("{}{path}", app.url))
        .header("sec-fetch-site", "same-origin")
        .form(&[
            ("product", product.to_string().as_str()),
            ("email", email),
            ("back", "/s/atelier/p/plateau-noel"),
        ])
        .send()
        .await
        .unwrap()
}

/// The link of the last e-mail to `to` containing `needle`, among the shop's request pages.
async fn link_to(app: &TestApp, to: &str, needle: &str) -> String {
    let mail = app.wait_for_email(to, needle).await;
    let start = mail.find("/s/atelier/").expect("a link to the shop");
    let rest = &mail[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == ')')
        .unwrap();
    rest[..end].to_string()
}

/// E-mails to `to` containing `needle` ever queued (delivered or not).
async fn queued_to(app: &TestApp, to: &str, needle: &str) -> i64 {
    let mut c = app.store.reader().await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE payload LIKE $1 AND payload LIKE $2")
        .bind(format!("%\"to\":\"{to}\"%"))
        .bind(format!("%{needle}%"))
        .fetch_one(&mut *c)
        .await
        .unwrap()
}

fn count(app: &TestApp, to: &str, needle: &str) -> usize {
    app.emails()
        .iter()
        .filter(|m| m.contains(&format!("To: {to}")) && m.contains(needle))
        .count()
}

async fn confirm(app: &TestApp, to: &str) -> Client {
    let page_link = link_to(app, to, "/interest/").await;
    let person = app.client();
    let (status, page) = person.get_text(&page_link).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let r = person.post_form(&format!("{page_link}/confirm"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    person
}

#[tokio::test]
async fn a_coming_soon_product_collects_confirmed_interest_and_tells_everyone_once() {
    let app = TestApp::new().await;
    let seller = app.owner("atelier").await;
    let id = app.shop_id("atelier").await;
    let tray = product(
        &app,
        id,
        New {
            fr: ("Plateau de Noël", "plateau-noel"),
            en: Some(("Christmas tray", "christmas-tray")),
            status: "coming_soon",
            ..Default::default()
        },
    )
    .await;
    let on_sale = product(
        &app,
        id,
        New {
            fr: ("Comté", "comte"),
            ..Default::default()
        },
    )
    .await;

    // The product page asks, in the page's language.
    let (_, page) = app.client().get_text("/s/atelier/p/plateau-noel").await;
    assert!(page.contains("action=\"/s/atelier/interest\""), "{page}");
    assert!(page.contains("Prévenez-moi"));
    let (_, page) = app
        .client()
        .get_text("/s/atelier/en/p/christmas-tray")
        .await;
    assert!(page.contains("action=\"/s/atelier/en/interest\""), "{page}");
    let (_, page) = app.client().get_text("/s/atelier/p/comte").await;
    assert!(
        !page.contains("/interest\""),
        "a product on sale asks nothing"
    );

    // Bad input is refused with its reason; a cross-site post is refused.
    let r = ask(&app, "/s/atelier/interest", tray, "pas-une-adresse").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("adresse e-mail"));
    let r = ask(&app, "/s/atelier/interest", on_sale, "a@example.com").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("n’est pas annoncé"));
    let r = app
        .client()
        .http
        .post(format!("{}/s/atelier/interest", app.url))
        .header("sec-fetch-site", "cross-site")
        .form(&[
            ("product", tray.to_string()),
            ("email", "x@example.com".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // Three people ask: two confirm (one reading in English), one never does.
    for (path, email) in [
        ("/s/atelier/interest", "anne@example.com"),
        ("/s/atelier/en/interest", "bob@example.com"),
        ("/s/atelier/interest", "carla@example.com"),
    ] {
        let r = ask(&app, path, tray, email).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("/s/atelier/p/plateau-noel"));
    }
    let mail = app
        .wait_for_email("bob@example.com", "Christmas tray")
        .await;
    assert!(
        mail.contains("/s/atelier/en/interest/"),
        "in English: {mail}"
    );

    // The seller's goal: 2 people.
    let r = seller
        .post_form(
            &format!("/s/atelier/admin/interest/{tray}/goal"),
            &[("goal", "2")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = seller
        .post_form(
            &format!("/s/atelier/admin/interest/{tray}/goal"),
            &[("goal", "beaucoup")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let anne = confirm(&app, "anne@example.com").await;
    let page_link = link_to(&app, "anne@example.com", "/interest/").await;
    let (_, page) = anne.get_text(&page_link).await;
    assert!(page.contains("Vous serez prévenu"), "{page}");
    assert_eq!(
        queued_to(&app, "owner@atelier.example", "Objectif atteint").await,
        0,
        "one of two"
    );
    confirm(&app, "bob@example.com").await;
    app.wait_for_email("owner@atelier.example", "objectif")
        .await;
    assert_eq!(
        queued_to(&app, "owner@atelier.example", "Objectif atteint").await,
        1,
        "told once"
    );
    // Asking again changes nothing for a confirmed address, and sends nothing.
    let before = count(&app, "anne@example.com", "/interest/");
    ask(&app, "/s/atelier/interest", tray, "anne@example.com").await;

    let (status, admin) = seller.get_text("/s/atelier/admin/interest").await;
    assert_eq!(status, StatusCode::OK);
    assert!(admin.contains("2 personnes attendent"), "{admin}");
    assert!(admin.contains("1 à confirmer"), "{admin}");
    assert!(admin.contains("2 sur 2 (100 %)"), "{admin}");

    // One click: on sale, and the two confirmed people are told, each in their language.
    let r = seller
        .post_form(&format!("/s/atelier/admin/interest/{tray}/launch"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).ends_with("launched=2"));
    let fr = app.wait_for_email("anne@example.com", "est en vente").await;
    assert!(fr.contains("/s/atelier/p/plateau-noel"), "{fr}");
    let en = app.wait_for_email("bob@example.com", "is on sale").await;
    assert!(
        en.contains("Christmas tray") && en.contains("/s/atelier/en/p/christmas-tray"),
        "{en}"
    );
    let raw = app
        .raw_emails()
        .into_iter()
        .find(|m| m.contains("To: bob@example.com") && m.contains("List-Unsubscribe"))
        .expect("the notice carries List-Unsubscribe");
    assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert_eq!(
        count(&app, "carla@example.com", "est en vente"),
        0,
        "never confirmed"
    );
    let (_, page) = app.client().get_text("/s/atelier/p/plateau-noel").await;
    assert!(page.contains("Ajouter au panier"), "on sale");
    assert_eq!(count(&app, "anne@example.com", "/interest/"), before + 1);

    // Carla, who never confirmed, follows her link after the launch: the product is on sale.
    let carla = link_to(&app, "carla@example.com", "/interest/").await;
    let (_, page) = app.client().get_text(&carla).await;
    assert!(page.contains("Ce produit est en vente"), "{page}");
    assert!(
        page.contains("href=\"/s/atelier/p/plateau-noel\""),
        "{page}"
    );

    // Launching again tells nobody twice.
    let r = seller
        .post_form(&format!("/s/atelier/admin/interest/{tray}/launch"), &[])
        .await;
    assert!(location(&r).ends_with("launched=0"));

    // The one-click withdrawal of a mail client: no cookie, no origin, the token alone.
    let unsubscribe = {
        let start = raw.find("List-Unsubscribe: <").unwrap() + "List-Unsubscribe: <".len();
        raw[start..start + raw[start..].find('>').unwrap()].to_string()
    };
    let r = reqwest::Client::new()
        .post(&unsubscribe)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // Another request's id under this one's signature.
    let token_at = unsubscribe.find("/interest/").unwrap() + "/interest/".len();
    let forged = format!("{}1{}", &unsubscribe[..token_at], &unsubscribe[token_at..]);
    let r = reqwest::Client::new().post(&forged).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let mut c = app.store.reader().await.unwrap();
    let d = store::interest::demand_of(&mut c, id, tray).await.unwrap();
    assert_eq!((d.confirmed, d.notified), (1, 2));
}

#[tokio::test]
async fn two_launches_at_once_tell_each_person_once() {
    // Without the worker: every notice stays in the outbox to be counted.
    let app = TestApp::builder().without_worker().start().await;
    app.owner("lancement").await;
    let id = app.shop_id("lancement").await;
    let tray = product(
        &app,
        id,
        New {
            fr: ("Coffret", "coffret"),
            status: "coming_soon",
            ..Default::default()
        },
    )
    .await;
    let shop = {
        let mut c = app.store.reader().await.unwrap();
        store::shop::by_id(&mut c, id).await.unwrap()
    };
    let now = store::now();
    for i in 0..20 {
        let email = format!("p{i}@example.com");
        app::interest::ask(&app.store, &shop, tray, &email, "fr", now, |_| {
            store::outbox::EmailMessage {
                to: email.clone(),
                subject: "confirm".into(),
                text: String::new(),
                html: None,
                attachments: Vec::new(),
                unsubscribe: None,
            }
        })
        .await
        .unwrap();
    }
    let ids: Vec<i64> = {
        let mut c = app.store.reader().await.unwrap();
        sqlx::query_scalar("SELECT id FROM interest_requests WHERE shop_id = $1")
            .bind(id)
            .fetch_all(&mut *c)
            .await
            .unwrap()
    };
    for r in ids {
        app::interest::confirm(&app.store, &shop, r, now, |_| unreachable!("no goal"))
            .await
            .unwrap();
    }
    let launches = (0..4).map(|_| {
        let (store, shop) = (app.store.clone(), shop.clone());
        tokio::spawn(async move {
            app::interest::launch(&store, &shop, tray, store::now(), |n| {
                store::outbox::EmailMessage {
                    to: n.request.email.clone(),
                    subject: "on sale".into(),
                    text: String::new(),
                    html: None,
                    attachments: Vec::new(),
                    unsubscribe: None,
                }
            })
            .await
        })
    });
    let mut told = 0;
    for l in launches {
        told += l.await.unwrap().unwrap();
    }
    assert_eq!(told, 20, "each person once, whichever launch told them");
    let mut c = app.store.reader().await.unwrap();
    let notices: Vec<String> = sqlx::query_scalar(
        "SELECT payload FROM outbox WHERE shop_id = $1 AND payload LIKE '%on sale%'",
    )
    .bind(id)
    .fetch_all(&mut *c)
    .await
    .unwrap();
    assert_eq!(notices.len(), 20);
    let mut to: Vec<String> = notices
        .iter()
        .map(|p| serde_json::from_str::<serde_json::Value>(p).unwrap()["to"].to_string())
        .collect();
    to.sort();
    to.dedup();
    assert_eq!(to.len(), 20, "twenty people, each told once");
}

#[tokio::test]
async fn nobody_makes_the_shop_write_to_an_address_again_and_again() {
    let app = TestApp::new().await;
    let seller = app.owner("bombe").await;
    let id = app.shop_id("bombe").await;
    let tray = product(
        &app,
        id,
        New {
            fr: ("Coffret", "coffret"),
            en: Some(("Box", "box")),
            status: "coming_soon",
            ..Default::default()
        },
    )
    .await;
    let post = |email: &'static str| {
        let url = format!("{}/s/bombe/interest", app.url);
        async move {
            reqwest::Client::new()
                .post(url)
                .header("sec-fetch-site", "same-origin")
                .form(&[("product", tray.to_string().as_str()), ("email", email)])
                .send()
                .await
                .unwrap()
        }
    };
    for _ in 0..3 {
        assert_eq!(post("victim@example.com").await.status(), StatusCode::OK);
    }
    let r = post("VICTIM@example.com").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().await.unwrap().contains("Trop de demandes"));
    assert_eq!(queued_to(&app, "victim@example.com", "Confirmez").await, 3);

    // A product without a title in the shop's language is not put on sale.
    let mut tx = app.store.begin().await.unwrap();
    sqlx::query("DELETE FROM product_texts WHERE shop_id = $1 AND product_id = $2 AND lang = 'fr'")
        .bind(id)
        .bind(tray)
        .execute(&mut *tx)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    let r = seller
        .post_form(&format!("/s/bombe/admin/interest/{tray}/launch"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("donnez-lui un titre"));
}

#[tokio::test]
async fn the_demand_chart_counts_the_days_of_the_shops_calendar() {
    let app = TestApp::new().await;
    let _seller = app.owner("atelier").await;
    let id = app.shop_id("atelier").await;
    let tray = product(
        &app,
        id,
        New {
            fr: ("Plateau de Noël", "plateau-noel"),
            status: "coming_soon",
            ..Default::default()
        },
    )
    .await;
    let r = ask(&app, "/s/atelier/interest", tray, "anne@example.com").await;
    assert_eq!(r.status(), StatusCode::OK);
    confirm(&app, "anne@example.com").await;
    // Confirmed one second after midnight in Paris: still the day before in UTC.
    let shop = {
        let mut c = app.store.reader().await.unwrap();
        store::shop::by_id(&mut c, id).await.unwrap()
    };
    let tz = app::calendar::shop_tz(&shop.timezone);
    let today = app::calendar::day_of(store::now(), tz);
    let at = app::calendar::day_start(today, tz) + 1;
    assert_eq!(app::calendar::day_of(at, chrono_tz::UTC), today - 1);
    let mut tx = app.store.begin().await.unwrap();
    sqlx::query("UPDATE interest_requests SET confirmed_at = $1 WHERE shop_id = $2")
        .bind(at)
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    let tests = app::interest::tests(&app.store, &shop, store::now())
        .await
        .unwrap();
    let test = tests
        .iter()
        .find(|t| t.demand.product_id == tray)
        .expect("the tray's test");
    assert_eq!(test.days.len(), 30);
    assert_eq!(test.days.last(), Some(&(today, 1)), "{:?}", test.days);
    assert_eq!(test.days.iter().map(|(_, n)| n).sum::<i64>(), 1);
}
