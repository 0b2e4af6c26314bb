use super::*;
use crate::plans::diff::diff;
use chrono::{DateTime, Utc};
use kumppani_domain::OrgType;
use kumppani_domain::plan::EventStatus;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

const TODAY: (i32, u32, u32) = (2026, 11, 27);

fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}

fn customer() -> PlanCustomer {
    PlanCustomer {
        id: 7,
        name: "Kauniaisten kaupunki".into(),
        business_id: Some("0203107-5".into()),
        org_type: OrgType::Municipality,
        segment_id: 2,
        segment_name: "Kunnat".into(),
        manager_id: Some(3),
        manager_name: Some("Sanna Virtanen".into()),
        deputy_name: Some("Juha Korhonen".into()),
        cadence_months: 3,
        plan_version: 4,
        reviewed_at: None,
        reviewed_by: None,
    }
}

fn sections() -> Vec<Section> {
    let s = |id: i64, source: SectionSource| Section {
        id,
        position: id,
        source,
        title_fi: format!("Osio {id}"),
        title_sv: format!("Avsnitt {id}"),
        title_en: format!("Section {id}"),
        active: true,
    };
    vec![
        s(1, SectionSource::Basic),
        s(2, SectionSource::Projects),
        s(3, SectionSource::CriticalUpdates),
        s(4, SectionSource::BudgetMeetings),
        s(5, SectionSource::DevelopmentNeeds),
        s(6, SectionSource::MarketingActions),
    ]
}

fn event(id: i64, kind: EventKind, on: NaiveDate, status: EventStatus, service: Option<i64>) -> Event {
    let at = DateTime::<Utc>::default();
    Event {
        id,
        customer_id: 7,
        customer_name: "Kauniaisten kaupunki".into(),
        kind,
        title: format!("Tapahtuma {id}"),
        on_date: on,
        service_id: service,
        service_name: service.map(|s| format!("Palvelu {s}")),
        owner_id: Some(3),
        owner_name: Some("Sanna Virtanen".into()),
        status,
        notes: String::new(),
        version: 1,
        created_at: at,
        updated_at: at,
    }
}

struct Data {
    customer: PlanCustomer,
    sections: Vec<Section>,
    contacts: Vec<ContactLine>,
    services: Vec<ServiceLine>,
    projects: Vec<ProjectLine>,
    events: Vec<Event>,
    needs: Vec<NeedLine>,
    notes: Vec<(i64, String)>,
}

fn data() -> Data {
    Data {
        customer: customer(),
        sections: sections(),
        contacts: vec![ContactLine {
            customer_id: 7,
            id: 11,
            name: "Leena Aalto".into(),
            title: "Hallintojohtaja".into(),
        }],
        services: vec![
            ServiceLine { customer_id: 7, service_id: 21, service_name: "Palkanlaskenta".into(), critical: true },
            ServiceLine { customer_id: 7, service_id: 22, service_name: "Asianhallinta".into(), critical: true },
            ServiceLine { customer_id: 7, service_id: 23, service_name: "Tulostus".into(), critical: false },
        ],
        projects: vec![
            ProjectLine {
                customer_id: 7,
                id: 31,
                name: "Arkistointi".into(),
                stage: "delivery".into(),
                stage_number: Some(2),
                rag: Some("amber".into()),
                project_manager_name: "Katja Jokinen".into(),
                ends_on: Some(d(2027, 6, 30)),
            },
            ProjectLine {
                customer_id: 7,
                id: 32,
                name: "Vanha hanke".into(),
                stage: "closed".into(),
                stage_number: None,
                rag: None,
                project_manager_name: "Katja Jokinen".into(),
                ends_on: None,
            },
        ],
        needs: Vec::new(),
        events: vec![
            event(41, EventKind::CriticalUpdate, d(2027, 2, 10), EventStatus::Planned, Some(21)),
            event(42, EventKind::BudgetMeeting, d(2027, 1, 15), EventStatus::Planned, None),
            event(43, EventKind::BudgetMeeting, d(2025, 1, 15), EventStatus::Done, None),
            event(44, EventKind::DevelopmentNeed, d(2026, 10, 1), EventStatus::InProgress, None),
            event(45, EventKind::DevelopmentNeed, d(2026, 9, 1), EventStatus::Done, None),
            event(46, EventKind::MarketingAction, d(2026, 10, 20), EventStatus::Done, None),
            event(47, EventKind::MarketingAction, d(2027, 3, 1), EventStatus::Cancelled, None),
        ],
        notes: vec![(5, "Toive: sähköinen allekirjoitus.\n\n Selvitetään kevään aikana. ".into())],
    }
}

fn plan_of(data: &Data) -> Plan {
    let sources = Sources {
        customer: &data.customer,
        sections: &data.sections,
        contacts: data.contacts.iter().collect(),
        services: data.services.iter().collect(),
        projects: data.projects.iter().collect(),
        events: data.events.iter().collect(),
        needs: data.needs.iter().collect(),
        notes: data.notes.iter().map(|(s, n)| (*s, n.as_str())).collect(),
        today: today(),
    };
    assemble(&sources)
}

fn kinds(p: &Plan, section: usize) -> Vec<(&'static str, Option<i64>)> {
    p.sections[section].lines.iter().map(|l| (l.kind.as_str(), l.source_id)).collect()
}

#[test]
fn basic_information_comes_from_the_customer_register() {
    let p = plan_of(&data());
    assert_eq!(
        kinds(&p, 0),
        [
            ("business_id", Some(7)),
            ("org_type", Some(7)),
            ("segment", Some(2)),
            ("manager", Some(7)),
            ("deputy", Some(7)),
            ("contact", Some(11)),
            ("service", Some(21)),
            ("service", Some(22)),
            ("service", Some(23)),
        ]
    );
    let lines = &p.sections[0].lines;
    assert!(lines.iter().all(|l| l.derived && l.href.is_some()));
    assert_eq!(lines[1].status.as_deref(), Some("municipality"));
    assert_eq!(lines[5].detail.as_deref(), Some("Hallintojohtaja"));
    assert_eq!(lines[6].flag.as_deref(), Some("critical"));
    assert_eq!(lines[8].flag, None);
    assert_eq!(lines[2].href.as_deref(), Some("/segments/2"));
}

#[test]
fn projects_show_stage_and_status_but_not_closed_ones() {
    let p = plan_of(&data());
    let l = &p.sections[1].lines;
    assert_eq!(l.len(), 1);
    assert_eq!(
        (l[0].text.as_str(), l[0].status.as_deref(), l[0].flag.as_deref()),
        ("Arkistointi", Some("delivery-2"), Some("amber"))
    );
    assert_eq!(l[0].href.as_deref(), Some("/projects/31"));
}

#[test]
fn critical_updates_list_schedules_and_the_services_without_one() {
    let p = plan_of(&data());
    assert_eq!(kinds(&p, 2), [("event", Some(41)), ("unscheduled_update", Some(22))]);
    let l = &p.sections[2].lines;
    assert_eq!((l[0].date, l[0].detail.as_deref()), (Some(d(2027, 2, 10)), Some("Palvelu 21")));
    assert_eq!(l[0].href.as_deref(), Some("/events/41/edit"));
}

#[test]
fn meetings_needs_and_actions_follow_their_rules() {
    let p = plan_of(&data());
    // A meeting older than a year is history.
    assert_eq!(kinds(&p, 3), [("event", Some(42))]);
    // Only open needs, then the narrative lines (blank lines dropped).
    assert_eq!(kinds(&p, 4), [("event", Some(44)), ("narrative", None), ("narrative", None)]);
    assert_eq!(p.sections[4].lines[2].text, "Selvitetään kevään aikana.");
    assert!(!p.sections[4].lines[1].derived);
    // Planned and done actions; cancelled ones are not the plan.
    assert_eq!(kinds(&p, 5), [("event", Some(46))]);
}

#[test]
fn a_need_a_customer_raised_reaches_the_plan_by_itself() {
    let mut data = data();
    // Received at 22:30 UTC on 1 December: 2 December in Helsinki.
    let received_at = DateTime::parse_from_rfc3339("2026-12-01T22:30:00Z").map(|t| t.with_timezone(&Utc));
    data.needs.push(NeedLine {
        customer_id: 7,
        id: 91,
        subject: "Sähköinen allekirjoitus".into(),
        received_at: received_at.unwrap_or_default(),
        holder_name: Some("Kaisa Virtanen".into()),
        status: "open".into(),
    });
    let p = plan_of(&data);
    assert_eq!(kinds(&p, 4), [("event", Some(44)), ("request", Some(91)), ("narrative", None), ("narrative", None)]);
    let l = &p.sections[4].lines[1];
    assert_eq!((l.href.as_deref(), l.date, l.derived), (Some("/requests/91"), Some(d(2026, 12, 2)), true));
    assert_eq!((l.status.as_deref(), l.owner.as_deref()), (Some("open"), Some("Kaisa Virtanen")));
}

#[test]
fn automation_counts_derived_against_typed() {
    let p = plan_of(&data());
    let a = p.automation();
    assert_eq!((a.derived, a.typed), (15, 2));
    assert_eq!(a.percent(), 88);
    assert_eq!(automation(&[p.clone(), p]).derived, 30);
    assert_eq!(Automation::default().percent(), 100);
}

#[test]
fn template_order_titles_and_retired_sections() {
    let mut data = data();
    data.sections.swap(0, 5);
    data.sections[1].active = false;
    data.sections.push(Section {
        id: 9,
        position: 9,
        source: SectionSource::Narrative,
        title_fi: "Riskit".into(),
        title_sv: "Risker".into(),
        title_en: "Risks".into(),
        active: true,
    });
    data.notes.push((9, "Avainhenkilö eläköityy.".into()));
    let p = plan_of(&data);
    let ids: Vec<i64> = p.sections.iter().map(|s| s.section_id).collect();
    assert_eq!(ids, [6, 3, 4, 5, 1, 9]);
    assert_eq!(p.sections[5].title("sv"), "Risker");
    assert_eq!(kinds(&p, 5), [("narrative", None)]);
}

#[test]
fn a_changed_source_changes_the_plan_and_the_diff_says_how() {
    let mut data = data();
    let before = plan_of(&data);
    data.events[0].status = EventStatus::Done;
    data.events.push(event(48, EventKind::BudgetMeeting, d(2027, 4, 1), EventStatus::Planned, None));
    data.projects.remove(0);
    data.notes[0].1 = "Toive: sähköinen allekirjoitus.".into();
    let after = plan_of(&data);
    assert_ne!(before, after);
    let changes = diff(&before, &after);
    let summary: Vec<(i64, Vec<&str>)> =
        changes.iter().map(|s| (s.section_id, s.changes.iter().map(|c| c.change.as_str()).collect())).collect();
    // The update is done: changed, and service 21 now lacks a schedule.
    assert_eq!(
        summary,
        [(2, vec!["removed"]), (3, vec!["changed", "added"]), (4, vec!["added"]), (5, vec!["removed"])]
    );
    let changed = &changes[1].changes[0];
    assert_eq!(changed.old.as_ref().and_then(|l| l.status.as_deref()), Some("planned"));
    assert_eq!(changed.new.as_ref().and_then(|l| l.status.as_deref()), Some("done"));
    assert!(diff(&after, &after).is_empty());
}

#[test]
fn calendar_has_events_and_the_next_review() {
    let mut c = customer();
    let data = data();
    let evs: Vec<&Event> = data.events.iter().collect();
    let cal = customer_events(&c, &evs, today());
    // Six stored events (one cancelled left out) and the review, due now.
    assert_eq!(cal.len(), 7);
    let review = cal.iter().find(|e| e.kind == CalendarKind::ReviewDue).map(|e| e.date);
    assert_eq!(review, Some(today()));
    c.reviewed_at = d(2026, 10, 1).and_hms_opt(9, 0, 0).map(|t| t.and_utc());
    let cal = customer_events(&c, &evs, today());
    let review = cal.iter().find(|e| e.kind == CalendarKind::ReviewDue).map(|e| e.date);
    assert_eq!(review, Some(d(2027, 1, 1)));
    assert!(cal.windows(2).all(|w| w[0].date <= w[1].date));
}

#[test]
fn snapshots_round_trip_as_json() {
    let p = plan_of(&data());
    let json = serde_json::to_string(&p).unwrap_or_default();
    let back: Plan = serde_json::from_str(&json).unwrap_or_else(|_| Plan { sections: Vec::new(), ..p.clone() });
    assert_eq!(back, p);
}
