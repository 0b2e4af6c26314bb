//! Workbooks for analysis: each sheet a header row and data rows, written
//! with rust_xlsxwriter so numbers and dates stay numbers and dates (sortable
//! and filterable), the header frozen and filtered, columns fitted.

use crate::DocError;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date { year: u16, month: u8, day: u8 },
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_owned())
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Number(n as f64)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Cell {
        v.map_or(Cell::Empty, Into::into)
    }
}

/// Sheet names longer than Excel's 31 characters, or with characters it
/// refuses, are shortened and cleaned rather than failing the export.
pub(crate) fn sheet_name(name: &str) -> String {
    let cleaned: String = name.chars().map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c }).collect();
    let short: String = cleaned.chars().take(31).collect();
    if short.trim().is_empty() { "Sheet".to_owned() } else { short }
}

pub fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, DocError> {
    let err = |e: rust_xlsxwriter::XlsxError| DocError::Write(e.to_string());
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(&sheet.name)).map_err(err)?;
        for (col, title) in sheet.header.iter().enumerate() {
            ws.write_string_with_format(0, col as u16, title, &bold).map_err(err)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(t) => {
                        ws.write_string(r, c, t).map_err(err)?;
                    }
                    Cell::Number(n) => {
                        ws.write_number(r, c, *n).map_err(err)?;
                    }
                    Cell::Date { year, month, day } => match ExcelDateTime::from_ymd(*year, *month, *day) {
                        Ok(d) => {
                            ws.write_datetime_with_format(r, c, &d, &date).map_err(err)?;
                        }
                        // Excel's dates run from 1900 to 9999. A date outside
                        // them (one stored before the product refused such
                        // years) is written as text rather than failing the
                        // whole workbook for everyone.
                        Err(_) => {
                            ws.write_string(r, c, format!("{year:04}-{month:02}-{day:02}")).map_err(err)?;
                        }
                    },
                }
            }
        }
        if !sheet.header.is_empty() {
            let last_col = sheet.header.len() as u16 - 1;
            ws.autofilter(0, 0, sheet.rows.len() as u32, last_col).map_err(err)?;
            ws.set_freeze_panes(1, 0).map_err(err)?;
        }
        ws.set_autofit_max_width(60 * 7).autofit();
    }
    book.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_excel_cannot_hold_are_written_as_text() {
        let sheet = Sheet {
            name: "s".into(),
            header: vec!["date".into()],
            rows: vec![
                vec![Cell::Date { year: 2026, month: 3, day: 1 }],
                vec![Cell::Date { year: 12345, month: 1, day: 1 }],
                vec![Cell::Date { year: 1066, month: 10, day: 14 }],
            ],
        };
        let bytes = xlsx(&[sheet]).expect("a workbook despite the odd dates");
        let sheets = crate::extract::xlsx_rows(&bytes).expect("read back");
        let dates: Vec<&str> = sheets[0].1.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(dates, ["date", "2026-03-01", "12345-01-01", "1066-10-14"]);
    }

    #[test]
    fn sheet_names_are_made_acceptable() {
        assert_eq!(sheet_name("Suunnitelmat: rivit/kaikki"), "Suunnitelmat  rivit kaikki");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        assert_eq!(sheet_name("  "), "Sheet");
    }
}
