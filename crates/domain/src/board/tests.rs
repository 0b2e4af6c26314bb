use chrono::NaiveDate;

use super::guidance::{Facts, Step};
use super::meeting::{Category, DecisionDraft, MeetingDraft};
use super::*;

const PM: i64 = 50;

fn ctx(customer_project: bool) -> BoardContext {
    BoardContext { customer_project, project_manager_id: PM }
}

fn seat(person: Person, role: BoardRole, side: Side) -> Seat {
    Seat { person, role, side }
}

/// A complete customer-project board: Executive, a customer Senior User,
/// a Senior Supplier.
fn good() -> Vec<Seat> {
    vec![
        seat(Person::User(1), BoardRole::Executive, Side::Customer),
        seat(Person::Contact(7), BoardRole::SeniorUser, Side::Customer),
        seat(Person::User(2), BoardRole::SeniorSupplier, Side::Supplier),
    ]
}

fn codes(seats: &[Seat], c: &BoardContext) -> Vec<&'static str> {
    check(seats, c).into_iter().map(|f| f.code).collect()
}

fn member(user: Option<i64>, contact: Option<i64>, role: &str, side: &str) -> MemberDraft {
    MemberDraft { user_id: user, contact_id: contact, role: role.into(), side: side.into() }
}

#[test]
fn a_complete_board_breaks_no_rule() {
    assert!(check(&good(), &ctx(true)).is_empty());
    assert!(is_complete(&check(&good(), &ctx(true))));
}

#[test]
fn exactly_one_executive() {
    let mut s = good();
    s.remove(0);
    assert_eq!(codes(&s, &ctx(true)), ["board-error-no-executive"]);
    assert!(!is_complete(&check(&s, &ctx(true))));
    let mut s = good();
    s.push(seat(Person::User(3), BoardRole::Executive, Side::Centre));
    let f = check(&s, &ctx(true));
    assert_eq!(f, [Finding { code: "board-error-executives", severity: Severity::Blocking, count: Some(2) }]);
}

#[test]
fn a_senior_user_and_a_senior_supplier_are_needed() {
    let s: Vec<Seat> = good().into_iter().filter(|s| s.role == BoardRole::Executive).collect();
    assert_eq!(
        codes(&s, &ctx(false)),
        ["board-error-no-senior-user", "board-error-no-senior-supplier"],
        "an internal project gets no customer warning"
    );
    assert!(check(&s, &ctx(false)).iter().all(|f| f.severity == Severity::Incomplete));
}

#[test]
fn fewer_than_eight_members_and_the_count_is_named() {
    let mut s = good();
    for i in 0..4 {
        s.push(seat(Person::User(10 + i), BoardRole::ProjectAssurance, Side::Centre));
    }
    assert_eq!(s.len(), 7);
    assert!(check(&s, &ctx(true)).is_empty(), "seven is allowed");
    s.push(seat(Person::User(20), BoardRole::ChangeAuthority, Side::Centre));
    let f = check(&s, &ctx(true));
    assert_eq!(f, [Finding { code: "board-error-too-many", severity: Severity::Blocking, count: Some(8) }]);
}

#[test]
fn a_customer_project_warns_without_a_customer_side_senior_user() {
    let mut s = good();
    s[1].side = Side::Centre;
    s[1].person = Person::User(9);
    let f = check(&s, &ctx(true));
    assert_eq!(f, [Finding { code: "board-warning-no-customer-user", severity: Severity::Warning, count: None }]);
    assert!(is_complete(&f), "a warning does not hold the board back");
    assert!(check(&s, &ctx(false)).is_empty(), "internal projects have no customer side to miss");
}

#[test]
fn the_project_manager_attends_but_is_no_member() {
    let mut s = good();
    s.push(seat(Person::User(PM), BoardRole::ProjectSupport, Side::Centre));
    assert_eq!(codes(&s, &ctx(true)), ["board-error-manager-member"]);
    // A contact with the same number is someone else.
    let mut s = good();
    s.push(seat(Person::Contact(PM), BoardRole::ProjectAssurance, Side::Customer));
    assert!(check(&s, &ctx(true)).is_empty());
}

#[test]
fn one_seat_per_person_and_contacts_on_the_customer_side() {
    let mut s = good();
    s.push(seat(Person::User(2), BoardRole::ChangeAuthority, Side::Supplier));
    assert_eq!(codes(&s, &ctx(true)), ["board-error-duplicate"]);
    let mut s = good();
    s[1].side = Side::Supplier;
    assert_eq!(codes(&s, &ctx(true)), ["board-error-contact-side", "board-warning-no-customer-user"]);
}

#[test]
fn drafts_validate_fields_then_blocking_rules() {
    let draft = BoardDraft {
        meeting_interval: Some(" monthly ".into()),
        ways_of_working: None,
        affects_customer_base: false,
        members: vec![member(Some(1), None, "executive", "customer"), member(None, Some(7), "senior_user", "customer")],
    };
    let v = draft.validate(&ctx(true)).expect("valid: incomplete is allowed");
    assert_eq!(v.meeting_interval.as_str(), "monthly");
    assert_eq!(v.seats.len(), 2);

    let bad = BoardDraft {
        members: vec![member(None, None, "chair", ""), member(Some(1), Some(2), "executive", "customer")],
        ..draft.clone()
    };
    let e: Vec<(String, &str)> =
        bad.validate(&ctx(true)).expect_err("bad").0.into_iter().map(|f| (f.field, f.code)).collect();
    assert_eq!(
        e,
        [
            ("members[0].person".to_owned(), "error-required"),
            ("members[0].role".to_owned(), "error-choice"),
            ("members[0].side".to_owned(), "error-required"),
            ("members[1].person".to_owned(), "board-error-one-person"),
        ]
    );

    let mut crowded = draft.clone();
    crowded.members = (1..=8).map(|i| member(Some(i), None, "project_support", "centre")).collect();
    let e = crowded.validate(&ctx(true)).expect_err("eight");
    assert_eq!(e.0[0].code, "board-error-too-many");
    assert_eq!(count_for("board-error-too-many", &crowded), Some(8));
    let mut long = draft;
    long.meeting_interval = Some("x".repeat(INTERVAL_MAX + 1));
    assert_eq!(long.validate(&ctx(true)).expect_err("long").0[0].field, "meeting_interval");
}

#[test]
fn roles_and_sides_round_trip() {
    for r in BoardRole::ALL {
        assert_eq!(BoardRole::parse(r.as_str()), Ok(r));
    }
    for s in Side::ALL {
        assert_eq!(Side::parse(s.as_str()), Ok(s));
    }
    assert_eq!(BoardRole::parse("chair"), Err("error-choice"));
    assert_eq!(Side::parse(""), Err("error-required"));
}

#[test]
fn the_partnership_managers_place_follows_the_seed() {
    assert_eq!(partner_place(true, false), PartnerPlace::SupportCustomerOrSupplier);
    assert_eq!(partner_place(true, true), PartnerPlace::SupportCustomerOrSupplier);
    assert_eq!(partner_place(false, true), PartnerPlace::RepresentCustomers);
    assert_eq!(partner_place(false, false), PartnerPlace::NotNeeded);
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap_or_default()
}

#[test]
fn guidance_steps_go_in_order_only() {
    let mut f = Facts { customer_project: true, board_complete: true, ..Facts::default() };
    assert_eq!(f.next(), Some(Step::SentToCustomer));
    assert_eq!(f.may_record(Step::SentToMembers), Err("guidance-error-order"));
    assert_eq!(f.may_record(Step::ReviewedAtFirstMeeting), Err("guidance-error-order"));
    assert_eq!(f.may_record(Step::SentToCustomer), Ok(()));
    f.done[0] = Some(day(1));
    assert_eq!(f.may_record(Step::SentToCustomer), Err("guidance-error-done"));
    assert_eq!(f.may_record(Step::SentToMembers), Ok(()));
    f.done[1] = Some(day(2));
    assert_eq!(f.may_record(Step::ReviewedAtFirstMeeting), Err("guidance-error-no-meeting"));
    f.first_meeting = Some(day(9));
    assert_eq!(f.may_record(Step::ReviewedAtFirstMeeting), Ok(()));
    f.done[2] = Some(day(9));
    assert_eq!(f.next(), None);
}

#[test]
fn members_get_the_guidance_only_from_a_complete_board() {
    let f = Facts { customer_project: true, done: [Some(day(1)), None, None], ..Facts::default() };
    assert_eq!(f.may_record(Step::SentToMembers), Err("guidance-error-board-incomplete"));
}

#[test]
fn internal_projects_start_at_the_members() {
    let f = Facts { customer_project: false, board_complete: true, starts_on: Some(day(1)), ..Facts::default() };
    assert_eq!(f.next(), Some(Step::SentToMembers));
    assert_eq!(f.may_record(Step::SentToCustomer), Err("guidance-error-not-applicable"));
    assert_eq!(f.due(Step::SentToMembers), Some(day(8)));
    assert!(!f.overdue(Step::SentToCustomer, day(30)), "not applicable is never overdue");
}

#[test]
fn due_dates_and_overdue_steps() {
    let mut f = Facts { customer_project: true, starts_on: Some(day(10)), ..Facts::default() };
    assert_eq!(f.due(Step::SentToCustomer), Some(day(10)));
    assert!(!f.overdue(Step::SentToCustomer, day(10)), "due today is not yet overdue");
    assert!(f.overdue(Step::SentToCustomer, day(11)));
    assert_eq!(f.due(Step::SentToMembers), None, "counted from the customer's copy");
    f.done[0] = Some(day(3));
    assert_eq!(f.due(Step::SentToMembers), Some(day(10)));
    assert!(f.overdue(Step::SentToMembers, day(11)));
    assert_eq!(f.due(Step::ReviewedAtFirstMeeting), None);
    f.first_meeting = Some(day(20));
    assert!(!f.overdue(Step::ReviewedAtFirstMeeting, day(20)));
    assert!(f.overdue(Step::ReviewedAtFirstMeeting, day(21)));
    f.done[2] = Some(day(20));
    assert!(!f.overdue(Step::ReviewedAtFirstMeeting, day(30)), "done is never overdue");
    assert_eq!(Step::parse("sent_to_members"), Ok(Step::SentToMembers));
    assert_eq!(Step::parse("sent"), Err("error-choice"));
}

#[test]
fn meetings_need_a_date_an_agenda_and_attendees() {
    let ok = MeetingDraft { held_on: "2026-03-09".into(), agenda: "Vaihe 2".into(), attendee_ids: vec![3, 1, 3] };
    let v = ok.validate().expect("valid");
    assert_eq!((v.held_on, v.attendee_ids), (day(9), vec![1, 3]));
    let bad = MeetingDraft { held_on: "9.3.2026".into(), agenda: " ".into(), attendee_ids: vec![] };
    let e: Vec<String> = bad.validate().expect_err("bad").0.into_iter().map(|f| f.field).collect();
    assert_eq!(e, ["held_on", "agenda", "attendee_ids"]);
}

#[test]
fn decisions_need_a_meeting_text_decider_and_category() {
    let ok = DecisionDraft {
        meeting_id: Some(4),
        what: "Laajuuteen lisätään raportointi.".into(),
        decided_by: "Ohjausryhmä".into(),
        category: "scope".into(),
    };
    assert_eq!(ok.validate().expect("valid").category, Category::Scope);
    for c in Category::ALL {
        assert_eq!(Category::parse(c.as_str()), Ok(c));
    }
    let bad = DecisionDraft { meeting_id: None, what: "".into(), decided_by: " ".into(), category: "fun".into() };
    let e: Vec<(String, &str)> = bad.validate().expect_err("bad").0.into_iter().map(|f| (f.field, f.code)).collect();
    assert_eq!(
        e,
        [
            ("meeting_id".to_owned(), "error-required"),
            ("what".to_owned(), "error-required"),
            ("decided_by".to_owned(), "error-required"),
            ("category".to_owned(), "error-choice"),
        ]
    );
}
