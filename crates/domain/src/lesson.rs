//! The lessons log (oppimispäiväkirja, SPEC §4): kept per project, searched
//! across all of them. The search words are prepared here, the same way for
//! both databases' full-text engines.

use serde::{Deserialize, Serialize};

use crate::choice::{bounded, choice};
use crate::error::Invalid;
use crate::values::Text;

choice!(
    /// Whether a lesson is something to repeat or to avoid.
    LessonKind { Repeat => "repeat", Avoid => "avoid" }
);

choice!(
    /// What a lesson is about.
    Category {
        Planning => "planning",
        Schedule => "schedule",
        Cost => "cost",
        Scope => "scope",
        Quality => "quality",
        Risk => "risk",
        Communication => "communication",
        Supplier => "supplier",
        Technology => "technology",
        Governance => "governance",
    }
);

pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 4000;

/// A lesson as typed: raw, unchecked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonDraft {
    /// One line that says it.
    pub summary: String,
    /// What happened.
    pub happened: String,
    /// What to repeat or avoid next time, and how.
    #[serde(default)]
    pub advice: Option<String>,
    /// `repeat` or `avoid`
    pub kind: String,
    /// `planning`, `schedule`, `cost`, `scope`, `quality`, `risk`,
    /// `communication`, `supplier`, `technology` or `governance`
    pub category: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidLesson {
    pub summary: Text,
    pub happened: Text,
    pub advice: Text,
    pub kind: LessonKind,
    pub category: Category,
}

impl LessonDraft {
    pub fn validate(&self) -> Result<ValidLesson, Invalid> {
        let mut e = Invalid::default();
        let summary = e.check("summary", bounded(&self.summary, TITLE_MAX, true));
        let happened = e.check("happened", bounded(&self.happened, TEXT_MAX, true));
        let advice = e.check("advice", bounded(self.advice.as_deref().unwrap_or(""), TEXT_MAX, false));
        let kind = e.check("kind", LessonKind::parse(&self.kind));
        let category = e.check("category", Category::parse(&self.category));
        match (summary, happened, advice, kind, category) {
            (Some(summary), Some(happened), Some(advice), Some(kind), Some(category)) if e.is_empty() => {
                Ok(ValidLesson { summary, happened, advice, kind, category })
            }
            _ => Err(e),
        }
    }
}

/// The most words a search uses (a pasted paragraph cannot build a huge query).
pub const QUERY_WORDS_MAX: usize = 8;

/// The words of a search, ready for a prefix match: lower-cased, letters and
/// digits only (so nothing reaches the full-text query syntax), and cut
/// short the way a crude Finnish stemmer would. Finnish inflects by suffix,
/// often changing the stem's last consonants (koulutus → koulutuksen,
/// laskenta → laskennan), so a word longer than five letters keeps its first
/// three quarters: "koulut*" finds both.
pub fn search_terms(q: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for word in q.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 2) {
        let word = word.to_lowercase();
        let n = word.chars().count();
        let keep = if n > 5 { (n * 3).div_ceil(4).max(5) } else { n };
        let term: String = word.chars().take(keep).collect();
        if !terms.contains(&term) {
            terms.push(term);
        }
        if terms.len() == QUERY_WORDS_MAX {
            break;
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lesson_needs_title_text_kind_and_category() {
        let d = LessonDraft {
            summary: "Koulutus ennen käyttöönottoa".into(),
            happened: "Käyttäjät koulutettiin kaksi viikkoa ennen.".into(),
            advice: None,
            kind: "repeat".into(),
            category: "quality".into(),
        };
        let v = d.validate().expect("valid");
        assert_eq!((v.kind, v.category, v.advice.as_str()), (LessonKind::Repeat, Category::Quality, ""));
        let bad = LessonDraft { summary: "x".repeat(TITLE_MAX + 1), kind: "maybe".into(), ..LessonDraft::default() };
        let fields: Vec<String> = bad.validate().expect_err("bad").0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["summary", "happened", "kind", "category"]);
    }

    #[test]
    fn search_terms_are_cut_for_finnish_inflection() {
        assert_eq!(search_terms("Koulutus"), ["koulut"]);
        assert!("koulutuksen".starts_with(&search_terms("koulutus")[0]));
        assert!("palkanlaskennan".starts_with(&search_terms("palkanlaskenta")[0]));
        assert!("järjestelmän".starts_with(&search_terms("järjestelmä")[0]));
        assert!("sopimuksen".starts_with(&search_terms("sopimus")[0]));
        assert_eq!(search_terms("SAP ja \"x\" OR*"), ["sap", "ja", "or"]);
        assert_eq!(search_terms("a b c"), Vec::<String>::new());
        assert_eq!(search_terms(&"sana ".repeat(3)), ["sana"]);
        let many: String = (0..20).map(|i| format!("w{i} ")).collect();
        assert_eq!(search_terms(&many).len(), QUERY_WORDS_MAX);
    }
}
