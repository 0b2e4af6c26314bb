//! Stakeholder register and communication plan of a project (SPEC §4):
//! communication is the board's responsibility, each member for their own
//! side; it may be delegated, but the responsible member stays named.

use serde::{Deserialize, Serialize};

use crate::choice::{bounded, choice};
use crate::error::Invalid;
use crate::values::{Name, Text};

choice!(
    /// Whose side a stakeholder is on.
    Side { Customer => "customer", Supplier => "supplier", Centre => "centre" }
);

choice!(
    /// Interest in, or influence over, the project.
    Level { Low => "low", Medium => "medium", High => "high" }
);

choice!(
    /// The PRINCE2 roles that answer for communication (and the glossary
    /// keys of their labels).
    BoardRole {
        Executive => "executive",
        SeniorUser => "senior_user",
        SeniorSupplier => "senior_supplier",
        ProjectAssurance => "project_assurance",
        ProjectSupport => "project_support",
        ChangeAuthority => "change_authority",
        ProjectManager => "project_manager",
    }
);

pub const NOTE_MAX: usize = 500;
pub const CHANNEL_MAX: usize = 200;
pub const CONTENT_MAX: usize = 1000;

/// A stakeholder as typed: raw, unchecked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StakeholderDraft {
    pub name: String,
    #[serde(default)]
    pub organisation: Option<String>,
    /// `customer`, `supplier` or `centre`
    pub side: String,
    /// `low`, `medium`, `high` or absent
    #[serde(default)]
    pub interest: Option<String>,
    /// `low`, `medium`, `high` or absent
    #[serde(default)]
    pub influence: Option<String>,
    /// A short note: what they care about, how to approach them.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidStakeholder {
    pub name: Name,
    pub organisation: Text,
    pub side: Side,
    pub interest: Option<Level>,
    pub influence: Option<Level>,
    pub note: Text,
}

impl StakeholderDraft {
    pub fn validate(&self) -> Result<ValidStakeholder, Invalid> {
        let mut e = Invalid::default();
        let name = e.check("name", Name::parse(&self.name));
        let organisation = e.check("organisation", bounded(self.organisation.as_deref().unwrap_or(""), 200, false));
        let side = e.check("side", Side::parse(&self.side));
        let interest = e.check("interest", Level::parse_opt(self.interest.as_deref()));
        let influence = e.check("influence", Level::parse_opt(self.influence.as_deref()));
        let note = e.check("note", bounded(self.note.as_deref().unwrap_or(""), NOTE_MAX, false));
        match (name, organisation, side, interest, influence, note) {
            (Some(name), Some(organisation), Some(side), Some(interest), Some(influence), Some(note))
                if e.is_empty() =>
            {
                Ok(ValidStakeholder { name, organisation, side, interest, influence, note })
            }
            _ => Err(e),
        }
    }
}

/// A communication plan line as typed: raw, unchecked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommunicationDraft {
    /// A stakeholder of the same project.
    pub stakeholder_id: Option<i64>,
    /// The board member who answers for this communication: a user.
    pub responsible_id: Option<i64>,
    /// Their PRINCE2 role: `executive`, `senior_user`, `senior_supplier`,
    /// `project_assurance`, `project_support`, `change_authority`, `project_manager`.
    pub responsible_role: String,
    /// Who does the work when delegated (typically the project manager).
    #[serde(default)]
    pub delegated_to_id: Option<i64>,
    /// How: e-mail, intranet, steering group meeting …
    pub channel: String,
    /// How often: weekly, after each board meeting …
    pub frequency: String,
    /// What is communicated.
    pub content: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidCommunication {
    pub stakeholder_id: i64,
    pub responsible_id: i64,
    pub responsible_role: BoardRole,
    pub delegated_to_id: Option<i64>,
    pub channel: Text,
    pub frequency: Text,
    pub content: Text,
}

impl CommunicationDraft {
    pub fn validate(&self) -> Result<ValidCommunication, Invalid> {
        let mut e = Invalid::default();
        let stakeholder_id = e.check("stakeholder_id", self.stakeholder_id.ok_or("error-required"));
        let responsible_id = e.check("responsible_id", self.responsible_id.ok_or("error-required"));
        let responsible_role = e.check("responsible_role", BoardRole::parse(&self.responsible_role));
        if self.delegated_to_id.is_some() && self.delegated_to_id == self.responsible_id {
            e.push("delegated_to_id", "error-delegate-self");
        }
        let channel = e.check("channel", bounded(&self.channel, CHANNEL_MAX, true));
        let frequency = e.check("frequency", bounded(&self.frequency, CHANNEL_MAX, true));
        let content = e.check("content", bounded(&self.content, CONTENT_MAX, true));
        match (stakeholder_id, responsible_id, responsible_role, channel, frequency, content) {
            (
                Some(stakeholder_id),
                Some(responsible_id),
                Some(responsible_role),
                Some(channel),
                Some(frequency),
                Some(content),
            ) if e.is_empty() => Ok(ValidCommunication {
                stakeholder_id,
                responsible_id,
                responsible_role,
                delegated_to_id: self.delegated_to_id,
                channel,
                frequency,
                content,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(e: Invalid) -> Vec<(String, &'static str)> {
        e.0.into_iter().map(|f| (f.field, f.code)).collect()
    }

    #[test]
    fn a_stakeholder_needs_a_name_and_a_side() {
        let ok = StakeholderDraft {
            name: " Kangasalan  talouspalvelut ".into(),
            side: "customer".into(),
            interest: Some("high".into()),
            influence: Some("".into()),
            ..StakeholderDraft::default()
        };
        let v = ok.validate().expect("valid");
        assert_eq!(
            (v.name.as_str(), v.side, v.interest, v.influence),
            ("Kangasalan talouspalvelut", Side::Customer, Some(Level::High), None)
        );
        let bad = StakeholderDraft {
            side: "vendor".into(),
            note: Some("x".repeat(NOTE_MAX + 1)),
            ..StakeholderDraft::default()
        };
        assert_eq!(
            codes(bad.validate().expect_err("bad")),
            [("name".into(), "error-required"), ("side".into(), "error-choice"), ("note".into(), "error-too-long")]
        );
    }

    #[test]
    fn a_line_names_who_answers_and_cannot_delegate_to_them() {
        let d = CommunicationDraft {
            stakeholder_id: Some(1),
            responsible_id: Some(2),
            responsible_role: "senior_user".into(),
            delegated_to_id: Some(3),
            channel: "Sähköposti".into(),
            frequency: "Kuukausittain".into(),
            content: "Tilanneraportin tiivistelmä".into(),
        };
        assert_eq!(d.validate().expect("valid").responsible_role, BoardRole::SeniorUser);
        let mut same = d.clone();
        same.delegated_to_id = Some(2);
        assert_eq!(codes(same.validate().expect_err("bad")), [("delegated_to_id".into(), "error-delegate-self")]);
        let empty = CommunicationDraft::default();
        let fields: Vec<String> = codes(empty.validate().expect_err("bad")).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["stakeholder_id", "responsible_id", "responsible_role", "channel", "frequency", "content"]);
    }

    #[test]
    fn every_board_role_round_trips() {
        for r in BoardRole::ALL {
            assert_eq!(BoardRole::parse(r.as_str()), Ok(r));
        }
        assert_eq!(BoardRole::ALL.len(), 7);
    }
}
