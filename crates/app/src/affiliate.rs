//! Affiliates (see `domain::growth::affiliate`): the seller's accounts for the sites that send
//! customers, saved from the admin form; what an order placed through one earns it
//! ([`credit`], called by `checkout::place_order` in the order's transaction); and the monthly
//! statement of each, for the seller (with its CSV) and for the affiliate on its secret page.

use chrono::{Datelike, NaiveDate, TimeZone as _};
use domain::account::Email;
use domain::growth::affiliate::{self as rules, NAME_MAX};
use domain::growth::source::{Channel, Source};
use domain::ValidationError;
use store::affiliate::{Affiliate, Earned, Fields};
use store::id::ShopId;
use store::shop::Shop;
use store::{Conn, Store, StoreError};

use crate::{Error, Result};

/// The form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct Input {
    pub name: String,
    pub email: String,
    pub code: String,
    /// "10", "7,5".
    pub rate: String,
    /// One of the shop's discount codes (a promotion's id); empty: none.
    pub promotion: String,
    pub active: bool,
}

/// The problems of a form, each with its field.
pub type Problems = Vec<(&'static str, ValidationError)>;

/// The form of a kept affiliate.
pub fn input_of(a: &Affiliate) -> Input {
    let rate = if a.rate_bp % 100 == 0 {
        (a.rate_bp / 100).to_string()
    } else {
        let cents = format!("{:02}", a.rate_bp % 100);
        format!("{}.{}", a.rate_bp / 100, cents.trim_end_matches('0'))
    };
    Input {
        name: a.name.clone(),
        email: a.email.clone(),
        code: a.code.clone(),
        rate,
        promotion: a.promotion_id.map(|p| p.to_string()).unwrap_or_default(),
        active: a.active != 0,
    }
}

/// Reads a form into the fields kept, with what is wrong with each field (those fields left
/// empty).
fn parse(input: &Input) -> (Fields, Problems) {
    let mut problems: Problems = Vec::new();
    let name = input.name.trim().to_string();
    if name.is_empty() || name.chars().count() > NAME_MAX || name.chars().any(char::is_control) {
        problems.push((
            "name",
            ValidationError::new("affiliate-name-invalid").with("max", NAME_MAX),
        ));
    }
    let email = match input.email.trim() {
        "" => String::new(),
        e => match Email::parse(e) {
            Ok(e) => e.as_str().to_string(),
            Err(err) => {
                problems.push(("email", err));
                String::new()
            }
        },
    };
    let code = rules::code(&input.code).unwrap_or_else(|e| {
        problems.push(("code", e));
        String::new()
    });
    let rate_bp = rules::rate(&input.rate).unwrap_or_else(|e| {
        problems.push(("rate", e));
        0
    });
    let promotion_id = match input.promotion.trim() {
        "" => None,
        p => match p.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                problems.push((
                    "promotion",
                    ValidationError::new("affiliate-promotion-code"),
                ));
                None
            }
        },
    };
    let fields = Fields {
        name,
        email,
        code,
        rate_bp,
        promotion_id,
        active: input.active,
    };
    (fields, problems)
}

/// Saves an affiliate from its form: a new one (`id` None) or the shop's affiliate `id`.
/// `Ok(Err(problems))` when the form is refused (nothing is saved); an affiliate the shop does
/// not have is [`StoreError::NotFound`].
pub async fn save(
    store: &Store,
    shop: &Shop,
    id: Option<i64>,
    input: &Input,
) -> Result<Result<Affiliate, Problems>> {
    let sid = shop.sid();
    let (fields, mut problems) = parse(input);
    let mut tx = store.begin().await?;
    store::guard::queue_on_shop(&mut tx, sid).await?;
    if let Some(id) = id {
        if store::affiliate::by_id(&mut tx, sid, id).await?.is_none() {
            return Err(StoreError::NotFound.into());
        }
    }
    // The shop's other affiliates: a link code and a discount code are one affiliate's each.
    let others: Vec<Affiliate> = store::affiliate::list(&mut tx, sid)
        .await?
        .into_iter()
        .filter(|a| Some(a.id) != id)
        .collect();
    if !fields.code.is_empty() && others.iter().any(|a| a.code == fields.code) {
        problems.push(("code", ValidationError::new("affiliate-code-taken")));
    }
    if let Some(p) = fields.promotion_id {
        let promotion = store::promotion::by_id(&mut tx, sid, p).await?;
        if promotion.is_none_or(|p| p.code.is_none()) {
            problems.push((
                "promotion",
                ValidationError::new("affiliate-promotion-code"),
            ));
        } else if others.iter().any(|a| a.promotion_id == Some(p))
            || store::partner::offered_to(&mut tx, sid, p).await?.is_some()
        {
            problems.push((
                "promotion",
                ValidationError::new("affiliate-promotion-taken"),
            ));
        }
    }
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let saved = match id {
        None => store::affiliate::insert(&mut tx, sid, &fields, store::now()).await?,
        Some(id) => {
            store::affiliate::update(&mut tx, sid, id, &fields).await?;
            store::affiliate::by_id(&mut tx, sid, id)
                .await?
                .ok_or(StoreError::NotFound)?
        }
    };
    tx.commit().await.map_err(StoreError::from)?;
    Ok(Ok(saved))
}

pub async fn list(store: &Store, shop: &Shop) -> Result<Vec<Affiliate>> {
    let mut conn = store.reader().await?;
    Ok(store::affiliate::list(&mut conn, shop.sid()).await?)
}

pub async fn get(store: &Store, shop: &Shop, id: i64) -> Result<Affiliate> {
    let mut conn = store.reader().await?;
    store::affiliate::by_id(&mut conn, shop.sid(), id)
        .await?
        .ok_or_else(|| StoreError::NotFound.into())
}

/// The affiliate whose statement page is `token` (none: no such page).
pub async fn by_token(store: &Store, shop: &Shop, token: &str) -> Result<Option<Affiliate>> {
    if !crate::cart::well_formed(token) {
        return Ok(None);
    }
    let mut conn = store.reader().await?;
    Ok(store::affiliate::by_token(&mut conn, shop.sid(), token).await?)
}

/// Whom an order is credited to when an affiliate brought it: its discount code was used
/// (`codes`: the order's promotions with a code; the order is then the affiliate's whatever
/// brought the shopper), or its link was the source credited. Returns the source to keep on the
/// order and the affiliate, whose commission [`record`] writes once the order is. Called in the
/// order's transaction.
pub(crate) async fn credited(
    conn: &mut Conn,
    shop: ShopId,
    source: Source,
    codes: &[(i64, &str)],
) -> Result<(Source, Option<Affiliate>)> {
    for (promotion, code) in codes {
        if let Some(a) = store::affiliate::by_promotion(conn, shop, *promotion).await? {
            return Ok((rules::code_source(&a.code, code), Some(a)));
        }
    }
    if source.channel == Channel::Affiliate {
        let a = store::affiliate::by_code(conn, shop, &source.name).await?;
        return Ok((source, a));
    }
    Ok((source, None))
}

/// Writes what order `order` earns affiliate `a`: its rate of the goods, VAT and delivery left
/// out (`tax`: the order's breakdown).
pub(crate) async fn record(
    conn: &mut Conn,
    shop: ShopId,
    order: i64,
    a: &Affiliate,
    tax: &domain::tax::TaxBreakdown,
    now: i64,
) -> Result<()> {
    let base = rules::base(tax);
    let c = store::affiliate::Commission {
        order_id: order,
        affiliate_id: a.id,
        rate_bp: a.rate_bp,
        base_minor: base,
        commission_minor: rules::commission(base, a.rate_bp),
    };
    store::affiliate::record(conn, shop, &c, now).await?;
    Ok(())
}

/// A month of an affiliate's statement (or of all affiliates', for the seller's list).
#[derive(Debug, Clone)]
pub struct Statement {
    /// The month's first day, on the shop's calendar.
    pub month: NaiveDate,
    pub orders: Vec<Earned>,
    pub base_minor: i64,
    pub commission_minor: i64,
}

/// Reads "2026-12" as a month; none: the current month on the shop's calendar.
pub fn month_of(text: Option<&str>, shop: &Shop, now: i64) -> Result<NaiveDate> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d")
            .map_err(|_| Error::Refused(ValidationError::new("affiliate-month-invalid"))),
        None => {
            let tz = crate::calendar::shop_tz(&shop.timezone);
            let today = tz
                .timestamp_opt(now, 0)
                .single()
                .map(|d| d.date_naive())
                .unwrap_or_default();
            Ok(today.with_day(1).unwrap_or(today))
        }
    }
}

/// The statement of `affiliate` (none: every affiliate's orders) for the month starting on
/// `month`, on the shop's calendar.
pub async fn statement(
    store: &Store,
    shop: &Shop,
    affiliate: Option<i64>,
    month: NaiveDate,
) -> Result<Statement> {
    let tz = crate::calendar::shop_tz(&shop.timezone);
    let start = |d: NaiveDate| {
        let midnight = d.and_hms_opt(0, 0, 0).expect("midnight exists");
        tz.from_local_datetime(&midnight)
            .earliest()
            .map_or_else(|| midnight.and_utc().timestamp(), |t| t.timestamp())
    };
    let next = month
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(month);
    let mut conn = store.reader().await?;
    let orders =
        store::affiliate::earned(&mut conn, shop.sid(), affiliate, start(month), start(next))
            .await?;
    Ok(Statement {
        month,
        base_minor: orders.iter().map(|o| o.base_minor).sum(),
        commission_minor: orders.iter().map(|o| o.commission_minor).sum(),
        orders,
    })
}
