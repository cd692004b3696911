//! Password hashing lives with the use cases that check passwords: see `app::password`.

pub use app::password::verify;

/// The argon2id hash of a password.
pub async fn hash(password: &str) -> anyhow::Result<String> {
    Ok(app::password::hash(password).await)
}
