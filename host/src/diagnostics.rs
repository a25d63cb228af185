//! Problems in user input, each pointing at a file, a place in it and a fix; a
//! [`Diagnostics`] holds every problem found in one go so users fix them all at once.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::terminal::visible;

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file at fault.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The key path at fault, e.g. `criteria[2].weight`.
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem with `file` as a whole.
    pub fn new(file: &Path, message: impl Into<String>) -> Self {
        Self { file: file.to_owned(), line: None, column: None, key: None, message: message.into(), help: None }
    }

    /// Points the problem at a byte offset of `source`.
    pub fn at_offset(mut self, source: &str, offset: usize) -> Self {
        let (line, column) = line_column(source, offset);
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Points the problem at a 1-based line and column, when known.
    pub fn at_place(mut self, place: Option<(usize, usize)>) -> Self {
        if let Some((line, column)) = place {
            self.line = Some(line);
            self.column = Some(column);
        }
        self
    }

    /// Names the key path at fault.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Adds the fix.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", visible(&self.file.display().to_string()))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", visible(&self.message))?;
        if let Some(key) = &self.key {
            write!(f, " (at `{}`)", visible(key))?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {}", visible(help))?;
        }
        Ok(())
    }
}

/// Every problem found in one or more input files.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Self(vec![diagnostic])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |tail| tail.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines_and_columns() {
        let source = "a = 1\nbb = 2\n";
        assert_eq!(line_column(source, 0), (1, 1));
        assert_eq!(line_column(source, 6), (2, 1));
        assert_eq!(line_column(source, 8), (2, 3));
        assert_eq!(line_column(source, 999), (3, 1));
    }

    #[test]
    fn values_with_control_characters_cannot_forge_lines_or_drive_the_terminal() {
        let diagnostic = Diagnostic::new(Path::new("d.toml"), "vendor id `acme\n  help: all clear\u{1b}[2J` is bad")
            .key("vendor.id\r")
            .help("fix");
        assert_eq!(
            diagnostic.to_string(),
            "d.toml: vendor id `acme\\u{a}  help: all clear\\u{1b}[2J` is bad (at `vendor.id\\u{d}`)\n  help: fix"
        );
    }

    #[test]
    fn renders_file_place_key_and_help() {
        let diagnostic = Diagnostic::new(Path::new("r.toml"), "weight must be positive")
            .at_offset("x = 1\nweight = 0", 6)
            .key("criteria[0].weight")
            .help("give a weight above 0");
        assert_eq!(
            diagnostic.to_string(),
            "r.toml:2:1: weight must be positive (at `criteria[0].weight`)\n  help: give a weight above 0"
        );
    }
}
