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

/// Deepest nesting accepted. MSPDI nests six levels or so; roxmltree
/// descends recursively, and a file of a few thousand levels (28 KB)
/// overflowed the stack and ended the process.
pub const MAX_DEPTH: usize = 64;
/// Most attributes on one element. MSPDI uses a namespace declaration or
/// two; roxmltree's duplicate check is quadratic (100,000 attributes on one
/// element took 24 seconds).
pub const MAX_ATTRIBUTES: usize = 64;
/// Most nodes (elements, texts, comments) in one file, to bound memory.
pub const MAX_NODES: u32 = 1_000_000;

/// Checks what roxmltree cannot bound itself, with a streaming reader that
/// keeps no stack: nesting depth, attributes per element and any DOCTYPE
/// (entity definitions live there: refused before any is expanded).
/// Malformed XML is left for roxmltree to report.
fn check_shape(xml: &str) -> Result<(), Invalid> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut depth = 0usize;
    loop {
        let attributes = match reader.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Invalid::one("file", "error-import-xml-depth"));
                }
                e.attributes().with_checks(false).take(MAX_ATTRIBUTES + 1).count()
            }
            Ok(Event::Empty(e)) => e.attributes().with_checks(false).take(MAX_ATTRIBUTES + 1).count(),
            Ok(Event::End(_)) => {
                depth = depth.saturating_sub(1);
                0
            }
            Ok(Event::DocType(_)) => return Err(Invalid::one("file", "error-import-xml-dtd")),
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => 0,
        };
        if attributes > MAX_ATTRIBUTES {
            return Err(Invalid::one("file", "error-import-xml-attributes"));
        }
    }
}

pub(super) fn parse(xml: &str) -> Result<ParsedFile, Invalid> {
    check_shape(xml)?;
    let options = roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES };
    let doc = roxmltree::Document::parse_with_options(xml, options).map_err(|e| match e {
        roxmltree::Error::NodesLimitReached => Invalid::one("file", "error-import-xml-nodes"),
        roxmltree::Error::DtdDetected => Invalid::one("file", "error-import-xml-dtd"),
        _ => Invalid::one("file", "error-import-xml"),
    })?;
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

    fn refused(xml: &str) -> (&'static str, std::time::Duration) {
        let started = std::time::Instant::now();
        let e = super::super::parse(xml.as_bytes()).expect_err("refused");
        (e.0[0].code, started.elapsed())
    }

    #[test]
    fn deep_nesting_is_refused_without_exhausting_the_stack() {
        // 4,000 levels in 28 KB overflowed the stack of the thread parsing it.
        let deep = format!("<Project>{}{}</Project>", "<a>".repeat(4_000), "</a>".repeat(4_000));
        let (code, took) = refused(&deep);
        assert_eq!(code, "error-import-xml-depth");
        assert!(took.as_secs() < 1, "{took:?}");
        // Far deeper than any stack, and unclosed: still a plain refusal.
        let (code, _) = refused(&"<a>".repeat(1_000_000));
        assert_eq!(code, "error-import-xml-depth");
        // The limit itself is fine.
        let ok = format!("{}<Project><Name>x</Name></Project>{}", "<a>".repeat(60), "</a>".repeat(60));
        assert_eq!(super::super::parse(ok.as_bytes()).expect("60 levels").projects.len(), 1);
    }

    #[test]
    fn an_element_with_too_many_attributes_is_refused_quickly() {
        // 100,000 attributes took 24 s in roxmltree's duplicate check.
        let attributes: String = (0..100_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
        let (code, took) = refused(&format!("<Project{attributes}><Name>x</Name></Project>"));
        assert_eq!(code, "error-import-xml-attributes");
        assert!(took.as_secs() < 1, "{took:?}");
        let (code, _) = refused(&format!("<Project><Name{attributes}/></Project>"));
        assert_eq!(code, "error-import-xml-attributes");
    }

    #[test]
    fn entity_definitions_are_refused_before_any_expansion() {
        let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Project><Name>&lol9;</Name></Project>"#;
        let (code, took) = refused(laughs);
        assert_eq!(code, "error-import-xml-dtd");
        assert!(took.as_secs() < 1, "{took:?}");
        let external = r#"<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><Project><Name>&x;</Name></Project>"#;
        assert_eq!(refused(external).0, "error-import-xml-dtd");
    }

    #[test]
    fn too_many_nodes_are_refused() {
        let many = format!("<Project><Name>x</Name>{}</Project>", "<t/>".repeat(1_100_000));
        assert_eq!(refused(&many).0, "error-import-xml-nodes");
    }

    #[test]
    fn a_file_without_projects_is_refused() {
        let e = super::super::parse(b"<Tasks><Task/></Tasks>").expect_err("no projects");
        assert_eq!(e.0[0].code, "error-import-no-projects");
    }
}
