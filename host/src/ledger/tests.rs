use super::*;

fn card(as_of: &str, score: f64) -> Scorecard {
    let mut card: Scorecard = serde_json::from_str(include_str!("../report/testdata/hostile-payloads.json")).unwrap();
    card.as_of = Date::parse(as_of).unwrap();
    card.score = score;
    card
}

#[test]
fn records_and_returns_each_point_oldest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(&dir.path().join("h.db")).unwrap();
    ledger.record([&card("2026-11-30", 40.0), &card("2026-05-31", 20.0)]).unwrap();
    let points = ledger.points("hostile-payloads").unwrap();
    let dates: Vec<(String, f64)> = points.iter().map(|p| (p.as_of.to_string(), p.score)).collect();
    assert_eq!(dates, vec![("2026-05-31".to_owned(), 20.0), ("2026-11-30".to_owned(), 40.0)]);
    assert_eq!(points[0].gates_failed, vec!["iso27001".to_owned()]);
    assert_eq!(
        ledger.scorecard("hostile-payloads", Date::parse("2026-11-30").unwrap()).unwrap(),
        Some(card("2026-11-30", 40.0))
    );
    assert_eq!(ledger.scorecard("hostile-payloads", Date::parse("2026-01-01").unwrap()).unwrap(), None);
}

#[test]
fn recording_the_same_card_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(&dir.path().join("h.db")).unwrap();
    ledger.record([&card("2026-11-30", 40.0)]).unwrap();
    ledger.record([&card("2026-11-30", 40.0)]).unwrap();
    assert_eq!(ledger.points("hostile-payloads").unwrap().len(), 1);
    ledger.record([&card("2026-11-30", 55.0)]).unwrap();
    let points = ledger.points("hostile-payloads").unwrap();
    assert_eq!((points.len(), points[0].score), (1, 55.0), "a re-assessment on the same day replaces the row");
}

#[test]
fn a_version_1_database_is_migrated_and_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut connection = Connection::open(&path).unwrap();
        assert_eq!(migrate::migrate_to(&mut connection, 1).unwrap(), 1);
        connection
            .execute(
                "INSERT INTO assessment VALUES ('acme', '2026-01-31', 'crm-baseline', '1.0.0', 'B', 71.5, 0.9, 'medium', '[]')",
                [],
            )
            .unwrap();
    }
    let ledger = Ledger::open(&path).unwrap();
    assert_eq!(migrate::version(&ledger.connection).unwrap(), SCHEMA_VERSION);
    let points = ledger.points("acme").unwrap();
    assert_eq!((points.len(), points[0].grade.as_str(), points[0].score), (1, "B", 71.5));
    let error = ledger.scorecard("acme", Date::parse("2026-01-31").unwrap()).unwrap_err();
    assert!(error.to_string().contains("riskcard history import"), "{error}");
}

#[test]
fn a_database_from_a_newer_riskcard_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    Connection::open(&path).unwrap().pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    let error = Ledger::open(&path).unwrap_err();
    assert!(matches!(error, LedgerError::TooNew { found, .. } if found == SCHEMA_VERSION + 1), "{error}");
}

#[test]
fn the_database_is_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(&dir.path().join("h.db")).unwrap();
    let mode: String = ledger.connection.query_row("PRAGMA journal_mode", [], |row| row.get(0)).unwrap();
    assert_eq!(mode, "wal");
}

/// Regression: two processes creating one database at once were told "database is
/// locked" about a third of the time (switching the new file to WAL is not retried by
/// SQLite's busy handler).
#[test]
fn several_connections_creating_one_database_at_once_all_open_it() {
    for round in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.db");
        let opened: Vec<Result<u32, String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| {
                        Ledger::open(&path)
                            .map_err(|error| error.to_string())
                            .and_then(|ledger| migrate::version(&ledger.connection).map_err(|error| error.to_string()))
                    })
                })
                .collect();
            handles.into_iter().map(|handle| handle.join().unwrap()).collect()
        });
        assert!(opened.iter().all(|found| found == &Ok(SCHEMA_VERSION)), "round {round}: {opened:?}");
    }
}
