//! `hrrules attrition`: fits the attrition model on a table of employee-months, or says why
//! it will not.

use super::forecast::{error, Output};
use hrrules::analysis::attrition::{fit, AttritionSpec};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The table: one row per employee and month (CSV or JSON).
    data: PathBuf,
    /// The feature columns, comma-separated or repeated (e.g. attainment_change_3m,pay_vs_band).
    #[arg(long, value_delimiter = ',', value_name = "COLUMN")]
    features: Vec<String>,
    /// A rule file whose [analysis.attrition] gives `features` (and `left`, `key`, `period`);
    /// --features and the other options given here win.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// The outcome column: 1 if the employee left within the horizon, 0 if not, blank if not
    /// known yet.
    #[arg(long, value_name = "COLUMN")]
    left: Option<String>,
    /// The employee id column.
    #[arg(long, value_name = "COLUMN")]
    key: Option<String>,
    /// The period column (YYYY-MM); the latest period's employees are ranked.
    #[arg(long = "period-column", value_name = "COLUMN")]
    period: Option<String>,
    /// How many employees of the ranking the table shows.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Output,
}

pub fn run(args: Args) -> ExitCode {
    let mut spec = AttritionSpec::new(Vec::new());
    if let Some(path) = &args.rules {
        let name = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => return error(&format!("{name}: cannot read the file: {e}")),
        };
        match AttritionSpec::from_rules(&name, &text) {
            Ok(Some(s)) => spec = s,
            Ok(None) => {
                return error(&format!(
                    "{name}: no [analysis.attrition] table; give --features"
                ))
            }
            Err(e) => return error(&e.to_string()),
        }
    }
    if !args.features.is_empty() {
        spec.features = args.features;
    }
    for (given, slot) in [
        (args.left, &mut spec.left),
        (args.key, &mut spec.key),
        (args.period, &mut spec.period),
    ] {
        if let Some(v) = given {
            *slot = v;
        }
    }
    let model = match fit(&args.data, &spec) {
        Ok(m) => m,
        Err(e) => return error(&e.to_string()),
    };
    let text = match args.format {
        Output::Table => model.to_table(args.top),
        Output::Json => format!("{:#}\n", model.to_json()),
    };
    super::status(0, std::io::stdout().write_all(text.as_bytes()))
}
