//! Builders of valid projects and their surroundings for the checks of the
//! project-side modules (projects, boards, stakeholders, lessons) and the
//! customer-side ones (plans, events, feeds). Each commits its own
//! transaction, like the builders in `harness.rs`.

use kumppani_domain::{Actor, ProjectDraft, Role};
use kumppani_store::catalog::Kind;
use kumppani_store::{Db, projects};

use crate::harness::{add_catalog_entry, add_customer, add_user, customer_draft};

/// Two people to run projects, a segment and a customer in it.
pub struct World {
    pub executive: i64,
    pub manager: i64,
    pub segment: i64,
    pub customer: i64,
}

pub async fn world(db: &Db) -> World {
    let executive = add_user(db, "eero", "Eero Esimies", true).await;
    let manager = add_user(db, "paivi", "Päivi Projektinen", true).await;
    let segment = add_catalog_entry(db, Kind::Segment, "Kunnat").await;
    let customer = add_customer(db, &customer_draft("Tampereen kaupunki", None, "municipality", segment)).await;
    World { executive, manager, segment, customer }
}

pub fn project_draft(w: &World, name: &str, customer: Option<i64>, project_type: Option<&str>) -> ProjectDraft {
    ProjectDraft {
        name: name.into(),
        customer_id: customer,
        executive_id: Some(w.executive),
        project_manager_id: Some(w.manager),
        stage: "initiating".into(),
        project_type: project_type.map(Into::into),
        ..ProjectDraft::default()
    }
}

pub async fn add_project(db: &Db, w: &World, name: &str, customer: Option<i64>, project_type: Option<&str>) -> i64 {
    let valid = project_draft(w, name, customer, project_type).validate().expect("valid project draft");
    let mut tx = db.begin().await.expect("begin");
    let id = projects::insert(&mut tx, &valid).await.expect("insert project");
    tx.commit().await.expect("commit");
    id
}

/// The actor of a stored user, as the app builds it for a signed-in user.
pub fn acting(id: i64, name: &str) -> Actor {
    Actor::user(id, name, Role::PartnershipManager)
}
