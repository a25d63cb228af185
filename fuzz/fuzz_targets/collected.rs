//! Collected evidence from arbitrary bytes, merged into a small valid dossier: merged or
//! refused with problems naming the file, never a panic.

#![no_main]

mod common;

const DOSSIER: &str = "[vendor]\nid = \"acme\"\nname = \"Acme\"\n";

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let (dir, path) = common::file("acme.collected.json", bytes);
    let dossier = dir.path().join("acme.toml");
    std::fs::write(&dossier, DOSSIER).expect("write the dossier");
    let loaded = riskcard::dossier::load(&dossier).expect("the dossier is valid");
    if let Err(problems) = riskcard::collect::merge(loaded, &path) {
        common::well_formed(&problems, &path);
    }
});
