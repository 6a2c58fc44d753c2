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

#[test]
fn an_export_that_names_a_manager_twice_or_not_at_all_is_an_error() {
    let dir = Workdir::new("movement-ambiguous");
    dir.write_bundled();
    dir.write(
        "last.csv",
        "rank,manager_id,composite,tier\n1,FZ0001,90.00,superior\n2,,80.00,superior\n3,FZ0001,70.00,primary\n",
    );
    dir.write(
        "last.json",
        r#"{"managers": [{"manager_id": "FZ0001", "tier": 5, "rank": 1, "composite": 90},
                        {"manager_id": "FZ0002", "tier": "primary", "rank": "x", "composite": null},
                        {"manager_id": "FZ0003"}, {"manager_id": "FZ0003"}]}"#,
    );
    let grade = ["grade", "q", "--standard", "standard.toml", "--previous"];
    dir.run(&[&grade[..], &["last.csv"]].concat())
        .expect_code(1)
        .expect_stderr("last.csv:3:2: the row has no manager_id")
        .expect_stderr("last.csv:4: manager `FZ0001` is in the export twice (first on line 2)");
    dir.run(&[&grade[..], &["last.json"]].concat())
        .expect_code(1)
        .expect_stderr("last.json: manager 1: `tier` is 5, not text")
        .expect_stderr("last.json: manager 2: `rank` is \"x\", not a number");
    dir.write(
        "last.json",
        r#"{"managers": [{"manager_id": "FZ0003"}, {"tier": "primary"}, {"manager_id": "FZ0003"}]}"#,
    );
    dir.run(&[&grade[..], &["last.json"]].concat())
        .expect_code(1)
        .expect_stderr("last.json: manager 2 has no manager_id")
        .expect_stderr("last.json: manager `FZ0003` is in the export twice (managers 1 and 3)");
}

/// Three tiers and the exam alone, so a manager's composite is their
/// points; `top` admits a third of the graded managers.
const STEP_STANDARD: &str = r#"[standard]
id = "steps"
name = "Steps"
version = "1"

[methods]
exam = 1

[[competencies]]
id = "knowledge"
name = "Knowledge"
weight = 1

  [[competencies.indicators]]
  id = "products"
  name = "Products"
  weight = 1
  exam = 100

[[tiers]]
id = "top"
name = "Top"
min_composite = 80
max_share = 0.34

[[tiers]]
id = "mid"
name = "Mid"
min_composite = 60

[[tiers]]
id = "low"
name = "Low"
min_composite = 40
"#;

/// Six managers; M3 is new, M5 was incomplete last quarter.
fn step_quarter(max_step_up: Option<&str>) -> Workdir {
    let dir = Workdir::new("movement-cap");
    let movement = max_step_up.map_or(String::new(), |step| {
        format!("\n[movement]\nmax_step_up = {step}\n")
    });
    dir.write("standard.toml", format!("{STEP_STANDARD}{movement}"));
    dir.write(
        "q/roster.csv",
        "manager_id,name\nM1,Ann\nM2,Bo\nM3,Cy\nM4,Di\nM5,Ed\nM6,Flo\n",
    );
    dir.write(
        "q/exam.csv",
        "manager_id,products\nM1,95\nM2,90\nM3,85\nM4,70\nM5,50\nM6,30\n",
    );
    dir.write(
        "last.csv",
        "rank,manager_id,composite,tier\n1,M6,88.00,top\n2,M2,75.00,mid\n3,M1,50.00,low\n4,M4,30.00,none\n,M5,,\n",
    );
    dir
}

/// Each manager's (tier, move, note), and their rank, from a CSV output.
fn placed(run: &crate::workdir::Run) -> HashMap<String, (String, String, String, String)> {
    rows(&run.stdout())
        .into_iter()
        .map(|(id, row)| {
            let cell = |column: &str| row.get(column).cloned().unwrap_or_default();
            (id, (cell("tier"), cell("move"), cell("note"), cell("rank")))
        })
        .collect()
}

fn grade_with_previous(dir: &Workdir) -> HashMap<String, (String, String, String, String)> {
    let run = dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--previous",
        "last.csv",
        "--format",
        "csv",
    ]);
    run.expect_code(0);
    placed(&run)
}

fn entry(tier: &str, moved: &str, note: &str, rank: &str) -> (String, String, String, String) {
    (tier.into(), moved.into(), note.into(), rank.into())
}

#[test]
fn max_step_up_caps_a_rise_and_frees_the_quota_place() {
    let dir = step_quarter(Some("1"));
    let now = grade_with_previous(&dir);
    // M1 meets `top` but was `low`: one step up is `mid`. Its rank stays 1.
    assert_eq!(
        now["M1"],
        entry(
            "mid",
            "up",
            "tier capped at `mid` by [movement] max_step_up = 1 (was `low`)",
            "1"
        )
    );
    // The quota of `top` is floor(0.34 × 6) = 2: M1 takes no place in it,
    // so M2 and the new M3 (never capped) both get one.
    assert_eq!(now["M2"], entry("top", "up", "", "2"));
    assert_eq!(now["M3"], entry("top", "new", "", "3"));
    // `none` and incomplete are both one step below the lowest tier.
    assert_eq!(
        now["M4"],
        entry(
            "low",
            "up",
            "tier capped at `low` by [movement] max_step_up = 1 (was `none`)",
            "4"
        )
    );
    assert_eq!(now["M5"], entry("low", "up", "", "5"));
    // A fall is never held back.
    assert_eq!(now["M6"], entry("none", "down", "", "6"));

    // Every format carries the capped tier.
    let json = dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--previous",
        "last.csv",
        "--format",
        "json",
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&json.expect_code(0).stdout()).expect("JSON output");
    let m1 = json["managers"]
        .as_array()
        .and_then(|managers| managers.iter().find(|m| m["manager_id"] == "M1"))
        .expect("M1 in the JSON");
    assert_eq!(m1["tier"], "mid");
    assert_eq!(m1["move"], "up");
    // The workbook's Gaps sheet says what holds M1 below `top`: the cap.
    dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--previous",
        "last.csv",
        "--output",
        "now.xlsx",
    ])
    .expect_code(0);
    let gaps = crate::spreadsheet::sheet_as_text(&dir.path("now.xlsx"), "Gaps", 2);
    let kind = gaps[0]
        .iter()
        .position(|c| c == "kind")
        .expect("a kind column");
    let id = gaps[0]
        .iter()
        .position(|c| c == "manager_id")
        .expect("an id column");
    let m1_cap = gaps
        .iter()
        .find(|row| row[id] == "M1" && row[kind] == "cap")
        .expect("a cap row for M1");
    assert!(m1_cap.iter().any(|cell| cell.contains("max_step_up = 1")));
    dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--previous",
        "last.csv",
        "--format",
        "markdown",
    ])
    .expect_code(0)
    .expect_stdout_contains("| 1 | M1 | Ann |");
    // `--tier` selects by the capped tier.
    let run = dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--previous",
        "last.csv",
        "--format",
        "csv",
        "--tier",
        "top",
    ]);
    let ids: Vec<String> = csv_maps(&run.expect_code(0).stdout())
        .into_iter()
        .map(|row| row["manager_id"].clone())
        .collect();
    assert_eq!(ids, ["M2", "M3"]);

    // explain honours the cap given the same previous quarter.
    let run = dir.run(&[
        "explain",
        "M1",
        "q",
        "--standard",
        "standard.toml",
        "--previous",
        "last.csv",
    ]);
    run.expect_code(0)
        .expect_stdout_contains(
            "top (Top): every condition met, but above the cap of [movement] max_step_up",
        )
        .expect_stdout_contains("mid (Mid): placed here")
        .expect_stdout_contains("tier capped at `mid` by [movement] max_step_up = 1 (was `low`)");
    let run = dir.run(&[
        "explain",
        "M1",
        "q",
        "--standard",
        "standard.toml",
        "--previous",
        "last.csv",
        "--format",
        "json",
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&run.expect_code(0).stdout()).expect("JSON explanation");
    assert_eq!(json["tier"], "mid");
    let tiers = json["tiers"].as_array().expect("tiers");
    assert_eq!(
        (&tiers[0]["capped"], &tiers[0]["quota_full"]),
        (&serde_json::json!(true), &serde_json::json!(false))
    );

    // `check` shows the rule.
    dir.run(&["check", "--standard", "standard.toml"])
        .expect_code(0)
        .expect_stdout_contains(
            "[movement] max_step_up = 1: with --previous, a manager rises at most 1 tier a quarter",
        );
}

#[test]
fn max_step_up_of_two_lets_a_manager_rise_two_tiers() {
    let dir = step_quarter(Some("2"));
    let now = grade_with_previous(&dir);
    assert_eq!(now["M1"], entry("top", "up", "", "1"));
    assert_eq!(now["M2"], entry("top", "up", "", "2"));
    // The quota is full: the new M3 is turned away, not capped.
    assert_eq!(
        now["M3"],
        entry("mid", "new", "meets `top` but its quota of 2 is full", "3")
    );
    assert_eq!(now["M4"], entry("mid", "up", "", "4"));
}

#[test]
fn max_step_up_does_nothing_without_a_previous_quarter() {
    let dir = step_quarter(Some("1"));
    let run = dir.grade_csv(&[]);
    let now = placed(run.expect_code(0));
    assert_eq!(now["M1"], entry("top", "", "", "1"));
    assert_eq!(
        now["M3"],
        entry("mid", "", "meets `top` but its quota of 2 is full", "3")
    );
    assert_eq!(now["M4"], entry("mid", "", "", "4"));
    // Nor does a previous quarter without the rule.
    let dir = step_quarter(None);
    let now = grade_with_previous(&dir);
    assert_eq!(now["M1"], entry("top", "up", "", "1"));
}

#[test]
fn a_bad_max_step_up_is_an_error_at_its_place() {
    let bad = [
        (
            "max_step_up = 0",
            "standard.toml:37:1: `max_step_up` in [movement] must be a whole number of at least 1, not 0",
        ),
        (
            "max_step_up = 1.5",
            "standard.toml:37:1: `max_step_up` in [movement] must be a whole number of at least 1, not 1.5",
        ),
        (
            "max_step_up = -1",
            "standard.toml:37:1: `max_step_up` in [movement] must be a whole number of at least 1, not -1",
        ),
        (
            "max_step_up = \"2\"",
            "standard.toml:37:1: `max_step_up` in [movement] must be a number, not string",
        ),
        (
            "  max_steps_up = 1",
            "standard.toml:37:3: unknown key `max_steps_up` in [movement]; did you mean `max_step_up`?",
        ),
    ];
    for (line, message) in bad {
        let dir = Workdir::new("movement-bad-step");
        dir.write(
            "standard.toml",
            format!("{STEP_STANDARD}\n[movement]\n{line}\n"),
        );
        dir.run(&["check", "--standard", "standard.toml"])
            .expect_code(1)
            .expect_stderr(message);
    }
    let dir = Workdir::new("movement-bad-table");
    dir.write("standard.toml", format!("movement = 1\n{STEP_STANDARD}"));
    dir.run(&["check", "--standard", "standard.toml"])
        .expect_code(1)
        .expect_stderr("standard.toml:1:1: [movement] must be a table, not integer");
}

#[test]
fn the_bundled_quarters_move_from_2026q2_to_2026q3() {
    let dir = Workdir::new("movement-bundled");
    dir.write_bundled();
    dir.write_bundled_quarter("2026Q2", "q2");
    dir.run(&["grade", "q2", "--standard", "standard.toml", "-o", "q2.csv"])
        .expect_code(0);
    let grade = [
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--previous",
        "q2.csv",
        "--format",
        "csv",
    ];
    let run = dir.run(&grade);
    run.expect_code(0).expect_stderr(
        "warning: 5 managers of the previous quarter are not in the roster: FZ0125, FZ0122, FZ0123, FZ0124, FZ0121",
    );
    let now = rows(&run.stdout());
    let show = |id: &str| {
        let row = &now[id];
        [
            "previous_tier",
            "previous_rank",
            "tier",
            "move",
            "composite_change",
        ]
        .map(|column| row[column].as_str())
    };
    assert_eq!(
        show("FZ0055"),
        ["intermediate", "18", "superior", "up", "7.86"]
    );
    assert_eq!(
        show("FZ0096"),
        ["superior", "3", "intermediate", "down", "-7.74"]
    );
    assert_eq!(show("FZ0067"), ["none", "95", "primary", "up", "10.91"]);
    assert_eq!(show("FZ0101"), ["primary", "90", "none", "down", "-2.71"]);
    // FZ0053 was incomplete in 2026Q2.
    assert_eq!(show("FZ0053"), ["", "", "intermediate", "up", ""]);
    for new in ["FZ0006", "FZ0025", "FZ0071", "FZ0103"] {
        assert_eq!(now[new]["move"], "new", "{new}");
        assert_eq!(now[new]["previous_tier"], "", "{new}");
    }
    let count = |moved: &str| now.values().filter(|row| row["move"] == moved).count();
    assert_eq!(
        [count("up"), count("down"), count("same"), count("new")],
        [36, 12, 68, 4]
    );
    // 2026Q2 was the weaker quarter.
    let mean_change = {
        let changes: Vec<f64> = now
            .values()
            .filter_map(|row| row["composite_change"].parse().ok())
            .collect();
        changes.iter().sum::<f64>() / changes.len() as f64
    };
    assert!(mean_change > 2.0, "{mean_change}");

    // With `max_step_up = 1`, the one rise of two steps is held to one;
    // ranks do not move.
    let mut standard = dir.read("standard.toml");
    standard.push_str("\n[movement]\nmax_step_up = 1\n");
    dir.write("standard.toml", standard);
    let run = dir.run(&grade);
    let capped = rows(&run.expect_code(0).stdout());
    let fz0053 = &capped["FZ0053"];
    assert_eq!(
        (
            fz0053["tier"].as_str(),
            fz0053["move"].as_str(),
            fz0053["rank"].as_str()
        ),
        ("primary", "up", now["FZ0053"]["rank"].as_str())
    );
    assert_eq!(
        fz0053["note"],
        "tier capped at `primary` by [movement] max_step_up = 1 (was `incomplete`)"
    );
    let changed: Vec<&String> = capped
        .iter()
        .filter(|(id, row)| row["tier"] != now[id.as_str()]["tier"])
        .map(|(id, _)| id)
        .collect();
    assert_eq!(changed, ["FZ0053"]);
}

#[test]
fn diff_lists_a_change_to_max_step_up() {
    let dir = Workdir::new("movement-diff");
    dir.write("old.toml", STEP_STANDARD);
    dir.write(
        "new.toml",
        format!("{STEP_STANDARD}\n[movement]\nmax_step_up = 1\n"),
    );
    dir.run(&["diff", "old.toml", "new.toml"])
        .expect_code(0)
        .expect_stdout_contains("movement:\n  max_step_up: none → 1\n");
}

fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

#[test]
fn a_previous_export_in_gbk_utf16_or_ladders_own_workbook_moves_the_same() {
    let dir = Workdir::new("movement-encodings");
    dir.write_bundled();
    dir.write_bundled_quarter("2026Q2", "last");
    let last = ["grade", "last", "--standard", "standard.toml", "-o"];
    dir.run(&[&last[..], &["last.csv"]].concat()).expect_code(0);
    dir.run(&[&last[..], &["last.xlsx"]].concat())
        .expect_code(0);
    let csv = dir.read("last.csv");
    assert!(csv.contains("政企"), "Chinese teams to encode: {csv}");
    dir.write("last-gbk.csv", gb18030(&csv))
        .write("last-utf16.csv", utf16le_with_bom(&csv));
    let grade = [
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--format",
        "csv",
    ];
    let with = |previous: &str| dir.run(&[&grade[..], &["--previous", previous]].concat());
    let as_csv = with("last.csv");
    as_csv.expect_code(0);
    let moved = rows(&as_csv.stdout());
    let moves = |word: &str| moved.values().filter(|row| row["move"] == word).count();
    assert!(moves("up") > 0 && moves("down") > 0, "{}", as_csv.stdout());

    let gbk = with("last-gbk.csv");
    gbk.expect_code(0)
        .expect_stderr("last-gbk.csv: warning: not UTF-8: read as GB18030")
        .expect_stdout(&as_csv.stdout());
    // UTF-16 with a byte-order mark needs no warning.
    let utf16 = with("last-utf16.csv");
    utf16.expect_code(0).expect_stdout(&as_csv.stdout());
    assert_eq!(utf16.stderr(), as_csv.stderr());
    // The workbook `grade -o last.xlsx` wrote: its first sheet, or named.
    for workbook in ["last.xlsx", "last.xlsx#Ranking"] {
        let run = with(workbook);
        run.expect_code(0).expect_stdout(&as_csv.stdout());
        assert_eq!(run.stderr(), as_csv.stderr());
    }
    // Named with its sheet, the workbook is still an input, not an output.
    dir.run(
        &[
            &grade[..],
            &["--previous", "last.xlsx#Ranking", "-o", "last.xlsx"],
        ]
        .concat(),
    )
    .expect_code(2)
    .expect_stderr("`last.xlsx` is one of the inputs");
    // The workbook's other sheets are no ranking: where the ranking is, said.
    with("last.xlsx#Competencies").expect_code(1).expect_stderr(
        "last.xlsx#Competencies!1: not a ladder export: the header has no `tier` column \
         (ladder's workbook holds the ranking on sheet `Ranking`: give `last.xlsx#Ranking`)",
    );
    // The same, with `--excel` (a byte-order mark and CRLF) and as JSON.
    dir.run(&[&last[..], &["last-excel.csv", "--excel"]].concat())
        .expect_code(0);
    dir.run(&[&last[..], &["last.json"]].concat())
        .expect_code(0);
    for previous in ["last-excel.csv", "last.json"] {
        with(previous)
            .expect_code(0)
            .expect_stdout(&as_csv.stdout());
    }
    // `report` and `explain` read it alike.
    let report = [
        "report",
        "q",
        "--standard",
        "standard.toml",
        "--format",
        "csv",
    ];
    let report_with = |previous: &str| dir.run(&[&report[..], &["--previous", previous]].concat());
    let groups = report_with("last.csv");
    groups.expect_code(0).expect_stdout_contains(",up,");
    for previous in ["last-gbk.csv", "last-utf16.csv", "last.xlsx"] {
        report_with(previous)
            .expect_code(0)
            .expect_stdout(&groups.stdout());
    }
    let explain = [
        "explain",
        "FZ0006",
        "q",
        "--standard",
        "standard.toml",
        "--previous",
    ];
    dir.run(&[&explain[..], &["last.xlsx"]].concat())
        .expect_code(0)
        .expect_stdout(&dir.run(&[&explain[..], &["last.csv"]].concat()).stdout());
}

#[test]
fn a_broken_previous_export_is_an_error_at_its_line_or_cell() {
    let dir = Workdir::new("movement-broken");
    dir.write_bundled();
    let grade = ["grade", "q", "--standard", "standard.toml", "--previous"];
    let header = "rank,manager_id,composite,tier\r\n";
    // UTF-8 with a stray byte in a tier: its line and column.
    let mut broken = format!("{header}1,FZ0001,90.00,superior\r\n").into_bytes();
    broken.extend_from_slice(b"2,FZ0002,80.00,sup\xFFrior\r\n3,FZ\xFF03,70.00,primary\r\n");
    dir.write("last.csv", broken);
    let run = dir.run(&[&grade[..], &["last.csv"]].concat());
    // Each broken cell once: no row taken for one without a manager_id.
    run.expect_code(1).expect_stderr(
        "last.csv:3:4: the cell is not UTF-8 text\n\
         last.csv:4:2: the cell is not UTF-8 text\n\
         2 errors found",
    );
    assert!(!run.stderr().contains("stream"), "{}", run.stderr());
    // GBK, decoded: the text as written, at the original line; every error.
    dir.write(
        "last.csv",
        gb18030(&format!(
            "{header}1,FZ0001,九十,superior\r\n\r\n2,FZ0002,80.00,primary\r\n3,FZ0003,高,primary\r\n"
        )),
    );
    dir.run(&[&grade[..], &["last.csv"]].concat())
        .expect_code(1)
        .expect_stderr("last.csv: warning: not UTF-8: read as GB18030")
        .expect_stderr(
            "last.csv:2:3: `九十` is not a number\nlast.csv:5:3: `高` is not a number\n",
        );
    // Neither UTF-8 nor GB18030.
    let mut neither = gb18030(&format!("{header}1,FZ0001,90.00,高级\r\n"));
    neither.extend_from_slice(b"2,FZ0002,80.00,\xFF\r\n");
    dir.write("last.csv", neither);
    dir.run(&[&grade[..], &["last.csv"]].concat())
        .expect_code(1)
        .expect_stderr("last.csv: the file is neither UTF-8 nor GB18030: line 3 has a byte");
    // A workbook's cell, named as a spreadsheet names it.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let written = sheet.set_name("Ranking").and_then(|sheet| {
        for (column, name) in ["rank", "manager_id", "composite", "tier"]
            .iter()
            .enumerate()
        {
            sheet.write_string(0, column as u16, *name)?;
        }
        sheet.write_number(1, 0, 1)?;
        sheet.write_string(1, 1, "FZ0001")?;
        sheet.write_string(1, 2, "high")?;
        sheet.write_string(1, 3, "superior")?;
        sheet.write_number(3, 0, 2)?;
        sheet.write_string(3, 1, "FZ0001")?;
        sheet.write_number(3, 2, 80.5)?;
        Ok(())
    });
    written.expect("a sheet");
    workbook.save(dir.path("last.xlsx")).expect("a workbook");
    dir.run(&[&grade[..], &["last.xlsx"]].concat())
        .expect_code(1)
        .expect_stderr("last.xlsx#Ranking!C2: `high` is not a number\n")
        .expect_stderr(
            "last.xlsx#Ranking!4: manager `FZ0001` is in the export twice (first on row 2)\n",
        );
    dir.run(&[&grade[..], &["last.xlsx#Week 1"]].concat())
        .expect_code(1)
        .expect_stderr("last.xlsx#Week 1: the workbook has no sheet `Week 1` (sheets: Ranking)");
}
