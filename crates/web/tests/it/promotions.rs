//! The seller's promotions page, on both backends: the owner creates discount codes and
//! automatic promotions and sees in the list what each gives; a refused form comes back as
//! typed with each message beside its field (422); a code is the shop's once; editing changes a
//! promotion; another shop's promotion is not found; a promotion no order used can be deleted,
//! one that was used is kept with a message that says why. The pages are valid HTML.

use crate::checkout::{add, fill, key_of, place, shop_with_transfer, ADDRESS};
use crate::common::*;
use crate::storefront::{category, shop};

/// A French shop (EUR, Paris time) and its owner signed in to its admin.
async fn seller(app: &TestApp, slug: &str) -> (Client, store::id::ShopId) {
    let id = shop(app, slug).await;
    (app.signed_in(slug).await, id)
}

/// The shop's promotions as kept, newest first.
async fn kept(app: &TestApp, id: store::id::ShopId) -> Vec<store::promotion::Promotion> {
    app::promotion::list(&app.store, id)
        .await
        .unwrap()
        .into_iter()
        .map(|(p, _)| p)
        .collect()
}

/// Posts a promotion form; `fields` are added to (or replace) a valid percent code's.
async fn post(owner: &Client, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut all: Vec<(&str, &str)> = vec![
        ("name", "Bienvenue"),
        ("code", "bienvenue"),
        ("benefit", "percent"),
        ("percent", "20"),
        ("active", "1"),
    ];
    for (k, v) in fields {
        all.retain(|(n, _)| n != k);
        if !v.is_empty() || *k != "active" {
            all.push((*k, *v));
        }
    }
    owner.post_form(path, &all).await
}

async fn created(owner: &Client, slug: &str, fields: &[(&str, &str)]) {
    let r = post(owner, &format!("/s/{slug}/admin/promotions/new"), fields).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    assert_eq!(location(&r), format!("/s/{slug}/admin/promotions?saved=1"));
}

#[tokio::test]
async fn the_owner_creates_codes_and_automatic_promotions_and_sees_what_they_give() {
    let app = TestApp::new().await;
    let (owner, id) = seller(&app, "promos").await;
    let cheese = category(&app, id, None, ("Fromages", "fromages")).await;
    let cheese_id = cheese.to_string();
    let mut pages = Vec::new();

    let (status, empty) = owner.get_text("/s/promos/admin/promotions").await;
    assert_eq!(status, StatusCode::OK, "{empty}");
    assert!(empty.contains("Aucune promotion pour l’instant"), "{empty}");
    assert!(
        empty.contains("href=\"/s/promos/admin/promotions\" aria-current=\"page\""),
        "the admin's menu leads here: {empty}"
    );
    assert!(empty.contains("href=\"/s/promos/admin/promotions/new\""));
    pages.push(("list (empty)", empty));

    let (status, form) = owner.get_text("/s/promos/admin/promotions/new").await;
    assert_eq!(status, StatusCode::OK, "{form}");
    assert!(
        form.contains("<option value=\"\">Tous les produits</option>"),
        "{form}"
    );
    assert!(
        form.contains(&format!("<option value=\"{cheese}\">Fromages</option>")),
        "{form}"
    );
    assert!(form.contains("type=\"date\""), "{form}");
    assert!(
        form.contains("Laissez vide pour une promotion automatique"),
        "{form}"
    );
    pages.push(("new", form));

    created(
        &owner,
        "promos",
        &[
            ("max_uses", "100"),
            ("per_customer", "1"),
            ("starts_on", "2030-01-01"),
            ("ends_on", "2030-01-31"),
        ],
    )
    .await;
    created(
        &owner,
        "promos",
        &[
            ("name", "Livraison offerte sur les fromages"),
            ("code", ""),
            ("benefit", "free_shipping"),
            ("percent", ""),
            ("category", cheese_id.as_str()),
            ("min_subtotal", "50"),
        ],
    )
    .await;
    created(
        &owner,
        "promos",
        &[
            ("name", "Cinq euros"),
            ("code", "MOINS5"),
            ("benefit", "amount"),
            ("percent", ""),
            ("amount", "5"),
        ],
    )
    .await;
    created(
        &owner,
        "promos",
        &[
            ("name", "Trois pour deux"),
            ("code", ""),
            ("benefit", "buy_x_get_y"),
            ("percent", "100"),
            ("buy", "2"),
            ("get", "1"),
            ("active", ""),
        ],
    )
    .await;

    let all = kept(&app, id).await;
    assert_eq!(all.len(), 4);
    let code = all.iter().find(|p| p.name == "Bienvenue").unwrap();
    assert_eq!(code.code.as_deref(), Some("BIENVENUE"));
    assert_eq!(
        (code.percent_bp, code.max_uses, code.per_customer),
        (2_000, Some(100), Some(1))
    );
    let auto = all.iter().find(|p| p.benefit == "free_shipping").unwrap();
    assert_eq!(auto.code, None, "no code: an automatic promotion");
    assert_eq!(
        (auto.category_id, auto.min_subtotal_minor),
        (Some(cheese), 5_000)
    );
    let bxgy = all.iter().find(|p| p.benefit == "buy_x_get_y").unwrap();
    assert_eq!((bxgy.buy_qty, bxgy.get_qty, bxgy.active), (2, 1, 0));

    let (status, list) = owner.get_text("/s/promos/admin/promotions?saved=1").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    for seen in [
        "Modifications enregistrées.",
        "<code class=\"promo-code\">BIENVENUE</code>",
        "20\u{202f}% de remise",
        "1 par client",
        "Du 01/01/2030 au 31/01/2030 inclus",
        "0 sur 100",
        "automatique",
        "Livraison offerte",
        "sur la catégorie «\u{a0}Fromages\u{a0}»",
        "dès 50,00\u{a0}€ d’achat",
        "5,00\u{a0}€ de remise",
        "2 achetés, 1 offert",
        "Désactivée",
        "Sans limite de dates",
    ] {
        assert!(list.contains(seen), "{seen:?} in {list}");
    }
    assert!(
        list.contains(&format!("href=\"/s/promos/admin/promotions/{}\"", code.id)),
        "each row leads to its promotion: {list}"
    );
    assert!(!list.contains("Aucune promotion"), "{list}");
    pages.push(("list", list));

    // In English, with the same figures.
    let en = owner
        .http
        .get(owner.url("/s/promos/admin/promotions"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for seen in [
        "20% off",
        "€5.00 off",
        "Buy 2, get 1 free",
        "0 of 100",
        "from €50.00 spent",
    ] {
        assert!(en.contains(seen), "{seen:?} in {en}");
    }

    let (status, edit) = owner
        .get_text(&format!("/s/promos/admin/promotions/{}", auto.id))
        .await;
    assert_eq!(status, StatusCode::OK, "{edit}");
    assert!(
        edit.contains(&format!(
            "<option value=\"{cheese}\" selected>Fromages</option>"
        )),
        "{edit}"
    );
    assert!(edit.contains("value=\"50,00\""), "{edit}");
    pages.push(("edit", edit));
    valid_html(pages);
}

/// The pages are valid HTML, when the W3C checker is installed.
fn valid_html(pages: Vec<(&str, String)>) {
    let Some(vnu) = vnu::Vnu::find() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<_> = pages
        .iter()
        .enumerate()
        .map(|(i, (label, body))| vnu::save(dir.path(), &format!("{i:02}"), body, label))
        .collect();
    vnu.assert_valid(&files);
}

#[tokio::test]
async fn a_refused_form_comes_back_as_typed_with_each_message_beside_its_field() {
    let app = TestApp::new().await;
    let (owner, id) = seller(&app, "refus").await;
    let r = post(
        &owner,
        "/s/refus/admin/promotions/new",
        &[
            ("name", "Soldes d’été"),
            ("code", "ete-2030"),
            ("percent", "150"),
            ("starts_on", "2030-07-10"),
            ("ends_on", "2030-07-01"),
            ("max_uses", "50"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains(
            "<p class=\"error\" id=\"percent-err\">Indiquez un pourcentage supérieur à 0 et d’au plus 100.</p>"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "<p class=\"error\" id=\"ends_on-err\">Le dernier jour ne peut pas venir avant le premier.</p>"
        ),
        "{page}"
    );
    assert!(
        page.contains("aria-describedby=\"percent-hint percent-err\" aria-invalid=\"true\""),
        "the message is the field's: {page}"
    );
    for typed in [
        "value=\"Soldes d’été\"",
        "value=\"ete-2030\"",
        "value=\"150\"",
        "value=\"2030-07-10\"",
        "value=\"2030-07-01\"",
        "value=\"50\"",
    ] {
        assert!(page.contains(typed), "{typed} kept in {page}");
    }
    assert!(kept(&app, id).await.is_empty(), "nothing saved");
    let mut pages = vec![("refused", page)];

    // A code is the shop's once, whatever its case.
    created(&owner, "refus", &[("code", "ETE-2030")]).await;
    let r = post(
        &owner,
        "/s/refus/admin/promotions/new",
        &[("name", "Autre"), ("code", " ete-2030 ")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains(
            "<p class=\"error\" id=\"code-err\">Une autre de vos promotions a déjà ce code\u{202f}: choisissez-en un autre.</p>"
        ),
        "{page}"
    );
    assert_eq!(kept(&app, id).await.len(), 1);
    // The other fields' rules: a code with a space, a missing name, buy X get Y without Y.
    let r = post(
        &owner,
        "/s/refus/admin/promotions/new",
        &[
            ("name", ""),
            ("code", "deux mots"),
            ("benefit", "buy_x_get_y"),
            ("buy", "2"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    for field in ["name", "code", "get"] {
        assert!(
            page.contains(&format!("id=\"{field}-err\"")),
            "{field} in {page}"
        );
    }
    assert!(
        page.contains("id=\"code-err\">Un code compte de 3 à 32 lettres"),
        "{page}"
    );
    pages.push(("refused (code, name, get)", page));
    valid_html(pages);
}

#[tokio::test]
async fn editing_changes_a_promotion() {
    let app = TestApp::new().await;
    let (owner, id) = seller(&app, "modif").await;
    created(&owner, "modif", &[("percent", "12,5"), ("max_uses", "10")]).await;
    let p = kept(&app, id).await.remove(0);
    let path = format!("/s/modif/admin/promotions/{}", p.id);
    let (status, form) = owner.get_text(&path).await;
    assert_eq!(status, StatusCode::OK, "{form}");
    assert!(form.contains("Modifier «\u{a0}Bienvenue\u{a0}»"), "{form}");
    assert!(form.contains("value=\"12,5\""), "{form}");
    assert!(form.contains("value=\"BIENVENUE\""), "{form}");
    assert!(
        form.contains("id=\"active\" name=\"active\" type=\"checkbox\" value=\"1\" checked"),
        "{form}"
    );

    // A refused edit keeps the promotion as it was.
    let r = post(&owner, &path, &[("percent", "0")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(kept(&app, id).await[0], p);

    let r = post(
        &owner,
        &path,
        &[
            ("name", "Bienvenue au printemps"),
            ("code", "printemps"),
            ("percent", "30"),
            ("max_uses", ""),
            ("active", ""),
        ],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let after = kept(&app, id).await;
    assert_eq!(after.len(), 1, "the same promotion, changed");
    let q = &after[0];
    assert_eq!(q.id, p.id);
    assert_eq!(
        (
            q.name.as_str(),
            q.code.as_deref(),
            q.percent_bp,
            q.max_uses,
            q.active
        ),
        ("Bienvenue au printemps", Some("PRINTEMPS"), 3_000, None, 0)
    );
    let (_, list) = owner.get_text("/s/modif/admin/promotions").await;
    assert!(list.contains("30\u{202f}% de remise"), "{list}");
    assert!(list.contains("Désactivée"), "{list}");
    assert!(!list.contains("BIENVENUE"), "{list}");
    // Its own code is not "taken" by itself.
    let r = post(
        &owner,
        &path,
        &[("name", "Bienvenue au printemps"), ("code", "PRINTEMPS")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn another_shops_promotion_is_not_found() {
    let app = TestApp::new().await;
    let (mine, _) = seller(&app, "chez-moi").await;
    let (theirs, their_id) = seller(&app, "chez-eux").await;
    created(&theirs, "chez-eux", &[("code", "SECRET")]).await;
    let p = kept(&app, their_id).await.remove(0);

    let path = format!("/s/chez-moi/admin/promotions/{}", p.id);
    let (status, _) = mine.get_text(&path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let r = post(&mine, &path, &[("name", "Volée"), ("percent", "100")]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = post(&mine, &path, &[("percent", "500")]).await;
    assert_eq!(
        r.status(),
        StatusCode::NOT_FOUND,
        "not even a form's errors"
    );
    let r = mine.post_form(&format!("{path}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (status, _) = mine.get_text("/s/chez-moi/admin/promotions/999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    assert_eq!(kept(&app, their_id).await, vec![p]);
    let (_, list) = mine.get_text("/s/chez-moi/admin/promotions").await;
    assert!(!list.contains("SECRET"), "{list}");
    // Nor may this owner open the other shop's admin.
    let r = mine.get("/s/chez-eux/admin/promotions").await;
    assert_ne!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_unused_promotion_is_deleted_and_a_used_one_is_kept() {
    let app = TestApp::new().await;
    let (id, _, variant) = shop_with_transfer(&app, "efface").await;
    let owner = app.signed_in("efface").await;
    created(&owner, "efface", &[("code", "UNE-FOIS")]).await;
    let unused = kept(&app, id).await.remove(0);
    let r = owner
        .post_form(
            &format!("/s/efface/admin/promotions/{}/delete", unused.id),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/s/efface/admin/promotions?deleted=1");
    assert!(kept(&app, id).await.is_empty());
    let (_, list) = owner.get_text(&location(&r)).await;
    assert!(list.contains("Promotion supprimée."), "{list}");
    assert!(list.contains("Aucune promotion"), "{list}");

    // An order used this one: it stays, and the page says why and what to do instead.
    let guest = app.client();
    add(&guest, "efface", variant, 1).await;
    let review = fill(&guest, "efface", ADDRESS).await;
    let r = place(&guest, "efface", &key_of(&review)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    created(&owner, "efface", &[("code", "FIDELE"), ("max_uses", "10")]).await;
    let used = kept(&app, id).await.remove(0);
    {
        let mut c = app.store.reader().await.unwrap();
        let order: i64 = sqlx::query_scalar("SELECT id FROM orders WHERE shop_id = $1")
            .bind(id)
            .fetch_one(&mut *c)
            .await
            .unwrap();
        drop(c);
        let mut tx = app.store.begin().await.unwrap();
        sqlx::query(
            "INSERT INTO promotion_uses (shop_id, promotion_id, order_id, email, \
             discount_minor, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(used.id)
        .bind(order)
        .bind("camille@example.org")
        .bind(250_i64)
        .bind(store::now())
        .execute(&mut *tx)
        .await
        .unwrap();
        store::commit(tx).await.unwrap();
    }
    let (_, list) = owner.get_text("/s/efface/admin/promotions").await;
    assert!(list.contains("1 sur 10"), "{list}");
    let r = owner
        .post_form(
            &format!("/s/efface/admin/promotions/{}/delete", used.id),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let page = r.text().await.unwrap();
    assert!(
        page.contains(
            "Des commandes ont utilisé cette promotion\u{202f}: elle ne peut pas être supprimée"
        ),
        "{page}"
    );
    assert!(page.contains("value=\"FIDELE\""), "the edit page: {page}");
    assert_eq!(kept(&app, id).await, vec![used]);
    valid_html(vec![("delete refused", page)]);
}

/// A promotion gives the shop's money away: the owner and managers set them, not every
/// employee (who sees no menu entry for them either).
#[tokio::test]
async fn only_the_owner_and_managers_set_promotions() {
    use crate::operator::{add_staff, staff_login};
    let app = TestApp::new().await;
    let (owner, id) = seller(&app, "roles").await;
    created(&owner, "roles", &[]).await;
    let p = kept(&app, id).await.remove(0);
    add_staff(&app, "roles", "aide@roles.example", "staff").await;
    add_staff(&app, "roles", "chef@roles.example", "manager").await;

    let (employee, status) = staff_login(&app, "roles", "aide@roles.example", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, dash) = employee.get_text("/s/roles/admin/").await;
    assert!(!dash.contains("/admin/promotions\""), "{dash}");
    for path in [
        "/s/roles/admin/promotions".to_string(),
        "/s/roles/admin/promotions/new".to_string(),
        format!("/s/roles/admin/promotions/{}", p.id),
    ] {
        let (status, _) = employee.get_text(&path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    let r = post(
        &employee,
        "/s/roles/admin/promotions/new",
        &[("code", "MOI")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = employee
        .post_form(&format!("/s/roles/admin/promotions/{}/delete", p.id), &[])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(kept(&app, id).await, vec![p]);

    let (manager, status) = staff_login(&app, "roles", "chef@roles.example", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, dash) = manager.get_text("/s/roles/admin/").await;
    assert!(dash.contains("/s/roles/admin/promotions\""), "{dash}");
    created(&manager, "roles", &[("code", "CHEF")]).await;
    assert_eq!(kept(&app, id).await.len(), 2);
}

/// A promotion limited to a category deleted since applies to nothing: its form says so, and
/// saving the form as shown does not turn it into a promotion on every product.
#[tokio::test]
async fn a_promotion_whose_category_was_deleted_is_not_widened() {
    let app = TestApp::new().await;
    let (owner, id) = seller(&app, "rayons").await;
    let cheese = category(&app, id, None, ("Fromages", "fromages")).await;
    let cheese_id = cheese.to_string();
    created(&owner, "rayons", &[("category", cheese_id.as_str())]).await;
    let p = kept(&app, id).await.remove(0);
    let mut tx = app.store.begin().await.unwrap();
    store::catalog::delete_category(&mut tx, id, cheese)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();

    let path = format!("/s/rayons/admin/promotions/{}", p.id);
    let (_, form) = owner.get_text(&path).await;
    assert!(
        form.contains(&format!(
            "<option value=\"{cheese}\" selected>Une catégorie supprimée depuis"
        )),
        "{form}"
    );
    let (_, list) = owner.get_text("/s/rayons/admin/promotions").await;
    assert!(
        list.contains("sur une catégorie supprimée depuis"),
        "{list}"
    );
    let r = post(&owner, &path, &[("category", cheese_id.as_str())]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("id=\"category-err\">Cette catégorie n’existe plus"),
        "{page}"
    );
    assert_eq!(kept(&app, id).await, vec![p]);
}
