//! A rubric from arbitrary bytes: it loads or is refused with problems naming the file,
//! and never panics.

#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let (_dir, path) = common::file("rubric.toml", bytes);
    if let Err(problems) = riskcard::rubric::Rubric::load(&path) {
        common::well_formed(&problems, &path);
    }
});
