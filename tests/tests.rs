//! Integration tests: the built `ladder` binary run on fixture folders.

mod workdir;

mod errors;
mod grade;
mod no_panic;
mod properties;
mod quarters;
mod scale;
