//! `hrrules eval`: every employee's figures.

use super::data_options::{say, source_error, DataOptions};
use super::fail;
use hrrules::attendance::Timesheets;
use hrrules::data::Record;
use hrrules::{Binding, Format, LoadOptions, Period, Policy, Renderer};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Evaluate every employee row of the data.
#[derive(clap::Args)]
pub struct Args {
    /// The rule file.
    rules: PathBuf,
    /// Employee data: CSV (header row), JSON (array of objects), or a workbook sheet
    /// (`.xlsx`, `.xls`, `.ods`; `book.xlsx#销售明细` names the sheet). Repeat to join files.
    /// `-` reads standard input (a workbook by its signature, JSON if it starts with `[` or
    /// `{`, else CSV).
    #[arg(long = "data", required = true)]
    data: Vec<PathBuf>,
    /// The column joining several data files and naming each employee.
    #[arg(long, default_value = "employee_id")]
    key: String,
    /// The pay period, YYYY-MM (default: the month of the policy's `effective` date).
    #[arg(long)]
    period: Option<String>,
    /// Output format. `jsonl`: one line per employee with the period and every named value
    /// (not only the shown ones), the history later months read.
    #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
    format: EvalFormat,
    /// Evaluate only these employees (values of the key column), in the order of the data.
    /// Repeat, or separate with commas: `--employee E004,E012`.
    #[arg(long = "employee", value_name = "ID", value_delimiter = ',')]
    employees: Vec<String>,
    /// Show these figures, in this order, instead of the policy's `[outputs]`: inputs, params,
    /// values, `kpi`, `kpi.sales`, `kpi.grade`, `commission.rate`, ... Repeat, or separate
    /// with commas: `--show sales_amount,commission.rate,commission`.
    #[arg(long = "show", value_name = "NAME", value_delimiter = ',')]
    show: Vec<String>,
    /// Attendance records (punches, timesheets, leave, client visits): CSV or JSON, classified
    /// by the policy's `[attendance]` rules into the `attendance.*` measures. Repeat for
    /// several files.
    #[arg(long = "records", value_name = "FILE")]
    records: Vec<PathBuf>,
    /// Earlier months, as `--format jsonl` wrote them: files, or folders of `.jsonl` files.
    /// `ytd`, `ytd_before`, `prev` and `ytd_months` read them. Repeat for several.
    #[arg(long = "history", value_name = "FILE")]
    history: Vec<PathBuf>,
    /// How the data and records files are read.
    #[command(flatten)]
    data_options: DataOptions,
}

/// Output formats of `eval`: those of the other commands, and JSON lines.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum EvalFormat {
    Table,
    Csv,
    Json,
    Jsonl,
}

pub fn run(load: &LoadOptions, a: Args) -> ExitCode {
    let Args {
        rules,
        data,
        key,
        period,
        format,
        employees,
        show,
        records: record_files,
        history,
        data_options,
    } = a;
    data_options.warn_unused(&[&data, &record_files]);
    let period = period.as_deref();
    let policy = match load.load(&rules) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let Some(month) = pay_period(&policy, period) else {
        return ExitCode::from(1);
    };
    let plan = match plan_showing(&policy, month, &show) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let dataset = match read_data(&data, &key, &data_options, &[&policy]) {
        Ok(d) => d,
        Err(status) => return status,
    };
    if period.is_none() {
        let _ = writeln!(
            std::io::stderr(),
            "note: no --period given; computing {month}, the month of the policy's `effective` date"
        );
    }
    let records = (&record_files[..], &data_options);
    let binding = match bind(&policy, &dataset, month, &key, records, &history) {
        Ok(b) => b,
        Err(status) => return status,
    };
    let sheets = binding.timesheets();
    let every = employees.is_empty();
    // Population figures are computed over everyone, whoever is shown.
    let team = plan.passes() > 0;
    let records = match chosen(dataset, &employees, &key, team) {
        Ok(r) => r,
        Err(status) => return status,
    };
    let shown: Option<std::collections::HashSet<&str>> =
        (team && !every).then(|| employees.iter().map(String::as_str).collect());
    let format = match format {
        EvalFormat::Table => Format::Table,
        EvalFormat::Csv => Format::Csv,
        EvalFormat::Json => Format::Json,
        EvalFormat::Jsonl => Format::Jsonl,
    };
    let stdout = std::io::stdout().lock();
    let columns = plan.outputs().map(str::to_string).collect();
    let mut out = match Renderer::new(std::io::BufWriter::new(stdout), format, &key, columns) {
        Ok(out) => out.with_period(month),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            return ExitCode::from(1);
        }
    };
    let mut failed = 0usize;
    let mut io_error = None;
    let mut seen = std::collections::HashSet::new();
    let figures = hrrules::evaluate_all((&plan, &binding), records, |o| {
        if shown
            .as_ref()
            .is_some_and(|s| !s.contains(o.employee.as_str()))
        {
            return;
        }
        failed += usize::from(o.result.is_err());
        if sheets.is_some() {
            seen.insert(o.employee.clone());
        }
        if io_error.is_none() {
            io_error = out.push(&o).err();
        }
    });
    // Records of people the data does not have: an error row each, after the others.
    if let (Some(sheets), true) = (sheets, every) {
        for row in hrrules::batch::sources::strangers(sheets, &seen) {
            failed += 1;
            if io_error.is_none() {
                io_error = out.push(&row).err();
            }
        }
    }
    if let Some(team) = figures.pairs.first() {
        footer(&mut out, format, team);
    }
    // A million employees' figures take a while to free, and the process ends here: the
    // system takes the memory back at once.
    std::mem::forget(figures);
    let finished = out.finish();
    if let Some(e) = io_error.or(finished.err()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let e = e.to_string();
            let e = hrrules::text::escape_controls(&e);
            let _ = writeln!(std::io::stderr(), "error: writing the output: {e}");
            return ExitCode::from(1);
        }
    }
    ExitCode::from(if failed > 0 { 2 } else { 0 })
}

/// The month's plan, showing the `--show` figures when they are given; the exit status after
/// saying why there is none.
fn plan_showing(
    policy: &Policy,
    month: Period,
    show: &[String],
) -> Result<hrrules::Plan, ExitCode> {
    let plan = policy.plan(month).map_err(fail)?;
    if show.is_empty() {
        return Ok(plan);
    }
    let names: Vec<&str> = show.iter().map(String::as_str).collect();
    plan.showing(&names).map_err(|e| {
        let _ = writeln!(std::io::stderr(), "error: --show: {e}");
        ExitCode::from(1)
    })
}

/// The records to evaluate: all, or those of `--employee` (all the same when population
/// figures need everyone: `team`); the exit status after saying which ids are unknown.
fn chosen(
    dataset: hrrules::data::Dataset,
    employees: &[String],
    key: &str,
    team: bool,
) -> Result<Box<dyn Iterator<Item = Record>>, ExitCode> {
    if employees.is_empty() {
        return Ok(Box::new(dataset.records()));
    }
    if team {
        let all: Vec<Record> = dataset.records().collect();
        select(all.iter().cloned(), employees, key)?;
        return Ok(Box::new(all.into_iter()));
    }
    let picked = select(dataset.records(), employees, key)?;
    Ok(Box::new(picked.into_iter()))
}

/// The population figures reconciled: under the table, or on stderr for the other formats.
fn footer<W: Write>(out: &mut Renderer<W>, format: Format, team: &[hrrules::FigureSummary]) {
    if format == Format::Table {
        out.team(team);
    } else {
        let mut err = std::io::stderr().lock();
        let _ = hrrules::report::team::write_figures(&mut err, team);
    }
}

/// The month to compute: `--period`, or the month of the policy's `effective` date. `None`
/// after saying on stderr why there is none.
pub fn pay_period(policy: &Policy, period: Option<&str>) -> Option<Period> {
    let found = match period {
        Some(text) => text.parse::<Period>().map_err(|e| format!("--period: {e}")),
        None => policy
            .default_period()
            .ok_or_else(|| "the policy has no `effective` date; give --period YYYY-MM".to_string()),
    };
    found
        .map_err(|e| writeln!(std::io::stderr(), "error: {e}"))
        .ok()
}

/// What a one-month subcommand (`explain`, `payslip`) computes with: the month, the plan,
/// the data, and the data's binding with its records and history.
pub struct MonthRun {
    pub month: Period,
    pub plan: hrrules::Plan,
    pub dataset: hrrules::data::Dataset,
    pub binding: Binding,
}

/// The month (`--period`), its plan, the data (`--data`, `--key`) and their binding with
/// `--records` and `--history`, the files read with `options`; the exit status after saying
/// why not.
pub fn month_run(
    policy: &Policy,
    period: Option<&str>,
    (data, key): (&[PathBuf], &str),
    records: &[PathBuf],
    history: &[PathBuf],
    options: &DataOptions,
) -> Result<MonthRun, ExitCode> {
    let month = pay_period(policy, period).ok_or(ExitCode::from(1))?;
    let plan = policy.plan(month).map_err(fail)?;
    let dataset = read_data(data, key, options, &[policy])?;
    let binding = bind(policy, &dataset, month, key, (records, options), history)?;
    Ok(MonthRun {
        month,
        plan,
        dataset,
        binding,
    })
}

/// The binding of `policy`'s inputs to `dataset`, with the `--records` (read with the
/// options beside them) and `--history` given (warnings and notes on stderr); the exit
/// status after saying why there is none.
pub fn bind(
    policy: &Policy,
    dataset: &hrrules::data::Dataset,
    month: Period,
    key: &str,
    records: (&[PathBuf], &DataOptions),
    history: &[PathBuf],
) -> Result<Binding, ExitCode> {
    bind_quietly(policy, dataset, month, key, records, history, false)
}

/// [`bind`], without the warning about unbound inputs when `quiet` (the second side of a
/// `diff` of one policy, already warned about).
pub fn bind_quietly(
    policy: &Policy,
    dataset: &hrrules::data::Dataset,
    month: Period,
    key: &str,
    (records, options): (&[PathBuf], &DataOptions),
    history: &[PathBuf],
    quiet: bool,
) -> Result<Binding, ExitCode> {
    let sources = options.sources(key, history);
    let mut notices = Vec::new();
    let bound = if quiet {
        (Binding::new(policy, dataset).map_err(Into::into))
            .and_then(|b| sources.attach(policy, b, month, records, &mut notices))
    } else {
        sources.bind(policy, dataset, month, records, &mut notices)
    };
    match bound {
        Ok(binding) => {
            say(&notices);
            Ok(binding)
        }
        Err(e) => Err(source_error(&notices, e)),
    }
}

/// Reads and classifies the `--records` files (read with `options`) with the policy's
/// `[attendance]` rules; `None` when none are given. The exit status after saying why not.
pub fn read_timesheets(
    policy: &Policy,
    month: Period,
    files: &[PathBuf],
    options: &DataOptions,
) -> Result<Option<std::sync::Arc<Timesheets>>, ExitCode> {
    let mut notices = Vec::new();
    let sheets = options
        .sources("employee_id", &[])
        .timesheets(policy, month, files, &mut notices);
    match sheets {
        Ok(sheets) => {
            say(&notices);
            Ok(sheets)
        }
        Err(e) => Err(source_error(&notices, e)),
    }
}

/// Opens every `--data` file (`-` is standard input, readable once) with `options` and joins
/// them on `key`; the exit status after saying why not.
pub fn read_data(
    data: &[PathBuf],
    key: &str,
    options: &DataOptions,
    policies: &[&Policy],
) -> Result<hrrules::data::Dataset, ExitCode> {
    let stdin = |p: &&PathBuf| p.as_os_str() == "-";
    if data.iter().filter(stdin).count() > 1 {
        let _ = writeln!(
            std::io::stderr(),
            "error: --data -: standard input can be read once"
        );
        return Err(ExitCode::from(1));
    }
    let sources = options.sources(key, &[]);
    let mut notices = Vec::new();
    let files = (data.iter())
        .map(|p| super::data_options::open(&sources, p, &mut notices))
        .collect::<Result<Vec<_>, _>>();
    let joined = files.and_then(|files| sources.join(files, policies, &mut notices));
    match joined {
        Ok(dataset) => {
            say(&notices);
            Ok(dataset)
        }
        Err(e) => Err(source_error(&notices, e)),
    }
}

/// Warns, once for the run, of inputs no data column feeds, suggesting a similar column.
pub fn warn_unbound(policy: &Policy, binding: &Binding, dataset: &hrrules::data::Dataset) {
    say(hrrules::batch::sources::unbound(policy, binding, dataset).as_slice());
}

/// The records of the employees `ids` (`--employee`), in the order of the data. An id no
/// record has is an error (status 1, before anything is printed) naming the nearest id the
/// data has. Only the records asked for are kept, and for each id the nearest key seen so
/// far, so memory does not grow with the data.
fn select(
    records: impl Iterator<Item = Record>,
    ids: &[String],
    key: &str,
) -> Result<Vec<Record>, ExitCode> {
    let mut found = vec![false; ids.len()];
    let mut nearest: Vec<Option<String>> = vec![None; ids.len()];
    let mut chosen = Vec::new();
    for record in records {
        let mut wanted = false;
        for (i, id) in ids.iter().enumerate() {
            if *id == record.key {
                found[i] = true;
                wanted = true;
            } else if !found[i] {
                let candidates = nearest[i].as_deref().into_iter().chain([&*record.key]);
                if hrrules::error::nearest(id, candidates) == Some(&*record.key) {
                    nearest[i] = Some(record.key.clone());
                }
            }
        }
        if wanted {
            chosen.push(record);
        }
    }
    let mut status = Ok(chosen);
    for (i, id) in ids.iter().enumerate().filter(|(i, _)| !found[*i]) {
        let hint = match &nearest[i] {
            Some(n) => format!(" (did you mean `{}`?)", hrrules::text::escape_controls(n)),
            None => String::new(),
        };
        let _ = writeln!(
            std::io::stderr(),
            "error: --employee: no employee `{}` in column `{}` of the data{hint}",
            hrrules::text::escape_controls(id),
            hrrules::text::escape_controls(key)
        );
        status = Err(ExitCode::from(1));
    }
    status
}
