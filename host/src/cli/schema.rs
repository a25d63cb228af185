//! `riskcard schema`: the JSON Schemas of the dossier, rubric, scorecard and
//! collected-evidence formats.

use clap::ValueEnum;
use riskcard::assess::Scorecard;
use riskcard::collect::CollectedFile;
use riskcard::dossier::Dossier;
use riskcard::rubric::RubricFile;

/// A file format with a schema.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    /// A vendor dossier.
    Dossier,
    /// A rubric.
    Rubric,
    /// A scorecard (the JSON `assess` writes).
    Scorecard,
    /// Collected evidence (the JSON `collect` writes).
    Collected,
}

/// The schema, pretty-printed.
pub fn schema_json(kind: SchemaKind) -> String {
    let schema = match kind {
        SchemaKind::Dossier => schemars::schema_for!(Dossier),
        SchemaKind::Rubric => schemars::schema_for!(RubricFile),
        SchemaKind::Scorecard => schemars::schema_for!(Scorecard),
        SchemaKind::Collected => schemars::schema_for!(CollectedFile),
    };
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
