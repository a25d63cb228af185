//! riskcard: evidence-based security scorecards for SaaS vendors.
//!
//! Data flows one way: a vendor's [`dossier`] and a [`rubric`] go to the
//! [`runtime`], which evaluates sandboxed WebAssembly plugins; [`assess`] scores their
//! outcomes; [`report`] renders the scorecard. Each stage owns its types.

#![deny(missing_docs)]

pub mod assess;
pub mod diagnostics;
pub mod dossier;
pub mod embedded;
pub mod fsio;
mod locate;
pub mod practice;
pub mod report;
pub mod rubric;
pub mod runtime;
pub mod shard;
pub mod synth;
