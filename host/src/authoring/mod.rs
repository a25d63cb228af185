//! Tools for plugin authors: the contract this host speaks ([`wit`]), a project
//! scaffold ([`scaffold`]), golden fixtures run in the real sandbox ([`fixture`]) and
//! evaluation cost statistics ([`bench`]). Nothing else in riskcard depends on them.

pub mod bench;
pub mod fixture;
pub mod scaffold;
pub mod wit;
