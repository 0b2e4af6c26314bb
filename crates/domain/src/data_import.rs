//! CSV import: which columns each kind of file has, and finding them in a
//! header row. The rows themselves are checked by the records' own drafts.

use std::collections::HashMap;

use crate::choice::choice;
use crate::error::Invalid;

choice!(
    /// What a CSV file holds.
    ImportKind blank => "error-choice" {
        Customers => "customers",
        Contacts => "contacts",
        Activities => "activities",
    }
);

/// A column of an import file and whether every file must have it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
}

const fn col(name: &'static str, required: bool) -> Column {
    Column { name, required }
}

// The documented layouts (README, "Importing"). `external_id` is the record's
// id in the system it comes from: re-importing a file skips what is already
// here. `customer` in contacts and activities is the customer's external id.
const CUSTOMERS: &[Column] = &[
    col("external_id", true),
    col("name", true),
    col("business_id", false),
    col("org_type", false),
    col("segment", true),
    col("manager", false),
    col("deputy", false),
    col("notes", false),
];
const CONTACTS: &[Column] = &[
    col("external_id", true),
    col("customer", true),
    col("name", true),
    col("title", false),
    col("email", false),
    col("phone", false),
];
const ACTIVITIES: &[Column] = &[
    col("external_id", true),
    col("customer", true),
    col("date", true),
    col("kind", true),
    col("title", true),
    col("owner", false),
    col("notes", false),
];

impl ImportKind {
    pub fn columns(self) -> &'static [Column] {
        match self {
            ImportKind::Customers => CUSTOMERS,
            ImportKind::Contacts => CONTACTS,
            ImportKind::Activities => ACTIVITIES,
        }
    }
}

/// Where each known column is in a file. Unknown columns are ignored, so an
/// export with extra columns imports as it is.
#[derive(Debug, Clone)]
pub struct Columns {
    index: HashMap<&'static str, usize>,
}

impl Columns {
    /// Reads a header row (names compared trimmed and lower-cased, a UTF-8
    /// byte-order mark ignored). Each missing required column is an error
    /// under its own name.
    pub fn from_header<'a>(kind: ImportKind, header: impl IntoIterator<Item = &'a str>) -> Result<Columns, Invalid> {
        let names: Vec<String> =
            header.into_iter().map(|h| h.trim_start_matches('\u{feff}').trim().to_lowercase()).collect();
        let mut index = HashMap::new();
        let mut errors = Invalid::default();
        for column in kind.columns() {
            match names.iter().position(|n| n == column.name) {
                Some(i) => {
                    index.insert(column.name, i);
                }
                None if column.required => errors.push(column.name, "error-import-missing-column"),
                None => {}
            }
        }
        errors.into_result().map(|()| Columns { index })
    }

    /// The value of `name` in a row read by `get` (field by position); empty
    /// when the file has no such column or the row is short.
    pub fn value<'r>(&self, name: &str, get: impl Fn(usize) -> Option<&'r str>) -> &'r str {
        self.index.get(name).and_then(|&i| get(i)).map(str::trim).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_finds_columns_in_any_order_and_case() {
        let header = ["\u{feff}Name", "extra", " EXTERNAL_ID ", "segment"];
        let cols = Columns::from_header(ImportKind::Customers, header).expect("has the required columns");
        let row = ["Espoo", "x", "e1", "Kunnat"];
        let get = |i: usize| row.get(i).copied();
        assert_eq!(cols.value("name", get), "Espoo");
        assert_eq!(cols.value("external_id", get), "e1");
        assert_eq!(cols.value("manager", get), "");
    }

    #[test]
    fn every_missing_required_column_is_named() {
        let err = Columns::from_header(ImportKind::Activities, ["external_id", "title"]).expect_err("missing");
        let fields: Vec<_> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["customer", "date", "kind"]);
        assert!(err.0.iter().all(|e| e.code == "error-import-missing-column"));
    }

    #[test]
    fn kinds_round_trip() {
        for k in ImportKind::ALL {
            assert_eq!(ImportKind::parse(k.as_str()), Ok(k));
        }
        assert!(ImportKind::parse("users").is_err());
    }
}
