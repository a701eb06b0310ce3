//! `hrrules eval`: every employee's figures.

use super::{data_error, fail, FormatArg};
use hrrules::{Binding, Format, LoadOptions, Period, Policy, Renderer};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Evaluate every employee row of the data.
#[derive(clap::Args)]
pub struct Args {
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
}

pub fn run(load: &LoadOptions, a: Args) -> ExitCode {
    eval(
        load,
        &a.rules,
        &a.data,
        &a.key,
        a.period.as_deref(),
        a.format,
    )
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
    hrrules::evaluate_all((&plan, &binding), dataset.records(), |o| {
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

/// Opens every `--data` file (`-` is standard input, readable once) and joins them on `key`;
/// the exit status after saying why not.
pub fn read_data(data: &[PathBuf], key: &str) -> Result<hrrules::data::Dataset, ExitCode> {
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
pub fn warn_unbound(policy: &Policy, binding: &Binding, dataset: &hrrules::data::Dataset) {
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
