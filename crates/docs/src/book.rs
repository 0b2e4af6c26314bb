//! A workbook written a row at a time, for tables too large to hold: each
//! sheet is kept in rust_xlsxwriter's constant-memory mode (a row goes to a
//! temporary file as soon as the next one starts), and the finished XLSX is
//! written to an anonymous temporary file the caller streams out. Memory
//! stays at one row per sheet whatever the number of rows; numbers and
//! dates stay numbers and dates, the header frozen and filtered, as in
//! [`crate::xlsx`].

use crate::DocError;
use crate::sheet::{Cell, sheet_name};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use std::io::{Seek, SeekFrom};

/// Columns are sized to their widest text up to this many characters.
const MAX_WIDTH: usize = 60;

fn err(e: XlsxError) -> DocError {
    DocError::Write(e.to_string())
}

struct SheetState {
    /// The next row to write (the header is row 0).
    next: u32,
    columns: u16,
    /// The widest value seen per column, in characters.
    widths: Vec<usize>,
}

/// A workbook being written.
pub struct Book {
    book: Workbook,
    sheets: Vec<SheetState>,
    date: Format,
}

impl Book {
    /// A workbook of sheets, each a name and a header row.
    pub fn new(sheets: &[(String, Vec<String>)]) -> Result<Book, DocError> {
        let mut book = Workbook::new();
        let bold = Format::new().set_bold();
        let mut states = Vec::with_capacity(sheets.len());
        for (name, header) in sheets {
            let ws = book.add_worksheet_with_constant_memory().map_err(err)?;
            ws.set_name(sheet_name(name)).map_err(err)?;
            for (col, title) in header.iter().enumerate() {
                let col = u16::try_from(col).map_err(|_| DocError::Write("too many columns".into()))?;
                ws.write_string_with_format(0, col, title, &bold).map_err(err)?;
            }
            let columns = u16::try_from(header.len()).map_err(|_| DocError::Write("too many columns".into()))?;
            states.push(SheetState { next: 1, columns, widths: header.iter().map(|h| h.chars().count()).collect() });
        }
        Ok(Book { book, sheets: states, date: Format::new().set_num_format("yyyy-mm-dd") })
    }

    /// Appends a row to the sheet at `index` (cells beyond the header's
    /// columns are left out).
    pub fn row(&mut self, index: usize, cells: &[Cell]) -> Result<(), DocError> {
        let state = self.sheets.get_mut(index).ok_or_else(|| DocError::Write(format!("no sheet {index}")))?;
        let ws = self.book.worksheet_from_index(index).map_err(err)?;
        let r = state.next;
        for (c, cell) in cells.iter().enumerate().take(usize::from(state.columns)) {
            let col = u16::try_from(c).unwrap_or(u16::MAX);
            let width = match cell {
                Cell::Empty => 0,
                Cell::Text(t) => {
                    ws.write_string(r, col, t).map_err(err)?;
                    t.chars().count()
                }
                Cell::Number(n) => {
                    ws.write_number(r, col, *n).map_err(err)?;
                    n.to_string().len()
                }
                Cell::Date { year, month, day } => match ExcelDateTime::from_ymd(*year, *month, *day) {
                    Ok(d) => {
                        ws.write_datetime_with_format(r, col, &d, &self.date).map_err(err)?;
                        10
                    }
                    // Outside Excel's 1900–9999 (a date stored before the
                    // product refused such years): text, as in `sheet.rs`,
                    // rather than failing the whole workbook for everyone.
                    Err(_) => {
                        let text = format!("{year:04}-{month:02}-{day:02}");
                        ws.write_string(r, col, &text).map_err(err)?;
                        text.len()
                    }
                },
            };
            if let Some(w) = state.widths.get_mut(c) {
                *w = (*w).max(width);
            }
        }
        state.next += 1;
        Ok(())
    }

    /// Finishes the workbook into an anonymous temporary file (gone when
    /// closed), positioned at its start.
    pub fn finish(mut self) -> Result<std::fs::File, DocError> {
        for (i, state) in self.sheets.iter().enumerate() {
            let ws = self.book.worksheet_from_index(i).map_err(err)?;
            if state.columns > 0 {
                ws.autofilter(0, 0, state.next - 1, state.columns - 1).map_err(err)?;
                ws.set_freeze_panes(1, 0).map_err(err)?;
            }
            for (c, w) in state.widths.iter().enumerate() {
                let col = u16::try_from(c).unwrap_or(u16::MAX);
                ws.set_column_width(col, (w.min(&MAX_WIDTH) + 2) as f64).map_err(err)?;
            }
        }
        let mut file = tempfile::tempfile().map_err(|e| DocError::Write(e.to_string()))?;
        self.book.save_to_writer(&mut file).map_err(err)?;
        file.seek(SeekFrom::Start(0)).map_err(|e| DocError::Write(e.to_string()))?;
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::unwrap_used)]

    use super::*;
    use std::io::Read;

    #[test]
    fn rows_go_to_their_sheets_in_order_and_read_back() {
        let mut book = Book::new(&[
            ("Plans".to_owned(), vec!["Customer".to_owned(), "Due".to_owned(), "Lines".to_owned()]),
            ("Lines: all/of them".to_owned(), vec!["Customer".to_owned(), "Text".to_owned()]),
        ])
        .expect("book");
        for i in 0..3_000 {
            let due = Cell::Date { year: 2027, month: 1 + (i % 12) as u8, day: 1 };
            book.row(0, &[Cell::Text(format!("Kunta {i:04}")), due, Cell::Number(f64::from(i))]).expect("row");
            book.row(1, &[Cell::Text(format!("Kunta {i:04}")), Cell::Text("rivi".into()), "extra".into()])
                .expect("row");
        }
        let mut bytes = Vec::new();
        book.finish().expect("finish").read_to_end(&mut bytes).expect("read");
        let sheets = crate::extract::xlsx_rows(&bytes).expect("xlsx");
        assert_eq!(sheets[0].0, "Plans");
        assert_eq!(sheets[1].0, "Lines  all of them");
        assert_eq!(sheets[0].1.len(), 3_001);
        assert_eq!(sheets[0].1[0], ["Customer", "Due", "Lines"]);
        assert_eq!(sheets[0].1[3_000], ["Kunta 2999", "2027-12-01", "2999"]);
        assert_eq!(sheets[1].1[1], ["Kunta 0000", "rivi"], "cells past the header are left out");
    }
}
