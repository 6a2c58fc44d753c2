//! What the output is written to, as far as its look depends on it: a
//! terminal gets a table wrapped to its width and coloured tiers; a pipe or
//! a file gets the same bytes whatever the terminal.

use std::io::{self, IsTerminal};

/// Standard output's terminal, if it is one.
pub struct Terminal {
    /// The width to wrap tables to; `None` keeps them whole and unwrapped.
    pub width: Option<u16>,
    /// Colour tier names.
    pub colour: bool,
}

impl Terminal {
    pub fn of_stdout() -> Terminal {
        Terminal {
            width: width(),
            colour: colour(),
        }
    }
}

/// Colours on a terminal, unless `NO_COLOR` is set (no-color.org).
fn colour() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// The terminal's width when standard output is one: as the terminal gives
/// it, else `COLUMNS`, else 120. `None` keeps the table whole and unwrapped,
/// so piped output is stable.
fn width() -> Option<u16> {
    if !io::stdout().is_terminal() {
        return None;
    }
    // comfy-table asks the terminal (its size, by ioctl) when standard
    // output is one.
    comfy_table::Table::new()
        .width()
        .filter(|&width| width > 0)
        .or_else(|| {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|columns| columns.parse().ok())
                .filter(|&width: &u16| width > 0)
        })
        .or(Some(120))
}
