//! The demo shops a newcomer sees on first start (`serve --demo`): a French cheese-tray maker and
//! a second-hand bookseller, personalised, with their legal identity and catalog filled in, and
//! partners of each other.

use domain::locale::Lang;

use crate::state::AppState;

pub const SLUG: &str = "fromagerie";
pub const EMAIL: &str = "emilie@fromagerie.example";
pub const BOOKS_SLUG: &str = "bouquinerie";
pub const BOOKS_EMAIL: &str = "marc@bouquinerie.example";

pub struct DemoInfo {
    pub slug: String,
    pub email: String,
    pub password: String,
}

struct Spec {
    slug: &'static str,
    name: &'static str,
    email: &'static str,
    tagline_fr: &'static str,
    tagline_en: &'static str,
    colors: (&'static str, &'static str, &'static str),
    legal: store::legal::LegalIdentity,
    logo: bool,
    /// Its directory category in the mall.
    mall_category: &'static str,
}

fn specs() -> Vec<Spec> {
    vec![
        Spec {
            slug: SLUG,
            name: "La Fromagerie d'Émilie",
            email: EMAIL,
            tagline_fr: "Plateaux de fromages affinés, livrés comme des fleurs — en France et partout en Europe.",
            tagline_en: "Matured cheese trays, delivered like flowers — across France and all of Europe.",
            colors: ("#8a4b0f", "#fffaf0", "#2a1d12"),
            legal: store::legal::LegalIdentity {
                status: "ei".into(),
                legal_name: "Émilie Martin".into(),
                siret: Some("73282932000074".into()),
                vat_number: None,
                vat_franchise: 1,
                address: "12 rue des Halles".into(),
                postal_code: "21000".into(),
                city: "Dijon".into(),
                country: "FR".into(),
                email: "contact@fromagerie.example".into(),
                phone: "03 80 00 00 00".into(),
                publication_director: "Émilie Martin".into(),
                mediator_name: "Médiateur de la consommation CNPM".into(),
                mediator_url: "https://www.cnpm-mediation-consommation.eu".into(),
            },
            logo: true,
            mall_category: "food",
        },
        Spec {
            slug: BOOKS_SLUG,
            name: "La Bouquinerie du Marais",
            email: BOOKS_EMAIL,
            tagline_fr: "Livres d'occasion choisis un par un, décrits honnêtement, envoyés avec soin.",
            tagline_en: "Second-hand books chosen one by one, described honestly, sent with care.",
            colors: ("#1f4e5f", "#f7f4ee", "#1c1c1c"),
            legal: store::legal::LegalIdentity {
                status: "ei".into(),
                legal_name: "Marc Durand".into(),
                siret: Some("73282932000074".into()),
                vat_number: None,
                vat_franchise: 1,
                address: "5 rue des Rosiers".into(),
                postal_code: "75004".into(),
                city: "Paris".into(),
                country: "FR".into(),
                email: "contact@bouquinerie.example".into(),
                phone: "01 40 00 00 00".into(),
                publication_director: "Marc Durand".into(),
                mediator_name: "Médiateur de la consommation CNPM".into(),
                mediator_url: "https://www.cnpm-mediation-consommation.eu".into(),
            },
            logo: false,
            mall_category: "books",
        },
    ]
}

/// Creates the demo shops that do not exist yet (and fills an empty demo catalog); returns the
/// owners' sign-ins of the shops it created. Running it again changes nothing.
pub async fn ensure(st: &AppState) -> anyhow::Result<Vec<DemoInfo>> {
    let mut made = vec![];
    for spec in specs() {
        let existing = {
            let mut c = st.store.reader().await?;
            store::shop::by_slug(&mut c, spec.slug).await?
        };
        if let Some(shop) = existing {
            // A demo shop from before the catalog existed gets its products once.
            let mut tx = st.store.begin().await?;
            if store::catalog::count_products(&mut tx, shop.sid()).await? == 0 {
                fill(&mut tx, &shop).await?;
                store::commit(tx).await?;
                pictures(st, &shop).await?;
            }
            continue;
        }
        let password = store::new_token().0[..16].to_string();
        let hash = crate::password::hash(&password).await?;
        let mut tx = st.store.begin().await?;
        let p = crate::bootstrap::provision(
            st,
            &mut tx,
            spec.name,
            spec.slug,
            spec.email,
            &hash,
            Lang::Fr,
            None,
        )
        .await?;
        let id = p.shop.sid();
        store::shop::set_tagline(&mut tx, id, "fr", Some(spec.tagline_fr)).await?;
        store::shop::set_tagline(&mut tx, id, "en", Some(spec.tagline_en)).await?;
        store::shop::update_colors(&mut tx, id, spec.colors.0, spec.colors.1, spec.colors.2)
            .await?;
        store::legal::save(&mut tx, id, &spec.legal).await?;
        store::mall::set_listing(&mut tx, id, true, spec.mall_category).await?;
        // Demo shops take orders: by bank transfer (a specimen IBAN), by cheque, or paid when
        // collected at the shop.
        store::payment::upsert(
            &mut tx,
            id,
            "bank_transfer",
            true,
            &serde_json::json!({
                "holder": spec.legal.legal_name,
                "iban": "FR7630006000011234567890189",
                "bic": "AGRIFRPP",
            }),
        )
        .await?;
        for code in ["cheque", "pickup_cash"] {
            store::payment::upsert(&mut tx, id, code, true, &serde_json::json!({})).await?;
        }
        if spec.logo
            && crate::admin::appearance::store_logo(st, &mut tx, id, &media::demo_logo())
                .await
                .is_err()
        {
            anyhow::bail!("storing the demo logo failed");
        }
        let shop = store::shop::by_id(&mut tx, id).await?;
        fill(&mut tx, &shop).await?;
        store::commit(tx).await?;
        pictures(st, &shop).await?;
        made.push(DemoInfo {
            slug: spec.slug.into(),
            email: spec.email.into(),
            password,
        });
    }
    if !made.is_empty() {
        neighbours(st).await?;
    }
    Ok(made)
}

/// The demo shops are partners, each showing two of the other's products in its "our
/// neighbours" block, so that a newcomer sees one. Made with the shops only: a partnership a
/// seller ended is not made again.
async fn neighbours(st: &AppState) -> anyhow::Result<()> {
    let mut tx = st.store.begin().await?;
    let (Some(cheese), Some(books)) = (
        store::shop::by_slug(&mut tx, SLUG).await?,
        store::shop::by_slug(&mut tx, BOOKS_SLUG).await?,
    ) else {
        return Ok(());
    };
    if store::partner::get(&mut tx, cheese.sid(), books.id)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let now = store::now();
    store::partner::invite(&mut tx, cheese.sid(), books.sid(), "", now).await?;
    store::partner::set_state(&mut tx, cheese.sid(), books.id, "invited", "active", now).await?;
    store::partner::set_state(&mut tx, books.sid(), cheese.id, "asked", "active", now).await?;
    for (shop, partner) in [(&cheese, &books), (&books, &cheese)] {
        let f = store::catalog::ListFilter {
            lang: partner.default_lang.clone(),
            status: "active".into(),
            limit: 2,
            ..Default::default()
        };
        for p in store::catalog::list_products(&mut tx, partner.sid(), &f).await? {
            store::partner::add_product(&mut tx, shop.sid(), partner.id, p.id).await?;
        }
        store::shop::bump_version(&mut tx, shop.sid()).await?;
    }
    store::commit(tx).await?;
    Ok(())
}

async fn fill(tx: &mut store::Conn, shop: &store::shop::Shop) -> store::Result<()> {
    match shop.slug.as_str() {
        SLUG => crate::demo_catalog::cheese_shop(tx, shop).await,
        BOOKS_SLUG => crate::demo_catalog::bookshop(tx, shop).await,
        _ => Ok(()),
    }
}

/// A generated picture, described in French and English, for every demo product. Runs after the
/// catalog is committed (each image is its own transaction) and several at a time: decoding and
/// encoding are bounded by the shared image semaphore.
async fn pictures(st: &AppState, shop: &store::shop::Shop) -> anyhow::Result<()> {
    let kind = if shop.slug == BOOKS_SLUG {
        media::DemoPicture::Book
    } else {
        media::DemoPicture::CheeseTray
    };
    let rows = {
        let mut c = st.store.reader().await?;
        let f = store::catalog::ListFilter {
            lang: "fr".into(),
            limit: 1000,
            ..Default::default()
        };
        let mut rows = Vec::new();
        for r in store::catalog::list_products(&mut c, shop.sid(), &f).await? {
            let texts = store::catalog::texts(&mut c, shop.sid(), r.id).await?;
            let title = |l: &str| {
                texts
                    .iter()
                    .find(|t| t.lang == l)
                    .map(|t| t.title.clone())
                    .unwrap_or_else(|| r.title.clone())
            };
            rows.push((r.id, title("fr"), title("en")));
        }
        rows
    };
    let (fr_prefix, en_prefix) = match kind {
        media::DemoPicture::Book => ("Couverture du livre", "Cover of the book"),
        media::DemoPicture::CheeseTray => ("Plateau en bois présentant", "Wooden tray presenting"),
    };
    let mut jobs = tokio::task::JoinSet::new();
    for (id, fr, en) in rows {
        let st = st.clone();
        let shop_id = shop.sid();
        jobs.spawn(async move {
            let bytes = tokio::task::spawn_blocking(move || {
                media::demo_product_image(kind, id.unsigned_abs())
            })
            .await?;
            let alts = [
                (Lang::Fr, format!("{fr_prefix} «\u{a0}{fr}\u{a0}»")),
                (Lang::En, format!("{en_prefix} “{en}”")),
            ];
            crate::catalog_images::add_product_image(&st, shop_id, id, bytes, &alts)
                .await
                .map_err(|e| anyhow::anyhow!("demo picture: {e}"))?;
            anyhow::Ok(())
        });
    }
    while let Some(r) = jobs.join_next().await {
        r??;
    }
    Ok(())
}
