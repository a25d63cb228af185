//! `riskcard collect`: check every dossier and output path first, collect each vendor's
//! public evidence (live, recorded or replayed), write each collected-evidence file
//! atomically, and report failed sources on stderr without failing the run.

use std::io::IsTerminal as _;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use riskcard::collect::{self, AddressPolicy, CollectedFile, ExtraCa, FetchSettings, Mode, Settings};
use riskcard::diagnostics::{Diagnostic, Diagnostics};
use riskcard::dossier::{self, Date, Dossier};
use riskcard::fsio::write_atomic;
use riskcard::inputfile::{self, InputKind};

use super::assess::load_dossiers;
use super::parse_date;

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// Dossier files (.toml or .json), or directories of them.
    #[arg(required = true, value_name = "DOSSIER_OR_DIR")]
    dossiers: Vec<PathBuf>,
    /// Where to write the collected-evidence files. Default: beside each dossier.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// At most this many sources fetched at once.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    jobs: u16,
    /// Also store every raw response in DIR, for --replay.
    #[arg(long, value_name = "DIR", conflicts_with = "replay")]
    record: Option<PathBuf>,
    /// Collect from responses recorded with --record, with no network.
    #[arg(long, value_name = "DIR")]
    replay: Option<PathBuf>,
    /// Allow private and loopback addresses, and plain http (local test servers); never
    /// link-local or cloud metadata addresses.
    #[arg(long)]
    allow_private: bool,
    /// Allow this one non-public address, link-local and metadata ones included (repeatable), and plain http.
    #[arg(long, value_name = "IP")]
    allow_address: Vec<IpAddr>,
    /// Also trust the CA certificate(s) in this PEM file (testing and lab servers; shown in the collected evidence).
    #[arg(long, value_name = "FILE", conflicts_with = "replay")]
    ca_cert: Option<PathBuf>,
    /// Per-request timeout in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
    timeout: u64,
    /// Also look up known breaches of each vendor's domain in a public breach catalogue
    /// (this sends the domain to the catalogue).
    #[arg(long)]
    breaches: bool,
    /// The breach catalogue asked with --breaches: a URL answering `?domain=` as Have I Been Pwned's breach list does.
    #[arg(long, value_name = "URL", requires = "breaches", default_value = collect::DEFAULT_BREACH_CATALOGUE)]
    breach_catalogue: url::Url,
    /// Also look up the e-mail security of each vendor's domain in DNS: SPF, DMARC and
    /// MTA-STS (with its HTTPS policy).
    #[arg(long)]
    email_security: bool,
    /// Also shake hands with each vendor's login host (vendor.app_url) to learn the TLS
    /// versions it offers and its certificate's issuer and expiry.
    #[arg(long)]
    tls: bool,
    /// Ask this DNS server (IP:PORT) instead of the system's resolvers (testing and lab servers).
    #[arg(long, value_name = "IP:PORT", requires = "email_security", conflicts_with = "replay")]
    dns_server: Option<std::net::SocketAddr>,
    /// The date facts are judged at, YYYY-MM-DD. Default: today (UTC), or the recording's date with --replay.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
}

pub fn run(args: CollectArgs) -> anyhow::Result<ExitCode> {
    let dossiers = load_dossiers(&args.dossiers, None)?;
    let targets =
        dossiers.iter().map(|loaded| dossier::collected_path(&loaded.path, args.out.as_deref())).collect::<Vec<_>>();
    let mut problems = Vec::new();
    for (index, target) in targets.iter().enumerate() {
        if targets[..index].contains(target) {
            problems.push(
                Diagnostic::new(
                    &dossiers[index].path,
                    format!("its collected evidence would overwrite another's at {}", target.display()),
                )
                .help("give dossiers in one --out directory distinct file names"),
            );
        } else {
            match inputfile::read(target, InputKind::Collected) {
                Ok(existing) if !collect::written_by_riskcard(&existing) => problems.push(
                    Diagnostic::new(target, "exists and was not written by `riskcard collect`; it is left alone")
                        .help("move or rename it, or collect into another directory with --out"),
                ),
                Err(error) if !error.is_not_found() => problems.push(error.diagnostic(target)),
                _ => {}
            }
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems).into());
    }
    if let Some(out) = &args.out {
        riskcard::fsio::prepare_output_dir(out)?;
    }

    let extra_roots = match &args.ca_cert {
        Some(path) => ExtraCa::read(path)
            .map_err(|error| {
                Diagnostics(vec![
                    Diagnostic::new(path, error.to_string())
                        .help("give --ca-cert a PEM file of CA certificates, e.g. the CA your lab server's certificate was issued by"),
                ])
            })?
            .certificates,
        None => Vec::new(),
    };
    let settings = Settings {
        as_of: args.as_of,
        jobs: usize::from(args.jobs),
        fetch: FetchSettings {
            timeout: Duration::from_secs(args.timeout),
            policy: AddressPolicy { allow_private: args.allow_private, allow_addresses: args.allow_address.clone() },
            extra_roots,
            dns_server: args.dns_server,
            ..FetchSettings::default()
        },
        mode: match (&args.replay, &args.record) {
            (Some(dir), _) => Mode::Replay(dir.clone()),
            (None, record) => Mode::Live { record: record.clone() },
        },
        breaches: args.breaches.then(|| args.breach_catalogue.clone()),
        email_security: args.email_security,
        tls: args.tls,
    };
    let progress = if dossiers.len() > 1 && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(dossiers.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("collecting {bar:30} {pos}/{len} vendors {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let vendors: Vec<&Dossier> = dossiers.iter().map(|loaded| &loaded.dossier).collect();
    let files = collect::collect(&vendors, &settings, &|file: &CollectedFile| {
        progress.set_message(file.vendor.clone());
        progress.inc(1);
    })?;
    progress.finish_and_clear();

    for (file, target) in files.iter().zip(&targets) {
        write_atomic(target, &file.to_json()).with_context(|| format!("cannot write {}", target.display()))?;
        for failure in file.failures() {
            say_err!(
                "warning: {}: {} failed ({}): {}",
                file.vendor,
                failure.source.label(),
                failure.url.as_deref().unwrap_or("-"),
                failure.reason.as_deref().unwrap_or("unknown reason")
            );
        }
        let collected = file.sources.iter().filter(|s| s.outcome == collect::Outcome::Collected).count();
        let tried = file.sources.iter().filter(|s| s.outcome != collect::Outcome::Skipped).count();
        say!(
            "{}: {} fact(s) from {collected} of {tried} source(s) -> {}",
            file.vendor,
            file.facts.len(),
            target.display()
        );
    }
    if let Some(dir) = &args.record {
        say!("recorded the responses in {}", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}
