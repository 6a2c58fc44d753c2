//! `explain --format html` (issue 8): the page shows the numbers the JSON
//! form gives, escapes what the roster says, renders in a browser when one
//! is installed, and the commands without a page refuse HTML.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::workdir::Workdir;

/// Every `data-key="K" data-value="V"` pair of the page (a cell or fact
/// with no number has a key and no value: it maps to "").
fn keyed_values(html: &str) -> HashMap<String, Vec<String>> {
    let mut values: HashMap<String, Vec<String>> = HashMap::new();
    for element in html.split('<').skip(1) {
        let tag = element.split('>').next().unwrap_or_default();
        if let Some(key) = attribute(tag, "data-key") {
            let value = attribute(tag, "data-value").unwrap_or_default();
            values.entry(key).or_default().push(value);
        }
    }
    values
}

/// The value of `name="…"` in a tag, unescaped of the entities `escape` writes.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')? + start;
    Some(
        tag[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

/// The marks of the radar: (series, axis, value) of every element with a
/// `data-series` and a `data-value`.
fn radar_marks(html: &str) -> Vec<(String, String, String)> {
    html.split('<')
        .filter_map(|element| {
            let tag = element.split('>').next().unwrap_or_default();
            Some((
                attribute(tag, "data-series")?,
                attribute(tag, "data-axis")?,
                attribute(tag, "data-value")?,
            ))
        })
        .collect()
}

/// A JSON value as the page shows it: numbers as written, null empty.
fn shown(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn number(text: &str) -> f64 {
    text.parse()
        .unwrap_or_else(|_| panic!("a number: {text:?}"))
}

const QUARTER: [&str; 3] = ["q", "--standard", "standard.toml"];

/// The explanation of `id` as JSON and as the page written to `page`.
fn explain_both(dir: &Workdir, id: &str, page: &str) -> (serde_json::Value, String) {
    let mut args = vec!["explain", id];
    args.extend(QUARTER);
    let mut json_args = args.clone();
    json_args.extend(["--format", "json"]);
    let json = dir.run(&json_args);
    json.expect_code(0);
    let json: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON");
    let mut html_args = args;
    html_args.extend(["--format", "html", "--output", page]);
    dir.run(&html_args).expect_code(0).expect_stdout("");
    (json, dir.read(page))
}

#[test]
fn the_explain_page_shows_the_numbers_of_the_json_form() {
    let dir = Workdir::new("html-numbers");
    dir.write_bundled();
    // Intermediate (a tier above and below), primary, and the top tier.
    for id in ["FZ0015", "FZ0006", "FZ0060"] {
        let (json, html) = explain_both(&dir, id, &format!("{id}.html"));
        assert!(html.starts_with("<!DOCTYPE html>"), "{id}");
        assert!(html.contains("<meta charset=\"utf-8\">"));
        let values = keyed_values(&html);
        let one = |key: &str| -> String {
            let found = values
                .get(key)
                .unwrap_or_else(|| panic!("{id}: no data-key {key:?}"));
            assert!(
                found.iter().all(|v| v == &found[0]),
                "{id}: {key}: {found:?}"
            );
            found[0].clone()
        };
        for key in [
            "manager_id",
            "name",
            "team",
            "branch",
            "status",
            "rank",
            "composite",
            "tier",
        ] {
            assert_eq!(one(key), shown(&json[key]), "{id}: {key}");
        }
        for (method, entry) in json["methods"].as_object().expect("methods") {
            assert_eq!(
                one(&format!("method/{method}")),
                shown(&entry["score"]),
                "{id}: {method}"
            );
        }
        let marks = radar_marks(&html);
        for competency in json["competencies"].as_array().expect("competencies") {
            let score = shown(&competency["score"]);
            assert_eq!(
                one(&format!("competency/{}", shown(&competency["id"]))),
                score
            );
            assert!(
                marks.contains(&(
                    "Scores 得分".to_string(),
                    shown(&competency["name"]),
                    score.clone()
                )),
                "{id}: no radar mark for {} {score}",
                competency["id"]
            );
            for indicator in competency["indicators"].as_array().expect("indicators") {
                let indicator_id = shown(&indicator["id"]);
                assert_eq!(
                    one(&format!("indicator/{indicator_id}")),
                    shown(&indicator["combined"])
                );
                for (method, entry) in indicator["methods"].as_object().expect("methods") {
                    assert_eq!(
                        one(&format!("indicator/{indicator_id}/{method}")),
                        shown(&entry["score"]),
                        "{id}: {indicator_id} {method}"
                    );
                }
            }
        }
        let names: HashMap<String, String> = json["competencies"]
            .as_array()
            .expect("competencies")
            .iter()
            .map(|c| (shown(&c["id"]), shown(&c["name"])))
            .collect();
        let tiers = json["tiers"].as_array().expect("tiers");
        for tier in tiers {
            let tier_id = shown(&tier["id"]);
            for condition in tier["conditions"].as_array().expect("conditions") {
                let on = shown(&condition["on"]);
                let key = |what: &str| one(&format!("{tier_id}/{on}/{what}"));
                assert_eq!(
                    key("short"),
                    shown(&condition["short"]),
                    "{id}: {tier_id} {on}"
                );
                assert_eq!(
                    number(&key("minimum")),
                    number(&shown(&condition["minimum"]))
                );
                if on == "tenure_years" {
                    assert_eq!(number(&key("value")), number(&shown(&condition["value"])));
                } else {
                    assert_eq!(
                        key("value"),
                        shown(&condition["value"]),
                        "{id}: {tier_id} {on}"
                    );
                }
            }
        }
        // The radar's floors are those of the next tier up (the top tier's
        // own at the top), as the JSON's conditions give them.
        let placed = tiers
            .iter()
            .position(|t| t["placed"] == true)
            .expect("placed");
        let (floor_tier, which) = match placed {
            0 => (0, "current tier"),
            index => (index - 1, "next tier"),
        };
        let floors: Vec<&(String, String, String)> = marks
            .iter()
            .filter(|(series, _, _)| series.ends_with(&format!("floors ({which})")))
            .collect();
        let expected: Vec<(String, f64)> = tiers[floor_tier]["conditions"]
            .as_array()
            .expect("conditions")
            .iter()
            .filter_map(|c| {
                Some((
                    names.get(&shown(&c["on"]))?.clone(),
                    number(&shown(&c["minimum"])),
                ))
            })
            .collect();
        assert_eq!(floors.len(), expected.len(), "{id}: {floors:?}");
        for (name, minimum) in expected {
            assert!(
                floors
                    .iter()
                    .any(|(_, axis, value)| axis == &name && number(value) == minimum),
                "{id}: no floor mark {name} {minimum}"
            );
        }
        if placed == 0 {
            assert!(html.contains("is the top tier"), "{id}");
        }
    }
}

#[test]
fn the_explain_page_escapes_what_the_roster_says() {
    let dir = Workdir::new("html-escape");
    dir.write_bundled();
    let roster = dir.read("q/roster.csv").replace("刘洋", "<i>刘&洋</i>");
    dir.write("q/roster.csv", roster);
    let mut args = vec!["explain", "FZ0015"];
    args.extend(QUARTER);
    args.extend(["--format", "html"]);
    let run = dir.run(&args);
    run.expect_code(0);
    let html = run.stdout();
    assert!(!html.contains("<i>"), "unescaped name");
    assert!(html.contains("&lt;i&gt;刘&amp;洋&lt;/i&gt;"));
    assert_eq!(keyed_values(&html)["name"], ["<i>刘&洋</i>"]);
}

#[test]
fn explain_takes_the_format_from_the_output_extension() {
    let dir = Workdir::new("html-extension");
    dir.write_bundled();
    for (output, start) in [
        ("page.htm", "<!DOCTYPE html>"),
        ("page.HTML", "<!DOCTYPE html>"),
        ("e.json", "{"),
        ("e.txt", "FZ0015 刘洋"),
    ] {
        let mut args = vec!["explain", "FZ0015"];
        args.extend(QUARTER);
        args.extend(["--output", output]);
        dir.run(&args).expect_code(0);
        assert!(dir.read(output).starts_with(start), "{output}");
    }
    let mut args = vec!["explain", "FZ0015"];
    args.extend(QUARTER);
    args.extend(["--output", "e.csv"]);
    dir.run(&args).expect_code(2).expect_stderr(
        "error: `ladder explain` writes text, JSON or HTML, not `e.csv`: name the output .txt, .json or .html, or give --format",
    );
    assert!(!dir.path("e.csv").exists());
}

#[test]
fn commands_without_a_page_refuse_html() {
    let dir = Workdir::new("html-refused");
    dir.write_bundled();
    let cases: [(&[&str], &str); 5] = [
        (
            &["grade", "--format", "html"],
            "error: invalid value 'html' for '--format <FORMAT>'",
        ),
        (
            &["grade", "--output", "ranked.html"],
            "error: `ladder grade` does not write HTML yet: use .csv, .json, .md, .txt or .xlsx",
        ),
        (
            &["gaps", "--output", "gaps.htm"],
            "error: `ladder gaps` does not write HTML yet: use .csv, .json, .md or .txt",
        ),
        (
            &["weights", "--format", "html"],
            "error: invalid value 'html' for '--format <FORMAT>'",
        ),
        (
            &["diff", "standard.toml", "standard.toml", "--format", "html"],
            "error: invalid value 'html' for '--format <FORMAT>'",
        ),
    ];
    for (command, message) in cases {
        let mut args: Vec<&str> = command.to_vec();
        if matches!(command[0], "grade" | "gaps") {
            args.extend(QUARTER);
        } else if command[0] == "weights" {
            args.extend(["--standard", "standard.toml"]);
        }
        dir.run(&args).expect_code(2).expect_stderr(message);
    }
    for file in ["ranked.html", "gaps.htm"] {
        assert!(!dir.path(file).exists(), "{file}");
    }
}

/// A Chromium on PATH, if any.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|folder| {
            ["chromium", "chromium-browser", "google-chrome"].map(|name| folder.join(name))
        })
        .find(|candidate| candidate.is_file())
}

/// The width and height a PNG's header gives.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let word =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    Some((word(16), word(20)))
}

/// Renders `page` with `browser` into a 1200-pixel-wide screenshot beside
/// it, and checks it is a PNG of that size with something on it.
fn render(browser: &Path, dir: &Workdir, page: &str, height: u32) {
    let screenshot = dir.path(&format!("{page}.png"));
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg(format!("--window-size=1200,{height}"))
        .arg(format!("file://{}", absolute(&dir.path(page)).display()))
        .current_dir(&dir.root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the browser");
    // A browser that hangs must not hang the tests.
    let deadline = Instant::now() + Duration::from_secs(90);
    while child.try_wait().expect("wait for the browser").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{} took over 90 s to render {page}", browser.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let bytes = std::fs::read(&screenshot).expect("a screenshot");
    assert_eq!(
        png_size(&bytes),
        Some((1200, height)),
        "not a 1200×{height} PNG"
    );
    // A blank page compresses to a few kilobytes; text and charts do not.
    assert!(
        bytes.len() > 30_000,
        "a nearly blank screenshot of {page}: {} bytes",
        bytes.len()
    );
}

#[test]
fn the_explain_page_renders_in_a_headless_browser() {
    let Some(browser) = chromium() else {
        println!(
            "note: no chromium, chromium-browser or google-chrome on PATH; the page was not rendered"
        );
        return;
    };
    let dir = Workdir::new("html-browser");
    dir.write_bundled();
    let (_, html) = explain_both(&dir, "FZ0015", "FZ0015.html");
    assert!(html.contains("</svg>"));
    render(&browser, &dir, "FZ0015.html", 1600);
}

/// The bundled 2026Q3 reported with 2026Q2's export as the previous quarter,
/// as `format`, to `output` when given.
fn report(dir: &Workdir, format: &str, output: Option<&str>) -> crate::workdir::Run {
    let mut args = vec![
        "report",
        "q",
        "--standard",
        "standard.toml",
        "--previous",
        "q2.csv",
        "--format",
        format,
    ];
    if let Some(output) = output {
        args.extend(["--output", output]);
    }
    dir.run(&args)
}

fn two_quarters(name: &str) -> Workdir {
    let dir = Workdir::new(name);
    dir.write_bundled().write_bundled_quarter("2026Q2", "q2");
    dir.run(&["grade", "q2", "--standard", "standard.toml", "-o", "q2.csv"])
        .expect_code(0);
    dir
}

/// Every element with `data-{name}` and `data-value`: (that attribute, value).
fn marks(html: &str, name: &str) -> Vec<(String, String)> {
    html.split('<')
        .filter_map(|element| {
            let tag = element.split('>').next().unwrap_or_default();
            Some((attribute(tag, name)?, attribute(tag, "data-value")?))
        })
        .collect()
}

#[test]
fn the_report_page_shows_the_numbers_of_every_other_format() {
    let dir = two_quarters("html-report");
    report(&dir, "html", Some("report.html")).expect_code(0);
    let html = dir.read("report.html");
    let json = report(&dir, "json", None);
    json.expect_code(0);
    let document: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON");
    let markdown = report(&dir, "markdown", None).stdout();

    // Every number of every table, in the JSON's order.
    let cells = keyed_values(&html);
    for section in ["groups", "indicators", "interviewers"] {
        let columns = document["columns"][section].as_array().expect("columns");
        for column in columns {
            let column = column.as_str().expect("a column name");
            let expected: Vec<String> = document[section]
                .as_array()
                .expect("rows")
                .iter()
                .map(|row| shown(&row[column]))
                .filter(|text| text.parse::<f64>().is_ok())
                .collect();
            let on_page: Vec<String> = cells
                .get(&format!("{section}.{column}"))
                .map(|values| values.iter().filter(|v| !v.is_empty()).cloned().collect())
                .unwrap_or_default();
            assert_eq!(on_page, expected, "{section}.{column}");
            for text in &expected {
                assert!(markdown.contains(text.as_str()), "markdown lacks {text}");
            }
        }
    }

    // The tier bars: every team's count per tier, as the groups give them.
    let groups = document["groups"].as_array().expect("groups");
    let teams: Vec<&serde_json::Value> = groups.iter().filter(|g| g["level"] == "team").collect();
    let segments = marks(&html, "data-series");
    for team in &teams {
        let name = team["name"].as_str().expect("a team");
        for tier in ["superior", "intermediate", "primary", "none", "incomplete"] {
            let count = team[tier].as_u64().expect("a count");
            let drawn = html.contains(&format!(
                "data-category=\"{name}\" data-series=\"{tier}\" data-value=\"{count}\""
            ));
            assert!(drawn || count == 0, "{name} {tier} {count}");
        }
    }
    assert!(segments.iter().any(|(series, _)| series == "up"));

    // The histogram counts every graded manager once; the cut lines are the
    // tiers' minimum composites.
    let everyone = &groups[0];
    let graded: u64 = ["superior", "intermediate", "primary", "none"]
        .iter()
        .map(|tier| everyone[*tier].as_u64().expect("a count"))
        .sum();
    let binned: u64 = marks(&html, "data-from")
        .iter()
        .map(|(_, count)| count.parse::<u64>().expect("a count"))
        .sum();
    assert_eq!(binned, graded);
    let cuts: Vec<String> = html
        .split('<')
        .filter_map(|element| attribute(element.split('>').next()?, "data-cut"))
        .collect();
    assert_eq!(cuts, ["85.00", "72.00", "60.00"]);

    // The heat map: each team's competency means.
    let heat = marks(&html, "data-row");
    for team in &teams {
        let mean = shown(&team["product-knowledge_mean"]);
        assert!(
            heat.iter().any(|(_, value)| *value == mean),
            "{} product-knowledge {mean}",
            team["name"]
        );
    }
    assert!(html.contains("5 managers of the previous quarter are not in this roster."));
    // Nothing to fetch: no scripts, links, images or imports (the SVG
    // namespace is a name, not an address).
    for fetch in ["<script", "<link", "<img", "src=", "href=", "@import"] {
        assert!(!html.contains(fetch), "the page fetches: {fetch}");
    }
    assert_eq!(html.matches("url(").count(), html.matches("url(#").count());
}

#[test]
fn the_report_page_renders_in_a_headless_browser() {
    let Some(browser) = chromium() else {
        println!(
            "note: no chromium, chromium-browser or google-chrome on PATH; the page was not rendered"
        );
        return;
    };
    let dir = two_quarters("html-report-browser");
    report(&dir, "html", Some("report.html")).expect_code(0);
    render(&browser, &dir, "report.html", 4400);
}

fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}
