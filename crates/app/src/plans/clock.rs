//! The annual clock (vuosikello): a year's customer events on a dial, one
//! ring per kind, as a self-contained SVG with an accessible title and
//! description and a `<title>` per event. Pure: events in, text out. A
//! large portfolio's year is drawn as one dot per kind and week instead
//! ([`svg_weekly`]), so the picture stays readable and small.

use chrono::{Datelike, NaiveDate};

use super::assemble::{CalendarKind, CustomerEvent};

/// What the dial's words are in the reader's language.
pub struct ClockText {
    /// The whole picture's title, e.g. "Vuosikello 2027: Kauniainen".
    pub title: String,
    /// A sentence saying what the picture shows.
    pub desc: String,
    /// Twelve month abbreviations, January first.
    pub months: [String; 12],
    /// The name of each kind, for the legend and each event's title.
    pub kind_name: fn(CalendarKind, &str) -> String,
    /// The language code passed to `kind_name`.
    pub lang: String,
    /// Lines of text shown under the dial (what the picture leaves out).
    pub note: Vec<String>,
}

const SIZE: f64 = 440.0;
const CENTRE: f64 = SIZE / 2.0;

fn ring(kind: CalendarKind) -> (f64, &'static str) {
    match kind {
        CalendarKind::CriticalUpdate => (175.0, "#b3261e"),
        CalendarKind::BudgetMeeting => (150.0, "#1f5fa8"),
        CalendarKind::DevelopmentNeed => (125.0, "#6b4fa0"),
        CalendarKind::MarketingAction => (100.0, "#2e7d32"),
        CalendarKind::ReviewDue => (75.0, "#8a5a00"),
    }
}

/// Escapes text for XML content and attributes.
pub fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

/// The point at `fraction` of the year (0 = 1 January, at twelve o'clock)
/// on a circle of radius `r`.
fn at(fraction: f64, r: f64) -> (f64, f64) {
    let angle = fraction * std::f64::consts::TAU - std::f64::consts::FRAC_PI_2;
    (CENTRE + r * angle.cos(), CENTRE + r * angle.sin())
}

fn fraction(d: NaiveDate) -> f64 {
    let days = if d.leap_year() { 366.0 } else { 365.0 };
    f64::from(d.ordinal0()) / days
}

/// The dial: title, description, months and the year, with room under it
/// for the note's lines.
fn dial(year: i32, text: &ClockText) -> String {
    let height = SIZE + 20.0 * text.note.len() as f64;
    let mut out = String::new();
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {SIZE} {height}\" width=\"{SIZE}\" \
         height=\"{height}\" role=\"img\" aria-labelledby=\"clock-title clock-desc\">\n\
         <title id=\"clock-title\">{}</title>\n<desc id=\"clock-desc\">{}</desc>\n",
        xml(&text.title),
        xml(&text.desc)
    ));
    out.push_str(&format!(
        "<circle cx=\"{CENTRE}\" cy=\"{CENTRE}\" r=\"200\" fill=\"#ffffff\" stroke=\"#333333\" stroke-width=\"2\"/>\n"
    ));
    for (i, month) in text.months.iter().enumerate() {
        let start = NaiveDate::from_ymd_opt(year, u32::try_from(i).unwrap_or(0) + 1, 1).map_or(0.0, fraction);
        let (x1, y1) = at(start, 60.0);
        let (x2, y2) = at(start, 200.0);
        out.push_str(&format!(
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"#999999\" stroke-width=\"1\"/>\n"
        ));
        let (lx, ly) = at(start + 1.0 / 24.0, 210.0);
        out.push_str(&format!(
            "<text x=\"{lx:.1}\" y=\"{ly:.1}\" font-size=\"12\" text-anchor=\"middle\" dominant-baseline=\"middle\" \
             fill=\"#222222\">{}</text>\n",
            xml(month)
        ));
    }
    out.push_str(&format!(
        "<text x=\"{CENTRE}\" y=\"{CENTRE}\" font-size=\"22\" text-anchor=\"middle\" dominant-baseline=\"middle\" \
         fill=\"#222222\">{year}</text>\n"
    ));
    for (i, line) in text.note.iter().enumerate() {
        out.push_str(&format!(
            "<text x=\"{CENTRE}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#222222\">{}</text>\n",
            SIZE + 20.0 * i as f64 + 4.0,
            xml(line)
        ));
    }
    out
}

/// The clock of `year`: the events dated in it, others left out.
pub fn svg(year: i32, events: &[CustomerEvent], text: &ClockText) -> String {
    let mut out = dial(year, text);
    for e in events.iter().filter(|e| e.date.year() == year) {
        let (r, colour) = ring(e.kind);
        let (x, y) = at(fraction(e.date), r);
        let label = format!(
            "{} {}: {} ({})",
            e.date.format("%-d.%-m."),
            (text.kind_name)(e.kind, &text.lang),
            e.title,
            e.customer_name
        );
        out.push_str(&format!(
            "<a href=\"{}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"6\" fill=\"{colour}\" stroke=\"#ffffff\" \
             stroke-width=\"1\"><title>{}</title></circle></a>\n",
            xml(&e.href),
            xml(&label)
        ));
    }
    out.push_str("</svg>\n");
    out
}

/// Weeks of a year as the weekly clock counts them: days 1–7 are week 0,
/// and so on; the last "week" holds the year's last day or two.
pub const WEEKS: usize = 53;

/// The week of the year a day falls in (0–52).
pub fn week_of(d: NaiveDate) -> usize {
    usize::try_from(d.ordinal0() / 7).unwrap_or(0).min(WEEKS - 1)
}

/// Events counted per kind and week of `year`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekCount {
    pub kind: CalendarKind,
    /// 0–52, see [`week_of`].
    pub week: usize,
    pub count: i64,
}

/// The clock of `year` with one dot per kind and week, larger for more
/// events, each titled with its week and count: what a portfolio too large
/// for one dot per event gets.
pub fn svg_weekly(year: i32, weeks: &[WeekCount], text: &ClockText, count_label: &dyn Fn(i64) -> String) -> String {
    let mut out = dial(year, text);
    for w in weeks.iter().filter(|w| w.count > 0) {
        let first = NaiveDate::from_yo_opt(year, u32::try_from(w.week * 7 + 1).unwrap_or(1));
        let Some(first) = first else { continue };
        let last = NaiveDate::from_ymd_opt(year, 12, 31).map_or(first, |end| (first + chrono::Days::new(6)).min(end));
        let middle = first + chrono::Days::new(u64::try_from((last - first).num_days() / 2).unwrap_or(0));
        let (r, colour) = ring(w.kind);
        let (x, y) = at(fraction(middle), r);
        // The dot's area grows with the count, within the ring's spacing.
        let radius = (3.0 + 1.5 * (w.count as f64).log2()).min(11.0);
        let label = format!(
            "{}–{} {}: {}",
            first.format("%-d.%-m."),
            last.format("%-d.%-m."),
            (text.kind_name)(w.kind, &text.lang),
            count_label(w.count)
        );
        out.push_str(&format!(
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{radius:.1}\" fill=\"{colour}\" fill-opacity=\"0.8\" \
             stroke=\"#ffffff\" stroke-width=\"1\"><title>{}</title></circle>\n",
            xml(&label)
        ));
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(date: NaiveDate, kind: CalendarKind, title: &str) -> CustomerEvent {
        CustomerEvent {
            date,
            kind,
            title: title.into(),
            customer_id: 7,
            customer_name: "Kauniainen".into(),
            href: "/events/3/edit".into(),
            event_id: Some(3),
        }
    }

    fn text() -> ClockText {
        ClockText {
            title: "Vuosikello 2027".into(),
            desc: "Kriittiset päivitykset <ja> palaverit".into(),
            months: [
                "tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys", "loka", "marras", "joulu",
            ]
            .map(String::from),
            kind_name: |k, _| format!("{k:?}"),
            lang: "fi".into(),
            note: Vec::new(),
        }
    }

    #[test]
    fn the_year_events_are_dots_with_titles_and_the_rest_left_out() {
        let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap_or_default();
        let events = vec![
            event(d(1, 1), CalendarKind::CriticalUpdate, "Palkat & versio"),
            event(d(7, 2), CalendarKind::BudgetMeeting, "Talousarvio"),
            event(NaiveDate::from_ymd_opt(2028, 1, 5).unwrap_or_default(), CalendarKind::ReviewDue, "Ensi vuonna"),
        ];
        let svg = svg(2027, &events, &text());
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>\n"));
        assert!(svg.contains("<title id=\"clock-title\">Vuosikello 2027</title>"));
        assert!(svg.contains("&lt;ja&gt;"), "text is escaped");
        assert_eq!(svg.matches("<a href=").count(), 2);
        assert!(svg.contains("Palkat &amp; versio"));
        assert!(!svg.contains("Ensi vuonna"));
        // 1 January sits at twelve o'clock on the critical ring.
        assert!(svg.contains("cx=\"220.0\" cy=\"45.0\""));
        assert_eq!(svg.matches("<text").count(), 13);
    }

    #[test]
    fn a_weekly_clock_has_one_dot_per_kind_and_week_and_says_why() {
        let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap_or_default();
        assert_eq!((week_of(d(1, 1)), week_of(d(1, 7)), week_of(d(1, 8)), week_of(d(12, 31))), (0, 0, 1, 52));
        let weeks = vec![
            WeekCount { kind: CalendarKind::ReviewDue, week: 0, count: 40_000 },
            WeekCount { kind: CalendarKind::BudgetMeeting, week: 10, count: 3 },
            WeekCount { kind: CalendarKind::CriticalUpdate, week: 52, count: 1 },
            WeekCount { kind: CalendarKind::MarketingAction, week: 20, count: 0 },
        ];
        let mut t = text();
        t.note = vec!["Liikaa yksitellen".into(), "Valitse päällikkö".into()];
        let svg = svg_weekly(2027, &weeks, &t, &|n| format!("{n} kpl"));
        assert_eq!(svg.matches("<circle").count(), 1 + 3, "the dial and a dot per week with events");
        assert!(svg.contains("<title>1.1.–7.1. ReviewDue: 40000 kpl</title>"), "{svg}");
        assert!(svg.contains("<title>31.12.–31.12. CriticalUpdate: 1 kpl</title>"), "{svg}");
        assert!(!svg.contains("<a href="), "a week is no one record");
        // The biggest dot stays within the ring spacing; the note is under the dial.
        assert!(svg.contains("r=\"11.0\""));
        assert!(svg.contains("viewBox=\"0 0 440 480\"") && svg.contains(">Valitse päällikkö</text>"));
    }
}
