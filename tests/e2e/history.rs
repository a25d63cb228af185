//! Following vendors over time: the history database (`assess --history`, `history`,
//! `history import`), `diff`, `due` and waivers, on the example portfolio assessed on
//! several dates with changing evidence.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::support::{cache_dir, criterion, repo, riskcard, scorecard, write};

const D1: &str = "2026-11-30";
const D2: &str = "2026-12-10";
const D3: &str = "2027-01-15";

/// A copy of the example portfolio in `dir/vendors`.
fn portfolio(dir: &Path) -> PathBuf {
    let vendors = dir.join("vendors");
    std::fs::create_dir_all(&vendors).unwrap();
    for entry in std::fs::read_dir(repo().join("examples/vendors")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, vendors.join(path.file_name().unwrap())).unwrap();
    }
    vendors
}

/// Replaces `from` (which must be there) with `to` in `file`.
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

fn assess(vendors: &Path, as_of: &str, out: &Path, extra: &[&str]) -> crate::support::Run {
    let mut args: Vec<String> = vec!["assess".into(), vendors.display().to_string()];
    args.extend(["--rubric", "rubrics/crm-baseline.toml", "--as-of", as_of, "--out"].map(String::from));
    args.push(out.display().to_string());
    args.extend(extra.iter().map(|a| a.to_string()));
    riskcard(&args)
}

fn json(run: &crate::support::Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|error| panic!("not JSON ({error}): {run:?}"))
}

/// The example portfolio assessed on three dates, recorded in `history.db`: Harbor Sales
/// raises its minimum TLS version to 1.2 before the second, and stops enforcing MFA
/// before the third (by which its ISO certificate has also expired).
struct Timeline {
    dir: tempfile::TempDir,
    outs: [PathBuf; 3],
}

impl Timeline {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let vendors = portfolio(dir.path());
        let db = dir.path().join("history.db");
        let outs = [1, 2, 3].map(|n| dir.path().join(format!("out{n}")));
        let harbor = vendors.join("harbor-sales.toml");
        let history = ["--history", db.to_str().unwrap()];
        assert_eq!(assess(&vendors, D1, &outs[0], &history).code, 1);
        edit(&harbor, "tls_min_version = \"1.0\"", "tls_min_version = \"1.2\"");
        edit(
            &harbor,
            "source = \"Security questionnaire answers, 2026-11-05\"\nobserved = 2026-11-05\n\n[backup]",
            "source = \"TLS scan, 2026-12-08\"\nobserved = 2026-12-08\n\n[backup]",
        );
        assert_eq!(assess(&vendors, D2, &outs[1], &history).code, 1);
        edit(&harbor, "mfa = \"enforceable\"", "mfa = \"optional\"");
        assert_eq!(assess(&vendors, D3, &outs[2], &history).code, 1);
        Self { dir, outs }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("history.db")
    }

    fn card(&self, index: usize, vendor: &str) -> Value {
        scorecard(&self.outs[index].join(format!("{vendor}.json")))
    }
}

/// The points `riskcard history VENDOR --format json` returns.
fn history_json(db: &Path, vendor: &str) -> Value {
    let run = riskcard(["history", vendor, "--db", db.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    json(&run)
}

#[test]
fn history_diff_and_rebuild_follow_the_portfolio_over_three_dates() {
    let timeline = Timeline::new();
    let db = timeline.db();

    // history returns each point, with the scorecards' own figures.
    let points = history_json(&db, "harbor-sales");
    let points = points.as_array().unwrap();
    assert_eq!(points.len(), 3);
    for (index, point) in points.iter().enumerate() {
        let card = timeline.card(index, "harbor-sales");
        assert_eq!(point["as_of"], card["as_of"]);
        for field in ["grade", "score", "coverage", "risk_tier"] {
            assert_eq!(point[field], card[field], "{field} of point {index}");
        }
        let gates: Vec<&Value> = card["gates_failed"].as_array().unwrap().iter().map(|g| &g["criterion"]).collect();
        assert_eq!(point["gates_failed"].as_array().unwrap().iter().collect::<Vec<_>>(), gates);
    }
    assert_eq!(points[2]["gates_failed"], serde_json::json!(["authentication"]));
    let table = riskcard(["history", "harbor-sales", "--db", db.to_str().unwrap()]);
    assert_eq!(table.stdout.lines().count(), 4, "a header and three rows: {}", table.stdout);
    assert!(table.stdout.lines().last().unwrap().starts_with(D3));

    // diff names exactly the evidence and the criteria that moved, with their points.
    let old = timeline.outs[0].join("harbor-sales.json");
    let new = timeline.outs[1].join("harbor-sales.json");
    let run = riskcard(["diff".as_ref(), old.as_os_str(), new.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    assert_eq!(run.code, 0, "no gate broke: {run:?}");
    let diff = json(&run);
    let criteria: Vec<&str> = diff["criteria"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(criteria, ["encryption-in-transit"]);
    let (before, after) = (timeline.card(0, "harbor-sales"), timeline.card(1, "harbor-sales"));
    let moved = diff["criteria"][0]["points"].as_f64().unwrap();
    let score_change = after["score"].as_f64().unwrap() - before["score"].as_f64().unwrap();
    assert!(moved > 0.0 && (moved - score_change).abs() < 0.11, "{moved} points vs the score's {score_change}");
    assert_eq!(diff["criteria"][0]["status"]["old"], criterion(&before, "encryption-in-transit")["status"]);
    assert_eq!(diff["criteria"][0]["status"]["new"], criterion(&after, "encryption-in-transit")["status"]);
    let evidence: Vec<&str> =
        diff["evidence"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert!(evidence.iter().all(|path| path.starts_with("encryption")), "only encryption evidence moved: {evidence:?}");
    let tls = diff["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["value"]["new"].get("tls_min_version").is_some() || e["path"] == "encryption.tls_min_version")
        .expect("the TLS evidence is named");
    let value = |side: &str| {
        let value = &tls["value"][side];
        value.get("tls_min_version").unwrap_or(value).clone()
    };
    assert_eq!((value("old"), value("new")), (Value::from("1.0"), Value::from("1.2")));
    assert_eq!(tls["source"]["new"], "TLS scan, 2026-12-08");
    let text = riskcard(["diff".as_ref(), old.as_os_str(), new.as_os_str()]).stdout;
    assert!(text.contains("encryption-in-transit") && text.contains("TLS scan, 2026-12-08"), "{text}");

    // The same two assessments from the database say the same; the third breaks a gate.
    let from_db = riskcard(["diff", "--db", db.to_str().unwrap(), "harbor-sales", D1, D2, "--format", "json"]);
    assert_eq!(json(&from_db), diff);
    let broke = riskcard(["diff", "--db", db.to_str().unwrap(), "harbor-sales", D2, D3, "--format", "json"]);
    assert_eq!(broke.code, 1, "a required gate broke: {broke:?}");
    let broke = json(&broke);
    assert_eq!(broke["gates_broken"], serde_json::json!(["authentication"]));
    let criteria: Vec<&str> = broke["criteria"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert!(criteria.contains(&"authentication") && criteria.contains(&"iso27001"), "{criteria:?}");
    let html = riskcard(["diff", "--db", db.to_str().unwrap(), "harbor-sales", D2, D3, "--format", "html"]).stdout;
    assert!(html.contains("Required gate broken") && !html.contains("<script"), "{html}");

    // Rebuilding from the scorecard directories gives the same answers, twice over.
    let rebuilt = timeline.dir.path().join("rebuilt.db");
    let mut import: Vec<String> = vec!["history".into(), "import".into()];
    import.extend(timeline.outs.iter().map(|out| out.display().to_string()));
    import.extend(["--db".to_owned(), rebuilt.display().to_string()]);
    for _ in 0..2 {
        let run = riskcard(&import);
        assert_eq!(run.code, 0, "{run:?}");
        assert!(run.stdout.contains("recorded 15 scorecard(s)"), "{}", run.stdout);
    }
    for vendor in ["bluepeak-crm", "harbor-sales", "lumen-leads", "northwind-crm", "quillstack-crm"] {
        assert_eq!(history_json(&rebuilt, vendor), history_json(&db, vendor), "{vendor}");
    }
    let rebuilt_diff =
        riskcard(["diff", "--db", rebuilt.to_str().unwrap(), "harbor-sales", D1, D2, "--format", "json"]);
    assert_eq!(json(&rebuilt_diff), diff);
}

#[test]
fn the_scorecard_shows_its_trend_and_the_comparison_each_movement() {
    let timeline = Timeline::new();
    let html = std::fs::read_to_string(timeline.outs[2].join("harbor-sales.html")).unwrap();
    assert!(html.contains("<h2 id=\"trend-title\">Recent trend</h2>"));
    let trend = &html[html.find("<section id=\"trend\"").unwrap()..];
    let trend = &trend[..trend.find("</section>").unwrap()];
    assert_eq!(trend.matches("<circle cx=").count(), 3, "one point per assessment");
    assert!(html.contains(D1) && html.contains(D2));
    let first = std::fs::read_to_string(timeline.outs[0].join("harbor-sales.html")).unwrap();
    assert!(!first.contains("Recent trend"), "one assessment has no trend yet");
    let compare = std::fs::read_to_string(timeline.outs[2].join("compare.html")).unwrap();
    let (old, new) = (timeline.card(1, "harbor-sales"), timeline.card(2, "harbor-sales"));
    let change = new["score"].as_f64().unwrap() - old["score"].as_f64().unwrap();
    let movement =
        format!("since {D2}: {} → {}, {change:+.1}", old["grade"].as_str().unwrap(), new["grade"].as_str().unwrap());
    assert!(compare.contains(&movement), "{movement} in compare.html");

    // The JSON does not depend on the history: the same run without it is byte-identical.
    let plain = timeline.dir.path().join("plain");
    assess(&timeline.dir.path().join("vendors"), D3, &plain, &[]);
    assert_eq!(
        std::fs::read(plain.join("harbor-sales.json")).unwrap(),
        std::fs::read(timeline.outs[2].join("harbor-sales.json")).unwrap()
    );
}

/// `count` copies of `card` as distinct vendors `{prefix}-0000`…, in a new directory.
fn copies(dir: &Path, name: &str, card: &Value, prefix: &str, count: usize) -> PathBuf {
    let out = dir.join(name);
    std::fs::create_dir_all(&out).unwrap();
    for index in 0..count {
        let mut copy = card.clone();
        let id = format!("{prefix}-{index:04}");
        copy["vendor"]["id"] = Value::from(id.clone());
        std::fs::write(out.join(format!("{id}.json")), serde_json::to_vec(&copy).unwrap()).unwrap();
    }
    out
}

fn import(dirs: &[&Path], db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_riskcard"));
    command.args(["history", "import"]).args(dirs).arg("--db").arg(db).env("RISKCARD_CACHE_DIR", cache_dir());
    command.stdout(Stdio::null()).stderr(Stdio::piped());
    command
}

/// Row count and integrity of the database.
fn check(db: &Path) -> (i64, String) {
    let connection = rusqlite::Connection::open(db).unwrap();
    let count = connection.query_row("SELECT count(*) FROM assessment", [], |row| row.get(0)).unwrap();
    let integrity = connection.query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap();
    (count, integrity)
}

#[test]
fn two_processes_record_at_once_and_a_killed_writer_leaves_the_database_whole() {
    let dir = tempfile::tempdir().unwrap();
    let card = scorecard(&repo().join("host/src/report/testdata/hostile-payloads.json"));
    let (left, right) =
        (copies(dir.path(), "left", &card, "left", 300), copies(dir.path(), "right", &card, "right", 300));
    let db = dir.path().join("shared.db");
    let first = import(&[&left], &db).spawn().unwrap();
    let second = import(&[&right], &db).spawn().unwrap();
    let (first, second) = (first.wait_with_output().unwrap(), second.wait_with_output().unwrap());
    assert!(
        first.status.success() && second.status.success(),
        "both writers finish: {}{}",
        String::from_utf8_lossy(&first.stderr),
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(check(&db), (600, "ok".to_owned()));

    // A large import killed mid-way: the database holds all of it or none of it.
    let big = copies(dir.path(), "big", &card, "big", 3000);
    let db = dir.path().join("killed.db");
    assert!(import(&[&left], &db).status().unwrap().success());
    let mut writer = import(&[&big], &db).spawn().unwrap();
    // Kill it once its transaction has begun spilling pages into the write-ahead log.
    let wal = dir.path().join("killed.db-wal");
    let started = std::time::Instant::now();
    while writer.try_wait().unwrap().is_none()
        && std::fs::metadata(&wal).map_or(0, |m| m.len()) < 1 << 20
        && started.elapsed() < std::time::Duration::from_secs(30)
    {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    writer.kill().unwrap();
    writer.wait().unwrap();
    let (count, integrity) = check(&db);
    assert_eq!(integrity, "ok");
    assert!(count == 300 || count == 3300, "all or nothing of the killed import, not {count}");
    assert!(import(&[&big], &db).status().unwrap().success(), "the database is still usable");
    assert_eq!(check(&db), (3300, "ok".to_owned()));
}

#[test]
fn a_version_1_database_is_migrated_and_keeps_its_assessments() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v1.db");
    {
        let connection = rusqlite::Connection::open(&db).unwrap();
        connection
            .execute_batch(
                "CREATE TABLE assessment (vendor TEXT NOT NULL, as_of TEXT NOT NULL, rubric_id TEXT NOT NULL,
                    rubric_version TEXT NOT NULL, grade TEXT NOT NULL, score REAL NOT NULL, coverage REAL NOT NULL,
                    risk_tier TEXT NOT NULL, gates_failed TEXT NOT NULL, PRIMARY KEY (vendor, as_of, rubric_id));
                 INSERT INTO assessment VALUES ('harbor-sales', '2026-08-31', 'crm-baseline', '1.0.0', 'D', 48.5, 0.9,
                    'high', '[]');
                 PRAGMA user_version = 1;",
            )
            .unwrap();
    }
    let vendors = portfolio(dir.path());
    assert_eq!(assess(&vendors, D1, &dir.path().join("out"), &["--history", db.to_str().unwrap()]).code, 1);
    let points = history_json(&db, "harbor-sales");
    assert_eq!(points[0]["as_of"], "2026-08-31");
    assert_eq!((points[0]["grade"].as_str(), points[0]["score"].as_f64()), (Some("D"), Some(48.5)));
    assert_eq!(points[1]["as_of"], D1);
    let version: u32 =
        rusqlite::Connection::open(&db).unwrap().query_row("PRAGMA user_version", [], |row| row.get(0)).unwrap();
    assert_eq!(version, riskcard::ledger::SCHEMA_VERSION);
    let run = riskcard(["diff", "--db", db.to_str().unwrap(), "harbor-sales", "2026-08-31", D1]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("history import"), "the fix is named: {}", run.stderr);
}

#[test]
fn history_reports_unknown_vendors_and_missing_databases() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    let run = riskcard(["history", "acme", "--db", missing.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("none.db") && run.stderr.contains("history import"), "{}", run.stderr);
    assert!(!missing.exists(), "showing history never creates a database");
    let bad = write(dir.path(), "broken.json", "{\"schema_version\": 1");
    let run = riskcard(["history", "import", dir.path().to_str().unwrap(), "--db", missing.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(bad.to_str().unwrap()), "{}", run.stderr);
    assert!(!missing.exists(), "nothing is recorded when a scorecard is bad");
}

/// The CRM baseline with a reassessment cadence per risk tier, and ISO 27001 made a
/// required gate (as a buyer that demands it would) that warns a week before expiry.
fn rubric_with_cadence(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(repo().join("rubrics/crm-baseline.toml")).unwrap();
    let gated = text.replacen(
        "check = \"certifications/iso27001\"\nweight = 5\nparams = { expiry_warning_days = 90 }\n",
        "check = \"certifications/iso27001\"\nweight = 5\nparams = { expiry_warning_days = 7 }\ngate = \"required\"\n",
        1,
    );
    assert_ne!(gated, text);
    write(dir, "cadence.toml", &format!("{gated}\n[reassess]\nhigh = \"30d\"\nmoderate = \"90d\"\nlow = \"365d\"\n"))
}

#[test]
fn due_lists_expirations_reassessments_and_the_forecast_grade_change() {
    let dir = tempfile::tempdir().unwrap();
    let vendors = portfolio(dir.path());
    let rubric = rubric_with_cadence(dir.path());
    let db = dir.path().join("history.db");
    let assess_on = |as_of: &str, out: &str, extra: &[&str]| {
        let mut args: Vec<String> = vec!["assess".into(), vendors.display().to_string(), "--rubric".into()];
        args.extend([rubric.display().to_string(), "--as-of".into(), as_of.into(), "--out".into()]);
        args.push(dir.path().join(out).display().to_string());
        args.extend(extra.iter().map(|a| a.to_string()));
        riskcard(&args)
    };
    assert!(assess_on("2026-10-15", "earlier", &["--history", db.to_str().unwrap()]).code <= 1);
    let waivers = write(
        dir.path(),
        "waivers.toml",
        "[[waiver]]\nvendor = \"harbor-sales\"\ncriterion = \"backup-policy\"\nreason = \"daily backups ship in Q1\"\nexpires = 2026-12-31\n",
    );
    let run = riskcard([
        "due",
        vendors.to_str().unwrap(),
        "--rubric",
        rubric.to_str().unwrap(),
        "--as-of",
        D1,
        "--within",
        "60d",
        "--history",
        db.to_str().unwrap(),
        "--waivers",
        waivers.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "QuillStack's ISO certificate is long expired: {run:?}");
    let report = json(&run);
    let items = report["items"].as_array().unwrap();
    let find = |vendor: &str, kind: &str| {
        items.iter().filter(|i| i["vendor"] == vendor && i["kind"] == kind).collect::<Vec<_>>()
    };
    let harbor_iso = find("harbor-sales", "certification");
    assert_eq!(harbor_iso.len(), 1);
    assert_eq!((harbor_iso[0]["date"].as_str(), harbor_iso[0]["days"].as_i64()), (Some("2026-12-19"), Some(19)));
    assert_eq!(harbor_iso[0]["overdue"], false);
    let quill = find("quillstack-crm", "certification");
    assert!(quill.iter().any(|i| i["date"] == "2025-08-31" && i["overdue"] == true), "{quill:?}");
    assert_eq!(report["overdue"].as_u64().unwrap(), items.iter().filter(|i| i["overdue"] == true).count() as u64);
    let waiver = find("harbor-sales", "waiver");
    assert_eq!((waiver.len(), waiver[0]["date"].as_str()), (1, Some("2026-12-31")));
    assert!(items.iter().all(|i| i["days"].as_i64().unwrap() <= 60), "nothing beyond the window");

    // Reassessments follow each vendor's tier at its last assessment.
    for vendor in ["bluepeak-crm", "harbor-sales", "northwind-crm"] {
        let last = scorecard(&dir.path().join("earlier").join(format!("{vendor}.json")));
        let cadence = match last["risk_tier"].as_str().unwrap() {
            "high" => 30,
            "moderate" => 90,
            _ => 365,
        };
        let due = find(vendor, "reassessment");
        let expected = riskcard::dossier::Date::parse("2026-10-15").unwrap().plus_days(cadence);
        let within = riskcard::dossier::Date::parse(D1).unwrap().days_until(expected) <= 60;
        assert_eq!(due.len(), usize::from(within), "{vendor}: {due:?}");
        if within {
            assert_eq!(due[0]["date"], expected.to_string());
        }
    }

    // The forecast re-scores Harbor the day after its certificate expires, as `assess` would.
    let forecast = report["forecasts"].as_array().unwrap();
    let harbor =
        forecast.iter().find(|f| f["vendor"] == "harbor-sales" && f["date"] == "2026-12-20").expect("a forecast");
    assert!(harbor["because"][0].as_str().unwrap().contains("certifications[0]"), "{harbor}");
    assert!(
        harbor["criteria"].as_array().unwrap().iter().any(|c| c.as_str().unwrap().starts_with("iso27001 ")),
        "{harbor}"
    );
    assert_eq!(harbor["gates_broken"], serde_json::json!(["iso27001"]));
    assert_eq!(assess_on(D1, "now", &["--waivers", waivers.to_str().unwrap()]).code, 1);
    assert_eq!(assess_on("2026-12-20", "then", &["--waivers", waivers.to_str().unwrap()]).code, 1);
    let now = scorecard(&dir.path().join("now/harbor-sales.json"));
    let then = scorecard(&dir.path().join("then/harbor-sales.json"));
    assert_eq!((&harbor["grade"]["old"], &harbor["grade"]["new"]), (&now["grade"], &then["grade"]));
    assert_ne!(now["grade"], then["grade"], "the expiry changes Harbor's grade");
    let text = riskcard(["due", vendors.to_str().unwrap(), "--rubric", rubric.to_str().unwrap(), "--as-of", D1]).stdout;
    let line = "2026-12-20: ISO/IEC 27001 (certifications[0]) expires → ";
    assert!(
        text.contains(line)
            && text.contains(&format!(
                "grade {} → {}",
                now["grade"].as_str().unwrap(),
                then["grade"].as_str().unwrap()
            )),
        "{text}"
    );
    let html = riskcard([
        "due",
        vendors.to_str().unwrap(),
        "--rubric",
        rubric.to_str().unwrap(),
        "--as-of",
        D1,
        "--format",
        "html",
    ]);
    assert!(html.stdout.contains("overdue by") && !html.stdout.contains("<script"));
}

const WAIVERS: &str = r#"# approved exceptions
[[waiver]]
vendor = "harbor-sales"
criterion = "backup-policy"
reason = "Daily <b>backups</b> ship in Q1"
approved_by = "CISO"
approved = 2026-11-01
expires = 2027-03-31

[[waiver]]
vendor = "GATE_VENDOR"
criterion = "GATE_CRITERION"
reason = "Migration scheduled"
expires = 2026-12-31
GATE_LINE"#;

#[test]
fn waivers_show_everywhere_need_reasons_and_never_lift_a_gate_by_accident() {
    let dir = tempfile::tempdir().unwrap();
    let vendors = portfolio(dir.path());
    let plain = dir.path().join("plain");
    assert_eq!(assess(&vendors, D1, &plain, &[]).code, 1);
    let harbor_plain = scorecard(&plain.join("harbor-sales.json"));
    assert_ne!(criterion(&harbor_plain, "backup-policy")["status"], "pass", "the waiver has something to waive");
    // QuillStack fails two required gates; the second waiver lifts one of them.
    let (gate_vendor, gate) = ("quillstack-crm", "encryption-at-rest");
    let gates_plain: Vec<Value> = scorecard(&plain.join("quillstack-crm.json"))["gates_failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["criterion"].clone())
        .collect();
    assert!(gates_plain.contains(&Value::from(gate)) && gates_plain.len() > 1, "{gates_plain:?}");
    let text = WAIVERS.replace("GATE_VENDOR", gate_vendor).replace("GATE_CRITERION", gate);

    // Without `gate = true` the gate is not waived: exit 2, naming the line and the fix.
    let accidental = write(dir.path(), "accidental.toml", &text.replace("GATE_LINE", ""));
    let out = dir.path().join("refused");
    let run = assess(&vendors, D1, &out, &["--waivers", accidental.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains(&format!("{}:12:", accidental.display())), "{}", run.stderr);
    assert!(run.stderr.contains("required gate") && run.stderr.contains("gate = true"), "{}", run.stderr);
    assert!(!out.exists(), "nothing is written");

    // A reason and an expiry are required; every problem is reported at once.
    let incomplete =
        write(dir.path(), "incomplete.toml", "[[waiver]]\nvendor = \"harbor-sales\"\ncriterion = \"backup-policy\"\n");
    let run = assess(&vendors, D1, &out, &["--waivers", incomplete.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("waiver has no reason") && run.stderr.contains("waiver has no expiry"),
        "{}",
        run.stderr
    );

    // With `gate = true`, both waivers apply and show in JSON, HTML, Markdown and the summary.
    let explicit = write(dir.path(), "waivers.toml", &text.replace("GATE_LINE", "gate = true\n"));
    let out = dir.path().join("waived");
    let run = assess(&vendors, D1, &out, &["--waivers", explicit.to_str().unwrap(), "--format", "json,html,md"]);
    assert!(run.stdout.contains("(waived: backup-policy until 2027-03-31)"), "{}", run.stdout);
    let harbor = scorecard(&out.join("harbor-sales.json"));
    let waived = criterion(&harbor, "backup-policy");
    assert_eq!(
        waived["status"],
        criterion(&harbor_plain, "backup-policy")["status"],
        "the status stays what the plugin found"
    );
    assert_eq!(waived["waiver"]["reason"], "Daily <b>backups</b> ship in Q1");
    assert_eq!(
        (waived["waiver"]["expires"].as_str(), waived["waiver"]["counts"].as_str()),
        (Some("2027-03-31"), Some("exclude"))
    );
    assert_eq!(harbor["provenance"]["waivers"]["used"].as_array().unwrap().len(), 1);
    assert!(harbor["score"].as_f64() > harbor_plain["score"].as_f64(), "excluding a failure raises the score");
    let gated = scorecard(&out.join(format!("{gate_vendor}.json")));
    let gates_now: Vec<Value> =
        gated["gates_failed"].as_array().unwrap().iter().map(|g| g["criterion"].clone()).collect();
    let expected: Vec<Value> = gates_plain.into_iter().filter(|g| g != gate).collect();
    assert_eq!(gates_now, expected, "the explicit waiver lifts that gate and no other");
    assert_eq!(criterion(&gated, gate)["waiver"]["gate"], true);
    let quill_plain = scorecard(&plain.join("quillstack-crm.json"));
    assert_eq!(criterion(&gated, gate)["status"], criterion(&quill_plain, gate)["status"], "still shown as it failed");
    let html = std::fs::read_to_string(out.join("harbor-sales.html")).unwrap();
    assert!(html.contains("<span class=\"tag\">waived</span>"));
    assert!(
        html.contains(
            "waived until 2027-03-31, approved by CISO on 2026-11-01: Daily &#60;b&#62;backups&#60;/b&#62; ship in Q1"
        ),
        "escaped"
    );
    assert!(html.contains("<dt>Waiver</dt><dd><code>backup-policy</code>"));
    let markdown = std::fs::read_to_string(out.join("harbor-sales.md")).unwrap();
    assert!(markdown.contains("(waived)") && markdown.contains("- Waiver: waived until 2027-03-31"), "{markdown}");
    assert!(markdown.contains("  - backup-policy: waived until 2027-03-31"));

    // Past its expiry a waiver stops applying by itself.
    let later = dir.path().join("later");
    assess(&vendors, "2027-04-01", &later, &["--waivers", explicit.to_str().unwrap()]);
    let harbor_later = scorecard(&later.join("harbor-sales.json"));
    assert!(criterion(&harbor_later, "backup-policy").get("waiver").is_none());
    assert_eq!(harbor_later["provenance"]["waivers"]["used"], serde_json::json!([]));
}
