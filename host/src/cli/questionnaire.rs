//! `riskcard questionnaire`: write the self-contained HTML form a vendor fills in.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use riskcard::questionnaire::{Plan, render};

#[derive(Debug, Args)]
pub struct QuestionnaireArgs {
    /// Ask only for the evidence this rubric's checks read.
    #[arg(long, value_name = "FILE")]
    rubric: Option<PathBuf>,
    /// Start from this dossier (TOML or JSON): what the analyst already has.
    #[arg(long, value_name = "DOSSIER")]
    prefill: Option<PathBuf>,
    /// Where to write the form.
    #[arg(long, value_name = "FORM.html")]
    out: PathBuf,
}

pub fn run(args: QuestionnaireArgs) -> anyhow::Result<ExitCode> {
    let rubric = args.rubric.as_deref().map(riskcard::rubric::Rubric::load).transpose()?;
    let prefill = args.prefill.as_deref().map(riskcard::dossier::load).transpose()?;
    let plan = Plan::new(rubric.as_ref(), prefill.as_ref().map(|loaded| &loaded.dossier))?;
    if !plan.unknown_checks.is_empty() {
        say_err!(
            "warning: riskcard does not know what {} read{}, so the form asks for every section",
            plan.unknown_checks.join(", "),
            if plan.unknown_checks.len() == 1 { "s" } else { "" }
        );
    }
    let html = render(&plan)?;
    let dir = args.out.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(".".as_ref());
    riskcard::fsio::prepare_output_dir(dir)?;
    riskcard::fsio::write_atomic(&args.out, html.as_bytes())
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    say!(
        "wrote {} ({} section(s){}); send it to the vendor, then `riskcard assess` the file they save",
        args.out.display(),
        plan.section_paths().len(),
        plan.rubric.as_deref().map(|rubric| format!(" for {rubric}")).unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}
