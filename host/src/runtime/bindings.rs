//! Host bindings generated from the `riskcard:plugin` WIT package; nothing else lives here.

wasmtime::component::bindgen!({
    path: "../wit",
    world: "riskcard:plugin/plugin",
});
