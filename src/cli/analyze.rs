//! `hrrules analyze`: what the data tells (correlations, group comparisons, before/after).

use super::data_options::DataOptions;
use super::{data_error, fail};
use hrrules::analysis::{self, AnalysisError, Input};
use hrrules::data::Mapping;
use hrrules::policy::{Against, AnalysisArgs};
use hrrules::LoadOptions;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Correlate, compare groups and follow months before and after a policy change.
#[derive(clap::Args)]
pub struct Args {
    /// The rule file (its `[analysis]` table says what to look at).
    rules: PathBuf,
    /// Data: CSV, JSON or workbook files joined on the key; with `[analysis] period_column`, each file
    /// has rows of many months and is joined month by month. Repeat for several files.
    #[arg(long = "data", required = true)]
    data: Vec<PathBuf>,
    /// The key column joining the files and naming each employee.
    #[arg(long, default_value = "employee_id")]
    key: String,
    /// The month of data without a period column (default: the policy's `effective` month).
    #[arg(long)]
    period: Option<String>,
    /// The data column holding each row's month (replaces `[analysis] period_column`).
    #[arg(long = "period-column", value_name = "COLUMN")]
    period_column: Option<String>,
    /// Who left when: the key column and `left` (a month, 2023-04). Adds attrition.
    #[arg(long, value_name = "FILE")]
    leavers: Option<PathBuf>,
    /// Figures to correlate pairwise (replaces `[analysis] correlate`).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    correlate: Vec<String>,
    /// A group to compare, as a condition: `--compare 'satisfaction > 8'`. Repeat for several.
    #[arg(long, value_name = "CONDITION")]
    compare: Vec<String>,
    /// What the `--compare` groups are compared with.
    #[arg(long, value_enum)]
    against: Option<AgainstArg>,
    /// What the `--compare` groups compare (default: the correlated figures).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    measures: Vec<String>,
    /// Figures followed month by month (replaces `[analysis] trends`).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    trends: Vec<String>,
    /// The first month under the new policy (replaces `[analysis] change`).
    #[arg(long, value_name = "YYYY-MM")]
    change: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Table)]
    format: AnalyzeFormat,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// How the data files are read.
    #[command(flatten)]
    data_options: DataOptions,
}

/// `--against`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum AgainstArg {
    /// Every row, the group's own included.
    Everyone,
    /// The rows outside the group.
    Rest,
}

/// Output formats of `analyze`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum AnalyzeFormat {
    Table,
    Json,
    Html,
}

pub fn run(load: &LoadOptions, a: Args) -> ExitCode {
    a.data_options.warn_unused(&[&a.data]);
    let policy = match load.load(&a.rules) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let period = match a.period.as_deref().map(str::parse).transpose() {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: --period: {e}");
            return ExitCode::from(1);
        }
    };
    let mut mapping = Mapping::new();
    for path in &a.data_options.mapping {
        if let Err(e) = mapping.add_path(path) {
            return data_error(e);
        }
    }
    let open = |p: &PathBuf| a.data_options.open(p)?.renamed(&mapping);
    let files = match a.data.iter().map(open).collect::<Result<Vec<_>, _>>() {
        Ok(f) => f,
        Err(e) => return data_error(e),
    };
    let leavers = match a.leavers.as_ref().map(open).transpose() {
        Ok(l) => l,
        Err(e) => return data_error(e),
    };
    let column = (a.period_column.clone()).or_else(|| {
        policy
            .analysis()?
            .period_column
            .as_ref()
            .map(|c| c.name.clone())
    });
    if let (Some(column), Some(_)) = (&column, period) {
        let column = hrrules::text::escape_controls(column);
        let _ = writeln!(
            std::io::stderr(),
            "note: --period is not used: each row's month is in the data's `{column}` column"
        );
    }
    let args = AnalysisArgs {
        period_column: a.period_column,
        correlate: a.correlate,
        trends: a.trends,
        change: a.change,
        compare: a.compare,
        against: a.against.map(|g| match g {
            AgainstArg::Everyone => Against::Everyone,
            AgainstArg::Rest => Against::Rest,
        }),
        measures: a.measures,
    };
    let input = Input {
        files,
        key: &a.key,
        period,
        leavers,
    };
    let findings = match analysis::analyze(&policy, &args, input) {
        Ok(f) => f,
        Err(AnalysisError::Rules(e)) => return fail(*e),
        Err(AnalysisError::Data(e)) => return data_error(e),
        Err(e) => {
            let text = hrrules::text::escape_controls(&e.to_string()).into_owned();
            let _ = writeln!(std::io::stderr(), "error: {text}");
            return ExitCode::from(1);
        }
    };
    let mut buffer = Vec::new();
    let written = match a.format {
        AnalyzeFormat::Table => analysis::report::write_table(&mut buffer, &findings),
        AnalyzeFormat::Json => analysis::report::write_json(&mut buffer, &findings),
        AnalyzeFormat::Html => analysis::report::write_html(&mut buffer, &findings),
    };
    let written = written.and_then(|()| match &a.out {
        Some(path) => std::fs::write(path, &buffer),
        None => std::io::stdout().lock().write_all(&buffer),
    });
    super::status(0, written)
}
