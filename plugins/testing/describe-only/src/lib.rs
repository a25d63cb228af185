//! TEST ONLY — never shipped. Half a riskcard plugin: it exports `describe` but not
//! `evaluate`, so it cannot serve the `riskcard:plugin/plugin` world.

wit_bindgen::generate!({
    inline: "package test:partial;\n\nworld describe-only {\n    use riskcard:plugin/checks@0.2.0.{description};\n    export describe: func() -> description;\n}\n",
    path: "../../../wit",
    generate_all,
});

struct DescribeOnly;

impl Guest for DescribeOnly {
    fn describe() -> Description {
        Description { name: "describe-only".to_owned(), version: "0.0.1".to_owned(), checks: Vec::new() }
    }
}

export!(DescribeOnly);
