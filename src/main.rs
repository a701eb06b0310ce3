//! The `hrrules` command line: arguments -> library -> print -> exit status.
//!
//! Exit status: 0 when everything succeeded, 1 when the rules (or the command) are wrong or
//! the output cannot be written, 2 when some employees could not be computed. A reader that
//! closes the pipe early (`| head`) is not an error: the status is what the run would give.
//! Text from rule files (a policy's name, a test's name) is printed with its control
//! characters escaped.

mod cli;

use clap::{Parser, Subcommand};
use hrrules::Policy;
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
    Check(cli::check::Args),
    /// Evaluate every employee row of the data.
    Eval(cli::eval::Args),
    /// Run the [[tests]] of rule files.
    Test(cli::test::Args),
    /// Show how one employee's figures were derived: formulas, inputs, brackets, metrics.
    Explain(cli::explain::Args),
    /// Compare two policies (or one under --set NAME=EXPR) over the same employees.
    Diff(cli::diff::Args),
    /// Split a money figure of every employee across the policy's projects by project hours.
    Split(cli::split::Args),
    /// Print payslips laid out by the policy's [payslip] table, or the bank transfer file.
    Payslip(cli::payslip::Args),
    /// What the data tells: correlations, group comparisons, before and after a change.
    Analyze(cli::analyze::Args),
    /// R&D people needed per month from a project plan and the team's capacity.
    Forecast(cli::forecast::Args),
    /// Fit the attrition model on employee-months: coefficients, cross-validated AUC, ranking.
    Attrition(cli::attrition::Args),
    /// Print the JSON Schema of rule, calendar or mapping files, for editors (taplo).
    Schema(cli::schema::Args),
    /// Run the language server on stdio: diagnostics, completion, hover, go to definition.
    Lsp(cli::lsp::Args),
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
        Command::Check(args) => cli::check::run(&load, args),
        Command::Eval(args) => cli::eval::run(&load, args),
        Command::Test(args) => cli::test::run(&load, args),
        Command::Explain(args) => cli::explain::run(&load, args),
        Command::Diff(args) => cli::diff::run(&load, args),
        Command::Split(args) => cli::split::run(&load, args),
        Command::Payslip(args) => cli::payslip::run(&load, args),
        Command::Analyze(args) => cli::analyze::run(&load, args),
        Command::Forecast(args) => cli::forecast::run(args),
        Command::Schema(args) => cli::schema::run(args),
        Command::Lsp(args) => cli::lsp::run(args),
        Command::Attrition(args) => cli::attrition::run(args),
    }
}
