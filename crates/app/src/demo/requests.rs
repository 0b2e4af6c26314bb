//! Demo customer contacts: a few dozen calls, e-mails and meeting notes
//! from the demo customers, recorded and routed through the use case (so
//! the routing rules decide and every row is audited), a share of them
//! already answered or handed over to the service desk.

use kumppani_domain::Actor;
use kumppani_domain::request::RequestDraft;
use kumppani_store::Db;

use crate::policy::{cap, permit};
use crate::{AppError, requests};

/// (kind, received via, subject, body) of the demo contacts.
const CONTACTS: &[(&str, &str, &str, &str)] = &[
    (
        "development_need",
        "meeting",
        "Sähköinen allekirjoitus sopimuksiin",
        "Haluavat allekirjoittaa hankintasopimukset sähköisesti ensi vuoden alusta.",
    ),
    ("incident", "phone", "Palkanlaskennan ajo keskeytyi", "Kuukauden palkka-ajo pysähtyi virheeseen aamulla."),
    ("question", "email", "Laskutusjärjestelmä ei toimi", "Laskujen lähetys ei toimi eilisestä alkaen."),
    ("service_request", "web", "Uusi käyttäjätunnus talouspäällikölle", "Uusi talouspäällikkö aloittaa maanantaina."),
    (
        "development_need",
        "email",
        "Raportointi hyvinvointialueen mittareilla",
        "Tarvitsevat kuukausiraportin uusista palvelutarpeen mittareista.",
    ),
    (
        "feedback",
        "meeting",
        "Kiitos käyttöönoton tuesta",
        "Käyttöönotto sujui hyvin, koulutukset koettiin hyödyllisiksi.",
    ),
    ("question", "phone", "Arkistoinnin säilytysajat", "Kysyvät, miten säilytysajat on määritelty asianhallinnassa."),
    (
        "development_need",
        "phone",
        "Integraatio uuteen HR-järjestelmään",
        "Siirtyvät uuteen HR-järjestelmään syksyllä; tarvitaan rajapinta.",
    ),
    (
        "feedback",
        "email",
        "Lönesystemet fungerar inte på morgonen",
        "Inloggningen till lönesystemet fungerar inte före kl. 8.",
    ),
    (
        "development_need",
        "meeting",
        "Asiakaspalautteen keruu verkossa",
        "Kunta haluaa kerätä palautetta palveluistaan verkkolomakkeella.",
    ),
];

/// Records the demo contacts for the first customers; returns how many.
pub async fn generate(db: &Db) -> Result<usize, AppError> {
    let actor = Actor::system_named("kumppani demo");
    let record = permit::<cap::RecordRequests>(db, &actor).await?;
    let work = permit::<cap::EditRequests>(db, &actor).await?;
    let customers = kumppani_store::customers::with_contacts(db).await?;
    let mut written = 0;
    for (i, (customer, _)) in customers.iter().take(30).enumerate() {
        let (kind, via, subject, body) = CONTACTS[i % CONTACTS.len()];
        let draft = RequestDraft {
            customer_id: Some(*customer),
            kind: kind.into(),
            received_via: via.into(),
            subject: subject.into(),
            body: Some(body.into()),
            ..RequestDraft::default()
        };
        let r = requests::record(db, &record, &draft).await?;
        written += 1;
        // Every third one has been dealt with: answered, or handed over.
        if i % 3 == 0 {
            let status = if r.channel.as_str() == "service_desk" { "handed_over" } else { "answered" };
            let reference = (status == "handed_over").then(|| format!("INC-{}", 4700 + i));
            requests::set_status(db, &work, r.id, r.version, status, reference.as_deref()).await?;
        }
    }
    Ok(written)
}
