//! JSON documents that are not a listing of cells: `explain.rs`, the
//! record of one manager's computation.

pub(crate) mod explain;

use serde_json::Value;

use crate::number::format_score;

/// A 0–100 score as a JSON number with exactly `precision` decimals.
pub(crate) fn score_value(score: Option<f64>, precision: u32) -> Value {
    score
        .and_then(|s| {
            format_score(s, precision)
                .parse::<serde_json::Number>()
                .ok()
        })
        .map_or(Value::Null, Value::Number)
}
