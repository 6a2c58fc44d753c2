//! `--labels names` (issue 15, item 6): tiers and competencies by the
//! standard's names in every output of `grade` and `gaps`; ids by default,
//! byte for byte as before. `--tier` takes a tier's name; an unknown
//! `--team` is an error listing the teams.

use std::collections::HashMap;

use crate::spreadsheet::sheet_as_text;
use crate::workdir::{Workdir, csv_rows};

/// The bundled standard's competencies and tiers: (id, name).
const COMPETENCIES: [(&str, &str); 8] = [
    (
        "product-knowledge",
        "Product and policy knowledge 产品与政策知识",
    ),
    ("customer-insight", "Customer insight 客户洞察"),
    ("solution-selling", "Solution selling 方案营销"),
    (
        "consultative-selling",
        "Face-to-face consultative selling 面对面顾问式销售",
    ),
    (
        "customer-maintenance",
        "Customer maintenance and service 客户维护与服务",
    ),
    ("communication", "Communication and coordination 沟通协调"),
    ("learning", "Learning and development 学习与发展"),
    ("sales-results", "Sales results 销售业绩"),
];
const TIERS: [(&str, &str); 3] = [
    ("superior", "Superior 高级"),
    ("intermediate", "Intermediate 中级"),
    ("primary", "Primary 初级"),
];

fn bundled(name: &str) -> Workdir {
    let dir = Workdir::new(name);
    dir.write_bundled();
    dir
}

/// A tier cell as `--labels names` shows it: the name, `none` and empty as they are.
fn tier_name(id: &str) -> String {
    TIERS
        .iter()
        .find(|(tier, _)| *tier == id)
        .map_or(id.to_string(), |(_, name)| name.to_string())
}

/// The CSV with names is the CSV with ids, its competency columns and tier
/// cells renamed; every other cell is the same.
#[test]
fn names_replace_competency_columns_and_tier_cells_in_the_csv() {
    let dir = bundled("labels-csv");
    let ids = dir.grade_csv(&[]);
    ids.expect_code(0);
    let names = dir.grade_csv(&["--labels", "names"]);
    names.expect_code(0);
    let (ids, names) = (csv_rows(&ids.stdout()), csv_rows(&names.stdout()));
    let mut header = ids[0].clone();
    for column in header.iter_mut() {
        if let Some((_, name)) = COMPETENCIES.iter().find(|(id, _)| id == column) {
            *column = name.to_string();
        }
    }
    assert_eq!(names[0], header);
    assert_eq!(names[0][10], "Product and policy knowledge 产品与政策知识");
    assert_eq!(names[0][11], "Customer insight 客户洞察");
    assert_eq!(names.len(), ids.len());
    let tier = ids[0]
        .iter()
        .position(|c| c == "tier")
        .expect("a tier column");
    for (named, plain) in names[1..].iter().zip(&ids[1..]) {
        let mut expected = plain.clone();
        expected[tier] = tier_name(&plain[tier]);
        assert_eq!(named, &expected);
    }
    // The top manager is superior: 高级.
    assert_eq!(names[1][tier], "Superior 高级");
    assert!(
        names[1..]
            .iter()
            .any(|row| row[tier] == "Intermediate 中级")
    );
}

/// Without `--labels`, and with `--labels ids`, every format is as before.
#[test]
fn ids_are_the_default_byte_for_byte() {
    let dir = bundled("labels-default");
    for format in ["csv", "json", "markdown", "table"] {
        let base = [
            "grade",
            "q",
            "--standard",
            "standard.toml",
            "--format",
            format,
        ];
        let plain = dir.run(&base);
        plain.expect_code(0);
        let ids = dir.run(&[&base[..], &["--labels", "ids"]].concat());
        ids.expect_code(0);
        assert_eq!(plain.stdout(), ids.stdout(), "{format}");
        assert!(plain.stdout().contains("customer-insight"), "{format}");
        assert!(!plain.stdout().contains("客户洞察"), "{format}");
    }
}

/// Markdown, the terminal table, JSON and the workbook's sheets carry the
/// names too.
#[test]
fn names_in_markdown_table_json_and_workbook() {
    let dir = bundled("labels-formats");
    let grade = [
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--labels",
        "names",
    ];
    let markdown = dir.run(&[&grade[..], &["--format", "markdown", "--top", "1"]].concat());
    markdown.expect_code(0);
    let header = markdown
        .stdout()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(header.contains("| tier | exam |"), "{header}");
    assert!(header.contains("| Customer insight 客户洞察 |"), "{header}");
    markdown.expect_stdout_contains("| Superior 高级 |");
    let table = dir.run(&[&grade[..], &["--top", "1"]].concat());
    table.expect_code(0);
    table.expect_stdout_contains("Sales results 销售业绩");
    table.expect_stdout_contains("Superior 高级");
    let json = dir.run(&[&grade[..], &["--format", "json", "--top", "1"]].concat());
    json.expect_code(0);
    let value: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON");
    let top = &value["managers"][0];
    assert_eq!(top["tier"], "Superior 高级");
    assert!(top["Customer insight 客户洞察"].is_number(), "{top}");
    assert!(top.get("customer-insight").is_none(), "{top}");

    dir.run(&[&grade[..], &["-o", "ranked.xlsx"]].concat())
        .expect_code(0);
    let csv = dir.grade_csv(&["--labels", "names"]);
    let ranking = sheet_as_text(&dir.path("ranked.xlsx"), "Ranking", 2);
    assert_eq!(ranking, csv_rows(&csv.stdout()));
    let profile = sheet_as_text(&dir.path("ranked.xlsx"), "Competencies", 2);
    let expected: Vec<String> = ["manager_id", "name", "team", "status"]
        .into_iter()
        .chain(COMPETENCIES.iter().map(|(_, name)| *name))
        .map(String::from)
        .collect();
    assert_eq!(profile[0], expected);
    assert!(profile[1][4].parse::<f64>().is_ok(), "{:?}", profile[1]);
    let gaps = sheet_as_text(&dir.path("ranked.xlsx"), "Gaps", 2);
    let next_tier = gaps[0]
        .iter()
        .position(|c| c == "next_tier")
        .expect("next_tier");
    assert!(
        gaps[1..]
            .iter()
            .any(|row| row[next_tier] == "Superior 高级")
    );
    assert!(
        gaps[1..]
            .iter()
            .all(|row| !row[next_tier].contains("superior"))
    );
}

/// `gaps --labels names`: the tiers and the competency floors by name,
/// indicators still by id; every row as with ids otherwise.
#[test]
fn gaps_name_tiers_and_competencies() {
    let dir = bundled("labels-gaps");
    let gaps = |labels: &str| {
        let run = dir.run(&[
            "gaps",
            "q",
            "--standard",
            "standard.toml",
            "--format",
            "csv",
            "--labels",
            labels,
        ]);
        run.expect_code(0);
        csv_rows(&run.stdout())
    };
    let (ids, names) = (gaps("ids"), gaps("names"));
    assert_eq!(ids.len(), names.len());
    assert_eq!(ids[0], names[0]);
    let competency: HashMap<&str, &str> = COMPETENCIES.into_iter().collect();
    let mut renamed_items = 0;
    for (plain, named) in ids[1..].iter().zip(&names[1..]) {
        // tier, next_tier, then item (kind in between).
        assert_eq!(named[3], tier_name(&plain[3]));
        assert_eq!(named[4], tier_name(&plain[4]));
        let item = match plain[5].as_str() {
            "quota" | "cap" => tier_name(&plain[6]),
            "condition" | "blind spot" | "hidden strength" => competency
                .get(plain[6].as_str())
                .map_or(plain[6].clone(), |name| name.to_string()),
            _ => plain[6].clone(),
        };
        renamed_items += usize::from(item != plain[6]);
        assert_eq!(named[6], item);
        assert_eq!(named[7..], plain[7..]);
    }
    assert!(renamed_items > 0);
    let by_team = dir.run(&[
        "gaps",
        "q",
        "--standard",
        "standard.toml",
        "--format",
        "csv",
        "--by",
        "team",
        "--labels",
        "names",
    ]);
    by_team.expect_code(0);
    by_team.expect_stdout_contains(",Customer insight 客户洞察,");
}

/// `--tier` takes a tier's name as well as its id: the same rows.
#[test]
fn tier_filter_by_name_or_id() {
    let dir = bundled("labels-tier");
    let by_id = dir.grade_csv(&["--tier", "intermediate"]);
    by_id.expect_code(0);
    let by_name = dir.grade_csv(&["--tier", "Intermediate 中级"]);
    by_name.expect_code(0);
    assert_eq!(by_id.stdout(), by_name.stdout());
    let rows = csv_rows(&by_name.stdout());
    assert!(rows.len() > 2, "{rows:?}");
    assert!(rows[1..].iter().all(|row| row[5] == "intermediate"));
    // With names shown, the rows show the name they were chosen by.
    let named = dir.grade_csv(&["--tier", "Intermediate 中级", "--labels", "names"]);
    let named = csv_rows(&named.stdout());
    assert_eq!(named.len(), rows.len());
    assert!(named[1..].iter().all(|row| row[5] == "Intermediate 中级"));
}

/// A `--team` that is no team of the roster stops the run (exit 2), listing
/// the roster's teams and the closest; a known team still filters.
#[test]
fn unknown_team_is_an_error_listing_the_teams() {
    let dir = bundled("labels-team");
    dir.grade_csv(&["--team", "政企三部"])
        .expect_code(2)
        .expect_stderr(
            "error: --team `政企三部` is not a team of the roster (teams: 政企一部, 政企二部, 行业拓展部, 集团客户部, 鼓楼营销中心, 台江营销中心, 仓山营销中心); did you mean `政企一部`?",
        );
    let known = dir.grade_csv(&["--team", "政企二部"]);
    known.expect_code(0);
    let rows = csv_rows(&known.stdout());
    assert!(rows.len() > 2);
    assert!(rows[1..].iter().all(|row| row[3] == "政企二部"));
}

/// An export written with names is a `--previous` like one with ids: the
/// same moves.
#[test]
fn a_previous_export_with_names_gives_the_same_moves() {
    let dir = Workdir::new("labels-previous");
    dir.write_bundled();
    dir.write_bundled_quarter("2026Q2", "q2");
    let grade = [
        "grade",
        "q2",
        "--standard",
        "standard.toml",
        "--format",
        "csv",
    ];
    dir.run(&[&grade[..], &["-o", "ids.csv"]].concat())
        .expect_code(0);
    dir.run(&[&grade[..], &["-o", "names.csv", "--labels", "names"]].concat())
        .expect_code(0);
    let with_ids = dir.grade_csv(&["--previous", "ids.csv"]);
    with_ids.expect_code(0);
    let with_names = dir.grade_csv(&["--previous", "names.csv"]);
    with_names.expect_code(0);
    let (ids, names) = (csv_rows(&with_ids.stdout()), csv_rows(&with_names.stdout()));
    let moved = ids[0].iter().position(|c| c == "move").expect("move");
    let previous_tier = ids[0]
        .iter()
        .position(|c| c == "previous_tier")
        .expect("previous_tier");
    assert_eq!(ids.len(), names.len());
    for (plain, named) in ids.iter().zip(&names) {
        // Only the previous tier reads as the export wrote it.
        assert_eq!(named[previous_tier], tier_name(&plain[previous_tier]));
        assert_eq!(named[..previous_tier], plain[..previous_tier]);
        assert_eq!(named[previous_tier + 1..], plain[previous_tier + 1..]);
    }
    assert!(ids[1..].iter().any(|row| row[moved] == "up"));
    assert!(ids[1..].iter().any(|row| row[moved] == "down"));
}

/// Names that cannot tell two tiers, or a competency and a column, apart
/// stop `--labels names` before anything is read (exit 2); ids still work.
#[test]
fn names_that_clash_are_refused() {
    let cases = [
        (
            "name = \"Primary 初级\"",
            "name = \"Superior 高级\"",
            "error: --labels names: tier `superior` and tier `primary` are both named `Superior 高级`; rename one in the standard, or use --labels ids",
        ),
        (
            "name = \"Primary 初级\"",
            "name = \"none\"",
            "error: --labels names: `none` (no tier met) and tier `primary` are both named `none`",
        ),
        (
            "name = \"Learning and development 学习与发展\"",
            "name = \"note\"",
            "error: --labels names: the column `note` and competency `learning` are both named `note`",
        ),
    ];
    for (from, to, message) in cases {
        let dir = bundled("labels-clash");
        let standard = dir.read("standard.toml");
        assert!(standard.contains(from), "{from}");
        dir.write("standard.toml", standard.replacen(from, to, 1));
        dir.grade_csv(&["--labels", "names"])
            .expect_code(2)
            .expect_stderr(message);
        dir.grade_csv(&[]).expect_code(0);
    }
}
