//! Routing a customer contact to a channel (SPEC §5): explicit rules the
//! unit head keeps, tried in order; the first that matches decides, and the
//! decision names it. When none matches, the kind of contact decides
//! ([`RequestKind::default_channel`]), and the decision says so.

use serde::{Deserialize, Serialize};

use crate::choice::bounded;
use crate::error::Invalid;
use crate::request::{Channel, RequestKind};
use crate::values::{Name, Text};

pub const KEYWORDS_MAX: usize = 50;
pub const KEYWORD_MAX: usize = 60;

/// A rule as the router reads it. Every condition given must hold; a rule
/// has at least one.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: i64,
    /// Kinds the rule applies to; empty is any kind.
    pub kinds: Vec<RequestKind>,
    pub service_id: Option<i64>,
    /// Any one of these (in any language) in the subject or body, ignoring case.
    pub keywords: Vec<String>,
    /// A full address (`maija@kunta.fi`) or a domain (`@kunta.fi`); blank is anyone.
    pub sender: String,
    pub channel: Channel,
}

/// What the router looks at.
#[derive(Debug, Clone, Copy)]
pub struct Incoming<'a> {
    pub kind: RequestKind,
    pub service_id: Option<i64>,
    pub subject: &'a str,
    pub body: &'a str,
    /// Lower-case e-mail address, or blank.
    pub sender: &'a str,
}

/// The channel and the rule that chose it (`None`: the kind's default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub channel: Channel,
    pub rule_id: Option<i64>,
}

impl Rule {
    pub fn matches(&self, c: &Incoming) -> bool {
        let kind = self.kinds.is_empty() || self.kinds.contains(&c.kind);
        let service = self.service_id.is_none_or(|s| c.service_id == Some(s));
        let text = || format!("{}\n{}", c.subject, c.body).to_lowercase();
        let keywords = self.keywords.is_empty() || {
            let text = text();
            self.keywords.iter().any(|k| text.contains(&k.to_lowercase()))
        };
        let sender = self.sender.is_empty() || sender_matches(&self.sender, c.sender);
        kind && service && keywords && sender
    }
}

fn sender_matches(pattern: &str, sender: &str) -> bool {
    let (pattern, sender) = (pattern.to_lowercase(), sender.to_lowercase());
    if sender.is_empty() {
        return false;
    }
    match pattern.strip_prefix('@') {
        Some(domain) => sender.rsplit_once('@').is_some_and(|(_, d)| d == domain),
        None => sender == pattern,
    }
}

/// The first matching rule decides; rules are given in their order.
pub fn route(rules: &[Rule], c: &Incoming) -> Decision {
    rules
        .iter()
        .find(|r| r.matches(c))
        .map(|r| Decision { channel: r.channel, rule_id: Some(r.id) })
        .unwrap_or(Decision { channel: c.kind.default_channel(), rule_id: None })
}

/// A rule as typed by the unit head: raw, unchecked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleDraft {
    pub name: String,
    /// Lower numbers are tried first.
    pub position: Option<i64>,
    /// service_desk or partnership_manager.
    pub channel: String,
    /// Kinds it applies to (empty is any).
    #[serde(default)]
    pub kinds: Vec<String>,
    #[serde(default)]
    pub service_id: Option<i64>,
    /// Keywords, one per line or separated by commas.
    #[serde(default)]
    pub keywords: Option<String>,
    #[serde(default)]
    pub sender: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidRule {
    pub name: Name,
    pub position: i64,
    pub channel: Channel,
    pub kinds: Vec<RequestKind>,
    pub service_id: Option<i64>,
    pub keywords: Vec<String>,
    pub sender: Text,
    pub active: bool,
}

/// Keywords split on lines and commas, trimmed, blanks and repeats dropped.
pub fn split_keywords(raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in raw.split(['\n', ',']).map(str::trim).filter(|k| !k.is_empty()) {
        if !out.iter().any(|o| o.to_lowercase() == k.to_lowercase()) {
            out.push(k.to_owned());
        }
    }
    out
}

fn keywords(raw: &str) -> Result<Vec<String>, &'static str> {
    let words = split_keywords(raw);
    if words.len() > KEYWORDS_MAX {
        return Err("error-too-many-keywords");
    }
    for w in &words {
        bounded(w, KEYWORD_MAX, true).map_err(|_| "error-keyword")?;
    }
    Ok(words)
}

fn sender_pattern(raw: &str) -> Result<Text, &'static str> {
    let raw = raw.trim().to_lowercase();
    if raw.is_empty() {
        return Ok(Text::default());
    }
    let address = match raw.strip_prefix('@') {
        Some(domain) => format!("x@{domain}"),
        None => raw.clone(),
    };
    crate::Email::parse(&address).map_err(|_| "error-sender")?;
    Text::parse(&raw)
}

impl RuleDraft {
    pub fn validate(&self) -> Result<ValidRule, Invalid> {
        let mut e = Invalid::default();
        let name = e.check("name", Name::parse(&self.name));
        let position = e.check(
            "position",
            match self.position {
                Some(p) if (1..=9999).contains(&p) => Ok(p),
                Some(_) => Err("error-position"),
                None => Err("error-required"),
            },
        );
        let channel = e.check("channel", Channel::parse(&self.channel));
        let kinds = e.check(
            "kinds",
            self.kinds
                .iter()
                .filter(|k| !k.trim().is_empty())
                .map(|k| RequestKind::parse(k))
                .collect::<Result<Vec<_>, _>>(),
        );
        let keywords = e.check("keywords", keywords(self.keywords.as_deref().unwrap_or("")));
        let sender = e.check("sender", sender_pattern(self.sender.as_deref().unwrap_or("")));
        if let (Some(kinds), Some(keywords), Some(sender)) = (&kinds, &keywords, &sender)
            && kinds.is_empty()
            && keywords.is_empty()
            && sender.as_str().is_empty()
            && self.service_id.is_none()
        {
            // A rule without a condition would catch every contact.
            e.check::<()>("kinds", Err("error-rule-condition"));
        }
        match (name, position, channel, kinds, keywords, sender) {
            (Some(name), Some(position), Some(channel), Some(mut kinds), Some(keywords), Some(sender))
                if e.is_empty() =>
            {
                kinds.sort();
                kinds.dedup();
                Ok(ValidRule {
                    name,
                    position,
                    channel,
                    kinds,
                    service_id: self.service_id,
                    keywords,
                    sender,
                    active: self.active,
                })
            }
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: i64, channel: Channel) -> Rule {
        Rule { id, kinds: vec![], service_id: None, keywords: vec![], sender: String::new(), channel }
    }

    fn incoming(kind: RequestKind, subject: &str) -> Incoming<'_> {
        Incoming { kind, service_id: None, subject, body: "", sender: "" }
    }

    #[test]
    fn the_first_matching_rule_decides_and_is_named() {
        let outage = Rule {
            keywords: vec!["ei toimi".into(), "fungerar inte".into(), "not working".into()],
            ..rule(1, Channel::ServiceDesk)
        };
        let payroll = Rule { service_id: Some(7), ..rule(2, Channel::PartnershipManager) };
        let rules = [outage, payroll];
        let q = incoming(RequestKind::Question, "Palkanlaskenta EI TOIMI aamulla");
        assert_eq!(route(&rules, &q), Decision { channel: Channel::ServiceDesk, rule_id: Some(1) });
        let sv = incoming(RequestKind::Feedback, "Lönesystemet fungerar inte");
        assert_eq!(route(&rules, &sv).rule_id, Some(1));
        let about_payroll = Incoming { service_id: Some(7), ..incoming(RequestKind::Incident, "Uusi raportti") };
        assert_eq!(route(&rules, &about_payroll), Decision { channel: Channel::PartnershipManager, rule_id: Some(2) });
    }

    #[test]
    fn without_a_match_the_kind_decides() {
        let rules = [Rule { kinds: vec![RequestKind::Feedback], ..rule(1, Channel::ServiceDesk) }];
        let need = incoming(RequestKind::DevelopmentNeed, "Uusi integraatio");
        assert_eq!(route(&rules, &need), Decision { channel: Channel::PartnershipManager, rule_id: None });
        let incident = incoming(RequestKind::Incident, "Verkkolevy");
        assert_eq!(route(&[], &incident), Decision { channel: Channel::ServiceDesk, rule_id: None });
    }

    #[test]
    fn senders_match_by_address_or_domain() {
        let by_domain = Rule { sender: "@kunta.fi".into(), ..rule(1, Channel::PartnershipManager) };
        let by_address = Rule { sender: "johtaja@kaupunki.fi".into(), ..rule(2, Channel::ServiceDesk) };
        let rules = [by_domain, by_address];
        let from = |sender| Incoming { sender, ..incoming(RequestKind::Incident, "x") };
        assert_eq!(route(&rules, &from("anna@kunta.fi")).rule_id, Some(1));
        assert_eq!(route(&rules, &from("anna@alikunta.fi")).rule_id, None);
        assert_eq!(route(&rules, &from("Johtaja@Kaupunki.fi")).rule_id, Some(2));
        assert_eq!(route(&rules, &from("")).rule_id, None);
    }

    #[test]
    fn a_rule_needs_a_condition_and_sane_keywords() {
        let base = RuleDraft {
            name: "Häiriöt".into(),
            position: Some(10),
            channel: "service_desk".into(),
            active: true,
            ..RuleDraft::default()
        };
        let codes = |d: &RuleDraft| -> Vec<(String, &str)> {
            d.validate().err().map(|e| e.0.into_iter().map(|e| (e.field, e.code)).collect()).unwrap_or_default()
        };
        assert_eq!(codes(&base), [("kinds".to_owned(), "error-rule-condition")]);
        let ok = RuleDraft { keywords: Some("ei toimi, fungerar inte\nnot working\nEI TOIMI".into()), ..base.clone() };
        assert_eq!(ok.validate().expect("valid").keywords, ["ei toimi", "fungerar inte", "not working"]);
        let many = RuleDraft {
            keywords: Some((0..60).map(|i| format!("w{i}")).collect::<Vec<_>>().join(",")),
            ..base.clone()
        };
        assert_eq!(codes(&many), [("keywords".to_owned(), "error-too-many-keywords")]);
        let bad = RuleDraft { sender: Some("@".into()), position: Some(0), kinds: vec!["x".into()], ..base };
        let fields: Vec<&str> = codes(&bad).iter().map(|(_, c)| *c).collect::<Vec<_>>();
        assert_eq!(fields, ["error-position", "error-choice", "error-sender"]);
    }
}
