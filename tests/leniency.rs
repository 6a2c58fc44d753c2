//! Issue 18's rater leniency correction (`[ratings] adjust`), on small
//! quarters whose arithmetic is worked out by hand in the comments.

use crate::workdir::{Run, Workdir};

/// A ratings-only standard, one role (`peer`), one indicator, gold at 80
/// and silver at 60; `extra` goes into `[ratings]`.
fn standard(scale_max: u32, scale_min: u32, extra: &str) -> String {
    format!(
        r#"[standard]
id = "len"
name = "Leniency"
version = "1"

[scale]
min = {scale_min}
max = {scale_max}

[methods]
ratings = 1

[ratings]
roles = {{ peer = 1 }}
{extra}

[[competencies]]
id = "service"
weight = 1

  [[competencies.indicators]]
  id = "care"
  weight = 1
  ratings = true

[[tiers]]
id = "gold"
min_composite = 80

[[tiers]]
id = "silver"
min_composite = 60
"#
    )
}

const HEADER: &str = "manager_id,rater_id,role,indicator,score\n";

/// The README's worked example, on a 1–5 scale. L is lenient (5, 5, 5:
/// mean 5), A severe (3, 1, 5: mean 3), B in between (3, 4, 5: mean 4).
/// The overall mean of the nine ratings is 36 / 9 = 4, so under `center`
/// L's shift is 4 − 5 = −1, A's +1 and B's 0.
const WORKED: &str = "m1,L,peer,care,5\nm2,L,peer,care,5\nm3,L,peer,care,5\n\
m2,A,peer,care,3\nm3,A,peer,care,1\nm4,A,peer,care,5\n\
m1,B,peer,care,3\nm2,B,peer,care,4\nm4,B,peer,care,5\n";

fn quarter(name: &str, extra: &str, ratings: &str) -> Workdir {
    let dir = Workdir::new(name);
    dir.write("standard.toml", standard(5, 1, extra))
        .write(
            "q/roster.csv",
            "manager_id,name\nm1,Ann\nm2,Bo\nm3,Cy\nm4,Di\n",
        )
        .write("q/ratings.csv", format!("{HEADER}{ratings}"));
    dir
}

/// `report --section raters` as CSV, which must succeed.
fn raters_csv(dir: &Workdir) -> Run {
    ok(
        dir,
        &[
            "report",
            "q",
            "--standard",
            "standard.toml",
            "--section",
            "raters",
            "--format",
            "csv",
        ],
    )
}

fn ok(dir: &Workdir, args: &[&str]) -> Run {
    let run = dir.run(args);
    run.expect_code(0);
    run
}

fn grade(dir: &Workdir) -> String {
    dir.grade_csv(&[]).expect_code(0).stdout()
}

fn explain_all(dir: &Workdir, manager: &str) -> String {
    ok(
        dir,
        &[
            "explain",
            "--standard",
            "standard.toml",
            manager,
            "q",
            "--show-all-roles",
        ],
    )
    .stdout()
}

#[test]
fn a_lenient_raters_correction_changes_a_tier() {
    // As given: m1 (L 5, B 3) 4.0 → 80.00 gold; m2 (5, 3, 4) 4.0 → 80.00;
    // m3 (5, 1) 3.0 → 60.00; m4 (5, 5) 5.0 → 100.00.
    let raw = quarter("leniency-raw", "", WORKED);
    assert_eq!(
        grade(&raw),
        "rank,manager_id,name,team,composite,tier,ratings,service,status,note\n\
         1,m4,Di,,100.00,gold,100.00,100.00,graded,\n\
         2,m1,Ann,,80.00,gold,80.00,80.00,graded,\n\
         2,m2,Bo,,80.00,gold,80.00,80.00,graded,\n\
         4,m3,Cy,,60.00,silver,60.00,60.00,graded,\n"
    );
    // Centred: m1 (5 − 1 = 4, 3 + 0 = 3) 3.5 → 70.00: silver, not gold.
    // m2 (4, 4, 4) 80.00; m3 (4, 1 + 1 = 2) 3.0 → 60.00; m4: A's 5 + 1 = 6
    // is clamped to the scale's 5, so (5, 5) → 100.00.
    let centred = quarter(
        "leniency-center",
        "adjust = \"center\"\nadjust_min = 3",
        WORKED,
    );
    assert_eq!(
        grade(&centred),
        "rank,manager_id,name,team,composite,tier,ratings,service,status,note\n\
         1,m4,Di,,100.00,gold,100.00,100.00,graded,\n\
         2,m2,Bo,,80.00,gold,80.00,80.00,graded,\n\
         3,m1,Ann,,70.00,silver,70.00,70.00,graded,\n\
         4,m3,Cy,,60.00,silver,60.00,60.00,graded,\n"
    );
    // Each rating raw, its rater's shift and the value scored, sorted by
    // the value scored; no rater named.
    let m1 = explain_all(&centred, "m1");
    assert!(
        m1.contains(
            "2 scores: 3, 4; mean 3.50; weight 1; leniency: 3 (shift 0) → 3, 5 (shift -1) → 4"
        ),
        "{m1}"
    );
    assert!(!m1.contains("L ") && !m1.contains(" B "), "{m1}");
    // The clamp: 5 (shift +1) → 5, not 6.
    assert!(explain_all(&centred, "m4").contains("5 (shift +1) → 5"));
    // Without --show-all-roles a group of 2 peers (report_min 3) is hidden,
    // and so are its ratings (SPEC §8).
    let hidden = ok(
        &centred,
        &["explain", "--standard", "standard.toml", "m1", "q"],
    )
    .stdout();
    assert!(!hidden.contains("leniency:"), "{hidden}");
}

#[test]
fn explain_json_gives_each_rating_raw_shift_and_adjusted() {
    let dir = quarter(
        "leniency-json",
        "adjust = \"center\"\nadjust_min = 3",
        WORKED,
    );
    let run = ok(
        &dir,
        &[
            "explain",
            "--standard",
            "standard.toml",
            "m1",
            "q",
            "--show-all-roles",
            "--format",
            "json",
        ],
    );
    let text: String = run.stdout().split_whitespace().collect();
    assert!(
        text.contains(r#""leniency":[{"raw":3.0,"shift":0.0,"adjusted":3.0},{"raw":5.0,"shift":-1.0,"adjusted":4.0}]"#),
        "{text}"
    );
}

#[test]
fn report_lists_each_raters_mean_shift_and_flag() {
    // A's shift +1 and L's −1 are beyond the default 0.5; B's 0 is not.
    let dir = quarter(
        "leniency-report",
        "adjust = \"center\"\nadjust_min = 3",
        WORKED,
    );
    let run = raters_csv(&dir);
    assert_eq!(
        run.stdout(),
        "rater_id,ratings,managers,mean,shift,flag\n\
         A,3,3,3.00,1.00,severe\n\
         B,3,3,4.00,0.00,\n\
         L,3,3,5.00,-1.00,lenient\n"
    );
    // adjust_flag = 1: a shift of exactly 1 is not beyond it.
    let dir = quarter(
        "leniency-report-flag",
        "adjust = \"center\"\nadjust_min = 3\nadjust_flag = 1",
        WORKED,
    );
    let run = raters_csv(&dir);
    assert!(
        run.stdout().contains("L,3,3,5.00,-1.00,\n"),
        "{}",
        run.stdout()
    );
}

#[test]
fn raters_below_adjust_min_are_not_shifted() {
    // Every rater gave 3 ratings: with adjust_min = 4 nobody is adjusted,
    // and the grades are those of the ratings as given.
    let raw = quarter("leniency-min-raw", "", WORKED);
    let few = quarter(
        "leniency-min",
        "adjust = \"center\"\nadjust_min = 4",
        WORKED,
    );
    assert_eq!(grade(&few), grade(&raw));
    assert!(explain_all(&few, "m1").contains("3 (not adjusted) → 3, 5 (not adjusted) → 5"));
}

#[test]
fn a_rater_of_one_manager_is_not_shifted() {
    // S rates only m3 (4): one rating, one manager, so not adjusted even
    // with adjust_min = 1. The overall mean is (36 + 4) / 10 = 4, so the
    // other shifts stay −1, +1, 0. m3: L 4, A 2, S 4 → 10 / 3 = 3.3333 → 66.67.
    let ratings = format!("{WORKED}m3,S,peer,care,4\n");
    let dir = quarter(
        "leniency-one-manager",
        "adjust = \"center\"\nadjust_min = 1",
        &ratings,
    );
    let report = raters_csv(&dir).stdout();
    assert!(report.contains("\nS,1,1,4.00,,\n"), "{report}");
    assert!(report.contains("\nL,3,3,5.00,-1.00,lenient\n"), "{report}");
    assert!(grade(&dir).contains("m3,Cy,,66.67,silver"));
    assert!(explain_all(&dir, "m3").contains("4 (not adjusted) → 4"));
}

#[test]
fn self_ratings_are_neither_adjusted_nor_counted() {
    // m1 rates themself 1: were it counted, the overall mean would be
    // 37 / 10 = 3.7 and every shift would change. It is not: the grades
    // are the worked example's, and m1 is no rater in the report.
    let rules = "adjust = \"center\"\nadjust_min = 3";
    let with_self = quarter(
        "leniency-self",
        rules,
        &format!("{WORKED}m1,m1,self,care,1\n"),
    );
    let without = quarter("leniency-no-self", rules, WORKED);
    assert_eq!(grade(&with_self), grade(&without));
    let report = raters_csv(&with_self).stdout();
    assert!(!report.contains("\nm1,"), "{report}");
    let explained = explain_all(&with_self, "m1");
    assert!(
        explained.contains("self         1 (never weighted)"),
        "{explained}"
    );
}

#[test]
fn adjust_none_grades_byte_identically_to_no_adjust() {
    let absent = quarter("leniency-absent", "", WORKED);
    let none = quarter("leniency-none", "adjust = \"none\"", WORKED);
    for args in [
        &[
            "grade",
            "q",
            "--standard",
            "standard.toml",
            "--format",
            "csv",
        ][..],
        &[
            "grade",
            "q",
            "--standard",
            "standard.toml",
            "--format",
            "json",
        ],
        &[
            "explain",
            "--standard",
            "standard.toml",
            "m1",
            "q",
            "--show-all-roles",
        ],
        &[
            "report",
            "q",
            "--standard",
            "standard.toml",
            "--format",
            "json",
        ],
    ] {
        assert_eq!(
            ok(&none, args).stdout(),
            ok(&absent, args).stdout(),
            "{args:?}"
        );
    }
}

#[test]
fn standardize_maps_z_scores_back_with_the_overall_mean_and_sd() {
    // Scale 0–20. X gives 9 and 11 (mean 10, population sd 1), Y 3 and 17
    // (mean 10, sd 7). Overall: mean 10, squared deviations 1 + 1 + 49 + 49
    // = 100 over 4 = 25, sd 5. Every z-score is ±1, mapped to 10 ± 5.
    // m1: X 9 → 5, Y 3 → 5: mean 5 → 5 / 20 × 100 = 25.00 (raw 6 → 30.00).
    // m2: X 11 → 15, Y 17 → 15: 15 → 75.00 (raw 14 → 70.00).
    let dir = Workdir::new("leniency-standardize");
    dir.write(
        "standard.toml",
        standard(20, 0, "adjust = \"standardize\"\nadjust_min = 2"),
    )
    .write("q/roster.csv", "manager_id,name\nm1,Ann\nm2,Bo\n")
    .write(
        "q/ratings.csv",
        format!(
            "{HEADER}m1,X,peer,care,9\nm2,X,peer,care,11\nm1,Y,peer,care,3\nm2,Y,peer,care,17\n"
        ),
    );
    assert_eq!(
        grade(&dir),
        "rank,manager_id,name,team,composite,tier,ratings,service,status,note\n\
         1,m2,Bo,,75.00,silver,75.00,75.00,graded,\n\
         2,m1,Ann,,25.00,none,25.00,25.00,graded,\n"
    );
    // Under center both shifts are 10 − 10 = 0: the raw 30.00 and 70.00.
    dir.write(
        "standard.toml",
        standard(20, 0, "adjust = \"center\"\nadjust_min = 2"),
    );
    assert!(grade(&dir).contains("1,m2,Bo,,70.00,silver"));
    assert!(grade(&dir).contains("2,m1,Ann,,30.00,none"));
}

#[test]
fn standardize_centres_a_rater_who_always_gives_one_value() {
    // The worked example under standardize. L (5, 5, 5) has sd 0: centred
    // only, 5 − 1 = 4. B (3, 4, 5) has mean 4 and sd √(2/3); the overall
    // sd is √(16/9) = 4/3 (squared deviations 1+1+1+1+9+1+1+0+1 = 16).
    // B's 3 → 4 + 4/3 × (−1) / √(2/3) = 4 − 1.6329931618554 = 2.3670068381446.
    // m1: (4 + 2.3670068381446) / 2 = 3.1835034190723 → 63.67, silver;
    // explain shows the adjusted value to 6 decimals, 2.367007.
    let dir = quarter(
        "leniency-standardize-flat",
        "adjust = \"standardize\"\nadjust_min = 3",
        WORKED,
    );
    assert!(
        grade(&dir).contains("m1,Ann,,63.67,silver"),
        "{}",
        grade(&dir)
    );
    let m1 = explain_all(&dir, "m1");
    assert!(m1.contains("5 (shift -1) → 4"), "{m1}");
    assert!(m1.contains("3 (shift 0) → 2.367007"), "{m1}");
}

#[test]
fn check_weights_and_diff_show_the_rule() {
    let dir = quarter(
        "leniency-rules",
        "adjust = \"center\"\nadjust_min = 3",
        WORKED,
    );
    let rule = "ratings: adjust = \"center\": each rater's ratings of others shifted by (overall mean − the rater's mean), clamped to the scale, for raters of at least 3 ratings (adjust_min) across 2 managers or more; `report --section raters` flags a shift beyond 0.5 (adjust_flag)";
    ok(&dir, &["check", "--standard", "standard.toml"]).expect_stdout_contains(rule);
    ok(&dir, &["weights", "--standard", "standard.toml"]).expect_stdout_contains(rule);
    let json = ok(
        &dir,
        &["weights", "--standard", "standard.toml", "--format", "json"],
    )
    .stdout();
    assert!(json.contains("ratings: adjust = \\\"center\\\""), "{json}");
    dir.write("old.toml", standard(5, 1, ""));
    ok(&dir, &["diff", "old.toml", "standard.toml"])
        .expect_stdout_contains("adjust: \"none\" → \"center\"")
        .expect_stdout_contains("adjust_min: 5 → 3");
}

#[test]
fn without_adjust_the_raters_section_shows_who_would_be_shifted() {
    // The worked example's raters, adjust off: their means (L 5, A 3, B 4),
    // no shift and no flag, and the grades as given.
    let dir = quarter("leniency-report-off", "", WORKED);
    let run = raters_csv(&dir);
    assert_eq!(
        run.stdout(),
        "rater_id,ratings,managers,mean,shift,flag\n\
         A,3,3,3.00,,\n\
         B,3,3,4.00,,\n\
         L,3,3,5.00,,\n"
    );
}
