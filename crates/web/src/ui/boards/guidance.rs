//! The board guidance (ohjausryhmätyöskentelyn ohje): one A4 page saying
//! what each role is expected to do and what it answers for, personalised
//! with the project's members, meeting interval and ways of working. Built
//! as a small document model so that the HTML page and a PDF say the same.

use kumppani_app::boards::BoardView;
use kumppani_domain::board::BoardRole;

use crate::Lang;

/// One section: a heading, paragraphs, and bullet points.
#[derive(Debug, Clone, Default)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub bullets: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Guidance {
    pub title: String,
    pub project: String,
    pub sections: Vec<Section>,
}

/// The guidance for a board in a language.
pub fn build(t: Lang, v: &BoardView) -> Guidance {
    let mut sections = vec![
        Section {
            heading: t.t("guidance-board-heading"),
            paragraphs: vec![t.t("guidance-board-answers"), t.t("guidance-board-decides")],
            bullets: ["progress", "scope", "budget", "resources", "schedule"]
                .iter()
                .map(|c| t.t(&format!("decision-category-{c}")))
                .collect(),
        },
        Section {
            heading: t.t("guidance-communication-heading"),
            paragraphs: vec![t.t("guidance-communication"), t.t("guidance-delegation")],
            bullets: Vec::new(),
        },
    ];
    for role in BoardRole::ALL {
        let names: Vec<String> = v.board.members.iter().filter(|m| m.role == role).map(|m| m.name.clone()).collect();
        let who = if names.is_empty() { t.t("guidance-nobody-yet") } else { names.join(", ") };
        sections.push(Section {
            heading: format!("{}: {who}", t.t(&format!("board-role-{}", role.as_str()))),
            paragraphs: vec![
                t.t(&format!("guidance-{}-expected", role.as_str())),
                t.t(&format!("guidance-{}-answers", role.as_str())),
            ],
            bullets: Vec::new(),
        });
    }
    let interval = match v.board.meeting_interval.as_str() {
        "" => t.t("guidance-not-agreed"),
        s => s.to_owned(),
    };
    let ways = match v.board.ways_of_working.as_str() {
        "" => t.t("guidance-not-agreed"),
        s => s.to_owned(),
    };
    sections.push(Section {
        heading: t.t("guidance-practice-heading"),
        paragraphs: vec![
            t.t_args("guidance-manager", &[("name", v.project_manager_name.clone())]),
            t.t_args("guidance-interval", &[("interval", interval)]),
            t.t_args("guidance-ways", &[("ways", ways)]),
        ],
        bullets: Vec::new(),
    });
    Guidance { title: t.t("guidance-title"), project: v.project_name.clone(), sections }
}
