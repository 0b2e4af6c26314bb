//! Activities with a customer: meetings, calls, e-mails and tasks, as the
//! "Recent activities" of a customer's page.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::choice::choice;
use crate::error::Invalid;
use crate::values::{Name, Text};

choice!(
    /// What kind of contact an activity was.
    ActivityKind {
        Meeting => "meeting",
        Call => "call",
        Email => "email",
        Task => "task",
        Other => "other",
    }
);

/// An activity as read from a form, an API body or a CSV row: raw, unchecked.
/// The owner is resolved by the caller (a username in CSV, an id elsewhere).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityDraft {
    /// `YYYY-MM-DD`; an ISO timestamp is accepted and its date kept.
    pub date: String,
    /// meeting, call, email, task or other.
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidActivity {
    pub occurred_on: NaiveDate,
    pub kind: ActivityKind,
    pub title: Name,
    pub notes: Text,
}

/// A calendar date: `2026-03-01` or `1.3.2026`, also taken from the front of
/// an ISO timestamp (`2026-03-01T10:00:00Z`, `2026-03-01 10:00:00+00:00`), as
/// exports write them.
pub fn parse_date(raw: &str) -> Result<NaiveDate, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("error-required");
    }
    if raw.contains('.') && !raw.contains('-') {
        // The Finnish way: 24.12.2026.
        return crate::date::parse(raw);
    }
    let day = match raw.get(..10) {
        Some(head) if raw.len() == 10 || matches!(raw.as_bytes().get(10), Some(b'T' | b' ')) => head,
        // Not a date with a time after it; the parser says why (a year of
        // five digits, or a malformed date).
        _ if !raw.contains(['T', ' ']) => return crate::date::parse(raw),
        _ => return Err("error-date"),
    };
    crate::date::parse(day)
}

impl ActivityDraft {
    pub fn validate(&self) -> Result<ValidActivity, Invalid> {
        let mut errors = Invalid::default();
        let occurred_on = errors.check("date", parse_date(&self.date));
        let kind = errors.check("kind", ActivityKind::parse(&self.kind));
        let title = errors.check("title", Name::parse(&self.title));
        let notes = errors.check("notes", Text::parse(self.notes.as_deref().unwrap_or("")));
        match (occurred_on, kind, title, notes) {
            (Some(occurred_on), Some(kind), Some(title), Some(notes)) => {
                Ok(ValidActivity { occurred_on, kind, title, notes })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_plain_or_from_timestamps() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1);
        assert_eq!(parse_date("2026-03-01").ok(), d);
        assert_eq!(parse_date(" 2026-03-01T10:00:00Z ").ok(), d);
        assert_eq!(parse_date("2026-03-01 10:00:00.000000+00:00").ok(), d);
        assert_eq!(parse_date("1.3.2026").ok(), d);
        assert_eq!(parse_date(""), Err("error-required"));
        for bad in ["2026-13-01", "31.02.2026", "2026-03-011", "2026-03-01x"] {
            assert_eq!(parse_date(bad), Err("error-date"), "{bad}");
        }
    }

    #[test]
    fn every_bad_field_is_reported() {
        let d = ActivityDraft { date: "x".into(), kind: "party".into(), title: " ".into(), notes: None };
        let fields: Vec<_> = d.validate().expect_err("bad").0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["date", "kind", "title"]);
    }

    #[test]
    fn a_good_draft_validates() {
        let d = ActivityDraft {
            date: "2026-11-27".into(),
            kind: "call".into(),
            title: "Renewal  call".into(),
            notes: Some("ok".into()),
        };
        let v = d.validate().expect("valid");
        assert_eq!((v.kind, v.title.as_str()), (ActivityKind::Call, "Renewal call"));
    }
}
