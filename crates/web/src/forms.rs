//! Form helpers: collected field errors in the visitor's language, redisplayed beside the fields.

use std::collections::BTreeMap;

use crate::ctx::Ctx;

#[derive(Default, Clone)]
pub struct Errors(pub BTreeMap<String, String>);

impl Errors {
    pub fn add(&mut self, field: &str, message: String) {
        self.0.entry(field.to_string()).or_insert(message);
    }
    /// Records a domain validation failure for `field` and returns the value if it parsed.
    pub fn check<T>(
        &mut self,
        c: &Ctx,
        field: &str,
        r: Result<T, domain::ValidationError>,
    ) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, c.err(&e));
                None
            }
        }
    }
    pub fn get(&self, field: &str) -> Option<&String> {
        self.0.get(field)
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// "true"/"false" for aria-invalid.
    pub fn invalid(&self, field: &str) -> &'static str {
        if self.has(field) {
            "true"
        } else {
            "false"
        }
    }
    pub fn all(&self) -> Vec<(String, String)> {
        self.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }
}
