//! `ladder diff` (issue 6): two versions of the bundled standard compared in
//! words, and the managers whose tier moves, as two `grade` runs say.

use std::collections::HashMap;
use std::process::Command;

use crate::workdir::{Workdir, bundled_standard, csv_maps};

fn bundled(dir: &Workdir) -> String {
    dir.write_bundled();
    bundled_standard()
}

/// The bundled standard with the exam weight raised (0.25 → 0.30, ratings
/// 0.40 → 0.35) and the superior cut lowered (85 → 83).
fn revised(standard: &str) -> String {
    let revised = standard
        .replacen("\nexam = 0.25 ", "\nexam = 0.30 ", 1)
        .replacen("\nratings = 0.40", "\nratings = 0.35", 1)
        .replacen("\nmin_composite = 85\n", "\nmin_composite = 83\n", 1);
    assert_ne!(revised, standard);
    revised
}

fn tiers(dir: &Workdir, standard: &str) -> HashMap<String, String> {
    let run = dir.run(&["grade", "q", "--standard", standard, "--format", "csv"]);
    run.expect_code(0);
    csv_maps(&run.stdout())
        .into_iter()
        .map(|row| (row["manager_id"].clone(), row["tier"].clone()))
        .collect()
}

#[test]
fn diff_names_the_changes_and_the_managers_they_move() {
    let dir = Workdir::new("diff-bundled");
    let standard = bundled(&dir);
    dir.write("old.toml", &standard)
        .write("new.toml", revised(&standard));
    let run = dir.run(&["diff", "old.toml", "new.toml", "q"]);
    run.expect_code(0);
    let text = run.stdout();
    for line in [
        "  method `exam`: weight 0.25 → 0.3",
        "  method `ratings`: weight 0.4 → 0.35",
        "  tier `superior`: min_composite 85 → 83",
        "  competency `product-knowledge`: share of the composite 15.99 % → 18.63 % (same weight in its set)",
        "  superior: 9 → 11 (+2)",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "no line {line:?} in\n{text}"
        );
    }
    // The movers are exactly those two grade runs place differently.
    let (before, after) = (tiers(&dir, "old.toml"), tiers(&dir, "new.toml"));
    let mut movers: Vec<&String> = before
        .keys()
        .filter(|id| before[*id] != after[*id])
        .collect();
    movers.sort();
    assert!(!movers.is_empty());
    let section = text
        .split("Managers whose tier changes")
        .nth(1)
        .expect("the movers");
    let listed: Vec<&str> = section
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim().split(' ').next().unwrap_or(""))
        .collect();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort();
    assert_eq!(listed_sorted, movers);
    for id in &listed {
        let line = section
            .lines()
            .find(|l| l.trim().starts_with(id))
            .expect("a line");
        assert!(
            line.contains(&format!(": {} (", before[*id]))
                && line.contains(&format!("→ {} (", after[*id])),
            "{line}"
        );
    }
    assert!(
        text.contains("FZ0012 冯雪梅: intermediate (83.89, rank 17) → superior (83.81, rank 17)"),
        "{text}"
    );

    // The same as JSON.
    let json = dir.run(&["diff", "old.toml", "new.toml", "q", "--format", "json"]);
    json.expect_code(0);
    let json: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON");
    assert_eq!(
        json["impact"]["tier_changes"]
            .as_array()
            .expect("moves")
            .len(),
        movers.len()
    );
    assert_eq!(json["changes"][0]["subject"], "method `exam`");
    assert_eq!(json["changes"][0]["change"], "weight 0.25 → 0.3");
}

#[test]
fn the_same_standard_has_no_changes_and_moves_no_one() {
    let dir = Workdir::new("diff-same");
    let standard = bundled(&dir);
    dir.write("a.toml", &standard).write("b.toml", &standard);
    let run = dir.run(&["diff", "a.toml", "b.toml", "q", "--format", "markdown"]);
    run.expect_code(0);
    let text = run.stdout();
    assert!(text.contains("The standards are the same."), "{text}");
    assert!(
        text.contains("### Managers whose tier changes (0)\n- none"),
        "{text}"
    );
}

#[test]
fn a_standard_from_a_pipe_or_standard_input_is_named_by_its_role() {
    let dir = Workdir::new("diff-pipe");
    let standard = bundled(&dir);
    dir.write("new.toml", revised(&standard))
        .write("old.toml", &standard)
        .write(
            "broken.toml",
            standard.replacen("weight = ", "weigth = ", 1),
        );
    let ladder = env!("CARGO_BIN_EXE_ladder");
    let bash = |script: &str| {
        Command::new("bash")
            .arg("-c")
            .arg(script)
            .current_dir(&dir.root)
            .output()
            .expect("run bash")
    };
    // As the README's git command runs it: the old standard from a pipe.
    let piped = bash(&format!("'{ladder}' diff <(cat old.toml) new.toml"));
    assert!(
        piped.status.success(),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    assert!(
        String::from_utf8_lossy(&piped.stdout).contains("tier `superior`: min_composite 85 → 83")
    );
    let broken = bash(&format!("'{ladder}' diff <(cat broken.toml) new.toml"));
    assert_eq!(broken.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(stderr.starts_with("<old standard: /dev/fd/"), "{stderr}");
    assert!(stderr.contains("unknown key `weigth`"), "{stderr}");
    let stdin = bash(&format!("'{ladder}' diff - new.toml < broken.toml"));
    assert!(
        String::from_utf8_lossy(&stdin.stderr).starts_with("<old standard from stdin>:"),
        "{}",
        String::from_utf8_lossy(&stdin.stderr)
    );
}

#[test]
fn measurement_quota_floor_tenure_and_names_are_said_in_words() {
    let dir = Workdir::new("diff-words");
    let standard = bundled(&dir);
    let new = standard
        .replacen("kpi = { cap = 1.2 }", "kpi = { cap = 1.3 }", 1)
        .replacen("max_share = 0.15", "max_share = 0.2", 1)
        .replacen("min_tenure_years = 1\n", "min_tenure_years = 2\n", 1)
        .replacen("sales-results = 85 }", "sales-results = 80 }", 1)
        .replacen("gap_threshold = 1.0", "gap_threshold = 0.5", 1)
        .replacen(
            "name = \"Learning and development 学习与发展\"",
            "name = \"Learning 学习\"",
            1,
        );
    dir.write("old.toml", &standard).write("new.toml", new);
    let run = dir.run(&["diff", "old.toml", "new.toml"]);
    run.expect_code(0);
    let text = run.stdout();
    for line in [
        "  gap_threshold: 1 → 0.5",
        "  competency `learning`: renamed \"Learning and development 学习与发展\" → \"Learning 学习\"",
        "  indicator `revenue`: kpi higher is better, cap 1.2 → higher is better, cap 1.3",
        "  tier `superior`: floor on sales-results 85 → 80",
        "  tier `superior`: max_share 0.15 → 0.2",
        "  tier `intermediate`: min_tenure_years 1 → 2",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "no line {line:?} in\n{text}"
        );
    }
    assert!(!text.contains("Impact"), "no quarter, no impact");
}

#[test]
fn weights_written_in_another_order_are_no_change() {
    let dir = Workdir::new("diff-order");
    let standard = bundled(&dir);
    let roles = "roles = { supervisor = 0.35, customer = 0.30, peer = 0.20, subordinate = 0.15 }";
    let reversed =
        "roles = { subordinate = 0.15, peer = 0.20, customer = 0.30, supervisor = 0.35 }";
    assert!(standard.contains(roles));
    dir.write("a.toml", &standard)
        .write("b.toml", standard.replace(roles, reversed));
    let run = dir.run(&["diff", "a.toml", "b.toml"]);
    run.expect_code(0);
    assert!(
        run.stdout().contains("The standards are the same."),
        "{}",
        run.stdout()
    );
}
