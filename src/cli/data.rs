//! How the data-reading subcommands (`eval`, `diff`, `explain`, `payslip`, `split`) read
//! `--data`: the options they share beside `--data` and `--key`.

use hrrules::data::{DataError, DataFile, Dataset, Mapping};
use hrrules::{Binding, Policy};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// How data files are read, shared by every subcommand that reads `--data`.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct DataOptions {
    /// A mapping file: one system's column names mapped to the policy's inputs (TOML, a
    /// `[columns]` table of `"客户满意度" = "satisfaction"`). It renames the columns of every
    /// `--data` file before they are joined. Repeat for several systems.
    #[arg(long = "mapping", value_name = "FILE")]
    pub mapping: Vec<PathBuf>,
}

impl DataOptions {
    /// Joins `files` on `key` through the `--mapping` files, saying on stderr what in the
    /// mappings does not fit `policies` (warnings); the exit status after saying why not.
    pub fn join(
        &self,
        files: Vec<DataFile>,
        key: &str,
        policies: &[&Policy],
    ) -> Result<Dataset, ExitCode> {
        if self.mapping.is_empty() {
            return hrrules::data::join(files, key).map_err(super::data_error);
        }
        let mut mapping = Mapping::new();
        for path in &self.mapping {
            mapping.add_path(path).map_err(super::data_error)?;
        }
        let data = mapping.join(files, key).map_err(super::data_error)?;
        let mut known: Vec<&str> = policies
            .iter()
            .flat_map(|p| Binding::column_names(p))
            .collect();
        known.sort_unstable();
        known.dedup();
        let mut err = std::io::stderr().lock();
        for warning in mapping.warnings(&data, &known) {
            let _ = writeln!(err, "warning: {warning}");
        }
        Ok(data)
    }
}

/// The binding of `policy` to `dataset`; the exit status after saying why there is none
/// (an input two columns could feed).
pub fn binding(policy: &Policy, dataset: &Dataset) -> Result<Binding, ExitCode> {
    Binding::new(policy, dataset).map_err(|e: DataError| super::data_error(e))
}
