//! The per-evaluation sandbox: the store state a plugin instance runs in. Deny by
//! default — WASI with no preopened directories, no environment, no arguments, no
//! network, stdin closed, stdout/stderr captured and capped, a wall clock frozen at the
//! as-of date and a fixed random seed — plus the one host service, `log`.

use std::time::Duration;

use wasmtime::{Store, StoreLimits, StoreLimitsBuilder};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{HostMonotonicClock, HostWallClock, ResourceTable, WasiCtx, WasiCtxView, WasiView};

use super::bindings::riskcard::plugin::{checks, evidence, host};
use super::limits::Limits;

/// The seed behind every random number a plugin sees, so reruns are identical.
const RANDOM_SEED: [u8; 32] = *b"riskcard fixed seed, not secret!";

/// How important a plugin's log message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    /// Detailed tracing.
    Debug,
    /// Normal progress.
    Info,
    /// Unexpected but recoverable.
    Warn,
    /// Something failed.
    Error,
}

/// One message a plugin logged.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LogLine {
    /// Its level.
    pub level: LogLevel,
    /// Its text, truncated to the log byte limit.
    pub message: String,
}

/// What a plugin logged and printed during one call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Captured {
    /// Log messages kept.
    pub log: Vec<LogLine>,
    /// Log messages dropped for exceeding the limits.
    pub log_dropped: usize,
    /// Captured stdout, capped.
    pub stdout: String,
    /// Captured stderr, capped.
    pub stderr: String,
}

/// Store state for one plugin call.
pub struct Sandbox {
    wasi: WasiCtx,
    table: ResourceTable,
    pub(super) store_limits: StoreLimits,
    log: Vec<LogLine>,
    log_bytes: usize,
    log_dropped: usize,
    max_log_messages: usize,
    max_log_bytes: usize,
    stdout: MemoryOutputPipe,
    stderr: MemoryOutputPipe,
}

/// A wall clock stopped at the as-of date.
struct FrozenWallClock(Duration);

impl HostWallClock for FrozenWallClock {
    fn resolution(&self) -> Duration {
        Duration::from_secs(1)
    }

    fn now(&self) -> Duration {
        self.0
    }
}

/// A monotonic clock that never advances.
struct FrozenMonotonicClock;

impl HostMonotonicClock for FrozenMonotonicClock {
    fn resolution(&self) -> u64 {
        1
    }

    fn now(&self) -> u64 {
        0
    }
}

impl Sandbox {
    /// A fresh sandbox whose clock reads `as_of_unix_seconds`.
    pub fn new(limits: &Limits, as_of_unix_seconds: i64) -> Self {
        let stdout = MemoryOutputPipe::new(limits.max_output_bytes);
        let stderr = MemoryOutputPipe::new(limits.max_output_bytes);
        let wasi = WasiCtx::builder()
            .stdout(stdout.clone())
            .stderr(stderr.clone())
            .wall_clock(FrozenWallClock(Duration::from_secs(u64::try_from(as_of_unix_seconds).unwrap_or(0))))
            .monotonic_clock(FrozenMonotonicClock)
            .secure_random(wasmtime_wasi::Deterministic::new(RANDOM_SEED.to_vec()))
            .insecure_random(wasmtime_wasi::Deterministic::new(RANDOM_SEED.to_vec()))
            .insecure_random_seed(u128::from_le_bytes(RANDOM_SEED[..16].try_into().unwrap_or_default()))
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .build();
        let store_limits = StoreLimitsBuilder::new()
            .memory_size(limits.memory_bytes)
            .instances(32)
            .tables(32)
            .memories(8)
            .trap_on_grow_failure(true)
            .build();
        Self {
            wasi,
            table: ResourceTable::new(),
            store_limits,
            log: Vec::new(),
            log_bytes: 0,
            log_dropped: 0,
            max_log_messages: limits.max_log_messages,
            max_log_bytes: limits.max_log_bytes,
            stdout,
            stderr,
        }
    }

    /// Everything the plugin logged and printed.
    pub fn captured(&self) -> Captured {
        Captured {
            log: self.log.clone(),
            log_dropped: self.log_dropped,
            stdout: String::from_utf8_lossy(&self.stdout.contents()).into_owned(),
            stderr: String::from_utf8_lossy(&self.stderr.contents()).into_owned(),
        }
    }
}

/// A store around a fresh sandbox with fuel and an epoch deadline set.
pub fn new_store(
    engine: &wasmtime::Engine,
    limits: &Limits,
    as_of_unix_seconds: i64,
    deadline_ticks: u64,
) -> Store<Sandbox> {
    let mut store = Store::new(engine, Sandbox::new(limits, as_of_unix_seconds));
    store.limiter(|sandbox| &mut sandbox.store_limits);
    // Fuel is enabled on the engine, so setting it cannot fail.
    store.set_fuel(limits.fuel).unwrap_or_default();
    store.set_epoch_deadline(deadline_ticks);
    store.epoch_deadline_trap();
    store
}

impl WasiView for Sandbox {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

impl host::Host for Sandbox {
    fn log(&mut self, level: host::LogLevel, message: String) {
        let room = self.max_log_bytes.saturating_sub(self.log_bytes);
        if self.log.len() >= self.max_log_messages || room == 0 {
            self.log_dropped += 1;
            return;
        }
        let mut message = message;
        if message.len() > room {
            let mut cut = room;
            while !message.is_char_boundary(cut) {
                cut -= 1;
            }
            message.truncate(cut);
        }
        self.log_bytes += message.len();
        let level = match level {
            host::LogLevel::Debug => LogLevel::Debug,
            host::LogLevel::Info => LogLevel::Info,
            host::LogLevel::Warn => LogLevel::Warn,
            host::LogLevel::Error => LogLevel::Error,
        };
        self.log.push(LogLine { level, message });
    }
}

impl checks::Host for Sandbox {}
impl evidence::Host for Sandbox {}
