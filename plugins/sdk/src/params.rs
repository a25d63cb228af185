//! A check's parameters: the rubric's values over the check's declared defaults.

use crate::{Param, ParamDecl, ParamValue};

/// Resolved parameters of one criterion; every declared parameter has a value.
#[derive(Debug, Clone)]
pub struct Params {
    values: Vec<(&'static str, ParamValue)>,
}

impl Params {
    /// Resolves `given` against `decls`: defaults fill the gaps; an undeclared name or
    /// a value of the wrong type is an error naming the parameter.
    pub fn resolve(decls: &'static [ParamDecl], given: Vec<Param>) -> Result<Self, String> {
        let mut values: Vec<(&'static str, ParamValue)> =
            decls.iter().map(|decl| (decl.name, decl.default.value())).collect();
        for param in given {
            let slot = values
                .iter_mut()
                .find(|(name, _)| *name == param.name)
                .ok_or_else(|| format!("unknown parameter `{}`", param.name))?;
            let value =
                coerce(&slot.1, param.value).ok_or_else(|| format!("parameter `{}` has the wrong type", param.name))?;
            slot.1 = value;
        }
        Ok(Self { values })
    }

    /// Builds parameters from the defaults alone; handy in unit tests.
    pub fn defaults(decls: &'static [ParamDecl]) -> Self {
        Self::resolve(decls, Vec::new()).expect("defaults always resolve")
    }

    /// The same parameters with `name` set to `value`; for unit tests.
    pub fn with(mut self, name: &str, value: ParamValue) -> Self {
        let slot = self
            .values
            .iter_mut()
            .find(|(declared, _)| *declared == name)
            .unwrap_or_else(|| panic!("parameter `{name}` is not declared"));
        slot.1 = coerce(&slot.1, value).unwrap_or_else(|| panic!("parameter `{name}` has the wrong type"));
        self
    }

    fn get(&self, name: &str) -> &ParamValue {
        self.values
            .iter()
            .find(|(declared, _)| *declared == name)
            .map(|(_, value)| value)
            .unwrap_or_else(|| panic!("check reads undeclared parameter `{name}`"))
    }

    /// A boolean parameter.
    pub fn boolean(&self, name: &str) -> bool {
        match self.get(name) {
            ParamValue::Boolean(value) => *value,
            other => panic!("parameter `{name}` is {other:?}, not a boolean"),
        }
    }

    /// A whole-number parameter.
    pub fn integer(&self, name: &str) -> i64 {
        match self.get(name) {
            ParamValue::Integer(value) => *value,
            other => panic!("parameter `{name}` is {other:?}, not an integer"),
        }
    }

    /// A numeric parameter; integers are widened.
    pub fn float(&self, name: &str) -> f64 {
        match self.get(name) {
            ParamValue::Float(value) => *value,
            ParamValue::Integer(value) => *value as f64,
            other => panic!("parameter `{name}` is {other:?}, not a number"),
        }
    }

    /// A string parameter.
    pub fn text(&self, name: &str) -> &str {
        match self.get(name) {
            ParamValue::Text(value) => value,
            other => panic!("parameter `{name}` is {other:?}, not a string"),
        }
    }

    /// A list-of-strings parameter.
    pub fn text_list(&self, name: &str) -> &[String] {
        match self.get(name) {
            ParamValue::TextList(values) => values,
            other => panic!("parameter `{name}` is {other:?}, not a list of strings"),
        }
    }
}

/// `value` if it fits the type of `declared`; an integer is accepted where a float is.
fn coerce(declared: &ParamValue, value: ParamValue) -> Option<ParamValue> {
    match (declared, value) {
        (ParamValue::Float(_), ParamValue::Integer(v)) => Some(ParamValue::Float(v as f64)),
        (declared, value) if std::mem::discriminant(declared) == std::mem::discriminant(&value) => Some(value),
        _ => None,
    }
}
