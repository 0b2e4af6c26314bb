//! What changed in a plan between two assemblies (the last review's
//! snapshot and now): per section, lines added, removed and changed, with
//! lines matched by the record they came from (narrative by its text).

use serde::Serialize;

use super::assemble::{Line, Plan, PlanSection};

/// One line's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct LineChange {
    /// `added`, `removed` or `changed`
    pub change: String,
    pub old: Option<Line>,
    pub new: Option<Line>,
}

/// The changes of one section (sections without changes are left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SectionChanges {
    pub section_id: i64,
    pub title_fi: String,
    pub title_sv: String,
    pub title_en: String,
    pub changes: Vec<LineChange>,
}

impl SectionChanges {
    pub fn title(&self, lang: &str) -> &str {
        match lang {
            "sv" => &self.title_sv,
            "en" => &self.title_en,
            _ => &self.title_fi,
        }
    }
}

fn change(kind: &str, old: Option<&Line>, new: Option<&Line>) -> LineChange {
    LineChange { change: kind.to_owned(), old: old.cloned(), new: new.cloned() }
}

fn lines_diff(old: &[Line], new: &[Line]) -> Vec<LineChange> {
    let mut out = Vec::new();
    for o in old {
        match new.iter().find(|n| n.key() == o.key()) {
            None => out.push(change("removed", Some(o), None)),
            Some(n) if n != o => out.push(change("changed", Some(o), Some(n))),
            Some(_) => {}
        }
    }
    for n in new.iter().filter(|n| !old.iter().any(|o| o.key() == n.key())) {
        out.push(change("added", None, Some(n)));
    }
    out
}

/// Section by section, what `new` says that `old` did not. A section new
/// to the template shows all its lines as added; a retired one as removed.
pub fn diff(old: &Plan, new: &Plan) -> Vec<SectionChanges> {
    let empty: &[Line] = &[];
    let mut out = Vec::new();
    let mut push = |s: &PlanSection, changes: Vec<LineChange>| {
        if !changes.is_empty() {
            out.push(SectionChanges {
                section_id: s.section_id,
                title_fi: s.title_fi.clone(),
                title_sv: s.title_sv.clone(),
                title_en: s.title_en.clone(),
                changes,
            });
        }
    };
    for s in &new.sections {
        let before = old.sections.iter().find(|o| o.section_id == s.section_id).map_or(empty, |o| &o.lines);
        push(s, lines_diff(before, &s.lines));
    }
    for s in old.sections.iter().filter(|o| !new.sections.iter().any(|n| n.section_id == o.section_id)) {
        push(s, lines_diff(&s.lines, empty));
    }
    out
}
