//! One batch of each kind of import: resolve names to ids, validate with
//! the drafts, skip what is already imported, insert the rest.

use std::collections::{HashMap, HashSet};

use kumppani_domain::data_import::Columns;
use kumppani_domain::{ActivityDraft, ContactDraft, CustomerDraft, Invalid, Name, Role};
use kumppani_store::data_import::{self, NewActivity, Table, UserRef};
use kumppani_store::{StoreError, Tx};

use super::{ImportReport, Line};

fn field<'r>(columns: &Columns, line: &'r Line, name: &str) -> &'r str {
    columns.value(name, |i| line.record.get(i))
}

/// Splits a batch into rows to import and rows already imported (counted)
/// or repeating an external id seen earlier in the same batch (rejected).
async fn fresh<'l>(
    tx: &mut Tx,
    table: Table,
    columns: &Columns,
    lines: &'l [Line],
    report: &mut ImportReport,
) -> Result<Vec<(&'l Line, &'l str)>, StoreError> {
    let ids: Vec<&str> = lines.iter().map(|l| field(columns, l, "external_id")).filter(|e| !e.is_empty()).collect();
    let existing = data_import::existing(tx, table, &ids).await?;
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let ext = field(columns, line, "external_id");
        if ext.is_empty() {
            report.reject(line.number, Invalid::one("external_id", "error-required"));
        } else if existing.contains_key(ext) {
            report.unchanged += 1;
        } else if !seen.insert(ext) {
            report.reject(line.number, Invalid::one("external_id", "error-import-duplicate"));
        } else {
            out.push((line, ext));
        }
    }
    Ok(out)
}

/// A username as an id; blank is none. `manager` requires someone who can
/// hold customers.
fn person(
    users: &HashMap<String, UserRef>,
    username: &str,
    field: &str,
    manager: bool,
    errors: &mut Invalid,
) -> Option<i64> {
    if username.is_empty() {
        return None;
    }
    match users.get(&username.to_lowercase()) {
        None => errors.push(field, "error-not-found"),
        Some(u) if manager && !(u.active && Role::parse(&u.role).is_ok_and(Role::can_hold_customers)) => {
            errors.push(field, "error-not-a-manager")
        }
        Some(u) => return Some(u.id),
    }
    None
}

pub(super) async fn customers(
    tx: &mut Tx,
    columns: &Columns,
    lines: &[Line],
    report: &mut ImportReport,
) -> Result<(), StoreError> {
    let rows = fresh(tx, Table::Customers, columns, lines, report).await?;
    let users = data_import::users_by_username(tx).await?;
    let mut segments = data_import::segments(tx).await?;
    let business_ids: Vec<&str> =
        rows.iter().map(|(l, _)| field(columns, l, "business_id")).filter(|b| !b.is_empty()).collect();
    let mut taken = data_import::taken_business_ids(tx, &business_ids).await?;
    let mut valid = Vec::with_capacity(rows.len());
    for (line, ext) in rows {
        tokio::task::coop::consume_budget().await;
        let mut errors = Invalid::default();
        let segment_name = field(columns, line, "segment");
        let segment_id = match Name::parse(segment_name) {
            Ok(name) => match segments.get(name.as_str()) {
                Some(&id) => Some(id),
                None => {
                    let id = data_import::create_segment(tx, name.as_str()).await?;
                    segments.insert(name.as_str().to_owned(), id);
                    report.segments_created += 1;
                    Some(id)
                }
            },
            Err(code) => {
                errors.push("segment", code);
                None
            }
        };
        let manager_id = person(&users, field(columns, line, "manager"), "manager", true, &mut errors);
        let deputy_id = person(&users, field(columns, line, "deputy"), "deputy", true, &mut errors);
        let org_type = match field(columns, line, "org_type") {
            "" => "other",
            t => t,
        };
        let draft = CustomerDraft {
            name: field(columns, line, "name").to_owned(),
            business_id: Some(field(columns, line, "business_id").to_owned()),
            org_type: org_type.to_owned(),
            segment_id,
            manager_id,
            deputy_id,
            notes: Some(field(columns, line, "notes").to_owned()),
            workload_weight: None,
        };
        match draft.validate() {
            Ok(customer) if errors.is_empty() => {
                // A business id already in use, here or earlier in the file.
                if let Some(b) = &customer.business_id
                    && !taken.insert(b.as_str().to_owned())
                {
                    report.reject(line.number, Invalid::one("business_id", "error-business-id-taken"));
                    continue;
                }
                valid.push((ext.to_owned(), customer));
            }
            Ok(_) => report.reject(line.number, errors),
            Err(mut invalid) => {
                // A bad segment name is already reported under the file's column.
                let segment_named = errors.0.iter().any(|e| e.field == "segment");
                invalid.0.retain(|e| !(segment_named && e.field == "segment_id"));
                errors.0.extend(invalid.0);
                report.reject(line.number, errors);
            }
        }
    }
    report.created += data_import::insert_customers(tx, &valid).await?.len() as u64;
    Ok(())
}

/// The customers a batch refers to by external id.
async fn customer_ids(
    tx: &mut Tx,
    columns: &Columns,
    rows: &[(&Line, &str)],
) -> Result<HashMap<String, i64>, StoreError> {
    let refs: Vec<&str> = rows.iter().map(|(l, _)| field(columns, l, "customer")).filter(|c| !c.is_empty()).collect();
    data_import::existing(tx, Table::Customers, &refs).await
}

pub(super) async fn contacts(
    tx: &mut Tx,
    columns: &Columns,
    lines: &[Line],
    report: &mut ImportReport,
) -> Result<(), StoreError> {
    let rows = fresh(tx, Table::Contacts, columns, lines, report).await?;
    let customers = customer_ids(tx, columns, &rows).await?;
    let mut valid = Vec::with_capacity(rows.len());
    for (line, ext) in rows {
        tokio::task::coop::consume_budget().await;
        let mut errors = Invalid::default();
        let customer = customers.get(field(columns, line, "customer")).copied();
        if customer.is_none() {
            errors.push("customer", "error-not-found");
        }
        let draft = ContactDraft {
            name: field(columns, line, "name").to_owned(),
            title: Some(field(columns, line, "title").to_owned()),
            email: Some(field(columns, line, "email").to_owned()),
            phone: Some(field(columns, line, "phone").to_owned()),
        };
        match (draft.validate(), customer) {
            (Ok(contact), Some(customer_id)) => valid.push((ext.to_owned(), customer_id, contact)),
            (result, _) => {
                errors.0.extend(result.err().map(|e| e.0).unwrap_or_default());
                report.reject(line.number, errors);
            }
        }
    }
    report.created += data_import::insert_contacts(tx, &valid).await? as u64;
    Ok(())
}

pub(super) async fn activities(
    tx: &mut Tx,
    columns: &Columns,
    lines: &[Line],
    report: &mut ImportReport,
) -> Result<(), StoreError> {
    let rows = fresh(tx, Table::Activities, columns, lines, report).await?;
    let customers = customer_ids(tx, columns, &rows).await?;
    let users = data_import::users_by_username(tx).await?;
    let mut valid = Vec::with_capacity(rows.len());
    for (line, ext) in rows {
        tokio::task::coop::consume_budget().await;
        let mut errors = Invalid::default();
        let customer = customers.get(field(columns, line, "customer")).copied();
        if customer.is_none() {
            errors.push("customer", "error-not-found");
        }
        let owner_id = person(&users, field(columns, line, "owner"), "owner", false, &mut errors);
        let draft = ActivityDraft {
            date: field(columns, line, "date").to_owned(),
            kind: field(columns, line, "kind").to_owned(),
            title: field(columns, line, "title").to_owned(),
            notes: Some(field(columns, line, "notes").to_owned()),
        };
        match (draft.validate(), customer) {
            (Ok(activity), Some(customer_id)) if errors.is_empty() => {
                valid.push(NewActivity { external_id: Some(ext.to_owned()), customer_id, owner_id, activity })
            }
            (result, _) => {
                errors.0.extend(result.err().map(|e| e.0).unwrap_or_default());
                report.reject(line.number, errors);
            }
        }
    }
    report.created += data_import::insert_activities(tx, &valid).await? as u64;
    Ok(())
}
