//! The values of the evidence findings cite, copied from the dossier into the scorecard
//! so that `riskcard diff` can say what changed from two scorecards alone.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{CriterionResult, EvidenceValue};
use crate::dossier::{Dossier, value_at};

/// Every distinct path the findings of `criteria` cite, in path order, with its value
/// in `tree` (the dossier as JSON).
pub(super) fn cited(dossier: &Dossier, tree: &Value, criteria: &[CriterionResult]) -> Vec<EvidenceValue> {
    let paths: BTreeSet<&str> = criteria
        .iter()
        .flat_map(|criterion| &criterion.findings)
        .flat_map(|finding| &finding.evidence)
        .map(|evidence| evidence.path.as_str())
        .collect();
    paths
        .into_iter()
        .map(|path| {
            let (source, observed) = dossier.provenance(path).unwrap_or((None, None));
            EvidenceValue {
                path: path.to_owned(),
                value: value_at(tree, path).cloned().unwrap_or(Value::Null),
                source: source.map(str::to_owned),
                observed,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_keys_and_indices() {
        let root = serde_json::json!({"a": {"b": [1, {"c": "x"}]}, "d": true});
        assert_eq!(value_at(&root, "a.b[1].c"), Some(&Value::from("x")));
        assert_eq!(value_at(&root, "a.b[0]"), Some(&Value::from(1)));
        assert_eq!(value_at(&root, "d"), Some(&Value::from(true)));
        assert_eq!(value_at(&root, "a.b[5]"), None);
        assert_eq!(value_at(&root, "z"), None);
    }
}
