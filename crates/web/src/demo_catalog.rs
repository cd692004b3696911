//! The demo shops' catalogs: a French cheese-tray maker (cheeses by weight, trays, accessories, a
//! tasting workshop, a rental and a recipe booklet) and a second-hand bookseller (unique items),
//! each in French and English.

use domain::catalog::details::Details;
use store::catalog::{self, ProductFields, ProductText, VariantFields};
use store::shop::Shop;

/// (key, French name, French slug, English name, English slug, parent key)
type CategoryRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);
/// (French name, English name, category, milk in French, milk in English, region, price of 250 g)
type CheeseRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
);
/// (French title, English title, author, condition, price in cents, category)
type BookRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    &'static str,
);

/// (key, French name, French slug, English name, English slug, parent key)
const CHEESE_CATEGORIES: &[CategoryRow] = &[
    (
        "trays",
        "Plateaux",
        "plateaux",
        "Cheese trays",
        "cheese-trays",
        None,
    ),
    (
        "cheeses", "Fromages", "fromages", "Cheeses", "cheeses", None,
    ),
    (
        "goat",
        "Fromages de chèvre",
        "fromages-de-chevre",
        "Goat's cheeses",
        "goats-cheeses",
        Some("cheeses"),
    ),
    (
        "soft",
        "Pâtes molles",
        "pates-molles",
        "Soft cheeses",
        "soft-cheeses",
        Some("cheeses"),
    ),
    (
        "hard",
        "Pâtes pressées",
        "pates-pressees",
        "Hard cheeses",
        "hard-cheeses",
        Some("cheeses"),
    ),
    (
        "blue",
        "Bleus",
        "bleus",
        "Blue cheeses",
        "blue-cheeses",
        Some("cheeses"),
    ),
    (
        "accessories",
        "Accessoires",
        "accessoires",
        "Accessories",
        "accessories",
        None,
    ),
    (
        "workshops",
        "Ateliers et location",
        "ateliers-et-location",
        "Workshops and rental",
        "workshops-and-rental",
        None,
    ),
];

/// (French name, English name, category, milk fr, milk en, region, price of 250 g in cents)
const CHEESES: &[CheeseRow] = &[
    (
        "Époisses AOP",
        "Époisses PDO",
        "soft",
        "de vache",
        "cow's milk",
        "Bourgogne",
        1190,
    ),
    (
        "Comté 18 mois",
        "Comté aged 18 months",
        "hard",
        "de vache",
        "cow's milk",
        "Jura",
        790,
    ),
    (
        "Comté 36 mois",
        "Comté aged 36 months",
        "hard",
        "de vache",
        "cow's milk",
        "Jura",
        1150,
    ),
    (
        "Brie de Meaux AOP",
        "Brie de Meaux PDO",
        "soft",
        "de vache",
        "cow's milk",
        "Île-de-France",
        690,
    ),
    (
        "Camembert de Normandie AOP",
        "Camembert de Normandie PDO",
        "soft",
        "de vache",
        "cow's milk",
        "Normandie",
        590,
    ),
    (
        "Roquefort AOP",
        "Roquefort PDO",
        "blue",
        "de brebis",
        "ewe's milk",
        "Aveyron",
        890,
    ),
    (
        "Bleu d'Auvergne AOP",
        "Bleu d'Auvergne PDO",
        "blue",
        "de vache",
        "cow's milk",
        "Auvergne",
        620,
    ),
    (
        "Fourme d'Ambert AOP",
        "Fourme d'Ambert PDO",
        "blue",
        "de vache",
        "cow's milk",
        "Auvergne",
        640,
    ),
    (
        "Reblochon de Savoie AOP",
        "Reblochon de Savoie PDO",
        "soft",
        "de vache",
        "cow's milk",
        "Savoie",
        720,
    ),
    (
        "Beaufort AOP",
        "Beaufort PDO",
        "hard",
        "de vache",
        "cow's milk",
        "Savoie",
        980,
    ),
    (
        "Saint-Nectaire fermier",
        "Farmhouse Saint-Nectaire",
        "hard",
        "de vache",
        "cow's milk",
        "Auvergne",
        750,
    ),
    (
        "Munster fermier",
        "Farmhouse Munster",
        "soft",
        "de vache",
        "cow's milk",
        "Alsace",
        680,
    ),
    (
        "Mont d'Or AOP",
        "Mont d'Or PDO",
        "soft",
        "de vache",
        "cow's milk",
        "Jura",
        990,
    ),
    (
        "Crottin de Chavignol AOP",
        "Crottin de Chavignol PDO",
        "goat",
        "de chèvre",
        "goat's milk",
        "Centre-Val de Loire",
        560,
    ),
    (
        "Sainte-Maure de Touraine AOP",
        "Sainte-Maure de Touraine PDO",
        "goat",
        "de chèvre",
        "goat's milk",
        "Touraine",
        690,
    ),
    (
        "Valençay AOP",
        "Valençay PDO",
        "goat",
        "de chèvre",
        "goat's milk",
        "Berry",
        710,
    ),
    (
        "Pouligny-Saint-Pierre AOP",
        "Pouligny-Saint-Pierre PDO",
        "goat",
        "de chèvre",
        "goat's milk",
        "Berry",
        730,
    ),
    (
        "Selles-sur-Cher AOP",
        "Selles-sur-Cher PDO",
        "goat",
        "de chèvre",
        "goat's milk",
        "Sologne",
        650,
    ),
    (
        "Ossau-Iraty AOP",
        "Ossau-Iraty PDO",
        "hard",
        "de brebis",
        "ewe's milk",
        "Pays basque",
        880,
    ),
    (
        "Tomme de Savoie IGP",
        "Tomme de Savoie PGI",
        "hard",
        "de vache",
        "cow's milk",
        "Savoie",
        560,
    ),
    (
        "Morbier AOP",
        "Morbier PDO",
        "hard",
        "de vache",
        "cow's milk",
        "Jura",
        610,
    ),
    (
        "Langres AOP",
        "Langres PDO",
        "soft",
        "de vache",
        "cow's milk",
        "Champagne",
        740,
    ),
    (
        "Chaource AOP",
        "Chaource PDO",
        "soft",
        "de vache",
        "cow's milk",
        "Champagne",
        630,
    ),
    (
        "Pont-l'Évêque AOP",
        "Pont-l'Évêque PDO",
        "soft",
        "de vache",
        "cow's milk",
        "Normandie",
        650,
    ),
    (
        "Livarot AOP",
        "Livarot PDO",
        "soft",
        "de vache",
        "cow's milk",
        "Normandie",
        670,
    ),
];

/// (French name, English name, French text, English text, price in cents, servings)
const TRAYS: &[(&str, &str, &str, &str, i64, &str)] = &[
    ("Plateau découverte", "Discovery tray", "Cinq fromages de saison, de la pâte molle au bleu, pour découvrir la France en une soirée.", "Five seasonal cheeses, from soft to blue, to discover France in one evening.", 3490, "4"),
    ("Plateau Bourgogne", "Burgundy tray", "Époisses, Chaource, Langres et un Comté, avec une moutarde de Dijon à l'ancienne.", "Époisses, Chaource, Langres and a Comté, with a wholegrain Dijon mustard.", 4290, "6"),
    ("Plateau des chèvres", "Goat's cheese tray", "Crottin, Sainte-Maure, Valençay, Selles-sur-Cher et Pouligny : le tour du Val de Loire.", "Crottin, Sainte-Maure, Valençay, Selles-sur-Cher and Pouligny: a tour of the Loire valley.", 3890, "4"),
    ("Plateau prestige", "Prestige tray", "Nos huit plus beaux fromages, affinés dans nos caves, présentés sur un plateau en bois.", "Our eight finest cheeses, matured in our cellars, presented on a wooden tray.", 7900, "10"),
    ("Plateau apéritif", "Aperitif tray", "Cubes de Comté, Beaufort et Tomme, prêts à partager avec quelques noix.", "Diced Comté, Beaufort and Tomme, ready to share with a few walnuts.", 2490, "4"),
];

fn perishable() -> String {
    Details {
        lead_days: Some(2),
        dispatch_weekdays: vec!["mon".into(), "tue".into(), "wed".into()],
        shelf_life_days: Some(21),
        ..Default::default()
    }
    .to_json()
}

fn slug(s: &str) -> String {
    domain::catalog::product::ProductSlug::from_title(s)
        .map(|s| s.as_str().to_string())
        .unwrap_or_else(|| "produit".into())
}

#[allow(clippy::too_many_arguments)]
async fn product(
    tx: &mut store::Conn,
    shop: &Shop,
    fields: ProductFields,
    fr: (&str, &str),
    en: (&str, &str),
    axis: Option<(&str, &str)>,
    variants: &[(Option<&str>, i64, Option<i64>, i64)],
    tags: &[&str],
) -> store::Result<i64> {
    let id = catalog::create_product(tx, shop.sid(), &fields).await?;
    for (lang, (title, text)) in [("fr", fr), ("en", en)] {
        let t = ProductText {
            lang: lang.into(),
            title: title.into(),
            slug: slug(title),
            description_md: text.into(),
            seo_title: String::new(),
            seo_description: String::new(),
        };
        catalog::set_text(tx, shop.sid(), id, &t).await?;
    }
    if let Some((fr_axis, en_axis)) = axis {
        catalog::set_options(
            tx,
            shop.sid(),
            id,
            &[
                (1, "fr".into(), fr_axis.into()),
                (1, "en".into(), en_axis.into()),
            ],
        )
        .await?;
    }
    for (i, (value, price, grams, qty)) in variants.iter().enumerate() {
        let sku = format!(
            "{}-{}",
            shop.slug.chars().take(3).collect::<String>().to_uppercase(),
            &store::new_token().0[..6].to_uppercase()
        );
        let v = VariantFields {
            position: i as i64,
            sku: Some(sku),
            options: [value.map(str::to_string), None, None],
            price_minor: *price,
            compare_at_minor: None,
            quantity: *qty,
            weight_grams: *grams,
            image_id: None,
        };
        catalog::add_variant(tx, shop.sid(), id, &v).await?;
    }
    catalog::set_tags(
        tx,
        shop.sid(),
        id,
        &tags.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
    )
    .await?;
    app::catalog::reindex_product(tx, shop, id).await?;
    Ok(id)
}

async fn categories(
    tx: &mut store::Conn,
    shop: &Shop,
    list: &[CategoryRow],
) -> store::Result<Vec<(String, i64)>> {
    let mut ids: Vec<(String, i64)> = vec![];
    for (i, (key, fr, fr_slug, en, en_slug, parent)) in list.iter().enumerate() {
        let parent_id = parent.and_then(|p| ids.iter().find(|(k, _)| k == p).map(|(_, id)| *id));
        let id = catalog::create_category(tx, shop.sid(), parent_id, i as i64).await?;
        catalog::set_category_text(tx, shop.sid(), id, "fr", fr, fr_slug, "").await?;
        catalog::set_category_text(tx, shop.sid(), id, "en", en, en_slug, "").await?;
        ids.push((key.to_string(), id));
    }
    Ok(ids)
}

fn base(kind: &str, category_id: Option<i64>, details: String) -> ProductFields {
    ProductFields {
        kind: kind.into(),
        status: "active".into(),
        category_id,
        vat_class: "reduced".into(),
        track_stock: true,
        details,
        safety: "{}".into(),
        ..Default::default()
    }
}

/// Fills the cheese shop's catalog (37 products, one coming soon).
pub async fn cheese_shop(tx: &mut store::Conn, shop: &Shop) -> store::Result<()> {
    let cats = categories(tx, shop, CHEESE_CATEGORIES).await?;
    let cat = |k: &str| cats.iter().find(|(key, _)| key == k).map(|(_, id)| *id);
    for (i, (fr, en, text_fr, text_en, price, servings)) in TRAYS.iter().enumerate() {
        let mut f = base("perishable", cat("trays"), perishable());
        f.featured = i < 3;
        let fr_text = format!(
            "{text_fr}\n\nPour {servings} personnes. Expédié en colis isotherme, livré en 24 h."
        );
        let en_text = format!("{text_en}\n\nServes {servings}. Shipped in an insulated box, delivered within 24 hours.");
        product(
            tx,
            shop,
            f,
            (fr, &fr_text),
            (en, &en_text),
            None,
            &[(None, *price, Some(1500), 12)],
            &["plateau", "cadeau"],
        )
        .await?;
    }
    for (i, (fr, en, category, milk_fr, milk_en, region, price)) in CHEESES.iter().enumerate() {
        let mut f = base("perishable", cat(category), perishable());
        f.featured = i < 3;
        let fr_text = format!(
            "Fromage au lait {milk_fr} venu de {region}, choisi chez un producteur que nous connaissons et affiné dans nos caves.\n\nÀ sortir du réfrigérateur une heure avant de servir."
        );
        let en_text = format!(
            "A {milk_en} cheese from {region}, chosen from a producer we know and matured in our cellars.\n\nTake it out of the fridge an hour before serving."
        );
        let variants = [
            (Some("250 g"), *price, Some(250), 20),
            (Some("500 g"), price * 19 / 10, Some(500), 10),
            (Some("1 kg"), price * 36 / 10, Some(1000), 4),
        ];
        product(
            tx,
            shop,
            f,
            (fr, &fr_text),
            (en, &en_text),
            Some(("Poids", "Weight")),
            &variants,
            &[region],
        )
        .await?;
    }
    let acc = cat("accessories");
    let mut knife = base("physical", acc, "{}".into());
    knife.vat_class = "standard".into();
    product(
        tx,
        shop,
        knife.clone(),
        (
            "Couteau à fromage",
            "Coupe nette des pâtes molles comme des pâtes dures, manche en hêtre.",
        ),
        (
            "Cheese knife",
            "Cuts soft and hard cheeses cleanly, beech handle.",
        ),
        None,
        &[(None, 1890, Some(120), 30)],
        &["ustensile"],
    )
    .await?;
    product(
        tx,
        shop,
        knife.clone(),
        (
            "Cloche à fromage",
            "Garde vos fromages à l'abri sans les étouffer.",
        ),
        (
            "Cheese dome",
            "Keeps your cheeses covered without smothering them.",
        ),
        None,
        &[(None, 3490, Some(900), 8)],
        &["ustensile"],
    )
    .await?;
    product(
        tx,
        shop,
        knife.clone(),
        (
            "Planche en ardoise",
            "Planche de service en ardoise naturelle, 30 × 20 cm, craie fournie.",
        ),
        (
            "Slate board",
            "Natural slate serving board, 30 × 20 cm, chalk included.",
        ),
        None,
        &[(None, 2290, Some(1200), 15)],
        &["service"],
    )
    .await?;
    let mut board = base("unique", acc, "{}".into());
    board.vat_class = "standard".into();
    board.condition = Some("good".into());
    product(tx, shop, board, ("Plateau ancien en olivier", "Pièce unique chinée en Provence : un plateau en olivier des années 1950, patiné par l'usage."), ("Antique olive-wood board", "A one-off found in Provence: an olive-wood board from the 1950s, worn by use."), None, &[(None, 6500, Some(1800), 1)], &["ancien", "pièce unique"]).await?;
    let work = cat("workshops");
    let mut workshop = base(
        "service",
        work,
        Details {
            duration_minutes: Some(90),
            capacity_per_slot: Some(8),
            ..Default::default()
        }
        .to_json(),
    );
    workshop.vat_class = "standard".into();
    workshop.track_stock = false;
    let workshop_id = product(tx, shop, workshop, ("Atelier dégustation", "Une heure et demie en cave pour apprendre à goûter, accorder et présenter un plateau. Huit personnes au plus."), ("Tasting workshop", "An hour and a half in our cellar to learn to taste, pair and present a tray. Eight people at most."), None, &[(None, 3500, None, 0)], &["atelier"]).await?;
    let mut raclette = base(
        "rental",
        work,
        Details {
            per_day_minor: Some(1500),
            per_week_minor: Some(6000),
            deposit_minor: Some(15000),
            min_days: Some(1),
            max_days: Some(14),
            ..Default::default()
        }
        .to_json(),
    );
    raclette.vat_class = "standard".into();
    let raclette_id = product(
        tx,
        shop,
        raclette,
        (
            "Appareil à raclette (location)",
            "Appareil traditionnel pour huit personnes, à retirer en boutique.",
        ),
        (
            "Raclette machine (rental)",
            "A traditional machine for eight people, to collect from the shop.",
        ),
        None,
        &[(None, 1500, Some(6000), 2)],
        &["location", "raclette"],
    )
    .await?;
    let mut booklet = base("digital", acc, Details::default().to_json());
    booklet.vat_class = "reduced".into();
    booklet.track_stock = false;
    product(
        tx,
        shop,
        booklet,
        (
            "Livret de recettes (PDF)",
            "Vingt recettes au fromage de nos clients, à télécharger après paiement.",
        ),
        (
            "Recipe booklet (PDF)",
            "Twenty cheese recipes from our customers, to download after payment.",
        ),
        None,
        &[(None, 600, None, 0)],
        &["recettes"],
    )
    .await?;
    // An interest test: shown coming soon, it asks visitors for their address.
    let mut next = base("perishable", cat("trays"), perishable());
    next.status = "coming_soon".into();
    product(
        tx,
        shop,
        next,
        (
            "Plateau des Alpes d’hiver",
            "Beaufort d’alpage, reblochon fermier et tome des Bauges, pour l’hiver prochain. Laissez votre adresse : nous vous écrirons le jour de sa sortie.",
        ),
        (
            "Winter Alps tray",
            "Alpine Beaufort, farmhouse Reblochon and Tome des Bauges, for next winter. Leave your address: we will write the day it is out.",
        ),
        None,
        &[(None, 5900, Some(1500), 0)],
        &["plateau"],
    )
    .await?;
    calendar(tx, shop, workshop_id, raclette_id).await
}

/// The shop's opening hours and a few bookings, so the workshop shows real and full slots and
/// the raclette machine a booked period, whenever the demo is created.
async fn calendar(
    tx: &mut store::Conn,
    shop: &Shop,
    workshop: i64,
    raclette: i64,
) -> store::Result<()> {
    use chrono::{Datelike, TimeZone};
    use store::calendar::{BookingStatus, HoursRow, NewBooking};
    let row = |weekday: i64, open: i64, close: i64| HoursRow {
        weekday,
        opens_minute: open,
        closes_minute: close,
    };
    // Tuesday to Saturday 09:30–12:30 and 15:00–19:00, Sunday morning; closed on Monday.
    let mut rows = Vec::new();
    for day in 1..=5 {
        rows.push(row(day, 9 * 60 + 30, 12 * 60 + 30));
        rows.push(row(day, 15 * 60, 19 * 60));
    }
    rows.push(row(6, 9 * 60, 12 * 60 + 30));
    store::calendar::set_hours(tx, shop.sid(), &rows).await?;
    let tz = crate::booking::shop_tz(&shop.timezone);
    let now = store::now();
    let today = tz
        .timestamp_opt(now, 0)
        .single()
        .map(|t| t.date_naive())
        .unwrap_or_default();
    let year = today.year();
    store::calendar::add_closure(
        tx,
        shop.sid(),
        &format!("{year}-12-25"),
        &format!("{year}-12-26"),
    )
    .await?;
    let at = |d: chrono::NaiveDate, minute: u32| {
        tz.from_local_datetime(
            &d.and_hms_opt(minute / 60, minute % 60, 0)
                .unwrap_or_default(),
        )
        .earliest()
        .map(|t| t.timestamp())
        .unwrap_or(now)
    };
    // The next workshop day (Tuesday to Saturday, not a closure): 11:00 full, 15:00 with 3 taken.
    let day = today
        .iter_days()
        .skip(1)
        .find(|d| {
            (1..=5).contains(&d.weekday().num_days_from_monday())
                && !(d.month() == 12 && (25..=26).contains(&d.day()))
        })
        .unwrap_or(today);
    let mut bookings = vec![
        (workshop, at(day, 11 * 60), at(day, 12 * 60 + 30), 8),
        (workshop, at(day, 15 * 60), at(day, 16 * 60 + 30), 3),
    ];
    // The raclette machine is out for three days from the day after tomorrow, and a weekend later.
    let d = |n: u64| {
        today
            .checked_add_days(chrono::Days::new(n))
            .unwrap_or(today)
    };
    bookings.push((raclette, at(d(2), 0), at(d(5), 0), 1));
    bookings.push((raclette, at(d(12), 0), at(d(14), 0), 1));
    for (product_id, starts_at, ends_at, quantity) in bookings {
        store::calendar::create_booking(
            tx,
            shop.sid(),
            &NewBooking {
                product_id,
                variant_id: None,
                starts_at,
                ends_at,
                quantity,
                status: BookingStatus::Confirmed,
            },
        )
        .await?;
    }
    Ok(())
}

/// (French title, English title, author, condition, price in cents, category)
const BOOKS: &[BookRow] = &[
    (
        "L'Étranger (édition originale 1942)",
        "The Stranger (1942 first edition, in French)",
        "Albert Camus",
        "good",
        48000,
        "novels",
    ),
    (
        "Le Petit Prince",
        "The Little Prince (in French)",
        "Antoine de Saint-Exupéry",
        "like_new",
        2500,
        "youth",
    ),
    (
        "Les Fleurs du mal",
        "Les Fleurs du mal (in French)",
        "Charles Baudelaire",
        "fair",
        1800,
        "poetry",
    ),
    (
        "Madame Bovary",
        "Madame Bovary (in French)",
        "Gustave Flaubert",
        "good",
        1200,
        "novels",
    ),
    (
        "Alcools",
        "Alcools (in French)",
        "Guillaume Apollinaire",
        "good",
        1500,
        "poetry",
    ),
    (
        "Vingt mille lieues sous les mers (Hetzel)",
        "Twenty Thousand Leagues Under the Seas (Hetzel, in French)",
        "Jules Verne",
        "fair",
        22000,
        "youth",
    ),
    (
        "La Peste",
        "The Plague (in French)",
        "Albert Camus",
        "like_new",
        900,
        "novels",
    ),
    (
        "Paroles",
        "Paroles (in French)",
        "Jacques Prévert",
        "good",
        1100,
        "poetry",
    ),
    (
        "Le Grand Meaulnes",
        "Le Grand Meaulnes (in French)",
        "Alain-Fournier",
        "new",
        1400,
        "novels",
    ),
    (
        "Fables (illustrées par Gustave Doré)",
        "Fables (illustrated by Gustave Doré, in French)",
        "Jean de La Fontaine",
        "fair",
        9500,
        "youth",
    ),
];

const BOOK_CATEGORIES: &[CategoryRow] = &[
    ("novels", "Romans", "romans", "Novels", "novels", None),
    ("poetry", "Poésie", "poesie", "Poetry", "poetry", None),
    (
        "youth",
        "Jeunesse",
        "jeunesse",
        "Children's books",
        "childrens-books",
        None,
    ),
];

/// Fills the second-hand bookshop's catalog: each book is a unique item.
pub async fn bookshop(tx: &mut store::Conn, shop: &Shop) -> store::Result<()> {
    let cats = categories(tx, shop, BOOK_CATEGORIES).await?;
    for (i, (fr, en, author, condition, price, category)) in BOOKS.iter().enumerate() {
        let mut f = base(
            "unique",
            cats.iter().find(|(k, _)| k == category).map(|(_, id)| *id),
            "{}".into(),
        );
        // Books are at the reduced VAT rate (5.5 %) in France.
        f.vat_class = "reduced".into();
        f.condition = Some(condition.to_string());
        f.featured = i < 4;
        let fr_text = format!(
            "{author}. Exemplaire d'occasion vérifié page à page ; l'état est décrit honnêtement."
        );
        let en_text = format!("{author}. A second-hand copy checked page by page; its condition is described honestly.");
        product(
            tx,
            shop,
            f,
            (fr, &fr_text),
            (en, &en_text),
            None,
            &[(None, *price, Some(450), 1)],
            &[author],
        )
        .await?;
    }
    Ok(())
}
