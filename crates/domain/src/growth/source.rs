//! Where customers come from: a visit's source read from its address (UTM parameters, an ad's
//! click id) and from the page that linked to it, and the order that follows credited to the
//! last source that brought the shopper within the seller's window ("last touch").
//!
//! Nothing here identifies a person. A source is a channel, a name (the search engine, the
//! site, the campaign's `utm_source`) and a campaign: the same for everyone who came the same
//! way. The browser keeps the last one, with the day it brought them, in a first-party cookie
//! that holds only that (see [`Touch::encode`]), so that the shop's own statistics can count
//! the orders each source brought: the audience measurement the CNIL exempts from consent
//! (first party, the shop's statistics only, no identifier, at most [`COOKIE_DAYS`]).

keyword_enum! {
    /// The kind of place a visit came from.
    pub enum Channel: "source-channel-unknown" {
        /// Typed, bookmarked, or from an app that sends no address.
        Direct => "direct",
        /// A search engine's results.
        Search => "search",
        /// A social network.
        Social => "social",
        /// The platform's mall (its home, directory and search across shops).
        Mall => "mall",
        /// A partner shop's link (`utm_medium=partner`).
        Partner => "partner",
        /// An affiliate's link (`utm_medium=affiliate`).
        Affiliate => "affiliate",
        /// A discussion forum (`utm_medium=forum`).
        Forum => "forum",
        /// A newsletter or an e-mail (`utm_medium=email` or `newsletter`).
        Newsletter => "newsletter",
        /// A paid advertisement (`utm_medium=cpc`, or an ad's click id).
        Ads => "ads",
        /// Any other tagged campaign.
        Campaign => "campaign",
        /// A link on another site.
        Site => "site",
    }
}

/// The longest name or campaign kept (longer ones are cut).
pub const NAME_MAX: usize = 60;
/// How long the browser keeps the last source, whatever the seller's window.
pub const COOKIE_DAYS: i64 = 90;
/// The seller's window: an order is credited to a source that brought the shopper at most
/// this many days before (inclusive bounds; 30 by default).
pub const WINDOW_MIN: i64 = 1;
pub const WINDOW_MAX: i64 = COOKIE_DAYS;
pub const WINDOW_DEFAULT: i64 = 30;

/// Where a visit or an order came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Source {
    pub channel: Channel,
    /// The search engine, network, site or `utm_source` (empty for direct visits).
    pub name: String,
    /// The `utm_campaign` (often empty).
    pub campaign: String,
}

impl Source {
    pub fn direct() -> Source {
        Source {
            channel: Channel::Direct,
            name: String::new(),
            campaign: String::new(),
        }
    }

    pub(crate) fn new(channel: Channel, name: &str, campaign: &str) -> Source {
        Source {
            channel,
            name: clean(name),
            campaign: clean(campaign),
        }
    }
}

impl PartialOrd for Channel {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Channel {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// A name or campaign as kept: lower case, letters, digits, `.`, `_` and `-` (anything else
/// becomes `-`), at most [`NAME_MAX`] characters. What anyone may type in an address ends up
/// in the seller's statistics and spreadsheet: it is kept to plain words.
pub fn clean(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.trim().chars() {
        if out.len() >= NAME_MAX {
            break;
        }
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// What a request for a page says about where it came from.
#[derive(Debug, Default, Clone, Copy)]
pub struct Landing<'a> {
    pub utm_source: Option<&'a str>,
    pub utm_medium: Option<&'a str>,
    pub utm_campaign: Option<&'a str>,
    /// An ad's click id was in the address: `gclid` (Google Ads), `msclkid` (Microsoft Ads),
    /// `fbclid` (a link followed from Facebook or Instagram).
    pub click: Option<Click>,
    /// The `Referer` header, as sent.
    pub referrer: Option<&'a str>,
    /// The host (with its port) the page was asked from, and the shop's path on it ("" when the
    /// shop has the host to itself, "/s/slug" on the platform's host).
    pub host: &'a str,
    pub base: &'a str,
    /// The platform's own host, where the mall lives (none when unknown).
    pub platform_host: Option<&'a str>,
    /// The domain under which shops have their subdomains (`slug.vitrine.fr`).
    pub platform_domain: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Click {
    Google,
    Microsoft,
    Facebook,
}

/// What a page request is, for the shop's statistics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arrival {
    /// A page reached from another page of the same shop: not a new visit.
    Internal,
    /// A new visit, and where it came from.
    Visit(Source),
}

/// Search engines, by a part of their host.
const SEARCH: &[(&str, &str)] = &[
    ("google.", "google"),
    ("bing.com", "bing"),
    ("duckduckgo.com", "duckduckgo"),
    ("qwant.com", "qwant"),
    ("ecosia.org", "ecosia"),
    ("search.yahoo.", "yahoo"),
    ("yandex.", "yandex"),
    ("baidu.com", "baidu"),
    ("startpage.com", "startpage"),
    ("search.brave.com", "brave"),
    ("lilo.org", "lilo"),
    ("search.lilo.org", "lilo"),
];

/// Social networks, by a part of their host.
const SOCIAL: &[(&str, &str)] = &[
    ("facebook.com", "facebook"),
    ("fb.me", "facebook"),
    ("instagram.com", "instagram"),
    ("t.co", "twitter"),
    ("twitter.com", "twitter"),
    ("x.com", "twitter"),
    ("pinterest.", "pinterest"),
    ("pin.it", "pinterest"),
    ("linkedin.com", "linkedin"),
    ("lnkd.in", "linkedin"),
    ("youtube.com", "youtube"),
    ("youtu.be", "youtube"),
    ("tiktok.com", "tiktok"),
    ("reddit.com", "reddit"),
    ("threads.net", "threads"),
    ("bsky.app", "bluesky"),
    ("mastodon.social", "mastodon"),
];

/// The host of a known site in `list` that `host` is (or is under), with the site's name.
fn known(host: &str, list: &[(&str, &'static str)]) -> Option<&'static str> {
    list.iter().find_map(|(part, name)| {
        let hit = if part.ends_with('.') {
            // "google." matches google.fr, www.google.co.uk, but not notgoogle.fr.
            host.starts_with(part) || host.contains(&format!(".{part}"))
        } else {
            host == *part || host.ends_with(&format!(".{part}"))
        };
        hit.then_some(*name)
    })
}

/// The channel a campaign's `utm_medium` names.
fn medium_channel(medium: &str) -> Channel {
    match clean(medium).as_str() {
        "email" | "e-mail" | "mail" | "newsletter" => Channel::Newsletter,
        "cpc" | "ppc" | "paid" | "paidsearch" | "paid-search" | "ads" | "display" | "cpm" => {
            Channel::Ads
        }
        "social" | "social-network" | "social-media" | "paid-social" => Channel::Social,
        "forum" => Channel::Forum,
        "partner" | "partenaire" | "partnership" => Channel::Partner,
        "affiliate" | "affiliation" | "affilie" => Channel::Affiliate,
        "organic" => Channel::Search,
        "referral" => Channel::Site,
        _ => Channel::Campaign,
    }
}

/// `scheme://authority/path` split into its authority (lower case) and path; an app's address
/// (`android-app://com.example.app/…`) is the app's package, kept whole with a `/` so that no
/// web host's rule matches it.
fn split_url(url: &str) -> Option<(String, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        let app = rest
            .split('/')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        return (!app.is_empty()).then(|| (format!("app/{app}"), ""));
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    if authority.is_empty() {
        return None;
    }
    let path = rest[end..].split(['?', '#']).next().unwrap_or("");
    Some((authority.to_ascii_lowercase(), path))
}

/// Where a page request came from, or that it is a step inside the shop.
pub fn arrival(l: &Landing) -> Arrival {
    let host = l.host.to_ascii_lowercase();
    let from = l.referrer.and_then(split_url);
    if let Some((authority, path)) = &from {
        let inside = if l.base.is_empty() {
            true
        } else {
            path.starts_with(&format!("{}/", l.base)) || *path == l.base
        };
        if *authority == host && inside {
            return Arrival::Internal;
        }
    }
    if let Some(utm) = l.utm_source.filter(|s| !clean(s).is_empty()) {
        let channel = l.utm_medium.map_or(Channel::Campaign, medium_channel);
        return Arrival::Visit(Source::new(
            channel,
            utm,
            l.utm_campaign.unwrap_or_default(),
        ));
    }
    match l.click {
        Some(Click::Google) => return Arrival::Visit(Source::new(Channel::Ads, "google", "")),
        Some(Click::Microsoft) => return Arrival::Visit(Source::new(Channel::Ads, "bing", "")),
        Some(Click::Facebook) => {
            return Arrival::Visit(Source::new(Channel::Social, "facebook", ""))
        }
        None => {}
    }
    let Some((authority, path)) = from else {
        return Arrival::Visit(Source::direct());
    };
    let bare = authority.split(':').next().unwrap_or(&authority);
    let bare = bare.strip_prefix("www.").unwrap_or(bare);
    let platform = l.platform_host.map(str::to_ascii_lowercase);
    if platform.as_deref() == Some(authority.as_str()) || authority == host {
        // The platform's host: another shop's pages (`/s/other/…`) or the mall's.
        if let Some(other) = path.strip_prefix("/s/") {
            let slug = other.split('/').next().unwrap_or_default();
            return Arrival::Visit(Source::new(Channel::Site, slug, ""));
        }
        return Arrival::Visit(Source::new(Channel::Mall, bare, ""));
    }
    if let Some(domain) = l.platform_domain {
        if let Some(sub) = bare.strip_suffix(&format!(".{}", domain.to_ascii_lowercase())) {
            // Another shop on the platform, on its own subdomain.
            return Arrival::Visit(Source::new(Channel::Site, sub, ""));
        }
    }
    if let Some(app) = bare.strip_prefix("app/") {
        // The Google app opens results with its own address.
        if app == "com.google.android.googlequicksearchbox" {
            return Arrival::Visit(Source::new(Channel::Search, "google", ""));
        }
        return Arrival::Visit(Source::new(Channel::Site, app, ""));
    }
    if let Some(name) = known(bare, SEARCH) {
        return Arrival::Visit(Source::new(Channel::Search, name, ""));
    }
    if let Some(name) = known(bare, SOCIAL) {
        return Arrival::Visit(Source::new(Channel::Social, name, ""));
    }
    Arrival::Visit(Source::new(Channel::Site, bare, ""))
}

/// The last source that brought a shopper, and the day it did (days since 1970-01-01 on the
/// shop's calendar), as the browser keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touch {
    pub source: Source,
    pub day: i64,
}

impl Touch {
    /// The cookie's text: `channel|name|campaign|day`, every part plain words (see [`clean`]).
    pub fn encode(&self) -> String {
        format!(
            "{}|{}|{}|{}",
            self.source.channel.as_str(),
            self.source.name,
            self.source.campaign,
            self.day
        )
    }

    /// Reads what [`Touch::encode`] wrote; anything else is none.
    pub fn decode(text: &str) -> Option<Touch> {
        let mut parts = text.split('|');
        let channel = Channel::parse(parts.next()?).ok()?;
        let name = parts.next()?;
        let campaign = parts.next()?;
        let day = parts.next()?.parse().ok()?;
        if parts.next().is_some() || clean(name) != name || clean(campaign) != campaign {
            return None;
        }
        Some(Touch {
            source: Source {
                channel,
                name: name.to_string(),
                campaign: campaign.to_string(),
            },
            day,
        })
    }
}

/// Whether a visit's source replaces the one the browser keeps: any source but a direct visit
/// does (the last touch that was a choice of the shopper's: a bookmark or a typed address
/// afterwards does not take the credit from the link that brought them).
pub fn replaces(source: &Source) -> bool {
    source.channel != Channel::Direct
}

/// The source an order placed on `today` is credited to: the last touch, when it is within the
/// seller's window of `window_days` days; a direct order otherwise.
pub fn credited(touch: Option<&Touch>, today: i64, window_days: i64) -> Source {
    match touch {
        Some(t) if t.day <= today && today - t.day <= window_days => t.source.clone(),
        _ => Source::direct(),
    }
}

/// The seller's attribution window as typed: a whole number of days within
/// [`WINDOW_MIN`]..=[`WINDOW_MAX`].
pub fn parse_window(input: &str) -> Result<i64, crate::ValidationError> {
    match input.trim().parse::<i64>() {
        Ok(days) if (WINDOW_MIN..=WINDOW_MAX).contains(&days) => Ok(days),
        _ => Err(crate::ValidationError::new("source-window-range")
            .with("min", WINDOW_MIN.to_string())
            .with("max", WINDOW_MAX.to_string())),
    }
}

pub const CODES: &[(&str, &[&str])] = &[
    ("source-channel-unknown", &["value"]),
    ("source-window-range", &["min", "max"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn landing<'a>(referrer: Option<&'a str>) -> Landing<'a> {
        Landing {
            referrer,
            host: "fromagerie.example",
            base: "",
            platform_host: Some("vitrine.example"),
            platform_domain: Some("vitrine.example"),
            ..Landing::default()
        }
    }

    fn visit(l: &Landing) -> (Channel, String, String) {
        match arrival(l) {
            Arrival::Visit(s) => (s.channel, s.name, s.campaign),
            Arrival::Internal => panic!("internal"),
        }
    }

    #[test]
    fn search_engines_and_networks_are_named() {
        let cases = [
            ("https://www.google.fr/", Channel::Search, "google"),
            (
                "https://www.google.co.uk/search?q=x",
                Channel::Search,
                "google",
            ),
            ("https://duckduckgo.com/", Channel::Search, "duckduckgo"),
            ("https://www.qwant.com/?q=tomme", Channel::Search, "qwant"),
            ("https://www.bing.com/", Channel::Search, "bing"),
            ("https://l.facebook.com/", Channel::Social, "facebook"),
            ("https://t.co/abc", Channel::Social, "twitter"),
            ("https://www.instagram.com/", Channel::Social, "instagram"),
            (
                "https://fr.pinterest.com/pin/1",
                Channel::Social,
                "pinterest",
            ),
            (
                "https://www.lesfromages.fr/article",
                Channel::Site,
                "lesfromages.fr",
            ),
            ("https://notgoogle.fr/", Channel::Site, "notgoogle.fr"),
            (
                "android-app://com.google.android.googlequicksearchbox/https/www.google.com",
                Channel::Search,
                "google",
            ),
            (
                "android-app://com.google.android.gm/",
                Channel::Site,
                "com.google.android.gm",
            ),
        ];
        for (referrer, channel, name) in cases {
            let (c, n, _) = visit(&landing(Some(referrer)));
            assert_eq!((c, n.as_str()), (channel, name), "{referrer}");
        }
    }

    #[test]
    fn a_step_inside_the_shop_is_no_visit_and_no_referrer_is_a_direct_one() {
        assert_eq!(
            arrival(&landing(Some("https://fromagerie.example/p/tomme"))),
            Arrival::Internal
        );
        assert_eq!(arrival(&landing(None)), Arrival::Visit(Source::direct()));
        // On the platform's host, the shop is /s/slug: another path there is the mall or
        // another shop.
        let mut l = landing(Some("http://127.0.0.1:8080/s/fromagerie/p/x"));
        l.host = "127.0.0.1:8080";
        l.base = "/s/fromagerie";
        l.platform_host = Some("127.0.0.1:8080");
        assert_eq!(arrival(&l), Arrival::Internal);
        l.referrer = Some("http://127.0.0.1:8080/search?q=tomme");
        assert_eq!(visit(&l).0, Channel::Mall);
        l.referrer = Some("http://127.0.0.1:8080/s/cave-a-vins/p/y");
        assert_eq!(visit(&l), (Channel::Site, "cave-a-vins".into(), "".into()));
        let sub = landing(Some("https://cave.vitrine.example/"));
        assert_eq!(visit(&sub), (Channel::Site, "cave".into(), "".into()));
    }

    #[test]
    fn a_campaign_names_itself_and_its_medium_its_channel() {
        let mut l = landing(Some("https://mail.google.com/"));
        l.utm_source = Some("Lettre d'Hiver");
        l.utm_medium = Some("email");
        l.utm_campaign = Some("noël 2026");
        assert_eq!(
            visit(&l),
            (
                Channel::Newsletter,
                "lettre-d-hiver".into(),
                "no-l-2026".into()
            )
        );
        l.utm_medium = Some("forum");
        assert_eq!(visit(&l).0, Channel::Forum);
        l.utm_medium = Some("partner");
        assert_eq!(visit(&l).0, Channel::Partner);
        l.utm_medium = None;
        assert_eq!(visit(&l).0, Channel::Campaign);
        let mut ad = landing(Some("https://www.google.com/"));
        ad.click = Some(Click::Google);
        assert_eq!(visit(&ad), (Channel::Ads, "google".into(), "".into()));
    }

    #[test]
    fn what_anyone_types_is_kept_to_plain_words() {
        assert_eq!(clean("=HYPERLINK(\"x\")"), "hyperlink-x");
        assert_eq!(clean("  Été|2026  "), "t-2026");
        assert_eq!(clean(&"a".repeat(200)).len(), NAME_MAX);
    }

    #[test]
    fn the_cookie_reads_back_and_refuses_anything_else() {
        let t = Touch {
            source: Source::new(Channel::Partner, "cave-a-vins", "noel"),
            day: 20_000,
        };
        assert_eq!(Touch::decode(&t.encode()), Some(t));
        for bad in [
            "",
            "partner|x|y",
            "nowhere|x||1",
            "partner|X Y||1",
            "partner|x||1|2",
            "partner|x||a",
        ] {
            assert_eq!(Touch::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_order_is_credited_within_the_window_only() {
        let t = Touch {
            source: Source::new(Channel::Search, "qwant", ""),
            day: 100,
        };
        assert_eq!(credited(Some(&t), 130, 30).channel, Channel::Search);
        assert_eq!(credited(Some(&t), 131, 30), Source::direct());
        assert_eq!(credited(Some(&t), 99, 30), Source::direct());
        assert_eq!(credited(None, 100, 30), Source::direct());
        for bad in ["0", "91", "sept", "", "7.5"] {
            assert!(parse_window(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_window(" 7 "), Ok(7));
    }
}
