//! The certifications plugin's logic called natively, for the wasm/native ratio in
//! BENCHMARKS.md: all four checks on a dossier like examples/vendors/northwind-crm.toml
//! (five current, in-scope certificates). Run from plugins/ with
//! `cargo bench -p certifications --bench native`; the host's
//! `evaluate-northwind/certifications` benchmark is the same call through wasm.

use std::hint::black_box;

use certifications::CHECKS;
use criterion::{Criterion, criterion_group, criterion_main};
use riskcard_plugin_sdk::evidence::{Certification, CertificationKind};
use riskcard_plugin_sdk::testing::{date, empty_dossier, provenance};
use riskcard_plugin_sdk::{self as sdk, Criterion as Requested, EvaluationRequest};

fn certificate(kind: CertificationKind) -> Certification {
    Certification {
        kind,
        other_name: None,
        scope: Some("Design, development and operation of Northwind Sales & Service Cloud".to_owned()),
        covers_product: Some(true),
        auditor: Some("BSI".to_owned()),
        issued: Some(date(2025, 3, 14)),
        expires: Some(date(2028, 3, 13)),
        provenance: provenance("https://northwind.example/trust/iso27001.pdf"),
    }
}

fn request() -> EvaluationRequest {
    let mut dossier = empty_dossier();
    dossier.certifications = Some(
        [
            CertificationKind::Iso27001,
            CertificationKind::Iso27017,
            CertificationKind::Iso27018,
            CertificationKind::Soc2Type2,
            CertificationKind::CsaStarLevel2,
        ]
        .into_iter()
        .map(certificate)
        .collect(),
    );
    EvaluationRequest {
        as_of: date(2026, 11, 30),
        dossier,
        criteria: CHECKS
            .iter()
            .map(|check| Requested {
                criterion_id: check.id.to_owned(),
                check: check.id.to_owned(),
                params: Vec::new(),
            })
            .collect(),
    }
}

fn native(c: &mut Criterion) {
    let request = request();
    let results = sdk::evaluate(&CHECKS, request.clone()).expect("the checks run");
    assert_eq!(results.len(), CHECKS.len());
    c.bench_function("native/certifications", |b| b.iter(|| black_box(sdk::evaluate(&CHECKS, request.clone()))));
}

criterion_group!(benches, native);
criterion_main!(benches);
