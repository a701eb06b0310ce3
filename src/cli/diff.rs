//! `hrrules diff`: what a policy change does to each employee, and in total.

use super::data_options::DataOptions;
use super::eval::{bind_quietly, pay_period, read_data};
use super::{fail, status, FormatArg};
use hrrules::data::Record;
use hrrules::diff::{Columns, Comparison};
use hrrules::report::diff::DiffWriter;
use hrrules::{Binding, Format, LoadOptions, Period, Plan};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Compare two policies (or one under --set) over the same employees.
#[derive(clap::Args)]
pub struct Args {
    /// OLD.toml NEW.toml, or one RULES.toml with --set or --old-period; then, optionally, the
    /// figures to compare (default: the shown outputs of both policies).
    #[arg(value_name = "RULES_THEN_NAMES", required = true)]
    args: Vec<String>,
    /// Employee data: CSV (header row), JSON (array of objects), or a workbook sheet
    /// (`.xlsx`, `.xls`, `.ods`; `book.xlsx#销售明细` names the sheet). Repeat to join files.
    #[arg(long = "data", required = true)]
    data: Vec<PathBuf>,
    /// The column joining several data files and naming each employee.
    #[arg(long, default_value = "employee_id")]
    key: String,
    /// The pay period, YYYY-MM (default: the month of the new policy's `effective` date).
    #[arg(long, value_name = "YYYY-MM")]
    period: Option<String>,
    /// The old side's pay period, if not the same as the new side's.
    #[arg(long = "old-period", value_name = "YYYY-MM")]
    old_period: Option<String>,
    /// What-if: replace a param of the new side by a formula, `NAME=EXPR`. Repeat for
    /// several. With one rule file, the policy is compared with itself.
    #[arg(long = "set", value_name = "NAME=EXPR")]
    set: Vec<String>,
    /// The figure that ranks winners and losers (default: the last shown number, e.g.
    /// `gross_pay`).
    #[arg(long, value_name = "NAME")]
    by: Option<String>,
    /// Attendance records of the period, for policies with `[attendance]` (as for `eval`);
    /// both sides classify them by their own rules. Repeat for several files.
    #[arg(long = "records", value_name = "FILE")]
    records: Vec<PathBuf>,
    /// The old side's records, when it computes another month (`--old-period`); default:
    /// `--records`.
    #[arg(long = "old-records", value_name = "FILE")]
    old_records: Vec<PathBuf>,
    /// Earlier months (as for `eval`): each side reads what its formulas need for its month.
    #[arg(long = "history", value_name = "FILE")]
    history: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// How the data and records files are read.
    #[command(flatten)]
    data_options: DataOptions,
}

/// The positional arguments sorted out: one or two rule files (`.toml`), then names.
fn split(args: &[String]) -> (Vec<PathBuf>, Vec<String>) {
    let files = args.iter().take_while(|a| a.ends_with(".toml")).count();
    let (files, names) = args.split_at(files);
    (files.iter().map(PathBuf::from).collect(), names.to_vec())
}

pub fn run(load: &LoadOptions, a: Args) -> ExitCode {
    (a.data_options).warn_unused(&[&a.data, &a.records, &a.old_records]);
    let (files, names) = split(&a.args);
    let one_policy = !a.set.is_empty() || a.old_period.is_some();
    let (old_path, new_path) = match (files.as_slice(), one_policy) {
        ([old, new], _) => (old.clone(), new.clone()),
        ([rules], true) => (rules.clone(), rules.clone()),
        _ => {
            return usage(
                "give two rule files (OLD.toml NEW.toml), or one with --set NAME=EXPR or --old-period YYYY-MM",
            )
        }
    };
    let sets = match parse_sets(&a.set) {
        Ok(s) => s,
        Err(bad) => {
            return usage(&format!(
                "--set {bad}: write NAME=EXPR, e.g. --set commission_cap=40000"
            ))
        }
    };
    let old = match load.load(&old_path) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let new = match (old_path == new_path, sets.is_empty()) {
        (true, _) => Ok(old.clone()),
        (false, _) => load.load(&new_path),
    };
    let new = match new.and_then(|p| {
        if sets.is_empty() {
            Ok(p)
        } else {
            p.with_params(&sets)
        }
    }) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let Some(month) = pay_period(&new, a.period.as_deref()) else {
        return ExitCode::from(1);
    };
    let old_month = match &a.old_period {
        Some(text) => match text.parse::<Period>() {
            Ok(p) => p,
            Err(e) => return usage(&format!("--old-period: {e}")),
        },
        None => month,
    };
    let (old_plan, new_plan) = match (old.plan(old_month), new.plan(month)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => return fail(e),
    };
    let dataset = match read_data(&a.data, &a.key, &a.data_options, &[&old, &new]) {
        Ok(d) => d,
        Err(status) => return status,
    };
    if a.period.is_none() {
        let _ = writeln!(
            std::io::stderr(),
            "note: no --period given; computing {month}, the month of the new policy's `effective` date"
        );
    }
    let old_records = if a.old_records.is_empty() {
        &a.records
    } else {
        &a.old_records
    };
    let same = old_path == new_path;
    let bound = bind_quietly(
        &old,
        &dataset,
        old_month,
        &a.key,
        (old_records, &a.data_options),
        &a.history,
        false,
    )
    .and_then(|o| {
        let records = (&a.records[..], &a.data_options);
        let n = bind_quietly(&new, &dataset, month, &a.key, records, &a.history, same)?;
        Ok((o, n))
    });
    let (old_binding, new_binding) = match bound {
        Ok(b) => b,
        Err(status) => return status,
    };
    let comparison = Columns::new(&old_plan, &new_plan, &names)
        .and_then(|columns| Comparison::new(columns, a.by.as_deref()));
    let comparison = match comparison {
        Ok(c) => c,
        Err(e) => return usage(&e.to_string()),
    };
    let heading = Heading {
        old: (&old_path, old_month),
        new: (&new_path, month),
        sets: &a.set,
    };
    let sides = [(&old_plan, &old_binding), (&new_plan, &new_binding)];
    run_diff(
        comparison,
        sides,
        dataset.records(),
        &heading,
        &a.key,
        a.format,
    )
}

/// The two sides, named above a table.
struct Heading<'a> {
    old: (&'a PathBuf, Period),
    new: (&'a PathBuf, Period),
    sets: &'a [String],
}

impl Heading<'_> {
    /// `old: rules/sales_2022.toml (2023-09)` and the new side with its `--set`s.
    fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        let escape = |s: &str| hrrules::text::escape_controls(s).into_owned();
        let name = |p: &PathBuf| escape(&p.display().to_string());
        let ((old, om), (new, nm)) = (self.old, self.new);
        writeln!(out, "old: {} ({om})", name(old))?;
        let sets: Vec<String> = (self.sets.iter())
            .map(|s| format!(" --set {}", escape(s)))
            .collect();
        writeln!(out, "new: {} ({nm}){}\n", name(new), sets.concat())
    }
}

/// Evaluates both sides and writes each employee's comparison as it comes (memory stays flat
/// however many employees there are), then the totals. The exit status: 2 if an employee
/// failed on either side.
fn run_diff(
    mut comparison: Comparison,
    sides: [(&Plan, &Binding); 2],
    records: impl Iterator<Item = Record>,
    heading: &Heading,
    key: &str,
    format: FormatArg,
) -> ExitCode {
    let format = match format {
        FormatArg::Table => Format::Table,
        FormatArg::Csv => Format::Csv,
        FormatArg::Json => Format::Json,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut writer = match DiffWriter::new(&mut out, format, key, comparison.columns()) {
        Ok(w) => w,
        Err(e) => return usage(&e.to_string()),
    };
    let mut failed = 0usize;
    let mut written = match format {
        Format::Table => heading.write(writer.get_mut()),
        _ => Ok(()),
    };
    hrrules::evaluate_all(sides, records, |o| {
        let [old, new] = &o.result;
        let e = comparison.employee(&o.employee, &o.origin, old, new);
        failed += usize::from(e.error.is_some());
        if written.is_ok() {
            written = writer.push(&e);
        }
    });
    let written = written.and_then(|()| writer.finish(&comparison.finish()).map(drop));
    status(if failed > 0 { 2 } else { 0 }, written)
}

/// `NAME=EXPR` pairs, or the first argument without `=`.
fn parse_sets(sets: &[String]) -> Result<Vec<(String, String)>, &str> {
    sets.iter()
        .map(|s| match s.split_once('=') {
            Some((name, expr)) if !name.trim().is_empty() => {
                Ok((name.trim().to_string(), expr.to_string()))
            }
            _ => Err(s.as_str()),
        })
        .collect()
}

fn usage(message: &str) -> ExitCode {
    let message = hrrules::text::escape_controls(message);
    let _ = writeln!(std::io::stderr(), "error: {message}");
    ExitCode::from(1)
}
