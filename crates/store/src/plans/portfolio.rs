//! What the portfolio-wide plan pages read without assembling every plan:
//! a scope's customers a page at a time, the few columns that order the
//! dashboard (staleness needs only the last review and the cadence), how
//! many plan lines each source gives over a whole scope, and the
//! narratives a page at a time. Each read holds at most one page in memory,
//! whatever the number of customers.

use chrono::{DateTime, NaiveDate, Utc};
use kumppani_domain::plan::{DEFAULT_CADENCE_MONTHS, EventKind, EventStatus};
use serde::Deserialize;

use crate::{Db, StoreError, Value};

/// The customers of a manager, a segment, both, or (neither named) all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct Scope {
    pub manager_id: Option<i64>,
    pub segment_id: Option<i64>,
}

impl Scope {
    /// The condition on a `customers` row aliased `c`.
    pub(crate) fn condition(&self, params: &mut Vec<Value>) -> String {
        let mut parts = vec!["1 = 1".to_owned()];
        if let Some(m) = self.manager_id {
            params.push(m.into());
            parts.push(format!("c.manager_id = ${}", params.len()));
        }
        if let Some(s) = self.segment_id {
            params.push(s.into());
            parts.push(format!("c.segment_id = ${}", params.len()));
        }
        parts.join(" AND ")
    }
}

/// What orders a plan on the dashboard and places its review on the
/// calendar, without the plan itself.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlanKey {
    pub id: i64,
    pub name: String,
    pub name_key: String,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub cadence_months: i64,
}

const KEY: &str = "SELECT c.id, c.name, c.name_key, ap.reviewed_at, COALESCE(pc.months, $1) AS cadence_months
    FROM customers c
    LEFT JOIN account_plans ap ON ap.customer_id = c.id
    LEFT JOIN plan_cadence pc ON pc.segment_id = c.segment_id";

/// The keys of the scope's customers with ids above `after`, by id, at
/// most `limit`: a pass over a whole portfolio reads it in such chunks.
pub async fn keys(db: &Db, scope: Scope, after: i64, limit: i64) -> Result<Vec<PlanKey>, StoreError> {
    let mut params: Vec<Value> = vec![DEFAULT_CADENCE_MONTHS.into()];
    let cond = scope.condition(&mut params);
    params.push(after.into());
    params.push(limit.into());
    let (a, l) = (params.len() - 1, params.len());
    let sql = format!("{KEY} WHERE {cond} AND c.id > ${a} ORDER BY c.id LIMIT ${l}");
    db.fetch_all_as(&sql, &params).await
}

/// One customer's key, if it is in the scope.
pub async fn key(db: &Db, scope: Scope, id: i64) -> Result<Option<PlanKey>, StoreError> {
    let mut params: Vec<Value> = vec![DEFAULT_CADENCE_MONTHS.into()];
    let cond = scope.condition(&mut params);
    params.push(id.into());
    let sql = format!("{KEY} WHERE {cond} AND c.id = ${}", params.len());
    db.fetch_optional_as(&sql, &params).await
}

/// A page of the scope's customer ids in name order, after the customer
/// `after` (from the start without one).
pub async fn ids_by_name(db: &Db, scope: Scope, after: Option<i64>, limit: i64) -> Result<Vec<i64>, StoreError> {
    let mut params = Vec::new();
    let mut sql = format!("SELECT c.id FROM customers c WHERE {}", scope.condition(&mut params));
    if let Some(id) = after {
        params.push(id.into());
        sql.push_str(&format!(
            " AND (c.name_key, c.id) > (SELECT name_key, id FROM customers WHERE id = ${})",
            params.len()
        ));
    }
    params.push(limit.into());
    sql.push_str(&format!(" ORDER BY c.name_key, c.id LIMIT ${}", params.len()));
    db.fetch_all_scalar(&sql, &params).await
}

/// How many plan lines each source gives over a whole scope: the counts
/// the assembly would make, counted by the database (see
/// `plans::automation` in the app, which a test holds to the assembly).
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct LineCounts {
    pub customers: i64,
    pub business_ids: i64,
    pub managers: i64,
    pub deputies: i64,
    pub contacts: i64,
    pub services: i64,
    /// Projects not closed.
    pub projects: i64,
    /// Events as the plan lists them: open needs, and of other kinds those
    /// not cancelled dated from `since` on. Counted by a second query.
    #[sqlx(skip)]
    pub events: Vec<(EventKind, i64)>,
    /// Critical services with no open update scheduled from `today` on.
    pub unscheduled_updates: i64,
}

impl LineCounts {
    pub fn events_of(&self, kind: EventKind) -> i64 {
        self.events.iter().filter(|(k, _)| *k == kind).map(|(_, n)| n).sum()
    }
}

/// `IN (…)` over the open statuses, their values pushed to `params`.
fn open_statuses(params: &mut Vec<Value>) -> String {
    let list: Vec<String> = EventStatus::ALL
        .iter()
        .filter(|s| s.is_open())
        .map(|s| {
            params.push(s.as_str().into());
            format!("${}", params.len())
        })
        .collect();
    format!("IN ({})", list.join(", "))
}

/// The plan lines each source gives over the scope, as of `today`; dated
/// events count from `since` on.
pub async fn line_counts(db: &Db, scope: Scope, today: NaiveDate, since: NaiveDate) -> Result<LineCounts, StoreError> {
    let mut params = Vec::new();
    let cond = scope.condition(&mut params);
    params.push("closed".into());
    let closed = params.len();
    params.push(EventKind::CriticalUpdate.as_str().into());
    let critical = params.len();
    params.push(today.into());
    let today_p = params.len();
    let open = open_statuses(&mut params);
    // The scope's placeholders repeat in every sub-select: one round trip.
    let customers = |extra: &str| format!("(SELECT COUNT(*) FROM customers c WHERE {cond}{extra})");
    let joined = |table: &str, extra: &str| {
        format!("(SELECT COUNT(*) FROM {table} JOIN customers c ON c.id = x.customer_id WHERE {cond}{extra})")
    };
    let sql = format!(
        "SELECT {} AS customers, {} AS business_ids, {} AS managers, {} AS deputies, {} AS contacts,
                {} AS services, {} AS projects, {} AS unscheduled_updates",
        customers(""),
        customers(" AND c.business_id IS NOT NULL"),
        customers(" AND c.manager_id IS NOT NULL"),
        customers(" AND c.deputy_id IS NOT NULL"),
        joined("contacts x", ""),
        joined("customer_services x", ""),
        joined("projects x", &format!(" AND x.stage <> ${closed}")),
        joined(
            "customer_services x",
            &format!(
                " AND x.critical = TRUE AND NOT EXISTS (SELECT 1 FROM customer_events e
                   WHERE e.customer_id = x.customer_id AND e.kind = ${critical} AND e.service_id = x.service_id
                     AND e.status {open} AND e.on_date >= ${today_p})"
            ),
        ),
    );
    let mut counts: LineCounts = db.fetch_one_as(&sql, &params).await?;

    let mut params = Vec::new();
    let cond = scope.condition(&mut params);
    params.push(EventKind::DevelopmentNeed.as_str().into());
    let need = params.len();
    let open = open_statuses(&mut params);
    params.push(EventStatus::Cancelled.as_str().into());
    let cancelled = params.len();
    params.push(since.into());
    let since_p = params.len();
    let sql = format!(
        "SELECT e.kind, COUNT(*) AS n FROM customer_events e JOIN customers c ON c.id = e.customer_id
         WHERE {cond} AND ((e.kind = ${need} AND e.status {open})
            OR (e.kind <> ${need} AND e.status <> ${cancelled} AND e.on_date >= ${since_p}))
         GROUP BY e.kind"
    );
    #[derive(sqlx::FromRow)]
    struct KindCount {
        #[sqlx(try_from = "crate::StoredKey<EventKind>")]
        kind: EventKind,
        n: i64,
    }
    let per_kind: Vec<KindCount> = db.fetch_all_as(&sql, &params).await?;
    counts.events = per_kind.into_iter().map(|c| (c.kind, c.n)).collect();
    Ok(counts)
}

/// The narratives of the scope's plans in active sections, after
/// (customer id, section id) `after`, at most `limit`: (customer, section,
/// text).
pub async fn notes_after(
    db: &Db,
    scope: Scope,
    after: (i64, i64),
    limit: i64,
) -> Result<Vec<(i64, i64, String)>, StoreError> {
    let mut params = Vec::new();
    let cond = scope.condition(&mut params);
    params.push(after.0.into());
    params.push(after.1.into());
    params.push(limit.into());
    let (c, s, l) = (params.len() - 2, params.len() - 1, params.len());
    let sql = format!(
        "SELECT n.customer_id, n.section_id, n.body FROM plan_notes n
         JOIN customers c ON c.id = n.customer_id JOIN plan_sections ps ON ps.id = n.section_id
         WHERE {cond} AND ps.active = TRUE AND (n.customer_id, n.section_id) > (${c}, ${s})
         ORDER BY n.customer_id, n.section_id LIMIT ${l}"
    );
    db.fetch_all_as(&sql, &params).await
}
