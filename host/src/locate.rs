//! Finds where a key path such as `criteria[2].params.max_days` sits in a TOML source,
//! so that problems found after parsing can still point at a line.

use toml::de::{DeArray, DeTable, DeValue};

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for part in parts(path) {
        if let Some(quoted) = part.strip_prefix('"').and_then(|part| part.strip_suffix('"')) {
            steps.push(Step::Key(quoted));
            continue;
        }
        let (key, indices) = part.split_once('[').map_or((part, ""), |(key, rest)| (key, rest));
        if !key.is_empty() {
            steps.push(Step::Key(key));
        }
        for index in indices.split('[') {
            if let Ok(index) = index.trim_end_matches(']').parse() {
                steps.push(Step::Index(index));
            }
        }
    }
    steps
}

/// The dot-separated parts of `path`; a part in double quotes (`attestations."a.b"`)
/// keeps its dots.
fn parts(path: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (at, c) in path.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '.' if !quoted => {
                parts.push(&path[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&path[start..]);
    parts
}

/// The byte offset of the deepest part of `path` found in `source`: the key itself,
/// or the array element. `None` when the source does not parse or the path's first
/// step is absent.
pub fn toml_offset(source: &str, path: &str) -> Option<usize> {
    let root = DeTable::parse(source).ok()?;
    let mut table = Some(root.get_ref());
    let mut array: Option<&DeArray<'_>> = None;
    let mut offset = None;
    for step in steps(path) {
        let value = match step {
            Step::Key(name) => {
                let (key, value) = table?.iter().find(|(key, _)| key.get_ref() == name)?;
                offset = Some(key.span().start);
                value
            }
            Step::Index(index) => {
                let value = array?.get(index)?;
                offset = Some(value.span().start);
                value
            }
        };
        table = None;
        array = None;
        match value.get_ref() {
            DeValue::Table(inner) => table = Some(inner),
            DeValue::Array(inner) => array = Some(inner),
            _ => {}
        }
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::line_column;

    const SOURCE: &str = "id = \"x\"\n\n[[criteria]]\nid = \"a\"\nweight = 1\n\n[[criteria]]\nid = \"b\"\nweight = 0\nparams = { days = 3 }\n";

    fn line(path: &str) -> Option<usize> {
        toml_offset(SOURCE, path).map(|offset| line_column(SOURCE, offset).0)
    }

    #[test]
    fn finds_keys_inside_arrays_of_tables() {
        assert_eq!(line("id"), Some(1));
        assert_eq!(line("criteria[1].weight"), Some(9));
        assert_eq!(line("criteria[1].params.days"), Some(10));
        assert_eq!(line("criteria[0]"), Some(3));
    }

    #[test]
    fn quoted_keys_keep_their_dots() {
        let source = "[a]\nx = 1\n\n[a.\"b.c\"]\nd = 2\n";
        assert_eq!(toml_offset(source, "a.\"b.c\".d").map(|offset| line_column(source, offset).0), Some(5));
    }

    #[test]
    fn unknown_paths_have_no_place() {
        assert_eq!(line("criteria[1].missing"), None);
        assert_eq!(line("nothing"), None);
    }
}
