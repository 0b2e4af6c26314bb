//! Demo projects with boards: a delivery-stage customer project with a
//! complete board (the external demo member `ulkoinen` sits on it as the
//! customer's Senior User), its guidance delivered, a meeting and decisions;
//! a starting customer project whose board is still incomplete and whose
//! guidance is late; an internal project that affects the wider customer
//! base. Written through the use cases, so every row is audited.
//!
//! Kept apart from [`super::generate`] (which the test suites use for their
//! customer base) and run after it by `kumppani demo` and `serve --demo`.

use kumppani_domain::board::meeting::{DecisionDraft, MeetingDraft};
use kumppani_domain::board::{BoardDraft, MemberDraft};
use kumppani_domain::{Actor, ProjectDraft, StatusDraft};
use kumppani_store::{Db, contacts, users};

use crate::policy::{cap, permit};
use crate::{AppError, board_log, boards, projects};

/// How many projects [`generate`] wrote.
pub async fn generate(db: &Db) -> Result<usize, AppError> {
    let actor = Actor::system_named("kumppani demo");
    let edit = permit::<cap::EditProjects>(db, &actor).await?;
    let user = async |username: &str| -> Result<i64, AppError> {
        let found = users::credentials(db, username).await?;
        found.map(|(u, _)| u.id).ok_or(AppError::NotFound)
    };
    // Customers with contacts, the external member's own municipality first.
    let mut customers = kumppani_store::customers::with_contacts(db).await?;
    customers.sort_by_key(|(_, name)| !name.contains("Kangasala"));
    let (Some(first), Some(second)) = (customers.first().cloned(), customers.get(1).cloned()) else {
        return Ok(0);
    };
    let contact = async |customer: i64| -> Result<i64, AppError> {
        contacts::for_customer(db, customer).await?.first().map(|c| c.id).ok_or(AppError::NotFound)
    };
    let member = |user_id: Option<i64>, contact_id: Option<i64>, role: &str, side: &str| MemberDraft {
        user_id,
        contact_id,
        role: role.into(),
        side: side.into(),
    };
    let project =
        |name: &str, customer: Option<i64>, executive: i64, manager: i64, stage: &str, n: Option<i64>| ProjectDraft {
            name: name.into(),
            customer_id: customer,
            executive_id: Some(executive),
            project_manager_id: Some(manager),
            stage: stage.into(),
            stage_number: n,
            starts_on: Some("2026-01-12".into()),
            ends_on: Some("2026-12-18".into()),
            tolerance_time: Some("± 3 viikkoa".into()),
            tolerance_cost: Some("± 10 %".into()),
            tolerance_scope: None,
            project_type: Some("development".into()),
        };
    let (head, jokinen, lahtinen) = (user("esimies").await?, user("pp.jokinen").await?, user("pp.lahtinen").await?);
    let (virtanen, korhonen, external) =
        (user("kp.virtanen").await?, user("kp.korhonen").await?, user("ulkoinen").await?);

    // 1. Delivery stage, complete board, guidance delivered, a meeting, decisions.
    let draft = project("Asianhallinnan uudistus", Some(first.0), head, jokinen, "delivery", Some(2));
    let p = projects::create(db, &edit, &draft).await?;
    let board = BoardDraft {
        meeting_interval: Some("Kuukausittain, kuun ensimmäinen tiistai".into()),
        ways_of_working: Some("Aineisto jaetaan viikkoa ennen kokousta. Kiireelliset muutokset päättää omistaja sähköpostitse ja ne kirjataan seuraavaan kokoukseen.".into()),
        affects_customer_base: false,
        members: vec![
            member(None, Some(contact(first.0).await?), "executive", "customer"),
            member(Some(external), None, "senior_user", "customer"),
            member(Some(virtanen), None, "senior_supplier", "supplier"),
            member(Some(head), None, "project_assurance", "centre"),
        ],
    };
    let saved = boards::save(db, &edit, p.id, 0, &board).await?;
    let mut version = saved.version;
    for step in ["sent_to_customer", "sent_to_members"] {
        version = boards::record_step(db, &edit, p.id, version, step).await?.version;
    }
    let meeting = MeetingDraft {
        held_on: "2026-02-03".into(),
        agenda: "1. Roolit ja vastuut (ohjausryhmätyöskentelyn ohje)\n2. Vaiheen 2 suunnitelma\n3. Riskit".into(),
        attendee_ids: saved.members.iter().map(|m| m.id).collect(),
    };
    let m = board_log::add_meeting(db, &edit, p.id, &meeting).await?;
    boards::record_step(db, &edit, p.id, version, "reviewed_at_first_meeting").await?;
    for (what, category) in [
        ("Vaiheen 2 suunnitelma hyväksytään; arkistointi siirtyy vaiheeseen 3.", "scope"),
        ("Käyttöönotto siirretään kahdella viikolla koulutusten vuoksi.", "schedule"),
    ] {
        let d = DecisionDraft {
            meeting_id: Some(m.id),
            what: what.into(),
            decided_by: "Ohjausryhmä".into(),
            category: category.into(),
        };
        board_log::add_decision(db, &edit, p.id, &d).await?;
    }
    let status = StatusDraft { rag: "green".into(), highlight: "Vaihe 2 etenee suunnitellusti.".into() };
    projects::add_status(db, &edit, p.id, &status).await?;

    // 2. Starting up: the customer has the guidance, the board is incomplete.
    let draft = project("Palkanlaskennan pilvisiirto", Some(second.0), head, lahtinen, "starting_up", None);
    let p = projects::create(db, &edit, &draft).await?;
    let board = BoardDraft {
        members: vec![member(Some(korhonen), None, "senior_supplier", "supplier")],
        ..BoardDraft::default()
    };
    let saved = boards::save(db, &edit, p.id, 0, &board).await?;
    boards::record_step(db, &edit, p.id, saved.version, "sent_to_customer").await?;

    // 3. Internal, affecting the wider customer base: the partnership
    //    manager represents the customers.
    let draft = project("Tunnistautumisen uudistus", None, head, jokinen, "initiating", None);
    let p = projects::create(db, &edit, &draft).await?;
    let board = BoardDraft {
        meeting_interval: Some("Joka toinen viikko".into()),
        ways_of_working: None,
        affects_customer_base: true,
        members: vec![
            member(Some(head), None, "executive", "centre"),
            member(Some(korhonen), None, "senior_user", "centre"),
            member(Some(user("marko.ahonen").await?), None, "senior_supplier", "centre"),
        ],
    };
    boards::save(db, &edit, p.id, 0, &board).await?;
    Ok(3)
}
