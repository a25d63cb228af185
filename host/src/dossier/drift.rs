//! The test that keeps the evidence model's copies in step: every record and enum of
//! `wit/evidence.wit` against the host model (read through its JSON Schema), and every
//! field of the model against docs/dossier.md. `runtime/convert.rs` is kept in step by
//! the compiler (a WIT record built without one of its fields does not compile), and the
//! questionnaire by `questionnaire::sections`' own test. See "Adding an evidence field"
//! in docs/dossier.md.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use wit_parser::{Resolve, TypeDefKind, TypeOwner};

use super::Dossier;

/// WIT records and enums with no model type of the same name.
const WIT_ONLY: &[&str] = &["date", "provenance", "timestamp"];

/// Deliberate differences, as (WIT record, WIT fields, model fields): each side's fields
/// that stand for the other's.
const RENAMED: &[(&str, &[&str], &[&str])] = &[
    // Plugins see the certification's name for `other` under a clearer name.
    ("certification", &["other-name"], &["name"]),
    // The model writes `month = "2026-04"`; plugins get the parts.
    ("monthly-availability", &["year", "month"], &["month"]),
    // The model keys extensions by name and holds any value; plugins get key and JSON text.
    ("extension", &["key", "json"], &["value"]),
    // URLs the collector reads; plugins get the facts collected from them.
    ("vendor", &[], &["website", "status_page", "app_url", "email_domain"]),
    // Host-side bookkeeping about the evidence, not evidence.
    ("dossier", &[], &["attestations", "disputed"]),
];

/// The model's name for WIT type `name`: `access-control` is `AccessControl`.
fn model_name(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// The schema of the model type `name`: the root for `Dossier`, else its definition.
fn definition<'a>(schema: &'a Value, name: &str) -> Option<&'a Value> {
    if name == "Dossier" { Some(schema) } else { schema.get("$defs")?.get(name) }
}

/// An enum's values in the schema, whether written as `enum` or as `oneOf` constants.
fn enum_values(node: &Value) -> BTreeSet<String> {
    let listed = node.get("enum").and_then(Value::as_array).into_iter().flatten();
    let one_of = node.get("oneOf").and_then(Value::as_array).into_iter().flatten().flat_map(|variant| {
        variant.get("const").into_iter().chain(variant.get("enum").and_then(Value::as_array).into_iter().flatten())
    });
    listed.chain(one_of).filter_map(Value::as_str).map(str::to_owned).collect()
}

/// The model's fields of a record as the WIT would name them: kebab-case, with
/// `source` and `observed` standing for `provenance`.
fn model_fields(node: &Value) -> BTreeSet<String> {
    let mut fields: BTreeSet<String> = node
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, _)| name.replace('_', "-"))
        .collect();
    if fields.remove("source") & fields.remove("observed") {
        fields.insert("provenance".into());
    }
    fields
}

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn every_wit_record_and_enum_matches_the_model() {
    let schema = serde_json::to_value(schemars::schema_for!(Dossier)).unwrap();
    let mut resolve = Resolve::default();
    resolve.push_dir(repo().join("wit")).unwrap();
    let mut problems = Vec::new();
    let mut seen = 0;
    for (_, ty) in resolve.types.iter() {
        let TypeOwner::Interface(interface) = ty.owner else { continue };
        if resolve.interfaces[interface].name.as_deref() != Some("evidence") {
            continue;
        }
        let Some(name) = ty.name.as_deref() else { continue };
        if WIT_ONLY.contains(&name) {
            continue;
        }
        let Some(node) = definition(&schema, &model_name(name)) else {
            problems.push(format!(
                "wit/evidence.wit has `{name}`, the model (dossier/model.rs) has no `{}`",
                model_name(name)
            ));
            continue;
        };
        seen += 1;
        let (mut wit, mut model) = match &ty.kind {
            TypeDefKind::Record(record) => {
                (record.fields.iter().map(|field| field.name.clone()).collect::<BTreeSet<_>>(), model_fields(node))
            }
            TypeDefKind::Enum(cases) => {
                (cases.cases.iter().map(|case| case.name.clone()).collect(), enum_values(node).into_iter().collect())
            }
            _ => continue,
        };
        for (record, wit_side, model_side) in RENAMED.iter().filter(|(record, ..)| *record == name) {
            assert!(wit_side.iter().all(|field| wit.remove(*field)), "RENAMED lists a field `{record}` lacks");
            assert!(
                model_side.iter().all(|field| model.remove(&field.replace('_', "-"))),
                "RENAMED is stale for {record}"
            );
        }
        for missing in model.difference(&wit) {
            problems.push(format!("`{name}.{missing}` is in the model but not in wit/evidence.wit"));
        }
        for missing in wit.difference(&model) {
            problems.push(format!("`{name}.{missing}` is in wit/evidence.wit but not in the model"));
        }
    }
    assert!(seen > 20, "the evidence interface was read: {seen} types");
    assert!(
        problems.is_empty(),
        "the evidence model has drifted (see docs/dossier.md, \"Adding an evidence field\"):\n{}",
        problems.join("\n")
    );
}

/// Every field of the model's sections, as (section path, field), the way the dossier
/// writes them; nested tables are sections of their own.
fn sections_and_fields(schema: &Value) -> Vec<(String, String)> {
    fn resolve<'a>(schema: &'a Value, node: &'a Value) -> &'a Value {
        let node = node
            .get("anyOf")
            .and_then(Value::as_array)
            .and_then(|any| any.iter().find(|n| n.get("type") != Some(&"null".into())))
            .unwrap_or(node);
        match node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
            Some(name) => &schema["$defs"][name],
            None => node,
        }
    }
    fn walk(schema: &Value, node: &Value, path: &str, out: &mut Vec<(String, String)>) {
        let node = resolve(schema, node);
        let is_list = match node.get("type") {
            Some(Value::String(kind)) => kind == "array",
            Some(Value::Array(kinds)) => kinds.iter().any(|kind| kind == "array"),
            _ => false,
        };
        let node = if is_list { resolve(schema, &node["items"]) } else { node };
        let Some(properties) = node.get("properties").and_then(Value::as_object) else { return };
        for (name, child) in properties {
            if !path.is_empty() {
                out.push((path.to_owned(), name.clone()));
            }
            let child_path = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
            walk(schema, child, &child_path, out);
        }
    }
    let mut out = Vec::new();
    walk(schema, schema, "", &mut out);
    out
}

#[test]
fn every_field_of_the_model_is_in_the_dossier_docs() {
    let schema = serde_json::to_value(schemars::schema_for!(Dossier)).unwrap();
    let docs = std::fs::read_to_string(repo().join("docs/dossier.md")).unwrap();
    let fields = sections_and_fields(&schema);
    assert!(fields.iter().any(|(section, field)| section == "assurance.penetration_test" && field == "completed"));
    assert!(fields.iter().any(|(section, field)| section == "subprocessors" && field == "country"), "lists are walked");
    let undocumented: Vec<String> = fields
        .iter()
        .filter(|(section, _)| {
            !section.starts_with("attestations")
                && !section.starts_with("disputed")
                && !section.starts_with("extensions")
        })
        .filter(|(section, field)| {
            let shown =
                [format!("\n{field} ="), format!(" {field} ="), format!("`{field}`"), format!("[{section}.{field}")];
            !shown.iter().any(|text| docs.contains(text.as_str()))
        })
        .map(|(section, field)| format!("{section}.{field}"))
        .collect();
    assert!(
        undocumented.is_empty(),
        "docs/dossier.md shows no `FIELD = …` line nor `FIELD` for: {undocumented:?}; add each to the example and, for a new field, to the field table"
    );
}

#[test]
fn the_example_in_the_dossier_docs_is_a_valid_dossier() {
    let docs = std::fs::read_to_string(repo().join("docs/dossier.md")).unwrap();
    let start = docs.find("## Example\n\n```toml\n").expect("docs/dossier.md has its example")
        + "## Example\n\n```toml\n".len();
    let example = &docs[start..start + docs[start..].find("```").unwrap()];
    let dossier: Dossier = toml::from_str(example).unwrap_or_else(|error| panic!("docs/dossier.md's example: {error}"));
    assert_eq!(super::check(&dossier), Vec::<super::Problem>::new());
    assert!(dossier.assurance.is_some() && dossier.subprocessors.is_some(), "the example shows the newer sections");
}
