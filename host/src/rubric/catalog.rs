//! What the loaded plugins offer, as the rubric validator needs to know it: plugin
//! names and versions, their checks, and each check's parameters and types.

use semver::Version;

use crate::practice::Practice;
use crate::reads::Reads;

/// The type of a check parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// true or false.
    Boolean,
    /// A whole number.
    Integer,
    /// A number, possibly fractional.
    Float,
    /// A string.
    Text,
    /// A list of strings.
    TextList,
}

impl ParamKind {
    /// How the type is written in messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Boolean => "a boolean",
            Self::Integer => "an integer",
            Self::Float => "a number",
            Self::Text => "a string",
            Self::TextList => "a list of strings",
        }
    }
}

/// A parameter a check accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogParam {
    /// Its name.
    pub name: String,
    /// Its type.
    pub kind: ParamKind,
}

/// A check a plugin provides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogCheck {
    /// Its identifier within the plugin.
    pub id: String,
    /// The practice it declares it serves.
    pub practice: Practice,
    /// Its parameters.
    pub params: Vec<CatalogParam>,
    /// What it reads of a dossier.
    pub reads: Reads,
}

/// A loaded plugin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogPlugin {
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: Version,
    /// Its checks.
    pub checks: Vec<CatalogCheck>,
}

/// Every loaded plugin.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// The plugins, sorted by name.
    pub plugins: Vec<CatalogPlugin>,
}

impl Catalog {
    /// The plugin called `name`.
    pub fn plugin(&self, name: &str) -> Option<&CatalogPlugin> {
        self.plugins.iter().find(|plugin| plugin.name == name)
    }
}

impl CatalogPlugin {
    /// The check called `id`.
    pub fn check(&self, id: &str) -> Option<&CatalogCheck> {
        self.checks.iter().find(|check| check.id == id)
    }
}
