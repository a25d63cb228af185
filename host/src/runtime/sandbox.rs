//! The per-evaluation sandbox: the store state a plugin instance runs in. Deny by
//! default — WASI with no preopened directories, no environment, no arguments, no
//! network, stdin closed, stdout/stderr captured and capped, a wall clock frozen at the
//! as-of date, timers that never block, a fixed random seed and a bounded resource
//! table — plus the one host service, `log`, capped per call.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use wasmtime::Store;
use wasmtime::component::{HasData, Linker, Resource};
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::bindings::clocks::monotonic_clock;
use wasmtime_wasi::p2::{DynPollable, OutputStream, Pollable, StreamError, StreamResult};
use wasmtime_wasi::{HostMonotonicClock, HostWallClock, ResourceTable, WasiCtx, WasiCtxView, WasiView};

use chacha20::ChaCha20Rng;
use chacha20::rand_core::SeedableRng as _;

use super::bindings::riskcard::plugin::{checks, evidence, host};
use super::bindings::v0_1::riskcard::plugin as v0_1;
use super::limiter::PluginLimiter;
use super::limits::{LimitExceeded, Limits};

/// The seed behind every random number a plugin sees, so reruns are identical.
const RANDOM_SEED: [u8; 32] = *b"riskcard fixed seed, not secret!";

/// Which of the seeded streams a WASI random source reads.
#[derive(Debug, Clone, Copy)]
enum RandomStream {
    /// `wasi:random/random`.
    Secure = 1,
    /// `wasi:random/insecure`.
    Insecure = 2,
}

/// A generator of one fixed stream: ChaCha20 under [`RANDOM_SEED`], so a plugin sees
/// numbers that never repeat in a pattern, and the same numbers on every run.
fn seeded_random(stream: RandomStream) -> ChaCha20Rng {
    let mut random = ChaCha20Rng::from_seed(RANDOM_SEED);
    random.set_stream(stream as u64);
    random
}

/// Host resources (streams, pollables) one call may hold at once. Each lives in host
/// memory, outside the plugin's memory limit; real plugins hold a handful.
pub const MAX_HOST_RESOURCES: usize = 1024;

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
    /// Its text.
    pub message: String,
}

/// What a plugin logged and printed during one call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Captured {
    /// Log messages kept.
    pub log: Vec<LogLine>,
    /// Log messages refused for exceeding the limits (the first ends the call).
    pub log_dropped: usize,
    /// Captured stdout, up to the limit.
    pub stdout: String,
    /// Captured stderr, up to the limit.
    pub stderr: String,
}

/// Store state for one plugin call.
pub struct Sandbox {
    wasi: WasiCtx,
    table: ResourceTable,
    limiter: PluginLimiter,
    log: Vec<LogLine>,
    log_bytes: usize,
    log_dropped: usize,
    max_log_messages: usize,
    max_log_bytes: usize,
    stdout: CappedOutput,
    stderr: CappedOutput,
}

/// Captured stdout or stderr: a plugin writing past `limit` bytes traps with
/// [`LimitExceeded::Output`], so a flood ends the call instead of being cut silently.
#[derive(Clone)]
struct CappedOutput {
    stream: &'static str,
    limit: usize,
    buffer: Arc<Mutex<Vec<u8>>>,
}

impl CappedOutput {
    fn new(stream: &'static str, limit: usize) -> Self {
        Self { stream, limit, buffer: Arc::default() }
    }

    fn contents(&self) -> String {
        let buffer = self.buffer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        String::from_utf8_lossy(&buffer).into_owned()
    }
}

impl OutputStream for CappedOutput {
    fn write(&mut self, bytes: bytes::Bytes) -> StreamResult<()> {
        let mut buffer = self.buffer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if buffer.len() + bytes.len() > self.limit {
            let exceeded = LimitExceeded::Output { stream: self.stream, limit: self.limit };
            return Err(StreamError::Trap(exceeded.into()));
        }
        buffer.extend_from_slice(&bytes);
        Ok(())
    }

    fn flush(&mut self) -> StreamResult<()> {
        Ok(())
    }

    fn check_write(&mut self) -> StreamResult<usize> {
        // Always room to try: the write itself enforces the limit, with a clear reason.
        Ok(4096)
    }
}

#[wasmtime_wasi::async_trait]
impl Pollable for CappedOutput {
    async fn ready(&mut self) {}
}

impl IsTerminal for CappedOutput {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for CappedOutput {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }

    fn async_stream(&self) -> Box<dyn tokio::io::AsyncWrite + Send + Sync> {
        // Only WASIp3 uses this and riskcard links WASIp2 alone; a sink keeps it inert.
        Box::new(tokio::io::sink())
    }
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

/// `wasi:clocks/monotonic-clock` with the clock frozen and timers that are due at
/// once: the stock timers sleep in the host, where neither fuel nor the epoch deadline
/// can stop them, so a plugin could hold the run for as long as it asked.
pub struct InstantTimers;

impl HasData for InstantTimers {
    type Data<'a> = Timers<'a>;
}

/// The resource table the timers' pollables live in.
pub struct Timers<'a>(&'a mut ResourceTable);

/// A timer that is already due.
struct Due;

#[wasmtime_wasi::async_trait]
impl Pollable for Due {
    async fn ready(&mut self) {}
}

impl Timers<'_> {
    fn due(&mut self) -> wasmtime::Result<Resource<DynPollable>> {
        let due = self.0.push(Due)?;
        wasmtime_wasi::p2::subscribe(self.0, due)
    }
}

impl monotonic_clock::Host for Timers<'_> {
    fn now(&mut self) -> wasmtime::Result<monotonic_clock::Instant> {
        Ok(0)
    }

    fn resolution(&mut self) -> wasmtime::Result<monotonic_clock::Duration> {
        Ok(1)
    }

    fn subscribe_instant(&mut self, _when: monotonic_clock::Instant) -> wasmtime::Result<Resource<DynPollable>> {
        self.due()
    }

    fn subscribe_duration(&mut self, _duration: monotonic_clock::Duration) -> wasmtime::Result<Resource<DynPollable>> {
        self.due()
    }
}

/// Replaces the stock `wasi:clocks/monotonic-clock` in `linker` with [`InstantTimers`].
pub fn add_instant_timers(linker: &mut Linker<Sandbox>) -> wasmtime::Result<()> {
    linker.allow_shadowing(true);
    let added = monotonic_clock::add_to_linker::<Sandbox, InstantTimers>(linker, |sandbox| Timers(&mut sandbox.table));
    linker.allow_shadowing(false);
    added
}

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
        let stdout = CappedOutput::new("stdout", limits.max_output_bytes);
        let stderr = CappedOutput::new("stderr", limits.max_output_bytes);
        let wasi = WasiCtx::builder()
            .stdout(stdout.clone())
            .stderr(stderr.clone())
            .wall_clock(FrozenWallClock(Duration::from_secs(u64::try_from(as_of_unix_seconds).unwrap_or(0))))
            .monotonic_clock(FrozenMonotonicClock)
            .secure_random(seeded_random(RandomStream::Secure))
            .insecure_random(seeded_random(RandomStream::Insecure))
            .insecure_random_seed(u128::from_le_bytes(RANDOM_SEED[..16].try_into().unwrap_or_default()))
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .build();
        let mut table = ResourceTable::new();
        table.set_max_capacity(MAX_HOST_RESOURCES);
        Self {
            wasi,
            table,
            limiter: PluginLimiter::new(limits.memory_bytes),
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
            stdout: self.stdout.contents(),
            stderr: self.stderr.contents(),
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
    store.limiter(|sandbox| &mut sandbox.limiter);
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
    fn log(&mut self, level: host::LogLevel, message: String) -> wasmtime::Result<()> {
        let exceeded = if self.log.len() >= self.max_log_messages {
            Some(LimitExceeded::LogMessages(self.max_log_messages))
        } else if self.log_bytes + message.len() > self.max_log_bytes {
            Some(LimitExceeded::LogBytes(self.max_log_bytes))
        } else {
            None
        };
        if let Some(exceeded) = exceeded {
            self.log_dropped += 1;
            return Err(exceeded.into());
        }
        self.log_bytes += message.len();
        let level = match level {
            host::LogLevel::Debug => LogLevel::Debug,
            host::LogLevel::Info => LogLevel::Info,
            host::LogLevel::Warn => LogLevel::Warn,
            host::LogLevel::Error => LogLevel::Error,
        };
        self.log.push(LogLine { level, message });
        Ok(())
    }
}

impl checks::Host for Sandbox {}
impl evidence::Host for Sandbox {}

impl v0_1::host::Host for Sandbox {
    fn log(&mut self, level: v0_1::host::LogLevel, message: String) -> wasmtime::Result<()> {
        let level = match level {
            v0_1::host::LogLevel::Debug => host::LogLevel::Debug,
            v0_1::host::LogLevel::Info => host::LogLevel::Info,
            v0_1::host::LogLevel::Warn => host::LogLevel::Warn,
            v0_1::host::LogLevel::Error => host::LogLevel::Error,
        };
        host::Host::log(self, level, message)
    }
}

impl v0_1::checks::Host for Sandbox {}
impl v0_1::evidence::Host for Sandbox {}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit_hit(error: &wasmtime::Error) -> Option<&LimitExceeded> {
        error.downcast_ref::<LimitExceeded>()
    }

    #[test]
    fn random_streams_are_fixed_distinct_and_free_of_short_cycles() {
        use chacha20::rand_core::Rng as _;
        let bytes = |stream| {
            let mut out = [0u8; 256];
            seeded_random(stream).fill_bytes(&mut out);
            out
        };
        let secure = bytes(RandomStream::Secure);
        assert_eq!(secure, bytes(RandomStream::Secure), "the same on every run");
        assert_ne!(secure, bytes(RandomStream::Insecure), "the two sources differ");
        assert!(!secure.windows(RANDOM_SEED.len()).any(|window| window == RANDOM_SEED), "the seed is not handed out");
        for period in 1..=128 {
            assert_ne!(secure[..128], secure[period..period + 128], "repeats every {period} bytes");
        }
    }

    #[test]
    fn output_past_the_limit_traps_naming_the_stream_and_keeps_what_fit() {
        let mut stdout = CappedOutput::new("stdout", 4);
        assert!(stdout.write(bytes::Bytes::from_static(b"abcd")).is_ok());
        let Err(StreamError::Trap(error)) = stdout.write(bytes::Bytes::from_static(b"e")) else {
            panic!("writing past the limit must trap");
        };
        assert_eq!(limit_hit(&error), Some(&LimitExceeded::Output { stream: "stdout", limit: 4 }));
        assert_eq!(stdout.contents(), "abcd");
    }

    #[test]
    fn logging_past_either_limit_traps_and_counts_the_refused_message() {
        let limits = Limits { max_log_messages: 2, max_log_bytes: 5, ..Limits::default() };
        let mut sandbox = Sandbox::new(&limits, 0);
        assert!(host::Host::log(&mut sandbox, host::LogLevel::Info, "abc".to_owned()).is_ok());
        let error = host::Host::log(&mut sandbox, host::LogLevel::Info, "def".to_owned()).unwrap_err();
        assert_eq!(limit_hit(&error), Some(&LimitExceeded::LogBytes(5)));
        assert!(host::Host::log(&mut sandbox, host::LogLevel::Warn, "d".to_owned()).is_ok());
        let error = host::Host::log(&mut sandbox, host::LogLevel::Info, String::new()).unwrap_err();
        assert_eq!(limit_hit(&error), Some(&LimitExceeded::LogMessages(2)));
        let captured = sandbox.captured();
        assert_eq!(captured.log.len(), 2);
        assert_eq!(captured.log_dropped, 2);
    }
}
