//! Promotions: the seller's discount codes and automatic promotions (saved from the admin form
//! or the API, checked by [`domain::growth::promotion::Terms`]), the code a shopper enters with
//! their cart, and what promotions take off a cart ([`offers`] then [`apply`]), which checkout
//! prices and [`crate::checkout::place_order`] records under the shop's lock.

use std::collections::HashSet;

use chrono::{NaiveDate, TimeZone as _};
use domain::catalog::Price;
use domain::growth::promotion::{self as rules, Applied, Benefit, Candidate, Terms};
use domain::money::Currency;
use domain::ValidationError;
use store::id::ShopId;
use store::promotion::{Fields, Promotion};
use store::shop::Shop;
use store::{Conn, Store};

use crate::cart::{Cart, Owner};
use crate::{Error, Result};

/// The longest name a promotion may have.
pub const NAME_MAX: usize = 80;

fn refused(code: &'static str) -> Error {
    Error::Refused(ValidationError::new(code))
}

/// A promotion's form, as typed (amounts in the shop's currency, dates on the shop's clock).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Input {
    pub name: String,
    /// Empty: an automatic promotion.
    pub code: String,
    pub benefit: String,
    /// "20", "12,5".
    pub percent: String,
    pub amount: String,
    pub buy: String,
    pub get: String,
    /// A category's id; empty: every product.
    pub category: String,
    pub min_subtotal: String,
    /// YYYY-MM-DD, the first and the last day (both included); empty: no limit.
    pub starts_on: String,
    pub ends_on: String,
    pub max_uses: String,
    pub per_customer: String,
    pub active: bool,
}

/// The problems of a form, each with its field.
pub type Problems = Vec<(&'static str, ValidationError)>;

/// The terms the rules read from a kept promotion.
pub fn terms_of(p: &Promotion) -> Terms {
    let u32_of = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
    Terms {
        benefit: Benefit::parse(&p.benefit).unwrap_or(Benefit::Percent),
        percent_bp: u32_of(p.percent_bp),
        amount_minor: p.amount_minor,
        buy: u32_of(p.buy_qty),
        get: u32_of(p.get_qty),
        min_subtotal_minor: p.min_subtotal_minor,
        starts_at: p.starts_at,
        ends_at: p.ends_at,
        max_uses: p.max_uses,
        per_customer: p.per_customer,
    }
}

/// The form of a kept promotion, for editing it.
pub fn input_of(p: &Promotion, currency: Currency, timezone: &str) -> Input {
    let tz = crate::calendar::shop_tz(timezone);
    let day = |at: i64| {
        tz.timestamp_opt(at, 0)
            .single()
            .map(|d| d.date_naive().to_string())
            .unwrap_or_default()
    };
    let amount = |minor: i64| {
        if minor == 0 {
            return String::new();
        }
        let digits = u32::from(currency.minor_units());
        let scale = 10i64.pow(digits);
        if digits == 0 {
            minor.to_string()
        } else {
            format!(
                "{}.{:0width$}",
                minor / scale,
                minor % scale,
                width = digits as usize
            )
        }
    };
    let percent = if p.percent_bp % 100 == 0 {
        (p.percent_bp / 100).to_string()
    } else {
        format!("{}.{:02}", p.percent_bp / 100, p.percent_bp % 100)
    };
    let count = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    Input {
        name: p.name.clone(),
        code: p.code.clone().unwrap_or_default(),
        benefit: p.benefit.clone(),
        percent: if p.percent_bp > 0 {
            percent
        } else {
            String::new()
        },
        amount: amount(p.amount_minor),
        buy: if p.buy_qty > 0 {
            p.buy_qty.to_string()
        } else {
            String::new()
        },
        get: if p.get_qty > 0 {
            p.get_qty.to_string()
        } else {
            String::new()
        },
        category: p.category_id.map(|c| c.to_string()).unwrap_or_default(),
        min_subtotal: amount(p.min_subtotal_minor),
        starts_on: p.starts_at.map(day).unwrap_or_default(),
        // The last day included: the day before the (excluded) end.
        ends_on: p.ends_at.map(|e| day(e - 1)).unwrap_or_default(),
        max_uses: count(p.max_uses),
        per_customer: count(p.per_customer),
        active: p.active != 0,
    }
}

/// Reads a form into the fields kept, or says what is wrong with each field.
pub fn parse(input: &Input, currency: Currency, timezone: &str) -> Result<Fields, Problems> {
    let mut problems: Problems = Vec::new();
    let name = input.name.trim().to_string();
    if name.is_empty() {
        problems.push(("name", ValidationError::new("promotion-name-required")));
    } else if name.chars().count() > NAME_MAX || name.chars().any(char::is_control) {
        problems.push((
            "name",
            ValidationError::new("promotion-name-too-long").with("max", NAME_MAX),
        ));
    }
    let code = if input.code.trim().is_empty() {
        None
    } else {
        match rules::normalise_code(&input.code) {
            Ok(c) => Some(c),
            Err(e) => {
                problems.push(("code", e));
                None
            }
        }
    };
    let benefit = match Benefit::parse(&input.benefit) {
        Ok(b) => b,
        Err(e) => {
            problems.push(("benefit", e));
            Benefit::Percent
        }
    };
    // A percentage reads like an amount with two decimals: "12,5" is 1250 basis points.
    let hundredths = Currency::EUR;
    let mut number = |field: &'static str, text: &str, cur: Currency, needed: bool| -> i64 {
        if text.trim().is_empty() {
            if needed {
                problems.push((field, ValidationError::new("promotion-field-required")));
            }
            return 0;
        }
        match Price::parse(text, cur) {
            Ok(n) => n,
            Err(e) => {
                problems.push((field, e));
                0
            }
        }
    };
    let uses_percent = matches!(benefit, Benefit::Percent | Benefit::BuyXGetY);
    let percent_bp = number("percent", &input.percent, hundredths, uses_percent);
    let amount_minor = number(
        "amount",
        &input.amount,
        currency,
        benefit == Benefit::Amount,
    );
    let min_subtotal_minor = number("min_subtotal", &input.min_subtotal, currency, false);
    let mut count = |field: &'static str, text: &str, needed: bool| -> Option<i64> {
        let t = text.trim();
        if t.is_empty() {
            if needed {
                problems.push((field, ValidationError::new("promotion-field-required")));
            }
            return None;
        }
        match t.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                problems.push((field, ValidationError::new("promotion-limit-positive")));
                None
            }
        }
    };
    let bxgy = benefit == Benefit::BuyXGetY;
    let buy_qty = count("buy", &input.buy, bxgy).unwrap_or(0);
    let get_qty = count("get", &input.get, bxgy).unwrap_or(0);
    let max_uses = count("max_uses", &input.max_uses, false);
    let per_customer = count("per_customer", &input.per_customer, false);
    let tz = crate::calendar::shop_tz(timezone);
    let mut day_start = |field: &'static str, text: &str, after: i64| -> Option<i64> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            Ok(d) => {
                let d = d + chrono::Days::new(after as u64);
                let midnight = d.and_hms_opt(0, 0, 0).expect("midnight exists");
                Some(
                    tz.from_local_datetime(&midnight)
                        .earliest()
                        .map_or_else(|| midnight.and_utc().timestamp(), |t| t.timestamp()),
                )
            }
            Err(_) => {
                problems.push((field, ValidationError::new("promotion-date-invalid")));
                None
            }
        }
    };
    let starts_at = day_start("starts_on", &input.starts_on, 0);
    // The last day is included: the promotion ends at the next day's midnight.
    let ends_at = day_start("ends_on", &input.ends_on, 1);
    let category_id = match input.category.trim() {
        "" => None,
        c => match c.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                problems.push(("category", ValidationError::new("promotion-category-gone")));
                None
            }
        },
    };
    let terms = Terms {
        benefit,
        percent_bp: u32::try_from(percent_bp).unwrap_or(u32::MAX),
        amount_minor,
        buy: u32::try_from(buy_qty).unwrap_or(u32::MAX),
        get: u32::try_from(get_qty).unwrap_or(u32::MAX),
        min_subtotal_minor,
        starts_at,
        ends_at,
        max_uses,
        per_customer,
    };
    for (field, e) in terms.problems() {
        if !problems.iter().any(|(f, _)| *f == field) {
            problems.push((field, e));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Fields {
        name,
        code,
        benefit: benefit.as_str().to_string(),
        percent_bp: if uses_percent { percent_bp } else { 0 },
        amount_minor: if benefit == Benefit::Amount {
            amount_minor
        } else {
            0
        },
        buy_qty: if bxgy { buy_qty } else { 0 },
        get_qty: if bxgy { get_qty } else { 0 },
        category_id,
        min_subtotal_minor,
        starts_at,
        ends_at,
        max_uses,
        per_customer,
        active: input.active,
    })
}

/// Saves a promotion from its form: a new one (`id` None) or the shop's promotion `id`.
/// `Ok(Err(problems))` when the form is refused (nothing is saved); a promotion the shop does
/// not have is [`store::StoreError::NotFound`].
pub async fn save(
    store: &Store,
    shop: &Shop,
    id: Option<i64>,
    input: &Input,
) -> Result<Result<Promotion, Problems>> {
    let sid = shop.sid();
    let mut tx = store.begin().await?;
    if let Some(id) = id {
        // A promotion the shop does not have is not found, whatever the form says.
        if store::promotion::by_id(&mut tx, sid, id).await?.is_none() {
            return Err(store::StoreError::NotFound.into());
        }
    }
    let currency = Currency::parse(&shop.currency).unwrap_or(Currency::EUR);
    let fields = match parse(input, currency, &shop.timezone) {
        Ok(f) => f,
        Err(p) => return Ok(Err(p)),
    };
    if let Some(c) = fields.category_id {
        let known = store::catalog::categories(&mut tx, sid)
            .await?
            .iter()
            .any(|k| k.id == c);
        if !known {
            return Ok(Err(vec![(
                "category",
                ValidationError::new("promotion-category-gone"),
            )]));
        }
    }
    if let Some(code) = &fields.code {
        let taken = store::promotion::by_code(&mut tx, sid, code).await?;
        if taken.is_some_and(|t| Some(t.id) != id) {
            return Ok(Err(vec![(
                "code",
                ValidationError::new("promotion-code-taken"),
            )]));
        }
    }
    let saved = match id {
        None => store::promotion::insert(&mut tx, sid, &fields, store::now()).await,
        Some(id) => match store::promotion::update(&mut tx, sid, id, &fields).await {
            Ok(true) => store::promotion::by_id(&mut tx, sid, id)
                .await
                .and_then(|p| p.ok_or(store::StoreError::NotFound)),
            Ok(false) => Err(store::StoreError::NotFound),
            Err(e) => Err(e),
        },
    };
    let saved = match saved {
        Ok(p) => p,
        // Two saves of one code at once: the second finds it taken.
        Err(store::StoreError::Conflict(_)) => {
            return Ok(Err(vec![(
                "code",
                ValidationError::new("promotion-code-taken"),
            )]))
        }
        Err(e) => return Err(e.into()),
    };
    // The partner a code is offered to shows it (`app::partner`): its pages follow this version.
    store::shop::bump_version(&mut tx, sid).await?;
    store::commit(tx).await?;
    Ok(Ok(saved))
}

/// The shop's promotions with the orders that used each, newest first.
pub async fn list(store: &Store, shop: ShopId) -> Result<Vec<(Promotion, i64)>> {
    let mut conn = store.reader().await?;
    Ok(store::promotion::list(&mut conn, shop).await?)
}

pub async fn get(store: &Store, shop: ShopId, id: i64) -> Result<Option<Promotion>> {
    let mut conn = store.reader().await?;
    Ok(store::promotion::by_id(&mut conn, shop, id).await?)
}

/// Deletes a promotion no order used; one that was used is refused (its orders name it:
/// switch it off instead).
pub async fn delete(store: &Store, shop: ShopId, id: i64) -> Result<()> {
    let mut tx = store.begin().await?;
    if store::promotion::by_id(&mut tx, shop, id).await?.is_none() {
        return Err(store::StoreError::NotFound.into());
    }
    if !store::promotion::delete_unused(&mut tx, shop, id).await? {
        return Err(refused("promotion-used-keep"));
    }
    store::shop::bump_version(&mut tx, shop).await?;
    store::commit(tx).await?;
    Ok(())
}

/// Keeps `code` with the cart of `owner` for checkout (an empty code takes it away). A code the
/// shop does not have, or has switched off, is refused; whether it gives something to this cart
/// is told with the cart's prices.
pub async fn enter_code(store: &Store, shop: &Shop, owner: Owner<'_>, code: &str) -> Result<()> {
    let code = if code.trim().is_empty() {
        String::new()
    } else {
        let c = rules::normalise_code(code).map_err(|_| refused("promotion-code-unknown"))?;
        let mut conn = store.reader().await?;
        match store::promotion::by_code(&mut conn, shop.sid(), &c).await? {
            Some(p) if p.active != 0 => c,
            _ => return Err(refused("promotion-code-unknown")),
        }
    };
    let mut d = crate::checkout::draft(store, shop, owner).await?;
    d.code = code;
    crate::checkout::save_draft(store, shop, owner, &d).await
}

/// What promotions take off the cart of `owner` as it stands, with the code and e-mail address
/// kept with it (the cart page's estimate; checkout prices it again for the destination).
pub async fn of_cart(
    store: &Store,
    shop: &Shop,
    owner: Owner<'_>,
    cart: &Cart,
) -> Result<Discount> {
    let d = crate::checkout::draft(store, shop, owner).await?;
    let mut conn = store.reader().await?;
    let offers = offers(&mut conn, shop.sid(), &d.code, &d.email, store::now()).await?;
    Ok(apply(cart, &d.code, &offers))
}

/// A promotion an order may get, read for a cart.
#[derive(Debug, Clone)]
pub struct Offer {
    pub promotion: Promotion,
    terms: Terms,
    by_code: bool,
    /// The categories it applies to (its own and the ones under it); none: every product.
    categories: Option<HashSet<i64>>,
    usable: Result<(), ValidationError>,
}

/// The promotions a cart may get, as [`offers`] reads them.
#[derive(Debug, Clone, Default)]
pub struct Offers {
    pub list: Vec<Offer>,
    /// The shopper's code names no promotion that is switched on.
    pub unknown: Option<ValidationError>,
}

/// The promotions a cart may get at `now`: the shop's automatic ones, and the promotion of
/// `code` (a code no promotion has, or one switched off, is an offer of nothing that says so).
/// Their uses are counted as they stand: [`crate::checkout::place_order`] reads them again
/// under the shop's lock. `email` counts the uses per customer (empty: not known yet).
pub async fn offers(
    conn: &mut Conn,
    shop: ShopId,
    code: &str,
    email: &str,
    now: i64,
) -> Result<Offers> {
    let mut found: Vec<(Promotion, bool)> = store::promotion::automatic(conn, shop, now)
        .await?
        .into_iter()
        .map(|p| (p, false))
        .collect();
    let mut unknown = None;
    if !code.trim().is_empty() {
        let by_code = match rules::normalise_code(code) {
            Ok(c) => store::promotion::by_code(conn, shop, &c).await?,
            Err(_) => None,
        };
        match by_code {
            Some(p) if p.active != 0 => found.insert(0, (p, true)),
            _ => unknown = Some(ValidationError::new("promotion-code-unknown")),
        }
    }
    if found.is_empty() {
        return Ok(Offers {
            list: Vec::new(),
            unknown,
        });
    }
    let tree = if found.iter().any(|(p, _)| p.category_id.is_some()) {
        store::catalog::categories(conn, shop).await?
    } else {
        Vec::new()
    };
    let email = email.trim().to_lowercase();
    let mut out = Vec::with_capacity(found.len());
    for (p, by_code) in found {
        let terms = terms_of(&p);
        let (uses, mine) = if terms.max_uses.is_some() || terms.per_customer.is_some() {
            store::promotion::uses(conn, shop, p.id, &email).await?
        } else {
            (0, 0)
        };
        let categories = p.category_id.map(|root| under(&tree, root));
        out.push(Offer {
            usable: terms.usable(now, uses, mine),
            terms,
            by_code,
            categories,
            promotion: p,
        });
    }
    Ok(Offers { list: out, unknown })
}

/// `root` and every category under it.
fn under(tree: &[store::catalog::Category], root: i64) -> HashSet<i64> {
    let mut set = HashSet::new();
    if !tree.iter().any(|c| c.id == root) {
        return set;
    }
    set.insert(root);
    loop {
        let before = set.len();
        for c in tree {
            if c.parent_id.is_some_and(|p| set.contains(&p)) {
                set.insert(c.id);
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

/// What promotions take off a cart.
#[derive(Debug, Clone, Default)]
pub struct Discount {
    /// Off each line (as typed, before VAT), in the cart's order.
    pub lines: Vec<i64>,
    /// Delivery is free.
    pub free_shipping: bool,
    /// The promotions that give it: (promotion, what it takes off the goods).
    pub used: Vec<(Promotion, i64)>,
    /// The code the shopper entered, and why it gives nothing when it does not.
    pub code: String,
    pub code_refused: Option<ValidationError>,
}

impl Discount {
    /// What it takes off the goods.
    pub fn goods_minor(&self) -> i64 {
        self.lines.iter().sum()
    }

    /// The promotions' names as the shopper sees them.
    pub fn names(&self) -> Vec<String> {
        self.used
            .iter()
            .map(|(p, _)| match &p.code {
                Some(code) => format!("{} ({code})", p.name),
                None => p.name.clone(),
            })
            .collect()
    }

    /// Forgets free delivery (the order has nothing it would waive): the promotion that gave
    /// it is not used.
    pub fn drop_free_shipping(&mut self) {
        if self.free_shipping {
            self.free_shipping = false;
            self.used
                .retain(|(p, _)| p.benefit != Benefit::FreeShipping.as_str());
        }
    }

    /// Whether the order should not be placed as it is: the shopper's code gives nothing for
    /// another reason than a better promotion.
    pub fn code_blocks(&self) -> Option<&ValidationError> {
        self.code_refused
            .as_ref()
            .filter(|e| e.code != "promotion-better-applied")
    }
}

/// Applies `offers` to `cart` (and, through the lines' discounts, to its taxes): each line
/// keeps its price and gets the discount beside it.
pub fn apply(cart: &Cart, code: &str, offers: &Offers) -> Discount {
    let (offers, unknown) = (&offers.list, offers.unknown.clone());
    let lines: Vec<(i64, i64)> = cart
        .lines
        .iter()
        .map(|l| {
            let rental = l.kind == Some(domain::catalog::ProductKind::Rental);
            (l.total_minor, if rental { 1 } else { l.view.quantity })
        })
        .collect();
    let candidates: Vec<Candidate<'_>> = offers
        .iter()
        .map(|o| Candidate {
            terms: &o.terms,
            by_code: o.by_code,
            eligible: cart
                .lines
                .iter()
                .map(|l| match &o.categories {
                    None => true,
                    Some(set) => l.view.category_id.is_some_and(|c| set.contains(&c)),
                })
                .collect(),
            usable: o.usable.clone(),
        })
        .collect();
    let applied: Applied = rules::apply(&lines, &candidates);
    let mut used = Vec::new();
    if let Some(i) = applied.goods_by {
        used.push((offers[i].promotion.clone(), applied.goods_minor()));
    }
    if let Some(i) = applied.shipping_by.filter(|i| Some(*i) != applied.goods_by) {
        used.push((offers[i].promotion.clone(), 0));
    }
    Discount {
        free_shipping: applied.free_shipping(),
        lines: applied.lines.clone(),
        used,
        code: code.trim().to_string(),
        code_refused: unknown.or(applied.code_refused),
    }
}

/// Message ids this module adds to the domain's, with their arguments (texts in the web
/// layer's `promotion.ftl`).
pub const CODES: &[(&str, &[&str])] = &[
    ("promotion-name-required", &[]),
    ("promotion-name-too-long", &["max"]),
    ("promotion-field-required", &[]),
    ("promotion-date-invalid", &[]),
    ("promotion-category-gone", &[]),
    ("promotion-code-taken", &[]),
    ("promotion-code-unknown", &[]),
    ("promotion-used-keep", &[]),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::EUR
    }

    #[test]
    fn a_form_reads_back_as_it_was_typed() {
        let input = Input {
            name: "Soldes d’hiver".into(),
            code: " hiver-20 ".into(),
            benefit: "percent".into(),
            percent: "12,5".into(),
            min_subtotal: "30".into(),
            starts_on: "2027-01-10".into(),
            ends_on: "2027-01-31".into(),
            max_uses: "100".into(),
            per_customer: "1".into(),
            active: true,
            ..Input::default()
        };
        let f = parse(&input, eur(), "Europe/Paris").unwrap();
        assert_eq!(f.code.as_deref(), Some("HIVER-20"));
        assert_eq!((f.percent_bp, f.min_subtotal_minor), (1_250, 3_000));
        // Midnight in Paris (UTC+1 in winter), the last day included.
        assert_eq!(f.starts_at, Some(1_799_535_600));
        assert_eq!(f.ends_at, Some(1_799_535_600 + 22 * 86_400));
        let kept = Promotion {
            id: 1,
            name: f.name.clone(),
            code: f.code.clone(),
            benefit: f.benefit.clone(),
            percent_bp: f.percent_bp,
            amount_minor: f.amount_minor,
            buy_qty: f.buy_qty,
            get_qty: f.get_qty,
            category_id: None,
            min_subtotal_minor: f.min_subtotal_minor,
            starts_at: f.starts_at,
            ends_at: f.ends_at,
            max_uses: f.max_uses,
            per_customer: f.per_customer,
            active: 1,
            created_at: 0,
        };
        let again = input_of(&kept, eur(), "Europe/Paris");
        assert_eq!(again.starts_on, "2027-01-10");
        assert_eq!(again.ends_on, "2027-01-31");
        assert_eq!(parse(&again, eur(), "Europe/Paris").unwrap(), f);
    }

    #[test]
    fn every_wrong_field_is_named() {
        let input = Input {
            name: String::new(),
            code: "é".into(),
            benefit: "buy_x_get_y".into(),
            percent: "abc".into(),
            buy: "2".into(),
            get: String::new(),
            starts_on: "31/01/2027".into(),
            ..Input::default()
        };
        let problems = parse(&input, eur(), "Europe/Paris").unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.0).collect();
        for f in ["name", "code", "percent", "get", "starts_on"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
    }
}
