//! Reading documents back as plain text, so tests can check what a reader
//! would see rather than trusting that rendering succeeded.

use crate::DocError;
use std::io::Read;

/// The text of a PDF as a reader's "copy all" would give it.
pub fn pdf_text(bytes: &[u8]) -> Result<String, DocError> {
    pdf_extract::extract_text_from_mem(bytes).map_err(|e| DocError::Write(e.to_string()))
}

/// The text runs of a DOCX body, one paragraph or cell per line.
pub fn docx_text(bytes: &[u8]) -> Result<String, DocError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| DocError::Write(e.to_string()))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|e| DocError::Write(e.to_string()))?
        .read_to_string(&mut xml)
        .map_err(|e| DocError::Write(e.to_string()))?;
    Ok(text_runs(&xml))
}

fn text_runs(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else { break };
        let tag = &rest[start + 1..start + end];
        rest = &rest[start + end + 1..];
        if tag == "/w:p" {
            out.push('\n');
        } else if tag.starts_with("w:t") && !tag.ends_with('/') && (tag.len() == 3 || tag.as_bytes()[3] == b' ') {
            let close = rest.find("</w:t>").unwrap_or(rest.len());
            out.push_str(&unescape(&rest[..close]));
            rest = &rest[close..];
        }
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// A sheet read back: its name and its rows of cell texts.
pub type SheetText = (String, Vec<Vec<String>>);

/// Every sheet of an XLSX; dates read back as `YYYY-MM-DD`, numbers as
/// written.
pub fn xlsx_rows(bytes: &[u8]) -> Result<Vec<SheetText>, DocError> {
    use calamine::{Data, Reader, Xlsx};
    let err = |e: calamine::XlsxError| DocError::Write(e.to_string());
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(err)?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(err)?;
        let rows = range
            .rows()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        Data::DateTime(d) => d.as_datetime().map(|t| t.date().to_string()).unwrap_or_default(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect();
        out.push((name, rows));
    }
    Ok(out)
}
