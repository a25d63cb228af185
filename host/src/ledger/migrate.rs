//! Versioned schema migrations for the history database. The schema version lives in
//! SQLite's `PRAGMA user_version`; each migration runs once, in order, inside the same
//! transaction that records its version, so an interrupted upgrade leaves the old schema.

use rusqlite::{Connection, TransactionBehavior};

/// The schema, one step per version: `MIGRATIONS[n]` takes version `n` to `n + 1`.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: one row per vendor, date and rubric with the headline figures.
    "CREATE TABLE assessment (
        vendor TEXT NOT NULL,
        as_of TEXT NOT NULL,
        rubric_id TEXT NOT NULL,
        rubric_version TEXT NOT NULL,
        grade TEXT NOT NULL,
        score REAL NOT NULL,
        coverage REAL NOT NULL,
        risk_tier TEXT NOT NULL,
        gates_failed TEXT NOT NULL,
        PRIMARY KEY (vendor, as_of, rubric_id)
    );",
    // 2: the whole scorecard JSON (for diff and due) and its digest; rows from version 1
    // keep NULL until their scorecards are imported again.
    "ALTER TABLE assessment ADD COLUMN scorecard TEXT;
     ALTER TABLE assessment ADD COLUMN scorecard_sha256 TEXT;
     CREATE INDEX assessment_by_vendor ON assessment (vendor, as_of);",
];

/// The schema version this riskcard writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The database's schema version.
pub(super) fn version(connection: &Connection) -> rusqlite::Result<u32> {
    connection.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Brings the schema up to `target`, one migration per transaction. Two processes
/// opening an old database at once both take the write lock in turn; the second finds
/// the work done.
pub(super) fn migrate_to(connection: &mut Connection, target: u32) -> rusqlite::Result<u32> {
    loop {
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = version(&transaction)?;
        if current >= target {
            return Ok(current);
        }
        transaction.execute_batch(MIGRATIONS[current as usize])?;
        transaction.pragma_update(None, "user_version", current + 1)?;
        transaction.commit()?;
    }
}
