//! The competency standard: its model and its TOML reader (SPEC §1).

pub mod ahp;
mod model;
mod parse;

pub use model::*;
pub use parse::parse;
