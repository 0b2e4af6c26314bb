//! The one parser of calendar dates typed into forms, sent in API bodies or
//! read from import files.
//!
//! Years have exactly four digits and lie in `MIN_YEAR..=MAX_YEAR`. chrono's
//! `%Y` also reads `+12345-01-01` and `-0001-01-01`; such a date passed the
//! old checks, then broke the XLSX export for everyone (Excel stops at
//! 9999), failed the databases' CHECKs (they compare dates as text) and
//! sorted wrongly wherever dates are ordered as text. The range starts at
//! 1900 because Excel's dates do, and ends well before four digits run out,
//! so that a mistyped year (3026) is caught too.

use chrono::{Datelike, NaiveDate};

/// The earliest year accepted.
pub const MIN_YEAR: i32 = 1900;
/// The latest year accepted.
pub const MAX_YEAR: i32 = 2999;

/// A date from a year, month and day, refused when it does not exist
/// (`error-date`) or its year is out of range (`error-date-range`).
pub fn from_ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate, &'static str> {
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or("error-date")?;
    check(date)
}

/// Refuses a date whose year is out of range (`error-date-range`).
pub fn check(date: NaiveDate) -> Result<NaiveDate, &'static str> {
    if (MIN_YEAR..=MAX_YEAR).contains(&date.year()) { Ok(date) } else { Err("error-date-range") }
}

/// Whether a date is in the accepted range (dates already stored may not be).
pub fn in_range(date: NaiveDate) -> bool {
    check(date).is_ok()
}

/// The shapes a field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shapes {
    /// `2026-03-01` only: fields filled by date pickers and API clients.
    Iso,
    /// Also the Finnish `1.3.2026`: fields people type into.
    IsoOrFinnish,
}

/// An ISO date, `2026-03-01` (month and day with or without a leading
/// zero); blank is `error-required`.
pub fn parse_iso(raw: &str) -> Result<NaiveDate, &'static str> {
    parse_as(raw, Shapes::Iso)
}

/// [`parse_iso`], with blank meaning no date.
pub fn parse_iso_optional(raw: Option<&str>) -> Result<Option<NaiveDate>, &'static str> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => parse_iso(s).map(Some),
    }
}

/// A date as people type it: ISO `2026-03-01` or Finnish `1.3.2026`;
/// blank is `error-required`.
pub fn parse(raw: &str) -> Result<NaiveDate, &'static str> {
    parse_as(raw, Shapes::IsoOrFinnish)
}

fn parse_as(raw: &str, shapes: Shapes) -> Result<NaiveDate, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("error-required");
    }
    let unsigned = raw.trim_start_matches(['+', '-']);
    if unsigned.len() < raw.len() {
        // A signed year (`+12345-01-01`, `-0001-01-01`) is out of range
        // when its digits are; a sign before a good date is a typo.
        return match unsigned_date(unsigned, shapes) {
            Err("error-date-range") => Err("error-date-range"),
            _ => Err("error-date"),
        };
    }
    unsigned_date(raw, shapes)
}

fn unsigned_date(raw: &str, shapes: Shapes) -> Result<NaiveDate, &'static str> {
    if let Some((year, month, day)) = split3(raw, '-') {
        return ymd(year, month, day);
    }
    if shapes == Shapes::IsoOrFinnish
        && let Some((day, month, year)) = split3(raw, '.')
    {
        return ymd(year, month, day);
    }
    Err("error-date")
}

/// A date as US programs write it: `1/15/2026`.
pub fn parse_us(raw: &str) -> Result<NaiveDate, &'static str> {
    let (month, day, year) = split3(raw.trim(), '/').ok_or("error-date")?;
    ymd(year, month, day)
}

/// Three parts separated by `sep`, none empty.
fn split3(s: &str, sep: char) -> Option<(&str, &str, &str)> {
    let mut parts = s.split(sep);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    parts.next().is_none().then_some((a, b, c))
}

fn ymd(year: &str, month: &str, day: &str) -> Result<NaiveDate, &'static str> {
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        if len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) { s.parse::<u32>().ok() } else { None }
    };
    match (digits(year, 4..=4), digits(month, 1..=2), digits(day, 1..=2)) {
        (Some(year), Some(month), Some(day)) => from_ymd(i32::try_from(year).map_err(|_| "error-date")?, month, day),
        // A five-digit year is a year out of range, not a date of the wrong shape.
        (None, Some(_), Some(_)) if year.len() > 4 && year.bytes().all(|b| b.is_ascii_digit()) => {
            Err("error-date-range")
        }
        _ => Err("error-date"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn iso_and_finnish_dates() {
        for raw in ["2026-03-01", " 2026-3-1 ", "1.3.2026", "01.03.2026"] {
            assert_eq!(parse(raw), Ok(day(2026, 3, 1)), "{raw}");
        }
        assert_eq!(parse("1900-01-01"), Ok(day(1900, 1, 1)));
        assert_eq!(parse("31.12.2999"), Ok(day(2999, 12, 31)));
        assert_eq!(parse_iso("2026-3-1"), Ok(day(2026, 3, 1)));
        assert_eq!(parse_iso("1.3.2026"), Err("error-date"));
        assert_eq!(parse_us("1/15/2026"), Ok(day(2026, 1, 15)));
    }

    #[test]
    fn blank_is_required_or_absent() {
        assert_eq!(parse("  "), Err("error-required"));
        assert_eq!(parse_iso(""), Err("error-required"));
        assert_eq!(parse_iso_optional(None), Ok(None));
        assert_eq!(parse_iso_optional(Some(" ")), Ok(None));
        assert_eq!(parse_iso_optional(Some("2026-03-01")), Ok(Some(day(2026, 3, 1))));
    }

    #[test]
    fn years_outside_the_range_are_refused() {
        for raw in ["+12345-01-01", "10000-01-01", "-0001-01-01", "1899-12-31", "3000-01-01", "1.1.12345", "0202-01-01"]
        {
            assert_eq!(parse(raw), Err("error-date-range"), "{raw}");
        }
        for raw in ["+12345-01-01", "10000-01-01", "-0001-01-01", "3000-01-01"] {
            assert_eq!(parse_iso(raw), Err("error-date-range"), "{raw}");
        }
        assert_eq!(from_ymd(10_000, 1, 1), Err("error-date-range"));
        assert!(!in_range(day(9999, 12, 31)));
        assert!(in_range(day(2026, 12, 31)));
    }

    #[test]
    fn malformed_dates_are_refused() {
        for raw in [
            "2026-13-01",
            "31.02.2026",
            "2026-03-011",
            "2026-03-01x",
            "26-03-01",
            "2026-03",
            "2026-03-01-01",
            "2026/03/01",
            "2026-+3-01",
            "2026- 3-01",
            "1.3.26",
            "NA",
            "+2026-03-01",
            "٢٠٢٦-03-01",
        ] {
            assert_eq!(parse(raw), Err("error-date"), "{raw}");
        }
    }
}
