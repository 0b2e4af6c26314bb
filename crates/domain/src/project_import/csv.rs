//! The CSV export of a project list: one project a row, the columns known
//! by their headers in English, Finnish or Swedish, in any order. Comma,
//! semicolon (Finnish spreadsheets) or tab separated.

use super::{ParsedFile, Raw};
use crate::error::Invalid;

/// Header aliases of each field, lower-case.
const COLUMNS: &[(&str, &[&str])] = &[
    ("id", &["guid", "project uid", "unique id", "uid", "id", "project id", "tunniste", "projektin tunniste"]),
    ("name", &["project name", "name", "project", "nimi", "projektin nimi", "projekt", "projektnamn"]),
    ("start", &["start", "start date", "project start date", "alkaa", "aloitus", "alkupäivä", "startdatum"]),
    (
        "finish",
        &["finish", "finish date", "end", "end date", "project finish date", "päättyy", "loppupäivä", "slutdatum"],
    ),
    ("manager", &["manager", "project manager", "projektipäällikkö", "projektledare", "owner email"]),
    ("owner", &["owner", "executive", "omistaja", "projektägare"]),
    ("stage", &["stage", "phase", "vaihe", "etapp"]),
    ("status", &["status", "rag", "tila", "läge"]),
    ("percent", &["% complete", "percent complete", "valmiusaste", "% valmis"]),
];

fn delimiter(header: &str) -> u8 {
    let count = |c: char| header.matches(c).count();
    [(b';', count(';')), (b'\t', count('\t')), (b',', count(','))]
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| d)
}

pub(super) fn parse(text: &str) -> Result<ParsedFile, Invalid> {
    let header = text.lines().next().unwrap_or("");
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter(header))
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|_| Invalid::one("file", "error-import-csv"))?.clone();
    let index = |field: &str| -> Option<usize> {
        let aliases = COLUMNS.iter().find(|(f, _)| *f == field).map_or(&[][..], |(_, a)| *a);
        headers.iter().position(|h| aliases.contains(&h.trim().to_lowercase().as_str()))
    };
    let Some(name_col) = index("name") else {
        return Err(Invalid::one("file", "error-import-no-name-column"));
    };
    let cols: Vec<(&str, Option<usize>)> = ["id", "start", "finish", "manager", "owner", "stage", "status", "percent"]
        .iter()
        .map(|f| (*f, index(f)))
        .collect();
    let mut out = ParsedFile::default();
    for (i, record) in reader.records().enumerate() {
        // Line 1 is the header.
        let line = i + 2;
        let record = record.map_err(|_| Invalid::one("file", "error-import-csv"))?;
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let get = |field: &str| -> Option<String> {
            let col = cols.iter().find(|(f, _)| *f == field).and_then(|(_, c)| *c)?;
            record.get(col).map(str::to_owned)
        };
        Raw {
            line,
            id: get("id"),
            name: record.get(name_col).map(str::to_owned),
            start: get("start"),
            finish: get("finish"),
            manager: get("manager"),
            owner: get("owner"),
            stage: get("stage"),
            status: get("status"),
            percent_complete: get("percent").map(|p| p.trim_end_matches('%').replace(',', ".")),
        }
        .finish_into(&mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::project::Stage;

    #[test]
    fn semicolons_finnish_headers_and_row_problems() {
        let file = "Tunniste;Nimi;Alkaa;Päättyy;Projektipäällikkö;Vaihe\n\
                    P-101;Palkanlaskennan siirto;1.3.2026;31.10.2026;katja.jokinen@palvelukeskus.fi;Käynnistys\n\
                    P-102;Verkon uusiminen;huomenna;;Tuntematon Henkilö;\n\
                    ;;;;;\n";
        let parsed = super::super::parse(file.as_bytes()).expect("parsed");
        assert_eq!(parsed.projects.len(), 2);
        let p = &parsed.projects[0];
        assert_eq!((p.external_id.as_str(), p.name.as_str()), ("P-101", "Palkanlaskennan siirto"));
        assert_eq!(p.stage, Some((Stage::Initiating, None)));
        assert_eq!(p.manager.as_deref(), Some("katja.jokinen@palvelukeskus.fi"));
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!((parsed.problems[0].line, parsed.problems[0].field.as_str()), (3, "starts_on"));
    }

    #[test]
    fn commas_english_headers_and_no_id_column() {
        let file =
            "Name,Start,Finish,Manager,% Complete\n\"Intranet, phase 2\",2026-01-05,2026-06-30,Antti Lahtinen,100%\n";
        let parsed = super::super::parse(file.as_bytes()).expect("parsed");
        let p = &parsed.projects[0];
        assert_eq!(p.name, "Intranet, phase 2");
        assert_eq!(p.external_id, "name:intranet, phase 2");
        assert_eq!(p.stage, Some((Stage::Closed, None)));
    }

    #[test]
    fn a_file_without_a_name_column_is_refused() {
        let e = super::super::parse(b"foo,bar\n1,2\n").expect_err("no name");
        assert_eq!(e.0[0].code, "error-import-no-name-column");
    }
}
