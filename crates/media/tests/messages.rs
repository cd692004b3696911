//! Every error code has a message in each locale the web layer ships, and
//! the messages use exactly the arguments `args()` provides: a missing
//! message or argument would show users a raw id or a `{$placeholder}`.

use std::collections::BTreeSet;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use media::MediaError;
use unic_langid::LanguageIdentifier;

const LOCALES: [&str; 2] = ["en", "fr"];

fn all_errors() -> Vec<MediaError> {
    vec![
        MediaError::Empty,
        MediaError::TooLarge { max_bytes: 1 },
        MediaError::UnsupportedFormat,
        MediaError::DimensionsTooLarge {
            width: 1,
            height: 1,
            max_width: 1,
            max_height: 1,
            max_pixels: 1,
        },
        MediaError::Corrupt,
        MediaError::Io(std::io::Error::other("x")),
    ]
}

/// The single-line message `id = ...` of a Fluent file (ours have no
/// multi-line messages or attributes).
fn message<'a>(ftl: &'a str, id: &str) -> Option<&'a str> {
    ftl.lines()
        .find_map(|line| line.strip_prefix(id)?.trim_start().strip_prefix('='))
        .map(str::trim)
}

fn variables(message: &str) -> BTreeSet<&str> {
    message
        .split("{ $")
        .skip(1)
        .map(|rest| rest.split(' ').next().unwrap())
        .collect()
}

#[test]
fn every_error_has_a_message_with_matching_arguments() {
    for locale in LOCALES {
        let path = format!(
            "{}/../web/i18n/{locale}/media.ftl",
            env!("CARGO_MANIFEST_DIR")
        );
        let ftl = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        for error in all_errors() {
            let id = format!("err-{}", error.code());
            let text = message(&ftl, &id).unwrap_or_else(|| panic!("{locale}: no {id}"));
            assert!(!text.is_empty(), "{locale}: {id} is empty");
            let args = error.args();
            let provided: BTreeSet<&str> = args.iter().map(|(name, _)| *name).collect();
            assert_eq!(variables(text), provided, "{locale}: {id}");
        }
    }
}

#[test]
fn messages_parse_and_format_with_real_arguments() {
    let errors = [
        MediaError::TooLarge {
            max_bytes: 5 * 1024 * 1024,
        },
        MediaError::DimensionsTooLarge {
            width: 8000,
            height: 4000,
            max_width: 6000,
            max_height: 6000,
            max_pixels: 24_000_000,
        },
    ];
    for locale in LOCALES {
        let path = format!(
            "{}/../web/i18n/{locale}/media.ftl",
            env!("CARGO_MANIFEST_DIR")
        );
        let ftl = std::fs::read_to_string(&path).unwrap();
        let resource = FluentResource::try_new(ftl)
            .unwrap_or_else(|(_, errors)| panic!("{locale}: syntax errors {errors:?}"));
        let langid: LanguageIdentifier = locale.parse().unwrap();
        let mut bundle = FluentBundle::new(vec![langid]);
        bundle.set_use_isolating(false);
        bundle.add_resource(resource).unwrap();

        for error in all_errors().iter().chain(&errors) {
            let id = format!("err-{}", error.code());
            let pattern = bundle.get_message(&id).unwrap().value().unwrap();
            let mut args = FluentArgs::new();
            for (name, value) in error.args() {
                args.set(name, value);
            }
            let mut problems = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&args), &mut problems);
            assert!(problems.is_empty(), "{locale} {id}: {problems:?}");
            assert!(!text.contains('{'), "{locale} {id}: {text}");
        }

        let mut args = FluentArgs::new();
        for (name, value) in errors[1].args() {
            args.set(name, value);
        }
        let pattern = bundle
            .get_message("err-image-dimensions")
            .unwrap()
            .value()
            .unwrap();
        let text = bundle.format_pattern(pattern, Some(&args), &mut Vec::new());
        assert!(text.contains("8000") && text.contains("6000") && text.contains("24"));
    }
}
