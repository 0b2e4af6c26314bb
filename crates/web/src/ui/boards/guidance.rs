//! The board guidance (ohjausryhmätyöskentelyn ohje): one A4 page saying
//! what each role is expected to do and what it answers for, personalised
//! with the project's members, meeting interval and ways of working. Built
//! once as a model from Fluent messages and the board; the HTML page and
//! the PDF (`kumppani-docs`) both render the model, so they say the same.

use kumppani_app::boards::BoardView;
use kumppani_docs::Document;
use kumppani_domain::board::BoardRole;

use super::Labels;

/// One section of running text: a heading, paragraphs, bullet points.
#[derive(Debug, Clone, Default)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub bullets: Vec<String>,
}

/// One role: who holds it, what is expected, what it answers for.
#[derive(Debug, Clone, Default)]
pub struct RoleRow {
    pub role: String,
    pub members: String,
    pub expected: String,
    pub answers: String,
}

#[derive(Debug, Clone, Default)]
pub struct Guidance {
    pub lang: &'static str,
    pub title: String,
    pub project: String,
    pub sections: Vec<Section>,
    pub roles_heading: String,
    /// Column headings of the role table.
    pub columns: [String; 4],
    pub roles: Vec<RoleRow>,
    pub practice_heading: String,
    /// The project manager's part.
    pub manager: String,
    /// (label, value): meeting interval, ways of working.
    pub practice: Vec<(String, String)>,
}

/// The guidance for a board in a language.
pub fn build(l: &Labels, v: &BoardView) -> Guidance {
    let t = l.t;
    let decides: Vec<String> = ["progress", "scope", "budget", "resources", "schedule"]
        .iter()
        .map(|c| t.t(&format!("decision-category-{c}")).to_lowercase())
        .collect();
    let decides = decides.join(", ");
    let sections = vec![
        Section {
            heading: t.t("guidance-board-heading"),
            // One line, not a list: the whole guidance fits one A4 page.
            paragraphs: vec![t.t("guidance-board-answers"), format!("{} {}.", t.t("guidance-board-decides"), decides)],
            bullets: Vec::new(),
        },
        Section {
            heading: t.t("guidance-communication-heading"),
            paragraphs: vec![t.t("guidance-communication"), t.t("guidance-delegation")],
            bullets: Vec::new(),
        },
    ];
    let roles = BoardRole::ALL
        .iter()
        .map(|role| {
            let names: Vec<&str> =
                v.board.members.iter().filter(|m| m.role == *role).map(|m| m.name.as_str()).collect();
            RoleRow {
                role: l.role(role),
                members: if names.is_empty() { t.t("guidance-nobody-yet") } else { names.join(", ") },
                expected: t.t(&format!("guidance-{}-expected", role.as_str())),
                answers: t.t(&format!("guidance-{}-answers", role.as_str())),
            }
        })
        .collect();
    let or_later = |s: &str| if s.is_empty() { t.t("guidance-not-agreed") } else { s.to_owned() };
    Guidance {
        lang: t.code(),
        title: t.t("guidance-title"),
        project: v.project_name.clone(),
        sections,
        roles_heading: t.t("guidance-roles-heading"),
        columns: [t.t("label-role"), t.t("board-members"), t.t("guidance-expected"), t.t("guidance-answers")],
        roles,
        practice_heading: t.t("guidance-practice-heading"),
        manager: t.t_args("guidance-manager", &[("name", v.project_manager_name.clone())]),
        practice: vec![
            (t.t("label-meeting_interval"), or_later(&v.board.meeting_interval)),
            (t.t("label-ways_of_working"), or_later(&v.board.ways_of_working)),
        ],
    }
}

/// The guidance as a typeset document.
pub fn document(g: &Guidance) -> Document {
    let mut doc = Document::new(g.title.clone(), g.lang).subtitle(g.project.clone()).footer("Kumppani");
    for s in &g.sections {
        doc.heading(s.heading.clone());
        for p in &s.paragraphs {
            doc.paragraph(p.clone());
        }
        if !s.bullets.is_empty() {
            doc.bullets(s.bullets.clone());
        }
    }
    doc.heading(g.roles_heading.clone());
    doc.table(
        g.columns.clone(),
        g.roles.iter().map(|r| vec![r.role.clone(), r.members.clone(), r.expected.clone(), r.answers.clone()]),
    );
    doc.heading(g.practice_heading.clone()).paragraph(g.manager.clone()).fields(g.practice.clone());
    doc
}
