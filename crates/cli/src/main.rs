//! The `kumppani` binary: parses the command line and wires things together.
//! Everything it runs lives in the library crates.

mod assign;
mod backup;
mod config;
mod data_import;
mod instance;
mod mail;
mod project_import;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use kumppani_app::{Db, demo, policy, users};
use kumppani_domain::{Actor, Role, UserDraft};
use std::io::BufRead;
use std::path::PathBuf;
use std::time::Duration;

/// Kumppani: account management and PRINCE2 project governance for IT
/// service centres. Every option can also be set in a TOML file
/// (--config, or ./kumppani.toml) and in KUMPPANI_* environment variables.
#[derive(Debug, Parser)]
#[command(name = "kumppani", version, about, long_about = None)]
struct Cli {
    /// TOML configuration file (default: ./kumppani.toml when present).
    #[arg(long, global = true, env = "KUMPPANI_CONFIG")]
    config: Option<PathBuf>,
    /// Database: sqlite://FILE (created if missing) or postgres://USER@HOST/DB.
    /// Default sqlite://kumppani.db.
    #[arg(long, global = true, env = "KUMPPANI_DATABASE_URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web application (migrates the database first).
    Serve(ServeArgs),
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Fill an empty database with a realistic demo service centre.
    Demo(DemoArgs),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Propose (--dry-run) or apply (--apply) a portfolio rebalance; or
    /// solve a benchmark instance file (--instance IN.json --out OUT.json).
    Assign(assign::AssignArgs),
    /// Copy the whole database while it runs: a SQLite file (VACUUM INTO),
    /// or on PostgreSQL the portable dump.
    Backup(backup::BackupArgs),
    /// Write the portable dump (JSON lines) that either database restores.
    Export(backup::BackupArgs),
    /// Load a portable dump into an empty database (all or nothing).
    Restore(backup::RestoreArgs),
    /// Import projects from an MS Project XML (MSPDI) or CSV file.
    ImportProjects(project_import::ImportArgs),
    /// Load customers, contacts or activities from a CSV file.
    Import(data_import::ImportArgs),
    /// Read e-mail (.eml files, mbox mailboxes) into customer contacts.
    ReadMail(mail::MailArgs),
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Address to listen on. Default 127.0.0.1:8080.
    #[arg(long, env = "KUMPPANI_LISTEN")]
    listen: Option<String>,
    /// Fill the database with demo data if it is empty.
    #[arg(long, env = "KUMPPANI_DEMO")]
    demo: bool,
}

#[derive(Debug, Args)]
struct DemoArgs {
    /// How many customers to generate.
    #[arg(long, default_value_t = 60)]
    customers: usize,
    /// Random seed; the same seed gives the same data.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// How many projects (with stakeholders, communication plans and lessons).
    #[arg(long, default_value_t = demo::DEMO_PROJECTS)]
    projects: usize,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create a user. The password is read from standard input (one line)
    /// with --password-stdin; otherwise a random one is generated and printed.
    Add {
        #[arg(long)]
        username: String,
        /// The name shown to other people.
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: Option<String>,
        /// administrator, unit_head, partnership_manager, project_manager, staff or external_board_member.
        #[arg(long, default_value = "staff", conflicts_with = "admin")]
        role: String,
        /// Make the user an administrator (the first one is created this way).
        #[arg(long)]
        admin: bool,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disable a user: they cannot sign in and their sessions end at once.
    Disable {
        #[arg(long)]
        username: String,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let env: Vec<(String, String)> = std::env::vars().collect();
    let mut settings = config::load(cli.config.as_deref(), &env).context("reading configuration")?;
    if let Some(url) = &cli.database_url {
        settings.database_url.clone_from(url);
    }
    init_logging(&settings.log_format);
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(run(cli.command, settings))
}

fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KUMPPANI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if format == "json" { builder.json().init() } else { builder.init() }
}

async fn open(settings: &config::Settings) -> Result<Db> {
    let db = Db::connect(&settings.database_url)
        .await
        .with_context(|| format!("opening {}", config::redact(&settings.database_url)))?;
    db.migrate().await.context("migrating the database")?;
    Ok(db)
}

async fn run(command: Command, mut settings: config::Settings) -> Result<()> {
    match command {
        Command::Serve(args) => {
            if let Some(listen) = args.listen {
                settings.listen = listen;
            }
            serve(settings, args.demo).await
        }
        Command::Migrate => {
            open(&settings).await?;
            println!("Database {} is up to date.", config::redact(&settings.database_url));
            Ok(())
        }
        Command::Demo(args) => {
            let db = open(&settings).await?;
            if !demo::is_empty(&db).await? {
                bail!("the database already has data; demo data goes only into an empty database");
            }
            let opts = demo::DemoOptions { customers: args.customers, seed: args.seed };
            let started = std::time::Instant::now();
            let total = args.customers;
            let c =
                demo::generate_centre(&db, &opts, args.projects, &|done| eprint!("\r{done}/{total} customers")).await?;
            eprintln!();
            let (summary, p) = (&c.base, &c.projects);
            println!(
                "Generated {} customers, {} contacts, {} service subscriptions, {} users, {} account plan events, \
                 {} projects ({} stakeholders, {} communication lines, {} lessons), {} projects with boards \
                 and {} customer contacts in {:.1} s.",
                summary.customers,
                summary.contacts,
                summary.subscriptions,
                summary.users,
                summary.plans.events,
                p.projects,
                p.stakeholders,
                p.lines,
                p.lessons,
                c.boarded_projects,
                c.requests,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::User(cmd) => user_command(&open(&settings).await?, cmd).await,
        Command::Assign(args) => match (&args.instance, &args.out) {
            // A benchmark instance needs no database.
            (Some(input), Some(output)) => instance::run(input, output),
            _ => assign::run(&open(&settings).await?, args).await,
        },
        Command::Backup(args) => backup::backup(&open(&settings).await?, args).await,
        Command::Export(args) => backup::export(&open(&settings).await?, args).await,
        Command::Restore(args) => backup::restore(&open(&settings).await?, args).await,
        Command::ImportProjects(args) => project_import::run(&open(&settings).await?, args).await,
        Command::Import(args) => data_import::run(&open(&settings).await?, args).await,
        Command::ReadMail(args) => mail::run(&open(&settings).await?, args).await,
    }
}

async fn serve(settings: config::Settings, with_demo: bool) -> Result<()> {
    let db = open(&settings).await?;
    if with_demo && demo::is_empty(&db).await? {
        tracing::info!("empty database: generating demo data");
        let opts = demo::DemoOptions::default();
        demo::generate_centre(&db, &opts, demo::DEMO_PROJECTS, &|_| {}).await?;
        println!("Demo data created. Sign in as kp.virtanen (partnership manager), esimies (unit head) or admin;");
        println!("every demo user's password is {:?}.", demo::DEMO_PASSWORD);
    }
    let listener = tokio::net::TcpListener::bind(&settings.listen)
        .await
        .with_context(|| format!("listening on {}", settings.listen))?;
    let address = listener.local_addr()?;
    let public_url = settings.public_url(address).map_err(anyhow::Error::msg)?;
    if public_url.is_none() {
        tracing::warn!("public_url is not set: calendar feed addresses are shown as paths");
    }
    let state = kumppani_web::AppState {
        db: db.clone(),
        config: kumppani_web::WebConfig {
            secure_cookies: settings.secure_cookies,
            idle_timeout: Duration::from_secs(settings.session_idle_minutes * 60),
            absolute_timeout: Duration::from_secs(settings.session_absolute_hours * 3600),
            public_url,
            trusted_proxy_header: settings.trusted_proxy_header().map_err(anyhow::Error::msg)?,
            ..kumppani_web::WebConfig::default()
        },
    };
    if let Some(url) = settings.desk_webhook_url.as_deref().filter(|u| !u.trim().is_empty()) {
        let secret = settings.desk_webhook_secret.as_deref().unwrap_or("");
        let hook = kumppani_app::requests::handover::Webhook::new(url, secret, state.config.public_url.clone())
            .map_err(anyhow::Error::msg)?;
        tokio::spawn(push_hand_overs(db.clone(), hook));
    }
    println!("Kumppani is running at http://{address}/");
    tracing::info!(%address, database = %config::redact(&settings.database_url), "serving");
    kumppani_web::serve(listener, state, shutdown_signal()).await?;
    db.close().await;
    Ok(())
}

/// Pushes hand-overs to the service desk's webhook every 15 seconds.
async fn push_hand_overs(db: Db, hook: kumppani_app::requests::handover::Webhook) {
    let client = match kumppani_app::requests::handover::client() {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "the service desk webhook client could not start");
            return;
        }
    };
    loop {
        if let Err(e) = kumppani_app::requests::handover::push_due(&db, &hook, &client).await {
            tracing::warn!(error = %e, "pushing hand-overs to the service desk failed; trying again");
        }
        tokio::time::sleep(Duration::from_secs(15)).await;
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
}

async fn user_command(db: &Db, cmd: UserCommand) -> Result<()> {
    let actor = Actor::system_named("kumppani cli");
    let permit = policy::permit::<policy::cap::ManageUsers>(db, &actor).await.map_err(describe)?;
    match cmd {
        UserCommand::Add { username, name, email, role, admin, password_stdin } => {
            let role = if admin { Role::Administrator.as_str().to_owned() } else { role };
            let (password, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line).context("reading the password")?;
                (line.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (kumppani_app::auth::random_password(), true)
            };
            let draft = UserDraft { username, display_name: name, email, role, active: true };
            let user = users::create(db, &permit, &draft, Some(&password)).await.map_err(describe)?;
            println!("Created user {} ({}).", user.username, user.role.as_str());
            if generated {
                println!("Password: {password}");
            }
            Ok(())
        }
        UserCommand::Disable { username } => {
            let user = users::find(db, &permit, &username).await.map_err(describe)?;
            let draft = UserDraft { active: false, ..users::draft_of(&user) };
            users::update(db, &permit, user.id, user.version, &draft).await.map_err(describe)?;
            println!("Disabled user {username}; their sessions have ended.");
            Ok(())
        }
    }
}

/// Field errors as a readable line for the terminal.
fn describe(e: kumppani_app::AppError) -> anyhow::Error {
    match e {
        kumppani_app::AppError::Invalid(invalid) => {
            let lines: Vec<String> = invalid.0.iter().map(|f| format!("{}: {}", f.field, f.code)).collect();
            anyhow::anyhow!("invalid input: {}", lines.join(", "))
        }
        kumppani_app::AppError::NotFound => anyhow::anyhow!("no such user"),
        other => anyhow::anyhow!(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_takes_the_documented_options() {
        let cli = Cli::try_parse_from([
            "kumppani",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database-url",
            "sqlite://x.db",
            "--demo",
        ])
        .expect("parses");
        assert_eq!(cli.database_url.as_deref(), Some("sqlite://x.db"));
        match cli.command {
            Command::Serve(a) => assert!(a.demo && a.listen.as_deref() == Some("127.0.0.1:0")),
            other => panic!("parsed as {other:?}"),
        }
    }
}
