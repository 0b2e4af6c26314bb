//! Demo projects with stakeholders, communication plans and lessons: run
//! after the customers exist (`kumppani demo --projects N`, `serve --demo`).
//! Deterministic: the same seed gives the same projects.

use kumppani_domain::lesson::LessonDraft;
use kumppani_domain::stakeholder::{CommunicationDraft, StakeholderDraft};
use kumppani_domain::{Actor, ProjectDraft, ProjectType, Role, Stage, StatusDraft};
use kumppani_store::{Db, lessons, projects, stakeholders, users};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

use super::{record_created, target};
use crate::AppError;

/// Projects written per transaction.
const BATCH: usize = 500;

/// What kind of work, the words its name is made of, and its type.
const WORKS: &[(&str, ProjectType)] = &[
    ("Palkanlaskennan järjestelmän uudistus", ProjectType::Upgrade),
    ("Asianhallinnan käyttöönotto", ProjectType::Deployment),
    ("Sähköisen arkiston siirto", ProjectType::Migration),
    ("HR-järjestelmän integraatio palkanlaskentaan", ProjectType::Integration),
    ("Palvelukeskuksen palveluihin liittyminen", ProjectType::Onboarding),
    ("Toimipisteiden verkkojen uusiminen", ProjectType::Infrastructure),
    ("Ostolaskujen kierron kehittäminen", ProjectType::Development),
    ("Työasemapalvelun kilpailutus", ProjectType::Procurement),
    ("Matkahallinnan käyttöönotto", ProjectType::Deployment),
    ("Taloushallinnon raportoinnin uudistus", ProjectType::Development),
    ("Kirjanpidon tilikartan yhtenäistäminen", ProjectType::Migration),
    ("Sähköisen asioinnin lomakkeiden uusiminen", ProjectType::Upgrade),
];

/// Lessons: summary, what happened, what to do, repeat or avoid, category.
const LESSONS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Käyttäjäkoulutus ennen käyttöönottoa",
        "Pääkäyttäjät koulutettiin kaksi viikkoa ennen käyttöönottoa, ja tukipyyntöjä tuli ensimmäisellä viikolla puolet arvioitua vähemmän.",
        "Varaa koulutukselle aikaa aikataulussa ja kouluta pääkäyttäjät ensin.",
        "repeat",
        "quality",
    ),
    (
        "Testiaineisto saatiin liian myöhään",
        "Asiakkaan testiaineisto toimitettiin vasta testausvaiheen puolivälissä, ja integraatiotestaus venyi kolme viikkoa.",
        "Sovi testiaineiston toimituksesta ja vastuuhenkilöstä jo käynnistysvaiheessa.",
        "avoid",
        "schedule",
    ),
    (
        "Ohjausryhmän päätökset kirjattiin heti",
        "Päätökset kirjattiin kokouksessa näkyville, joten laajuudesta ei syntynyt myöhemmin erimielisyyttä.",
        "Kirjaa päätökset kokouksen aikana ja hyväksytä ne ennen kokouksen päättymistä.",
        "repeat",
        "governance",
    ),
    (
        "Toimittajan resurssit vaihtuivat kesken vaiheen",
        "Järjestelmätoimittajan asiantuntijat vaihtuivat toteutusvaiheessa, ja perehdytykseen kului kuukausi.",
        "Kirjaa sopimukseen avainhenkilöiden pysyvyys ja vaihtamisen ilmoitusaika.",
        "avoid",
        "supplier",
    ),
    (
        "Viestintä asiakkaan henkilöstölle jäi ohueksi",
        "Asiakkaan henkilöstö kuuli muutoksesta vasta käyttöönottoviikolla, ja vastustus hidasti siirtymää.",
        "Laadi viestintäsuunnitelma käynnistysvaiheessa ja sovi, kuka ohjausryhmästä viestii asiakkaan suuntaan.",
        "avoid",
        "communication",
    ),
    (
        "Tietojen siirron koeajot kannattivat",
        "Kolme koeajoa ennen varsinaista siirtoa paljasti puutteet tietojen laadussa ajoissa.",
        "Tee tietojen siirrosta vähintään kaksi koeajoa tuotantoa vastaavalla aineistolla.",
        "repeat",
        "risk",
    ),
    (
        "Kustannusarvio ei sisältänyt lisenssejä",
        "Lisenssikustannukset puuttuivat liiketoimintaperusteesta, ja budjetin toleranssi ylittyi.",
        "Tarkista kustannusarvio toimittajan hinnastoa vasten ennen vaiheen hyväksymistä.",
        "avoid",
        "cost",
    ),
    (
        "Laajuus rajattiin pakollisiin toimintoihin",
        "Ensimmäiseen vaiheeseen otettiin vain lakisääteiset toiminnot, ja käyttöönotto pysyi aikataulussa.",
        "Rajaa ensimmäinen vaihe pakollisiin tarpeisiin ja siirrä muut seuraavaan vaiheeseen.",
        "repeat",
        "scope",
    ),
    (
        "Integraatiorajapinnan versio muuttui",
        "Kansallisen rajapinnan versio vaihtui kesken projektin, ja integraatio jouduttiin tekemään uudelleen.",
        "Seuraa rajapintojen julkaisusuunnitelmia ja varaa riskivaraus muutoksille.",
        "avoid",
        "technology",
    ),
    (
        "Vaihesuunnitelma tehtiin yhdessä asiakkaan kanssa",
        "Asiakkaan pääkäyttäjät osallistuivat vaihesuunnitteluun, ja tehtävien kesto arvioitiin realistisesti.",
        "Ota asiakkaan avainhenkilöt mukaan vaihesuunnitteluun.",
        "repeat",
        "planning",
    ),
];

/// Stakeholders: name pattern (`{c}` is the customer), side, interest, influence.
const STAKEHOLDERS: &[(&str, &str, &str, &str)] = &[
    ("{c}: talousjohto", "customer", "high", "high"),
    ("{c}: henkilöstöhallinto", "customer", "high", "medium"),
    ("{c}: loppukäyttäjät", "customer", "medium", "low"),
    ("Järjestelmätoimittaja", "supplier", "medium", "high"),
    ("Palvelukeskuksen käyttötuki", "centre", "medium", "low"),
];

/// Communication: stakeholder index, role, channel, frequency, content.
const LINES: &[(usize, &str, &str, &str, &str)] = &[
    (0, "executive", "Ohjausryhmän kokous", "Kuukausittain", "Tilanneraportti, päätettävät asiat ja riskit"),
    (1, "senior_user", "Sähköposti ja intranet", "Vaiheen vaihtuessa", "Muutokset työtapoihin ja koulutusaikataulu"),
    (2, "senior_user", "Intranetin uutinen", "Kahden viikon välein", "Käyttöönoton eteneminen ja tukikanavat"),
    (3, "senior_supplier", "Projektipalaveri", "Viikoittain", "Toteutuksen eteneminen, muutospyynnöt"),
    (
        4,
        "project_manager",
        "Palvelupisteen tiedote",
        "Ennen käyttöönottoa",
        "Tukipyyntöjen käsittely ja yhteyshenkilöt",
    ),
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectSummary {
    pub projects: usize,
    pub stakeholders: usize,
    pub lines: usize,
    pub lessons: usize,
}

/// Adds `count` demo projects to a database that has the demo's users and
/// customers.
pub async fn generate_projects(db: &Db, count: usize, seed: u64) -> Result<ProjectSummary, AppError> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5052_494e_4345_3200);
    let actor = Actor::system_named("kumppani demo");
    let people = users::list(db).await?;
    let managers: Vec<i64> = people.iter().filter(|u| u.role == Role::ProjectManager).map(|u| u.id).collect();
    let owners: Vec<i64> =
        people.iter().filter(|u| matches!(u.role, Role::UnitHead | Role::PartnershipManager)).map(|u| u.id).collect();
    let customers = projects::customer_choices(db).await?;
    if managers.is_empty() || owners.is_empty() {
        return Ok(ProjectSummary::default());
    }
    let mut summary = ProjectSummary::default();
    let mut done = 0;
    while done < count {
        let batch = BATCH.min(count - done);
        let mut tx = db.begin().await?;
        for i in done..done + batch {
            let (work, kind) = WORKS[i % WORKS.len()];
            let customer = customers.choose(&mut rng).cloned();
            let short = customer.as_ref().map_or("Palvelukeskus".to_owned(), |(_, n)| n.clone());
            let stage = Stage::ALL[rng.random_range(0..Stage::ALL.len())];
            let start =
                chrono::NaiveDate::from_ymd_opt(2024 + (i % 3) as i32, 1 + (i % 12) as u32, 1 + (i % 27) as u32);
            let draft = ProjectDraft {
                name: format!("{work} – {short}"),
                customer_id: customer.as_ref().map(|(id, _)| *id),
                executive_id: owners.choose(&mut rng).copied(),
                project_manager_id: managers.choose(&mut rng).copied(),
                stage: stage.as_str().into(),
                stage_number: (stage == Stage::Delivery).then(|| rng.random_range(2..5)),
                starts_on: start.map(|d| d.to_string()),
                ends_on: start.and_then(|d| d.checked_add_months(chrono::Months::new(9))).map(|d| d.to_string()),
                tolerance_time: Some("± 2 viikkoa".into()),
                tolerance_cost: Some("± 10 %".into()),
                tolerance_scope: Some("Lakisääteiset toiminnot ovat pakollisia".into()),
                project_type: Some(kind.as_str().into()),
            };
            let valid = draft.validate()?;
            let id = projects::insert(&mut tx, &valid).await?;
            let p = projects::get_in(&mut tx, id).await?;
            record_created(&mut tx, &actor, target("project", id, ("project", id)), &p.audit_fields()).await?;
            summary.projects += 1;
            if stage != Stage::StartingUp {
                let rag = ["green", "green", "amber", "red"].choose(&mut rng).copied().unwrap_or("green");
                let s = StatusDraft {
                    rag: rag.into(),
                    highlight: "Vaihe etenee suunnitellusti; seuraavaksi testaus.".into(),
                }
                .validate()?;
                let sid = projects::add_status(&mut tx, id, &s, &actor).await?;
                let fields = [("rag", Some(rag.to_owned())), ("highlight", Some(s.highlight.as_str().to_owned()))];
                record_created(&mut tx, &actor, target("project_status", sid, ("project", id)), &fields).await?;
            }
            let mut stakeholder_ids = Vec::new();
            for (name, side, interest, influence) in STAKEHOLDERS {
                let d = StakeholderDraft {
                    name: name.replace("{c}", &short),
                    organisation: None,
                    side: (*side).into(),
                    interest: Some((*interest).into()),
                    influence: Some((*influence).into()),
                    note: None,
                };
                let sid = stakeholders::insert(&mut tx, id, &d.validate()?).await?;
                let s = stakeholders::get_in(&mut tx, id, sid).await?;
                record_created(&mut tx, &actor, target("stakeholder", sid, ("project", id)), &s.audit_fields()).await?;
                stakeholder_ids.push(sid);
                summary.stakeholders += 1;
            }
            for (who, role, channel, frequency, content) in LINES.iter().take(rng.random_range(2..=LINES.len())) {
                let responsible = if *role == "project_manager" { p.project_manager_id } else { p.executive_id };
                let delegated = (responsible != p.project_manager_id).then_some(p.project_manager_id);
                let d = CommunicationDraft {
                    stakeholder_id: stakeholder_ids.get(*who).copied(),
                    responsible_id: Some(responsible),
                    responsible_role: (*role).into(),
                    delegated_to_id: delegated,
                    channel: (*channel).into(),
                    frequency: (*frequency).into(),
                    content: (*content).into(),
                };
                let lid = stakeholders::insert_line(&mut tx, id, &d.validate()?).await?;
                let l = stakeholders::line_in(&mut tx, id, lid).await?;
                record_created(&mut tx, &actor, target("communication_line", lid, ("project", id)), &l.audit_fields())
                    .await?;
                summary.lines += 1;
            }
            if matches!(stage, Stage::Delivery | Stage::Closing | Stage::Closed) {
                for _ in 0..rng.random_range(1..=3) {
                    let Some((s, happened, advice, kind, category)) = LESSONS.choose(&mut rng) else { continue };
                    let d = LessonDraft {
                        summary: (*s).into(),
                        happened: (*happened).into(),
                        advice: Some((*advice).into()),
                        kind: (*kind).into(),
                        category: (*category).into(),
                    };
                    let author = Actor::user(p.project_manager_id, &p.project_manager_name, Role::ProjectManager);
                    let lid = lessons::insert(&mut tx, id, &d.validate()?, &author).await?;
                    let l = lessons::get_in(&mut tx, id, lid).await?;
                    record_created(&mut tx, &actor, target("lesson", lid, ("project", id)), &l.audit_fields()).await?;
                    summary.lessons += 1;
                }
            }
        }
        tx.commit().await?;
        done += batch;
    }
    Ok(summary)
}
