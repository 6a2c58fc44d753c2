//! Quarter over quarter (issue 8): with `grade --previous LAST.csv`, per
//! manager, the previous tier and rank, the move and the composite's
//! change, the cap of `[movement] max_step_up`, and who has left.

use crate::engine::grade::NO_TIER;
use crate::engine::grade::{Cap, Grade, Status};
use crate::evidence::Roster;
use crate::evidence::previous::{Previous, PreviousQuarter};
use crate::number::round_score;
use crate::standard::Standard;

/// How a manager moved since the previous quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    Up,
    Down,
    Same,
    /// Not in the previous quarter.
    New,
}

impl Move {
    pub(crate) fn id(self) -> &'static str {
        match self {
            Move::Up => "up",
            Move::Down => "down",
            Move::Same => "same",
            Move::New => "new",
        }
    }
}

/// A manager's movement, as the ranking's extra columns show it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Movement {
    pub previous: Option<Previous>,
    /// `None` when the previous tier is no tier of this standard.
    pub moved: Option<Move>,
    /// The composite now minus then, rounded as scores are.
    pub composite_change: Option<f64>,
}

/// Where a tier stands, top 0; `none`, then incomplete, below every tier.
/// The tier is its id, or its name (an export written with `--labels
/// names`). `None` for a tier this standard does not have, or a name two
/// tiers share.
fn standing(standard: &Standard, tier: Option<&str>) -> Option<usize> {
    match tier {
        None => Some(standard.tiers.len() + 1),
        Some(NO_TIER) => Some(standard.tiers.len()),
        Some(label) => standard.tier_by_label(label).ok(),
    }
}

impl PreviousQuarter {
    /// Every manager's movement, by roster index.
    pub(crate) fn movements(
        &self,
        standard: &Standard,
        roster: &Roster,
        grades: &[Grade],
    ) -> Vec<Movement> {
        let by_id = self.by_id();
        let mut movements = vec![
            Movement {
                previous: None,
                moved: None,
                composite_change: None,
            };
            roster.managers.len()
        ];
        for grade in grades {
            let previous = by_id
                .get(roster.managers[grade.manager].id.as_str())
                .copied();
            let now_tier = grade.tier_id(standard);
            let composite = grade
                .scores
                .composite
                .filter(|_| grade.status == Status::Graded);
            movements[grade.manager] = match previous {
                None => Movement {
                    previous: None,
                    moved: Some(Move::New),
                    composite_change: None,
                },
                Some(previous) => {
                    let then = standing(standard, previous.tier.as_deref());
                    let now = standing(standard, now_tier);
                    let moved = then.zip(now).map(|(then, now)| match now.cmp(&then) {
                        std::cmp::Ordering::Less => Move::Up,
                        std::cmp::Ordering::Greater => Move::Down,
                        std::cmp::Ordering::Equal => Move::Same,
                    });
                    let composite_change = composite
                        .zip(previous.composite)
                        .map(|(now, then)| round_score(now - then, standard.precision));
                    Movement {
                        previous: Some(previous.clone()),
                        moved,
                        composite_change,
                    }
                }
            };
        }
        movements
    }

    /// Every manager's cap under `[movement] max_step_up`, by roster index:
    /// that many tiers above the previous tier, `none` and incomplete both
    /// counting as one step below the lowest tier. A manager new this
    /// quarter, or whose previous tier this standard does not have, has none.
    pub(crate) fn caps(&self, standard: &Standard, roster: &Roster) -> Vec<Option<Cap>> {
        let Some(step) = standard.max_step_up else {
            return Vec::new();
        };
        let by_id = self.by_id();
        roster
            .managers
            .iter()
            .map(|manager| {
                let previous = by_id.get(manager.id.as_str())?;
                let then = standing(standard, previous.tier.as_deref())?.min(standard.tiers.len());
                // A cap at the top tier, or above it, holds nobody back.
                let tier = then.checked_sub(step as usize).filter(|&tier| tier > 0)?;
                Some(Cap {
                    tier,
                    was: previous
                        .tier
                        .clone()
                        .unwrap_or_else(|| "incomplete".to_string()),
                })
            })
            .collect()
    }

    /// The managers of the previous quarter not in this roster.
    pub(crate) fn left<'a>(&'a self, roster: &Roster) -> Vec<&'a str> {
        self.managers
            .iter()
            .map(|(id, _)| id.as_str())
            .filter(|id| roster.position(id).is_none())
            .collect()
    }
}
