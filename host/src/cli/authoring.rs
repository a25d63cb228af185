//! The commands for plugin authors: `riskcard wit`, `riskcard plugin new`,
//! `riskcard plugin test` and `riskcard plugin bench`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, bail};
use clap::{Args, ValueEnum};
use riskcard::authoring::bench::{Spread, millis, share};
use riskcard::authoring::{fixture, scaffold, wit};
use riskcard::diagnostics::{Diagnostic, Diagnostics};
use riskcard::dossier::{self, Date};
use riskcard::fsio::write_atomic;
use riskcard::rubric::{Criterion, Gate, OnMissing};
use riskcard::runtime::{Captured, CriterionOutcome, Limits, Origin, PluginRun, Runtime};

use super::parse_date;
use super::plugins::RuntimeSettings;

/// `riskcard wit`.
#[derive(Debug, Args)]
pub struct WitArgs {
    /// The directory to write the .wit files to.
    #[arg(long, value_name = "DIR", default_value = "wit")]
    out: PathBuf,
}

/// Languages `plugin new` can scaffold.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    /// Rust, built for wasm32-wasip2 with the riskcard plugin SDK.
    Rust,
    /// JavaScript, built with componentize-qjs (QuickJS) from the npm registry.
    Js,
    /// Python, built with componentize-py (CPython) from PyPI.
    Python,
}

/// `riskcard plugin new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The plugin's name: lowercase letters, digits and dashes, e.g. acme-checks.
    name: String,
    /// The language to write the plugin in.
    #[arg(long, value_enum, default_value = "rust")]
    lang: LangArg,
    /// Where to create the project. Default: ./NAME. It must not exist, or be empty.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// `riskcard plugin test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// The plugin component to test.
    plugin: PathBuf,
    /// A directory of fixture files (*.toml); see docs/plugins.md.
    fixtures: PathBuf,
}

/// `riskcard plugin bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// The plugin component to measure.
    plugin: PathBuf,
    /// The dossier to evaluate; every check of the plugin runs with its defaults.
    dossier: PathBuf,
    /// How many evaluations to time.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    runs: u32,
    /// The assessment date, YYYY-MM-DD. Default: today (UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
}

/// Writes the embedded WIT package to `--out`.
pub fn wit(args: WitArgs) -> anyhow::Result<ExitCode> {
    riskcard::fsio::prepare_output_dir(&args.out)?;
    for file in wit::FILES {
        let path = args.out.join(file.name);
        write_atomic(&path, file.text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let names: Vec<&str> = wit::FILES.iter().map(|file| file.name).collect();
    say!(
        "wrote riskcard:plugin@{} to {} ({}); this host accepts plugins built against {}",
        wit::package_version().unwrap_or("?"),
        args.out.display(),
        names.join(", "),
        wit::accepted_range()
    );
    Ok(ExitCode::SUCCESS)
}

/// Creates a plugin project: every file is written to a temporary directory beside the
/// target, which is then renamed into place, so a failure leaves nothing half-made.
pub fn new(args: NewArgs) -> anyhow::Result<ExitCode> {
    let lang = match args.lang {
        LangArg::Rust => scaffold::Lang::Rust,
        LangArg::Js => scaffold::Lang::Js,
        LangArg::Python => scaffold::Lang::Python,
    };
    let files = scaffold::files(&args.name, lang)?;
    let dir = args.dir.unwrap_or_else(|| PathBuf::from(&args.name));
    if dir.exists() && std::fs::read_dir(&dir).map(|mut entries| entries.next().is_some()).unwrap_or(true) {
        return Err(Diagnostics::from(
            Diagnostic::new(&dir, "already exists and is not empty")
                .help("choose another --dir, or remove the directory"),
        )
        .into());
    }
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let staging =
        tempfile::Builder::new().prefix(".riskcard-new-").tempdir_in(parent).context("cannot create a directory")?;
    for file in &files {
        let path = staging.path().join(&file.path);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
        }
        std::fs::write(&path, &file.contents).with_context(|| format!("cannot write {}", path.display()))?;
    }
    std::fs::rename(staging.path(), &dir).with_context(|| format!("cannot create {}", dir.display()))?;
    say!("created plugin `{}` in {} ({} files); next, in that directory:", args.name, dir.display(), files.len());
    let (build, test, wasm) = match lang {
        scaffold::Lang::Rust => (
            "cargo build --release --target wasm32-wasip2",
            "cargo test",
            format!("target/wasm32-wasip2/release/{}.wasm", args.name.replace('-', "_")),
        ),
        scaffold::Lang::Js => ("npm install && npm run build", "npm test", format!("{}.wasm", args.name)),
        scaffold::Lang::Python => (
            "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt",
            "python3 -m unittest",
            format!("{}.wasm", args.name),
        ),
    };
    let build = match lang {
        scaffold::Lang::Python => format!(
            "{build}\n  .venv/bin/componentize-py -d wit -w riskcard:plugin/plugin componentize app -o {}.wasm",
            args.name
        ),
        _ => build.to_owned(),
    };
    say_lines!("  {build}\n");
    say!("  {test} && riskcard plugin test {wasm} fixtures");
    say!("then sign it (make the key once; sign again after every rebuild):");
    say!("  riskcard plugin keygen --out ~/riskcard-keys/{}", args.name);
    say!("  riskcard plugin sign {wasm} --key ~/riskcard-keys/{}.key", args.name);
    say!("and copy {wasm} with its .sig into a --plugins directory; README.md has every step");
    Ok(ExitCode::SUCCESS)
}

/// A runtime holding only the plugin at `path`, compiled through the compiled-code
/// cache as `assess` does, so a rerun of an unchanged plugin does not compile it again.
fn load_one(path: &Path, settings: &RuntimeSettings) -> anyhow::Result<Runtime> {
    let bytes = super::plugins::read_plugin(path)?;
    let mut runtime = Runtime::new(Limits::default())?;
    super::plugins::use_cache(&mut runtime, settings);
    runtime.load(&bytes, Origin::File(path.to_owned())).map_err(|error| {
        Diagnostics::from(
            Diagnostic::new(path, format!("plugin {error}")).help("see \"Debugging a plugin\" in docs/plugins.md"),
        )
    })?;
    Ok(runtime)
}

/// What the plugin logged and printed, indented, for a failed fixture.
fn print_captured(captured: &Captured) {
    for line in &captured.log {
        say!("    log {}: {}", format!("{:?}", line.level).to_lowercase(), line.message);
    }
    if captured.log_dropped > 0 {
        say!("    ({} more log messages dropped at the limit)", captured.log_dropped);
    }
    for (name, text) in [("stdout", &captured.stdout), ("stderr", &captured.stderr)] {
        for line in text.lines() {
            say!("    {name}: {line}");
        }
    }
}

/// Runs golden fixtures against a plugin in the real sandbox.
pub fn test(args: TestArgs, settings: &RuntimeSettings) -> anyhow::Result<ExitCode> {
    let runtime = load_one(&args.plugin, settings)?;
    let plugin = &runtime.plugins()[0];
    let catalog = plugin.catalog_entry();
    let fixtures = fixture::load_dir(&args.fixtures, &catalog)?;
    say!("plugin {} {} ({}), {} fixture(s)", plugin.name, plugin.version, args.plugin.display(), fixtures.len());
    let mut failed = 0usize;
    for fixture in &fixtures {
        let plan = runtime.plan_criteria(&fixture.rubric_criteria(&catalog));
        let run = runtime.evaluate(&fixture.dossier.dossier, fixture.as_of, &plan).into_iter().next();
        let run = run.context("the plugin was not run")?;
        let diffs = fixture.compare(&run);
        let label = fixture.path.display();
        if diffs.is_empty() {
            say!("ok    {label} ({} criteria)", fixture.criteria.len());
            continue;
        }
        failed += 1;
        say!("FAIL  {label}");
        if let Some(description) = &fixture.description {
            say!("  ({description})");
        }
        for diff in &diffs {
            say_lines!("{diff}");
        }
        print_captured(&run.captured);
    }
    say!("{} passed, {failed} failed", fixtures.len() - failed);
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Times evaluations of every check of a plugin against one dossier.
pub fn bench(args: BenchArgs, settings: &RuntimeSettings) -> anyhow::Result<ExitCode> {
    let as_of = args.as_of.unwrap_or_else(Date::today_utc);
    let dossier = dossier::load(&args.dossier)?;
    let started = Instant::now();
    let runtime = load_one(&args.plugin, settings)?;
    let load_time = started.elapsed();
    let plugin = &runtime.plugins()[0];
    let criteria: Vec<Criterion> = plugin
        .checks
        .iter()
        .map(|check| Criterion {
            id: check.id.clone(),
            title: None,
            practice: check.practice,
            plugin: plugin.name.clone(),
            check: check.id.clone(),
            weight: 1.0,
            params: Default::default(),
            on_missing: OnMissing::Zero,
            gate: Gate::None,
            evidence: None,
        })
        .collect();
    if criteria.is_empty() {
        bail!("plugin {} describes no checks; there is nothing to measure", plugin.name);
    }
    let plan = runtime.plan_criteria(&criteria);
    // One untimed run first, so that one-off costs (lazy compilation, page faults) do
    // not pose as a slow evaluation.
    runtime.evaluate(&dossier.dossier, as_of, &plan);
    let mut times = Vec::new();
    let mut fuel = Vec::new();
    let mut last: Option<PluginRun> = None;
    for _ in 0..args.runs {
        let started = Instant::now();
        let run =
            runtime.evaluate(&dossier.dossier, as_of, &plan).into_iter().next().context("the plugin was not run")?;
        times.push(started.elapsed());
        fuel.push(run.fuel_used);
        last = Some(run);
    }
    let (Some(time), Some(fuel), Some(last)) = (Spread::of(&times), Spread::of(&fuel), last) else {
        bail!("no evaluation was timed");
    };
    let limits = runtime.limits();
    say!(
        "plugin {} {}: {} check(s) on {} as of {as_of}, {} run(s) after a warm-up, each in a fresh sandbox",
        plugin.name,
        plugin.version,
        criteria.len(),
        args.dossier.display(),
        args.runs
    );
    let compiled = match runtime.cache_stats() {
        Some(stats) if stats.hits > 0 => "from the compiled-code cache",
        Some(_) => "compile, then cached",
        None => "compile",
    };
    say!("load ({compiled} + describe): {}", millis(load_time));
    say!("{:<6} {:>14} {:>14} {:>14} {:>14} {:>10}", "", "median", "p95", "max", "limit", "p95/limit");
    say!(
        "{:<6} {:>14} {:>14} {:>14} {:>14} {:>10}",
        "time",
        millis(time.median),
        millis(time.p95),
        millis(time.max),
        millis(limits.deadline),
        share(time.p95.as_secs_f64(), limits.deadline.as_secs_f64())
    );
    say!(
        "{:<6} {:>14} {:>14} {:>14} {:>14} {:>10}",
        "fuel",
        fuel.median,
        fuel.p95,
        fuel.max,
        limits.fuel,
        share(fuel.p95 as f64, limits.fuel as f64)
    );
    say!("memory limit {} MiB per call, all memories together", limits.memory_bytes >> 20);
    let failures: Vec<(&String, &String)> = last
        .outcomes
        .iter()
        .filter_map(|(id, outcome)| match outcome {
            CriterionOutcome::Failed(reason) => Some((id, reason)),
            CriterionOutcome::Evaluated(_) => None,
        })
        .collect();
    for (id, reason) in &failures {
        say!("check {id} failed: {reason}");
    }
    Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
