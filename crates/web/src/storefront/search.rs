//! The search page: the shop's products ranked by the search crate's query, a page at a time.

use crate::extract::Query;
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Html;
use serde::Deserialize;

use super::{card_images, card_view, href, og_locale, origin, ta, with_params, PAGE_SIZE};
use super::{CardView, Seo};
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::platform::render;
use crate::state::AppState;
use crate::tenant::Tenant;

/// A search's address: its words and page, in a shop or in the mall.
#[derive(Deserialize, Default)]
pub(crate) struct SearchQuery {
    q: Option<String>,
    page: Option<String>,
}

impl SearchQuery {
    /// The words (the first 200 characters, trimmed) and the page (1 to 10,000; 1 when
    /// unreadable).
    pub(crate) fn read(self) -> (String, i64) {
        let text: String = self.q.unwrap_or_default().chars().take(200).collect();
        let page: i64 = self
            .page
            .as_deref()
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or(1)
            .clamp(1, 10_000);
        (text.trim().to_string(), page)
    }
}

#[derive(Template)]
#[template(path = "storefront/search.html")]
struct SearchPage {
    c: Ctx,
    seo: Seo,
    q: String,
    action: String,
    summary: Option<String>,
    cards: Vec<CardView>,
    /// "Results for «camembert»" when the words typed were read as their nearest words.
    corrected: Option<String>,
    /// When nothing was found: (word, search link) near the words typed…
    suggestions: Vec<(String, String)>,
    /// …and the shop's top categories (name, link).
    categories: Vec<(String, String)>,
    page_label: String,
    prev: Option<String>,
    next: Option<String>,
}

pub(super) async fn search(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Query(sq): Query<SearchQuery>,
) -> AppResult<Html<String>> {
    let (text, page) = sq.read();
    let found = app::search::products(
        &st.store,
        &st.words,
        &t.shop,
        &text,
        c.lang.as_str(),
        page,
        PAGE_SIZE,
    )
    .await?;
    let total = found.total;
    let mut cards: Vec<CardView> = Vec::new();
    let mut categories: Vec<(String, String)> = Vec::new();
    if !found.cards.is_empty() {
        let mut conn = st.store.reader().await?;
        let tax = st.shop_data.get_with(&mut conn, &t.shop).await?.tax;
        let images = card_images(&mut conn, &t, found.cards.iter().map(|x| x.id)).await?;
        cards = found
            .cards
            .iter()
            .map(|card| card_view(&t, &c, &tax, card, &images))
            .collect();
    } else if found.searched {
        let data = st.shop_data.get(&st.store, &t.shop).await?;
        categories = data
            .categories
            .iter()
            .filter(|n| n.parent.is_none())
            .map(|n| {
                let (_, name, slug, _) = n.text(c.lang.as_str(), &t.shop.default_lang);
                (name.clone(), href(&t, &c, &format!("/c/{slug}")))
            })
            .collect();
    }
    let search_url = |q: &str| with_params(&href(&t, &c, "/search"), &[("q", q.to_string())]);
    let suggestions = found
        .suggestions
        .iter()
        .map(|w| (w.clone(), search_url(w)))
        .collect();
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page_url = |n: i64| {
        with_params(
            &href(&t, &c, "/search"),
            &[
                ("q", text.clone()),
                ("page", if n > 1 { n.to_string() } else { String::new() }),
            ],
        )
    };
    let origin = origin(&st, &t, &headers);
    let title = if text.is_empty() {
        format!("{} — {}", c.t("shop-search-title"), t.shop.name)
    } else {
        format!("{text} — {} — {}", c.t("shop-search-title"), t.shop.name)
    };
    let seo = Seo {
        description: title.clone(),
        title,
        canonical: format!("{origin}{}", page_url(page)),
        alternates: Vec::new(),
        x_default: None,
        og_type: "website",
        site_name: t.shop.name.clone(),
        locale: og_locale(c.lang),
        // Indexable on purpose: the pages' quality bar (Lighthouse SEO ≥ 95) includes search.
        noindex: false,
        image: None,
        jsonld: Vec::new(),
    };
    render(SearchPage {
        seo,
        summary: found.searched.then(|| {
            ta(
                &c,
                "shop-search-results",
                &[("count", total.to_string()), ("q", text.clone())],
            )
        }),
        q: text.clone(),
        action: href(&t, &c, "/search"),
        cards,
        corrected: found
            .corrected
            .as_ref()
            .map(|q| ta(&c, "search-corrected", &[("q", q.clone())])),
        suggestions,
        categories,
        page_label: ta(
            &c,
            "shop-page-of",
            &[("page", page.to_string()), ("pages", pages.to_string())],
        ),
        prev: (page > 1 && total > 0).then(|| page_url(page - 1)),
        next: (page < pages).then(|| page_url(page + 1)),
        c,
    })
}
