//! Account plans (SPEC §3): the plan template's sections, customer events
//! (the dated items a plan is made of), the manager's narrative, and the
//! review cadence with its staleness rule.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::choice::choice;
use crate::error::Invalid;
use crate::values::{Name, Text};

choice!(
    /// What a customer event is. "Review due" is not stored: it follows
    /// from the last review and the segment's cadence.
    EventKind {
        CriticalUpdate => "critical_update",
        BudgetMeeting => "budget_meeting",
        DevelopmentNeed => "development_need",
        MarketingAction => "marketing_action",
    }
);

choice!(
    /// Where an event stands.
    EventStatus {
        Planned => "planned",
        InProgress => "in_progress",
        Done => "done",
        Cancelled => "cancelled",
    }
);

impl EventStatus {
    /// Still to be done (an open development need, an upcoming meeting).
    pub fn is_open(self) -> bool {
        matches!(self, EventStatus::Planned | EventStatus::InProgress)
    }
}

choice!(
    /// Which data fills a plan section.
    SectionSource {
        Basic => "basic",
        Projects => "projects",
        CriticalUpdates => "critical_updates",
        BudgetMeetings => "budget_meetings",
        DevelopmentNeeds => "development_needs",
        MarketingActions => "marketing_actions",
        Narrative => "narrative",
    }
);

impl SectionSource {
    /// The kind of customer event a section lists, if it lists events.
    pub fn event_kind(self) -> Option<EventKind> {
        match self {
            SectionSource::CriticalUpdates => Some(EventKind::CriticalUpdate),
            SectionSource::BudgetMeetings => Some(EventKind::BudgetMeeting),
            SectionSource::DevelopmentNeeds => Some(EventKind::DevelopmentNeed),
            SectionSource::MarketingActions => Some(EventKind::MarketingAction),
            _ => None,
        }
    }
}

/// Longest narrative of one section.
pub const NOTE_MAX: usize = 4000;
/// Longest notes of one event.
pub const EVENT_NOTES_MAX: usize = 1000;
/// Review cadence bounds, in months.
pub const CADENCE_MIN: i64 = 1;
pub const CADENCE_MAX: i64 = 24;
/// The cadence of a segment nobody has set: quarterly.
pub const DEFAULT_CADENCE_MONTHS: i64 = 3;
/// A plan whose review falls due within this many days is "due soon".
pub const DUE_SOON_DAYS: i64 = 14;

fn short(raw: &str, max: usize) -> Result<Text, &'static str> {
    let text = Text::parse(raw)?;
    if text.as_str().chars().count() > max { Err("error-too-long") } else { Ok(text) }
}

fn date(raw: &str) -> Result<NaiveDate, &'static str> {
    crate::date::parse_iso(raw)
}

/// A customer event as typed into a form or an API body.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventDraft {
    /// `critical_update`, `budget_meeting`, `development_need`, `marketing_action`
    pub kind: String,
    pub title: String,
    /// `YYYY-MM-DD`: when it happens (for a need: when it was raised or is due).
    pub on_date: String,
    /// The catalogue service a critical update updates (required for those).
    #[serde(default)]
    pub service_id: Option<i64>,
    /// Who is responsible (a staff member).
    #[serde(default)]
    pub owner_id: Option<i64>,
    /// `planned`, `in_progress`, `done`, `cancelled`
    pub status: String,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidEvent {
    pub kind: EventKind,
    pub title: Name,
    pub on_date: NaiveDate,
    pub service_id: Option<i64>,
    pub owner_id: Option<i64>,
    pub status: EventStatus,
    pub notes: Text,
}

impl EventDraft {
    /// Checks every field; a critical update must name its service, and only
    /// a critical update names one. Whether the service and the owner exist
    /// is checked by the use case.
    pub fn validate(&self) -> Result<ValidEvent, Invalid> {
        let mut e = Invalid::default();
        let kind = e.check("kind", EventKind::parse(&self.kind));
        let title = e.check("title", Name::parse(&self.title));
        let on_date = e.check("on_date", date(&self.on_date));
        match (kind, self.service_id) {
            (Some(EventKind::CriticalUpdate), None) => e.push("service_id", "error-required"),
            (Some(k), Some(_)) if k != EventKind::CriticalUpdate => e.push("service_id", "error-service-not-update"),
            _ => {}
        }
        let status = e.check("status", EventStatus::parse(&self.status));
        let notes = e.check("notes", short(self.notes.as_deref().unwrap_or(""), EVENT_NOTES_MAX));
        match (kind, title, on_date, status, notes) {
            (Some(kind), Some(title), Some(on_date), Some(status), Some(notes)) if e.is_empty() => Ok(ValidEvent {
                kind,
                title,
                on_date,
                service_id: self.service_id,
                owner_id: self.owner_id,
                status,
                notes,
            }),
            _ => Err(e),
        }
    }
}

/// One section's narrative as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoteDraft {
    pub section_id: i64,
    /// The manager's own words; blank removes the narrative.
    pub body: String,
}

/// Checks narratives; errors are named `note-<section id>`.
pub fn validate_notes(notes: &[NoteDraft]) -> Result<Vec<(i64, Text)>, Invalid> {
    let mut e = Invalid::default();
    let mut out = Vec::new();
    for n in notes {
        if let Some(text) = e.check(&format!("note-{}", n.section_id), short(&n.body, NOTE_MAX)) {
            out.push((n.section_id, text));
        }
    }
    e.into_result().map(|()| out)
}

/// A template section as typed. Without `id` it is a new section.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SectionDraft {
    #[serde(default)]
    pub id: Option<i64>,
    /// `basic`, `projects`, `critical_updates`, `budget_meetings`,
    /// `development_needs`, `marketing_actions` or `narrative`
    pub source: String,
    pub title_fi: String,
    pub title_sv: String,
    pub title_en: String,
}

/// A segment's review cadence as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CadenceDraft {
    pub segment_id: i64,
    /// Months between reviews, 1–24.
    pub months: i64,
}

/// The whole template as typed: sections in their order (a section left
/// out is retired; its narratives stay in the history), and cadences.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateDraft {
    pub sections: Vec<SectionDraft>,
    #[serde(default)]
    pub cadences: Vec<CadenceDraft>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidSection {
    pub id: Option<i64>,
    pub source: SectionSource,
    pub titles: [Name; 3],
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidTemplate {
    pub sections: Vec<ValidSection>,
    pub cadences: Vec<(i64, i64)>,
}

impl TemplateDraft {
    /// Errors are named `<field>-<row>` (row from 0), `sections` when
    /// there are none, `months-<segment id>` for cadences.
    pub fn validate(&self) -> Result<ValidTemplate, Invalid> {
        let mut e = Invalid::default();
        if self.sections.is_empty() {
            e.push("sections", "error-required");
        }
        let mut sections = Vec::new();
        for (i, s) in self.sections.iter().enumerate() {
            let source = e.check(&format!("source-{i}"), SectionSource::parse(&s.source));
            let fi = e.check(&format!("title_fi-{i}"), Name::parse(&s.title_fi));
            let sv = e.check(&format!("title_sv-{i}"), Name::parse(&s.title_sv));
            let en = e.check(&format!("title_en-{i}"), Name::parse(&s.title_en));
            if let (Some(source), Some(fi), Some(sv), Some(en)) = (source, fi, sv, en) {
                sections.push(ValidSection { id: s.id, source, titles: [fi, sv, en] });
            }
        }
        let mut ids: Vec<i64> = self.sections.iter().filter_map(|s| s.id).collect();
        ids.sort_unstable();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            e.push("sections", "error-duplicate");
        }
        let mut cadences = Vec::new();
        for c in &self.cadences {
            if (CADENCE_MIN..=CADENCE_MAX).contains(&c.months) {
                cadences.push((c.segment_id, c.months));
            } else {
                e.push(&format!("months-{}", c.segment_id), "error-cadence");
            }
        }
        e.into_result().map(|()| ValidTemplate { sections, cadences })
    }
}

/// Where a plan stands against its review cadence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Staleness {
    /// Never reviewed: due now.
    Never,
    Current {
        due_on: NaiveDate,
    },
    DueSoon {
        due_on: NaiveDate,
    },
    Overdue {
        due_on: NaiveDate,
        days: i64,
    },
}

impl Staleness {
    pub fn code(&self) -> &'static str {
        match self {
            Staleness::Never => "never",
            Staleness::Current { .. } => "current",
            Staleness::DueSoon { .. } => "due_soon",
            Staleness::Overdue { .. } => "overdue",
        }
    }

    /// Sort rank: the stalest first.
    pub fn rank(&self) -> (u8, i64) {
        match *self {
            Staleness::Never => (0, 0),
            Staleness::Overdue { days, .. } => (1, -days),
            Staleness::DueSoon { due_on, .. } => (2, due_on.num_days_from_ce().into()),
            Staleness::Current { due_on } => (3, due_on.num_days_from_ce().into()),
        }
    }

    pub fn due_on(&self) -> Option<NaiveDate> {
        match *self {
            Staleness::Never => None,
            Staleness::Current { due_on } | Staleness::DueSoon { due_on } | Staleness::Overdue { due_on, .. } => {
                Some(due_on)
            }
        }
    }
}

/// The day the next review is due: `months` after the last (clamped to
/// the month's end, so 31 Jan + 1 month is 28/29 Feb).
pub fn review_due(last_reviewed: NaiveDate, months: i64) -> NaiveDate {
    let months = months.clamp(CADENCE_MIN, CADENCE_MAX);
    last_reviewed.checked_add_months(Months::new(u32::try_from(months).unwrap_or(3))).unwrap_or(last_reviewed)
}

/// Staleness on `today` of a plan last reviewed on `last_reviewed`.
pub fn staleness(last_reviewed: Option<NaiveDate>, months: i64, today: NaiveDate) -> Staleness {
    let Some(last) = last_reviewed else { return Staleness::Never };
    let due_on = review_due(last, months);
    let days_left = (due_on - today).num_days();
    if days_left < 0 {
        Staleness::Overdue { due_on, days: -days_left }
    } else if days_left <= DUE_SOON_DAYS {
        Staleness::DueSoon { due_on }
    } else {
        Staleness::Current { due_on }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn event() -> EventDraft {
        EventDraft {
            kind: "critical_update".into(),
            title: "Palkanlaskennan versiopäivitys".into(),
            on_date: "2027-03-14".into(),
            service_id: Some(3),
            owner_id: Some(2),
            status: "planned".into(),
            notes: None,
        }
    }

    fn fields(r: Result<impl std::fmt::Debug, Invalid>) -> Vec<(String, &'static str)> {
        r.expect_err("invalid").0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn a_good_event_validates() {
        let v = event().validate().expect("valid");
        assert_eq!((v.kind, v.status, v.on_date), (EventKind::CriticalUpdate, EventStatus::Planned, d(2027, 3, 14)));
    }

    #[test]
    fn critical_updates_name_their_service_and_nothing_else_does() {
        let mut e = event();
        e.service_id = None;
        assert_eq!(fields(e.validate()), [("service_id".to_owned(), "error-required")]);
        e.kind = "budget_meeting".into();
        assert!(e.validate().is_ok());
        e.service_id = Some(1);
        assert_eq!(fields(e.validate()), [("service_id".to_owned(), "error-service-not-update")]);
    }

    #[test]
    fn every_bad_event_field_is_reported() {
        let e = EventDraft {
            kind: "party".into(),
            title: " ".into(),
            on_date: "14.3.2027".into(),
            ..EventDraft::default()
        };
        let f: Vec<String> = fields(e.validate()).into_iter().map(|(f, _)| f).collect();
        assert_eq!(f, ["kind", "title", "on_date", "status"]);
    }

    #[test]
    fn codes_round_trip() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Ok(k));
        }
        for s in SectionSource::ALL {
            assert_eq!(SectionSource::parse(s.as_str()), Ok(s));
        }
        assert_eq!(SectionSource::DevelopmentNeeds.event_kind(), Some(EventKind::DevelopmentNeed));
        assert_eq!(SectionSource::Narrative.event_kind(), None);
        assert!(EventStatus::InProgress.is_open() && !EventStatus::Done.is_open());
    }

    #[test]
    fn template_rows_are_checked_one_by_one() {
        let good = SectionDraft {
            id: Some(1),
            source: "basic".into(),
            title_fi: "Perustiedot".into(),
            title_sv: "Grunduppgifter".into(),
            title_en: "Basics".into(),
        };
        let bad = SectionDraft { id: None, source: "weather".into(), title_sv: " ".into(), ..good.clone() };
        let t = TemplateDraft {
            sections: vec![good.clone(), bad],
            cadences: vec![CadenceDraft { segment_id: 4, months: 0 }],
        };
        assert_eq!(
            fields(t.validate()),
            [
                ("source-1".to_owned(), "error-choice"),
                ("title_sv-1".to_owned(), "error-required"),
                ("months-4".to_owned(), "error-cadence")
            ]
        );
        let dup = TemplateDraft { sections: vec![good.clone(), good.clone()], cadences: vec![] };
        assert_eq!(fields(dup.validate()), [("sections".to_owned(), "error-duplicate")]);
        assert_eq!(fields(TemplateDraft::default().validate()), [("sections".to_owned(), "error-required")]);
        let ok = TemplateDraft { sections: vec![good], cadences: vec![CadenceDraft { segment_id: 4, months: 6 }] };
        assert_eq!(ok.validate().expect("valid").cadences, [(4, 6)]);
    }

    #[test]
    fn notes_are_bounded() {
        let ok = validate_notes(&[NoteDraft { section_id: 2, body: " Tavoite: sähköinen arkisto. ".into() }]);
        assert_eq!(ok.expect("valid")[0].1.as_str(), "Tavoite: sähköinen arkisto.");
        let long = validate_notes(&[NoteDraft { section_id: 5, body: "x".repeat(NOTE_MAX + 1) }]);
        assert_eq!(fields(long), [("note-5".to_owned(), "error-too-long")]);
    }

    #[test]
    fn review_falls_due_after_the_cadence() {
        assert_eq!(review_due(d(2026, 1, 31), 1), d(2026, 2, 28));
        assert_eq!(review_due(d(2026, 5, 15), 3), d(2026, 8, 15));
        assert_eq!(review_due(d(2026, 5, 15), 0), d(2026, 6, 15), "cadence clamped to at least a month");
    }

    #[test]
    fn staleness_states() {
        let today = d(2026, 11, 27);
        assert_eq!(staleness(None, 3, today), Staleness::Never);
        assert_eq!(staleness(Some(d(2026, 10, 1)), 3, today), Staleness::Current { due_on: d(2027, 1, 1) });
        // Due in 14 days: soon; in 15: current.
        assert_eq!(staleness(Some(d(2026, 9, 11)), 3, today), Staleness::DueSoon { due_on: d(2026, 12, 11) });
        assert_eq!(staleness(Some(d(2026, 9, 12)), 3, today).code(), "current");
        // The due day itself is not yet overdue; the day after is.
        assert_eq!(staleness(Some(d(2026, 8, 27)), 3, today), Staleness::DueSoon { due_on: today });
        assert_eq!(staleness(Some(d(2026, 8, 26)), 3, today), Staleness::Overdue { due_on: d(2026, 11, 26), days: 1 });
        // A yearly segment is not overdue after a quarter.
        assert_eq!(staleness(Some(d(2026, 5, 1)), 12, today).code(), "current");
    }

    #[test]
    fn stalest_sorts_first() {
        let today = d(2026, 11, 27);
        let mut list = [
            staleness(Some(d(2026, 11, 1)), 3, today),
            staleness(Some(d(2026, 1, 1)), 3, today),
            staleness(None, 3, today),
            staleness(Some(d(2026, 6, 1)), 3, today),
        ];
        list.sort_by_key(Staleness::rank);
        let codes: Vec<&str> = list.iter().map(Staleness::code).collect();
        assert_eq!(codes, ["never", "overdue", "overdue", "current"]);
        assert!(matches!(list[1], Staleness::Overdue { days, .. } if days > 200));
    }
}
