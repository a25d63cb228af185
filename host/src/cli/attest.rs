//! `riskcard attest` and `riskcard verify`: sign a scorecard as an in-toto attestation
//! in a DSSE envelope, and check one against a trust policy — optionally proving the
//! grade by assessing the inputs again and requiring byte-identical JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;
use riskcard::assess;
use riskcard::attest::{self, VerifyError};
use riskcard::diagnostics::{Diagnostic, Diagnostics};
use riskcard::fsio::write_atomic;
use riskcard::inputfile::{self, InputKind};
use riskcard::report::{self, site};
use riskcard::rubric::Rubric;
use riskcard::trust::{SecretKey, TrustPolicy};

use super::assess::{load_dossiers, merge_collected, run_context};
use super::plugins::{PluginArgs, RuntimeSettings, load_runtime};

#[derive(Debug, Args)]
pub struct AttestArgs {
    /// The scorecard JSON written by `riskcard assess`.
    scorecard: PathBuf,
    /// The secret key file from `riskcard plugin keygen`.
    #[arg(long, value_name = "KEY")]
    key: PathBuf,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The scorecard JSON; its attestation is read from `<vendor>.intoto.json` beside it.
    scorecard: PathBuf,
    /// The attestation, when it is not beside the scorecard.
    #[arg(long, value_name = "FILE")]
    attestation: Option<PathBuf>,
    /// Assess the inputs again and require byte-identical JSON (needs --dossier and --rubric).
    #[arg(long, requires_all = ["dossier", "rubric"])]
    recompute: bool,
    /// The vendor's dossier, for --recompute.
    #[arg(long, value_name = "FILE", requires = "recompute")]
    dossier: Option<PathBuf>,
    /// The rubric, for --recompute.
    #[arg(long, value_name = "FILE", requires = "recompute")]
    rubric: Option<PathBuf>,
    /// Where `riskcard collect --out` wrote collected evidence, for --recompute.
    #[arg(long, value_name = "DIR", requires = "recompute")]
    collected: Option<PathBuf>,
    /// The trust policy (--trust, required) lists the publishers whose scorecards are
    /// accepted; --plugins and the sandbox limits must match the original run.
    #[command(flatten)]
    plugins: PluginArgs,
}

pub fn attest(args: AttestArgs) -> anyhow::Result<ExitCode> {
    let key = SecretKey::load(&args.key)?;
    let card = site::read_scorecard(&args.scorecard)?;
    let path = attest::attestation_path(&args.scorecard);
    write_atomic(&path, &attest::attest(&card.scorecard, &card.json, &key))
        .with_context(|| format!("cannot write {}", path.display()))?;
    println!("signed {} with {}; wrote {}", args.scorecard.display(), key.public_key(), path.display());
    Ok(ExitCode::SUCCESS)
}

/// `text` with control characters escaped, so a hostile name cannot drive the terminal.
fn visible(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

/// Reports a scorecard that is not verified, with the reason, and exits 1.
fn not_verified(scorecard: &Path, reason: &str) -> anyhow::Result<ExitCode> {
    eprintln!("NOT VERIFIED: {}: {}", scorecard.display(), visible(reason));
    Ok(ExitCode::from(1))
}

pub fn verify(args: VerifyArgs, settings: &RuntimeSettings) -> anyhow::Result<ExitCode> {
    let Some(trust) = args.plugins.trust_path() else {
        anyhow::bail!("verify needs --trust FILE: the trust policy listing the publishers whose scorecards you accept");
    };
    let policy = TrustPolicy::load(trust)?;
    let card = site::read_scorecard(&args.scorecard)?;
    let attestation = args.attestation.clone().unwrap_or_else(|| attest::attestation_path(&args.scorecard));
    let Ok(envelope) = inputfile::read(&attestation, InputKind::Attestation) else {
        return not_verified(
            &args.scorecard,
            &format!("it is not signed: there is no attestation at {}", attestation.display()),
        );
    };
    let verified =
        match attest::verify(&envelope, &card.json, &card.scorecard, &policy) {
            Ok(verified) => verified,
            Err(VerifyError::NotVerified(reason)) => return not_verified(&args.scorecard, &reason),
            Err(error @ VerifyError::Malformed(_)) => {
                return Err(Diagnostics::from(Diagnostic::new(&attestation, error.to_string()).help(
                    "an attestation is the <vendor>.intoto.json that `riskcard attest` or `assess --sign` writes",
                ))
                .into());
            }
        };
    let mut proof = String::new();
    if let (true, Some(dossier), Some(rubric)) = (args.recompute, &args.dossier, &args.rubric) {
        let recomputed = recompute(dossier, rubric, args.collected.as_deref(), &args, &card.scorecard, settings)?;
        if let Err(reason) = same_json(&card.scorecard, &card.json, &recomputed) {
            return not_verified(&args.scorecard, &format!("the inputs do not reproduce it: {reason}"));
        }
        proof = format!("; recomputed byte-identically from {} and {}", dossier.display(), rubric.display());
    }
    let predicate = &verified.statement.predicate;
    println!(
        "VERIFIED: {} is signed by \"{}\" ({}): grade {}, score {}, coverage {}, as of {}{proof}",
        args.scorecard.display(),
        visible(&verified.publisher),
        verified.key,
        visible(&predicate.grade),
        predicate.score,
        predicate.coverage,
        predicate.as_of,
    );
    Ok(ExitCode::SUCCESS)
}

/// The JSON of the scorecard assessed again from `dossier` and `rubric`, as of the
/// original scorecard's date.
fn recompute(
    dossier: &Path,
    rubric: &Path,
    collected: Option<&Path>,
    args: &VerifyArgs,
    original: &assess::Scorecard,
    settings: &RuntimeSettings,
) -> anyhow::Result<Vec<u8>> {
    let loaded = load_dossiers(&[dossier.to_owned()], None).and_then(|loaded| merge_collected(loaded, collected))?;
    let rubric = Rubric::load(rubric)?;
    let runtime = load_runtime(&args.plugins, settings)?;
    rubric.validate(&runtime.catalog())?;
    let plan = runtime.plan(&rubric);
    let context = run_context(&runtime, &rubric, original.as_of, None);
    let loaded = loaded.into_iter().next().context("no dossier to assess")?;
    let scorecard =
        assess::score(&rubric, &loaded, &runtime.evaluate(&loaded.dossier, original.as_of, &plan), &context);
    Ok(report::scorecard_json(&scorecard))
}

/// Whether `recomputed` is exactly `json`; otherwise which input differs, or the first
/// line that does.
fn same_json(original: &assess::Scorecard, json: &[u8], recomputed: &[u8]) -> Result<(), String> {
    if json == recomputed {
        return Ok(());
    }
    let Ok(again) = serde_json::from_slice::<assess::Scorecard>(recomputed) else {
        return Err("the recomputed scorecard differs".to_owned());
    };
    let (before, after) = (&original.provenance, &again.provenance);
    let mut changed = Vec::new();
    if before.dossier_sha256 != after.dossier_sha256 {
        changed.push(format!(
            "the dossier's sha256 is {}, the scorecard's {}",
            after.dossier_sha256, before.dossier_sha256
        ));
    }
    if before.rubric.sha256 != after.rubric.sha256 {
        changed
            .push(format!("the rubric's sha256 is {}, the scorecard's {}", after.rubric.sha256, before.rubric.sha256));
    }
    if before.collected.as_ref().map(|c| &c.sha256) != after.collected.as_ref().map(|c| &c.sha256) {
        changed.push("the collected evidence differs".to_owned());
    }
    if before.plugins != after.plugins {
        changed.push("the plugins differ".to_owned());
    }
    if before.riskcard_version != after.riskcard_version {
        changed.push(format!("riskcard is {}, the scorecard's {}", after.riskcard_version, before.riskcard_version));
    }
    if changed.is_empty() {
        let old = String::from_utf8_lossy(json);
        let new = String::from_utf8_lossy(recomputed);
        let line = old
            .lines()
            .zip(new.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| old.lines().count().min(new.lines().count()))
            + 1;
        changed.push(format!("the recomputed JSON first differs at line {line}"));
    }
    Err(changed.join("; "))
}
