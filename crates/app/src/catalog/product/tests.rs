use super::*;

fn facts() -> ShopFacts {
    ShopFacts {
        currency: Currency::EUR,
        langs: vec![Lang::Fr, Lang::En],
        default_lang: "fr".into(),
        siret: None,
        today: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
        category_ids: vec![3, 4],
    }
}

/// A draft T-shirt titled in French, one variant at 12.50.
fn tshirt() -> ProductInput {
    let mut fr = TextInput::empty(Lang::Fr);
    fr.title = "T-shirt brodé".into();
    ProductInput {
        texts: vec![fr, TextInput::empty(Lang::En)],
        rows: vec![VariantInput {
            price: "12.50".into(),
            qty: "4".into(),
            ..VariantInput::default()
        }],
        status: "draft".into(),
        vat_class: "standard".into(),
        track_stock: true,
        ..ProductInput::default()
    }
}

/// Two sizes, S and M, on the first axis.
fn sized(skus: [&str; 2]) -> ProductInput {
    let mut p = tshirt();
    p.texts[0].axes[0] = "Taille".into();
    p.rows = ["S", "M"]
        .iter()
        .zip(skus)
        .map(|(size, sku)| VariantInput {
            opts: [size.to_string(), String::new(), String::new()],
            sku: sku.into(),
            price: "12.50".into(),
            ..VariantInput::default()
        })
        .collect();
    p
}

fn refused(kind: ProductKind, input: &ProductInput) -> FieldErrors {
    validate(kind, input, &facts()).expect_err("refused")
}

fn rule(code: &str) -> impl Fn(&Message) -> bool + '_ {
    move |m| matches!(m, Message::Rule(e) if e.code == code)
}

fn text(id: &str) -> impl Fn(&Message) -> bool + '_ {
    move |m| matches!(m, Message::Text(i, _) if *i == id)
}

#[test]
fn a_valid_product_gets_its_slug_from_its_title_and_only_titled_languages_are_written() {
    let v = validate(ProductKind::Physical, &tshirt(), &facts()).expect("valid");
    assert_eq!(v.texts.len(), 1);
    assert_eq!(v.texts[0].lang, "fr");
    assert_eq!(v.texts[0].slug, "t-shirt-brode");
    assert_eq!(v.fields.kind, "physical");
    assert_eq!(v.fields.status, "draft");
    assert_eq!(v.variants.len(), 1);
    assert_eq!(v.variants[0].fields.price_minor, 1250);
    assert_eq!(v.variants[0].fields.quantity, 4);
    assert_eq!(v.variants[0].id, None);
    assert!(v.options.is_empty());
}

#[test]
fn a_product_needs_a_title_and_a_published_one_in_the_default_language() {
    let mut p = tshirt();
    p.texts[0].title.clear();
    let e = refused(ProductKind::Physical, &p);
    assert!(e.get("title_fr").is_some_and(rule("product-title-empty")));

    p.texts[1].title = "Embroidered T-shirt".into();
    assert!(validate(ProductKind::Physical, &p, &facts()).is_ok());
    p.status = "active".into();
    let e = refused(ProductKind::Physical, &p);
    assert!(e
        .get("title_fr")
        .is_some_and(text("cat-publish-needs-title")));
    assert_eq!(e.iter().count(), 1);
}

#[test]
fn messages_are_keyed_by_the_editors_field_names() {
    let mut p = tshirt();
    p.category = "99".into();
    p.tags = format!("cadeau, {}", "x".repeat(TAG_MAX + 1));
    p.texts[1].seo_title = "y".repeat(SEO_TITLE_MAX + 1);
    p.rows[0].weight = "-3".into();
    p.rows[0].compare = "10".into();
    let e = refused(ProductKind::Physical, &p);
    assert!(e.get("category").is_some_and(text("cat-category-unknown")));
    assert_eq!(
        e.get("tags"),
        Some(&Message::Text(
            "cat-tag-invalid",
            vec![("max", TAG_MAX.to_string())]
        ))
    );
    assert_eq!(
        e.get("seo_title_en"),
        Some(&Message::Text(
            "cat-seo-too-long",
            vec![("max", SEO_TITLE_MAX.to_string())]
        ))
    );
    assert!(e.get("v0_weight").is_some_and(text("cat-number-invalid")));
    assert!(e
        .get("v0_compare")
        .is_some_and(rule("compare-at-not-higher")));
    let fields: Vec<&str> = e.iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        [
            "category",
            "seo_title_en",
            "tags",
            "v0_compare",
            "v0_weight"
        ]
    );
}

#[test]
fn the_first_message_for_a_field_is_kept() {
    let mut e = FieldErrors::default();
    e.add("variants", Message::text("cat-one-variant-without-options"));
    e.add(
        "variants",
        Message::Rule(ValidationError::new("variant-none")),
    );
    assert!(e
        .get("variants")
        .is_some_and(text("cat-one-variant-without-options")));
}

#[test]
fn skus_are_unique_within_the_grid_whatever_their_case() {
    let e = refused(ProductKind::Physical, &sized(["TS-S", "ts-s"]));
    assert!(e.get("v1_sku").is_some_and(text("cat-sku-duplicate")));
    assert!(e.get("v0_sku").is_none());

    let v = validate(ProductKind::Physical, &sized(["TS-S", "TS-M"]), &facts()).expect("valid");
    assert_eq!(v.options, [(1, "fr".to_string(), "Taille".to_string())]);
    let sizes: Vec<_> = v
        .variants
        .iter()
        .map(|v| (v.row, v.fields.options[0].clone()))
        .collect();
    assert_eq!(sizes, [(0, Some("S".into())), (1, Some("M".into()))]);
}

#[test]
fn several_variants_need_an_option_axis_and_blank_rows_are_passed_over() {
    let mut p = sized(["", ""]);
    p.texts[0].axes[0].clear();
    let e = refused(ProductKind::Physical, &p);
    assert!(e
        .get("variants")
        .is_some_and(text("cat-one-variant-without-options")));

    let mut p = tshirt();
    p.rows.push(VariantInput::default());
    p.rows.push(VariantInput {
        image: "12".into(),
        ..VariantInput::default()
    });
    let v = validate(ProductKind::Physical, &p, &facts()).expect("valid");
    assert_eq!(v.variants.len(), 1);
}

#[test]
fn a_unique_item_has_no_options_one_piece_and_no_backorder() {
    let e = refused(ProductKind::Unique, &sized(["", ""]));
    assert!(e.get("axes").is_some_and(text("cat-unique-no-options")));

    let mut p = tshirt();
    p.condition = "good".into();
    p.rows[0].qty = "7".into();
    p.track_stock = false;
    p.allow_backorder = true;
    let v = validate(ProductKind::Unique, &p, &facts()).expect("valid");
    assert_eq!(v.variants[0].fields.quantity, 1);
    assert!(v.fields.track_stock);
    assert!(!v.fields.allow_backorder);
    assert_eq!(v.fields.condition.as_deref(), Some("good"));

    p.condition.clear();
    let e = refused(ProductKind::Unique, &p);
    assert!(e.get("condition").is_some());
}

#[test]
fn kind_terms_are_refused_beside_their_field() {
    let mut p = tshirt();
    p.rent_day = "15".into();
    p.min_days = "3".into();
    p.max_days = "2".into();
    let e = refused(ProductKind::Rental, &p);
    assert!(e.get("max_days").is_some_and(rule("rental-max-below-min")));
    p.max_days = "deux".into();
    let e = refused(ProductKind::Rental, &p);
    assert!(e.get("max_days").is_some_and(text("cat-number-invalid")));
    p.max_days = "10".into();
    let v = validate(ProductKind::Rental, &p, &facts()).expect("valid");
    let d = Details::from_json(&v.fields.details);
    assert_eq!((d.per_day_minor, d.deposit_minor), (Some(1500), Some(0)));

    let mut p = tshirt();
    p.lead_days = "1".into();
    p.shelf_life = "10".into();
    let e = refused(ProductKind::Perishable, &p);
    assert!(e
        .get("dispatch")
        .is_some_and(rule("perishable-no-dispatch-day")));
    p.weekdays = vec!["wed".into(), "mon".into(), "someday".into()];
    let v = validate(ProductKind::Perishable, &p, &facts()).expect("valid");
    assert_eq!(
        Details::from_json(&v.fields.details).dispatch_weekdays,
        ["mon", "wed"]
    );

    let mut p = tshirt();
    p.gpsr_name = "Atelier Berthaut".into();
    let e = refused(ProductKind::Physical, &p);
    assert!(e
        .get("gpsr_address")
        .is_some_and(rule("gpsr-address-missing")));
}

#[test]
fn a_live_animal_is_published_only_with_the_shops_siret() {
    let mut p = tshirt();
    p.species = "Perroquet gris du Gabon".into();
    p.breed = "Psittacus erithacus".into();
    p.age_months = "14".into();
    p.id_kind = "ring".into();
    p.id_number = "FR-2024-0042".into();
    p.status = "active".into();
    let e = refused(ProductKind::LiveAnimal, &p);
    assert!(e.get("status").is_some_and(text("cat-animal-needs-siret")));

    // A draft is kept without a SIRET; its texts are still checked.
    p.status = "draft".into();
    p.breed.clear();
    let e = refused(ProductKind::LiveAnimal, &p);
    assert!(e.get("breed").is_some_and(rule("animal-breed-empty")));
    assert!(e.get("status").is_none());

    p.birth_date = "2026-01-01".into();
    p.breed = "Psittacus erithacus".into();
    let e = refused(ProductKind::LiveAnimal, &p);
    assert!(e
        .get("birth_date")
        .is_some_and(rule("animal-birth-date-future")));
}

#[test]
fn missing_image_descriptions_are_named_by_image_and_language() {
    let image = |alts: &[(&str, &str)]| Image {
        id: 1,
        product_id: 7,
        position: 0,
        key_prefix: String::new(),
        width: 10,
        height: 10,
        alts: alts
            .iter()
            .map(|(l, a)| (l.to_string(), a.to_string()))
            .collect(),
    };
    let images = [
        image(&[("en", "A cheese"), ("fr", "Un fromage")]),
        image(&[("en", "  "), ("fr", "Un plateau")]),
        image(&[]),
    ];
    assert_eq!(
        missing_alts(&[Lang::Fr, Lang::En], &images),
        [(2, Lang::En), (3, Lang::Fr), (3, Lang::En)]
    );
    assert!(missing_alts(&[Lang::Fr], &images[..2]).is_empty());
}
