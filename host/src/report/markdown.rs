//! The Markdown scorecard, for pasting into tickets and wikis: the same view as the
//! HTML page, in an askama template whose every value goes through [`MarkdownEscaper`].

use std::fmt::{self, Write};

use askama::Template;

use super::html::RenderError;
use super::view::ScorecardView;
use crate::assess::Scorecard;

/// Escapes text for Markdown (CommonMark and GitHub's tables): every character that
/// could start emphasis, code, a link, an image, HTML, an entity or a table cell is
/// backslash-escaped, and line breaks become spaces so a value stays on its line.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownEscaper;

impl askama::filters::Escaper for MarkdownEscaper {
    fn write_escaped_str<W: Write>(&self, mut dest: W, string: &str) -> fmt::Result {
        for c in string.chars() {
            self.write_escaped_char(&mut dest, c)?;
        }
        Ok(())
    }

    fn write_escaped_char<W: Write>(&self, mut dest: W, c: char) -> fmt::Result {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!' => {
                dest.write_char('\\')?;
                dest.write_char(c)
            }
            '\r' | '\n' => dest.write_char(' '),
            _ => dest.write_char(c),
        }
    }
}

#[derive(Template)]
#[template(path = "scorecard.md")]
struct ScorecardMarkdown<'a> {
    v: &'a ScorecardView,
}

/// Renders `scorecard` as Markdown.
pub fn scorecard_markdown(scorecard: &Scorecard) -> Result<String, RenderError> {
    Ok(ScorecardMarkdown { v: &ScorecardView::new(scorecard) }.render()?)
}

#[cfg(test)]
mod tests {
    use askama::filters::Escaper;

    use super::*;

    fn escape(text: &str) -> String {
        let mut out = String::new();
        MarkdownEscaper.write_escaped_str(&mut out, text).unwrap();
        out
    }

    #[test]
    fn markup_in_values_stays_text() {
        assert_eq!(escape("<script>x</script>"), "\\<script\\>x\\</script\\>");
        assert_eq!(escape("[click](javascript:alert(1))"), "\\[click\\](javascript:alert(1))");
        assert_eq!(escape("![img](x)"), "\\!\\[img\\](x)");
        assert_eq!(escape("a | b\nc"), "a \\| b c");
        assert_eq!(escape("*bold* _em_ `code` &amp;"), "\\*bold\\* \\_em\\_ \\`code\\` \\&amp;");
        assert_eq!(escape("plain text, 99.9% (v1.2)"), "plain text, 99.9% (v1.2)");
    }

    #[test]
    fn the_markdown_scorecard_lists_collected_evidence_inertly() {
        let card = crate::report::view::tests::with_collected(&crate::report::view::tests::hostile());
        let markdown = scorecard_markdown(&card).unwrap();
        let response = format!(
            "javascript:document.title='pwned-collected'//\\<script\\>x\\</script\\> · HTTP 200 · fetched 2026-11-29 08:30 UTC · sha256 {}",
            "ab".repeat(32)
        );
        assert!(markdown.contains(&format!("- Collected evidence sha256 {}\n", "cd".repeat(32))), "{markdown}");
        assert!(markdown.contains(&format!("  - certifications\\[0\\] from {response}\n")), "{markdown}");
        assert!(markdown.contains("  - availability.\\<b\\>sla\\_percent\\</b\\>: the dossier's own value was used\n"));
        assert_eq!(markdown.matches(&format!("collected from {response}")).count(), 2);
    }

    #[test]
    fn the_markdown_scorecard_keeps_payloads_inert() {
        let markdown = scorecard_markdown(&crate::report::view::tests::hostile()).unwrap();
        assert!(
            markdown.starts_with("# Vendor security scorecard: \\<script\\>document.title='pwned-name'\\</script\\>")
        );
        for (at, c) in markdown.char_indices().filter(|(_, c)| matches!(c, '<' | '[' | '`')) {
            assert!(markdown[..at].ends_with('\\'), "unescaped {c} at byte {at}");
        }
        assert!(markdown.contains("source: javascript:document.title='pwned-source'"));
        assert!(markdown.contains("## ✖ Failed required gates"));
        assert!(markdown.contains(
            "| ✖ fail | **ISO/IEC 27001 certificate current and in scope** (iso27001) — gate failed | 0 | 10 |"
        ));
    }
}
