//! Demo account plans: customer events (critical-service updates, budget
//! meetings, development needs, marketing actions), a line or two of the
//! manager's own words, and reviews at varied dates so the dashboard shows
//! every state; some plans have moved on since their review. Deterministic
//! for a seed (dates are relative to the day of generation).

use chrono::{Duration, NaiveDate, Utc};
use kumppani_domain::plan::{EventDraft, SectionSource};
use kumppani_domain::{Actor, Change};
use kumppani_store::audit::{self, Action};
use kumppani_store::plans::{self, Which};
use kumppani_store::{Db, Tx, customers, events};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

use super::{record_created, target};
use crate::AppError;
use crate::centre_time::today;

/// Customers handled per transaction.
const BATCH: i64 = 1_000;

const UPDATE_TITLES: &[&str] =
    &["versiopäivitys", "tietoturvapäivitys", "vuosihuolto ja varmistusten testaus", "käyttöjärjestelmän päivitys"];

const MEETINGS: &[&str] = &[
    "Talousarviopalaveri: ensi vuoden palvelut ja hinnat",
    "Osavuosikatsaus ja laskutuksen läpikäynti",
    "Palvelusopimuksen vuositarkistus",
    "Investointisuunnitelman käsittely",
];

const NEEDS: &[&str] = &[
    "Sähköisen allekirjoituksen käyttöönotto",
    "Asianhallinnan ja arkiston integraatio",
    "Etätyön VPN-kapasiteetin lisäys",
    "Palkanlaskennan raportoinnin kehittäminen",
    "Microsoft 365 -koulutus esihenkilöille",
    "Tietosuojan vaikutustenarviointi uudelle järjestelmälle",
    "Ostolaskujen automaattinen tiliöinti",
    "Käyttäjätunnusten hallinnan automatisointi",
    "Kokoustilojen varausjärjestelmän uusiminen",
    "Saavutettavuusauditointi verkkosivuille",
];

const ACTIONS: &[&str] = &[
    "Asiakasilta: palvelukeskuksen uudet palvelut",
    "Uutiskirje: tietoturvakatsaus",
    "Palvelukatalogin esittely johtoryhmälle",
    "Asiakastyytyväisyyskysely",
    "Tekoälypalveluiden työpaja",
];

const NOTES: &[&str] = &[
    "Strategiakausi 2025–2028 painottaa digitaalisia asiointipalveluja.",
    "Johtoryhmä vaihtuu keväällä; uusi talousjohtaja aloittaa maaliskuussa.",
    "Asiakas harkitsee oman IT-tuen osittaista ulkoistamista.",
    "Hankintalain mukainen kilpailutus päättyy vuoden lopussa.",
    "Tyytyväisyys palvelupisteeseen on parantunut; laskutuksen selkeydestä tullut palautetta.",
    "Organisaatiouudistus yhdistää kaksi toimialaa ensi vuoden alussa.",
];

fn draft(
    kind: &str,
    title: String,
    on: NaiveDate,
    service_id: Option<i64>,
    owner: Option<i64>,
    status: &str,
) -> EventDraft {
    EventDraft {
        kind: kind.into(),
        title,
        on_date: on.to_string(),
        service_id,
        owner_id: owner,
        status: status.into(),
        notes: None,
    }
}

async fn add_event(tx: &mut Tx, actor: &Actor, customer_id: i64, d: &EventDraft) -> Result<(), AppError> {
    let valid = d.validate()?;
    let id = events::insert(tx, customer_id, &valid).await?;
    let e = events::get_in(tx, id).await?;
    record_created(tx, actor, target("customer_event", id, ("account_plan", customer_id)), &e.audit_fields()).await?;
    Ok(())
}

/// What the demo plans consist of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanCounts {
    pub events: usize,
    pub notes: usize,
    pub reviews: usize,
}

/// Writes demo plans for every customer.
pub(super) async fn generate(db: &Db, actor: &Actor, seed: u64) -> Result<PlanCounts, AppError> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x504c_414e);
    let today = today();
    let sections = plans::sections(db, false).await?;
    let section = |source: SectionSource| sections.iter().find(|s| s.source == source).map(|s| s.id);
    let max_id = customers::max_id(db).await?;
    let mut written = 0;
    let (mut notes, mut reviews) = (0, 0);
    let mut from = 1;
    while from <= max_id {
        let which = Which::Ids { from, to: from + BATCH - 1 };
        from += BATCH;
        let customers = plans::customers(db, which).await?;
        let services = plans::services(db, which).await?;
        let mut tx = db.begin().await?;
        for c in &customers {
            let owner = c.manager_id;
            let day = |rng: &mut StdRng, lo: i64, hi: i64| today + Duration::days(rng.random_range(lo..=hi));
            for s in services.iter().filter(|s| s.customer_id == c.id && s.critical) {
                // Four in five critical services have their next update scheduled.
                if rng.random_bool(0.8) {
                    let what = UPDATE_TITLES.choose(&mut rng).copied().unwrap_or("päivitys");
                    let on = day(&mut rng, 10, 270);
                    let d = draft(
                        "critical_update",
                        format!("{}: {what}", s.service_name),
                        on,
                        Some(s.service_id),
                        owner,
                        "planned",
                    );
                    add_event(&mut tx, actor, c.id, &d).await?;
                    written += 1;
                }
            }
            let meeting = MEETINGS.choose(&mut rng).copied().unwrap_or("Talouspalaveri");
            add_event(
                &mut tx,
                actor,
                c.id,
                &draft("budget_meeting", meeting.into(), day(&mut rng, -150, -20), None, owner, "done"),
            )
            .await?;
            let meeting = MEETINGS.choose(&mut rng).copied().unwrap_or("Talouspalaveri");
            add_event(
                &mut tx,
                actor,
                c.id,
                &draft("budget_meeting", meeting.into(), day(&mut rng, 14, 200), None, owner, "planned"),
            )
            .await?;
            written += 2;
            let n = rng.random_range(0..=3);
            for need in NEEDS.choose_multiple(&mut rng, n) {
                let status = if rng.random_bool(0.4) { "in_progress" } else { "planned" };
                let d = draft("development_need", (*need).into(), day(&mut rng, -120, 0), None, owner, status);
                add_event(&mut tx, actor, c.id, &d).await?;
                written += 1;
            }
            let n = rng.random_range(0..=2);
            for action in ACTIONS.choose_multiple(&mut rng, n) {
                let (on, status) = if rng.random_bool(0.5) {
                    (day(&mut rng, -200, -5), "done")
                } else {
                    (day(&mut rng, 5, 180), "planned")
                };
                add_event(&mut tx, actor, c.id, &draft("marketing_action", (*action).into(), on, None, owner, status))
                    .await?;
                written += 1;
            }
            if let Some(section_id) = section(SectionSource::Basic) {
                let n = rng.random_range(1..=2);
                let lines: Vec<&str> = NOTES.choose_multiple(&mut rng, n).copied().collect();
                let body = lines.join("\n");
                plans::set_note(&mut tx, c.id, section_id, &body).await?;
                let change = Change { field: "note".into(), old: None, new: Some(body) };
                audit::record(
                    &mut tx,
                    actor,
                    Action::Update,
                    target("account_plan", c.id, ("account_plan", c.id)),
                    &[change],
                )
                .await?;
                notes += 1;
            }
        }
        tx.commit().await?;

        // Reviews of the plans as they now stand, at dates from a week to
        // eight months ago; a quarter of the plans were never reviewed.
        let assembled = crate::plans::assembled(db, which).await?;
        let mut tx = db.begin().await?;
        for (customer_id, mut plan) in assembled {
            if rng.random_bool(0.25) {
                continue;
            }
            let at = Utc::now() - Duration::days(rng.random_range(7..=240));
            plan.version = 2;
            let snapshot = serde_json::to_string(&plan).map_err(|e| AppError::Internal(e.to_string()))?;
            let id = plans::insert_past_review(&mut tx, customer_id, actor, at, &snapshot).await?;
            let fields = [("plan_version", Some("2".to_owned()))];
            record_created(&mut tx, actor, target("plan_review", id, ("account_plan", customer_id)), &fields).await?;
            reviews += 1;
            // Since then, a new need came up at some customers.
            if rng.random_bool(0.3) {
                let need = NEEDS.choose(&mut rng).copied().unwrap_or("Uusi tarve");
                let d = draft("development_need", format!("{need} (uusi)"), today, None, None, "planned");
                add_event(&mut tx, actor, customer_id, &d).await?;
                written += 1;
            }
        }
        tx.commit().await?;
    }
    Ok(PlanCounts { events: written, notes, reviews })
}
