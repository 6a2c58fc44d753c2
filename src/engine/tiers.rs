//! A graded manager against each tier, for the outputs that say why a
//! manager holds a tier and what the next one asks: every condition met or
//! not, a quota that was full, a cap that held the manager below.

use crate::engine::grade::{Condition, Grade, Placement, conditions};
use crate::standard::Standard;

/// One tier's conditions for the manager, from the top.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TierCheck {
    pub tier: usize,
    pub conditions: Vec<Condition>,
    /// Every condition met, but the quota was full.
    pub quota_full: bool,
    /// Every condition met, but the tier is above the manager's cap.
    pub capped: bool,
    pub placed: bool,
}

/// The tier checks of one graded manager, from the top tier down.
pub(crate) fn tier_checks(
    standard: &Standard,
    grade: &Grade,
    tenure_years: Option<f64>,
) -> Vec<TierCheck> {
    standard
        .tiers
        .iter()
        .enumerate()
        .map(|(index, tier)| {
            let conditions: Vec<Condition> =
                conditions(tier, &grade.scores, tenure_years).collect();
            let placed = grade.placement == Some(Placement::Tier(index));
            let placed_below = match grade.placement {
                Some(Placement::Tier(placement)) => placement > index,
                Some(Placement::None) => true,
                None => false,
            };
            let met = conditions.iter().all(Condition::is_met);
            let capped = met && grade.capped_out_of(index);
            // Tiers are tried top-down: one met above the placement, and
            // under the cap, was full.
            let quota_full = placed_below && met && !capped;
            TierCheck {
                tier: index,
                conditions,
                quota_full,
                capped,
                placed,
            }
        })
        .collect()
}

/// The tier above a graded manager's: `None` at the top, or without tiers.
pub(crate) fn next_tier(standard: &Standard, grade: &Grade) -> Option<usize> {
    match grade.placement? {
        Placement::Tier(0) => None,
        Placement::Tier(index) => Some(index - 1),
        Placement::None => standard.tiers.len().checked_sub(1),
    }
}
