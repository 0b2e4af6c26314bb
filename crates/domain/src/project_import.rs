//! Projects from a project server: MS Project XML (MSPDI) and its CSV
//! export, read into plain rows. Pure parsing: who the manager is and
//! whether the project exists already is the use case's business. A file
//! that cannot be read at all is one error; a bad value in one project is
//! that project's problem, reported beside the others.

mod csv;
mod mspdi;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Invalid;
use crate::project::{Rag, Stage};
use crate::search::sort_key;

/// A project as a project server describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportedProject {
    /// Where in the file: the CSV line, or the project's place in the XML.
    pub line: usize,
    /// The project server's id (GUID or id column); without one, the
    /// name stands in, so that a re-import still finds it.
    pub external_id: String,
    pub name: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    /// The project manager as written: a name or an e-mail address.
    pub manager: Option<String>,
    /// The owner (Executive) as written, if the file says.
    pub owner: Option<String>,
    #[serde(skip)]
    pub stage: Option<(Stage, Option<i64>)>,
    #[serde(skip)]
    pub rag: Option<Rag>,
}

/// One value in the file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowProblem {
    pub line: usize,
    pub field: String,
    /// A Fluent message id.
    pub code: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedFile {
    pub projects: Vec<ImportedProject>,
    pub problems: Vec<RowProblem>,
}

/// The largest file accepted (a project server export of some thousand
/// projects is well below it).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

/// Reads an MSPDI (XML) or CSV file: XML when the content starts with `<`.
pub fn parse(bytes: &[u8]) -> Result<ParsedFile, Invalid> {
    if bytes.len() > MAX_BYTES {
        return Err(Invalid::one("file", "error-import-too-large"));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| Invalid::one("file", "error-import-encoding"))?;
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(Invalid::one("file", "error-import-empty"));
    }
    if text.trim_start().starts_with('<') { mspdi::parse(text) } else { csv::parse(text) }
}

/// Fields gathered for one project before they are checked.
#[derive(Default)]
struct Raw {
    line: usize,
    id: Option<String>,
    name: Option<String>,
    start: Option<String>,
    finish: Option<String>,
    manager: Option<String>,
    owner: Option<String>,
    stage: Option<String>,
    status: Option<String>,
    percent_complete: Option<String>,
}

fn nonblank(v: Option<&str>) -> Option<String> {
    v.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

impl Raw {
    /// Checks the values; pushes problems and returns the project if it has a name.
    fn finish_into(self, out: &mut ParsedFile) {
        let line = self.line;
        let mut problem = |field: &str, code: &str| {
            out.problems.push(RowProblem { line, field: field.to_owned(), code: code.to_owned() })
        };
        let Some(name) = nonblank(self.name.as_deref()) else {
            problem("name", "error-required");
            return;
        };
        let mut date_of = |field: &str, raw: Option<&str>| match date(raw) {
            Ok(d) => d,
            Err(code) => {
                problem(field, code);
                None
            }
        };
        let starts_on = date_of("starts_on", self.start.as_deref());
        let ends_on = date_of("ends_on", self.finish.as_deref());
        let ends_on = match (starts_on, ends_on) {
            (Some(s), Some(e)) if e < s => {
                problem("ends_on", "error-ends-before-start");
                None
            }
            _ => ends_on,
        };
        let done =
            self.percent_complete.as_deref().and_then(|p| p.trim().parse::<f64>().ok()).is_some_and(|p| p >= 100.0);
        let stage = match nonblank(self.stage.as_deref()) {
            Some(s) => match stage(&s) {
                Some(st) => Some(st),
                None => {
                    problem("stage", "error-import-stage");
                    None
                }
            },
            None if done => Some((Stage::Closed, None)),
            None => None,
        };
        let rag = match nonblank(self.status.as_deref()) {
            Some(s) => match rag(&s) {
                Some(r) => Some(r),
                None => {
                    problem("rag", "error-import-status");
                    None
                }
            },
            None => None,
        };
        let external_id = nonblank(self.id.as_deref()).unwrap_or_else(|| format!("name:{}", sort_key(&name)));
        out.projects.push(ImportedProject {
            line,
            external_id,
            name,
            starts_on,
            ends_on,
            manager: nonblank(self.manager.as_deref()),
            owner: nonblank(self.owner.as_deref()),
            stage,
            rag,
        });
    }
}

/// A date as project servers write it: ISO (with or without a time),
/// Finnish `15.1.2026`, or US `1/15/2026` and `Thu 1/15/26`.
pub fn date(raw: Option<&str>) -> Result<Option<NaiveDate>, &'static str> {
    let Some(s) = raw.map(str::trim).filter(|s| !s.is_empty()) else { return Ok(None) };
    // Drop a leading weekday ("Thu 1/15/26", "to 15.1.2026").
    let s = match s.split_once(' ') {
        Some((head, rest)) if head.chars().all(char::is_alphabetic) => rest.trim(),
        _ => s,
    };
    let day = s.split(['T', ' ']).next().unwrap_or(s);
    // A two-digit year is this century's: 1/15/26 is 1/15/2026.
    let us = day.contains('/');
    let widened;
    let day = match day.rsplit_once(['/', '.']) {
        Some((head, yy)) if yy.len() == 2 && yy.bytes().all(|b| b.is_ascii_digit()) => {
            widened = format!("{head}{}20{yy}", if us { '/' } else { '.' });
            widened.as_str()
        }
        _ => day,
    };
    if us { crate::date::parse_us(day) } else { crate::date::parse(day) }.map(Some)
}

/// A stage as a project server or a person writes it, in English, Finnish
/// or Swedish; a delivery stage may carry its number ("Toteutus 2").
pub fn stage(raw: &str) -> Option<(Stage, Option<i64>)> {
    let lower = raw.trim().to_lowercase();
    let number = lower.split(|c: char| !c.is_ascii_digit()).find(|p| !p.is_empty()).and_then(|n| n.parse::<i64>().ok());
    let word: String = lower.chars().filter(|c| c.is_alphabetic() || *c == ' ' || *c == '_').collect();
    let word = word.trim().replace(' ', "_");
    let has = |keys: &[&str]| keys.iter().any(|k| word.starts_with(k));
    if let Ok(s) = Stage::parse(&word) {
        return Some((s, if s == Stage::Delivery { Some(number.unwrap_or(2)) } else { None }));
    }
    if has(&["closed", "päättynyt", "suljettu", "valmis", "avslutad", "completed"]) {
        Some((Stage::Closed, None))
    } else if has(&["closing", "päättäminen", "päätösvaihe", "avslut"]) {
        Some((Stage::Closing, None))
    } else if has(&["starting", "valmistelu", "esiselvitys", "förstudie", "uppstart"]) {
        Some((Stage::StartingUp, None))
    } else if has(&["initiat", "käynnist", "suunnittelu", "initier"]) {
        Some((Stage::Initiating, None))
    } else if has(&["delivery", "toteutus", "vaihe", "stage", "leverans", "genomförande", "etapp"]) {
        Some((Stage::Delivery, Some(number.unwrap_or(2).clamp(1, crate::project::STAGE_NUMBER_MAX))))
    } else {
        None
    }
}

/// A status colour in English, Finnish or Swedish.
pub fn rag(raw: &str) -> Option<Rag> {
    match raw.trim().to_lowercase().as_str() {
        "red" | "punainen" | "röd" => Some(Rag::Red),
        "amber" | "yellow" | "keltainen" | "gul" => Some(Rag::Amber),
        "green" | "vihreä" | "grön" => Some(Rag::Green),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_shapes_project_servers_write() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 15);
        for raw in ["2026-01-15", "2026-01-15T08:00:00", "15.1.2026", "1/15/2026", "Thu 1/15/26", "to 15.01.2026"] {
            assert_eq!(date(Some(raw)), Ok(d), "{raw}");
        }
        assert_eq!(date(Some(" ")), Ok(None));
        assert_eq!(date(Some("NA")), Err("error-date"));
        // Years the rest of the product refuses are refused here too.
        for raw in ["+12345-01-15", "10000-01-15T08:00:00", "1/15/10000", "15.1.0026"] {
            assert_eq!(date(Some(raw)), Err("error-date-range"), "{raw}");
        }
    }

    #[test]
    fn stages_in_three_languages() {
        assert_eq!(stage("Toteutus 3"), Some((Stage::Delivery, Some(3))));
        assert_eq!(stage("delivery"), Some((Stage::Delivery, Some(2))));
        assert_eq!(stage("Päättäminen"), Some((Stage::Closing, None)));
        assert_eq!(stage("Käynnistys"), Some((Stage::Initiating, None)));
        assert_eq!(stage("starting_up"), Some((Stage::StartingUp, None)));
        assert_eq!(stage("Avslutad"), Some((Stage::Closed, None)));
        assert_eq!(stage("banana"), None);
        assert_eq!(rag("Vihreä"), Some(Rag::Green));
        assert_eq!(rag("blue"), None);
    }

    #[test]
    fn unreadable_files_are_one_error() {
        assert_eq!(parse(b"").expect_err("empty").0[0].code, "error-import-empty");
        assert_eq!(parse(&[0xff, 0xfe, 0x00]).expect_err("binary").0[0].code, "error-import-encoding");
        assert_eq!(parse(b"<Project><Name>x</Nam").expect_err("broken").0[0].code, "error-import-xml");
        // Refused by its size before a byte of it is read as XML.
        let mut big = b"<Project>".to_vec();
        big.resize(MAX_BYTES + 1, b' ');
        assert_eq!(parse(&big).expect_err("too large").0[0].code, "error-import-too-large");
    }
}
