//! The competency standard as the engine uses it: validated, weights
//! normalised, ids resolved to indices.

use rustc_hash::FxHashMap;

use crate::number::{ExactDecimal, trim_number};

/// An assessment method. The order of `ALL` is the order of the output columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    Exam,
    Ratings,
    Interview,
    Kpi,
}

impl Method {
    pub(crate) const ALL: [Method; 4] = [
        Method::Exam,
        Method::Ratings,
        Method::Interview,
        Method::Kpi,
    ];

    pub(crate) fn id(self) -> &'static str {
        match self {
            Method::Exam => "exam",
            Method::Ratings => "ratings",
            Method::Interview => "interview",
            Method::Kpi => "kpi",
        }
    }

    pub(crate) fn from_id(id: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|method| method.id() == id)
    }

    /// Position in `ALL`, for per-method arrays.
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// What to do with a manager who lacks evidence (SPEC §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingPolicy {
    Incomplete,
    Reweight,
    Zero,
}

impl MissingPolicy {
    pub(crate) fn id(self) -> &'static str {
        match self {
            MissingPolicy::Incomplete => "incomplete",
            MissingPolicy::Reweight => "reweight",
            MissingPolicy::Zero => "zero",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KpiDirection {
    Higher,
    Lower,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KpiRule {
    pub direction: KpiDirection,
    /// Highest attainment counted, as a ratio (1.2 = 120 %).
    pub cap: f64,
    /// `bands`: (threshold, score) pairs, thresholds strictly descending,
    /// the last 0; an attainment at or above a threshold takes its 0–100
    /// score instead of attainment × 100. Empty when not given.
    pub bands: Vec<KpiBand>,
}

impl KpiRule {
    /// The band an attainment falls in: the first whose threshold it
    /// reaches, compared on the attainment rounded to 15 significant digits
    /// (SPEC §5), so that a ratio meets a threshold it equals as a decimal.
    /// `None` without bands (or, which the standard rules out by ending the
    /// bands at 0, below every threshold).
    pub(crate) fn band(&self, attainment: f64) -> Option<KpiBand> {
        let attainment = crate::number::round_significant(attainment);
        self.bands
            .iter()
            .copied()
            .find(|band| attainment >= band.threshold)
    }

    /// The bands as every output writes them: `≥ 1.2: 100, ≥ 1: 85, ≥ 0: 50`.
    pub(crate) fn bands_text(&self) -> String {
        self.bands
            .iter()
            .map(KpiBand::text)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl KpiBand {
    /// `≥ 0.8: 70`.
    pub(crate) fn text(&self) -> String {
        format!(
            "≥ {}: {}",
            trim_number(self.threshold),
            trim_number(self.score)
        )
    }
}

/// One step of a KPI's `bands`: an attainment at or above `threshold`
/// (a ratio, 1.0 = 100 %) scores `score` (0–100).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KpiBand {
    pub threshold: f64,
    pub score: f64,
}

/// An observable behaviour, measured by one or more methods.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    /// Index of its competency in `Standard::competencies`.
    pub competency: usize,
    /// Weight within its competency, normalised so the set sums to 1.
    pub weight: f64,
    /// Maximum points of the exam section that measures it.
    pub exam_max: Option<f64>,
    pub ratings: bool,
    pub interview: bool,
    pub kpi: Option<KpiRule>,
}

impl Indicator {
    /// Whether the standard says `method` measures this indicator, whatever the
    /// method's weight.
    pub(crate) fn declares(&self, method: Method) -> bool {
        match method {
            Method::Exam => self.exam_max.is_some(),
            Method::Ratings => self.ratings,
            Method::Interview => self.interview,
            Method::Kpi => self.kpi.is_some(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Competency {
    pub id: String,
    pub name: String,
    /// Weight among the competencies, normalised so the set sums to 1.
    pub weight: f64,
    /// Indices into `Standard::indicators`, in the standard's order.
    pub indicators: Vec<usize>,
}

/// A rater role of the multi-rater assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub id: String,
    /// Normalised so the roles sum to 1.
    pub weight: f64,
    /// Fewest ratings a group needs, per manager and indicator, to count.
    pub min_raters: u32,
    /// Fewest raters a group needs to be shown on its own to people (SPEC §8).
    pub report_min: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RatingRules {
    pub roles: Vec<Role>,
    /// How many highest and lowest ratings each group drops.
    pub trim: u32,
    /// Self-versus-others gap flagged, in scale points (SPEC §8).
    pub gap_threshold: f64,
    /// Rater leniency correction (`adjust`, issue 18).
    pub adjust: Adjust,
    /// Fewest ratings (across at least 2 managers) a rater needs to be adjusted.
    pub adjust_min: u32,
    /// A rater whose shift is larger than this, in scale points, is flagged
    /// in `report --section raters`.
    pub adjust_flag: f64,
}

/// `[ratings] adjust`: how each rater's leniency is corrected before any
/// mean is taken (self ratings never are).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Adjust {
    /// The ratings as given (SPEC §3).
    #[default]
    None,
    /// Each rater's ratings shifted by (overall mean − the rater's mean).
    Center,
    /// Each rater's z-scores mapped back with the overall mean and sd.
    Standardize,
}

impl Adjust {
    pub(crate) const ALL: [Adjust; 3] = [Adjust::None, Adjust::Center, Adjust::Standardize];

    pub(crate) fn id(self) -> &'static str {
        match self {
            Adjust::None => "none",
            Adjust::Center => "center",
            Adjust::Standardize => "standardize",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct InterviewRules {
    pub min_interviewers: u32,
    pub trim: u32,
}

/// What breaks a tie in composite, compared descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieBreaker {
    Method(Method),
    Competency(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    pub id: String,
    pub name: String,
    /// 0–100 score; the rounded composite must reach it.
    pub min_composite: f64,
    /// Competency floors: (competency index, 0–100 score).
    pub min_competency: Vec<(usize, f64)>,
    /// Method floors: (method, 0–100 score).
    pub min_method: Vec<(Method, f64)>,
    pub min_tenure_years: Option<f64>,
    /// Largest share of the graded managers the tier admits.
    pub max_share: Option<ExactDecimal>,
    /// What a tie at the quota line does (`quota_ties`).
    pub quota_ties: QuotaTies,
}

/// `[[tiers]] quota_ties`: what happens to managers who share a rank
/// across a tier's quota line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum QuotaTies {
    /// SPEC §5: `manager_id` order splits the tie, with a warning.
    #[default]
    Split,
    /// The whole tied block is admitted; the quota may be exceeded.
    Admit,
    /// Split as today, every member of the block noted for calibration.
    Flag,
}

impl QuotaTies {
    pub(crate) const ALL: [QuotaTies; 3] = [QuotaTies::Split, QuotaTies::Admit, QuotaTies::Flag];

    pub(crate) fn id(self) -> &'static str {
        match self {
            QuotaTies::Split => "split",
            QuotaTies::Admit => "admit",
            QuotaTies::Flag => "flag",
        }
    }
}

/// A weight set derived by AHP (SPEC §6), as `weights` and `check` show it.
#[derive(Debug, Clone, PartialEq)]
pub struct AhpSummary {
    /// `methods`, `roles`, `competencies` or `indicators.<competency id>`.
    pub set: String,
    /// The members, in the matrix's order, with their derived weights.
    pub members: Vec<String>,
    pub weights: Vec<f64>,
    pub lambda_max: f64,
    pub ci: f64,
    pub cr: f64,
    pub max_cr: f64,
}

/// The fixed columns of the quarter's files (SPEC §2), each of which
/// `[columns]` may give other names; an indicator's column may have them too.
pub(crate) const EVIDENCE_COLUMNS: [&str; 12] = [
    "manager_id",
    "name",
    "team",
    "branch",
    "tenure_years",
    "rater_id",
    "role",
    "indicator",
    "score",
    "interviewer_id",
    "actual",
    "target",
];

/// `[columns]`: the header names an HR system's export gives a column, so its
/// files are read as they are. One mapping for every file, since a column's
/// name means the same wherever it appears.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnNames {
    /// (header name, column it names), in the standard's order; header
    /// names trimmed, each given once, none a column's own name.
    pub aliases: Vec<(String, String)>,
}

impl ColumnNames {
    /// The column a header name stands for, when it is another name for one.
    pub(crate) fn column_of(&self, header: &str) -> Option<&str> {
        self.aliases
            .iter()
            .find(|(alias, _)| alias == header)
            .map(|(_, column)| column.as_str())
    }

    /// The other names of `column`, in the standard's order.
    pub(crate) fn aliases_of<'a>(&'a self, column: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.aliases
            .iter()
            .filter(move |(_, of)| of == column)
            .map(|(alias, _)| alias.as_str())
    }
}

/// A validated competency standard.
#[derive(Debug, Clone, PartialEq)]
pub struct Standard {
    pub id: String,
    pub name: String,
    pub version: String,
    /// Decimals of every judged score, 0 to 6.
    pub precision: u32,
    pub missing: MissingPolicy,
    /// The rating scale of ratings and interview.
    pub scale_min: f64,
    pub scale_max: f64,
    /// Method weights by `Method::index`, normalised; 0 for a method not used.
    pub method_weights: [f64; 4],
    pub ratings: RatingRules,
    pub interview: InterviewRules,
    pub tie_breakers: Vec<TieBreaker>,
    pub competencies: Vec<Competency>,
    pub indicators: Vec<Indicator>,
    /// Highest first.
    pub tiers: Vec<Tier>,
    /// `[movement] max_step_up`: given the previous quarter, the most tiers
    /// a manager may rise in one quarter.
    pub max_step_up: Option<u32>,
    /// The weight sets derived by AHP, in the standard's order.
    pub ahp: Vec<AhpSummary>,
    /// `[columns]`: other header names the quarter's files may use.
    pub columns: ColumnNames,
    /// Indicator ids to indices: every evidence row names one.
    pub(crate) indicator_lookup: FxHashMap<String, usize>,
}

impl Standard {
    /// The tier `label` names: the tier with that id, else the one tier with
    /// that name (as `--labels names` writes it). `Err` holds every tier of
    /// that name: none, or more than one.
    pub(crate) fn tier_by_label(&self, label: &str) -> Result<usize, Vec<usize>> {
        if let Some(index) = self.tiers.iter().position(|tier| tier.id == label) {
            return Ok(index);
        }
        let named: Vec<usize> = (0..self.tiers.len())
            .filter(|&index| self.tiers[index].name == label)
            .collect();
        match named.as_slice() {
            [index] => Ok(*index),
            _ => Err(named),
        }
    }

    pub(crate) fn method_weight(&self, method: Method) -> f64 {
        self.method_weights[method.index()]
    }

    /// Methods with a weight above 0, in output order.
    pub(crate) fn methods_in_use(&self) -> impl Iterator<Item = Method> + '_ {
        Method::ALL
            .into_iter()
            .filter(|&method| self.method_weight(method) > 0.0)
    }

    /// Whether `method` is in use and measures the indicator.
    pub(crate) fn measures(&self, indicator: usize, method: Method) -> bool {
        self.method_weight(method) > 0.0 && self.indicators[indicator].declares(method)
    }

    /// The indicators a method in use measures, in the standard's order.
    pub fn indicators_of(&self, method: Method) -> Vec<usize> {
        (0..self.indicators.len())
            .filter(|&indicator| self.measures(indicator, method))
            .collect()
    }

    /// Competency weight × indicator weight: the indicator's weight within a
    /// method score (SPEC §3).
    pub(crate) fn global_weight(&self, indicator: usize) -> f64 {
        let indicator = &self.indicators[indicator];
        self.competencies[indicator.competency].weight * indicator.weight
    }

    pub(crate) fn indicator_index(&self, id: &str) -> Option<usize> {
        self.indicators
            .iter()
            .position(|indicator| indicator.id == id)
    }

    pub(crate) fn role_index(&self, id: &str) -> Option<usize> {
        self.ratings.roles.iter().position(|role| role.id == id)
    }
}
