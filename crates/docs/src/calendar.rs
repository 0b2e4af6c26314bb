//! Calendar feeds as iCalendar (RFC 5545) text, built with the `icalendar`
//! crate so that folding, escaping and the required properties are right.

use chrono::NaiveDate;
use icalendar::{Calendar, Component, Event, EventLike};

/// One all-day entry. Strings are already in the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarEntry {
    /// Stable across fetches, so calendar programs update rather than
    /// duplicate an entry whose date or title changed.
    pub uid: String,
    pub date: NaiveDate,
    pub summary: String,
    pub description: String,
    pub category: String,
    /// Where the entry's source lives (absolute URL), when known.
    pub url: Option<String>,
}

/// A whole calendar named `name` (shown by calendar programs as the
/// subscription's title).
pub fn ics(name: &str, entries: &[CalendarEntry]) -> String {
    let mut calendar = Calendar::new();
    calendar.name(name);
    for e in entries {
        let mut event = Event::new();
        // An all-day event ends (exclusively) the next day (RFC 5545 3.6.1);
        // it does not make the subscriber busy.
        event
            .uid(&e.uid)
            .summary(&e.summary)
            .starts(e.date)
            .ends(e.date.succ_opt().unwrap_or(e.date))
            .categories([&e.category])
            .add_property("TRANSP", "TRANSPARENT");
        if !e.description.is_empty() {
            event.description(&e.description);
        }
        if let Some(url) = &e.url {
            event.url(url);
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use icalendar::{CalendarComponent, DatePerhapsTime, EventLike};

    #[test]
    fn entries_round_trip_through_a_parser() {
        let entries = vec![
            CalendarEntry {
                uid: "event-7@kumppani".into(),
                date: NaiveDate::from_ymd_opt(2027, 3, 15).unwrap(),
                summary: "Härmän kunta: Budjettipalaveri, osa 2; kevät".into(),
                description: "Kumppanuuspäällikkö: Åsa Öberg\nhttps://example.test/customers/3/plan".into(),
                category: "Budjetti".into(),
                url: Some("https://example.test/customers/3/plan".into()),
            },
            CalendarEntry {
                uid: "review-3-2027-04-01@kumppani".into(),
                date: NaiveDate::from_ymd_opt(2027, 4, 1).unwrap(),
                summary: "A very long summary that certainly needs folding at seventy-five octets per line".into(),
                description: String::new(),
                category: "Review".into(),
                url: None,
            },
        ];
        let text = ics("Kumppani – Härmä", &entries);
        assert!(text.lines().all(|l| l.trim_end_matches('\r').len() <= 75), "lines are folded:\n{text}");
        let parsed: Calendar = text.parse().expect("parses");
        let events: Vec<&Event> = parsed
            .components
            .iter()
            .filter_map(|c| if let CalendarComponent::Event(e) = c { Some(e) } else { None })
            .collect();
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].get_uid(), Some("event-7@kumppani"));
        assert_eq!(events[0].get_summary(), Some("Härmän kunta: Budjettipalaveri, osa 2; kevät"));
        assert_eq!(events[0].get_start(), Some(DatePerhapsTime::Date(entries[0].date)));
        let next_day = NaiveDate::from_ymd_opt(2027, 3, 16).unwrap();
        assert_eq!(events[0].get_end(), Some(DatePerhapsTime::Date(next_day)), "DTEND is exclusive");
        assert_eq!(events[0].get_categories(), Some(vec!["Budjetti".to_owned()]));
        assert_eq!(events[0].get_url(), Some("https://example.test/customers/3/plan"));
        assert_eq!(events[0].get_description(), entries[0].description.as_str().into());
        assert_eq!(events[1].get_summary(), Some(entries[1].summary.as_str()));
    }
}
