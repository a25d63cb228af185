//! A scorecard JSON given to `publish`, from arbitrary bytes: read or refused with
//! problems naming the file, never a panic; a scorecard that is read can be published.

#![no_main]

mod common;

use riskcard::report::site::{self, PublishError};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let (dir, path) = common::file("vendor.json", bytes);
    match site::read_scorecard(&path) {
        Ok(_) => match site::publish(&[dir.path().to_owned()], &dir.path().join("site"), None) {
            Ok(summary) => assert_eq!(summary.vendors, 1, "the one scorecard read is published"),
            Err(PublishError::Input(problems)) => common::well_formed(&problems, &path),
            Err(other) => panic!("a scorecard that reads fails to publish: {other}"),
        },
        Err(problems) => common::well_formed(&problems, &path),
    }
});
