//! The waivers file format, as serde reads it; validation happens in the parent module.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dossier::Date;

/// A waivers file: `[[waiver]]` tables.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaiversFile {
    /// The waivers.
    #[serde(default)]
    pub waiver: Vec<WaiverEntry>,
}

/// One waiver as written. `reason` and `expires` are required; they are options here so
/// that a missing one is reported with the others rather than alone.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaiverEntry {
    /// The vendor's id.
    pub vendor: String,
    /// The criterion's id in the rubric.
    pub criterion: String,
    /// Why the exception is acceptable (required).
    pub reason: Option<String>,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// When it was approved; it does not apply before.
    pub approved: Option<Date>,
    /// The last day it applies (required).
    pub expires: Option<Date>,
    /// Must be `true` to waive a required gate.
    #[serde(default)]
    pub gate: bool,
}
