//! `ladder` grades group account managers against a competency standard.
//!
//! The pipeline, one folder a stage, each handing plain typed data to the
//! next:
//!
//! ```text
//! standard ─┐
//!           ├─► engine ─► analysis ─► output
//! evidence ─┘   (score,    (explain,   (table, CSV, JSON,
//!               grade)      gaps, …)    markdown, xlsx, HTML)
//! ```
//!
//! - [`standard`]: read and validate the TOML standard.
//! - [`evidence`]: stream the quarter's CSV files and workbooks into
//!   per-manager evidence, every bad cell located.
//! - [`engine`]: scores, ranks, tiers and quotas (SPEC §4–§7).
//! - [`analysis`]: what is worked out beside the ranking — one manager
//!   explained, gaps to the next tier, team reports, movement against the
//!   previous quarter, standards compared.
//! - [`output`]: the formats results are written in.
//! - [`command`]: strings the stages together for each subcommand.
//!
//! Below them all: [`diagnostic`] (errors and warnings, located), [`cell`]
//! (a cell's text, trimmed) and [`number`] (the CSV number grammar, spreadsheet rounding, exact quotas).
//! See `ARCHITECTURE.md` for the rules of the layers.

pub mod analysis;
pub mod cell;
pub mod command;
pub mod diagnostic;
pub mod engine;
pub mod error;
pub mod evidence;
pub mod number;
pub mod output;
pub mod standard;
