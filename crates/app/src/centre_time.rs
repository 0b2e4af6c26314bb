//! The service centre's own calendar. Absences, due dates, review days and
//! board decisions are dates in the centre's time zone, whatever zone the
//! server runs in; this is the one place that says which zone that is.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// The centre's time zone.
pub const ZONE: Tz = chrono_tz::Europe::Helsinki;

/// Today's date in the centre.
pub fn today() -> NaiveDate {
    day_of(Utc::now())
}

/// The centre's date at the instant `at`.
pub fn day_of(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&ZONE).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn an_instant_after_local_midnight_is_the_next_day_in_the_centre() {
        // 22:30 UTC on 31 May is 01:30 on 1 June in Helsinki (UTC+3 in summer).
        let at = Utc.with_ymd_and_hms(2026, 5, 31, 22, 30, 0).single().expect("valid instant");
        assert_eq!(day_of(at), NaiveDate::from_ymd_opt(2026, 6, 1).expect("valid date"));
    }

    #[test]
    fn an_instant_before_local_midnight_keeps_its_day() {
        // 21:30 UTC on 31 January is 23:30 in Helsinki (UTC+2 in winter).
        let at = Utc.with_ymd_and_hms(2026, 1, 31, 21, 30, 0).single().expect("valid instant");
        assert_eq!(day_of(at), NaiveDate::from_ymd_opt(2026, 1, 31).expect("valid date"));
    }
}
