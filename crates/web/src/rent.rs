//! The operator's rent, on the web side: the operator's Stripe account as configured, the
//! e-mails of the rent (in the shop's language, linking its Billing page), and the job's turn
//! (`app::rent::run_due`, from the background loop).

use domain::locale::Lang;
use domain::money::{Money, EUR};
use store::outbox::EmailMessage;

use app::rent::{Notice, NoticeKind, Notices};

use crate::state::AppState;

/// The operator's account, when its keys are saved in the console.
pub async fn account(st: &AppState) -> Option<app::rent::Account> {
    match app::rent::account(&st.store, &st.payments.sealer, &st.config.stripe_api).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "rent: the operator's account");
            None
        }
    }
}

/// The shop's address for links in e-mails written without a request (a job): under the
/// platform's public address, which serves every shop, as the other jobs' e-mails link.
pub fn shop_root(st: &AppState, shop: &store::shop::Shop) -> String {
    format!(
        "{}/s/{}",
        st.config.public_url.trim_end_matches('/'),
        shop.slug
    )
}

/// Writes the rent's e-mails.
pub struct RentMail {
    st: AppState,
}

impl RentMail {
    pub fn new(st: &AppState) -> RentMail {
        RentMail { st: st.clone() }
    }
}

impl Notices for RentMail {
    fn write(&self, to: &str, n: &Notice<'_>) -> EmailMessage {
        let lang = Lang::parse(&n.shop.default_lang).unwrap_or(Lang::Fr);
        let root = shop_root(&self.st, n.shop);
        let brand = crate::mail::Brand::of(n.shop, &root);
        let mail = crate::mail::Mail {
            i18n: &self.st.i18n,
            lang,
            brand: &brand,
        };
        let link = format!("{root}/admin/billing");
        let amount = Money::new(n.amount_minor, EUR).format(lang);
        let date = chrono::DateTime::from_timestamp(n.suspend_on, 0)
            .map(|d| crate::gifts::long_date(lang, d.date_naive()))
            .unwrap_or_default();
        let reason = if n.reason.starts_with("rent-") {
            self.st.i18n.t(lang, &format!("err-{}", n.reason))
        } else {
            n.reason.to_string()
        };
        let (subject, body) = match n.kind {
            NoticeKind::Paid => ("email-rent-paid-subject", "email-rent-paid-body"),
            NoticeKind::Failed { n: 1 } => ("email-rent-failed-subject", "email-rent-failed-body"),
            NoticeKind::Failed { .. } => {
                ("email-rent-reminder-subject", "email-rent-reminder-body")
            }
            NoticeKind::Suspended => ("email-rent-suspended-subject", "email-rent-suspended-body"),
            NoticeKind::TrialEnding => ("email-rent-trial-subject", "email-rent-trial-body"),
        };
        mail.rent(
            to,
            subject,
            body,
            &[
                ("shop", n.shop.name.clone()),
                ("amount", amount),
                ("invoice", n.invoice.unwrap_or_default().to_string()),
                ("date", date),
                ("reason", reason),
                ("link", link.clone()),
            ],
            &link,
        )
    }
}

/// When this node last ran the rent's due work (seconds since the epoch).
static LAST_RUN: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
/// How often the rent's due work runs.
const EVERY_SECONDS: i64 = 600;

/// The rent's turn in the background loop: every ten minutes, renewals, reminders and
/// suspensions due (see `app::rent`).
pub async fn tick(st: &AppState, now: i64) -> anyhow::Result<()> {
    use std::sync::atomic::Ordering;
    if now - LAST_RUN.load(Ordering::Relaxed) < EVERY_SECONDS {
        return Ok(());
    }
    LAST_RUN.store(now, Ordering::Relaxed);
    let account = account(st).await;
    let changed = app::rent::run_due(&st.store, account.as_ref(), &RentMail::new(st), now).await?;
    if changed > 0 {
        // Suspended shops: their storefronts say so at once on this node.
        st.shops.clear();
        tracing::info!(count = changed, "shops suspended for unpaid rent");
    }
    Ok(())
}
