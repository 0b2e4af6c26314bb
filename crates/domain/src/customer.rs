//! Customers (SPEC §2): the organisations the service centre serves.

use crate::choice::choice;
use crate::error::Invalid;
use crate::values::{BusinessId, Name, Text, optional};
use serde::{Deserialize, Serialize};

choice!(
    /// Organisation type. Segments are by operating model, not by this.
    OrgType blank => "error-choice" {
        Municipality => "municipality",
        JointAuthority => "joint_authority",
        Agency => "agency",
        LimitedCompany => "limited_company",
        Foundation => "foundation",
        Association => "association",
        ServiceCentre => "service_centre",
        Other => "other",
    }
);

/// A customer as typed into a form or an API body: raw, unchecked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerDraft {
    pub name: String,
    #[serde(default)]
    pub business_id: Option<String>,
    pub org_type: String,
    pub segment_id: Option<i64>,
    #[serde(default)]
    pub manager_id: Option<i64>,
    #[serde(default)]
    pub deputy_id: Option<i64>,
    #[serde(default)]
    pub notes: Option<String>,
    /// Relative effort the customer takes (1–100, default 1); the portfolio
    /// balance can even out the sum of these instead of customer counts.
    /// Left out of an update, it keeps its current value.
    #[serde(default)]
    pub workload_weight: Option<i64>,
}

/// The largest workload weight: weights are relative effort, and a bound
/// keeps every manager's sum small.
pub const MAX_WORKLOAD_WEIGHT: i64 = 100;

/// A workload weight: a whole number from 1 to [`MAX_WORKLOAD_WEIGHT`]; absent is 1.
pub fn parse_workload_weight(raw: Option<i64>) -> Result<u32, &'static str> {
    match raw.unwrap_or(1) {
        w @ 1..=MAX_WORKLOAD_WEIGHT => u32::try_from(w).map_err(|_| "error-workload-weight"),
        _ => Err("error-workload-weight"),
    }
}

/// A customer whose every field passed its rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidCustomer {
    pub name: Name,
    pub business_id: Option<BusinessId>,
    pub org_type: OrgType,
    pub segment_id: i64,
    pub manager_id: Option<i64>,
    pub deputy_id: Option<i64>,
    pub notes: Text,
    pub workload_weight: u32,
}

impl CustomerDraft {
    /// Checks every field and the rule that the deputy is not the manager.
    /// Whether the referenced segment and people exist is checked by the store.
    pub fn validate(&self) -> Result<ValidCustomer, Invalid> {
        let mut errors = Invalid::default();
        let name = errors.check("name", Name::parse(&self.name));
        let business_id = errors.check("business_id", optional(self.business_id.as_deref(), BusinessId::parse));
        let org_type = errors.check("org_type", OrgType::parse(&self.org_type));
        let segment_id = errors.check("segment_id", self.segment_id.ok_or("error-required"));
        let notes = errors.check("notes", Text::parse(self.notes.as_deref().unwrap_or("")));
        let workload_weight = errors.check("workload_weight", parse_workload_weight(self.workload_weight));
        if self.deputy_id.is_some() && self.deputy_id == self.manager_id {
            errors.push("deputy_id", "error-deputy-is-manager");
        }
        match (name, business_id, org_type, segment_id, notes, workload_weight) {
            (Some(name), Some(business_id), Some(org_type), Some(segment_id), Some(notes), Some(workload_weight))
                if errors.is_empty() =>
            {
                Ok(ValidCustomer {
                    name,
                    business_id,
                    org_type,
                    segment_id,
                    manager_id: self.manager_id,
                    deputy_id: self.deputy_id,
                    notes,
                    workload_weight,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> CustomerDraft {
        CustomerDraft {
            name: "Tampereen kaupunki".into(),
            business_id: Some("0211675-2".into()),
            org_type: "municipality".into(),
            segment_id: Some(1),
            manager_id: Some(2),
            deputy_id: Some(3),
            notes: None,
            workload_weight: Some(3),
        }
    }

    #[test]
    fn a_good_draft_validates() {
        let valid = draft().validate().expect("valid");
        assert_eq!(valid.name.as_str(), "Tampereen kaupunki");
        assert_eq!(valid.org_type, OrgType::Municipality);
    }

    #[test]
    fn deputy_must_differ_from_manager() {
        let mut d = draft();
        d.deputy_id = d.manager_id;
        let err = d.validate().expect_err("same person");
        assert_eq!(err.0.len(), 1);
        assert_eq!(err.0[0].field, "deputy_id");
        assert_eq!(err.0[0].code, "error-deputy-is-manager");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let d = CustomerDraft {
            name: " ".into(),
            business_id: Some("1234567-2".into()),
            org_type: "kingdom".into(),
            segment_id: None,
            ..CustomerDraft::default()
        };
        let fields: Vec<_> = d.validate().expect_err("bad").0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "business_id", "org_type", "segment_id"]);
    }

    #[test]
    fn workload_weight_is_a_small_positive_whole_number() {
        assert_eq!(draft().validate().expect("valid").workload_weight, 3);
        let absent = CustomerDraft { workload_weight: None, ..draft() };
        assert_eq!(absent.validate().expect("valid").workload_weight, 1);
        for bad in [0, -1, MAX_WORKLOAD_WEIGHT + 1, i64::MAX] {
            let err = CustomerDraft { workload_weight: Some(bad), ..draft() }.validate().expect_err("bad weight");
            assert_eq!((err.0[0].field.as_str(), err.0[0].code), ("workload_weight", "error-workload-weight"), "{bad}");
        }
        let max = CustomerDraft { workload_weight: Some(MAX_WORKLOAD_WEIGHT), ..draft() };
        assert!(max.validate().is_ok());
    }

    #[test]
    fn blank_business_id_is_allowed() {
        let mut d = draft();
        d.business_id = Some(" ".into());
        assert_eq!(d.validate().expect("valid").business_id, None);
    }
}
