//! The resource limits every plugin evaluation runs under, with safe defaults.

use std::time::Duration;

/// Limits applied to each plugin call; each has a default chosen so that a
/// well-behaved plugin never comes near it while a hostile one is stopped quickly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Fuel (roughly, wasm instructions) one call may burn. The first-party plugins use
    /// well under a million per vendor.
    pub fuel: u64,
    /// Wall-clock time one call may take, enforced by epoch interruption.
    pub deadline: Duration,
    /// Linear memory one instance may grow to, in bytes.
    pub memory_bytes: usize,
    /// Wasm stack size, in bytes; deep recursion traps instead of crashing the host.
    pub stack_bytes: usize,
    /// Findings one check result may carry.
    pub max_findings: usize,
    /// Total bytes of text (messages, remediation, evidence paths) in one call's results.
    pub max_result_bytes: usize,
    /// Log messages kept per call; later ones are counted and dropped.
    pub max_log_messages: usize,
    /// Bytes of log text kept per call.
    pub max_log_bytes: usize,
    /// Bytes of stdout and of stderr captured per call.
    pub max_output_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            fuel: 500_000_000,
            deadline: Duration::from_secs(2),
            memory_bytes: 64 << 20,
            stack_bytes: 512 << 10,
            max_findings: 200,
            max_result_bytes: 256 << 10,
            max_log_messages: 100,
            max_log_bytes: 16 << 10,
            max_output_bytes: 16 << 10,
        }
    }
}
