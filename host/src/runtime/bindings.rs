//! Host bindings generated from the `riskcard:plugin` WIT package; nothing else lives here.

wasmtime::component::bindgen!({
    path: "../wit",
    world: "riskcard:plugin/plugin",
    // `log` may trap: a plugin over its log limits is stopped, not ignored.
    imports: { "riskcard:plugin/host.log": trappable },
});
