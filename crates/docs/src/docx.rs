//! DOCX for readers who keep editing in a word processor: the same blocks
//! as Word paragraphs, bullets and tables, using Word's built-in styles so
//! the document takes the reader's own theme.

use crate::{Block, DocError, Document};
use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};

pub fn docx(doc: &Document) -> Result<Vec<u8>, DocError> {
    let mut out = Docx::new().add_paragraph(styled("Title", &doc.title, true, 36));
    if let Some(subtitle) = &doc.subtitle {
        out = out.add_paragraph(styled("Subtitle", subtitle, false, 22));
    }
    for block in &doc.blocks {
        out = match block {
            Block::Heading(text) => out.add_paragraph(styled("Heading1", text, true, 26)),
            Block::Paragraph(text) => out.add_paragraph(plain(text)),
            Block::Note(text) => out.add_paragraph(Paragraph::new().add_run(Run::new().add_text(text).size(16))),
            Block::Bullets(items) => items.iter().fold(out, |out, item| out.add_paragraph(plain(&format!("• {item}")))),
            Block::Fields(pairs) => {
                let rows = pairs.iter().map(|(l, v)| TableRow::new(vec![cell(l, true), cell(v, false)])).collect();
                out.add_table(Table::new(rows))
            }
            Block::Table { header, rows } => {
                let mut table_rows = vec![TableRow::new(header.iter().map(|h| cell(h, true)).collect())];
                table_rows.extend(rows.iter().map(|r| TableRow::new(r.iter().map(|c| cell(c, false)).collect())));
                out.add_table(Table::new(table_rows))
            }
        };
    }
    if let Some(footer) = &doc.footer {
        out = out.add_paragraph(Paragraph::new().add_run(Run::new().add_text(footer).size(16)));
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    out.build().pack(&mut bytes).map_err(|e| DocError::Write(e.to_string()))?;
    Ok(bytes.into_inner())
}

fn plain(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

/// `size` is in half-points, as Word counts.
fn styled(style: &str, text: &str, bold: bool, size: usize) -> Paragraph {
    let run = Run::new().add_text(text).size(size);
    Paragraph::new().style(style).add_run(if bold { run.bold() } else { run })
}

fn cell(text: &str, bold: bool) -> TableCell {
    let run = Run::new().add_text(text);
    TableCell::new().add_paragraph(Paragraph::new().add_run(if bold { run.bold() } else { run }))
}
