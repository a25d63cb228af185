//! Synthetic vendor dossiers for benchmarks and scale tests: deterministic for a seed,
//! as large and varied as real ones (each starts from one of the example vendors), and
//! always valid.
//!
//! Each dossier is an example vendor with a new id and name, some optional sections
//! left out, some yes/no answers flipped, some numbers halved or doubled and every date
//! shifted by one offset (so issued/expires and incident timelines stay in order).

use std::io;
use std::path::Path;

use toml::{Table, Value};

/// The example vendors the synthetic ones are derived from.
const TEMPLATES: [&str; 5] = [
    include_str!("../../examples/vendors/bluepeak-crm.toml"),
    include_str!("../../examples/vendors/harbor-sales.toml"),
    include_str!("../../examples/vendors/lumen-leads.toml"),
    include_str!("../../examples/vendors/northwind-crm.toml"),
    include_str!("../../examples/vendors/quillstack-crm.toml"),
];

/// Top-level sections a vendor must always have.
const REQUIRED: [&str; 1] = ["vendor"];

/// The id of synthetic vendor `index`.
pub fn vendor_id(index: usize) -> String {
    format!("vendor-{index:06}")
}

/// Synthetic vendor `index` of the portfolio generated from `seed`, as TOML text.
pub fn dossier_toml(seed: u64, index: usize) -> String {
    let mut rng = fastrand::Rng::with_seed(seed ^ (index as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let template = TEMPLATES[rng.usize(..TEMPLATES.len())];
    let mut table: Table = toml::from_str(template).unwrap_or_default();
    table.retain(|key, _| REQUIRED.contains(&key) || rng.u8(..10) != 0);
    if let Some(Value::Table(vendor)) = table.get_mut("vendor") {
        vendor.insert("id".into(), Value::String(vendor_id(index)));
        vendor.insert("name".into(), Value::String(format!("Synthetic Vendor {index}")));
    }
    let shift = time::Duration::days(rng.i64(-365..=365));
    for (_, value) in table.iter_mut().filter(|(key, _)| *key != "vendor") {
        vary(value, &mut rng, shift);
    }
    reconcile(&mut table);
    toml::to_string(&table).unwrap_or_default()
}

/// Undoes what flipping booleans made contradictory, which a dossier may not be: a
/// programme `assurance` describes that `trust` says does not exist, and phishing-resistant
/// factors required but not offered.
fn reconcile(table: &mut Table) {
    let flag = |table: &Table, section: &str, key: &str| {
        table.get(section).and_then(|section| section.get(key)).and_then(Value::as_bool)
    };
    for programme in ["vulnerability_disclosure", "bug_bounty"] {
        if flag(table, "trust", programme) == Some(false)
            && let Some(Value::Table(assurance)) = table.get_mut("assurance")
        {
            assurance.remove(programme);
        }
    }
    if let Some(Value::Table(access)) = table.get_mut("access_control") {
        let offered = access
            .get("mfa_factors")
            .and_then(Value::as_array)
            .is_none_or(|factors| factors.iter().any(|factor| factor.as_str() == Some("phishing-resistant")));
        if !offered && access.contains_key("phishing_resistant_enforceable") {
            access.insert("phishing_resistant_enforceable".into(), Value::Boolean(false));
        }
    }
}

/// Flips booleans, scales counts and shifts dates throughout `value`.
fn vary(value: &mut Value, rng: &mut fastrand::Rng, shift: time::Duration) {
    match value {
        Value::Boolean(flag) if rng.u8(..10) == 0 => *flag = !*flag,
        Value::Integer(number) if *number > 1 && rng.u8(..5) == 0 => {
            *number = if rng.bool() { *number / 2 } else { number.saturating_mul(2) };
        }
        Value::Datetime(datetime) => {
            if let Some(date) = datetime.date.as_mut() {
                *date = shifted(*date, shift);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| vary(item, rng, shift)),
        Value::Table(table) => table.iter_mut().for_each(|(_, item)| vary(item, rng, shift)),
        _ => {}
    }
}

fn shifted(date: toml::value::Date, shift: time::Duration) -> toml::value::Date {
    let moved = time::Month::try_from(date.month)
        .and_then(|month| time::Date::from_calendar_date(i32::from(date.year), month, date.day))
        .ok()
        .and_then(|calendar| calendar.checked_add(shift));
    match moved {
        Some(moved) => toml::value::Date {
            year: u16::try_from(moved.year()).unwrap_or(date.year),
            month: u8::from(moved.month()),
            day: moved.day(),
        },
        None => date,
    }
}

/// Writes `count` synthetic dossiers generated from `seed` into `dir` (created if
/// missing), one `<vendor id>.toml` each.
pub fn write_portfolio(dir: &Path, seed: u64, count: usize) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for index in 0..count {
        std::fs::write(dir.join(format!("{}.toml", vendor_id(index))), dossier_toml(seed, index))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier;

    #[test]
    fn same_seed_same_dossiers_and_other_seed_other_dossiers() {
        assert_eq!(dossier_toml(7, 3), dossier_toml(7, 3));
        assert_ne!(dossier_toml(7, 3), dossier_toml(8, 3));
        assert_ne!(dossier_toml(7, 3), dossier_toml(7, 4));
    }

    #[test]
    fn every_generated_dossier_loads_and_they_vary() {
        let dir = tempfile::tempdir().unwrap();
        write_portfolio(dir.path(), 42, 200).unwrap();
        let mut sections = std::collections::BTreeSet::new();
        let mut distinct = std::collections::BTreeSet::new();
        for index in 0..200 {
            let path = dir.path().join(format!("{}.toml", vendor_id(index)));
            let loaded = dossier::load(&path).unwrap_or_else(|problems| panic!("{path:?}: {problems}"));
            assert_eq!(loaded.dossier.vendor.id, vendor_id(index));
            sections.insert((loaded.dossier.encryption.is_some(), loaded.dossier.backup.is_some()));
            let mut card = loaded.dossier.clone();
            card.vendor.id.clear();
            card.vendor.name.clear();
            distinct.insert(format!("{card:?}"));
        }
        assert_eq!(sections.len(), 4, "optional sections are sometimes left out");
        assert!(distinct.len() > 150, "only {} distinct dossiers out of 200", distinct.len());
    }
}
