//! Projects (register, portfolio filters and pages, status history,
//! external ids) and their stakeholders and communication lines.

use kumppani_domain::stakeholder::{CommunicationDraft, Level, Side, StakeholderDraft};
use kumppani_domain::{ProjectType, Rag, Stage, StatusDraft, search};
use kumppani_store::projects::{self, Filter, ProjectScope};
use kumppani_store::{Db, StoreError, stakeholders};

use crate::fixtures::*;
use crate::harness::TestDb;
use kumppani_testkit::on_both_backends;

on_both_backends! { TestDb;
    check_projects => sqlite_projects, postgres_projects;
    check_portfolio_filters_and_pages => sqlite_portfolio_filters_and_pages, postgres_portfolio_filters_and_pages;
    check_stakeholders_and_lines => sqlite_stakeholders_and_lines, postgres_stakeholders_and_lines;
}

pub async fn check_projects(db: &Db) {
    let w = world(db).await;
    let mut draft = project_draft(&w, "Palkanlaskennan käyttöönotto", Some(w.customer), Some("deployment"));
    draft.stage = "delivery".into();
    draft.stage_number = Some(2);
    draft.starts_on = Some("2024-02-29".into());
    draft.ends_on = Some("2025-12-31".into());
    draft.tolerance_cost = Some("± 10 %".into());
    let valid = draft.validate().expect("valid");
    let mut tx = db.begin().await.expect("begin");
    let id = projects::insert(&mut tx, &valid).await.expect("insert");
    tx.commit().await.expect("commit");

    let p = projects::get(db, id).await.expect("get");
    assert_eq!(p.name, "Palkanlaskennan käyttöönotto");
    assert_eq!((p.customer_name.as_deref(), p.segment_id), (Some("Tampereen kaupunki"), Some(w.segment)));
    assert_eq!((p.executive_name.as_str(), p.project_manager_name.as_str()), ("Eero Esimies", "Päivi Projektinen"));
    assert_eq!((p.stage, p.stage_number, p.project_type), (Stage::Delivery, Some(2), Some(ProjectType::Deployment)));
    assert_eq!(p.starts_on.map(|d| d.to_string()).as_deref(), Some("2024-02-29"));
    assert_eq!((p.tolerance_cost.as_str(), p.tolerance_time.as_str()), ("± 10 %", ""));
    assert_eq!((p.version, p.status.is_none(), p.external_id.is_none()), (1, true, true));

    // Optimistic concurrency, and the scope is part of the update.
    let renamed = project_draft(&w, "Palkanlaskenta", Some(w.customer), None).validate().expect("valid");
    let someone_else = ProjectScope::Own { user_id: w.executive + w.manager };
    let mut tx = db.begin().await.expect("begin");
    assert!(projects::editable(&mut tx, id, &ProjectScope::Own { user_id: w.manager }).await.expect("editable"));
    assert!(!projects::editable(&mut tx, id, &someone_else).await.expect("editable"));
    let refused = projects::update(&mut tx, id, 1, &renamed, &someone_else).await;
    assert!(matches!(refused, Err(StoreError::Conflict { current: 1 })), "{refused:?}");
    projects::update(&mut tx, id, 1, &renamed, &ProjectScope::Own { user_id: w.executive }).await.expect("update");
    let stale = projects::update(&mut tx, id, 1, &renamed, &ProjectScope::All).await;
    assert!(matches!(stale, Err(StoreError::Conflict { current: 2 })), "{stale:?}");
    assert!(matches!(
        projects::update(&mut tx, id + 99, 1, &renamed, &ProjectScope::All).await,
        Err(StoreError::NotFound)
    ));
    tx.commit().await.expect("commit");
    let p = projects::get(db, id).await.expect("get");
    assert_eq!(
        (p.name.as_str(), p.stage, p.stage_number, p.project_type),
        ("Palkanlaskenta", Stage::Initiating, None, None)
    );

    // The status history only grows; the project shows the latest.
    let author = acting(w.manager, "Päivi Projektinen");
    let mut tx = db.begin().await.expect("begin");
    for (rag, highlight) in [("green", "Alku hyvä"), ("amber", "Aikataulu \"tiukka\"; 'varaus' ✓")] {
        let s = StatusDraft { rag: rag.into(), highlight: highlight.into() }.validate().expect("valid status");
        projects::add_status(&mut tx, id, &s, &author).await.expect("status");
    }
    tx.commit().await.expect("commit");
    let history = projects::statuses(db, id).await.expect("statuses");
    let rags: Vec<Rag> = history.iter().map(|s| s.rag).collect();
    assert_eq!(rags, [Rag::Amber, Rag::Green], "newest first");
    assert_eq!(history[0].highlight, "Aikataulu \"tiukka\"; 'varaus' ✓");
    assert_eq!((history[0].author_id, history[0].author_name.as_str()), (Some(w.manager), "Päivi Projektinen"));
    let latest = projects::get(db, id).await.expect("get").status.expect("latest status");
    assert_eq!(latest.id, history[0].id);

    // An imported project is found again by the project server's id, once.
    let imported = project_draft(&w, "Tuotu", None, None).validate().expect("valid");
    let guid = "{6F9619FF-8B86-D011-B42D-00C04FC964FF}";
    let mut tx = db.begin().await.expect("begin");
    let tuotu = projects::insert_from(&mut tx, &imported, Some(guid)).await.expect("insert imported");
    tx.commit().await.expect("commit");
    let mut tx = db.begin().await.expect("begin");
    let again = projects::insert_from(&mut tx, &imported, Some(guid)).await;
    assert!(matches!(&again, Err(StoreError::Duplicate { column: Some(c) }) if c == "external_id"), "{again:?}");
    drop(tx);
    let mut tx = db.begin().await.expect("begin");
    assert_eq!(projects::by_external_id(&mut tx, guid).await.expect("by id"), Some(tuotu));
    let other_case = guid.to_lowercase();
    assert_eq!(projects::by_external_id(&mut tx, &other_case).await.expect("by id"), None, "ids are exact");
    tx.commit().await.expect("commit");
    assert_eq!(projects::count(db).await.expect("count"), 2);
    assert_eq!(projects::customer_choices(db).await.expect("choices"), [(w.customer, "Tampereen kaupunki".into())]);
    let with = projects::customers_with_projects(db, 10, None).await.expect("with projects");
    assert_eq!(with, [(w.customer, "Tampereen kaupunki".into())]);
}

pub async fn check_portfolio_filters_and_pages(db: &Db) {
    let w = world(db).await;
    // Names whose order depends on case, accents and spacing: the sort key
    // (lower-cased, single-spaced) compared by code point, as in Rust.
    let names = ["Öljy", "alpha", "Alpha", "Zeta  projekti", "Äänestys", "beta", "Ärrä", "Ålands", "zeta projekti"];
    let mut ids = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let customer = (i % 2 == 0).then_some(w.customer);
        let kind = if i % 3 == 0 { Some("upgrade") } else { None };
        ids.push(add_project(db, &w, name, customer, kind).await);
    }
    let mut expected: Vec<(String, i64)> = names.iter().zip(&ids).map(|(n, id)| (search::sort_key(n), *id)).collect();
    expected.sort();
    let expected: Vec<i64> = expected.into_iter().map(|(_, id)| id).collect();

    let all = projects::list(db, &Filter::default()).await.expect("list");
    assert_eq!(all.items.iter().map(|p| p.id).collect::<Vec<_>>(), expected);
    assert_eq!((all.total, all.next_cursor, all.prev_cursor), (names.len() as i64, None, None));

    // Page forward by three, then back from the last page.
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = projects::list(db, &Filter { after, limit: Some(3), ..Filter::default() }).await.expect("page");
        assert_eq!(page.total, names.len() as i64);
        seen.extend(page.items.iter().map(|p| p.id));
        match page.next_cursor {
            Some(c) => after = Some(c),
            None => break,
        }
    }
    assert_eq!(seen, expected);
    let back = projects::list(db, &Filter { before: Some(expected[6]), limit: Some(3), ..Filter::default() })
        .await
        .expect("page back");
    assert_eq!(back.items.iter().map(|p| p.id).collect::<Vec<_>>(), expected[3..6]);
    assert_eq!((back.next_cursor, back.prev_cursor), (Some(expected[5]), Some(expected[3])));

    let ids_of = |f: Filter| async move {
        let page = projects::list(db, &f).await.expect("filtered");
        let mut ids: Vec<i64> = page.items.iter().map(|p| p.id).collect();
        assert_eq!(page.total, ids.len() as i64, "the count agrees with the rows");
        ids.sort();
        ids
    };
    let customers = ids_of(Filter { customer_id: Some(w.customer), ..Filter::default() }).await;
    assert_eq!(customers, [ids[0], ids[2], ids[4], ids[6], ids[8]]);
    let segment = ids_of(Filter { segment_id: Some(w.segment), ..Filter::default() }).await;
    assert_eq!(segment, customers);
    let upgrades = ids_of(Filter { project_type: Some("upgrade".into()), ..Filter::default() }).await;
    assert_eq!(upgrades, [ids[0], ids[3], ids[6]]);
    let mine =
        ids_of(Filter { project_manager_id: Some(w.manager), stage: Some("initiating".into()), ..Filter::default() });
    assert_eq!(mine.await.len(), names.len());
    assert!(ids_of(Filter { stage: Some("closed".into()), ..Filter::default() }).await.is_empty());

    // The latest status decides the colour; `none` is "no status yet".
    let author = acting(w.manager, "Päivi Projektinen");
    let mut tx = db.begin().await.expect("begin");
    for (project, rag) in [(ids[1], "red"), (ids[1], "green"), (ids[2], "red")] {
        let s = StatusDraft { rag: rag.into(), highlight: "Tilanne".into() }.validate().expect("valid");
        projects::add_status(&mut tx, project, &s, &author).await.expect("status");
    }
    tx.commit().await.expect("commit");
    assert_eq!(ids_of(Filter { rag: Some("red".into()), ..Filter::default() }).await, [ids[2]]);
    assert_eq!(ids_of(Filter { rag: Some("green".into()), ..Filter::default() }).await, [ids[1]]);
    assert_eq!(ids_of(Filter { rag: Some("none".into()), ..Filter::default() }).await.len(), names.len() - 2);
}

fn stakeholder(name: &str, side: &str, interest: Option<&str>, note: &str) -> StakeholderDraft {
    StakeholderDraft {
        name: name.into(),
        organisation: Some("Tampereen kaupunki".into()),
        side: side.into(),
        interest: interest.map(Into::into),
        influence: Some("high".into()),
        note: Some(note.into()),
    }
}

pub async fn check_stakeholders_and_lines(db: &Db) {
    let w = world(db).await;
    let project = add_project(db, &w, "Sidosryhmät", Some(w.customer), None).await;
    let other = add_project(db, &w, "Toinen", None, None).await;
    let mut tx = db.begin().await.expect("begin");
    let s1 = stakeholders::insert(
        &mut tx,
        project,
        &stakeholder("Kaisa Käyttäjä", "customer", None, "").validate().expect("valid"),
    )
    .await
    .expect("insert");
    let s2 = stakeholders::insert(
        &mut tx,
        project,
        &stakeholder("Åsa Öberg", "supplier", Some("low"), "Ruotsiksi").validate().expect("v"),
    )
    .await
    .expect("insert");
    tx.commit().await.expect("commit");

    let list = stakeholders::list(db, project).await.expect("list");
    assert_eq!(list.iter().map(|s| s.id).collect::<Vec<_>>(), [s1, s2], "in the order entered");
    assert_eq!((list[0].side, list[0].interest, list[0].influence), (Side::Customer, None, Some(Level::High)));
    assert_eq!((list[1].name.as_str(), list[1].note.as_str()), ("Åsa Öberg", "Ruotsiksi"));
    assert!(stakeholders::list(db, other).await.expect("other").is_empty());

    let mut tx = db.begin().await.expect("begin");
    assert!(
        matches!(stakeholders::get_in(&mut tx, other, s1).await, Err(StoreError::NotFound)),
        "not another project's"
    );
    let changed = stakeholder("Kaisa Käyttäjä", "centre", Some("medium"), "Vaihtoi puolta").validate().expect("valid");
    stakeholders::update(&mut tx, s1, 1, &changed).await.expect("update");
    assert!(matches!(stakeholders::update(&mut tx, s1, 1, &changed).await, Err(StoreError::Conflict { current: 2 })));
    tx.commit().await.expect("commit");
    let s = stakeholders::get(db, s1).await.expect("get");
    assert_eq!((s.side, s.interest, s.version), (Side::Centre, Some(Level::Medium), 2));

    let line = CommunicationDraft {
        stakeholder_id: Some(s1),
        responsible_id: Some(w.executive),
        responsible_role: "executive".into(),
        delegated_to_id: Some(w.manager),
        channel: "Sähköposti".into(),
        frequency: "Kuukausittain".into(),
        content: "Tilanne & päätökset".into(),
    }
    .validate()
    .expect("valid line");
    let mut tx = db.begin().await.expect("begin");
    let l1 = stakeholders::insert_line(&mut tx, project, &line).await.expect("line");
    assert_eq!(stakeholders::lines_of(&mut tx, s1).await.expect("lines of"), 1);
    tx.commit().await.expect("commit");
    // A stakeholder with a line cannot go: the line refers to it.
    let mut tx = db.begin().await.expect("begin");
    assert!(stakeholders::delete(&mut tx, s1, 2).await.is_err(), "the foreign key holds on both");
    drop(tx);

    let lines = stakeholders::lines(db, project).await.expect("lines");
    assert_eq!(lines.iter().map(|l| l.id).collect::<Vec<_>>(), [l1]);
    let l = &lines[0];
    assert_eq!((l.stakeholder_name.as_str(), l.responsible_name.as_str()), ("Kaisa Käyttäjä", "Eero Esimies"));
    assert_eq!(l.delegated_to_name.as_deref(), Some("Päivi Projektinen"));
    assert_eq!(l.content, "Tilanne & päätökset");

    let mut tx = db.begin().await.expect("begin");
    assert!(matches!(stakeholders::delete_line(&mut tx, l1, 9).await, Err(StoreError::Conflict { current: 1 })));
    stakeholders::delete_line(&mut tx, l1, 1).await.expect("delete line");
    stakeholders::delete(&mut tx, s1, 2).await.expect("delete stakeholder");
    assert!(matches!(stakeholders::delete(&mut tx, s1, 2).await, Err(StoreError::NotFound)));
    tx.commit().await.expect("commit");
    assert!(matches!(stakeholders::line(db, l1).await, Err(StoreError::NotFound)));
    assert_eq!(stakeholders::list(db, project).await.expect("list").iter().map(|s| s.id).collect::<Vec<_>>(), [s2]);
}
