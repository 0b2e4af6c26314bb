//! The PRINCE2 glossary: agreed terms in English, Finnish and Swedish.

use chrono::{DateTime, Utc};
use kumppani_domain::glossary::ValidTerm;
use serde::Serialize;

use crate::{Db, StoreError, Tx, Value, check_updated, now};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Term {
    pub id: i64,
    pub term_key: String,
    pub term_en: String,
    pub term_fi: String,
    pub term_sv: String,
    pub definition_en: String,
    pub definition_fi: String,
    pub definition_sv: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Term {
    /// The term in a language (`fi`, `sv`, `en`; anything else is Finnish,
    /// the default language).
    pub fn term(&self, lang: &str) -> &str {
        match lang {
            "en" => &self.term_en,
            "sv" => &self.term_sv,
            _ => &self.term_fi,
        }
    }

    pub fn definition(&self, lang: &str) -> &str {
        match lang {
            "en" => &self.definition_en,
            "sv" => &self.definition_sv,
            _ => &self.definition_fi,
        }
    }

    pub fn audit_fields(&self) -> Vec<(&'static str, Option<String>)> {
        let text = |t: &str| Some(t.to_owned()).filter(|t| !t.is_empty());
        vec![
            ("term_key", Some(self.term_key.clone())),
            ("term_en", Some(self.term_en.clone())),
            ("term_fi", Some(self.term_fi.clone())),
            ("term_sv", Some(self.term_sv.clone())),
            ("definition_en", text(&self.definition_en)),
            ("definition_fi", text(&self.definition_fi)),
            ("definition_sv", text(&self.definition_sv)),
        ]
    }
}

const SELECT: &str = "SELECT id, term_key, term_en, term_fi, term_sv, definition_en, definition_fi, definition_sv,
        version, created_at, updated_at FROM glossary_terms";

/// Every term, in key order (the page sorts by the reader's language).
pub async fn list(db: &Db) -> Result<Vec<Term>, StoreError> {
    db.fetch_all_as(&format!("{SELECT} ORDER BY term_key"), &[]).await
}

pub async fn get(db: &Db, id: i64) -> Result<Term, StoreError> {
    db.fetch_one_as(&format!("{SELECT} WHERE id = $1"), &[id.into()]).await
}

pub async fn get_in(tx: &mut Tx, id: i64) -> Result<Term, StoreError> {
    tx.fetch_one_as(&format!("{SELECT} WHERE id = $1"), &[id.into()]).await
}

pub async fn by_key(db: &Db, key: &str) -> Result<Option<Term>, StoreError> {
    db.fetch_optional_as(&format!("{SELECT} WHERE term_key = $1"), &[key.into()]).await
}

pub async fn key_taken(tx: &mut Tx, key: &str, except: Option<i64>) -> Result<bool, StoreError> {
    let row = tx
        .fetch_optional(
            "SELECT id FROM glossary_terms WHERE term_key = $1 AND id <> $2",
            &[key.into(), except.unwrap_or(0).into()],
        )
        .await?;
    Ok(row.is_some())
}

fn values(t: &ValidTerm) -> Vec<Value> {
    vec![
        t.term_key.as_str().into(),
        t.term_en.as_str().into(),
        t.term_fi.as_str().into(),
        t.term_sv.as_str().into(),
        t.definition_en.as_str().into(),
        t.definition_fi.as_str().into(),
        t.definition_sv.as_str().into(),
    ]
}

pub async fn insert(tx: &mut Tx, t: &ValidTerm) -> Result<i64, StoreError> {
    let mut params = values(t);
    params.push(now().into());
    tx.fetch_scalar(
        "INSERT INTO glossary_terms (term_key, term_en, term_fi, term_sv, definition_en, definition_fi, definition_sv,
                                     created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        &params,
    )
    .await
}

/// Updates a term. The key is fixed once created (the code refers to it),
/// so it is not among the columns written.
pub async fn update(tx: &mut Tx, id: i64, version: i64, t: &ValidTerm) -> Result<(), StoreError> {
    let mut params = vec![id.into(), version.into()];
    params.extend(values(t).into_iter().skip(1));
    params.push(now().into());
    let rows = tx
        .execute(
            "UPDATE glossary_terms SET term_en = $3, term_fi = $4, term_sv = $5, definition_en = $6,
                    definition_fi = $7, definition_sv = $8, version = version + 1, updated_at = $9
             WHERE id = $1 AND version = $2",
            &params,
        )
        .await?;
    check_updated(tx, "glossary_terms", id, rows).await
}
