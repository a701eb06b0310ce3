//! `hrrules check`: parse and type-check rule files.

use super::status;
use hrrules::text::escape_controls;
use hrrules::LoadOptions;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Parse and type-check rule files; report every error with its location.
#[derive(clap::Args)]
pub struct Args {
    /// Rule files (.toml).
    #[arg(required = true)]
    rules: Vec<PathBuf>,
}

pub fn run(load: &LoadOptions, args: Args) -> ExitCode {
    check(load, &args.rules)
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
