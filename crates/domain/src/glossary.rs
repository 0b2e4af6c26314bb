//! The PRINCE2 glossary: the organisation's agreed English, Finnish and
//! Swedish terms (SPEC §4). Board role labels are read from it.

use serde::{Deserialize, Serialize};

use crate::choice::bounded;
use crate::error::Invalid;
use crate::values::Text;

pub const TERM_MAX: usize = 120;
pub const DEFINITION_MAX: usize = 1000;

/// A glossary term as typed: raw, unchecked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermDraft {
    /// A stable key, lower-case letters, digits and `_` (`senior_user`).
    /// Fixed once created; the board roles' keys are what the code asks for.
    pub term_key: String,
    pub term_en: String,
    pub term_fi: String,
    pub term_sv: String,
    #[serde(default)]
    pub definition_en: Option<String>,
    #[serde(default)]
    pub definition_fi: Option<String>,
    #[serde(default)]
    pub definition_sv: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidTerm {
    pub term_key: String,
    pub term_en: Text,
    pub term_fi: Text,
    pub term_sv: Text,
    pub definition_en: Text,
    pub definition_fi: Text,
    pub definition_sv: Text,
}

fn key(raw: &str) -> Result<String, &'static str> {
    let k = raw.trim();
    if k.is_empty() {
        Err("error-required")
    } else if k.len() > 60 || !k.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        Err("error-term-key")
    } else {
        Ok(k.to_owned())
    }
}

impl TermDraft {
    pub fn validate(&self) -> Result<ValidTerm, Invalid> {
        let mut e = Invalid::default();
        let term_key = e.check("term_key", key(&self.term_key));
        let term = |raw: &str| bounded(raw, TERM_MAX, true);
        let def = |raw: &Option<String>| bounded(raw.as_deref().unwrap_or(""), DEFINITION_MAX, false);
        let term_en = e.check("term_en", term(&self.term_en));
        let term_fi = e.check("term_fi", term(&self.term_fi));
        let term_sv = e.check("term_sv", term(&self.term_sv));
        let definition_en = e.check("definition_en", def(&self.definition_en));
        let definition_fi = e.check("definition_fi", def(&self.definition_fi));
        let definition_sv = e.check("definition_sv", def(&self.definition_sv));
        match (term_key, term_en, term_fi, term_sv, definition_en, definition_fi, definition_sv) {
            (
                Some(term_key),
                Some(term_en),
                Some(term_fi),
                Some(term_sv),
                Some(definition_en),
                Some(definition_fi),
                Some(definition_sv),
            ) if e.is_empty() => {
                Ok(ValidTerm { term_key, term_en, term_fi, term_sv, definition_en, definition_fi, definition_sv })
            }
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_plain_and_every_language_has_a_term() {
        let d = TermDraft {
            term_key: "senior_user".into(),
            term_en: "Senior User".into(),
            term_fi: "Käyttäjien edustaja".into(),
            term_sv: "Användarrepresentant".into(),
            ..TermDraft::default()
        };
        assert_eq!(d.validate().expect("valid").term_key, "senior_user");
        let bad = TermDraft { term_key: "Senior User".into(), term_en: "x".into(), ..TermDraft::default() };
        let e: Vec<(String, &str)> =
            bad.validate().expect_err("bad").0.into_iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            e,
            [
                ("term_key".into(), "error-term-key"),
                ("term_fi".into(), "error-required"),
                ("term_sv".into(), "error-required")
            ]
        );
    }
}
