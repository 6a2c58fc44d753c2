//! Rater leniency correction (`[ratings] adjust`, issue 18): each rater's
//! mean (and spread) over the whole ratings file, and the adjusted value of
//! each of their ratings. Worked out once, when the quarter is read, so
//! that every reader of a rating (`grade`, `explain`, `gaps`, `report`)
//! sees the same adjusted value; the `self` role is never counted nor
//! adjusted.

use crate::number::round_significant;
use crate::standard::{Adjust, Standard};

/// One rater's ratings of others, over the whole file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RaterLeniency {
    /// Ratings given (empty cells and self ratings not counted).
    pub ratings: u32,
    /// Managers rated.
    pub managers: u32,
    /// Mean of the ratings, full precision.
    pub mean: f64,
    /// Population standard deviation of the ratings, full precision.
    pub sd: f64,
    /// Whether the rater gave `adjust_min` ratings across 2 managers or more.
    pub adjusted: bool,
}

/// The leniency table of a run: the overall mean and sd, and every rater's.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Leniency {
    pub rule: Adjust,
    /// Ratings of others in the file (graded and incomplete managers alike).
    pub ratings: u32,
    pub mean: f64,
    pub sd: f64,
    /// By rater index (see [`super::Evidence::rater_id`]).
    pub raters: Vec<RaterLeniency>,
    scale: (f64, f64),
}

/// Running sums of one rater's ratings.
#[derive(Clone)]
struct Sums {
    count: u32,
    managers: u32,
    last_manager: usize,
    sum: f64,
    min: f64,
    max: f64,
}

impl Default for Sums {
    fn default() -> Self {
        Sums {
            count: 0,
            managers: 0,
            last_manager: usize::MAX,
            sum: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

impl Leniency {
    /// The table from every (manager, rater index, value) rating of others,
    /// managers in ascending order.
    /// `ratings` is called twice: for the means, then for the spreads.
    pub(crate) fn new<I: Iterator<Item = (usize, u32, f64)>>(
        standard: &Standard,
        ratings: impl Fn() -> I,
    ) -> Leniency {
        let rules = &standard.ratings;
        let mut sums: Vec<Sums> = Vec::new();
        let mut all = Sums::default();
        for (manager, rater, value) in ratings() {
            let rater = rater as usize;
            if rater >= sums.len() {
                sums.resize(rater + 1, Sums::default());
            }
            for s in [&mut sums[rater], &mut all] {
                s.count += 1;
                s.sum += value;
                s.min = s.min.min(value);
                s.max = s.max.max(value);
                if s.last_manager != manager {
                    s.last_manager = manager;
                    s.managers += 1;
                }
            }
        }
        let mean_of = |s: &Sums| {
            if s.count == 0 {
                0.0
            } else {
                s.sum / f64::from(s.count)
            }
        };
        // The squared deviations in a second pass, from the means: no
        // cancellation, and exactly 0 for a rater who always gives one value.
        let mut squares = vec![0.0; sums.len()];
        let mut all_squares = 0.0;
        let all_mean = mean_of(&all);
        for (_, rater, value) in ratings() {
            let rater = rater as usize;
            squares[rater] += (value - mean_of(&sums[rater])).powi(2);
            all_squares += (value - all_mean).powi(2);
        }
        let sd_of = |s: &Sums, squares: f64| {
            if s.count == 0 || s.min == s.max {
                0.0
            } else {
                (squares / f64::from(s.count)).sqrt()
            }
        };
        let raters = sums
            .iter()
            .zip(&squares)
            .map(|(s, &squares)| RaterLeniency {
                ratings: s.count,
                managers: s.managers,
                mean: mean_of(s),
                sd: sd_of(s, squares),
                adjusted: rules.adjust != Adjust::None
                    && s.count >= rules.adjust_min
                    && s.managers >= 2,
            })
            .collect();
        Leniency {
            rule: rules.adjust,
            ratings: all.count,
            mean: all_mean,
            sd: sd_of(&all, all_squares),
            raters,
            scale: (standard.scale_min, standard.scale_max),
        }
    }

    /// The rater's shift, overall mean − rater's mean to 15 significant
    /// digits; `None` for a rater not adjusted.
    pub(crate) fn shift(&self, rater: u32) -> Option<f64> {
        let stats = self.raters.get(rater as usize).filter(|r| r.adjusted)?;
        Some(round_significant(self.mean - stats.mean))
    }

    /// A rating of others as scoring uses it: under `center` the raw value
    /// plus the rater's shift; under `standardize` the rater's z-score
    /// mapped back with the overall mean and sd (centred only when either
    /// sd is 0); to 15 significant digits, then clamped to the scale.
    pub(crate) fn adjust(&self, rater: u32, value: f64) -> f64 {
        let Some(stats) = self.raters.get(rater as usize).filter(|r| r.adjusted) else {
            return value;
        };
        let moved = if self.rule == Adjust::Standardize && stats.sd > 0.0 && self.sd > 0.0 {
            self.mean + self.sd * (value - stats.mean) / stats.sd
        } else {
            value + round_significant(self.mean - stats.mean)
        };
        round_significant(moved).clamp(self.scale.0, self.scale.1)
    }
}
