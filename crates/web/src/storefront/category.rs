//! The category page: its products with filters (price, availability, option values), sort and
//! pages.

use crate::extract::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use super::{
    breadcrumb_ld, card_images, card_view, crumbs_to, currency, descendants, filter_for, href,
    lang_url, moved_to, og_locale, origin, ta, with_params, with_switch, PAGE_SIZE,
};
use super::{CardView, Link, Seo};
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::platform::render;
use crate::state::AppState;
use crate::tenant::Tenant;

/// The category page's query: filters, sort and page; `opt` may repeat ("Poids=250 g").
#[derive(Default)]
struct ListQuery {
    min: Option<String>,
    max: Option<String>,
    available: Option<String>,
    sort: Option<String>,
    page: Option<String>,
    opts: Vec<(String, String)>,
}

impl ListQuery {
    fn from_pairs(pairs: &[(String, String)]) -> ListQuery {
        let first = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        ListQuery {
            min: first("min"),
            max: first("max"),
            available: first("available"),
            sort: first("sort"),
            page: first("page"),
            opts: pairs
                .iter()
                .filter(|(k, _)| k == "opt")
                .filter_map(|(_, v)| v.split_once('='))
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .take(3)
                .collect(),
        }
    }
}

struct FilterChoice {
    value: String,
    label: String,
    selected: bool,
}

/// One select of the category page's filters: the values of an option axis.
struct OptionFilter {
    id: String,
    name: String,
    choices: Vec<FilterChoice>,
}

struct SortOption {
    value: &'static str,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "storefront/category.html")]
struct CategoryPage {
    c: Ctx,
    seo: Seo,
    crumbs: Vec<Link>,
    name: String,
    description: String,
    subcategories: Vec<Link>,
    cards: Vec<CardView>,
    count: String,
    action: String,
    min: String,
    max: String,
    available: bool,
    option_filters: Vec<OptionFilter>,
    sorts: Vec<SortOption>,
    page_label: String,
    prev: Option<String>,
    next: Option<String>,
}

pub(super) async fn category(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Path((_, slug)): Path<(String, String)>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let q = ListQuery::from_pairs(&pairs);
    let lang = c.lang.as_str();
    let default = t.shop.default_lang.clone();
    let mut conn = st.store.reader().await?;
    let data = st.shop_data.get_with(&mut conn, &t.shop).await?;
    let nodes = &data.categories;
    let node = nodes
        .iter()
        .find(|n| n.texts.iter().any(|x| x.0 == lang && x.2 == slug))
        .or_else(|| nodes.iter().find(|n| n.texts.iter().any(|x| x.2 == slug)))
        .ok_or(AppError::NotFound)?;
    let (_, name, own_slug, description) = node.text(lang, &default).clone();
    if own_slug != slug {
        return Ok(moved_to(&href(&t, &c, &format!("/c/{own_slug}")), &pairs));
    }
    let cur = currency(&t);
    let min_text = q.min.clone().unwrap_or_default().trim().to_string();
    let max_text = q.max.clone().unwrap_or_default().trim().to_string();
    let parse_price = |s: &str| {
        (!s.is_empty())
            .then(|| domain::catalog::Price::parse(s, cur).ok())
            .flatten()
    };
    let sort = store::listing::Sort::parse(q.sort.as_deref().unwrap_or(""));
    let available = q.available.as_deref().is_some_and(|v| !v.is_empty());
    let mut f = filter_for(&t, &c);
    // Prices are filtered and sorted as shoppers see them (tax included).
    f.added_rates = domain::tax::added_rates(&data.tax);
    f.category_ids = descendants(nodes, node.id);
    f.min_price = parse_price(&min_text);
    f.max_price = parse_price(&max_text);
    f.available_only = available;
    f.sort = sort;
    let mut option_lang = lang.to_string();
    let mut values =
        store::listing::option_values(&mut conn, t.id(), &option_lang, &f.category_ids).await?;
    if values.is_empty() && lang != default {
        option_lang = default.clone();
        values =
            store::listing::option_values(&mut conn, t.id(), &option_lang, &f.category_ids).await?;
    }
    f.options = q
        .opts
        .iter()
        .filter(|o| values.contains(o))
        .cloned()
        .collect();
    f.option_lang = option_lang;
    let mut option_filters: Vec<OptionFilter> = Vec::new();
    for (name, value) in &values {
        if !option_filters.iter().any(|o| &o.name == name) {
            option_filters.push(OptionFilter {
                id: format!("f-opt-{}", option_filters.len() + 1),
                name: name.clone(),
                choices: vec![FilterChoice {
                    value: String::new(),
                    label: c.t("shop-option-any"),
                    selected: false,
                }],
            });
        }
        if let Some(o) = option_filters.iter_mut().find(|o| &o.name == name) {
            o.choices.push(FilterChoice {
                value: format!("{name}={value}"),
                label: value.clone(),
                selected: f.options.iter().any(|(n, v)| n == name && v == value),
            });
        }
    }
    let page: i64 = q
        .page
        .as_deref()
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or(1)
        .clamp(1, 10_000);
    let (cards, total) =
        store::listing::cards(&mut conn, t.id(), &f, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let path = format!("/c/{own_slug}");
    let page_url = |n: i64| {
        let mut params: Vec<(&str, String)> = vec![
            ("min", min_text.clone()),
            ("max", max_text.clone()),
            (
                "available",
                if available { "1".into() } else { String::new() },
            ),
            (
                "sort",
                if sort == store::listing::Sort::Newest {
                    String::new()
                } else {
                    sort.as_str().to_string()
                },
            ),
        ];
        params.extend(f.options.iter().map(|(n, v)| ("opt", format!("{n}={v}"))));
        params.push(("page", if n > 1 { n.to_string() } else { String::new() }));
        with_params(&href(&t, &c, &path), &params)
    };
    let crumbs = crumbs_to(&t, &c, nodes, Some(node.id));
    let origin = origin(&st, &t, &headers);
    let page_suffix = |u: String| {
        if page > 1 {
            let sep = if u.contains('?') { '&' } else { '?' };
            format!("{u}{sep}page={page}")
        } else {
            u
        }
    };
    let paths: Vec<(String, String)> = node
        .texts
        .iter()
        .filter(|x| c.langs.iter().any(|l| l.as_str() == x.0))
        .map(|x| {
            (
                x.0.clone(),
                page_suffix(lang_url(&t, &format!("/c/{}", x.2), &x.0)),
            )
        })
        .collect();
    let alternates = paths
        .iter()
        .map(|(l, p)| (l.clone(), format!("{origin}{p}")))
        .collect();
    let description_meta = if description.trim().is_empty() {
        format!("{name} — {}", t.shop.name)
    } else {
        domain::catalog::markdown::plain_text(&description)
    };
    let seo = Seo {
        title: if page > 1 {
            format!(
                "{name} ({}) — {}",
                ta(
                    &c,
                    "shop-page-of",
                    &[("page", page.to_string()), ("pages", pages.to_string())]
                ),
                t.shop.name
            )
        } else {
            format!("{name} — {}", t.shop.name)
        },
        description: description_meta,
        canonical: format!("{origin}{}", page_suffix(lang_url(&t, &path, lang))),
        alternates,
        x_default: None,
        og_type: "website",
        site_name: t.shop.name.clone(),
        locale: og_locale(c.lang),
        noindex: f.min_price.is_some()
            || f.max_price.is_some()
            || available
            || !f.options.is_empty(),
        image: None,
        jsonld: vec![breadcrumb_ld(&crumbs, &origin)],
    };
    let subcategories = nodes
        .iter()
        .filter(|n| n.parent == Some(node.id))
        .map(|n| {
            let (_, name, slug, _) = n.text(lang, &default);
            Link {
                name: name.clone(),
                href: href(&t, &c, &format!("/c/{slug}")),
            }
        })
        .collect();
    let sorts = [
        ("newest", "shop-sort-newest"),
        ("price_asc", "shop-sort-price-asc"),
        ("price_desc", "shop-sort-price-desc"),
        ("title", "shop-sort-title"),
    ]
    .into_iter()
    .map(|(value, id)| SortOption {
        value,
        label: c.t(id),
        selected: value == sort.as_str(),
    })
    .collect();
    Ok(render(CategoryPage {
        seo: seo.with_x_default(&t.shop.default_lang),
        crumbs,
        name,
        description: domain::catalog::markdown::render(&description),
        subcategories,
        cards: {
            let images = card_images(&mut conn, &t, cards.iter().map(|x| x.id)).await?;
            cards
                .iter()
                .map(|card| card_view(&t, &c, &data.tax, card, &images))
                .collect()
        },
        count: ta(&c, "shop-product-count", &[("count", total.to_string())]),
        action: href(&t, &c, &path),
        min: min_text.clone(),
        max: max_text.clone(),
        available,
        option_filters,
        sorts,
        page_label: ta(
            &c,
            "shop-page-of",
            &[("page", page.to_string()), ("pages", pages.to_string())],
        ),
        prev: (page > 1).then(|| page_url(page - 1)),
        next: (page < pages).then(|| page_url(page + 1)),
        c: with_switch(c, &paths),
    })?
    .into_response())
}
