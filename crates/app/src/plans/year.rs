//! A portfolio's year for the annual clock, read without holding the
//! portfolio: the events of the year are counted before any is loaded, and
//! the reviews due in the year come from one pass over the plans' keys in
//! chunks. Up to [`MAX_DOTS`] things get a dot each; beyond that the year
//! is counted per kind and week, so neither the memory used nor the picture
//! grows with the number of customers.

use chrono::{Datelike, NaiveDate};
use kumppani_domain::plan::staleness;
use kumppani_store::Db;
use kumppani_store::events;
use kumppani_store::plans::{self as store, Scope, Which};

use super::assemble::{CalendarKind, CustomerEvent, calendar_entry, review_entry};
use super::clock::{WEEKS, WeekCount, week_of};
use crate::AppError;
use crate::centre_time::{self, today};
use crate::policy::Permit;
use crate::policy::cap::ReadPlans;

/// The most events and reviews drawn one dot each: about what a
/// partnership manager's year holds, and a picture of some 100 KiB.
pub const MAX_DOTS: usize = 600;

/// Plan keys read per round trip.
const CHUNK: i64 = 5_000;

/// What the clock of a portfolio's year shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Year {
    /// Every event and review of the year, by date.
    Each(Vec<CustomerEvent>),
    /// Too many for a dot each: the year counted per kind and week.
    Weekly { weeks: Vec<WeekCount>, total: i64 },
}

/// The year of the scope's customers: their events that are not
/// cancelled and their next reviews dated in `year`.
pub async fn portfolio_year(db: &Db, _: &Permit<ReadPlans>, scope: Scope, year: i32) -> Result<Year, AppError> {
    let (Some(from), Some(to)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) else {
        return Ok(Year::Each(Vec::new()));
    };
    let today = today();
    let which = Which::Scope(scope);
    let event_count = events::count_between(db, which, from, to).await?;
    let mut each = usize::try_from(event_count).is_ok_and(|n| n <= MAX_DOTS);

    let mut reviews: Vec<CustomerEvent> = Vec::new();
    let mut review_weeks = [0_i64; WEEKS];
    let mut review_total = 0;
    let mut last_id = 0;
    loop {
        let chunk = store::keys(db, scope, last_id, CHUNK).await?;
        let Some(last) = chunk.last() else { break };
        last_id = last.id;
        for k in &chunk {
            let due =
                staleness(k.reviewed_at.map(centre_time::day_of), k.cadence_months, today).due_on().unwrap_or(today);
            if due.year() != year {
                continue;
            }
            review_total += 1;
            review_weeks[week_of(due)] += 1;
            if each {
                reviews.push(review_entry(k.id, &k.name, due));
                if reviews.len() as i64 + event_count > MAX_DOTS as i64 {
                    each = false;
                    reviews = Vec::new();
                }
            }
        }
        if (chunk.len() as i64) < CHUNK {
            break;
        }
    }

    if each {
        let limit = i64::try_from(MAX_DOTS).unwrap_or(i64::MAX);
        let mut all: Vec<CustomerEvent> =
            events::between(db, which, from, to, limit).await?.iter().map(calendar_entry).collect();
        all.extend(reviews);
        all.sort_by_key(|e| (e.date, e.customer_id, e.event_id));
        return Ok(Year::Each(all));
    }
    let mut weeks: Vec<WeekCount> = Vec::new();
    let mut add =
        |kind: CalendarKind, week: usize, count: i64| match weeks.iter_mut().find(|w| w.kind == kind && w.week == week)
        {
            Some(w) => w.count += count,
            None => weeks.push(WeekCount { kind, week, count }),
        };
    for (day, kind, n) in events::per_day(db, which, from, to).await? {
        add(CalendarKind::from(kind), week_of(day), n);
    }
    for (week, n) in review_weeks.iter().enumerate().filter(|(_, n)| **n > 0) {
        add(CalendarKind::ReviewDue, week, *n);
    }
    Ok(Year::Weekly { weeks, total: event_count + review_total })
}
