//! `hrrules explain`: how one employee's figures were derived, as an indented tree.
//!
//! Exit status: 0 when the employee's figures were computed, 1 when the rules or the command
//! are wrong (an unknown employee or name, with the nearest one), 2 when that employee's
//! evaluation failed (the tree up to the failure, and the error).

use super::data_options::{say, DataOptions};
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
        plan,
        dataset,
        binding,
        ..
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
    let sources = a.data_options.sources(&a.key, &a.history);
    let names: Vec<&str> = a.names.iter().map(String::as_str).collect();
    let mut notices = Vec::new();
    let found = sources.explain(
        &policy,
        &plan,
        (dataset, &binding),
        &a.records,
        &a.employee,
        &names,
        &mut notices,
    );
    say(&notices);
    let explained = match found {
        Ok(e) => e,
        Err(e) => {
            let text = e.to_string();
            let lines: Vec<_> = text.lines().map(escape_controls).collect();
            let _ = writeln!(std::io::stderr(), "error: {}", lines.join("\n"));
            // The employee's own inputs failed: their error is the answer (status 2).
            let employee = matches!(e, hrrules::batch::ExplainError::Employee(_));
            return ExitCode::from(if employee { 2 } else { 1 });
        }
    };
    let code = if explained.why.error.is_some() { 2 } else { 0 };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match a.format {
        ExplainFormat::Text => explained.write_text(&mut out, &policy),
        ExplainFormat::Json => serde_json::to_writer_pretty(&mut out, &explained.json(&policy))
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
    };
    status(code, written.and_then(|()| out.flush()))
}
