//! Customer-interface processes as data (SPEC §5): a template is an ordered
//! list of steps, each in a lane (who does it), with an expected duration,
//! what the customer is told at that step, and the outcomes allowed. A run
//! follows one customer contact through the steps; the rules of moving on
//! are here, and so is the swimlane diagram drawn from a template, so the
//! description and the running process are the same thing.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::choice::{bounded, choice};
use crate::error::Invalid;
use crate::values::Text;

choice!(
    /// Who carries a step: the swimlanes of the diagram, top to bottom.
    Lane {
        Customer => "customer",
        PartnershipManager => "partnership_manager",
        ServiceDesk => "service_desk",
        ServiceOwner => "service_owner",
        Project => "project",
    }
);

choice!(
    /// How a step ended. `Rejected` ends the run: the customer is told no.
    Outcome {
        Done => "done",
        Approved => "approved",
        Rejected => "rejected",
    }
);

choice!(
    /// What Kumppani does when a step is done, besides moving on:
    /// `CreateProject` makes the contact a project (customer, subject, people).
    StepAction {
        Nothing => "none",
        CreateProject => "create_project",
    }
);

pub const TITLE_MAX: usize = 200;
pub const TELL_MAX: usize = 1000;
pub const DAYS_MAX: i64 = 365;

/// A step as the rules read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub key: String,
    pub lane: Lane,
    /// Working days are not modelled: calendar days from the step's start.
    pub days: i64,
    /// The step's name in the reader's language.
    pub title: String,
    pub outcomes: Vec<Outcome>,
    pub action: StepAction,
}

/// Where a run goes after a step ends with an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// On to the step at this index.
    Step(usize),
    /// The process is over; `accepted` is false when it ended in a no.
    Finished { accepted: bool },
}

/// Why an outcome cannot end the current step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The step does not offer this outcome.
    NotAllowed,
    /// The run has no such step (it is finished, or the template shrank).
    NoStep,
}

impl Refused {
    pub fn code(self) -> &'static str {
        match self {
            Refused::NotAllowed => "error-outcome",
            Refused::NoStep => "error-process-finished",
        }
    }
}

/// The next place of a run at step `at` that ends with `outcome`.
pub fn next(steps: &[Step], at: usize, outcome: Outcome) -> Result<Next, Refused> {
    let step = steps.get(at).ok_or(Refused::NoStep)?;
    if !step.outcomes.contains(&outcome) {
        return Err(Refused::NotAllowed);
    }
    Ok(match outcome {
        Outcome::Rejected => Next::Finished { accepted: false },
        _ if at + 1 >= steps.len() => Next::Finished { accepted: true },
        _ => Next::Step(at + 1),
    })
}

/// The day a step is due: its start day plus its expected duration.
pub fn due(started: NaiveDate, days: i64) -> NaiveDate {
    started.checked_add_days(Days::new(days.clamp(0, DAYS_MAX) as u64)).unwrap_or(started)
}

/// Whether a step started on `started` is late on `today`.
pub fn overdue(started: NaiveDate, days: i64, today: NaiveDate) -> bool {
    today > due(started, days)
}

/// A step's editable parts as the unit head types them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepDraft {
    /// customer, partnership_manager, service_desk, service_owner or project
    pub lane: String,
    /// Expected duration in calendar days, 0–365.
    pub days: Option<i64>,
    pub title_fi: String,
    pub title_sv: String,
    pub title_en: String,
    /// What the customer is told at this step.
    #[serde(default)]
    pub tell_fi: Option<String>,
    #[serde(default)]
    pub tell_sv: Option<String>,
    #[serde(default)]
    pub tell_en: Option<String>,
    /// done, approved, rejected: at least one.
    pub outcomes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidStep {
    pub lane: Lane,
    pub days: i64,
    pub title_fi: Text,
    pub title_sv: Text,
    pub title_en: Text,
    pub tell_fi: Text,
    pub tell_sv: Text,
    pub tell_en: Text,
    pub outcomes: Vec<Outcome>,
}

impl StepDraft {
    pub fn validate(&self) -> Result<ValidStep, Invalid> {
        let mut e = Invalid::default();
        let lane = e.check("lane", Lane::parse(&self.lane));
        let days = e.check(
            "days",
            match self.days {
                Some(d) if (0..=DAYS_MAX).contains(&d) => Ok(d),
                Some(_) => Err("error-days"),
                None => Err("error-required"),
            },
        );
        let title = |raw: &str| bounded(raw, TITLE_MAX, true);
        let tell = |raw: &Option<String>| bounded(raw.as_deref().unwrap_or(""), TELL_MAX, false);
        let title_fi = e.check("title_fi", title(&self.title_fi));
        let title_sv = e.check("title_sv", title(&self.title_sv));
        let title_en = e.check("title_en", title(&self.title_en));
        let tell_fi = e.check("tell_fi", tell(&self.tell_fi));
        let tell_sv = e.check("tell_sv", tell(&self.tell_sv));
        let tell_en = e.check("tell_en", tell(&self.tell_en));
        let outcomes = e.check(
            "outcomes",
            self.outcomes.iter().map(|o| Outcome::parse(o)).collect::<Result<Vec<_>, _>>().and_then(|mut o| {
                o.sort();
                o.dedup();
                if o.is_empty() { Err("error-outcomes") } else { Ok(o) }
            }),
        );
        match (lane, days, title_fi, title_sv, title_en, tell_fi, tell_sv, tell_en, outcomes) {
            (
                Some(lane),
                Some(days),
                Some(title_fi),
                Some(title_sv),
                Some(title_en),
                Some(tell_fi),
                Some(tell_sv),
                Some(tell_en),
                Some(outcomes),
            ) if e.is_empty() => {
                Ok(ValidStep { lane, days, title_fi, title_sv, title_en, tell_fi, tell_sv, tell_en, outcomes })
            }
            _ => Err(e),
        }
    }
}

/// Labels the diagram needs in the reader's language.
pub struct DiagramLabels<'a> {
    /// The name of each lane, in [`Lane::ALL`] order.
    pub lanes: [&'a str; 5],
    /// The diagram's accessible name.
    pub title: &'a str,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Splits a title into lines of at most `width` characters for a box.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines.truncate(4);
    lines
}

const LANE_H: usize = 90;
const HEAD_W: usize = 150;
const STEP_W: usize = 170;
const BOX_W: usize = 150;
const BOX_H: usize = 64;

/// The template as a swimlane diagram (SVG): a row per lane, a box per step
/// in order, arrows from step to step. Only the lanes the steps use are
/// drawn. `current` highlights the step a run is at. The SVG carries
/// `role="img"` and a title; the page lists the steps as text beside it.
pub fn swimlane_svg(steps: &[Step], labels: &DiagramLabels, current: Option<usize>) -> String {
    let lanes: Vec<Lane> = Lane::ALL.into_iter().filter(|l| steps.iter().any(|s| s.lane == *l)).collect();
    let row = |lane: Lane| lanes.iter().position(|l| *l == lane).unwrap_or(0);
    let width = HEAD_W + STEP_W * steps.len().max(1) + 20;
    let height = LANE_H * lanes.len().max(1);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swimlane\" role=\"img\" aria-labelledby=\"swimlane-title\" \
         viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\
         <title id=\"swimlane-title\">{}</title>",
        escape(labels.title)
    );
    for (i, lane) in lanes.iter().enumerate() {
        let y = i * LANE_H;
        let fill = if i % 2 == 0 { "#f4f6f8" } else { "#ffffff" };
        let name = labels.lanes[Lane::ALL.iter().position(|l| l == lane).unwrap_or(0)];
        svg.push_str(&format!(
            "<rect x=\"0\" y=\"{y}\" width=\"{width}\" height=\"{LANE_H}\" fill=\"{fill}\" stroke=\"#8a949e\"/>\
             <text x=\"10\" y=\"{}\" fill=\"#1b1f23\" font-weight=\"bold\">{}</text>",
            y + LANE_H / 2 + 4,
            escape(name)
        ));
    }
    let centre = |i: usize, s: &Step| (HEAD_W + i * STEP_W + BOX_W / 2, row(s.lane) * LANE_H + LANE_H / 2);
    for (i, pair) in steps.windows(2).enumerate() {
        let (x1, y1) = centre(i, &pair[0]);
        let (x2, y2) = centre(i + 1, &pair[1]);
        svg.push_str(&format!(
            "<path d=\"M{} {y1} H{} V{y2} H{}\" fill=\"none\" stroke=\"#1b1f23\" stroke-width=\"1.5\"/>\
             <path d=\"M{} {} l6 4 l-6 4 z\" fill=\"#1b1f23\"/>",
            x1 + BOX_W / 2,
            x1 + BOX_W / 2 + (STEP_W - BOX_W) / 2,
            x2 - BOX_W / 2 - 6,
            x2 - BOX_W / 2 - 6,
            y2 - 4
        ));
    }
    for (i, s) in steps.iter().enumerate() {
        let (cx, cy) = centre(i, s);
        let (x, y) = (cx - BOX_W / 2, cy - BOX_H / 2);
        let (fill, stroke) = if current == Some(i) { ("#fff4c2", "#8a5a00") } else { ("#ffffff", "#1b1f23") };
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
            if current == Some(i) { 3 } else { 1 }
        ));
        let lines = wrap(&format!("{}. {}", i + 1, s.title), 24);
        let top = cy + 4 - (lines.len().saturating_sub(1) * 14) / 2;
        for (n, line) in lines.iter().enumerate() {
            svg.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#1b1f23\">{}</text>",
                cx,
                top + n * 14,
                escape(line)
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(key: &str, lane: Lane, outcomes: &[Outcome]) -> Step {
        Step {
            key: key.into(),
            lane,
            days: 5,
            title: format!("Step {key}"),
            outcomes: outcomes.to_vec(),
            action: StepAction::Nothing,
        }
    }

    fn launch() -> Vec<Step> {
        use Outcome::*;
        vec![
            step("received", Lane::PartnershipManager, &[Done]),
            step("clarified", Lane::Customer, &[Done, Rejected]),
            step("decided", Lane::Customer, &[Approved, Rejected]),
        ]
    }

    #[test]
    fn a_run_moves_step_by_step_and_a_no_ends_it() {
        let steps = launch();
        assert_eq!(next(&steps, 0, Outcome::Done), Ok(Next::Step(1)));
        assert_eq!(next(&steps, 0, Outcome::Approved), Err(Refused::NotAllowed));
        assert_eq!(next(&steps, 1, Outcome::Rejected), Ok(Next::Finished { accepted: false }));
        assert_eq!(next(&steps, 2, Outcome::Approved), Ok(Next::Finished { accepted: true }));
        assert_eq!(next(&steps, 3, Outcome::Done), Err(Refused::NoStep));
    }

    #[test]
    fn a_step_is_late_the_day_after_it_is_due() {
        let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        assert_eq!(due(start, 10), NaiveDate::from_ymd_opt(2026, 12, 11).unwrap_or_default());
        assert!(!overdue(start, 10, NaiveDate::from_ymd_opt(2026, 12, 11).unwrap_or_default()));
        assert!(overdue(start, 10, NaiveDate::from_ymd_opt(2026, 12, 12).unwrap_or_default()));
    }

    #[test]
    fn the_diagram_draws_the_lanes_used_and_every_step_in_order() {
        let labels = DiagramLabels {
            lanes: ["Asiakas", "Kumppanuuspäällikkö", "Palvelupiste", "Palvelun omistaja", "Projekti"],
            title: "Kehittämisprojektin <käynnistäminen>",
        };
        let svg = swimlane_svg(&launch(), &labels, Some(1));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("role=\"img\"") && svg.contains("&lt;käynnistäminen&gt;"));
        assert!(svg.contains(">Asiakas<") && svg.contains(">Kumppanuuspäällikkö<"));
        assert!(!svg.contains("Palvelupiste"), "unused lanes are not drawn");
        let first = svg.find("1. Step received").unwrap_or(usize::MAX);
        let third = svg.find("3. Step decided").unwrap_or(0);
        assert!(first < third, "steps in order");
        assert_eq!(svg.matches("stroke-width=\"3\"").count(), 1, "the current step is highlighted once");
        // Two arrows for three steps.
        assert_eq!(svg.matches("l6 4 l-6 4 z").count(), 2);
    }

    #[test]
    fn a_step_needs_titles_in_every_language_and_an_outcome() {
        let d = StepDraft {
            lane: "customer".into(),
            days: Some(10),
            title_fi: "Tarkennettu".into(),
            title_sv: "Preciserat".into(),
            title_en: "Clarified".into(),
            outcomes: vec!["done".into(), "rejected".into(), "done".into()],
            ..StepDraft::default()
        };
        assert_eq!(d.validate().expect("valid").outcomes, [Outcome::Done, Outcome::Rejected]);
        let bad = StepDraft { days: Some(400), outcomes: vec![], title_sv: String::new(), ..d };
        let codes: Vec<&str> = bad.validate().expect_err("bad").0.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["error-days", "error-required", "error-outcomes"]);
    }
}
