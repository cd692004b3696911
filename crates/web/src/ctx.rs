//! The page context every template receives: language, messages, CSRF token, and the shop the
//! page belongs to (if any), built from the request in one place.

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{header, Extensions, HeaderMap};
use domain::locale::Lang;

use crate::cookies;
use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::i18n::{self, I18n};
use crate::state::AppState;
use crate::tenant::{PageLang, Tenant};

#[derive(Clone)]
pub struct ShopCtx {
    pub name: String,
    pub base: String,
    pub logo_url: Option<String>,
    pub theme_url: String,
    pub tagline: Option<String>,
    /// `base` followed by the page language's prefix: links inside the page stay in its language.
    pub root: String,
    /// The shop's rates for the currency picker (none: no picker).
    pub fx: Option<FxView>,
}

/// What storefront pages carry for showing estimates in other currencies: the same for every
/// visitor, so they stay in the cached HTML; `fx.js` reads them with the shopper's choice.
#[derive(Clone)]
pub struct FxView {
    /// The shop's currency.
    pub base: String,
    /// `{"units":2,"rates":[["GBP",850000,2,"2026-12-01"],…]}`, escaped for a `<script>`.
    pub json: String,
    pub currencies: Vec<String>,
}

impl FxView {
    pub fn of(base: &str, rates: &[app::exchange::ShownRate]) -> Option<FxView> {
        let cur = domain::money::Currency::parse(base).ok()?;
        if rates.is_empty() {
            return None;
        }
        let list: Vec<serde_json::Value> = rates
            .iter()
            .map(|r| {
                serde_json::json!([
                    r.currency.as_str(),
                    r.rate_micro,
                    r.currency.minor_units(),
                    r.as_of
                ])
            })
            .collect();
        let json = serde_json::json!({"units": cur.minor_units(), "rates": list})
            .to_string()
            .replace('<', "\\u003c");
        Some(FxView {
            base: cur.as_str().to_string(),
            json,
            currencies: rates
                .iter()
                .map(|r| r.currency.as_str().to_string())
                .collect(),
        })
    }
}

/// The cookie `fx.js` keeps the shopper's currency in.
pub const FX_COOKIE: &str = "vitrine_currency";

#[derive(Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub i18n: I18n,
    pub csrf: CsrfToken,
    /// The current path and query, for "switch language and come back".
    pub here: String,
    pub platform_name: String,
    pub langs: Vec<Lang>,
    pub shop: Option<ShopCtx>,
    /// On a storefront page: the same page in each of the shop's languages.
    pub switch: Vec<(Lang, String)>,
    /// The currency the shopper picked for estimates (cookie), which only the pages that are
    /// never cached (cart, checkout) may read: cached pages are the same for everyone.
    pub currency_choice: Option<String>,
}

impl Ctx {
    pub fn t(&self, id: &str) -> String {
        self.i18n.t(self.lang, id)
    }
    pub fn t1(&self, id: &str, name: &str, value: &str) -> String {
        self.i18n.ta(self.lang, id, &[(name, value.to_string())])
    }
    pub fn err(&self, e: &domain::ValidationError) -> String {
        self.i18n.error(self.lang, e)
    }
    /// A message with several arguments.
    pub fn ta(&self, id: &str, args: &[(&str, String)]) -> String {
        self.i18n.ta(self.lang, id, args)
    }
    pub fn lang_code(&self) -> &'static str {
        self.lang.as_str()
    }
    /// Link to switch to `lang` and come back here.
    pub fn lang_link(&self, lang: &Lang) -> String {
        if let Some((_, href)) = self.switch.iter().find(|(l, _)| l == lang) {
            return href.clone();
        }
        let base = self.shop.as_ref().map(|s| s.base.as_str()).unwrap_or("");
        format!(
            "{base}/lang/{}?next={}",
            lang.as_str(),
            urlencode(&self.here)
        )
    }
    pub fn is_current(&self, lang: &Lang) -> bool {
        *lang == self.lang
    }
    pub fn base(&self) -> &str {
        self.shop.as_ref().map(|s| s.base.as_str()).unwrap_or("")
    }
    pub fn asset(&self, name: &str) -> String {
        crate::assets::url(name)
    }
    /// The shop's root in the page's language (empty outside a shop).
    pub fn shop_root(&self) -> &str {
        self.shop.as_ref().map_or("", |s| s.root.as_str())
    }
}

pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub fn shop_langs(shop: &store::shop::Shop) -> Vec<Lang> {
    app::shop_langs(shop)
}

/// The language a page is rendered in, among `langs` (the first is the default): a storefront
/// page's own language is in its address (`tenant::PageLang`, set before routing); other pages
/// follow the language cookie, then the browser's preference. The page cache keys on it, so it
/// must stay the only input that picks the language.
pub fn request_lang(extensions: &Extensions, headers: &HeaderMap, langs: &[Lang]) -> Lang {
    if let Some(page) = extensions.get::<PageLang>() {
        return page.lang;
    }
    let default = langs.first().copied().unwrap_or(Lang::Fr);
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let cookie = cookies::get(headers, cookies::LANG);
    i18n::choose(cookie.as_deref(), accept, langs, default)
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AppError> {
        let tenant = parts.extensions.get::<Tenant>().cloned();
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .unwrap_or_default();
        let here = parts
            .extensions
            .get::<OriginalUri>()
            .map(|u| u.0.clone())
            .unwrap_or_else(|| parts.uri.clone());
        let here = here
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        let langs = match &tenant {
            Some(t) => shop_langs(&t.shop),
            None => Lang::all().to_vec(),
        };
        // A storefront page's language is in its address (see `tenant::PageLang`).
        let page = parts.extensions.get::<PageLang>().cloned();
        let lang = request_lang(&parts.extensions, &parts.headers, &langs);
        let shop =
            match &tenant {
                None => None,
                Some(t) => {
                    let data = st.shop_data.get(&st.store, &t.shop).await?;
                    let tagline = data.tagline(lang.as_str(), &t.shop.default_lang);
                    let fx = FxView::of(&t.shop.currency, &data.rates);
                    Some(ShopCtx {
                        name: t.shop.name.clone(),
                        base: t.base.clone(),
                        logo_url: t.shop.logo_key.as_ref().map(|k| {
                            format!("{}/media/{}", t.base, k.rsplit('/').next().unwrap_or(k))
                        }),
                        theme_url: format!("{}/theme.css?v={}", t.base, t.shop.version),
                        tagline,
                        root: format!(
                            "{}{}",
                            t.base,
                            crate::tenant::lang_prefix(&t.shop, lang.as_str())
                        ),
                        fx,
                    })
                }
            };
        Ok(Ctx {
            lang,
            i18n: st.i18n.clone(),
            csrf,
            here,
            currency_choice: cookies::get(&parts.headers, FX_COOKIE),
            platform_name: st.config.platform_name.clone(),
            switch: match (&tenant, &page) {
                (Some(t), Some(p)) => langs
                    .iter()
                    .map(|l| {
                        let prefix = crate::tenant::lang_prefix(&t.shop, l.as_str());
                        (*l, format!("{}{prefix}{}", t.base, p.rest))
                    })
                    .collect(),
                _ => Vec::new(),
            },
            langs,
            shop,
        })
    }
}
