//! A shop's product feeds, same for every visitor and served from the page cache:
//! - `/feeds/google.xml?country=FR`: the Google Merchant Center feed (RSS 2.0 with Google's
//!   `g:` attributes) in the address's language, for shoppers in `country` (the shop's own
//!   country when none is asked): each buyable variant with its link, pictures, price as a
//!   shopper there pays it, availability, condition, brand and the cheapest delivery there;
//! - `/feeds/new.atom`: the newest products, for feed readers and the newsletter.

use axum::extract::{Query, RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use domain::country::Country;
use serde::Deserialize;

use super::seo::xml_escape;
use super::{currency, decimal, lang_url, origin, with_params};
use crate::catalog_images::ImageView;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tenant::Tenant;

/// How many products the Atom feed lists.
const ATOM_ENTRIES: i64 = 50;
/// Google takes at most ten additional pictures.
const MORE_IMAGES: usize = 10;

#[derive(Deserialize, Default)]
pub(super) struct FeedQuery {
    #[serde(default)]
    country: String,
}

fn leaf(out: &mut String, name: &str, value: &str) {
    out.push_str(&format!("<{name}>{}</{name}>\n", xml_escape(value)));
}

pub(super) async fn merchant(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Query(q): Query<FeedQuery>,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let asked = !q.country.trim().is_empty();
    let country = if !asked {
        let legal = {
            let mut conn = st.store.reader().await?;
            store::legal::get(&mut conn, t.id()).await?
        };
        match Country::parse(&legal.country) {
            Ok(home) => home,
            Err(_) => Country::parse("FR").map_err(|_| AppError::NotFound)?,
        }
    } else {
        Country::parse(&q.country).map_err(|e| AppError::BadRequestText(c.err(&e)))?
    };
    let lang = c.lang.as_str();
    // One address per feed (the page cache keeps one copy of each): any other spelling of the
    // query is sent there.
    let canonical = asked.then(|| format!("country={}", country.as_str()));
    if raw.as_deref().filter(|r| !r.is_empty()) != canonical.as_deref() {
        let path = lang_url(&t, "/feeds/google.xml", lang);
        let to = match canonical {
            Some(q) => format!("{path}?{q}"),
            None => path,
        };
        return Ok(Redirect::permanent(&to).into_response());
    }
    let items = app::feed::merchant(&st.store, &t.shop, lang, country, store::now()).await?;
    let origin = origin(&st, &t, &headers);
    let cur = currency(&t);
    let money = |minor: i64| format!("{} {}", decimal(minor, cur), cur.as_str());
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:g=\"http://base.google.com/ns/1.0\">\n<channel>\n",
    );
    leaf(&mut out, "title", &t.shop.name);
    leaf(
        &mut out,
        "link",
        &format!("{origin}{}", lang_url(&t, "/", lang)),
    );
    leaf(
        &mut out,
        "description",
        &c.t1("feed-merchant-description", "shop", &t.shop.name),
    );
    for i in &items {
        let v = &i.variant;
        let params: Vec<(&str, String)> = ["o1", "o2", "o3"]
            .into_iter()
            .zip([&v.option1, &v.option2, &v.option3])
            .map(|(k, o)| (k, o.clone().unwrap_or_default()))
            .collect();
        let link = format!(
            "{origin}{}",
            with_params(&lang_url(&t, &format!("/p/{}", i.slug), lang), &params)
        );
        out.push_str("<item>\n");
        leaf(&mut out, "g:id", &v.id.to_string());
        leaf(&mut out, "g:title", &i.title);
        leaf(&mut out, "g:description", &i.description);
        leaf(&mut out, "g:link", &link);
        let pictures: Vec<String> = i
            .images
            .iter()
            .map(|img| {
                let view = ImageView::new(&t.base, img, lang, &t.shop.default_lang);
                format!("{origin}{}", view.src)
            })
            .collect();
        if let Some((first, more)) = pictures.split_first() {
            leaf(&mut out, "g:image_link", first);
            for m in more.iter().take(MORE_IMAGES) {
                leaf(&mut out, "g:additional_image_link", m);
            }
        }
        leaf(&mut out, "g:availability", i.availability);
        match i.regular_minor {
            Some(regular) => {
                leaf(&mut out, "g:price", &money(regular));
                leaf(&mut out, "g:sale_price", &money(i.price_minor));
            }
            None => leaf(&mut out, "g:price", &money(i.price_minor)),
        }
        leaf(&mut out, "g:condition", i.condition);
        if let Some(b) = &i.brand {
            leaf(&mut out, "g:brand", b);
        }
        // Vitrine keeps no GTIN or manufacturer part number: handmade, second-hand and
        // small-producer goods mostly have none.
        leaf(&mut out, "g:identifier_exists", "no");
        // Each variant is its own item, its options in its title: Google groups variants only
        // by attributes (size, colour…) that Vitrine's free-form options do not name.
        let (service, price) = &i.shipping;
        out.push_str("<g:shipping>\n");
        leaf(&mut out, "g:country", country.as_str());
        leaf(&mut out, "g:service", service);
        leaf(&mut out, "g:price", &money(*price));
        out.push_str("</g:shipping>\n");
        if let Some(w) = i.weight_grams {
            leaf(&mut out, "g:shipping_weight", &format!("{w} g"));
        }
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    Ok((
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        out,
    )
        .into_response())
}

/// RFC 3339, as Atom dates are written.
fn rfc3339(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

pub(super) async fn atom(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let lang = c.lang.as_str();
    let products = app::feed::newest(&st.store, &t.shop, lang, ATOM_ENTRIES).await?;
    let origin = origin(&st, &t, &headers);
    // Ids that never change (RFC 4151 tag URIs): a product renamed is not a new entry.
    // The platform's name, whatever host served the feed (a shop's own domain too).
    let authority = st
        .config
        .public_url
        .split("://")
        .nth(1)
        .unwrap_or("localhost")
        .split(['/', ':'])
        .next()
        .unwrap_or("localhost")
        .to_string();
    let since = chrono::DateTime::from_timestamp(t.shop.created_at, 0)
        .map(|d| d.format("%Y").to_string())
        .unwrap_or_else(|| "2026".into());
    let tag = |what: &str| format!("tag:{authority},{since}:{}/{what}", t.shop.slug);
    let home = format!("{origin}{}", lang_url(&t, "/", lang));
    let own = format!("{origin}{}", lang_url(&t, "/feeds/new.atom", lang));
    let updated = products
        .iter()
        .map(|(p, _)| p.product.updated_at.max(p.product.created_at))
        .max()
        .unwrap_or(t.shop.updated_at);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n"
    );
    leaf(
        &mut out,
        "title",
        &c.t1("feed-atom-title", "shop", &t.shop.name),
    );
    leaf(&mut out, "id", &tag(&format!("new/{lang}")));
    out.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&own),
        xml_escape(&home)
    ));
    leaf(&mut out, "updated", &rfc3339(updated));
    out.push_str("<author>\n");
    leaf(&mut out, "name", &t.shop.name);
    out.push_str("</author>\n");
    for (p, images) in &products {
        let url = format!(
            "{origin}{}",
            lang_url(&t, &format!("/p/{}", p.slug), &p.lang)
        );
        out.push_str(&format!("<entry xml:lang=\"{}\">\n", xml_escape(&p.lang)));
        leaf(&mut out, "title", &p.title);
        leaf(&mut out, "id", &tag(&format!("product/{}", p.product.id)));
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&url)
        ));
        leaf(&mut out, "published", &rfc3339(p.product.created_at));
        leaf(
            &mut out,
            "updated",
            &rfc3339(p.product.updated_at.max(p.product.created_at)),
        );
        let summary = domain::catalog::markdown::excerpt(&p.description_md, 300);
        if !summary.is_empty() {
            leaf(&mut out, "summary", &summary);
        }
        if let Some(img) = images.first() {
            let view = ImageView::new(&t.base, img, lang, &t.shop.default_lang);
            out.push_str(&format!(
                "<link rel=\"enclosure\" type=\"image/jpeg\" href=\"{}\"/>\n",
                xml_escape(&format!("{origin}{}", view.src))
            ));
        }
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    Ok((
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        out,
    )
        .into_response())
}
