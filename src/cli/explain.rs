//! `hrrules explain`: how one employee's figures were derived, as an indented tree.
//!
//! Exit status: 0 when the employee's figures were computed, 1 when the rules or the command
//! are wrong (an unknown employee or name, with the nearest one), 2 when that employee's
//! evaluation failed (the tree up to the failure, and the error).

use super::data_options::DataOptions;
use super::eval::{month_run, MonthRun};
use super::{fail, status};
use hrrules::text::escape_controls;
use hrrules::LoadOptions;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Output formats of `explain`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ExplainFormat {
    /// An indented tree.
    Text,
    /// The same tree as JSON, decimals as strings.
    Json,
}

/// Show how one employee's figures were derived: formulas, inputs, brackets, metrics.
#[derive(clap::Args)]
pub struct Args {
    /// The rule file.
    rules: PathBuf,
    /// The figures to explain (default: the shown columns), each with everything it uses.
    names: Vec<String>,
    /// Employee data: CSV (header row), JSON (array of objects), or a workbook sheet
    /// (`.xlsx`, `.xls`, `.ods`; `book.xlsx#销售明细` names the sheet). Repeat to join files.
    #[arg(long = "data", required = true)]
    data: Vec<PathBuf>,
    /// The employee to explain: the value of the key column (`E004`).
    #[arg(long)]
    employee: String,
    /// The column joining several data files and naming each employee.
    #[arg(long, default_value = "employee_id")]
    key: String,
    /// The pay period, YYYY-MM (default: the month of the policy's `effective` date).
    #[arg(long)]
    period: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    format: ExplainFormat,
    /// Attendance records, as for `eval`: the `attendance.*` measures come from them, and
    /// the employee's records are listed with what each added to which measure.
    #[arg(long = "records", value_name = "FILE")]
    records: Vec<PathBuf>,
    /// Earlier months, as for `eval`: what `ytd`, `ytd_before`, `prev` and `ytd_months` read.
    #[arg(long = "history", value_name = "FILE")]
    history: Vec<PathBuf>,
    /// How the data and records files are read.
    #[command(flatten)]
    data_options: DataOptions,
}

pub fn run(load: &LoadOptions, a: Args) -> ExitCode {
    a.data_options.warn_unused(&[&a.data, &a.records]);
    let policy = match load.load(&a.rules) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let data = (&a.data[..], a.key.as_str());
    let MonthRun {
        month,
        plan,
        dataset,
        binding,
    } = match month_run(
        &policy,
        a.period.as_deref(),
        data,
        &a.records,
        &a.history,
        &a.data_options,
    ) {
        Ok(r) => r,
        Err(status) => return status,
    };
    let sheets = binding.timesheets();
    let (record, figures) = match find(dataset, &a, &plan, &binding) {
        Ok(found) => found,
        Err(status) => return status,
    };
    let inputs = match binding.inputs(&record).and_then(|mut inputs| {
        if let Some(f) = &figures {
            let ordinal = f.ordinal(&record.key).unwrap_or(usize::MAX);
            f.fill(0, &plan, ordinal, &mut inputs)?;
        }
        Ok(inputs)
    }) {
        Ok(i) => i,
        // a bad cell in this employee's row: nothing to explain
        Err(e) => {
            let text = e.to_string();
            let lines: Vec<_> = text.lines().map(escape_controls).collect();
            let _ = writeln!(std::io::stderr(), "error: {}", lines.join("\n"));
            return ExitCode::from(2);
        }
    };
    let month_of = match (policy.attendance(), &sheets) {
        (Some(att), Some(sheets)) => {
            // The employee's own system was read when their inputs were.
            let system = (binding.hours_system(sheets, &inputs, &record)).unwrap_or(att.hours());
            match read_month(
                att,
                system,
                month,
                (&a.records, &a.data_options),
                &record.key,
            ) {
                Ok(m) => m,
                Err(status) => return status,
            }
        }
        _ => None,
    };
    let schema = policy.input_schema();
    let origin = |name: &str| {
        if sheets.is_some()
            && schema
                .position(name)
                .and_then(|i| schema.measure(i))
                .is_some()
        {
            let n = month_of.as_ref().map_or(0, |m| m.punches.len());
            return Some(format!("{n} attendance records, below"));
        }
        if let Some(past) = past_origin(&policy, name, month, &a.history) {
            return Some(past);
        }
        binding.cell(&record, name).map(|c| c.to_string())
    };
    let names: Vec<&str> = a.names.iter().map(String::as_str).collect();
    let own = own_args(&plan, &inputs, figures.is_some());
    let why = match plan.explain(&inputs, &names, &origin) {
        Ok(why) => why,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            return ExitCode::from(1);
        }
    };
    let code = if why.error.is_some() { 2 } else { 0 };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let shown = Explained {
        record: &record,
        why: &why,
        month: month_of.as_ref().zip(policy.attendance()),
        team: figures.as_ref().map(|f| (f, own.as_slice())),
    };
    let written = write_explained(&mut out, a.format, &shown);
    status(code, written.and_then(|()| out.flush()))
}

/// What `explain` writes about one employee.
struct Explained<'a> {
    record: &'a hrrules::data::Record,
    why: &'a hrrules::eval::Explanation,
    /// Their attendance month, with the policy's rules.
    month: Option<(
        &'a hrrules::attendance::Month,
        &'a hrrules::attendance::Attendance,
    )>,
    /// The run's population figures and the employee's own arguments of them.
    team: Option<(&'a hrrules::TeamFigures, &'a [[rust_decimal::Decimal; 2]])>,
}

/// Writes the explanation as a tree or as JSON.
fn write_explained(
    out: &mut impl Write,
    format: ExplainFormat,
    e: &Explained<'_>,
) -> std::io::Result<()> {
    let record = e.record;
    let ordinal = |f: &hrrules::TeamFigures| f.ordinal(&record.key).unwrap_or(usize::MAX);
    match format {
        ExplainFormat::Text => {
            write!(
                out,
                "{} ({}), period {}\n{}",
                escape_controls(&record.key),
                escape_controls(&record.origin.to_string()),
                e.why.period,
                e.why
            )?;
            if let Some((m, att)) = e.month {
                writeln!(out)?;
                hrrules::report::attendance::write_month(&mut *out, att, m)?;
            }
            match e.team {
                Some((f, own)) => {
                    hrrules::report::team::write_member(&mut *out, f, (0, ordinal(f)), own)
                }
                None => Ok(()),
            }
        }
        ExplainFormat::Json => {
            let doc = Shown {
                employee_id: &record.key,
                row: record.origin.to_string(),
                explanation: e.why,
                attendance: (e.month)
                    .map(|(m, att)| hrrules::report::attendance::month_json(att, m)),
                population: (e.team)
                    .map(|(f, own)| hrrules::report::team::member_json(f, (0, ordinal(f)), own)),
            };
            serde_json::to_writer_pretty(&mut *out, &doc)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        }
    }
}

/// The employee's record and, for a policy with population figures, the figures computed
/// over everyone (they need the whole team); the exit status after saying the employee is
/// not in the data (with the nearest key).
fn find(
    dataset: hrrules::data::Dataset,
    a: &Args,
    plan: &hrrules::Plan,
    binding: &hrrules::Binding,
) -> Result<(hrrules::data::Record, Option<hrrules::TeamFigures>), ExitCode> {
    let mut keys = Vec::new();
    let team = plan.passes() > 0;
    let mut all: Vec<hrrules::data::Record> = Vec::new();
    let mut rows = dataset.records();
    let Some(record) = rows.by_ref().find_map(|r| {
        keys.push(r.key.clone());
        let found = (r.key == a.employee).then(|| r.clone());
        if team {
            all.push(r);
        }
        found
    }) else {
        let near = hrrules::error::nearest(&a.employee, keys.iter().map(String::as_str));
        let hint = near.map_or(String::new(), |n| {
            format!(" (did you mean `{}`?)", escape_controls(n))
        });
        let _ = writeln!(
            std::io::stderr(),
            "error: no employee `{}` in column `{}` of the data{hint}",
            escape_controls(&a.employee),
            escape_controls(&a.key),
        );
        return Err(ExitCode::from(1));
    };
    let figures = team.then(|| {
        all.extend(rows);
        hrrules::evaluate_all((plan, binding), all.into_iter(), |_| {})
    });
    Ok((record, figures))
}

/// The employee's own arguments of the population figures (their weight, their KPI), when
/// the policy has any.
fn own_args(
    plan: &hrrules::Plan,
    inputs: &hrrules::Inputs,
    team: bool,
) -> Vec<[rust_decimal::Decimal; 2]> {
    match (team, plan.evaluate(inputs)) {
        (true, Ok(e)) => hrrules::report::team::own_args(plan, &e),
        _ => Vec::new(),
    }
}

/// Where the past part of `ytd`, `prev`, ... named `name` came from: the months of
/// `--history` it reads (or none given), for the explanation.
fn past_origin(
    policy: &hrrules::Policy,
    name: &str,
    month: hrrules::Period,
    history: &[PathBuf],
) -> Option<String> {
    use hrrules::vocab::Lookback;
    let schema = policy.input_schema();
    let lookback = schema.lookback(schema.position(name)?)?;
    let files: Vec<String> = history.iter().map(|p| p.display().to_string()).collect();
    let source = if files.is_empty() {
        "no --history: the year starts in this month".to_string()
    } else {
        format!("--history {}", files.join(", "))
    };
    let (y, m, _) = month.start().ymd();
    let what = match lookback {
        Lookback::YtdBefore(_) if m == 1 => "no earlier month this year".to_string(),
        Lookback::YtdBefore(_) => format!("{y}'s months before {month}, summed"),
        Lookback::Prev(_, n) => format!("{n} month(s) before {month}"),
        Lookback::MonthsBefore => format!("months paid in {y} before {month}"),
    };
    Some(escape_controls(&format!("{source} ({what})")).into_owned())
}

/// One employee's records classified with the trace on (`None` when they have none); the
/// exit status after saying why not.
fn read_month(
    att: &hrrules::attendance::Attendance,
    system: hrrules::policy::HoursSystem,
    month: hrrules::Period,
    (files, options): (&[PathBuf], &DataOptions),
    employee: &str,
) -> Result<Option<hrrules::attendance::Month>, ExitCode> {
    let opened = (files.iter())
        .map(|p| options.open(p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(super::data_error)?;
    // A bad record was already reported as the employee's error; show the tree without it.
    Ok(hrrules::attendance::Month::read(att, system, month, &opened, employee).unwrap_or(None))
}

/// The JSON document: the employee, their row, and the explanation's fields.
#[derive(serde::Serialize)]
struct Shown<'a> {
    employee_id: &'a str,
    row: String,
    #[serde(flatten)]
    explanation: &'a hrrules::eval::Explanation,
    /// With `--records`: the employee's classified month.
    #[serde(skip_serializing_if = "Option::is_none")]
    attendance: Option<serde_json::Value>,
    /// For a policy with population figures: each figure with the employee's group.
    #[serde(skip_serializing_if = "Option::is_none")]
    population: Option<serde_json::Value>,
}
