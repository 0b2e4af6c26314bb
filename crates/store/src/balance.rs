//! Portfolio balance (issue 6): who holds which customer, the coverage of
//! managers × segments, and writing many reassignments at once.
//!
//! Reads go through a [`Db`]; [`apply_assignments`] takes the caller's
//! [`Tx`] so that every change and its audit rows commit together.

use chrono::NaiveDate;
use kumppani_domain::Role;
use kumppani_domain::balance::CustomerSlot;
use kumppani_domain::balance::coverage::{self, Candidate, Counts, HoldingCount, SegmentCount};
use serde::Serialize;
use std::collections::BTreeSet;

pub use kumppani_domain::balance::coverage::{ManagerRow, SegmentColumn};

use crate::{Db, StoreError, Tx, check_updated, now};

/// A customer as the balance pages and the optimizer need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Holding {
    pub id: i64,
    pub name: String,
    pub business_id: Option<String>,
    pub segment_id: i64,
    pub manager_id: Option<i64>,
    pub deputy_id: Option<i64>,
    pub workload_weight: i64,
    pub version: i64,
}

impl Holding {
    /// The optimizer's view, not pinned.
    pub fn slot(&self) -> CustomerSlot {
        CustomerSlot {
            customer_id: self.id,
            segment_id: self.segment_id,
            manager_id: self.manager_id,
            deputy_id: self.deputy_id,
            weight: u32::try_from(self.workload_weight).unwrap_or(1).max(1),
            pinned: false,
        }
    }
}

const HOLDINGS: &str = "SELECT id, name, business_id, segment_id, manager_id, deputy_id, workload_weight, version
    FROM customers ORDER BY id";

/// Every customer, by id.
pub async fn holdings(db: &Db) -> Result<Vec<Holding>, StoreError> {
    db.fetch_all_as(HOLDINGS, &[]).await
}

/// Every customer as an optimizer slot (unpinned), by id.
pub async fn slots(db: &Db) -> Result<Vec<CustomerSlot>, StoreError> {
    Ok(holdings(db).await?.iter().map(Holding::slot).collect())
}

/// A person who holds customers or could.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Person {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub active: bool,
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<Role>")]
    pub role: Role,
    /// Customers they manage now.
    pub holds: i64,
}

const PEOPLE: &str = "SELECT u.id, u.username, u.display_name, u.active, u.role,
        (SELECT COUNT(*) FROM customers c WHERE c.manager_id = u.id) AS holds
    FROM users u
    WHERE u.role IN ('partnership_manager', 'unit_head')
       OR EXISTS (SELECT 1 FROM customers c WHERE c.manager_id = u.id OR c.deputy_id = u.id)
    ORDER BY u.display_name COLLATE \"C\", u.id";

/// Everyone who holds a customer or may hold one, by display name.
pub async fn people(db: &Db) -> Result<Vec<Person>, StoreError> {
    db.fetch_all_as(PEOPLE, &[]).await
}

/// A customer named in a coverage finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Finding {
    #[sqlx(rename = "id")]
    pub customer_id: i64,
    #[sqlx(rename = "name")]
    pub customer_name: String,
    /// The person the finding is about (the manager, or the deputy).
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub segment_name: String,
}

/// Managers × segments, and what the policy of SPEC §2 finds wanting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Coverage {
    pub segments: Vec<SegmentColumn>,
    /// People who manage customers, and active partnership managers who do not yet.
    pub managers: Vec<ManagerRow>,
    pub customers: i64,
    /// The sum of all customers' workload weights.
    pub workload: i64,
    /// Customers without a manager.
    pub unassigned: i64,
    /// Segments with customers that only one manager holds.
    pub single_holder_segments: Vec<i64>,
    /// Customers without a deputy: one page, by name.
    pub without_deputy: Vec<Finding>,
    /// Customers without a deputy in all.
    pub without_deputy_total: i64,
    /// Pass as `without_deputy_after` for the next page; absent on the last.
    pub without_deputy_next_cursor: Option<i64>,
    /// Customers whose deputy holds no customer of their segment: one page,
    /// by name.
    pub unfamiliar_deputies: Vec<Finding>,
    pub unfamiliar_deputies_total: i64,
    /// Pass as `unfamiliar_after` for the next page; absent on the last.
    pub unfamiliar_deputies_next_cursor: Option<i64>,
}

/// Which page of each finding list a coverage read returns: a list can
/// name every customer (an imported register has no deputies), so it is
/// read a page at a time like the customer list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FindingPages {
    /// The page after this customer (the first page without one).
    pub without_deputy_after: Option<i64>,
    pub unfamiliar_after: Option<i64>,
    /// Findings per list, 1–500.
    pub limit: i64,
}

impl Default for FindingPages {
    fn default() -> Self {
        FindingPages { without_deputy_after: None, unfamiliar_after: None, limit: 100 }
    }
}

/// A page of findings: those matching `condition` (on `c`), in name order,
/// after the customer `after`; with the total and the next cursor.
async fn findings(
    tx: &mut Tx,
    select: &str,
    condition: &str,
    after: Option<i64>,
    limit: i64,
) -> Result<(Vec<Finding>, i64, Option<i64>), StoreError> {
    let limit = limit.clamp(1, 500);
    let total: i64 = tx.fetch_scalar(&format!("SELECT COUNT(*) AS n FROM customers c WHERE {condition}"), &[]).await?;
    let mut params: Vec<crate::Value> = Vec::new();
    let mut sql = format!("{select} WHERE {condition}");
    if let Some(id) = after {
        params.push(id.into());
        sql.push_str(" AND (c.name_key, c.id) > (SELECT name_key, id FROM customers WHERE id = $1)");
    }
    params.push((limit + 1).into());
    sql.push_str(&format!(" ORDER BY c.name_key, c.id LIMIT ${}", params.len()));
    let mut items: Vec<Finding> = tx.fetch_all_as(&sql, &params).await?;
    let more = items.len() as i64 > limit;
    items.truncate(limit as usize);
    let next = items.last().map(|f| f.customer_id).filter(|_| more);
    Ok((items, total, next))
}

/// What the coverage policy weighs, counted by the database.
async fn counts(tx: &mut Tx) -> Result<Counts, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Segment {
        id: i64,
        name: String,
        n: i64,
    }
    #[derive(sqlx::FromRow)]
    struct Cell {
        manager_id: Option<i64>,
        segment_id: i64,
        workload_weight: i64,
        n: i64,
    }
    let segments: Vec<Segment> = tx
        .fetch_all_as(
            "SELECT s.id, s.name, (SELECT COUNT(*) FROM customers c WHERE c.segment_id = s.id) AS n
             FROM segments s ORDER BY s.name COLLATE \"C\", s.id",
            &[],
        )
        .await?;
    // Counts per weight, not sums: SUM's result type differs between the
    // backends. The policy multiplies.
    let cells: Vec<Cell> = tx
        .fetch_all_as(
            "SELECT manager_id, segment_id, workload_weight, COUNT(*) AS n FROM customers
             GROUP BY manager_id, segment_id, workload_weight",
            &[],
        )
        .await?;
    let deputy_for: Vec<(i64, i64)> = tx
        .fetch_all_as(
            "SELECT deputy_id, COUNT(*) AS n FROM customers WHERE deputy_id IS NOT NULL GROUP BY deputy_id",
            &[],
        )
        .await?;
    let people: Vec<Person> = tx.fetch_all_as(PEOPLE, &[]).await?;
    Ok(Counts {
        segments: segments
            .into_iter()
            .map(|s| SegmentCount { segment_id: s.id, name: s.name, customers: s.n })
            .collect(),
        holdings: cells
            .into_iter()
            .map(|c| HoldingCount {
                manager_id: c.manager_id,
                segment_id: c.segment_id,
                workload_weight: c.workload_weight,
                customers: c.n,
            })
            .collect(),
        people: people
            .into_iter()
            .map(|p| Candidate { id: p.id, name: p.display_name, active: p.active, role: p.role })
            .collect(),
        deputy_for: deputy_for.into_iter().collect(),
    })
}

/// The coverage matrix and a page of each list of findings, all read in
/// one snapshot so that the matrix and the lists agree.
pub async fn coverage(db: &Db, pages: &FindingPages) -> Result<Coverage, StoreError> {
    let mut tx = db.begin_read().await?;
    let matrix = coverage::matrix(&counts(&mut tx).await?);
    let (without_deputy, without_deputy_total, without_deputy_next_cursor) = findings(
        &mut tx,
        "SELECT c.id, c.name, c.manager_id AS person_id, m.display_name AS person_name, s.name AS segment_name
         FROM customers c JOIN segments s ON s.id = c.segment_id LEFT JOIN users m ON m.id = c.manager_id",
        "c.deputy_id IS NULL",
        pages.without_deputy_after,
        pages.limit,
    )
    .await?;
    let (unfamiliar_deputies, unfamiliar_deputies_total, unfamiliar_deputies_next_cursor) = findings(
        &mut tx,
        "SELECT c.id, c.name, c.deputy_id AS person_id, d.display_name AS person_name, s.name AS segment_name
         FROM customers c JOIN segments s ON s.id = c.segment_id JOIN users d ON d.id = c.deputy_id",
        "c.deputy_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM customers o WHERE o.manager_id = c.deputy_id AND o.segment_id = c.segment_id)",
        pages.unfamiliar_after,
        pages.limit,
    )
    .await?;

    tx.commit().await?;
    Ok(Coverage {
        segments: matrix.segments,
        managers: matrix.managers,
        customers: matrix.customers,
        workload: matrix.workload,
        unassigned: matrix.unassigned,
        single_holder_segments: matrix.single_holder_segments,
        without_deputy,
        without_deputy_total,
        without_deputy_next_cursor,
        unfamiliar_deputies,
        unfamiliar_deputies_total,
        unfamiliar_deputies_next_cursor,
    })
}

/// A customer whose manager and deputy are both away on some day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct BothAway {
    pub customer_id: i64,
    pub customer_name: String,
    pub manager_id: i64,
    pub manager_name: String,
    pub deputy_id: i64,
    pub deputy_name: String,
    /// The first and last day both are away (of one pair of absences).
    pub from: NaiveDate,
    pub until: NaiveDate,
}

const BOTH_AWAY: &str = "FROM customers c
    JOIN users m ON m.id = c.manager_id
    JOIN users d ON d.id = c.deputy_id
    JOIN absences am ON am.user_id = c.manager_id
    JOIN absences ad ON ad.user_id = c.deputy_id
    WHERE am.ends_on >= $1 AND ad.ends_on >= $1
      AND am.starts_on <= ad.ends_on AND ad.starts_on <= am.ends_on";

/// Customers (all, or the one named) whose manager and deputy have
/// overlapping absences that have not ended before `from`, one entry per
/// overlapping pair of absences: the first `limit` by customer name, and
/// how many there are in all (two long absences of a manager and their
/// deputy can name thousands of customers).
pub async fn both_away(
    db: &Db,
    from: NaiveDate,
    customer: Option<i64>,
    limit: i64,
) -> Result<(Vec<BothAway>, i64), StoreError> {
    let mut params: Vec<crate::Value> = vec![from.into()];
    let mut cond = String::new();
    if let Some(id) = customer {
        params.push(id.into());
        cond = format!(" AND c.id = ${}", params.len());
    }
    let total: i64 = db.fetch_scalar(&format!("SELECT COUNT(*) AS n {BOTH_AWAY}{cond}"), &params).await?;
    params.push(limit.max(0).into());
    let sql = format!(
        "SELECT c.id, c.name, c.manager_id, m.display_name AS manager_name, c.deputy_id,
                d.display_name AS deputy_name, am.starts_on AS m_start, am.ends_on AS m_end,
                ad.starts_on AS d_start, ad.ends_on AS d_end
         {BOTH_AWAY}{cond}
         ORDER BY c.name_key, c.id, am.starts_on, ad.starts_on LIMIT ${}",
        params.len()
    );
    #[derive(sqlx::FromRow)]
    struct Pair {
        id: i64,
        name: String,
        manager_id: i64,
        manager_name: String,
        deputy_id: i64,
        deputy_name: String,
        m_start: NaiveDate,
        m_end: NaiveDate,
        d_start: NaiveDate,
        d_end: NaiveDate,
    }
    let pairs: Vec<Pair> = db.fetch_all_as(&sql, &params).await?;
    let items = pairs
        .into_iter()
        .map(|p| BothAway {
            customer_id: p.id,
            customer_name: p.name,
            manager_id: p.manager_id,
            manager_name: p.manager_name,
            deputy_id: p.deputy_id,
            deputy_name: p.deputy_name,
            from: p.m_start.max(p.d_start).max(from),
            until: p.m_end.min(p.d_end),
        })
        .collect();
    Ok((items, total))
}

/// One customer's new manager and deputy, based on the version read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub customer_id: i64,
    pub version: i64,
    pub manager_id: Option<i64>,
    pub deputy_id: Option<i64>,
}

/// Sets manager and deputy of many customers, each with its version
/// checked and moved on. The first stale or missing customer stops it with
/// `Conflict` or `NotFound`; the caller's transaction then rolls back.
pub async fn apply_assignments(tx: &mut Tx, changes: &[Assignment]) -> Result<(), StoreError> {
    let at = now();
    let mut seen = BTreeSet::new();
    for a in changes {
        if !seen.insert(a.customer_id) {
            return Err(StoreError::Malformed(format!("customer {} assigned twice", a.customer_id)));
        }
        let rows = tx
            .execute(
                "UPDATE customers SET manager_id = $3, deputy_id = $4, version = version + 1, updated_at = $5
                 WHERE id = $1 AND version = $2",
                &[a.customer_id.into(), a.version.into(), a.manager_id.into(), a.deputy_id.into(), at.into()],
            )
            .await?;
        check_updated(tx, "customers", a.customer_id, rows).await?;
    }
    Ok(())
}
