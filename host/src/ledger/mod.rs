//! The assessment history: every scorecard recorded in one SQLite file, indexed by
//! vendor, date and rubric. The scorecard JSON files stay the source of truth — the
//! database is an index that `riskcard history import` can rebuild from them at any
//! time. WAL mode and a busy timeout let several processes record at once; every write
//! is one transaction, so a process killed mid-write leaves the database as it was.

mod migrate;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

pub use migrate::SCHEMA_VERSION;

use crate::assess::Scorecard;
use crate::dossier::Date;
use crate::fsio::sha256_hex;

/// How long a writer waits for another process's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Reading or writing the history database failed.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// SQLite refused.
    #[error("history database {path}: {reason}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// Why (in the message, not as a source, so the cause is printed once).
        reason: rusqlite::Error,
    },
    /// The file was written by a newer riskcard.
    #[error(
        "history database {path} has schema version {found}; this riskcard knows up to {SCHEMA_VERSION} — upgrade riskcard, or rebuild the database with `riskcard history import`"
    )]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: u32,
    },
    /// A stored scorecard does not parse.
    #[error(
        "history database {path}: the scorecard of {vendor} on {as_of} is unreadable ({reason}); rebuild with `riskcard history import`"
    )]
    Unreadable {
        /// The database file.
        path: PathBuf,
        /// The vendor.
        vendor: String,
        /// The assessment date.
        as_of: String,
        /// Why.
        reason: String,
    },
}

/// One assessment of one vendor, as `riskcard history` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// The vendor.
    pub vendor: String,
    /// The assessment date.
    pub as_of: Date,
    /// The rubric's id.
    pub rubric_id: String,
    /// The rubric's version.
    pub rubric_version: String,
    /// Grade.
    pub grade: String,
    /// Overall score, 0–100.
    pub score: f64,
    /// Evidence coverage, 0–1.
    pub coverage: f64,
    /// Risk tier.
    pub risk_tier: String,
    /// The required gates that failed.
    pub gates_failed: Vec<String>,
}

impl From<&Scorecard> for Point {
    fn from(card: &Scorecard) -> Self {
        Self {
            vendor: card.vendor.id.clone(),
            as_of: card.as_of,
            rubric_id: card.rubric.id.clone(),
            rubric_version: card.rubric.version.clone(),
            grade: card.grade.clone(),
            score: card.score,
            coverage: card.coverage,
            risk_tier: card.risk_tier.clone(),
            gates_failed: card.gates_failed.iter().map(|gate| gate.criterion.clone()).collect(),
        }
    }
}

/// Switches `connection` to WAL mode and migrates its schema, returning the version
/// found. Two processes creating one database at once can be told "busy" here without
/// SQLite's busy handler being asked (switching a new file to WAL takes an exclusive
/// lock), so a busy answer is retried until [`BUSY_TIMEOUT`] has passed.
fn prepare(connection: &mut Connection) -> rusqlite::Result<u32> {
    let started = Instant::now();
    loop {
        let attempt = connection
            .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
            .and_then(|()| migrate::version(connection))
            .and_then(|found| {
                if found > SCHEMA_VERSION {
                    Ok(found)
                } else {
                    migrate::migrate_to(connection, SCHEMA_VERSION).map(|_| found)
                }
            });
        match attempt {
            Err(rusqlite::Error::SqliteFailure(failure, _))
                if failure.code == rusqlite::ErrorCode::DatabaseBusy && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            done => return done,
        }
    }
}

/// An open history database.
#[derive(Debug)]
pub struct Ledger {
    connection: Connection,
    path: PathBuf,
}

impl Ledger {
    /// Opens (creating if need be) the database at `path`, in WAL mode with a busy
    /// timeout, and migrates its schema to the current version.
    pub fn open(path: &Path) -> Result<Self, LedgerError> {
        let fail = |reason| LedgerError::Sqlite { path: path.to_owned(), reason };
        let mut connection = Connection::open(path).map_err(fail)?;
        connection.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        let found = prepare(&mut connection).map_err(fail)?;
        if found > SCHEMA_VERSION {
            return Err(LedgerError::TooNew { path: path.to_owned(), found });
        }
        Ok(Self { connection, path: path.to_owned() })
    }

    fn fail(&self) -> impl Fn(rusqlite::Error) -> LedgerError + '_ {
        |reason| LedgerError::Sqlite { path: self.path.clone(), reason }
    }

    /// Records `cards` in one transaction; a card already recorded for the same
    /// vendor, date and rubric is replaced, so recording the same card twice changes
    /// nothing. Returns how many were recorded.
    pub fn record<'a>(&mut self, cards: impl IntoIterator<Item = &'a Scorecard>) -> Result<usize, LedgerError> {
        let fail = |reason| LedgerError::Sqlite { path: self.path.clone(), reason };
        let transaction = self.connection.transaction_with_behavior(TransactionBehavior::Immediate).map_err(fail)?;
        let mut recorded = 0;
        {
            let mut insert = transaction
                .prepare_cached(
                    "INSERT INTO assessment (vendor, as_of, rubric_id, rubric_version, grade, score, coverage,
                         risk_tier, gates_failed, scorecard, scorecard_sha256)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                     ON CONFLICT (vendor, as_of, rubric_id) DO UPDATE SET
                         rubric_version = excluded.rubric_version, grade = excluded.grade,
                         score = excluded.score, coverage = excluded.coverage,
                         risk_tier = excluded.risk_tier, gates_failed = excluded.gates_failed,
                         scorecard = excluded.scorecard, scorecard_sha256 = excluded.scorecard_sha256",
                )
                .map_err(fail)?;
            for card in cards {
                let point = Point::from(card);
                let json = serde_json::to_string(card).unwrap_or_default();
                let gates = serde_json::to_string(&point.gates_failed).unwrap_or_default();
                insert
                    .execute(params![
                        point.vendor,
                        point.as_of.to_string(),
                        point.rubric_id,
                        point.rubric_version,
                        point.grade,
                        point.score,
                        point.coverage,
                        point.risk_tier,
                        gates,
                        json,
                        sha256_hex(json.as_bytes()),
                    ])
                    .map_err(fail)?;
                recorded += 1;
            }
        }
        transaction.commit().map_err(fail)?;
        Ok(recorded)
    }

    /// Every assessment of `vendor`, oldest first (then by rubric id).
    pub fn points(&self, vendor: &str) -> Result<Vec<Point>, LedgerError> {
        let mut query = self
            .connection
            .prepare(
                "SELECT vendor, as_of, rubric_id, rubric_version, grade, score, coverage, risk_tier, gates_failed
                 FROM assessment WHERE vendor = ?1 ORDER BY as_of, rubric_id",
            )
            .map_err(self.fail())?;
        let rows = query
            .query_map([vendor], |row| {
                let as_of: String = row.get(1)?;
                let gates: String = row.get(8)?;
                Ok(Point {
                    vendor: row.get(0)?,
                    as_of: Date::parse(&as_of).map_err(|reason| {
                        rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, reason.into())
                    })?,
                    rubric_id: row.get(2)?,
                    rubric_version: row.get(3)?,
                    grade: row.get(4)?,
                    score: row.get(5)?,
                    coverage: row.get(6)?,
                    risk_tier: row.get(7)?,
                    gates_failed: serde_json::from_str(&gates).map_err(|error| {
                        rusqlite::Error::FromSqlConversionFailure(8, rusqlite::types::Type::Text, error.into())
                    })?,
                })
            })
            .map_err(self.fail())?;
        rows.collect::<Result<_, _>>().map_err(self.fail())
    }

    /// The scorecard of `vendor` assessed on `as_of` (the first rubric by id when several
    /// rubrics assessed it that day); `None` when there is none.
    pub fn scorecard(&self, vendor: &str, as_of: Date) -> Result<Option<Scorecard>, LedgerError> {
        let json: Option<Option<String>> = self
            .connection
            .query_row(
                "SELECT scorecard FROM assessment WHERE vendor = ?1 AND as_of = ?2 ORDER BY rubric_id LIMIT 1",
                params![vendor, as_of.to_string()],
                |row| row.get(0),
            )
            .optional()
            .map_err(self.fail())?;
        let unreadable = |reason: String| LedgerError::Unreadable {
            path: self.path.clone(),
            vendor: vendor.to_owned(),
            as_of: as_of.to_string(),
            reason,
        };
        match json {
            None => Ok(None),
            Some(None) => Err(unreadable("recorded before the database kept whole scorecards".to_owned())),
            Some(Some(json)) => serde_json::from_str(&json).map(Some).map_err(|error| unreadable(error.to_string())),
        }
    }

    /// Every vendor recorded, sorted.
    pub fn vendors(&self) -> Result<Vec<String>, LedgerError> {
        let mut query =
            self.connection.prepare("SELECT DISTINCT vendor FROM assessment ORDER BY vendor").map_err(self.fail())?;
        let rows = query.query_map([], |row| row.get(0)).map_err(self.fail())?;
        rows.collect::<Result<_, _>>().map_err(self.fail())
    }
}

#[cfg(test)]
mod tests;
