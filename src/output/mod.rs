//! How results are written: [`render`] (the terminal table, CSV, JSON and
//! markdown of a listing), [`workbook`] (xlsx), [`chart`] (HTML pages and
//! their SVG charts) and [`manual`] (the manual page). The analyses' tables
//! are rows of cells under named columns (`column`): `gaps`, `report` (with
//! its page in `html::report`), `weights`; `diff` writes the changes between
//! two standards as text, markdown or JSON.

pub mod chart;
pub(crate) mod column;
pub(crate) mod diff;
pub mod file;
pub(crate) mod gaps;
pub(crate) mod html;
pub mod manual;
pub mod render;
pub(crate) mod report;
pub(crate) mod weights;
pub mod workbook;
