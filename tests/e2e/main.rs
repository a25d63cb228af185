//! End-to-end tests: the real `riskcard` binary with real plugins built from source.

mod assess;
mod bad_input;
mod browser;
mod chromium;
mod practices;
mod publish;
mod report;
mod sandbox;
mod support;
