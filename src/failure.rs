//! How a command ends when it cannot do its work: one sentence for a person, in the shop's
//! language or the terminal's, on standard error; never a backtrace or a debug dump.

use std::sync::atomic::{AtomicBool, Ordering};

use domain::locale::Lang;
use web::cli::Message;

/// Why a command stopped, as the sentence to show.
#[derive(Debug)]
pub struct Failure(pub Message);

impl From<Message> for Failure {
    fn from(m: Message) -> Failure {
        Failure(m)
    }
}

impl From<store::StoreError> for Failure {
    fn from(e: store::StoreError) -> Failure {
        Failure(Message::new("cli-db-failed").arg("detail", e))
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Failure {
        // `{:#}`: the chain of causes on one line, never the debug form.
        Failure(Message::new("cli-failed").arg("detail", format!("{e:#}")))
    }
}

// The language of what is said: the terminal's at start, the shop's once a command knows it.
// The panic hook reads it too, so it lives outside any one function.
static FRENCH: AtomicBool = AtomicBool::new(false);

pub fn set_lang(lang: Lang) {
    FRENCH.store(lang == Lang::Fr, Ordering::Relaxed);
}

pub fn lang() -> Lang {
    if FRENCH.load(Ordering::Relaxed) {
        Lang::Fr
    } else {
        Lang::En
    }
}

pub fn say(m: &Message) -> String {
    m.text(lang())
}

/// A panic ends in one sentence (with the place in the code, for a bug report) rather than
/// Rust's report and backtrace, whatever `RUST_BACKTRACE` says.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let detail = format!("{what} ({place})");
        tracing::error!(detail = %detail, "internal error");
        let sentence = match web::cli::loaded() {
            Some(_) => say(&Message::new("cli-panic").arg("detail", detail)),
            None => format!(
                "Vitrine stopped on an internal error (a fault in the program, not in your data \
                 or settings). Please report it with this detail: {detail}"
            ),
        };
        eprintln!("{sentence}");
    }));
}

/// The store could not be opened: say whether the address is wrong, the server is away, or it
/// refused us. `url` is the address with its password hidden.
pub fn connect_failure(e: store::StoreError, url: &str) -> Failure {
    let store::StoreError::Db(db) = e else {
        return Failure(Message::new("cli-db-failed").arg("detail", e));
    };
    let m = match db {
        sqlx::Error::Configuration(d) => Message::new("cli-db-url-invalid")
            .arg("url", url)
            .arg("detail", d),
        sqlx::Error::Io(io) => Message::new("cli-db-unreachable")
            .arg("url", url)
            .reason(&io),
        sqlx::Error::PoolTimedOut => Message::new("cli-db-unreachable")
            .arg("url", url)
            .arg_message("reason", "cli-reason-timeout"),
        sqlx::Error::Database(d) => Message::new("cli-db-refused")
            .arg("url", url)
            .arg("detail", d.message()),
        other => Message::new("cli-db-unreachable")
            .arg("url", url)
            .arg("reason", other),
    };
    Failure(m)
}
