//! `kumppani import customers|contacts|activities FILE.csv`: loads a CSV
//! file through the same use case as the upload page and the API, with a
//! progress bar, and lists every rejected row with its line and reason.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, anyhow};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use kumppani_app::{Db, data_import, policy};
use kumppani_domain::Actor;
use kumppani_domain::data_import::ImportKind;
use kumppani_web::Lang;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the file holds: customers, contacts or activities (columns in the README).
    #[arg(value_parser = ["customers", "contacts", "activities"])]
    pub kind: String,
    /// A CSV file with a header row, UTF-8, comma-separated.
    pub file: PathBuf,
    /// Language of the row errors: fi, sv or en.
    #[arg(long, default_value = "en")]
    pub lang: String,
}

pub async fn run(db: &Db, args: ImportArgs) -> Result<()> {
    let t = Lang::parse(&args.lang).ok_or_else(|| anyhow!("unknown language {:?}: use fi, sv or en", args.lang))?;
    let kind = ImportKind::parse(&args.kind).map_err(|_| anyhow!("unknown kind {:?}", args.kind))?;
    let file = std::fs::File::open(&args.file).with_context(|| format!("opening {}", args.file.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let actor = Actor::system_named("kumppani cli");
    let permit = policy::permit::<policy::cap::ImportData>(db, &actor).await?;

    // Drawn on standard error, and only when it is a terminal.
    let bar = ProgressBar::new(size);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let name = args.file.file_name().map_or_else(|| args.file.display().to_string(), |n| n.to_string_lossy().into());
    let started = Instant::now();
    let reader = std::io::BufReader::with_capacity(1 << 20, file);
    let result = data_import::run(db, &permit, kind, &name, reader, &|p| {
        bar.set_position(p.bytes);
        bar.set_message(format!("{} rows", p.rows));
    })
    .await;
    bar.finish_and_clear();
    let report = result.map_err(|e| match e {
        kumppani_app::AppError::Invalid(invalid) => {
            let lines: Vec<String> = invalid.0.iter().map(|f| format!("{}: {}", f.field, t.t(f.code))).collect();
            anyhow!("{} cannot be imported: {}", args.file.display(), lines.join("; "))
        }
        other => anyhow!(other),
    })?;
    for e in &report.errors {
        eprintln!("line {}: {}: {}", e.line, e.field, t.t(&e.code));
    }
    if report.rejected as usize > report.errors.len() {
        eprintln!("… and more: {} rows rejected in all", report.rejected);
    }
    println!(
        "Imported {} from {}: {} rows, {} created, {} already imported, {} rejected{} in {:.2} s.",
        report.kind,
        report.file,
        report.rows,
        report.created,
        report.unchanged,
        report.rejected,
        if report.segments_created > 0 { format!(", {} new segments", report.segments_created) } else { String::new() },
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
