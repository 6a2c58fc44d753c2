//! The README's catalogue of errors (issue 4), entry by entry: each entry's
//! example message is what `ladder` prints for the case below, with the exit
//! code the entry gives. The README is read here, so it cannot drift.

use crate::workdir::Workdir;

const STANDARD: &str = r#"[standard]
id = "cat"
name = "Catalogue standard"
version = "1"

[scale]
min = 1
max = 5

[methods]
exam = 0.25
ratings = 0.4
interview = 0.15
kpi = 0.2

[ratings]
roles = { supervisor = 0.6, peer = 0.4 }

[[competencies]]
id = "knowledge"
name = "Knowledge"
weight = 0.5

  [[competencies.indicators]]
  id = "products"
  name = "Products"
  weight = 1
  exam = 50
  ratings = true
  interview = true

[[competencies]]
id = "results"
name = "Results"
weight = 0.5

  [[competencies.indicators]]
  id = "revenue"
  name = "Revenue"
  weight = 1
  kpi = { cap = 1.2 }

[[tiers]]
id = "senior"
name = "Senior"
min_composite = 80
max_share = 0.5

[[tiers]]
id = "junior"
name = "Junior"
min_composite = 60
"#;

const FILES: [(&str, &str); 5] = [
    (
        "q/roster.csv",
        "manager_id,name,team,tenure_years\nM1,Ann,north,3\nM2,Bo,south,5\n",
    ),
    ("q/exam.csv", "manager_id,products\nM1,40\nM2,35\n"),
    (
        "q/ratings.csv",
        "manager_id,rater_id,role,indicator,score\nM1,S1,supervisor,products,4\nM1,P1,peer,products,3\nM2,S1,supervisor,products,5\nM2,P2,peer,products,4\n",
    ),
    (
        "q/interview.csv",
        "manager_id,interviewer_id,indicator,score\nM1,I1,products,4\nM2,I1,products,3\n",
    ),
    (
        "q/kpi.csv",
        "manager_id,indicator,actual,target\nM1,revenue,90,100\nM2,revenue,120,100\n",
    ),
];

/// A change to the valid fixture: in `file`, the first `from` becomes `to`.
type Edit<'a> = (&'a str, &'a str, &'a str);

const GRADE: &[&str] = &["grade", "q", "--standard", "standard.toml"];

/// An entry of the README's catalogue: its exit code and example message.
struct Entry {
    code: i32,
    example: String,
}

/// Reads the catalogue: `#### `id` (exit N)` headings, each followed by its
/// example message as an indented line.
fn catalogue() -> Vec<(String, Entry)> {
    let readme = include_str!("../README.md");
    let section = readme
        .split("\n## Error catalogue\n")
        .nth(1)
        .expect("the README has an error catalogue")
        .split("\n## ")
        .next()
        .unwrap_or_default();
    let mut entries = Vec::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        let Some(heading) = line.strip_prefix("#### `") else {
            continue;
        };
        let (id, rest) = heading
            .split_once("` (exit ")
            .expect("an entry heading names its exit code");
        let code = rest.trim_end_matches(')').parse().expect("an exit code");
        let example = lines
            .by_ref()
            .find_map(|line| line.strip_prefix("    "))
            .expect("an entry has an example message")
            .to_string();
        entries.push((id.to_string(), Entry { code, example }));
    }
    entries
}

/// Sets up the fixture with `edits`, runs `args` and checks the result
/// against the catalogue's entry `id`.
fn check_entry(id: &str, edits: &[Edit], args: &[&str]) {
    let entries = catalogue();
    let dump = Entry {
        code: 0,
        example: String::new(),
    };
    let entry = match entries.iter().find(|(entry_id, _)| entry_id == id) {
        Some((_, entry)) => entry,
        None if std::env::var_os("CATALOGUE_DUMP").is_some() => &dump,
        None => panic!("the README's catalogue has no entry `{id}`"),
    };
    let dir = Workdir::new(&format!("catalogue-{id}"));
    dir.write("standard.toml", STANDARD);
    for (file, text) in FILES {
        dir.write(file, text);
    }
    for (file, from, to) in edits {
        // Bytes, not text: an earlier edit may have put in bytes that are not UTF-8.
        let text = std::fs::read(dir.path(file)).unwrap_or_default();
        let find = |from: usize, what: &str| {
            if what.is_empty() {
                return Some(from);
            }
            text[from..]
                .windows(what.len())
                .position(|window| window == what.as_bytes())
                .map(|at| from + at)
        };
        // `A⋯B` is the text from A up to B (to the end when B is empty).
        let (start, end) = match from.split_once('⋯') {
            None => find(0, from).map(|start| (start, start + from.len())),
            Some((first, last)) => find(0, first).and_then(|start| {
                let end = match last {
                    "" => Some(text.len()),
                    _ => find(start, last),
                };
                end.map(|end| (start, end))
            }),
        }
        .unwrap_or_else(|| panic!("{file} has no {from:?}"));
        let mut bytes = text[..start].to_vec();
        match *to {
            NOT_UTF8 => bytes.extend_from_slice(&[0xC1, 0xF5]),
            NEITHER => bytes.push(0xFF),
            to => bytes.extend_from_slice(to.as_bytes()),
        }
        bytes.extend_from_slice(&text[end..]);
        dir.write(file, bytes);
    }
    let run = dir.run(args);
    if std::env::var_os("CATALOGUE_DUMP").is_some() {
        println!("@@ {id} {}\n{}", run.code(), run.stderr());
        return;
    }
    run.expect_code(entry.code).expect_stderr(&entry.example);
}

macro_rules! entries {
    ($($id:ident: $edits:expr, $args:expr;)*) => {
        $(
            #[test]
            fn $id() {
                check_entry(&stringify!($id).replace('_', "-"), $edits, $args);
            }
        )*

        #[test]
        fn every_catalogue_entry_has_a_test() {
            let tested: Vec<String> = vec![$(stringify!($id).replace('_', "-")),*];
            let listed: Vec<String> = catalogue().into_iter().map(|(id, _)| id).collect();
            for id in &listed {
                assert!(tested.contains(id), "catalogue entry `{id}` has no test");
            }
            assert_eq!(listed.len(), tested.len(), "entries listed twice, or tests without an entry");
        }
    };
}

/// Stands for bytes that are not UTF-8: 刘 in GBK, as an old Excel saves it.
const NOT_UTF8: &str = "<GBK>";
/// Stands for a byte that is neither UTF-8 nor GB18030.
const NEITHER: &str = "<FF>";

entries! {
    // The command line (exit 2).
    unknown_flag: &[], &["grade", "q", "--standard", "standard.toml", "--fromat", "csv"];
    missing_argument: &[], &["grade", "q"];
    bad_flag_value: &[], &["grade", "q", "--standard", "standard.toml", "--format", "xls"];
    unknown_output_format: &[], &["grade", "q", "--standard", "standard.toml", "--output", "ranked.xls"];
    workbook_to_standard_output: &[], &["grade", "q", "--standard", "standard.toml", "--format", "xlsx"];
    calibration_needs_workbook: &[], &["grade", "q", "--standard", "standard.toml", "--calibration"];
    workbook_from_another_command: &[], &["gaps", "q", "--standard", "standard.toml", "--output", "gaps.xlsx"];
    report_to_workbook: &[], &["report", "q", "--standard", "standard.toml", "--output", "teams.xlsx"];
    html_from_another_command: &[], &["gaps", "q", "--standard", "standard.toml", "--output", "gaps.html"];
    explain_output_format: &[], &["explain", "M1", "q", "--standard", "standard.toml", "--output", "page.pdf"];
    unknown_tier_filter: &[], &["grade", "q", "--standard", "standard.toml", "--tier", "gold"];
    ambiguous_tier_filter: &[("standard.toml", "name = \"Junior\"", "name = \"Senior\"")], &["grade", "q", "--standard", "standard.toml", "--tier", "Senior"];
    unknown_team_filter: &[], &["grade", "q", "--standard", "standard.toml", "--team", "east"];
    label_clash: &[("standard.toml", "name = \"Results\"", "name = \"Knowledge\"")], &["grade", "q", "--standard", "standard.toml", "--labels", "names"];
    output_is_an_input: &[], &["grade", "q", "--standard", "standard.toml", "--output", "q/exam.csv"];
    unknown_manager: &[], &["explain", "M3", "q", "--standard", "standard.toml"];
    rejects_format: &[], &["grade", "q", "--standard", "standard.toml", "--rejects", "rejected.ods"];

    // Files and folders (exit 1).
    no_such_folder: &[], &["grade", "q2", "--standard", "standard.toml"];
    not_a_folder: &[], &["grade", "q/exam.csv", "--standard", "standard.toml"];
    standard_not_found: &[], &["grade", "q", "--standard", "gam.toml"];
    standard_not_utf8: &[("standard.toml", "Catalogue standard", NOT_UTF8)], GRADE;
    file_not_found: &[], &["grade", "q", "--standard", "standard.toml", "--kpi", "q/kpi-2026.csv"];
    file_is_a_folder: &[], &["grade", "q", "--standard", "standard.toml", "--kpi", "q"];
    unreadable_workbook: &[("q/kpi.xlsx", "", "not a workbook")], &["grade", "q", "--standard", "standard.toml", "--kpi", "q/kpi.xlsx"];
    cannot_write_output: &[], &["grade", "q", "--standard", "standard.toml", "--format", "csv", "--output", "/dev/full"];

    // The standard (exit 1).
    toml_syntax: &[("standard.toml", "[methods]", "[methods")], GRADE;
    unknown_key: &[("standard.toml", "weight = 0.5", "weigth = 0.5")], GRADE;
    wrong_type: &[("standard.toml", "min_composite = 80", "min_composite = \"80\"")], GRADE;
    not_finite: &[("standard.toml", "min_composite = 80", "min_composite = nan")], GRADE;
    not_a_table: &[("standard.toml", "kpi = { cap = 1.2 }", "kpi = 1.2")], GRADE;
    not_a_whole_number: &[("standard.toml", "roles = {", "trim = 1.5\nroles = {")], GRADE;
    empty_id: &[("standard.toml", "id = \"results\"", "id = \"\"")], GRADE;
    bad_id: &[("standard.toml", "id = \"results\"", "id = \"sales results\"")], GRADE;
    reserved_id: &[("standard.toml", "id = \"results\"", "id = \"kpi\"")], GRADE;
    duplicate_id: &[("standard.toml", "id = \"results\"", "id = \"knowledge\"")], GRADE;
    missing_id: &[("standard.toml", "id = \"junior\"\n", "")], GRADE;
    missing_weight: &[("standard.toml", "weight = 0.5\n\n  [[competencies.indicators]]\n  id = \"revenue\"", "\n  [[competencies.indicators]]\n  id = \"revenue\"")], GRADE;
    weights_do_not_sum: &[("standard.toml", "interview = 0.15", "interview = 0.25")], GRADE;
    weight_not_above_zero: &[("standard.toml", "peer = 0.4", "peer = 0")], GRADE;
    negative_method_weight: &[("standard.toml", "interview = 0.15", "interview = -0.15")], GRADE;
    all_methods_weight_zero: &[("standard.toml", "exam = 0.25\nratings = 0.4\ninterview = 0.15\nkpi = 0.2", "exam = 0\nratings = 0")], GRADE;
    no_standard_table: &[("standard.toml", "[standard]\nid = \"cat\"\nname = \"Catalogue standard\"\nversion = \"1\"\n", "")], GRADE;
    no_standard_id: &[("standard.toml", "id = \"cat\"\n", "")], GRADE;
    precision_out_of_range: &[("standard.toml", "version = \"1\"", "version = \"1\"\nprecision = 8")], GRADE;
    unknown_missing_policy: &[("standard.toml", "version = \"1\"", "version = \"1\"\nmissing = \"skip\"")], GRADE;
    no_methods_table: &[("standard.toml", "[methods]\nexam = 0.25\nratings = 0.4\ninterview = 0.15\nkpi = 0.2\n", "")], GRADE;
    unknown_method: &[("standard.toml", "kpi = 0.2", "kpis = 0.2")], GRADE;
    no_scale: &[("standard.toml", "[scale]\nmin = 1\nmax = 5\n", "")], GRADE;
    scale_min_max: &[("standard.toml", "min = 1\nmax = 5", "min = 5\nmax = 1")], GRADE;
    scale_incomplete: &[("standard.toml", "max = 5\n", "")], GRADE;
    no_ratings_roles: &[("standard.toml", "[ratings]\nroles = { supervisor = 0.6, peer = 0.4 }\n", "")], GRADE;
    no_roles: &[("standard.toml", "roles = { supervisor = 0.6, peer = 0.4 }", "roles = {}")], GRADE;
    negative_gap_threshold: &[("standard.toml", "roles = { supervisor = 0.6, peer = 0.4 }", "roles = { supervisor = 0.6, peer = 0.4 }\ngap_threshold = -1")], GRADE;
    undeclared_role: &[("standard.toml", "roles = { supervisor = 0.6, peer = 0.4 }", "roles = { supervisor = 0.6, peer = 0.4 }\nmin_raters = { customer = 2 }")], GRADE;
    no_competencies: &[("standard.toml", "[[competencies]]⋯[[tiers]]", "")], GRADE;
    no_indicators: &[("standard.toml", "  [[competencies.indicators]]\n  id = \"revenue\"\n  name = \"Revenue\"\n  weight = 1\n  kpi = { cap = 1.2 }\n", "")], GRADE;
    exam_points_not_above_zero: &[("standard.toml", "exam = 50", "exam = 0")], GRADE;
    measured_by_no_method: &[("standard.toml", "  kpi = { cap = 1.2 }\n", "")], GRADE;
    method_flag_not_true: &[("standard.toml", "  interview = true", "  interview = false")], GRADE;
    kpi_direction: &[("standard.toml", "kpi = { cap = 1.2 }", "kpi = { direction = \"down\" }")], GRADE;
    kpi_cap_below_one: &[("standard.toml", "kpi = { cap = 1.2 }", "kpi = { cap = 0.8 }")], GRADE;
    method_measures_nothing: &[("standard.toml", "  kpi = { cap = 1.2 }\n", "  exam = 20\n")], GRADE;
    measured_only_by_unused_methods: &[("standard.toml", "kpi = 0.2", "kpi = 0"), ("standard.toml", "exam = 0.25", "exam = 0.45")], GRADE;
    tie_breaker_not_a_string: &[("standard.toml", "[[tiers]]", "[ranking]\ntie_breakers = [1]\n\n[[tiers]]")], GRADE;
    tie_breaker_unused_method: &[("standard.toml", "kpi = 0.2", "kpi = 0"), ("standard.toml", "exam = 0.25", "exam = 0.45"), ("standard.toml", "  kpi = { cap = 1.2 }", "  exam = 10"), ("standard.toml", "[[tiers]]", "[ranking]\ntie_breakers = [\"kpi\"]\n\n[[tiers]]")], GRADE;
    tie_breaker_unknown: &[("standard.toml", "[[tiers]]", "[ranking]\ntie_breakers = [\"ratngs\"]\n\n[[tiers]]")], GRADE;
    tiers_not_tables: &[("standard.toml", "[[tiers]]⋯", ""), ("standard.toml", "[standard]", "tiers = 1\n\n[standard]")], GRADE;
    tier_without_min_composite: &[("standard.toml", "min_composite = 60\n", "")], GRADE;
    tiers_out_of_order: &[("standard.toml", "min_composite = 60", "min_composite = 90")], GRADE;
    tier_floor_unknown: &[("standard.toml", "max_share = 0.5", "max_share = 0.5\nmin_competency = { knowlege = 70 }")], GRADE;
    kpi_bands_shape: &[("standard.toml", "kpi = { cap = 1.2 }", "kpi = { bands = [1.2, 100] }")], GRADE;
    kpi_bands_not_falling: &[("standard.toml", "kpi = { cap = 1.2 }", "kpi = { bands = [[1, 100], [1.2, 85], [0, 50]] }")], GRADE;
    kpi_band_score_range: &[("standard.toml", "kpi = { cap = 1.2 }", "kpi = { bands = [[1, 120], [0, 50]] }")], GRADE;
    kpi_band_scores_rise: &[("standard.toml", "kpi = { cap = 1.2 }", "kpi = { bands = [[1, 80], [0.8, 85], [0, 50]] }")], GRADE;
    kpi_bands_last_not_zero: &[("standard.toml", "kpi = { cap = 1.2 }", "kpi = { bands = [[1.2, 100], [0.8, 70]] }")], GRADE;
    kpi_bands_and_cap: &[("standard.toml", "kpi = { cap = 1.2 }", "kpi = { cap = 1.2, bands = [[1, 100], [0, 50]] }")], GRADE;
    quota_ties_unknown: &[("standard.toml", "max_share = 0.5", "max_share = 0.5\nquota_ties = \"share\"")], GRADE;
    adjust_unknown: &[("standard.toml", "roles = { supervisor = 0.6, peer = 0.4 }", "roles = { supervisor = 0.6, peer = 0.4 }\nadjust = \"centre\"")], GRADE;
    adjust_min_not_whole: &[("standard.toml", "roles = { supervisor = 0.6, peer = 0.4 }", "roles = { supervisor = 0.6, peer = 0.4 }\nadjust = \"center\"\nadjust_min = 2.5")], GRADE;
    adjust_flag_negative: &[("standard.toml", "roles = { supervisor = 0.6, peer = 0.4 }", "roles = { supervisor = 0.6, peer = 0.4 }\nadjust = \"center\"\nadjust_flag = -1")], GRADE;
    adjust_options_without_adjust: &[("standard.toml", "roles = { supervisor = 0.6, peer = 0.4 }", "roles = { supervisor = 0.6, peer = 0.4 }\nadjust_min = 3")], GRADE;
    quota_ties_without_quota: &[("standard.toml", "min_composite = 60", "min_composite = 60\nquota_ties = \"flag\"")], GRADE;
    max_share_out_of_range: &[("standard.toml", "max_share = 0.5", "max_share = 15")], GRADE;
    max_step_up_not_whole: &[("standard.toml", "[[tiers]]\nid = \"senior\"", "[movement]\nmax_step_up = 0\n\n[[tiers]]\nid = \"senior\"")], GRADE;
    ahp_inconsistent: &[("standard.toml", "[[competencies]]", "[ahp.competencies]\norder = [\"knowledge\", \"results\", \"extra\"]\nmatrix = [[1, 3, \"1/3\"], [\"1/3\", 1, 3], [3, \"1/3\", 1]]\n\n[[competencies]]")], GRADE;
    ahp_not_reciprocal: &[("standard.toml", "[[competencies]]", "[ahp.competencies]\norder = [\"knowledge\", \"results\"]\nmatrix = [[1, 3], [\"1/2\", 1]]\n\n[[competencies]]")], GRADE;
    ahp_bad_judgement: &[("standard.toml", "[[competencies]]", "[ahp.competencies]\norder = [\"knowledge\", \"results\"]\nmatrix = [[1, \"three\"], [\"1/3\", 1]]\n\n[[competencies]]")], GRADE;
    ahp_diagonal: &[("standard.toml", "[[competencies]]", "[ahp.competencies]\norder = [\"knowledge\", \"results\"]\nmatrix = [[2, 3], [\"1/3\", 1]]\n\n[[competencies]]")], GRADE;
    ahp_matrix_shape: &[("standard.toml", "[[competencies]]", "[ahp.competencies]\norder = [\"knowledge\", \"results\"]\nmatrix = [[1, 3]]\n\n[[competencies]]")], GRADE;
    ahp_row_length: &[("standard.toml", "[[competencies]]", "[ahp.competencies]\norder = [\"knowledge\", \"results\"]\nmatrix = [[1, 3], [\"1/3\"]]\n\n[[competencies]]")], GRADE;
    ahp_weight_given: &[("standard.toml", "[[competencies]]", "[ahp.competencies]\norder = [\"knowledge\", \"results\"]\nmatrix = [[1, 1], [1, 1]]\n\n[[competencies]]")], GRADE;
    ahp_order_leaves_out: &[("standard.toml", "[[competencies]]", "[ahp.competencies]\norder = [\"knowledge\"]\nmatrix = [[1]]\n\n[[competencies]]"), ("standard.toml", "weight = 0.5\n", ""), ("standard.toml", "weight = 0.5\n", "")], GRADE;
    ahp_order_unknown: &[("standard.toml", "[[competencies]]", "[ahp.competencies]\norder = [\"knowledge\", \"result\"]\nmatrix = [[1, 1], [1, 1]]\n\n[[competencies]]"), ("standard.toml", "weight = 0.5\n", ""), ("standard.toml", "weight = 0.5\n", "")], GRADE;
    ahp_order_twice: &[("standard.toml", "[[competencies]]", "[ahp.competencies]\norder = [\"knowledge\", \"knowledge\"]\nmatrix = [[1, 1], [1, 1]]\n\n[[competencies]]")], GRADE;
    ahp_and_methods: &[("standard.toml", "[[competencies]]", "[ahp.methods]\norder = [\"exam\", \"kpi\"]\nmatrix = [[1, 1], [1, 1]]\n\n[[competencies]]")], GRADE;
    ahp_and_roles: &[("standard.toml", "[[competencies]]", "[ahp.roles]\norder = [\"supervisor\", \"peer\"]\nmatrix = [[1, 1], [1, 1]]\n\n[[competencies]]")], GRADE;
    ahp_indicators_of_nothing: &[("standard.toml", "[[competencies]]", "[ahp.indicators.knowlege]\norder = [\"products\"]\nmatrix = [[1]]\n\n[[competencies]]")], GRADE;
    unknown_column_in_columns: &[("standard.toml", "min_composite = 60", "min_composite = 60\n\n[columns]\nmanger_id = [\"工号\"]")], GRADE;
    header_name_given_twice: &[("standard.toml", "min_composite = 60", "min_composite = 60\n\n[columns]\nmanager_id = [\"工号\"]\nrater_id = [\"工号\"]")], GRADE;
    empty_header_name: &[("standard.toml", "min_composite = 60", "min_composite = 60\n\n[columns]\nname = [\"姓名\", \" \"]")], GRADE;
    header_name_is_a_column: &[("standard.toml", "min_composite = 60", "min_composite = 60\n\n[columns]\nname = [\"team\"]")], GRADE;

    // A previous quarter's export (exit 1).
    previous_not_an_export: &[("last.csv", "", "id,level\nM1,senior\n")], &["grade", "q", "--standard", "standard.toml", "--previous", "last.csv"];
    previous_json_not_an_export: &[("last.json", "", "{\"rows\": []}")], &["grade", "q", "--standard", "standard.toml", "--previous", "last.json"];
    previous_manager_twice: &[("last.csv", "", "rank,manager_id,composite,tier\n1,M1,90,senior\n2,M1,80,junior\n")], &["grade", "q", "--standard", "standard.toml", "--previous", "last.csv"];
    previous_json_wrong_type: &[("last.json", "", "{\"managers\": [{\"manager_id\": \"M1\", \"tier\": 5}]}")], &["grade", "q", "--standard", "standard.toml", "--previous", "last.json"];
    previous_not_a_number: &[("last.csv", "", "rank,manager_id,composite,tier\n1,M1,high,senior\n")], &["grade", "q", "--standard", "standard.toml", "--previous", "last.csv"];

    // The quarter's files (exit 1).
    empty_file: &[("q/kpi.csv", "manager_id,indicator,actual,target\nM1,revenue,90,100\nM2,revenue,120,100\n", "")], GRADE;
    column_named_twice: &[("q/kpi.csv", "actual,target", "actual,actual")], GRADE;
    column_under_two_names: &[("standard.toml", "min_composite = 60", "min_composite = 60\n\n[columns]\nmanager_id = [\"工号\"]"), ("q/roster.csv", "team,tenure_years", "team,工号")], GRADE;
    missing_column: &[("q/kpi.csv", "actual,target", "actual,goal")], GRADE;
    missing_indicator_column: &[("q/exam.csv", "manager_id,products", "manager_id,product")], GRADE;
    column_for_unmeasured_indicator: &[("q/exam.csv", "manager_id,products", "manager_id,products,revenue"), ("q/exam.csv", "M1,40", "M1,40,1"), ("q/exam.csv", "M2,35", "M2,35,1")], GRADE;
    not_utf8: &[("q/roster.csv", "Ann", NOT_UTF8)], &["grade", "q", "--standard", "standard.toml", "--encoding", "utf-8"];
    unknown_encoding: &[("q/roster.csv", "Ann", NOT_UTF8), ("q/roster.csv", "Bo", NEITHER)], GRADE;
    field_count: &[("q/ratings.csv", "M1,P1,peer,products,3", "M1,P1,peer,products,3,late")], GRADE;
    empty_required_cell: &[("q/roster.csv", "M2,Bo", "M2,")], GRADE;
    duplicate_roster_id: &[("q/roster.csv", "M2,Bo", "M1,Bo")], GRADE;
    tenure_not_a_number: &[("q/roster.csv", "north,3", "north,3 years")], GRADE;
    manager_not_in_roster: &[("q/kpi.csv", "M2,revenue", "M3,revenue")], GRADE;
    unknown_indicator: &[("q/ratings.csv", "M1,P1,peer,products", "M1,P1,peer,prodcts")], GRADE;
    indicator_not_measured: &[("q/ratings.csv", "M1,P1,peer,products", "M1,P1,peer,revenue")], GRADE;
    unknown_role: &[("q/ratings.csv", "M1,P1,peer", "M1,P1,peers")], GRADE;
    self_rating_under_a_role: &[("q/ratings.csv", "M1,P1,peer", "M1,M1,peer")], GRADE;
    not_a_number: &[("q/interview.csv", "M1,I1,products,4", "M1,I1,products,\"4,5\"")], GRADE;
    score_outside_scale: &[("q/interview.csv", "M1,I1,products,4", "M1,I1,products,7")], GRADE;
    exam_points_outside: &[("q/exam.csv", "M1,40", "M1,55")], GRADE;
    second_exam_row: &[("q/exam.csv", "M2,35", "M1,35")], GRADE;
    second_rating: &[("q/ratings.csv", "M2,S1,supervisor", "M1,S1,supervisor")], GRADE;
    second_interview_score: &[("q/interview.csv", "M2,I1", "M1,I1")], GRADE;
    second_kpi_row: &[("q/kpi.csv", "M2,revenue", "M1,revenue")], GRADE;
    negative_actual: &[("q/kpi.csv", "M1,revenue,90", "M1,revenue,-90")], GRADE;
    target_not_above_zero: &[("q/kpi.csv", "90,100", "90,0")], GRADE;
    negative_target: &[("standard.toml", "kpi = { cap = 1.2 }", "kpi = { direction = \"lower\" }"), ("q/kpi.csv", "90,100", "90,-5")], GRADE;
}
