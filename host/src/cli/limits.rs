//! The plugin limit flags shared by every command that loads plugins, turned into
//! the runtime's [`Limits`].

use std::time::Duration;

use clap::Args;
use clap::builder::RangedU64ValueParser;
use riskcard::runtime::Limits;

/// The limits every plugin call runs under (see docs/security.md for the defaults).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Plugin limits (per plugin call)")]
pub struct LimitArgs {
    /// Fuel (about one per wasm instruction) a plugin may burn.
    #[arg(long, value_name = "N", default_value_t = Limits::default().fuel, value_parser = clap::value_parser!(u64).range(1..))]
    fuel: u64,
    /// Wall-clock milliseconds a plugin may run.
    #[arg(long, value_name = "MS", default_value_t = default_deadline_ms(), value_parser = clap::value_parser!(u64).range(10..=600_000))]
    deadline_ms: u64,
    /// Linear memory a plugin may grow to, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = Limits::default().memory_bytes >> 20, value_parser = RangedU64ValueParser::<usize>::new().range(1..=4096))]
    memory_mib: usize,
    /// Wasm stack a plugin may use, in KiB (at most 1024: it shares the host's stack).
    #[arg(long, value_name = "KIB", default_value_t = Limits::default().stack_bytes >> 10, value_parser = RangedU64ValueParser::<usize>::new().range(16..=1024))]
    wasm_stack_kib: usize,
    /// Findings one check result may carry.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_findings)]
    max_findings: usize,
    /// Bytes one call's results may take (every string counted, empty ones too).
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_result_bytes, value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    max_result_bytes: usize,
    /// Log messages a plugin may write.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_log_messages, value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    max_log_messages: usize,
    /// Bytes of log text a plugin may write.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_log_bytes, value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    max_log_bytes: usize,
    /// Bytes a plugin may write to stdout, and to stderr.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_output_bytes)]
    max_output_bytes: usize,
}

fn default_deadline_ms() -> u64 {
    u64::try_from(Limits::default().deadline.as_millis()).unwrap_or(u64::MAX)
}

impl LimitArgs {
    /// The limits these flags give.
    pub fn limits(&self) -> Limits {
        Limits {
            fuel: self.fuel,
            deadline: Duration::from_millis(self.deadline_ms),
            memory_bytes: self.memory_mib << 20,
            stack_bytes: self.wasm_stack_kib << 10,
            max_findings: self.max_findings,
            max_result_bytes: self.max_result_bytes,
            max_log_messages: self.max_log_messages,
            max_log_bytes: self.max_log_bytes,
            max_output_bytes: self.max_output_bytes,
        }
    }
}
