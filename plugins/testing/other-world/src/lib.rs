//! TEST ONLY — never shipped. A well-formed component for a world that is not
//! riskcard's: it exports `run` instead of `describe` and `evaluate`.

wit_bindgen::generate!({
    inline: "package test:other;\n\nworld other {\n    export run: func() -> string;\n}\n",
});

struct Other;

impl Guest for Other {
    fn run() -> String {
        "not a riskcard plugin".to_owned()
    }
}

export!(Other);
