//! Shop admin catalog: the product list, the editor with its variant grid and kind-specific
//! terms, bulk actions, the plan's product limit, tenant isolation and categories.
use crate::common::*;

/// A shop offering French (default) and English, with its owner signed in.
async fn bilingual(app: &TestApp, slug: &str) -> Client {
    let owner = app.owner(slug).await;
    let r = owner
        .post_form(
            &format!("/s/{slug}/admin/settings"),
            &[
                ("name", "Fromages d'Émilie"),
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

fn form<'a>(pairs: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    pairs.to_vec()
}

/// The fields of a physical product with sizes S and M.
fn tshirt() -> Vec<(&'static str, &'static str)> {
    form(&[
        ("kind", "physical"),
        ("title_fr", "T-shirt Époisses"),
        ("description_fr", "Un **beau** t-shirt."),
        ("title_en", "Époisses T-shirt"),
        ("description_en", "A *fine* T-shirt."),
        ("status", "active"),
        ("vat_class", "standard"),
        ("tags", "coton, bio"),
        ("track_stock", "1"),
        ("axis1_fr", "Taille"),
        ("axis1_en", "Size"),
        ("rows", "2"),
        ("v0_o1", "S"),
        ("v0_sku", "TS-S"),
        ("v0_price", "12,50"),
        ("v0_qty", "3"),
        ("v0_weight", "180"),
        ("v1_o1", "M"),
        ("v1_sku", "TS-M"),
        ("v1_price", "14.00"),
        ("v1_compare", "16"),
        ("v1_qty", "10"),
    ])
}

fn id_from(location: &str) -> i64 {
    let tail = location.split("/admin/products/").nth(1).expect(location);
    tail.split('?').next().unwrap().parse().expect(location)
}

async fn create(owner: &Client, slug: &str, fields: &[(&str, &str)]) -> i64 {
    let r = owner
        .post_form(&format!("/s/{slug}/admin/products/new"), fields)
        .await;
    let status = r.status();
    let loc = location(&r);
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap_or_default()
    );
    id_from(&loc)
}

async fn product_count(app: &TestApp, slug: &str) -> i64 {
    let id = app.shop_id(slug).await;
    let mut c = app.store.reader().await.unwrap();
    store::catalog::count_products(&mut c, id).await.unwrap()
}

async fn variants(app: &TestApp, slug: &str, pid: i64) -> Vec<store::catalog::Variant> {
    let id = app.shop_id(slug).await;
    let mut c = app.store.reader().await.unwrap();
    store::catalog::variants(&mut c, id, pid).await.unwrap()
}

async fn product(app: &TestApp, slug: &str, pid: i64) -> store::catalog::Product {
    let id = app.shop_id(slug).await;
    let mut c = app.store.reader().await.unwrap();
    store::catalog::product(&mut c, id, pid).await.unwrap()
}

#[tokio::test]
async fn physical_product_with_two_sizes_is_listed_and_editable() {
    let app = TestApp::new().await;
    let owner = bilingual(&app, "tees").await;
    let (s, page) = owner.get_text("/s/tees/admin/products").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("href=\"/s/tees/admin/products\""),
        "nav entry"
    );
    let (s, kinds) = owner.get_text("/s/tees/admin/products/new").await;
    assert_eq!(s, StatusCode::OK);
    assert!(kinds.contains("value=\"live_animal\""), "{kinds}");

    let mut first = tshirt();
    first.push(("seo_description_fr", "Le t-shirt des amateurs d'Époisses."));
    let pid = create(&owner, "tees", &first).await;
    let shop_id = app.shop_id("tees").await;
    {
        let mut c = app.store.reader().await.unwrap();
        let texts = store::catalog::texts(&mut c, shop_id, pid).await.unwrap();
        assert_eq!(texts.len(), 2);
        let fr = texts.iter().find(|t| t.lang == "fr").unwrap();
        assert_eq!(fr.slug, "t-shirt-epoisses");
        assert_eq!(fr.seo_description, "Le t-shirt des amateurs d'Époisses.");
        let en = texts.iter().find(|t| t.lang == "en").unwrap();
        assert_eq!(en.title, "Époisses T-shirt");
        let opts = store::catalog::options(&mut c, shop_id, pid).await.unwrap();
        assert!(opts.contains(&(1, "fr".into(), "Taille".into())));
        assert!(opts.contains(&(1, "en".into(), "Size".into())));
        let tags = store::catalog::tags(&mut c, shop_id, pid).await.unwrap();
        assert_eq!(tags, vec!["bio".to_string(), "coton".to_string()]);
        let terms: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM search_terms WHERE shop_id = $1 AND product_id = $2",
        )
        .bind(shop_id)
        .bind(pid)
        .fetch_one(&mut *c)
        .await
        .unwrap();
        assert!(terms > 0, "the product is indexed for search");
    }
    let vs = variants(&app, "tees", pid).await;
    assert_eq!(vs.len(), 2);
    assert_eq!(vs[0].option1.as_deref(), Some("S"));
    assert_eq!(vs[0].price_minor, 1250);
    assert_eq!(vs[0].quantity, 3);
    assert_eq!(vs[0].weight_grams, Some(180));
    assert_eq!(vs[1].sku.as_deref(), Some("TS-M"));
    assert_eq!(vs[1].compare_at_minor, Some(1600));
    assert_eq!(product(&app, "tees", pid).await.status, "active");

    // The list shows it, in French, with its price range and stock; search and filters work.
    let (_, list) = owner.get_text("/s/tees/admin/products").await;
    assert!(list.contains("T-shirt Époisses"), "{list}");
    assert!(list.contains(&format!("/s/tees/admin/products/{pid}")));
    assert!(list.contains("12,50"), "{list}");
    assert!(list.contains("13"), "total stock");
    let (_, found) = owner.get_text("/s/tees/admin/products?q=ts-m").await;
    assert!(found.contains("T-shirt Époisses"));
    let (_, none) = owner.get_text("/s/tees/admin/products?q=zzz").await;
    assert!(!none.contains("T-shirt Époisses"));
    let (_, drafts) = owner.get_text("/s/tees/admin/products?status=draft").await;
    assert!(!drafts.contains("T-shirt Époisses"));
    let (_, out) = owner.get_text("/s/tees/admin/products?stock=out").await;
    assert!(!out.contains("T-shirt Époisses"));
    let (_, sorted) = owner
        .get_text("/s/tees/admin/products?sort=price&stock=in")
        .await;
    assert!(sorted.contains("T-shirt Époisses"));

    // The editor shows the values and the rendered description.
    let (s, ed) = owner
        .get_text(&format!("/s/tees/admin/products/{pid}"))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(ed.contains("value=\"TS-M\""), "{ed}");
    assert!(ed.contains("value=\"12.50\""));
    assert!(ed.contains("<strong>beau</strong>"), "markdown preview");
    let vid0 = vs[0].id.to_string();
    let vid1 = vs[1].id.to_string();

    // Edit: S costs 13 now, M is removed, L is added; the low-stock mark appears.
    let mut f = tshirt();
    f.retain(|(k, _)| !k.starts_with("v1_"));
    f.retain(|(k, _)| *k != "v0_price" && *k != "v0_qty");
    f.extend([
        ("v0_id", vid0.as_str()),
        ("v0_price", "13"),
        ("v0_qty", "2"),
        ("v1_id", ""),
        ("v1_o1", "L"),
        ("v1_sku", "TS-L"),
        ("v1_price", "15"),
        ("v1_qty", "0"),
    ]);
    let r = owner
        .post_form(&format!("/s/tees/admin/products/{pid}"), &f)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let vs = variants(&app, "tees", pid).await;
    assert_eq!(vs.len(), 2);
    assert_eq!(vs[0].id.to_string(), vid0, "the S variant is kept");
    assert_eq!(vs[0].price_minor, 1300);
    assert!(vs.iter().all(|v| v.id.to_string() != vid1), "M removed");
    assert_eq!(vs[1].sku.as_deref(), Some("TS-L"));
    let (_, low) = owner.get_text("/s/tees/admin/products?stock=low").await;
    assert!(low.contains("T-shirt Époisses"));
    assert!(low.contains("stock bas"));

    // "Add a row" re-renders with one more empty row and saves nothing.
    let mut more = tshirt();
    more.push(("add_row", "1"));
    let r = owner.post_form("/s/tees/admin/products/new", &more).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body = r.text().await.unwrap();
    assert!(body.contains("name=\"v2_price\""), "{body}");
    assert_eq!(product_count(&app, "tees").await, 1);
}

#[tokio::test]
async fn bad_variants_are_refused_beside_the_field_and_nothing_is_saved() {
    let app = TestApp::new().await;
    let owner = bilingual(&app, "refus").await;
    let _existing = create(
        &owner,
        "refus",
        &form(&[
            ("kind", "physical"),
            ("title_fr", "Autre"),
            ("status", "draft"),
            ("vat_class", "standard"),
            ("rows", "1"),
            ("v0_sku", "TAKEN-1"),
            ("v0_price", "5"),
        ]),
    )
    .await;
    let cases: Vec<(&str, &str, &str, &str)> = vec![
        ("v0_price", "12,5x", "Ce prix n’est pas lisible", "v0-err-1"),
        (
            "v1_compare",
            "10",
            "Le prix barré doit être supérieur",
            "v1-err-1",
        ),
        ("v1_sku", "TS-S", "Ce SKU est déjà utilisé", "v1-err-1"),
        ("v1_sku", "TAKEN-1", "Ce SKU est déjà utilisé", "v1-err-1"),
        ("v1_o1", "s", "existe déjà", "variants-err"),
    ];
    for (field, value, message, id) in cases {
        let mut f = tshirt();
        f.retain(|(k, _)| *k != field);
        f.push((field, value));
        let r = owner.post_form("/s/refus/admin/products/new", &f).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let body = r.text().await.unwrap();
        assert!(body.contains(message), "{field}: {body}");
        assert!(body.contains(&format!("id=\"{id}\"")), "{field}: {body}");
        let at = body.find(&format!("id=\"{id}\"")).unwrap();
        assert!(body[at..].starts_with(&format!("id=\"{id}\">")));
        assert!(
            body.contains(&format!("value=\"{value}\"")),
            "typed value kept for {field}"
        );
        assert!(body.contains("value=\"T-shirt Époisses\""));
        assert_eq!(
            product_count(&app, "refus").await,
            1,
            "{field}: nothing saved"
        );
    }
    // Publishing needs a title in the shop's default language.
    let mut f = tshirt();
    f.retain(|(k, _)| *k != "title_fr");
    let r = owner.post_form("/s/refus/admin/products/new", &f).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("id=\"title_fr-err\""));
    assert_eq!(product_count(&app, "refus").await, 1);
}

#[tokio::test]
async fn each_kind_keeps_its_own_terms() {
    let app = TestApp::new().await;
    let owner = bilingual(&app, "kinds").await;
    let base = |kind: &'static str, title: &'static str| {
        form(&[
            ("kind", kind),
            ("title_fr", title),
            ("status", "active"),
            ("vat_class", "reduced"),
            ("rows", "1"),
            ("v0_price", "30"),
            ("v0_qty", "4"),
            ("track_stock", "1"),
        ])
    };
    // Unique item: condition, quantity fixed at one.
    let mut f = base("unique", "Les Misérables, édition 1862");
    f.push(("condition", "like_new"));
    let pid = create(&owner, "kinds", &f).await;
    let p = product(&app, "kinds", pid).await;
    assert_eq!(p.kind, "unique");
    assert_eq!(p.condition.as_deref(), Some("like_new"));
    assert_eq!(variants(&app, "kinds", pid).await[0].quantity, 1);
    let mut bad = base("unique", "Sans état");
    bad.push(("condition", "abîmé"));
    let r = owner.post_form("/s/kinds/admin/products/new", &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("id=\"condition-err\""));

    // Rental.
    let mut f = base("rental", "Caméra Super 8");
    f.extend([
        ("rent_day", "15"),
        ("rent_week", "80,00"),
        ("deposit", "300"),
        ("min_days", "1"),
        ("max_days", "14"),
    ]);
    let pid = create(&owner, "kinds", &f).await;
    let d: serde_json::Value =
        serde_json::from_str(&product(&app, "kinds", pid).await.details).unwrap();
    assert_eq!(d["per_day_minor"], 1500);
    assert_eq!(d["per_week_minor"], 8000);
    assert_eq!(d["deposit_minor"], 30000);
    assert_eq!(d["max_days"], 14);
    let (_, ed) = owner
        .get_text(&format!("/s/kinds/admin/products/{pid}"))
        .await;
    assert!(ed.contains("value=\"80.00\""), "rental terms shown back");
    let mut bad = base("rental", "Projecteur");
    bad.extend([("rent_day", "15"), ("min_days", "5"), ("max_days", "2")]);
    let r = owner.post_form("/s/kinds/admin/products/new", &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("id=\"max_days-err\""));

    // Perishable.
    let mut f = base("perishable", "Plateau de fromages");
    f.extend([
        ("lead_days", "2"),
        ("dispatch", "tue"),
        ("dispatch", "mon"),
        ("shelf_life", "10"),
    ]);
    let pid = create(&owner, "kinds", &f).await;
    let d: serde_json::Value =
        serde_json::from_str(&product(&app, "kinds", pid).await.details).unwrap();
    assert_eq!(d["lead_days"], 2);
    assert_eq!(d["dispatch_weekdays"], serde_json::json!(["mon", "tue"]));
    assert_eq!(d["shelf_life_days"], 10);
    // Days stored as ISO numbers (older rows) read as names: shown checked in the editor.
    {
        let shop_id = app.shop_id("kinds").await;
        let mut tx = app.store.begin().await.unwrap();
        sqlx::query("UPDATE products SET details = $3 WHERE shop_id = $1 AND id = $2")
            .bind(shop_id)
            .bind(pid)
            .bind(r#"{"lead_days":2,"dispatch_weekdays":[1,5],"shelf_life_days":10}"#)
            .execute(&mut *tx)
            .await
            .unwrap();
        store::commit(tx).await.unwrap();
    }
    let (_, ed) = owner
        .get_text(&format!("/s/kinds/admin/products/{pid}"))
        .await;
    assert!(ed.contains("value=\"fri\" checked"), "{ed}");
    assert!(ed.contains("value=\"mon\" checked"));
    assert!(!ed.contains("value=\"tue\" checked"));
    let mut bad = base("perishable", "Sans jour");
    bad.extend([("lead_days", "2"), ("shelf_life", "10")]);
    let r = owner.post_form("/s/kinds/admin/products/new", &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("id=\"dispatch-err\""));

    // Live animal: refused for publication while the shop has no SIRET.
    let mut parrot = base("live_animal", "Perruche ondulée");
    parrot.extend([
        ("species", "Perruche ondulée (Melopsittacus undulatus)"),
        ("breed", "n’appartient pas à une race"),
        ("age_months", "4"),
        ("id_kind", "ring"),
        ("id_number", "FR 2024 123"),
        ("gpsr_warnings", "Ne pas laisser sans surveillance."),
    ]);
    let before = product_count(&app, "kinds").await;
    let r = owner
        .post_form("/s/kinds/admin/products/new", &parrot)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("id=\"status-err\""), "{body}");
    assert!(body.contains("SIRET"));
    assert_eq!(product_count(&app, "kinds").await, before);
    let r = owner
        .post_form(
            "/s/kinds/admin/legal",
            &[
                ("status", "ei"),
                ("legal_name", "Émilie Martin"),
                ("siret", "732 829 320 00074"),
                ("vat_franchise", "1"),
                ("address", "12 rue des Halles"),
                ("postal_code", "21000"),
                ("city", "Dijon"),
                ("country", "France"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let pid = create(&owner, "kinds", &parrot).await;
    let p = product(&app, "kinds", pid).await;
    assert_eq!(p.status, "active");
    let d: serde_json::Value = serde_json::from_str(&p.details).unwrap();
    assert_eq!(d["identification_kind"], "ring");
    assert_eq!(d["identification_number"], "FR2024123");
    assert_eq!(d["age_months"], 4);
    let s: serde_json::Value = serde_json::from_str(&p.safety).unwrap();
    assert_eq!(s["warnings"], "Ne pas laisser sans surveillance.");
    // A microchip number must have 15 digits.
    let mut bad = parrot.clone();
    bad.retain(|(k, _)| *k != "id_kind" && *k != "title_fr");
    bad.extend([("id_kind", "transponder"), ("title_fr", "Chaton")]);
    let r = owner.post_form("/s/kinds/admin/products/new", &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("id=\"id_number-err\""));
}

#[tokio::test]
async fn bulk_publish_and_price_change_keep_the_price_history() {
    let app = TestApp::new().await;
    let owner = bilingual(&app, "bulk").await;
    let draft = |title: &'static str, price: &'static str| {
        form(&[
            ("kind", "physical"),
            ("title_fr", title),
            ("status", "draft"),
            ("vat_class", "standard"),
            ("rows", "1"),
            ("v0_price", price),
            ("v0_compare", "20"),
        ])
    };
    let a = create(&owner, "bulk", &draft("Comté 18 mois", "10")).await;
    let b = create(&owner, "bulk", &draft("Brie de Meaux", "12,50")).await;
    let c = create(&owner, "bulk", &draft("Untouched", "7")).await;
    let shop_id = app.shop_id("bulk").await;
    {
        // The prices were set yesterday, so today's change is a new entry in the history.
        let mut tx = app.store.begin().await.unwrap();
        sqlx::query("UPDATE price_history SET at = at - 86400 WHERE shop_id = $1")
            .bind(shop_id)
            .execute(&mut *tx)
            .await
            .unwrap();
        store::commit(tx).await.unwrap();
    }
    let (ia, ib) = (a.to_string(), b.to_string());
    let r = owner
        .post_form(
            "/s/bulk/admin/products/bulk",
            &[("ids", &ia), ("ids", &ib), ("action", "publish")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(product(&app, "bulk", a).await.status, "active");
    assert_eq!(product(&app, "bulk", b).await.status, "active");
    assert_eq!(product(&app, "bulk", c).await.status, "draft");

    let r = owner
        .post_form(
            "/s/bulk/admin/products/bulk",
            &[
                ("ids", &ia),
                ("ids", &ib),
                ("action", "price"),
                ("percent", "-10"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let va = &variants(&app, "bulk", a).await[0];
    let vb = &variants(&app, "bulk", b).await[0];
    assert_eq!(va.price_minor, 900);
    assert_eq!(vb.price_minor, 1125);
    assert_eq!(va.compare_at_minor, Some(2000));
    assert_eq!(variants(&app, "bulk", c).await[0].price_minor, 700);
    let mut conn = app.store.reader().await.unwrap();
    let ha = store::catalog::price_history(&mut conn, shop_id, va.id)
        .await
        .unwrap();
    let hb = store::catalog::price_history(&mut conn, shop_id, vb.id)
        .await
        .unwrap();
    drop(conn);
    assert_eq!(
        ha.iter().map(|(_, p)| *p).collect::<Vec<_>>(),
        vec![1000, 900]
    );
    assert_eq!(
        hb.iter().map(|(_, p)| *p).collect::<Vec<_>>(),
        vec![1250, 1125]
    );

    // A bad percentage is refused with a message; nothing changes.
    let r = owner
        .post_form(
            "/s/bulk/admin/products/bulk",
            &[("ids", &ia), ("action", "price"), ("percent", "-150")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("pourcentage"));
    assert_eq!(variants(&app, "bulk", a).await[0].price_minor, 900);

    // Archive.
    let r = owner
        .post_form(
            "/s/bulk/admin/products/bulk",
            &[("ids", &ia), ("action", "archive")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(product(&app, "bulk", a).await.status, "archived");
}

#[tokio::test]
async fn the_plan_product_limit_is_enforced_with_a_message() {
    let app = TestApp::new().await;
    let owner = bilingual(&app, "petite").await;
    let id = app.shop_id("petite").await;
    let mut tx = app.store.begin().await.unwrap();
    let plan = store::plan::create(&mut tx, "Une", 1, 2, 100 * 1024 * 1024)
        .await
        .unwrap();
    store::shop::set_plan(&mut tx, id, plan).await.unwrap();
    store::commit(tx).await.unwrap();
    create(&owner, "petite", &tshirt()).await;
    let mut second = tshirt();
    second.retain(|(k, _)| {
        !k.starts_with("title") && !k.starts_with("description") && !k.ends_with("_sku")
    });
    second.push(("title_fr", "Deuxième"));
    let r = owner
        .post_form("/s/petite/admin/products/new", &second)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("nombre maximal de produits"), "{body}");
    assert!(body.contains("value=\"Deuxième\""), "typed values kept");
    assert_eq!(product_count(&app, "petite").await, 1);
    let (_, new) = owner.get_text("/s/petite/admin/products/new").await;
    assert!(new.contains("nombre maximal de produits"), "{new}");
}

#[tokio::test]
async fn another_shop_cannot_reach_a_product() {
    let app = TestApp::new().await;
    let alice = bilingual(&app, "alice").await;
    let bob = app.owner("bob").await;
    let pid = create(&alice, "alice", &tshirt()).await;
    let (s, _) = bob.get_text(&format!("/s/bob/admin/products/{pid}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let mut f = tshirt();
    f.retain(|(k, _)| !k.ends_with("_sku"));
    let r = bob
        .post_form(&format!("/s/bob/admin/products/{pid}"), &f)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let ids = pid.to_string();
    let r = bob
        .post_form(
            "/s/bob/admin/products/bulk",
            &[("ids", &ids), ("action", "archive")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(product(&app, "alice", pid).await.status, "active");
    let (_, list) = bob.get_text("/s/bob/admin/products").await;
    assert!(!list.contains("T-shirt Époisses"));
    let (s, body) = bob
        .get_text(&format!("/s/alice/admin/products/{pid}"))
        .await;
    assert_ne!(s, StatusCode::OK, "bob is not staff of alice");
    assert!(!body.contains("TS-M"));
    let (s, _) = bob.get_text("/s/bob/admin/products/not-a-number").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn categories_nest_and_only_empty_ones_are_deleted() {
    let app = TestApp::new().await;
    let owner = bilingual(&app, "rayons").await;
    let r = owner
        .post_form(
            "/s/rayons/admin/categories",
            &[
                ("parent", ""),
                ("name_fr", "Fromages"),
                ("name_en", "Cheeses"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let shop_id = app.shop_id("rayons").await;
    let cats = {
        let mut c = app.store.reader().await.unwrap();
        store::catalog::categories(&mut c, shop_id).await.unwrap()
    };
    let top = cats.iter().find(|c| c.name == "Fromages").unwrap();
    assert_eq!(top.slug, "fromages");
    assert!(cats.iter().any(|c| c.lang == "en" && c.slug == "cheeses"));
    let top_id = top.id.to_string();
    let r = owner
        .post_form(
            "/s/rayons/admin/categories",
            &[("parent", &top_id), ("name_fr", "Chèvres")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // A name is needed in the default language, and slugs are unique.
    let r = owner
        .post_form(
            "/s/rayons/admin/categories",
            &[("parent", ""), ("name_en", "Only English")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("id=\"name_fr-err\""));
    let r = owner
        .post_form(
            "/s/rayons/admin/categories",
            &[("parent", ""), ("name_fr", "Fromages")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("id=\"cslug_fr-err\""));

    let cats = {
        let mut c = app.store.reader().await.unwrap();
        store::catalog::categories(&mut c, shop_id).await.unwrap()
    };
    let child = cats.iter().find(|c| c.name == "Chèvres").unwrap();
    assert_eq!(child.parent_id, Some(top.id));
    let child_id = child.id.to_string();
    let (_, page) = owner.get_text("/s/rayons/admin/categories").await;
    assert!(page.contains("— Chèvres"), "{page}");
    assert!(page.find("Fromages").unwrap() < page.find("— Chèvres").unwrap());

    // Editing: the form is filled in, a loop is refused, names change and the child gets English.
    let (s, edit) = owner
        .get_text(&format!("/s/rayons/admin/categories?edit={child_id}"))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(edit.contains("value=\"Chèvres\""), "{edit}");
    assert!(edit.contains(&format!("action=\"/s/rayons/admin/categories/{child_id}\"")));
    let r = owner
        .post_form(
            &format!("/s/rayons/admin/categories/{top_id}"),
            &[("parent", &child_id), ("name_fr", "Fromages")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("ne peut pas être rangée"));
    let r = owner
        .post_form(
            &format!("/s/rayons/admin/categories/{child_id}"),
            &[
                ("parent", &top_id),
                ("name_fr", "Chèvres frais"),
                ("name_en", "Fresh goat cheeses"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let cats = {
        let mut c = app.store.reader().await.unwrap();
        store::catalog::categories(&mut c, shop_id).await.unwrap()
    };
    assert!(cats
        .iter()
        .any(|c| c.id == child.id && c.lang == "en" && c.slug == "fresh-goat-cheeses"));
    assert!(cats
        .iter()
        .any(|c| c.id == child.id && c.lang == "fr" && c.name == "Chèvres frais"));
    let (_, page) = owner.get_text("/s/rayons/admin/categories").await;
    assert!(page.contains("— Chèvres frais"), "{page}");
    let other = app.owner("autre").await;
    let (s, _) = other
        .get_text(&format!("/s/autre/admin/categories?edit={child_id}"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let r = other
        .post_form(&format!("/s/autre/admin/categories/{child_id}/delete"), &[])
        .await;
    assert_ne!(r.status(), StatusCode::SEE_OTHER);

    // A product in the subcategory.
    let mut f = tshirt();
    f.push(("category", &child_id));
    let pid = create(&owner, "rayons", &f).await;
    assert_eq!(
        product(&app, "rayons", pid).await.category_id,
        Some(child.id)
    );
    let (_, list) = owner
        .get_text(&format!("/s/rayons/admin/products?category={child_id}"))
        .await;
    assert!(list.contains("T-shirt Époisses"));
    let (_, list) = owner
        .get_text(&format!("/s/rayons/admin/products?category={top_id}"))
        .await;
    assert!(!list.contains("T-shirt Époisses"));

    for id in [&top_id, &child_id] {
        let r = owner
            .post_form(&format!("/s/rayons/admin/categories/{id}/delete"), &[])
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("videz-la"));
    }
    // Move the product to the top category in bulk, then the subcategory can go.
    let ids = pid.to_string();
    let r = owner
        .post_form(
            "/s/rayons/admin/products/bulk",
            &[("ids", &ids), ("action", "move"), ("category", &top_id)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(product(&app, "rayons", pid).await.category_id, Some(top.id));
    let r = owner
        .post_form(
            &format!("/s/rayons/admin/categories/{child_id}/delete"),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = owner
        .post_form(&format!("/s/rayons/admin/categories/{top_id}/delete"), &[])
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "still holds the product"
    );
}

#[tokio::test]
async fn the_list_pages_by_fifty_sorts_and_searches() {
    let app = TestApp::new().await;
    let owner = bilingual(&app, "grand").await;
    let shop_id = app.shop_id("grand").await;
    let mut tx = app.store.begin().await.unwrap();
    for i in 0..51 {
        let f = store::catalog::ProductFields {
            kind: "physical".into(),
            status: if i % 2 == 0 { "active" } else { "draft" }.into(),
            vat_class: "standard".into(),
            track_stock: true,
            details: "{}".into(),
            safety: "{}".into(),
            ..Default::default()
        };
        let pid = store::catalog::create_product(&mut tx, shop_id, &f)
            .await
            .unwrap();
        let title = format!("Produit {i:02}");
        store::catalog::set_text(
            &mut tx,
            shop_id,
            pid,
            &store::catalog::ProductText {
                lang: "fr".into(),
                title: title.clone(),
                slug: format!("produit-{i:02}"),
                description_md: String::new(),
                seo_title: String::new(),
                seo_description: String::new(),
            },
        )
        .await
        .unwrap();
        let v = store::catalog::VariantFields {
            price_minor: 10_000 - i * 100,
            quantity: i,
            ..Default::default()
        };
        store::catalog::add_variant(&mut tx, shop_id, pid, &v)
            .await
            .unwrap();
    }
    store::commit(tx).await.unwrap();

    let (_, p1) = owner.get_text("/s/grand/admin/products?sort=title").await;
    assert!(p1.contains("51 produit(s)"), "{p1}");
    assert!(p1.contains("Produit 00") && p1.contains("Produit 49"));
    assert!(!p1.contains("Produit 50"));
    assert!(p1.contains("page=2"), "a link to the next page");
    assert!(p1.find("Produit 00").unwrap() < p1.find("Produit 01").unwrap());
    let (_, p2) = owner
        .get_text("/s/grand/admin/products?sort=title&page=2")
        .await;
    assert!(p2.contains("Produit 50") && !p2.contains("Produit 00"));
    // By price, the cheapest (the last one created) comes first.
    let (_, by_price) = owner.get_text("/s/grand/admin/products?sort=price").await;
    assert!(by_price.find("Produit 50").unwrap() < by_price.find("Produit 40").unwrap());
    // Filters combine: drafts, out of stock (quantity 0 is product 00, active).
    let (_, drafts) = owner
        .get_text("/s/grand/admin/products?status=draft&sort=title")
        .await;
    assert!(drafts.contains("25 produit(s)"), "{drafts}");
    let (_, out) = owner.get_text("/s/grand/admin/products?stock=out").await;
    assert!(out.contains("1 produit(s)") && out.contains("Produit 00"));
    let (_, low) = owner.get_text("/s/grand/admin/products?stock=low").await;
    assert!(low.contains("5 produit(s)"), "quantities 1 to 5: {low}");
    // Search by title, whatever the case, accents included.
    let (_, found) = owner
        .get_text("/s/grand/admin/products?q=PRODUIT%2042")
        .await;
    assert!(found.contains("1 produit(s)") && found.contains("Produit 42"));
    let pid = create(&owner, "grand", &tshirt()).await;
    let (_, accent) = owner
        .get_text("/s/grand/admin/products?q=%C3%89poisses")
        .await;
    assert!(
        accent.contains(&format!("/admin/products/{pid}\"")),
        "{accent}"
    );
}

#[tokio::test]
async fn bulk_publish_skips_products_without_a_default_title_and_services_keep_terms() {
    let app = TestApp::new().await;
    let owner = bilingual(&app, "services").await;
    let english_only = create(
        &owner,
        "services",
        &form(&[
            ("kind", "service"),
            ("title_en", "Portrait session"),
            ("status", "draft"),
            ("vat_class", "standard"),
            ("rows", "1"),
            ("v0_price", "90"),
            ("duration", "60"),
            ("capacity", "2"),
        ]),
    )
    .await;
    let d: serde_json::Value =
        serde_json::from_str(&product(&app, "services", english_only).await.details).unwrap();
    assert_eq!(d["duration_minutes"], 60);
    assert_eq!(d["capacity_per_slot"], 2);
    let ids = english_only.to_string();
    let r = owner
        .post_form(
            "/s/services/admin/products/bulk",
            &[("ids", &ids), ("action", "publish")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, list) = owner.get_text(&path_of(&owner.url(&location(&r)))).await;
    assert!(list.contains("non publié"), "{list}");
    assert_eq!(
        product(&app, "services", english_only).await.status,
        "draft"
    );
    // A service lasting one minute is refused beside the field.
    let r = owner
        .post_form(
            "/s/services/admin/products/new",
            &form(&[
                ("kind", "service"),
                ("title_fr", "Séance éclair"),
                ("status", "draft"),
                ("vat_class", "standard"),
                ("rows", "1"),
                ("v0_price", "90"),
                ("duration", "1"),
                ("capacity", "2"),
            ]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("id=\"duration-err\""));
}

#[tokio::test]
async fn an_employee_edits_products() {
    let app = TestApp::new().await;
    let owner = bilingual(&app, "equipe").await;
    let r = owner
        .post_form(
            "/s/equipe/admin/staff/invite",
            &[("email", "emp@equipe.example"), ("role", "staff")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mail = app
        .wait_for_email("emp@equipe.example", "/admin/invite/")
        .await;
    let employee = app.client();
    let r = employee
        .post_form(
            &path_of(&link_in(&mail, "/admin/invite/")),
            &[("name", "Camille"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (s, dash) = employee.get_text("/s/equipe/admin/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        dash.contains("/s/equipe/admin/products\""),
        "nav entry for staff"
    );
    let pid = create(&employee, "equipe", &tshirt()).await;
    let (s, _) = employee
        .get_text(&format!("/s/equipe/admin/products/{pid}"))
        .await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn admin_catalog_pages_are_valid_html() {
    let Some(vnu) = vnu::Vnu::find() else {
        return;
    };
    let app = TestApp::new().await;
    let owner = bilingual(&app, "valide").await;
    let r = owner
        .post_form(
            "/s/valide/admin/categories",
            &[("parent", ""), ("name_fr", "Fromages")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let pid = create(&owner, "valide", &tshirt()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![];
    let mut pages = vec![
        "/s/valide/admin/products".to_string(),
        "/s/valide/admin/products?q=zzz".to_string(),
        "/s/valide/admin/products/new".to_string(),
        "/s/valide/admin/categories".to_string(),
        "/s/valide/admin/products/inventory".to_string(),
        format!("/s/valide/admin/products/{pid}"),
    ];
    for kind in [
        "physical",
        "unique",
        "digital",
        "service",
        "rental",
        "perishable",
        "live_animal",
    ] {
        pages.push(format!("/s/valide/admin/products/new?kind={kind}"));
    }
    for (i, path) in pages.iter().enumerate() {
        let (s, body) = owner.get_text(path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        files.push(vnu::save(dir.path(), &format!("{i:02}"), &body, path));
    }
    // Pages with errors beside the fields.
    let mut bad = tshirt();
    bad.retain(|(k, _)| *k != "v0_price" && *k != "title_fr");
    bad.push(("v0_price", "12,5x"));
    let errors: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/s/valide/admin/products/new", bad),
        (
            "/s/valide/admin/products/new",
            form(&[
                ("kind", "live_animal"),
                ("title_fr", "Perroquet"),
                ("status", "active"),
                ("rows", "1"),
                ("v0_price", "x"),
                ("gpsr_name", "Acme"),
            ]),
        ),
        ("/s/valide/admin/categories", form(&[("name_en", "x")])),
    ];
    for (i, (path, fields)) in errors.iter().enumerate() {
        let r = owner.post_form(path, fields).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let body = r.text().await.unwrap();
        assert!(body.contains("class=\"error\""), "{path}: {body}");
        let label = format!("{path} (errors {i})");
        files.push(vnu::save(dir.path(), &format!("err{i:02}"), &body, &label));
    }
    vnu.assert_valid(&files);
}

#[tokio::test]
async fn the_inventory_lists_low_stock_first_and_saves_quantities() {
    let app = TestApp::new().await;
    let owner = bilingual(&app, "stock").await;
    let tee = create(&owner, "stock", &tshirt()).await;
    let book = create(
        &owner,
        "stock",
        &form(&[
            ("kind", "unique"),
            ("title_fr", "Vieux livre"),
            ("status", "active"),
            ("vat_class", "reduced"),
            ("condition", "good"),
            ("rows", "1"),
            ("v0_price", "8"),
        ]),
    )
    .await;
    let vs = variants(&app, "stock", tee).await;
    let (small, medium) = (vs[0].id, vs[1].id);
    let book_v = variants(&app, "stock", book).await[0].id;
    let (s, inv) = owner.get_text("/s/stock/admin/products/inventory").await;
    assert_eq!(s, StatusCode::OK);
    let at = |id: i64| inv.find(&format!("name=\"q_{id}\"")).expect("listed");
    assert!(
        at(book_v) < at(small) && at(small) < at(medium),
        "lowest first"
    );
    let (_, low) = owner
        .get_text("/s/stock/admin/products/inventory?low=1")
        .await;
    assert!(low.contains(&format!("q_{small}")) && !low.contains(&format!("q_{medium}")));
    assert!(low.contains("stock bas"));

    // Bad quantities are refused beside their field, nothing is saved.
    let (qs, qb) = (format!("q_{small}"), format!("q_{book_v}"));
    let r = owner
        .post_form(
            "/s/stock/admin/products/inventory",
            &[(qs.as_str(), "beaucoup"), (qb.as_str(), "2")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains(&format!("id=\"q_{small}-err\"")), "{body}");
    assert!(
        body.contains(&format!("id=\"q_{book_v}-err\"")),
        "unique: 0 or 1"
    );
    assert!(body.contains("value=\"beaucoup\""));
    assert_eq!(variants(&app, "stock", tee).await[0].quantity, 3);

    // Saved; another shop's variant ids are ignored.
    let other = bilingual(&app, "voisin").await;
    let theirs = create(
        &other,
        "voisin",
        &form(&[
            ("kind", "physical"),
            ("title_fr", "Voisin"),
            ("status", "draft"),
            ("vat_class", "standard"),
            ("track_stock", "1"),
            ("rows", "1"),
            ("v0_price", "3"),
            ("v0_qty", "7"),
        ]),
    )
    .await;
    let their_v = variants(&app, "voisin", theirs).await[0].id;
    let qt = format!("q_{their_v}");
    let r = owner
        .post_form(
            "/s/stock/admin/products/inventory",
            &[(qs.as_str(), "0"), (qt.as_str(), "0")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(variants(&app, "stock", tee).await[0].quantity, 0);
    assert_eq!(variants(&app, "voisin", theirs).await[0].quantity, 7);
    let (_, inv) = owner.get_text("/s/stock/admin/products/inventory").await;
    assert!(inv.contains("épuisé"));
}

#[tokio::test]
async fn saving_in_the_editor_keeps_what_the_form_does_not_show() {
    let app = TestApp::new().await;
    let owner = bilingual(&app, "garde").await;
    let pid = create(&owner, "garde", &tshirt()).await;
    let shop_id = app.shop_id("garde").await;
    // An import set the vendor; the home page features the product.
    let mut tx = app.store.begin().await.unwrap();
    sqlx::query(
        "UPDATE products SET vendor = 'Atelier Martin', featured = 1 WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop_id)
    .bind(pid)
    .execute(&mut *tx)
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    let vs = variants(&app, "garde", pid).await;
    let (id0, id1) = (vs[0].id.to_string(), vs[1].id.to_string());
    let mut fields = tshirt();
    fields.retain(|(k, _)| *k != "kind" && *k != "title_fr");
    fields.push(("title_fr", "T-shirt Époisses bio"));
    fields.push(("v0_id", &id0));
    fields.push(("v1_id", &id1));
    let r = owner
        .post_form(&format!("/s/garde/admin/products/{pid}"), &fields)
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let p = product(&app, "garde", pid).await;
    assert_eq!(p.vendor.as_deref(), Some("Atelier Martin"));
    assert_eq!(p.featured, 1);
}
