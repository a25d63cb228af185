//! Bad input, round two (issue #19 and the plugin directory of #11): special files,
//! sizes, out-of-range timestamps, signed date parts, huge weights and names, `--jobs`,
//! trust files that are garbage, collected evidence that lies, and terminal escapes.
//! Each case exits 2 naming the file, the place and the fix, and never hangs or panics.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::bad_input::{GOOD_DOSSIER, baseline, refused};
use crate::support::{assess_baseline, riskcard, riskcard_in, write};

/// A rubric with one criterion; `weights` gives each criterion's weight and `tier` the
/// name of its only risk tier.
fn rubric_text(weights: &[&str], tier: &str) -> String {
    let mut text = String::from("id = \"r\"\nversion = \"1.0.0\"\ntitle = \"R\"\n");
    for (index, weight) in weights.iter().enumerate() {
        text.push_str(&format!(
            "\n[[criteria]]\nid = \"c{index}\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = {weight}\n"
        ));
    }
    text.push_str(&format!(
        "\n[[grades]]\ngrade = \"A\"\nmin_score = 0\n\n[[risk_tiers]]\ntier = \"{tier}\"\nmin_score = 0\n"
    ));
    text
}

/// `rubric check` on `rubric`: expects exit 2 and returns stderr.
fn check_refused(rubric: &Path) -> String {
    let run = riskcard(["rubric".as_ref(), "check".as_ref(), rubric.as_os_str()]);
    assert_eq!(run.code, 2, "{run:?}");
    run.stderr
}

/// `rubric check` of the baseline against the plugins in `plugins`, within the bound of
/// [`quickly`]: expects exit 2 and returns stderr.
fn check_plugins_refused(plugins: &Path) -> String {
    let run = quickly([
        "rubric".as_ref(),
        "check".as_ref(),
        baseline().as_os_str(),
        "--plugins".as_ref(),
        plugins.as_os_str(),
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    run.stderr
}

/// Makes a FIFO at `path`.
fn fifo(path: &Path) -> PathBuf {
    rustix::fs::mkfifoat(rustix::fs::CWD, path, rustix::fs::Mode::from_raw_mode(0o600)).unwrap();
    path.to_owned()
}

/// Runs riskcard with `args` and checks it returned (it would hang for ever on a FIFO
/// before) within a generous bound.
fn quickly<const N: usize>(args: [&std::ffi::OsStr; N]) -> crate::support::Run {
    let started = Instant::now();
    let run = riskcard(args);
    assert!(started.elapsed() < Duration::from_secs(60), "took {:?}: {run:?}", started.elapsed());
    run
}

#[test]
fn a_fifo_as_dossier_rubric_or_lockfile_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = fifo(&dir.path().join("acme.toml"));
    let good = write(dir.path(), "good.toml", GOOD_DOSSIER);
    let rubric = fifo(&dir.path().join("r.toml"));
    let lock = fifo(&dir.path().join("riskcard.lock"));
    let stderr = refused(dir.path(), &dossier, &baseline(), None);
    assert!(stderr.contains("acme.toml: cannot read dossier: it is a FIFO, not a regular file"), "{stderr}");
    assert!(stderr.contains("help: give the path of a regular file"), "{stderr}");
    let stderr = refused(dir.path(), &good, &rubric, None);
    assert!(stderr.contains("r.toml: cannot read rubric: it is a FIFO"), "{stderr}");
    let run =
        quickly(["rubric".as_ref(), "check".as_ref(), baseline().as_os_str(), "--lock".as_ref(), lock.as_os_str()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("riskcard.lock: cannot read lockfile: it is a FIFO"), "{}", run.stderr);
}

#[test]
fn a_plugin_directory_with_a_fifo_plugin_or_signature_or_a_device_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = dir.path().join("plugins");
    std::fs::create_dir(&plugins).unwrap();
    fifo(&plugins.join("a.wasm"));
    std::os::unix::fs::symlink("/dev/zero", plugins.join("b.wasm")).unwrap();
    let (_, bytes) = riskcard::embedded::PLUGINS[0];
    std::fs::write(plugins.join("c.wasm"), bytes).unwrap();
    fifo(&plugins.join("c.wasm.sig"));
    let stderr = check_plugins_refused(&plugins);
    assert!(stderr.contains("a.wasm: cannot read plugin: it is a FIFO"), "{stderr}");
    assert!(stderr.contains("b.wasm: cannot read plugin: it is a device"), "{stderr}");
    assert!(
        stderr.contains("c.wasm: plugin refused, with or without --require-signed: its signature file "),
        "{stderr}"
    );
    assert!(stderr.contains("c.wasm.sig is invalid: cannot read signature: it is a FIFO"), "{stderr}");

    let lock = dir.path().join("riskcard.lock");
    let run = quickly([
        "plugin".as_ref(),
        "lock".as_ref(),
        "--plugins".as_ref(),
        plugins.as_os_str(),
        "--out".as_ref(),
        lock.as_os_str(),
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stderr.matches("a.wasm").count(), 1, "the file is named once: {}", run.stderr);
    assert!(run.stderr.contains("a.wasm: cannot read plugin: it is a FIFO"), "{}", run.stderr);
    assert!(!run.stderr.contains("\\u{a}"), "a problem is not folded into another's message: {}", run.stderr);
    assert!(!lock.exists(), "no lockfile is written");
}

#[test]
fn a_signature_that_is_binary_or_a_directory_is_invalid_not_unsigned() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = dir.path().join("plugins");
    std::fs::create_dir(&plugins).unwrap();
    let (_, bytes) = riskcard::embedded::PLUGINS[0];
    std::fs::write(plugins.join("binary.wasm"), bytes).unwrap();
    std::fs::write(plugins.join("binary.wasm.sig"), b"\xff\xfe\0\x01garbage").unwrap();
    std::fs::write(plugins.join("folder.wasm"), bytes).unwrap();
    std::fs::create_dir(plugins.join("folder.wasm.sig")).unwrap();
    let stderr = check_plugins_refused(&plugins);
    assert!(stderr.contains("binary.wasm.sig is invalid: the signature file is not UTF-8"), "{stderr}");
    assert!(stderr.contains("folder.wasm.sig is invalid: cannot read signature: it is a directory"), "{stderr}");
    assert!(stderr.contains("sign it again: `riskcard plugin sign "), "the fix is named: {stderr}");
}

#[test]
fn a_symlink_to_dev_zero_or_a_huge_sparse_dossier_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let zero = dir.path().join("zero.json");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let stderr = refused(dir.path(), &zero, &baseline(), None);
    assert!(stderr.contains("zero.json: cannot read dossier: it is a device, not a regular file"), "{stderr}");
    let sparse = dir.path().join("sparse.toml");
    std::fs::File::create(&sparse).unwrap().set_len(2 << 30).unwrap();
    let started = Instant::now();
    let stderr = refused(dir.path(), &sparse, &baseline(), None);
    assert!(started.elapsed() < Duration::from_secs(60));
    assert!(stderr.contains("sparse.toml: dossier is 2147483648 bytes, over the limit of 16777216 bytes"), "{stderr}");
}

#[test]
fn a_lockfile_path_that_is_a_directory_is_an_error_not_ignored() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("riskcard.lock")).unwrap();
    let run = riskcard_in(dir.path(), &[], ["rubric".as_ref(), "check".as_ref(), baseline().as_os_str()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("riskcard.lock: cannot read lockfile: it is a directory"), "{}", run.stderr);
}

#[test]
fn timestamps_outside_years_0000_to_9999_in_utc_are_refused_in_toml_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let incident = |at: &str| {
        format!(
            "{GOOD_DOSSIER}\n[incidents]\nsource = \"https://a.example/\"\n\n[[incidents.entries]]\nid = \"I-1\"\ntitle = \"t\"\nkind = \"security-incident\"\nseverity = \"low\"\ndetected_at = 2026-01-01T00:00:00Z\ndisclosed_at = {at}\n"
        )
    };
    let late = write(dir.path(), "late.toml", &incident("9999-12-31T23:59:59-23:59"));
    let stderr = refused(dir.path(), &late, &baseline(), None);
    assert!(stderr.contains("late.toml:14:"), "{stderr}");
    assert!(stderr.contains("falls outside the years 0000 to 9999 in UTC"), "{stderr}");
    let json = serde_json::json!({
        "vendor": {"id": "early", "name": "Early"},
        "incidents": {"source": "https://a.example/", "entries": [{
            "id": "I-1", "title": "t", "kind": "security-incident", "severity": "low",
            "detected_at": "2026-01-01T00:00:00Z", "resolved_at": "0000-01-01T00:00:00+23:59"
        }]}
    });
    let early = write(dir.path(), "early.json", &json.to_string());
    let stderr = refused(dir.path(), &early, &baseline(), None);
    assert!(stderr.contains("early.json:1:"), "{stderr}");
    assert!(stderr.contains("`0000-01-01T00:00:00+23:59` falls outside the years 0000 to 9999"), "{stderr}");
}

#[test]
fn signed_date_parts_are_refused_in_as_of_and_dossier_months() {
    for as_of in ["+026-11-30", "2026-+1-30", "2026-11-+3"] {
        let run = riskcard(["assess", "examples/vendors", "--rubric", "rubrics/crm-baseline.toml", "--as-of", as_of]);
        assert_eq!(run.code, 2, "{as_of}: {run:?}");
        assert!(run.stderr.contains("is not a date; write it as YYYY-MM-DD"), "{}", run.stderr);
    }
    let dir = tempfile::tempdir().unwrap();
    let dossier = write(
        dir.path(),
        "acme.toml",
        &format!("{GOOD_DOSSIER}\n[availability]\nmonthly = [{{ month = \"+026-10\", percent = 99.9 }}]\n"),
    );
    let stderr = refused(dir.path(), &dossier, &baseline(), None);
    assert!(stderr.contains("`+026-10` is not a month; write it as YYYY-MM"), "{stderr}");
}

#[test]
fn a_risk_tier_name_over_the_limit_is_refused_by_rubric_check() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = write(dir.path(), "r.toml", &rubric_text(&["1"], &"x".repeat(70_000)));
    let stderr = check_refused(&rubric);
    assert!(stderr.contains("r.toml:16:"), "{stderr}");
    assert!(stderr.contains("longer than 64 characters"), "{stderr}");
    assert!(stderr.contains("(at `risk_tiers[0].tier`)"), "{stderr}");
}

#[test]
fn huge_weights_are_refused_by_rubric_check_so_no_score_is_nan() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = write(dir.path(), "r.toml", &rubric_text(&["1.7e308", "1.7e308"], "low"));
    let stderr = check_refused(&rubric);
    assert!(stderr.contains("r.toml:9:"), "{stderr}");
    assert!(stderr.contains("weight 170000000000000000000"), "{stderr}");
    assert!(stderr.contains("is over the limit of 1000000"), "{stderr}");
    assert!(stderr.contains("(at `criteria[1].weight`)"), "{stderr}");
}

#[test]
fn thousands_of_duplicate_months_are_all_reported_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let months: Vec<String> = (0..4_000).map(|_| "{ month = \"2026-10\", percent = 99.9 }".to_owned()).collect();
    let dossier = write(
        dir.path(),
        "acme.toml",
        &format!("{GOOD_DOSSIER}\n[availability]\nmonthly = [\n{}\n]\n", months.join(",\n")),
    );
    let started = Instant::now();
    let stderr = refused(dir.path(), &dossier, &baseline(), None);
    assert!(started.elapsed() < Duration::from_secs(30), "took {:?}", started.elapsed());
    assert_eq!(stderr.matches("is listed twice").count(), 3_999, "every duplicate is reported");
    assert!(stderr.contains("acme.toml:4006:"), "the last one is placed on its line");
}

#[test]
fn jobs_over_the_limit_is_a_usage_error() {
    let run = riskcard(["assess", "examples/vendors", "--rubric", "rubrics/crm-baseline.toml", "--jobs", "100000"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("100000 is over the limit of 256"), "{}", run.stderr);
}

#[test]
fn a_collected_directory_that_does_not_exist_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = write(dir.path(), "acme.toml", GOOD_DOSSIER);
    let missing = dir.path().join("nonexistent");
    let out = dir.path().join("out");
    let run = assess_baseline(&dossier, &out, &["--collected", missing.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("nonexistent: the --collected directory does not exist"), "{}", run.stderr);
    assert!(!out.exists());
}

#[test]
fn a_newline_or_escape_in_a_dossier_value_cannot_forge_a_help_line_or_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = write(
        dir.path(),
        "acme.toml",
        "[vendor]\nid = \"acme\\n  help: all is well\\u001b]0;pwned\\u0007\"\nname = \"Acme\"\n",
    );
    let stderr = refused(dir.path(), &dossier, &baseline(), None);
    assert!(!stderr.contains('\u{1b}') && !stderr.contains('\u{7}'), "{stderr:?}");
    assert!(!stderr.lines().any(|line| line.trim_start().starts_with("help: all is well")), "{stderr}");
    assert!(stderr.contains("acme\\u{a}  help: all is well\\u{1b}]0;pwned\\u{7}"), "{stderr}");
}

/// The files the import, waivers and collection options read go through the same
/// reader: a FIFO given as any of them is refused at once, naming it.
#[test]
fn a_fifo_as_waivers_questionnaire_mapping_or_ca_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = write(dir.path(), "acme.toml", GOOD_DOSSIER);
    let out = dir.path().join("out");
    let waivers = fifo(&dir.path().join("waivers.toml"));
    let run = quickly([
        "assess".as_ref(),
        dossier.as_os_str(),
        "--rubric".as_ref(),
        baseline().as_os_str(),
        "--as-of".as_ref(),
        "2026-11-30".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        "--waivers".as_ref(),
        waivers.as_os_str(),
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("waivers.toml: cannot read waivers: it is a FIFO"), "{}", run.stderr);
    assert!(!out.exists(), "nothing is written");

    let workbook = fifo(&dir.path().join("answers.csv"));
    let run =
        quickly(["import".as_ref(), "caiq".as_ref(), workbook.as_os_str(), "--vendor-id".as_ref(), "acme".as_ref()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("answers.csv: cannot read questionnaire: it is a FIFO"), "{}", run.stderr);

    let mapping = fifo(&dir.path().join("mapping.toml"));
    let answers = write(dir.path(), "answers2.csv", "Question ID,Answer\nQ-1,Yes\n");
    let run = quickly([
        "import".as_ref(),
        "questionnaire".as_ref(),
        answers.as_os_str(),
        "--mapping".as_ref(),
        mapping.as_os_str(),
        "--vendor-id".as_ref(),
        "acme".as_ref(),
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("mapping.toml: cannot read mapping: it is a FIFO"), "{}", run.stderr);

    let ca = fifo(&dir.path().join("ca.pem"));
    let run = quickly(["collect".as_ref(), dossier.as_os_str(), "--ca-cert".as_ref(), ca.as_os_str()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("cannot read CA certificate: it is a FIFO"), "{}", run.stderr);
}

/// Two vendors to assess, in a directory of their own.
fn two_vendors(dir: &Path) -> PathBuf {
    let vendors = dir.join("vendors");
    std::fs::create_dir(&vendors).unwrap();
    write(&vendors, "acme.toml", GOOD_DOSSIER);
    write(&vendors, "beta.toml", "[vendor]\nid = \"beta\"\nname = \"Beta\"\n");
    vendors
}

#[test]
fn a_directory_planted_at_one_scorecard_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let vendors = two_vendors(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("beta.json")).unwrap();
    let run = assess_baseline(&vendors, &out, &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("beta.json: a directory is in the way of this scorecard"), "{}", run.stderr);
    assert!(run.stderr.contains("help: move or remove it"), "{}", run.stderr);
    assert_eq!(crate::support::files_in(&out), ["beta.json"], "no other scorecard was written first");
}

#[test]
fn a_symlinked_out_that_leads_nowhere_or_to_a_file_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let vendors = two_vendors(dir.path());
    let dangling = dir.path().join("dangling");
    std::os::unix::fs::symlink(dir.path().join("gone"), &dangling).unwrap();
    let run = assess_baseline(&vendors, &dangling, &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("dangling: the output directory is a symlink to"), "{}", run.stderr);
    assert!(run.stderr.contains("gone`, which does not exist"), "{}", run.stderr);
    assert!(run.stderr.contains("help: create the directory it points to"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("does not exist").count(), 1, "the cause is given once: {}", run.stderr);
    assert!(!dir.path().join("gone").exists(), "nothing is created behind the symlink");

    let file = write(dir.path(), "notes.txt", "analyst notes\n");
    let to_file = dir.path().join("to-file");
    std::os::unix::fs::symlink(&file, &to_file).unwrap();
    let run = assess_baseline(&vendors, &to_file, &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("to-file: the output directory is a symlink to"), "{}", run.stderr);
    assert!(run.stderr.contains("which is not a directory"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "analyst notes\n");

    let run = assess_baseline(&vendors, &file, &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("notes.txt: the output directory is a file, not a directory"), "{}", run.stderr);

    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let run = assess_baseline(&vendors, &link, &[]);
    assert_eq!(run.code, 1, "a symlink to a directory is a fine --out (the bare vendors fail gates): {run:?}");
    assert!(real.join("acme.json").is_file() && real.join("beta.json").is_file());
}

/// A process id above Linux's largest (2^22), so never a running process.
const DEAD_PID: u32 = 4_194_305;

#[test]
fn temporaries_a_killed_run_left_are_cleaned_up_by_the_next_run_and_a_live_runs_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let vendors = two_vendors(dir.path());
    let out = dir.path().join("cards");
    std::fs::create_dir(&out).unwrap();
    let stale = write(&out, &format!(".riskcard-tmp-{DEAD_PID}-a1b2c3"), "half a scorecard");
    let live = write(&out, &format!(".riskcard-tmp-{}-d4e5f6", std::process::id()), "being written");
    let notes = write(&out, "analyst-notes.txt", "keep me\n");
    let run = assess_baseline(&vendors, &out, &[]);
    assert_eq!(run.code, 1, "written, the bare vendors failing gates: {run:?}");
    assert!(!stale.exists(), "a dead run's temporary is removed");
    assert!(live.exists(), "a live run's temporary is left alone");
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "keep me\n");
    std::fs::remove_file(&live).unwrap();

    let old_site = dir.path().join(format!(".riskcard-site-{DEAD_PID}-xyz"));
    std::fs::create_dir(&old_site).unwrap();
    write(&old_site, "index.html", "half a site");
    let site = dir.path().join("site");
    let run = riskcard(["publish".as_ref(), out.as_os_str(), "--out".as_ref(), site.as_os_str()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!old_site.exists(), "a killed publish's staging directory is removed");
    assert!(site.join("index.html").is_file());
}

#[test]
fn publishing_into_the_scorecard_directory_it_reads_is_refused_and_deletes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let vendors = dir.path().join("vendors");
    std::fs::create_dir(&vendors).unwrap();
    write(&vendors, "acme.toml", GOOD_DOSSIER);
    write(&vendors, "index.toml", "[vendor]\nid = \"index\"\nname = \"Index Ltd\"\n");
    let cards = dir.path().join("cards");
    let run = assess_baseline(&vendors, &cards, &["--format", "json,html,md"]);
    assert_eq!(run.code, 1, "written, the bare vendors failing gates: {run:?}");
    write(&cards, "analyst-notes.txt", "keep me\n");
    let before = crate::support::files_in(&cards);
    assert!(before.contains(&"index.html".to_owned()) && before.contains(&"acme.md".to_owned()), "{before:?}");

    let run = riskcard(["publish".as_ref(), cards.as_os_str(), "--out".as_ref(), cards.as_os_str()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("the site destination is the scorecard directory"), "{}", run.stderr);
    assert!(run.stderr.contains("help: publish to a directory of its own"), "{}", run.stderr);
    assert_eq!(crate::support::files_in(&cards), before, "every file is still there");

    let parent = dir.path().to_path_buf();
    let run = riskcard(["publish".as_ref(), cards.as_os_str(), "--out".as_ref(), parent.as_os_str()]);
    assert_eq!(run.code, 2, "a directory holding the scorecards is not replaced either: {run:?}");
    assert!(run.stderr.contains("holds files riskcard did not publish"), "{}", run.stderr);
    assert_eq!(crate::support::files_in(&cards), before);
}
