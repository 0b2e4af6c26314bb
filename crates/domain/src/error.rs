//! Validation errors carry a field name and a message key; the edge
//! translates the key into the user's language.

use serde::Serialize;

/// One field that failed validation. `code` is a Fluent message id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
}

/// All the field errors of one input, reported together so a form can
/// show every problem at once.
#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error)]
#[error("invalid input: {0:?}")]
pub struct Invalid(pub Vec<FieldError>);

impl Invalid {
    pub fn one(field: &str, code: &'static str) -> Self {
        Invalid(vec![FieldError { field: field.to_owned(), code }])
    }

    pub fn push(&mut self, field: &str, code: &'static str) {
        self.0.push(FieldError { field: field.to_owned(), code });
    }

    /// Records the error of `result` under `field`, returning the value if any.
    pub fn check<T>(&mut self, field: &str, result: Result<T, &'static str>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(code) => {
                self.push(field, code);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_result(self) -> Result<(), Invalid> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
}
