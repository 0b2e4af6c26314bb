//! Keys of closed lists as the database stores them (TEXT columns holding
//! `as_str` values). Reading one back goes through `TryFrom<String>`, so a
//! row whose key is not on the list is an error naming the column's kind
//! and the key, never a panic or a silent default.

/// A stored key that its list does not hold (an old or hand-edited row).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown stored {kind} {key:?}")]
pub struct UnknownKey {
    pub kind: &'static str,
    pub key: String,
}

/// Implements `TryFrom<String>` through each type's own `parse`.
macro_rules! stored_key {
    ($($ty:ty => $kind:literal),+ $(,)?) => {
        $(impl TryFrom<String> for $ty {
            type Error = UnknownKey;

            fn try_from(key: String) -> Result<Self, UnknownKey> {
                <$ty>::parse(&key).map_err(|_| UnknownKey { kind: $kind, key })
            }
        })+
    };
}

stored_key! {
    crate::OrgType => "org_type",
    crate::Role => "role",
    crate::ProjectType => "project type",
    crate::Stage => "stage",
    crate::Rag => "rag",
    crate::plan::EventKind => "event kind",
    crate::plan::EventStatus => "event status",
    crate::plan::SectionSource => "section source",
    crate::lesson::LessonKind => "lesson kind",
    crate::lesson::Category => "lesson category",
    crate::stakeholder::Side => "stakeholder side",
    crate::stakeholder::Level => "level",
    crate::stakeholder::BoardRole => "responsible role",
    crate::board::BoardRole => "board role",
    crate::board::Side => "board side",
    crate::board::meeting::Category => "decision category",
    crate::ActivityKind => "activity kind",
    crate::request::RequestKind => "request kind",
    crate::request::Channel => "channel",
    crate::request::ReceivedVia => "received via",
    crate::request::RequestStatus => "request status",
    crate::process::Lane => "lane",
    crate::process::StepAction => "step action",
}

#[cfg(test)]
mod tests {
    use super::UnknownKey;
    use crate::{OrgType, Role};

    #[test]
    fn a_listed_key_reads_back() {
        assert_eq!(Role::try_from(Role::Administrator.as_str().to_owned()), Ok(Role::Administrator));
        for t in OrgType::ALL {
            assert_eq!(OrgType::try_from(t.as_str().to_owned()), Ok(t));
        }
    }

    #[test]
    fn an_unknown_key_is_an_error_naming_it() {
        let e = Role::try_from("emperor".to_owned());
        assert_eq!(e, Err(UnknownKey { kind: "role", key: "emperor".into() }));
        assert_eq!(e.unwrap_err().to_string(), "unknown stored role \"emperor\"");
    }
}
