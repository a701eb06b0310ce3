//! The `hrrules` command line: arguments -> library -> print -> exit status.
//!
//! Exit status: 0 when everything succeeded, 1 when the rules (or the command) are wrong or
//! the output cannot be written, 2 when some employees could not be computed. A reader that
//! closes the pipe early (`| head`) is not an error: the status is what the run would give.
//! Text from rule files (a policy's name, a test's name) is printed with its control
//! characters escaped.

use clap::{Parser, Subcommand, ValueEnum};
use hrrules::text::escape_controls;
use hrrules::{Binding, Error, Format, LoadOptions, Period, Policy, Renderer};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "hrrules",
    version,
    about = "HR policy as code: check rule files and compute every employee's figures exactly"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// A folder outside the rule file's own from which `include`s may also be read (a shared
    /// pack of payroll rules, say). Repeat for several. Without it, includes stay inside the
    /// rule file's folder.
    #[arg(long = "include-root", value_name = "DIR", global = true)]
    include_roots: Vec<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and type-check rule files; report every error with its location.
    Check {
        /// Rule files (.toml).
        #[arg(required = true)]
        rules: Vec<PathBuf>,
    },
    /// Evaluate every employee row of the data.
    Eval {
        /// The rule file.
        rules: PathBuf,
        /// Employee data: CSV (header row) or JSON (array of objects). Repeat to join files.
        /// `-` reads standard input (JSON if it starts with `[` or `{`, else CSV).
        #[arg(long = "data", required = true)]
        data: Vec<PathBuf>,
        /// The column joining several data files and naming each employee.
        #[arg(long, default_value = "employee_id")]
        key: String,
        /// The pay period, YYYY-MM (default: the month of the policy's `effective` date).
        #[arg(long)]
        period: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
    /// Run the [[tests]] of rule files.
    Test {
        /// Rule files (.toml).
        #[arg(required = true)]
        rules: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Table,
    Csv,
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 1 } else { 0 });
        }
    };
    let load = cli
        .include_roots
        .iter()
        .fold(Policy::options(), |options, dir| options.allow_root(dir));
    match cli.command {
        Command::Check { rules } => check(&load, &rules),
        Command::Eval {
            rules,
            data,
            key,
            period,
            format,
        } => eval(&load, &rules, &data, &key, period.as_deref(), format),
        Command::Test { rules } => test(&load, &rules),
    }
}

fn check(load: &LoadOptions, rules: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    let mut written = Ok(());
    for path in rules {
        let policy = match load.load(path) {
            Ok(p) => p,
            Err(e) => {
                failed = true;
                let _ = writeln!(std::io::stderr(), "{e}");
                continue;
            }
        };
        // Params are computed when the policy is compiled for a period: a param formula
        // that fails (`1 / 0`) or a dated param with no entry yet is found here too.
        if let Some(period) = policy.default_period() {
            if let Err(e) = policy.plan(period) {
                failed = true;
                let _ = writeln!(std::io::stderr(), "{e}");
                continue;
            }
        }
        written = written.and_then(|()| {
            writeln!(
                std::io::stdout(),
                "{}: ok ({})",
                escape_controls(&path.display().to_string()),
                escape_controls(&policy.meta().name)
            )
        });
    }
    status(u8::from(failed), written)
}

fn eval(
    load: &LoadOptions,
    rules: &PathBuf,
    data: &[PathBuf],
    key: &str,
    period: Option<&str>,
    format: FormatArg,
) -> ExitCode {
    let policy = match load.load(rules) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let Some(month) = pay_period(&policy, period) else {
        return ExitCode::from(1);
    };
    let plan = match policy.plan(month) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let dataset = match read_data(data, key) {
        Ok(d) => d,
        Err(status) => return status,
    };
    if period.is_none() {
        let _ = writeln!(
            std::io::stderr(),
            "note: no --period given; computing {month}, the month of the policy's `effective` date"
        );
    }
    let binding = Binding::new(&policy, &dataset);
    warn_unbound(&policy, &binding, &dataset);
    let format = match format {
        FormatArg::Table => Format::Table,
        FormatArg::Csv => Format::Csv,
        FormatArg::Json => Format::Json,
    };
    let stdout = std::io::stdout().lock();
    let columns = plan.outputs().map(str::to_string).collect();
    let mut out = match Renderer::new(std::io::BufWriter::new(stdout), format, key, columns) {
        Ok(out) => out,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            return ExitCode::from(1);
        }
    };
    let mut failed = 0usize;
    let mut io_error = None;
    hrrules::evaluate_all(&plan, &policy, &binding, dataset.records(), |o| {
        failed += usize::from(o.result.is_err());
        if io_error.is_none() {
            io_error = out.push(&o).err();
        }
    });
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

/// The month to compute: `--period`, or the month of the policy's `effective` date. `None`
/// after saying on stderr why there is none.
fn pay_period(policy: &Policy, period: Option<&str>) -> Option<Period> {
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

/// Opens every `--data` file (`-` is standard input, readable once) and joins them on `key`;
/// the exit status after saying why not.
fn read_data(data: &[PathBuf], key: &str) -> Result<hrrules::data::Dataset, ExitCode> {
    let stdin = |p: &&PathBuf| p.as_os_str() == "-";
    if data.iter().filter(stdin).count() > 1 {
        let _ = writeln!(
            std::io::stderr(),
            "error: --data -: standard input can be read once"
        );
        return Err(ExitCode::from(1));
    }
    let files = data
        .iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                hrrules::data::read_stream("<stdin>", std::io::stdin().lock(), &Default::default())
            } else {
                hrrules::data::open(p)
            }
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(data_error)?;
    hrrules::data::join(files, key).map_err(data_error)
}

/// Warns, once for the run, of inputs no data column feeds, suggesting a similar column.
fn warn_unbound(policy: &Policy, binding: &Binding, dataset: &hrrules::data::Dataset) {
    let unbound = binding.unbound(policy);
    if unbound.is_empty() {
        return;
    }
    let names: Vec<String> = unbound
        .iter()
        .map(|n| {
            let columns = dataset.columns.iter().map(|c| &**c);
            // A data file's header is untrusted: escaped before it reaches the terminal.
            match hrrules::error::nearest(n, columns) {
                Some(c) => format!(
                    "`{n}` (is column `{}` meant?)",
                    hrrules::text::escape_controls(c)
                ),
                None => format!("`{n}`"),
            }
        })
        .collect();
    let one = unbound.len() == 1;
    let _ = writeln!(
        std::io::stderr(),
        "warning: no data file has a column for {} {}; {} missing for every employee \
         (an error wherever a figure needs {} and there is no default)",
        if one { "input" } else { "inputs" },
        names.join(", "),
        if one { "it is" } else { "they are" },
        if one { "it" } else { "them" },
    );
}

fn test(load: &LoadOptions, rules: &[PathBuf]) -> ExitCode {
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut broken = 0usize;
    let mut out = std::io::stdout().lock();
    let mut written = Ok(());
    for path in rules {
        let policy = match load.load(path) {
            Ok(p) => p,
            Err(e) => {
                broken += 1;
                let _ = writeln!(std::io::stderr(), "{e}");
                continue;
            }
        };
        for r in hrrules::run_tests(&policy) {
            // Counted whether or not the line can be written: a closed pipe keeps the status.
            if r.passed() {
                passed += 1;
            } else {
                failed += 1;
            }
            written = written.and_then(|()| write_result(&mut out, &r));
        }
    }
    written = written.and_then(|()| {
        write!(out, "\n{passed} passed, {failed} failed")?;
        if broken > 0 {
            let s = if broken == 1 { "" } else { "s" };
            write!(out, "; {broken} rule file{s} with errors, not tested")?;
        }
        writeln!(out)?;
        out.flush()
    });
    status(u8::from(broken > 0 || failed > 0), written)
}

/// `ok    name (file:line:col)`, or `FAIL` and each failure; names escaped.
fn write_result(out: &mut impl Write, r: &hrrules::TestResult) -> std::io::Result<()> {
    let name = escape_controls(&r.name);
    if r.passed() {
        return writeln!(out, "ok    {name} ({})", r.at);
    }
    writeln!(out, "FAIL  {name} ({})", r.at)?;
    r.failures
        .iter()
        .try_for_each(|f| writeln!(out, "      {}", escape_controls(f)))
}

/// The exit status `code`, unless the output could not be written (status 1). A reader that
/// closes the pipe early (`hrrules check rules/*.toml | head -1`) is not an error: the status
/// is the one the run would have had.
fn status(code: u8, written: std::io::Result<()>) -> ExitCode {
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            let _ = writeln!(std::io::stderr(), "error: writing the output: {e}");
            ExitCode::from(1)
        }
        _ => ExitCode::from(code),
    }
}

fn fail(e: impl Into<Error>) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "{}", e.into());
    ExitCode::from(1)
}

fn data_error(e: hrrules::data::DataError) -> ExitCode {
    // Line by line, so a message's own line breaks stay and a cell's control characters
    // cannot reach the terminal.
    let text = e.to_string();
    let lines: Vec<_> = text.lines().map(hrrules::text::escape_controls).collect();
    let _ = writeln!(std::io::stderr(), "error: {}", lines.join("\n"));
    ExitCode::from(1)
}
