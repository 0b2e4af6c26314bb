//! `kumppani read-mail FILE...`: e-mail saved as `.eml` files or mbox
//! mailboxes (a mail fetcher's spool, say) read into customer contacts
//! through the same use case as the upload page and the API. Safe to run
//! again on the same files: a message already read is skipped.

use std::path::PathBuf;

use anyhow::{Context, Result, anyhow};
use clap::Args;
use kumppani_app::requests::mail;
use kumppani_app::{Db, policy};
use kumppani_domain::Actor;
use kumppani_web::Lang;

#[derive(Debug, Args)]
pub struct MailArgs {
    /// `.eml` files and mbox mailboxes.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Language of the reasons: fi, sv or en.
    #[arg(long, default_value = "en")]
    pub lang: String,
}

pub async fn run(db: &Db, args: MailArgs) -> Result<()> {
    let t = Lang::parse(&args.lang).ok_or_else(|| anyhow!("unknown language {:?}: use fi, sv or en", args.lang))?;
    let actor = Actor::system_named("kumppani cli");
    let permit = policy::permit::<policy::cap::RecordRequests>(db, &actor).await?;
    let (mut imported, mut duplicates, mut refused) = (0, 0, 0);
    for file in &args.files {
        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        let report = mail::import(db, &permit, &bytes).await?;
        for m in report.messages.iter().filter(|m| m.result == "refused") {
            let reason = m.reason.as_deref().map(|r| t.t(r)).unwrap_or_default();
            eprintln!("{} #{}: {}: {reason}", file.display(), m.number, m.subject);
        }
        imported += report.imported;
        duplicates += report.duplicates;
        refused += report.refused;
    }
    println!(
        "Read {} files: {imported} contacts recorded, {duplicates} already read, {refused} refused.",
        args.files.len()
    );
    Ok(())
}
