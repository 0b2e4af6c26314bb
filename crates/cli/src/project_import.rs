//! `kumppani import-projects FILE [--dry-run]`: projects from a project
//! server's MSPDI XML or CSV export, as the unit head would import them.

use anyhow::{Context, Result, bail};
use clap::Args;
use kumppani_app::{Db, policy, project_import};
use kumppani_domain::Actor;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// An MS Project XML (MSPDI) file or its CSV export.
    pub file: PathBuf,
    /// Report what would be created without writing anything.
    #[arg(long)]
    pub dry_run: bool,
}

pub async fn run(db: &Db, args: ImportArgs) -> Result<()> {
    let bytes = std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    // The command line acts as Kumppani itself (an administrator), so the
    // importer does not become every project's Executive.
    let actor = Actor::system_named("kumppani import-projects");
    let permit = policy::permit(db, &actor).await?;
    let report = match project_import::import_projects(db, &permit, &bytes, args.dry_run).await {
        Ok(r) => r,
        Err(kumppani_app::AppError::Invalid(e)) => {
            let codes: Vec<String> = e.0.iter().map(|f| format!("{}: {}", f.field, f.code)).collect();
            bail!("the file was not imported: {}", codes.join(", "))
        }
        Err(e) => return Err(e.into()),
    };
    let verb = if report.dry_run { "Would create" } else { "Created" };
    println!("{verb} {} project(s):", report.created.len());
    for r in &report.created {
        println!("  line {}: {} [{}]", r.line, r.name, r.external_id);
    }
    println!("Already in the register: {}", report.existing.len());
    for r in &report.existing {
        println!("  line {}: {} [{}]", r.line, r.name, r.external_id);
    }
    if !report.unknown_managers.is_empty() {
        println!("Not created, project manager unknown: {}", report.unknown_managers.len());
        for u in &report.unknown_managers {
            println!("  line {}: {} (manager {:?})", u.line, u.name, u.manager);
        }
    }
    for p in &report.problems {
        println!("  line {}: {} {}", p.line, p.field, p.code);
    }
    Ok(())
}
