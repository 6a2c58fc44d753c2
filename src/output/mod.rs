//! How results are written: [`render`] (the terminal table, CSV, JSON and
//! markdown of a listing), [`workbook`] (xlsx), [`chart`] (HTML pages and
//! their SVG charts) and [`manual`] (the manual page).

pub mod chart;
pub mod file;
pub mod manual;
pub mod render;
pub mod workbook;
