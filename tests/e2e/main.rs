//! End-to-end tests: the real `riskcard` binary with real plugins built from source.

mod assess;
mod authoring;
mod bad_input;
mod browser;
mod chromium;
mod collect;
mod compat;
mod guests;
mod hostile;
mod loading;
mod pinning;
mod practices;
mod publish;
mod questionnaire;
mod report;
mod sandbox;
mod scale;
mod second_language;
mod signing;
mod support;
