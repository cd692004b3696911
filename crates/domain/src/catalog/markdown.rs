//! Product descriptions: Markdown written by sellers, turned into HTML that
//! is safe to put on a page, and into plain text for meta descriptions.
//!
//! Safety comes from what is emitted, not from cleaning HTML afterwards:
//! pulldown-cmark's renderer escapes all text and attribute values, and the
//! event filter below makes sure the only tags it can produce are those of
//! plain Markdown, with links restricted to harmless schemes.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// Length of a meta description that search engines show without cutting.
pub const META_DESCRIPTION_MAX: usize = 160;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Renders a seller's Markdown as HTML for the product page.
///
/// - Raw HTML in the input is shown as text (escaped), never interpreted: a
///   seller pasting `<b>` sees it, a script never runs. An HTML block
///   becomes a paragraph of text.
/// - Links keep their target only for `http`, `https`, `mailto` and
///   relative URLs; any other scheme (`javascript:`, `data:`, `vbscript:`…)
///   turns the link into its plain text.
/// - Images become links to the image (text: the alt text, or the address
///   when there is none). An `<img>` pointing anywhere on the web would let
///   a third party track shoppers and slow the page with an unsized,
///   unresized picture; product photos go through the media pipeline
///   (resized, WebP, alt text per language) instead. An image inside a link
///   keeps only its alt text, so links never nest.
/// - Headings move down one level (`#` → `<h2>`), as the page's `<h1>` is
///   the product title; `######` stays `<h6>`.
/// - Tables and ~~strikethrough~~ are allowed; footnotes, math and heading
///   attributes are not enabled.
pub fn render(md: &str) -> String {
    let events = safe_events(Parser::new_ext(md, options()));
    let mut html = String::with_capacity(md.len() + md.len() / 4);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

fn safe_events<'a>(mut parser: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    // One entry per open link: whether its tags were kept.
    let mut links: Vec<bool> = Vec::new();
    while let Some(event) = parser.next() {
        match event {
            Event::Html(text) | Event::InlineHtml(text) => out.push(Event::Text(text)),
            Event::Start(Tag::HtmlBlock) => out.push(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) => out.push(Event::End(TagEnd::Paragraph)),
            Event::Start(Tag::Heading { level, .. }) => out.push(Event::Start(Tag::Heading {
                level: shift(level),
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            })),
            Event::End(TagEnd::Heading(level)) => {
                out.push(Event::End(TagEnd::Heading(shift(level))))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let keep = link_type == LinkType::Email || is_safe_url(&dest_url);
                links.push(keep);
                if keep {
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) => {
                if links.pop().unwrap_or(false) {
                    out.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let alt = collect_text(&mut parser);
                let in_link = !links.is_empty();
                if !in_link && is_safe_url(&dest_url) {
                    let label = if alt.trim().is_empty() {
                        dest_url.to_string()
                    } else {
                        alt
                    };
                    out.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url,
                        title,
                        id: CowStr::Borrowed(""),
                    }));
                    out.push(Event::Text(label.into()));
                    out.push(Event::End(TagEnd::Link));
                } else if !alt.is_empty() {
                    out.push(Event::Text(alt.into()));
                }
            }
            // Not produced with the options above; dropped rather than
            // trusted should a future option enable them.
            Event::InlineMath(text) | Event::DisplayMath(text) => out.push(Event::Text(text)),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
            other => out.push(other),
        }
    }
    out
}

/// Consumes the events up to the end of the current image and returns its
/// text (the alt text), flattening any markup inside it.
fn collect_text<'a>(events: &mut impl Iterator<Item = Event<'a>>) -> String {
    let mut text = String::new();
    let mut depth = 0usize;
    for event in events.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

fn shift(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// Whether a link target may be kept: `http:`, `https:`, `mailto:`, or a
/// URL without a scheme (relative, absolute path, `#anchor`, `//host`).
///
/// The check looks at the address as a browser will: the URL Standard drops
/// leading and trailing control characters and spaces, and removes tabs and
/// newlines anywhere ("java\tscript:" is "javascript:"), so an address with
/// any control character left inside is refused outright. Entities have
/// already been decoded by the Markdown parser ("&#106;avascript:").
fn is_safe_url(dest: &str) -> bool {
    let cleaned = dest.trim_matches(|c: char| c <= ' ');
    if cleaned.chars().any(char::is_control) {
        return false;
    }
    match cleaned.find([':', '/', '?', '#', '\\']) {
        Some(i) if cleaned[i..].starts_with(':') => {
            let scheme = &cleaned[..i];
            ["http", "https", "mailto"]
                .iter()
                .any(|s| s.eq_ignore_ascii_case(scheme))
        }
        _ => true,
    }
}

/// The description as one line of plain text, cut at a word boundary to fit
/// a meta description ([`META_DESCRIPTION_MAX`] characters, "…" included
/// when cut). Markup, raw HTML and image alt texts are left out; link texts
/// stay. The result is not HTML-escaped: templates escape it like any text.
pub fn plain_text(md: &str) -> String {
    excerpt(md, META_DESCRIPTION_MAX)
}

/// Like [`plain_text`], with another maximum length in characters.
pub fn excerpt(md: &str, max_chars: usize) -> String {
    let mut raw = String::with_capacity(md.len());
    let mut parser = Parser::new_ext(md, options());
    while let Some(event) = parser.next() {
        match event {
            Event::Text(t) | Event::Code(t) => raw.push_str(&t),
            Event::Start(Tag::Image { .. }) => {
                collect_text(&mut parser);
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::Rule
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => raw.push(' '),
            _ => {}
        }
    }
    let words: Vec<&str> = raw.split_whitespace().collect();
    let text = words.join(" ");
    truncate_at_word(&text, max_chars)
}

fn truncate_at_word(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    if max_chars == 0 {
        return String::new();
    }
    // Room for the ellipsis.
    let budget = max_chars - 1;
    let cut = text
        .char_indices()
        .nth(budget)
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    // The next character being a space means the budget ends on a word.
    let ends_on_word = text[cut..].starts_with(' ');
    let head = if ends_on_word {
        head
    } else {
        match head.rfind(' ') {
            Some(i) if i > 0 => &head[..i],
            // A single word longer than the budget: cut inside it.
            _ => head,
        }
    };
    let head = head.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—')
    });
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every tag that comes out is plain Markdown's, with only harmless
    /// attributes. Text cannot hide a tag: the renderer escapes `<` in it.
    fn assert_inert(html: &str) {
        const TAGS: &[&str] = &[
            "p",
            "strong",
            "em",
            "del",
            "ul",
            "ol",
            "li",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "a",
            "code",
            "pre",
            "blockquote",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "hr",
            "br",
        ];
        for segment in html.split('<').skip(1) {
            let (tag, _) = segment
                .split_once('>')
                .unwrap_or_else(|| panic!("unclosed tag in {html}"));
            let tag = tag.trim_end_matches('/').trim();
            let name = tag.trim_start_matches('/').split(' ').next().unwrap_or("");
            assert!(TAGS.contains(&name), "tag <{tag}> in {html}");
            // Attribute values are double-quoted with `"` escaped inside.
            let mut rest = tag[name.len() + usize::from(tag.starts_with('/'))..].trim();
            while !rest.is_empty() {
                let (attr, after) = rest
                    .split_once("=\"")
                    .unwrap_or_else(|| panic!("bare attribute {rest:?} in {html}"));
                let (value, after) = after.split_once('"').expect("closing quote");
                match attr.trim() {
                    "href" => assert!(
                        value.starts_with("mailto:") || is_safe_url(value),
                        "href {value:?} in {html}"
                    ),
                    "title" | "start" => {}
                    "style" => assert!(value.starts_with("text-align: "), "{html}"),
                    "class" => assert!(value.starts_with("language-"), "{html}"),
                    other => panic!("attribute {other:?} in {html}"),
                }
                rest = after.trim();
            }
        }
    }

    #[test]
    fn plain_markdown() {
        assert_eq!(
            render("Un **époisses** _affiné_ 6 semaines.\n\n- lait cru\n- 250 g"),
            "<p>Un <strong>époisses</strong> <em>affiné</em> 6 semaines.</p>\n<ul>\n<li>lait cru</li>\n<li>250 g</li>\n</ul>\n"
        );
        assert_eq!(render("~~29 €~~ 25 €"), "<p><del>29 €</del> 25 €</p>\n");
    }

    #[test]
    fn headings_start_at_h2() {
        let html = render("# Origine\n## Affinage\n###### Détail");
        assert_eq!(
            html,
            "<h2>Origine</h2>\n<h3>Affinage</h3>\n<h6>Détail</h6>\n"
        );
        // Attribute syntax is not enabled: it stays text.
        let html = render("# Titre {#x .y onclick=alert(1)}");
        assert!(html.starts_with("<h2>"), "{html}");
        assert_inert(&html);
    }

    #[test]
    fn tables_are_rendered() {
        let html = render("| Poids | Prix |\n|---|--:|\n| 250 g | 12 € |");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<th>Poids</th>"), "{html}");
        assert!(
            html.contains("<td style=\"text-align: right\">12 €</td>")
                || html.contains("12 €</td>"),
            "{html}"
        );
    }

    #[test]
    fn raw_html_is_escaped() {
        let html = render("<script>alert(1)</script>");
        assert_eq!(html, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
        let html = render("Texte <b>gras</b> et <img src=x onerror=alert(1)>.");
        assert_eq!(
            html,
            "<p>Texte &lt;b&gt;gras&lt;/b&gt; et &lt;img src=x onerror=alert(1)&gt;.</p>\n"
        );
        let html = render("<div onmouseover=\"alert(1)\">\n*survol*\n</div>");
        assert!(
            html.starts_with("<p>&lt;div onmouseover=\"alert(1)\"&gt;"),
            "{html}"
        );
        assert_inert(&html);
        let html = render("<!-- commentaire --> <iframe src=//evil></iframe>");
        assert_inert(&html);
        assert!(html.contains("&lt;!-- commentaire --&gt;"), "{html}");
    }

    #[test]
    fn entities_stay_text() {
        assert_eq!(
            render("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#60;b&#62;"),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;</p>\n"
        );
        assert_eq!(render("Caf&eacute; &copy;"), "<p>Café ©</p>\n");
    }

    #[test]
    fn safe_links_are_kept() {
        assert_eq!(
            render("[site](https://exemple.fr/a?b=1&c=2 \"Titre\")"),
            "<p><a href=\"https://exemple.fr/a?b=1&amp;c=2\" title=\"Titre\">site</a></p>\n"
        );
        assert_eq!(
            render("[écrire](mailto:emilie@exemple.fr)"),
            "<p><a href=\"mailto:emilie@exemple.fr\">écrire</a></p>\n"
        );
        for dest in [
            "/produits/brie",
            "brie",
            "#origine",
            "?page=2",
            "HTTP://X.FR",
            "//cdn.exemple.fr/x",
        ] {
            let html = render(&format!("[lien]({dest})"));
            assert!(html.contains("<a href="), "{dest}: {html}");
        }
    }

    #[test]
    fn dangerous_links_become_text() {
        for md in [
            "[clic](javascript:alert(1))",
            "[clic](JaVaScRiPt:alert(1))",
            "[clic](&#106;avascript:alert(1))",
            "[clic](javascript&colon;alert(1))",
            "[clic](java&#9;script:alert(1))",
            "[clic](java&#10;script:alert(1))",
            "[clic](<\tjavascript:alert(1)>)",
            "[clic](vbscript:msgbox)",
            "[clic](data:text/html;base64,PHNjcmlwdD4=)",
            "[clic](file:///etc/passwd)",
            "[clic][ref]\n\n[ref]: javascript:alert(1)",
        ] {
            let html = render(md);
            assert_eq!(html, "<p>clic</p>\n", "{md:?}");
        }
        // The scheme of what follows a colon in a path is not a scheme.
        let html = render("[x](/a:b)");
        assert!(html.contains("href=\"/a:b\""), "{html}");
    }

    #[test]
    fn autolinks() {
        assert_eq!(
            render("<https://exemple.fr>"),
            "<p><a href=\"https://exemple.fr\">https://exemple.fr</a></p>\n"
        );
        assert_eq!(
            render("<emilie@exemple.fr>"),
            "<p><a href=\"mailto:emilie@exemple.fr\">emilie@exemple.fr</a></p>\n"
        );
        assert_eq!(
            render("<javascript:alert(1)>"),
            "<p>javascript:alert(1)</p>\n"
        );
        let html = render("<javascript:alert(1)//\"onmouseover=x>");
        assert_inert(&html);
    }

    #[test]
    fn images_become_links() {
        assert_eq!(
            render("![Un brie](https://exemple.fr/brie.jpg)"),
            "<p><a href=\"https://exemple.fr/brie.jpg\">Un brie</a></p>\n"
        );
        assert_eq!(
            render("![](/img/brie.jpg)"),
            "<p><a href=\"/img/brie.jpg\">/img/brie.jpg</a></p>\n"
        );
        // Alt text is flattened, never nested markup.
        assert_eq!(
            render("![Un *bon* [brie](/b)](/brie.jpg)"),
            "<p><a href=\"/brie.jpg\">Un bon brie</a></p>\n"
        );
        // Inside a link, only the alt text remains: no nested links.
        assert_eq!(
            render("[![logo](/logo.png)](https://exemple.fr)"),
            "<p><a href=\"https://exemple.fr\">logo</a></p>\n"
        );
        let html = render("![x\" onerror=\"alert(1)](javascript:alert(1))");
        // Quotes need no escaping in text, only in attributes.
        assert_eq!(html, "<p>x\" onerror=\"alert(1)</p>\n");
        assert_inert(&render("![a](x \"t\\\" onload=\\\"alert(1)\")"));
    }

    #[test]
    fn code_is_escaped() {
        assert_eq!(render("`<script>`"), "<p><code>&lt;script&gt;</code></p>\n");
        let html = render("```html\"><script>x\n<script>alert(1)</script>\n```");
        assert_inert(&html);
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("# Époisses\n\nUn fromage **corsé**, [lavé](/x) au marc.\n\n- lait cru\n- AOP\n\n<b>gras</b> ![photo](/p.jpg) `code`"),
            "Époisses Un fromage corsé, lavé au marc. lait cru AOP gras code"
        );
        assert_eq!(plain_text(""), "");
        assert_eq!(plain_text("&lt;b&gt; &amp;"), "<b> &");
    }

    #[test]
    fn plain_text_is_cut_at_a_word() {
        let md = "Un fromage à pâte molle et croûte lavée, affiné au marc de Bourgogne pendant six semaines dans nos caves, \
                  fabriqué à partir de lait cru entier de vaches de race montbéliarde, brune ou simmental.";
        let text = plain_text(md);
        assert!(text.chars().count() <= META_DESCRIPTION_MAX, "{text}");
        assert!(text.ends_with('…'), "{text}");
        let body = text.trim_end_matches('…');
        assert!(md.starts_with(body), "{text}");
        assert!(
            md[body.len()..].starts_with(' '),
            "cut inside a word: {text}"
        );
        assert!(!body.ends_with(','), "{text}");

        assert_eq!(excerpt("un deux trois", 8), "un deux…");
        assert_eq!(excerpt("un deux trois", 13), "un deux trois");
        assert_eq!(excerpt("anticonstitutionnellement", 6), "antic…");
        assert_eq!(excerpt("un deux", 0), "");
    }

    proptest! {
        #[test]
        fn render_never_lets_markup_through(md in "[<>\"'&a-z:/()\\[\\]!#*`=\\n ]{0,80}") {
            assert_inert(&render(&md));
        }

        #[test]
        fn excerpt_respects_its_length(md in "\\PC{0,300}", max in 0usize..200) {
            let text = excerpt(&md, max);
            prop_assert!(text.chars().count() <= max);
            prop_assert!(!text.contains('\n'));
        }
    }
}
