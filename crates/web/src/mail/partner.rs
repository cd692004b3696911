//! The e-mails of partnerships between shops: to the owners of a shop invited to partner, and
//! to the owners of the shop whose invitation was accepted. Each is written in the language of
//! the shop it goes to, links its partners page, and quotes the invitation's words.

use domain::locale::Lang;
use store::outbox::EmailMessage;

use super::{Block, Brand, Mail};
use crate::state::AppState;

/// Writes the e-mail about a partnership to one of the owners of the shop told.
pub(crate) fn partner_notice(
    st: &AppState,
) -> impl Fn(&app::partner::Notice<'_>) -> EmailMessage + '_ {
    move |n| {
        let lang = Lang::parse(&n.to.default_lang).unwrap_or(Lang::Fr);
        let root = crate::rent::shop_root(st, n.to);
        let brand = Brand::of(n.to, &root);
        let mail = Mail {
            i18n: &st.i18n,
            lang,
            brand: &brand,
        };
        let link = format!("{root}/admin/partners");
        let args = [
            ("shop", n.from.name.clone()),
            (
                "address",
                format!("{}/", crate::rent::shop_root(st, n.from)),
            ),
            ("platform", st.config.platform_name.clone()),
            ("link", link.clone()),
        ];
        let (subject, body) = if n.accepted {
            (
                "email-partner-accepted-subject",
                "email-partner-accepted-body",
            )
        } else {
            (
                "email-partner-invited-subject",
                "email-partner-invited-body",
            )
        };
        let mut blocks = vec![Block::Text(st.i18n.ta(lang, body, &args))];
        if !n.message.is_empty() {
            let quoted: Vec<String> = n.message.lines().map(|l| format!("  {l}")).collect();
            blocks.push(Block::Text(format!(
                "{}\n{}",
                st.i18n.ta(lang, "email-partner-message", &args),
                quoted.join("\n")
            )));
        }
        mail.letter(
            st.i18n.ta(lang, subject, &args),
            blocks,
            &[(&link, "email-button-partners")],
        )
        .message(n.email)
    }
}
