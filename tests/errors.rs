//! Bad input (SPEC §1, §2, §7): every class of bad standard, bad data and bad
//! command line, each run on a small valid quarter with one file replaced.
//!
//! A bad standard or bad data exits 1, writes no results and names the place
//! of every problem as `FILE:LINE:` (`FILE:LINE:COLUMN:` where a column
//! applies); a bad command line exits 2.

use std::fs;

use crate::workdir::{Run, Workdir};

// ---------------------------------------------------------------------------
// The baseline quarter: valid, and graded with exit 0 (`baseline_grades`).
// ---------------------------------------------------------------------------

/// All four methods, two roles, two competencies, four indicators.
const STANDARD: &str = r#"[standard]
id = "t"
name = "Test standard"
version = "1"

[scale]
min = 1
max = 5

[methods]
exam = 0.25
ratings = 0.40
interview = 0.15
kpi = 0.20

[ratings]
roles = { supervisor = 0.6, peer = 0.4 }

[ranking]
tie_breakers = ["ratings"]

[[competencies]]
id = "knowledge"
name = "Knowledge"
weight = 0.5

  [[competencies.indicators]]
  id = "products"
  weight = 0.6
  exam = 60
  interview = true

  [[competencies.indicators]]
  id = "pricing"
  weight = 0.4
  exam = 40
  ratings = true

[[competencies]]
id = "results"
name = "Results"
weight = 0.5

  [[competencies.indicators]]
  id = "revenue"
  weight = 0.7
  kpi = { cap = 1.2 }

  [[competencies.indicators]]
  id = "complaints"
  weight = 0.3
  ratings = true
  kpi = { direction = "lower" }

[[tiers]]
id = "superior"
min_composite = 80
min_competency = { knowledge = 70 }
min_method = { exam = 60 }
max_share = 0.5

[[tiers]]
id = "primary"
min_composite = 50
"#;

const ROSTER: &str = "\
manager_id,name,team,tenure_years
m1,Ann Lee,north,4
m2,Bo Chen,south,2.5
m3,Cai Wu,north,1
";

const EXAM: &str = "\
manager_id,products,pricing
m1,54,36
m2,45,30
m3,36,24
";

/// Long form, with one self-rating.
const RATINGS: &str = "\
manager_id,rater_id,role,indicator,score
m1,s1,supervisor,pricing,5
m1,p1,peer,pricing,4
m1,s1,supervisor,complaints,4
m1,p1,peer,complaints,4
m1,m1,self,pricing,5
m2,s1,supervisor,pricing,4
m2,p2,peer,pricing,3
m2,s1,supervisor,complaints,3
m2,p2,peer,complaints,4
m3,s2,supervisor,pricing,3
m3,p1,peer,pricing,3
m3,s2,supervisor,complaints,3
m3,p1,peer,complaints,2
";

/// The same ratings in wide form (without the self-rating).
const RATINGS_WIDE: &str = "\
manager_id,rater_id,role,pricing,complaints
m1,s1,supervisor,5,4
m1,p1,peer,4,4
m2,s1,supervisor,4,3
m2,p2,peer,3,4
m3,s2,supervisor,3,3
m3,p1,peer,3,2
";

const INTERVIEW: &str = "\
manager_id,interviewer_id,indicator,score
m1,i1,products,5
m2,i1,products,4
m3,i1,products,3
";

const KPI: &str = "\
manager_id,indicator,actual,target
m1,revenue,130,100
m1,complaints,2,4
m2,revenue,95,100
m2,complaints,4,4
m3,revenue,70,100
m3,complaints,6,4
";

/// A work folder holding the baseline standard at `standard.toml` and the
/// baseline quarter in `q/`.
fn quarter(name: &str) -> Workdir {
    let w = Workdir::new(name);
    w.write("standard.toml", STANDARD)
        .write("q/roster.csv", ROSTER)
        .write("q/exam.csv", EXAM)
        .write("q/ratings.csv", RATINGS)
        .write("q/interview.csv", INTERVIEW)
        .write("q/kpi.csv", KPI);
    w
}

/// `ladder grade q --standard standard.toml`, plus `extra`.
fn grade(w: &Workdir, extra: &[&str]) -> Run {
    let mut args = vec!["grade", "q", "--standard", "standard.toml"];
    args.extend_from_slice(extra);
    w.run(&args)
}

/// The baseline quarter with one file replaced, graded.
fn grade_with(name: &str, file: &str, contents: impl AsRef<[u8]>) -> Run {
    let w = quarter(name);
    w.write(file, contents);
    grade(&w, &[])
}

/// The baseline quarter graded against another standard.
fn grade_standard(name: &str, standard: &str) -> Run {
    grade_with(name, "standard.toml", standard)
}

/// `base` with `row` appended, and the line the row lands on.
fn append(base: &str, row: &str) -> (String, usize) {
    (format!("{base}{row}\n"), base.lines().count() + 1)
}

/// `text` with `from` (which must occur exactly once) replaced by `to`.
fn replace(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} should occur exactly once in the fixture"
    );
    text.replacen(from, to, 1)
}

/// The line (from 1) of the `nth` (from 1) line of `text` holding `needle`.
fn nth_line_of(text: &str, needle: &str, nth: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.contains(needle))
        .nth(nth - 1)
        .map(|(index, _)| index + 1)
        .unwrap_or_else(|| panic!("{needle:?} is not in the fixture {nth} times"))
}

/// The line of the first line of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    nth_line_of(text, needle, 1)
}

fn describe(run: &Run) -> String {
    format!(
        "ladder {}\nexit: {}\n--- stdout\n{}\n--- stderr\n{}",
        run.args.join(" "),
        run.code(),
        run.stdout(),
        run.stderr()
    )
}

/// Asserts a run that failed on bad input: exit 1, nothing written to
/// standard output, and a line of standard error that begins with one of
/// `places` (`FILE:LINE:` or `FILE:LINE:COLUMN:`) and holds `message`.
fn expect_error_at_any(run: &Run, places: &[&str], message: &str) {
    run.expect_code(1);
    assert_eq!(run.stdout(), "", "results written\n{}", describe(run));
    let stderr = run.stderr();
    assert!(
        stderr.lines().any(
            |line| places.iter().any(|place| line.starts_with(place)) && line.contains(message)
        ),
        "no error at {places:?} holding {message:?}\n{}",
        describe(run)
    );
}

fn expect_error(run: &Run, place: &str, message: &str) {
    expect_error_at_any(run, &[place], message);
}

/// Asserts a bad command line: exit 2, nothing on standard output, and
/// standard error holding `message`.
fn expect_usage(run: &Run, message: &str) {
    run.expect_code(2);
    assert_eq!(run.stdout(), "", "results written\n{}", describe(run));
    run.expect_stderr(message);
}

/// Asserts a run that graded: exit 0 and every manager in the table.
fn expect_graded(run: &Run) {
    run.expect_code(0);
    let stdout = run.stdout();
    for id in ["m1", "m2", "m3"] {
        assert!(stdout.contains(id), "{id} not graded\n{}", describe(run));
    }
}

/// The baseline standard with `interview` at weight 0 (its weight moved to kpi).
fn standard_without_interview() -> String {
    replace(
        STANDARD,
        "interview = 0.15\nkpi = 0.20",
        "interview = 0\nkpi = 0.35",
    )
}

// ---------------------------------------------------------------------------
// The baseline
// ---------------------------------------------------------------------------

#[test]
fn baseline_grades() {
    let w = quarter("baseline");
    let run = grade(&w, &["--format", "csv"]);
    run.expect_code(0);
    let stdout = run.stdout();
    assert!(
        stdout.starts_with("rank,manager_id,name,team,composite,tier,"),
        "{}",
        describe(&run)
    );
    for id in ["m1", "m2", "m3"] {
        assert!(
            stdout
                .lines()
                .any(|line| line.contains(&format!(",{id},")) && line.contains(",graded,")),
            "{id} is not graded\n{}",
            describe(&run)
        );
    }
    w.run(&["check", "--standard", "standard.toml", "q"])
        .expect_code(0);
}

#[test]
fn baseline_with_wide_ratings_grades() {
    expect_graded(&grade_with("wide", "q/ratings.csv", RATINGS_WIDE));
}

// ---------------------------------------------------------------------------
// Rows that name what does not exist
// ---------------------------------------------------------------------------

#[test]
fn manager_not_in_roster_in_exam() {
    let (exam, line) = append(EXAM, "m9,50,30");
    let run = grade_with("unknown-manager-exam", "q/exam.csv", exam);
    expect_error(
        &run,
        &format!("q/exam.csv:{line}:1:"),
        "`m9` is not in the roster",
    );
}

#[test]
fn manager_not_in_roster_in_ratings() {
    let (ratings, line) = append(RATINGS, "m9,s1,supervisor,pricing,4");
    let run = grade_with("unknown-manager-ratings", "q/ratings.csv", ratings);
    expect_error(
        &run,
        &format!("q/ratings.csv:{line}:1:"),
        "`m9` is not in the roster",
    );
}

#[test]
fn manager_not_in_roster_in_interview() {
    let (interview, line) = append(INTERVIEW, "m9,i1,products,4");
    let run = grade_with("unknown-manager-interview", "q/interview.csv", interview);
    expect_error(
        &run,
        &format!("q/interview.csv:{line}:1:"),
        "`m9` is not in the roster",
    );
}

#[test]
fn manager_not_in_roster_in_kpi() {
    // The manager's column need not come first: columns may come in any order.
    let kpi = "indicator,actual,target,manager_id\nrevenue,100,100,M1\n";
    let run = grade_with("unknown-manager-kpi", "q/kpi.csv", kpi);
    expect_error(&run, "q/kpi.csv:2:4:", "`M1` is not in the roster");
}

#[test]
fn unknown_indicator_suggests_a_close_id() {
    let (ratings, line) = append(RATINGS, "m1,s1,supervisor,pricng,4");
    let run = grade_with("unknown-indicator", "q/ratings.csv", ratings);
    expect_error(
        &run,
        &format!("q/ratings.csv:{line}:4:"),
        "unknown indicator `pricng`",
    );
    expect_error(
        &run,
        &format!("q/ratings.csv:{line}:4:"),
        "did you mean `pricing`",
    );
}

#[test]
fn indicator_the_method_does_not_measure() {
    // `revenue` exists, but only the KPI measures it.
    let (ratings, line) = append(RATINGS, "m1,s1,supervisor,revenue,4");
    let run = grade_with("unmeasured-indicator", "q/ratings.csv", ratings);
    expect_error(
        &run,
        &format!("q/ratings.csv:{line}:4:"),
        "`revenue` is not measured by ratings",
    );

    // `pricing` exists, but the KPI file cannot score it.
    let (kpi, line) = append(KPI, "m1,pricing,3,4");
    let run = grade_with("unmeasured-indicator-kpi", "q/kpi.csv", kpi);
    expect_error(
        &run,
        &format!("q/kpi.csv:{line}:2:"),
        "`pricing` is not measured by kpi",
    );
}

#[test]
fn role_not_declared_and_not_self() {
    let (ratings, line) = append(RATINGS, "m1,c1,customer,pricing,4");
    let run = grade_with("unknown-role", "q/ratings.csv", ratings);
    expect_error(
        &run,
        &format!("q/ratings.csv:{line}:3:"),
        "unknown role `customer`",
    );

    // A typo gets a suggestion.
    let (ratings, line) = append(RATINGS, "m1,s3,superviser,pricing,4");
    let run = grade_with("unknown-role-typo", "q/ratings.csv", ratings);
    expect_error(
        &run,
        &format!("q/ratings.csv:{line}:3:"),
        "did you mean `supervisor`",
    );
}

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

#[test]
fn score_that_is_not_a_number() {
    let ratings = format!(
        "{RATINGS}m1,p3,peer,pricing,NaN\nm1,p4,peer,pricing,\"4,5\"\nm1,p5,peer,pricing,1e3\nm1,p6,peer,pricing,inf\n"
    );
    let first = RATINGS.lines().count() + 1;
    let run = grade_with("score-not-number", "q/ratings.csv", ratings);
    for (offset, text) in ["NaN", "4,5", "1e3", "inf"].iter().enumerate() {
        expect_error(
            &run,
            &format!("q/ratings.csv:{}:5:", first + offset),
            &format!("`{text}` is not a number"),
        );
    }
}

#[test]
fn score_outside_the_scale() {
    let ratings = format!("{RATINGS}m1,p3,peer,pricing,6\nm1,p4,peer,pricing,0.5\n");
    let first = RATINGS.lines().count() + 1;
    let run = grade_with("score-outside-scale", "q/ratings.csv", ratings);
    expect_error(
        &run,
        &format!("q/ratings.csv:{first}:5:"),
        "score 6 is outside the scale 1 to 5",
    );
    expect_error(
        &run,
        &format!("q/ratings.csv:{}:5:", first + 1),
        "score 0.5 is outside the scale 1 to 5",
    );

    // The interview uses the same scale.
    let (interview, line) = append(INTERVIEW, "m1,i2,products,5.5");
    let run = grade_with("interview-outside-scale", "q/interview.csv", interview);
    expect_error(
        &run,
        &format!("q/interview.csv:{line}:4:"),
        "outside the scale 1 to 5",
    );
}

#[test]
fn exam_points_below_zero_and_above_the_section_maximum() {
    let exam = "manager_id,products,pricing\nm1,-1,36\nm2,45,40.5\nm3,60,40\n";
    let run = grade_with("exam-points", "q/exam.csv", exam);
    expect_error(&run, "q/exam.csv:2:2:", "outside 0 to 60");
    expect_error(&run, "q/exam.csv:3:3:", "outside 0 to 40");
    // The maximum itself is allowed.
    assert!(
        !run.stderr().contains("q/exam.csv:4:"),
        "full marks rejected\n{}",
        describe(&run)
    );
}

#[test]
fn negative_kpi_actual() {
    let (kpi, line) = append(
        KPI.replace("m3,revenue,70,100\n", "").as_str(),
        "m3,revenue,-5,100",
    );
    let run = grade_with("negative-actual", "q/kpi.csv", kpi);
    expect_error(
        &run,
        &format!("q/kpi.csv:{line}:3:"),
        "actual -5 is negative",
    );
}

#[test]
fn kpi_target_zero_for_direction_higher() {
    let kpi = replace(KPI, "m2,revenue,95,100", "m2,revenue,95,0");
    let line = line_of(&kpi, "m2,revenue");
    let run = grade_with("target-zero-higher", "q/kpi.csv", kpi);
    expect_error(
        &run,
        &format!("q/kpi.csv:{line}:4:"),
        "target 0 must be above 0",
    );
}

#[test]
fn kpi_negative_target_for_direction_lower() {
    let kpi = replace(KPI, "m2,complaints,4,4", "m2,complaints,4,-1");
    let line = line_of(&kpi, "m2,complaints");
    let run = grade_with("target-negative-lower", "q/kpi.csv", kpi);
    expect_error(
        &run,
        &format!("q/kpi.csv:{line}:4:"),
        "target -1 is negative",
    );
}

#[test]
fn kpi_target_zero_is_allowed_for_direction_lower() {
    let kpi = replace(KPI, "m2,complaints,4,4", "m2,complaints,3,0");
    expect_graded(&grade_with("target-zero-lower", "q/kpi.csv", kpi));
}

// ---------------------------------------------------------------------------
// Duplicates
// ---------------------------------------------------------------------------

#[test]
fn duplicate_rating_long_form() {
    let (ratings, line) = append(RATINGS, "m2,p2,peer,pricing,5");
    let run = grade_with("duplicate-rating", "q/ratings.csv", ratings);
    let first = line_of(RATINGS, "m2,p2,peer,pricing");
    expect_error(
        &run,
        &format!("q/ratings.csv:{line}:"),
        &format!("(first on line {first})"),
    );
}

#[test]
fn duplicate_rating_when_one_score_is_empty() {
    // The first copy has an empty score (no evidence), the second a score.
    let ratings = replace(
        RATINGS,
        "m2,p2,peer,pricing,3\n",
        "m2,p2,peer,pricing,\nm2,p2,peer,pricing,3\n",
    );
    let first = line_of(&ratings, "m2,p2,peer,pricing");
    let run = grade_with("duplicate-rating-empty-first", "q/ratings.csv", ratings);
    expect_error(
        &run,
        &format!("q/ratings.csv:{}:", first + 1),
        &format!("(first on line {first})"),
    );

    // And the other way round: the second copy is the empty one.
    let (ratings, line) = append(RATINGS, "m2,p2,peer,pricing,");
    let first = line_of(RATINGS, "m2,p2,peer,pricing");
    let run = grade_with("duplicate-rating-empty-second", "q/ratings.csv", ratings);
    expect_error(
        &run,
        &format!("q/ratings.csv:{line}:"),
        &format!("(first on line {first})"),
    );
}

#[test]
fn duplicate_rating_wide_form() {
    let (ratings, line) = append(RATINGS_WIDE, "m2,p2,peer,3,4");
    let first = line_of(RATINGS_WIDE, "m2,p2,peer");
    let run = grade_with("duplicate-rating-wide", "q/ratings.csv", ratings);
    expect_error(
        &run,
        &format!("q/ratings.csv:{line}:"),
        &format!("(first on line {first})"),
    );
}

#[test]
fn duplicate_interview_score() {
    let (interview, line) = append(INTERVIEW, "m2,i1,products,5");
    let first = line_of(INTERVIEW, "m2,i1,products");
    let run = grade_with("duplicate-interview", "q/interview.csv", interview);
    expect_error(
        &run,
        &format!("q/interview.csv:{line}:"),
        &format!("(first on line {first})"),
    );
}

#[test]
fn duplicate_kpi_row() {
    let (kpi, line) = append(KPI, "m2,revenue,,");
    let first = line_of(KPI, "m2,revenue");
    let run = grade_with("duplicate-kpi", "q/kpi.csv", kpi);
    expect_error(
        &run,
        &format!("q/kpi.csv:{line}:"),
        &format!("(first on line {first})"),
    );
}

#[test]
fn duplicate_exam_row() {
    let (exam, line) = append(EXAM, "m2,,");
    let first = line_of(EXAM, "m2,");
    let run = grade_with("duplicate-exam", "q/exam.csv", exam);
    expect_error(
        &run,
        &format!("q/exam.csv:{line}:"),
        &format!("(first on line {first})"),
    );
}

#[test]
fn duplicate_roster_manager() {
    let (roster, line) = append(ROSTER, "m2,Bo Chen (again),south,3");
    let first = line_of(ROSTER, "m2,");
    let run = grade_with("duplicate-roster", "q/roster.csv", roster);
    expect_error(
        &run,
        &format!("q/roster.csv:{line}:1:"),
        &format!("duplicate manager_id `m2` (first on line {first})"),
    );
}

#[test]
fn duplicate_is_reported_even_when_the_first_copy_is_bad() {
    // Two exam rows for m2: the first has points above the maximum, the
    // second is fine. Both problems are errors, and all errors of a run are
    // reported together (SPEC §2), so the duplicate is not left for the next run.
    let exam = replace(EXAM, "m2,45,30\n", "m2,70,30\nm2,45,30\n");
    let first = line_of(&exam, "m2,70,30");
    let run = grade_with("duplicate-of-bad-exam", "q/exam.csv", exam);
    expect_error(&run, &format!("q/exam.csv:{first}:2:"), "outside 0 to 60");
    expect_error(
        &run,
        &format!("q/exam.csv:{}:", first + 1),
        &format!("(first on line {first})"),
    );

    let kpi = replace(
        KPI,
        "m2,revenue,95,100\n",
        "m2,revenue,abc,100\nm2,revenue,95,100\n",
    );
    let first = line_of(&kpi, "m2,revenue,abc");
    let run = grade_with("duplicate-of-bad-kpi", "q/kpi.csv", kpi);
    expect_error(
        &run,
        &format!("q/kpi.csv:{first}:3:"),
        "`abc` is not a number",
    );
    expect_error(
        &run,
        &format!("q/kpi.csv:{}:", first + 1),
        &format!("(first on line {first})"),
    );
}

// ---------------------------------------------------------------------------
// The roster
// ---------------------------------------------------------------------------

#[test]
fn roster_empty_name() {
    let roster = replace(ROSTER, "m2,Bo Chen,", "m2,  ,");
    let run = grade_with("roster-empty-name", "q/roster.csv", roster);
    expect_error(&run, "q/roster.csv:3:2:", "`name` is empty");
}

#[test]
fn roster_tenure_not_a_number() {
    let roster = replace(ROSTER, "m2,Bo Chen,south,2.5", "m2,Bo Chen,south,2,5");
    // `2,5` unquoted is five fields; quoted it is one cell that is no number.
    let run = grade_with("roster-tenure-fields", "q/roster.csv", roster);
    expect_error(&run, "q/roster.csv:3:", "5 fields but the header has 4");

    let roster = replace(ROSTER, "m2,Bo Chen,south,2.5", "m2,Bo Chen,south,two");
    let run = grade_with("roster-tenure", "q/roster.csv", roster);
    expect_error(
        &run,
        "q/roster.csv:3:4:",
        "tenure_years `two` is not a number",
    );
}

#[test]
fn bad_roster_row_is_not_reported_again_as_an_unknown_manager() {
    // m2 is in the roster (line 3), with a bad tenure: that is the one
    // error. The other files' m2 rows name a manager who is in the roster.
    let roster = replace(ROSTER, "m2,Bo Chen,south,2.5", "m2,Bo Chen,south,two");
    let run = grade_with("roster-no-cascade", "q/roster.csv", roster);
    expect_error(
        &run,
        "q/roster.csv:3:4:",
        "tenure_years `two` is not a number",
    );
    assert!(
        !run.stderr().contains("`m2` is not in the roster"),
        "m2 is reported missing from the roster it is in\n{}",
        describe(&run)
    );
    run.expect_stderr("1 error found");
}

// ---------------------------------------------------------------------------
// Raters, empty cells, records
// ---------------------------------------------------------------------------

#[test]
fn rater_rating_themself_under_another_role() {
    let (ratings, line) = append(RATINGS, "m2,m2,peer,pricing,5");
    let run = grade_with("self-as-peer", "q/ratings.csv", ratings);
    expect_error(
        &run,
        &format!("q/ratings.csv:{line}:"),
        "rater `m2` rates themself under role `peer`",
    );
}

#[test]
fn empty_required_cells() {
    let ratings = format!(
        "{RATINGS},s1,supervisor,pricing,4\nm1,,supervisor,pricing,4\nm1,s9,,pricing,4\nm1,s9,supervisor,,4\n"
    );
    let first = RATINGS.lines().count() + 1;
    let run = grade_with("empty-cells", "q/ratings.csv", ratings);
    for (offset, (column, name)) in [
        (1, "manager_id"),
        (2, "rater_id"),
        (3, "role"),
        (4, "indicator"),
    ]
    .into_iter()
    .enumerate()
    {
        expect_error(
            &run,
            &format!("q/ratings.csv:{}:{column}:", first + offset),
            &format!("`{name}` is empty"),
        );
    }

    let (interview, line) = append(INTERVIEW, "m1,\u{3000},products,4");
    let run = grade_with("empty-interviewer", "q/interview.csv", interview);
    expect_error(
        &run,
        &format!("q/interview.csv:{line}:2:"),
        "`interviewer_id` is empty",
    );

    let (kpi, line) = append(KPI, "m1, ,3,4");
    let run = grade_with("empty-kpi-indicator", "q/kpi.csv", kpi);
    expect_error(
        &run,
        &format!("q/kpi.csv:{line}:2:"),
        "`indicator` is empty",
    );

    let (roster, line) = append(ROSTER, ",Dan Xu,south,3");
    let run = grade_with("empty-roster-id", "q/roster.csv", roster);
    expect_error(
        &run,
        &format!("q/roster.csv:{line}:1:"),
        "`manager_id` is empty",
    );
}

#[test]
fn record_with_the_wrong_number_of_fields() {
    let ratings = format!("{RATINGS}m1,p3,peer,pricing\nm1,p4,peer,pricing,4,extra\n");
    let first = RATINGS.lines().count() + 1;
    let run = grade_with("field-count", "q/ratings.csv", ratings);
    expect_error(
        &run,
        &format!("q/ratings.csv:{first}:"),
        "4 fields but the header has 5",
    );
    expect_error(
        &run,
        &format!("q/ratings.csv:{}:", first + 1),
        "6 fields but the header has 5",
    );
}

#[test]
fn record_spanning_lines_is_located_by_its_first_line() {
    // A quoted name with a line break: the next record starts a line later.
    let roster = "manager_id,name,team,tenure_years\nm1,\"Ann\nLee\",north,4\nm2,Bo Chen,south,2.5\nm3,,north,1\n";
    let run = grade_with("multiline-record", "q/roster.csv", roster);
    expect_error(&run, "q/roster.csv:5:2:", "`name` is empty");
}

#[test]
fn crlf_line_endings_count_physical_lines() {
    // Spreadsheet exports on Windows end lines with CR LF; a record's line is
    // still the physical line it starts on (SPEC §2).
    let kpi = KPI.replace('\n', "\r\n") + "m9,revenue,1,1\r\n\r\nm8,revenue,1,1\r\n";
    let first = KPI.lines().count() + 1;
    let run = grade_with("crlf-lines", "q/kpi.csv", kpi);
    expect_error(
        &run,
        &format!("q/kpi.csv:{first}:1:"),
        "`m9` is not in the roster",
    );
    expect_error(
        &run,
        &format!("q/kpi.csv:{}:1:", first + 2),
        "`m8` is not in the roster",
    );
}

#[test]
fn non_utf8_bytes_in_a_cell() {
    let mut ratings = RATINGS.as_bytes().to_vec();
    ratings.extend_from_slice(b"m1,p\xff3,peer,pricing,4\n");
    let line = RATINGS.lines().count() + 1;
    // Read as UTF-8, the cell is named.
    let w = quarter("non-utf8");
    w.write("q/ratings.csv", ratings);
    let run = grade(&w, &["--encoding", "utf-8"]);
    expect_error(&run, &format!("q/ratings.csv:{line}:2:"), "UTF-8");
    // Detected, the file is otherwise UTF-8 (0xFF is no GB18030 either): the
    // cell is named all the same.
    let run = grade(&w, &[]);
    expect_error(&run, &format!("q/ratings.csv:{line}:2:"), "UTF-8");
}

// ---------------------------------------------------------------------------
// Files and headers
// ---------------------------------------------------------------------------

#[test]
fn zero_byte_file() {
    let run = grade_with("zero-bytes", "q/ratings.csv", "");
    expect_error(&run, "q/ratings.csv:", "empty");
}

#[test]
fn header_only_file_is_valid_but_holds_no_evidence() {
    let w = quarter("header-only");
    w.write(
        "q/interview.csv",
        "manager_id,interviewer_id,indicator,score\n",
    );
    let run = grade(&w, &["--format", "csv"]);
    run.expect_code(0);
    assert!(
        run.stdout()
            .lines()
            .skip(1)
            .all(|line| line.contains("incomplete")),
        "{}",
        describe(&run)
    );
}

#[test]
fn header_naming_a_column_twice() {
    // Names are matched after trimming: ` score ` is `score` again.
    let ratings =
        "manager_id,rater_id,role,indicator,score, score \nm1,s1,supervisor,pricing,4,4\n";
    let run = grade_with("header-twice", "q/ratings.csv", ratings);
    expect_error(&run, "q/ratings.csv:1:6:", "`score` twice");
}

#[test]
fn missing_required_column() {
    let ratings = "manager_id,role,indicator,score\nm1,supervisor,pricing,4\n";
    let run = grade_with("missing-rater-column", "q/ratings.csv", ratings);
    expect_error(&run, "q/ratings.csv:1:", "no `rater_id` column");

    let kpi = "manager_id,indicator,actual\nm1,revenue,100\n";
    let run = grade_with("missing-target-column", "q/kpi.csv", kpi);
    expect_error(&run, "q/kpi.csv:1:", "no `target` column");

    let roster = "manager_id,team\nm1,north\n";
    let run = grade_with("missing-name-column", "q/roster.csv", roster);
    expect_error(&run, "q/roster.csv:1:", "no `name` column");
}

#[test]
fn wide_header_naming_an_indicator_the_method_does_not_measure() {
    let ratings = "manager_id,rater_id,role,pricing,complaints,revenue\nm1,s1,supervisor,5,4,\n";
    let run = grade_with("wide-unmeasured-column", "q/ratings.csv", ratings);
    expect_error(
        &run,
        "q/ratings.csv:1:6:",
        "`revenue` names an indicator that ratings does not measure",
    );
}

#[test]
fn exam_header_without_an_indicator_column() {
    let exam = "manager_id,products\nm1,54\nm2,45\nm3,36\n";
    let run = grade_with("exam-missing-column", "q/exam.csv", exam);
    expect_error(&run, "q/exam.csv:1:", "`pricing`");
}

#[test]
fn wide_header_without_an_indicator_column() {
    let ratings = "manager_id,rater_id,role,pricing\nm1,s1,supervisor,4\n";
    let run = grade_with("wide-missing-column", "q/ratings.csv", ratings);
    expect_error(&run, "q/ratings.csv:1:", "`complaints`");
}

#[test]
fn missing_method_file() {
    let w = quarter("missing-kpi");
    fs::remove_file(w.path("q/kpi.csv")).expect("remove kpi.csv");
    let run = grade(&w, &[]);
    expect_error(&run, "q/kpi.csv:", "q/kpi.csv");
    expect_error(&run, "q/kpi.csv:", "not found");

    // A file named by a flag is looked for where the flag says.
    let w = quarter("missing-flag-file");
    let run = grade(&w, &["--exam", "elsewhere/exam.csv"]);
    expect_error(&run, "elsewhere/exam.csv:", "elsewhere/exam.csv");
}

#[test]
fn file_named_by_a_flag_is_named_as_given() {
    let w = quarter("flag-label");
    let (kpi, line) = append(KPI, "m9,revenue,1,1");
    w.write("exports/kpi-2026q3.csv", kpi);
    let run = grade(&w, &["--kpi", "exports/kpi-2026q3.csv"]);
    expect_error(
        &run,
        &format!("exports/kpi-2026q3.csv:{line}:1:"),
        "`m9` is not in the roster",
    );
}

#[test]
fn missing_roster() {
    let w = quarter("missing-roster");
    fs::remove_file(w.path("q/roster.csv")).expect("remove roster.csv");
    let run = grade(&w, &[]);
    expect_error(&run, "q/roster.csv:", "not found");
}

#[test]
fn missing_quarter_folder() {
    let w = quarter("missing-folder");
    let run = w.run(&["grade", "nosuch", "--standard", "standard.toml"]);
    expect_error(&run, "nosuch:", "no such folder");
    let run = w.run(&["check", "--standard", "standard.toml", "standard.toml"]);
    expect_error(&run, "standard.toml:", "is not a folder");
}

#[test]
fn a_bad_header_stops_the_run_even_with_rejects() {
    let w = quarter("rejects-bad-header");
    let mut exam = b"manager_id,products,pricing\xff\n".to_vec();
    exam.extend_from_slice(
        EXAM.split_once('\n')
            .map_or("", |(_, rows)| rows)
            .as_bytes(),
    );
    w.write("q/exam.csv", exam);
    let run = grade(&w, &["--rejects", "rejects.csv", "--encoding", "utf-8"]);
    expect_error(&run, "q/exam.csv:1:3:", "not UTF-8");
    assert!(
        !w.path("rejects.csv").exists(),
        "no rejects file when the run stops"
    );
}

#[test]
fn header_problems_name_the_header_line_after_blank_lines() {
    let exam = format!("\n\n{}", EXAM.replacen("pricing", "products", 1));
    let run = grade_with("header-after-blanks", "q/exam.csv", exam);
    expect_error(&run, "q/exam.csv:3:3:", "names column `products` twice");
}

#[test]
fn rows_of_a_set_aside_roster_row_say_so() {
    let w = quarter("rejects-roster-row");
    w.write(
        "q/roster.csv",
        replace(ROSTER, "m3,Cai Wu,north,1", "m3,Cai Wu,north,one"),
    );
    let run = grade(&w, &["--rejects", "rejects.csv", "--format", "csv"]);
    run.expect_code(0)
        .expect_stderr("q/roster.csv: 3 rows, 2 used, 1 rejected");
    let rejects = w.read("rejects.csv");
    assert!(
        rejects.contains("manager `m3` has no roster row: it was set aside as a bad row"),
        "{rejects}"
    );
    assert!(!run.stdout().contains(",m3,"), "{}", describe(&run));
}

#[test]
fn a_full_disk_is_a_clean_error() {
    use std::os::unix::fs::FileTypeExt;
    let full = std::path::Path::new("/dev/full");
    if !fs::metadata(full).is_ok_and(|m| m.file_type().is_char_device()) {
        return;
    }
    let w = quarter("full-disk");
    let run = grade(&w, &["--format", "csv", "--output", "/dev/full"]);
    run.expect_code(1).expect_stderr("cannot write `/dev/full`");
    assert!(
        fs::metadata(full).is_ok_and(|m| m.file_type().is_char_device()),
        "/dev/full must still be the device"
    );
}

#[test]
fn an_output_behind_a_link_is_written_through_it() {
    let w = quarter("output-link");
    w.write(
        "out/target.csv",
        "an old, longer file that must not leave a tail behind\n".repeat(50),
    );
    std::os::unix::fs::symlink("target.csv", w.path("out/link.csv")).expect("make a link");
    grade(&w, &["--output", "out/link.csv"]).expect_code(0);
    let link = fs::symlink_metadata(w.path("out/link.csv")).expect("the link");
    assert!(link.file_type().is_symlink(), "the link must stay a link");
    let written = w.read("out/target.csv");
    assert!(written.starts_with("rank,manager_id,"), "{written}");
    assert!(!written.contains("an old, longer file"), "{written}");
}

// ---------------------------------------------------------------------------
// How errors are reported
// ---------------------------------------------------------------------------

#[test]
fn all_errors_are_reported_together() {
    let w = quarter("all-errors");
    let kpi = "\
manager_id,indicator,actual,target
m1,revenue,130,100
m1,complaints,2,4
m2,revenue,-95,100
m2,complaints,4,-4
m3,revnue,70,100
m3,complaints,6,4
m9,revenue,1,1
";
    let exam = replace(EXAM, "m1,54,36", "m1,70,36");
    w.write("q/kpi.csv", kpi).write("q/exam.csv", exam);
    let run = grade(&w, &[]);
    expect_error(&run, "q/exam.csv:2:2:", "outside 0 to 60");
    expect_error(&run, "q/kpi.csv:4:3:", "actual -95");
    expect_error(&run, "q/kpi.csv:5:4:", "target -4");
    expect_error(&run, "q/kpi.csv:6:2:", "did you mean `revenue`");
    expect_error(&run, "q/kpi.csv:8:1:", "`m9` is not in the roster");
    run.expect_stderr("5 errors found");
}

#[test]
fn bad_data_writes_no_results() {
    let w = quarter("no-results");
    let (kpi, line) = append(KPI, "m9,revenue,1,1");
    w.write("q/kpi.csv", kpi);
    let run = grade(&w, &["--output", "result.csv"]);
    expect_error(&run, &format!("q/kpi.csv:{line}:1:"), "`m9`");
    assert!(!w.path("result.csv").exists(), "result.csv was written");

    // `check` reports the same, and exits 1 too.
    let run = w.run(&["check", "--standard", "standard.toml", "q"]);
    expect_error(&run, &format!("q/kpi.csv:{line}:1:"), "`m9`");
}

#[test]
fn unused_column_is_a_warning_not_an_error() {
    let kpi = KPI
        .replacen("target\n", "target,comment\n", 1)
        .replace("00\n", "00,ok\n")
        .replace(",4\n", ",4,\n");
    let run = grade_with("unused-column", "q/kpi.csv", kpi);
    expect_graded(&run);
    let stderr = run.stderr();
    assert!(
        stderr.lines().any(|line| line.contains("q/kpi.csv:1:")
            && line.contains("warning")
            && line.contains("`comment`")),
        "{}",
        describe(&run)
    );
}

#[test]
fn json_carries_the_files_warnings() {
    let w = quarter("json-warnings");
    w.write(
        "q/kpi.csv",
        KPI.replacen("target\n", "target,comment\n", 1)
            .replace('\n', ",\n")
            .replacen("target,comment,\n", "target,comment\n", 1),
    );
    let run = grade(&w, &["--format", "json"]);
    run.expect_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout()).expect("JSON output");
    let warnings = json["warnings"].as_array().expect("a warnings array");
    assert!(
        warnings.iter().any(|w| w
            .as_str()
            .is_some_and(|w| w.starts_with("q/kpi.csv:1:") && w.contains("`comment`"))),
        "{}",
        describe(&run)
    );
}

#[test]
fn errors_past_fifty_are_counted() {
    let mut kpi = KPI.to_string();
    for n in 1..=60 {
        kpi.push_str(&format!("x{n},revenue,1,1\n"));
    }
    let run = grade_with("fifty-errors", "q/kpi.csv", kpi);
    expect_error(&run, "q/kpi.csv:8:1:", "`x1` is not in the roster");
    let stderr = run.stderr();
    let located = stderr
        .lines()
        .filter(|line| line.starts_with("q/kpi.csv:"))
        .count();
    assert_eq!(located, 50, "{}", describe(&run));
    assert!(
        stderr.contains("… and 10 more errors"),
        "{}",
        describe(&run)
    );
    assert!(stderr.contains("60 errors found"), "{}", describe(&run));
    // The first fifty, in file order.
    assert!(stderr.contains("q/kpi.csv:57:1:"), "{}", describe(&run));
    assert!(!stderr.contains("q/kpi.csv:58:1:"), "{}", describe(&run));
}

#[test]
fn a_method_of_weight_zero_is_not_read() {
    let w = quarter("weight-zero-junk");
    w.write("standard.toml", standard_without_interview())
        .write(
            "q/interview.csv",
            b"\xff\xfejunk,,\"unterminated\nmanager_id\nm9,x,NaN,1e3,-1\n".as_slice(),
        );
    expect_graded(&grade(&w, &[]));

    let w = quarter("weight-zero-missing");
    w.write("standard.toml", standard_without_interview());
    fs::remove_file(w.path("q/interview.csv")).expect("remove interview.csv");
    expect_graded(&grade(&w, &[]));
}

#[test]
fn blank_lines_and_lines_of_spaces_are_skipped() {
    let ratings = RATINGS
        .replace(
            "m2,s1,supervisor,pricing,4\n",
            "\n   \nm2,s1,supervisor,pricing,4\n",
        )
        .replace(
            "m3,s2,supervisor,pricing,3\n",
            "\t \n\nm3,s2,supervisor,pricing,3\n",
        );
    let w = quarter("blank-lines");
    w.write("q/ratings.csv", format!("\n{ratings}\n  \n"));
    expect_graded(&grade(&w, &[]));

    // Line numbers still count the physical lines, blank ones included.
    let ratings =
        "\n  \nmanager_id,rater_id,role,indicator,score\n\n \nm9,s1,supervisor,pricing,4\n";
    let run = grade_with("blank-lines-numbered", "q/ratings.csv", ratings);
    expect_error(&run, "q/ratings.csv:6:1:", "`m9` is not in the roster");
}

#[test]
fn rejects_sets_bad_rows_aside_and_grades_without_them() {
    let w = quarter("rejects");
    let kpi = replace(KPI, "m3,revenue,70,100", "m3,revenue,7O,100");
    let kpi_line = line_of(&kpi, "m3,revenue");
    let (ratings, ratings_line) = append(RATINGS, "m9,s1,supervisor,pricing,4");
    w.write("q/kpi.csv", kpi).write("q/ratings.csv", ratings);
    let run = grade(&w, &["--rejects", "rejects.csv", "--format", "csv"]);
    run.expect_code(0)
        .expect_stderr("q/roster.csv: 3 rows, 3 used, 0 rejected")
        .expect_stderr("q/exam.csv: 3 rows, 3 used, 0 rejected")
        .expect_stderr("q/ratings.csv: 14 rows, 13 used, 1 rejected")
        .expect_stderr("q/interview.csv: 3 rows, 3 used, 0 rejected")
        .expect_stderr("q/kpi.csv: 6 rows, 5 used, 1 rejected");

    // Graded without them: m3 has lost its revenue KPI.
    let stdout = run.stdout();
    let row_of = |id: &str| {
        stdout
            .lines()
            .find(|line| line.contains(&format!(",{id},")))
            .unwrap_or_else(|| panic!("no row for {id}\n{}", describe(&run)))
            .to_string()
    };
    assert!(row_of("m1").contains(",graded,"), "{}", describe(&run));
    assert!(row_of("m2").contains(",graded,"), "{}", describe(&run));
    assert!(row_of("m3").contains(",incomplete,"), "{}", describe(&run));
    assert!(!stdout.contains("m9"), "{}", describe(&run));

    let rejects = w.read("rejects.csv");
    let lines: Vec<&str> = rejects.lines().collect();
    assert_eq!(lines.first(), Some(&"file,line,reason,row"), "{rejects}");
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with(&format!("q/kpi.csv,{kpi_line},"))
                && line.contains("`7O` is not a number")
                && line.contains("m3,revenue,7O,100")),
        "{rejects}"
    );
    assert!(
        lines.iter().any(
            |line| line.starts_with(&format!("q/ratings.csv,{ratings_line},"))
                && line.contains("not in the roster")
                && line.contains("m9,s1,supervisor,pricing,4")
        ),
        "{rejects}"
    );
    assert_eq!(lines.len(), 3, "{rejects}");
}

#[test]
fn rejects_drop_the_second_copy_of_a_duplicate() {
    let w = quarter("rejects-duplicate");
    let (kpi, line) = append(KPI, "m1,revenue,10,100");
    w.write("q/kpi.csv", kpi);
    let run = grade(&w, &["--rejects", "rejects.csv", "--format", "csv"]);
    run.expect_code(0)
        .expect_stderr("q/kpi.csv: 7 rows, 6 used, 1 rejected");
    let baseline = grade(&quarter("rejects-duplicate-baseline"), &["--format", "csv"]);
    // The first copy is used: the grade is the baseline's, and the note
    // says a row was set aside.
    let note = format!("graded without 1 rejected KPI row (q/kpi.csv:{line})");
    let expected = baseline
        .stdout()
        .replacen(",graded,\n", &format!(",graded,{note}\n"), 1);
    assert!(expected.contains(",m1,Ann Lee,north,95.04,superior,"));
    assert!(expected.contains(&note), "{expected}");
    assert_eq!(run.stdout(), expected, "{}", describe(&run));
    assert!(
        w.read("rejects.csv")
            .contains(&format!("q/kpi.csv,{line},")),
        "{}",
        w.read("rejects.csv")
    );
}

// ---------------------------------------------------------------------------
// The standard
// ---------------------------------------------------------------------------

#[test]
fn standard_unknown_key() {
    let standard = replace(
        STANDARD,
        "version = \"1\"\n",
        "version = \"1\"\nprecison = 3\n",
    );
    let line = line_of(&standard, "precison");
    let run = grade_standard("standard-unknown-key", &standard);
    expect_error(
        &run,
        &format!("standard.toml:{line}:"),
        "unknown key `precison`",
    );

    let standard = replace(
        STANDARD,
        "  weight = 0.6\n",
        "  weight = 0.6\n  wieght = 0.6\n",
    );
    let line = line_of(&standard, "wieght");
    let run = grade_standard("standard-unknown-key-indicator", &standard);
    expect_error(
        &run,
        &format!("standard.toml:{line}:"),
        "unknown key `wieght`",
    );
}

#[test]
fn standard_weights_not_summing_to_one_or_hundred() {
    let standard = replace(STANDARD, "kpi = 0.20\n", "kpi = 0.30\n");
    let line = line_of(&standard, "[methods]");
    let run = grade_standard("standard-weight-sum", &standard);
    // A rule about a whole set may name only the file (SPEC §1).
    expect_error_at_any(
        &run,
        &[&format!("standard.toml:{line}:"), "standard.toml: "],
        "sum to 1.1",
    );

    let standard = replace(
        STANDARD,
        "roles = { supervisor = 0.6, peer = 0.4 }",
        "roles = { supervisor = 60, peer = 30 }",
    );
    let line = line_of(&standard, "roles =");
    let run = grade_standard("standard-role-sum", &standard);
    expect_error_at_any(
        &run,
        &[&format!("standard.toml:{line}:"), "standard.toml: "],
        "sum to 90",
    );
}

#[test]
fn standard_weights_in_percent_are_accepted() {
    let standard = replace(
        STANDARD,
        "exam = 0.25\nratings = 0.40\ninterview = 0.15\nkpi = 0.20",
        "exam = 25\nratings = 40\ninterview = 15\nkpi = 20",
    );
    let w = quarter("standard-percent");
    w.write("standard.toml", standard);
    expect_graded(&grade(&w, &[]));
}

#[test]
fn standard_negative_and_zero_weights() {
    let standard = replace(
        STANDARD,
        "exam = 0.25\nratings = 0.40",
        "exam = -0.25\nratings = 0.90",
    );
    let line = line_of(&standard, "exam = -0.25");
    let run = grade_standard("standard-negative-weight", &standard);
    expect_error(&run, &format!("standard.toml:{line}:"), "-0.25");

    let standard = replace(
        STANDARD,
        "id = \"results\"\nname = \"Results\"\nweight = 0.5",
        "id = \"results\"\nname = \"Results\"\nweight = 0",
    );
    let line = line_of(&standard, "id = \"results\"") + 2;
    let run = grade_standard("standard-zero-weight", &standard);
    expect_error(
        &run,
        &format!("standard.toml:{line}:"),
        "weights are above 0",
    );
}

#[test]
fn standard_duplicate_competency_id() {
    let standard = replace(STANDARD, "id = \"results\"", "id = \"knowledge\"");
    let line = nth_line_of(&standard, "id = \"knowledge\"", 2);
    let run = grade_standard("standard-duplicate-id", &standard);
    expect_error(
        &run,
        &format!("standard.toml:{line}:"),
        "duplicate competency id `knowledge`",
    );

    // Indicator ids are unique across competencies.
    let standard = replace(STANDARD, "id = \"complaints\"", "id = \"pricing\"");
    let line = nth_line_of(&standard, "id = \"pricing\"", 2);
    let run = grade_standard("standard-duplicate-indicator", &standard);
    expect_error(
        &run,
        &format!("standard.toml:{line}:"),
        "duplicate indicator id `pricing`",
    );
}

#[test]
fn standard_non_ascii_id() {
    let standard = replace(STANDARD, "id = \"pricing\"", "id = \"pricing-策略\"");
    let line = line_of(&standard, "策略");
    let run = grade_standard("standard-non-ascii", &standard);
    expect_error(&run, &format!("standard.toml:{line}:"), "`pricing-策略`");
}

#[test]
fn standard_reserved_id() {
    let standard = replace(STANDARD, "id = \"pricing\"", "id = \"score\"");
    let line = line_of(&standard, "id = \"score\"");
    let run = grade_standard("standard-reserved", &standard);
    expect_error(
        &run,
        &format!("standard.toml:{line}:"),
        "`score` is a reserved word",
    );

    let standard = replace(STANDARD, "id = \"primary\"", "id = \"none\"");
    let line = line_of(&standard, "id = \"none\"");
    let run = grade_standard("standard-reserved-tier", &standard);
    expect_error(
        &run,
        &format!("standard.toml:{line}:"),
        "`none` is a reserved word",
    );
}

#[test]
fn standard_precision_seven() {
    let standard = replace(
        STANDARD,
        "version = \"1\"\n",
        "version = \"1\"\nprecision = 7\n",
    );
    let line = line_of(&standard, "precision = 7");
    let run = grade_standard("standard-precision", &standard);
    expect_error(&run, &format!("standard.toml:{line}:"), "0 to 6");
}

#[test]
fn standard_missing_policy_unknown() {
    let standard = replace(
        STANDARD,
        "version = \"1\"\n",
        "version = \"1\"\nmissing = \"sometimes\"\n",
    );
    let line = line_of(&standard, "sometimes");
    let run = grade_standard("standard-missing", &standard);
    expect_error(&run, &format!("standard.toml:{line}:"), "`sometimes`");
}

#[test]
fn standard_scale_min_not_below_max() {
    let standard = replace(STANDARD, "min = 1\nmax = 5", "min = 5\nmax = 5");
    // The key at fault, or else its table's header.
    let header = line_of(&standard, "[scale]");
    let places: Vec<String> = (header..=header + 2)
        .map(|line| format!("standard.toml:{line}:"))
        .collect();
    let places: Vec<&str> = places.iter().map(String::as_str).collect();
    let run = grade_standard("standard-scale", &standard);
    expect_error_at_any(&run, &places, "min < max");

    let standard = replace(STANDARD, "min = 1\nmax = 5", "min = 5\nmax = 1");
    let run = grade_standard("standard-scale-reversed", &standard);
    expect_error_at_any(&run, &places, "min < max");
}

#[test]
fn standard_scale_errors_name_the_key_at_fault() {
    // A negative minimum is the `min` line's fault; min ≥ max, the `max` line's.
    let standard = replace(STANDARD, "min = 1\nmax = 5", "min = -1\nmax = 5");
    let line = line_of(&standard, "min = -1");
    let run = grade_standard("standard-scale-min", &standard);
    expect_error(&run, &format!("standard.toml:{line}:"), "0 ≤ min < max");
    let standard = replace(STANDARD, "min = 1\nmax = 5", "min = 5\nmax = 4");
    let line = line_of(&standard, "max = 4");
    let run = grade_standard("standard-scale-max", &standard);
    expect_error(&run, &format!("standard.toml:{line}:"), "0 ≤ min < max");
}

#[test]
fn standard_floor_naming_an_unknown_competency() {
    let standard = replace(
        STANDARD,
        "min_competency = { knowledge = 70 }",
        "min_competency = { knowlege = 70 }",
    );
    let line = line_of(&standard, "knowlege");
    let run = grade_standard("standard-floor", &standard);
    expect_error(&run, &format!("standard.toml:{line}:"), "`knowlege`");
    expect_error(
        &run,
        &format!("standard.toml:{line}:"),
        "did you mean `knowledge`",
    );
}

#[test]
fn standard_min_method_unknown_or_of_weight_zero() {
    let standard = replace(
        STANDARD,
        "min_method = { exam = 60 }",
        "min_method = { exma = 60 }",
    );
    let line = line_of(&standard, "exma");
    let run = grade_standard("standard-min-method-unknown", &standard);
    expect_error(&run, &format!("standard.toml:{line}:"), "`exma`");

    let standard = replace(
        &standard_without_interview(),
        "min_method = { exam = 60 }",
        "min_method = { interview = 60 }",
    );
    let line = line_of(&standard, "min_method");
    let run = grade_standard("standard-min-method-zero", &standard);
    expect_error(&run, &format!("standard.toml:{line}:"), "weight 0");
}

#[test]
fn standard_tie_breaker_of_weight_zero() {
    let standard = replace(
        &standard_without_interview(),
        "tie_breakers = [\"ratings\"]",
        "tie_breakers = [\"ratings\", \"interview\"]",
    );
    let line = line_of(&standard, "tie_breakers");
    let run = grade_standard("standard-tie-breaker", &standard);
    expect_error(&run, &format!("standard.toml:{line}:"), "weight 0");

    let standard = replace(
        STANDARD,
        "tie_breakers = [\"ratings\"]",
        "tie_breakers = [\"ratigns\"]",
    );
    let line = line_of(&standard, "tie_breakers");
    let run = grade_standard("standard-tie-breaker-unknown", &standard);
    expect_error(
        &run,
        &format!("standard.toml:{line}:"),
        "did you mean `ratings`",
    );
}

#[test]
fn standard_min_composite_increasing_down_the_tiers() {
    let standard = replace(STANDARD, "min_composite = 50", "min_composite = 85");
    let line = line_of(&standard, "min_composite = 85");
    let run = grade_standard("standard-tier-order", &standard);
    expect_error(&run, &format!("standard.toml:{line}:"), "`min_composite`");
}

#[test]
fn standard_max_share_zero_or_above_one() {
    for share in ["0", "1.5"] {
        let standard = replace(STANDARD, "max_share = 0.5", &format!("max_share = {share}"));
        let line = line_of(&standard, "max_share");
        let run = grade_standard(&format!("standard-max-share-{share}"), &standard);
        expect_error(&run, &format!("standard.toml:{line}:"), "`max_share`");
    }
    // 1 is the largest share allowed.
    let w = quarter("standard-max-share-1");
    w.write(
        "standard.toml",
        replace(STANDARD, "max_share = 0.5", "max_share = 1"),
    );
    expect_graded(&grade(&w, &[]));
}

#[test]
fn standard_indicator_with_no_method() {
    let standard = replace(STANDARD, "  kpi = { cap = 1.2 }\n", "");
    // No key to point at: the indicator's table header.
    let line = line_of(&standard, "id = \"revenue\"") - 1;
    let run = grade_standard("standard-unmeasured", &standard);
    expect_error(
        &run,
        &format!("standard.toml:{line}:"),
        "`revenue` is measured by no method",
    );
}

#[test]
fn standard_method_with_weight_measuring_nothing() {
    let standard = replace(
        STANDARD,
        "  exam = 60\n  interview = true\n",
        "  exam = 60\n",
    );
    let line = line_of(&standard, "interview = 0.15");
    let run = grade_standard("standard-method-measures-nothing", &standard);
    expect_error(
        &run,
        &format!("standard.toml:{line}:"),
        "`interview` has a weight but measures no indicator",
    );
}

#[test]
fn standard_indicator_measured_only_by_a_method_of_weight_zero() {
    let standard = replace(
        STANDARD,
        "interview = 0.15\nkpi = 0.20",
        "interview = 0.35\nkpi = 0",
    );
    let line = line_of(&standard, "id = \"revenue\"");
    let run = grade_standard("standard-weight-zero-only", &standard);
    // A rule about the whole standard may name only the file (SPEC §1).
    expect_error_at_any(
        &run,
        &[
            &format!("standard.toml:{line}:"),
            &format!("standard.toml:{}:", line - 1),
            "standard.toml: ",
        ],
        "`revenue` is measured only by methods of weight 0",
    );
}

#[test]
fn standard_self_as_a_role() {
    let standard = replace(
        STANDARD,
        "roles = { supervisor = 0.6, peer = 0.4 }",
        "roles = { supervisor = 0.6, self = 0.4 }",
    );
    let line = line_of(&standard, "roles =");
    let run = grade_standard("standard-self-role", &standard);
    expect_error(&run, &format!("standard.toml:{line}:"), "`self`");
}

#[test]
fn standard_min_raters_naming_an_undeclared_role() {
    let standard = replace(
        STANDARD,
        "roles = { supervisor = 0.6, peer = 0.4 }\n",
        "roles = { supervisor = 0.6, peer = 0.4 }\nmin_raters = { peer = 1, customer = 2 }\n",
    );
    let line = line_of(&standard, "min_raters");
    let run = grade_standard("standard-min-raters", &standard);
    expect_error(&run, &format!("standard.toml:{line}:"), "`customer`");
}

#[test]
fn standard_ratings_false() {
    let standard = replace(
        STANDARD,
        "  exam = 40\n  ratings = true\n",
        "  exam = 40\n  ratings = false\n",
    );
    let line = line_of(&standard, "ratings = false");
    let run = grade_standard("standard-ratings-false", &standard);
    expect_error(&run, &format!("standard.toml:{line}:"), "`true`");
}

#[test]
fn standard_kpi_cap_below_one() {
    let standard = replace(STANDARD, "kpi = { cap = 1.2 }", "kpi = { cap = 0.9 }");
    let line = line_of(&standard, "cap = 0.9");
    let run = grade_standard("standard-cap", &standard);
    expect_error(&run, &format!("standard.toml:{line}:"), "0.9");
}

#[test]
fn standard_toml_syntax_error() {
    let standard = replace(STANDARD, "name = \"Knowledge\"", "name = \"Knowledge");
    let line = line_of(&standard, "name = \"Knowledge");
    let run = grade_standard("standard-syntax", &standard);
    expect_error(&run, &format!("standard.toml:{line}:"), "");
    assert_eq!(
        run.stderr()
            .lines()
            .filter(|l| l.starts_with("standard.toml:"))
            .count(),
        1,
        "one syntax error, one line\n{}",
        describe(&run)
    );
}

#[test]
fn standard_file_missing() {
    let w = quarter("standard-file-missing");
    let run = w.run(&["grade", "q", "--standard", "nosuch.toml"]);
    expect_error(&run, "nosuch.toml:", "not found");
    let run = w.run(&["check", "--standard", "nosuch.toml"]);
    expect_error(&run, "nosuch.toml:", "not found");
}

#[test]
fn standard_errors_are_reported_together() {
    let standard = replace(
        STANDARD,
        "version = \"1\"\n",
        "version = \"1\"\nprecision = 7\nmissng = \"zero\"\n",
    );
    let standard = replace(&standard, "id = \"pricing\"", "id = \"score\"");
    let standard = replace(&standard, "kpi = { cap = 1.2 }", "kpi = { cap = 0.5 }");
    let w = quarter("standard-several");
    w.write("standard.toml", &standard);
    for run in [
        grade(&w, &[]),
        w.run(&["check", "--standard", "standard.toml"]),
    ] {
        expect_error(
            &run,
            &format!("standard.toml:{}:", line_of(&standard, "precision = 7")),
            "0 to 6",
        );
        expect_error(
            &run,
            &format!("standard.toml:{}:", line_of(&standard, "missng")),
            "unknown key `missng`",
        );
        expect_error(
            &run,
            &format!("standard.toml:{}:", line_of(&standard, "id = \"score\"")),
            "reserved",
        );
        expect_error(
            &run,
            &format!("standard.toml:{}:", line_of(&standard, "cap = 0.5")),
            "0.5",
        );
    }
}

// ---------------------------------------------------------------------------
// The command line (exit 2)
// ---------------------------------------------------------------------------

#[test]
fn unknown_flag() {
    let w = quarter("cli-unknown-flag");
    expect_usage(&grade(&w, &["--colour"]), "--colour");
    expect_usage(&w.run(&["grade", "q"]), "--standard");
    expect_usage(
        &w.run(&["rank", "q", "--standard", "standard.toml"]),
        "rank",
    );
}

#[test]
fn unknown_format() {
    let w = quarter("cli-format");
    expect_usage(&grade(&w, &["--format", "xml"]), "xml");
}

#[test]
fn output_extension_without_format() {
    let w = quarter("cli-output-extension");
    expect_usage(&grade(&w, &["--output", "result.xyz"]), "result.xyz");
    assert!(!w.path("result.xyz").exists(), "result.xyz was written");
}

#[test]
fn unknown_tier_filter() {
    let w = quarter("cli-tier");
    expect_usage(&grade(&w, &["--tier", "nosuch"]), "nosuch");
}

#[test]
fn output_onto_an_input_file() {
    let w = quarter("cli-output-input");
    expect_usage(
        &grade(&w, &["--output", "q/roster.csv", "--format", "csv"]),
        "q/roster.csv",
    );
    assert_eq!(w.read("q/roster.csv"), ROSTER, "the roster was overwritten");

    expect_usage(
        &grade(&w, &["--output", "standard.toml", "--format", "csv"]),
        "standard.toml",
    );
    assert_eq!(
        w.read("standard.toml"),
        STANDARD,
        "the standard was overwritten"
    );

    expect_usage(&grade(&w, &["--rejects", "q/kpi.csv"]), "q/kpi.csv");
    assert_eq!(w.read("q/kpi.csv"), KPI, "kpi.csv was overwritten");
}

#[test]
fn a_run_that_stops_still_prints_its_warnings() {
    let w = quarter("errors-and-warnings");
    let mut exam = EXAM.replacen("manager_id,", "manager_id,remarks,", 1);
    exam = exam
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                line.to_string()
            } else {
                line.replacen(',', ",x,", 1)
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    exam.push_str("\nnobody,x,1,1\n");
    w.write("q/exam.csv", exam);
    for command in [
        &["check", "--standard", "standard.toml", "q"][..],
        &["grade", "q", "--standard", "standard.toml"][..],
    ] {
        let run = w.run(command);
        run.expect_code(1)
            .expect_stderr("manager `nobody` is not in the roster")
            .expect_stderr("q/exam.csv:1: warning: ignoring column `remarks`");
    }
}
