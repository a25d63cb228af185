//! The one output layer for text a person reads on a terminal: control characters from
//! dossiers, rubrics and plugins are shown visibly (`\u{1b}`), never sent raw, so no
//! input can clear the screen, retitle the window, write the clipboard, overwrite a line
//! or forge a `help:` line.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` would be acted on by a terminal rather than shown: C0 and C1 controls,
/// DEL, and the Unicode line and paragraph separators and bidirectional overrides.
fn is_active(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_active(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_active(c) && !keep(c) {
            let _ = write!(shown, "\\u{{{:x}}}", u32::from(c));
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// `text` as one visible line: every control character, newlines included, written as
/// `\u{…}`. For values quoted inside a message.
pub fn visible(text: &str) -> Cow<'_, str> {
    escape(text, |_| false)
}

/// `text` as visible lines: newlines and tabs kept (riskcard's own layout), every other
/// control character written as `\u{…}`. For whole messages at the output edge.
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    escape(text, |c| c == '\n' || c == '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_passes_unchanged_without_copying() {
        assert!(matches!(visible("acme-crm: A 91.0%"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_clear_screen_titles_clipboard_and_carriage_returns() {
        assert_eq!(visible("\u{1b}[2J\u{1b}]0;pwned\u{7}"), "\\u{1b}[2J\\u{1b}]0;pwned\\u{7}");
        assert_eq!(visible("\u{1b}]52;c;Zm9v\u{1b}\\"), "\\u{1b}]52;c;Zm9v\\u{1b}\\");
        assert_eq!(visible("ok\rFAKE: all plugins verified OK"), "ok\\u{d}FAKE: all plugins verified OK");
        assert_eq!(visible("\u{9b}31m\u{7f}"), "\\u{9b}31m\\u{7f}");
        assert_eq!(visible("abc\u{202e}fed"), "abc\\u{202e}fed");
    }

    #[test]
    fn a_newline_in_a_value_cannot_forge_a_help_line() {
        assert_eq!(visible("acme\n  help: all clear"), "acme\\u{a}  help: all clear");
        assert_eq!(visible_lines("a: bad\n  help: fix\u{1b}[2J"), "a: bad\n  help: fix\\u{1b}[2J");
    }
}
