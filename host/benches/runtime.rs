//! Micro-benchmarks of the plugin runtime (see BENCHMARKS.md for the figures):
//! one (vendor, plugin) evaluation including a fresh sandboxed instance, for every
//! first-party plugin (and one for comparison with the plugin's logic called natively,
//! plugins/certifications/benches/native.rs); loading the plugins cold (compiling) and
//! warm (compiled-code cache); and rendering one scorecard.
//!
//! Run with `cargo bench -p riskcard --bench runtime`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use riskcard::assess::{self, RunContext};
use riskcard::dossier::{self, Date, LoadedDossier};
use riskcard::report;
use riskcard::rubric::Rubric;
use riskcard::runtime::{CodeCache, Limits, Origin, Runtime};

/// Synthetic vendors the evaluation benchmark cycles through.
const VENDORS: usize = 64;
const SEED: u64 = 2026;

fn as_of() -> Date {
    Date::parse("2026-11-30").expect("a valid date")
}

/// A runtime with every embedded plugin, compiled through `cache` when given.
fn runtime(cache: Option<&Path>) -> Runtime {
    let mut runtime = Runtime::with_concurrency(Limits::default(), 1).expect("runtime starts");
    if let Some(dir) = cache {
        runtime.use_cache(CodeCache::open(dir).expect("cache opens"));
    }
    for (_, bytes) in riskcard::embedded::PLUGINS {
        runtime.load(bytes, Origin::Embedded).expect("embedded plugins load");
    }
    runtime
}

/// Synthetic dossiers, loaded as `assess` loads them.
fn dossiers(dir: &Path) -> Vec<LoadedDossier> {
    riskcard::synth::write_portfolio(dir, SEED, VENDORS).expect("write portfolio");
    (0..VENDORS)
        .map(|index| dossier::load(&dir.join(format!("{}.toml", riskcard::synth::vendor_id(index)))).expect("valid"))
        .collect()
}

/// A rubric with every check of `plugin`, written into `dir`.
fn rubric_for(runtime: &Runtime, plugin: &str, dir: &Path) -> Rubric {
    let mut text = format!("id = \"bench-{plugin}\"\nversion = \"1.0.0\"\ntitle = \"all of {plugin}\"\n");
    let loaded = runtime.plugins().iter().find(|p| p.name == plugin).expect("plugin loaded");
    for check in &loaded.checks {
        text.push_str(&format!(
            "[[criteria]]\nid = \"{id}\"\npractice = \"{practice}\"\ncheck = \"{plugin}/{id}\"\nweight = 1\n",
            id = check.id,
            practice = check.practice.id()
        ));
    }
    text.push_str("[[grades]]\ngrade = \"A\"\nmin_score = 0\n[[risk_tiers]]\ntier = \"any\"\nmin_score = 0\n");
    let path = dir.join(format!("{plugin}.toml"));
    std::fs::write(&path, text).expect("write rubric");
    let rubric = Rubric::load(&path).expect("bench rubric loads");
    rubric.validate(&runtime.catalog()).expect("bench rubric is valid");
    rubric
}

fn context(runtime: &Runtime) -> RunContext {
    RunContext {
        as_of: as_of(),
        plugins: Vec::new(),
        check_titles: runtime
            .plugins()
            .iter()
            .flat_map(|p| p.checks.iter().zip(&p.titles).map(|(c, t)| (format!("{}/{}", p.name, c.id), t.clone())))
            .collect(),
        check_reads: runtime.check_reads(),
        waivers: None,
    }
}

fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    std::fs::create_dir_all(&dir).expect("create target/bench");
    dir
}

fn evaluate(c: &mut Criterion) {
    let work = tempfile::tempdir_in(scratch()).expect("temporary directory");
    let runtime = runtime(Some(&scratch().join("cache")));
    let vendors = dossiers(&work.path().join("dossiers"));
    let mut group = c.benchmark_group("evaluate");
    for plugin in runtime.plugins() {
        let rubric = rubric_for(&runtime, &plugin.name, work.path());
        let plan = runtime.plan(&rubric);
        let mut next = 0;
        group.bench_function(&plugin.name, |b| {
            b.iter(|| {
                next = (next + 1) % VENDORS;
                black_box(runtime.evaluate(&vendors[next].dossier, as_of(), &plan))
            })
        });
    }
    group.finish();
    // The same call as plugins/certifications/benches/native.rs, through wasm.
    let northwind =
        dossier::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/vendors/northwind-crm.toml"))
            .expect("the example loads");
    let plan = runtime.plan(&rubric_for(&runtime, "certifications", work.path()));
    c.bench_function("evaluate-northwind/certifications", |b| {
        b.iter(|| black_box(runtime.evaluate(&northwind.dossier, as_of(), &plan)))
    });
}

fn load(c: &mut Criterion) {
    let cache = tempfile::tempdir_in(scratch()).expect("temporary directory");
    drop(runtime(Some(cache.path())));
    let mut group = c.benchmark_group("load-plugins");
    group.sample_size(10);
    group.bench_function("engine-only", |b| {
        b.iter(|| black_box(Runtime::with_concurrency(Limits::default(), 1).expect("runtime starts")))
    });
    group.bench_function("cold", |b| b.iter(|| black_box(runtime(None))));
    group.bench_function("warm-cache", |b| b.iter(|| black_box(runtime(Some(cache.path())))));
    group.finish();
}

fn html(c: &mut Criterion) {
    let work = tempfile::tempdir_in(scratch()).expect("temporary directory");
    let runtime = runtime(Some(&scratch().join("cache")));
    let rubric = Rubric::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../rubrics/crm-baseline.toml"))
        .expect("crm-baseline loads");
    let vendors = dossiers(&work.path().join("dossiers"));
    let context = context(&runtime);
    let runs = runtime.evaluate(&vendors[0].dossier, as_of(), &runtime.plan(&rubric));
    let card = assess::score(&rubric, &vendors[0], &runs, &context);
    c.bench_function("render/html", |b| b.iter(|| black_box(report::scorecard_html(&card, None))));
    c.bench_function("render/json", |b| b.iter(|| black_box(report::scorecard_json(&card))));
    c.bench_function("score", |b| {
        b.iter_batched(
            || runs.clone(),
            |runs| black_box(assess::score(&rubric, &vendors[0], &runs, &context)),
            BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, evaluate, load, html);
criterion_main!(benches);
