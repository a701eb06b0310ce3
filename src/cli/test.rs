//! `hrrules test`: run the `[[tests]]` kept beside the rules.

use super::status;
use hrrules::error::display_width;
use hrrules::text::escape_controls;
use hrrules::{Failure, LoadOptions, TestResult, Value};
use rust_decimal::Decimal;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Run the [[tests]] of rule files.
#[derive(clap::Args)]
pub struct Args {
    /// Rule files (.toml).
    #[arg(required = true)]
    rules: Vec<PathBuf>,
    /// Output format: `text` for people, `json` for tools (one object per case and a summary).
    #[arg(long, value_enum, default_value_t = TestFormat::Text)]
    format: TestFormat,
}

/// Output formats of `test`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum TestFormat {
    Text,
    Json,
}

pub fn run(load: &LoadOptions, args: Args) -> ExitCode {
    let mut run = Run::default();
    for path in &args.rules {
        match load.load(path) {
            Ok(policy) => run.results.extend(hrrules::run_tests(&policy)),
            Err(e) => run.broken.push((path.display().to_string(), e.to_string())),
        }
    }
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        TestFormat::Text => {
            for (_, e) in &run.broken {
                let _ = writeln!(std::io::stderr(), "{e}");
            }
            write_text(&mut out, &run)
        }
        TestFormat::Json => write_json(&mut out, &run),
    };
    let written = written.and_then(|()| out.flush());
    status(
        u8::from(!run.broken.is_empty() || run.failed() > 0),
        written,
    )
}

/// The results of every file, and the files that could not be checked.
#[derive(Default)]
struct Run {
    results: Vec<TestResult>,
    /// (file as named, its errors rendered)
    broken: Vec<(String, String)>,
}

impl Run {
    fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed()).count()
    }

    fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }
}

fn write_text(out: &mut impl Write, run: &Run) -> std::io::Result<()> {
    for r in &run.results {
        write_result(out, r)?;
    }
    write!(out, "\n{} passed, {} failed", run.passed(), run.failed())?;
    let broken = run.broken.len();
    if broken > 0 {
        let s = if broken == 1 { "" } else { "s" };
        write!(out, "; {broken} rule file{s} with errors, not tested")?;
    }
    writeln!(out)
}

/// `{"tests": [...], "summary": {"passed", "failed", "files_with_errors"}, "errors": [...]}`.
fn write_json(out: &mut impl Write, run: &Run) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct Doc<'a> {
        tests: &'a [TestResult],
        summary: Summary,
        errors: Vec<FileError<'a>>,
    }
    #[derive(serde::Serialize)]
    struct Summary {
        passed: usize,
        failed: usize,
        files_with_errors: usize,
    }
    #[derive(serde::Serialize)]
    struct FileError<'a> {
        file: &'a str,
        error: &'a str,
    }
    let doc = Doc {
        tests: &run.results,
        summary: Summary {
            passed: run.passed(),
            failed: run.failed(),
            files_with_errors: run.broken.len(),
        },
        errors: run
            .broken
            .iter()
            .map(|(file, error)| FileError { file, error })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::other)?;
    writeln!(out)
}

/// `ok    name (file:line:col)`, or `FAIL`, the values that differ, the other failures and
/// the explanation of the first differing value; names and values escaped.
fn write_result(out: &mut impl Write, r: &TestResult) -> std::io::Result<()> {
    let name = escape_controls(&r.name);
    if r.passed() {
        return writeln!(out, "ok    {name} ({})", r.at);
    }
    writeln!(out, "FAIL  {name} ({})", r.at)?;
    write_mismatches(out, &r.failures)?;
    for f in &r.failures {
        match f {
            Failure::Mismatch { .. } => {}
            Failure::Error { message } => indented(out, "error: ", message)?,
            Failure::OtherError { expected, message } => {
                let expected = escape_controls(expected);
                let line = format!("expected an error containing \"{expected}\", but got another:");
                writeln!(out, "      {line}")?;
                indented(out, "error: ", message)?;
            }
            other => writeln!(out, "      {}", escape_controls(&other.to_string()))?,
        }
    }
    // The first differing value, a team member's included (`E002`'s `share`).
    let first = r.failures.iter().find_map(|f| match f {
        Failure::Mismatch { name, .. } => Some(format!("`{name}`")),
        Failure::Member { employee, failure } => match &**failure {
            Failure::Mismatch { name, .. } => Some(format!("{employee}'s `{name}`")),
            _ => None,
        },
        _ => None,
    });
    if let (Some(why), Some(name)) = (&r.explanation, first) {
        writeln!(out, "      how {} was computed:", escape_controls(&name))?;
        indented(out, "  ", why)?;
    }
    Ok(())
}

/// The values that differ as a table: name, expected, actual and, for numbers, the
/// difference (actual - expected), columns aligned; a figure declared a percentage shows
/// its actual value and difference as percentages (`92%`, `-3%`).
fn write_mismatches(out: &mut impl Write, failures: &[Failure]) -> std::io::Result<()> {
    let mut rows = vec![[
        "value".to_string(),
        "expected".to_string(),
        "actual".to_string(),
        "difference".to_string(),
    ]];
    for f in failures {
        if let Failure::Mismatch {
            name,
            expected,
            actual,
            difference,
            percent,
        } = f
        {
            // A percentage as `92%`, its difference as `-3%`, like `eval`'s tables.
            let shown = |d: Decimal| {
                if *percent {
                    hrrules::vocab::percent(d)
                } else {
                    d.to_string()
                }
            };
            let difference = match difference {
                Some(d) if d.is_sign_positive() => format!("+{}", shown(*d)),
                Some(d) => shown(*d),
                None => String::new(),
            };
            let actual = match actual {
                Value::Number(d) => shown(*d),
                other => other.to_string(),
            };
            let cells = [name.clone(), expected.clone(), actual, difference];
            rows.push(cells.map(|c| escape_controls(&c).into_owned()));
        }
    }
    if rows.len() == 1 {
        return Ok(());
    }
    let width = |i: usize| rows.iter().map(|r| display_width(&r[i])).max().unwrap_or(0);
    let widths = [width(0), width(1), width(2), width(3)];
    for row in &rows {
        let mut line = format!("      {}", pad_right(&row[0], widths[0]));
        for i in 1..4 {
            line.push_str("  ");
            line.push_str(&pad_left(&row[i], widths[i]));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn pad_right(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(display_width(s))))
}

fn pad_left(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(display_width(s))))
}

/// `text` under a failed test, each line indented, the first after `label` (`"  "`
/// indents every line by two more).
fn indented(out: &mut impl Write, label: &str, text: &str) -> std::io::Result<()> {
    for (i, line) in text.lines().enumerate() {
        let lead = if i == 0 || label.trim().is_empty() {
            label
        } else {
            ""
        };
        writeln!(out, "      {lead}{}", escape_controls(line))?;
    }
    Ok(())
}
