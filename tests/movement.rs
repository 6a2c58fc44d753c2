//! Quarter over quarter (issue 8): `grade --previous` compares with a
//! previous quarter's export, CSV or JSON.

use std::collections::HashMap;

use crate::workdir::{Workdir, csv_maps};

/// The CSV output's rows by manager.
fn rows(text: &str) -> HashMap<String, HashMap<String, String>> {
    csv_maps(text)
        .into_iter()
        .map(|row| (row["manager_id"].clone(), row))
        .collect()
}

/// Drops a manager's rows from every file of `q/`.
fn without(dir: &Workdir, manager: &str) {
    for name in ["roster", "exam", "ratings", "interview", "kpi"] {
        let file = format!("q/{name}.csv");
        let kept: String = dir
            .read(&file)
            .lines()
            .filter(|line| !line.starts_with(&format!("{manager},")))
            .map(|line| format!("{line}\n"))
            .collect();
        dir.write(&file, kept);
    }
}

#[test]
fn the_previous_quarter_gives_each_managers_move() {
    let dir = Workdir::new("movement");
    dir.write_bundled();
    let grade = ["grade", "q", "--standard", "standard.toml"];
    // Last quarter: without FZ0119, who is new now; and FZ0120 leaves.
    let full = dir.read("q/roster.csv");
    without(&dir, "FZ0119");
    dir.run(&[&grade[..], &["-o", "last.csv"]].concat())
        .expect_code(0);
    dir.run(&[&grade[..], &["-o", "last.json"]].concat())
        .expect_code(0);
    dir.write_bundled();
    without(&dir, "FZ0120");
    // FZ0006 (primary, 60.31) gets the top supervisor rating everywhere;
    // FZ0064 (superior) the lowest rating from everyone.
    let ratings: String = dir
        .read("q/ratings.csv")
        .lines()
        .map(|line| {
            let (head, _) = line.rsplit_once(',').expect("a score");
            if line.starts_with("FZ0006,") && line.contains(",supervisor,") {
                format!("{head},5\n")
            } else if line.starts_with("FZ0064,") {
                format!("{head},1\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    dir.write("q/ratings.csv", ratings);
    assert!(full.contains("FZ0120"));
    for previous in ["last.csv", "last.json"] {
        let run = dir.run(&[&grade[..], &["--previous", previous, "--format", "csv"]].concat());
        run.expect_code(0).expect_stderr(
            "warning: 1 manager of the previous quarter is not in the roster: FZ0120",
        );
        let text = run.stdout();
        assert!(
            text.lines()
                .next()
                .expect("header")
                .ends_with(",status,note,previous_tier,previous_rank,move,composite_change")
        );
        let now = rows(&text);
        assert_eq!(now["FZ0060"]["move"], "same");
        let fz0064 = &now["FZ0064"];
        assert_eq!(
            (
                fz0064["previous_tier"].as_str(),
                fz0064["previous_rank"].as_str()
            ),
            ("superior", "2")
        );
        assert_ne!(fz0064["tier"], "superior");
        assert_eq!(fz0064["move"], "down");
        assert_eq!(now["FZ0060"]["previous_tier"], "superior");
        assert_eq!(now["FZ0060"]["composite_change"], "0.00");
        assert_eq!(now["FZ0119"]["move"], "new");
        assert_eq!(now["FZ0119"]["previous_rank"], "");
        let fz0006 = &now["FZ0006"];
        assert_eq!(fz0006["previous_tier"], "primary");
        let change: f64 = fz0006["composite_change"].parse().expect("a change");
        assert!(change > 5.0, "{fz0006:?}");
        // A move up is a better tier; the same tier with a better score is
        // still `same`.
        let expected = if fz0006["tier"] == "primary" {
            "same"
        } else {
            "up"
        };
        assert_eq!(fz0006["move"], expected);
    }
}

#[test]
fn a_previous_file_that_is_no_export_is_an_error() {
    let dir = Workdir::new("movement-bad");
    dir.write_bundled();
    dir.write("last.csv", "id,level\nFZ0001,superior\n");
    dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--previous",
        "last.csv",
    ])
    .expect_code(1)
    .expect_stderr("last.csv:1: not a ladder export: the header has no `manager_id` column");
    dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--previous",
        "gone.csv",
    ])
    .expect_code(1)
    .expect_stderr("gone.csv: file not found");
}
