//! The standard's parser on any text: an error value, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = ladder::standard::parse(text, "standard.toml");
    }
});
