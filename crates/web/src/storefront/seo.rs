//! What search engines read outside the pages: the sitemap (every page in every offered language,
//! with its alternates) and robots.txt.

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};

use super::{lang_url, origin};
use crate::ctx::urlencode;
use crate::error::AppResult;
use crate::state::AppState;
use crate::tenant::Tenant;

pub(super) fn xml_escape(s: &str) -> String {
    // Characters XML 1.0 does not allow at all (control characters, U+FFFE…) are left out: one
    // of them in a seller's text would make the whole document unreadable.
    s.chars()
        .filter(|c| {
            matches!(*c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
                || *c >= '\u{10000}'
        })
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// One `<url>` per language of a page, each listing every language's address as an alternate.
/// One page of the sitemap in each offered language: `(lang, page)` pairs become
/// `(lang, absolute clean URL)`, languages the shop does not offer left out.
fn sitemap_pages<'a>(
    t: &Tenant,
    origin: &str,
    offered: &[String],
    pages: impl Iterator<Item = (&'a String, String)>,
) -> Vec<(String, String)> {
    pages
        .filter(|(lang, _)| offered.contains(lang))
        .map(|(lang, page)| {
            (
                lang.clone(),
                format!("{origin}{}", lang_url(t, &page, lang)),
            )
        })
        .collect()
}

fn sitemap_urls(out: &mut String, pages: &[(String, String)], lastmod: Option<i64>) {
    for (_, loc) in pages {
        out.push_str("<url><loc>");
        out.push_str(&xml_escape(loc));
        out.push_str("</loc>");
        if let Some(at) = lastmod.and_then(|s| chrono::DateTime::from_timestamp(s, 0)) {
            out.push_str(&format!("<lastmod>{}</lastmod>", at.format("%Y-%m-%d")));
        }
        if pages.len() > 1 {
            for (lang, href) in pages {
                out.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    xml_escape(lang),
                    xml_escape(href)
                ));
            }
        }
        out.push_str("</url>\n");
    }
}

/// Every visible product and category of the shop, and its home, in each offered language
/// they have a text in.
pub(super) async fn sitemap(
    State(st): State<AppState>,
    t: Tenant,
    headers: HeaderMap,
) -> AppResult<Response> {
    let origin = origin(&st, &t, &headers);
    let offered: Vec<String> = crate::ctx::shop_langs(&t.shop)
        .iter()
        .map(|l| l.as_str().to_string())
        .collect();
    let mut conn = st.store.reader().await?;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let home: Vec<(String, String)> = offered
        .iter()
        .map(|l| (l.clone(), format!("{origin}{}", lang_url(&t, "/", l))))
        .collect();
    sitemap_urls(&mut out, &home, None);
    let data = st.shop_data.get_with(&mut conn, &t.shop).await?;
    for n in &data.categories {
        let pages = sitemap_pages(
            &t,
            &origin,
            &offered,
            n.texts.iter().map(|x| (&x.0, format!("/c/{}", x.2))),
        );
        sitemap_urls(&mut out, &pages, None);
    }
    let texts = store::listing::sitemap_texts(&mut conn, t.id()).await?;
    for group in texts.chunk_by(|a, b| a.product_id == b.product_id) {
        let pages = sitemap_pages(
            &t,
            &origin,
            &offered,
            group.iter().map(|x| (&x.lang, format!("/p/{}", x.slug))),
        );
        sitemap_urls(&mut out, &pages, group.first().map(|x| x.updated_at));
    }
    let collections = store::collection::all_texts(&mut conn, t.id()).await?;
    for group in collections.chunk_by(|a, b| a.collection_id == b.collection_id) {
        let pages = sitemap_pages(
            &t,
            &origin,
            &offered,
            group
                .iter()
                .map(|x| (&x.lang, format!("/collections/{}", x.slug))),
        );
        sitemap_urls(&mut out, &pages, None);
    }
    for tag in store::collection::visible_tags(&mut conn, t.id()).await? {
        let pages: Vec<(String, String)> = offered
            .iter()
            .map(|l| {
                (
                    l.clone(),
                    format!(
                        "{origin}{}",
                        lang_url(&t, &format!("/t/{}", urlencode(&tag)), l)
                    ),
                )
            })
            .collect();
        sitemap_urls(&mut out, &pages, None);
    }
    out.push_str("</urlset>\n");
    Ok((
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        out,
    )
        .into_response())
}

pub(super) async fn robots(State(st): State<AppState>, t: Tenant, headers: HeaderMap) -> Response {
    let origin = origin(&st, &t, &headers);
    let body = format!(
        "User-agent: *\nAllow: {base}/\nDisallow: {base}/admin/\nDisallow: {base}/api/\nSitemap: {origin}{base}/sitemap.xml\n",
        base = t.base
    );
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::xml_escape;

    #[test]
    fn what_xml_cannot_hold_is_left_out_and_the_rest_escaped() {
        assert_eq!(
            xml_escape("Comté <AOP> & \"Bio\"\u{1}\u{1b}\u{fffe}\tfin"),
            "Comté &lt;AOP&gt; &amp; &quot;Bio&quot;\tfin"
        );
        assert_eq!(xml_escape("🧀 l'été"), "🧀 l&apos;été");
    }
}
