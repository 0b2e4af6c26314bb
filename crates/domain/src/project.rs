//! Projects (SPEC §4): the register and the status history (highlight reports).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::choice::choice;
use crate::error::Invalid;
use crate::values::{Name, Text};

choice!(
    /// What kind of project: lessons are most useful between projects of
    /// the same kind.
    ProjectType {
        Deployment => "deployment",
        Upgrade => "upgrade",
        Integration => "integration",
        Migration => "migration",
        Onboarding => "onboarding",
        Infrastructure => "infrastructure",
        Development => "development",
        Procurement => "procurement",
        Other => "other",
    }
);

choice!(
    /// A PRINCE2 stage. Delivery stages carry a number (stage 2, 3 …).
    Stage {
        StartingUp => "starting_up",
        Initiating => "initiating",
        Delivery => "delivery",
        Closing => "closing",
        Closed => "closed",
    }
);

choice!(
    /// A status colour: red, amber or green.
    Rag {
        Red => "red",
        Amber => "amber",
        Green => "green",
    }
);

/// A short text (a tolerance, a highlight): at most `max` characters, one
/// paragraph or a few lines.
fn short(raw: &str, max: usize) -> Result<Text, &'static str> {
    let text = Text::parse(raw)?;
    if text.as_str().chars().count() > max { Err("error-too-long") } else { Ok(text) }
}

/// Longest tolerance text.
pub const TOLERANCE_MAX: usize = 500;
/// Longest highlight text.
pub const HIGHLIGHT_MAX: usize = 2000;
/// Highest delivery stage number.
pub const STAGE_NUMBER_MAX: i64 = 99;

/// A date as forms and the API write it; blank is absent.
fn date(raw: Option<&str>) -> Result<Option<NaiveDate>, &'static str> {
    crate::date::parse_iso_optional(raw)
}

/// A project as typed into a form or an API body: raw, unchecked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectDraft {
    pub name: String,
    /// Absent for an internal project.
    #[serde(default)]
    pub customer_id: Option<i64>,
    /// The Executive (owner): a user.
    pub executive_id: Option<i64>,
    /// The project manager: a user.
    pub project_manager_id: Option<i64>,
    /// `starting_up`, `initiating`, `delivery`, `closing` or `closed`.
    pub stage: String,
    /// The delivery stage's number (2 or more is usual; 1 is initiation in
    /// PRINCE2, but the organisation numbers as it likes): required for
    /// `delivery`, absent otherwise.
    #[serde(default)]
    pub stage_number: Option<i64>,
    /// `YYYY-MM-DD`
    #[serde(default)]
    pub starts_on: Option<String>,
    /// `YYYY-MM-DD`, not before `starts_on`
    #[serde(default)]
    pub ends_on: Option<String>,
    #[serde(default)]
    pub tolerance_time: Option<String>,
    #[serde(default)]
    pub tolerance_cost: Option<String>,
    #[serde(default)]
    pub tolerance_scope: Option<String>,
    /// `deployment`, `upgrade`, `integration`, `migration`, `onboarding`,
    /// `infrastructure`, `development`, `procurement`, `other` or absent.
    #[serde(default)]
    pub project_type: Option<String>,
}

/// A project whose every field passed its rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidProject {
    pub name: Name,
    pub customer_id: Option<i64>,
    pub executive_id: i64,
    pub project_manager_id: i64,
    pub stage: Stage,
    pub stage_number: Option<i64>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub tolerance_time: Text,
    pub tolerance_cost: Text,
    pub tolerance_scope: Text,
    pub project_type: Option<ProjectType>,
}

impl ProjectDraft {
    /// Checks every field, that a delivery stage has its number (and no
    /// other stage has one), and that the end is not before the start.
    /// Whether the customer and people exist is checked by the use case.
    pub fn validate(&self) -> Result<ValidProject, Invalid> {
        let mut e = Invalid::default();
        let name = e.check("name", Name::parse(&self.name));
        let executive_id = e.check("executive_id", self.executive_id.ok_or("error-required"));
        let project_manager_id = e.check("project_manager_id", self.project_manager_id.ok_or("error-required"));
        let stage = e.check("stage", Stage::parse(&self.stage));
        let stage_number = match (stage, self.stage_number) {
            (Some(Stage::Delivery), None) => e.check("stage_number", Err("error-required")),
            (Some(Stage::Delivery), Some(n)) if !(1..=STAGE_NUMBER_MAX).contains(&n) => {
                e.check("stage_number", Err("error-stage-number"))
            }
            (Some(Stage::Delivery), Some(n)) => Some(Some(n)),
            (_, Some(_)) => e.check("stage_number", Err("error-stage-number-not-delivery")),
            (_, None) => Some(None),
        };
        let starts_on = e.check("starts_on", date(self.starts_on.as_deref()));
        let ends_on = e.check("ends_on", date(self.ends_on.as_deref()));
        if let (Some(Some(s)), Some(Some(end))) = (starts_on, ends_on)
            && end < s
        {
            e.push("ends_on", "error-ends-before-start");
        }
        let tol = |raw: &Option<String>| short(raw.as_deref().unwrap_or(""), TOLERANCE_MAX);
        let tolerance_time = e.check("tolerance_time", tol(&self.tolerance_time));
        let tolerance_cost = e.check("tolerance_cost", tol(&self.tolerance_cost));
        let tolerance_scope = e.check("tolerance_scope", tol(&self.tolerance_scope));
        let project_type = e.check("project_type", ProjectType::parse_opt(self.project_type.as_deref()));
        match (
            name,
            executive_id,
            project_manager_id,
            stage,
            stage_number,
            starts_on,
            ends_on,
            tolerance_time,
            tolerance_cost,
            tolerance_scope,
            project_type,
        ) {
            (
                Some(name),
                Some(executive_id),
                Some(project_manager_id),
                Some(stage),
                Some(stage_number),
                Some(starts_on),
                Some(ends_on),
                Some(tolerance_time),
                Some(tolerance_cost),
                Some(tolerance_scope),
                Some(project_type),
            ) if e.is_empty() => Ok(ValidProject {
                name,
                customer_id: self.customer_id,
                executive_id,
                project_manager_id,
                stage,
                stage_number,
                starts_on,
                ends_on,
                tolerance_time,
                tolerance_cost,
                tolerance_scope,
                project_type,
            }),
            _ => Err(e),
        }
    }
}

/// A status update (highlight report) as typed: raw, unchecked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusDraft {
    /// `red`, `amber` or `green`
    pub rag: String,
    /// A short highlight text: what happened, what is next, what worries.
    pub highlight: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidStatus {
    pub rag: Rag,
    pub highlight: Text,
}

impl StatusDraft {
    pub fn validate(&self) -> Result<ValidStatus, Invalid> {
        let mut e = Invalid::default();
        let rag = e.check("rag", Rag::parse(&self.rag));
        let highlight = e.check(
            "highlight",
            match short(&self.highlight, HIGHLIGHT_MAX) {
                Ok(t) if t.as_str().is_empty() => Err("error-required"),
                other => other,
            },
        );
        match (rag, highlight) {
            (Some(rag), Some(highlight)) if e.is_empty() => Ok(ValidStatus { rag, highlight }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ProjectDraft {
        ProjectDraft {
            name: "Asianhallinnan uudistus".into(),
            customer_id: Some(4),
            executive_id: Some(2),
            project_manager_id: Some(3),
            stage: "delivery".into(),
            stage_number: Some(2),
            starts_on: Some("2026-01-15".into()),
            ends_on: Some("2026-12-31".into()),
            tolerance_time: Some("± 2 weeks".into()),
            tolerance_cost: Some("± 10 %".into()),
            tolerance_scope: None,
            project_type: Some("deployment".into()),
        }
    }

    fn fields(d: &ProjectDraft) -> Vec<(String, &'static str)> {
        d.validate().expect_err("invalid").0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn a_good_draft_validates() {
        let v = draft().validate().expect("valid");
        assert_eq!(v.stage, Stage::Delivery);
        assert_eq!(v.stage_number, Some(2));
        assert_eq!(v.tolerance_scope.as_str(), "");
        assert_eq!(v.starts_on, NaiveDate::from_ymd_opt(2026, 1, 15));
    }

    #[test]
    fn internal_projects_have_no_customer() {
        let mut d = draft();
        d.customer_id = None;
        assert_eq!(d.validate().expect("valid").customer_id, None);
    }

    #[test]
    fn delivery_needs_a_stage_number_and_others_have_none() {
        let mut d = draft();
        d.stage_number = None;
        assert_eq!(fields(&d), [("stage_number".to_owned(), "error-required")]);
        d.stage_number = Some(0);
        assert_eq!(fields(&d), [("stage_number".to_owned(), "error-stage-number")]);
        d.stage_number = Some(100);
        assert_eq!(fields(&d), [("stage_number".to_owned(), "error-stage-number")]);
        d.stage = "closing".into();
        d.stage_number = Some(3);
        assert_eq!(fields(&d), [("stage_number".to_owned(), "error-stage-number-not-delivery")]);
        d.stage_number = None;
        assert_eq!(d.validate().expect("valid").stage, Stage::Closing);
    }

    #[test]
    fn every_stage_round_trips() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Ok(s));
        }
        assert_eq!(Stage::parse("stage_2"), Err("error-choice"));
        for r in Rag::ALL {
            assert_eq!(Rag::parse(r.as_str()), Ok(r));
        }
        assert_eq!(Rag::parse("blue"), Err("error-choice"));
    }

    #[test]
    fn dates_are_checked_and_ordered() {
        let mut d = draft();
        d.starts_on = Some("15.1.2026".into());
        assert_eq!(fields(&d), [("starts_on".to_owned(), "error-date")]);
        d.starts_on = Some("2027-01-01".into());
        assert_eq!(fields(&d), [("ends_on".to_owned(), "error-ends-before-start")]);
        d.ends_on = Some(" ".into());
        assert_eq!(d.validate().expect("valid").ends_on, None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let d = ProjectDraft {
            name: " ".into(),
            stage: "".into(),
            tolerance_cost: Some("x".repeat(TOLERANCE_MAX + 1)),
            ..ProjectDraft::default()
        };
        let f: Vec<String> = fields(&d).into_iter().map(|(f, _)| f).collect();
        assert_eq!(f, ["name", "executive_id", "project_manager_id", "stage", "tolerance_cost"]);
    }

    #[test]
    fn status_needs_colour_and_text() {
        let ok = StatusDraft { rag: "amber".into(), highlight: " Testaus myöhässä. ".into() };
        let v = ok.validate().expect("valid");
        assert_eq!((v.rag, v.highlight.as_str()), (Rag::Amber, "Testaus myöhässä."));
        let bad = StatusDraft { rag: "purple".into(), highlight: "  ".into() };
        let e: Vec<_> = bad.validate().expect_err("bad").0.into_iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(e, [("rag".to_owned(), "error-choice"), ("highlight".to_owned(), "error-required")]);
        let long = StatusDraft { rag: "red".into(), highlight: "x".repeat(HIGHLIGHT_MAX + 1) };
        assert!(long.validate().is_err());
    }
}
