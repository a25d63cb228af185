//! End-to-end tests: the real `riskcard` binary with real plugins built from source.

mod assess;
mod authoring;
mod bad_input;
mod browser;
mod chromium;
mod collect;
mod collect_fidelity;
mod collect_hygiene;
mod compat;
mod guests;
mod history;
mod hostile;
mod import;
mod loading;
mod pinning;
mod portfolio;
mod practices;
mod publish;
mod report;
mod sandbox;
mod scale;
mod second_language;
mod signing;
mod support;
mod tls_front;
mod untrusted;
