//! The resource limits every plugin evaluation runs under, with safe defaults, and
//! the typed trap a host service raises when a plugin exceeds one of them.

use std::time::Duration;

/// Limits applied to each plugin call; each has a default chosen so that a
/// well-behaved plugin never comes near it while a hostile one is stopped quickly.
/// docs/security.md gives the reasoning behind every default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Fuel (roughly, wasm instructions) one call may burn. The first-party plugins use
    /// well under a million per vendor; 500 million is a fraction of a second of work.
    pub fuel: u64,
    /// Wall-clock time one call may take, enforced by epoch interruption; catches what
    /// fuel cannot (slow host calls, a huge fuel budget).
    pub deadline: Duration,
    /// Linear memory one call may hold, in bytes, summed over all of the plugin's
    /// memories. It also bounds what the host copies out of a plugin (its results and
    /// log messages).
    pub memory_bytes: usize,
    /// Wasm stack size, in bytes; deep recursion traps instead of crashing the host.
    /// Wasm runs on the host thread's stack, so this stays well below it.
    pub stack_bytes: usize,
    /// Findings one check result may carry.
    pub max_findings: usize,
    /// Bytes one call's results may take: every string in them (criterion ids, messages,
    /// remediation, evidence paths), each counted with a small overhead, so that empty
    /// strings count too.
    pub max_result_bytes: usize,
    /// Log messages one call may write; one more ends the call.
    pub max_log_messages: usize,
    /// Bytes of log text one call may write; more ends the call.
    pub max_log_bytes: usize,
    /// Bytes one call may write to stdout, and to stderr; more ends the call.
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

/// The largest wasm stack riskcard allows: wasm shares the native stack of the host
/// thread (at least 2 MiB for any thread riskcard starts), so a larger one could
/// overflow the host instead of trapping the plugin.
pub const MAX_STACK_BYTES: usize = 1 << 20;

/// The largest linear memory a 32-bit wasm instance can address.
pub const MAX_MEMORY_BYTES: usize = 4 << 30;

/// Why [`Limits`] are unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitsError {
    /// A limit is zero, which would fail every evaluation.
    #[error("the {0} limit must be above 0")]
    Zero(&'static str),
    /// The wasm stack is larger than the host can safely give.
    #[error("a wasm stack of {0} bytes is more than the {MAX_STACK_BYTES} bytes riskcard allows")]
    StackTooLarge(usize),
    /// More memory than a 32-bit instance can address.
    #[error("a memory limit of {0} bytes is more than the {MAX_MEMORY_BYTES} bytes a plugin can address")]
    MemoryTooLarge(usize),
}

impl Limits {
    /// Checks every limit is usable: none zero, the stack and memory within what the
    /// host and wasm can honour.
    pub fn check(&self) -> Result<(), LimitsError> {
        let zero = [
            ("fuel", self.fuel == 0),
            ("deadline", self.deadline.is_zero()),
            ("memory", self.memory_bytes == 0),
            ("wasm stack", self.stack_bytes == 0),
            ("log messages", self.max_log_messages == 0),
            ("log bytes", self.max_log_bytes == 0),
            ("result bytes", self.max_result_bytes == 0),
        ];
        if let Some((name, _)) = zero.into_iter().find(|(_, is_zero)| *is_zero) {
            return Err(LimitsError::Zero(name));
        }
        if self.stack_bytes > MAX_STACK_BYTES {
            return Err(LimitsError::StackTooLarge(self.stack_bytes));
        }
        if self.memory_bytes > MAX_MEMORY_BYTES {
            return Err(LimitsError::MemoryTooLarge(self.memory_bytes));
        }
        Ok(())
    }
}

/// A limit a plugin exceeded, in a host service or while growing memory or tables.
/// It is raised as a trap, so the call ends at once, and its text is the reason shown
/// in the scorecard.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitExceeded {
    /// Linear memory, summed over all of the plugin's memories, past the limit.
    #[error("exceeded memory limit of {0} bytes")]
    Memory(usize),
    /// Table elements, summed over all of the plugin's tables, past the bound.
    #[error("exceeded table limit of {0} elements")]
    TableElements(usize),
    /// Too many log messages.
    #[error("exceeded log limit of {0} messages")]
    LogMessages(usize),
    /// Too many bytes of log text.
    #[error("exceeded log limit of {0} bytes")]
    LogBytes(usize),
    /// Too many bytes written to stdout or stderr.
    #[error("exceeded {stream} limit of {limit} bytes")]
    Output {
        /// `stdout` or `stderr`.
        stream: &'static str,
        /// The limit in bytes.
        limit: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_usable() {
        assert_eq!(Limits::default().check(), Ok(()));
    }

    #[test]
    fn refuses_zero_and_oversized_limits() {
        let zero_fuel = Limits { fuel: 0, ..Limits::default() };
        assert_eq!(zero_fuel.check(), Err(LimitsError::Zero("fuel")));
        let big_stack = Limits { stack_bytes: MAX_STACK_BYTES + 1, ..Limits::default() };
        assert_eq!(big_stack.check(), Err(LimitsError::StackTooLarge(MAX_STACK_BYTES + 1)));
        let big_memory = Limits { memory_bytes: MAX_MEMORY_BYTES + 1, ..Limits::default() };
        assert_eq!(big_memory.check(), Err(LimitsError::MemoryTooLarge(MAX_MEMORY_BYTES + 1)));
    }
}
