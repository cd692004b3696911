//! The shop's home page: its featured products and top categories.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Html;

use super::{card_images, card_view, filter_for, href, json_ld, lang_url, og_locale, origin};
use super::{CardView, Link, Seo};
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::platform::render;
use crate::state::AppState;
use crate::tenant::Tenant;

#[derive(Template)]
#[template(path = "storefront/home.html")]
struct HomePage {
    c: Ctx,
    name: String,
    tagline: Option<String>,
    seo: Seo,
    cards: Vec<CardView>,
    categories: Vec<Link>,
    neighbours: Vec<super::neighbours::NeighbourView>,
}

pub(super) async fn home(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
) -> AppResult<Html<String>> {
    let shop = c.shop.clone().ok_or(AppError::NotFound)?;
    let home = home_data(&st, &t, &c, &headers).await?;
    render(HomePage {
        name: shop.name,
        tagline: shop.tagline,
        seo: home.seo,
        cards: home.featured,
        categories: home.categories,
        neighbours: home.neighbours,
        c,
    })
}

struct HomeData {
    seo: Seo,
    featured: Vec<CardView>,
    categories: Vec<Link>,
    neighbours: Vec<super::neighbours::NeighbourView>,
}

async fn home_data(st: &AppState, t: &Tenant, c: &Ctx, headers: &HeaderMap) -> AppResult<HomeData> {
    let mut conn = st.store.reader().await?;
    let mut f = filter_for(t, c);
    f.featured_only = true;
    let (cards, _) = store::listing::cards(&mut conn, t.id(), &f, 12, 0).await?;
    let data = st.shop_data.get_with(&mut conn, &t.shop).await?;
    let nodes = &data.categories;
    let lang = c.lang.as_str();
    let categories = nodes
        .iter()
        .filter(|n| n.parent.is_none())
        .map(|n| {
            let (_, name, slug, _) = n.text(lang, &t.shop.default_lang);
            Link {
                name: name.clone(),
                href: href(t, c, &format!("/c/{slug}")),
            }
        })
        .collect();
    let origin = origin(st, t, headers);
    let shop = c.shop.as_ref().ok_or(AppError::NotFound)?;
    let mut org = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": shop.name,
        "url": format!("{origin}{}", href(t, c, "/")),
    });
    if let Some(logo) = &shop.logo_url {
        org["logo"] = serde_json::Value::String(format!("{origin}{logo}"));
    }
    let seo = Seo {
        title: shop.name.clone(),
        description: shop.tagline.clone().unwrap_or_else(|| shop.name.clone()),
        canonical: format!("{origin}{}", lang_url(t, "/", lang)),
        alternates: c
            .langs
            .iter()
            .map(|l| {
                (
                    l.as_str().to_string(),
                    format!("{origin}{}", lang_url(t, "/", l.as_str())),
                )
            })
            .collect(),
        x_default: None,
        og_type: "website",
        site_name: shop.name.clone(),
        locale: og_locale(c.lang),
        noindex: false,
        image: None,
        jsonld: vec![json_ld(&org)],
    };
    Ok(HomeData {
        seo: seo.with_x_default(&t.shop.default_lang),
        featured: {
            let images = card_images(&mut conn, t, cards.iter().map(|x| x.id)).await?;
            cards
                .iter()
                .map(|card| card_view(t, c, &data.tax, card, &images))
                .collect()
        },
        categories,
        neighbours: super::neighbours::views(st, t, c, &data),
    })
}
