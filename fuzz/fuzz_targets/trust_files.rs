//! Signature and trust files from arbitrary bytes: the same bytes as a trust policy, a
//! secret key and a detached signature. Each is read or refused, never a panic, and a
//! signature made of fuzz never verifies.

#![no_main]

mod common;

use riskcard::trust::{SecretKey, SignatureStatus, TrustPolicy, check_signature};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let (_policy_dir, policy) = common::file("trust.toml", bytes);
    if let Err(problems) = TrustPolicy::load(&policy) {
        common::well_formed(&problems, &policy);
    }
    let (_key_dir, key) = common::file("acme.key", bytes);
    if let Err(problems) = SecretKey::load(&key) {
        common::well_formed(&problems, &key);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let status = check_signature(b"plugin bytes", Some(text), None);
        assert!(!matches!(status, SignatureStatus::Trusted { .. }), "{status}");
    }
});
