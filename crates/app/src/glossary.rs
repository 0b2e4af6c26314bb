//! The PRINCE2 glossary (SPEC §4): read by everyone internal, kept by the
//! unit head and administrators. The labels of the board roles come from
//! here, so the organisation's agreed wording is used everywhere.

use std::collections::HashMap;

use kumppani_domain::glossary::TermDraft;
use kumppani_domain::stakeholder::BoardRole;
use kumppani_domain::{Invalid, diff};
use kumppani_store::Db;
use kumppani_store::audit::{Action, Target};
use kumppani_store::glossary;
pub use kumppani_store::glossary::Term;

use crate::policy::Permit;
use crate::policy::cap::{EditGlossary, ReadProjects};
use crate::{AppError, audit_change};

/// Every term, sorted by its wording in `lang`.
pub async fn list(db: &Db, _: &Permit<ReadProjects>, lang: &str) -> Result<Vec<Term>, AppError> {
    let mut terms = glossary::list(db).await?;
    terms.sort_by_key(|t| t.term(lang).to_lowercase());
    Ok(terms)
}

pub async fn get(db: &Db, _: &Permit<ReadProjects>, id: i64) -> Result<Term, AppError> {
    Ok(glossary::get(db, id).await?)
}

/// The label of a PRINCE2 role in a language (`fi`, `sv`, `en`), from the
/// glossary. Keys: `executive`, `senior_user`, `senior_supplier`,
/// `project_assurance`, `project_support`, `change_authority`,
/// `project_manager`. A key the glossary lacks (someone's typo, or a role
/// added later) shows as the key itself rather than failing the page.
pub async fn role_label(db: &Db, role_key: &str, lang: &str) -> Result<String, AppError> {
    Ok(glossary::by_key(db, role_key).await?.map_or_else(|| role_key.to_owned(), |t| t.term(lang).to_owned()))
}

/// Every board role's label in `lang`, for pages that name several.
pub async fn role_labels(db: &Db, lang: &str) -> Result<HashMap<String, String>, AppError> {
    let terms = glossary::list(db).await?;
    Ok(BoardRole::ALL
        .iter()
        .map(|r| {
            let key = r.as_str();
            let label = terms.iter().find(|t| t.term_key == key).map_or(key, |t| t.term(lang));
            (key.to_owned(), label.to_owned())
        })
        .collect())
}

fn target(id: i64) -> Target<'static> {
    Target { entity: "glossary_term", entity_id: Some(id), subject: None }
}

pub async fn create(db: &Db, permit: &Permit<EditGlossary>, draft: &TermDraft) -> Result<Term, AppError> {
    let valid = draft.validate()?;
    let mut tx = db.begin().await?;
    if glossary::key_taken(&mut tx, &valid.term_key, None).await? {
        return Err(Invalid::one("term_key", "error-duplicate").into());
    }
    let id = glossary::insert(&mut tx, &valid).await?;
    let created = glossary::get_in(&mut tx, id).await?;
    audit_change(&mut tx, permit.actor(), Action::Create, target(id), &diff(None, Some(&created.audit_fields())))
        .await?;
    tx.commit().await?;
    Ok(created)
}

/// Changes a term's wording and definitions; its key stays.
pub async fn update(
    db: &Db,
    permit: &Permit<EditGlossary>,
    id: i64,
    version: i64,
    draft: &TermDraft,
) -> Result<Term, AppError> {
    let mut tx = db.begin().await?;
    let before = glossary::get_in(&mut tx, id).await?;
    // The key is fixed: validate the rest against the saved one.
    let valid = TermDraft { term_key: before.term_key.clone(), ..draft.clone() }.validate()?;
    if before.version != version {
        return Err(AppError::Conflict { current: before.version });
    }
    glossary::update(&mut tx, id, version, &valid).await?;
    let after = glossary::get_in(&mut tx, id).await?;
    let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
    audit_change(&mut tx, permit.actor(), Action::Update, target(id), &changes).await?;
    tx.commit().await?;
    Ok(after)
}

pub fn draft_of(t: &Term) -> TermDraft {
    let text = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
    TermDraft {
        term_key: t.term_key.clone(),
        term_en: t.term_en.clone(),
        term_fi: t.term_fi.clone(),
        term_sv: t.term_sv.clone(),
        definition_en: text(&t.definition_en),
        definition_fi: text(&t.definition_fi),
        definition_sv: text(&t.definition_sv),
    }
}
