//! TEST ONLY — never shipped. A plugin built against `riskcard:plugin@1.0.0` (see
//! `wit/`), a major version this riskcard does not speak.

wit_bindgen::generate!({ path: "wit", world: "riskcard:plugin/plugin@1.0.0" });

struct FutureApi;

impl Guest for FutureApi {
    fn describe() -> String {
        riskcard::plugin::host::log("describing myself with the 1.0 contract");
        "api-v1".to_owned()
    }
}

export!(FutureApi);
