//! Turns a plugin's table of [`Check`]s into the `describe` and `evaluate` exports:
//! parameter defaults are filled in, unknown checks are refused, and each criterion
//! gets exactly one result.

use crate::bindings::riskcard::plugin::evidence::Dossier;
use crate::{
    CheckResult, CheckSpec, Date, Description, EvaluationRequest, EvidenceReads, ParamSpec, ParamType, ParamValue,
    Params, Practice, Section, Verdict,
};

/// A parameter's default value; `const`-friendly so check tables can be statics.
#[derive(Debug, Clone, Copy)]
pub enum DefaultValue {
    /// A boolean.
    Boolean(bool),
    /// A whole number.
    Integer(i64),
    /// A fractional number.
    Float(f64),
    /// A string.
    Text(&'static str),
    /// A list of strings.
    TextList(&'static [&'static str]),
}

impl DefaultValue {
    fn param_type(self) -> ParamType {
        match self {
            Self::Boolean(_) => ParamType::Boolean,
            Self::Integer(_) => ParamType::Integer,
            Self::Float(_) => ParamType::Float,
            Self::Text(_) => ParamType::Text,
            Self::TextList(_) => ParamType::TextList,
        }
    }

    /// The default as a WIT parameter value.
    pub fn value(self) -> ParamValue {
        match self {
            Self::Boolean(value) => ParamValue::Boolean(value),
            Self::Integer(value) => ParamValue::Integer(value),
            Self::Float(value) => ParamValue::Float(value),
            Self::Text(value) => ParamValue::Text(value.to_owned()),
            Self::TextList(values) => ParamValue::TextList(values.iter().map(|v| (*v).to_owned()).collect()),
        }
    }
}

/// A parameter a check accepts.
#[derive(Debug, Clone, Copy)]
pub struct ParamDecl {
    /// Name as written in rubrics.
    pub name: &'static str,
    /// What it controls.
    pub description: &'static str,
    /// Its type and default.
    pub default: DefaultValue,
}

/// What a check sees: the as-of date and the vendor's evidence.
pub struct Context {
    /// The date the assessment is made for.
    pub as_of: Date,
    /// The vendor's evidence.
    pub dossier: Dossier,
}

/// The evidence a check reads: the host gives a plugin only the dossier sections and
/// extensions its requested checks declare; everything else is `none` or left out.
#[derive(Debug, Clone, Copy)]
pub struct Reads {
    /// The dossier sections read.
    pub sections: &'static [Section],
    /// Prefixes of the extension keys read, e.g. "pci." for "pci.segmentation".
    pub extension_prefixes: &'static [&'static str],
}

impl Reads {
    /// Reads `sections` and no extensions.
    pub const fn sections(sections: &'static [Section]) -> Self {
        Self { sections, extension_prefixes: &[] }
    }

    /// Also reads the extension keys starting with one of `prefixes`.
    pub const fn and_extensions(self, prefixes: &'static [&'static str]) -> Self {
        Self { sections: self.sections, extension_prefixes: prefixes }
    }
}

/// One check a plugin provides.
pub struct Check {
    /// Identifier, unique within the plugin.
    pub id: &'static str,
    /// Short human title.
    pub title: &'static str,
    /// The practice it serves.
    pub practice: Practice,
    /// The parameters it accepts.
    pub params: &'static [ParamDecl],
    /// The evidence it reads; declare the least it needs.
    pub reads: Reads,
    /// The check's logic.
    pub run: fn(&Context, &Params) -> Verdict,
}

/// The `describe` export for a plugin made of `checks`.
pub fn describe(name: &str, version: &str, checks: &[Check]) -> Description {
    Description {
        name: name.to_owned(),
        version: version.to_owned(),
        checks: checks
            .iter()
            .map(|check| CheckSpec {
                id: check.id.to_owned(),
                title: check.title.to_owned(),
                practice: check.practice,
                params: check
                    .params
                    .iter()
                    .map(|decl| ParamSpec {
                        name: decl.name.to_owned(),
                        type_: decl.default.param_type(),
                        description: decl.description.to_owned(),
                        default: decl.default.value(),
                    })
                    .collect(),
                reads: EvidenceReads {
                    sections: check.reads.sections.to_vec(),
                    extension_prefixes: check.reads.extension_prefixes.iter().map(|p| (*p).to_owned()).collect(),
                },
            })
            .collect(),
    }
}

/// The `evaluate` export for a plugin made of `checks`: one result per criterion, in
/// the order asked. An unknown check or an ill-typed parameter fails the whole call.
pub fn evaluate(checks: &[Check], request: EvaluationRequest) -> Result<Vec<CheckResult>, String> {
    let context = Context { as_of: request.as_of, dossier: request.dossier };
    request
        .criteria
        .into_iter()
        .map(|criterion| {
            let check = checks
                .iter()
                .find(|check| check.id == criterion.check)
                .ok_or_else(|| format!("this plugin has no check `{}`", criterion.check))?;
            let params = Params::resolve(check.params, criterion.params)?;
            let verdict = (check.run)(&context, &params);
            Ok(CheckResult {
                criterion_id: criterion.criterion_id,
                status: verdict.status,
                score: verdict.score.min(100),
                findings: verdict.findings,
            })
        })
        .collect()
}
