//! The e-mails of interest tests: the link that confirms a request, the seller's news that a
//! test reached its goal, and the notice that the product is on sale (with a one-click
//! withdrawal, as RFC 8058 has mail clients offer it).

use domain::locale::Lang;
use store::outbox::EmailMessage;

use super::{Brand, Mail};
use crate::state::AppState;
use crate::tenant::{lang_prefix, Tenant};

/// The address of request `id`'s page, in its language: `root` is the shop's address (origin
/// and base).
fn request_page(st: &AppState, t: &Tenant, root: &str, id: i64, lang: &str) -> String {
    let token = app::interest::token(&st.interest_key, t.id(), id);
    format!("{root}{}/interest/{token}", lang_prefix(&t.shop, lang))
}

/// Writes the e-mail that confirms a request, in the language it was asked in. `root`: the
/// shop's address (origin and base).
pub(crate) fn interest_confirmation<'a>(
    st: &'a AppState,
    t: &'a Tenant,
    root: &'a str,
) -> impl FnOnce(&app::interest::Asked<'_>) -> EmailMessage + 'a {
    move |a| {
        let r = a.request;
        let lang = Lang::parse(&r.lang).unwrap_or(Lang::Fr);
        let brand = Brand::of(&t.shop, root);
        let link = request_page(st, t, root, r.id, &r.lang);
        Mail {
            i18n: &st.i18n,
            lang,
            brand: &brand,
        }
        .msg(
            &r.email,
            "email-interest-confirm-subject",
            "email-interest-confirm-body",
            &[
                ("shop", t.shop.name.clone()),
                ("product", a.title.into()),
                ("link", link.clone()),
            ],
            &[(&link, "email-button-interest-confirm")],
        )
    }
}

/// Writes the seller's e-mail when a test reaches its goal, in the shop's language, linking
/// the admin's interest page `admin`.
pub(crate) fn interest_reached<'a>(
    st: &'a AppState,
    t: &'a Tenant,
    admin: &'a str,
) -> impl Fn(&app::interest::Reached<'_>) -> EmailMessage + 'a {
    move |r| {
        let lang = Lang::parse(&t.shop.default_lang).unwrap_or(Lang::Fr);
        let root = admin.trim_end_matches("/admin/interest");
        let brand = Brand::of(&t.shop, root);
        Mail {
            i18n: &st.i18n,
            lang,
            brand: &brand,
        }
        .msg(
            r.to,
            "email-interest-reached-subject",
            "email-interest-reached-body",
            &[
                ("product", r.title.into()),
                ("count", r.demand.confirmed.to_string()),
                ("goal", r.demand.goal.to_string()),
                ("link", admin.to_string()),
            ],
            &[(admin, "email-button-interest")],
        )
    }
}

/// Writes each notice that the product is on sale, in its request's language, linking the
/// product and carrying the one-click withdrawal. `root`: the shop's address.
pub(crate) fn interest_notice(
    st: &AppState,
    t: &Tenant,
    root: &str,
) -> impl Fn(&app::interest::OnSale<'_>) -> EmailMessage + Send + 'static {
    let shop = t.shop.clone();
    let tenant = t.clone();
    let st = st.clone();
    let root = root.trim_end_matches('/').to_string();
    move |n| {
        let r = n.request;
        let lang = Lang::parse(&r.lang).unwrap_or(Lang::Fr);
        let brand = Brand::of(&shop, &root);
        let page = request_page(&st, &tenant, &root, r.id, &r.lang);
        let product = format!("{root}{}/p/{}", lang_prefix(&shop, &r.lang), n.slug);
        let mut msg = Mail {
            i18n: &st.i18n,
            lang,
            brand: &brand,
        }
        .msg(
            &r.email,
            "email-interest-on-sale-subject",
            "email-interest-on-sale-body",
            &[
                ("shop", shop.name.clone()),
                ("product", n.title.into()),
                ("product_url", product.clone()),
                ("link", page.clone()),
            ],
            &[
                (&product, "email-button-interest-product"),
                (&page, "email-button-interest-stop"),
            ],
        );
        msg.unsubscribe = Some(format!("{page}/unsubscribe"));
        msg
    }
}
