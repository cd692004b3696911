//! Customer accounts of a shop: signing up and in (argon2id), password resets, the address book,
//! the order history and reordering. Guest checkout stays possible: an account only saves typing
//! and keeps the cart and the orders in one place. Signing in brings the guest's cart along
//! ([`crate::cart::merge_at_sign_in`]). The sign-in rate limits are the web layer's (they count
//! per address, which only the web layer sees).

use domain::account::{Email, Password, PersonName};
use domain::locale::Lang;
use domain::ValidationError;
use store::customer::{Customer, NewCustomer};
use store::id::{CustomerId, ShopId};
use store::outbox::EmailMessage;
use store::shop::Shop;
use store::{Conn, Store, StoreError};

use crate::cart::{self, Owner};
use crate::checkout::{check_address, Address};
use crate::{password, Error, Result};

/// The most addresses an address book keeps.
pub const MAX_ADDRESSES: usize = 20;
/// How many past orders the account page lists.
pub const HISTORY_LEN: i64 = 100;

fn refused(code: &'static str) -> Error {
    Error::Refused(ValidationError::new(code))
}

/// A customer signed in: the session's token goes in their cookie.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub customer: CustomerId,
    pub session: String,
}

/// What the sign-up form carries.
pub struct SignUp<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password: &'a str,
    pub lang: Lang,
}

/// The sign-up form's fields that cannot be used, each with its message.
pub fn check_sign_up(s: &SignUp<'_>) -> Vec<(&'static str, ValidationError)> {
    let mut errors = Vec::new();
    if let Err(e) = Email::parse(s.email) {
        errors.push(("email", e));
    }
    if let Err(e) = PersonName::parse(s.name) {
        errors.push(("name", e));
    }
    if let Err(e) = Password::parse(s.password) {
        errors.push(("password", e));
    }
    errors
}

/// Opens an account and signs it in; the guest cart of `cart_token` becomes the customer's.
/// Refused when a field is wrong or the shop already has an account for the address.
pub async fn sign_up(
    store: &Store,
    shop: &Shop,
    s: &SignUp<'_>,
    cart_token: Option<&str>,
) -> Result<SignedIn> {
    if let Some((_, e)) = check_sign_up(s).into_iter().next() {
        return Err(Error::Refused(e));
    }
    let email = Email::parse(s.email).map_err(Error::Refused)?;
    let name = PersonName::parse(s.name).map_err(Error::Refused)?;
    let hash = password::hash(s.password).await;
    let sid = shop.sid();
    let mut tx = store.begin().await?;
    let created = store::customer::create(
        &mut tx,
        sid,
        &NewCustomer {
            email: email.as_str(),
            name: name.as_str(),
            password_hash: &hash,
            lang: s.lang.as_str(),
        },
    )
    .await;
    let customer = match created {
        Ok(id) => id,
        Err(StoreError::Conflict(_)) => return Err(refused("customer-email-taken")),
        Err(e) => return Err(e.into()),
    };
    let session = store::customer::create_session(&mut tx, sid, customer).await?;
    cart::merge_at_sign_in(&mut tx, sid, cart_token, customer).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(SignedIn { customer, session })
}

/// Signs a customer in with their password (the check takes as long for an unknown address);
/// the guest cart of `cart_token` joins theirs. Refused with one message whatever was wrong.
pub async fn sign_in(
    store: &Store,
    shop: &Shop,
    email: &str,
    password_typed: &str,
    cart_token: Option<&str>,
) -> Result<SignedIn> {
    domain::account::check_sign_in(email, password_typed).map_err(Error::Refused)?;
    let sid = shop.sid();
    let found = {
        let mut conn = store.reader().await?;
        store::customer::by_email(&mut conn, sid, email.trim()).await?
    };
    let ok = password::verify(
        password_typed,
        found.as_ref().map(|c| c.password_hash.as_str()),
    )
    .await;
    let Some(c) = found.filter(|_| ok) else {
        return Err(refused("customer-sign-in-failed"));
    };
    let mut tx = store.begin().await?;
    let session = store::customer::create_session(&mut tx, sid, c.id).await?;
    cart::merge_at_sign_in(&mut tx, sid, cart_token, c.id).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(SignedIn {
        customer: c.id,
        session,
    })
}

/// The customer of a session token, if it is live.
pub async fn current(store: &Store, shop: ShopId, token: &str) -> Result<Option<Customer>> {
    if !cart::well_formed(token) {
        return Ok(None);
    }
    let mut conn = store.reader().await?;
    Ok(store::customer::session(&mut conn, shop, token).await?)
}

pub async fn sign_out(store: &Store, shop: ShopId, token: &str) -> Result<()> {
    let mut tx = store.begin().await?;
    store::customer::delete_session(&mut tx, shop, token).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// "Forgotten password": when the shop has an account for `email`, a reset link goes out by
/// e-mail (`mail` writes it from the account and the link's token). The answer is the same
/// whether or not the account exists.
pub async fn request_reset(
    store: &Store,
    shop: &Shop,
    email: &str,
    mail: impl FnOnce(&Customer, &str) -> EmailMessage,
) -> Result<()> {
    let Ok(email) = Email::parse(email) else {
        return Ok(());
    };
    let sid = shop.sid();
    let mut tx = store.begin().await?;
    if let Some(c) = store::customer::by_email(&mut tx, sid, email.as_str()).await? {
        let token = store::customer::create_reset(&mut tx, sid, c.id).await?;
        store::outbox::enqueue_email(&mut tx, Some(sid), &mail(&c, &token)).await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Whether a reset link still works.
pub async fn reset_valid(store: &Store, shop: ShopId, token: &str) -> Result<bool> {
    if !cart::well_formed(token) {
        return Ok(false);
    }
    let mut conn = store.reader().await?;
    Ok(store::customer::reset_customer(&mut conn, shop, token)
        .await?
        .is_some())
}

/// Sets a new password through a reset link: every other session ends, the link stops working,
/// and the customer is signed in.
pub async fn reset_password(
    store: &Store,
    shop: &Shop,
    token: &str,
    new_password: &str,
) -> Result<SignedIn> {
    let pw = Password::parse(new_password).map_err(Error::Refused)?;
    if !cart::well_formed(token) {
        return Err(refused("customer-reset-invalid"));
    }
    let hash = password::hash(pw.expose()).await;
    let sid = shop.sid();
    let mut tx = store.begin().await?;
    let Some(customer) = store::customer::reset_customer(&mut tx, sid, token).await? else {
        return Err(refused("customer-reset-invalid"));
    };
    store::customer::set_password(&mut tx, sid, customer, &hash).await?;
    store::customer::delete_resets(&mut tx, sid, customer).await?;
    store::customer::delete_sessions(&mut tx, sid, customer).await?;
    let session = store::customer::create_session(&mut tx, sid, customer).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(SignedIn { customer, session })
}

/// Changes the name and language the shop uses for the customer.
pub async fn update_profile(
    store: &Store,
    shop: ShopId,
    customer: CustomerId,
    name: &str,
    lang: Lang,
) -> Result<()> {
    let name = PersonName::parse(name).map_err(Error::Refused)?;
    let mut tx = store.begin().await?;
    store::customer::set_profile(&mut tx, shop, customer, name.as_str(), lang.as_str()).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Changes the password, after checking the current one.
pub async fn change_password(
    store: &Store,
    shop: ShopId,
    customer: &Customer,
    current: &str,
    new_password: &str,
) -> Result<()> {
    if !password::verify(current, Some(&customer.password_hash)).await {
        return Err(refused("customer-password-wrong"));
    }
    let pw = Password::parse(new_password).map_err(Error::Refused)?;
    let hash = password::hash(pw.expose()).await;
    let mut tx = store.begin().await?;
    store::customer::set_password(&mut tx, shop, customer.id, &hash).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

// ---- addresses -------------------------------------------------------------------------------

/// An address book entry as the checkout form uses it.
pub fn address_of(a: &store::customer::Address) -> Address {
    Address {
        name: a.name.clone(),
        line1: a.line1.clone(),
        line2: a.line2.clone(),
        postal_code: a.postal_code.clone(),
        city: a.city.clone(),
        country: a.country.clone(),
        phone: a.phone.clone(),
        ..Default::default()
    }
}

fn stored(id: i64, a: &Address) -> store::customer::Address {
    let a = a.tidy();
    store::customer::Address {
        id,
        name: a.name,
        line1: a.line1,
        line2: a.line2,
        postal_code: a.postal_code,
        city: a.city,
        country: a.country,
        phone: a.phone,
        is_default: 0,
    }
}

pub async fn addresses(
    store: &Store,
    shop: ShopId,
    customer: CustomerId,
) -> Result<Vec<store::customer::Address>> {
    let mut conn = store.reader().await?;
    Ok(store::customer::addresses(&mut conn, shop, customer).await?)
}

/// Adds an address (`id` None) or rewrites one; the first address is the default one.
/// Refused when a field is wrong (the fields' messages come from [`check_address`]).
pub async fn save_address(
    store: &Store,
    shop: ShopId,
    customer: CustomerId,
    id: Option<i64>,
    a: &Address,
) -> Result<i64> {
    if let Some((_, e)) = check_address(a).into_iter().next() {
        return Err(Error::Refused(e));
    }
    let mut tx = store.begin().await?;
    // Counted then added: one change of the book at a time.
    store::customer::lock(&mut tx, shop, customer).await?;
    let book = store::customer::addresses(&mut tx, shop, customer).await?;
    let id = match id {
        Some(id) => {
            match store::customer::update_address(&mut tx, shop, customer, &stored(id, a)).await {
                Err(StoreError::NotFound) => return Err(refused("customer-address-unknown")),
                r => r?,
            }
            id
        }
        None => {
            if book.len() >= MAX_ADDRESSES {
                return Err(Error::Refused(
                    ValidationError::new("customer-addresses-full").with("max", MAX_ADDRESSES),
                ));
            }
            let id = store::customer::add_address(&mut tx, shop, customer, &stored(0, a)).await?;
            if book.is_empty() {
                store::customer::set_default_address(&mut tx, shop, customer, id).await?;
            }
            id
        }
    };
    tx.commit().await.map_err(StoreError::from)?;
    Ok(id)
}

pub async fn delete_address(
    store: &Store,
    shop: ShopId,
    customer: CustomerId,
    id: i64,
) -> Result<()> {
    let mut tx = store.begin().await?;
    if !store::customer::delete_address(&mut tx, shop, customer, id).await? {
        return Err(refused("customer-address-unknown"));
    }
    // The default went: the oldest left takes its place.
    let book = store::customer::addresses(&mut tx, shop, customer).await?;
    if !book.is_empty() && book.iter().all(|a| a.is_default == 0) {
        store::customer::set_default_address(&mut tx, shop, customer, book[0].id).await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

pub async fn set_default_address(
    store: &Store,
    shop: ShopId,
    customer: CustomerId,
    id: i64,
) -> Result<()> {
    let mut tx = store.begin().await?;
    if !store::customer::set_default_address(&mut tx, shop, customer, id).await? {
        return Err(refused("customer-address-unknown"));
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Keeps an address a customer ordered with, unless the book already has it (or is full).
pub(crate) async fn remember_address(
    conn: &mut Conn,
    shop: ShopId,
    customer: CustomerId,
    a: &Address,
) -> Result<()> {
    let new = stored(0, a);
    let book = store::customer::addresses(conn, shop, customer).await?;
    let same = |b: &store::customer::Address| {
        (
            &b.name,
            &b.line1,
            &b.line2,
            &b.postal_code,
            &b.city,
            &b.country,
        ) == (
            &new.name,
            &new.line1,
            &new.line2,
            &new.postal_code,
            &new.city,
            &new.country,
        )
    };
    if book.iter().any(same) || book.len() >= MAX_ADDRESSES {
        return Ok(());
    }
    let id = store::customer::add_address(conn, shop, customer, &new).await?;
    if book.is_empty() {
        store::customer::set_default_address(conn, shop, customer, id).await?;
    }
    Ok(())
}

// ---- orders ----------------------------------------------------------------------------------

/// The customer's orders, newest first.
pub async fn orders(
    store: &Store,
    shop: ShopId,
    customer: CustomerId,
) -> Result<Vec<store::order::Order>> {
    let mut conn = store.reader().await?;
    Ok(store::order::list_by_customer(&mut conn, shop, customer, HISTORY_LEN).await?)
}

/// What "order again" did: how many lines went into the cart, and why the others did not.
#[derive(Debug, Clone, Default)]
pub struct Reordered {
    pub added: usize,
    /// The line's title and why it could not be added.
    pub skipped: Vec<(String, ValidationError)>,
    /// A new guest-cart token (never for a customer; kept for symmetry with [`cart::add`]).
    pub new_token: Option<String>,
}

/// Puts the lines of one of the customer's orders in their cart again, as far as the catalog
/// still allows: goods at today's price and stock; rentals and services need new dates, so
/// they are listed as skipped with that reason.
pub async fn reorder(
    store: &Store,
    shop: &Shop,
    customer: CustomerId,
    number: &str,
) -> Result<Reordered> {
    let sid = shop.sid();
    let lines = {
        let mut conn = store.reader().await?;
        let order = store::order::by_number(&mut conn, sid, number)
            .await?
            .filter(|o| o.customer_id == Some(customer))
            .ok_or_else(|| refused("customer-order-unknown"))?;
        store::order::lines(&mut conn, sid, order.id).await?
    };
    let owner = Owner {
        token: None,
        customer: Some(customer),
    };
    let mut out = Reordered::default();
    for l in lines {
        let Some(variant) = l.variant_id else {
            out.skipped
                .push((l.title, ValidationError::new("cart-variant-unknown")));
            continue;
        };
        if l.kind == "rental" || l.kind == "service" {
            out.skipped
                .push((l.title, ValidationError::new("customer-reorder-dates")));
            continue;
        }
        let adding = cart::Adding {
            variant,
            quantity: l.quantity,
            ..Default::default()
        };
        match cart::add(store, shop, owner, &adding).await {
            Ok(_) => out.added += 1,
            Err(Error::Refused(e)) => out.skipped.push((l.title, e)),
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}
