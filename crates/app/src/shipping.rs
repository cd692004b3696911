//! Each shop's shipping table: read for checkout and product pages, edited zone by zone and
//! method by method from the admin. Every change loads the table under the shop's lock, applies
//! the edit, checks the whole table again with the domain's rules (`ShippingTable::new`:
//! zones do not overlap, method keys are unique) and saves it whole, bumping the shop's page
//! version (product pages tell search engines the delivery prices).
//!
//! Zones and methods are named by their place in the table, so each edit carries the
//! [`revision`] of the table the seller was looking at: if someone else changed it meanwhile,
//! the edit is refused (`shipping-stale`) rather than applied to whatever is at that place now.
//!
//! Storage is one JSON document per shop (`store::shipping`) rather than zone, area, method and
//! bracket tables: the rules that matter are about the whole table, it is always read whole,
//! and no query ever looks inside it; orders keep their own copy of the method's key, name and
//! price. A shop that never saved a table uses `domain::shipping::example_table()` (France, EU,
//! world, pickup), which its seller edits from there.

use domain::shipping::{method_key, Area, Method, MethodSpec, ShippingTable, Zone};
use domain::ValidationError;
use store::id::ShopId;
use store::{Conn, Store};

use crate::{Error, Result};

/// The shop's table: the saved one, or the example table when its seller never saved one.
pub async fn table(conn: &mut Conn, shop: ShopId) -> Result<ShippingTable> {
    let Some(doc) = store::shipping::get(conn, shop).await? else {
        return Ok(domain::shipping::example_table());
    };
    match serde_json::from_str(&doc) {
        Ok(t) => Ok(t),
        Err(e) => {
            // Saved tables are checked when saved; one that no longer passes means the rules
            // changed under it. Selling with no delivery is safer than with made-up prices.
            tracing::error!(shop_id = shop.get(), error = %e, "stored shipping table unreadable");
            Ok(ShippingTable::new(Vec::new()).expect("an empty table is valid"))
        }
    }
}

/// Saves `table` as the shop's (already checked: it is a `ShippingTable`).
pub async fn save(store: &Store, shop: ShopId, table: &ShippingTable) -> Result<()> {
    let mut tx = store.begin().await?;
    store::guard::lock_shop(&mut tx, shop).await?;
    write(&mut tx, shop, table).await?;
    store::commit(tx).await?;
    Ok(())
}

async fn write(conn: &mut Conn, shop: ShopId, table: &ShippingTable) -> Result<()> {
    let doc = serde_json::to_string(table).expect("a shipping table serialises");
    store::shipping::save(conn, shop, &doc).await?;
    Ok(())
}

/// A short fingerprint of `table`, the same for the same table on any node.
pub fn revision(table: &ShippingTable) -> String {
    use sha2::Digest;
    let doc = serde_json::to_string(table).expect("a shipping table serialises");
    hex::encode(&sha2::Sha256::digest(doc.as_bytes())[..12])
}

/// Applies `edit` to the shop's zones under its lock, checks and saves the result. With `rev`,
/// only if the table is still the one of that revision.
async fn edit<T>(
    store: &Store,
    shop: ShopId,
    rev: Option<&str>,
    edit: impl FnOnce(&mut Vec<Zone>) -> Result<T, ValidationError>,
) -> Result<T> {
    let mut tx = store.begin().await?;
    store::guard::lock_shop(&mut tx, shop).await?;
    let current = table(&mut tx, shop).await?;
    if rev.is_some_and(|r| r != revision(&current)) {
        return Err(Error::Refused(ValidationError::new("shipping-stale")));
    }
    let mut zones = current.into_zones();
    let out = edit(&mut zones).map_err(Error::Refused)?;
    let table = ShippingTable::new(zones).map_err(Error::Refused)?;
    write(&mut tx, shop, &table).await?;
    store::commit(tx).await?;
    tracing::info!(shop_id = shop.get(), "shipping table saved");
    Ok(out)
}

fn gone() -> ValidationError {
    ValidationError::new("shipping-gone")
}

/// A zone as the seller describes it (its methods are edited on their own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneInput {
    pub name: String,
    pub areas: Vec<Area>,
    pub rest_of_world: bool,
}

/// Adds a zone (`index` None) or changes zone `index`; returns its index.
pub async fn save_zone(
    store: &Store,
    shop: ShopId,
    rev: Option<&str>,
    index: Option<usize>,
    z: ZoneInput,
) -> Result<usize> {
    edit(store, shop, rev, |zones| {
        // The zone's own rules (a name, a place) are checked with the whole table.
        match index {
            None => {
                zones.push(Zone {
                    name: z.name,
                    areas: z.areas,
                    rest_of_world: z.rest_of_world,
                    methods: Vec::new(),
                });
                Ok(zones.len() - 1)
            }
            Some(i) => {
                let zone = zones.get_mut(i).ok_or_else(gone)?;
                zone.name = z.name;
                zone.areas = z.areas;
                zone.rest_of_world = z.rest_of_world;
                Ok(i)
            }
        }
    })
    .await
}

/// Deletes zone `index` and its methods.
pub async fn delete_zone(
    store: &Store,
    shop: ShopId,
    rev: Option<&str>,
    index: usize,
) -> Result<()> {
    edit(store, shop, rev, |zones| {
        if index >= zones.len() {
            return Err(gone());
        }
        zones.remove(index);
        Ok(())
    })
    .await
}

/// Adds a method to zone `zone` (`index` None: its key is made from its name) or changes
/// method `index` of it (its key stays: carts and orders name it). `spec.key` is ignored.
pub async fn save_method(
    store: &Store,
    shop: ShopId,
    rev: Option<&str>,
    (zone, index): (usize, Option<usize>),
    spec: MethodSpec,
) -> Result<()> {
    edit(store, shop, rev, |zones| {
        let taken: Vec<String> = zones
            .iter()
            .flat_map(|z| z.methods.iter().map(|m| m.spec().key.clone()))
            .collect();
        let z = zones.get_mut(zone).ok_or_else(gone)?;
        match index {
            None => {
                let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
                let key = method_key(&spec.name, &taken);
                z.methods.push(Method::new(MethodSpec { key, ..spec })?);
            }
            Some(i) => {
                let m = z.methods.get_mut(i).ok_or_else(gone)?;
                let key = m.spec().key.clone();
                *m = Method::new(MethodSpec { key, ..spec })?;
            }
        }
        Ok(())
    })
    .await
}

/// Deletes method `index` of zone `zone`.
pub async fn delete_method(
    store: &Store,
    shop: ShopId,
    rev: Option<&str>,
    (zone, index): (usize, usize),
) -> Result<()> {
    edit(store, shop, rev, |zones| {
        let z = zones.get_mut(zone).ok_or_else(gone)?;
        if index >= z.methods.len() {
            return Err(gone());
        }
        z.methods.remove(index);
        Ok(())
    })
    .await
}

/// Message ids this module adds to the domain's, with their arguments (texts in the web
/// layer's `shipping.ftl`).
pub const CODES: &[(&str, &[&str])] = &[("shipping-gone", &[]), ("shipping-stale", &[])];
