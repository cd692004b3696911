//! Reading and writing cookies (always HttpOnly and SameSite; Secure behind TLS).

use axum::http::{header, HeaderMap, HeaderValue};

pub const LANG: &str = "vitrine_lang";
pub const CSRF: &str = "vitrine_csrf";
pub const STAFF: &str = "vitrine_staff";
pub const OPERATOR: &str = "vitrine_op";

pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

pub fn set(name: &str, value: &str, path: &str, max_age: Option<i64>, secure: bool) -> HeaderValue {
    let mut c = format!("{name}={value}; Path={path}; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).expect("cookie values are ASCII tokens")
}

pub fn clear(name: &str, path: &str, secure: bool) -> HeaderValue {
    set(name, "", path, Some(0), secure)
}
