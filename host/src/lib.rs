//! riskcard: evidence-based security scorecards for SaaS vendors.
//!
//! Data flows one way: a vendor's [`dossier`] (with the public evidence [`collect`]
//! fetched for it merged in, and facts [`import`] read from the vendor's questionnaire
//! marked as the vendor's word) and a [`rubric`] go to the [`runtime`], which evaluates
//! sandboxed WebAssembly plugins; [`assess`] scores their outcomes; [`report`] renders
//! the scorecard. Each stage owns its types.
//! [`attest`] signs scorecards and checks their signatures. [`authoring`] holds the tools for plugin authors, on top of the runtime. [`trust`]
//! decides which plugin bytes may be loaded at all. [`shard`] splits a portfolio across
//! machines and [`synth`] generates synthetic ones for benchmarks and scale tests.
//! [`waiver`] reads approved exceptions that [`assess`] applies with their reasons;
//! [`ledger`] keeps every scorecard in a history database for trends; [`diff`] explains
//! what moved between two scorecards; [`due`] lists what falls due and forecasts it.
//! [`questionnaire`] writes the form a vendor fills in to produce a dossier.

#![deny(missing_docs)]

pub mod assess;
pub mod attest;
pub mod authoring;
pub mod collect;
pub mod diagnostics;
pub mod diff;
pub mod dossier;
pub mod due;
pub mod embedded;
pub mod fsio;
pub mod import;
pub mod inputfile;
pub mod ledger;
mod locate;
pub mod practice;
pub mod questionnaire;
pub mod reads;
pub mod report;
pub mod rubric;
pub mod runtime;
pub mod shard;
pub mod synth;
pub mod terminal;
pub mod trust;
pub mod waiver;
