//! Grading (SPEC §3–§5, §7): small quarters graded end to end, every output
//! compared in full with a table computed by hand.
//!
//! The arithmetic is in the comments next to each expected row. Every score
//! on the 0–100 scale is rounded as soon as it is computed (15 significant
//! digits, then `precision` decimals, both half away from zero), and each
//! level is computed from the rounded level below (SPEC §3, §5).

use crate::workdir::{Run, Workdir, csv_rows};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A work folder holding `files` (paths relative to the folder).
fn fixture(name: &str, files: &[(&str, &str)]) -> Workdir {
    let dir = Workdir::new(name);
    for (file, contents) in files {
        dir.write(file, contents);
    }
    dir
}

/// Lines joined as a file is: each ends with `\n`.
fn lines(rows: &[&str]) -> String {
    let mut text = String::new();
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text
}

/// `ladder grade q --standard FILE --format csv ARGS…`, expected to succeed.
fn grade_csv(dir: &Workdir, standard: &str, args: &[&str]) -> Run {
    let mut all = vec!["grade", "q", "--standard", standard, "--format", "csv"];
    all.extend_from_slice(args);
    let run = dir.run(&all);
    run.expect_code(0);
    run
}

/// Display width of a line: CJK ideographs and full-width forms count 2.
pub fn display_width(line: &str) -> usize {
    line.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF => 2,
            0x4E00..=0x9FFF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFF00..=0xFF60 => 2,
            0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

// ---------------------------------------------------------------------------
// 1. The whole pipeline
// ---------------------------------------------------------------------------

/// Four methods, two rater roles with `min_raters` and `trim`, an interview
/// panel with `min_interviewers` and `trim`, KPIs higher (capped) and lower,
/// two exam sections, three tiers.
///
/// Global weights (competency × indicator): products 0.4 × 0.5 = 0.2,
/// policy 0.4 × 0.5 = 0.2, needs 0.3 × 1 = 0.3, revenue 0.3 × 0.6 = 0.18,
/// complaints 0.3 × 0.4 = 0.12. So
///   exam      = (0.2 products + 0.2 policy) / 0.4 = 0.5 products + 0.5 policy
///   ratings   = (0.2 policy + 0.3 needs) / 0.5    = 0.4 policy + 0.6 needs
///   interview = (0.2 products + 0.3 needs) / 0.5  = 0.4 products + 0.6 needs
///   kpi       = (0.18 revenue + 0.12 complaints) / 0.3 = 0.6 revenue + 0.4 complaints
///   composite = 0.3 exam + 0.3 ratings + 0.2 interview + 0.2 kpi
/// Combined indicator scores (method weights renormalised over the methods
/// that measure the indicator):
///   products = (0.3 exam + 0.2 interview) / 0.5 = 0.6 exam + 0.4 interview
///   policy   = (0.3 exam + 0.3 ratings) / 0.6   = 0.5 exam + 0.5 ratings
///   needs    = (0.3 ratings + 0.2 interview) / 0.5 = 0.6 ratings + 0.4 interview
///   revenue, complaints = their KPI score
/// Competencies: knowledge = 0.5 products + 0.5 policy; selling = needs;
/// results = 0.6 revenue + 0.4 complaints.
const PIPELINE_STANDARD: &str = r#"[standard]
id = "pipe"
name = "Pipeline test standard"
version = "2026.1"
precision = 2

[scale]
min = 1
max = 5

[methods]
exam = 0.3
ratings = 0.3
interview = 0.2
kpi = 0.2

[ratings]
roles = { supervisor = 0.6, peer = 0.4 }
min_raters = { peer = 2 }
trim = 1

[interview]
min_interviewers = 2
trim = 1

[[competencies]]
id = "knowledge"
name = "Product knowledge"
weight = 0.4

  [[competencies.indicators]]
  id = "products"
  name = "Explains the products"
  weight = 0.5
  exam = 60
  interview = true

  [[competencies.indicators]]
  id = "policy"
  name = "Applies pricing policy"
  weight = 0.5
  exam = 40
  ratings = true

[[competencies]]
id = "selling"
name = "Consultative selling"
weight = 0.3

  [[competencies.indicators]]
  id = "needs"
  name = "Analyses needs"
  weight = 1.0
  ratings = true
  interview = true

[[competencies]]
id = "results"
name = "Sales results"
weight = 0.3

  [[competencies.indicators]]
  id = "revenue"
  name = "Revenue against target"
  weight = 0.6
  kpi = { cap = 1.2 }

  [[competencies.indicators]]
  id = "complaints"
  name = "Complaints"
  weight = 0.4
  kpi = { direction = "lower" }

[[tiers]]
id = "superior"
name = "Superior"
min_composite = 85

[[tiers]]
id = "intermediate"
name = "Intermediate"
min_composite = 70

[[tiers]]
id = "primary"
name = "Primary"
min_composite = 60
"#;

/// The same standard with every weight written in percent.
const PIPELINE_STANDARD_PERCENT: &str = r#"[standard]
id = "pipe"
name = "Pipeline test standard"
version = "2026.1"
precision = 2

[scale]
min = 1
max = 5

[methods]
exam = 30
ratings = 30
interview = 20
kpi = 20

[ratings]
roles = { supervisor = 60, peer = 40 }
min_raters = { peer = 2 }
trim = 1

[interview]
min_interviewers = 2
trim = 1

[[competencies]]
id = "knowledge"
name = "Product knowledge"
weight = 40

  [[competencies.indicators]]
  id = "products"
  name = "Explains the products"
  weight = 50
  exam = 60
  interview = true

  [[competencies.indicators]]
  id = "policy"
  name = "Applies pricing policy"
  weight = 50
  exam = 40
  ratings = true

[[competencies]]
id = "selling"
name = "Consultative selling"
weight = 30

  [[competencies.indicators]]
  id = "needs"
  name = "Analyses needs"
  weight = 100
  ratings = true
  interview = true

[[competencies]]
id = "results"
name = "Sales results"
weight = 30

  [[competencies.indicators]]
  id = "revenue"
  name = "Revenue against target"
  weight = 60
  kpi = { cap = 1.2 }

  [[competencies.indicators]]
  id = "complaints"
  name = "Complaints"
  weight = 40
  kpi = { direction = "lower" }

[[tiers]]
id = "superior"
name = "Superior"
min_composite = 85

[[tiers]]
id = "intermediate"
name = "Intermediate"
min_composite = 70

[[tiers]]
id = "primary"
name = "Primary"
min_composite = 60
"#;

/// Roster in an order unlike the ranking.
const PIPELINE_ROSTER: &str = "manager_id,name,team
m03,Alice Chen,North
m05,Carol,East
m01,王芳,North
m04,Bob,South
m02,李雷,South
";

const PIPELINE_EXAM: &str = "manager_id,products,policy
m01,54,34
m02,45,30
m03,40,25
m04,30,20
m05,60,40
";

/// Long form. `self` ratings are present and must weigh nothing.
const PIPELINE_RATINGS_LONG: &str = "manager_id,rater_id,role,indicator,score
m01,s1,supervisor,policy,4
m01,p1,peer,policy,3
m01,p2,peer,policy,4
m01,m01,self,policy,5
m01,s1,supervisor,needs,5
m01,p1,peer,needs,2
m01,p2,peer,needs,4
m01,p3,peer,needs,5
m01,m01,self,needs,2
m02,s2,supervisor,policy,3
m02,p4,peer,policy,4
m02,s2,supervisor,needs,4
m02,p4,peer,needs,4
m02,p5,peer,needs,4
m02,m02,self,needs,5
m03,s1,supervisor,policy,3
m03,p1,peer,policy,3
m03,p2,peer,policy,3
m03,p3,peer,policy,2
m03,m03,self,policy,5
m03,s1,supervisor,needs,3
m03,p1,peer,needs,3
m03,p2,peer,needs,2
m04,s2,supervisor,policy,2
m04,p4,peer,policy,3
m04,p5,peer,policy,3
m04,s2,supervisor,needs,2
m04,p4,peer,needs,2
m04,p5,peer,needs,2
m05,s1,supervisor,policy,5
m05,p1,peer,policy,5
m05,p2,peer,policy,5
m05,s1,supervisor,needs,4
m05,p1,peer,needs,5
m05,p2,peer,needs,5
";

/// The same ratings in wide form: one row per rater's form, an empty cell
/// where the rater did not score the indicator, rows in another order.
const PIPELINE_RATINGS_WIDE: &str = "manager_id,rater_id,role,policy,needs
m05,p2,peer,5,5
m05,p1,peer,5,5
m05,s1,supervisor,5,4
m04,s2,supervisor,2,2
m04,p4,peer,3,2
m04,p5,peer,3,2
m03,s1,supervisor,3,3
m03,p1,peer,3,3
m03,p2,peer,3,2
m03,p3,peer,2,
m03,m03,self,5,
m02,s2,supervisor,3,4
m02,p4,peer,4,4
m02,p5,peer,,4
m02,m02,self,,5
m01,s1,supervisor,4,5
m01,p1,peer,3,2
m01,p2,peer,4,4
m01,p3,peer,,5
m01,m01,self,5,2
";

const PIPELINE_INTERVIEW_LONG: &str = "manager_id,interviewer_id,indicator,score
m01,i1,products,4
m01,i2,products,5
m01,i3,products,2
m01,i1,needs,2
m01,i2,needs,4
m01,i3,needs,5
m01,i4,needs,5
m02,i1,products,3
m02,i2,products,4
m02,i1,needs,4
m02,i2,needs,4
m02,i3,needs,4
m03,i1,products,3
m03,i2,products,3
m03,i1,needs,3
m03,i2,needs,2
m03,i3,needs,4
m04,i1,products,2
m04,i2,products,3
m04,i3,products,3
m04,i1,needs,2
m04,i2,needs,2
m05,i1,products,5
m05,i2,products,5
m05,i1,needs,4
";

/// The same interview scores in wide form: one sheet per interviewer.
const PIPELINE_INTERVIEW_WIDE: &str = "manager_id,interviewer_id,needs,products
m01,i1,2,4
m01,i2,4,5
m01,i3,5,2
m01,i4,5,
m02,i1,4,3
m02,i2,4,4
m02,i3,4,
m03,i1,3,3
m03,i2,2,3
m03,i3,4,
m04,i1,2,2
m04,i2,2,3
m04,i3,,3
m05,i1,4,5
m05,i2,,5
";

/// m05 has no complaints row.
const PIPELINE_KPI: &str = "manager_id,indicator,actual,target
m01,revenue,130,100
m01,complaints,0,2
m02,revenue,90,100
m02,complaints,4,2
m03,revenue,100,125
m03,complaints,3,2
m04,revenue,50,100
m04,complaints,5,5
m05,revenue,110,100
";

/// The graded quarter, by hand.
fn pipeline_expected() -> String {
    lines(&[
        "rank,manager_id,name,team,composite,tier,exam,ratings,interview,kpi,knowledge,selling,results,status,note",
        // m01 王芳
        //   exam: products 54/60×100 = 90.00; policy 34/40×100 = 85.00
        //         → 0.5×90 + 0.5×85 = 87.50
        //   ratings policy: supervisor 4; peers 3, 4 (2 ratings, not more than
        //         2×trim, so none dropped) → 3.5; self 5 ignored
        //         → 0.6×4 + 0.4×3.5 = 3.8 → 3.8/5×100 = 76.00
        //   ratings needs: supervisor 5; peers 2, 4, 5 trimmed to 4; self 2
        //         ignored → 0.6×5 + 0.4×4 = 4.6 → 92.00
        //         → ratings = 0.4×76 + 0.6×92 = 30.4 + 55.2 = 85.60
        //   interview products: 4, 5, 2 trimmed to 4 → 80.00;
        //         needs: 2, 4, 5, 5 trimmed to 4, 5 → 4.5 → 90.00
        //         → interview = 0.4×80 + 0.6×90 = 32 + 54 = 86.00
        //   kpi revenue: 130/100 = 1.3, capped 1.2 → 120.00;
        //         complaints (lower): actual 0 → the cap 1.0 → 100.00
        //         → kpi = 0.6×120 + 0.4×100 = 72 + 40 = 112.00
        //   composite = 0.3×87.5 + 0.3×85.6 + 0.2×86 + 0.2×112
        //             = 26.25 + 25.68 + 17.2 + 22.4 = 91.53 → superior (≥ 85)
        //   products = 0.6×90 + 0.4×80 = 86.00; policy = 0.5×85 + 0.5×76 = 80.50
        //   knowledge = 0.5×86 + 0.5×80.5 = 83.25
        //   selling = needs = 0.6×92 + 0.4×90 = 55.2 + 36 = 91.20
        //   results = 0.6×120 + 0.4×100 = 112.00
        "1,m01,王芳,North,91.53,superior,87.50,85.60,86.00,112.00,83.25,91.20,112.00,graded,",
        // m02 李雷
        //   exam: 45/60 = 75.00; 30/40 = 75.00 → 75.00
        //   ratings policy: supervisor 3; a single peer (min_raters 2) is
        //         dropped → 3 → 60.00
        //   ratings needs: supervisor 4; peers 4, 4 → 4; self 5 ignored
        //         → 4 → 80.00 → ratings = 0.4×60 + 0.6×80 = 24 + 48 = 72.00
        //   interview products 3, 4 (none trimmed) → 3.5 → 70.00;
        //         needs 4, 4, 4 → 4 → 80.00 → 0.4×70 + 0.6×80 = 76.00
        //   kpi revenue 90/100 → 90.00; complaints 2/4 = 0.5 → 50.00
        //         → 0.6×90 + 0.4×50 = 54 + 20 = 74.00
        //   composite = 22.5 + 21.6 + 15.2 + 14.8 = 74.10 → intermediate (≥ 70)
        //   products = 0.6×75 + 0.4×70 = 73.00; policy = 0.5×75 + 0.5×60 = 67.50
        //   knowledge = 0.5×73 + 0.5×67.5 = 70.25; selling = 0.6×80 + 0.4×80
        //   = 80.00; results = 74.00
        "2,m02,李雷,South,74.10,intermediate,75.00,72.00,76.00,74.00,70.25,80.00,74.00,graded,",
        // m03 Alice Chen
        //   exam: 40/60×100 = 66.666… → 66.67; 25/40 = 62.50
        //         → 0.5×66.67 + 0.5×62.5 = 64.585 → 64.59
        //   ratings policy: supervisor 3; peers 3, 3, 2 trimmed to 3 → 3
        //         → 60.00; needs: supervisor 3; peers 3, 2 → 2.5
        //         → 0.6×3 + 0.4×2.5 = 2.8 → 56.00
        //         → ratings = 0.4×60 + 0.6×56 = 24 + 33.6 = 57.60
        //   interview products 3, 3 → 60.00; needs 3, 2, 4 trimmed to 3 → 60.00
        //         → 60.00
        //   kpi revenue 100/125 = 0.8 → 80.00; complaints 2/3 → 66.666… → 66.67
        //         → 0.6×80 + 0.4×66.67 = 48 + 26.668 = 74.668 → 74.67
        //   composite = 0.3×64.59 + 0.3×57.6 + 0.2×60 + 0.2×74.67
        //             = 19.377 + 17.28 + 12 + 14.934 = 63.591 → 63.59 → primary
        //   products = 0.6×66.67 + 0.4×60 = 64.002 → 64.00;
        //   policy = 0.5×62.5 + 0.5×60 = 61.25;
        //   knowledge = 0.5×64 + 0.5×61.25 = 62.625 → 62.63
        //   selling = 0.6×56 + 0.4×60 = 57.60; results = 74.668 → 74.67
        "3,m03,Alice Chen,North,63.59,primary,64.59,57.60,60.00,74.67,62.63,57.60,74.67,graded,",
        // m04 Bob
        //   exam: 30/60 = 50.00; 20/40 = 50.00 → 50.00
        //   ratings policy: supervisor 2; peers 3, 3 → 0.6×2 + 0.4×3 = 2.4
        //         → 48.00; needs: 2; peers 2, 2 → 2 → 40.00
        //         → 0.4×48 + 0.6×40 = 19.2 + 24 = 43.20
        //   interview products 2, 3, 3 trimmed to 3 → 60.00; needs 2, 2 → 40.00
        //         → 0.4×60 + 0.6×40 = 48.00
        //   kpi revenue 50/100 → 50.00; complaints 5/5 → 100.00
        //         → 0.6×50 + 0.4×100 = 70.00
        //   composite = 15 + 12.96 + 9.6 + 14 = 51.56 → below 60: none
        //   products = 0.6×50 + 0.4×60 = 54.00; policy = 0.5×50 + 0.5×48 = 49.00
        //   knowledge = 0.5×54 + 0.5×49 = 51.50; selling = 40.00; results = 70.00
        "4,m04,Bob,South,51.56,none,50.00,43.20,48.00,70.00,51.50,40.00,70.00,graded,",
        // m05 Carol: one interviewer on needs (min 2) and no complaints row:
        // incomplete, no rank, composite or tier.
        //   exam: 60/60, 40/40 → 100.00 (both sections there: shown)
        //   ratings policy: 5; peers 5, 5 → 5 → 100.00; needs: 4; peers 5, 5
        //         → 0.6×4 + 0.4×5 = 4.4 → 88.00 → 0.4×100 + 0.6×88 = 92.80
        //   interview: needs missing → not shown; kpi: complaints missing
        //   knowledge: products (exam 100, interview 5, 5 → 100) = 100,
        //         policy = 0.5×100 + 0.5×100 = 100 → 100.00 (all there: shown)
        //   selling (needs lacks interview) and results (complaints) not shown
        ",m05,Carol,East,,,100.00,92.80,,,100.00,,,incomplete,\"missing interview (needs), kpi (complaints)\"",
    ])
}

/// Writes the pipeline quarter into `q/` with the given ratings and interview.
fn pipeline_fixture(name: &str, ratings: &str, interview: &str) -> Workdir {
    fixture(
        name,
        &[
            ("standard.toml", PIPELINE_STANDARD),
            ("q/roster.csv", PIPELINE_ROSTER),
            ("q/exam.csv", PIPELINE_EXAM),
            ("q/ratings.csv", ratings),
            ("q/interview.csv", interview),
            ("q/kpi.csv", PIPELINE_KPI),
        ],
    )
}

#[test]
fn pipeline_all_four_methods() {
    let dir = pipeline_fixture("pipeline", PIPELINE_RATINGS_LONG, PIPELINE_INTERVIEW_LONG);
    grade_csv(&dir, "standard.toml", &[]).expect_stdout(&pipeline_expected());
}

// ---------------------------------------------------------------------------
// 2. Rounding
// ---------------------------------------------------------------------------

/// Exam 0.5, KPI 0.5. Competency `c1` (0.75): `a` (exam, 100 points) and `b`
/// (exam, 100 points, and KPI); `c2` (0.25): `k` (KPI). Exam points out of
/// 100 and KPI actuals against a target of 100 are the indicator scores.
///   global weights: a 0.375, b 0.375, k 0.25
///   exam = (0.375 a + 0.375 b) / 0.75 = 0.5 a + 0.5 b
///   kpi  = (0.375 b + 0.25 k) / 0.625 = 0.6 b + 0.4 k
///   composite = 0.5 exam + 0.5 kpi
///   combined b = (0.5 exam + 0.5 kpi) / 1 = 0.5 exam_b + 0.5 kpi_b
///   c1 = 0.5 a + 0.5 combined b; c2 = k
fn rounding_standard(precision: u32) -> String {
    format!(
        r#"[standard]
id = "round{precision}"
name = "Rounding"
version = "1"
precision = {precision}

[methods]
exam = 0.5
kpi = 0.5

[[competencies]]
id = "c1"
weight = 0.75

  [[competencies.indicators]]
  id = "a"
  weight = 0.5
  exam = 100

  [[competencies.indicators]]
  id = "b"
  weight = 0.5
  exam = 100
  kpi = {{ cap = 2 }}

[[competencies]]
id = "c2"
weight = 0.25

  [[competencies.indicators]]
  id = "k"
  weight = 1
  kpi = {{ cap = 2 }}
"#
    )
}

/// A rounding quarter: (id, exam a, exam b, kpi b, kpi k) per manager.
fn rounding_fixture(
    name: &str,
    precision: u32,
    rows: &[(&str, &str, &str, &str, &str)],
) -> Workdir {
    let mut roster = String::from("manager_id,name\n");
    let mut exam = String::from("manager_id,a,b\n");
    let mut kpi = String::from("manager_id,indicator,actual,target\n");
    for (id, a, b, kpi_b, kpi_k) in rows {
        roster.push_str(&format!("{id},Manager {id}\n"));
        exam.push_str(&format!("{id},{a},{b}\n"));
        kpi.push_str(&format!("{id},b,{kpi_b},100\n{id},k,{kpi_k},100\n"));
    }
    fixture(
        name,
        &[
            ("standard.toml", &rounding_standard(precision)),
            ("q/roster.csv", &roster),
            ("q/exam.csv", &exam),
            ("q/kpi.csv", &kpi),
        ],
    )
}

/// Precision 2. Each half is one whose "to even" rounding would differ, and
/// several lie just below the half in binary: a naive f64 round gets them
/// wrong, the 15-significant-digit step gets them right.
#[test]
fn rounding_half_points_at_precision_2() {
    let dir = rounding_fixture(
        "round2",
        2,
        &[
            ("r1", "80.02", "80.03", "70", "70"),
            ("r2", "60.01", "60.06", "60.02", "60.02"),
            ("r3", "90", "90", "90.05", "90.05"),
            ("r4", "70.005", "70.015", "70", "70"),
        ],
    );
    let expected = lines(&[
        "rank,manager_id,name,team,composite,tier,exam,kpi,c1,c2,status,note",
        // r3 (composite half): exam = 0.5×90 + 0.5×90 = 90.00;
        //   kpi = 0.6×90.05 + 0.4×90.05 = 90.05;
        //   composite = 0.5×90 + 0.5×90.05 = 90.025 → 90.03 (not 90.02);
        //   combined b = 0.5×90 + 0.5×90.05 = 90.025 → 90.03;
        //   c1 = 0.5×90 + 0.5×90.03 = 90.015 → 90.02 (from the rounded 90.03;
        //   the unrounded 90.025 would give 90.0125 → 90.01); c2 = 90.05
        "1,r3,Manager r3,,90.03,none,90.00,90.05,90.02,90.05,graded,",
        // r1 (method half, below the half in binary): exam = 0.5×80.02 +
        //   0.5×80.03 = 80.025 (f64: 80.02499999999999…) → 80.03;
        //   kpi = 0.6×70 + 0.4×70 = 70.00;
        //   composite = 0.5×80.03 + 0.5×70 = 75.015 → 75.02;
        //   combined b = 0.5×80.03 + 0.5×70 = 75.015 → 75.02;
        //   c1 = 0.5×80.02 + 0.5×75.02 = 77.52; c2 = 70.00
        "2,r1,Manager r1,,75.02,none,80.03,70.00,77.52,70.00,graded,",
        // r4 (indicator halves, each level from the rounded one below):
        //   a = 70.005/100×100 (f64 70.00499999…) → 70.01; b = 70.015 → 70.02;
        //   exam = 0.5×70.01 + 0.5×70.02 = 70.015 → 70.02 (unrounded
        //   indicators would give 70.01); kpi = 70.00;
        //   composite = 0.5×70.02 + 0.5×70 = 70.01;
        //   combined b = 0.5×70.02 + 0.5×70 = 70.01;
        //   c1 = 0.5×70.01 + 0.5×70.01 = 70.01; c2 = 70.00
        "3,r4,Manager r4,,70.01,none,70.02,70.00,70.01,70.00,graded,",
        // r2 (competency half, below the half in binary):
        //   exam = 0.5×60.01 + 0.5×60.06 = 60.035 → 60.04;
        //   kpi = 0.6×60.02 + 0.4×60.02 = 60.02;
        //   composite = 0.5×60.04 + 0.5×60.02 = 60.03;
        //   combined b = 0.5×60.06 + 0.5×60.02 = 60.04;
        //   c1 = 0.5×60.01 + 0.5×60.04 = 60.025 (f64: 60.02499999…) → 60.03;
        //   c2 = 60.02
        "4,r2,Manager r2,,60.03,none,60.04,60.02,60.03,60.02,graded,",
    ]);
    grade_csv(&dir, "standard.toml", &[]).expect_stdout(&expected);
}

#[test]
fn rounding_half_points_at_precision_1() {
    let dir = rounding_fixture(
        "round1",
        1,
        &[
            ("q1", "80.2", "80.3", "70", "70"),
            ("q2", "60.1", "60.6", "60.2", "60.2"),
            ("q3", "90", "90", "90.5", "90.5"),
            // Indicator scores are rounded first: 50.04 → 50.0, 50.06 → 50.1.
            ("q4", "50.04", "50.06", "50.04", "50.06"),
        ],
    );
    let expected = lines(&[
        "rank,manager_id,name,team,composite,tier,exam,kpi,c1,c2,status,note",
        // q3 (composite half): exam = 90.0; kpi = 0.6×90.5 + 0.4×90.5 = 90.5;
        //   composite = 0.5×90 + 0.5×90.5 = 90.25 → 90.3 (not 90.2);
        //   combined b = 0.5×90 + 0.5×90.5 = 90.25 → 90.3;
        //   c1 = 0.5×90 + 0.5×90.3 = 90.15 → 90.2; c2 = 90.5
        "1,q3,Manager q3,,90.3,none,90.0,90.5,90.2,90.5,graded,",
        // q1 (method half): exam = 0.5×80.2 + 0.5×80.3 = 80.25 → 80.3;
        //   kpi = 70.0; composite = 0.5×80.3 + 0.5×70 = 75.15 → 75.2;
        //   combined b = 0.5×80.3 + 0.5×70 = 75.15 → 75.2;
        //   c1 = 0.5×80.2 + 0.5×75.2 = 77.7; c2 = 70.0
        "2,q1,Manager q1,,75.2,none,80.3,70.0,77.7,70.0,graded,",
        // q2 (competency half): exam = 0.5×60.1 + 0.5×60.6 = 60.35 → 60.4;
        //   kpi = 60.2; composite = 0.5×60.4 + 0.5×60.2 = 60.3;
        //   combined b = 0.5×60.6 + 0.5×60.2 = 60.4;
        //   c1 = 0.5×60.1 + 0.5×60.4 = 60.25 → 60.3 (not 60.2); c2 = 60.2
        "3,q2,Manager q2,,60.3,none,60.4,60.2,60.3,60.2,graded,",
        // q4: a = 50.04 → 50.0; b = 50.06 → 50.1; kpi b 50.04 → 50.0;
        //   k = 50.06 → 50.1
        //   exam = 0.5×50.0 + 0.5×50.1 = 50.05 (f64: 50.04999…) → 50.1;
        //   kpi = 0.6×50.0 + 0.4×50.1 = 30 + 20.04 = 50.04 → 50.0;
        //   composite = 0.5×50.1 + 0.5×50.0 = 50.05 → 50.1;
        //   combined b = 0.5×50.1 + 0.5×50.0 = 50.05 → 50.1;
        //   c1 = 0.5×50.0 + 0.5×50.1 = 50.05 → 50.1; c2 = 50.1
        "4,q4,Manager q4,,50.1,none,50.1,50.0,50.1,50.1,graded,",
    ]);
    grade_csv(&dir, "standard.toml", &[]).expect_stdout(&expected);
}

/// Precision 0: whole numbers, written without a decimal point.
#[test]
fn rounding_half_points_at_precision_0() {
    let dir = rounding_fixture(
        "round0",
        0,
        &[
            ("p1", "80", "81", "70", "70"),
            ("p2", "62", "64", "62", "62"),
            ("p3", "72.5", "73.5", "83", "83"),
            ("p4", "0.4", "0", "0.2", "0"),
        ],
    );
    let expected = lines(&[
        "rank,manager_id,name,team,composite,tier,exam,kpi,c1,c2,status,note",
        // p3 (composite half; levels from the rounded level below):
        //   a = 72.5 → 73; b = 73.5 → 74;
        //   exam = 0.5×73 + 0.5×74 = 73.5 → 74 (unrounded: 0.5×72.5 +
        //   0.5×73.5 = 73); kpi = 83;
        //   composite = 0.5×74 + 0.5×83 = 78.5 → 79 (not 78);
        //   combined b = 0.5×74 + 0.5×83 = 78.5 → 79;
        //   c1 = 0.5×73 + 0.5×79 = 76; c2 = 83
        "1,p3,Manager p3,,79,none,74,83,76,83,graded,",
        // p1 (method half): exam = 0.5×80 + 0.5×81 = 80.5 → 81 (not 80);
        //   kpi = 70; composite = 0.5×81 + 0.5×70 = 75.5 → 76;
        //   combined b = 0.5×81 + 0.5×70 = 75.5 → 76;
        //   c1 = 0.5×80 + 0.5×76 = 78; c2 = 70
        "2,p1,Manager p1,,76,none,81,70,78,70,graded,",
        // p2 (competency half): exam = 0.5×62 + 0.5×64 = 63; kpi = 62;
        //   composite = 0.5×63 + 0.5×62 = 62.5 → 63;
        //   combined b = 0.5×64 + 0.5×62 = 63;
        //   c1 = 0.5×62 + 0.5×63 = 62.5 → 63 (not 62); c2 = 62
        "3,p2,Manager p2,,63,none,63,62,63,62,graded,",
        // p4: a = 0.4 → 0; kpi b = 0.2 → 0: every score 0, written "0"
        "4,p4,Manager p4,,0,none,0,0,0,0,graded,",
    ]);
    grade_csv(&dir, "standard.toml", &[]).expect_stdout(&expected);
}

// ---------------------------------------------------------------------------
// 3. Tiers
// ---------------------------------------------------------------------------

/// Exam 0.5, KPI 0.5; `knowledge` = exam of `a`, `results` = KPI `k`
/// (target 100, so the actual is the score): composite = 0.5 exam + 0.5 kpi.
fn tier_standard(tiers: &str) -> String {
    format!(
        r#"[standard]
id = "tiers"
name = "Tiers"
version = "1"

[methods]
exam = 0.5
kpi = 0.5

[[competencies]]
id = "knowledge"
weight = 0.5

  [[competencies.indicators]]
  id = "a"
  weight = 1
  exam = 100

[[competencies]]
id = "results"
weight = 0.5

  [[competencies.indicators]]
  id = "k"
  weight = 1
  kpi = {{ cap = 2 }}
{tiers}"#
    )
}

const SENIOR_MIDDLE: &str = r#"
[[tiers]]
id = "senior"
name = "Senior"
min_composite = 80
min_competency = { results = 75 }
min_method = { exam = 85 }
min_tenure_years = 3

[[tiers]]
id = "middle"
name = "Middle"
min_composite = 70
"#;

const TIER_ROSTER: &str = "manager_id,name,tenure_years
t1,Equal on every floor,3
t2,Exam short,5
t3,Results short,5
t4,Tenure short,2.99
t5,Tenure unknown,
t6,Middle exactly,1
t7,Just below,10
";

const TIER_EXAM: &str = "manager_id,a
t1,85
t2,84.99
t3,85.01
t4,85
t5,85
t6,90
t7,89.99
";

const TIER_KPI: &str = "manager_id,indicator,actual,target
t1,k,75,100
t2,k,75.01,100
t3,k,74.99,100
t4,k,75,100
t5,k,75,100
t6,k,50,100
t7,k,49.99,100
";

fn tier_fixture(name: &str) -> Workdir {
    fixture(
        name,
        &[
            ("standard.toml", &tier_standard(SENIOR_MIDDLE)),
            ("no-tiers.toml", &tier_standard("")),
            ("q/roster.csv", TIER_ROSTER),
            ("q/exam.csv", TIER_EXAM),
            ("q/kpi.csv", TIER_KPI),
        ],
    )
}

/// Floors are `≥` on the shown scores: met with equality, missed by 0.01.
#[test]
fn tiers_floors_and_tenure() {
    let dir = tier_fixture("tiers");
    let expected = lines(&[
        "rank,manager_id,name,team,composite,tier,exam,kpi,knowledge,results,status,note",
        // t1: composite 0.5×85 + 0.5×75 = 80.00 = 80; exam 85.00 = 85;
        //   results 75.00 = 75; tenure 3 = 3: every senior condition met
        //   with equality → senior.
        // t1–t5 all have composite 80.00 and no tie-breaker: all rank 1.
        "1,t1,Equal on every floor,,80.00,senior,85.00,75.00,85.00,75.00,graded,",
        // t2: 0.5×84.99 + 0.5×75.01 = 80.00; exam 84.99 < 85 by 0.01 → middle
        "1,t2,Exam short,,80.00,middle,84.99,75.01,84.99,75.01,graded,",
        // t3: 0.5×85.01 + 0.5×74.99 = 80.00; results 74.99 < 75 → middle
        "1,t3,Results short,,80.00,middle,85.01,74.99,85.01,74.99,graded,",
        // t4: as t1, but tenure 2.99 < 3 → middle
        "1,t4,Tenure short,,80.00,middle,85.00,75.00,85.00,75.00,graded,",
        // t5: as t1, but the tenure cell is empty: the condition fails → middle
        "1,t5,Tenure unknown,,80.00,middle,85.00,75.00,85.00,75.00,graded,",
        // t6: 0.5×90 + 0.5×50 = 70.00 = 70 → middle (equality)
        "6,t6,Middle exactly,,70.00,middle,90.00,50.00,90.00,50.00,graded,",
        // t7: 0.5×89.99 + 0.5×49.99 = 69.99 < 70 by 0.01 → none
        "7,t7,Just below,,69.99,none,89.99,49.99,89.99,49.99,graded,",
    ]);
    grade_csv(&dir, "standard.toml", &[]).expect_stdout(&expected);
}

/// A roster without a `tenure_years` column: `min_tenure_years` fails for
/// everyone, so t1 drops to middle.
#[test]
fn tiers_tenure_fails_without_a_tenure_column() {
    let dir = tier_fixture("tiers-no-tenure");
    dir.write(
        "people.csv",
        "manager_id,name\nt1,Equal on every floor\nt2,Exam short\nt3,Results short\n\
         t4,Tenure short\nt5,Tenure unknown\nt6,Middle exactly\nt7,Just below\n",
    );
    let expected = lines(&[
        "rank,manager_id,name,team,composite,tier,exam,kpi,knowledge,results,status,note",
        // As in `tiers_floors_and_tenure`, but t1 has no tenure → middle.
        "1,t1,Equal on every floor,,80.00,middle,85.00,75.00,85.00,75.00,graded,",
        "1,t2,Exam short,,80.00,middle,84.99,75.01,84.99,75.01,graded,",
        "1,t3,Results short,,80.00,middle,85.01,74.99,85.01,74.99,graded,",
        "1,t4,Tenure short,,80.00,middle,85.00,75.00,85.00,75.00,graded,",
        "1,t5,Tenure unknown,,80.00,middle,85.00,75.00,85.00,75.00,graded,",
        "6,t6,Middle exactly,,70.00,middle,90.00,50.00,90.00,50.00,graded,",
        "7,t7,Just below,,69.99,none,89.99,49.99,89.99,49.99,graded,",
    ]);
    grade_csv(&dir, "standard.toml", &["--roster", "people.csv"]).expect_stdout(&expected);
}

/// A standard with no tiers is valid: every graded manager gets `none`.
#[test]
fn tiers_none_without_tiers() {
    let dir = tier_fixture("tiers-none");
    let expected = lines(&[
        "rank,manager_id,name,team,composite,tier,exam,kpi,knowledge,results,status,note",
        "1,t1,Equal on every floor,,80.00,none,85.00,75.00,85.00,75.00,graded,",
        "1,t2,Exam short,,80.00,none,84.99,75.01,84.99,75.01,graded,",
        "1,t3,Results short,,80.00,none,85.01,74.99,85.01,74.99,graded,",
        "1,t4,Tenure short,,80.00,none,85.00,75.00,85.00,75.00,graded,",
        "1,t5,Tenure unknown,,80.00,none,85.00,75.00,85.00,75.00,graded,",
        "6,t6,Middle exactly,,70.00,none,90.00,50.00,90.00,50.00,graded,",
        "7,t7,Just below,,69.99,none,89.99,49.99,89.99,49.99,graded,",
    ]);
    grade_csv(&dir, "no-tiers.toml", &[]).expect_stdout(&expected);
    let run = dir.run(&["check", "--standard", "no-tiers.toml"]);
    run.expect_code(0);
}

// ---------------------------------------------------------------------------
// 4. Quotas
// ---------------------------------------------------------------------------

/// Exam only (one 200-point section), so composite = points / 2.
fn exam_only_standard(tiers: &str) -> String {
    format!(
        r#"[standard]
id = "exam-only"
name = "Exam only"
version = "1"

[methods]
exam = 1

[[competencies]]
id = "knowledge"
weight = 1

  [[competencies.indicators]]
  id = "a"
  weight = 1
  exam = 200
{tiers}"#
    )
}

/// `count` managers m001…: manager i scores i points (i/2 on 0–100).
fn generated_quarter(name: &str, count: usize, share: &str) -> Workdir {
    let tiers = format!(
        "\n[[tiers]]\nid = \"top\"\nmin_composite = 0\nmax_share = {share}\n\n\
         [[tiers]]\nid = \"rest\"\nmin_composite = 0\n"
    );
    let mut roster = String::from("manager_id,name\n");
    let mut exam = String::from("manager_id,a\n");
    for i in 1..=count {
        roster.push_str(&format!("m{i:03},Manager {i}\n"));
        exam.push_str(&format!("m{i:03},{i}\n"));
    }
    fixture(
        name,
        &[
            ("standard.toml", &exam_only_standard(&tiers)),
            ("q/roster.csv", &roster),
            ("q/exam.csv", &exam),
        ],
    )
}

/// The expected table of `generated_quarter`: rank r holds manager
/// count + 1 − r with (count + 1 − r)/2 points on 0–100; the first `quota`
/// take `top`, the rest meet `top` but find it full and take `rest`.
fn generated_expected(count: usize, quota: usize) -> String {
    let mut rows =
        vec!["rank,manager_id,name,team,composite,tier,exam,knowledge,status,note".to_string()];
    for rank in 1..=count {
        let i = count + 1 - rank;
        // i points of 200 → i/2: whole, or a half written .50.
        let score = format!("{}.{}", i / 2, if i % 2 == 1 { "50" } else { "00" });
        let (tier, note) = if rank <= quota {
            ("top", String::new())
        } else {
            (
                "rest",
                format!("meets `top` but its quota of {quota} is full"),
            )
        };
        rows.push(format!(
            "{rank},m{i:03},Manager {i},,{score},{tier},{score},{score},graded,{note}"
        ));
    }
    lines(&rows.iter().map(String::as_str).collect::<Vec<_>>())
}

/// floor(0.29 × 100) = 29, exactly (in f64, 0.29 × 100 = 28.999999999999996).
#[test]
fn quota_is_exact_decimal_0_29_of_100() {
    let dir = generated_quarter("quota-29", 100, "0.29");
    let run = grade_csv(&dir, "standard.toml", &[]);
    run.expect_stdout(&generated_expected(100, 29));
    // All scores differ: no tie at the quota line, no warning.
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
}

/// floor(0.145 × 200) = 29, exactly (in f64, 0.145 × 200 = 28.999999999999996).
#[test]
fn quota_is_exact_decimal_0_145_of_200() {
    let dir = generated_quarter("quota-145", 200, "0.145");
    grade_csv(&dir, "standard.toml", &[]).expect_stdout(&generated_expected(200, 29));
}

/// floor(0.15 × 6) = floor(0.9) = 0: nobody takes the tier; everyone who
/// meets it is tried against the tier below.
#[test]
fn quota_below_one_admits_nobody() {
    let tiers = "\n[[tiers]]\nid = \"elite\"\nmin_composite = 50\nmax_share = 0.15\n\n\
                 [[tiers]]\nid = \"good\"\nmin_composite = 30\n";
    let dir = fixture(
        "quota-zero",
        &[
            ("standard.toml", &exam_only_standard(tiers)),
            (
                "q/roster.csv",
                "manager_id,name\ne1,A\ne2,B\ne3,C\ne4,D\ne5,E\ne6,F\n",
            ),
            (
                "q/exam.csv",
                "manager_id,a\ne1,190\ne2,180\ne3,170\ne4,160\ne5,100\ne6,50\n",
            ),
        ],
    );
    let full = "meets `elite` but its quota of 0 is full";
    let expected = lines(&[
        "rank,manager_id,name,team,composite,tier,exam,knowledge,status,note",
        // 190/200 = 95.00 … 100/200 = 50.00: all meet elite (≥ 50) → good
        &format!("1,e1,A,,95.00,good,95.00,95.00,graded,{full}"),
        &format!("2,e2,B,,90.00,good,90.00,90.00,graded,{full}"),
        &format!("3,e3,C,,85.00,good,85.00,85.00,graded,{full}"),
        &format!("4,e4,D,,80.00,good,80.00,80.00,graded,{full}"),
        &format!("5,e5,E,,50.00,good,50.00,50.00,graded,{full}"),
        // 50/200 = 25.00 < 30 → none
        "6,e6,F,,25.00,none,25.00,25.00,graded,",
    ]);
    grade_csv(&dir, "standard.toml", &[]).expect_stdout(&expected);
}

const QUOTA_TIERS: &str = r#"
[[tiers]]
id = "gold"
min_composite = 80
max_share = 0.25

[[tiers]]
id = "silver"
min_composite = 70
max_share = 0.25

[[tiers]]
id = "bronze"
min_composite = 50
"#;

fn quota_walk_fixture(name: &str) -> Workdir {
    fixture(
        name,
        &[
            ("standard.toml", &exam_only_standard(QUOTA_TIERS)),
            (
                "q/roster.csv",
                "manager_id,name\nq8,H\nq7,G\nq6,F\nq5,E\nq4,D\nq3,C\nq2,B\nq1,A\n",
            ),
            (
                "q/exam.csv",
                "manager_id,a\nq1,190\nq2,180\nq3,180\nq4,170\nq5,150\nq6,144\nq7,120\nq8,80\n",
            ),
        ],
    )
}

/// 8 graded managers: gold and silver each admit floor(0.25 × 8) = 2.
/// Gold is filled in rank order; those turned away are tried against silver,
/// and so on down.
#[test]
fn quota_walk_top_down_and_tie_warning() {
    let dir = quota_walk_fixture("quota-walk");
    let expected = lines(&[
        "rank,manager_id,name,team,composite,tier,exam,knowledge,status,note",
        // 190/200 = 95.00: gold 1 of 2
        "1,q1,A,,95.00,gold,95.00,95.00,graded,",
        // 180/200 = 90.00, rank 2: gold 2 of 2
        "2,q2,B,,90.00,gold,90.00,90.00,graded,",
        // 90.00, rank 2 too (after q2 by manager_id): gold is full → silver 1
        "2,q3,C,,90.00,silver,90.00,90.00,graded,meets `gold` but its quota of 2 is full",
        // 170/200 = 85.00: gold full → silver 2 of 2
        "4,q4,D,,85.00,silver,85.00,85.00,graded,meets `gold` but its quota of 2 is full",
        // 150/200 = 75.00: meets silver (≥ 70), full → bronze
        "5,q5,E,,75.00,bronze,75.00,75.00,graded,meets `silver` but its quota of 2 is full",
        // 144/200 = 72.00: silver full → bronze
        "6,q6,F,,72.00,bronze,72.00,72.00,graded,meets `silver` but its quota of 2 is full",
        // 120/200 = 60.00 → bronze (≥ 50)
        "7,q7,G,,60.00,bronze,60.00,60.00,graded,",
        // 80/200 = 40.00 → none
        "8,q8,H,,40.00,none,40.00,40.00,graded,",
    ]);
    let run = grade_csv(&dir, "standard.toml", &[]);
    run.expect_stdout(&expected);
    // Gold's line cuts the tie at rank 2: one warning naming both.
    let warnings: Vec<String> = run
        .stderr()
        .lines()
        .filter(|line| line.contains("warning"))
        .map(str::to_string)
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr());
    for word in ["gold", "q2", "q3"] {
        assert!(warnings[0].contains(word), "{word}: {}", run.stderr());
    }
    // Silver's line falls between ranks 4 and 5: no warning about it.
    assert!(!run.stderr().contains("silver"), "{}", run.stderr());

    // The JSON output carries the same warning.
    let json = dir.grade_json(&[]);
    json.expect_code(0);
    let document: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON");
    let listed = document["warnings"].as_array().expect("warnings array");
    assert_eq!(listed.len(), 1, "{}", json.stdout());
    let text = listed[0].as_str().expect("a warning is text");
    assert!(text.contains("q2") && text.contains("q3"), "{text}");
}

/// Filters leave the quota walk alone: `--tier silver` shows q3 and q4, as
/// placed from the whole roster.
#[test]
fn quota_walk_is_not_changed_by_filters() {
    let dir = quota_walk_fixture("quota-filter");
    let expected = lines(&[
        "rank,manager_id,name,team,composite,tier,exam,knowledge,status,note",
        "2,q3,C,,90.00,silver,90.00,90.00,graded,meets `gold` but its quota of 2 is full",
        "4,q4,D,,85.00,silver,85.00,85.00,graded,meets `gold` but its quota of 2 is full",
    ]);
    grade_csv(&dir, "standard.toml", &["--tier", "silver"]).expect_stdout(&expected);
    let expected = lines(&[
        "rank,manager_id,name,team,composite,tier,exam,knowledge,status,note",
        "1,q1,A,,95.00,gold,95.00,95.00,graded,",
        "2,q2,B,,90.00,gold,90.00,90.00,graded,",
        "2,q3,C,,90.00,silver,90.00,90.00,graded,meets `gold` but its quota of 2 is full",
    ]);
    grade_csv(&dir, "standard.toml", &["--top", "3"]).expect_stdout(&expected);
}

// ---------------------------------------------------------------------------
// 5. Ranks
// ---------------------------------------------------------------------------

/// Exam 0.5, KPI 0.5, every indicator weight 0.25 globally:
///   alpha = a (exam) and b (KPI); beta = d (exam) and f (KPI)
///   exam = 0.5 a + 0.5 d; kpi = 0.5 b + 0.5 f; composite = 0.5 exam + 0.5 kpi
///   alpha = 0.5 a + 0.5 b; beta = 0.5 d + 0.5 f
/// Ties broken by exam, then alpha; missing evidence reweighted.
const RANK_STANDARD: &str = r#"[standard]
id = "ranks"
name = "Ranks"
version = "1"
missing = "reweight"

[methods]
exam = 0.5
kpi = 0.5

[ranking]
tie_breakers = ["exam", "alpha"]

[[competencies]]
id = "alpha"
weight = 0.5

  [[competencies.indicators]]
  id = "a"
  weight = 0.5
  exam = 100

  [[competencies.indicators]]
  id = "b"
  weight = 0.5
  kpi = { cap = 2 }

[[competencies]]
id = "beta"
weight = 0.5

  [[competencies.indicators]]
  id = "d"
  weight = 0.5
  exam = 100

  [[competencies.indicators]]
  id = "f"
  weight = 0.5
  kpi = { cap = 2 }
"#;

#[test]
fn ranks_tie_breakers_and_missing_values() {
    let dir = fixture(
        "ranks",
        &[
            ("standard.toml", RANK_STANDARD),
            (
                "q/roster.csv",
                "manager_id,name,team\nZ1,Zoe,B\nb0,Ben,B\nr0,Rae,A\nr1,Ray,A\nr2,Roy,A\nr3,Rex,A\nr4,Ria,B\n",
            ),
            (
                "q/exam.csv",
                "manager_id,a,d\nr1,80,80\nr2,90,70\nr3,100,70\nr4,80,80\n",
            ),
            (
                "q/kpi.csv",
                "manager_id,indicator,actual,target\n\
                 r0,b,80,100\nr0,f,80,100\n\
                 r1,b,80,100\nr1,f,80,100\n\
                 r2,b,70,100\nr2,f,90,100\n\
                 r3,b,70,100\nr3,f,80,100\n\
                 r4,b,90,100\nr4,f,70,100\n",
            ),
        ],
    );
    let expected = lines(&[
        "rank,manager_id,name,team,composite,tier,exam,kpi,alpha,beta,status,note",
        // Every graded composite is 80.00; the tie-breakers decide.
        // r3: exam = 0.5×100 + 0.5×70 = 85.00; kpi = 0.5×70 + 0.5×80 = 75.00;
        //   composite = 0.5×85 + 0.5×75 = 80.00; highest exam → rank 1;
        //   alpha = 0.5×100 + 0.5×70 = 85.00; beta = 0.5×70 + 0.5×80 = 75.00
        "1,r3,Rex,A,80.00,none,85.00,75.00,85.00,75.00,graded,",
        // r4: exam = 80.00; kpi = 0.5×90 + 0.5×70 = 80.00; composite 80.00;
        //   exam 80 (below r3's 85), alpha = 0.5×80 + 0.5×90 = 85.00 (above
        //   r1 and r2's 80) → rank 2; beta = 0.5×80 + 0.5×70 = 75.00
        "2,r4,Ria,B,80.00,none,80.00,80.00,85.00,75.00,graded,",
        // r1: all 80 → exam 80.00, kpi 80.00, alpha 80.00, beta 80.00
        "3,r1,Ray,A,80.00,none,80.00,80.00,80.00,80.00,graded,",
        // r2: exam = 0.5×90 + 0.5×70 = 80.00; kpi = 0.5×70 + 0.5×90 = 80.00;
        //   alpha = 0.5×90 + 0.5×70 = 80.00; beta = 0.5×70 + 0.5×90 = 80.00:
        //   equal to r1 on composite and every tie-breaker → shares rank 3,
        //   after r1 by manager_id
        "3,r2,Roy,A,80.00,none,80.00,80.00,80.00,80.00,graded,",
        // r0: no exam row → no exam score (reweight); kpi = 80.00 →
        //   composite = 0.5×80 / 0.5 = 80.00; alpha = b alone = 80.00;
        //   beta = f alone = 80.00. The exam tie-breaker has no value and
        //   sorts lowest: after r1 and r2, although "r0" < "r1" → rank 5
        "5,r0,Rae,A,80.00,none,,80.00,80.00,80.00,graded,\"reweighted without exam (a, d)\"",
        // Z1 and b0: no evidence at all, no method score → incomplete, last,
        // by code point ("Z" U+005A before "b" U+0062)
        ",Z1,Zoe,B,,,,,,,incomplete,\"missing exam (a, d), kpi (b, f)\"",
        ",b0,Ben,B,,,,,,,incomplete,\"missing exam (a, d), kpi (b, f)\"",
    ]);
    grade_csv(&dir, "standard.toml", &[]).expect_stdout(&expected);
}

/// Shared ranks skip (1, 2, 2, 2, 5), and the final order of managers equal
/// on everything is `manager_id` by code point: "B2" (U+0042) < "a1"
/// (U+0061) < "张" (U+5F20), where a locale would put a1 before B2.
#[test]
fn ranks_shared_and_ordered_by_code_point() {
    let dir = fixture(
        "ranks-code-point",
        &[
            ("standard.toml", &exam_only_standard("")),
            (
                "q/roster.csv",
                "manager_id,name\n张,Zhang\na1,Ann\nZ9,Zed\nB2,Bea\nm0,Max\n",
            ),
            (
                "q/exam.csv",
                "manager_id,a\nZ9,140\n张,160\nm0,190\na1,160\nB2,160\n",
            ),
        ],
    );
    let expected = lines(&[
        "rank,manager_id,name,team,composite,tier,exam,knowledge,status,note",
        // 190/200 = 95.00
        "1,m0,Max,,95.00,none,95.00,95.00,graded,",
        // 160/200 = 80.00 for B2, a1 and 张: rank 2 each
        "2,B2,Bea,,80.00,none,80.00,80.00,graded,",
        "2,a1,Ann,,80.00,none,80.00,80.00,graded,",
        "2,张,Zhang,,80.00,none,80.00,80.00,graded,",
        // 140/200 = 70.00: the fifth position → rank 5
        "5,Z9,Zed,,70.00,none,70.00,70.00,graded,",
    ]);
    grade_csv(&dir, "standard.toml", &[]).expect_stdout(&expected);
}

// ---------------------------------------------------------------------------
// 6. Missing evidence: incomplete, reweight, zero
// ---------------------------------------------------------------------------

/// Exam 0.5, ratings 0.3, KPI 0.2. `know` (0.6): `a` (exam 50 points,
/// ratings) and `b` (exam 50 points); `res` (0.4): `k` (KPI).
///   global weights a 0.3, b 0.3, k 0.4
///   exam = 0.5 a + 0.5 b; ratings = a's rating; kpi = k
///   composite = 0.5 exam + 0.3 ratings + 0.2 kpi
///   combined a = (0.5 exam + 0.3 ratings) / 0.8 = 0.625 exam + 0.375 ratings
///   know = 0.5 combined a + 0.5 b; res = k
fn policy_standard(policy: &str) -> String {
    format!(
        r#"[standard]
id = "policy"
name = "Policies"
version = "1"
missing = "{policy}"

[scale]
min = 1
max = 5

[methods]
exam = 0.5
ratings = 0.3
kpi = 0.2

[ratings]
roles = {{ supervisor = 0.5, peer = 0.5 }}

[[competencies]]
id = "know"
weight = 0.6

  [[competencies.indicators]]
  id = "a"
  weight = 0.5
  exam = 50
  ratings = true

  [[competencies.indicators]]
  id = "b"
  weight = 0.5
  exam = 50

[[competencies]]
id = "res"
weight = 0.4

  [[competencies.indicators]]
  id = "k"
  weight = 1
  kpi = {{}}

[[tiers]]
id = "pass"
min_composite = 60
"#
    )
}

/// p1 has everything; p2 an empty exam cell for b; p3 no ratings and no KPI
/// row; p4 nothing but the roster line; p5 an empty KPI `actual`.
fn policy_fixture(name: &str) -> Workdir {
    fixture(
        name,
        &[
            ("incomplete.toml", &policy_standard("incomplete")),
            ("reweight.toml", &policy_standard("reweight")),
            ("zero.toml", &policy_standard("zero")),
            (
                "q/roster.csv",
                "manager_id,name\np1,Pat\np2,Pam\np3,Pia\np4,Poe\np5,Pax\n",
            ),
            (
                "q/exam.csv",
                "manager_id,a,b\np1,40,45\np2,30,\np3,50,35\np5,45,40\n",
            ),
            (
                "q/ratings.csv",
                "manager_id,rater_id,role,indicator,score\n\
                 p1,s1,supervisor,a,4\np1,x1,peer,a,5\n\
                 p2,s1,supervisor,a,3\n\
                 p5,s1,supervisor,a,5\np5,x1,peer,a,4\n",
            ),
            (
                "q/kpi.csv",
                "manager_id,indicator,actual,target\np1,k,100,100\np2,k,80,100\np5,k,,100\n",
            ),
        ],
    )
}

// The scores there are, by hand:
//   p1: a 40/50 = 80.00, b 45/50 = 90.00 → exam 85.00; ratings a: supervisor
//       4, peer 5 → 0.5×4 + 0.5×5 = 4.5 → 90.00; kpi 100/100 = 100.00
//   p2: a 30/50 = 60.00, b —; ratings a: supervisor 3 alone → 60.00;
//       kpi 80/100 = 80.00
//   p3: a 50/50 = 100.00, b 35/50 = 70.00; no ratings; no kpi
//   p4: nothing
//   p5: a 45/50 = 90.00, b 40/50 = 80.00 → exam 85.00; ratings a: 5 and 4
//       → 4.5 → 90.00; kpi: empty actual → none
const POLICY_HEADER: &str =
    "rank,manager_id,name,team,composite,tier,exam,ratings,kpi,know,res,status,note";

#[test]
fn missing_evidence_incomplete() {
    let dir = policy_fixture("policy-incomplete");
    let expected = lines(&[
        POLICY_HEADER,
        // p1: composite = 0.5×85 + 0.3×90 + 0.2×100 = 42.5 + 27 + 20 = 89.50
        //   → pass; combined a = 0.625×80 + 0.375×90 = 50 + 33.75 = 83.75;
        //   know = 0.5×83.75 + 0.5×90 = 86.875 → 86.88; res = 100.00
        "1,p1,Pat,,89.50,pass,85.00,90.00,100.00,86.88,100.00,graded,",
        // p2: exam lacks b → not shown; ratings 60.00 and kpi 80.00 complete
        //   → shown; know lacks b's exam → not shown; res = 80.00
        ",p2,Pam,,,,,60.00,80.00,,80.00,incomplete,missing exam (b)",
        // p3: exam 0.5×100 + 0.5×70 = 85.00 shown; ratings and kpi absent;
        //   know lacks a's rating, res lacks k → not shown
        ",p3,Pia,,,,85.00,,,,,incomplete,\"missing ratings (a), kpi (k)\"",
        // p4: nothing shown
        ",p4,Poe,,,,,,,,,incomplete,\"missing exam (a, b), ratings (a), kpi (k)\"",
        // p5: exam 85.00, ratings 90.00; combined a = 0.625×90 + 0.375×90 =
        //   90.00, b = 80.00 → know = 0.5×90 + 0.5×80 = 85.00; kpi, res absent
        ",p5,Pax,,,,85.00,90.00,,85.00,,incomplete,missing kpi (k)",
    ]);
    grade_csv(&dir, "incomplete.toml", &[]).expect_stdout(&expected);
}

#[test]
fn missing_evidence_reweight() {
    let dir = policy_fixture("policy-reweight");
    let expected = lines(&[
        POLICY_HEADER,
        // p1: complete, as under `incomplete`
        "1,p1,Pat,,89.50,pass,85.00,90.00,100.00,86.88,100.00,graded,",
        // p5: no kpi → composite = (0.5×85 + 0.3×90) / (0.5 + 0.3)
        //   = 69.5 / 0.8 = 86.875 → 86.88 → pass; know = 85.00 (as under
        //   `incomplete`); res: k has no combined score → absent
        "2,p5,Pax,,86.88,pass,85.00,90.00,,85.00,,graded,reweighted without kpi (k)",
        // p3: exam 85.00 only → composite = 0.5×85 / 0.5 = 85.00 → pass;
        //   combined a = exam alone = 100.00, b = 70.00 → know = 0.5×100 +
        //   0.5×70 = 85.00; res absent
        "3,p3,Pia,,85.00,pass,85.00,,,85.00,,graded,\"reweighted without ratings (a), kpi (k)\"",
        // p2: exam = a alone = 60.00; composite = 0.5×60 + 0.3×60 + 0.2×80
        //   = 30 + 18 + 16 = 64.00 → pass; combined a = 0.625×60 + 0.375×60
        //   = 60.00, b none → know = a alone = 60.00; res = 80.00
        "4,p2,Pam,,64.00,pass,60.00,60.00,80.00,60.00,80.00,graded,reweighted without exam (b)",
        // p4: no method score at all → incomplete
        ",p4,Poe,,,,,,,,,incomplete,\"missing exam (a, b), ratings (a), kpi (k)\"",
    ]);
    grade_csv(&dir, "reweight.toml", &[]).expect_stdout(&expected);
}

#[test]
fn missing_evidence_zero() {
    let dir = policy_fixture("policy-zero");
    let expected = lines(&[
        POLICY_HEADER,
        "1,p1,Pat,,89.50,pass,85.00,90.00,100.00,86.88,100.00,graded,",
        // p5: kpi 0 → composite = 42.5 + 27 + 0 = 69.50 → pass;
        //   know = 85.00; res = 0.00
        "2,p5,Pax,,69.50,pass,85.00,90.00,0.00,85.00,0.00,graded,scored 0 for missing kpi (k)",
        // p2: b = 0 → exam = 0.5×60 + 0.5×0 = 30.00; composite = 0.5×30 +
        //   0.3×60 + 0.2×80 = 15 + 18 + 16 = 49.00 → none; combined a = 60.00,
        //   b = 0.00 → know = 30.00; res = 80.00
        "3,p2,Pam,,49.00,none,30.00,60.00,80.00,30.00,80.00,graded,scored 0 for missing exam (b)",
        // p3: ratings 0, kpi 0 → composite = 0.5×85 = 42.50 → none;
        //   combined a = 0.625×100 + 0.375×0 = 62.50; know = 0.5×62.5 +
        //   0.5×70 = 66.25; res = 0.00
        "4,p3,Pia,,42.50,none,85.00,0.00,0.00,66.25,0.00,graded,\"scored 0 for missing ratings (a), kpi (k)\"",
        // p4: every score 0
        "5,p4,Poe,,0.00,none,0.00,0.00,0.00,0.00,0.00,graded,\"scored 0 for missing exam (a, b), ratings (a), kpi (k)\"",
    ]);
    grade_csv(&dir, "zero.toml", &[]).expect_stdout(&expected);
}

// ---------------------------------------------------------------------------
// 7. Forms of the evidence files
// ---------------------------------------------------------------------------

/// The same ratings and interview scores in long and in wide form, in any
/// mix, grade the same.
#[test]
fn long_and_wide_forms_grade_the_same() {
    for (label, ratings, interview) in [
        ("wide-wide", PIPELINE_RATINGS_WIDE, PIPELINE_INTERVIEW_WIDE),
        ("wide-long", PIPELINE_RATINGS_WIDE, PIPELINE_INTERVIEW_LONG),
        ("long-wide", PIPELINE_RATINGS_LONG, PIPELINE_INTERVIEW_WIDE),
    ] {
        let dir = pipeline_fixture(&format!("forms-{label}"), ratings, interview);
        grade_csv(&dir, "standard.toml", &[]).expect_stdout(&pipeline_expected());
    }
}

// ---------------------------------------------------------------------------
// 7 (continued). Messy files from spreadsheets; header-only files
// ---------------------------------------------------------------------------

/// Exam 0.5, ratings 0.3, interview 0.2, one indicator measured by all
/// three, missing evidence reweighted; the interview file holds only its
/// header, so every manager is graded on exam and ratings:
///   composite = (0.5 exam + 0.3 ratings) / 0.8 = combined a = core.
const MESSY_STANDARD: &str = r#"[standard]
id = "messy"
name = "Messy files"
version = "1"
missing = "reweight"

[scale]
min = 1
max = 5

[methods]
exam = 0.5
ratings = 0.3
interview = 0.2

[ratings]
roles = { supervisor = 1 }

[[competencies]]
id = "core"
weight = 1

  [[competencies.indicators]]
  id = "a"
  weight = 1
  exam = 10
  ratings = true
  interview = true
"#;

#[test]
fn messy_files_bom_crlf_padding_quotes_and_header_only() {
    // Byte-order mark, CRLF line ends, header names padded with spaces and
    // full-width spaces, columns out of order, an unused `phone` column,
    // cells padded with full-width spaces, quoted names with a comma, a
    // newline and doubled quotes, a blank line.
    let roster = "\u{feff} name ,\u{3000}team , manager_id ,phone\r\n\
                  \u{3000}Wang Fang\u{3000},\u{3000}East , m1 ,555-0101\r\n\
                  \"Smith, John\nJr.\",West,m2,555-0102\r\n\
                  \r\n\
                  \"Li \"\"Ming\"\"\",West\u{3000},m3,\r\n";
    let exam =
        "\u{feff}a ,remarks, manager_id\r\n8,,m1\r\n7,\"late, but fine\",m2\r\n9,,\u{3000}m3\r\n";
    let ratings = "\u{feff}score,indicator,role,rater_id,manager_id\r\n\
                   4,a,supervisor\u{3000},s1,\u{3000}m1\r\n\
                   \u{3000}3\u{3000},\u{3000}a,supervisor,s1,m2\r\n\
                   5, a ,supervisor,s2,m3\r\n";
    let interview = "manager_id,interviewer_id,indicator,score\r\n";
    let dir = fixture(
        "messy",
        &[
            ("standard.toml", MESSY_STANDARD),
            ("q/roster.csv", roster),
            ("q/exam.csv", exam),
            ("q/ratings.csv", ratings),
            ("q/interview.csv", interview),
        ],
    );
    let note = "reweighted without interview (a)";
    let expected = lines(&[
        "rank,manager_id,name,team,composite,tier,exam,ratings,interview,core,status,note",
        // m3: exam 9/10 = 90.00; ratings 5 → 100.00; composite = (0.5×90 +
        //   0.3×100) / 0.8 = 75 / 0.8 = 93.75; core = combined a = 93.75
        &format!("1,m3,\"Li \"\"Ming\"\"\",West,93.75,none,90.00,100.00,,93.75,graded,{note}"),
        // m1: 8/10 = 80.00; 4 → 80.00; composite = (40 + 24) / 0.8 = 80.00
        &format!("2,m1,Wang Fang,East,80.00,none,80.00,80.00,,80.00,graded,{note}"),
        // m2: 7/10 = 70.00; 3 → 60.00; composite = (35 + 18) / 0.8 = 66.25
        &format!("3,m2,\"Smith, John\nJr.\",West,66.25,none,70.00,60.00,,66.25,graded,{note}"),
    ]);
    let run = grade_csv(&dir, "standard.toml", &[]);
    run.expect_stdout(&expected);
    // One warning per file naming its unused column.
    run.expect_stderr("phone").expect_stderr("remarks");
    let warnings = run
        .stderr()
        .lines()
        .filter(|line| line.contains("warning"))
        .count();
    assert_eq!(warnings, 2, "{}", run.stderr());
}

/// Every evidence file holding only its header: no evidence, so under
/// `incomplete` every manager is listed, incomplete, nothing shown.
#[test]
fn header_only_files_hold_no_evidence() {
    let dir = fixture(
        "header-only",
        &[
            ("standard.toml", PIPELINE_STANDARD),
            (
                "q/roster.csv",
                "manager_id,name,team\nh2,Han,\nh1,Hu,South\n",
            ),
            ("q/exam.csv", "manager_id,products,policy\n"),
            (
                "q/ratings.csv",
                "manager_id,rater_id,role,indicator,score\n",
            ),
            (
                "q/interview.csv",
                "manager_id,interviewer_id,products,needs\n",
            ),
            ("q/kpi.csv", "manager_id,indicator,actual,target\n"),
        ],
    );
    let note = "\"missing exam (products, policy), ratings (policy, needs), \
                interview (products, needs), kpi (revenue, complaints)\"";
    let expected = lines(&[
        "rank,manager_id,name,team,composite,tier,exam,ratings,interview,kpi,knowledge,selling,results,status,note",
        // An empty team cell is an empty cell.
        &format!(",h1,Hu,South,,,,,,,,,,incomplete,{note}"),
        &format!(",h2,Han,,,,,,,,,,,incomplete,{note}"),
    ]);
    grade_csv(&dir, "standard.toml", &[]).expect_stdout(&expected);
}

// ---------------------------------------------------------------------------
// 8. Percent-style weights
// ---------------------------------------------------------------------------

/// Every sibling set written in percent (summing to 100) normalises to the
/// same weights as the fractions, so the output is the same, byte for byte.
#[test]
fn percent_weights_grade_like_fractions() {
    let dir = pipeline_fixture("percent", PIPELINE_RATINGS_LONG, PIPELINE_INTERVIEW_LONG);
    dir.write("percent.toml", PIPELINE_STANDARD_PERCENT);
    grade_csv(&dir, "percent.toml", &[]).expect_stdout(&pipeline_expected());
}

// ---------------------------------------------------------------------------
// 9. Output formats, --output and filters
// ---------------------------------------------------------------------------

/// Columns whose cells are numbers in JSON.
fn is_numeric_column(column: &str) -> bool {
    !matches!(
        column,
        "manager_id" | "name" | "team" | "tier" | "status" | "note"
    )
}

/// JSON: the standard's id, name and version, one object per CSV row with
/// the same keys in the same order and the same values (numbers keeping
/// their exact decimals, absent values null), and the warnings.
#[test]
fn json_holds_the_csv_content() {
    let dir = pipeline_fixture("json", PIPELINE_RATINGS_LONG, PIPELINE_INTERVIEW_LONG);
    let run = dir.grade_json(&[]);
    run.expect_code(0);
    let text = run.stdout();
    let document: serde_json::Value = serde_json::from_str(&text).expect("the JSON output parses");
    assert_eq!(document["standard"]["id"], "pipe", "{text}");
    assert_eq!(
        document["standard"]["name"], "Pipeline test standard",
        "{text}"
    );
    assert_eq!(document["standard"]["version"], "2026.1", "{text}");
    assert_eq!(document["warnings"], serde_json::json!([]), "{text}");

    let expected = csv_rows(&pipeline_expected());
    let columns = &expected[0];
    let managers = document["managers"].as_array().expect("a managers array");
    assert_eq!(managers.len(), expected.len() - 1, "{text}");
    for (manager, row) in managers.iter().zip(&expected[1..]) {
        let object = manager.as_object().expect("each manager is an object");
        let keys: Vec<&String> = object.keys().collect();
        assert_eq!(keys, columns.iter().collect::<Vec<_>>(), "{text}");
        for (column, cell) in columns.iter().zip(row) {
            let value = &object[column];
            let context = format!("{} `{column}` in\n{text}", row[1]);
            if cell.is_empty() && column != "note" {
                assert!(value.is_null(), "{context}");
            } else if cell.is_empty() {
                // A graded manager's note is empty: "" or null both say so.
                assert!(value.is_null() || value == "", "{context}");
            } else if is_numeric_column(column) {
                assert!(value.is_number(), "{context}");
                // Exact decimals: 87.50 stays 87.50, not 87.5.
                assert_eq!(value.to_string(), *cell, "{context}");
            } else {
                assert_eq!(value.as_str(), Some(cell.as_str()), "{context}");
            }
        }
    }
    // The exact decimals are in the text itself, not only after parsing.
    assert!(text.contains("87.50"), "{text}");
    assert!(text.contains("112.00"), "{text}");
}

/// JSON of a roster without a `team` column, at precision 0: team is null,
/// numbers are whole.
#[test]
fn json_absent_team_is_null() {
    let dir = rounding_fixture("json-no-team", 0, &[("p1", "80", "81", "70", "70")]);
    let run = dir.grade_json(&[]);
    run.expect_code(0);
    let document: serde_json::Value = serde_json::from_str(&run.stdout()).expect("JSON");
    let manager = &document["managers"][0];
    assert!(manager["team"].is_null(), "{}", run.stdout());
    // As in `rounding_half_points_at_precision_0`: composite 76, exam 81.
    assert_eq!(manager["composite"].to_string(), "76", "{}", run.stdout());
    assert_eq!(manager["exam"].to_string(), "81", "{}", run.stdout());
    assert_eq!(manager["rank"].to_string(), "1", "{}", run.stdout());
    assert_eq!(manager["tier"], "none", "{}", run.stdout());
    assert_eq!(document["standard"]["id"], "round0", "{}", run.stdout());
    assert_eq!(document["standard"]["version"], "1", "{}", run.stdout());
}

/// The markdown pipe table of the CSV rows.
fn markdown_of(csv: &str) -> Vec<String> {
    csv_rows(csv)
        .iter()
        .map(|row| format!("| {} |", row.join(" | ")))
        .collect()
}

/// Markdown: a pipe table with the CSV's header and rows, a separator row
/// after the header.
#[test]
fn markdown_is_a_pipe_table_of_the_same_rows() {
    let dir = pipeline_fixture("markdown", PIPELINE_RATINGS_LONG, PIPELINE_INTERVIEW_LONG);
    let run = dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--format",
        "markdown",
    ]);
    run.expect_code(0);
    let text = run.stdout();
    let got: Vec<&str> = text.lines().collect();
    let want = markdown_of(&pipeline_expected());
    assert_eq!(got.len(), want.len() + 1, "{text}");
    assert_eq!(got[0], want[0], "{text}");
    // The separator: one `---` (or `---:`, `:---`, `:---:`) cell per column.
    let separator: Vec<&str> = got[1]
        .trim()
        .trim_start_matches('|')
        .trim_end_matches('|')
        .split('|')
        .map(str::trim)
        .collect();
    assert_eq!(separator.len(), 15, "{text}");
    for cell in separator {
        let dashes = cell.trim_start_matches(':').trim_end_matches(':');
        assert!(
            dashes.len() >= 3 && dashes.chars().all(|c| c == '-'),
            "{text}"
        );
    }
    for (line, row) in got[2..].iter().zip(&want[1..]) {
        assert_eq!(line, row, "{text}");
    }
}

/// The terminal table lines up Chinese names: every line has the same
/// display width, CJK ideographs counting two columns.
#[test]
fn table_lines_up_chinese_names() {
    let dir = pipeline_fixture("table", PIPELINE_RATINGS_LONG, PIPELINE_INTERVIEW_LONG);
    for args in [
        &["grade", "q", "--standard", "standard.toml"][..],
        &[
            "grade",
            "q",
            "--standard",
            "standard.toml",
            "--format",
            "table",
        ][..],
    ] {
        let run = dir.run(args);
        run.expect_code(0);
        let text = run.stdout();
        let widths: Vec<usize> = text.lines().map(display_width).collect();
        assert!(widths.len() >= 6, "{text}");
        assert!(
            widths.iter().all(|&w| w == widths[0]),
            "widths {widths:?}\n{text}"
        );
        for name in ["王芳", "李雷", "Alice Chen", "Bob", "Carol"] {
            assert!(text.contains(name), "{name}\n{text}");
        }
        // Rows in rank order.
        let position = |id: &str| text.find(id).expect(id);
        assert!(position("m01") < position("m02"), "{text}");
        assert!(position("m02") < position("m03"), "{text}");
        assert!(position("m03") < position("m04"), "{text}");
        assert!(position("m04") < position("m05"), "{text}");
    }
}

/// `--output` chooses the format by the extension, prints nothing on
/// standard output and writes what `--format` would have printed.
#[test]
fn output_file_format_follows_the_extension() {
    let dir = pipeline_fixture("output", PIPELINE_RATINGS_LONG, PIPELINE_INTERVIEW_LONG);
    for (file, format) in [("x.csv", "csv"), ("x.json", "json"), ("x.md", "markdown")] {
        let printed = dir.run(&[
            "grade",
            "q",
            "--standard",
            "standard.toml",
            "--format",
            format,
        ]);
        printed.expect_code(0);
        let written = dir.run(&[
            "grade",
            "q",
            "--standard",
            "standard.toml",
            "--output",
            file,
        ]);
        written.expect_code(0).expect_stdout("");
        assert_eq!(dir.read(file), printed.stdout(), "{file}");
    }
    assert_eq!(dir.read("x.csv"), pipeline_expected());
}

/// Filters choose rows only: ranks and tiers are those of the whole roster.
#[test]
fn filters_choose_rows_and_keep_ranks() {
    let dir = pipeline_fixture("filters", PIPELINE_RATINGS_LONG, PIPELINE_INTERVIEW_LONG);
    let all = lines(&pipeline_expected().lines().collect::<Vec<_>>());
    let rows: Vec<&str> = all.lines().collect();
    // rows[0] is the header; rows[1..=5] are m01, m02, m03, m04, m05.
    let pick = |indices: &[usize]| lines(&indices.iter().map(|&i| rows[i]).collect::<Vec<_>>());
    // North: m01 (rank 1) and m03 (rank 3).
    grade_csv(&dir, "standard.toml", &["--team", "North"]).expect_stdout(&pick(&[0, 1, 3]));
    // South: m02 (rank 2) and m04 (rank 4).
    grade_csv(&dir, "standard.toml", &["--team", "South"]).expect_stdout(&pick(&[0, 2, 4]));
    grade_csv(&dir, "standard.toml", &["--tier", "intermediate"]).expect_stdout(&pick(&[0, 2]));
    grade_csv(&dir, "standard.toml", &["--tier", "primary"]).expect_stdout(&pick(&[0, 3]));
    grade_csv(&dir, "standard.toml", &["--tier", "none"]).expect_stdout(&pick(&[0, 4]));
    // Ranks at most 2; the incomplete manager has no rank.
    grade_csv(&dir, "standard.toml", &["--top", "2"]).expect_stdout(&pick(&[0, 1, 2]));
    grade_csv(&dir, "standard.toml", &["--top", "10"]).expect_stdout(&pick(&[0, 1, 2, 3, 4]));
    // Filters combine.
    grade_csv(&dir, "standard.toml", &["--team", "North", "--top", "2"])
        .expect_stdout(&pick(&[0, 1]));
    grade_csv(&dir, "standard.toml", &["--team", "East"]).expect_stdout(&pick(&[0, 5]));
}

// ---------------------------------------------------------------------------
// 10. ladder check
// ---------------------------------------------------------------------------

#[test]
fn check_accepts_a_valid_standard_and_quarter() {
    let dir = pipeline_fixture("check", PIPELINE_RATINGS_LONG, PIPELINE_INTERVIEW_LONG);
    let run = dir.run(&["check", "--standard", "standard.toml"]);
    run.expect_code(0);
    assert!(!run.stdout().trim().is_empty(), "a summary is printed");
    assert!(run.stdout().contains("pipe"), "{}", run.stdout());

    dir.run(&["check", "--standard", "standard.toml", "q"])
        .expect_code(0);
    dir.run(&["check", "q", "--standard", "standard.toml"])
        .expect_code(0);
}

#[test]
fn check_rejects_bad_data() {
    let dir = pipeline_fixture("check-bad", PIPELINE_RATINGS_LONG, PIPELINE_INTERVIEW_LONG);
    // Line 3 (m02), column 2 (products): 61 points in a 60-point section.
    dir.write(
        "q/exam.csv",
        "manager_id,products,policy\nm01,54,34\nm02,61,30\nm03,40,25\nm04,30,20\nm05,60,40\n",
    );
    let run = dir.run(&["check", "--standard", "standard.toml", "q"]);
    run.expect_code(1).expect_stderr("exam.csv:3:2:");
    let run = dir.grade_csv(&[]);
    run.expect_code(1).expect_stdout("");
}

// ---------------------------------------------------------------------------
// 11. Files named by flags; a method of weight 0 needs no file
// ---------------------------------------------------------------------------

#[test]
fn files_named_by_flags_instead_of_a_folder() {
    let dir = fixture(
        "flags",
        &[
            ("standard.toml", PIPELINE_STANDARD),
            ("in/people.csv", PIPELINE_ROSTER),
            ("in/written.csv", PIPELINE_EXAM),
            ("in/360.csv", PIPELINE_RATINGS_LONG),
            ("in/panel.csv", PIPELINE_INTERVIEW_WIDE),
            ("in/sales.csv", PIPELINE_KPI),
        ],
    );
    let run = dir.run(&[
        "grade",
        "--standard",
        "standard.toml",
        "--format",
        "csv",
        "--roster",
        "in/people.csv",
        "--exam",
        "in/written.csv",
        "--ratings",
        "in/360.csv",
        "--interview",
        "in/panel.csv",
        "--kpi",
        "in/sales.csv",
    ]);
    run.expect_code(0).expect_stdout(&pipeline_expected());

    // A flag overrides one file of the folder; the others come from DIR.
    dir.write("q/roster.csv", PIPELINE_ROSTER);
    dir.write("q/exam.csv", PIPELINE_EXAM);
    dir.write("q/ratings.csv", PIPELINE_RATINGS_LONG);
    dir.write("q/interview.csv", "not,a,valid\ninterview,file,at all\n");
    dir.write("q/kpi.csv", PIPELINE_KPI);
    grade_csv(&dir, "standard.toml", &["--interview", "in/panel.csv"])
        .expect_stdout(&pipeline_expected());
}

/// `kpi = 0`: the method is not used, its file is neither needed nor read,
/// and it has no column. `interview` left out of [methods] likewise.
#[test]
fn method_of_weight_zero_needs_no_file() {
    let standard = r#"[standard]
id = "zero-weight"
name = "Exam only"
version = "1"

[methods]
exam = 1
kpi = 0

[[competencies]]
id = "knowledge"
weight = 1

  [[competencies.indicators]]
  id = "products"
  weight = 0.5
  exam = 50
  kpi = { cap = 1.5 }

  [[competencies.indicators]]
  id = "policy"
  weight = 0.5
  exam = 50
  interview = true
"#;
    let dir = fixture(
        "weight-zero",
        &[
            ("standard.toml", standard),
            ("q/roster.csv", "manager_id,name\nz1,Zed\nz2,Yan\n"),
            (
                "q/exam.csv",
                "manager_id,products,policy\nz1,40,45\nz2,25,30\n",
            ),
        ],
    );
    let expected = lines(&[
        "rank,manager_id,name,team,composite,tier,exam,knowledge,status,note",
        // z1: 40/50 = 80.00, 45/50 = 90.00 → exam = 0.5×80 + 0.5×90 = 85.00;
        // composite = 1 × 85 = 85.00; knowledge = 0.5×80 + 0.5×90 = 85.00;
        // no tiers: none; no team column: empty.
        "1,z1,Zed,,85.00,none,85.00,85.00,graded,",
        // z2: 25/50 = 50.00, 30/50 = 60.00 → 55.00
        "2,z2,Yan,,55.00,none,55.00,55.00,graded,",
    ]);
    grade_csv(&dir, "standard.toml", &[]).expect_stdout(&expected);
    // A kpi.csv or interview.csv that is present is not read either.
    dir.write("q/kpi.csv", "garbage\n\"unterminated");
    dir.write("q/interview.csv", "");
    grade_csv(&dir, "standard.toml", &[]).expect_stdout(&expected);
}
