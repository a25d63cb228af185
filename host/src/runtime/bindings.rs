//! Host bindings generated from the `riskcard:plugin` WIT packages the host speaks: the
//! current contract (`wit/`) and, in [`v0_1`], contract 0.1.0 as kept in
//! `wit/history/0.1.0`; nothing else lives here. Both derive serde so that the dossier
//! given to 0.1 plugins is made from the current one generically (see `compat`).

wasmtime::component::bindgen!({
    path: "../wit",
    world: "riskcard:plugin/plugin",
    // `log` may trap: a plugin over its log limits is stopped, not ignored.
    imports: { "riskcard:plugin/host.log": trappable },
    additional_derives: [serde::Serialize, serde::Deserialize, PartialEq],
});

/// Contract 0.1.0, for plugins built against it.
pub mod v0_1 {
    wasmtime::component::bindgen!({
        path: "../wit/history/0.1.0",
        world: "riskcard:plugin/plugin",
        imports: { "riskcard:plugin/host.log": trappable },
        additional_derives: [serde::Serialize, serde::Deserialize],
    });
}
