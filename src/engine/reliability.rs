//! How far raters agree (issue 8): Krippendorff's alpha with the interval
//! metric, computed from per-unit sums so that a national quarter's ratings
//! stream through it.
//!
//! alpha = 1 − D_o / D_e, where D_o is the mean squared difference between
//! values of the same unit (each unit's pairs weighted 1 / (m_u − 1)) and
//! D_e the mean squared difference between any two pairable values. Units
//! with fewer than two values are not pairable and are left out.

/// Krippendorff's thresholds: alpha below this is flagged unreliable.
pub(crate) const ALPHA_TENTATIVE: f64 = 0.667;
/// At or above this, reliable.
pub(crate) const ALPHA_RELIABLE: f64 = 0.800;

/// Accumulates units of values and gives interval alpha.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct IntervalAlpha {
    /// Pairable values: n.
    values: f64,
    sum: f64,
    sum_of_squares: f64,
    /// Σ_u (Σ_{i≠j} (v_i − v_j)²) / (m_u − 1).
    within: f64,
}

impl IntervalAlpha {
    /// Adds one unit: the values its raters gave (missing ones left out),
    /// summed in ascending order (it sorts them), so that neither the order
    /// of the rows nor how raters are numbered moves the last bit.
    pub(crate) fn add_unit(&mut self, values: &mut [f64]) {
        let m = values.len();
        if m < 2 {
            return;
        }
        values.sort_unstable_by(f64::total_cmp);
        let sum: f64 = values.iter().sum();
        let squares: f64 = values.iter().map(|v| v * v).sum();
        // Σ_{i≠j} (v_i − v_j)² = 2 m Σv² − 2 (Σv)².
        let pairs = 2.0 * m as f64 * squares - 2.0 * sum * sum;
        self.within += pairs / (m as f64 - 1.0);
        self.values += m as f64;
        self.sum += sum;
        self.sum_of_squares += squares;
    }

    /// How many pairable values there were.
    pub(crate) fn pairable(&self) -> u64 {
        self.values as u64
    }

    /// Alpha, when there are pairable values that differ at all.
    pub(crate) fn alpha(&self) -> Option<f64> {
        let n = self.values;
        if n < 2.0 {
            return None;
        }
        let observed = self.within / n;
        let expected =
            (2.0 * n * self.sum_of_squares - 2.0 * self.sum * self.sum) / (n * (n - 1.0));
        (expected > 0.0).then(|| 1.0 - observed / expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn krippendorffs_worked_example() {
        // K. Krippendorff, "Computing Krippendorff's Alpha-Reliability"
        // (2011), the example with four coders, twelve units and missing
        // values: interval alpha = 0.849.
        const NA: f64 = f64::NAN;
        let coders = [
            [1.0, 2.0, 3.0, 3.0, 2.0, 1.0, 4.0, 1.0, 2.0, NA, NA, NA],
            [1.0, 2.0, 3.0, 3.0, 2.0, 2.0, 4.0, 1.0, 2.0, 5.0, NA, 3.0],
            [NA, 3.0, 3.0, 3.0, 2.0, 3.0, 4.0, 2.0, 2.0, 5.0, 1.0, NA],
            [1.0, 2.0, 3.0, 3.0, 2.0, 4.0, 4.0, 1.0, 2.0, 5.0, 1.0, NA],
        ];
        let mut alpha = IntervalAlpha::default();
        for unit in 0..12 {
            let mut values: Vec<f64> = coders
                .iter()
                .map(|c| c[unit])
                .filter(|v| !v.is_nan())
                .collect();
            alpha.add_unit(&mut values);
        }
        // Unit 12 has one value: not pairable. 40 values are.
        assert_eq!(alpha.pairable(), 40);
        let value = alpha.alpha().expect("an alpha");
        assert!((value - 0.849).abs() < 0.0005, "{value}");
    }

    #[test]
    fn the_order_of_a_units_values_does_not_matter() {
        // 0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 differ in the last bit.
        let (mut one, mut other) = (IntervalAlpha::default(), IntervalAlpha::default());
        one.add_unit(&mut [0.1, 0.2, 0.3]);
        other.add_unit(&mut [0.3, 0.2, 0.1]);
        assert_eq!(one.sum.to_bits(), other.sum.to_bits());
        assert_eq!(one.within.to_bits(), other.within.to_bits());
        assert_eq!(one.alpha(), other.alpha());
    }

    #[test]
    fn perfect_agreement_is_one_and_no_variation_is_undefined() {
        let mut alpha = IntervalAlpha::default();
        alpha.add_unit(&mut [1.0, 1.0]);
        alpha.add_unit(&mut [4.0, 4.0, 4.0]);
        assert_eq!(alpha.alpha(), Some(1.0));
        let mut same = IntervalAlpha::default();
        same.add_unit(&mut [3.0, 3.0]);
        assert_eq!(same.alpha(), None);
        assert_eq!(IntervalAlpha::default().alpha(), None);
    }
}
