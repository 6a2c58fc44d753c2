//! `[columns]` (issue 15, item 5): an HR system's export, headed in its own
//! words, read as it is; a header that names one column twice refused; a
//! missing column's error pointing at the header cell that is likely it.

use crate::workdir::{Workdir, bundled_standard};

/// The Chinese headers an HR system writes, in `[columns]`.
const COLUMNS: &str = r#"

[columns]
manager_id = ["工号", "员工编号"]
name = "姓名"
team = ["部门"]
branch = ["分公司"]
tenure_years = ["司龄"]
rater_id = ["评价人工号"]
role = ["评价关系"]
interviewer_id = ["面试官"]
indicator = ["指标"]
score = ["得分"]
actual = ["完成值"]
target = ["目标值"]
ict-products = ["ICT产品"]
pricing-policy = ["资费政策"]
industry-solutions = ["行业方案"]
industry-trends = ["行业趋势"]
proposal-writing = ["方案撰写"]
certification = ["认证"]
"#;

/// Each file's English header line and the header an HR export gives it
/// (columns in the bundled quarter's order).
const HEADERS: [(&str, &str, &str); 5] = [
    (
        "roster.csv",
        "manager_id,name,team,branch,tenure_years",
        "工号,姓名,部门,分公司,司龄",
    ),
    (
        "exam.csv",
        "manager_id,ict-products,pricing-policy,industry-solutions,industry-trends,proposal-writing,certification",
        "员工编号,ICT产品,资费政策,行业方案,行业趋势,方案撰写,认证",
    ),
    (
        "ratings.csv",
        "manager_id,rater_id,role,indicator,score",
        "工号,评价人工号,评价关系,指标,得分",
    ),
    (
        "interview.csv",
        "manager_id,interviewer_id,indicator,score",
        "员工编号,面试官,指标,得分",
    ),
    (
        "kpi.csv",
        "manager_id,indicator,actual,target",
        "工号,指标,完成值,目标值",
    ),
];

/// The bundled quarter in `q/`, and in `zh/` the same files headed as the
/// HR system heads them; `zh.toml` is the bundled standard with `[columns]`.
fn english_and_chinese_quarters() -> Workdir {
    let dir = Workdir::new("columns-chinese");
    dir.write_bundled();
    dir.write_bundled_quarter("2026Q3", "zh");
    for (file, english, chinese) in HEADERS {
        let path = format!("zh/{file}");
        let text = dir.read(&path);
        let rows = text
            .strip_prefix(english)
            .unwrap_or_else(|| panic!("{file} starts with {english}"));
        dir.write(&path, format!("{chinese}{rows}"));
    }
    dir.write("zh.toml", bundled_standard() + COLUMNS);
    dir
}

#[test]
fn a_chinese_headed_export_grades_byte_for_byte_as_the_english_one() {
    let dir = english_and_chinese_quarters();
    for format in ["csv", "json", "table"] {
        let english = dir.run(&[
            "grade",
            "q",
            "--standard",
            "standard.toml",
            "--format",
            format,
        ]);
        let chinese = dir.run(&["grade", "zh", "--standard", "zh.toml", "--format", format]);
        english.expect_code(0);
        chinese.expect_code(0);
        assert_eq!(chinese.stdout(), english.stdout(), "{format} differs");
        // No column was ignored, no warning given.
        assert_eq!(chinese.stderr(), english.stderr());
    }
    // Tenure was read from 司龄: FZ0060 is superior, which takes 3 years.
    let csv = dir.run(&["grade", "zh", "--standard", "zh.toml", "--format", "csv"]);
    csv.expect_stdout_contains("\n1,FZ0060,胡宇航,集团客户部,94.24,superior,");
}

#[test]
fn check_says_what_each_header_name_is_read_as() {
    let dir = english_and_chinese_quarters();
    dir.run(&["check", "--standard", "zh.toml", "zh"])
        .expect_code(0)
        .expect_stdout_contains("[columns] reads `工号` or `员工编号` as `manager_id`\n")
        .expect_stdout_contains("[columns] reads `ICT产品` as `ict-products`\n")
        .expect_stdout_contains("zh/ratings.csv: 14178 rows, valid\n");
    // Without [columns], check prints no such line.
    let plain = dir.run(&["check", "--standard", "standard.toml"]);
    assert!(!plain.stdout().contains("[columns]"), "{}", plain.stdout());
}

const SMALL: &str = r#"[standard]
id = "small"
name = "Small"
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
  exam = 50
"#;

/// A quarter of the exam alone, against SMALL with `columns` after it.
fn small_quarter(name: &str, columns: &str, roster: &str, exam: &str) -> Workdir {
    let dir = Workdir::new(name);
    dir.write("standard.toml", format!("{SMALL}\n[columns]\n{columns}"))
        .write("q/roster.csv", roster)
        .write("q/exam.csv", exam);
    dir
}

#[test]
fn a_header_giving_one_column_under_two_of_its_names_is_an_error() {
    let dir = small_quarter(
        "columns-two-names",
        "manager_id = [\"工号\", \"员工编号\"]\nname = \"姓名\"\n",
        "工号,姓名,员工编号\nM1,Ann,M1\n",
        "manager_id,products,工号\nM1,40,M1\n",
    );
    let run = dir.grade_csv(&[]);
    run.expect_code(1)
        .expect_stderr(
            "q/roster.csv:1:3: the header gives `manager_id` twice: `工号` (column 1, its name in [columns]) and `员工编号` (column 3, its name in [columns]); keep one\n",
        )
        .expect_stderr(
            "q/exam.csv:1:3: the header gives `manager_id` twice: `manager_id` (column 1) and `工号` (column 3, its name in [columns]); keep one\n",
        )
        .expect_stderr("2 errors found");
}

#[test]
fn a_cells_error_in_a_renamed_column_names_the_header_as_written() {
    let dir = small_quarter(
        "columns-cell-errors",
        "name = \"姓名\"\ntenure_years = \"司龄\"\nproducts = \"产品知识\"\n",
        "manager_id,姓名,司龄\nM1,,3\nM2,Bo,three\n",
        "manager_id,产品知识\nM1,55\nM2,40\n",
    );
    dir.grade_csv(&[])
        .expect_code(1)
        .expect_stderr("q/roster.csv:2:2: `name` is empty (column `姓名`)\n")
        .expect_stderr("q/roster.csv:3:3: tenure_years `three` is not a number (column `司龄`); ")
        .expect_stderr(
            "q/exam.csv:2:2: exam points 55 for `products` are outside 0 to 50 (column `产品知识`)\n",
        );
    // A column under its own name is named as before.
    let plain = small_quarter(
        "columns-cell-errors-plain",
        "name = \"姓名\"\n",
        "manager_id,name\nM1,\n",
        "manager_id,products\nM1,40\n",
    );
    plain
        .grade_csv(&[])
        .expect_code(1)
        .expect_stderr("q/roster.csv:2:2: `name` is empty\n");
}

#[test]
fn ignored_and_unmeasured_columns_are_named_as_written() {
    let dir = small_quarter(
        "columns-ignored",
        "team = \"部门\"\nproducts = \"产品知识\"\n",
        "manager_id,name,部门,备注\nM1,Ann,north,x\n",
        "manager_id,产品知识,部门\nM1,40,north\n",
    );
    let run = dir.grade_csv(&[]);
    run.expect_code(0)
        .expect_stderr("q/roster.csv:1: warning: ignoring column `备注`\n")
        .expect_stderr("q/exam.csv:1: warning: ignoring column `部门`\n");
    // An indicator's column in a file of a method that does not measure it.
    let dir = Workdir::new("columns-unmeasured");
    let standard = SMALL.replace("exam = 1", "exam = 0.5\nkpi = 0.5").replace(
        "weight = 1\n\n  [[competencies.indicators]]",
        "weight = 0.5\n\n  [[competencies.indicators]]",
    ) + "
[[competencies]]
id = \"results\"
name = \"Results\"
weight = 0.5

  [[competencies.indicators]]
  id = \"revenue\"
  name = \"Revenue\"
  weight = 1
  kpi = {}

[columns]
revenue = \"营收\"
";
    dir.write("standard.toml", standard)
        .write("q/roster.csv", "manager_id,name\nM1,Ann\n")
        .write("q/exam.csv", "manager_id,products,营收\nM1,40,1\n")
        .write(
            "q/kpi.csv",
            "manager_id,indicator,actual,target\nM1,revenue,9,10\n",
        );
    dir.grade_csv(&[]).expect_code(1).expect_stderr(
        "q/exam.csv:1:3: column `营收`, which [columns] reads as `revenue`, names an indicator that exam does not measure\n",
    );
}

#[test]
fn every_problem_of_columns_is_reported_with_its_place() {
    let dir = small_quarter(
        "columns-standard-errors",
        "manger_id = [\"工号\"]\n\
         name = [\"姓名\", \" \", \"team\", \"products\", \"姓名\"]\n\
         team = [\"姓名\"]\n\
         tenure_years = 3\n\
         branch = [\"分公司\", 7]\n",
        "manager_id,name\nM1,Ann\n",
        "manager_id,products\nM1,40\n",
    );
    // [columns] is on line 20; columns count characters, 姓名 two.
    let run = dir.grade_csv(&[]);
    run.expect_code(1);
    assert_eq!(
        run.stderr(),
        "standard.toml:21:1: [columns] names `manger_id`, which is neither a column of the quarter's files nor an indicator; did you mean `manager_id`?\n\
         standard.toml:22:15: a header name for `name` in [columns] is empty\n\
         standard.toml:22:20: [columns] gives `team` as a header name for `name`, but `team` is already a column's own name\n\
         standard.toml:22:28: [columns] gives `products` as a header name for `name`, but `products` is already a column's own name\n\
         standard.toml:22:40: [columns] gives `姓名` twice for `name`\n\
         standard.toml:23:9: [columns] gives `姓名` as a header name for both `name` and `team`; give each header name to one column\n\
         standard.toml:24:1: `tenure_years` in [columns] must be a header name or an array of header names, not integer\n\
         standard.toml:25:18: a header name for `branch` in [columns] must be a string, not integer\n\
         8 errors found\n"
    );
}

#[test]
fn a_missing_column_suggests_the_header_cell_close_to_it() {
    let dir = small_quarter(
        "columns-suggestion",
        "manager_id = [\"工号\", \"员工编号\"]\n",
        "员工编码,Name,team\nM1,Ann,north\n",
        "manager_id,prodcts\nM1,40\n",
    );
    let run = dir.grade_csv(&[]);
    run.expect_code(1)
        .expect_stderr(
            "q/roster.csv:1: the header has no `manager_id` column (nor `工号`, `员工编号`, its names in [columns]); column 1 is `员工编码`: did you mean `员工编号`?\n",
        )
        .expect_stderr(
            "q/roster.csv:1: the header has no `name` column; column 2 is `Name`: did you mean `name`?\n",
        )
        .expect_stderr(
            "q/exam.csv:1: the header has no column for indicator `products`; column 2 is `prodcts`: did you mean `products`?\n",
        );
    // A cell far from every name is not offered; one already read never is.
    let dir = small_quarter(
        "columns-no-suggestion",
        "name = \"姓名\"\n",
        "manager_id,full name,team\nM1,Ann,north\n",
        "manager_id,products\nM1,40\n",
    );
    dir.grade_csv(&[]).expect_code(1).expect_stderr(
        "q/roster.csv:1: the header has no `name` column (nor `姓名`, its name in [columns])\n",
    );
}

#[test]
fn a_sheets_suggestion_names_the_column_by_its_letter() {
    let dir = small_quarter(
        "columns-sheet",
        "name = \"姓名\"\n",
        "manager_id,name\nM1,Ann\n",
        "",
    );
    let rows = vec![vec!["备注", "manager_id", "prodcts"], vec!["x", "M1", "40"]];
    dir.write(
        "q/exam.xlsx",
        crate::spreadsheet::workbook(&[("考试", rows)]),
    );
    std::fs::remove_file(dir.path("q/exam.csv")).expect("remove exam.csv");
    dir.grade_csv(&[]).expect_code(1).expect_stderr(
        "q/exam.xlsx#考试!1: the header has no column for indicator `products`; column C is `prodcts`: did you mean `products`?\n",
    );
}
