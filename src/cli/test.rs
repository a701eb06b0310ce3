//! `hrrules test`: run the `[[tests]]` kept beside the rules.

use super::status;
use hrrules::text::escape_controls;
use hrrules::LoadOptions;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Run the [[tests]] of rule files.
#[derive(clap::Args)]
pub struct Args {
    /// Rule files (.toml).
    #[arg(required = true)]
    rules: Vec<PathBuf>,
}

pub fn run(load: &LoadOptions, args: Args) -> ExitCode {
    test(load, &args.rules)
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
