//! Progress bars on standard error while `grade` reads large files: the
//! library tells of each file through `evidence::Progress`, and these bars
//! show it with indicatif.

use std::io::{self, IsTerminal};
use std::sync::Arc;

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use ladder::evidence::{FileProgress, Progress};

/// Files smaller than this read in under a second: no bar for them.
const SMALLEST_FILE_WITH_A_BAR: u64 = 256 << 20;

/// A progress bar per large file, on standard error.
#[derive(Default)]
pub struct Bars {
    bars: MultiProgress,
}

impl Bars {
    /// Bars when standard error is a terminal and `--quiet` was not given:
    /// in a log or a pipe they would only be noise.
    pub fn unless_quiet(quiet: bool) -> Option<Bars> {
        (!quiet && io::stderr().is_terminal()).then(Bars::default)
    }
}

impl Progress for Bars {
    fn file(&self, label: &str, bytes: u64) -> Arc<dyn FileProgress> {
        if bytes < SMALLEST_FILE_WITH_A_BAR {
            return Arc::new(Bar(ProgressBar::hidden()));
        }
        let style = ProgressStyle::with_template(
            "{msg:>24} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        let bar = self.bars.add(
            ProgressBar::new(bytes)
                .with_style(style)
                .with_message(label.to_string()),
        );
        Arc::new(Bar(bar))
    }
}

struct Bar(ProgressBar);

impl FileProgress for Bar {
    fn read(&self, bytes: u64) {
        self.0.inc(bytes);
    }

    fn done(&self) {
        self.0.finish_and_clear();
    }
}
