//! Prices in a shopper's currency: the rates a shop shows estimates at (its own, and the
//! operator's for the other currencies when it chose so), and saving them. Orders are always
//! charged and invoiced in the shop's currency; an amount in another currency is an estimate,
//! converted by `domain::exchange::convert`.

use domain::exchange::{convert, cross_rate, parse_rates, Rate};
use domain::money::{Currency, Money};
use domain::ValidationError;
use store::id::ShopId;
use store::{Conn, Store};

use crate::{Error, Result};

/// The platform setting holding the operator's rates, per euro (JSON).
const PLATFORM_KEY: &str = "fx_rates_per_eur";

/// A rate a shop shows estimates at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownRate {
    pub currency: Currency,
    pub rate_micro: i64,
    /// YYYY-MM-DD.
    pub as_of: String,
}

impl ShownRate {
    /// `amount_minor` of the shop's currency `from` at this rate.
    pub fn estimate(&self, amount_minor: i64, from: Currency) -> Money {
        Money::new(
            convert(amount_minor, from, self.currency, self.rate_micro),
            self.currency,
        )
    }
}

fn stored(rates: &[Rate]) -> Vec<store::exchange::Rate> {
    rates
        .iter()
        .map(|r| store::exchange::Rate {
            currency: r.currency.as_str().to_string(),
            rate_micro: r.rate_micro,
            as_of: r.as_of.format("%Y-%m-%d").to_string(),
        })
        .collect()
}

fn shown(r: &store::exchange::Rate) -> Option<ShownRate> {
    Some(ShownRate {
        currency: Currency::parse(&r.currency).ok()?,
        rate_micro: r.rate_micro,
        as_of: r.as_of.clone(),
    })
}

/// The operator's rates, per euro.
pub async fn platform_rates(conn: &mut Conn) -> Result<Vec<store::exchange::Rate>> {
    Ok(store::settings::get(conn, PLATFORM_KEY)
        .await?
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

/// Saves the operator's rates (rows as typed: currency, rate per euro, date); the problems by
/// row and field otherwise. Every shop's cached pages carry the rates they use: all move on.
pub async fn save_platform_rates(
    store: &Store,
    rows: &[(String, String, String)],
    today: chrono::NaiveDate,
) -> Result<std::result::Result<(), Vec<(usize, &'static str, ValidationError)>>> {
    let rates = match parse_rates(Currency::EUR, rows, today) {
        Ok(r) => r,
        Err(problems) => return Ok(Err(problems)),
    };
    let json = serde_json::to_string(&stored(&rates)).unwrap_or_else(|_| "[]".into());
    let mut tx = store.begin().await?;
    store::settings::set(&mut tx, PLATFORM_KEY, &json).await?;
    store::commit(tx).await?;
    Ok(Ok(()))
}

/// Saves a shop's own rates (rows as typed) and whether it uses the operator's for the other
/// currencies; the problems by row and field otherwise.
pub async fn save_shop_rates(
    store: &Store,
    shop: &store::shop::Shop,
    rows: &[(String, String, String)],
    use_platform: bool,
    today: chrono::NaiveDate,
) -> Result<std::result::Result<(), Vec<(usize, &'static str, ValidationError)>>> {
    let base = Currency::parse(&shop.currency).map_err(Error::Refused)?;
    let rates = match parse_rates(base, rows, today) {
        Ok(r) => r,
        Err(problems) => return Ok(Err(problems)),
    };
    let mut tx = store.begin().await?;
    store::exchange::replace(&mut tx, shop.sid(), &stored(&rates)).await?;
    store::exchange::set_uses_platform_rates(&mut tx, shop.sid(), use_platform).await?;
    store::commit(tx).await?;
    Ok(Ok(()))
}

/// The rates a shop shows estimates at, by currency code: its own, then (when it chose so) the
/// operator's for the currencies it has none of, crossed through the euro for a shop that does
/// not sell in euros.
pub async fn shown_rates(
    conn: &mut Conn,
    shop_id: ShopId,
    shop_currency: &str,
) -> Result<Vec<ShownRate>> {
    let Ok(base) = Currency::parse(shop_currency) else {
        return Ok(Vec::new());
    };
    let mut out: Vec<ShownRate> = store::exchange::rates(conn, shop_id)
        .await?
        .iter()
        .filter_map(shown)
        .filter(|r| r.currency != base)
        .collect();
    if store::exchange::uses_platform_rates(conn, shop_id).await? {
        let per_eur: Vec<ShownRate> = platform_rates(conn)
            .await?
            .iter()
            .filter_map(shown)
            .collect();
        let eur_to_base = if base == Currency::EUR {
            Some(domain::exchange::RATE_SCALE)
        } else {
            per_eur
                .iter()
                .find(|r| r.currency == base)
                .map(|r| r.rate_micro)
        };
        if let Some(eur_to_base) = eur_to_base {
            let mut extra: Vec<ShownRate> = Vec::new();
            // The euro itself, for a shop in another currency.
            if base != Currency::EUR {
                let as_of = per_eur
                    .iter()
                    .find(|r| r.currency == base)
                    .map(|r| r.as_of.clone())
                    .unwrap_or_default();
                if let Some(rate_micro) = cross_rate(eur_to_base, domain::exchange::RATE_SCALE) {
                    extra.push(ShownRate {
                        currency: Currency::EUR,
                        rate_micro,
                        as_of,
                    });
                }
            }
            for r in per_eur.iter().filter(|r| r.currency != base) {
                if let Some(rate_micro) = cross_rate(eur_to_base, r.rate_micro) {
                    extra.push(ShownRate {
                        currency: r.currency,
                        rate_micro,
                        as_of: r.as_of.clone(),
                    });
                }
            }
            for r in extra {
                if rate_ok(&r) && !out.iter().any(|o| o.currency == r.currency) {
                    out.push(r);
                }
            }
        }
    }
    out.sort_by_key(|r| r.currency);
    Ok(out)
}

fn rate_ok(r: &ShownRate) -> bool {
    r.rate_micro > 0 && r.rate_micro <= domain::exchange::RATE_MAX
}

/// The rate for `code` among `rates` (a shopper's choice, from a cookie): none for an unknown
/// or unoffered currency.
pub fn pick<'a>(rates: &'a [ShownRate], code: Option<&str>) -> Option<&'a ShownRate> {
    let c = Currency::parse(code?).ok()?;
    rates.iter().find(|r| r.currency == c)
}
