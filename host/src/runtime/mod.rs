//! The plugin runtime: one wasmtime engine with pooled instances, every plugin compiled
//! once (or taken from the compiled-code cache) and pre-instantiated, and a fresh
//! sandboxed instance for every (vendor, plugin) evaluation, so nothing carries over from
//! one vendor to the next. A trap or a limit hit in one plugin fails only that plugin's
//! criteria.

mod bindings;
mod cache;
mod convert;
mod description;
mod limiter;
mod limits;
mod lowering;
mod outcome;
mod plugin;
mod sandbox;
mod structure;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use rayon::iter::{IntoParallelIterator, ParallelIterator};
use wasmtime::component::{HasSelf, Linker, ResourceTableError};
use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig, Trap};

pub use cache::{CACHE_DIR_VARIABLE, CacheError, CacheStats, CodeCache};
pub use description::{
    MAX_CHECKS, MAX_DEFAULT_BYTES, MAX_NAME_BYTES, MAX_PARAM_DESCRIPTION_BYTES, MAX_PARAMS, MAX_TITLE_BYTES,
    MAX_VERSION_BYTES,
};
pub use limiter::{CORE_INSTANCES_PER_PLUGIN, MAX_TABLE_ELEMENTS, MEMORIES_PER_PLUGIN, TABLES_PER_PLUGIN};
pub use limits::{LimitExceeded, Limits, LimitsError, MAX_MEMORY_BYTES, MAX_STACK_BYTES};
pub use outcome::{CriterionOutcome, Evaluation, Finding, PluginRun, Severity, Status};
pub use plugin::{API_VERSION, OLDER_API_VERSIONS, Origin, Plugin, accepted_api_versions, api_compatible, grant};
pub use sandbox::{Captured, LogLevel, LogLine, MAX_HOST_RESOURCES};
pub use structure::{
    MAX_COMPONENT_INSTANCES, MAX_COMPONENTS, MAX_CONTROL_NESTING, MAX_FUNCTION_BODY_BYTES, MAX_FUNCTIONS, MAX_MODULES,
    MAX_NESTING_DEPTH, MAX_PLUGIN_BYTES, Shape, StructureError, shape,
};

use self::bindings::riskcard::plugin::checks as wit;
use self::bindings::v0_1::riskcard::plugin::checks as wit_v0_1;
use self::plugin::Pre;
use crate::dossier::{Date, Dossier};
use crate::reads::Reads;
use crate::rubric::{Catalog, Criterion, ParamValue, Rubric};

/// The interval between epoch ticks, the granularity of evaluation deadlines.
const EPOCH_TICK: Duration = Duration::from_millis(10);

/// Why a plugin could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The bytes are not WebAssembly.
    #[error("not a WebAssembly file (no `\\0asm` header)")]
    NotWasm,
    /// A core module rather than a component.
    #[error(
        "a core WebAssembly module, not a component; build the plugin for wasm32-wasip2 (or wrap it with `wasm-tools component new`)"
    )]
    CoreModule,
    /// The structural pre-check refused the bytes before compiling them.
    #[error("refused before compiling: {0}; riskcard bounds what it compiles (see docs/security.md)")]
    Structure(#[from] StructureError),
    /// Compilation failed.
    #[error("not a valid WebAssembly component: {0}{hint}", hint = async_hint(.0))]
    Compile(String),
    /// The component imports something the host does not grant.
    #[error(
        "imports `{0}`, which riskcard does not grant; a plugin may import only riskcard:plugin and the WASI 0.2 interfaces wasi:cli, wasi:clocks, wasi:filesystem, wasi:io, wasi:random and wasi:sockets (which give no files, network or environment); remove the code that needs `{0}`"
    )]
    ImportNotGranted(String),
    /// Linking failed.
    #[error("cannot be linked against what riskcard provides: {0}{hint}", hint = async_hint(.0))]
    Link(String),
    /// The component does not target the `riskcard:plugin/plugin` world.
    #[error(
        "does not target the riskcard:plugin/plugin world ({0}): its `describe` and `evaluate` exports must have exactly the types of this riskcard's contract; if it was built from a copy of the contract (a `wit/` directory, as in a `riskcard plugin new` project), that copy differs from this riskcard's: write it afresh with `riskcard wit --out wit` and rebuild"
    )]
    WrongWorld(String),
    /// Built against an incompatible contract version.
    #[error(
        "built against riskcard:plugin@{0}, but this riskcard accepts riskcard:plugin@{accepted}; write the contract this riskcard speaks with `riskcard wit --out wit`, rebuild the plugin against it, or use a riskcard release that speaks riskcard:plugin@{0}",
        accepted = plugin::accepted_api_versions()
    )]
    IncompatibleApi(String),
    /// `describe` trapped or hit a limit.
    #[error("failed while describing itself: {0}")]
    Describe(String),
    /// `describe` returned nonsense.
    #[error("describes itself wrongly: {0}")]
    BadDescription(String),
    /// Another plugin with the same name is already loaded.
    #[error("is named `{0}`, like a plugin already loaded; plugin names must be unique")]
    Duplicate(String),
}

/// What to do when a compile or link error says the component needs the component
/// model's async ABI, which riskcard does not enable: empty for any other error.
fn async_hint(error: &str) -> &'static str {
    if error.contains("async") {
        "; the component uses the component model's async ABI, which riskcard does not enable: build it for synchronous calls (componentize-qjs and jco: pass --sync)"
    } else {
        ""
    }
}

/// Why the runtime could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot start the WebAssembly runtime: {0}")]
pub struct StartError(String);

/// Increments the engine's epoch on a background thread until dropped.
struct EpochTicker {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl EpochTicker {
    fn start(engine: &Engine) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let engine = engine.clone();
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(EPOCH_TICK);
                engine.increment_epoch();
            }
        });
        Self { stop, thread: Some(thread) }
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Epoch ticks in the evaluation deadline.
fn deadline_ticks(limits: &Limits) -> u64 {
    let ticks = limits.deadline.as_millis() / EPOCH_TICK.as_millis();
    u64::try_from(ticks).unwrap_or(u64::MAX).max(1)
}

/// Why a plugin call failed: a limit the host enforces, or the plugin's own doing (a
/// trap such as a panic, or another error), whose last words on stderr may say more.
#[derive(Debug)]
enum Failure {
    /// A host limit was hit; the text names it.
    Limit(String),
    /// The plugin trapped or failed by itself.
    Own(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Limit(reason) | Self::Own(reason) => f.write_str(reason),
        }
    }
}

/// A short, stable reason for a failed call, naming the limit that was hit.
fn failure_reason(error: &wasmtime::Error, limits: &Limits) -> Failure {
    if let Some(exceeded) = error.downcast_ref::<LimitExceeded>() {
        return Failure::Limit(exceeded.to_string());
    }
    if let Some(ResourceTableError::Full) = error.downcast_ref::<ResourceTableError>() {
        return Failure::Limit(format!("exceeded the limit of {MAX_HOST_RESOURCES} open host resources"));
    }
    match error.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => Failure::Limit(format!("exceeded fuel budget of {}", limits.fuel)),
        Some(Trap::Interrupt) => Failure::Limit(format!(
            "exceeded deadline of {} ms; its log and output were discarded, as how far a plugin gets before a deadline depends on timing",
            limits.deadline.as_millis()
        )),
        Some(Trap::StackOverflow) => Failure::Limit(format!("exceeded wasm stack of {} bytes", limits.stack_bytes)),
        Some(trap) => Failure::Own(format!("trapped: {trap}")),
        None => Failure::Own(format!("failed: {error:#}")),
    }
}

/// The criteria one plugin is asked to evaluate under a rubric, and what of the dossier
/// it is given for them: what their checks read, together.
struct PluginPlan {
    plugin: usize,
    criteria: Vec<wit::Criterion>,
    reads: Reads,
}

/// Which criteria go to which plugin, with parameter defaults filled in; made once per
/// rubric and reused for every vendor.
pub struct EvaluationPlan {
    plugins: Vec<PluginPlan>,
}

/// Bytes of a pooled linear memory reset by zeroing rather than by returning the pages
/// to the kernel, so the next instance in the slot does not fault them back in. A Rust
/// plugin's whole memory (1 MiB of stack, data, heap) fits; only what an instance made
/// accessible is zeroed.
const KEEP_RESIDENT_BYTES: usize = 2 << 20;

/// The guard region after each memory allocated on demand: small, since such memories
/// reserve only what the limit allows, and bounds checks are then explicit.
const ON_DEMAND_GUARD_BYTES: u64 = 64 << 10;

/// The pooling allocator: instance slots, memories and tables reserved once and reused
/// for every evaluation, sized for `concurrency` simultaneous evaluations; each memory
/// slot is capped at the memory limit.
fn pooling(limits: &Limits, concurrency: usize) -> PoolingAllocationConfig {
    // One instance per evaluating thread, plus one for `describe` at load time.
    let slots = u32::try_from(concurrency.saturating_add(1)).unwrap_or(u32::MAX).min(1024);
    let mut pool = PoolingAllocationConfig::new();
    // Each evaluation gets one slot's share of every pool, and its limiter (and the
    // per-component bounds below, checked when a plugin is loaded) keep it within that
    // share: a plugin that needs more is refused, so no plugin can exhaust what an
    // evaluation beside it needs. The pool's cost is address space, not memory. Stacks
    // are only for async calls, which riskcard does not make; the default of 1000 costs
    // milliseconds at every start.
    let share = |per_plugin: usize| u32::try_from(per_plugin).unwrap_or(u32::MAX);
    pool.total_component_instances(slots)
        .total_core_instances(slots.saturating_mul(share(limiter::CORE_INSTANCES_PER_PLUGIN)))
        .total_memories(slots.saturating_mul(share(limiter::MEMORIES_PER_PLUGIN)))
        .total_tables(slots.saturating_mul(share(limiter::TABLES_PER_PLUGIN)))
        .max_core_instances_per_component(share(limiter::CORE_INSTANCES_PER_PLUGIN))
        .max_memories_per_component(share(limiter::MEMORIES_PER_PLUGIN))
        .max_tables_per_component(share(limiter::TABLES_PER_PLUGIN))
        .table_elements(limiter::MAX_TABLE_ELEMENTS)
        .total_stacks(slots)
        .max_memory_size(limits.memory_bytes)
        .linear_memory_keep_resident(KEEP_RESIDENT_BYTES)
        .table_keep_resident(KEEP_RESIDENT_BYTES / 16)
        .max_unused_warm_slots(slots);
    pool
}

/// The engine: component model, fuel and epoch deadlines and the wasm stack limit;
/// pooled allocation with resident memories when `concurrency` is given, copy-on-write
/// memory images otherwise. Allocated on demand, a memory reserves only the address
/// space the memory limit lets it reach, not the 4 GiB wasmtime reserves by default, so
/// plugins still run under a tight `ulimit -v`.
fn engine(limits: &Limits, concurrency: Option<usize>) -> wasmtime::Result<Engine> {
    let mut config = Config::new();
    config
        .wasm_component_model(true)
        .consume_fuel(true)
        .epoch_interruption(true)
        .max_wasm_stack(limits.stack_bytes)
        // Copy-on-write images make every first write to a data page a fault and, with
        // several threads, a TLB shootdown; copying the (small) data segments into a
        // pooled memory that stays resident is twice as fast here (BENCHMARKS.md).
        .memory_init_cow(concurrency.is_none());
    match concurrency {
        Some(concurrency) => {
            config.allocation_strategy(InstanceAllocationStrategy::Pooling(pooling(limits, concurrency)));
        }
        None => {
            let reach = u64::try_from(limits.memory_bytes).unwrap_or(u64::MAX);
            config.memory_reservation(reach).memory_reservation_for_growth(0).memory_guard_size(ON_DEMAND_GUARD_BYTES);
        }
    }
    Engine::new(&config)
}

/// The host: engine, linker, limits, the compiled-code cache and the loaded plugins.
pub struct Runtime {
    engine: Engine,
    linker: Linker<sandbox::Sandbox>,
    limits: Limits,
    cache: Option<CodeCache>,
    plugins: Vec<Plugin>,
    /// How many evaluations (or plugin loads) may run at once: the instance pool's size.
    concurrency: usize,
    _ticker: EpochTicker,
}

impl Runtime {
    /// Starts an engine configured for sandboxed plugins under `limits`, pooled for as
    /// many simultaneous evaluations as the machine has cores.
    pub fn new(limits: Limits) -> Result<Self, StartError> {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::with_concurrency(limits, cores)
    }

    /// Starts an engine for up to `concurrency` simultaneous evaluations. Instance slots
    /// are pooled; where the address space for the pool cannot be reserved (e.g. under
    /// `ulimit -v`) instances are allocated on demand instead.
    pub fn with_concurrency(limits: Limits, concurrency: usize) -> Result<Self, StartError> {
        limits.check().map_err(|error| StartError(error.to_string()))?;
        let engine = engine(&limits, Some(concurrency)).or_else(|error| {
            tracing::warn!("pooled instance allocation unavailable ({error:#}); allocating on demand");
            engine(&limits, None)
        });
        let engine = engine.map_err(|error| StartError(format!("{error:#}")))?;
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).map_err(|error| StartError(format!("{error:#}")))?;
        sandbox::add_instant_timers(&mut linker).map_err(|error| StartError(format!("{error:#}")))?;
        bindings::riskcard::plugin::host::add_to_linker::<_, HasSelf<_>>(&mut linker, |sandbox| sandbox)
            .map_err(|error| StartError(format!("{error:#}")))?;
        bindings::v0_1::riskcard::plugin::host::add_to_linker::<_, HasSelf<_>>(&mut linker, |sandbox| sandbox)
            .map_err(|error| StartError(format!("{error:#}")))?;
        let ticker = EpochTicker::start(&engine);
        Ok(Self {
            engine,
            linker,
            limits,
            cache: None,
            plugins: Vec::new(),
            concurrency: concurrency.max(1),
            _ticker: ticker,
        })
    }

    /// Loads compiled plugins from, and stores them in, `cache` from now on.
    pub fn use_cache(&mut self, cache: CodeCache) {
        self.cache = Some(cache);
    }

    /// How the compiled-code cache has been used; `None` without one.
    pub fn cache_stats(&self) -> Option<CacheStats> {
        self.cache.as_ref().map(CodeCache::stats)
    }

    /// The limits evaluations run under.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Loads a plugin from `bytes`.
    pub fn load(&mut self, bytes: &[u8], origin: Origin) -> Result<&Plugin, LoadError> {
        let plugin = Plugin::load(&self.engine, &self.linker, &self.limits, self.cache.as_ref(), bytes, origin)?;
        self.add(plugin)
    }

    /// Loads several plugins: each is checked, compiled (or taken from the cache) and
    /// described on up to as many threads as evaluations may run at once (the instance
    /// pool has a slot for each), then added in the order given. One result per source,
    /// in order: the loaded plugin's name, or why it could not be loaded.
    pub fn load_many(&mut self, sources: Vec<(&[u8], Origin)>) -> Vec<Result<String, LoadError>> {
        let load = |(bytes, origin): (&[u8], Origin)| {
            Plugin::load(&self.engine, &self.linker, &self.limits, self.cache.as_ref(), bytes, origin)
        };
        let threads = self.concurrency.min(sources.len());
        let loaded: Vec<Result<Plugin, LoadError>> =
            match rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build() {
                Ok(pool) if threads > 1 => pool.install(|| sources.into_par_iter().map(load).collect()),
                _ => sources.into_iter().map(load).collect(),
            };
        loaded.into_iter().map(|plugin| Ok(self.add(plugin?)?.name.clone())).collect()
    }

    /// The loaded plugin called `name`.
    pub fn plugin(&self, name: &str) -> Option<&Plugin> {
        self.plugins.binary_search_by(|loaded| loaded.name.as_str().cmp(name)).ok().map(|at| &self.plugins[at])
    }

    /// Adds a loaded plugin, keeping the plugins sorted by name; a second plugin of the
    /// same name is refused.
    fn add(&mut self, plugin: Plugin) -> Result<&Plugin, LoadError> {
        if self.plugins.iter().any(|loaded| loaded.name == plugin.name) {
            return Err(LoadError::Duplicate(plugin.name));
        }
        let at = self.plugins.partition_point(|loaded| loaded.name < plugin.name);
        self.plugins.insert(at, plugin);
        Ok(&self.plugins[at])
    }

    /// The loaded plugins, sorted by name.
    pub fn plugins(&self) -> &[Plugin] {
        &self.plugins
    }

    /// What the rubric validator needs to know of the loaded plugins.
    pub fn catalog(&self) -> Catalog {
        Catalog { plugins: self.plugins.iter().map(Plugin::catalog_entry).collect() }
    }

    /// What each loaded check reads, by `plugin/check-id`.
    pub fn check_reads(&self) -> std::collections::BTreeMap<String, Reads> {
        self.plugins
            .iter()
            .flat_map(|plugin| {
                plugin.checks.iter().map(|check| (format!("{}/{}", plugin.name, check.id), check.reads.clone()))
            })
            .collect()
    }

    /// Groups a validated rubric's criteria by plugin, filling in parameter defaults.
    /// Criteria naming unknown plugins or checks are skipped: validate first.
    pub fn plan(&self, rubric: &Rubric) -> EvaluationPlan {
        self.plan_criteria(&rubric.criteria)
    }

    /// Groups criteria by plugin as [`Runtime::plan`] does, for criteria that do not
    /// come from a rubric file (such as a plugin author's fixtures).
    pub fn plan_criteria(&self, criteria: &[Criterion]) -> EvaluationPlan {
        let mut plans: Vec<PluginPlan> = Vec::new();
        for criterion in criteria {
            let Some(index) = self.plugins.iter().position(|p| p.name == criterion.plugin) else { continue };
            let Some(check) = self.plugins[index].check_index(&criterion.check) else { continue };
            let params = self.plugins[index].defaults[check]
                .iter()
                .map(|(name, default)| wit::Param {
                    name: name.clone(),
                    value: criterion
                        .params
                        .get(name)
                        .map_or_else(|| default.clone(), |given| param_value(given, default)),
                })
                .collect();
            let request = wit::Criterion { criterion_id: criterion.id.clone(), check: criterion.check.clone(), params };
            let reads = &self.plugins[index].checks[check].reads;
            match plans.iter_mut().find(|plan| plan.plugin == index) {
                Some(plan) => {
                    plan.criteria.push(request);
                    plan.reads.union(reads);
                }
                None => plans.push(PluginPlan { plugin: index, criteria: vec![request], reads: reads.clone() }),
            }
        }
        EvaluationPlan { plugins: plans }
    }

    /// What each plugin in `plan` is given of a dossier, by plugin name: the reads of
    /// the checks it is asked to evaluate, together.
    pub fn given(&self, plan: &EvaluationPlan) -> Vec<(String, Reads)> {
        plan.plugins.iter().map(|planned| (self.plugins[planned.plugin].name.clone(), planned.reads.clone())).collect()
    }

    /// Evaluates one vendor: each planned plugin in a fresh sandbox, as of `as_of`. The
    /// dossier is converted to WIT once; each plugin's request copies only what it reads,
    /// and 0.1 plugins share one whole dossier in the 0.1 shape, made when first needed.
    pub fn evaluate(&self, dossier: &Dossier, as_of: Date, plan: &EvaluationPlan) -> Vec<PluginRun> {
        let full = convert::dossier(dossier);
        let as_of_seconds = as_of.unix_seconds();
        let as_of = convert::date(as_of);
        let mut old: Option<Result<wit_v0_1::EvaluationRequest, String>> = None;
        plan.plugins
            .iter()
            .map(|planned| {
                let plugin = &self.plugins[planned.plugin];
                let call = match &plugin.pre {
                    Pre::Current(_) => Call::Current(Box::new(wit::EvaluationRequest {
                        as_of,
                        dossier: lowering::given(&full, &planned.reads),
                        criteria: planned.criteria.clone(),
                    })),
                    Pre::V0_1(_) => {
                        let request = old.get_or_insert_with(|| {
                            Ok(wit_v0_1::EvaluationRequest {
                                as_of: lowering::recast(&as_of).map_err(|error| error.to_string())?,
                                dossier: lowering::v0_1_dossier(&full).map_err(|error| error.to_string())?,
                                criteria: Vec::new(),
                            })
                        });
                        match (request, lowering::recast(&planned.criteria)) {
                            (Ok(request), Ok(criteria)) => {
                                request.criteria = criteria;
                                Call::V0_1(request)
                            }
                            (Err(reason), _) => Call::Unlowerable(reason.clone()),
                            (_, Err(error)) => Call::Unlowerable(error.to_string()),
                        }
                    }
                };
                self.run_plugin(plugin, call, &planned.criteria, as_of_seconds)
            })
            .collect()
    }

    fn run_plugin(
        &self,
        plugin: &Plugin,
        call: Call<'_>,
        criteria: &[wit::Criterion],
        as_of_seconds: i64,
    ) -> PluginRun {
        let mut store = sandbox::new_store(&self.engine, &self.limits, as_of_seconds, deadline_ticks(&self.limits));
        let result = match (&plugin.pre, call) {
            (Pre::Current(pre), Call::Current(request)) => {
                pre.instantiate(&mut store).and_then(|instance| instance.call_evaluate(&mut store, &request))
            }
            (Pre::V0_1(pre), Call::V0_1(request)) => pre
                .instantiate(&mut store)
                .and_then(|instance| instance.call_evaluate(&mut store, request))
                .and_then(|result| match result {
                    Ok(results) => lowering::recast(&results).map(Ok).map_err(wasmtime::Error::from),
                    Err(message) => Ok(Err(message)),
                }),
            (_, Call::Unlowerable(reason)) => {
                Err(wasmtime::Error::msg(format!("its dossier cannot be given in the 0.1 shape: {reason}")))
            }
            _ => Err(wasmtime::Error::msg("a request of the wrong contract version")),
        };
        let fuel_used = self.limits.fuel.saturating_sub(store.get_fuel().unwrap_or(0));
        // What a plugin stopped at its deadline logged and printed depends on how fast
        // the machine was: keep only the reason, so reruns give the same scorecard.
        let timed_out = matches!(&result, Err(error) if error.downcast_ref::<Trap>() == Some(&Trap::Interrupt));
        let captured = if timed_out { Captured::default() } else { store.data().captured() };
        let asked: Vec<&str> = criteria.iter().map(|c| c.criterion_id.as_str()).collect();
        let outcomes = match result {
            Err(error) => {
                // What a plugin that failed by itself said last (a panic, an exception)
                // says why; a limit's reason is complete.
                let reason = match failure_reason(&error, &self.limits) {
                    Failure::Own(reason) => match outcome::last_words(&captured.stderr) {
                        Some(said) => format!("{reason}; {said}"),
                        None => reason,
                    },
                    Failure::Limit(reason) => reason,
                };
                outcome::all_failed(&asked, &reason)
            }
            Ok(Err(message)) => {
                outcome::all_failed(&asked, &format!("plugin reported an error: {}", outcome::clip(&message, 500)))
            }
            Ok(Ok(results)) => outcome::validate(&asked, results, &self.limits),
        };
        PluginRun { plugin: plugin.name.clone(), outcomes, captured, fuel_used }
    }
}

/// One plugin call's request, in the contract version the plugin was built against.
enum Call<'a> {
    /// The current contract (boxed: the request is large beside the other cases).
    Current(Box<wit::EvaluationRequest>),
    /// Contract 0.1, shared by the vendor's 0.1 plugins.
    V0_1(&'a wit_v0_1::EvaluationRequest),
    /// The dossier could not be put in the 0.1 shape; the reason.
    Unlowerable(String),
}

fn param_value(given: &ParamValue, default: &wit::ParamValue) -> wit::ParamValue {
    match given {
        ParamValue::Boolean(v) => wit::ParamValue::Boolean(*v),
        ParamValue::Integer(v) if matches!(default, wit::ParamValue::Float(_)) => wit::ParamValue::Float(*v as f64),
        ParamValue::Integer(v) => wit::ParamValue::Integer(*v),
        ParamValue::Float(v) => wit::ParamValue::Float(*v),
        ParamValue::Text(v) => wit::ParamValue::Text(v.clone()),
        ParamValue::TextList(v) => wit::ParamValue::TextList(v.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loading_many_plugins_at_once_answers_each_in_order_and_fails_only_the_bad_ones() {
        let mut runtime = Runtime::with_concurrency(Limits::default(), 2).unwrap();
        let embedded = crate::embedded::PLUGINS;
        let mut sources: Vec<(&[u8], Origin)> =
            embedded.iter().rev().map(|(_, bytes)| (*bytes, Origin::Embedded)).collect();
        sources.insert(1, (b"not wasm", Origin::Embedded));
        sources.push((embedded[0].1, Origin::Embedded));
        let results = runtime.load_many(sources);
        assert_eq!(results.len(), embedded.len() + 2);
        let names: Vec<&str> = results.iter().filter_map(|result| result.as_deref().ok()).collect();
        let expected: Vec<&str> = embedded.iter().rev().map(|(name, _)| *name).collect();
        assert_eq!(names, expected, "one name per good source, in the order given");
        assert_eq!(results[1], Err(LoadError::NotWasm));
        assert_eq!(results.last(), Some(&Err(LoadError::Duplicate(embedded[0].0.to_owned()))));
        let loaded: Vec<&str> = runtime.plugins().iter().map(|plugin| plugin.name.as_str()).collect();
        assert!(loaded.is_sorted() && loaded.len() == embedded.len(), "{loaded:?}");
        assert!(embedded.iter().all(|(name, _)| runtime.plugin(name).is_some_and(|plugin| plugin.name == *name)));
        assert!(runtime.plugin("no-such-plugin").is_none());
    }
}
