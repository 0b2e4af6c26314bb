//! MS Project XML (MSPDI): a `<Project>` element per project (a file may
//! wrap several). Stage and status come from project-level custom fields
//! whose alias names them (Stage/Vaihe/Etapp, Status/Tila/RAG), read from
//! the project summary task (UID 0), where MS Project keeps their values.

use super::{ParsedFile, Raw};
use crate::error::Invalid;

const STAGE_ALIASES: &[&str] = &["stage", "vaihe", "etapp", "phase"];
const STATUS_ALIASES: &[&str] = &["status", "tila", "rag", "läge"];

fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    node.children().find(|c| c.is_element() && c.tag_name().name() == name)
}

fn text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|c| c.text()).map(str::trim).filter(|t| !t.is_empty())
}

pub(super) fn parse(xml: &str) -> Result<ParsedFile, Invalid> {
    let doc = roxmltree::Document::parse(xml).map_err(|_| Invalid::one("file", "error-import-xml"))?;
    let projects: Vec<_> = doc.descendants().filter(|n| n.is_element() && n.tag_name().name() == "Project").collect();
    if projects.is_empty() {
        return Err(Invalid::one("file", "error-import-no-projects"));
    }
    let mut out = ParsedFile::default();
    for (i, p) in projects.into_iter().enumerate() {
        // Custom field ids whose alias says stage or status.
        let mut stage_field = None;
        let mut status_field = None;
        if let Some(defs) = child(p, "ExtendedAttributes") {
            for def in defs.children().filter(|c| c.tag_name().name() == "ExtendedAttribute") {
                let alias = text(def, "Alias").unwrap_or("").to_lowercase();
                let id = text(def, "FieldID").map(str::to_owned);
                if STAGE_ALIASES.contains(&alias.as_str()) {
                    stage_field = id;
                } else if STATUS_ALIASES.contains(&alias.as_str()) {
                    status_field = id;
                }
            }
        }
        let summary = child(p, "Tasks")
            .and_then(|tasks| tasks.children().find(|t| t.tag_name().name() == "Task" && text(*t, "UID") == Some("0")));
        let custom = |field: &Option<String>| -> Option<String> {
            let (field, task) = (field.as_deref()?, summary?);
            task.children()
                .filter(|c| c.tag_name().name() == "ExtendedAttribute")
                .find(|c| text(*c, "FieldID") == Some(field))
                .and_then(|c| text(c, "Value"))
                .map(str::to_owned)
        };
        // The file name (Name) ends in .xml or .mpp; the title is the project's name.
        let name = text(p, "Title")
            .or_else(|| summary.and_then(|t| text(t, "Name")))
            .or_else(|| text(p, "Name"))
            .map(|n| n.trim_end_matches(".xml").trim_end_matches(".mpp").to_owned());
        let raw = Raw {
            line: i + 1,
            id: text(p, "GUID").map(str::to_owned),
            name,
            start: text(p, "StartDate").map(str::to_owned),
            finish: text(p, "FinishDate").map(str::to_owned),
            manager: text(p, "Manager").map(str::to_owned),
            owner: text(p, "Author").map(str::to_owned),
            stage: custom(&stage_field),
            status: custom(&status_field),
            percent_complete: summary.and_then(|t| text(t, "PercentComplete")).map(str::to_owned),
        };
        raw.finish_into(&mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::project::{Rag, Stage};

    const FILE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <SaveVersion>14</SaveVersion>
  <GUID>7F3A2C1E-0B4D-4C2A-9E51-2D8C6B1A0F11</GUID>
  <Name>Asianhallinta.xml</Name>
  <Title>Asianhallinnan uudistus</Title>
  <Manager>Katja Jokinen</Manager>
  <StartDate>2026-02-02T08:00:00</StartDate>
  <FinishDate>2026-11-30T17:00:00</FinishDate>
  <ExtendedAttributes>
    <ExtendedAttribute><FieldID>188743731</FieldID><FieldName>Text1</FieldName><Alias>Vaihe</Alias></ExtendedAttribute>
    <ExtendedAttribute><FieldID>188743734</FieldID><FieldName>Text2</FieldName><Alias>Tila</Alias></ExtendedAttribute>
  </ExtendedAttributes>
  <Tasks>
    <Task><UID>0</UID><ID>0</ID><Name>Asianhallinnan uudistus</Name><PercentComplete>35</PercentComplete>
      <ExtendedAttribute><FieldID>188743731</FieldID><Value>Toteutus 2</Value></ExtendedAttribute>
      <ExtendedAttribute><FieldID>188743734</FieldID><Value>Keltainen</Value></ExtendedAttribute>
    </Task>
    <Task><UID>1</UID><ID>1</ID><Name>Määrittely</Name></Task>
  </Tasks>
</Project>"#;

    #[test]
    fn reads_name_dates_manager_and_custom_fields() {
        let parsed = super::super::parse(FILE.as_bytes()).expect("parsed");
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let p = &parsed.projects[0];
        assert_eq!(p.name, "Asianhallinnan uudistus");
        assert_eq!(p.external_id, "7F3A2C1E-0B4D-4C2A-9E51-2D8C6B1A0F11");
        assert_eq!(p.manager.as_deref(), Some("Katja Jokinen"));
        assert_eq!(p.starts_on.map(|d| d.to_string()).as_deref(), Some("2026-02-02"));
        assert_eq!(p.stage, Some((Stage::Delivery, Some(2))));
        assert_eq!(p.rag, Some(Rag::Amber));
    }

    #[test]
    fn a_file_without_projects_is_refused() {
        let e = super::super::parse(b"<Tasks><Task/></Tasks>").expect_err("no projects");
        assert_eq!(e.0[0].code, "error-import-no-projects");
    }
}
