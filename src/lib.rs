//! `ladder` grades group account managers against a competency standard.
//!
//! The pipeline: [`standard`] (read and validate the TOML) → [`evidence`]
//! (stream the quarter's CSVs into per-manager evidence) → [`score`]
//! (indicator, method, competency and composite scores) → [`grade`] (ranks,
//! tiers and quotas) → [`render`] (table, CSV, JSON, markdown; [`chart`] for
//! HTML). Beside the ranking: [`explain`] (one manager), [`gaps`] (to the
//! next tier), [`report`] (per branch and team, with the raters'
//! reliability), [`movement`] (against the previous quarter), [`diff`] and
//! [`weights`] (the standard). [`command`] strings the stages together for
//! each subcommand; [`manual`] writes the manual page.

pub mod chart;
pub mod command;
pub mod diagnostic;
pub mod diff;
pub mod evidence;
pub mod explain;
pub mod gaps;
pub mod grade;
pub mod manual;
pub mod movement;
pub mod number;
pub mod reliability;
pub mod render;
pub mod report;
pub mod score;
pub mod self_view;
pub mod standard;
pub mod weights;
pub mod workbook;
