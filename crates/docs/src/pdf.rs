//! A4 PDF: the blocks are laid out into pages of drawing operations first,
//! then drawn with krilla, which embeds subsets of the fonts and writes the
//! Unicode mapping so the text can be searched, copied and read aloud.

use crate::layout::{BOLD, Metrics, REGULAR};
use crate::{Block, DocError, Document};
use krilla::Document as PdfDocument;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};

const WIDTH: f32 = 595.28;
const HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.0;
const CONTENT: f32 = WIDTH - 2.0 * MARGIN;
const BOTTOM: f32 = HEIGHT - MARGIN - 18.0;
const BODY: f32 = 10.0;
const LEADING: f32 = 1.38;

enum Op {
    Text { x: f32, y: f32, size: f32, bold: bool, grey: bool, text: String },
    Rule { x1: f32, x2: f32, y: f32 },
}

struct Layout<'a> {
    regular: Metrics<'a>,
    bold: Metrics<'a>,
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl<'a> Layout<'a> {
    fn page(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page unless `height` more points fit on this one.
    fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    fn metrics(&self, bold: bool) -> &Metrics<'a> {
        if bold { &self.bold } else { &self.regular }
    }

    /// Wrapped text at `x` with at most `width`; returns nothing, moves `y`.
    fn text(&mut self, x: f32, width: f32, size: f32, bold: bool, grey: bool, text: &str) {
        let lines = self.metrics(bold).wrap(text, size, width);
        for line in lines {
            self.room(size * LEADING);
            let y = self.y + size;
            self.page().push(Op::Text { x, y, size, bold, grey, text: line });
            self.y += size * LEADING;
        }
    }

    fn rule(&mut self) {
        let y = self.y;
        self.page().push(Op::Rule { x1: MARGIN, x2: WIDTH - MARGIN, y });
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading(text) => {
                self.room(40.0);
                self.y += 8.0;
                self.text(MARGIN, CONTENT, 12.5, true, false, text);
                self.y += 2.0;
            }
            Block::Paragraph(text) => {
                self.text(MARGIN, CONTENT, BODY, false, false, text);
                self.y += 4.0;
            }
            Block::Note(text) => {
                self.text(MARGIN, CONTENT, 8.0, false, true, text);
                self.y += 3.0;
            }
            Block::Bullets(items) => {
                for item in items {
                    self.room(BODY * LEADING);
                    let y = self.y + BODY;
                    self.page().push(Op::Text {
                        x: MARGIN + 2.0,
                        y,
                        size: BODY,
                        bold: false,
                        grey: false,
                        text: "•".into(),
                    });
                    self.text(MARGIN + 14.0, CONTENT - 14.0, BODY, false, false, item);
                }
                self.y += 4.0;
            }
            Block::Fields(pairs) => {
                let label_width = CONTENT * 0.3;
                let line = BODY * LEADING;
                for (label, value) in pairs {
                    let labels = self.bold.wrap(label, BODY, label_width - 8.0);
                    self.room(line * labels.len().min(4) as f32);
                    let top = self.y;
                    for (i, text) in labels.iter().enumerate() {
                        let y = top + i as f32 * line + BODY;
                        self.page().push(Op::Text {
                            x: MARGIN,
                            y,
                            size: BODY,
                            bold: true,
                            grey: false,
                            text: text.clone(),
                        });
                    }
                    self.text(MARGIN + label_width, CONTENT - label_width, BODY, false, false, value);
                    self.y = self.y.max(top + labels.len() as f32 * line) + 1.5;
                }
                self.y += 4.0;
            }
            Block::Table { header, rows } => self.table(header, rows),
        }
    }

    fn table(&mut self, header: &[String], rows: &[Vec<String>]) {
        let widths = self.column_widths(header, rows);
        let size = 9.0;
        self.room(size * LEADING * 3.0);
        self.row(header, &widths, size, true);
        self.rule();
        self.y += 2.0;
        for row in rows {
            let height = self.row_height(row, &widths, size);
            if self.y + height > BOTTOM {
                self.room(BOTTOM);
                self.row(header, &widths, size, true);
                self.rule();
                self.y += 2.0;
            }
            self.row(row, &widths, size, false);
        }
        self.y += 6.0;
    }

    fn row_height(&self, cells: &[String], widths: &[f32], size: f32) -> f32 {
        let lines = cells.iter().zip(widths).map(|(c, w)| self.regular.wrap(c, size, w - 6.0).len()).max();
        lines.unwrap_or(1) as f32 * size * LEADING + 2.0
    }

    fn row(&mut self, cells: &[String], widths: &[f32], size: f32, bold: bool) {
        let top = self.y;
        let mut bottom = top;
        let mut x = MARGIN;
        for (cell, width) in cells.iter().zip(widths) {
            self.y = top;
            self.text(x, width - 6.0, size, bold, false, cell);
            bottom = bottom.max(self.y);
            x += width;
        }
        self.y = bottom + 2.0;
    }

    /// Columns share the width in proportion to their content, each at
    /// least a tenth of the page so a short column stays readable.
    fn column_widths(&self, header: &[String], rows: &[Vec<String>]) -> Vec<f32> {
        let natural: Vec<f32> = (0..header.len())
            .map(|i| {
                let head = self.bold.width(&header[i], 9.0);
                let cells = rows.iter().filter_map(|r| r.get(i)).map(|c| self.regular.width(c, 9.0).min(CONTENT));
                cells.fold(head, f32::max) + 8.0
            })
            .collect();
        let min = CONTENT / 10.0;
        let total: f32 = natural.iter().map(|w| w.max(min)).sum();
        natural.iter().map(|w| w.max(min) * CONTENT / total.max(1.0)).collect()
    }
}

/// The document as a typeset A4 PDF with embedded fonts.
pub fn pdf(doc: &Document) -> Result<Vec<u8>, DocError> {
    let pages = lay_out(doc)?;
    let regular = Font::new(REGULAR.into(), 0).ok_or(DocError::Font)?;
    let bold = Font::new(BOLD.into(), 0).ok_or(DocError::Font)?;
    let mut out = PdfDocument::new();
    out.set_metadata(Metadata::new().title(doc.title.clone()).language(doc.lang.clone()).creator("Kumppani".into()));
    let total = pages.len();
    let footer_metrics = Metrics::new(REGULAR).ok_or(DocError::Font)?;
    for (index, ops) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or_else(|| DocError::Write("page size".into()))?;
        let mut page = out.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text { x, y, size, bold: is_bold, grey, text } => {
                    surface.set_fill(Some(fill(grey)));
                    let font = if is_bold { bold.clone() } else { regular.clone() };
                    surface.draw_text(Point::from_xy(x, y), font, size, &text, false, TextDirection::Auto);
                }
                Op::Rule { x1, x2, y } => {
                    let mut path = PathBuilder::new();
                    path.move_to(x1, y);
                    path.line_to(x2, y);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke { width: 0.6, paint: grey_paint(), ..Stroke::default() }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                }
            }
        }
        let number = format!("{} / {}", index + 1, total);
        let y = HEIGHT - MARGIN + 4.0;
        surface.set_fill(Some(fill(true)));
        if let Some(footer) = &doc.footer {
            surface.draw_text(Point::from_xy(MARGIN, y), regular.clone(), 8.0, footer, false, TextDirection::Auto);
        }
        let x = WIDTH - MARGIN - footer_metrics.width(&number, 8.0);
        surface.draw_text(Point::from_xy(x, y), regular.clone(), 8.0, &number, false, TextDirection::Auto);
        surface.finish();
        page.finish();
    }
    out.finish().map_err(|e| DocError::Write(format!("{e:?}")))
}

fn lay_out(doc: &Document) -> Result<Vec<Vec<Op>>, DocError> {
    let regular = Metrics::new(REGULAR).ok_or(DocError::Font)?;
    let bold = Metrics::new(BOLD).ok_or(DocError::Font)?;
    let mut layout = Layout { regular, bold, pages: vec![Vec::new()], y: MARGIN };
    layout.text(MARGIN, CONTENT, 17.0, true, false, &doc.title);
    if let Some(subtitle) = &doc.subtitle {
        layout.text(MARGIN, CONTENT, 10.5, false, true, subtitle);
    }
    layout.y += 4.0;
    layout.rule();
    layout.y += 8.0;
    for block in &doc.blocks {
        layout.block(block);
    }
    Ok(layout.pages)
}

fn grey_paint() -> krilla::paint::Paint {
    rgb::Color::new(110, 110, 110).into()
}

fn fill(grey: bool) -> Fill {
    let paint = if grey { grey_paint() } else { rgb::Color::new(20, 20, 20).into() };
    Fill { paint, opacity: NormalizedF32::ONE, rule: Default::default() }
}

/// Pages the document would take; lets callers check a one-page promise.
pub fn page_count(doc: &Document) -> Result<usize, DocError> {
    lay_out(doc).map(|pages| pages.len())
}
