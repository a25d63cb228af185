//! Untrusted plugins, round two: crafted components that attack compilation, the memory
//! cap, the shared instance pool, the result limits, `describe` and reproducibility.
//! Each test asserts the exit code, the reason, the child's peak RSS (from `wait4`)
//! under [`MAX_RSS_MIB`] and its wall time under [`MAX_WALL`], and, where the run goes
//! on, that the first-party results are byte-identical to a run without the attacker.
//! The attacks that are easiest as raw binaries are generated here with wasm-encoder;
//! the others are modes of the test-only `hostile` and `bad-describe` plugins.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use wasm_encoder::{
    BlockType, CodeSection, Component, Function, FunctionSection, InstanceSection, Instruction, MemArg, MemorySection,
    MemoryType, Module, ModuleArg, ModuleSection, NestedComponentSection, StartSection, TypeSection,
};

use crate::sandbox::{DOSSIER, rubric_with};
use crate::support::{
    Cost, Run, criterion, files_in, measured, plugin_dir, repo, riskcard, riskcard_measured, scorecard, test_plugin,
    write,
};

/// The bound on the child's peak resident set in every attack.
const MAX_RSS_MIB: u64 = 256;
/// A generous bound on every attacked run's wall time (a debug build on a shared machine).
const MAX_WALL: Duration = Duration::from_secs(20);
const AS_OF: &str = "2026-11-30";

/// Asserts the run stayed within the memory and time bounds.
fn within_bounds(what: &str, cost: Cost) {
    println!("{what}: peak RSS {} MiB, {:.2?}", cost.peak_rss_mib, cost.wall);
    assert!(cost.peak_rss_mib < MAX_RSS_MIB, "{what}: peak RSS {} MiB", cost.peak_rss_mib);
    assert!(cost.wall < MAX_WALL, "{what}: took {:?}", cost.wall);
}

/// A component nesting components `depth` deep, built inside out.
fn nested_components(depth: usize) -> Vec<u8> {
    let mut inner = Component::new();
    for _ in 1..depth {
        let mut outer = Component::new();
        outer.section(&NestedComponentSection(&inner));
        inner = outer;
    }
    inner.finish()
}

/// A component holding one core module whose only function nests `depth` blocks.
fn nested_blocks(depth: usize) -> Vec<u8> {
    let mut types = TypeSection::new();
    types.ty().function([], []);
    let mut functions = FunctionSection::new();
    functions.function(0);
    let mut body = Function::new([]);
    for _ in 0..depth {
        body.instruction(&Instruction::Block(BlockType::Empty));
    }
    for _ in 0..=depth {
        body.instruction(&Instruction::End);
    }
    let mut code = CodeSection::new();
    code.function(&body);
    let mut module = Module::new();
    module.section(&types).section(&functions).section(&code);
    let mut component = Component::new();
    component.section(&ModuleSection(&module));
    component.finish()
}

/// A core module with one memory of `pages` 64 KiB pages, every page of which its start
/// function writes, so the memory is resident and not just reserved.
fn touching_memory_module(pages: u32) -> Module {
    let mut types = TypeSection::new();
    types.ty().function([], []);
    let mut functions = FunctionSection::new();
    functions.function(0);
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: u64::from(pages),
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut touch = Function::new([(1, wasm_encoder::ValType::I32)]);
    let store = MemArg { offset: 0, align: 0, memory_index: 0 };
    let end = i32::try_from(pages).unwrap() * 65536;
    for instruction in [
        Instruction::Block(BlockType::Empty),
        Instruction::Loop(BlockType::Empty),
        Instruction::LocalGet(0),
        Instruction::I32Const(end),
        Instruction::I32GeU,
        Instruction::BrIf(1),
        Instruction::LocalGet(0),
        Instruction::I32Const(0xAB),
        Instruction::I32Store8(store),
        Instruction::LocalGet(0),
        Instruction::I32Const(4096),
        Instruction::I32Add,
        Instruction::LocalSet(0),
        Instruction::Br(0),
        Instruction::End,
        Instruction::End,
        Instruction::End,
    ] {
        touch.instruction(&instruction);
    }
    let mut code = CodeSection::new();
    code.function(&touch);
    let mut module = Module::new();
    module
        .section(&types)
        .section(&functions)
        .section(&memories)
        .section(&StartSection { function_index: 0 })
        .section(&code);
    module
}

/// The `hostile` plugin with `instances` more core instances appended, each of a module
/// owning (and touching) a memory of `pages` pages: a plugin that holds several memories
/// at once, which a cap per memory would not bound.
fn with_extra_memories(instances: u32, pages: u32) -> Vec<u8> {
    let mut bytes = std::fs::read(test_plugin("hostile")).unwrap();
    // The new module's index: the modules the outer component defines before it.
    let mut depth = 0usize;
    let mut modules = 0u32;
    for payload in wasmparser::Parser::new(0).parse_all(&bytes) {
        match payload.unwrap() {
            wasmparser::Payload::Version { .. } => {
                depth += 1;
                if depth == 2 {
                    modules += 1;
                }
            }
            wasmparser::Payload::End(_) => depth -= 1,
            _ => {}
        }
    }
    let mut appended = Component::new();
    appended.section(&ModuleSection(&touching_memory_module(pages)));
    let mut core_instances = InstanceSection::new();
    for _ in 0..instances {
        core_instances.instantiate(modules, Vec::<(&str, ModuleArg)>::new());
    }
    appended.section(&core_instances);
    // Component sections may come in any order, so the new ones go after the rest.
    let appended = appended.finish();
    bytes.extend_from_slice(&appended[8..]);
    bytes
}

/// A directory holding `plugin` as `attack.wasm`.
fn attack_dir(plugin: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("attack.wasm"), plugin).unwrap();
    dir
}

/// A rubric asking `check` of the plugin `plugin`, beside certifications' iso27001.
fn rubric_for(dir: &Path, plugin: &str, check: &str) -> PathBuf {
    let rubric = std::fs::read_to_string(rubric_with(dir, check)).unwrap();
    write(dir, "rubric.toml", &rubric.replace("\"hostile/", &format!("\"{plugin}/")))
}

/// `riskcard assess` of the sample dossier with `rubric`, the plugins in `plugins` and
/// `flags`; returns the run, its cost and the scorecard's bytes.
fn assess(dir: &Path, rubric: &Path, plugins: &Path, flags: &[&str]) -> (Run, Cost, Vec<u8>) {
    std::fs::create_dir_all(dir).unwrap();
    let dossier = write(dir, "acme.toml", DOSSIER);
    let out = dir.join("out");
    let mut args: Vec<&OsStr> = vec![
        "assess".as_ref(),
        dossier.as_os_str(),
        "--rubric".as_ref(),
        rubric.as_os_str(),
        "--plugins".as_ref(),
        plugins.as_os_str(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    args.extend(flags.iter().map(OsStr::new));
    let (run, cost) = riskcard_measured(&repo(), args);
    let bytes = std::fs::read(out.join("acme.json")).unwrap_or_default();
    (run, cost, bytes)
}

/// certifications' iso27001 result on the sample dossier with no attacker loaded.
fn intact_iso() -> Value {
    let dir = tempfile::tempdir().unwrap();
    let rubric = rubric_for(dir.path(), "hostile", "sleep");
    let plugins = plugin_dir(&["hostile"]);
    let (run, _, bytes) = assess(dir.path(), &rubric, plugins.path(), &[]);
    assert_eq!(run.code, 0, "{run:?}");
    criterion(&serde_json::from_slice(&bytes).unwrap(), "iso").clone()
}

/// Runs every command that loads plugins against the single plugin in `plugins`
/// (also at `file`); each must refuse it with exit 2 naming `reason`, within bounds.
fn refused_by_every_command(file: &Path, plugins: &Path, reason: &str) {
    let work = tempfile::tempdir().unwrap();
    let rubric = rubric_for(work.path(), "attack", "anything");
    let lock = work.path().join("riskcard.lock");
    let fixtures = work.path().join("fixtures");
    std::fs::create_dir_all(&fixtures).unwrap();
    let dossier = write(work.path(), "acme.toml", DOSSIER);
    let out = work.path().join("out");
    let commands: [(&str, Vec<&OsStr>); 6] = [
        ("plugin inspect", vec!["plugin".as_ref(), "inspect".as_ref(), file.as_os_str()]),
        ("plugin list", vec!["plugin".as_ref(), "list".as_ref(), "--plugins".as_ref(), plugins.as_os_str()]),
        (
            "rubric check",
            vec!["rubric".as_ref(), "check".as_ref(), rubric.as_os_str(), "--plugins".as_ref(), plugins.as_os_str()],
        ),
        (
            "plugin lock",
            vec![
                "plugin".as_ref(),
                "lock".as_ref(),
                "--plugins".as_ref(),
                plugins.as_os_str(),
                "--out".as_ref(),
                lock.as_os_str(),
            ],
        ),
        ("plugin test", vec!["plugin".as_ref(), "test".as_ref(), file.as_os_str(), fixtures.as_os_str()]),
        (
            "assess",
            vec![
                "assess".as_ref(),
                dossier.as_os_str(),
                "--rubric".as_ref(),
                rubric.as_os_str(),
                "--plugins".as_ref(),
                plugins.as_os_str(),
                "--out".as_ref(),
                out.as_os_str(),
            ],
        ),
    ];
    for (name, args) in commands {
        let (run, cost) = riskcard_measured(work.path(), args);
        assert_eq!(run.code, 2, "{name}: {run:?}");
        assert!(run.stderr.contains(reason), "{name} names the limit `{reason}`: {}", run.stderr);
        within_bounds(name, cost);
    }
    assert!(!lock.exists() && !out.exists(), "nothing is written");
}

#[test]
fn components_nested_ten_thousand_deep_are_refused_before_compiling() {
    let attack = attack_dir(&nested_components(10_000));
    let file = attack.path().join("attack.wasm");
    refused_by_every_command(
        &file,
        attack.path(),
        "refused before compiling: the nesting depth of components and modules is 9, over riskcard's limit of 8",
    );
}

#[test]
fn a_function_of_two_million_nested_blocks_is_refused_before_compiling() {
    let attack = attack_dir(&nested_blocks(2_000_000));
    let file = attack.path().join("attack.wasm");
    refused_by_every_command(&file, attack.path(), "the size of a function body in bytes is");
}

#[test]
fn deep_control_nesting_in_a_small_function_is_refused_before_compiling() {
    let attack = attack_dir(&nested_blocks(100_000));
    let file = attack.path().join("attack.wasm");
    refused_by_every_command(&file, attack.path(), "the control nesting depth of a function is 1025");
}

#[test]
fn memory_is_capped_in_total_over_all_of_a_plugins_memories() {
    // Three more memories of 20 MiB each, all touched, then the plugin's own grows: a
    // cap per memory would let it hold 124 MiB; the cap per plugin stops it at 64.
    let attack = attack_dir(&with_extra_memories(3, 320));
    let dir = tempfile::tempdir().unwrap();
    let rubric = rubric_for(dir.path(), "hostile", "memory-growth");
    let (run, cost, bytes) = assess(dir.path(), &rubric, attack.path(), &[]);
    assert_eq!(run.code, 0, "{run:?}");
    within_bounds("multi-memory growth", cost);
    let card: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(criterion(&card, "hostile")["error"], format!("exceeded memory limit of {} bytes", 64 << 20));
    assert_eq!(criterion(&card, "iso"), &intact_iso());
}

#[test]
fn a_plugin_needing_more_memories_than_its_share_is_refused_at_load() {
    let attack = attack_dir(&with_extra_memories(MEMORIES_OVER_SHARE, 1));
    let dir = tempfile::tempdir().unwrap();
    let rubric = rubric_for(dir.path(), "hostile", "sleep");
    let (run, cost, bytes) = assess(dir.path(), &rubric, attack.path(), &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("contains 5 Wasm linear memories, which exceeds the configured maximum of 4"),
        "the reason is the memory count: {}",
        run.stderr
    );
    assert!(bytes.is_empty(), "no scorecard is written");
    within_bounds("too many memories", cost);
}

/// Extra memories that, with the plugin's own, exceed the four an evaluation may hold.
const MEMORIES_OVER_SHARE: u32 = 4;

#[test]
fn a_plugin_holding_its_full_share_of_memories_never_fails_another_plugin() {
    // 40 vendors at --jobs 8; every evaluation of the attacker holds four memories (its
    // full share of the pool) and grows until its cap, beside the first-party plugins.
    // A 16 MiB cap keeps eight attackers at once within the RSS bound.
    let dossiers = tempfile::tempdir().unwrap();
    riskcard::synth::write_portfolio(dossiers.path(), 2026, 40).unwrap();
    let baseline = std::fs::read_to_string(repo().join("rubrics/crm-baseline.toml")).unwrap();
    let work = tempfile::tempdir().unwrap();
    let with_attacker = write(
        work.path(),
        "attacked.toml",
        &format!(
            "{baseline}\n[[criteria]]\nid = \"attacker\"\npractice = \"trusted-provider\"\ncheck = \"hostile/memory-growth\"\nweight = 1\n"
        ),
    );
    let attack = attack_dir(&with_extra_memories(3, 32));
    let run_with = |rubric: &Path, plugins: Option<&Path>, out: &Path| {
        let mut args: Vec<&OsStr> = vec![
            "assess".as_ref(),
            dossiers.path().as_os_str(),
            "--rubric".as_ref(),
            rubric.as_os_str(),
            "--as-of".as_ref(),
            AS_OF.as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
            "--jobs".as_ref(),
            "8".as_ref(),
            "--memory-mib".as_ref(),
            "16".as_ref(),
        ];
        if let Some(plugins) = plugins {
            args.extend(["--plugins".as_ref(), plugins.as_os_str()]);
        }
        let (run, cost) = riskcard_measured(&repo(), args);
        assert!(matches!(run.code, 0 | 1), "{run:?}");
        within_bounds("40 vendors at --jobs 8", cost);
    };
    let clean = work.path().join("clean");
    run_with(&repo().join("rubrics/crm-baseline.toml"), None, &clean);
    for attempt in 0..3 {
        let attacked = work.path().join(format!("attacked-{attempt}"));
        run_with(&with_attacker, Some(attack.path()), &attacked);
        for vendor in files_in(&clean).iter().filter(|name| name.ends_with(".json")) {
            let clean_card = scorecard(&clean.join(vendor));
            let attacked_card = scorecard(&attacked.join(vendor));
            for first_party in clean_card["criteria"].as_array().unwrap() {
                let id = first_party["id"].as_str().unwrap();
                assert_ne!(first_party["status"], "error", "{vendor} {id}");
                assert_eq!(criterion(&attacked_card, id), first_party, "attempt {attempt}: {vendor} {id}");
            }
            assert_eq!(
                criterion(&attacked_card, "attacker")["error"],
                format!("exceeded memory limit of {} bytes", 16 << 20),
                "the attacker's own result does not depend on scheduling either"
            );
        }
    }
}

#[test]
fn two_million_empty_evidence_paths_count_toward_the_result_limit() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = rubric_for(dir.path(), "hostile", "evidence-flood");
    let (run, cost, bytes) = assess(dir.path(), &rubric, plugin_dir(&["hostile"]).path(), &[]);
    assert_eq!(run.code, 0, "{run:?}");
    within_bounds("evidence flood", cost);
    assert!(bytes.len() < 64 << 10, "the scorecard stays small: {} bytes", bytes.len());
    let card: Value = serde_json::from_slice(&bytes).unwrap();
    let reason = criterion(&card, "hostile")["error"].as_str().unwrap().to_owned();
    assert!(reason.starts_with("rejected the plugin's results: "), "{reason}");
    assert!(reason.ends_with("more than the limit of 262144 bytes"), "{reason}");
    assert_eq!(criterion(&card, "iso"), &intact_iso());
}

#[test]
fn every_problem_in_a_description_is_refused_at_load_at_once() {
    let plugins = plugin_dir(&["bad-describe"]);
    let file = plugins.path().join("bad-describe.wasm");
    let (run, cost) = riskcard_measured(&repo(), ["plugin".as_ref(), "inspect".as_ref(), file.as_os_str()]);
    assert_eq!(run.code, 2, "{run:?}");
    within_bounds("bad describe", cost);
    for problem in [
        "version \"1.0.0-9999999999999999999999999999999999\" (1048582 bytes) is longer than 64 bytes",
        "check \"oversized\"'s title \"\\u{1b}[2Jtttttttttttttttttttttttttttttttttttt\" (4194308 bytes) is longer than 200 bytes",
        "check \"oversized\"'s parameter name \"Has Space\" must be lowercase letters, digits, dashes and underscores, starting with a letter",
        "check \"oversized\"'s parameter \"dup\" is declared an integer but its default is not",
        "check \"oversized\"'s parameter \"dup\" is listed twice",
        "check \"oversized\"'s parameter \"dup\" has a default of NaN, not a finite number",
        "check \"oversized\"'s parameter \"far\" has a default of inf, not a finite number",
    ] {
        assert!(run.stderr.contains(problem), "reports `{problem}`: {}", run.stderr);
    }
    assert!(run.stderr.len() < 4096, "nothing oversized is echoed: {} bytes", run.stderr.len());
    assert!(!run.stderr.contains('\u{1b}'), "no control character reaches the terminal");
}

#[test]
fn a_plugin_stopped_at_its_deadline_gives_byte_identical_reruns() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = rubric_for(dir.path(), "hostile", "slow-until-deadline");
    let plugins = plugin_dir(&["hostile"]);
    let flags = ["--deadline-ms", "300", "--fuel", "100000000000"];
    let mut cards = Vec::new();
    for attempt in 0..3 {
        let (run, cost, bytes) = assess(&dir.path().join(attempt.to_string()), &rubric, plugins.path(), &flags);
        assert_eq!(run.code, 0, "{run:?}");
        within_bounds("deadline", cost);
        cards.push(bytes);
    }
    assert!(cards[0] == cards[1] && cards[1] == cards[2], "three runs give the same bytes");
    let card: Value = serde_json::from_slice(&cards[0]).unwrap();
    assert_eq!(
        criterion(&card, "hostile")["error"],
        "exceeded deadline of 300 ms; its log and output were discarded, as how far a plugin gets before a deadline depends on timing"
    );
    assert!(
        card["plugin_output"].as_array().unwrap().iter().all(|output| output["plugin"] != "hostile"),
        "the timing-dependent output is dropped: {}",
        card["plugin_output"]
    );
    assert_eq!(criterion(&card, "iso"), &intact_iso());
}

#[test]
fn a_first_party_plugin_runs_under_a_tight_address_space_limit() {
    // 1.5 GiB of address space: the pool cannot be reserved, and memories allocated on
    // demand must not reserve 4 GiB each.
    let dir = tempfile::tempdir().unwrap();
    let rubric = rubric_for(dir.path(), "hostile", "sleep");
    let dossier = write(dir.path(), "acme.toml", DOSSIER);
    let out = dir.path().join("out");
    let plugins = plugin_dir(&["hostile"]);
    // Compiled first, outside the limit: the bounds are on running under it, and a cold
    // compiled-code cache on a loaded machine would measure compilation instead.
    let warm = riskcard(["plugin".as_ref(), "list".as_ref(), "--plugins".as_ref(), plugins.path().as_os_str()]);
    assert_eq!(warm.code, 0, "{warm:?}");
    let mut command = std::process::Command::new("sh");
    command.current_dir(repo()).args(["-c", "ulimit -v 1572864 && exec \"$0\" \"$@\"", env!("CARGO_BIN_EXE_riskcard")]);
    let args: [&OsStr; 10] = [
        "assess".as_ref(),
        dossier.as_os_str(),
        "--rubric".as_ref(),
        rubric.as_os_str(),
        "--plugins".as_ref(),
        plugins.path().as_os_str(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    command.args(args);
    let (run, cost) = measured(command);
    assert_eq!(run.code, 0, "{run:?}");
    within_bounds("ulimit -v", cost);
    let card = scorecard(&out.join("acme.json"));
    assert_eq!(criterion(&card, "iso"), &intact_iso());
    assert_eq!(criterion(&card, "hostile")["status"], "pass");
}
