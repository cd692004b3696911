//! A rental's deposit: authorised on the customer's card (manual capture), then captured in
//! part or released by the seller.

use domain::order::{OrderStatus, PaymentMethod};
use domain::ValidationError;
use payments::{Capture, Provider, State};
use store::id::ShopId;
use store::payment::CardPayment;
use store::shop::Shop;
use store::Store;

use super::*;
use crate::{Error, Result};

/// The deposit of an order's rentals, held on the customer's card, as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deposit {
    /// The order asks none, or is not paid by card.
    None,
    /// To be authorised by the customer (on the order's page), once the order is paid.
    Due { amount_minor: i64 },
    /// Authorised: the seller captures it (all or part) or releases it.
    Held { amount_minor: i64 },
    /// Captured (`taken_minor`) or released (0).
    Settled { taken_minor: i64 },
}

/// Where the order's deposit stands.
pub fn deposit_of(order: &store::order::Order, payments: &[CardPayment]) -> Deposit {
    if order.deposit_minor <= 0 || order.payment_method != PaymentMethod::Card.as_str() {
        return Deposit::None;
    }
    let deposits: Vec<&CardPayment> = payments.iter().filter(|c| c.capture == MANUAL).collect();
    let with = |state: &str| deposits.iter().find(|c| c.state == state);
    if let Some(c) = with(State::Authorised.as_str()).or_else(|| with(SETTLING)) {
        return Deposit::Held {
            amount_minor: c.amount_minor,
        };
    }
    if let Some(c) = with(State::Paid.as_str()) {
        return Deposit::Settled {
            taken_minor: c.received_minor,
        };
    }
    if with(RELEASED).is_some() {
        return Deposit::Settled { taken_minor: 0 };
    }
    // None yet, or refused by the bank: to authorise while the rental is ahead.
    match OrderStatus::parse(&order.status) {
        Ok(OrderStatus::Paid | OrderStatus::Preparing | OrderStatus::Shipped) => Deposit::Due {
            amount_minor: order.deposit_minor,
        },
        _ => Deposit::None,
    }
}

/// Where the deposit of `order` stands, from its recorded card payments.
pub async fn order_deposit(
    store: &Store,
    shop: ShopId,
    order: &store::order::Order,
) -> Result<Deposit> {
    if order.deposit_minor <= 0 {
        return Ok(Deposit::None);
    }
    let mut conn = store.reader().await?;
    let payments = store::payment::card_payments_of(&mut conn, shop, order.id).await?;
    Ok(deposit_of(order, &payments))
}

/// Starts the authorisation of the order's deposit (manual capture), or gives back the one
/// started: the customer confirms it with stripe.js as for a payment, nothing is taken.
pub async fn start_deposit(
    store: &Store,
    p: &Providers,
    shop: &Shop,
    number: &str,
    back: Back<'_>,
) -> Result<CardStart> {
    let (account, order, started) = opening(store, p, shop, number).await?;
    let Deposit::Due { amount_minor } = deposit_of(&order, &started) else {
        return Err(refused("deposit-not-due"));
    };
    let payment = open_or_make(
        store,
        shop,
        &account,
        Want {
            order: &order,
            started: &started,
            capture: Capture::Manual,
            amount_minor,
            back,
        },
    )
    .await?;
    card_start(account, payment)
}

/// What the seller does with a held deposit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settle {
    /// Gives it all back (the rental came back as lent).
    Release,
    /// Keeps `amount_minor` of it (damage, late return); the rest is released by the bank.
    Capture { amount_minor: i64 },
}

/// Captures part or all of the order's held deposit, or releases it, at the provider; then
/// records what the provider says. Refused when nothing is held or when more than was held
/// is asked.
pub async fn settle_deposit(
    store: &Store,
    p: &Providers,
    shop: &Shop,
    number: &str,
    how: Settle,
) -> Result<Deposit> {
    let sid = shop.sid();
    let (order, held) = {
        let mut conn = store.reader().await?;
        let o = store::order::by_number(&mut conn, sid, number)
            .await?
            .ok_or_else(|| refused("order-unknown"))?;
        let held = store::payment::card_payments_of(&mut conn, sid, o.id)
            .await?
            .into_iter()
            .find(|c| c.capture == MANUAL && c.state == State::Authorised.as_str())
            .ok_or_else(|| refused("deposit-not-held"))?;
        (o, held)
    };
    let account = account_of(store, p, sid, &held.provider)
        .await?
        .ok_or_else(|| refused("payment-card-unavailable"))?;
    if let Settle::Capture { amount_minor } = how {
        if amount_minor <= 0 {
            return Err(refused("deposit-amount-invalid"));
        }
        if amount_minor > held.amount_minor {
            return Err(Error::Refused(
                ValidationError::new("deposit-too-much").with("max", held.amount_minor),
            ));
        }
    }
    // Claimed first: of two clicks at once, one settles the deposit, the other is told it is
    // no longer held.
    {
        let mut tx = store.begin().await?;
        let mine = store::payment::claim_card_state(
            &mut tx,
            sid,
            held.id,
            State::Authorised.as_str(),
            SETTLING,
        )
        .await?;
        store::commit(tx).await?;
        if !mine {
            return Err(refused("deposit-not-held"));
        }
    }
    let told = match how {
        Settle::Release => account.client.cancel(&held.reference).await,
        Settle::Capture { amount_minor } => account
            .client
            .capture(&held.reference, amount_minor)
            .await
            .map(|mut t| {
                // What was asked is what was taken (some answers give the authorised sum).
                t.received_minor = t.received_minor.min(amount_minor);
                t
            }),
    };
    let told = match told {
        Ok(t) => t,
        Err(e) => {
            // Held again: the seller may ask again (a capture is named after its payment at
            // the provider, so asking twice takes once).
            let mut tx = store.begin().await?;
            store::payment::claim_card_state(
                &mut tx,
                sid,
                held.id,
                SETTLING,
                State::Authorised.as_str(),
            )
            .await?;
            store::commit(tx).await?;
            return Err(provider_error(e));
        }
    };
    let state = match (how, told.state) {
        (Settle::Release, State::Failed) => RELEASED,
        // Still being captured at the provider: its news will say when it is.
        (_, State::Authorised) => SETTLING,
        (_, s) => s.as_str(),
    };
    let mut tx = store.begin().await?;
    store::payment::set_card_state(&mut tx, sid, held.id, state, told.received_minor).await?;
    store::commit(tx).await?;
    let mut conn = store.reader().await?;
    let now = store::payment::card_payments_of(&mut conn, sid, order.id).await?;
    Ok(deposit_of(&order, &now))
}
