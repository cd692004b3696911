//! What the command line says to people: messages with their values, rendered in the reader's
//! language (the shop's, or the terminal's `LC_ALL`/`LC_MESSAGES`/`LANG`).

use std::sync::OnceLock;

use domain::locale::Lang;

use crate::i18n::I18n;

static MESSAGES: OnceLock<I18n> = OnceLock::new();

/// The messages, loaded once for the process (text shown outside a request).
pub fn messages() -> &'static I18n {
    MESSAGES.get_or_init(I18n::load)
}

/// The messages if they are loaded already: a panic hook must not load them (a panic while
/// loading would come back into the hook).
pub fn loaded() -> Option<&'static I18n> {
    MESSAGES.get()
}

/// A value of a message: text as it is, or another message (a reason) translated with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Message(&'static str),
}

/// A sentence for a person: a message id (in `i18n/*/main.ftl`) and its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    pub fn new(id: &'static str) -> Message {
        Message { id, args: vec![] }
    }

    pub fn arg(mut self, key: &'static str, value: impl ToString) -> Message {
        self.args.push((key, Arg::Text(value.to_string())));
        self
    }

    /// A value that is itself a message, translated with the sentence.
    pub fn arg_message(mut self, key: &'static str, id: &'static str) -> Message {
        self.args.push((key, Arg::Message(id)));
        self
    }

    /// `reason`: why a file or a connection failed, from the operating system's error.
    pub fn reason(mut self, e: &std::io::Error) -> Message {
        self.args.push(("reason", io_reason(e)));
        self
    }

    pub fn text(&self, lang: Lang) -> String {
        let i18n = messages();
        let args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(k, v)| match v {
                Arg::Text(t) => (*k, t.clone()),
                Arg::Message(id) => (*k, i18n.t(lang, id)),
            })
            .collect();
        i18n.ta(lang, self.id, &args)
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for Message {}

/// What went wrong with a file or a connection, in words for people where we have them.
pub fn io_reason(e: &std::io::Error) -> Arg {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => Arg::Message("cli-reason-not-found"),
        K::PermissionDenied => Arg::Message("cli-reason-denied"),
        K::IsADirectory => Arg::Message("cli-reason-is-folder"),
        K::ConnectionRefused => Arg::Message("cli-reason-refused"),
        K::TimedOut => Arg::Message("cli-reason-timeout"),
        K::StorageFull => Arg::Message("cli-reason-disk-full"),
        // The system's own words, without the "(os error N)" that means nothing to a reader.
        _ => {
            let raw = e.to_string();
            let text = match raw.find(" (os error") {
                Some(i) => raw[..i].to_string(),
                None => raw,
            };
            Arg::Text(text)
        }
    }
}

/// The terminal's language from the locale variables, by POSIX precedence; English unless
/// it names French.
pub fn terminal_lang(env: impl Fn(&str) -> Option<String>) -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| env(k))
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    // `fr_FR.UTF-8`, `fr-CA`, `fr@euro`: the language is what comes before the first separator.
    let primary = locale
        .split(['_', '-', '.', '@'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if primary == "fr" {
        Lang::Fr
    } else {
        Lang::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terminal_language_follows_posix_precedence() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(terminal_lang(env(&[("LANG", "fr_FR.UTF-8")])), Lang::Fr);
        assert_eq!(
            terminal_lang(env(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "en_US.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            terminal_lang(env(&[("LANG", "en_GB.UTF-8"), ("LC_MESSAGES", "fr_CA")])),
            Lang::Fr
        );
        assert_eq!(
            terminal_lang(env(&[("LC_ALL", ""), ("LANG", "fr")])),
            Lang::Fr
        );
        assert_eq!(terminal_lang(env(&[("LANG", "C")])), Lang::En);
        assert_eq!(terminal_lang(env(&[])), Lang::En);
    }

    #[test]
    fn a_reason_is_translated_with_its_sentence() {
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        let m = Message::new("cli-file-unreadable")
            .arg("path", "a.csv")
            .reason(&e);
        assert_eq!(
            m.text(Lang::Fr),
            "Impossible de lire le fichier a.csv : il n'existe pas."
        );
        assert_eq!(
            m.to_string(),
            "Cannot read the file a.csv: it does not exist."
        );
    }
}
