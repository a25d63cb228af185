//! Finds where a key path such as `criteria[2].params.max_days` sits in a TOML or JSON
//! source, so that problems found after parsing can still point at a line: one
//! [`SpanIndex`] per file, built once, however many problems it has.

use std::collections::HashMap;

use toml::de::{DeTable, DeValue};

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for part in parts(path) {
        if let Some(quoted) = part.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')) {
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

/// A key path in the one spelling the index uses: keys joined by `.`, indices as `[N]`.
fn canonical(path: &str) -> String {
    let mut text = String::new();
    for step in steps(path) {
        push_step(&mut text, &step);
    }
    text
}

fn push_step(text: &mut String, step: &Step<'_>) {
    match step {
        Step::Key(key) => {
            if !text.is_empty() {
                text.push('.');
            }
            text.push_str(key);
        }
        Step::Index(index) => {
            text.push('[');
            text.push_str(&index.to_string());
            text.push(']');
        }
    }
}

fn child(parent: &str, step: Step<'_>) -> String {
    let mut path = parent.to_owned();
    push_step(&mut path, &step);
    path
}

#[cfg(test)]
thread_local! {
    /// How many indexes this thread built, so tests can check a file is indexed once
    /// however many problems it has.
    static BUILDS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many span indexes the current thread has built.
#[cfg(test)]
pub(crate) fn builds() -> usize {
    BUILDS.with(std::cell::Cell::get)
}

/// Where every key path of one source file sits, built in one pass over the file so
/// that placing N problems costs one parse and N look-ups, not N parses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanIndex {
    spans: HashMap<String, usize>,
    /// The offset at which each line starts, for placing offsets without rescanning.
    line_starts: Vec<usize>,
    /// Values (TOML) or bytes (JSON) visited while building, for tests of the cost.
    work: usize,
}

impl SpanIndex {
    fn built(mut self, source: &str) -> Self {
        self.line_starts = std::iter::once(0).chain(source.match_indices('\n').map(|(offset, _)| offset + 1)).collect();
        self.work += self.line_starts.len();
        #[cfg(test)]
        BUILDS.with(|builds| builds.set(builds.get() + 1));
        self
    }

    /// The index of a TOML source: each key at the key, each array element at its
    /// start. Empty when the source does not parse.
    pub fn toml(source: &str) -> Self {
        let mut index = Self::default();
        if let Ok(root) = DeTable::parse(source) {
            let mut pending: Vec<(String, &DeValue<'_>)> = Vec::new();
            index.visit_table("", root.get_ref(), &mut pending);
            while let Some((path, value)) = pending.pop() {
                index.work += 1;
                match value {
                    DeValue::Table(table) => index.visit_table(&path, table, &mut pending),
                    DeValue::Array(array) => {
                        for (position, element) in array.iter().enumerate() {
                            let element_path = child(&path, Step::Index(position));
                            index.spans.entry(element_path.clone()).or_insert(element.span().start);
                            pending.push((element_path, element.get_ref()));
                        }
                    }
                    _ => {}
                }
            }
        }
        index.built(source)
    }

    /// Records where each key of `table` (at `prefix`) sits, and queues its values.
    fn visit_table<'t, 'a>(
        &mut self,
        prefix: &str,
        table: &'t DeTable<'a>,
        pending: &mut Vec<(String, &'t DeValue<'a>)>,
    ) {
        for (key, value) in table.iter() {
            let path = child(prefix, Step::Key(key.get_ref().as_ref()));
            self.spans.entry(path.clone()).or_insert(key.span().start);
            pending.push((path, value.get_ref()));
        }
    }

    /// The index of a JSON source, in one scan: each object member at its key, each
    /// array element at its start. Built for any text; offsets are meaningful for JSON.
    pub fn json(source: &str) -> Self {
        enum Frame {
            Object(String),
            Array(String, usize),
        }
        let bytes = source.as_bytes();
        let mut index = Self::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut member = String::new();
        let mut expecting_key = false;
        let mut element: Option<String> = None;
        let mut at = 0;
        while at < bytes.len() {
            index.work += 1;
            let byte = bytes[at];
            if byte.is_ascii_whitespace() {
                at += 1;
                continue;
            }
            if let Some(path) = element.take()
                && byte != b']'
            {
                index.spans.entry(path).or_insert(at);
            }
            let value_path = |stack: &[Frame], member: &str| match stack.last() {
                Some(Frame::Object(_)) => member.to_owned(),
                Some(Frame::Array(path, position)) => child(path, Step::Index(*position)),
                None => String::new(),
            };
            match byte {
                b'{' => {
                    stack.push(Frame::Object(value_path(&stack, &member)));
                    expecting_key = true;
                }
                b'[' => {
                    let path = value_path(&stack, &member);
                    element = Some(child(&path, Step::Index(0)));
                    stack.push(Frame::Array(path, 0));
                }
                b'}' | b']' => {
                    stack.pop();
                    expecting_key = false;
                }
                b',' => match stack.last_mut() {
                    Some(Frame::Array(path, position)) => {
                        *position += 1;
                        element = Some(child(path, Step::Index(*position)));
                    }
                    Some(Frame::Object(_)) => expecting_key = true,
                    None => {}
                },
                b'"' => {
                    let end = string_end(bytes, at);
                    if expecting_key && let Some(Frame::Object(path)) = stack.last() {
                        let key: String = serde_json::from_str(&source[at..end]).unwrap_or_default();
                        member = child(path, Step::Key(&key));
                        index.spans.entry(member.clone()).or_insert(at);
                        expecting_key = false;
                    }
                    index.work += end - at;
                    at = end;
                    continue;
                }
                _ => {}
            }
            at += 1;
        }
        index.built(source)
    }

    /// The byte offset of `path` (e.g. `criteria[2].params.max_days`): the key itself,
    /// or the array element. `None` when the path is not in the source.
    pub fn offset(&self, path: &str) -> Option<usize> {
        self.spans.get(&canonical(path)).copied()
    }

    /// The 1-based line and column (in characters) of `path` in `source`, the text this
    /// index was built from.
    pub fn place(&self, source: &str, path: &str) -> Option<(usize, usize)> {
        let offset = self.offset(path)?.min(source.len());
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        let column = source.get(start..offset).map_or(0, |text| text.chars().count()) + 1;
        Some((line, column))
    }
}

/// The offset just past the JSON string starting at `start` (its opening quote).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::line_column;

    #[test]
    fn places_agree_with_line_column() {
        let index = SpanIndex::toml(SOURCE);
        for path in ["id", "criteria[0]", "criteria[1].weight", "criteria[1].params.days"] {
            let offset = index.offset(path).unwrap();
            assert_eq!(index.place(SOURCE, path), Some(line_column(SOURCE, offset)), "{path}");
        }
    }

    const SOURCE: &str = "id = \"x\"\n\n[[criteria]]\nid = \"a\"\nweight = 1\n\n[[criteria]]\nid = \"b\"\nweight = 0\nparams = { days = 3 }\n";

    fn line(path: &str) -> Option<usize> {
        SpanIndex::toml(SOURCE).offset(path).map(|offset| line_column(SOURCE, offset).0)
    }

    #[test]
    fn finds_keys_inside_arrays_of_tables() {
        assert_eq!(line("id"), Some(1));
        assert_eq!(line("criteria[1].weight"), Some(9));
        assert_eq!(line("criteria[1].params.days"), Some(10));
        assert_eq!(line("criteria[0]"), Some(3));
    }

    #[test]
    fn unknown_paths_have_no_place() {
        assert_eq!(line("criteria[1].missing"), None);
        assert_eq!(line("nothing"), None);
    }

    const JSON: &str = "{\n  \"id\": \"x\",\n  \"criteria\": [\n    {\"id\": \"a\"},\n    {\"id\": \"b,]}\\\"\", \"params\": {\"days\": 3}}\n  ]\n}\n";

    fn json_line(path: &str) -> Option<usize> {
        SpanIndex::json(JSON).offset(path).map(|offset| line_column(JSON, offset).0)
    }

    #[test]
    fn finds_json_members_and_elements_past_tricky_strings() {
        assert_eq!(json_line("id"), Some(2));
        assert_eq!(json_line("criteria"), Some(3));
        assert_eq!(json_line("criteria[0].id"), Some(4));
        assert_eq!(json_line("criteria[1]"), Some(5));
        assert_eq!(json_line("criteria[1].params.days"), Some(5));
        let index = SpanIndex::json(JSON);
        let days = index.offset("criteria[1].params.days").unwrap();
        assert!(JSON[days..].starts_with("\"days\""));
        assert_eq!(json_line("criteria[2]"), None);
    }

    /// A TOML and a JSON file with `count` array elements, each with one key.
    fn sources(count: usize) -> (String, String) {
        let toml = (0..count).map(|index| format!("[[months]]\nmonth = \"m{index:05}\"\n")).collect();
        let json = format!(
            "{{\"months\": [{}]}}",
            (0..count).map(|index| format!("{{\"month\": \"m{index:05}\"}}")).collect::<Vec<_>>().join(", ")
        );
        (toml, json)
    }

    /// Placing N problems is linear: one index per file, and the work to build it grows
    /// in proportion to the file (counted, not timed).
    #[test]
    fn placing_n_problems_costs_one_index_and_linear_work() {
        let mut work = Vec::new();
        for count in [500, 2_000, 4_000] {
            let (toml, json) = sources(count);
            let before = builds();
            let toml_index = SpanIndex::toml(&toml);
            let json_index = SpanIndex::json(&json);
            for position in 0..count {
                let path = format!("months[{position}].month");
                assert!(toml_index.offset(&path).is_some(), "{path} in TOML");
                assert!(json_index.offset(&path).is_some(), "{path} in JSON");
            }
            assert_eq!(builds() - before, 2, "one index per file, not one per problem");
            work.push((count, toml_index.work, json_index.work));
        }
        for &(count, toml_work, json_work) in &work[1..] {
            let (base, base_toml, base_json) = work[0];
            let ratio = count / base;
            assert!(toml_work <= base_toml * ratio * 11 / 10, "TOML work {toml_work} for {count}: {work:?}");
            assert!(json_work <= base_json * ratio * 11 / 10, "JSON work {json_work} for {count}: {work:?}");
        }
    }
}
