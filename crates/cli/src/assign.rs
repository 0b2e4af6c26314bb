//! `kumppani assign`: the portfolio rebalance from the command line. Prints
//! the proposal (`--dry-run`, the default) or applies it (`--apply`) as the
//! system actor, audited like any change.

use anyhow::{Result, anyhow, bail};
use clap::Args;
use kumppani_app::balance::{self, ApplyChange, ApplyRequest, Outcome, Plan, Refusal, Request};
use kumppani_app::{Db, policy};
use kumppani_domain::Actor;
use kumppani_web::Lang;

#[derive(Debug, Args)]
pub struct AssignArgs {
    /// Print the proposal and change nothing (the default).
    #[arg(long, conflicts_with = "apply")]
    pub dry_run: bool,
    /// Apply the proposal: all changes in one transaction, audited.
    #[arg(long)]
    pub apply: bool,
    /// Workloads within fair share ± this many per cent.
    #[arg(long, value_name = "N", default_value_t = balance::DEFAULT_TOLERANCE)]
    pub tolerance: u32,
    /// Do not require every manager to hold every segment.
    #[arg(long)]
    pub no_every_segment: bool,
    /// A customer (by id) that keeps its manager; repeatable.
    #[arg(long = "pin", value_name = "ID")]
    pub pin: Vec<i64>,
    /// A manager (username) who holds no customers afterwards; repeatable.
    #[arg(long, value_name = "USERNAME")]
    pub leaving: Vec<String>,
    /// A person (username) who starts holding customers; repeatable.
    #[arg(long, value_name = "USERNAME")]
    pub joining: Vec<String>,
    /// Also propose a deputy for every customer.
    #[arg(long)]
    pub deputies: bool,
    /// Workload is the sum of the customers' workload weights, not their number.
    #[arg(long)]
    pub by_weight: bool,
    /// Language of the output: fi, sv or en.
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// Solve a benchmark instance (JSON) instead of the database's
    /// customers; needs --out. See `kumppani assign --help`.
    #[arg(long, value_name = "INSTANCE.json", requires = "out", conflicts_with_all = ["apply", "dry_run", "pin", "leaving", "joining", "deputies", "by_weight", "no_every_segment"])]
    pub instance: Option<std::path::PathBuf>,
    /// Where --instance writes its solution (JSON).
    #[arg(long, value_name = "SOLUTION.json", requires = "instance")]
    pub out: Option<std::path::PathBuf>,
}

/// The message arguments the optimizer's reasons use.
const ARGS: [&str; 11] =
    ["customer", "manager", "segment", "pinned", "max", "movable", "needed", "min", "total", "managers", "nodes"];

pub async fn run(db: &Db, args: AssignArgs) -> Result<()> {
    let t = Lang::parse(&args.lang).ok_or_else(|| anyhow!("unknown language {:?}: use fi, sv or en", args.lang))?;
    let actor = Actor::system_named("kumppani cli");
    let read = policy::permit::<policy::cap::ReadCustomers>(db, &actor).await?;
    let edit = policy::permit::<policy::cap::EditCustomers>(db, &actor).await?;
    let people = balance::people(db, &read).await?;
    let ids = |names: &[String]| -> Result<Vec<i64>> {
        names
            .iter()
            .map(|n| {
                let n = n.trim().to_lowercase();
                people.iter().find(|p| p.username == n).map(|p| p.id).ok_or_else(|| anyhow!("no such user: {n}"))
            })
            .collect()
    };
    let request = Request {
        every_segment: !args.no_every_segment,
        tolerance_percent: args.tolerance,
        by_weight: args.by_weight,
        pinned: args.pin.clone(),
        leaving: ids(&args.leaving)?,
        joining: ids(&args.joining)?,
        deputies: args.deputies,
    };
    let plan = match balance::propose(db, &edit, &request).await.map_err(crate::describe)? {
        Outcome::Proposed(plan) => plan,
        Outcome::Infeasible(r) => bail!("{}\n{}", reason_text(t, &r), nearest_text(t, &r)),
    };
    print!("{}", report(t, &plan));
    if !args.apply {
        println!("{}", t.t("cli-assign-dry-run"));
        return Ok(());
    }
    let change = |customer_id, to, version| ApplyChange { customer_id, to, version };
    let req = ApplyRequest {
        moves: plan.moves.iter().map(|m| change(m.customer_id, m.to, m.version)).collect(),
        deputy_changes: plan.deputy_changes.iter().map(|d| change(d.customer_id, d.to, d.version)).collect(),
    };
    let applied = balance::apply(db, &edit, &req).await.map_err(crate::describe)?;
    let counts =
        [("count", applied.changed.len().to_string()), ("cleared", applied.deputies_cleared.len().to_string())];
    println!("{}", t.t_args("balance-applied", &counts));
    Ok(())
}

fn reason_text(t: Lang, r: &Refusal) -> String {
    let args: Vec<(&'static str, String)> =
        ARGS.iter().filter_map(|&k| r.args.get(k).map(|v| (k, v.clone()))).collect();
    format!("{}: {}", t.t("balance-infeasible-title"), t.t_args(&r.code, &args))
}

fn nearest_text(t: Lang, r: &Refusal) -> String {
    match &r.nearest {
        Some(n) => {
            let every = t.t(if n.every_segment { "yes" } else { "no" });
            let hint = if n.every_segment { String::new() } else { " --no-every-segment".to_owned() };
            let text = t.t_args("balance-nearest", &[("tolerance", n.tolerance_percent.to_string()), ("every", every)]);
            format!("{text} (--tolerance {}{hint})", n.tolerance_percent)
        }
        None => t.t("balance-nearest-none"),
    }
}

/// The proposal as plain-text tables.
pub fn report(t: Lang, p: &Plan) -> String {
    let mut out = String::new();
    let dash = || "–".to_owned();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    let weight = p.request.by_weight;
    let measure = if weight { "balance-by-weight-option" } else { "balance-by-count-option" };
    line(format!("{}: {}", t.t("balance-measure"), t.t(measure)));
    line(format!("{}: {}", t.t("balance-method"), t.t(p.method.code())));
    let proven = if p.proven_optimal {
        t.t(if weight { "balance-proven-yes-weight" } else { "balance-proven-yes" })
    } else {
        t.t_args("balance-not-proven", &[("bound", p.lower_bound.to_string())])
    };
    line(format!("{}: {proven}", t.t("balance-proven")));
    let moved = [("count", p.objective.to_string()), ("unavoidable", p.unavoidable.to_string())];
    let objective = if weight { "balance-objective-weight" } else { "balance-objective" };
    line(format!("{}: {}", t.t(objective), t.t_args("balance-moved", &moved)));
    let band = [("min", p.load_min.to_string()), ("max", p.load_max.to_string())];
    let band_key = if weight { "balance-band-weight" } else { "balance-band" };
    line(format!("{}: {}", t.t("balance-band-label"), t.t_args(band_key, &band)));
    line(String::new());
    line(format!("{} ({})", t.t("balance-moves-title"), p.moves.len()));
    if p.moves.is_empty() {
        line(t.t("balance-moves-none"));
    } else {
        let head = [t.t("customer-title"), t.t("label-segment_id"), t.t("balance-from"), t.t("balance-to")];
        line(format!(
            "{:>6}  {:<40} {:<26} {:<20} {:<20} {}",
            "#",
            head[0],
            head[1],
            head[2],
            head[3],
            t.t("balance-why")
        ));
        for m in &p.moves {
            let from = m.from_name.clone().unwrap_or_else(dash);
            let why = t.t(m.reason.code());
            line(format!(
                "{:>6}  {:<40} {:<26} {:<20} {:<20} {why}",
                m.customer_id, m.customer_name, m.segment_name, from, m.to_name
            ));
        }
    }
    if p.request.deputies {
        line(String::new());
        line(format!("{} ({})", t.t("balance-deputies-title"), p.deputy_changes.len()));
        let head = [t.t("customer-title"), t.t("balance-from"), t.t("balance-to"), t.t("balance-why")];
        if !p.deputy_changes.is_empty() {
            line(format!("{:>6}  {:<40} {:<20} {:<20} {}", "#", head[0], head[1], head[2], head[3]));
        }
        for d in &p.deputy_changes {
            let from = d.from_name.clone().unwrap_or_else(dash);
            let why = t.t(d.reason.code());
            line(format!("{:>6}  {:<40} {:<20} {:<20} {why}", d.customer_id, d.customer_name, from, d.to_name));
        }
    }
    line(String::new());
    line(t.t("balance-loads-title"));
    let head = [
        t.t("label-manager_id"),
        t.t("balance-before"),
        t.t("balance-after"),
        t.t("balance-weight-before"),
        t.t("balance-weight-after"),
    ];
    line(format!("{:<26} {:>18} {:>18} {:>22} {:>22}", head[0], head[1], head[2], head[3], head[4]));
    for l in &p.loads {
        line(format!("{:<26} {:>18} {:>18} {:>22} {:>22}", l.name, l.before, l.after, l.weight_before, l.weight_after));
    }
    out
}
