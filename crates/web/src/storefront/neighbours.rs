//! The "our neighbours" block of the shop's home and product pages: its partner shops (see
//! `app::partner`), each with the products of it the seller chose and the code it offers this
//! shop's shoppers. Every link says which shop it comes from, so that the partner counts the
//! visit and the orders that follow under this shop (`domain::growth::partner::link_query`).
//!
//! The block is the same for every visitor: it is read once per version of the shop and of its
//! partners (`ShopData`) and cached with the page.

use std::sync::Arc;

use super::{card_view, CardView};
use crate::ctx::Ctx;
use crate::shop_data::ShopData;
use crate::state::AppState;
use crate::tenant::Tenant;

/// A partner as the block shows it.
pub struct NeighbourView {
    pub name: String,
    pub href: String,
    /// "With the code VOISINS10: 10 % off at Cave à vins."
    pub offer: Option<String>,
    pub cards: Vec<CardView>,
}

/// Where a partner's pages are, seen from this shop's page: its own domain when it has one;
/// else, on the platform's host, its path beside this shop's; else (this shop on a host of its
/// own) its subdomain of the platform, or its path on the platform's public address.
fn partner_base(st: &AppState, here: &Tenant, slug: &str, domain: Option<&str>) -> String {
    let scheme = st.config.public_url.split("://").next().unwrap_or("https");
    match (domain, &st.config.platform_domain) {
        (Some(d), _) => format!("{scheme}://{d}"),
        (None, _) if !here.base.is_empty() => format!("/s/{slug}"),
        (None, Some(p)) => format!("{scheme}://{slug}.{p}"),
        (None, None) => format!("{}/s/{slug}", st.config.public_url.trim_end_matches('/')),
    }
}

/// The block's partners, in the page's language where each partner speaks it.
pub(crate) fn views(st: &AppState, t: &Tenant, c: &Ctx, data: &ShopData) -> Vec<NeighbourView> {
    let query = domain::growth::partner::link_query(&t.shop.slug);
    data.neighbours
        .iter()
        .map(|n| {
            let there = Tenant {
                shop: Arc::clone(&n.shop),
                base: partner_base(st, t, &n.shop.slug, n.domain.as_deref()),
            };
            let mut their_c = c.clone();
            if !crate::ctx::shop_langs(&n.shop).contains(&c.lang) {
                their_c.lang = domain::locale::Lang::parse(&n.shop.default_lang).unwrap_or(c.lang);
            }
            let cards = n
                .cards_in(c.lang.as_str())
                .iter()
                .map(|card| {
                    let mut v = card_view(&there, &their_c, &n.tax, card, &n.images);
                    v.href = format!("{}?{query}", v.href);
                    v
                })
                .collect();
            let offer = n.offer.as_ref().and_then(|p| {
                let code = p.code.clone()?;
                Some(c.ta(
                    "partner-block-offer",
                    &[
                        ("code", code),
                        (
                            "gives",
                            crate::admin::promotions::gives(&there, &their_c, p),
                        ),
                        ("shop", n.shop.name.clone()),
                    ],
                ))
            });
            NeighbourView {
                name: n.shop.name.clone(),
                href: format!(
                    "{}/?{query}",
                    super::lang_url(&there, "", their_c.lang.as_str())
                ),
                offer,
                cards,
            }
        })
        .collect()
}
