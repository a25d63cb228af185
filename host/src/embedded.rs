//! The first-party plugins, compiled from `plugins/` for wasm32-wasip2 by the build
//! script and embedded in the binary, so an installed riskcard works on its own.

include!(concat!(env!("OUT_DIR"), "/embedded_plugins.rs"));
