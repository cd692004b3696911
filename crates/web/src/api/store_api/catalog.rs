//! `GET /products`: the shop's products with their variants, searched (`q`) the way the search
//! page searches, or all of them newest first, a page at a time.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{id, Api, ApiResult};
use crate::extract::Query;
use crate::state::AppState;

/// Products per page (as on the storefront).
pub const PER_PAGE: i64 = 24;
/// The last page a client may ask for.
const PAGE_MAX: i64 = 10_000;

#[derive(Deserialize, Default)]
pub struct ProductsQuery {
    q: Option<String>,
    page: Option<String>,
}

pub async fn products(
    State(st): State<AppState>,
    api: Api,
    Query(pq): Query<ProductsQuery>,
) -> ApiResult {
    let page = match pq.page.as_deref().map(str::trim) {
        None | Some("") => 1,
        Some(p) => match p.parse::<i64>() {
            Ok(n) if (1..=PAGE_MAX).contains(&n) => n,
            _ => {
                return Err(api
                    .problem(StatusCode::BAD_REQUEST, "page-invalid", "api-page-invalid")
                    .into())
            }
        },
    };
    let text: String = pq.q.unwrap_or_default().chars().take(200).collect();
    let text = text.trim();
    let lang = api.lang.as_str();
    let found = if text.is_empty() {
        app::search::catalog(&st.store, api.shop(), lang, page, PER_PAGE).await
    } else {
        app::search::products(&st.store, &st.words, api.shop(), text, lang, page, PER_PAGE).await
    }
    .map_err(|e| api.fail(e))?;
    let ids: Vec<i64> = found.cards.iter().map(|c| c.id).collect();
    // Prices as the storefront shows them: tax included at the shop's rates.
    let tax = st.shop_data.get(&st.store, api.shop()).await?.tax;
    let classes: HashMap<i64, domain::catalog::VatClass> = found
        .cards
        .iter()
        .map(|c| {
            let class = domain::catalog::VatClass::parse(&c.vat_class)
                .unwrap_or(domain::catalog::VatClass::Standard);
            (c.id, class)
        })
        .collect();
    let mut variants: HashMap<i64, Vec<Value>> = HashMap::new();
    let currency = api.currency();
    for v in app::search::variants(&st.store, api.shop(), &ids)
        .await
        .map_err(|e| api.fail(e))?
    {
        variants.entry(v.product_id).or_default().push(json!({
            "id": id(v.id),
            "sku": v.sku,
            "options": v.options,
            "price": api.amount(domain::tax::shown_price(
                &tax,
                classes
                    .get(&v.product_id)
                    .copied()
                    .unwrap_or(domain::catalog::VatClass::Standard),
                v.price_minor,
            )),
            "currency": currency.as_str(),
            "stock": v.stock,
        }));
    }
    let items: Vec<Value> = found
        .cards
        .iter()
        .map(|c| {
            json!({
                "slug": c.slug,
                "title": c.title,
                "status": c.status,
                "available": c.available != 0,
                "variants": variants.remove(&c.id).unwrap_or_default(),
            })
        })
        .collect();
    Ok(axum::Json(json!({
        "items": items,
        "page": page,
        "per_page": PER_PAGE,
        "total": found.total,
        "corrected": found.corrected,
        "suggestions": found.suggestions,
    }))
    .into_response())
}
