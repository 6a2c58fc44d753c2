//! Self versus others (SPEC §8): a manager's own ratings (role `self`, never
//! weighted) against the others' role-weighted value, on the rating scale,
//! per indicator and per competency.

use serde_json::{Value, json};

use crate::engine::score::{rating_value, self_rating};
use crate::evidence::Evidence;
use crate::number::{round_score, shown_value};
use crate::standard::Standard;

/// What a self-versus-others gap is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Subject {
    Indicator(usize),
    Competency(usize),
}

/// One gap: self minus others, in scale points.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SelfGap {
    pub subject: Subject,
    pub self_value: f64,
    pub others: f64,
    pub gap: f64,
}

/// A gap at or beyond the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flag {
    /// Self above others by at least the threshold.
    BlindSpot,
    /// Self below others by at least the threshold.
    HiddenStrength,
}

impl Flag {
    pub(crate) fn id(self) -> &'static str {
        match self {
            Flag::BlindSpot => "blind spot",
            Flag::HiddenStrength => "hidden strength",
        }
    }
}

impl std::fmt::Display for Flag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl SelfGap {
    pub(crate) fn id<'a>(&self, standard: &'a Standard) -> &'a str {
        match self.subject {
            Subject::Indicator(indicator) => &standard.indicators[indicator].id,
            Subject::Competency(competency) => &standard.competencies[competency].id,
        }
    }

    pub(crate) fn flag(&self, standard: &Standard) -> Option<Flag> {
        let threshold = standard.ratings.gap_threshold;
        let gap = self.gap;
        if gap >= threshold {
            Some(Flag::BlindSpot)
        } else if gap <= -threshold {
            Some(Flag::HiddenStrength)
        } else {
            None
        }
    }
}

/// A manager's gaps: indicators with both a self-rating and the others'
/// value, and competencies over those indicators.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SelfGaps {
    pub indicators: Vec<SelfGap>,
    pub competencies: Vec<SelfGap>,
}

/// The gaps of one manager. A competency's self and others values are the
/// means of its indicators' values, weighted by the indicator weights
/// renormalised over the indicators that have both.
pub(crate) fn self_gaps(standard: &Standard, evidence: &Evidence, manager: usize) -> SelfGaps {
    let mut gaps = SelfGaps::default();
    for (c, competency) in standard.competencies.iter().enumerate() {
        let (mut self_sum, mut others_sum, mut weights) = (0.0, 0.0, 0.0);
        for &indicator in &competency.indicators {
            if !standard.indicators[indicator].ratings {
                continue;
            }
            let own = self_rating(standard, evidence, manager, indicator);
            let others = rating_value(standard, evidence, manager, indicator);
            if let (Some(own), Some(others)) = (own, others) {
                gaps.indicators.push(SelfGap {
                    subject: Subject::Indicator(indicator),
                    self_value: own,
                    others,
                    gap: shown_gap(own, others),
                });
                let weight = standard.indicators[indicator].weight;
                self_sum += weight * own;
                others_sum += weight * others;
                weights += weight;
            }
        }
        if weights > 0.0 {
            let (own, others) = (self_sum / weights, others_sum / weights);
            gaps.competencies.push(SelfGap {
                subject: Subject::Competency(c),
                self_value: own,
                others,
                gap: shown_gap(own, others),
            });
        }
    }
    gaps
}

/// Self minus others, to the 2 decimals it is shown with: the flag is
/// judged on what is shown (so 4.2 − 3.2 is a whole scale point).
fn shown_gap(own: f64, others: f64) -> f64 {
    round_score(own - others, 2)
}

impl SelfGaps {
    /// The `self_gap` section of the JSON outputs.
    pub(crate) fn json(&self, standard: &Standard) -> Value {
        let list = |gaps: &[SelfGap]| -> Vec<Value> {
            gaps.iter()
                .map(|gap| {
                    json!({
                        "id": gap.id(standard),
                        "self": shown_value(gap.self_value),
                        "others": shown_value(gap.others),
                        "gap": shown_value(gap.gap),
                        "flag": gap.flag(standard).map(Flag::id),
                    })
                })
                .collect()
        };
        json!({
            "threshold": standard.ratings.gap_threshold,
            "indicators": list(&self.indicators),
            "competencies": list(&self.competencies),
        })
    }
}
