//! A dossier (acme.toml) from arbitrary bytes: riskcard loads it or reports problems naming
//! the file, and never panics.

#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let (_dir, path) = common::file("acme.toml", bytes);
    if let Err(problems) = riskcard::dossier::load(&path) {
        common::well_formed(&problems, &path);
    }
});
