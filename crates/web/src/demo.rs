//! The demo shop a newcomer sees on first start (`serve --demo`): a French cheese-tray maker,
//! personalised and with its legal identity filled in.

use domain::locale::Lang;

use crate::state::AppState;

pub const SLUG: &str = "fromagerie";
pub const EMAIL: &str = "emilie@fromagerie.example";

pub struct DemoInfo {
    pub slug: String,
    pub email: String,
    pub password: String,
}

/// Creates the demo shop unless it exists; returns its owner's sign-in when it was created.
pub async fn ensure(st: &AppState) -> anyhow::Result<Option<DemoInfo>> {
    {
        let mut c = st.store.reader().await?;
        if store::shop::slug_taken(&mut c, SLUG).await? {
            return Ok(None);
        }
    }
    let password = store::new_token().0[..16].to_string();
    let hash = crate::password::hash(&password).await?;
    let mut tx = st.store.begin().await?;
    let made = crate::bootstrap::provision(
        st,
        &mut tx,
        "La Fromagerie d'Émilie",
        SLUG,
        EMAIL,
        &hash,
        Lang::Fr,
        None,
    )
    .await?;
    let id = made.shop.id;
    store::account::set_role(&mut tx, id, made.owner.id, "owner").await?;
    store::shop::set_tagline(&mut tx, id, "fr", Some("Plateaux de fromages affinés, livrés comme des fleurs — en France et partout en Europe.")).await?;
    store::shop::set_tagline(
        &mut tx,
        id,
        "en",
        Some("Matured cheese trays, delivered like flowers — across France and all of Europe."),
    )
    .await?;
    store::shop::update_colors(&mut tx, id, "#8a4b0f", "#fffaf0", "#2a1d12").await?;
    store::legal::save(
        &mut tx,
        id,
        &store::legal::LegalIdentity {
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
    )
    .await?;
    let logo = media::demo_logo();
    if crate::admin::appearance::store_logo(st, &mut tx, id, &logo)
        .await
        .is_err()
    {
        anyhow::bail!("storing the demo logo failed");
    }
    store::commit(tx).await?;
    Ok(Some(DemoInfo {
        slug: SLUG.into(),
        email: EMAIL.into(),
        password,
    }))
}
