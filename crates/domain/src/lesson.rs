//! The lessons log (oppimispäiväkirja, SPEC §4): kept per project, searched
//! across all of them. The search words are prepared here ([`SearchTerms`]),
//! the same way for both databases' full-text engines.

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

/// The words of a lesson search, ready for a prefix match in either
/// database's full-text syntax (FTS5 `"word"*`, PostgreSQL `word:*`). Built
/// only by [`SearchTerms::parse`], so every word holds letters and digits
/// and nothing else: no quote, operator, `*`, `:` or parenthesis of user
/// input can reach a query. Words are lower-cased, at most
/// [`QUERY_WORDS_MAX`] of them, each cut short the way a crude Finnish
/// stemmer would. Finnish inflects by suffix, often changing the stem's last
/// consonants (koulutus → koulutuksen, laskenta → laskennan), so a word
/// longer than five letters keeps its first three quarters: "koulut*"
/// finds both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchTerms(Vec<String>);

impl SearchTerms {
    pub fn parse(q: &str) -> Self {
        let mut terms: Vec<String> = Vec::new();
        for word in q.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 2) {
            let word = word.to_lowercase();
            let n = word.chars().count();
            let keep = if n > 5 { (n * 3).div_ceil(4).max(5) } else { n };
            // Lower-casing can turn one letter into a letter and a combining
            // mark (İ → i̇); the filter keeps the guarantee of the type.
            let term: String = word.chars().filter(|c| c.is_alphanumeric()).take(keep).collect();
            if !term.is_empty() && !terms.contains(&term) {
                terms.push(term);
            }
            if terms.len() == QUERY_WORDS_MAX {
                break;
            }
        }
        SearchTerms(terms)
    }

    /// No word to search for (the list is then newest first).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The words, each letters and digits only.
    pub fn words(&self) -> &[String] {
        &self.0
    }
}

/// A query string's `q=` is parsed on arrival, so the store never sees raw input.
impl<'de> Deserialize<'de> for SearchTerms {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|q| SearchTerms::parse(&q))
    }
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

    fn terms(q: &str) -> Vec<String> {
        SearchTerms::parse(q).words().to_vec()
    }

    #[test]
    fn search_terms_are_cut_for_finnish_inflection() {
        assert_eq!(terms("Koulutus"), ["koulut"]);
        assert!("koulutuksen".starts_with(&terms("koulutus")[0]));
        assert!("palkanlaskennan".starts_with(&terms("palkanlaskenta")[0]));
        assert!("järjestelmän".starts_with(&terms("järjestelmä")[0]));
        assert!("sopimuksen".starts_with(&terms("sopimus")[0]));
        assert_eq!(terms("SAP ja \"x\" OR*"), ["sap", "ja", "or"]);
        assert_eq!(terms("a b c"), Vec::<String>::new());
        assert!(SearchTerms::parse("a b c").is_empty());
        assert_eq!(terms(&"sana ".repeat(3)), ["sana"]);
        let many: String = (0..20).map(|i| format!("w{i} ")).collect();
        assert_eq!(terms(&many).len(), QUERY_WORDS_MAX);
    }

    #[test]
    fn hostile_input_leaves_letters_and_digits_only() {
        let hostile = [
            "\"\" OR \"*",
            "sap\" OR lessons_fts MATCH \"x",
            "koulutus:* | !raha & (budjetti)",
            "NEAR(a b, 3) title:sopimus ^alku",
            "'; DROP TABLE lessons; --",
            "x*y* **** ::: ((( ))) \\ \u{0} \t\n",
            "İstanbul ﬁnanssi ß Ǆ",
        ];
        for q in hostile {
            for word in terms(q) {
                assert!(!word.is_empty() && word.chars().all(char::is_alphanumeric), "{q:?} gave {word:?}");
            }
        }
        assert_eq!(terms("sap\" OR lessons_fts MATCH \"x"), ["sap", "or", "lesson", "fts", "match"]);
        assert_eq!(terms("koulutus:* | !raha & (budjetti)"), ["koulut", "raha", "budjet"]);
        assert_eq!(terms("\"\" OR \"*"), ["or"]);
        assert_eq!(terms("*:()&|!"), Vec::<String>::new());
    }

    #[test]
    fn finnish_and_swedish_letters_are_letters() {
        assert_eq!(terms("ÄÄNESTYS Över Åbo"), ["äänest", "över", "åbo"]);
        assert_eq!(terms("työ-ja elinkeinotoimisto"), ["työ", "ja", "elinkeinotoim"]);
        assert_eq!(terms("Söderström/Öhman"), ["söderstr", "öhman"]);
    }

    #[test]
    fn e_mail_addresses_urls_and_paths_split_into_words() {
        assert_eq!(terms("liisa.virtanen@tampere.fi"), ["liisa", "virtan", "tamper", "fi"]);
        assert_eq!(terms("https://intra.example.fi/sap/raportit"), ["https", "intra", "exampl", "fi", "sap", "raport"]);
        assert_eq!(terms(r"C:\\Projektit\\budjetti_2024.xlsx"), ["projekt", "budjet", "2024", "xlsx"]);
    }

    #[test]
    fn a_query_string_is_parsed_on_arrival() {
        let q = serde::de::value::StrDeserializer::<serde::de::value::Error>::new("Koulutus ja (raha)");
        let parsed = SearchTerms::deserialize(q).expect("a string");
        assert_eq!(parsed, SearchTerms::parse("koulutus ja raha"));
    }
}
