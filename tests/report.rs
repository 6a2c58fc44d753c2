//! `ladder report` (issue 8): the quarter per branch and team, the raters'
//! agreement and the interviewers' leniency, worked by hand.

use std::collections::HashMap;

use crate::workdir::{Workdir, csv_maps};

/// Ratings and interview, one competency, two tiers.
const STANDARD: &str = r#"[standard]
id = "report"
precision = 2

[scale]
min = 1
max = 5

[methods]
ratings = 0.5
interview = 0.5

[ratings]
roles = { peer = 1 }

[interview]
min_interviewers = 1

[[competencies]]
id = "selling"
weight = 0.5

  [[competencies.indicators]]
  id = "questioning"
  weight = 1
  ratings = true
  interview = true

[[competencies]]
id = "service"
weight = 0.5

  [[competencies.indicators]]
  id = "follow-up"
  weight = 1
  ratings = true
  interview = true

[[tiers]]
id = "superior"
min_composite = 70

[[tiers]]
id = "primary"
min_composite = 40
"#;

/// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": four
/// coders, twelve units, `.` where a coder gave no value. Interval alpha 0.849.
const KRIPPENDORFF: [[&str; 12]; 4] = [
    ["1", "2", "3", "3", "2", "1", "4", "1", "2", ".", ".", "."],
    ["1", "2", "3", "3", "2", "2", "4", "1", "2", "5", ".", "3"],
    [".", "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", "."],
    ["1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", "."],
];

/// Twelve managers M01–M12 in teams A (M01–M06, branch north) and B
/// (M07–M12, branch south). `questioning` is rated as in Krippendorff's
/// example; `follow-up` by the same four raters, all giving the unit's
/// number mod 5 + 1 (perfect agreement). Interviewer IV1 scores one point
/// above IV2 and IV3 on every panel.
fn quarter(dir: &Workdir) {
    let mut roster = "manager_id,name,team,branch\n".to_string();
    let mut ratings = "manager_id,rater_id,role,indicator,score\n".to_string();
    let mut interview = "manager_id,interviewer_id,indicator,score\n".to_string();
    for unit in 0..12 {
        let id = format!("M{:02}", unit + 1);
        let (team, branch) = if unit < 6 {
            ("A", "north")
        } else {
            ("B", "south")
        };
        roster.push_str(&format!("{id},经理{unit},{team},{branch}\n"));
        for (coder, values) in KRIPPENDORFF.iter().enumerate() {
            if values[unit] != "." {
                ratings.push_str(&format!(
                    "{id},C{coder},peer,questioning,{}\n",
                    values[unit]
                ));
            }
            ratings.push_str(&format!("{id},C{coder},peer,follow-up,{}\n", unit % 5 + 1));
        }
        for indicator in ["questioning", "follow-up"] {
            let base = 2 + unit % 3;
            interview.push_str(&format!("{id},IV1,{indicator},{}\n", base + 1));
            interview.push_str(&format!("{id},IV2,{indicator},{base}\n"));
            interview.push_str(&format!("{id},IV3,{indicator},{base}\n"));
        }
    }
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", roster)
        .write("q/ratings.csv", ratings)
        .write("q/interview.csv", interview);
}

fn by_key(text: &str, key: &str) -> HashMap<String, HashMap<String, String>> {
    csv_maps(text)
        .into_iter()
        .map(|row| (row[key].clone(), row))
        .collect()
}

const REPORT: [&str; 4] = ["report", "q", "--standard", "standard.toml"];

#[test]
fn alpha_per_indicator_matches_krippendorffs_worked_example() {
    let dir = Workdir::new("report-alpha");
    quarter(&dir);
    let run = dir.run(&[&REPORT[..], &["--format", "csv", "--section", "indicators"]].concat());
    run.expect_code(0);
    let text = run.stdout();
    assert_eq!(
        text.lines().next(),
        Some("indicator,competency,managers,ratings,alpha,verdict")
    );
    let rows = by_key(&text, "indicator");
    // Unit 12 has one value only: not pairable.
    assert_eq!(rows["questioning"]["managers"], "11");
    assert_eq!(rows["questioning"]["ratings"], "40");
    assert_eq!(rows["questioning"]["alpha"], "0.849");
    assert_eq!(rows["questioning"]["verdict"], "reliable");
    assert_eq!(rows["follow-up"]["alpha"], "1.000");
}

#[test]
fn unreliable_ratings_and_a_lenient_interviewer_are_flagged() {
    let dir = Workdir::new("report-leniency");
    quarter(&dir);
    // C3 now disagrees with everyone on follow-up: 6 − the others' score.
    let ratings: String = dir
        .read("q/ratings.csv")
        .lines()
        .map(
            |line| match line.strip_suffix(|c: char| c.is_ascii_digit()) {
                Some(head) if line.contains(",C3,peer,follow-up,") => {
                    let score: u32 = line[head.len()..].parse().expect("a score");
                    format!("{head}{}\n", 6 - score)
                }
                _ => format!("{line}\n"),
            },
        )
        .collect();
    dir.write("q/ratings.csv", ratings);
    let run = dir.run(
        &[
            &REPORT[..],
            &["--format", "csv", "--section", "interviewers"],
        ]
        .concat(),
    );
    run.expect_code(0)
        .expect_stderr(
            "warning: interviewer `IV1` is lenient: 0.67 scale points from their panels on average",
        )
        .expect_stderr("warning: the ratings of `follow-up` are unreliable: Krippendorff's alpha");
    let rows = by_key(&run.stdout(), "interviewer");
    // Each panel: IV1 at b + 1, the others at b; the mean b + 1/3.
    assert_eq!(rows["IV1"]["leniency"], "0.67");
    assert_eq!(rows["IV1"]["verdict"], "lenient");
    assert_eq!(rows["IV1"]["scores"], "24");
    assert_eq!(rows["IV2"]["leniency"], "-0.33");
    assert_eq!(rows["IV2"]["verdict"], "");
}

#[test]
fn groups_give_tiers_spread_means_and_moves() {
    let dir = Workdir::new("report-groups");
    quarter(&dir);
    let grade = dir.grade_csv(&[]);
    grade.expect_code(0);
    let managers = by_key(&grade.stdout(), "manager_id");
    // Last quarter: M01 was superior and M02 primary; M12 had not joined;
    // X99 has left since.
    dir.write(
        "last.csv",
        "rank,manager_id,name,team,composite,tier,status,note\n\
         1,M01,经理0,A,90.00,superior,graded,\n\
         2,X99,经理99,A,80.00,superior,graded,\n\
         3,M02,经理1,A,50.00,primary,graded,\n",
    );
    let run = dir.run(&[&REPORT[..], &["--format", "csv", "--previous", "last.csv"]].concat());
    run.expect_code(0);
    let text = run.stdout();
    assert_eq!(
        text.lines().next(),
        Some(
            "level,name,managers,superior,primary,none,incomplete,composite_mean,\
             composite_median,composite_sd,composite_min,composite_max,ratings_mean,\
             interview_mean,selling_mean,service_mean,strongest,weakest,incomplete_percent,\
             up,down,same,new,left"
        )
    );
    let groups: HashMap<(String, String), HashMap<String, String>> = csv_maps(&text)
        .into_iter()
        .map(|row| ((row["level"].clone(), row["name"].clone()), row))
        .collect();
    let key = |level: &str, name: &str| (level.to_string(), name.to_string());
    assert_eq!(groups.len(), 5, "everyone, two branches, two teams");
    let team_a = &groups[&key("team", "A")];
    assert_eq!(team_a["managers"], "6");
    // The team's composites, from the grade output.
    let mut composites: Vec<f64> = (1..=6)
        .map(|m| {
            managers[&format!("M{m:02}")]["composite"]
                .parse()
                .expect("a composite")
        })
        .collect();
    composites.sort_by(f64::total_cmp);
    let mean = composites.iter().sum::<f64>() / 6.0;
    assert_eq!(
        team_a["composite_mean"],
        format!("{:.2}", (mean * 100.0).round() / 100.0)
    );
    assert_eq!(team_a["composite_min"], format!("{:.2}", composites[0]));
    assert_eq!(team_a["composite_max"], format!("{:.2}", composites[5]));
    let superior = (1..=6)
        .filter(|m| managers[&format!("M{m:02}")]["tier"] == "superior")
        .count();
    assert_eq!(team_a["superior"], superior.to_string());
    assert_eq!(team_a["incomplete_percent"], "0.0");
    // Moves: everyone but M01 and M02 is new; the previous team's X99 left.
    let everyone = &groups[&key("all", "")];
    assert_eq!(everyone["managers"], "12");
    assert_eq!(everyone["new"], "10");
    assert_eq!(everyone["left"], "1");
    let up_down_same: u32 = ["up", "down", "same"]
        .iter()
        .map(|column| everyone[*column].parse::<u32>().expect("a count"))
        .sum();
    assert_eq!(up_down_same, 2);
    assert_eq!(groups[&key("team", "B")]["new"], "6");
    assert_eq!(groups[&key("team", "B")]["left"], "");
    assert_eq!(groups[&key("branch", "north")]["managers"], "6");
}

#[test]
fn every_format_carries_the_same_numbers() {
    let dir = Workdir::new("report-formats");
    quarter(&dir);
    let csv = dir.run(&[&REPORT[..], &["--format", "csv", "--section", "groups"]].concat());
    let json = dir.run(&[&REPORT[..], &["--format", "json"]].concat());
    let markdown = dir.run(&[&REPORT[..], &["--format", "markdown"]].concat());
    let table = dir.run(&REPORT);
    for run in [&csv, &json, &markdown, &table] {
        run.expect_code(0);
    }
    let document: serde_json::Value =
        serde_json::from_str(&json.stdout()).expect("the report's JSON parses");
    let groups = document["groups"].as_array().expect("groups");
    let rows = csv_maps(&csv.stdout());
    assert_eq!(groups.len(), rows.len());
    for (object, row) in groups.iter().zip(&rows) {
        for (column, text) in row {
            let value = &object[column];
            let shown = match value {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(text) => text.clone(),
                number => number.to_string(),
            };
            assert_eq!(&shown, text, "column {column}");
            if !text.is_empty() {
                assert!(markdown.stdout().contains(text.as_str()));
                assert!(table.stdout().contains(text.as_str()));
            }
        }
    }
    let alpha = &document["indicators"][0];
    assert_eq!(alpha["indicator"], "questioning");
    assert_eq!(alpha["alpha"].to_string(), "0.849");
    assert_eq!(document["columns"]["interviewers"][2], "leniency");
    assert!(
        markdown
            .stdout()
            .contains("## Rater agreement per indicator")
    );
}

#[test]
fn the_previous_export_is_never_overwritten() {
    let dir = Workdir::new("report-previous-kept");
    quarter(&dir);
    dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "-o",
        "last.json",
    ])
    .expect_code(0);
    let export = dir.read("last.json");
    for command in [
        &REPORT[..],
        &["grade", "q", "--standard", "standard.toml"][..],
        &["explain", "M01", "q", "--standard", "standard.toml"][..],
    ] {
        dir.run(
            &[
                command,
                &["--previous", "last.json", "--output", "last.json"],
            ]
            .concat(),
        )
        .expect_code(2)
        .expect_stderr("`last.json` is one of the inputs; write the results elsewhere");
        assert_eq!(dir.read("last.json"), export);
    }
}

#[test]
fn everyone_has_a_row_even_without_managers() {
    let dir = Workdir::new("report-empty");
    quarter(&dir);
    dir.write("q/roster.csv", "manager_id,name,team,branch\n")
        .write(
            "q/ratings.csv",
            "manager_id,rater_id,role,indicator,score\n",
        )
        .write(
            "q/interview.csv",
            "manager_id,interviewer_id,indicator,score\n",
        );
    let run = dir.run(&[&REPORT[..], &["--format", "csv"]].concat());
    run.expect_code(0);
    let rows = csv_maps(&run.stdout());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["level"], "all");
    assert_eq!(rows[0]["managers"], "0");
    assert_eq!(rows[0]["composite_mean"], "");
}

#[test]
fn a_mean_on_the_rating_scale_is_rounded_half_away_from_zero() {
    let dir = Workdir::new("report-explain-half");
    quarter(&dir);
    // M01's peers on questioning: 3, 3, 3 and 3.5, a mean of 3.125.
    let ratings: String = dir
        .read("q/ratings.csv")
        .lines()
        .filter(|line| !line.starts_with("M01,") || line.contains("follow-up"))
        .map(|line| format!("{line}\n"))
        .chain((0..4).map(|coder| {
            let score = if coder == 3 { "3.5" } else { "3" };
            format!("M01,C{coder},peer,questioning,{score}\n")
        }))
        .collect();
    dir.write("q/ratings.csv", ratings);
    let run = dir.run(&["explain", "M01", "q", "--standard", "standard.toml"]);
    run.expect_code(0)
        .expect_stdout_contains("4 scores: 3, 3, 3, 3.5; mean 3.13")
        // The value that becomes the score shows in full: 3.125 / 5 = 62.50,
        // where 3.13 would give 62.60.
        .expect_stdout_contains("62.50  role-weighted value 3.125 of 5");
    let stdout = run.stdout();
    let mut numbers = stdout.split(|c: char| !(c.is_ascii_digit() || c == '.'));
    assert!(!numbers.any(|number| number == "3.12"), "{stdout}");
}

#[test]
fn the_terminal_shows_a_wide_groups_table_in_parts() {
    let dir = Workdir::new("report-narrow");
    dir.write_bundled();
    let run = dir.run(&["report", "q", "--standard", "standard.toml"]);
    run.expect_code(0);
    let text = run.stdout();
    // 28 columns: level and name, then 26 more, at most 10 in a part.
    assert_eq!(text.matches("Groups: every manager").count(), 3);
    assert_eq!(text.matches("│ level ").count(), 3);
    assert!(text.contains("composite_sd") && text.contains("incomplete_percent"));
}
