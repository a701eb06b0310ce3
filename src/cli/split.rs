//! `hrrules split`: one money figure of every employee allocated to the policy's projects by
//! the hours booked to them (R&D expense accounting), with each project's total.
//!
//! Exit status as for `eval`: 0 when every employee was split, 1 when nothing was (the rules,
//! the command, a data or records file is wrong), 2 when some employees are error rows.

use super::data_options::DataOptions;
use super::eval::{pay_period, read_data, read_timesheets, warn_unbound};
use super::{fail, FormatArg};
use hrrules::attendance::{CostSplit, RecordError, Timesheets};
use hrrules::report::split::SplitWriter;
use hrrules::text::escape_controls;
use hrrules::{Evaluation, Format, LoadOptions, Value};
use std::collections::HashSet;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// The column naming each employee, in the data, the records and the output.
const KEY: &str = "employee_id";

/// Split a money figure of every employee across the policy's projects by project hours.
#[derive(clap::Args)]
pub struct Args {
    /// The rule file (with an `[attendance]` table naming `projects`).
    rules: PathBuf,
    /// Employee data: CSV (header row) or JSON (array of objects). Repeat to join files.
    #[arg(long = "data", required = true)]
    data: Vec<PathBuf>,
    /// Attendance records with the hours booked to each project (timesheets): CSV or JSON.
    /// Repeat for several files.
    #[arg(long = "records", value_name = "FILE", required = true)]
    records: Vec<PathBuf>,
    /// The money figure to split: an input or value of the policy (`rd_cost`).
    #[arg(long, value_name = "NAME")]
    value: String,
    /// The period, YYYY-MM (default: the month of the policy's `effective` date).
    #[arg(long)]
    period: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// How the data and records files are read.
    #[command(flatten)]
    data_options: DataOptions,
}

pub fn run(load: &LoadOptions, a: Args) -> ExitCode {
    a.data_options.warn_unused(&[&a.data, &a.records]);
    let say = |m: &str| {
        let _ = writeln!(io::stderr(), "{m}");
    };
    let policy = match load.load(&a.rules) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let projects: Vec<String> = match policy.attendance() {
        Some(att) if att.projects().len() > 0 => att.projects().map(str::to_string).collect(),
        Some(_) => {
            say("error: the policy's [attendance] names no `projects` to split over");
            return ExitCode::from(1);
        }
        None => {
            say("error: the policy has no [attendance] table, so no projects to split over");
            return ExitCode::from(1);
        }
    };
    let Some(month) = pay_period(&policy, a.period.as_deref()) else {
        return ExitCode::from(1);
    };
    let plan = match policy.plan(month).map(|p| p.showing(&[a.value.as_str()])) {
        Ok(Ok(p)) => p,
        Ok(Err(e)) => {
            say(&format!("error: --value: {e}"));
            return ExitCode::from(1);
        }
        Err(e) => return fail(e),
    };
    let dataset = match read_data(&a.data, KEY, &a.data_options, &[&policy]) {
        Ok(d) => d,
        Err(status) => return status,
    };
    if a.period.is_none() {
        say(&format!(
            "note: no --period given; computing {month}, the month of the policy's `effective` date"
        ));
    }
    let binding = match hrrules::Binding::new(&policy, &dataset) {
        Ok(b) => b,
        Err(e) => return super::data_error(e),
    };
    warn_unbound(&policy, &binding, &dataset);
    let sheets = match read_timesheets(&policy, month, &a.records, &a.data_options) {
        Ok(Some(s)) => s,
        Ok(None) => return ExitCode::from(1),
        Err(status) => return status,
    };
    let binding = binding.with_timesheets(sheets.clone());
    let format = match a.format {
        FormatArg::Table => Format::Table,
        FormatArg::Csv => Format::Csv,
        FormatArg::Json => Format::Json,
    };
    let out = io::BufWriter::new(io::stdout().lock());
    let mut run = Run {
        out: SplitWriter::new(out, format),
        split: CostSplit::new(projects, policy.meta().rounding.places),
        errors_on_stderr: format == Format::Csv,
        name: &a.value,
        failed: 0,
        io_error: None,
    };
    let mut seen = HashSet::new();
    hrrules::evaluate_all((&plan, &binding), dataset.records(), |o| {
        seen.insert(o.employee.clone());
        match &o.result {
            Ok(e) => run.employee(&o.employee, e, &sheets),
            Err(e) => run.error(&o.employee, &e.to_string()),
        }
    });
    // Records of people the data does not have: an error row each, after the others.
    for (employee, at) in sheets.strangers(|id| seen.contains(id)) {
        let e = RecordError::UnknownEmployee {
            at,
            employee: employee.clone(),
        };
        run.error(&employee, &e.to_string());
    }
    run.finish()
}

/// The split under way: the writer, the totals, and what failed.
struct Run<'a, W: Write> {
    out: SplitWriter<W>,
    split: CostSplit,
    /// CSV has no error column: errors go to stderr.
    errors_on_stderr: bool,
    /// `--value`.
    name: &'a str,
    failed: usize,
    io_error: Option<io::Error>,
}

impl<W: Write> Run<'_, W> {
    /// Splits one computed employee's figure by their project hours.
    fn employee(&mut self, employee: &str, e: &Evaluation, sheets: &Timesheets) {
        let amount = match e.outputs().next().map(|(_, v)| v) {
            Some(Some(Value::Number(d))) => *d,
            Some(Some(other)) => {
                let why = format!("`{}` is {other}, not an amount to split", self.name);
                return self.error(employee, &why);
            }
            _ => return self.error(employee, &format!("`{}` has no value", self.name)),
        };
        let minutes = match sheets.tally(employee) {
            Ok(Some(t)) => t.projects.clone(),
            Ok(None) => Vec::new(),
            Err(e) => return self.error(employee, &e.to_string()),
        };
        match self.split.add(amount, &minutes) {
            Ok(parts) => {
                if self.io_error.is_none() {
                    self.io_error = self.out.employee(employee, &parts).err();
                }
            }
            Err(e) => self.error(employee, &e.to_string()),
        }
    }

    /// An error row (in CSV, a line on stderr).
    fn error(&mut self, employee: &str, why: &str) {
        self.failed += 1;
        if self.errors_on_stderr {
            let _ = writeln!(
                io::stderr(),
                "error: {}: {}",
                escape_controls(employee),
                escape_controls(why)
            );
        }
        if self.io_error.is_none() {
            self.io_error = self.out.error(employee, why).err();
        }
    }

    /// Writes the totals; the exit status.
    fn finish(self) -> ExitCode {
        let finished = self.out.finish(&self.split).map(|_| ());
        if let Some(e) = self.io_error.or(finished.err()) {
            if e.kind() != io::ErrorKind::BrokenPipe {
                let e = e.to_string();
                let _ = writeln!(
                    io::stderr(),
                    "error: writing the output: {}",
                    escape_controls(&e)
                );
                return ExitCode::from(1);
            }
        }
        ExitCode::from(if self.failed > 0 { 2 } else { 0 })
    }
}
