//! Project boards: members kept by person across saves, optimistic
//! concurrency from the never-saved version 0, guidance steps, and who sees
//! which board.

use kumppani_domain::Text;
use kumppani_domain::board::guidance::Step;
use kumppani_domain::board::{BoardRole, Person, Seat, Side, ValidBoard};
use kumppani_store::boards::{self, BoardScope};
use kumppani_store::{Db, StoreError};

use crate::fixtures::*;
use crate::harness::{self, TestDb};
use kumppani_testkit::on_both_backends;

on_both_backends! { TestDb;
    check_boards => sqlite_boards, postgres_boards;
}

fn seat(user: i64, role: BoardRole, side: Side) -> Seat {
    Seat { person: Person::User(user), role, side }
}

fn board(interval: &str, seats: Vec<Seat>) -> ValidBoard {
    ValidBoard {
        meeting_interval: Text::parse(interval).expect("text"),
        ways_of_working: Text::parse("Teams; pöytäkirja \"jaetaan\" viikossa").expect("text"),
        affects_customer_base: true,
        seats,
    }
}

pub async fn check_boards(db: &Db) {
    let w = world(db).await;
    let outsider = harness::add_user(db, "ulla", "Ulla Ulkopuolinen", true).await;
    let project = add_project(db, &w, "Ohjattu", Some(w.customer), None).await;
    let unsaved = boards::get(db, project).await.expect("unsaved board");
    assert_eq!((unsaved.version, unsaved.members.len(), unsaved.guidance.len()), (0, 0, 0));

    let first = board(
        "Kuukausittain",
        vec![
            seat(w.executive, BoardRole::Executive, Side::Customer),
            seat(w.manager, BoardRole::ProjectSupport, Side::Centre),
        ],
    );
    let mut tx = db.begin().await.expect("begin");
    boards::save(&mut tx, project, 0, &first).await.expect("first save");
    tx.commit().await.expect("commit");
    let mut tx = db.begin().await.expect("begin");
    let twice = boards::save(&mut tx, project, 0, &first).await;
    assert!(matches!(twice, Err(StoreError::Conflict { current: 1 })), "{twice:?}");
    drop(tx);
    let saved = boards::get(db, project).await.expect("board");
    assert_eq!(
        (saved.version, saved.meeting_interval.as_str(), saved.affects_customer_base),
        (1, "Kuukausittain", true)
    );
    assert_eq!(saved.ways_of_working, "Teams; pöytäkirja \"jaetaan\" viikossa");
    let executive_row = saved.members.iter().find(|m| m.user_id == Some(w.executive)).expect("executive seated").id;

    // The executive stays (same row, new side), the manager leaves, the
    // outsider joins.
    let second = board(
        "Joka toinen viikko",
        vec![
            seat(w.executive, BoardRole::Executive, Side::Supplier),
            seat(outsider, BoardRole::SeniorUser, Side::Customer),
        ],
    );
    let mut tx = db.begin().await.expect("begin");
    boards::save(&mut tx, project, 1, &second).await.expect("second save");
    boards::record_step(&mut tx, project, 2, Step::SentToCustomer, "Päivi Projektinen").await.expect("step");
    let stale = boards::record_step(&mut tx, project, 2, Step::SentToMembers, "Päivi").await;
    assert!(matches!(stale, Err(StoreError::Conflict { current: 3 })), "{stale:?}");
    tx.commit().await.expect("commit");

    let b = boards::get(db, project).await.expect("board");
    assert_eq!(b.version, 3);
    let mut seated: Vec<(Option<i64>, BoardRole, Side)> =
        b.members.iter().map(|m| (m.user_id, m.role, m.side)).collect();
    seated.sort_by_key(|(u, _, _)| *u);
    let mut expected = vec![
        (Some(w.executive), BoardRole::Executive, Side::Supplier),
        (Some(outsider), BoardRole::SeniorUser, Side::Customer),
    ];
    expected.sort_by_key(|(u, _, _)| *u);
    assert_eq!(seated, expected);
    assert_eq!(b.members.iter().find(|m| m.user_id == Some(w.executive)).map(|m| m.id), Some(executive_row));
    assert_eq!(
        b.members.iter().find(|m| m.user_id == Some(outsider)).map(|m| m.name.as_str()),
        Some("Ulla Ulkopuolinen")
    );
    let done = b.done(Step::SentToCustomer).expect("step done");
    assert_eq!(done.by, "Päivi Projektinen");
    assert!(b.done(Step::SentToMembers).is_none());

    assert_eq!(boards::projects_of(db, outsider).await.expect("projects of"), [project]);
    assert!(boards::projects_of(db, w.manager).await.expect("projects of").is_empty());
    assert!(boards::visible(db, project, &BoardScope::All).await.expect("visible"));
    assert!(boards::visible(db, project, &BoardScope::Member { user_id: outsider }).await.expect("visible"));
    assert!(!boards::visible(db, project, &BoardScope::Member { user_id: w.manager }).await.expect("visible"));
    assert!(!boards::visible(db, project + 99, &BoardScope::All).await.expect("visible"));
    assert_eq!(boards::partnership_manager(db, project).await.expect("manager"), None);
}
