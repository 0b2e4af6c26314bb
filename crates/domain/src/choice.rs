//! Closed lists of choices (a select in a form, a string in the API): each
//! value has a stable snake_case key, and parsing answers a Fluent id.

/// Defines an enum of choices with `ALL`, `as_str` and `parse`.
macro_rules! choice {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $key:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// Blank is `error-required`; anything not on the list `error-choice`.
            pub fn parse(raw: &str) -> Result<Self, &'static str> {
                match raw.trim() {
                    "" => Err("error-required"),
                    s => Self::ALL.iter().copied().find(|v| v.as_str() == s).ok_or("error-choice"),
                }
            }

            /// Like `parse`, but blank is absent.
            pub fn parse_opt(raw: Option<&str>) -> Result<Option<Self>, &'static str> {
                match raw.map(str::trim) {
                    None | Some("") => Ok(None),
                    Some(s) => Self::parse(s).map(Some),
                }
            }
        }
    };
}

pub(crate) use choice;

/// A text of at most `max` characters (trimmed, no control characters).
pub(crate) fn bounded(raw: &str, max: usize, required: bool) -> Result<crate::Text, &'static str> {
    let text = crate::Text::parse(raw)?;
    match text.as_str().chars().count() {
        0 if required => Err("error-required"),
        n if n > max => Err("error-too-long"),
        _ => Ok(text),
    }
}
