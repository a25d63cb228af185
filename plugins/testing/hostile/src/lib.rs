//! TEST ONLY — never shipped. A plugin whose checks each misbehave in one way, so the
//! end-to-end tests can show that the sandbox contains the misbehaviour while
//! well-behaved plugins in the same run still produce their results.
//!
//! Checks that exhaust a resource never return; checks that probe for host access
//! (files, environment, network, clock, randomness) report what they saw in their
//! findings and pass only when they escaped — the tests assert they fail. Checks that
//! forge results are post-processed in [`Hostile::evaluate`], past the SDK's guards.

mod probes;

use std::hint::black_box;

use riskcard_plugin_sdk::{
    self as sdk, Check, CheckResult, Context, Description, EvaluationRequest, Guest, LogLevel, Params, Practice, Reads,
    Severity, Status, Verdict,
};

/// A check that panics, which traps the instance.
fn panics(_: &Context, _: &Params) -> Verdict {
    panic!("hostile plugin panicked on purpose")
}

/// Spins forever; fuel or the deadline must stop it.
fn infinite_loop(_: &Context, _: &Params) -> Verdict {
    let mut counter = 0u64;
    loop {
        counter = black_box(counter.wrapping_add(1));
    }
}

/// Allocates (and touches) a mebibyte at a time, forever.
fn memory_growth(_: &Context, _: &Params) -> Verdict {
    let mut hoard: Vec<Vec<u8>> = Vec::new();
    loop {
        hoard.push(black_box(vec![0xAB; 1 << 20]));
        black_box(&hoard);
    }
}

/// Recurses without end (the exit is never taken); small frames so the wasm stack,
/// not memory, runs out.
fn recurse(depth: u64) -> u64 {
    if black_box(depth) == u64::MAX {
        return depth;
    }
    black_box(recurse(black_box(depth + 1))).wrapping_add(depth)
}

fn deep_recursion(_: &Context, _: &Params) -> Verdict {
    black_box(recurse(0));
    unreachable!("recursion without end returned")
}

fn pass(findings: Vec<sdk::Finding>) -> Verdict {
    Verdict { status: Status::Pass, score: 100, findings }
}

fn info(message: String) -> sdk::Finding {
    sdk::finding(Severity::Info, message, "", &[])
}

/// Far more findings than any limit allows.
fn many_findings(_: &Context, _: &Params) -> Verdict {
    pass((0..100_000).map(|i| info(format!("finding {i}"))).collect())
}

/// A few enormous findings.
fn huge_findings(_: &Context, _: &Params) -> Verdict {
    pass((0..4).map(|_| info("x".repeat(1 << 20))).collect())
}

/// Logs without end.
fn log_flood(_: &Context, _: &Params) -> Verdict {
    for i in 0u64.. {
        sdk::log(LogLevel::Info, &format!("flood {i}"));
    }
    unreachable!("the host stops a log flood")
}

/// Logs one enormous message.
fn log_huge(_: &Context, _: &Params) -> Verdict {
    sdk::log(LogLevel::Warn, &"y".repeat(1 << 20));
    pass(Vec::new())
}

/// Prints to stdout without end.
fn stdout_flood(_: &Context, _: &Params) -> Verdict {
    for i in 0u64.. {
        println!("stdout flood line {i} ................................................................");
    }
    unreachable!("the host stops an output flood")
}

/// Prints to stderr without end.
fn stderr_flood(_: &Context, _: &Params) -> Verdict {
    for i in 0u64.. {
        eprintln!("stderr flood line {i} ................................................................");
    }
    unreachable!("the host stops an output flood")
}

/// Opens timers and never closes them, to fill the host's resource table.
fn resource_flood(_: &Context, _: &Params) -> Verdict {
    let mut timers = Vec::new();
    loop {
        timers.push(wasip2::clocks::monotonic_clock::subscribe_duration(1));
    }
}

/// Sleeps for a day; with the host's frozen clock the timer is due at once.
fn sleep(_: &Context, _: &Params) -> Verdict {
    let before = std::time::Instant::now();
    std::thread::sleep(std::time::Duration::from_secs(24 * 60 * 60));
    let slept = before.elapsed();
    pass(vec![info(format!("slept a day; the monotonic clock advanced {} ns", slept.as_nanos()))])
}

/// Cites two million empty evidence paths: no text, but a flood all the same.
fn evidence_flood(_: &Context, _: &Params) -> Verdict {
    let finding = sdk::Finding {
        severity: Severity::Info,
        message: String::new(),
        remediation: String::new(),
        evidence: vec![String::new(); 2_000_000],
    };
    pass(vec![finding])
}

/// Makes slow host calls until the deadline, reporting progress on stderr and in the
/// log, so what it printed depends on how far it got.
fn slow_until_deadline(_: &Context, _: &Params) -> Verdict {
    for i in 0u64.. {
        black_box(wasip2::random::random::get_random_bytes(1 << 16));
        if i % 100 == 0 {
            eprintln!("progress {i}");
        }
        if i % 1000 == 0 {
            sdk::log(LogLevel::Info, &format!("progress {i}"));
        }
    }
    unreachable!("the deadline stops it")
}

/// A check whose own verdict is fine; the forging happens in [`Hostile::evaluate`].
fn honest_looking(_: &Context, _: &Params) -> Verdict {
    pass(Vec::new())
}

const fn check(id: &'static str, run: fn(&Context, &Params) -> Verdict) -> Check {
    Check { id, title: id, practice: Practice::TrustedProvider, params: &[], reads: Reads::sections(&[]), run }
}

/// The misbehaving checks, by what they do.
const CHECKS: [Check; 23] = [
    check("panic", panics),
    check("infinite-loop", infinite_loop),
    check("memory-growth", memory_growth),
    check("deep-recursion", deep_recursion),
    check("many-findings", many_findings),
    check("huge-findings", huge_findings),
    check("log-flood", log_flood),
    check("log-huge", log_huge),
    check("stdout-flood", stdout_flood),
    check("stderr-flood", stderr_flood),
    check("resource-flood", resource_flood),
    check("sleep", sleep),
    check("read-files", probes::read_files),
    check("env-vars", probes::env_vars),
    check("open-socket", probes::open_socket),
    check("clock-random", probes::clock_random),
    check("unasked-result", honest_looking),
    check("duplicate-result", honest_looking),
    check("score-over-100", honest_looking),
    check("missing-result", honest_looking),
    check("plugin-error", honest_looking),
    check("evidence-flood", evidence_flood),
    check("slow-until-deadline", slow_until_deadline),
];

struct Hostile;

impl Guest for Hostile {
    fn describe() -> Description {
        sdk::describe("hostile", env!("CARGO_PKG_VERSION"), &CHECKS)
    }

    fn evaluate(request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
        let asked: Vec<(String, String)> =
            request.criteria.iter().map(|c| (c.criterion_id.clone(), c.check.clone())).collect();
        if asked.iter().any(|(_, check)| check == "plugin-error") {
            return Err("hostile plugin refuses to evaluate: ".to_owned() + &"z".repeat(10_000));
        }
        let mut results = sdk::evaluate(&CHECKS, request)?;
        for (criterion_id, check) in asked {
            let Some(at) = results.iter().position(|result| result.criterion_id == criterion_id) else { continue };
            match check.as_str() {
                "unasked-result" => {
                    results.push(CheckResult { criterion_id: "not-asked".to_owned(), ..results[at].clone() })
                }
                "duplicate-result" => results.push(CheckResult { score: 0, ..results[at].clone() }),
                "score-over-100" => results[at].score = 150,
                "missing-result" => {
                    results.remove(at);
                }
                _ => {}
            }
        }
        Ok(results)
    }
}

sdk::export_plugin!(Hostile);
