//! A scorecard JSON given to `publish`, from arbitrary bytes: read or refused with
//! problems naming the file, never a panic; a scorecard that is read can be published.

#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let (dir, path) = common::file("vendor.json", bytes);
    match riskcard::report::site::load(&[dir.path().to_owned()]) {
        Ok(cards) => {
            riskcard::report::site::publish(&cards, &dir.path().join("site")).expect("a read scorecard publishes");
        }
        Err(problems) => common::well_formed(&problems, &path),
    }
});
