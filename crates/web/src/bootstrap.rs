//! Making things exist: a new shop with everything it needs to sell at once, the first operator
//! account, and the demo shop.

use domain::locale::Lang;
use serde_json::json;
use store::id::ShopId;
use store::shop::Shop;

use crate::i18n::I18n;
use crate::mail::Mail;
use crate::state::AppState;

/// Default content pages, created in every offered language.
pub const DEFAULT_PAGES: &[(&str, &str, &str)] = &[
    ("cgv", "page-cgv-title", "page-cgv-body"),
    ("confidentialite", "page-privacy-title", "page-privacy-body"),
];

pub struct Provisioned {
    pub shop: Shop,
    pub owner: store::account::Staff,
}

/// Creates a ready-to-use shop with its owner, inside the caller's transaction: default theme,
/// default legal pages in French and English, bank transfer enabled, and a welcome e-mail queued.
#[allow(clippy::too_many_arguments)]
pub async fn provision(
    st: &AppState,
    tx: &mut store::Conn,
    name: &str,
    slug: &str,
    email: &str,
    password_hash: &str,
    lang: Lang,
    plan_id: Option<i64>,
) -> store::Result<Provisioned> {
    let plan_id = match plan_id {
        Some(p) => p,
        None => store::plan::default_plan(tx).await?.id,
    };
    let shop = store::shop::create(
        tx,
        &store::shop::NewShop {
            slug,
            name,
            plan_id,
            default_lang: lang.as_str(),
        },
    )
    .await?;
    let owner_name = email.split('@').next().unwrap_or(email);
    let owner =
        store::account::create_staff(tx, shop.sid(), email, owner_name, password_hash, "owner")
            .await?;
    seed_pages(&st.i18n, tx, shop.sid()).await?;
    store::payment::upsert(
        tx,
        shop.sid(),
        "bank_transfer",
        true,
        &json!({ "holder": "", "iban": "", "bic": "" }),
    )
    .await?;
    let shop_url = format!("{}/s/{}/", st.config.public_url, shop.slug);
    let admin_url = format!("{}/s/{}/admin/", st.config.public_url, shop.slug);
    let brand = crate::mail::Brand::of(&shop, &format!("{}/s/{}", st.config.public_url, shop.slug));
    let msg = Mail {
        i18n: &st.i18n,
        lang,
        brand: &brand,
    }
    .welcome(email, &admin_url, &shop_url);
    store::outbox::enqueue_email(tx, Some(shop.sid()), &msg).await?;
    Ok(Provisioned { shop, owner })
}

async fn seed_pages(i18n: &I18n, tx: &mut store::Conn, shop_id: ShopId) -> store::Result<()> {
    for &lang in Lang::all() {
        for (slug, title, body) in DEFAULT_PAGES {
            store::page::upsert(
                tx,
                shop_id,
                slug,
                lang.as_str(),
                &i18n.t(lang, title),
                &i18n.t(lang, body),
            )
            .await?;
        }
    }
    Ok(())
}

/// Creates the operator account on first start. Returns the generated password when one was
/// made up (the caller prints it once; it is never logged).
pub async fn ensure_operator(st: &AppState) -> anyhow::Result<Option<String>> {
    let mut tx = st.store.begin().await?;
    if store::operator::count(&mut tx).await? > 0 {
        return Ok(None);
    }
    let (password, generated) = match &st.config.operator_password {
        Some(p) => (p.clone(), false),
        None => (store::new_token().0[..20].to_string(), true),
    };
    let hash = crate::password::hash(&password).await?;
    store::operator::create(&mut tx, &st.config.operator_email.to_lowercase(), &hash).await?;
    store::plan::default_plan(&mut tx).await?;
    tx.commit().await?;
    Ok(generated.then_some(password))
}
