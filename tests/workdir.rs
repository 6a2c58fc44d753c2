//! A fresh folder per test, fixture files written into it, and the built
//! `ladder` binary run inside it.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT: AtomicUsize = AtomicUsize::new(0);

pub struct Workdir {
    pub root: PathBuf,
}

impl Workdir {
    /// A new empty folder under the target directory, named after the test.
    pub fn new(name: &str) -> Workdir {
        let id = NEXT.fetch_add(1, Ordering::SeqCst);
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("workdirs")
            .join(format!("{name}-{}-{id}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).expect("create the work folder");
        Workdir { root }
    }

    /// Writes a file (folders created as needed).
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> &Workdir {
        let path = self.root.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create a fixture folder");
        }
        fs::write(path, contents).expect("write a fixture");
        self
    }

    /// Writes the project's bundled quarter 2026Q3 into `q/` and its bundled
    /// standard as `standard.toml`.
    pub fn write_bundled(&self) -> &Workdir {
        self.write_bundled_quarter("2026Q3", "q");
        self.write("standard.toml", bundled_standard())
    }

    /// Writes the bundled quarter `quarter` (`2026Q3`, `2026Q2`) into `folder`.
    pub fn write_bundled_quarter(&self, quarter: &str, folder: &str) -> &Workdir {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for name in ["roster", "exam", "ratings", "interview", "kpi"] {
            let text = fs::read(root.join(format!("examples/{quarter}/{name}.csv")))
                .expect("the bundled quarter");
            self.write(&format!("{folder}/{name}.csv"), text);
        }
        self
    }

    pub fn read(&self, name: &str) -> String {
        fs::read_to_string(self.root.join(name)).expect("read an output")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    /// Grades the quarter `q` against `standard.toml` as CSV, with `extra`
    /// arguments.
    pub fn grade_csv(&self, extra: &[&str]) -> Run {
        self.grade_as("csv", extra)
    }

    /// Grades the quarter `q` against `standard.toml` as JSON, with `extra`
    /// arguments.
    pub fn grade_json(&self, extra: &[&str]) -> Run {
        self.grade_as("json", extra)
    }

    fn grade_as(&self, format: &str, extra: &[&str]) -> Run {
        let mut args = vec![
            "grade",
            "q",
            "--standard",
            "standard.toml",
            "--format",
            format,
        ];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// Runs `ladder` with `args` inside the folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_ladder"))
            .args(args)
            .current_dir(&self.root)
            .env_remove("COLUMNS")
            .output()
            .expect("run ladder");
        Run {
            args: args.iter().map(|a| a.to_string()).collect(),
            output,
        }
    }
}

/// CSV text as rows of cells, the header row first.
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|record| {
            record
                .expect("ladder writes valid CSV")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// CSV text as one map from column name to cell per data row, in order.
pub fn csv_maps(text: &str) -> Vec<HashMap<String, String>> {
    let rows = csv_rows(text);
    let Some((header, rows)) = rows.split_first() else {
        return Vec::new();
    };
    rows.iter()
        .map(|row| header.iter().cloned().zip(row.iter().cloned()).collect())
        .collect()
}

/// The text of the project's bundled standard.
pub fn bundled_standard() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::read_to_string(root.join("standards/group-account-manager.toml"))
        .expect("the bundled standard")
}

/// The result of one run, with assertions that print the whole run on failure.
pub struct Run {
    pub args: Vec<String>,
    pub output: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    fn describe(&self) -> String {
        format!(
            "ladder {}\nexit: {}\n--- stdout\n{}\n--- stderr\n{}",
            self.args.join(" "),
            self.code(),
            self.stdout(),
            self.stderr()
        )
    }

    /// Asserts the exit code and returns the run.
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code(),
            code,
            "unexpected exit code\n{}",
            self.describe()
        );
        self
    }

    /// Asserts that standard error holds `text`.
    pub fn expect_stderr(&self, text: &str) -> &Run {
        assert!(
            self.stderr().contains(text),
            "stderr lacks {text:?}\n{}",
            self.describe()
        );
        self
    }

    /// Asserts that standard output holds `text`.
    pub fn expect_stdout_contains(&self, text: &str) -> &Run {
        assert!(
            self.stdout().contains(text),
            "stdout lacks {text:?}\n{}",
            self.describe()
        );
        self
    }

    /// Asserts that standard output is exactly `text`.
    pub fn expect_stdout(&self, text: &str) -> &Run {
        assert_eq!(self.stdout(), text, "stdout differs\n{}", self.describe());
        self
    }
}
