//! The stored shape of a shipping table: `{"version": 1, "zones": [...]}`.
//! The version lets a later shape be read next to this one; reading
//! rebuilds the table through [`ShippingTable::new`], so the rules hold for
//! what comes back from storage as for what a seller types.

use serde::{Deserialize, Serialize};

use super::{ShippingTable, Zone};
use crate::error::ValidationError;

const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
pub(super) struct TableDoc {
    version: u32,
    zones: Vec<Zone>,
}

impl TryFrom<TableDoc> for ShippingTable {
    type Error = ValidationError;
    fn try_from(doc: TableDoc) -> Result<ShippingTable, ValidationError> {
        if doc.version != VERSION {
            return Err(ValidationError::new("shipping-table-version").with("version", doc.version));
        }
        ShippingTable::new(doc.zones)
    }
}

impl From<ShippingTable> for TableDoc {
    fn from(t: ShippingTable) -> TableDoc {
        TableDoc {
            version: VERSION,
            zones: t.zones,
        }
    }
}
