//! `hrrules payslip`: one employee's payslip (text or HTML), every employee's into a folder
//! (`--all DIR`), or the bank transfer file (`--format csv`), laid out by the policy's
//! `[payslip]` table.

use super::data_options::DataOptions;
use super::eval::{month_run, MonthRun};
use super::fail;
use hrrules::data::Record;
use hrrules::policy::PayslipDef;
use hrrules::report::payslip::{write_html, write_text, BankFile, Languages, Slip};
use hrrules::text::escape_controls;
use hrrules::{Evaluation, LoadOptions, Outcome, Period, Policy, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Print payslips laid out by the policy's `[payslip]` table, or the bank transfer file.
#[derive(clap::Args)]
pub struct Args {
    /// The rule file (it or a pack it includes has a `[payslip]` table).
    rules: PathBuf,
    /// Employee data: CSV (header row) or JSON (array of objects). Repeat to join files. A
    /// `name` column, when there is one, gives each employee's name.
    #[arg(long = "data", required = true)]
    data: Vec<PathBuf>,
    /// The column joining several data files and naming each employee.
    #[arg(long, default_value = "employee_id")]
    key: String,
    /// The pay period, YYYY-MM (default: the month of the policy's `effective` date).
    #[arg(long)]
    period: Option<String>,
    /// The employee whose payslip is printed (with `--format csv`: the only one in the file).
    #[arg(long, value_name = "ID", conflicts_with = "all")]
    employee: Option<String>,
    /// Write every employee's payslip into DIR, one file each (DIR/EMPLOYEE.txt or .html);
    /// with `--format csv`, the bank file DIR/bank_YYYY-MM.csv.
    #[arg(long, value_name = "DIR")]
    all: Option<PathBuf>,
    /// The labels shown.
    #[arg(long, value_enum, default_value_t = LangArg::Both)]
    lang: LangArg,
    /// `text`: a payslip to hand out; `html`: a printable page; `csv`: the bank transfer file
    /// `employee_id,name,account,net_pay` of every employee.
    #[arg(long, value_enum, default_value_t = SlipFormat::Text)]
    format: SlipFormat,
    /// Attendance records, classified by the policy's `[attendance]` rules. Repeat.
    #[arg(long = "records", value_name = "FILE")]
    records: Vec<PathBuf>,
    /// Earlier months, as `eval --format jsonl` wrote them: files or folders. Repeat.
    #[arg(long = "history", value_name = "FILE")]
    history: Vec<PathBuf>,
    /// How the data and records files are read.
    #[command(flatten)]
    data_options: DataOptions,
}

/// `--lang`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum LangArg {
    Zh,
    En,
    Both,
}

/// `--format` of `payslip`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SlipFormat {
    Text,
    Html,
    Csv,
}

/// Where the slips go.
enum Sink {
    /// One payslip on stdout.
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    /// A file per employee in a folder.
    Folder(PathBuf),
    /// The bank file.
    Bank(BankFile<Box<dyn Write>>),
}

pub fn run(load: &LoadOptions, a: Args) -> ExitCode {
    a.data_options.warn_unused(&[&a.data, &a.records]);
    let say = |m: String| {
        let _ = writeln!(std::io::stderr(), "{m}");
    };
    let policy = match load.load(&a.rules) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let Some(layout) = policy.payslip() else {
        say(format!(
            "error: `{}` has no [payslip] table (nor does any file it includes); see docs/rules.md §27",
            a.rules.display()
        ));
        return ExitCode::from(1);
    };
    if a.format != SlipFormat::Csv && a.employee.is_none() && a.all.is_none() {
        say("error: give --employee ID for one payslip, or --all DIR for every employee's".into());
        return ExitCode::from(1);
    }
    if a.format == SlipFormat::Csv && layout.bank_account.is_none() {
        say("error: --format csv: the [payslip] table has no `bank_account` input to read each employee's account from".into());
        return ExitCode::from(1);
    }
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
    let mut sink = match open_sink(&a, month) {
        Ok(s) => s,
        Err(status) => return status,
    };
    let name_column = dataset.column_index("name");
    // Each employee's name, from their record until their outcome arrives.
    let names: RefCell<HashMap<String, String>> = RefCell::default();
    let keys: RefCell<Vec<String>> = RefCell::default();
    let wanted = a.employee.clone();
    // Population figures are computed over everyone, whoever gets a payslip.
    let team = plan.passes() > 0;
    let records = dataset
        .records()
        .inspect(|r| keys.borrow_mut().push(r.key.clone()))
        .filter(|r| team || wanted.as_ref().is_none_or(|w| *w == r.key))
        .inspect(|r| {
            if let Some(n) = name_of(r, name_column) {
                names.borrow_mut().insert(r.key.clone(), n);
            }
        });
    let run = Run {
        policy: &policy,
        layout,
        period: month,
        langs: match a.lang {
            LangArg::Zh => Languages::Zh,
            LangArg::En => Languages::En,
            LangArg::Both => Languages::Both,
        },
        format: a.format,
    };
    let (mut failed, mut found, mut io_error) = (0usize, false, None);
    hrrules::evaluate_all((&plan, &binding), records, |o: Outcome| {
        if wanted.as_ref().is_some_and(|w| *w != o.employee) {
            return;
        }
        found = true;
        let name = names.borrow_mut().remove(&o.employee);
        match run.one(&mut sink, &o, name.as_deref()) {
            Ok(true) => {}
            Ok(false) => failed += 1,
            Err(e) => {
                io_error.get_or_insert(e);
            }
        }
    });
    if let (Some(id), false) = (&a.employee, found) {
        return no_such_employee(id, &a.key, &keys.borrow());
    }
    let finished = match sink {
        Sink::Stdout(mut out) => out.flush(),
        Sink::Bank(bank) => bank.finish().map(drop),
        Sink::Folder(_) => Ok(()),
    };
    super::status(
        if failed > 0 { 2 } else { 0 },
        io_error.map_or(finished, Err),
    )
}

/// Status 1 after naming the nearest id the data has.
fn no_such_employee(id: &str, key: &str, keys: &[String]) -> ExitCode {
    let near = hrrules::error::nearest(id, keys.iter().map(String::as_str));
    let hint = near.map_or(String::new(), |n| {
        format!(" (did you mean `{}`?)", escape_controls(n))
    });
    let _ = writeln!(
        std::io::stderr(),
        "error: --employee: no employee `{}` in column `{}` of the data{hint}",
        escape_controls(id),
        escape_controls(key)
    );
    ExitCode::from(1)
}

/// The text of the employee's `name` cell, when the data has that column.
fn name_of(r: &Record, column: Option<usize>) -> Option<String> {
    let cell = r.cell(column?)?;
    let text = cell.text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Stdout, the folder (created), or the bank file in it or on stdout.
fn open_sink(a: &Args, month: Period) -> Result<Sink, ExitCode> {
    let stdout = || std::io::BufWriter::new(std::io::stdout().lock());
    let cannot = |what: &Path, e: std::io::Error| {
        let _ = writeln!(
            std::io::stderr(),
            "error: cannot write `{}`: {}",
            escape_controls(&what.display().to_string()),
            e
        );
        ExitCode::from(1)
    };
    if let Some(dir) = &a.all {
        std::fs::create_dir_all(dir).map_err(|e| cannot(dir, e))?;
    }
    match (&a.all, a.format) {
        (None, SlipFormat::Csv) => BankFile::new(Box::new(stdout()) as Box<dyn Write>)
            .map(Sink::Bank)
            .map_err(|e| cannot(Path::new("<stdout>"), e)),
        (Some(dir), SlipFormat::Csv) => {
            let path = dir.join(format!("bank_{month}.csv"));
            let file = std::fs::File::create(&path).map_err(|e| cannot(&path, e))?;
            let out: Box<dyn Write> = Box::new(std::io::BufWriter::new(file));
            BankFile::new(out)
                .map(Sink::Bank)
                .map_err(|e| cannot(&path, e))
        }
        (Some(dir), _) => Ok(Sink::Folder(dir.clone())),
        (None, _) => Ok(Sink::Stdout(stdout())),
    }
}

/// What every employee's slip shares.
struct Run<'a> {
    policy: &'a Policy,
    layout: &'a PayslipDef,
    period: Period,
    langs: Languages,
    format: SlipFormat,
}

impl Run<'_> {
    /// Writes one employee's slip (or bank row); `Ok(false)` after saying on stderr why the
    /// employee has none.
    fn one(&self, sink: &mut Sink, o: &Outcome, name: Option<&str>) -> std::io::Result<bool> {
        let figures = match &o.result {
            Ok(f) => f,
            Err(e) => return Ok(employee_error(o, &e.to_string())),
        };
        let slip = Slip {
            layout: self.layout,
            company: &self.policy.meta().name,
            currency: &self.policy.meta().currency,
            period: self.period,
            employee: &o.employee,
            name,
            figures,
        };
        match sink {
            Sink::Stdout(out) => self.render(out, &slip).map(|()| true),
            Sink::Folder(dir) => self.to_file(dir, o, &slip),
            Sink::Bank(bank) => self.bank_row(bank, o, name, figures),
        }
    }

    fn render(&self, out: &mut dyn Write, slip: &Slip<'_>) -> std::io::Result<()> {
        match self.format {
            SlipFormat::Html => write_html(out, slip, self.langs),
            _ => write_text(out, slip, self.langs),
        }
    }

    /// DIR/EMPLOYEE.txt or .html; an id that cannot be a file name is the employee's error.
    fn to_file(&self, dir: &Path, o: &Outcome, slip: &Slip<'_>) -> std::io::Result<bool> {
        if !file_name_ok(&o.employee) {
            let why = "the id cannot be a file name (letters, digits, `-`, `_` and `.`, not first)";
            return Ok(employee_error(o, why));
        }
        let ext = if self.format == SlipFormat::Html {
            "html"
        } else {
            "txt"
        };
        let path = dir.join(format!("{}.{ext}", o.employee));
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        self.render(&mut out, slip)?;
        out.flush().map(|()| true)
    }

    fn bank_row(
        &self,
        bank: &mut BankFile<Box<dyn Write>>,
        o: &Outcome,
        name: Option<&str>,
        figures: &Evaluation,
    ) -> std::io::Result<bool> {
        let account_name = self.layout.bank_account.as_ref().map(|n| n.name.as_str());
        let account = account_name.and_then(|n| figures.get(n));
        let net = figures.get(&self.layout.net.name.name);
        match (account, net) {
            (Some(Value::Text(account)), _) if account.trim().is_empty() => Ok(employee_error(
                o,
                &format!(
                    "no bank account (`{}` is blank)",
                    account_name.unwrap_or_default()
                ),
            )),
            (Some(Value::Text(account)), Some(net @ Value::Number(_))) => bank
                .push(&o.employee, name, account.trim(), net)
                .map(|()| true),
            (None, _) => Ok(employee_error(
                o,
                &format!(
                    "no bank account (`{}` is blank)",
                    account_name.unwrap_or_default()
                ),
            )),
            _ => Ok(employee_error(
                o,
                &format!("`{}` is not an amount", self.layout.net.name.name),
            )),
        }
    }
}

/// Says on stderr why an employee has no payslip; always `false`.
fn employee_error(o: &Outcome, why: &str) -> bool {
    let lines: Vec<_> = why.lines().map(escape_controls).collect();
    // A data error names its row already; say where the employee's row is otherwise.
    let row = o.origin.to_string();
    let at = if why.starts_with(&row) {
        String::new()
    } else {
        format!(" ({})", escape_controls(&row))
    };
    let _ = writeln!(
        std::io::stderr(),
        "error: employee `{}`{at}: {}",
        escape_controls(&o.employee),
        lines.join("\n")
    );
    false
}

/// Whether an id from the data is safe as a file name in the output folder.
fn file_name_ok(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id.len() <= 100
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}
