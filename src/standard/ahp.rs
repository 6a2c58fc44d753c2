//! The analytic hierarchy process (SPEC §6): a sibling set's weights from a
//! matrix of pairwise judgements, and how consistent the judgements are.

/// Saaty's random indices RI(n) for n = 1…15: the mean consistency index of
/// random reciprocal matrices, against which a matrix's CI is judged.
const RANDOM_INDEX: [f64; 15] = [
    0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
];

/// The most members an AHP set may have: the random indices stop at 15.
pub(crate) const MOST_MEMBERS: usize = RANDOM_INDEX.len();

/// Weights derived from a judgement matrix, with its consistency.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Derived {
    /// The principal eigenvector, normalised to sum 1.
    pub(crate) weights: Vec<f64>,
    /// Its eigenvalue, λmax.
    pub(crate) lambda_max: f64,
    /// CI = (λmax − n) / (n − 1); 0 for n ≤ 2.
    pub(crate) ci: f64,
    /// CR = CI / RI(n); 0 for n ≤ 2.
    pub(crate) cr: f64,
}

/// Derives the weights of a square matrix of positive judgements with at
/// most [`MOST_MEMBERS`] rows, by power iteration: a positive matrix has one
/// positive principal eigenvector (Perron–Frobenius), and the iteration
/// converges to it from the uniform vector.
pub(crate) fn derive(matrix: &[Vec<f64>]) -> Derived {
    let n = matrix.len();
    if n == 0 {
        return Derived {
            weights: Vec::new(),
            lambda_max: 0.0,
            ci: 0.0,
            cr: 0.0,
        };
    }
    let times = |w: &[f64]| -> Vec<f64> {
        matrix
            .iter()
            .map(|row| row.iter().zip(w).map(|(a, w)| a * w).sum())
            .collect()
    };
    let mut weights = vec![1.0 / n as f64; n];
    for _ in 0..10_000 {
        let product = times(&weights);
        let sum: f64 = product.iter().sum();
        let next: Vec<f64> = product.iter().map(|p| p / sum).collect();
        let change = next
            .iter()
            .zip(&weights)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        weights = next;
        if change <= 1e-15 {
            break;
        }
    }
    // With the weights summing to 1, λmax is the sum of A·w.
    let lambda_max: f64 = times(&weights).iter().sum();
    let (ci, cr) = if n <= 2 {
        (0.0, 0.0)
    } else {
        let ci = (lambda_max - n as f64) / (n as f64 - 1.0);
        (ci, ci / RANDOM_INDEX[n.min(MOST_MEMBERS) - 1])
    };
    Derived {
        weights,
        lambda_max,
        ci,
        cr,
    }
}

/// The judgement that disagrees most with the derived weights: the entry
/// above the diagonal whose a_ij is furthest, as a ratio either way, from
/// w_i / w_j. The one to revise first when CR is too high.
pub(crate) fn worst_judgement(matrix: &[Vec<f64>], weights: &[f64]) -> Option<(usize, usize)> {
    let mut worst = None;
    let mut worst_distance = 0.0;
    for (i, row) in matrix.iter().enumerate() {
        for (j, &judged) in row.iter().enumerate().skip(i + 1) {
            let distance = (judged * weights[j] / weights[i]).ln().abs();
            if distance > worst_distance {
                worst_distance = distance;
                worst = Some((i, j));
            }
        }
    }
    worst
}

/// A judgement as written in a matrix string: a number (`3`, `0.5`) or a
/// ratio `a/b` of two numbers. `None` when it is neither, or not positive.
pub(crate) fn judgement(text: &str) -> Option<f64> {
    let value = match text.split_once('/') {
        Some((a, b)) => {
            let (a, b) = (parse(a)?, parse(b)?);
            if b == 0.0 {
                return None;
            }
            a / b
        }
        None => parse(text)?,
    };
    (value > 0.0 && value.is_finite()).then_some(value)
}

fn parse(text: &str) -> Option<f64> {
    crate::number::parse_number(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, within: f64) -> bool {
        (a - b).abs() <= within
    }

    #[test]
    fn a_consistent_matrix_gives_its_exact_weights_and_cr_zero() {
        // Built from w = (0.5, 0.3, 0.2): a_ij = w_i / w_j, so the
        // eigenvector is w exactly and λmax = n.
        let w = [0.5, 0.3, 0.2];
        let matrix: Vec<Vec<f64>> = w
            .iter()
            .map(|a| w.iter().map(|b| a / b).collect())
            .collect();
        let derived = derive(&matrix);
        for (got, want) in derived.weights.iter().zip(w) {
            assert!(close(*got, want, 1e-12), "{:?}", derived.weights);
        }
        assert!(close(derived.lambda_max, 3.0, 1e-12));
        assert!(close(derived.cr, 0.0, 1e-12));
    }

    #[test]
    fn a_consistent_four_by_four_with_ratios_of_whole_numbers() {
        // w ∝ (4, 2, 1, 1): weights 0.5, 0.25, 0.125, 0.125.
        let matrix = vec![
            vec![1.0, 2.0, 4.0, 4.0],
            vec![0.5, 1.0, 2.0, 2.0],
            vec![0.25, 0.5, 1.0, 1.0],
            vec![0.25, 0.5, 1.0, 1.0],
        ];
        let derived = derive(&matrix);
        let want = [0.5, 0.25, 0.125, 0.125];
        for (got, want) in derived.weights.iter().zip(want) {
            assert!(close(*got, want, 1e-12), "{:?}", derived.weights);
        }
        assert!(close(derived.lambda_max, 4.0, 1e-12));
    }

    #[test]
    fn two_members_are_always_consistent() {
        let derived = derive(&[vec![1.0, 3.0], vec![1.0 / 3.0, 1.0]]);
        assert!(close(derived.weights[0], 0.75, 1e-12));
        assert_eq!((derived.ci, derived.cr), (0.0, 0.0));
    }

    #[test]
    fn a_circular_judgement_is_found_and_named() {
        // knowledge ≻ insight ≻ results ≻ knowledge, each 3 to 1: the
        // weights are equal and every judgement is 3× off; λmax = 1 + 3 + 1/3
        // = 4.333…, CI = 0.6667, CR = 1.149.
        let third = 1.0 / 3.0;
        let matrix = vec![
            vec![1.0, 3.0, third],
            vec![third, 1.0, 3.0],
            vec![3.0, third, 1.0],
        ];
        let derived = derive(&matrix);
        assert!(close(derived.lambda_max, 13.0 / 3.0, 1e-9));
        assert!(close(derived.cr, (2.0 / 3.0) / 0.58, 1e-9));
        assert!(worst_judgement(&matrix, &derived.weights).is_some());
    }

    #[test]
    fn the_worst_judgement_is_the_one_most_off_the_weights() {
        // Consistent with (0.4, 0.3, 0.2, 0.1) except a_14, judged 1/4
        // where the weights say 4: the judgement reversed. (In a 3 × 3 every
        // judgement is equally far from the eigenvector, so it takes four.)
        let w = [0.4, 0.3, 0.2, 0.1];
        let mut matrix: Vec<Vec<f64>> = w
            .iter()
            .map(|a| w.iter().map(|b| a / b).collect())
            .collect();
        matrix[0][3] = 0.25;
        matrix[3][0] = 4.0;
        let derived = derive(&matrix);
        assert_eq!(worst_judgement(&matrix, &derived.weights), Some((0, 3)));
    }

    /// A matrix from its upper triangle written as in the sources, reciprocals below.
    fn matrix(rows: &[&[f64]]) -> Vec<Vec<f64>> {
        let n = rows.len();
        let mut matrix = vec![vec![1.0; n]; n];
        for (i, row) in rows.iter().enumerate() {
            for (j, &value) in row.iter().enumerate() {
                matrix[i][j] = value;
            }
        }
        matrix
    }

    fn assert_weights(derived: &Derived, published: &[f64], within: f64) {
        for (got, want) in derived.weights.iter().zip(published) {
            assert!(
                close(*got, *want, within),
                "{:?} against {published:?}",
                derived.weights
            );
        }
    }

    #[test]
    fn saaty_2008_drink_consumption() {
        // T. L. Saaty, "Decision making with the analytic hierarchy process",
        // Int. J. Services Sciences 1(1), 2008, pp. 83–98: relative drink
        // consumption in the US (coffee, wine, tea, beer, sodas, milk,
        // water), principal eigenvector, priorities printed to 3 decimals.
        let m = matrix(&[
            &[1.0, 9.0, 5.0, 2.0, 1.0, 1.0, 0.5],
            &[
                1.0 / 9.0,
                1.0,
                1.0 / 3.0,
                1.0 / 9.0,
                1.0 / 9.0,
                1.0 / 9.0,
                1.0 / 9.0,
            ],
            &[0.2, 3.0, 1.0, 1.0 / 3.0, 0.25, 1.0 / 3.0, 1.0 / 9.0],
            &[0.5, 9.0, 3.0, 1.0, 0.5, 1.0, 1.0 / 3.0],
            &[1.0, 9.0, 4.0, 2.0, 1.0, 2.0, 0.5],
            &[1.0, 9.0, 3.0, 1.0, 0.5, 1.0, 1.0 / 3.0],
            &[2.0, 9.0, 9.0, 3.0, 2.0, 3.0, 1.0],
        ]);
        let derived = derive(&m);
        assert_weights(
            &derived,
            &[0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327],
            0.0005,
        );
        assert!(close(derived.cr, 0.022, 0.0005), "{}", derived.cr);
    }

    #[test]
    fn wikipedia_leader_example_criteria() {
        // "Analytic hierarchy process – leader example", Wikipedia (the
        // criteria experience, education, charisma, age). Its priorities,
        // .547 .127 .270 .056, come from an approximate online calculator,
        // so they agree with the eigenvector to 0.001.
        let m = matrix(&[
            &[1.0, 4.0, 3.0, 7.0],
            &[0.25, 1.0, 1.0 / 3.0, 3.0],
            &[1.0 / 3.0, 3.0, 1.0, 5.0],
            &[1.0 / 7.0, 1.0 / 3.0, 0.2, 1.0],
        ]);
        let derived = derive(&m);
        assert_weights(&derived, &[0.547, 0.127, 0.270, 0.056], 0.001);
        assert!(derived.cr < 0.10);
    }

    #[test]
    fn saaty_1990_choosing_a_house() {
        // T. L. Saaty, "How to make a decision: the analytic hierarchy
        // process", European Journal of Operational Research 48 (1990) 9–26,
        // the house example: eight criteria (size, transportation,
        // neighbourhood, age, yard, modern facilities, condition, financing),
        // λmax 9.669, CI 0.238, CR 0.169 — inconsistent, above 0.10.
        let m = matrix(&[
            &[1.0, 5.0, 3.0, 7.0, 6.0, 6.0, 1.0 / 3.0, 0.25],
            &[0.2, 1.0, 1.0 / 3.0, 5.0, 3.0, 3.0, 0.2, 1.0 / 7.0],
            &[1.0 / 3.0, 3.0, 1.0, 6.0, 3.0, 4.0, 6.0, 0.2],
            &[
                1.0 / 7.0,
                0.2,
                1.0 / 6.0,
                1.0,
                1.0 / 3.0,
                0.25,
                1.0 / 7.0,
                0.125,
            ],
            &[
                1.0 / 6.0,
                1.0 / 3.0,
                1.0 / 3.0,
                3.0,
                1.0,
                0.5,
                0.2,
                1.0 / 6.0,
            ],
            &[1.0 / 6.0, 1.0 / 3.0, 0.25, 4.0, 2.0, 1.0, 0.2, 1.0 / 6.0],
            &[3.0, 5.0, 1.0 / 6.0, 7.0, 5.0, 5.0, 1.0, 0.5],
            &[4.0, 7.0, 5.0, 8.0, 6.0, 6.0, 2.0, 1.0],
        ]);
        let derived = derive(&m);
        assert_weights(
            &derived,
            &[0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333],
            0.0005,
        );
        assert!(
            close(derived.lambda_max, 9.669, 0.0005),
            "{}",
            derived.lambda_max
        );
        assert!(close(derived.ci, 0.238, 0.0005));
        assert!(close(derived.cr, 0.169, 0.0005));
        // The same paper's 3 × 3 of the houses on size: CR 0.117.
        let size = derive(&matrix(&[
            &[1.0, 6.0, 8.0],
            &[1.0 / 6.0, 1.0, 4.0],
            &[0.125, 0.25, 1.0],
        ]));
        assert_weights(&size, &[0.754, 0.181, 0.065], 0.0005);
        assert!(close(size.lambda_max, 3.136, 0.0005) && close(size.cr, 0.117, 0.0005));
    }

    #[test]
    fn judgements_as_written() {
        assert_eq!(judgement("3"), Some(3.0));
        assert_eq!(judgement("1/3"), Some(1.0 / 3.0));
        assert_eq!(judgement(" 2 / 4 "), Some(0.5));
        assert_eq!(judgement("0.33"), Some(0.33));
        assert_eq!(judgement("1/0"), None);
        assert_eq!(judgement("-2"), None);
        assert_eq!(judgement("0"), None);
        assert_eq!(judgement("three"), None);
        assert_eq!(judgement("1e3"), None);
    }
}
