//! The one error type of the commands: what failed, and so the exit code.

use std::io;

use crate::diagnostic::Problems;

/// Why a command failed, and so its exit code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad standard or bad data: every problem, located (exit 1).
    #[error("{0}")]
    Invalid(#[from] Problems),
    /// An output that could not be written (exit 1).
    #[error("cannot write `{path}`: {source}")]
    Write { path: String, source: io::Error },
    /// A command line that cannot be carried out (exit 2).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) | Error::Write { .. } => 1,
            Error::Usage(_) => 2,
        }
    }
}
