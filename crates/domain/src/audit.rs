//! Field-level change records for the audit trail.

use serde::{Deserialize, Serialize};

/// One changed field: its old and new value as shown to people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Compares two field lists (same fields, same order) and returns what changed.
/// A missing `old` list means the record is new; a missing `new` list, deleted.
pub fn diff(
    old: Option<&[(&'static str, Option<String>)]>,
    new: Option<&[(&'static str, Option<String>)]>,
) -> Vec<Change> {
    let empty: &[(&'static str, Option<String>)] = &[];
    let (old, new) = (old.unwrap_or(empty), new.unwrap_or(empty));
    let fields = if new.is_empty() { old } else { new };
    fields
        .iter()
        .map(|(field, _)| {
            let find = |list: &[(&'static str, Option<String>)]| {
                list.iter().find(|(f, _)| f == field).and_then(|(_, v)| v.clone())
            };
            Change { field: (*field).to_owned(), old: find(old), new: find(new) }
        })
        .filter(|c| c.old != c.new)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<String> {
        Some(v.to_owned())
    }

    #[test]
    fn only_changed_fields_are_listed() {
        let old = [("name", s("A")), ("notes", None)];
        let new = [("name", s("A")), ("notes", s("x"))];
        assert_eq!(diff(Some(&old), Some(&new)), vec![Change { field: "notes".into(), old: None, new: s("x") }]);
    }

    #[test]
    fn creation_lists_every_set_field() {
        let new = [("name", s("A")), ("notes", None)];
        assert_eq!(diff(None, Some(&new)).len(), 1);
    }

    #[test]
    fn deletion_lists_every_old_field() {
        let old = [("name", s("A")), ("notes", s("n"))];
        let changes = diff(Some(&old), None);
        assert_eq!(changes.len(), 2);
        assert!(changes.iter().all(|c| c.new.is_none()));
    }
}
