//! Integration tests: the built `ladder` binary run on fixture folders.

mod workdir;

mod ahp;
mod boundary;
mod catalogue;
mod cli;
mod columns;
mod diff;
mod errors;
mod explain;
mod fairness;
mod files;
mod grade;
mod html;
mod labels;
mod leniency;
mod movement;
mod no_panic;
mod properties;
mod quarters;
mod report;
mod scale;
mod spreadsheet;
mod terminal;
