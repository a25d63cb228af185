//! A lockfile from arbitrary bytes: read or refused naming the file, never a panic.

#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let (_dir, path) = common::file("riskcard.lock", bytes);
    if let Err(problems) = riskcard::trust::Lockfile::load(&path) {
        common::well_formed(&problems, &path);
    }
});
