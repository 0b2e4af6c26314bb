//! The share of plan lines derived from data over a whole portfolio,
//! counted by the database instead of by assembling every plan: how many
//! lines each source gives is a count of rows (contacts, services, open
//! projects, events in the plan's horizon, critical services nobody has
//! scheduled an update for), and only the narratives are read, a page at
//! a time, to count their lines as the assembly splits them. A test holds
//! these counts to the sum over the assembled plans.

use chrono::{Duration, NaiveDate};
use kumppani_domain::plan::{EventKind, SectionSource};
use kumppani_store::Db;
use kumppani_store::plans::{self as store, Scope};

use super::assemble::{Automation, HORIZON_PAST_DAYS, typed_lines};
use crate::AppError;

/// Narratives read per round trip.
const NOTES_CHUNK: i64 = 2_000;

/// Derived and typed lines over every plan of the scope, as of `today`.
pub(crate) async fn over(db: &Db, scope: Scope, today: NaiveDate) -> Result<Automation, AppError> {
    let sections = store::sections(db, false).await?;
    let n = store::line_counts(db, scope, today, today - Duration::days(HORIZON_PAST_DAYS)).await?;
    let mut derived = 0;
    for s in sections.iter().filter(|s| s.active) {
        derived += match s.source {
            // Organisation type and segment on every plan; the rest where known.
            SectionSource::Basic => {
                2 * n.customers + n.business_ids + n.managers + n.deputies + n.contacts + n.services
            }
            SectionSource::Projects => n.projects,
            SectionSource::Narrative => 0,
            other => match other.event_kind() {
                Some(EventKind::CriticalUpdate) => n.events_of(EventKind::CriticalUpdate) + n.unscheduled_updates,
                Some(kind) => n.events_of(kind),
                None => 0,
            },
        };
    }
    let mut typed = 0;
    let mut after = (0, 0);
    loop {
        let notes = store::notes_after(db, scope, after, NOTES_CHUNK).await?;
        typed += notes.iter().map(|(_, _, body)| typed_lines(body)).sum::<usize>();
        match notes.last() {
            Some((customer, section, _)) if notes.len() as i64 == NOTES_CHUNK => after = (*customer, *section),
            _ => break,
        }
    }
    Ok(Automation { derived: usize::try_from(derived).unwrap_or(0), typed })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]

    use super::*;
    use crate::centre_time::today;
    use crate::demo::{self, DemoOptions};
    use crate::plans::assemble::automation;
    use kumppani_testkit::RawSql;

    /// The same share, assembled plan by plan.
    async fn assembled(db: &Db, scope: Scope) -> Automation {
        let plans = crate::plans::assembled(db, kumppani_store::plans::Which::Scope(scope)).await.expect("plans");
        automation(&plans.into_iter().map(|(_, p)| p).collect::<Vec<_>>())
    }

    #[tokio::test]
    async fn the_counts_equal_the_assembled_plans() {
        let db = kumppani_testkit::sqlite().await;
        demo::generate(&db, &DemoOptions { customers: 60, seed: 7 }, &|_| {}).await.expect("demo");
        demo::generate_projects(&db, 40, 7).await.expect("projects");
        // Blank and indented narrative lines count as the assembly splits them.
        db.execute("UPDATE plan_notes SET body = body || '\n\n   \n  one more line  ' WHERE customer_id < 5", &[])
            .await
            .expect("notes");
        let managers: Vec<i64> = db
            .fetch_all("SELECT DISTINCT manager_id FROM customers WHERE manager_id IS NOT NULL", &[])
            .await
            .expect("managers")
            .iter()
            .map(|r| r.get("manager_id").expect("id"))
            .collect();
        let mut scopes = vec![Scope::default(), Scope { manager_id: None, segment_id: Some(1) }];
        scopes.extend(managers.iter().map(|m| Scope { manager_id: Some(*m), segment_id: None }));
        scopes.push(Scope { manager_id: managers.first().copied(), segment_id: Some(2) });
        let all = assembled(&db, Scope::default()).await;
        assert!(all.derived > 1_000 && all.typed > 60, "{all:?}");
        for scope in &scopes {
            assert_eq!(over(&db, *scope, today()).await.expect("counted"), assembled(&db, *scope).await, "{scope:?}");
        }
        // A retired section's lines leave both.
        db.execute("UPDATE plan_sections SET active = FALSE WHERE source IN ('budget_meetings', 'basic')", &[])
            .await
            .expect("retire");
        let fewer = assembled(&db, Scope::default()).await;
        assert!(fewer.derived < all.derived);
        assert_eq!(over(&db, Scope::default(), today()).await.expect("counted"), fewer);
    }
}
