//! Closed lists of choices (a select in a form, a string in the API): each
//! value has a stable snake_case key, and parsing answers a Fluent id.

/// Defines an enum of choices with `ALL` (in declaration order, which is
/// also the `Ord` order), `as_str` and `parse`.
///
/// The serialized name (serde) is the variant in snake_case and the key is
/// what is stored and offered in forms: write the key as that snake_case
/// name, as every choice does, so the API and the database agree.
///
/// A blank value is `error-required`, unless the definition says
/// `blank => "…"` before the braces: a few choices have always answered
/// blank with `error-choice`, and their messages stay as they were.
macro_rules! choice {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $key:literal),+ $(,)? }) => {
        $crate::choice::choice!($(#[$m])* $name blank => "error-required" { $($variant => $key),+ });
    };
    ($(#[$m:meta])* $name:ident blank => $blank:literal { $($variant:ident => $key:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: [$name; [$($key),+].len()] = [$($name::$variant),+];

            /// The stable key stored in the database and used in the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// Anything not on the list is `error-choice`.
            pub fn parse(raw: &str) -> Result<Self, &'static str> {
                match raw.trim() {
                    "" => Err($blank),
                    s => Self::ALL.into_iter().find(|v| v.as_str() == s).ok_or("error-choice"),
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

#[cfg(test)]
mod tests {
    choice!(
        /// Two choices, blank is "required".
        Plain { First => "first", SecondOne => "second_one" }
    );

    choice!(
        /// Two choices, blank is "not on the list".
        Strict blank => "error-choice" { Only => "only" }
    );

    #[test]
    fn keys_parse_back_and_blank_says_what_the_definition_says() {
        assert_eq!(Plain::ALL, [Plain::First, Plain::SecondOne]);
        for p in Plain::ALL {
            assert_eq!(Plain::parse(&format!(" {} ", p.as_str())), Ok(p));
        }
        assert_eq!(Plain::parse(" "), Err("error-required"));
        assert_eq!(Plain::parse("third"), Err("error-choice"));
        assert_eq!(Plain::parse_opt(Some("")), Ok(None));
        assert_eq!(Plain::parse_opt(Some("first")), Ok(Some(Plain::First)));
        assert_eq!(Strict::parse(""), Err("error-choice"));
        assert_eq!(Strict::parse("only"), Ok(Strict::Only));
        assert_eq!(Strict::parse_opt(None), Ok(None));
        assert!(Plain::First < Plain::SecondOne);
    }
}
