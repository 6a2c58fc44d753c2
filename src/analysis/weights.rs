//! `ladder weights`: the effective weights of a standard — each member's
//! weight within its set, and its share of the composite through each method
//! (SPEC §3, §6).

use crate::standard::{Method, Standard};

/// One member of a weight set.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WeightRow {
    /// `method`, `role`, `competency` or `indicator`.
    pub(crate) level: &'static str,
    pub(crate) id: String,
    /// The set it belongs to: `methods`, `roles`, `competencies`, or the
    /// competency of an indicator.
    pub(crate) set: String,
    /// Its weight within the set (normalised).
    pub(crate) weight: f64,
    /// Its share of the composite through each method (`Method::index`);
    /// `None` for roles, which weigh within an indicator's ratings.
    pub(crate) through: Option<[f64; 4]>,
}

impl WeightRow {
    /// Its whole share of the composite.
    pub(crate) fn share(&self) -> Option<f64> {
        self.through.map(|through| through.iter().sum())
    }
}

/// The share of the composite an indicator carries through `method`: the
/// method's weight times the indicator's part of S_m, its global weight over
/// the global weights of every indicator the method measures.
fn indicator_share(standard: &Standard, indicator: usize, method: Method) -> f64 {
    if !standard.measures(indicator, method) {
        return 0.0;
    }
    let measured: f64 = (0..standard.indicators.len())
        .filter(|&i| standard.measures(i, method))
        .map(|i| standard.global_weight(i))
        .sum();
    standard.method_weight(method) * standard.global_weight(indicator) / measured
}

/// Every weight of the standard: methods, roles, then each competency
/// followed by its indicators.
pub(crate) fn effective_weights(standard: &Standard) -> Vec<WeightRow> {
    let mut rows = Vec::new();
    for method in standard.methods_in_use() {
        let mut through = [0.0; 4];
        through[method.index()] = standard.method_weight(method);
        rows.push(WeightRow {
            level: "method",
            id: method.id().to_string(),
            set: "methods".to_string(),
            weight: standard.method_weight(method),
            through: Some(through),
        });
    }
    if standard.method_weight(Method::Ratings) > 0.0 {
        for role in &standard.ratings.roles {
            rows.push(WeightRow {
                level: "role",
                id: role.id.clone(),
                set: "roles".to_string(),
                weight: role.weight,
                through: None,
            });
        }
    }
    for competency in &standard.competencies {
        let mut competency_through = [0.0; 4];
        let mut indicator_rows = Vec::new();
        for &indicator in &competency.indicators {
            let mut through = [0.0; 4];
            for method in standard.methods_in_use() {
                through[method.index()] = indicator_share(standard, indicator, method);
                competency_through[method.index()] += through[method.index()];
            }
            indicator_rows.push(WeightRow {
                level: "indicator",
                id: standard.indicators[indicator].id.clone(),
                set: competency.id.clone(),
                weight: standard.indicators[indicator].weight,
                through: Some(through),
            });
        }
        rows.push(WeightRow {
            level: "competency",
            id: competency.id.clone(),
            set: "competencies".to_string(),
            weight: competency.weight,
            through: Some(competency_through),
        });
        rows.extend(indicator_rows);
    }
    rows
}
