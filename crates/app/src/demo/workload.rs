//! Demo workload weights (relative effort, 1–5): a wellbeing county or one
//! of the largest cities takes the most work, a small association the
//! least. Derived from the organisation, not drawn from the random stream,
//! so every other part of the demo data stays as it was for a seed.

use kumppani_domain::OrgType;

use super::words::{LARGE_MUNICIPALITIES, MUNICIPALITIES};

/// The weight of a demo customer of `org_type` named `name`.
pub(super) fn weight(org_type: OrgType, name: &str, business_id: &str) -> i64 {
    // Where a municipality's name leads, its place in the list (largest first).
    let rank = MUNICIPALITIES.iter().position(|m| name.starts_with(&format!("{} ", m.genitive)));
    let whole = name.split_whitespace().count() == 2;
    let base = match org_type {
        OrgType::Municipality => {
            let size = match rank {
                Some(r) if r < 10 => 5,
                Some(r) if r < LARGE_MUNICIPALITIES => 4,
                _ => 3,
            };
            // A municipal unit (its food service, say) is less than the whole.
            if whole { size } else { size - 2 }
        }
        OrgType::Other => 5,
        OrgType::JointAuthority | OrgType::Agency => 3,
        OrgType::ServiceCentre => 2,
        OrgType::LimitedCompany | OrgType::Foundation | OrgType::Association => 1,
    };
    // Some spread within a kind, from the business ID's digits.
    let digits: u32 = business_id.bytes().filter(u8::is_ascii_digit).map(|b| u32::from(b - b'0')).sum();
    let spread = [0, 0, 1, -1][(digits % 4) as usize];
    (base + spread).clamp(1, 5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_cities_weigh_more_than_small_companies() {
        let helsinki = weight(OrgType::Municipality, "Helsingin kaupunki", "0201256-6");
        let company = weight(OrgType::LimitedCompany, "Pikkuyritys Oy", "0201256-6");
        assert!(helsinki >= 4 && company <= 2, "{helsinki} {company}");
        let unit = weight(OrgType::Municipality, "Helsingin kaupungin ruokapalvelut", "0201256-6");
        assert!(unit < helsinki);
        for t in OrgType::ALL {
            for id in ["0201256-6", "1234567-1", "9999999-9", ""] {
                assert!((1..=5).contains(&weight(t, "Nimi", id)));
            }
        }
    }
}
