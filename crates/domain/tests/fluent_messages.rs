//! Every error code the domain can produce must render in every language,
//! using exactly the arguments the domain attaches. This guards the contract
//! with the web layer, which looks up `err-{code}` in these files.

use std::collections::HashSet;
use std::path::PathBuf;

use domain::error::CODES;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use unic_langid::LanguageIdentifier;

const LANGS: &[&str] = &["fr", "en"];

fn ftl_source(lang: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../web/i18n")
        .join(lang)
        .join("validation.ftl");
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

fn render(bundle: &FluentBundle<FluentResource>, id: &str, args: &[&str]) -> String {
    let message = bundle
        .get_message(id)
        .unwrap_or_else(|| panic!("missing message {id}"));
    let pattern = message
        .value()
        .unwrap_or_else(|| panic!("{id} has no value"));
    let mut fluent_args = FluentArgs::new();
    for name in args {
        fluent_args.set(*name, format!("<{name}>"));
    }
    let mut errors = vec![];
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    assert!(errors.is_empty(), "{id}: {errors:?}");
    text.into_owned()
}

#[test]
fn every_code_renders_with_its_arguments() {
    for lang in LANGS {
        let bundle = bundle(lang);
        for (code, args) in CODES {
            let id = format!("err-{code}");
            let text = render(&bundle, &id, args);
            for name in *args {
                assert!(
                    text.contains(&format!("<{name}>")),
                    "{lang} {id} does not show ${name}: {text}"
                );
            }
        }
    }
}

#[test]
fn no_message_without_a_code() {
    let known: HashSet<String> = CODES.iter().map(|(c, _)| format!("err-{c}")).collect();
    for lang in LANGS {
        for line in ftl_source(lang).lines() {
            if let Some((id, _)) = line.split_once(" =") {
                if !id.starts_with('#') && !id.starts_with(' ') {
                    assert!(known.contains(id), "{lang}: {id} matches no domain code");
                }
            }
        }
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
