//! UI text: Fluent messages per language (files in `crates/web/i18n/{lang}/`), embedded in the
//! binary, and the choice of a visitor's language.

use std::collections::HashMap;
use std::sync::Arc;

use domain::locale::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// Every message file, per language. Adding a file: add it for every language here.
const FILES: &[(&str, &str, &str)] = &[
    (
        "main",
        include_str!("../i18n/fr/main.ftl"),
        include_str!("../i18n/en/main.ftl"),
    ),
    (
        "validation",
        include_str!("../i18n/fr/validation.ftl"),
        include_str!("../i18n/en/validation.ftl"),
    ),
    (
        "media",
        include_str!("../i18n/fr/media.ftl"),
        include_str!("../i18n/en/media.ftl"),
    ),
    (
        "admin",
        include_str!("../i18n/fr/admin.ftl"),
        include_str!("../i18n/en/admin.ftl"),
    ),
    (
        "operator",
        include_str!("../i18n/fr/operator.ftl"),
        include_str!("../i18n/en/operator.ftl"),
    ),
    (
        "email",
        include_str!("../i18n/fr/email.ftl"),
        include_str!("../i18n/en/email.ftl"),
    ),
    (
        "staff",
        include_str!("../i18n/fr/staff.ftl"),
        include_str!("../i18n/en/staff.ftl"),
    ),
    (
        "catalog",
        include_str!("../i18n/fr/catalog.ftl"),
        include_str!("../i18n/en/catalog.ftl"),
    ),
    (
        "files",
        include_str!("../i18n/fr/files.ftl"),
        include_str!("../i18n/en/files.ftl"),
    ),
    (
        "csv",
        include_str!("../i18n/fr/csv.ftl"),
        include_str!("../i18n/en/csv.ftl"),
    ),
    (
        "checkout",
        include_str!("../i18n/fr/checkout.ftl"),
        include_str!("../i18n/en/checkout.ftl"),
    ),
    (
        "account",
        include_str!("../i18n/fr/account.ftl"),
        include_str!("../i18n/en/account.ftl"),
    ),
    (
        "cart",
        include_str!("../i18n/fr/cart.ftl"),
        include_str!("../i18n/en/cart.ftl"),
    ),
    (
        "shop",
        include_str!("../i18n/fr/shop.ftl"),
        include_str!("../i18n/en/shop.ftl"),
    ),
    (
        "images",
        include_str!("../i18n/fr/images.ftl"),
        include_str!("../i18n/en/images.ftl"),
    ),
    (
        "calendar",
        include_str!("../i18n/fr/calendar.ftl"),
        include_str!("../i18n/en/calendar.ftl"),
    ),
    (
        "shipping",
        include_str!("../i18n/fr/shipping.ftl"),
        include_str!("../i18n/en/shipping.ftl"),
    ),
    (
        "api",
        include_str!("../i18n/fr/api.ftl"),
        include_str!("../i18n/en/api.ftl"),
    ),
    (
        "gift",
        include_str!("../i18n/fr/gift.ftl"),
        include_str!("../i18n/en/gift.ftl"),
    ),
    (
        "promotion",
        include_str!("../i18n/fr/promotion.ftl"),
        include_str!("../i18n/en/promotion.ftl"),
    ),
    (
        "review",
        include_str!("../i18n/fr/review.ftl"),
        include_str!("../i18n/en/review.ftl"),
    ),
    (
        "source",
        include_str!("../i18n/fr/source.ftl"),
        include_str!("../i18n/en/source.ftl"),
    ),
    (
        "partner",
        include_str!("../i18n/fr/partner.ftl"),
        include_str!("../i18n/en/partner.ftl"),
    ),
    (
        "affiliate",
        include_str!("../i18n/fr/affiliate.ftl"),
        include_str!("../i18n/en/affiliate.ftl"),
    ),
];

#[derive(Clone)]
pub struct I18n(Arc<HashMap<Lang, FluentBundle<FluentResource>>>);

impl I18n {
    pub fn load() -> I18n {
        let mut map = HashMap::new();
        for &lang in Lang::all() {
            let id: unic_langid::LanguageIdentifier =
                lang.as_str().parse().expect("valid language id");
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Isolation marks would end up inside attributes and e-mails; our text is one direction.
            bundle.set_use_isolating(false);
            for (name, fr, en) in FILES {
                let src = match lang {
                    Lang::Fr => fr,
                    Lang::En => en,
                };
                let res = FluentResource::try_new(src.to_string())
                    .unwrap_or_else(|(_, errs)| panic!("{}/{name}.ftl: {errs:?}", lang.as_str()));
                bundle
                    .add_resource(res)
                    .unwrap_or_else(|errs| panic!("{}/{name}.ftl: {errs:?}", lang.as_str()));
            }
            map.insert(lang, bundle);
        }
        I18n(Arc::new(map))
    }

    pub fn t(&self, lang: Lang, id: &str) -> String {
        self.ta(lang, id, &[])
    }

    /// A message with variables; falls back to English, then to the id itself (a missing
    /// message shows up as its id rather than breaking a page).
    pub fn ta(&self, lang: Lang, id: &str, args: &[(&str, String)]) -> String {
        for l in [lang, Lang::En] {
            let Some(bundle) = self.0.get(&l) else {
                continue;
            };
            let Some(msg) = bundle.get_message(id) else {
                continue;
            };
            let Some(pattern) = msg.value() else { continue };
            let mut fargs = FluentArgs::new();
            for (k, v) in args {
                match v.parse::<i64>() {
                    Ok(n) if !v.starts_with('0') || v == "0" => fargs.set(*k, FluentValue::from(n)),
                    _ => fargs.set(*k, FluentValue::from(v.clone())),
                }
            }
            let mut errors = vec![];
            let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
            return text.into_owned();
        }
        id.to_string()
    }

    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.0.get(&lang).is_some_and(|b| b.has_message(id))
    }

    /// Message ids of a language (for completeness tests).
    pub fn ids(lang: Lang) -> Vec<String> {
        let mut out = vec![];
        for (_, fr, en) in FILES {
            let src = if lang == Lang::Fr { fr } else { en };
            for line in src.lines() {
                let first = line.chars().next();
                if matches!(first, Some(c) if c.is_ascii_alphabetic()) {
                    if let Some((id, _)) = line.split_once('=') {
                        out.push(id.trim().to_string());
                    }
                }
            }
        }
        out
    }

    /// A validation error from the domain, in `lang`.
    pub fn error(&self, lang: Lang, e: &domain::ValidationError) -> String {
        let args: Vec<(&str, String)> = e.args.iter().map(|(k, v)| (*k, v.clone())).collect();
        self.ta(lang, &format!("err-{}", e.code), &args)
    }
}

/// The language for this visitor: an explicit choice (cookie) first, then the browser's
/// Accept-Language, then the shop's default.
pub fn choose(
    cookie: Option<&str>,
    accept_language: Option<&str>,
    offered: &[Lang],
    default: Lang,
) -> Lang {
    if let Some(l) = cookie.and_then(|c| Lang::parse(c).ok()) {
        if offered.contains(&l) {
            return l;
        }
    }
    if let Some(al) = accept_language {
        if let Some(l) = domain::locale::negotiate(al, offered) {
            return l;
        }
    }
    default
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_and_english_are_complete() {
        let fr: std::collections::BTreeSet<_> = I18n::ids(Lang::Fr).into_iter().collect();
        let en: std::collections::BTreeSet<_> = I18n::ids(Lang::En).into_iter().collect();
        let missing_en: Vec<_> = fr.difference(&en).collect();
        let missing_fr: Vec<_> = en.difference(&fr).collect();
        assert!(missing_en.is_empty(), "missing in English: {missing_en:?}");
        assert!(missing_fr.is_empty(), "missing in French: {missing_fr:?}");
        let i = I18n::load();
        for id in &fr {
            assert!(
                i.has(Lang::Fr, id) && i.has(Lang::En, id),
                "{id} did not load"
            );
        }
    }

    /// The message ids the rules refuse with, as written in the sources of `domain` and `app`
    /// (`ValidationError::new("…")`, `refused("…")`), outside their test files.
    fn refusal_ids() -> std::collections::BTreeSet<String> {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).expect("source folder").flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs")
                    && p.file_name().is_some_and(|n| n != "tests.rs")
                {
                    out.push(p);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        walk(&root.join("domain/src"), &mut files);
        walk(&root.join("app/src"), &mut files);
        let mut ids = std::collections::BTreeSet::new();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            // Code after a `#[cfg(test)]` module is the file's tests.
            let text = text.split("#[cfg(test)]").next().unwrap_or("");
            for opener in ["ValidationError::new(", "refused("] {
                for part in text.split(opener).skip(1) {
                    let part = part.trim_start();
                    if let Some(rest) = part.strip_prefix('"') {
                        if let Some((id, _)) = rest.split_once('"') {
                            ids.insert(id.to_string());
                        }
                    }
                }
            }
        }
        ids
    }

    #[test]
    fn every_refusal_of_the_rules_has_its_words_in_french_and_english() {
        let ids = refusal_ids();
        assert!(ids.len() > 100, "the scan found {} ids", ids.len());
        let i = I18n::load();
        let missing: Vec<&String> = ids
            .iter()
            .filter(|id| {
                let key = format!("err-{id}");
                !i.has(Lang::Fr, &key) || !i.has(Lang::En, &key)
            })
            .collect();
        assert!(missing.is_empty(), "no err-… message for {missing:?}");
    }

    /// The code tables of the newer rules (promotions, reviews) read in both languages with
    /// exactly the arguments their tables promise.
    #[test]
    fn every_code_reads_with_its_arguments() {
        let i = I18n::load();
        let tables = [
            domain::growth::promotion::CODES,
            app::promotion::CODES,
            domain::community::CODES,
            app::review::CODES,
            domain::growth::source::CODES,
        ];
        for (code, args) in tables.iter().flat_map(|t| t.iter()) {
            for lang in [Lang::Fr, Lang::En] {
                let id = format!("err-{code}");
                assert!(i.has(lang, &id), "{lang:?}: no {id}");
                let values: Vec<(&str, String)> =
                    args.iter().map(|a| (*a, format!("<{a}>"))).collect();
                let text = i.ta(lang, &id, &values);
                for a in *args {
                    assert!(text.contains(&format!("<{a}>")), "{id} does not show {a}");
                }
            }
        }
    }

    /// The French texts of the newer files use French typography: a (narrow) no-break space
    /// before ; : ! ? and %, inside « », and the typographic apostrophe.
    #[test]
    fn french_typography() {
        for (file, src) in [
            ("promotion.ftl", include_str!("../i18n/fr/promotion.ftl")),
            ("review.ftl", include_str!("../i18n/fr/review.ftl")),
            ("source.ftl", include_str!("../i18n/fr/source.ftl")),
            ("partner.ftl", include_str!("../i18n/fr/partner.ftl")),
            ("affiliate.ftl", include_str!("../i18n/fr/affiliate.ftl")),
        ] {
            for (n, line) in src.lines().enumerate() {
                if line.starts_with('#') {
                    continue;
                }
                let text = line.split_once(" = ").map_or(line, |(_, t)| t);
                for bad in [" :", " ;", " !", " ?", " %", "« ", " »", "'"] {
                    assert!(
                        !text.contains(bad),
                        "{file} line {}: {bad:?} in {text:?}",
                        n + 1
                    );
                }
                for (at, ch) in text.char_indices() {
                    if matches!(ch, ':' | ';' | '!' | '?' | '%') && at > 0 {
                        let before = text[..at].chars().next_back();
                        assert!(
                            matches!(before, Some('\u{202f}' | '\u{a0}')),
                            "{file} line {}: no no-break space before {ch:?} in {text:?}",
                            n + 1
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn remembered_choice_beats_browser_language() {
        let offered = [Lang::Fr, Lang::En];
        assert_eq!(
            choose(Some("en"), Some("fr-FR,fr;q=0.9"), &offered, Lang::Fr),
            Lang::En
        );
        assert_eq!(
            choose(None, Some("en-GB,en;q=0.9"), &offered, Lang::Fr),
            Lang::En
        );
        assert_eq!(choose(None, Some("de"), &offered, Lang::Fr), Lang::Fr);
        assert_eq!(choose(Some("en"), None, &[Lang::Fr], Lang::Fr), Lang::Fr);
    }
}
