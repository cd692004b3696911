//! Reviews: a buyer whose order reached them reviews its products (once each, from the order's
//! own page, so every review is tied to a real order); reviews are published at once, shown on
//! the product's page newest first with its average, and the seller answers them or refuses one
//! for a reason of the published policy, the author being told (see [`domain::community`]).

use domain::community::{self, Rating, RejectReason};
use domain::order::OrderStatus;
use domain::ValidationError;
use store::review::{NewReview, Review};
use store::shop::Shop;
use store::Store;

use crate::{Error, Result};

/// The longest answer of the shop.
pub const REPLY_MAX: usize = 2_000;

fn refused(code: &'static str) -> Error {
    Error::Refused(ValidationError::new(code))
}

/// Whether an order's products may be reviewed: once it reached its buyer.
pub fn open(order: &store::order::Order) -> bool {
    order.status == OrderStatus::Delivered.as_str()
}

/// The products of the order its buyer may still review (and has reviewed), for its page.
pub async fn pending(
    store: &Store,
    shop: &Shop,
    order: &store::order::Order,
    lines: &[store::order::Line],
) -> Result<Vec<(i64, String, bool)>> {
    if !open(order) {
        return Ok(Vec::new());
    }
    let mut conn = store.reader().await?;
    let done = store::review::reviewed(&mut conn, shop.sid(), order.id).await?;
    let mut out: Vec<(i64, String, bool)> = Vec::new();
    for l in lines {
        let Some(p) = l.product_id else { continue };
        if !out.iter().any(|(id, _, _)| *id == p) {
            out.push((p, l.title.clone(), done.contains(&p)));
        }
    }
    Ok(out)
}

/// A review as the buyer writes it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Input {
    pub rating: String,
    pub body: String,
    /// How to sign it (empty: first name and initial).
    pub name: String,
}

/// The problems of a review's form, each with its field.
pub type Problems = Vec<(&'static str, ValidationError)>;

/// Publishes the review of `product` by the buyer of the order whose guest link is `token`.
/// `Ok(Err(problems))` for a form to correct; refused when the order has not reached its buyer,
/// does not hold the product, or was reviewed already for it.
pub async fn submit(
    store: &Store,
    shop: &Shop,
    token: &str,
    product: i64,
    input: &Input,
) -> Result<Result<Review, Problems>> {
    let sid = shop.sid();
    let Some((order, lines)) = crate::checkout::order_by_link(store, shop, token).await? else {
        return Err(store::StoreError::NotFound.into());
    };
    if !lines.iter().any(|l| l.product_id == Some(product)) {
        return Err(store::StoreError::NotFound.into());
    }
    if !open(&order) {
        return Err(refused("review-not-yet"));
    }
    let mut problems = Problems::new();
    let rating = Rating::parse(&input.rating)
        .map_err(|e| problems.push(("rating", e)))
        .ok();
    let body = community::body(&input.body)
        .map_err(|e| problems.push(("body", e)))
        .ok();
    let name = community::signature(&input.name, &order.name)
        .map_err(|e| problems.push(("name", e)))
        .ok();
    let (Some(rating), Some(body), Some(name)) = (rating, body, name) else {
        return Ok(Err(problems));
    };
    let mut tx = store.begin().await?;
    let kept = store::review::insert(
        &mut tx,
        sid,
        &NewReview {
            product_id: product,
            order_id: order.id,
            email: &order.email,
            name: &name,
            lang: &order.lang,
            rating: i64::from(rating.get()),
            body: &body,
            experienced_at: order.created_at,
        },
        store::now(),
    )
    .await;
    let review = match kept {
        Ok(r) => r,
        Err(store::StoreError::Conflict(_)) => return Err(refused("review-already")),
        Err(e) => return Err(e.into()),
    };
    // The product's page shows it: its cached copies are renewed.
    store::shop::bump_version(&mut tx, sid).await?;
    store::commit(tx).await?;
    Ok(Ok(review))
}

/// Every review of the shop with its product's title, newest first, for the seller.
pub async fn list(store: &Store, shop: &Shop, lang: &str) -> Result<Vec<(Review, String)>> {
    let mut conn = store.reader().await?;
    Ok(store::review::list(&mut conn, shop.sid(), lang).await?)
}

/// The shop's public answer to a review (empty: takes it away).
pub async fn reply(store: &Store, shop: &Shop, id: i64, text: &str) -> Result<()> {
    let text = text.trim();
    let odd = |c: char| c.is_control() && c != '\n' && c != '\r' && c != '\t';
    if text.chars().count() > REPLY_MAX || text.chars().any(odd) {
        return Err(Error::Refused(
            ValidationError::new("review-reply-too-long").with("max", REPLY_MAX),
        ));
    }
    let mut tx = store.begin().await?;
    // A refused review is not shown: no public answer joins it.
    match store::review::by_id(&mut tx, shop.sid(), id).await? {
        None => return Err(store::StoreError::NotFound.into()),
        Some(r) if r.status != "published" => return Err(refused("review-rejected-already")),
        Some(_) => {}
    }
    let text = text.replace("\r\n", "\n");
    let answer = (!text.is_empty()).then_some(text.as_str());
    if !store::review::reply(&mut tx, shop.sid(), id, answer, store::now()).await? {
        return Err(store::StoreError::NotFound.into());
    }
    store::shop::bump_version(&mut tx, shop.sid()).await?;
    store::commit(tx).await?;
    Ok(())
}

/// Refuses a published review for one of the policy's reasons; `email` writes the message that
/// tells its author why, queued in the same transaction.
pub async fn reject(
    store: &Store,
    shop: &Shop,
    id: i64,
    reason: &str,
    email: impl FnOnce(&Review, RejectReason) -> store::outbox::EmailMessage,
) -> Result<()> {
    let sid = shop.sid();
    let mut tx = store.begin().await?;
    let Some(review) = store::review::by_id(&mut tx, sid, id).await? else {
        return Err(store::StoreError::NotFound.into());
    };
    let reason = RejectReason::parse(reason).map_err(Error::Refused)?;
    if !store::review::reject(&mut tx, sid, id, reason.as_str()).await? {
        return Err(refused("review-rejected-already"));
    }
    store::outbox::enqueue_email(&mut tx, Some(sid), &email(&review, reason)).await?;
    store::shop::bump_version(&mut tx, sid).await?;
    store::commit(tx).await?;
    Ok(())
}

/// Message ids this module adds to the domain's, with their arguments.
pub const CODES: &[(&str, &[&str])] = &[
    ("review-not-yet", &[]),
    ("review-already", &[]),
    ("review-reply-too-long", &["max"]),
    ("review-rejected-already", &[]),
];
