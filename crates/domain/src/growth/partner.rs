//! Partnerships between shops of the platform: one invites another, which accepts or declines;
//! once both agree, each shows an "our neighbours" block of the other's products it chose, and
//! each may offer the other's shoppers one of its discount codes (a co-offer). Every link of
//! the block says which shop it comes from (`utm_medium=partner`), and an order that uses a
//! co-offer is credited to the shop that advertised it.

use super::source::{Channel, Source};
use crate::ValidationError;

keyword_enum! {
    /// Where a partnership stands, as one of its two shops sees it.
    pub enum State: "partner-state-unknown" {
        /// This shop invited the other, which has not answered yet.
        Invited => "invited",
        /// The other shop invited this one.
        Asked => "asked",
        /// Both agreed.
        Active => "active",
        /// The other shop declined this shop's invitation.
        Declined => "declined",
    }
}

/// The most partnerships a shop may have or ask for at once: a neighbours block of more would
/// be a directory, and a shop cannot spam the whole platform with invitations.
pub const MAX_PARTNERS: i64 = 12;
/// The most products of one partner a shop shows.
pub const MAX_SHOWN: usize = 4;
/// The longest invitation message.
pub const MESSAGE_MAX: usize = 500;
/// The campaign of the neighbours block's links, as the partner's statistics show it.
pub const CAMPAIGN: &str = "neighbours";

/// The query a link of shop `from`'s neighbours block carries, so that the partner counts the
/// visit (and the orders that follow) under `from`.
pub fn link_query(from_slug: &str) -> String {
    format!("utm_source={from_slug}&utm_medium=partner&utm_campaign={CAMPAIGN}")
}

/// What an order that uses a partner's co-offer `code` is credited to: the partner that
/// advertised it (the code is the last thing that brought the shopper), its campaign the code.
pub fn co_offer_source(partner_slug: &str, code: &str) -> Source {
    Source::new(Channel::Partner, partner_slug, code)
}

/// An invitation's message: trimmed, at most [`MESSAGE_MAX`] characters, no control
/// characters but line breaks.
pub fn message(input: &str) -> Result<String, ValidationError> {
    let m = input.trim().replace("\r\n", "\n");
    if m.chars().count() > MESSAGE_MAX {
        return Err(ValidationError::new("partner-message-too-long").with("max", MESSAGE_MAX));
    }
    if m.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ValidationError::new("partner-message-invalid"));
    }
    Ok(m)
}

/// Which shop an invitation is for, as the seller typed it: its address on the platform
/// (`/s/{slug}`, `{slug}.{platform}`), its own domain, or its slug alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Slug(String),
    /// A host that is not the platform's: a shop's own domain.
    Domain(String),
}

/// Reads the shop an invitation is for. `platform_domain`: the platform's domain when shops
/// have subdomains of it.
pub fn target(input: &str, platform_domain: Option<&str>) -> Result<Target, ValidationError> {
    let raw = input.trim();
    if raw.is_empty() {
        return Err(ValidationError::new("partner-target-required"));
    }
    let rest = raw
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(raw)
        .trim_end_matches('/');
    let (host, path) = match rest.split_once('/') {
        Some((h, p)) => (h, p),
        None => (rest, ""),
    };
    let host = host.split(':').next().unwrap_or("").to_ascii_lowercase();
    if let Some(slug) = path.strip_prefix("s/") {
        let slug = slug.split(['/', '?', '#']).next().unwrap_or("");
        return slug_of(slug);
    }
    if !host.contains('.') && path.is_empty() && !rest.contains(':') {
        return slug_of(&host);
    }
    if let Some(d) = platform_domain {
        if let Some(sub) = host.strip_suffix(&format!(".{d}")) {
            if !sub.contains('.') {
                return slug_of(sub);
            }
        }
    }
    if host.contains('.') && host.len() <= 253 {
        return Ok(Target::Domain(host));
    }
    Err(ValidationError::new("partner-target-unknown"))
}

fn slug_of(text: &str) -> Result<Target, ValidationError> {
    crate::shop::Slug::parse(text)
        .map(|s| Target::Slug(s.as_str().to_string()))
        .map_err(|_| ValidationError::new("partner-target-unknown"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shop_is_named_by_any_of_its_addresses() {
        let slug = |s: &str| Ok(Target::Slug(s.to_string()));
        assert_eq!(target("cave-a-vins", None), slug("cave-a-vins"));
        assert_eq!(target("  Cave-A-Vins ", None), slug("cave-a-vins"));
        assert_eq!(
            target("http://localhost:8080/s/cave-a-vins/p/bourgogne", None),
            slug("cave-a-vins")
        );
        assert_eq!(
            target("https://vitrine.example/s/cave-a-vins", None),
            slug("cave-a-vins")
        );
        assert_eq!(
            target(
                "https://cave-a-vins.vitrine.example/",
                Some("vitrine.example")
            ),
            slug("cave-a-vins")
        );
        assert_eq!(
            target("https://www.cave.fr/p/x", Some("vitrine.example")),
            Ok(Target::Domain("www.cave.fr".into()))
        );
        assert_eq!(
            target("cave.fr", None),
            Ok(Target::Domain("cave.fr".into()))
        );
    }

    #[test]
    fn what_names_no_shop_is_refused() {
        for bad in ["", "   ", "a b c", "http://localhost:8080/", "x"] {
            assert!(target(bad, None).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn links_and_codes_credit_the_partner() {
        assert_eq!(
            link_query("fromagerie"),
            "utm_source=fromagerie&utm_medium=partner&utm_campaign=neighbours"
        );
        let s = co_offer_source("fromagerie", "VOISINS10");
        assert_eq!(s.channel, Channel::Partner);
        assert_eq!(s.name, "fromagerie");
        assert_eq!(s.campaign, "voisins10");
    }

    #[test]
    fn messages_are_bounded_plain_text() {
        assert_eq!(
            message("  Bonjour\r\nvoisins ").unwrap(),
            "Bonjour\nvoisins"
        );
        assert!(message(&"a".repeat(MESSAGE_MAX + 1)).is_err());
        assert!(message("a\u{7}b").is_err());
    }
}
