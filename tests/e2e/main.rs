//! End-to-end tests: the real `riskcard` binary with real plugins built from source.

mod assess;
mod bad_input;
mod collect;
mod sandbox;
mod support;
