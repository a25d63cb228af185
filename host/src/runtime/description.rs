//! Validation of what a plugin says about itself in `describe`: every field is bounded
//! and well-formed before any of it reaches a scorecard, a lockfile or a terminal, and
//! every problem is reported at once.

use super::bindings::riskcard::plugin::checks as wit;
use super::outcome::clip;
use crate::reads::Section;
use crate::rubric::ParamKind;

/// Bytes of a plugin name, check id or parameter name.
pub const MAX_NAME_BYTES: usize = 64;
/// Bytes of a plugin's version string.
pub const MAX_VERSION_BYTES: usize = 64;
/// Bytes of a check's title.
pub const MAX_TITLE_BYTES: usize = 200;
/// Bytes of a parameter's description.
pub const MAX_PARAM_DESCRIPTION_BYTES: usize = 1000;
/// Checks one plugin may provide.
pub const MAX_CHECKS: usize = 200;
/// Parameters one check may accept.
pub const MAX_PARAMS: usize = 32;
/// Bytes of a parameter's default value, all its text counted.
pub const MAX_DEFAULT_BYTES: usize = 4096;
/// Extension key prefixes one check may declare it reads.
pub const MAX_EXTENSION_PREFIXES: usize = 16;

/// The rubric's name for a WIT parameter type.
pub fn param_kind(kind: wit::ParamType) -> ParamKind {
    match kind {
        wit::ParamType::Boolean => ParamKind::Boolean,
        wit::ParamType::Integer => ParamKind::Integer,
        wit::ParamType::Float => ParamKind::Float,
        wit::ParamType::Text => ParamKind::Text,
        wit::ParamType::TextList => ParamKind::TextList,
    }
}

/// How a bad value is shown in a message: clipped, quoted, control characters escaped.
fn shown(text: &str) -> String {
    let clipped = clip(text, 40);
    let more = if clipped.len() < text.len() { format!(" ({} bytes)", text.len()) } else { String::new() };
    format!("{clipped:?}{more}")
}

/// Lowercase letters, digits and dashes, and not empty.
pub fn is_name(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Lowercase letters, digits, dashes and underscores, starting with a letter.
fn is_param_name(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_lowercase())
        && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Problems with a human-readable text field: too long, or holding control characters.
fn text_problems(problems: &mut Vec<String>, what: &str, text: &str, max: usize) {
    if text.len() > max {
        problems.push(format!("{what} {} is longer than {max} bytes", shown(text)));
    } else if text.chars().any(char::is_control) {
        problems.push(format!("{what} {} holds control characters", shown(text)));
    }
}

fn name_problems(problems: &mut Vec<String>, what: &str, name: &str, well_formed: fn(&str) -> bool, rule: &str) {
    if name.len() > MAX_NAME_BYTES {
        problems.push(format!("{what} {} is longer than {MAX_NAME_BYTES} bytes", shown(name)));
    } else if !well_formed(name) {
        problems.push(format!("{what} {} must be {rule}", shown(name)));
    }
}

fn default_problems(problems: &mut Vec<String>, what: &str, spec: &wit::ParamSpec) {
    let matches = matches!(
        (spec.type_, &spec.default),
        (wit::ParamType::Boolean, wit::ParamValue::Boolean(_))
            | (wit::ParamType::Integer, wit::ParamValue::Integer(_))
            | (wit::ParamType::Float, wit::ParamValue::Float(_) | wit::ParamValue::Integer(_))
            | (wit::ParamType::Text, wit::ParamValue::Text(_))
            | (wit::ParamType::TextList, wit::ParamValue::TextList(_))
    );
    if !matches {
        problems.push(format!("{what} is declared {} but its default is not", param_kind(spec.type_).name()));
    }
    match &spec.default {
        wit::ParamValue::Float(value) if !value.is_finite() => {
            problems.push(format!("{what} has a default of {value}, not a finite number"));
        }
        wit::ParamValue::Text(text) if text.len() > MAX_DEFAULT_BYTES => {
            problems.push(format!("{what} has a default longer than {MAX_DEFAULT_BYTES} bytes"));
        }
        wit::ParamValue::TextList(items) if items.iter().map(String::len).sum::<usize>() > MAX_DEFAULT_BYTES => {
            problems.push(format!("{what} has a default longer than {MAX_DEFAULT_BYTES} bytes"));
        }
        _ => {}
    }
}

/// Problems with what a check declares it reads: more sections than there are (so some
/// twice), too many extension key prefixes, or one that is empty (which would read every
/// extension), too long, or holding control characters.
fn reads_problems(problems: &mut Vec<String>, what: &str, reads: &wit::EvidenceReads) {
    if reads.sections.len() > Section::ALL.len() {
        problems.push(format!(
            "{what} reads {} sections, but there are {}; list each once",
            reads.sections.len(),
            Section::ALL.len()
        ));
    }
    if reads.extension_prefixes.len() > MAX_EXTENSION_PREFIXES {
        problems.push(format!(
            "{what} reads {} extension prefixes, more than the limit of {MAX_EXTENSION_PREFIXES}",
            reads.extension_prefixes.len()
        ));
        return;
    }
    for prefix in &reads.extension_prefixes {
        if prefix.is_empty() {
            problems.push(format!(
                "{what} reads the extension prefix \"\", which names no namespace; declare e.g. \"pci.\""
            ));
        } else {
            text_problems(problems, &format!("{what}'s extension prefix"), prefix, MAX_NAME_BYTES);
        }
    }
}

/// Every problem with `description`, in order; empty when it is sound.
pub fn problems(description: &wit::Description) -> Vec<String> {
    let mut problems = Vec::new();
    let is_plugin_name = is_name as fn(&str) -> bool;
    name_problems(
        &mut problems,
        "plugin name",
        &description.name,
        is_plugin_name,
        "lowercase letters, digits and dashes",
    );
    if description.version.len() > MAX_VERSION_BYTES {
        problems.push(format!("version {} is longer than {MAX_VERSION_BYTES} bytes", shown(&description.version)));
    } else if let Err(error) = semver::Version::parse(&description.version) {
        problems.push(format!("version {} is not semver: {error}", shown(&description.version)));
    }
    if description.checks.len() > MAX_CHECKS {
        problems.push(format!("{} checks, more than the limit of {MAX_CHECKS}", description.checks.len()));
        return problems;
    }
    for (index, check) in description.checks.iter().enumerate() {
        let what = format!("check {}", shown(&check.id));
        name_problems(&mut problems, "check id", &check.id, is_plugin_name, "lowercase letters, digits and dashes");
        if description.checks[..index].iter().any(|earlier| earlier.id == check.id) {
            problems.push(format!("{what} is listed twice"));
        }
        text_problems(&mut problems, &format!("{what}'s title"), &check.title, MAX_TITLE_BYTES);
        reads_problems(&mut problems, &what, &check.reads);
        if check.params.len() > MAX_PARAMS {
            problems.push(format!("{what} has {} parameters, more than the limit of {MAX_PARAMS}", check.params.len()));
            continue;
        }
        for (at, param) in check.params.iter().enumerate() {
            let param_what = format!("{what}'s parameter {}", shown(&param.name));
            name_problems(
                &mut problems,
                &format!("{what}'s parameter name"),
                &param.name,
                is_param_name,
                "lowercase letters, digits, dashes and underscores, starting with a letter",
            );
            if check.params[..at].iter().any(|earlier| earlier.name == param.name) {
                problems.push(format!("{param_what} is listed twice"));
            }
            text_problems(
                &mut problems,
                &format!("{param_what}'s description"),
                &param.description,
                MAX_PARAM_DESCRIPTION_BYTES,
            );
            default_problems(&mut problems, &param_what, param);
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(name: &str, type_: wit::ParamType, default: wit::ParamValue) -> wit::ParamSpec {
        wit::ParamSpec { name: name.to_owned(), type_, description: String::new(), default }
    }

    fn described(checks: Vec<wit::CheckSpec>) -> wit::Description {
        wit::Description { name: "sound".to_owned(), version: "1.2.3".to_owned(), checks }
    }

    fn check(id: &str, params: Vec<wit::ParamSpec>) -> wit::CheckSpec {
        wit::CheckSpec {
            id: id.to_owned(),
            title: "A title".to_owned(),
            practice: wit::Practice::Backup,
            params,
            reads: wit::EvidenceReads { sections: vec![wit::Section::Backup], extension_prefixes: Vec::new() },
        }
    }

    #[test]
    fn a_sound_description_has_no_problems() {
        let params = vec![
            param("min_days", wit::ParamType::Integer, wit::ParamValue::Integer(3)),
            param("ratio", wit::ParamType::Float, wit::ParamValue::Integer(1)),
            param("kinds", wit::ParamType::TextList, wit::ParamValue::TextList(vec!["a".to_owned()])),
        ];
        assert_eq!(problems(&described(vec![check("one", params)])), Vec::<String>::new());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let params = vec![
            param("Has Space", wit::ParamType::Integer, wit::ParamValue::Integer(1)),
            param("dup", wit::ParamType::Integer, wit::ParamValue::Text("x".to_owned())),
            param("dup", wit::ParamType::Float, wit::ParamValue::Float(f64::NAN)),
            param("inf", wit::ParamType::Float, wit::ParamValue::Float(f64::INFINITY)),
        ];
        let mut bad = check("one", params);
        bad.title = "\u{1b}]0;owned\u{7}".to_owned();
        bad.reads.extension_prefixes = vec![String::new()];
        bad.reads.sections = vec![wit::Section::Backup; Section::ALL.len() + 1];
        let mut description = described(vec![bad, check("one", Vec::new())]);
        description.version = "9".repeat(100);
        let found = problems(&description);
        let too_many = format!(
            "check \"one\" reads {} sections, but there are {}; list each once",
            Section::ALL.len() + 1,
            Section::ALL.len()
        );
        let expected = [
            "version \"9999999999999999999999999999999999999999\" (100 bytes) is longer than 64 bytes",
            "check \"one\"'s title \"\\u{1b}]0;owned\\u{7}\" holds control characters",
            too_many.as_str(),
            "check \"one\" reads the extension prefix \"\", which names no namespace; declare e.g. \"pci.\"",
            "check \"one\"'s parameter name \"Has Space\" must be lowercase letters, digits, dashes and underscores, starting with a letter",
            "check \"one\"'s parameter \"dup\" is declared an integer but its default is not",
            "check \"one\"'s parameter \"dup\" is listed twice",
            "check \"one\"'s parameter \"dup\" has a default of NaN, not a finite number",
            "check \"one\"'s parameter \"inf\" has a default of inf, not a finite number",
            "check \"one\" is listed twice",
        ];
        assert_eq!(found, expected);
    }

    #[test]
    fn oversized_titles_are_refused_without_being_echoed_whole() {
        let mut long = check("one", Vec::new());
        long.title = "t".repeat(40 << 20);
        let found = problems(&described(vec![long]));
        assert_eq!(found.len(), 1);
        assert!(found[0].ends_with(&format!("({} bytes) is longer than {MAX_TITLE_BYTES} bytes", 40 << 20)));
        assert!(found[0].len() < 200, "{}", found[0]);
    }
}
