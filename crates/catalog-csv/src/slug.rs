//! Handles for products that arrive without one, as WooCommerce exports do:
//! lowercase ASCII words joined by hyphens, accents folded.

use std::collections::HashSet;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Longest handle we make; long names make unreadable URLs.
const MAX_LEN: usize = 80;

/// "Époisses AOP — 250 g" becomes "epoisses-aop-250-g".
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut pending_dash = false;
    for c in text.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        // Letters that do not decompose into a base letter plus an accent.
        let folded: &str = match c {
            'œ' | 'Œ' => "oe",
            'æ' | 'Æ' => "ae",
            'ß' => "ss",
            'ø' | 'Ø' => "o",
            'ł' | 'Ł' => "l",
            'đ' | 'Đ' | 'ð' | 'Ð' => "d",
            'þ' | 'Þ' => "th",
            _ => "",
        };
        let mut push = |ch: char| {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(ch.to_ascii_lowercase());
        };
        if !folded.is_empty() {
            folded.chars().for_each(&mut push);
        } else if c.is_ascii_alphanumeric() {
            push(c);
        } else {
            pending_dash = true;
        }
    }
    if out.len() > MAX_LEN {
        // Cut at a word boundary when there is one.
        let cut = out[..MAX_LEN].rfind('-').unwrap_or(MAX_LEN);
        out.truncate(cut);
    }
    out
}

/// Hands out handles that are unique within one file.
#[derive(Default)]
pub(crate) struct Handles {
    used: HashSet<String>,
}

impl Handles {
    /// A handle for `title`; `fallback` serves names with no Latin letter or
    /// digit, and "-2", "-3"… tell apart products with the same name.
    pub(crate) fn make(&mut self, title: &str, fallback: &str) -> String {
        let mut base = slugify(title);
        if base.is_empty() {
            base = fallback.to_owned();
        }
        let mut handle = base.clone();
        let mut n = 2;
        while !self.used.insert(handle.clone()) {
            handle = format!("{base}-{n}");
            n += 1;
        }
        handle
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_handles() {
        assert_eq!(slugify("Époisses AOP — 250 g"), "epoisses-aop-250-g");
        assert_eq!(slugify("  Cœur de Neufchâtel!  "), "coeur-de-neufchatel");
        assert_eq!(slugify("T-shirt « Bleu »"), "t-shirt-bleu");
        assert_eq!(slugify("東京"), "");
        assert!(slugify(&"mot ".repeat(40)).len() <= MAX_LEN);
    }

    #[test]
    fn handles_are_unique() {
        let mut handles = Handles::default();
        assert_eq!(handles.make("Tomme", "product-2"), "tomme");
        assert_eq!(handles.make("Tomme", "product-3"), "tomme-2");
        assert_eq!(handles.make("東京", "product-4"), "product-4");
    }
}
