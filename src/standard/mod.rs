//! The competency standard: its model and its TOML reader (SPEC §1).

mod ahp;
mod model;
mod parse;

pub use model::*;
pub use parse::parse;
