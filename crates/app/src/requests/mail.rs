//! E-mail intake: `.eml` files and mbox mailboxes become customer contacts.
//! Messages are parsed with `mail-parser` (MIME, transfer encodings,
//! character sets, HTML bodies converted to plain text, so no markup of a
//! sender ever reaches a page). The sender is matched to a customer's
//! contact person by address, or to the customer by the address's domain
//! when exactly one customer has contact people there. A message already
//! read (same Message-ID, or for one without, the same bytes) is never
//! imported twice. Each message is its own write: a refused or broken one
//! is reported with its reason and the rest of the mailbox is still read.

use chrono::{DateTime, TimeZone, Utc};
use kumppani_domain::request::{BODY_MAX, ReceivedVia, RequestKind, SUBJECT_MAX, ValidRequest};
use kumppani_domain::values::Text;
use kumppani_store::{Db, contacts, requests};
use mail_parser::{MessageParser, MimeHeaders};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{CustomerRequest, insert_routed};
use crate::AppError;
use crate::policy::Permit;
use crate::policy::cap::RecordRequests;

/// A single message larger than this is refused (its attachments are not
/// kept, so a bigger one is almost all attachment).
pub const MAX_MESSAGE_BYTES: usize = 10 * 1024 * 1024;
/// At most this many messages are read from one mailbox file.
pub const MAX_MESSAGES: usize = 50_000;

/// A message as Kumppani reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mail {
    /// The Message-ID, or `sha256:<hex>` of the message for one without.
    pub message_id: String,
    /// The sender's address, lower-case.
    pub sender: Option<String>,
    pub subject: String,
    pub body: String,
    pub sent_at: Option<DateTime<Utc>>,
    /// (file name, bytes) of each attachment: listed, not kept.
    pub attachments: Vec<(String, usize)>,
}

/// Control characters other than line breaks and tabs become spaces, so the
/// text passes the same checks as typed text.
fn clean(s: &str, max: usize) -> String {
    s.chars()
        .map(|c| if c.is_control() && c != '\n' && c != '\t' { ' ' } else { c })
        .collect::<String>()
        .replace("\r\n", "\n")
        .trim()
        .chars()
        .take(max)
        .collect()
}

/// Parses one message; `None` when the bytes are not a message at all.
pub fn parse(raw: &[u8]) -> Result<Mail, &'static str> {
    if raw.len() > MAX_MESSAGE_BYTES {
        return Err("error-mail-too-big");
    }
    let m = MessageParser::default().parse(raw).ok_or("error-mail-unreadable")?;
    if m.headers().is_empty() {
        return Err("error-mail-unreadable");
    }
    let message_id = match m.message_id().map(str::trim).filter(|id| !id.is_empty()) {
        Some(id) => clean(id, 500),
        None => format!("sha256:{}", Sha256::digest(raw).iter().map(|b| format!("{b:02x}")).collect::<String>()),
    };
    let sender = m.from().and_then(|a| a.first()).and_then(|a| a.address()).map(|a| a.trim().to_lowercase());
    let attachments: Vec<(String, usize)> =
        m.attachments().map(|a| (clean(a.attachment_name().unwrap_or("?"), 200), a.contents().len())).collect();
    let mut body = m.body_text(0).map(|b| clean(&b, BODY_MAX)).unwrap_or_default();
    if !attachments.is_empty() {
        let list: Vec<String> =
            attachments.iter().map(|(n, size)| format!("{n} ({} kB)", size.div_ceil(1024))).collect();
        let note = format!("\n\n[{}]", list.join(", "));
        if body.chars().count() + note.chars().count() <= BODY_MAX {
            body.push_str(&note);
        }
    }
    let sent_at = m.date().and_then(|d| Utc.timestamp_opt(d.to_timestamp(), 0).single());
    let subject = clean(m.subject().unwrap_or(""), SUBJECT_MAX);
    Ok(Mail { message_id, sender, subject, body, sent_at, attachments })
}

/// The messages of a file: an mbox (starts with a `From ` line) or one
/// message.
pub fn split(raw: &[u8]) -> Vec<Vec<u8>> {
    if !raw.starts_with(b"From ") {
        return vec![raw.to_vec()];
    }
    mail_parser::mailbox::mbox::MessageIterator::new(raw)
        .take(MAX_MESSAGES)
        .filter_map(Result::ok)
        .map(|m| m.unwrap_contents())
        .collect()
}

/// What became of one message.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MailOutcome {
    /// 1-based position in the file.
    pub number: usize,
    pub subject: String,
    pub sender: Option<String>,
    /// The contact recorded, when one was.
    pub request_id: Option<i64>,
    /// `imported`, `duplicate` or `refused`.
    pub result: String,
    /// Why it was refused: a message id to translate.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct MailReport {
    pub imported: usize,
    pub duplicates: usize,
    pub refused: usize,
    pub messages: Vec<MailOutcome>,
}

/// The customer (and contact person) of a sender.
async fn match_sender(tx: &mut kumppani_store::Tx, sender: &str) -> Result<(i64, Option<i64>), &'static str> {
    let by_address = contacts::by_email(tx, sender).await.map_err(|_| "error-mail-unreadable")?;
    if let Some((contact, customer)) = by_address.first() {
        return Ok((*customer, Some(*contact)));
    }
    let domain = sender.rsplit_once('@').map(|(_, d)| d).ok_or("error-mail-sender-unknown")?;
    match contacts::customers_at_domain(tx, domain).await.map_err(|_| "error-mail-unreadable")?.as_slice() {
        [one] => Ok((*one, None)),
        [] => Err("error-mail-sender-unknown"),
        _ => Err("error-mail-sender-ambiguous"),
    }
}

/// Reads a file of one or many messages into contacts (received by e-mail,
/// kind "question" until someone says otherwise; the routing rules decide
/// the channel as for any contact).
pub async fn import(db: &Db, permit: &Permit<RecordRequests>, raw: &[u8]) -> Result<MailReport, AppError> {
    let mut report = MailReport::default();
    for (i, bytes) in split(raw).iter().enumerate() {
        let mut outcome = MailOutcome {
            number: i + 1,
            subject: String::new(),
            sender: None,
            request_id: None,
            result: String::new(),
            reason: None,
        };
        let result = async {
            let mail = parse(bytes).map_err(Refusal::Reason)?;
            outcome.subject = mail.subject.clone();
            outcome.sender = mail.sender.clone();
            let mut tx = db.begin().await.map_err(|e| Refusal::Failed(e.into()))?;
            if requests::message_seen(&mut tx, &mail.message_id).await.map_err(|e| Refusal::Failed(e.into()))? {
                return Err(Refusal::Duplicate);
            }
            let sender = mail.sender.as_deref().ok_or(Refusal::Reason("error-mail-sender-unknown"))?;
            let (customer_id, contact_id) = match_sender(&mut tx, sender).await.map_err(Refusal::Reason)?;
            let subject = if mail.subject.is_empty() { "(–)".to_owned() } else { mail.subject.clone() };
            let valid = ValidRequest {
                customer_id,
                contact_id,
                service_id: None,
                kind: RequestKind::Question,
                received_via: ReceivedVia::Email,
                received_at: None,
                subject: Text::parse(&subject).map_err(Refusal::Reason)?,
                body: Text::parse(&mail.body).map_err(Refusal::Reason)?,
                sender: Text::parse(sender).map_err(Refusal::Reason)?,
            };
            // A message dated in the future (a wrong clock) counts from now.
            let at = mail.sent_at.filter(|t| *t <= Utc::now()).unwrap_or_else(Utc::now);
            let created: CustomerRequest = insert_routed(&mut tx, permit.actor(), &valid, at, Some(&mail.message_id))
                .await
                .map_err(Refusal::Failed)?;
            tx.commit().await.map_err(|e| Refusal::Failed(e.into()))?;
            Ok(created.id)
        }
        .await;
        match result {
            Ok(id) => {
                outcome.request_id = Some(id);
                outcome.result = "imported".into();
                report.imported += 1;
            }
            Err(Refusal::Duplicate) => {
                outcome.result = "duplicate".into();
                report.duplicates += 1;
            }
            Err(Refusal::Reason(code)) => {
                outcome.result = "refused".into();
                outcome.reason = Some(code.to_owned());
                report.refused += 1;
            }
            // The database failing is not the message's fault: stop.
            Err(Refusal::Failed(e)) => return Err(e),
        }
        report.messages.push(outcome);
    }
    Ok(report)
}

enum Refusal {
    Duplicate,
    Reason(&'static str),
    Failed(AppError),
}

#[cfg(test)]
mod tests {
    use super::*;

    const FINNISH: &[u8] = b"From: =?utf-8?q?P=C3=A4ivi_Pirkkala?= <Paivi.Pirkkala@Pirkkala.fi>\r\n\
To: palvelupiste@palvelukeskus.fi\r\n\
Subject: =?iso-8859-1?q?Palkanlaskenta_ei_toimi_p=E4iv=E4ll=E4?=\r\n\
Message-ID: <abc123@pirkkala.fi>\r\n\
Date: Fri, 4 Dec 2026 09:15:00 +0200\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"raja\"\r\n\
\r\n\
--raja\r\n\
Content-Type: text/html; charset=utf-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
<p>Hei,</p><script>alert(1)</script><p>palkka-ajo p=C3=A4=C3=A4ttyi virheeseen.</p>\r\n\
--raja\r\n\
Content-Type: application/pdf; name=\"virhe.pdf\"\r\n\
Content-Disposition: attachment; filename=\"virhe.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
JVBERi0xLjQK\r\n\
--raja--\r\n";

    #[test]
    fn a_finnish_multipart_message_is_read_as_text() {
        let m = parse(FINNISH).expect("parsed");
        assert_eq!(m.message_id, "abc123@pirkkala.fi");
        assert_eq!(m.sender.as_deref(), Some("paivi.pirkkala@pirkkala.fi"));
        assert_eq!(m.subject, "Palkanlaskenta ei toimi päivällä");
        assert!(m.body.contains("palkka-ajo päättyi virheeseen"), "{}", m.body);
        assert!(!m.body.contains('<'), "no markup reaches the text: {}", m.body);
        assert_eq!(m.attachments, [("virhe.pdf".to_owned(), 9)]);
        assert!(m.body.ends_with("[virhe.pdf (1 kB)]"));
        assert_eq!(m.sent_at.map(|t| t.to_rfc3339()).as_deref(), Some("2026-12-04T07:15:00+00:00"));
    }

    #[test]
    fn a_message_without_an_id_is_known_by_its_bytes_and_junk_is_refused() {
        let raw = b"From: a@b.fi\r\nSubject: Hej\r\n\r\nText\r\n";
        let m = parse(raw).expect("parsed");
        assert!(m.message_id.starts_with("sha256:"));
        assert_eq!(parse(raw).map(|m| m.message_id), Ok(m.message_id));
        assert_eq!(parse(b"").map(|m| m.subject), Err("error-mail-unreadable"));
        assert_eq!(parse(&vec![b'a'; MAX_MESSAGE_BYTES + 1]).map(|m| m.subject), Err("error-mail-too-big"));
    }

    #[test]
    fn an_mbox_is_split_into_its_messages() {
        let mbox = b"From a@b.fi Fri Dec  4 09:00:00 2026\nFrom: a@b.fi\nSubject: Yksi\n\nEka\n\
From c@d.fi Fri Dec  4 10:00:00 2026\nFrom: c@d.fi\nSubject: Kaksi\n\nToka\n";
        let parts = split(mbox);
        assert_eq!(parts.len(), 2);
        let subjects: Vec<String> = parts.iter().filter_map(|p| parse(p).ok()).map(|m| m.subject).collect();
        assert_eq!(subjects, ["Yksi", "Kaksi"]);
        assert_eq!(split(FINNISH).len(), 1);
    }
}
