//! Stored keys of closed lists: TEXT columns holding `as_str` values,
//! read back as the domain's enums.

use sqlx::{Decode, Type};

/// A stored key of a closed list (a TEXT column holding an `as_str`
/// value), decoded through the list's `TryFrom<String>` (see
/// `kumppani_domain::stored`): a field reads through it with
/// `#[sqlx(try_from = "crate::StoredKey<Role>")]`. The check is in the decode, so
/// an unknown key fails the column with the list's own message (sqlx's
/// `try_from` would reduce a conversion error to "unprintable error").
pub struct StoredKey<T>(T);

/// The same for a nullable column: `#[sqlx(try_from = "crate::NullableKey<Level>")]`
/// on an `Option<Level>`.
pub struct NullableKey<T>(Option<T>);

/// `From<StoredKey<T>> for T` (which gives the `TryFrom` sqlx's `try_from`
/// calls) for each list: the orphan rule allows it per type, not for every
/// `T`. A new list stored in a column adds its type here.
macro_rules! stored_keys {
    ($($ty:ty),+ $(,)?) => {
        $(impl From<StoredKey<$ty>> for $ty {
            fn from(key: StoredKey<$ty>) -> Self {
                key.0
            }
        })+
    };
}

stored_keys!(
    kumppani_domain::OrgType,
    kumppani_domain::Role,
    kumppani_domain::Stage,
    kumppani_domain::Rag,
    kumppani_domain::plan::EventKind,
    kumppani_domain::plan::EventStatus,
    kumppani_domain::plan::SectionSource,
    kumppani_domain::lesson::LessonKind,
    kumppani_domain::lesson::Category,
    kumppani_domain::stakeholder::Side,
    kumppani_domain::stakeholder::BoardRole,
    kumppani_domain::board::BoardRole,
    kumppani_domain::board::Side,
    kumppani_domain::board::meeting::Category,
    kumppani_domain::request::RequestKind,
    kumppani_domain::request::Channel,
    kumppani_domain::request::ReceivedVia,
    kumppani_domain::request::RequestStatus,
    kumppani_domain::process::Lane,
    kumppani_domain::process::StepAction,
);

impl<T> From<NullableKey<T>> for Option<T> {
    fn from(key: NullableKey<T>) -> Self {
        key.0
    }
}

/// A key's TEXT type, as `String`'s on either backend.
macro_rules! text_type {
    ($key:ident) => {
        impl<DB: sqlx::Database, T> Type<DB> for $key<T>
        where
            String: Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <String as Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <String as Type<DB>>::compatible(ty)
            }
        }
    };
}
text_type!(StoredKey);
text_type!(NullableKey);

impl<'r, DB: sqlx::Database, T> Decode<'r, DB> for StoredKey<T>
where
    String: Decode<'r, DB>,
    T: TryFrom<String>,
    T::Error: std::error::Error + Send + Sync + 'static,
{
    fn decode(value: <DB as sqlx::Database>::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(StoredKey(T::try_from(<String as Decode<'r, DB>>::decode(value)?)?))
    }
}

impl<'r, DB: sqlx::Database, T> Decode<'r, DB> for NullableKey<T>
where
    Option<String>: Decode<'r, DB>,
    T: TryFrom<String>,
    T::Error: std::error::Error + Send + Sync + 'static,
{
    fn decode(value: <DB as sqlx::Database>::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let key = <Option<String> as Decode<'r, DB>>::decode(value)?;
        Ok(NullableKey(key.map(T::try_from).transpose()?))
    }
}
