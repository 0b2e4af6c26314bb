//! Demo data: a realistic Finnish shared service centre, for `kumppani
//! serve --demo` on an empty database and for benchmarks (`kumppani demo
//! --customers N`, up to 100,000 customers).
//!
//! Everything goes through the domain's validation and the store's insert
//! functions, with an audit row per record, so demo data is data the
//! application itself could have written. The same seed gives the same data.

pub mod boards;
mod names;
pub mod plans;
mod projects;
mod requests;
mod words;
mod workload;

pub use projects::{ProjectSummary, generate_projects};

use chrono::Utc;
use kumppani_domain::{Actor, CatalogEntryDraft, ContactDraft, CustomerDraft, Invalid, OrgType, Role, UserDraft, diff};
use kumppani_store::audit::{self, Action, Target};
use kumppani_store::catalog::{self, CatalogEntry, Kind};
use kumppani_store::contacts::Contact;
use kumppani_store::customers::Customer;
use kumppani_store::subscriptions::Subscription;
use kumppani_store::users::User;
use kumppani_store::{Db, StoreError, Tx, contacts, customers, subscriptions, users};
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};

use crate::{AppError, auth};
use names::BusinessIds;

/// Demo users' password, documented in README (only for demo databases).
pub const DEMO_PASSWORD: &str = "kumppani-demo";

/// Customers written per transaction: one WAL sync per batch, not per row.
const BATCH: usize = 1_000;

/// Projects in the default demo centre (`serve --demo`, `kumppani demo`).
pub const DEMO_PROJECTS: usize = 12;

/// The most customers the generator makes (its business-ID ranges allow more).
pub const MAX_CUSTOMERS: usize = 1_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    pub customers: usize,
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions { customers: 60, seed: 2026 }
    }
}

/// How many records of each kind were created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub users: usize,
    pub segments: usize,
    pub services: usize,
    pub customers: usize,
    pub contacts: usize,
    pub subscriptions: usize,
    /// Customer events, narratives and reviews of the demo account plans.
    pub plans: plans::PlanCounts,
}

/// Whether the database has neither customers nor users (demo data goes
/// only into such a database).
pub async fn is_empty(db: &Db) -> Result<bool, AppError> {
    Ok(customers::count(db).await? == 0 && users::count(db).await? == 0)
}

/// Fills an empty database with demo data; `progress` hears the number of
/// customers written after each batch. Refuses a database that has users or
/// customers.
pub async fn generate(db: &Db, opts: &DemoOptions, progress: &(dyn Fn(usize) + Sync)) -> Result<DemoSummary, AppError> {
    if opts.customers > MAX_CUSTOMERS {
        return Err(Invalid::one("customers", "error-too-many").into());
    }
    if !is_empty(db).await? {
        return Err(Invalid::one("database", "error-database-not-empty").into());
    }
    let mut rng = StdRng::seed_from_u64(opts.seed);
    let actor = Actor::system_named("kumppani demo");
    let mut summary = DemoSummary::default();

    // Argon2 is slow on purpose: hash once, share the hash.
    let hash = auth::hash_password(DEMO_PASSWORD)?;
    let mut tx = db.begin().await?;
    let managers = write_users(&mut tx, &actor, &hash, &mut summary).await?;
    let segments = write_catalog(&mut tx, &actor, Kind::Segment, SEGMENTS.iter().map(|s| (s.0, s.1))).await?;
    let catalogue = write_catalog(&mut tx, &actor, Kind::Service, SERVICES.iter().map(|s| (s.0, s.1))).await?;
    tx.commit().await?;
    summary.segments = segments.len();
    summary.services = catalogue.len();

    let mut planner = Planner::new(&mut rng, opts.seed, managers);
    let mut done = 0;
    while done < opts.customers {
        let batch = BATCH.min(opts.customers - done);
        let mut tx = db.begin().await?;
        for _ in 0..batch {
            let plan = planner.plan(&mut rng)?;
            let refs = Lookup { segments: &segments, catalogue: &catalogue, managers: &planner.managers };
            write_customer(&mut tx, &actor, plan, &refs, &mut summary).await?;
        }
        tx.commit().await?;
        done += batch;
        progress(done);
    }
    summary.plans = plans::generate(db, &actor, opts.seed).await?;
    Ok(summary)
}

/// What [`generate_centre`] wrote: the customer base, the project
/// portfolio and the projects with boards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CentreSummary {
    pub base: DemoSummary,
    pub projects: ProjectSummary,
    pub boarded_projects: usize,
    pub requests: usize,
}

/// The whole demo centre: customers and plans, then `projects` projects,
/// then the boards. `kumppani demo` and `serve --demo` both call this, so
/// the same options give the same database whichever way it was made.
pub async fn generate_centre(
    db: &Db,
    opts: &DemoOptions,
    projects: usize,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<CentreSummary, AppError> {
    let base = generate(db, opts, progress).await?;
    let projects = generate_projects(db, projects, opts.seed).await?;
    let boarded_projects = boards::generate(db).await?;
    let requests = requests::generate(db).await?;
    Ok(CentreSummary { base, projects, boarded_projects, requests })
}

/// A record as the demo knows it after writing: its id and name.
#[derive(Debug, Clone)]
struct Ref {
    id: i64,
    name: String,
}

/// The operating models (toimintamuoto) that segment the customer base.
const SEGMENTS: &[(&str, &str)] = &[
    (
        "Kunnallinen peruspalvelu",
        "Kunnan omaa palvelutuotantoa: talousarvion ja tilinpäätöksen vuosirytmi, valtuuston päätöksenteko ja kuntalaisten palvelut.",
    ),
    (
        "Hyvinvointialue",
        "Sosiaali-, terveys- ja pelastuspalvelut: valtion rahoitus, suuri henkilöstö ja ympärivuorokautinen toiminta.",
    ),
    (
        "Valtion virasto",
        "Valtion tilivirasto: ministeriön tulosohjaus, valtion talousarvio ja valtionhallinnon yhteiset järjestelmät.",
    ),
    (
        "Konserni ja osakeyhtiöt",
        "Liiketoimintaa harjoittavat yhtiöt ja kuntakonsernin sidosyksiköt: hallitusvetoinen päätöksenteko ja oma tilikausi.",
    ),
    (
        "Säätiöt ja yhdistykset",
        "Avustus- ja hankerahoitteinen toiminta: kevyt hallinto, hallituksen päätökset ja vuosittain vaihteleva rahoitus.",
    ),
    ("Kuntayhtymä", "Useamman kunnan yhteinen toiminta: jäsenkuntien maksuosuudet, yhtymävaltuusto ja perussopimus."),
];

/// The catalogue: name, description, how often customers buy it (weight)
/// and how often it is critical to them (per cent).
const SERVICES: &[(&str, &str, u32, u32)] = &[
    ("Palkanlaskenta", "Kuukausi- ja tuntipalkkojen laskenta, tulorekisteri-ilmoitukset ja vuosi-ilmoitukset.", 9, 65),
    ("Kirjanpito", "Pääkirjanpito, täsmäytykset, tilinpäätöksen valmistelu ja talouden raportointi.", 8, 40),
    (
        "Ostolaskujen käsittely",
        "Sähköinen ostolaskujen vastaanotto, tarkastus- ja hyväksymiskierto sekä maksatus.",
        8,
        30,
    ),
    ("Myyntilaskutus", "Myyntilaskujen laadinta, verkkolaskujen lähetys, reskontra ja perintä.", 6, 25),
    ("Henkilöstöhallinnon järjestelmä", "HR-järjestelmän ylläpito, käyttöoikeudet, työsuhdetiedot ja raportit.", 6, 35),
    ("Matkahallinta", "Matkasuunnitelmat, matkalaskut ja kulukorvaukset.", 4, 5),
    ("Käyttötuki", "Palvelupiste ja lähituki työasemille, mobiililaitteille ja sovelluksille.", 7, 30),
    ("Tietoverkko", "Lähiverkot, langattomat verkot ja toimipisteiden tietoliikenneyhteydet.", 5, 55),
    ("Sähköinen arkisto", "Asiakirjojen pitkäaikaissäilytys ja arkistonmuodostus.", 3, 15),
    ("Työasemapalvelu", "Työasemien hankinta, asennus, päivitykset ja elinkaaren hallinta.", 5, 20),
    ("Asianhallinta", "Asianhallinta- ja dokumenttijärjestelmä, diaari ja päätösten julkaisu.", 4, 35),
    ("Hankintapalvelut", "Kilpailutukset, hankintasopimukset ja hankintojen neuvonta.", 3, 10),
    ("Tietoturvapalvelut", "Tietoturvan valvonta, haavoittuvuuksien hallinta ja häiriöihin reagointi.", 3, 45),
    ("Raportointi ja analytiikka", "Talouden ja henkilöstön tietovarasto sekä johdon raportit.", 3, 10),
    ("Sähköinen asiointi", "Verkkolomakkeet, tunnistautuminen ja asiointipalvelut asukkaille.", 2, 30),
];

/// The index of "Valtion virasto" in [`SEGMENTS`].
const STATE_AGENCY_SEGMENT: usize = 2;

/// Organisation types: how common each is among the customers, and how
/// likely each segment is for it (same order as [`SEGMENTS`]). Segments go
/// by operating model, so the type only makes a segment likely.
const ORG_TYPES: &[(OrgType, u32, [u32; 6])] = &[
    (OrgType::Municipality, 28, [90, 0, 0, 10, 0, 0]),
    (OrgType::JointAuthority, 10, [10, 5, 0, 0, 0, 85]),
    (OrgType::Other, 3, [0, 100, 0, 0, 0, 0]),
    (OrgType::Agency, 12, [0, 0, 95, 5, 0, 0]),
    (OrgType::LimitedCompany, 25, [5, 5, 0, 88, 2, 0]),
    (OrgType::Foundation, 8, [0, 5, 10, 0, 85, 0]),
    (OrgType::Association, 9, [0, 5, 0, 0, 95, 0]),
    (OrgType::ServiceCentre, 5, [15, 15, 25, 30, 0, 15]),
];

/// Demo users: username, display name, role. Staff e-mail addresses are
/// made from the name at palvelukeskus.fi.
const USERS: &[(&str, &str, Role)] = &[
    ("admin", "Aki Salonen", Role::Administrator),
    ("esimies", "Riitta Lehtonen", Role::UnitHead),
    ("kp.virtanen", "Sanna Virtanen", Role::PartnershipManager),
    ("kp.korhonen", "Juha Korhonen", Role::PartnershipManager),
    ("kp.makinen", "Minna Mäkinen", Role::PartnershipManager),
    ("kp.nieminen", "Timo Nieminen", Role::PartnershipManager),
    ("kp.hamalainen", "Päivi Hämäläinen", Role::PartnershipManager),
    ("kp.laine", "Jari Laine", Role::PartnershipManager),
    ("kp.heikkinen", "Tiina Heikkinen", Role::PartnershipManager),
    ("kp.koskinen", "Mikko Koskinen", Role::PartnershipManager),
    ("pp.jokinen", "Katja Jokinen", Role::ProjectManager),
    ("pp.lahtinen", "Antti Lahtinen", Role::ProjectManager),
    ("marko.ahonen", "Marko Ahonen", Role::Staff),
    ("laura.saarinen", "Laura Saarinen", Role::Staff),
    // A customer-side board member: their address is the customer's.
    ("ulkoinen", "Hannu Kinnunen", Role::ExternalBoardMember),
];

/// Picks an index with probability proportional to its weight.
fn weighted(rng: &mut impl Rng, weights: impl Iterator<Item = u32> + Clone) -> usize {
    let total: u32 = weights.clone().sum();
    let mut roll = rng.random_range(0..total.max(1));
    for (i, w) in weights.enumerate() {
        if roll < w {
            return i;
        }
        roll -= w;
    }
    0
}

fn target(entity: &'static str, id: i64, subject: (&'static str, i64)) -> Target<'static> {
    Target { entity, entity_id: Some(id), subject: Some(subject) }
}

async fn record_created(
    tx: &mut Tx,
    actor: &Actor,
    target: Target<'_>,
    fields: &[(&'static str, Option<String>)],
) -> Result<(), StoreError> {
    audit::record(tx, actor, Action::Create, target, &diff(None, Some(fields))).await
}

/// Writes the demo users; returns the partnership managers.
async fn write_users(tx: &mut Tx, actor: &Actor, hash: &str, summary: &mut DemoSummary) -> Result<Vec<Ref>, AppError> {
    let mut managers = Vec::new();
    for &(username, display_name, role) in USERS {
        let (first, last) = display_name.split_once(' ').unwrap_or((display_name, ""));
        let domain = if role == Role::ExternalBoardMember { "kangasala.fi" } else { "palvelukeskus.fi" };
        let draft = UserDraft {
            username: username.into(),
            display_name: display_name.into(),
            email: Some(names::email(first, last, domain)),
            role: role.as_str().into(),
            active: true,
        };
        let valid = draft.validate()?;
        let id = users::insert(tx, &valid, Some(hash)).await?;
        let now = Utc::now();
        let user = User {
            id,
            username: valid.username.clone(),
            display_name: valid.display_name.as_str().to_owned(),
            email: valid.email.as_ref().map(|e| e.as_str().to_owned()),
            role: valid.role,
            active: valid.active,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        record_created(tx, actor, target("user", id, ("user", id)), &user.audit_fields()).await?;
        if role == Role::PartnershipManager {
            managers.push(Ref { id, name: user.display_name });
        }
        summary.users += 1;
    }
    Ok(managers)
}

/// Writes segments or catalogue services.
async fn write_catalog(
    tx: &mut Tx,
    actor: &Actor,
    kind: Kind,
    list: impl Iterator<Item = (&'static str, &'static str)>,
) -> Result<Vec<Ref>, AppError> {
    let mut written = Vec::new();
    for (name, description) in list {
        let valid = CatalogEntryDraft { name: name.into(), description: Some(description.into()) }.validate()?;
        let id = catalog::insert(tx, kind, &valid).await?;
        let now = Utc::now();
        let record = CatalogEntry {
            id,
            name: valid.name.as_str().to_owned(),
            description: valid.description.as_str().to_owned(),
            customer_count: 0,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        record_created(tx, actor, target(kind.entity(), id, (kind.entity(), id)), &record.audit_fields()).await?;
        written.push(Ref { id, name: record.name });
    }
    Ok(written)
}

/// One customer before it is written: indexes into the demo's lists.
struct Plan {
    draft: CustomerDraft,
    segment: usize,
    manager: usize,
    deputy: usize,
    contacts: Vec<ContactDraft>,
    /// Catalogue index and whether the service is critical to the customer.
    services: Vec<(usize, bool)>,
}

/// Decides customers one by one: type, name, segment, people, services.
struct Planner {
    managers: Vec<Ref>,
    /// Each manager's usual deputy, a colleague next in a shuffled ring.
    buddy: Vec<usize>,
    /// Customers held per manager and segment.
    held: Vec<[usize; 6]>,
    /// How many customers of each organisation type have been named.
    named: [usize; 8],
    ids: BusinessIds,
    salt: u64,
}

impl Planner {
    fn new(rng: &mut StdRng, seed: u64, managers: Vec<Ref>) -> Planner {
        let mut ring: Vec<usize> = (0..managers.len()).collect();
        ring.shuffle(rng);
        let mut buddy = vec![0; managers.len()];
        for (i, &m) in ring.iter().enumerate() {
            buddy[m] = ring[(i + 1) % ring.len()];
        }
        Planner {
            held: vec![[0; 6]; managers.len()],
            managers,
            buddy,
            named: [0; 8],
            ids: BusinessIds::new(seed),
            salt: seed,
        }
    }

    /// The manager and deputy of a new customer in `segment`. Mostly the
    /// manager with the fewest customers of that segment, preferring one
    /// who knows the fewest segments, so every manager comes to know every
    /// operating model (SPEC §2); now and then anyone, as in real life.
    fn assign(&mut self, rng: &mut StdRng, segment: usize) -> Result<(usize, usize), AppError> {
        let n = self.managers.len();
        if n < 2 {
            return Err(AppError::Internal("demo needs two partnership managers".into()));
        }
        let manager = if rng.random_bool(0.1) {
            rng.random_range(0..n)
        } else {
            let ties: Vec<u32> = (0..n).map(|_| rng.random()).collect();
            (0..n)
                .min_by_key(|&m| {
                    let known = self.held[m].iter().filter(|&&c| c > 0).count();
                    (self.held[m][segment], known, self.held[m].iter().sum::<usize>(), ties[m])
                })
                .unwrap_or(0)
        };
        let deputy = if rng.random_bool(0.75) {
            self.buddy[manager]
        } else {
            let d = rng.random_range(0..n - 1);
            if d >= manager { d + 1 } else { d }
        };
        self.held[manager][segment] += 1;
        Ok((manager, deputy))
    }

    fn plan(&mut self, rng: &mut StdRng) -> Result<Plan, AppError> {
        let (org_type, _, segment_weights) = ORG_TYPES[weighted(rng, ORG_TYPES.iter().map(|t| t.1))];
        let slot = OrgType::ALL.iter().position(|&t| t == org_type).unwrap_or(0);
        let k = self.named[slot];
        self.named[slot] += 1;
        let (name, domain) = names::organisation(org_type, k, self.salt);
        let segment = if names::is_state_service_centre(&name) {
            STATE_AGENCY_SEGMENT
        } else {
            weighted(rng, segment_weights.iter().copied())
        };
        let business_id =
            self.ids.next(org_type).ok_or_else(|| AppError::Internal("demo ran out of business IDs".into()))?;
        let (manager, deputy) = self.assign(rng, segment)?;
        let notes = if rng.random_bool(0.35) { words::NOTES.choose(rng).copied() } else { None };
        let contacts = plan_contacts(rng, org_type, &name, &domain);
        let workload_weight = Some(workload::weight(org_type, &name, business_id.as_str()));
        let draft = CustomerDraft {
            name,
            business_id: Some(business_id.as_str().to_owned()),
            org_type: org_type.as_str().to_owned(),
            segment_id: None,
            manager_id: None,
            deputy_id: None,
            notes: notes.map(str::to_owned),
            workload_weight,
        };
        Ok(Plan { draft, segment, manager, deputy, contacts, services: plan_services(rng) })
    }
}

/// The title of an organisation's head, for its main contact.
fn head_title(org_type: OrgType, name: &str) -> &'static str {
    match org_type {
        OrgType::Municipality if name.ends_with("kaupunki") => "Kaupunginjohtaja",
        OrgType::Municipality if name.ends_with("kunta") => "Kunnanjohtaja",
        OrgType::Municipality => "Toimialajohtaja",
        OrgType::JointAuthority => "Kuntayhtymän johtaja",
        OrgType::Other => "Hyvinvointialuejohtaja",
        OrgType::Agency => "Ylijohtaja",
        OrgType::LimitedCompany if name.starts_with("Kiinteistö") => "Isännöitsijä",
        OrgType::LimitedCompany => "Toimitusjohtaja",
        OrgType::Foundation | OrgType::Association => "Toiminnanjohtaja",
        OrgType::ServiceCentre => "Palvelukeskuksen johtaja",
    }
}

/// One to three contacts with distinct titles; the first is sometimes the head.
fn plan_contacts(rng: &mut StdRng, org_type: OrgType, name: &str, domain: &str) -> Vec<ContactDraft> {
    let count = 1 + weighted(rng, [30, 45, 25].into_iter());
    let mut titles: Vec<&str> = words::TITLES.choose_multiple(rng, count).copied().collect();
    if rng.random_bool(0.25)
        && let Some(first) = titles.first_mut()
    {
        *first = head_title(org_type, name);
    }
    titles
        .into_iter()
        .map(|title| {
            let (first, last) = names::person(rng);
            ContactDraft {
                name: format!("{first} {last}"),
                title: Some(title.to_owned()),
                email: rng.random_bool(0.95).then(|| names::email(first, last, domain)),
                phone: rng.random_bool(0.85).then(|| names::phone(rng)),
            }
        })
        .collect()
}

/// Two to six distinct services, popular ones more often; about a third critical.
fn plan_services(rng: &mut StdRng) -> Vec<(usize, bool)> {
    let count = rng.random_range(2..=6);
    let mut chosen: Vec<(usize, bool)> = Vec::with_capacity(count);
    while chosen.len() < count {
        let weights = SERVICES.iter().enumerate().map(|(i, s)| if chosen.iter().any(|c| c.0 == i) { 0 } else { s.2 });
        let i = weighted(rng, weights);
        let critical = rng.random_range(0..100) < SERVICES[i].3;
        chosen.push((i, critical));
    }
    chosen
}

/// The people and records a plan's indexes point at.
struct Lookup<'a> {
    segments: &'a [Ref],
    catalogue: &'a [Ref],
    managers: &'a [Ref],
}

async fn write_customer(
    tx: &mut Tx,
    actor: &Actor,
    plan: Plan,
    refs: &Lookup<'_>,
    summary: &mut DemoSummary,
) -> Result<(), AppError> {
    let missing = || AppError::Internal("demo plan refers to a missing record".into());
    let segment = refs.segments.get(plan.segment).ok_or_else(missing)?;
    let manager = refs.managers.get(plan.manager).ok_or_else(missing)?;
    let deputy = refs.managers.get(plan.deputy).ok_or_else(missing)?;
    let draft = CustomerDraft {
        segment_id: Some(segment.id),
        manager_id: Some(manager.id),
        deputy_id: Some(deputy.id),
        ..plan.draft
    };
    let valid = draft.validate()?;
    let id = customers::insert(tx, &valid).await?;
    let now = Utc::now();
    let customer = Customer {
        id,
        name: valid.name.as_str().to_owned(),
        business_id: valid.business_id.as_ref().map(|b| b.as_str().to_owned()),
        org_type: valid.org_type,
        segment_id: segment.id,
        segment_name: segment.name.clone(),
        manager_id: Some(manager.id),
        manager_name: Some(manager.name.clone()),
        deputy_id: Some(deputy.id),
        deputy_name: Some(deputy.name.clone()),
        notes: valid.notes.as_str().to_owned(),
        workload_weight: i64::from(valid.workload_weight),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    record_created(tx, actor, target("customer", id, ("customer", id)), &customer.audit_fields()).await?;
    summary.customers += 1;

    for draft in &plan.contacts {
        let valid = draft.validate()?;
        let contact_id = contacts::insert(tx, id, &valid).await?;
        let contact = Contact {
            id: contact_id,
            customer_id: id,
            name: valid.name.as_str().to_owned(),
            title: valid.title.as_str().to_owned(),
            email: valid.email.as_ref().map(|e| e.as_str().to_owned()),
            phone: valid.phone.as_ref().map(|p| p.as_str().to_owned()),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        record_created(tx, actor, target("contact", contact_id, ("customer", id)), &contact.audit_fields()).await?;
        summary.contacts += 1;
    }

    for &(index, critical) in &plan.services {
        let service = refs.catalogue.get(index).ok_or_else(missing)?;
        let subscription_id = subscriptions::insert(tx, id, service.id, critical).await?;
        let subscription = Subscription {
            id: subscription_id,
            customer_id: id,
            service_id: service.id,
            service_name: service.name.clone(),
            critical,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let target = target("customer_service", subscription_id, ("customer", id));
        record_created(tx, actor, target, &subscription.audit_fields()).await?;
        summary.subscriptions += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
