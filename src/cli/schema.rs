//! `hrrules schema`: the JSON Schema of rule, calendar or mapping files, for editors.

use hrrules::shape;
use std::io::Write;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Which files: rule files, calendar files or mapping files.
    #[arg(value_enum, default_value = "rules")]
    kind: Kind,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Kind {
    Rules,
    Calendar,
    Mapping,
}

pub fn run(args: Args) -> ExitCode {
    let name = match args.kind {
        Kind::Rules => "rules.schema.json",
        Kind::Calendar => "calendar.schema.json",
        Kind::Mapping => "mapping.schema.json",
    };
    let text = shape::schema_text(name).unwrap_or_default();
    super::status(0, std::io::stdout().write_all(text.as_bytes()))
}
