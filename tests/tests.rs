//! Integration tests: the built `ladder` binary run on fixture folders.

mod workdir;

mod errors;
mod grade;
mod scale;
