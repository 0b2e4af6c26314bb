//! `kumppani backup | export | restore`: copies of the whole database.
//! `backup` on SQLite is `VACUUM INTO` (a ready-to-use database file); the
//! portable dump (`export`, and `backup` on PostgreSQL) is JSON lines that
//! either backend can `restore`, which is also how data moves between them.

use anyhow::{Context, Result, bail};
use clap::Args;
use kumppani_app::Db;
use kumppani_app::{Backend, backup as dump};
use std::io::{BufReader, BufWriter, Write};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write. Must not exist yet.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A dump written by `kumppani export` (or `backup` on PostgreSQL).
    #[arg(long)]
    from: PathBuf,
}

pub async fn backup(db: &Db, args: BackupArgs) -> Result<()> {
    refuse_existing(&args.out)?;
    if db.backend() == Backend::Sqlite {
        let path = args.out.to_str().context("the backup path must be valid UTF-8")?;
        db.vacuum_into(path).await.context("writing the backup")?;
        println!("Backed up to {} (a SQLite database; integrity check ok).", args.out.display());
        return Ok(());
    }
    export(db, args).await
}

pub async fn export(db: &Db, args: BackupArgs) -> Result<()> {
    refuse_existing(&args.out)?;
    let file = std::fs::File::create_new(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    let mut out = BufWriter::new(file);
    let summary = match dump::export(db, &mut out).await {
        Ok(summary) => summary,
        Err(e) => {
            drop(out);
            let _ = std::fs::remove_file(&args.out);
            return Err(e).context("exporting");
        }
    };
    out.flush().context("writing the dump")?;
    out.get_ref().sync_all().context("syncing the dump to disk")?;
    println!("Exported {} rows from {} tables to {}.", summary.rows, summary.tables, args.out.display());
    Ok(())
}

pub async fn restore(db: &Db, args: RestoreArgs) -> Result<()> {
    let file = std::fs::File::open(&args.from).with_context(|| format!("opening {}", args.from.display()))?;
    let summary = dump::restore(db, BufReader::new(file)).await.context("restoring (nothing was written)")?;
    println!("Restored {} rows into {} tables.", summary.rows, summary.tables);
    Ok(())
}

fn refuse_existing(path: &std::path::Path) -> Result<()> {
    if path.exists() {
        bail!("{} exists already; choose a new file", path.display());
    }
    Ok(())
}
