//! `ladder weights` written out: each weight as a row of cells, and the
//! AHP sets as a line (`check` prints them too) and as JSON.

use serde_json::{Value, json};

use crate::analysis::weights::WeightRow;
use crate::number::trim_number;
use crate::output::column::Column;
use crate::output::render::Cell;
use crate::standard::{Adjust, AhpSummary, Method, QuotaTies, Standard};

/// Decimals of the weights and shares `weights` shows.
const WEIGHT_DECIMALS: u32 = 4;

/// The columns of the weights table: who, then its weight within its set
/// and its share of the composite through each method in use, and in all.
pub(crate) fn weight_columns(standard: &Standard) -> Vec<Column> {
    let mut columns = vec![
        Column::text("level"),
        Column::text("id"),
        Column::text("set"),
        Column::number("weight"),
    ];
    columns.extend(standard.methods_in_use().map(|m| Column::number(m.id())));
    columns.push(Column::number("composite_share"));
    columns
}

/// A weight as a row of [`weight_columns`]; `methods` are those in use.
pub(crate) fn weight_row<'a>(row: &'a WeightRow, methods: &[Method]) -> Vec<Cell<'a>> {
    let fixed = |value: f64| Cell::Fixed(value, WEIGHT_DECIMALS);
    let mut cells = vec![
        Cell::Text(row.level),
        Cell::Text(&row.id),
        Cell::Text(&row.set),
        fixed(row.weight),
    ];
    cells.extend(methods.iter().map(|m| {
        row.through
            .map_or(Cell::Empty, |through| fixed(through[m.index()]))
    }));
    cells.push(row.share().map_or(Cell::Empty, fixed));
    cells
}

/// An AHP set in one line, as `check` and `weights` print it.
pub(crate) fn ahp_line(set: &AhpSummary) -> String {
    let members: Vec<String> = set
        .members
        .iter()
        .zip(&set.weights)
        .map(|(id, weight)| format!("{id} {weight:.4}"))
        .collect();
    format!(
        "[ahp.{}] {}; λmax {:.4}, CI {:.4}, CR {:.4} (max_cr {})",
        set.set,
        members.join(", "),
        set.lambda_max,
        set.ci,
        set.cr,
        trim_number(set.max_cr)
    )
}

/// The standard's optional judgement rules that are on, one line each, as
/// `check` and `weights` print them: KPI `bands`, and a tier's
/// `quota_ties` other than the default split.
pub(crate) fn rule_lines(standard: &Standard) -> Vec<String> {
    let mut lines = Vec::new();
    for indicator in &standard.indicators {
        if let Some(kpi) = indicator.kpi.as_ref().filter(|kpi| !kpi.bands.is_empty()) {
            lines.push(format!(
                "indicator `{}`: kpi bands {}: an attainment at or above a threshold scores its band, in place of attainment × 100",
                indicator.id,
                kpi.bands_text()
            ));
        }
    }
    let ratings = &standard.ratings;
    let adjusted = match ratings.adjust {
        Adjust::None => None,
        Adjust::Center => {
            Some("each rater's ratings of others shifted by (overall mean − the rater's mean)")
        }
        Adjust::Standardize => Some(
            "each rater's ratings of others as z-scores, mapped back with the overall mean and sd",
        ),
    };
    if let Some(meaning) = adjusted {
        lines.push(format!(
            "ratings: adjust = \"{}\": {meaning}, clamped to the scale, for raters of at least {} ratings (adjust_min) across 2 managers or more; `report --section raters` flags a shift beyond {} (adjust_flag)",
            ratings.adjust.id(),
            ratings.adjust_min,
            trim_number(ratings.adjust_flag)
        ));
    }
    for tier in &standard.tiers {
        let meaning = match tier.quota_ties {
            QuotaTies::Split => continue,
            QuotaTies::Admit => {
                "a tie at its quota line is admitted whole (the quota may be exceeded)"
            }
            QuotaTies::Flag => {
                "a tie at its quota line is split by manager_id and its members noted for calibration"
            }
        };
        lines.push(format!(
            "tier `{}`: quota_ties = \"{}\": {meaning}",
            tier.id,
            tier.quota_ties.id()
        ));
    }
    lines
}

/// The rules of [`rule_lines`] as JSON, for `weights`.
pub(crate) fn rules_json(standard: &Standard) -> Value {
    json!(rule_lines(standard))
}

/// The AHP sets as JSON.
pub(crate) fn ahp_json(standard: &Standard) -> Value {
    let sets: Vec<Value> = standard
        .ahp
        .iter()
        .map(|set| {
            let weights: serde_json::Map<String, Value> = set
                .members
                .iter()
                .zip(&set.weights)
                .map(|(id, weight)| (id.clone(), json!(weight)))
                .collect();
            json!({
                "set": set.set,
                "weights": weights,
                "lambda_max": set.lambda_max,
                "ci": set.ci,
                "cr": set.cr,
                "max_cr": set.max_cr,
            })
        })
        .collect();
    json!(sets)
}
