//! Issue 18's optional judgement rules, each on a small quarter whose
//! arithmetic is worked out by hand in the comments: `quota_ties` at a
//! tier's quota line, KPI `bands`, and the calibration worksheet.

use crate::workdir::{Run, Workdir};

/// Lines joined as a file is: each ends with `\n`.
fn lines(rows: &[&str]) -> String {
    rows.iter().map(|row| format!("{row}\n")).collect()
}

fn run_ok(dir: &Workdir, args: &[&str]) -> Run {
    let run = dir.run(args);
    run.expect_code(0);
    run
}

// ---------------------------------------------------------------------------
// Quota ties
// ---------------------------------------------------------------------------

/// An exam-only standard (200 points: points / 2 is the score) with gold
/// (max_share 0.25, `quota_ties` as given), silver (0.25) and bronze.
fn quota_standard(gold_ties: &str) -> String {
    format!(
        r#"[standard]
id = "ties"
name = "Ties"
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

[[tiers]]
id = "gold"
min_composite = 80
max_share = 0.25
{gold_ties}

[[tiers]]
id = "silver"
min_composite = 70
max_share = 0.25

[[tiers]]
id = "bronze"
min_composite = 50
"#
    )
}

/// Eight managers; q2 and q3 both score 180/200 = 90.00 and share rank 2,
/// right at gold's line: floor(0.25 × 8) = 2 places, q1 (95.00) takes one.
fn quota_fixture(name: &str, gold_ties: &str) -> Workdir {
    let dir = Workdir::new(name);
    dir.write("standard.toml", quota_standard(gold_ties))
        .write(
            "q/roster.csv",
            "manager_id,name\nq8,H\nq7,G\nq6,F\nq5,E\nq4,D\nq3,C\nq2,B\nq1,A\n",
        )
        .write(
            "q/exam.csv",
            "manager_id,a\nq1,190\nq2,180\nq3,180\nq4,170\nq5,150\nq6,144\nq7,120\nq8,80\n",
        );
    dir
}

fn grade_csv(dir: &Workdir) -> Run {
    let run = dir.grade_csv(&[]);
    run.expect_code(0);
    run
}

fn warnings(run: &Run) -> Vec<String> {
    run.stderr()
        .lines()
        .filter(|line| line.contains("warning"))
        .map(str::to_string)
        .collect()
}

#[test]
fn quota_ties_admit_takes_the_whole_tie_and_says_by_how_many() {
    let dir = quota_fixture("ties-admit", "quota_ties = \"admit\"");
    let run = grade_csv(&dir);
    run.expect_stdout(&lines(&[
        "rank,manager_id,name,team,composite,tier,exam,knowledge,status,note",
        // 190/200 = 95.00: gold, 1 of 2.
        "1,q1,A,,95.00,gold,95.00,95.00,graded,",
        // 180/200 = 90.00: gold, 2 of 2.
        "2,q2,B,,90.00,gold,90.00,90.00,graded,",
        // 90.00 too, same rank as q2, the last gold admitted: the tie is
        // admitted whole, gold holds 3 = 1 over its quota of 2.
        "2,q3,C,,90.00,gold,90.00,90.00,graded,",
        // 170/200 = 85.00, rank 4: no tie with rank 2, gold is full →
        // silver, 1 of 2.
        "4,q4,D,,85.00,silver,85.00,85.00,graded,meets `gold` but its quota of 2 is full",
        // 150/200 = 75.00: silver, 2 of 2.
        "5,q5,E,,75.00,silver,75.00,75.00,graded,",
        // 144/200 = 72.00: silver is full (split, its default) → bronze.
        "6,q6,F,,72.00,bronze,72.00,72.00,graded,meets `silver` but its quota of 2 is full",
        // 120/200 = 60.00 → bronze; 80/200 = 40.00 → none.
        "7,q7,G,,60.00,bronze,60.00,60.00,graded,",
        "8,q8,H,,40.00,none,40.00,40.00,graded,",
    ]));
    assert_eq!(
        warnings(&run),
        vec![
            "warning: tier `gold` admits 3 managers, 1 over its quota of 2: the tie at rank 2 (`q2`, `q3`) is admitted whole (quota_ties = \"admit\")"
                .to_string()
        ],
        "{}",
        run.stderr()
    );

    // explain names the tie and the excess.
    let explain = run_ok(&dir, &["explain", "q3", "q", "--standard", "standard.toml"]);
    assert!(
        explain.stdout().contains(
            "    tied at rank 2 with q2 across the quota of 2: admitted whole, 1 over the quota (quota_ties = \"admit\")"
        ),
        "{}",
        explain.stdout()
    );
    let json = run_ok(
        &dir,
        &[
            "explain",
            "q3",
            "q",
            "--standard",
            "standard.toml",
            "--format",
            "json",
        ],
    );
    let value: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON");
    let tie = &value["tiers"][0]["quota_tie"];
    assert_eq!(tie["rule"], "admit");
    assert_eq!(tie["rank"], 2);
    assert_eq!(tie["quota"], 2);
    assert_eq!(tie["over_quota"], 1);
    assert_eq!(tie["members"], serde_json::json!(["q2", "q3"]));
    // Silver's default split adds no field.
    assert!(value["tiers"][1].get("quota_tie").is_none());
}

#[test]
fn quota_ties_flag_places_as_split_and_notes_the_block() {
    let dir = quota_fixture("ties-flag", "quota_ties = \"flag\"");
    let run = grade_csv(&dir);
    let flagged = "tied at the quota line: for calibration";
    run.expect_stdout(&lines(&[
        "rank,manager_id,name,team,composite,tier,exam,knowledge,status,note",
        "1,q1,A,,95.00,gold,95.00,95.00,graded,",
        // The tie at rank 2 is split by manager_id as before (q2 before
        // q3), and both are noted for the calibration meeting.
        &format!("2,q2,B,,90.00,gold,90.00,90.00,graded,{flagged}"),
        &format!(
            "2,q3,C,,90.00,silver,90.00,90.00,graded,meets `gold` but its quota of 2 is full; {flagged}"
        ),
        "4,q4,D,,85.00,silver,85.00,85.00,graded,meets `gold` but its quota of 2 is full",
        "5,q5,E,,75.00,bronze,75.00,75.00,graded,meets `silver` but its quota of 2 is full",
        "6,q6,F,,72.00,bronze,72.00,72.00,graded,meets `silver` but its quota of 2 is full",
        "7,q7,G,,60.00,bronze,60.00,60.00,graded,",
        "8,q8,H,,40.00,none,40.00,40.00,graded,",
    ]));
    // The split's warning is as before.
    let said = warnings(&run);
    assert_eq!(said.len(), 1, "{}", run.stderr());
    assert!(said[0].contains("`q2` was admitted and `q3` turned away"));

    // report lists the block.
    let report = run_ok(
        &dir,
        &[
            "report",
            "q",
            "--standard",
            "standard.toml",
            "--section",
            "quota-ties",
            "--format",
            "csv",
        ],
    );
    report.expect_stdout(&lines(&[
        "tier,quota_ties,quota,rank,manager_id,name,team,composite,outcome,holds",
        "gold,flag,2,2,q2,B,,90.00,admitted,gold",
        "gold,flag,2,2,q3,C,,90.00,turned away,silver",
    ]));
    // JSON has the rows under `quota_ties`.
    let json = run_ok(
        &dir,
        &[
            "report",
            "q",
            "--standard",
            "standard.toml",
            "--format",
            "json",
        ],
    );
    let value: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON");
    let tied = value["quota_ties"].as_array().expect("quota_ties rows");
    assert_eq!(tied.len(), 2);
    assert_eq!(tied[1]["manager_id"], "q3");
    assert_eq!(tied[1]["outcome"], "turned away");
    assert_eq!(tied[1]["holds"], "silver");
    // And the whole report (table) has it as its last table.
    let table = run_ok(&dir, &["report", "q", "--standard", "standard.toml"]);
    assert!(
        table
            .stdout()
            .contains("Tied at a quota line, for calibration (quota_ties)"),
        "{}",
        table.stdout()
    );

    let explain = run_ok(&dir, &["explain", "q3", "q", "--standard", "standard.toml"]);
    let text = explain.stdout();
    assert!(text.contains(&format!(
        "note: meets `gold` but its quota of 2 is full; {flagged}"
    )));
    assert!(
        text.contains(
            "    tied at rank 2 with q2 across the quota of 2: turned away by manager_id order; flagged for calibration (quota_ties = \"flag\")"
        ),
        "{text}"
    );
}

#[test]
fn quota_ties_split_is_the_default_and_no_tie_table_appears() {
    let plain = quota_fixture("ties-default", "");
    let split = quota_fixture("ties-split", "quota_ties = \"split\"");
    assert_eq!(grade_csv(&plain).stdout(), grade_csv(&split).stdout());
    let report = run_ok(&plain, &["report", "q", "--standard", "standard.toml"]);
    assert!(
        !report.stdout().contains("quota_ties"),
        "{}",
        report.stdout()
    );
    let check = run_ok(&plain, &["check", "--standard", "standard.toml"]);
    assert!(!check.stdout().contains("quota_ties"), "{}", check.stdout());
}

#[test]
fn quota_ties_shown_by_check_weights_and_diff() {
    let dir = quota_fixture("ties-shown", "quota_ties = \"admit\"");
    dir.write("old.toml", quota_standard(""));
    let check = run_ok(&dir, &["check", "--standard", "standard.toml"]);
    assert!(
        check.stdout().contains(
            "tier `gold`: quota_ties = \"admit\": a tie at its quota line is admitted whole (the quota may be exceeded)"
        ),
        "{}",
        check.stdout()
    );
    let weights = run_ok(&dir, &["weights", "--standard", "standard.toml"]);
    assert!(
        weights
            .stdout()
            .contains("tier `gold`: quota_ties = \"admit\"")
    );
    let json = run_ok(
        &dir,
        &["weights", "--standard", "standard.toml", "--format", "json"],
    );
    let value: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON");
    assert_eq!(value["rules"].as_array().map(Vec::len), Some(1));
    let diff = run_ok(&dir, &["diff", "old.toml", "standard.toml"]);
    assert!(
        diff.stdout()
            .lines()
            .any(|line| line == "  tier `gold`: quota_ties \"split\" → \"admit\""),
        "{}",
        diff.stdout()
    );
}

#[test]
fn quota_ties_needs_a_quota_and_a_known_rule() {
    let dir = quota_fixture("ties-bad", "quota_ties = \"share\"");
    let run = dir.run(&["check", "--standard", "standard.toml"]);
    run.expect_code(1);
    assert!(
        run.stderr().contains(
            "standard.toml:22:1: `quota_ties` of tier `gold` is \"share\"; it must be \"split\", \"admit\" or \"flag\""
        ),
        "{}",
        run.stderr()
    );
    let bronze = quota_standard("").replace(
        "min_composite = 50\n",
        "min_composite = 50\nquota_ties = \"flag\"\n",
    );
    dir.write("standard.toml", bronze);
    let run = dir.run(&["check", "--standard", "standard.toml"]);
    run.expect_code(1);
    assert!(
        run.stderr()
            .contains("`quota_ties` of tier `bronze` has no quota to apply to"),
        "{}",
        run.stderr()
    );
}

// ---------------------------------------------------------------------------
// KPI bands
// ---------------------------------------------------------------------------

/// A KPI-only standard: one indicator, `revenue`, scored by `bands` (so the
/// composite is the band's score).
const BANDS_STANDARD: &str = r#"[standard]
id = "bands"
name = "Bands"
version = "1"

[methods]
kpi = 1

[[competencies]]
id = "results"
weight = 1

  [[competencies.indicators]]
  id = "revenue"
  weight = 1
  kpi = { bands = [[1.2, 100], [1.0, 85], [0.8, 70], [0, 50]] }

[[tiers]]
id = "good"
min_composite = 70
"#;

fn bands_fixture(name: &str) -> Workdir {
    let dir = Workdir::new(name);
    dir.write("standard.toml", BANDS_STANDARD)
        .write(
            "q/roster.csv",
            "manager_id,name\nk1,A\nk2,B\nk3,C\nk4,D\nk5,E\nk6,F\n",
        )
        .write(
            "q/kpi.csv",
            "manager_id,indicator,actual,target\nk1,revenue,130,100\nk2,revenue,100,100\nk3,revenue,5.6,7\nk4,revenue,93,100\nk5,revenue,79,100\nk6,revenue,0,100\n",
        );
    dir
}

#[test]
fn kpi_bands_score_the_band_an_attainment_reaches() {
    let dir = bands_fixture("bands-grade");
    grade_csv(&dir).expect_stdout(&lines(&[
        "rank,manager_id,name,team,composite,tier,kpi,results,status,note",
        // 130 / 100 = 1.3 ≥ 1.2 → 100 (no cap: the top band is the most).
        "1,k1,A,,100.00,good,100.00,100.00,graded,",
        // 100 / 100 = 1.0 ≥ 1.0 → 85.
        "2,k2,B,,85.00,good,85.00,85.00,graded,",
        // 5.6 / 7 is 0.7999999999999999 in binary; to 15 significant
        // digits 0.800000000000000, which meets 0.8 → 70.
        "3,k3,C,,70.00,good,70.00,70.00,graded,",
        // 93 / 100 = 0.93: below 1.0, at least 0.8 → 70; tied with k3.
        "3,k4,D,,70.00,good,70.00,70.00,graded,",
        // 79 / 100 = 0.79 < 0.8 → the last band, ≥ 0: 50.
        "5,k5,E,,50.00,none,50.00,50.00,graded,",
        // 0 / 100 = 0 ≥ 0 → 50.
        "5,k6,F,,50.00,none,50.00,50.00,graded,",
    ]));

    let explain =
        |id: &str| run_ok(&dir, &["explain", id, "q", "--standard", "standard.toml"]).stdout();
    for (id, line) in [
        (
            "k4",
            "actual 93 against target 100: attainment 0.93 → band ≥ 0.8: 70",
        ),
        (
            "k3",
            "actual 5.6 against target 7: attainment 0.8 → band ≥ 0.8: 70",
        ),
        (
            "k5",
            "actual 79 against target 100: attainment 0.79 → band ≥ 0: 50",
        ),
        (
            "k1",
            "actual 130 against target 100: attainment 1.3 → band ≥ 1.2: 100",
        ),
    ] {
        let text = explain(id);
        assert!(text.contains(line), "{id}: no {line:?} in\n{text}");
    }
    let json = run_ok(
        &dir,
        &[
            "explain",
            "k4",
            "q",
            "--standard",
            "standard.toml",
            "--format",
            "json",
        ],
    );
    let value: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON");
    let kpi = &value["competencies"][0]["indicators"][0]["methods"]["kpi"];
    assert_eq!(
        kpi["band"],
        serde_json::json!({"threshold": 0.8, "score": 70.0})
    );
    assert_eq!(kpi["cap"], serde_json::Value::Null);
}

#[test]
fn kpi_bands_shown_by_check_weights_and_diff() {
    let dir = bands_fixture("bands-shown");
    let line = "indicator `revenue`: kpi bands ≥ 1.2: 100, ≥ 1: 85, ≥ 0.8: 70, ≥ 0: 50: an attainment at or above a threshold scores its band, in place of attainment × 100";
    let check = run_ok(&dir, &["check", "--standard", "standard.toml"]);
    assert!(check.stdout().contains(line), "{}", check.stdout());
    let weights = run_ok(&dir, &["weights", "--standard", "standard.toml"]);
    assert!(weights.stdout().contains(line), "{}", weights.stdout());
    dir.write(
        "old.toml",
        BANDS_STANDARD.replace(
            "kpi = { bands = [[1.2, 100], [1.0, 85], [0.8, 70], [0, 50]] }",
            "kpi = { cap = 1.2 }",
        ),
    );
    let diff = run_ok(&dir, &["diff", "old.toml", "standard.toml"]);
    assert!(
        diff.stdout().lines().any(|l| l
            == "  indicator `revenue`: kpi higher is better, cap 1.2 → higher is better, bands ≥ 1.2: 100, ≥ 1: 85, ≥ 0.8: 70, ≥ 0: 50"),
        "{}",
        diff.stdout()
    );
}

#[test]
fn kpi_bands_are_checked() {
    let dir = bands_fixture("bands-bad");
    let bands = "bands = [[1.2, 100], [1.0, 85], [0.8, 70], [0, 50]]";
    for (written, message) in [
        (
            "bands = [[1.2, 100], [1.2, 85], [0, 50]]",
            "standard.toml:16:33: the band thresholds of the kpi of `revenue` must fall strictly, highest first: 1.2 follows 1.2",
        ),
        (
            "bands = [[1.2, 100], [1.0, 120], [0, 50]]",
            "standard.toml:16:38: a band of the kpi of `revenue` scores 120; band scores are from 0 to 100",
        ),
        (
            "bands = [[1.2, 80], [1.0, 85], [0, 50]]",
            "standard.toml:16:37: a band of the kpi of `revenue` scores 85 below a threshold that scores 80: a lower attainment may not score more",
        ),
        (
            "bands = [[1.2, 100], [0.8, 70]]",
            "standard.toml:16:32: the last band of the kpi of `revenue` starts at 0.8, so a lower attainment has no band: end the bands with [0, score] ([0, 0] to score 0 below the rest)",
        ),
        (
            "cap = 1.2, bands = [[1, 100], [0, 0]]",
            "standard.toml:16:11: the kpi of `revenue` has both `cap` and `bands`: the top band's score is the most it scores; remove `cap`",
        ),
        (
            "bands = [1.2, 100]",
            "standard.toml:16:20: `bands` of the kpi of `revenue` must be an array of [threshold, score] pairs, such as [[1.0, 100], [0.8, 70], [0, 0]]",
        ),
    ] {
        dir.write("standard.toml", BANDS_STANDARD.replace(bands, written));
        let run = dir.run(&["check", "--standard", "standard.toml"]);
        run.expect_code(1);
        assert!(
            run.stderr().contains(message),
            "{written}: {}",
            run.stderr()
        );
    }
}

// ---------------------------------------------------------------------------
// The calibration worksheet
// ---------------------------------------------------------------------------

/// Exam only, two indicators of 100 points, one per competency, each half
/// of the composite: composite = (a + b) / 2, knowledge = a, selling = b.
const CALIBRATION_STANDARD: &str = r#"[standard]
id = "calibration"
name = "Calibration"
version = "1"

[methods]
exam = 1

[[competencies]]
id = "knowledge"
weight = 0.5

  [[competencies.indicators]]
  id = "a"
  weight = 1
  exam = 100

[[competencies]]
id = "selling"
weight = 0.5

  [[competencies.indicators]]
  id = "b"
  weight = 1
  exam = 100

[[tiers]]
id = "superior"
min_composite = 70
min_competency = { selling = 75 }

[[tiers]]
id = "intermediate"
min_composite = 60
"#;

fn calibration_fixture(name: &str) -> Workdir {
    let dir = Workdir::new(name);
    dir.write("standard.toml", CALIBRATION_STANDARD)
        .write(
            "q/roster.csv",
            "manager_id,name\nc1,A\nc2,B\nc3,C\nc5,E\nc6,F\nc7,G\n",
        )
        .write(
            "q/exam.csv",
            "manager_id,a,b\nc1,80,79\nc2,66,76\nc3,71,67\nc5,62.8,76\nc6,60,61\nc7,59,59\n",
        );
    dir
}

fn calibration_sheet(dir: &Workdir, extra: &[&str]) -> Vec<Vec<String>> {
    let mut args = vec![
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "-o",
        "book.xlsx",
    ];
    args.extend_from_slice(extra);
    run_ok(dir, &args);
    crate::spreadsheet::sheet_as_text(&dir.path("book.xlsx"), "Calibration", 2)
}

#[test]
fn the_calibration_sheet_lists_who_is_near_a_tier_line() {
    let dir = calibration_fixture("calibration");
    let sheet = calibration_sheet(&dir, &["--calibration"]);
    let expected: Vec<Vec<String>> = [
        "tier|line|minimum|manager_id|name|team|holds|value|distance|side|what_would_move",
        // (62.8 + 76) / 2 = 69.40: 0.60 below superior's 70; selling 76 ≥ 75,
        // so 0.60 more would place c5 in superior.
        "superior|composite|70.00|c5|E||intermediate|69.40|-0.60|below|composite 69.40, 0.60 below superior's 70.00; 0.60 more reaches superior",
        // (66 + 76) / 2 = 71.00: 1.00 above; 70.99 would miss, so 1.01 less
        // loses superior. Ranked 2nd, before c3 at the same distance.
        "superior|composite|70.00|c2|B||superior|71.00|1.00|at or above|composite 71.00, 1.00 above superior's 70.00; 1.01 less would lose superior",
        // (71 + 67) / 2 = 69.00: 1.00 below; selling 67 is also 75 − 67 =
        // 8.00 short of superior's floor (itself outside the margin).
        "superior|composite|70.00|c3|C||intermediate|69.00|-1.00|below|composite 69.00, 1.00 below superior's 70.00; 1.00 more meets the line, but superior also needs: selling short 8.00",
        // c2's selling 76 is 1.00 above superior's floor of 75.
        "superior|selling|75.00|c2|B||superior|76.00|1.00|at or above|selling 76.00, 1.00 above superior's 75.00; 1.01 less would lose superior",
        // (60 + 61) / 2 = 60.50: 0.50 above intermediate's 60.
        "intermediate|composite|60.00|c6|F||intermediate|60.50|0.50|at or above|composite 60.50, 0.50 above intermediate's 60.00; 0.51 less would lose intermediate",
        // (59 + 59) / 2 = 59.00: 1.00 below intermediate's 60.
        "intermediate|composite|60.00|c7|G||none|59.00|-1.00|below|composite 59.00, 1.00 below intermediate's 60.00; 1.00 more reaches intermediate",
        // c1: 79.50 and selling 79 are 9.50 and 4.00 above superior's lines,
        // outside the margin of 2: not listed. Lines of a tier below the one
        // held (c2's and c5's intermediate line) cannot move anyone.
    ]
    .iter()
    .map(|row| row.split('|').map(str::to_string).collect())
    .collect();
    assert_eq!(sheet, expected);

    // A margin of 0.5 keeps only c6, 0.50 above its line (inclusive).
    let narrow = calibration_sheet(&dir, &["--calibration", "--calibration-margin", "0.5"]);
    assert_eq!(narrow.len(), 2, "{narrow:?}");
    assert_eq!(narrow[1][3], "c6");
}

#[test]
fn the_calibration_sheet_is_only_in_a_workbook_asked_for_it() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = calibration_fixture("calibration-off");
    run_ok(
        &dir,
        &[
            "grade",
            "q",
            "--standard",
            "standard.toml",
            "-o",
            "book.xlsx",
        ],
    );
    let workbook: Xlsx<_> = open_workbook(dir.path("book.xlsx")).expect("a workbook");
    assert!(!workbook.sheet_names().contains(&"Calibration".to_string()));
    run_ok(
        &dir,
        &[
            "grade",
            "q",
            "--standard",
            "standard.toml",
            "-o",
            "book.xlsx",
            "--calibration",
        ],
    );
    let workbook: Xlsx<_> = open_workbook(dir.path("book.xlsx")).expect("a workbook");
    assert_eq!(
        workbook.sheet_names(),
        ["Ranking", "Competencies", "Gaps", "Calibration", "Warnings"]
    );

    // Not a workbook: refused before anything is read.
    dir.run(&["grade", "q", "--standard", "standard.toml", "--calibration"])
        .expect_code(2)
        .expect_stderr(
            "error: --calibration adds a sheet to the workbook: give --output FILE.xlsx",
        );
    // A margin needs --calibration, and is a number of at least 0.
    dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "-o",
        "b.xlsx",
        "--calibration-margin",
        "2",
    ])
    .expect_code(2);
    dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "-o",
        "b.xlsx",
        "--calibration",
        "--calibration-margin",
        "-1",
    ])
    .expect_code(2);
}
