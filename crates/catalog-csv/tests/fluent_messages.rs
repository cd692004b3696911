//! Every code the importer can produce renders in French and English with the
//! variables it is given, and the French text follows French typography.
//! This guards the contract with the web layer, which looks up each
//! `CsvError::code` in `crates/web/i18n/{lang}/csv.ftl`.

use std::collections::HashSet;
use std::path::PathBuf;

use catalog_csv::{CODES, WARNING_CODES};
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use unic_langid::LanguageIdentifier;

const LANGS: &[&str] = &["fr", "en"];

fn ftl_source(lang: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../web/i18n")
        .join(lang)
        .join("csv.ftl");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn bundle(lang: &str) -> FluentBundle<FluentResource> {
    let resource = FluentResource::try_new(ftl_source(lang))
        .unwrap_or_else(|(_, errors)| panic!("{lang}: syntax errors {errors:?}"));
    let id: LanguageIdentifier = lang.parse().unwrap();
    let mut bundle = FluentBundle::new(vec![id]);
    // Without isolation marks the rendered text can be searched for values.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errors| panic!("{lang}: duplicate messages {errors:?}"));
    bundle
}

#[test]
fn every_code_renders_with_its_variables() {
    for lang in LANGS {
        let bundle = bundle(lang);
        for (code, names) in CODES {
            assert!(code.starts_with("csv-"), "{code}");
            let message = bundle
                .get_message(code)
                .unwrap_or_else(|| panic!("{lang}: missing message {code}"));
            let pattern = message
                .value()
                .unwrap_or_else(|| panic!("{code} has no value"));
            let mut args = FluentArgs::new();
            args.set("line", "<line>");
            for name in *names {
                args.set(*name, format!("<{name}>"));
            }
            let mut errors = vec![];
            let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
            assert!(errors.is_empty(), "{lang} {code}: {errors:?}");
            for name in *names {
                assert!(
                    text.contains(&format!("<{name}>")),
                    "{lang} {code} does not show ${name}: {text}"
                );
            }
            // Errors about rows say which row; file-wide ones need not.
            let file_wide = [
                "csv-empty",
                "csv-unknown-format",
                "csv-missing-column",
                "csv-duplicate-column",
                "csv-unknown-columns",
                "csv-columns-not-imported",
            ];
            if !file_wide.contains(code) {
                assert!(
                    text.contains("<line>"),
                    "{lang} {code} does not show $line: {text}"
                );
            }
        }
    }
}

#[test]
fn no_message_without_a_code() {
    let known: HashSet<&str> = CODES.iter().map(|(c, _)| *c).collect();
    for lang in LANGS {
        for line in ftl_source(lang).lines() {
            if let Some((id, _)) = line.split_once(" =") {
                if !id.starts_with('#') && !id.starts_with(' ') {
                    assert!(known.contains(id), "{lang}: {id} matches no importer code");
                }
            }
        }
    }
    for code in WARNING_CODES {
        assert!(known.contains(code), "{code}");
    }
}

#[test]
fn french_typography() {
    for (n, line) in ftl_source("fr").lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        let text = line.split_once(" = ").map_or(line, |(_, t)| t);
        for bad in [" :", " ;", " !", " ?", "« ", " »", "'"] {
            assert!(
                !text.contains(bad),
                "fr line {}: use a no-break space or typographic apostrophe in {text:?}",
                n + 1
            );
        }
    }
}
