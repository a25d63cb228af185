//! Terminal output: text from plugins, dossiers and rubrics reaches the terminal only
//! through riskcard's output layer, which shows control characters visibly. The
//! `escapes` test plugin carries a screen clear, a window-title change, an OSC 52
//! clipboard write and a carriage return that would forge "FAKE: all plugins verified OK".

use crate::support::{Run, plugin_dir, riskcard, write};

/// Asserts nothing in `run`'s output would be acted on by a terminal, and that the
/// escapes are shown as text instead.
fn shown_not_obeyed(run: &Run) {
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{stream} carries a raw control character: {text:?}"
        );
    }
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("\\u{1b}[2J\\u{1b}]0;pwned\\u{7}"), "the escapes are shown: {all}");
    assert!(all.contains("\\u{d}FAKE: all plugins verified OK"), "the carriage return is shown: {all}");
    assert!(!all.lines().any(|line| line.starts_with("FAKE")), "no line is forged: {all}");
}

#[test]
fn plugin_list_and_inspect_show_escapes_in_plugin_text_visibly() {
    let plugins = plugin_dir(&["escapes"]);
    let list = riskcard(["plugin".as_ref(), "list".as_ref(), "--plugins".as_ref(), plugins.path().as_os_str()]);
    assert_eq!(list.code, 0, "{list:?}");
    assert!(list.stdout.contains("escapes/shout"), "{}", list.stdout);
    // A description carrying escapes is refused at load, and the refusal shows them as text.
    let refused = plugin_dir(&["bad-describe"]);
    let wasm = refused.path().join("bad-describe.wasm");
    for run in [
        riskcard(["plugin".as_ref(), "list".as_ref(), "--plugins".as_ref(), refused.path().as_os_str()]),
        riskcard(["plugin".as_ref(), "inspect".as_ref(), wasm.as_os_str()]),
    ] {
        assert_eq!(run.code, 2, "{run:?}");
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(!all.chars().any(|c| c.is_control() && c != '\n'), "a raw control character: {all:?}");
        assert!(all.contains("\\u{1b}[2J"), "the escape is shown: {all}");
    }
}

#[test]
fn plugin_test_shows_escapes_in_findings_log_stdout_and_stderr_visibly() {
    let plugins = plugin_dir(&["escapes"]);
    let fixtures = tempfile::tempdir().unwrap();
    std::fs::create_dir(fixtures.path().join("dossiers")).unwrap();
    write(&fixtures.path().join("dossiers"), "acme.toml", crate::bad_input::GOOD_DOSSIER);
    write(
        fixtures.path(),
        "shout.toml",
        "dossier = \"dossiers/acme.toml\"\nas_of = 2026-11-30\n\n[[criteria]]\nid = \"shout\"\ncheck = \"shout\"\nexpect = { status = \"pass\" }\n",
    );
    let run = riskcard([
        "plugin".as_ref(),
        "test".as_ref(),
        plugins.path().join("escapes.wasm").as_os_str(),
        fixtures.path().as_os_str(),
    ]);
    assert_eq!(run.code, 1, "the fixture fails: {run:?}");
    assert!(run.stdout.contains("FAIL"), "{}", run.stdout);
    for place in ["log warn:", "stdout:", "stderr:"] {
        assert!(run.stdout.contains(place), "the plugin's {place} is shown: {}", run.stdout);
    }
    shown_not_obeyed(&run);
}

#[test]
fn rubric_check_hints_show_parameter_names_visibly() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = write(
        dir.path(),
        "r.toml",
        "id = \"r\"\nversion = \"1.0.0\"\ntitle = \"R\"\n\n[[criteria]]\nid = \"iso\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = 1\nparams = { \"x\\u001b]0;pwned\\u0007\\rFAKE\" = 1 }\n\n[[grades]]\ngrade = \"A\"\nmin_score = 0\n\n[[risk_tiers]]\ntier = \"low\"\nmin_score = 0\n",
    );
    let run = riskcard(["rubric".as_ref(), "check".as_ref(), rubric.as_os_str()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(!run.stderr.chars().any(|c| c.is_control() && c != '\n'), "{:?}", run.stderr);
    assert!(run.stderr.contains("x\\u{1b}]0;pwned\\u{7}\\u{d}FAKE"), "{}", run.stderr);
}
