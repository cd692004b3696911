//! Password hashing with argon2id, off the async threads (it is slow on purpose).

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

/// The argon2id hash of a password (PHC string, with its salt and parameters).
pub async fn hash(password: &str) -> String {
    let pw = password.to_string();
    let done = tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(pw.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await;
    match done {
        // Only a password longer than argon2 accepts (4 GiB; ours stop at 256 characters)
        // fails to hash with the default parameters: a bug of ours, not the user's input.
        Ok(h) => h.expect("argon2id hashes any password of at most 256 characters"),
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// Checks a password; with no stored hash it still does the work, so that the answer takes as
/// long for an unknown account as for a known one.
pub async fn verify(password: &str, stored: Option<&str>) -> bool {
    const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Rk6mQXJx6ZfJb0b4UVcvOt2yQeS7kpHs3cZ1dqDNSmY";
    let pw = password.to_string();
    let known = stored.is_some();
    let h = stored.unwrap_or(DUMMY).to_string();
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&h) else {
            return false;
        };
        Argon2::default()
            .verify_password(pw.as_bytes(), &parsed)
            .is_ok()
            && known
    })
    .await
    .unwrap_or(false)
}
