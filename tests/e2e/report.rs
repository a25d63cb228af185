//! What `assess` writes for people: the formats asked for, the comparison page, the
//! Markdown scorecard, the HTML scorecard against a reviewed golden file, and a summary
//! table that is coloured only on a terminal.

use std::path::Path;
use std::process::Command;

use crate::support::{cache_dir, files_in, repo, riskcard, write};

const AS_OF: &str = "2026-11-30";

fn assess(dossiers: &[&str], rubric: &str, out: &Path, extra: &[&str]) -> crate::support::Run {
    let mut args: Vec<String> = vec!["assess".into()];
    args.extend(dossiers.iter().map(|d| d.to_string()));
    args.extend(["--rubric", rubric, "--as-of", AS_OF, "--out"].map(String::from));
    args.push(out.display().to_string());
    args.extend(extra.iter().map(|a| a.to_string()));
    riskcard(&args)
}

#[test]
fn format_chooses_the_files_and_html_for_two_vendors_adds_the_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let pair = ["examples/vendors/bluepeak-crm.toml", "examples/vendors/lumen-leads.toml"];
    let run = assess(&pair, "rubrics/crm-baseline.toml", &dir.path().join("md"), &["--format", "md"]);
    assert!(run.code <= 1, "{run:?}");
    assert_eq!(files_in(&dir.path().join("md")), ["bluepeak-crm.md", "lumen-leads.md"]);
    assert!(run.stdout.contains("wrote 2 scorecard(s) (md) to"), "{}", run.stdout);

    let run = assess(&pair, "rubrics/crm-baseline.toml", &dir.path().join("all"), &["--format", "json,md,html,json"]);
    assert!(run.code <= 1, "{run:?}");
    assert_eq!(
        files_in(&dir.path().join("all")),
        [
            "bluepeak-crm.html",
            "bluepeak-crm.json",
            "bluepeak-crm.md",
            "compare.html",
            "lumen-leads.html",
            "lumen-leads.json",
            "lumen-leads.md"
        ]
    );
    let compare = std::fs::read_to_string(dir.path().join("all/compare.html")).unwrap();
    assert!(compare.contains("<a href=\"bluepeak-crm.html\">") && compare.contains("<a href=\"lumen-leads.html\">"));

    let run = assess(&pair[..1], "rubrics/crm-baseline.toml", &dir.path().join("one"), &[]);
    assert!(run.code <= 1, "{run:?}");
    assert_eq!(files_in(&dir.path().join("one")), ["bluepeak-crm.html", "bluepeak-crm.json"], "default html,json");

    let run = assess(&pair, "rubrics/crm-baseline.toml", &dir.path().join("bad"), &["--format", "pdf"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("pdf"), "{}", run.stderr);
}

#[test]
fn a_vendor_named_compare_is_refused_only_when_the_comparison_would_overwrite_it() {
    let dir = tempfile::tempdir().unwrap();
    let clash = write(dir.path(), "compare.toml", "[vendor]\nid = \"compare\"\nname = \"Compare Inc\"\n");
    let dossiers = [clash.to_str().unwrap(), "examples/vendors/lumen-leads.toml"];
    let out = dir.path().join("out");
    let run = assess(&dossiers, "rubrics/crm-baseline.toml", &out, &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("compare.toml") && run.stderr.contains("vendor id `compare`"), "{}", run.stderr);
    assert!(files_in(&out).is_empty(), "nothing is written");
    let run = assess(&dossiers, "rubrics/crm-baseline.toml", &out, &["--format", "json"]);
    assert!(run.code <= 1, "without HTML there is no comparison page to overwrite: {run:?}");
}

#[test]
fn the_markdown_scorecard_is_ready_for_a_ticket_and_keeps_payloads_inert() {
    let dir = tempfile::tempdir().unwrap();
    let run =
        assess(&["tests/data/hostile-payloads.toml"], "tests/data/gated-rubric.toml", dir.path(), &["--format", "md"]);
    assert_eq!(run.code, 1, "a required gate failed: {run:?}");
    let markdown = std::fs::read_to_string(dir.path().join("hostile-payloads.md")).unwrap();
    assert!(markdown.contains("| **F** | 20.0 / 100 | 100% | high | 1 of 1 failed |"), "{markdown}");
    assert!(markdown.contains("## ✖ Failed required gates"), "{markdown}");
    assert!(markdown.contains("\\<script\\>document.title='pwned-name'\\</script\\>"), "{markdown}");
    let unescaped = markdown.char_indices().filter(|(at, c)| *c == '<' && !markdown[..*at].ends_with('\\')).count();
    assert_eq!(unescaped, 0, "no raw HTML reaches the ticket");
}

#[test]
fn the_html_scorecard_matches_its_reviewed_golden_file() {
    let dir = tempfile::tempdir().unwrap();
    let run = assess(&["examples/vendors/bluepeak-crm.toml"], "rubrics/crm-baseline.toml", dir.path(), &[]);
    assert!(run.code <= 1, "{run:?}");
    let html = std::fs::read_to_string(dir.path().join("bluepeak-crm.html")).unwrap();
    // Hashes change whenever a plugin is rebuilt; the page around them is what is reviewed.
    insta::with_settings!({ filters => vec![(r"\b[0-9a-f]{64}\b", "[sha256]")] }, {
        insta::assert_snapshot!("bluepeak-crm.html", html);
    });
}

/// Runs `assess` on one example under a pseudo-terminal (util-linux `script`) and
/// returns what the terminal showed.
fn through_a_terminal(out: &Path, no_color: bool) -> String {
    let command = format!(
        "'{}' assess examples/vendors/quillstack-crm.toml --rubric tests/data/gated-rubric.toml --as-of {AS_OF} --out '{}'",
        env!("CARGO_BIN_EXE_riskcard"),
        out.display()
    );
    let mut script = Command::new("script");
    script.args(["-qec", &command, "/dev/null"]).current_dir(repo()).env("TERM", "xterm-256color");
    script.env("RISKCARD_CACHE_DIR", cache_dir());
    for variable in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"] {
        script.env_remove(variable);
    }
    if no_color {
        script.env("NO_COLOR", "1");
    }
    let output = script.output().expect("util-linux `script` runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_summary_is_coloured_on_a_terminal_unless_no_color_is_set_and_never_when_piped() {
    let dir = tempfile::tempdir().unwrap();
    let terminal = through_a_terminal(&dir.path().join("tty"), false);
    assert!(terminal.contains("quillstack-crm"), "{terminal}");
    assert!(terminal.contains("\u{1b}[31m") || terminal.contains("\u{1b}[1m\u{1b}[31m"), "red on a TTY: {terminal:?}");
    let no_color = through_a_terminal(&dir.path().join("no-color"), true);
    assert!(no_color.contains("quillstack-crm"), "{no_color}");
    assert!(!no_color.contains('\u{1b}'), "NO_COLOR is honoured: {no_color:?}");
    let piped = Command::new(env!("CARGO_BIN_EXE_riskcard"))
        .args(["assess", "examples/vendors/quillstack-crm.toml", "--rubric", "tests/data/gated-rubric.toml", "--out"])
        .arg(dir.path().join("piped"))
        .current_dir(repo())
        .env("RISKCARD_CACHE_DIR", cache_dir())
        .env_remove("NO_COLOR")
        .env("TERM", "xterm-256color")
        .output()
        .unwrap();
    let piped = String::from_utf8_lossy(&piped.stdout);
    assert!(piped.contains("quillstack-crm") && !piped.contains('\u{1b}'), "no colour into a pipe: {piped:?}");
}
