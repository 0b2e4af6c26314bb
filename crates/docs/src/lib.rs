//! The documents Kumppani hands out — deputy briefs, board guidance, account
//! plans — described once as a short list of blocks and rendered to a
//! typeset A4 PDF (krilla, with DejaVu Sans embedded so every Finnish and
//! Swedish letter shows on any reader) or to DOCX (docx-rs) for people who
//! want to keep editing in a word processor; tables for analysis go to
//! XLSX (rust_xlsxwriter); calendar feeds to iCalendar (icalendar).

mod book;
mod calendar;
mod docx;
#[cfg(feature = "extract")]
pub mod extract;
mod layout;
mod pdf;
mod sheet;

pub use book::Book;
pub use calendar::{CalendarEntry, ics};
pub use docx::docx;
pub use pdf::{page_count, pdf};
pub use sheet::{Cell, Sheet, xlsx};

/// A document: a title, optional subtitle and footer, and its blocks in
/// reading order. Strings are already in the reader's language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub title: String,
    pub subtitle: Option<String>,
    /// BCP 47 code of the text (`fi`, `sv`, `en`), written into the metadata
    /// so screen readers pick the right voice.
    pub lang: String,
    /// Shown at the foot of every page, beside the page number.
    pub footer: Option<String>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    Bullets(Vec<String>),
    /// Label–value pairs, labels in a narrow bold column.
    Fields(Vec<(String, String)>),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// Small grey text: provenance, dates, disclaimers.
    Note(String),
}

impl Document {
    pub fn new(title: impl Into<String>, lang: impl Into<String>) -> Document {
        Document { title: title.into(), lang: lang.into(), ..Document::default() }
    }

    pub fn subtitle(mut self, text: impl Into<String>) -> Document {
        self.subtitle = Some(text.into());
        self
    }

    pub fn footer(mut self, text: impl Into<String>) -> Document {
        self.footer = Some(text.into());
        self
    }

    pub fn heading(&mut self, text: impl Into<String>) -> &mut Document {
        self.blocks.push(Block::Heading(text.into()));
        self
    }

    pub fn paragraph(&mut self, text: impl Into<String>) -> &mut Document {
        self.blocks.push(Block::Paragraph(text.into()));
        self
    }

    pub fn bullets<S: Into<String>>(&mut self, items: impl IntoIterator<Item = S>) -> &mut Document {
        self.blocks.push(Block::Bullets(items.into_iter().map(Into::into).collect()));
        self
    }

    pub fn fields<L: Into<String>, V: Into<String>>(
        &mut self,
        pairs: impl IntoIterator<Item = (L, V)>,
    ) -> &mut Document {
        self.blocks.push(Block::Fields(pairs.into_iter().map(|(l, v)| (l.into(), v.into())).collect()));
        self
    }

    pub fn table<S: Into<String>>(
        &mut self,
        header: impl IntoIterator<Item = S>,
        rows: impl IntoIterator<Item = Vec<String>>,
    ) -> &mut Document {
        let header = header.into_iter().map(Into::into).collect();
        self.blocks.push(Block::Table { header, rows: rows.into_iter().collect() });
        self
    }

    pub fn note(&mut self, text: impl Into<String>) -> &mut Document {
        self.blocks.push(Block::Note(text.into()));
        self
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("the embedded font could not be read")]
    Font,
    #[error("the document could not be written: {0}")]
    Write(String),
}
