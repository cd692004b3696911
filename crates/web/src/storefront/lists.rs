//! Product lists other than categories: a seller's collections and the pages of a tag.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};

use super::{
    breadcrumb_ld, card_images, card_view, filter_for, href, lang_url, moved_to, og_locale, origin,
    ta, with_switch, SEARCH_MAX,
};
use super::{CardView, Link, Seo};
use crate::ctx::{urlencode, Ctx};
use crate::error::{AppError, AppResult};
use crate::platform::render;
use crate::state::AppState;
use crate::tenant::Tenant;

#[derive(Template)]
#[template(path = "storefront/list.html")]
struct ListPage {
    c: Ctx,
    seo: Seo,
    crumbs: Vec<Link>,
    name: String,
    content_lang: Option<String>,
    description: String,
    count: String,
    cards: Vec<CardView>,
}

/// The visible products among `ids`, in that order.
async fn ordered_cards(
    conn: &mut store::Conn,
    t: &Tenant,
    c: &Ctx,
    tax: &domain::tax::TaxProfile,
    ids: &[i64],
) -> AppResult<Vec<CardView>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut f = filter_for(t, c);
    f.ids = ids.to_vec();
    let (cards, _) = store::listing::cards(conn, t.id(), &f, SEARCH_MAX, 0).await?;
    let images = card_images(conn, t, cards.iter().map(|x| x.id)).await?;
    Ok(ids
        .iter()
        .filter_map(|id| cards.iter().find(|card| card.id == *id))
        .map(|card| card_view(t, c, tax, card, &images))
        .collect())
}

fn list_seo(
    t: &Tenant,
    c: &Ctx,
    origin: &str,
    title: String,
    description: String,
    paths: &[(String, String)],
    crumbs: &[Link],
) -> Seo {
    let own = paths
        .iter()
        .find(|(l, _)| l == c.lang.as_str())
        .map(|(_, p)| p.clone())
        .unwrap_or_default();
    Seo {
        title,
        description,
        canonical: format!("{origin}{own}"),
        alternates: paths
            .iter()
            .map(|(l, p)| (l.clone(), format!("{origin}{p}")))
            .collect(),
        x_default: None,
        og_type: "website",
        site_name: t.shop.name.clone(),
        locale: og_locale(c.lang),
        noindex: false,
        image: None,
        jsonld: vec![breadcrumb_ld(crumbs, origin)],
    }
    .with_x_default(&t.shop.default_lang)
}

/// A collection: the products the seller picked, in the seller's order.
pub(super) async fn collection(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Path((_, slug)): Path<(String, String)>,
) -> AppResult<Response> {
    let mut conn = st.store.reader().await?;
    let id = store::collection::by_slug(&mut conn, t.id(), &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let texts = store::collection::texts(&mut conn, t.id(), id).await?;
    let default = t.shop.default_lang.clone();
    let text = texts
        .iter()
        .find(|x| x.lang == c.lang.as_str())
        .or_else(|| texts.iter().find(|x| x.lang == default))
        .or(texts.first())
        .ok_or(AppError::NotFound)?
        .clone();
    if text.slug != slug {
        return Ok(moved_to(
            &href(&t, &c, &format!("/collections/{}", text.slug)),
            &[],
        ));
    }
    // Each language's own slug, the shown text's where a language has none.
    let paths: Vec<(String, String)> = c
        .langs
        .iter()
        .map(|l| {
            let x = texts.iter().find(|x| x.lang == l.as_str()).unwrap_or(&text);
            (
                l.as_str().to_string(),
                lang_url(&t, &format!("/collections/{}", x.slug), l.as_str()),
            )
        })
        .collect();
    let ids = store::collection::product_ids(&mut conn, t.id(), id).await?;
    let tax = st.shop_data.get_with(&mut conn, &t.shop).await?.tax;
    let cards = ordered_cards(&mut conn, &t, &c, &tax, &ids).await?;
    let crumbs = vec![
        Link {
            name: c.t("shop-home"),
            href: href(&t, &c, "/"),
        },
        Link {
            name: text.name.clone(),
            href: href(&t, &c, &format!("/collections/{}", text.slug)),
        },
    ];
    let origin = origin(&st, &t, &headers);
    let description = if text.description.trim().is_empty() {
        format!("{} — {}", text.name, t.shop.name)
    } else {
        domain::catalog::markdown::plain_text(&text.description)
    };
    let seo = list_seo(
        &t,
        &c,
        &origin,
        format!("{} — {}", text.name, t.shop.name),
        description,
        &paths,
        &crumbs,
    );
    Ok(render(ListPage {
        seo,
        crumbs,
        name: text.name.clone(),
        content_lang: Some(text.lang.clone()),
        description: domain::catalog::markdown::render(&text.description),
        count: ta(
            &c,
            "shop-product-count",
            &[("count", cards.len().to_string())],
        ),
        cards,
        c: with_switch(c, &paths),
    })?
    .into_response())
}

/// Every visible product carrying a tag.
pub(super) async fn tag(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Path((_, tag)): Path<(String, String)>,
) -> AppResult<Html<String>> {
    let tag = tag.trim().to_string();
    let mut conn = st.store.reader().await?;
    let ids = store::collection::tagged_product_ids(&mut conn, t.id(), &tag).await?;
    let tax = st.shop_data.get_with(&mut conn, &t.shop).await?.tax;
    let cards = ordered_cards(&mut conn, &t, &c, &tax, &ids).await?;
    if cards.is_empty() {
        return Err(AppError::NotFound);
    }
    let path = format!("/t/{}", urlencode(&tag));
    let paths: Vec<(String, String)> = c
        .langs
        .iter()
        .map(|l| (l.as_str().to_string(), lang_url(&t, &path, l.as_str())))
        .collect();
    let name = ta(&c, "shop-tag-title", &[("tag", tag.clone())]);
    let crumbs = vec![
        Link {
            name: c.t("shop-home"),
            href: href(&t, &c, "/"),
        },
        Link {
            name: name.clone(),
            href: href(&t, &c, &path),
        },
    ];
    let origin = origin(&st, &t, &headers);
    let seo = list_seo(
        &t,
        &c,
        &origin,
        format!("{name} — {}", t.shop.name),
        format!("{name} — {}", t.shop.name),
        &paths,
        &crumbs,
    );
    render(ListPage {
        seo,
        crumbs,
        name,
        content_lang: None,
        description: String::new(),
        count: ta(
            &c,
            "shop-product-count",
            &[("count", cards.len().to_string())],
        ),
        cards,
        c,
    })
}
