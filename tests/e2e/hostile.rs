//! The hostile-plugin suite: each misbehaviour of the test-only `hostile` plugin runs
//! beside the well-behaved `certifications` plugin in one assessment. Every test checks
//! the containment (the reason in the scorecard names the limit or the rule that
//! stopped the plugin, which bounds its time and memory) and that certifications'
//! result is exactly what it is in a run without the hostile plugin.

use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value;

use crate::sandbox::{DOSSIER, rubric_with};
use crate::support::{criterion, plugin_dir, repo, riskcard_in, scorecard, write};

const AS_OF: &str = "2026-11-30";

/// Runs `riskcard assess` on the sample dossier with `rubric` and `flags` (plus the
/// hostile plugin), with the extra environment `env`; returns the exit code, the
/// scorecard's bytes and stdout+stderr.
fn assess(dir: &Path, rubric: &Path, flags: &[&str], env: &[(&str, &str)]) -> (i32, Vec<u8>, String) {
    std::fs::create_dir_all(dir).unwrap();
    let plugins = plugin_dir(&["hostile"]);
    let dossier = write(dir, "acme.toml", DOSSIER);
    let out = dir.join("out");
    let mut args = vec![
        "assess".as_ref(),
        dossier.as_os_str(),
        "--rubric".as_ref(),
        rubric.as_os_str(),
        "--plugins".as_ref(),
        plugins.path().as_os_str(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    args.extend(flags.iter().map(std::ffi::OsStr::new));
    let run = riskcard_in(&repo(), env, args);
    let bytes = std::fs::read(out.join("acme.json")).unwrap_or_default();
    (run.code, bytes, format!("{}{}", run.stdout, run.stderr))
}

/// The certifications result for the sample dossier with no hostile plugin at all.
fn intact_iso() -> &'static Value {
    static BASELINE: OnceLock<Value> = OnceLock::new();
    BASELINE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let rubric = write(
            dir.path(),
            "alone.toml",
            "id = \"alone\"\nversion = \"1.0.0\"\ntitle = \"Alone\"\n\n[[criteria]]\nid = \"iso\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = 1\n\n[[grades]]\ngrade = \"A\"\nmin_score = 0\n\n[[risk_tiers]]\ntier = \"low\"\nmin_score = 0\n",
        );
        let (code, bytes, output) = assess(dir.path(), &rubric, &[], &[]);
        assert_eq!(code, 0, "{output}");
        let card: Value = serde_json::from_slice(&bytes).unwrap();
        criterion(&card, "iso").clone()
    })
}

/// Assesses with hostile check `check` and `flags`; asserts the run completed and the
/// well-behaved plugin's result is intact; returns the scorecard.
fn contained_with_env(check: &str, flags: &[&str], env: &[(&str, &str)]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let rubric = rubric_with(dir.path(), check);
    let (code, bytes, output) = assess(dir.path(), &rubric, flags, env);
    assert_eq!(code, 0, "the run completes despite hostile/{check}: {output}");
    let card: Value = serde_json::from_slice(&bytes).unwrap_or_else(|_| panic!("no scorecard: {output}"));
    let iso = criterion(&card, "iso");
    assert_eq!(iso, intact_iso(), "certifications' result is intact beside hostile/{check}");
    assert_eq!(iso["status"], "pass");
    card
}

fn contained(check: &str, flags: &[&str]) -> Value {
    contained_with_env(check, flags, &[])
}

/// The reason the hostile criterion failed, asserting it did.
fn reason(card: &Value) -> String {
    let hostile = criterion(card, "hostile");
    assert_eq!(hostile["status"], "error", "{hostile}");
    assert!(hostile["score"].is_null(), "{hostile}");
    hostile["error"].as_str().unwrap().to_owned()
}

/// The hostile criterion's finding messages.
fn findings(card: &Value) -> Vec<String> {
    criterion(card, "hostile")["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["message"].as_str().unwrap().to_owned())
        .collect()
}

/// What the hostile plugin logged and printed.
fn output(card: &Value) -> &Value {
    card["plugin_output"].as_array().unwrap().iter().find(|o| o["plugin"] == "hostile").expect("hostile output")
}

#[test]
fn an_infinite_loop_stops_at_the_fuel_budget() {
    let card = contained("infinite-loop", &["--fuel", "20000000"]);
    assert_eq!(reason(&card), "exceeded fuel budget of 20000000");
}

#[test]
fn an_infinite_loop_with_ample_fuel_stops_at_the_deadline() {
    let card = contained("infinite-loop", &["--fuel", "1000000000000000", "--deadline-ms", "500"]);
    assert!(reason(&card).starts_with("exceeded deadline of 500 ms; its log and output were discarded"), "{card}");
}

#[test]
fn unbounded_memory_growth_stops_at_the_memory_limit() {
    let card = contained("memory-growth", &["--memory-mib", "16"]);
    assert_eq!(reason(&card), format!("exceeded memory limit of {} bytes", 16 << 20));
}

#[test]
fn unbounded_memory_growth_stops_at_the_default_limit() {
    let card = contained("memory-growth", &[]);
    assert_eq!(reason(&card), format!("exceeded memory limit of {} bytes", 64 << 20));
}

#[test]
fn unbounded_recursion_stops_at_the_wasm_stack_limit() {
    let card = contained("deep-recursion", &[]);
    assert_eq!(reason(&card), format!("exceeded wasm stack of {} bytes", 512 << 10));
    let card = contained("deep-recursion", &["--wasm-stack-kib", "64"]);
    assert_eq!(reason(&card), format!("exceeded wasm stack of {} bytes", 64 << 10));
}

#[test]
fn a_panic_traps_and_its_message_is_captured() {
    let card = contained("panic", &[]);
    assert!(reason(&card).starts_with("trapped:"), "{card}");
    assert!(output(&card)["stderr"].as_str().unwrap().contains("hostile plugin panicked on purpose"));
}

/// Regression (#16): the error said only "wasm `unreachable` instruction executed"; the
/// panic message sat in `plugin_output`, and the summary did not mention the error.
#[test]
fn a_panic_message_stands_beside_the_error_in_every_format_and_the_summary_counts_it() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = rubric_with(dir.path(), "panic");
    let (code, _, output) = assess(dir.path(), &rubric, &["--format", "json,html,md"], &[]);
    assert_eq!(code, 0, "{output}");
    let card = scorecard(&dir.path().join("out/acme.json"));
    let reason = reason(&card);
    assert!(reason.starts_with("trapped: "), "{reason}");
    assert!(reason.contains("; the plugin panicked at "), "{reason}");
    assert!(reason.ends_with("src/lib.rs:21:5: hostile plugin panicked on purpose"), "{reason}");
    for page in ["acme.html", "acme.md"] {
        let text = std::fs::read_to_string(dir.path().join("out").join(page)).unwrap();
        assert!(
            text.contains("the plugin panicked at") && text.contains("hostile plugin panicked on purpose"),
            "{page}"
        );
    }
    assert!(output.contains("(errored: hostile"), "{output}");
    assert!(output.contains("; 1 criterion result(s) errored: a plugin failed"), "{output}");
}

#[test]
fn too_many_findings_are_rejected() {
    let card = contained("many-findings", &[]);
    assert_eq!(
        reason(&card),
        "rejected the plugin's results: 100000 findings for `hostile`, more than the limit of 200"
    );
}

#[test]
fn oversized_finding_text_is_rejected() {
    let card = contained("huge-findings", &[]);
    // Four findings of a 1 MiB message, an empty remediation and no evidence each, and
    // the criterion id: every string costs 8 bytes more, every finding 32.
    let bytes = 4 * ((1 << 20) + 8 + 8 + 32) + "hostile".len() + 8;
    assert_eq!(
        reason(&card),
        format!(
            "rejected the plugin's results: {bytes} bytes of results (every string counted, each 8 bytes more), more than the limit of 262144 bytes"
        )
    );
}

#[test]
fn a_log_flood_stops_at_the_message_limit_keeping_what_fit() {
    let card = contained("log-flood", &[]);
    assert_eq!(reason(&card), "exceeded log limit of 100 messages");
    let log = output(&card);
    assert_eq!(log["log"].as_array().unwrap().len(), 100);
    assert_eq!(log["log"][99]["message"], "flood 99");
    assert_eq!(log["log_dropped"], 1);
}

#[test]
fn one_huge_log_message_stops_at_the_byte_limit() {
    let card = contained("log-huge", &[]);
    assert_eq!(reason(&card), "exceeded log limit of 16384 bytes");
    assert!(output(&card)["log"].as_array().unwrap().is_empty());
}

#[test]
fn a_stdout_flood_stops_at_the_output_limit() {
    let card = contained("stdout-flood", &[]);
    assert_eq!(reason(&card), "exceeded stdout limit of 16384 bytes");
    let stdout = output(&card)["stdout"].as_str().unwrap();
    assert!(stdout.starts_with("stdout flood line 0 ") && stdout.len() <= 16384, "{} bytes", stdout.len());
}

#[test]
fn a_stderr_flood_stops_at_the_configured_output_limit() {
    let card = contained("stderr-flood", &["--max-output-bytes", "1000"]);
    assert_eq!(reason(&card), "exceeded stderr limit of 1000 bytes");
    assert!(output(&card)["stderr"].as_str().unwrap().len() <= 1000);
}

#[test]
fn hoarding_host_resources_stops_at_the_resource_limit() {
    let card = contained("resource-flood", &[]);
    assert_eq!(reason(&card), "exceeded the limit of 1024 open host resources");
}

#[test]
fn sleeping_does_not_block_the_host_and_time_does_not_pass() {
    let card = contained("sleep", &[]);
    assert_eq!(criterion(&card, "hostile")["status"], "pass");
    assert_eq!(findings(&card), ["slept a day; the monotonic clock advanced 0 ns"]);
}

#[test]
fn host_files_cannot_be_read() {
    let card = contained("read-files", &[]);
    assert_eq!(criterion(&card, "hostile")["status"], "fail", "the probe found a way in: {card}");
    let seen = findings(&card);
    for path in ["/etc/passwd", "/etc/shadow", "/proc/self/environ", "../../../../../../etc/passwd", "Cargo.toml"] {
        assert!(seen.iter().any(|m| m.starts_with(&format!("cannot read {path}: "))), "{path}: {seen:?}");
    }
    assert!(seen.contains(&"preopened directories: []".to_owned()), "{seen:?}");
    let text = card.to_string();
    assert!(!text.contains("root:x:0:0") && !text.contains("READ ") && !text.contains("LISTED "), "{text}");
}

#[test]
fn environment_variables_are_not_visible() {
    let card = contained_with_env("env-vars", &[], &[("RISKCARD_TEST_SECRET", "hunter2")]);
    assert_eq!(criterion(&card, "hostile")["status"], "fail", "the probe saw the host: {card}");
    assert_eq!(
        findings(&card),
        ["environment variables: []", "raw environment: []", "arguments: []", "initial cwd: None"]
    );
    assert!(!card.to_string().contains("hunter2"));
}

#[test]
fn sockets_cannot_be_opened() {
    let card = contained("open-socket", &[]);
    assert_eq!(criterion(&card, "hostile")["status"], "fail", "the probe reached the network: {card}");
    let seen = findings(&card);
    assert!(seen.iter().any(|m| m.starts_with("std::net connect refused")), "{seen:?}");
    assert!(seen.iter().any(|m| m.starts_with("wasi:sockets TCP socket refused") && m.contains("access-denied")));
    assert!(seen.iter().any(|m| m.starts_with("wasi:sockets UDP socket refused") && m.contains("access-denied")));
    assert!(seen.iter().any(|m| m.starts_with("name lookup refused")), "{seen:?}");
}

#[test]
fn clock_and_randomness_are_fixed_so_reruns_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = rubric_with(dir.path(), "clock-random");
    let (first_code, first, output) = assess(&dir.path().join("first"), &rubric, &[], &[]);
    assert_eq!(first_code, 0, "{output}");
    let (second_code, second, output) = assess(&dir.path().join("second"), &rubric, &[], &[]);
    assert_eq!(second_code, 0, "{output}");
    assert!(!first.is_empty());
    assert_eq!(first, second, "two runs of the same vendor, as of the same date, give the same bytes");

    let card: Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(criterion(&card, "iso"), intact_iso());
    let seen = findings(&card);
    // 2026-11-30T00:00:00Z, the as-of date, is 1795996800 seconds after the epoch.
    assert!(seen.contains(&"wall clock: Ok(1795996800) s".to_owned()), "{seen:?}");
    assert!(seen.contains(&"raw wall clock: 1795996800 s 0 ns".to_owned()), "{seen:?}");
    assert!(seen.contains(&"monotonic clock: 0 ns".to_owned()), "{seen:?}");
    let bytes = |label: &str| {
        seen.iter().find_map(|m| m.strip_prefix(label)).unwrap_or_else(|| panic!("no {label}: {seen:?}")).to_owned()
    };
    let (secure, insecure) = (bytes("random bytes: "), bytes("insecure random bytes: "));
    assert_eq!(secure.len(), 32, "16 bytes in hex: {secure}");
    assert_ne!(secure, insecure, "the secure and insecure sources are separate streams");
    let seed_hex: String = b"riskcard fixed s".iter().map(|byte| format!("{byte:02x}")).collect();
    assert!(secure != seed_hex && insecure != seed_hex, "the seed itself is not handed out as random bytes");
}

#[test]
fn the_clock_follows_the_as_of_date() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = rubric_with(dir.path(), "clock-random");
    let dossier = write(dir.path(), "acme.toml", DOSSIER);
    let plugins = plugin_dir(&["hostile"]);
    let out = dir.path().join("out");
    let run = crate::support::riskcard([
        "assess".as_ref(),
        dossier.as_os_str(),
        "--rubric".as_ref(),
        rubric.as_os_str(),
        "--plugins".as_ref(),
        plugins.path().as_os_str(),
        "--as-of".as_ref(),
        "2025-01-01".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = findings(&scorecard(&out.join("acme.json")));
    assert!(seen.contains(&"wall clock: Ok(1735689600) s".to_owned()), "{seen:?}");
}

#[test]
fn a_result_for_a_check_not_asked_is_rejected() {
    let card = contained("unasked-result", &[]);
    assert_eq!(reason(&card), "rejected the plugin's results: a result for `not-asked`, which was not asked");
}

#[test]
fn duplicate_results_are_rejected() {
    let card = contained("duplicate-result", &[]);
    assert_eq!(reason(&card), "rejected the plugin's results: more than one result for `hostile`");
}

#[test]
fn a_score_above_100_is_rejected() {
    let card = contained("score-over-100", &[]);
    assert_eq!(reason(&card), "rejected the plugin's results: score 150 for `hostile` is outside 0–100");
}

#[test]
fn a_missing_result_is_rejected() {
    let card = contained("missing-result", &[]);
    assert_eq!(reason(&card), "rejected the plugin's results: no result for `hostile`");
}

#[test]
fn a_plugin_error_is_reported_clipped() {
    let card = contained("plugin-error", &[]);
    let reason = reason(&card);
    assert!(reason.starts_with("plugin reported an error: hostile plugin refuses to evaluate: zzz"), "{reason}");
    assert!(reason.len() < 600, "the plugin's 10 000-character message is clipped: {} bytes", reason.len());
}

#[test]
fn unusable_limits_are_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = rubric_with(dir.path(), "panic");
    for flags in [["--wasm-stack-kib", "4096"], ["--fuel", "0"], ["--memory-mib", "5000"], ["--deadline-ms", "1"]] {
        let (code, bytes, output) = assess(dir.path(), &rubric, &flags, &[]);
        assert_eq!(code, 2, "{flags:?}: {output}");
        assert!(bytes.is_empty(), "no scorecard is written");
        assert!(output.contains(flags[0]), "the message names {}: {output}", flags[0]);
    }
}
