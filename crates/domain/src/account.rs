//! People who operate a shop: their login e-mail, password, display name and
//! the role that decides what they may change.

use std::fmt;

use crate::error::ValidationError;
use crate::text::{char_count, has_control, str_value};

const EMAIL_MAX: usize = 254;

/// A login and contact address, normalised to lowercase so that
/// "Emilie@Example.fr" and "emilie@example.fr" are one account.
///
/// The check is deliberately shallow: the only real proof that an address
/// works is the confirmation e-mail, so this only catches typing mistakes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, ValidationError> {
        let email = input.trim().to_lowercase();
        if char_count(&email) > EMAIL_MAX {
            return Err(ValidationError::new("email-too-long").with("max", EMAIL_MAX));
        }
        if is_plausible_email(&email) {
            Ok(Email(email))
        } else {
            Err(ValidationError::new("email-invalid"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

str_value!(Email);

fn is_plausible_email(email: &str) -> bool {
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) || email.contains("..") {
        return false;
    }
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    if local.is_empty() || domain.contains('@') {
        return false;
    }
    // A leading or trailing dot would make an empty label or atom.
    let dotted_ends = |s: &str| s.starts_with('.') || s.ends_with('.');
    if dotted_ends(local) || dotted_ends(domain) {
        return false;
    }
    domain == "localhost" || domain.contains('.')
}

/// What a sign-in form may carry: an e-mail and a password no longer than any account can have.
/// Checked before anything is counted or hashed, so that a huge field costs nothing to refuse.
pub fn check_sign_in(email: &str, password: &str) -> Result<(), ValidationError> {
    if char_count(email.trim()) > EMAIL_MAX {
        return Err(ValidationError::new("email-too-long").with("max", EMAIL_MAX));
    }
    if char_count(password) > PASSWORD_MAX {
        return Err(ValidationError::new("password-too-long").with("max", PASSWORD_MAX));
    }
    Ok(())
}

const PASSWORD_MIN: usize = 10;
const PASSWORD_MAX: usize = 256;

/// A password as typed, before hashing. Never trimmed: spaces are legitimate
/// password characters.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub fn parse(input: &str) -> Result<Password, ValidationError> {
        let len = char_count(input);
        if len < PASSWORD_MIN {
            return Err(ValidationError::new("password-too-short").with("min", PASSWORD_MIN));
        }
        // The upper bound keeps a hostile multi-megabyte "password" from
        // turning the hash function into a denial of service.
        if len > PASSWORD_MAX {
            return Err(ValidationError::new("password-too-long").with("max", PASSWORD_MAX));
        }
        Ok(Password(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Same as [`Password::as_str`], under a name that stands out in review
    /// wherever the secret leaves this type.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    // Debug output ends up in logs and panic messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// What a member of a shop's team may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Owner,
    Manager,
    Staff,
}

impl Role {
    pub fn parse(input: &str) -> Result<Role, ValidationError> {
        let raw = input.trim();
        Role::all()
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(raw))
            .ok_or_else(|| ValidationError::new("role-unknown").with("value", raw))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Manager => "manager",
            Role::Staff => "staff",
        }
    }

    pub fn all() -> [Role; 3] {
        [Role::Owner, Role::Manager, Role::Staff]
    }

    pub fn can_manage_settings(self) -> bool {
        matches!(self, Role::Owner | Role::Manager)
    }

    pub fn can_manage_payments(self) -> bool {
        matches!(self, Role::Owner | Role::Manager)
    }

    pub fn can_manage_staff(self) -> bool {
        matches!(self, Role::Owner | Role::Manager)
    }

    /// Whether someone with this role may give `target` to a team member.
    /// A manager cannot mint owners, otherwise they could lock the owner out.
    pub fn can_assign(self, target: Role) -> bool {
        match self {
            Role::Owner => true,
            Role::Manager => matches!(target, Role::Manager | Role::Staff),
            Role::Staff => false,
        }
    }
}

str_value!(Role);

const PERSON_NAME_MAX: usize = 100;

/// How a team member or customer wants to be called. No structure is
/// imposed (first/last name, order, capitals): names vary too much.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<PersonName, ValidationError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(ValidationError::new("person-name-empty"));
        }
        if char_count(name) > PERSON_NAME_MAX {
            return Err(ValidationError::new("person-name-too-long").with("max", PERSON_NAME_MAX));
        }
        if has_control(name) {
            return Err(ValidationError::new("person-name-control-chars"));
        }
        Ok(PersonName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

str_value!(PersonName);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_code;

    #[test]
    fn email_is_normalised() {
        let e = Email::parse("  Emilie.Martin@Fromagerie.FR ").unwrap();
        assert_eq!(e.as_str(), "emilie.martin@fromagerie.fr");
        assert!(Email::parse("dev@localhost").is_ok());
        assert!(Email::parse("a+tag@sub.example.co.uk").is_ok());
    }

    #[test]
    fn email_refuses_typing_mistakes() {
        for bad in [
            "",
            "emilie",
            "@example.fr",
            "emilie@",
            "emilie@example",
            "emilie@@example.fr",
            "emi@lie@example.fr",
            "emilie martin@example.fr",
            "emilie@exa\tmple.fr",
            "emilie@example..fr",
            "emilie..martin@example.fr",
            ".emilie@example.fr",
            "emilie.@example.fr",
            "emilie@.example.fr",
            "emilie@example.fr.",
            "emilie@local",
        ] {
            assert_code(Email::parse(bad), "email-invalid");
        }
    }

    #[test]
    fn email_length_limit() {
        let domain = "@example.fr";
        let ok = format!("{}{domain}", "a".repeat(EMAIL_MAX - domain.len()));
        assert!(Email::parse(&ok).is_ok());
        let long = format!("a{ok}");
        let e = assert_code(Email::parse(&long), "email-too-long");
        assert_eq!(e.arg("max"), Some("254"));
    }

    #[test]
    fn password_length_counts_characters() {
        // Ten characters but twenty bytes.
        assert!(Password::parse("éééééééééé").is_ok());
        let e = assert_code(Password::parse("ééééééééé"), "password-too-short");
        assert_eq!(e.arg("min"), Some("10"));
        assert!(Password::parse(&"x".repeat(256)).is_ok());
        let e = assert_code(Password::parse(&"x".repeat(257)), "password-too-long");
        assert_eq!(e.arg("max"), Some("256"));
    }

    #[test]
    fn password_keeps_spaces_and_hides_in_debug() {
        let p = Password::parse("  correct horse  ").unwrap();
        assert_eq!(p.expose(), "  correct horse  ");
        assert_eq!(p.as_str(), p.expose());
        let shown = format!("{p:?} {:?}", Some(&p));
        assert!(!shown.contains("horse"), "{shown}");
    }

    #[test]
    fn role_round_trip() {
        for role in Role::all() {
            assert_eq!(Role::parse(role.as_str()).unwrap(), role);
            assert_eq!(role.to_string(), role.as_str());
        }
        assert_eq!(Role::parse(" Manager ").unwrap(), Role::Manager);
        let e = assert_code(Role::parse("admin"), "role-unknown");
        assert_eq!(e.arg("value"), Some("admin"));
    }

    #[test]
    fn role_permissions() {
        use Role::*;
        for (role, allowed) in [(Owner, true), (Manager, true), (Staff, false)] {
            assert_eq!(role.can_manage_settings(), allowed, "{role}");
            assert_eq!(role.can_manage_payments(), allowed, "{role}");
            assert_eq!(role.can_manage_staff(), allowed, "{role}");
        }
    }

    #[test]
    fn role_assignment_matrix() {
        use Role::*;
        let expected = [
            (Owner, [true, true, true]),
            (Manager, [false, true, true]),
            (Staff, [false, false, false]),
        ];
        for (by, row) in expected {
            for (target, allowed) in Role::all().into_iter().zip(row) {
                assert_eq!(by.can_assign(target), allowed, "{by} assigning {target}");
            }
        }
    }

    #[test]
    fn person_name_rules() {
        assert_eq!(PersonName::parse("  Zoé  ").unwrap().as_str(), "Zoé");
        assert!(PersonName::parse("X").is_ok());
        assert_code(PersonName::parse("   "), "person-name-empty");
        assert!(PersonName::parse(&"é".repeat(100)).is_ok());
        let e = assert_code(PersonName::parse(&"é".repeat(101)), "person-name-too-long");
        assert_eq!(e.arg("max"), Some("100"));
        assert_code(
            PersonName::parse("Zoé\rMartin"),
            "person-name-control-chars",
        );
    }
}
