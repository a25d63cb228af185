//! Mappings: data files that say where a questionnaire keeps its question ids and
//! answers, which answer words mean yes, no and not applicable, and which dossier field
//! each question's answer sets, with the reasoning behind it (see docs/import.md).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dossier::Dossier;
use crate::inputfile::{self, InputKind};
use crate::locate::SpanIndex;

/// The CAIQ v4 mapping riskcard ships (`mappings/caiq-v4.toml`).
pub const CAIQ_V4: &str = include_str!("../../../mappings/caiq-v4.toml");

/// The name the built-in CAIQ mapping is reported under.
pub const CAIQ_V4_NAME: &str = "mappings/caiq-v4.toml (built in)";

/// A mapping file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    questionnaire: QuestionnaireFile,
    answers: AnswerWords,
    #[serde(default)]
    questions: Vec<QuestionFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionnaireFile {
    name: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    sheet: Option<String>,
    id_column: String,
    answer_column: String,
}

/// The answer words a questionnaire uses, compared without regard to case or spacing.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerWords {
    /// Words that mean yes.
    pub yes: Vec<String>,
    /// Words that mean no.
    pub no: Vec<String>,
    /// Words that mean the question does not apply.
    #[serde(default)]
    pub not_applicable: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    id: String,
    about: String,
    rationale: String,
    #[serde(default)]
    yes: toml::Table,
    #[serde(default)]
    no: toml::Table,
}

/// What one answer word means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Answer {
    /// Yes.
    Yes,
    /// No.
    No,
    /// Not applicable.
    NotApplicable,
}

impl AnswerWords {
    /// What `text` means; `None` for a word the mapping does not know.
    pub fn meaning(&self, text: &str) -> Option<Answer> {
        let wanted = squash(text);
        let known = |words: &[String]| words.iter().any(|word| squash(word) == wanted);
        if known(&self.yes) {
            Some(Answer::Yes)
        } else if known(&self.no) {
            Some(Answer::No)
        } else if known(&self.not_applicable) {
            Some(Answer::NotApplicable)
        } else {
            None
        }
    }

    /// Every known word, for messages.
    pub fn all(&self) -> Vec<&str> {
        self.yes.iter().chain(&self.no).chain(&self.not_applicable).map(String::as_str).collect()
    }
}

/// Lowercase with runs of whitespace made one space, trimmed.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// One question and the dossier facts its answer sets.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedQuestion {
    /// The question id, e.g. `CEK-03.1`.
    pub id: String,
    /// What the question asks, in the mapping author's words.
    pub about: String,
    /// Why the answer means what the mapping says, citing the control it relies on.
    pub rationale: String,
    /// Facts a yes sets: evidence path and value, in path order.
    pub yes: Vec<(String, Value)>,
    /// Facts a no sets.
    pub no: Vec<(String, Value)>,
}

impl MappedQuestion {
    /// The facts `answer` sets; none for not applicable.
    pub fn facts(&self, answer: Answer) -> &[(String, Value)] {
        match answer {
            Answer::Yes => &self.yes,
            Answer::No => &self.no,
            Answer::NotApplicable => &[],
        }
    }
}

/// A checked mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    /// Where it was read from.
    pub path: PathBuf,
    /// The questionnaire's name, e.g. `CAIQ`.
    pub questionnaire: String,
    /// The questionnaire's version, when the mapping names one.
    pub version: Option<String>,
    /// The sheet to read; the first sheet when `None`.
    pub sheet: Option<String>,
    /// Header text of the question-id column.
    pub id_column: String,
    /// Header text of the answer column.
    pub answer_column: String,
    /// The answer words.
    pub answers: AnswerWords,
    /// The questions, in file order.
    pub questions: Vec<MappedQuestion>,
    source: String,
}

impl Mapping {
    /// Reads and checks the mapping at `path`, reporting every problem at once.
    pub fn load(path: &Path) -> Result<Self, Diagnostics> {
        let bytes = inputfile::read(path, InputKind::Mapping).map_err(|error| error.diagnostic(path))?;
        let source = String::from_utf8(bytes)
            .map_err(|_| Diagnostic::new(path, "the mapping is not UTF-8 text").help("save the file as UTF-8"))?;
        Self::parse(path, source)
    }

    /// The CAIQ v4 mapping riskcard ships.
    pub fn caiq_v4() -> Result<Self, Diagnostics> {
        Self::parse(Path::new(CAIQ_V4_NAME), CAIQ_V4.to_owned())
    }

    fn parse(path: &Path, source: String) -> Result<Self, Diagnostics> {
        let file: MappingFile = toml::from_str(&source).map_err(|error| {
            let mut diagnostic = Diagnostic::new(path, error.message().trim().to_owned())
                .help("see docs/import.md for the mapping format");
            if let Some(span) = error.span() {
                diagnostic = diagnostic.at_offset(&source, span.start);
            }
            diagnostic
        })?;
        let mut problems = Vec::new();
        let index = SpanIndex::toml(&source);
        let mut problem = |key: String, message: String, help: &str| {
            let mut diagnostic = Diagnostic::new(path, message).key(key.clone()).help(help);
            if let Some(offset) = index.offset(&key) {
                diagnostic = diagnostic.at_offset(&source, offset);
            }
            problems.push(diagnostic);
        };
        for (key, text) in [
            ("questionnaire.name", &file.questionnaire.name),
            ("questionnaire.id_column", &file.questionnaire.id_column),
            ("questionnaire.answer_column", &file.questionnaire.answer_column),
        ] {
            if text.trim().is_empty() {
                problem(key.to_owned(), format!("{key} is empty"), "write the text as the questionnaire has it");
            }
        }
        let mut seen_words = BTreeMap::new();
        for (kind, words) in
            [("yes", &file.answers.yes), ("no", &file.answers.no), ("not_applicable", &file.answers.not_applicable)]
        {
            for word in words {
                if let Some(other) = seen_words.insert(squash(word), kind)
                    && other != kind
                {
                    problem(
                        format!("answers.{kind}"),
                        format!("answer word `{word}` means both {other} and {kind}"),
                        "give each word one meaning",
                    );
                }
            }
        }
        let mut ids = BTreeSet::new();
        let mut owners: BTreeMap<String, String> = BTreeMap::new();
        let mut questions = Vec::new();
        for (index, question) in file.questions.into_iter().enumerate() {
            let at = format!("questions[{index}]");
            if question.id.trim().is_empty() {
                problem(format!("{at}.id"), "question id is empty".into(), "write the id as the questionnaire has it");
            } else if !ids.insert(question.id.clone()) {
                problem(
                    format!("{at}.id"),
                    format!("question `{}` is mapped twice", question.id),
                    "map each question once; one question may set several fields",
                );
            }
            for (key, text) in [("about", &question.about), ("rationale", &question.rationale)] {
                if text.trim().is_empty() {
                    problem(format!("{at}.{key}"), format!("{key} is empty"), "say what the question asks and why");
                }
            }
            if question.yes.is_empty() && question.no.is_empty() {
                problem(
                    at.clone(),
                    format!("question `{}` sets no field", question.id),
                    "give `yes` or `no` a table of evidence paths and values",
                );
            }
            let yes = flatten(&question.yes);
            let no = flatten(&question.no);
            for (answer, facts) in [("yes", &yes), ("no", &no)] {
                for (field, value) in facts {
                    if let Err(message) = fits(field, value) {
                        problem(format!("{at}.{answer}"), message, "see `riskcard schema dossier` for the fields");
                    }
                    if let Some(owner) = owners.get(field).filter(|owner| **owner != question.id) {
                        problem(
                            format!("{at}.{answer}"),
                            format!("`{field}` is already set by question `{owner}`"),
                            "let one question decide each field",
                        );
                    } else {
                        owners.insert(field.clone(), question.id.clone());
                    }
                }
            }
            questions.push(MappedQuestion {
                id: question.id,
                about: question.about,
                rationale: question.rationale,
                yes,
                no,
            });
        }
        if !problems.is_empty() {
            return Err(Diagnostics(problems));
        }
        Ok(Self {
            path: path.to_owned(),
            questionnaire: file.questionnaire.name,
            version: file.questionnaire.version,
            sheet: file.questionnaire.sheet,
            id_column: file.questionnaire.id_column,
            answer_column: file.questionnaire.answer_column,
            answers: file.answers,
            questions,
            source,
        })
    }

    /// Where the entry for question `id` is: `file:line`, or the file alone.
    pub fn place_of(&self, id: &str) -> String {
        let line = self
            .questions
            .iter()
            .position(|question| question.id == id)
            .and_then(|index| SpanIndex::toml(&self.source).offset(&format!("questions[{index}].id")))
            .map(|offset| crate::diagnostics::line_column(&self.source, offset).0);
        match line {
            Some(line) => format!("{}:{line}", self.path.display()),
            None => self.path.display().to_string(),
        }
    }

    /// Every dossier field some question of this mapping can set, sorted.
    pub fn fields(&self) -> BTreeSet<&str> {
        self.questions.iter().flat_map(|q| q.yes.iter().chain(&q.no)).map(|(field, _)| field.as_str()).collect()
    }
}

/// A table of `path = value`, nested tables read as dotted paths, as (path, JSON value).
fn flatten(table: &toml::Table) -> Vec<(String, Value)> {
    fn walk(prefix: &str, table: &toml::Table, out: &mut Vec<(String, Value)>) {
        for (key, value) in table {
            let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
            match value {
                toml::Value::Table(inner) => walk(&path, inner, out),
                other => out.push((path, serde_json::to_value(other).unwrap_or(Value::Null))),
            }
        }
    }
    let mut out = Vec::new();
    walk("", table, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Sets `value` at the dotted `path` of the JSON object `tree`, making objects on the way.
pub(super) fn set(tree: &mut Value, path: &str, value: Value) {
    let mut node = tree;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let Some(object) = node.as_object_mut() else { return };
        if parts.peek().is_none() {
            object.insert(part.to_owned(), value);
            return;
        }
        node = object.entry(part).or_insert_with(|| Value::Object(Map::new()));
        if node.is_null() {
            *node = Value::Object(Map::new());
        }
    }
}

/// Whether `value` can stand at `path` of a dossier: a field of a section, of the right type.
fn fits(path: &str, value: &Value) -> Result<(), String> {
    let section = path.split('.').next().unwrap_or_default();
    if matches!(section, "vendor" | "attestations" | "disputed" | "extensions" | "certifications")
        || path.contains(['[', ']'])
        || !path.contains('.')
    {
        return Err(format!("`{path}` is not a field a questionnaire answer can set"));
    }
    let mut tree = serde_json::json!({"vendor": {"id": "v", "name": "v"}});
    set(&mut tree, path, value.clone());
    serde_json::from_value::<Dossier>(tree)
        .map(|_| ())
        .map_err(|error| format!("`{path}` = {value} does not fit the dossier: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Mapping, Diagnostics> {
        Mapping::parse(Path::new("m.toml"), text.to_owned())
    }

    const HEAD: &str = "[questionnaire]\nname = \"In-house\"\nid_column = \"ID\"\nanswer_column = \"Answer\"\n\n[answers]\nyes = [\"Yes\", \"Y\"]\nno = [\"No\"]\nnot_applicable = [\"N/A\"]\n";

    #[test]
    fn nested_and_dotted_paths_read_alike() {
        let text = format!(
            "{HEAD}\n[[questions]]\nid = \"Q1\"\nabout = \"a\"\nrationale = \"r\"\nyes = {{ encryption = {{ at_rest = true }} }}\nno = {{ \"encryption.at_rest\" = false }}\n"
        );
        let mapping = parse(&text).unwrap();
        assert_eq!(mapping.questions[0].yes, [("encryption.at_rest".to_owned(), Value::Bool(true))]);
        assert_eq!(mapping.questions[0].no, [("encryption.at_rest".to_owned(), Value::Bool(false))]);
        assert_eq!(mapping.answers.meaning("  y "), Some(Answer::Yes));
        assert_eq!(mapping.answers.meaning("n/a"), Some(Answer::NotApplicable));
        assert_eq!(mapping.answers.meaning("maybe"), None);
    }

    #[test]
    fn every_problem_in_a_mapping_is_reported_with_its_line() {
        let text = format!(
            "{HEAD}\n[[questions]]\nid = \"Q1\"\nabout = \"a\"\nrationale = \"r\"\nyes = {{ \"encryption.at_rest\" = \"very\" }}\n\n[[questions]]\nid = \"Q1\"\nabout = \"\"\nrationale = \"r\"\nyes = {{ \"encryption.colour\" = true, \"vendor.name\" = \"x\" }}\n\n[[questions]]\nid = \"Q2\"\nabout = \"a\"\nrationale = \"r\"\n"
        );
        let problems = parse(&text).unwrap_err().0;
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(problems.len(), 6, "{messages:#?}");
        assert!(messages[0].contains("`encryption.at_rest` = \"very\" does not fit"), "{}", messages[0]);
        assert_eq!(problems[0].line, Some(15));
        assert!(messages[1].contains("mapped twice"));
        assert!(messages[2].contains("about is empty"));
        assert!(messages[3].contains("unknown field `colour`"), "{}", messages[3]);
        assert!(messages[4].contains("not a field a questionnaire answer can set"));
        assert!(messages[5].contains("sets no field"));
    }

    #[test]
    fn two_questions_may_not_decide_one_field() {
        let text = format!(
            "{HEAD}\n[[questions]]\nid = \"Q1\"\nabout = \"a\"\nrationale = \"r\"\nyes = {{ \"backup.off_site\" = true }}\n\n[[questions]]\nid = \"Q2\"\nabout = \"a\"\nrationale = \"r\"\nno = {{ \"backup.off_site\" = false }}\n"
        );
        let problems = parse(&text).unwrap_err().0;
        assert!(problems[0].message.contains("already set by question `Q1`"), "{}", problems[0]);
    }
}
