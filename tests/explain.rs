//! `ladder explain` and `ladder gaps` (issue 5): every explanation agrees
//! with the grade, tier conditions are shown with what they miss by, the
//! gaps name what separates each manager from the next tier, and role groups
//! too small to be anonymous are never shown on their own.

use std::collections::HashMap;

use crate::workdir::{Workdir, csv_maps};

fn bundled(dir: &Workdir) -> Vec<String> {
    dir.write_bundled();
    vec!["q".into(), "--standard".into(), "standard.toml".into()]
}

/// A JSON value as the CSV shows it: numbers as written, null empty.
fn shown(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[test]
fn every_explanation_of_the_bundled_quarter_reproduces_its_grade_row() {
    let dir = Workdir::new("explain-every");
    let quarter = bundled(&dir);
    let mut args = vec!["grade".to_string()];
    args.extend(quarter.iter().cloned());
    args.extend(["--format".into(), "csv".into()]);
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = dir.run(&arg_refs);
    run.expect_code(0);
    let rows = csv_maps(&run.stdout());
    assert_eq!(rows.len(), 120);
    let methods = ["exam", "ratings", "interview", "kpi"];
    let competencies = [
        "product-knowledge",
        "customer-insight",
        "solution-selling",
        "consultative-selling",
        "customer-maintenance",
        "communication",
        "learning",
        "sales-results",
    ];
    std::thread::scope(|scope| {
        for chunk in rows.chunks(30) {
            let (dir, quarter) = (&dir, &quarter);
            scope.spawn(move || {
                for row in chunk {
                    let id = &row["manager_id"];
                    let mut args = vec!["explain", id];
                    args.extend(quarter.iter().map(String::as_str));
                    args.extend(["--format", "json"]);
                    let run = dir.run(&args);
                    run.expect_code(0);
                    let json: serde_json::Value =
                        serde_json::from_str(&run.stdout()).expect("JSON");
                    for key in [
                        "rank",
                        "tier",
                        "composite",
                        "status",
                        "note",
                        "name",
                        "team",
                    ] {
                        assert_eq!(shown(&json[key]), row[key], "{id}: {key}");
                    }
                    for method in methods {
                        assert_eq!(
                            shown(&json["methods"][method]["score"]),
                            row[method],
                            "{id}: {method}"
                        );
                    }
                    let profile = json["competencies"].as_array().expect("competencies");
                    for (competency, shown_competency) in competencies.iter().zip(profile) {
                        assert_eq!(shown_competency["id"], *competency);
                        assert_eq!(
                            shown(&shown_competency["score"]),
                            row[*competency],
                            "{id}: {competency}"
                        );
                    }
                    // The placed tier is the first one met with room, from the top.
                    let placed: Vec<&serde_json::Value> = json["tiers"]
                        .as_array()
                        .expect("tiers")
                        .iter()
                        .filter(|t| t["placed"] == true)
                        .collect();
                    match row["tier"].as_str() {
                        "" | "none" => assert!(placed.is_empty(), "{id}"),
                        tier => assert_eq!(placed[0]["id"], tier, "{id}"),
                    }
                }
            });
        }
    });
}

#[test]
fn explain_shows_each_tier_condition_met_or_short_by_how_much() {
    let dir = Workdir::new("explain-text");
    let mut args = vec!["explain".to_string(), "FZ0006".to_string()];
    args.extend(bundled(&dir));
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = dir.run(&arg_refs);
    run.expect_code(0);
    let text = run.stdout();
    for line in [
        "status graded · rank 107 · tier primary · composite 60.31",
        "  superior (Superior 高级): not met",
        "    composite 60.31, needs 85.00: short 24.69",
        "    sales-results 86.38 ≥ 85.00: met",
        "    tenure_years 0.9, needs 3: short 2.1",
        "    consultative-selling 49.48, needs 65.00: short 15.52",
        "  primary (Primary 初级): placed here",
        // 20 of 30 exam points: 66.67; the panel's 3, 3, 3.5 with trim 1 keep 3.
        "      exam          66.67  20 of 30 points",
        "      interview     60.00  panel 3 scores: 3, 3, 3.5; trim 1 dropped 3, 3.5; mean 3.00",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "no line {line:?} in\n{text}"
        );
    }
}

#[test]
fn explain_names_an_unknown_manager_with_a_suggestion() {
    let dir = Workdir::new("explain-unknown");
    let mut args = vec!["explain".to_string(), "FZ006".to_string()];
    args.extend(bundled(&dir));
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    dir.run(&arg_refs)
        .expect_code(2)
        .expect_stderr("error: manager `FZ006` is not in the roster; did you mean `FZ0006`?");
}

const SMALL_STANDARD: &str = r#"
[standard]
id = "small"
name = "Small"
version = "1"

[scale]
min = 1
max = 5

[methods]
ratings = 1

[ratings]
roles = { supervisor = 0.5, peer = 0.3, customer = 0.2 }

[[competencies]]
id = "selling"
name = "Selling"
weight = 1

  [[competencies.indicators]]
  id = "one"
  name = "Peers: one rater"
  weight = 0.25
  ratings = true

  [[competencies.indicators]]
  id = "two"
  name = "Peers: two raters"
  weight = 0.25
  ratings = true

  [[competencies.indicators]]
  id = "three"
  name = "Peers: three raters"
  weight = 0.25
  ratings = true

  [[competencies.indicators]]
  id = "pooled"
  name = "Two peers and one customer"
  weight = 0.25
  ratings = true

[[tiers]]
id = "upper"
name = "Upper"
min_composite = 90
min_competency = { selling = 95 }

[[tiers]]
id = "lower"
name = "Lower"
min_composite = 50
"#;

/// One manager, M1: a supervisor on every indicator; on `one` a single
/// peer, on `two` two peers, on `three` three, on `pooled` two peers and
/// a customer. Self-ratings: 5 on `one` (others 4: no flag), 5 on `two`
/// (others 3.75: a blind spot), 2 on `three` (others 4: a hidden strength).
fn small_quarter(dir: &Workdir) {
    let mut ratings = String::from("manager_id,rater_id,role,indicator,score\n");
    for indicator in ["one", "two", "three", "pooled"] {
        ratings.push_str(&format!("M1,S1,supervisor,{indicator},4\n"));
    }
    ratings.push_str("M1,P1,peer,one,4\n");
    ratings.push_str("M1,P1,peer,two,3\nM1,P2,peer,two,4\n");
    ratings.push_str("M1,P1,peer,three,3\nM1,P2,peer,three,4\nM1,P3,peer,three,5\n");
    ratings.push_str("M1,P1,peer,pooled,2\nM1,P2,peer,pooled,3\nM1,C1,customer,pooled,5\n");
    ratings.push_str("M1,M1,self,one,5\nM1,M1,self,two,5\nM1,M1,self,three,2\n");
    dir.write("standard.toml", SMALL_STANDARD)
        .write("q/roster.csv", "manager_id,name,team\nM1,Ann,north\n")
        .write("q/ratings.csv", ratings);
}

#[test]
fn role_groups_below_report_min_are_pooled_or_hidden() {
    let dir = Workdir::new("explain-anonymity");
    small_quarter(&dir);
    let run = dir.run(&["explain", "M1", "q", "--standard", "standard.toml"]);
    run.expect_code(0);
    let text = run.stdout();
    let block = |indicator: &str| -> String {
        let start = text
            .find(&format!("    {indicator} "))
            .expect("the indicator");
        text[start..]
            .lines()
            .skip(1)
            .take_while(|l| l.starts_with("      "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    // One peer (report_min 3): pooled alone, under 3 raters: hidden.
    let one = block("one");
    assert!(one.contains("supervisor   1 score: 4"), "{one}");
    assert!(
        one.contains("(raters of roles too small to show are not shown)"),
        "{one}"
    );
    assert!(!one.contains("peer"), "{one}");
    // Two peers: hidden as well.
    let two = block("two");
    assert!(!two.contains("peer") && two.contains("not shown"), "{two}");
    // Three peers reach report_min: shown on their own, with their weight
    // renormalised over supervisor and peer: 0.3 / 0.8 = 0.375.
    let three = block("three");
    assert!(
        three.contains("peer         3 scores: 3, 4, 5; mean 4.00; weight 0.375"),
        "{three}"
    );
    // Two peers and a customer: pooled into one line of three.
    let pooled = block("pooled");
    assert!(
        pooled.contains("others       3 raters of roles too small to show alone, pooled mean 3.33"),
        "{pooled}"
    );
    assert!(
        !pooled.contains("peer ") && !pooled.contains("customer"),
        "{pooled}"
    );

    // The analyst may see every group, with a warning.
    let all = dir.run(&[
        "explain",
        "M1",
        "q",
        "--standard",
        "standard.toml",
        "--show-all-roles",
    ]);
    all.expect_code(0)
        .expect_stderr("warning: --show-all-roles");
    assert!(
        all.stdout()
            .contains("peer         1 score: 4; mean 4.00; weight 0.375"),
        "{}",
        all.stdout()
    );
    // Scores do not change: `one` is (0.5 × 4 + 0.3 × 4) / 0.8 = 4 → 80.00 either way.
    assert!(text.contains("      ratings       80.00  role-weighted value 4.00 of 5"));
    assert!(
        all.stdout()
            .contains("      ratings       80.00  role-weighted value 4.00 of 5")
    );

    // JSON carries the same groups.
    let json = dir.run(&[
        "explain",
        "M1",
        "q",
        "--standard",
        "standard.toml",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON");
    let groups = &json["competencies"][0]["indicators"][3]["methods"]["ratings"]["groups"];
    assert_eq!(groups[1]["role"], "others");
    assert_eq!(groups[1]["raters"], 3);
    assert_eq!(
        json["competencies"][0]["indicators"][0]["methods"]["ratings"]["groups"][1]["hidden"],
        true
    );
}

#[test]
fn self_ratings_are_compared_with_the_others_and_flagged() {
    let dir = Workdir::new("explain-self");
    small_quarter(&dir);
    let run = dir.run(&[
        "explain",
        "M1",
        "q",
        "--standard",
        "standard.toml",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout()).expect("JSON");
    let gaps = json["self_gap"]["indicators"]
        .as_array()
        .expect("indicator gaps");
    let by_id = |id: &str| gaps.iter().find(|g| g["id"] == id).expect("a gap");
    // one: others (0.5 × 4 + 0.3 × 4) / 0.8 = 4; self 5: +1 → a blind spot.
    assert_eq!(by_id("one")["gap"], 1.0);
    assert_eq!(by_id("one")["flag"], "blind spot");
    // two: others (0.5 × 4 + 0.3 × 3.5) / 0.8 = 3.8125; self 5: +1.1875.
    assert_eq!(by_id("two")["others"], 3.8125);
    assert_eq!(by_id("two")["flag"], "blind spot");
    // three: others (0.5 × 4 + 0.3 × 4) / 0.8 = 4; self 2: −2 → a hidden strength.
    assert_eq!(by_id("three")["flag"], "hidden strength");
    // The competency: indicator weights renormalised over one, two, three:
    // self (5 + 5 + 2) / 3 = 4, others (4 + 3.8125 + 4) / 3 = 3.9375.
    let competency = &json["self_gap"]["competencies"][0];
    assert_eq!(competency["self"], 4.0);
    assert_eq!(competency["others"], 3.9375);
    assert_eq!(competency["flag"], serde_json::Value::Null);
}

#[test]
fn gaps_name_what_separates_each_manager_from_the_next_tier() {
    let dir = Workdir::new("gaps-small");
    small_quarter(&dir);
    let run = dir.run(&[
        "gaps",
        "q",
        "--standard",
        "standard.toml",
        "--format",
        "csv",
    ]);
    run.expect_code(0);
    // Composite: one 80, two (0.5 × 4 + 0.3 × 3.5)/0.8 = 3.8125 → 76.25,
    // three 80, pooled (0.5 × 4 + 0.3 × 2.5 + 0.2 × 5) = 3.75 → 75;
    // mean 77.8125 → 77.81: lower, 12.19 short of upper's 90.
    let expected = "\
manager_id,name,team,tier,next_tier,kind,item,needed,actual,short,detail
M1,Ann,north,lower,upper,condition,composite,90.00,77.81,12.19,
M1,Ann,north,lower,upper,condition,selling,95.00,77.81,17.19,\"lowest: pooled 75.00 (weight 0.25), two 76.25 (weight 0.25), one 80.00 (weight 0.25), three 80.00 (weight 0.25)\"
M1,Ann,north,lower,,blind spot,one,,,,\"self 5.00, others 4.00: gap +1.00 scale points\"
M1,Ann,north,lower,,blind spot,two,,,,\"self 5.00, others 3.81: gap +1.19 scale points\"
M1,Ann,north,lower,,hidden strength,three,,,,\"self 2.00, others 4.00: gap -2.00 scale points\"
";
    assert_eq!(run.stdout(), expected);

    let teams = dir.run(&[
        "gaps",
        "q",
        "--standard",
        "standard.toml",
        "--by",
        "team",
        "--format",
        "csv",
    ]);
    teams
        .expect_code(0)
        .expect_stdout("team,competency,managers,short,average_short\nnorth,selling,1,1,17.19\n");
}

#[test]
fn gaps_of_the_bundled_quarter_cover_every_manager_below_the_top() {
    let dir = Workdir::new("gaps-bundled");
    let quarter = bundled(&dir);
    let run_with = |command: &str| {
        let mut args = vec![command.to_string()];
        args.extend(quarter.iter().cloned());
        args.extend(["--format".into(), "csv".into()]);
        let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = dir.run(&arg_refs);
        run.expect_code(0);
        csv_maps(&run.stdout())
    };
    let grades = run_with("grade");
    let gaps = run_with("gaps");
    let above = |tier: &str| match tier {
        "intermediate" => "superior",
        "primary" => "intermediate",
        _ => "primary",
    };
    let mut checked = 0;
    for grade in &grades {
        let id = &grade["manager_id"];
        let rows: Vec<&HashMap<String, String>> =
            gaps.iter().filter(|g| &g["manager_id"] == id).collect();
        match (grade["status"].as_str(), grade["tier"].as_str()) {
            ("incomplete", _) => {
                assert!(
                    rows.iter().any(|r| r["kind"] == "evidence"),
                    "{id} has no evidence row"
                );
            }
            (_, "superior") => {
                assert!(rows.iter().all(|r| r["next_tier"].is_empty()), "{id}");
            }
            (_, tier) => {
                checked += 1;
                let next: Vec<&&HashMap<String, String>> = rows
                    .iter()
                    .filter(|r| r["kind"] == "condition" || r["kind"] == "quota")
                    .collect();
                assert!(
                    !next.is_empty(),
                    "{id} ({tier}) has no gap to the next tier"
                );
                for row in next {
                    assert_eq!(row["next_tier"], above(tier), "{id}");
                    if row["kind"] == "condition" && !row["actual"].is_empty() {
                        let short: f64 = row["short"].parse().expect("short");
                        let needed: f64 = row["needed"].parse().expect("needed");
                        let actual: f64 = row["actual"].parse().expect("actual");
                        assert!(
                            (needed - actual - short).abs() < 1e-9 && short > 0.0,
                            "{id}: {row:?}"
                        );
                    }
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} managers below the top");
}

#[test]
fn explain_shows_the_managers_own_ratings_beside_the_others() {
    let dir = Workdir::new("explain-self-line");
    let mut args = vec!["explain".to_string(), "FZ0064".to_string()];
    args.extend(bundled(&dir));
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = dir.run(&arg_refs);
    run.expect_code(0);
    let text = run.stdout();
    let start = text.find("    bid-management ").expect("the indicator");
    let block: Vec<&str> = text[start..].lines().take(5).collect();
    assert!(
        block
            .iter()
            .any(|l| l.trim() == "self         5 (never weighted)"),
        "{block:#?}"
    );
}

#[test]
fn tenure_is_shown_in_years_whatever_the_precision() {
    let dir = Workdir::new("gaps-tenure");
    let mut args = bundled(&dir);
    let standard = dir
        .read("standard.toml")
        .replacen("precision = 2", "precision = 0", 1);
    assert!(standard.contains("precision = 0"));
    dir.write("standard.toml", standard);
    args.insert(0, "gaps".to_string());
    args.extend(["--format".to_string(), "csv".to_string()]);
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = dir.run(&arg_refs);
    run.expect_code(0);
    let stdout = run.stdout();
    let tenure: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains(",tenure_years,"))
        .collect();
    assert!(!tenure.is_empty());
    // FZ0034 has 2.1 years against superior's 3: short 0.9, not 1.
    assert!(
        tenure
            .iter()
            .any(|l| l.contains("FZ0034") && l.contains(",3,2.1,0.9,")),
        "{tenure:#?}"
    );
}

/// One manager whose numbers a user would check by hand (issue 15, item
/// 11): ratings whose role-weighted value repeats (0.6 × 4 + 0.4 × 11/3),
/// a panel mean of 11/3, a KPI beyond its cap and one within it.
const CHECKED_STANDARD: &str = r#"[standard]
id = "checked"
name = "Checked by hand"
version = "1"

[scale]
min = 1
max = 5

[methods]
ratings = 0.4
interview = 0.2
kpi = 0.4

[ratings]
roles = { supervisor = 0.6, peer = 0.4 }
report_min = 1

[interview]
trim = 0

[[competencies]]
id = "craft"
name = "Craft"
weight = 0.5

  [[competencies.indicators]]
  id = "products"
  name = "Products"
  weight = 1
  ratings = true
  interview = true

[[competencies]]
id = "results"
name = "Results"
weight = 0.5

  [[competencies.indicators]]
  id = "revenue"
  name = "Revenue"
  weight = 0.5
  kpi = { cap = 1.2 }

  [[competencies.indicators]]
  id = "margin"
  name = "Margin"
  weight = 0.5
  kpi = { cap = 1.5 }

[[tiers]]
id = "senior"
name = "Senior"
min_composite = 60
"#;

fn checked_quarter(dir: &Workdir) {
    dir.write("standard.toml", CHECKED_STANDARD)
        .write("q/roster.csv", "manager_id,name,team\nM1,Ann,north\n")
        .write(
            "q/ratings.csv",
            "manager_id,rater_id,role,indicator,score\n\
             M1,S1,supervisor,products,4\n\
             M1,P1,peer,products,3\n\
             M1,P2,peer,products,4\n\
             M1,P3,peer,products,4\n",
        )
        .write(
            "q/interview.csv",
            "manager_id,interviewer_id,indicator,score\n\
             M1,I1,products,3\n\
             M1,I2,products,4\n\
             M1,I3,products,4\n",
        )
        .write(
            "q/kpi.csv",
            "manager_id,indicator,actual,target\nM1,revenue,250,100\nM1,margin,137,150\n",
        );
}

#[test]
fn explain_shows_a_capped_kpi_and_values_the_next_score_recomputes_from() {
    let dir = Workdir::new("explain-recomputable");
    checked_quarter(&dir);
    let run = dir.run(&["explain", "M1", "q", "--standard", "standard.toml"]);
    run.expect_code(0);
    let text = run.stdout();
    // A line by its first words, its runs of spaces read as one.
    let line = |start: &str| {
        text.lines()
            .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
            .find(|line| line.starts_with(start))
            .unwrap_or_else(|| panic!("no line {start:?}\n{text}"))
    };
    // 250 / 100 = 2.5, held at the cap 1.2: 120.00.
    assert_eq!(
        line("kpi 120.00 actual"),
        "kpi 120.00 actual 250 against target 100: attainment 2.5, capped at 1.2"
    );
    // 137 / 150 = 0.91333…: 0.9133 × 100 = 91.33, the score shown.
    assert_eq!(
        line("kpi 91.33 actual"),
        "kpi 91.33 actual 137 against target 150: attainment 0.9133"
    );
    // 0.6 × 4 + 0.4 × 3.6667 = 3.86667; 3.87 would give 77.40, 3.8667 gives 77.33.
    assert_eq!(
        line("ratings 77.33 role"),
        "ratings 77.33 role-weighted value 3.8667 of 5"
    );
    // The panel's mean 11/3 likewise: 3.6667 / 5 × 100 = 73.33.
    assert_eq!(
        line("interview 73.33 panel"),
        "interview 73.33 panel 3 scores: 3, 4, 4; mean 3.6667"
    );
    // A role group's mean is not a score: 2 decimals, as before.
    assert_eq!(
        line("peer "),
        "peer 3 scores: 3, 4, 4; mean 3.67; weight 0.4"
    );

    let json = dir.run(&[
        "explain",
        "M1",
        "q",
        "--standard",
        "standard.toml",
        "--format",
        "json",
    ]);
    json.expect_code(0);
    let json: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON");
    let revenue = json
        .pointer("/competencies/1/indicators/0/methods/kpi")
        .unwrap_or_else(|| panic!("{json:#}"));
    let field = |key: &str| revenue[key].to_string();
    assert_eq!(field("attainment"), "1.2");
    assert_eq!(field("uncapped_attainment"), "2.5");
    assert_eq!(field("cap"), "1.2");
    assert_eq!(field("score"), "120.00");
}

#[test]
fn every_shown_rating_value_and_attainment_recomputes_its_score() {
    let dir = Workdir::new("explain-recomputes-bundled");
    let quarter = bundled(&dir);
    let ids: Vec<String> = (1..=120).step_by(7).map(|n| format!("FZ{n:04}")).collect();
    let mut checked = 0;
    for id in &ids {
        let mut args = vec!["explain", id.as_str()];
        args.extend(quarter.iter().map(String::as_str));
        let run = dir.run(&args);
        if run.code() == 2 {
            continue; // not in this quarter's roster
        }
        run.expect_code(0);
        for line in run.stdout().lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            let (score, shown, next): (f64, f64, f64) = match words.as_slice() {
                ["ratings", score, "role-weighted", "value", value, "of", max] => {
                    let value: f64 = value.parse().expect("a value");
                    let max: f64 = max.parse().expect("a maximum");
                    (score.parse().expect("a score"), value, value / max * 100.0)
                }
                ["kpi", score, .., "attainment", attainment]
                | ["kpi", score, .., "capped", "at", attainment]
                | [
                    "kpi",
                    score,
                    ..,
                    "capped",
                    "at",
                    attainment,
                    "(an",
                    "actual",
                    "of",
                    "0)",
                ] => {
                    let attainment: f64 = attainment.parse().expect("an attainment");
                    (
                        score.parse().expect("a score"),
                        attainment,
                        attainment * 100.0,
                    )
                }
                _ => continue,
            };
            let recomputed = format!("{:.2}", (next * 100.0).round() / 100.0);
            assert_eq!(
                recomputed,
                format!("{score:.2}"),
                "{id}: {shown} does not recompute its score\n{line}"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} lines checked");
}
