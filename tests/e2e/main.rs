//! End-to-end tests: the real `riskcard` binary with real plugins built from source.

mod assess;
mod bad_input;
mod practices;
mod sandbox;
mod scale;
mod support;
