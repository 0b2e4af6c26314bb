//! Raw inputs for the smaller records and their validation.

use crate::error::Invalid;
use crate::people::Role;
use crate::values::{Email, Name, Phone, Text, optional};
use serde::{Deserialize, Serialize};

/// A segment (operating model) or a catalogue service: a name and a description.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogEntryDraft {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidCatalogEntry {
    pub name: Name,
    pub description: Text,
}

impl CatalogEntryDraft {
    pub fn validate(&self) -> Result<ValidCatalogEntry, Invalid> {
        let mut errors = Invalid::default();
        let name = errors.check("name", Name::parse(&self.name));
        let description = errors.check("description", Text::parse(self.description.as_deref().unwrap_or("")));
        match (name, description) {
            (Some(name), Some(description)) => Ok(ValidCatalogEntry { name, description }),
            _ => Err(errors),
        }
    }
}

/// A customer's contact person.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactDraft {
    pub name: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidContact {
    pub name: Name,
    pub title: Text,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
}

impl ContactDraft {
    pub fn validate(&self) -> Result<ValidContact, Invalid> {
        let mut errors = Invalid::default();
        let name = errors.check("name", Name::parse(&self.name));
        let title = errors.check("title", Text::parse(self.title.as_deref().unwrap_or("")));
        let email = errors.check("email", optional(self.email.as_deref(), Email::parse));
        let phone = errors.check("phone", optional(self.phone.as_deref(), Phone::parse));
        match (name, title, email, phone) {
            (Some(name), Some(title), Some(email), Some(phone)) => Ok(ValidContact { name, title, email, phone }),
            _ => Err(errors),
        }
    }
}

/// A user account as an administrator edits it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserDraft {
    pub username: String,
    pub display_name: String,
    #[serde(default)]
    pub email: Option<String>,
    pub role: String,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidUser {
    pub username: String,
    pub display_name: Name,
    pub email: Option<Email>,
    pub role: Role,
    pub active: bool,
}

/// Usernames: 2–64 of a–z, 0–9, `.`, `-`, `_` (lower-cased), so they are
/// easy to type and cannot impersonate each other with look-alike letters.
pub fn parse_username(raw: &str) -> Result<String, &'static str> {
    let name = raw.trim().to_lowercase();
    let ok = (2..=64).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    if ok { Ok(name) } else { Err("error-username") }
}

impl UserDraft {
    pub fn validate(&self) -> Result<ValidUser, Invalid> {
        let mut errors = Invalid::default();
        let username = errors.check("username", parse_username(&self.username));
        let display_name = errors.check("display_name", Name::parse(&self.display_name));
        let email = errors.check("email", optional(self.email.as_deref(), Email::parse));
        let role = errors.check("role", Role::parse(&self.role));
        match (username, display_name, email, role) {
            (Some(username), Some(display_name), Some(email), Some(role)) => {
                Ok(ValidUser { username, display_name, email, role, active: self.active })
            }
            _ => Err(errors),
        }
    }
}

/// Passwords: at least 10 characters, at most 256 (argon2 input stays bounded).
pub fn check_password(raw: &str) -> Result<(), &'static str> {
    match raw.chars().count() {
        0..=9 => Err("error-password-short"),
        10..=256 => Ok(()),
        _ => Err("error-too-long"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_checks_email_and_phone() {
        let d =
            ContactDraft { name: "Liisa".into(), email: Some("nope".into()), phone: Some("12".into()), title: None };
        let fields: Vec<_> = d.validate().expect_err("bad").0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["email", "phone"]);
        let ok = ContactDraft { name: "Liisa".into(), email: Some("".into()), phone: None, title: None };
        assert!(ok.validate().is_ok());
    }

    #[test]
    fn usernames_are_plain() {
        assert_eq!(parse_username(" Liisa.V "), Ok("liisa.v".into()));
        for bad in ["", "a", "liisa v", "lïisa", &"a".repeat(65)] {
            assert!(parse_username(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn user_role_must_be_known() {
        let d = UserDraft {
            username: "ab".into(),
            display_name: "A B".into(),
            email: None,
            role: "king".into(),
            active: true,
        };
        assert_eq!(d.validate().expect_err("bad").0[0].field, "role");
    }

    #[test]
    fn password_length() {
        assert!(check_password("short").is_err());
        assert!(check_password("long enough pass").is_ok());
        assert!(check_password(&"x".repeat(257)).is_err());
    }

    #[test]
    fn named_requires_a_name() {
        assert!(CatalogEntryDraft { name: " ".into(), description: None }.validate().is_err());
    }
}
