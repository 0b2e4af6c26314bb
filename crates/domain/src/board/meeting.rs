//! Board meetings and the decisions the board records (SPEC §4: the board
//! decides on progress, scope, budget, resource changes and
//! schedule-critical matters).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::choice::choice;
use crate::error::Invalid;
use crate::values::{Name, Text};

/// Longest agenda.
pub const AGENDA_MAX: usize = 4000;
/// Longest decision text.
pub const DECISION_MAX: usize = 2000;

choice!(
    /// What a decision is about.
    Category {
        Progress => "progress",
        Scope => "scope",
        Budget => "budget",
        Resources => "resources",
        Schedule => "schedule",
    }
);

fn required_text(raw: &str, max: usize) -> Result<Text, &'static str> {
    let t = Text::parse(raw)?;
    if t.as_str().is_empty() {
        Err("error-required")
    } else if t.as_str().chars().count() > max {
        Err("error-too-long")
    } else {
        Ok(t)
    }
}

/// A meeting as typed: its date, agenda and who attended (board member ids).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingDraft {
    /// `YYYY-MM-DD`
    pub held_on: String,
    pub agenda: String,
    /// Ids of the board's members who attended.
    #[serde(default)]
    pub attendee_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidMeeting {
    pub held_on: NaiveDate,
    pub agenda: Text,
    pub attendee_ids: Vec<i64>,
}

impl MeetingDraft {
    /// Whether the attendees sit on the board is the use case's check.
    pub fn validate(&self) -> Result<ValidMeeting, Invalid> {
        let mut e = Invalid::default();
        let held_on = e.check("held_on", crate::date::parse_iso(&self.held_on));
        let agenda = e.check("agenda", required_text(&self.agenda, AGENDA_MAX));
        let mut attendee_ids = self.attendee_ids.clone();
        attendee_ids.sort_unstable();
        attendee_ids.dedup();
        if attendee_ids.is_empty() {
            e.push("attendee_ids", "meeting-error-no-attendees");
        }
        match (held_on, agenda) {
            (Some(held_on), Some(agenda)) if e.is_empty() => Ok(ValidMeeting { held_on, agenda, attendee_ids }),
            _ => Err(e),
        }
    }
}

/// A decision as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionDraft {
    /// The meeting where it was decided.
    pub meeting_id: Option<i64>,
    /// What was decided.
    pub what: String,
    /// Who decided: the board, or the member with the authority.
    pub decided_by: String,
    /// `progress`, `scope`, `budget`, `resources` or `schedule`
    pub category: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidDecision {
    pub meeting_id: i64,
    pub what: Text,
    pub decided_by: Name,
    pub category: Category,
}

impl DecisionDraft {
    /// Whether the meeting belongs to the project is the use case's check.
    pub fn validate(&self) -> Result<ValidDecision, Invalid> {
        let mut e = Invalid::default();
        let meeting_id = e.check("meeting_id", self.meeting_id.ok_or("error-required"));
        let what = e.check("what", required_text(&self.what, DECISION_MAX));
        let decided_by = e.check("decided_by", Name::parse(&self.decided_by));
        let category = e.check("category", Category::parse(&self.category));
        match (meeting_id, what, decided_by, category) {
            (Some(meeting_id), Some(what), Some(decided_by), Some(category)) if e.is_empty() => {
                Ok(ValidDecision { meeting_id, what, decided_by, category })
            }
            _ => Err(e),
        }
    }
}
