//! The coverage policy of SPEC §2 over counts the store reads: which
//! managers get a row of the managers × segments matrix, which segments
//! each lacks, and which segments only one manager holds. No I/O.

use serde::Serialize;
use std::collections::BTreeMap;

use crate::Role;

/// A segment and how many customers it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentCount {
    pub segment_id: i64,
    pub name: String,
    pub customers: i64,
}

/// How many customers of one workload weight a manager (or nobody) holds
/// in one segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoldingCount {
    pub manager_id: Option<i64>,
    pub segment_id: i64,
    pub workload_weight: i64,
    pub customers: i64,
}

/// Someone who holds customers or may hold one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
    pub active: bool,
    pub role: Role,
}

/// What the matrix is computed from, read in one snapshot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// In column order.
    pub segments: Vec<SegmentCount>,
    pub holdings: Vec<HoldingCount>,
    /// In row order.
    pub people: Vec<Candidate>,
    /// Customers each person deputises for, by person id.
    pub deputy_for: BTreeMap<i64, i64>,
}

/// One manager's row of the coverage matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagerRow {
    pub manager_id: i64,
    pub name: String,
    pub active: bool,
    /// Customers per segment, in the order of the coverage's `segments`.
    pub counts: Vec<i64>,
    pub total: i64,
    /// The sum of the workload weights of those customers, per segment.
    pub workloads: Vec<i64>,
    pub workload: i64,
    /// Customers this person deputises for.
    pub deputy_for: i64,
    /// Segment ids (of segments with customers) this manager holds none of.
    pub lacking: Vec<i64>,
}

/// A segment (column) of the coverage matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SegmentColumn {
    pub segment_id: i64,
    pub name: String,
    pub customers: i64,
    /// The sum of its customers' workload weights.
    pub workload: i64,
    /// Managers holding at least one customer of the segment.
    pub holders: i64,
}

/// Managers × segments, and what the policy finds wanting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    pub segments: Vec<SegmentColumn>,
    pub managers: Vec<ManagerRow>,
    pub customers: i64,
    pub workload: i64,
    /// Customers without a manager (or in a segment the counts do not list).
    pub unassigned: i64,
    /// Segments with customers that only one manager holds.
    pub single_holder_segments: Vec<i64>,
}

/// Per manager: customers and workload per segment column.
type Cells = BTreeMap<i64, (Vec<i64>, Vec<i64>)>;

/// Builds the matrix. Rows go to those who hold customers and to active
/// partnership managers who do not yet (a new manager shows empty).
pub fn matrix(counts: &Counts) -> Matrix {
    let mut segments: Vec<SegmentColumn> = counts
        .segments
        .iter()
        .map(|s| SegmentColumn {
            segment_id: s.segment_id,
            name: s.name.clone(),
            customers: s.customers,
            workload: 0,
            holders: 0,
        })
        .collect();
    let (mut cells, unassigned) = cells(&counts.holdings, &mut segments);
    let width = segments.len();
    let mut managers = Vec::new();
    for p in &counts.people {
        let cell = cells.remove(&p.id);
        if cell.is_none() && !(p.active && p.role == Role::PartnershipManager) {
            continue;
        }
        let (counts_row, workloads) = cell.unwrap_or_else(|| (vec![0; width], vec![0; width]));
        let lacking = segments
            .iter()
            .zip(&counts_row)
            .filter(|(s, n)| s.customers > 0 && **n == 0)
            .map(|(s, _)| s.segment_id)
            .collect();
        managers.push(ManagerRow {
            manager_id: p.id,
            name: p.name.clone(),
            active: p.active,
            total: counts_row.iter().sum(),
            workload: workloads.iter().sum(),
            counts: counts_row,
            workloads,
            deputy_for: counts.deputy_for.get(&p.id).copied().unwrap_or(0),
            lacking,
        });
    }
    for (i, s) in segments.iter_mut().enumerate() {
        s.holders = managers.iter().filter(|m| m.counts[i] > 0).count() as i64;
    }
    Matrix {
        single_holder_segments: segments.iter().filter(|s| s.holders == 1).map(|s| s.segment_id).collect(),
        customers: segments.iter().map(|s| s.customers).sum(),
        workload: segments.iter().map(|s| s.workload).sum(),
        segments,
        managers,
        unassigned,
    }
}

/// Sums the holdings into cells per manager and workloads per segment;
/// returns the cells and the customers no cell takes.
fn cells(holdings: &[HoldingCount], segments: &mut [SegmentColumn]) -> (Cells, i64) {
    let column: BTreeMap<i64, usize> = segments.iter().enumerate().map(|(i, s)| (s.segment_id, i)).collect();
    let width = segments.len();
    let mut cells = Cells::new();
    let mut unassigned = 0;
    for h in holdings {
        let weighed = h.customers * h.workload_weight;
        match (h.manager_id, column.get(&h.segment_id)) {
            (Some(m), Some(&i)) => {
                segments[i].workload += weighed;
                let cell = cells.entry(m).or_insert_with(|| (vec![0; width], vec![0; width]));
                cell.0[i] += h.customers;
                cell.1[i] += weighed;
            }
            (None, Some(&i)) => {
                segments[i].workload += weighed;
                unassigned += h.customers;
            }
            (_, None) => unassigned += h.customers,
        }
    }
    (cells, unassigned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(segment_id: i64, customers: i64) -> SegmentCount {
        SegmentCount { segment_id, name: format!("S{segment_id}"), customers }
    }

    fn held(manager_id: Option<i64>, segment_id: i64, workload_weight: i64, customers: i64) -> HoldingCount {
        HoldingCount { manager_id, segment_id, workload_weight, customers }
    }

    fn person(id: i64, active: bool, role: Role) -> Candidate {
        Candidate { id, name: format!("P{id}"), active, role }
    }

    #[test]
    fn rows_go_to_holders_and_to_active_partnership_managers() {
        let counts = Counts {
            segments: vec![segment(1, 3)],
            holdings: vec![held(Some(10), 1, 1, 3)],
            people: vec![
                person(10, false, Role::UnitHead),
                person(11, true, Role::PartnershipManager),
                person(12, false, Role::PartnershipManager),
                person(13, true, Role::UnitHead),
            ],
            deputy_for: BTreeMap::from([(13, 2)]),
        };
        let m = matrix(&counts);
        let rows: Vec<i64> = m.managers.iter().map(|r| r.manager_id).collect();
        assert_eq!(rows, [10, 11], "a holder, whatever their role, and an active manager holding none");
        assert_eq!(m.managers[1].counts, [0]);
        assert_eq!(m.managers[1].lacking, [1]);
    }

    #[test]
    fn lacking_segments_are_those_with_customers_the_manager_holds_none_of() {
        let counts = Counts {
            segments: vec![segment(1, 2), segment(2, 1), segment(3, 0)],
            holdings: vec![held(Some(10), 1, 1, 1), held(Some(11), 1, 1, 1), held(Some(11), 2, 1, 1)],
            people: vec![person(10, true, Role::PartnershipManager), person(11, true, Role::PartnershipManager)],
            deputy_for: BTreeMap::new(),
        };
        let m = matrix(&counts);
        assert_eq!(m.managers[0].lacking, [2], "an empty segment is never lacking");
        assert!(m.managers[1].lacking.is_empty());
        assert_eq!(m.single_holder_segments, [2]);
        assert_eq!(m.segments.iter().map(|s| s.holders).collect::<Vec<_>>(), [2, 1, 0]);
    }

    #[test]
    fn workloads_weigh_customers_and_unassigned_ones_count_apart() {
        let counts = Counts {
            segments: vec![segment(1, 4)],
            holdings: vec![held(Some(10), 1, 3, 2), held(Some(10), 1, 1, 1), held(None, 1, 5, 1)],
            people: vec![person(10, true, Role::PartnershipManager)],
            deputy_for: BTreeMap::from([(10, 7)]),
        };
        let m = matrix(&counts);
        let row = &m.managers[0];
        assert_eq!((row.total, row.workload, row.workloads.clone(), row.deputy_for), (3, 7, vec![7], 7));
        assert_eq!((m.customers, m.workload, m.unassigned), (4, 12, 1));
        assert_eq!(m.segments[0].workload, 12, "the segment's workload includes its unassigned customers");
    }

    #[test]
    fn no_people_no_rows() {
        let m = matrix(&Counts::default());
        assert!(m.managers.is_empty() && m.segments.is_empty());
        assert_eq!((m.customers, m.workload, m.unassigned), (0, 0, 0));
    }
}
