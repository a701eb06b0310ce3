//! The subcommands, one file each; what they share (exit status, error printing) is here.

pub mod analyze;
pub mod attrition;
pub mod check;
pub mod data_options;
pub mod diff;
pub mod eval;
pub mod explain;
pub mod forecast;
pub mod lsp;
pub mod payslip;
pub mod schema;
pub mod split;
pub mod test;

use hrrules::Error;
use std::io::Write;
use std::process::ExitCode;

/// Output formats of `eval` (and the commands that print figures).
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    Table,
    Csv,
    Json,
}

/// The exit status `code`, unless the output could not be written (status 1). A reader that
/// closes the pipe early (`hrrules check rules/*.toml | head -1`) is not an error: the status
/// is the one the run would have had.
pub fn status(code: u8, written: std::io::Result<()>) -> ExitCode {
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            let _ = writeln!(std::io::stderr(), "error: writing the output: {e}");
            ExitCode::from(1)
        }
        _ => ExitCode::from(code),
    }
}

pub fn fail(e: impl Into<Error>) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "{}", e.into());
    ExitCode::from(1)
}

pub fn data_error(e: hrrules::data::DataError) -> ExitCode {
    // Line by line, so a message's own line breaks stay and a cell's control characters
    // cannot reach the terminal.
    let text = e.to_string();
    let lines: Vec<_> = text.lines().map(hrrules::text::escape_controls).collect();
    let _ = writeln!(std::io::stderr(), "error: {}", lines.join("\n"));
    ExitCode::from(1)
}
