//! Rate limits against password guessing and floods: sign-ins (per account and address, per
//! address, and per account from everywhere) and signups (per address, per e-mail address).
//!
//! An attempt is counted before the password is checked, in one statement that bumps and reads
//! the counter: parallel requests cannot all pass a check made before any of them was recorded.

use store::limits::{clear, hit, refund};

/// Sign-in counters run over this window.
pub const WINDOW_SECONDS: i64 = 15 * 60;
/// Password checks for one account from one address.
pub const PER_PAIR: i64 = 5;
/// Password checks from one address, whatever the account.
pub const PER_IP: i64 = 20;
/// Password checks for one account from everywhere. Reaching it pauses password sign-in for
/// the account and mails its holder a link to get in (see `admin::session::login`): strangers
/// spread over many addresses stay slow, and still cannot lock the holder out.
pub const PER_ACCOUNT: i64 = 50;

/// Signups from one address per hour: the default of `Config::signup_per_ip_hour`.
pub const SIGNUP_PER_IP_HOUR: u32 = 10;
/// Signups with one e-mail address per day.
pub const SIGNUP_PER_EMAIL_DAY: i64 = 3;

/// What to do with a sign-in attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Check the password.
    Allowed,
    /// Refuse without checking.
    Refused,
    /// Refuse: this attempt reached the account's ceiling (once per window), time to tell the
    /// account's holder.
    CeilingReached,
}

/// The counters one sign-in attempt (or a check of the current password) goes through.
pub struct Login {
    pair: String,
    ip: String,
    account: Option<String>,
}

impl Login {
    /// `account` names the account (`staff:{shop}:{email}`, `op:{email}`); with `ceiling`, the
    /// account's global ceiling applies too.
    pub fn new(account: &str, ip: &str, ceiling: bool) -> Login {
        Login {
            pair: format!("login:{account}|{ip}"),
            ip: format!("login-ip:{ip}"),
            account: ceiling.then(|| account_key(account)),
        }
    }

    /// Counts this attempt and says whether its password may be checked.
    pub async fn attempt(&self, st: &store::Store) -> store::Result<Verdict> {
        let mut tx = st.begin().await?;
        let pair = hit(&mut tx, &self.pair, WINDOW_SECONDS).await?;
        let ip = hit(&mut tx, &self.ip, WINDOW_SECONDS).await?;
        // Attempts refused by the address limits do not reach the account's counter: one
        // stranger's address cannot bring the account to its ceiling.
        let verdict = if pair > PER_PAIR || ip > PER_IP {
            Verdict::Refused
        } else if let Some(account) = &self.account {
            // Refusals stay counted here, so that exactly one attempt sees the ceiling reached.
            match hit(&mut tx, account, WINDOW_SECONDS).await? {
                n if n == PER_ACCOUNT + 1 => Verdict::CeilingReached,
                n if n > PER_ACCOUNT => Verdict::Refused,
                _ => Verdict::Allowed,
            }
        } else {
            Verdict::Allowed
        };
        if verdict != Verdict::Allowed {
            // A refused attempt checked no password: the address counters count checks only
            // (each refusal is taken back, so no more than the limit ever pass).
            refund(&mut tx, &self.pair).await?;
            refund(&mut tx, &self.ip).await?;
        }
        store::commit(tx).await?;
        Ok(verdict)
    }

    /// The password was right: this attempt was no guess.
    pub async fn succeeded(&self, conn: &mut store::Conn) -> store::Result<()> {
        clear(conn, &self.pair).await?;
        refund(conn, &self.ip).await?;
        if let Some(account) = &self.account {
            refund(conn, account).await?;
        }
        Ok(())
    }
}

fn account_key(account: &str) -> String {
    format!("login-account:{account}")
}

/// The account's holder proved who they are (a reset link): password sign-in opens again.
pub async fn release_account(conn: &mut store::Conn, account: &str) -> store::Result<()> {
    clear(conn, &account_key(account)).await
}

/// Counts a signup and says whether it may go ahead (`per_ip_hour` 0: no limit per address).
pub async fn signup(
    st: &store::Store,
    ip: &str,
    email: &str,
    per_ip_hour: u32,
) -> store::Result<bool> {
    let mut tx = st.begin().await?;
    let by_ip = hit(&mut tx, &format!("signup-ip:{ip}"), 3600).await?;
    let by_email = hit(&mut tx, &format!("signup-email:{email}"), 86400).await?;
    store::commit(tx).await?;
    Ok((per_ip_hour == 0 || by_ip <= i64::from(per_ip_hour)) && by_email <= SIGNUP_PER_EMAIL_DAY)
}

/// Counts a password-reset request from an address; false once it has asked too often.
pub async fn reset_request(conn: &mut store::Conn, ip: &str) -> store::Result<bool> {
    Ok(hit(conn, &format!("reset-ip:{ip}"), WINDOW_SECONDS).await? <= PER_IP)
}

/// Requests to be told of a coming-soon product (each sends a confirmation e-mail): from one
/// network address per hour, and to one e-mail address per day, across every shop.
pub const INTEREST_PER_IP_HOUR: i64 = 20;
pub const INTEREST_PER_EMAIL_DAY: i64 = 3;

/// Counts a request to be told and says whether it may go ahead: nobody makes the platform
/// write to an address again and again.
pub async fn interest(st: &store::Store, ip: &str, email: &str) -> store::Result<bool> {
    let mut tx = st.begin().await?;
    let by_ip = hit(&mut tx, &format!("interest-ip:{ip}"), 3600).await?;
    let by_email = hit(
        &mut tx,
        &format!("interest-email:{}", email.trim().to_lowercase()),
        86400,
    )
    .await?;
    store::commit(tx).await?;
    Ok(by_ip <= INTEREST_PER_IP_HOUR && by_email <= INTEREST_PER_EMAIL_DAY)
}

/// Customer accounts opened from one address per hour (a shop's customers sign up from many
/// addresses; one address opening dozens is a script).
pub const CUSTOMER_SIGNUP_PER_IP_HOUR: i64 = 20;

/// Counts a customer sign-up from an address; false once it has opened too many.
pub async fn customer_signup(st: &store::Store, ip: &str) -> store::Result<bool> {
    let mut tx = st.begin().await?;
    let n = hit(&mut tx, &format!("customer-signup-ip:{ip}"), 3600).await?;
    store::commit(tx).await?;
    Ok(n <= CUSTOMER_SIGNUP_PER_IP_HOUR)
}
