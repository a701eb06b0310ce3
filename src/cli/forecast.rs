//! `hrrules forecast`: the R&D people needed per month from a project plan and the team's
//! capacity, against today's team.

use hrrules::calendar::Calendar;
use hrrules::forecast::{forecast, read_capacity, read_plan};
use hrrules::Period;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// How `forecast` and `attrition` print: a table for people, JSON for tools.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Output {
    Table,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// The project plan: CSV (or JSON) with columns project, month (YYYY-MM), hours_needed.
    #[arg(long, value_name = "FILE")]
    plan: PathBuf,
    /// The team: employee_id, fte or hours_per_month, and optionally available_from,
    /// available_until (dates) and allocation (a percentage; blank = 100%).
    #[arg(long, value_name = "FILE")]
    capacity: PathBuf,
    /// The first month forecast (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM")]
    from: Period,
    /// How many months.
    #[arg(long, default_value_t = 6)]
    months: u32,
    /// An official calendar (rules/calendars/cn-2024.toml): a month's standard hours are its
    /// working days x 8. Repeat for a forecast across years. Without it, 174 hours a month.
    #[arg(long, value_name = "FILE")]
    calendar: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Output,
}

pub fn run(args: Args) -> ExitCode {
    let mut calendars = Vec::new();
    for path in &args.calendar {
        match Calendar::load(path) {
            Ok(c) => calendars.push(c),
            Err(e) => return error(&e.to_string()),
        }
    }
    let result = read_plan(&args.plan).and_then(|plan| {
        let team = read_capacity(&args.capacity)?;
        forecast(&plan, &team, args.from, args.months, &calendars)
    });
    let f = match result {
        Ok(f) => f,
        Err(e) => return error(&e.to_string()),
    };
    let text = match args.format {
        Output::Table => f.to_table(),
        Output::Json => format!("{:#}\n", f.to_json()),
    };
    super::status(0, std::io::stdout().write_all(text.as_bytes()))
}

/// Prints `error: ...` line by line, a cell's control characters escaped; status 1.
pub fn error(text: &str) -> ExitCode {
    let lines: Vec<_> = text.lines().map(hrrules::text::escape_controls).collect();
    let _ = writeln!(std::io::stderr(), "error: {}", lines.join("\n"));
    ExitCode::from(1)
}
