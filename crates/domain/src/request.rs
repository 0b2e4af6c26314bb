//! Customer contacts (SPEC §5): a request, question, need or feedback from
//! a customer, recorded once, routed to one of the centre's two channels and
//! followed until the customer has the answer.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::choice::{bounded, choice};
use crate::error::Invalid;
use crate::values::Text;

pub const SUBJECT_MAX: usize = 200;
/// The most free text takes (`Text`).
pub const BODY_MAX: usize = 10_000;
pub const NOTE_MAX: usize = 4000;
pub const REFERENCE_MAX: usize = 100;

choice!(
    /// What the customer asked for. The kind decides the channel when no
    /// routing rule says otherwise ([`RequestKind::default_channel`]).
    RequestKind {
        Incident => "incident",
        ServiceRequest => "service_request",
        Question => "question",
        DevelopmentNeed => "development_need",
        Feedback => "feedback",
    }
);

choice!(
    /// The centre's two ways in: the service desk for running services,
    /// the customer's named partnership manager for development.
    Channel {
        ServiceDesk => "service_desk",
        PartnershipManager => "partnership_manager",
    }
);

choice!(
    /// How the contact reached the centre.
    ReceivedVia {
        Email => "email",
        Phone => "phone",
        Meeting => "meeting",
        Web => "web",
    }
);

choice!(
    /// Where a contact stands. `HandedOver` is for the service desk channel:
    /// Kumppani records the hand-over, the service desk does the work.
    /// `Answered` and `Closed` end it; the first answer's time is kept.
    RequestStatus {
        Open => "open",
        HandedOver => "handed_over",
        Answered => "answered",
        Closed => "closed",
    }
);

impl RequestKind {
    /// Running services go to the service desk; everything else to the
    /// partnership manager, who knows the customer's plan.
    pub fn default_channel(self) -> Channel {
        match self {
            RequestKind::Incident | RequestKind::ServiceRequest => Channel::ServiceDesk,
            RequestKind::Question | RequestKind::DevelopmentNeed | RequestKind::Feedback => Channel::PartnershipManager,
        }
    }
}

impl RequestStatus {
    /// Whether the customer has had an answer (the lead time ends here).
    pub fn is_done(self) -> bool {
        matches!(self, RequestStatus::Answered | RequestStatus::Closed)
    }

    /// The statuses a contact in `channel` may be set to. Only what went to
    /// the service desk can be handed over to it.
    pub fn allowed_in(self, channel: Channel) -> bool {
        self != RequestStatus::HandedOver || channel == Channel::ServiceDesk
    }
}

/// A contact as typed in a form or sent to the API: raw, unchecked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestDraft {
    pub customer_id: Option<i64>,
    /// The customer's contact person who got in touch, if known.
    #[serde(default)]
    pub contact_id: Option<i64>,
    /// The running service it is about, if any.
    #[serde(default)]
    pub service_id: Option<i64>,
    /// incident, service_request, question, development_need or feedback.
    pub kind: String,
    /// email, phone, meeting or web.
    pub received_via: String,
    /// When it arrived, `YYYY-MM-DDTHH:MM` in the centre's time; blank is now.
    #[serde(default)]
    pub received_at: Option<String>,
    pub subject: String,
    #[serde(default)]
    pub body: Option<String>,
    /// The sender's e-mail address, for rules that route by sender.
    #[serde(default)]
    pub sender: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidRequest {
    pub customer_id: i64,
    pub contact_id: Option<i64>,
    pub service_id: Option<i64>,
    pub kind: RequestKind,
    pub received_via: ReceivedVia,
    /// Local time in the centre; `None` is "now".
    pub received_at: Option<NaiveDateTime>,
    pub subject: Text,
    pub body: Text,
    pub sender: Text,
}

/// `2026-12-06T09:30`, `2026-12-06 09:30` or with seconds.
pub fn parse_local_time(raw: &str) -> Result<Option<NaiveDateTime>, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
        .map(Some)
        .ok_or("error-date-time")
}

impl RequestDraft {
    pub fn validate(&self) -> Result<ValidRequest, Invalid> {
        let mut e = Invalid::default();
        let customer_id = e.check("customer_id", self.customer_id.ok_or("error-required"));
        let kind = e.check("kind", RequestKind::parse(&self.kind));
        let received_via = e.check("received_via", ReceivedVia::parse(&self.received_via));
        let received_at = e.check("received_at", parse_local_time(self.received_at.as_deref().unwrap_or("")));
        let subject = e.check("subject", bounded(&self.subject, SUBJECT_MAX, true));
        let body = e.check("body", bounded(self.body.as_deref().unwrap_or(""), BODY_MAX, false));
        let sender = e.check("sender", sender(self.sender.as_deref().unwrap_or("")));
        match (customer_id, kind, received_via, received_at, subject, body, sender) {
            (
                Some(customer_id),
                Some(kind),
                Some(received_via),
                Some(received_at),
                Some(subject),
                Some(body),
                Some(sender),
            ) if e.is_empty() => Ok(ValidRequest {
                customer_id,
                contact_id: self.contact_id,
                service_id: self.service_id,
                kind,
                received_via,
                received_at,
                subject,
                body,
                sender,
            }),
            _ => Err(e),
        }
    }
}

/// An e-mail address or blank; kept lower-case so rules compare plainly.
fn sender(raw: &str) -> Result<Text, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(Text::default());
    }
    crate::Email::parse(raw).and_then(|e| Text::parse(&e.as_str().to_lowercase()))
}

/// A note (internal, or the answer's summary) of bounded length.
pub fn note(raw: &str) -> Result<Text, &'static str> {
    bounded(raw, NOTE_MAX, false)
}

/// The service desk's reference for a hand-over (its ticket number).
pub fn reference(raw: &str) -> Result<Text, &'static str> {
    bounded(raw, REFERENCE_MAX, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> RequestDraft {
        RequestDraft {
            customer_id: Some(3),
            kind: "development_need".into(),
            received_via: "phone".into(),
            subject: "Sähköinen allekirjoitus".into(),
            ..RequestDraft::default()
        }
    }

    #[test]
    fn a_contact_needs_a_customer_a_kind_a_way_in_and_a_subject() {
        let v = draft().validate().expect("valid");
        assert_eq!((v.kind, v.received_via, v.received_at), (RequestKind::DevelopmentNeed, ReceivedVia::Phone, None));
        let fields: Vec<(String, &str)> = RequestDraft {
            received_at: Some("eilen".into()),
            sender: Some("not an address".into()),
            ..RequestDraft::default()
        }
        .validate()
        .expect_err("bad")
        .0
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect();
        let names: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(names, ["customer_id", "kind", "received_via", "received_at", "subject", "sender"]);
        assert_eq!(fields[3].1, "error-date-time");
    }

    #[test]
    fn times_and_senders_are_read_the_way_forms_send_them() {
        let d = RequestDraft {
            received_at: Some("2026-12-04T09:30".into()),
            sender: Some(" Maija.Mehilainen@Kunta.FI ".into()),
            ..draft()
        };
        let v = d.validate().expect("valid");
        assert_eq!(v.received_at.map(|t| t.to_string()).as_deref(), Some("2026-12-04 09:30:00"));
        assert_eq!(v.sender.as_str(), "maija.mehilainen@kunta.fi");
    }

    #[test]
    fn running_services_go_to_the_service_desk_by_default() {
        assert_eq!(RequestKind::Incident.default_channel(), Channel::ServiceDesk);
        assert_eq!(RequestKind::ServiceRequest.default_channel(), Channel::ServiceDesk);
        assert_eq!(RequestKind::DevelopmentNeed.default_channel(), Channel::PartnershipManager);
        assert!(RequestStatus::HandedOver.allowed_in(Channel::ServiceDesk));
        assert!(!RequestStatus::HandedOver.allowed_in(Channel::PartnershipManager));
        assert!(RequestStatus::Answered.is_done() && !RequestStatus::HandedOver.is_done());
    }
}

/// Lead times of answered contacts, summarised: how many, the median and
/// the 90th percentile, in hours (nearest-rank percentiles: a value that
/// really occurred, never an interpolation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeadTime {
    pub count: usize,
    pub median_hours: i64,
    pub p90_hours: i64,
}

/// Summarises lead times given in seconds (answer minus receipt); `None`
/// when there are none. Negative spans (a receipt typed after the answer)
/// count as zero.
pub fn lead_time(mut seconds: Vec<i64>) -> Option<LeadTime> {
    if seconds.is_empty() {
        return None;
    }
    seconds.iter_mut().for_each(|s| *s = (*s).max(0));
    seconds.sort_unstable();
    let rank = |p: usize| seconds[(seconds.len() * p).div_ceil(100).max(1) - 1];
    let hours = |s: i64| (s + 1800) / 3600;
    Some(LeadTime { count: seconds.len(), median_hours: hours(rank(50)), p90_hours: hours(rank(90)) })
}

#[cfg(test)]
mod lead_time_tests {
    use super::*;

    #[test]
    fn lead_times_are_nearest_rank_percentiles_in_hours() {
        assert_eq!(lead_time(vec![]), None);
        // 2 h, 26 h, 50 h, 4 h: sorted 2, 4, 26, 50; the median is the 2nd, the 90th the 4th.
        let h = 3600;
        let t = lead_time(vec![2 * h, 26 * h, 50 * h, 4 * h]).expect("some");
        assert_eq!(t, LeadTime { count: 4, median_hours: 4, p90_hours: 50 });
        // Ten values 1..=10 h: the median is the 5th, the 90th percentile the 9th.
        let t = lead_time((1..=10).map(|n| n * h).collect()).expect("some");
        assert_eq!((t.median_hours, t.p90_hours), (5, 9));
        // Half an hour rounds up; a negative span counts as none.
        assert_eq!(lead_time(vec![1800, -50]).map(|t| (t.median_hours, t.p90_hours)), Some((0, 1)));
    }
}
