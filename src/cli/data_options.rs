//! How the data-reading subcommands (`eval`, `explain`, `diff`, `split`, `payslip`) open
//! their `--data` and `--records` files and join the data: the options they share
//! (`--encoding`, `--mapping`), flattened into each.

use super::data_error;
use hrrules::data::{DataError, DataFile, Dataset, Encoding, Mapping, OpenOptions};
use hrrules::text::escape_controls;
use hrrules::{Binding, Policy};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Options for reading data and records files.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct DataOptions {
    /// The text encoding of CSV data and records files: ENCODING for every file, or
    /// FILE=ENCODING for one (as written in --data or --records; repeat for several).
    /// ENCODING: utf-8, gbk, gb18030, utf-16le or utf-16be. Default: found from each file's
    /// first 64 KiB: a byte-order mark decides, else UTF-8 if they are UTF-8, else GB18030
    /// (which includes GBK) if they are GB18030. JSON files are always UTF-8.
    #[arg(long = "encoding", value_name = "[FILE=]ENCODING", value_parser = choice)]
    pub encodings: Vec<EncodingChoice>,
    /// A mapping file: one system's column names mapped to the policy's inputs (TOML, a
    /// `[columns]` table of `"客户满意度" = "satisfaction"`). It renames the columns of every
    /// `--data` file before they are joined. Repeat for several systems.
    #[arg(long = "mapping", value_name = "FILE")]
    pub mapping: Vec<PathBuf>,
}

/// One `--encoding`: for every file, or for the file named.
#[derive(Clone, Debug)]
pub struct EncodingChoice {
    /// The file, as written in `--data` or `--records`; `None` for every file.
    pub file: Option<PathBuf>,
    /// Its encoding.
    pub encoding: Encoding,
}

/// `gbk` or `FILE=gbk`.
fn choice(text: &str) -> Result<EncodingChoice, String> {
    let (file, label) = match text.rsplit_once('=') {
        Some((file, label)) => (Some(PathBuf::from(file)), label),
        None => (None, text),
    };
    match Encoding::from_label(label) {
        Some(encoding) => Ok(EncodingChoice { file, encoding }),
        None => Err(format!(
            "no encoding is named `{}`; expected utf-8, gbk, gb18030, utf-16le or utf-16be, for every file or as FILE=ENCODING",
            escape_controls(label)
        )),
    }
}

impl DataOptions {
    /// The library's options for opening `path`: the encoding named for it, else the one
    /// named for every file (the last given wins), else none (found from the file).
    pub fn open_options(&self, path: &Path) -> OpenOptions {
        let named = |c: &&EncodingChoice| c.file.as_deref() == Some(path);
        let every = |c: &&EncodingChoice| c.file.is_none();
        let encoding = (self.encodings.iter().rev().find(named))
            .or_else(|| self.encodings.iter().rev().find(every))
            .map(|c| c.encoding);
        OpenOptions {
            encoding,
            ..OpenOptions::default()
        }
    }

    /// Warns of each `--encoding FILE=ENCODING` whose FILE is none of `files` (as written in
    /// `--data` or `--records`): a misspelt name would otherwise leave the file's encoding to
    /// be found from its bytes without a word.
    pub fn warn_unused(&self, files: &[&[PathBuf]]) {
        let given = |f: &Path| files.iter().any(|list| list.iter().any(|p| p == f));
        for c in &self.encodings {
            if let Some(file) = c.file.as_deref().filter(|f| !given(f)) {
                let _ = writeln!(
                    std::io::stderr(),
                    "warning: --encoding {}={}: no --data or --records file is named {}; it is not used",
                    escape_controls(&file.display().to_string()),
                    c.encoding.label(),
                    escape_controls(&file.display().to_string())
                );
            }
        }
    }

    /// Opens one data file; `-` is standard input. A CSV file found to be in another
    /// encoding than UTF-8 is noted on stderr, so that a wrong guess can be seen.
    pub fn open(&self, path: &Path) -> Result<DataFile, DataError> {
        let options = self.open_options(path);
        let file = if path.as_os_str() == "-" {
            options.read_stream("<stdin>", std::io::stdin().lock())
        } else {
            options.open(path)
        }?;
        match file.encoding() {
            Some(found) if options.encoding.is_none() && found != Encoding::Utf8 => {
                let _ = writeln!(
                    std::io::stderr(),
                    "note: {}: read as {found} (found from its bytes; name another with --encoding)",
                    escape_controls(file.name())
                );
            }
            _ => {}
        }
        Ok(file)
    }

    /// Opens every records file; the exit status after saying why not.
    pub fn open_all(&self, paths: &[PathBuf]) -> Result<Vec<DataFile>, ExitCode> {
        paths
            .iter()
            .map(|p| self.open(p))
            .collect::<Result<Vec<_>, _>>()
            .map_err(data_error)
    }

    /// Joins `files` on `key` through the `--mapping` files, saying on stderr what in the
    /// mappings does not fit `policies` (warnings); the exit status after saying why not.
    pub fn join(
        &self,
        files: Vec<DataFile>,
        key: &str,
        policies: &[&Policy],
    ) -> Result<Dataset, ExitCode> {
        if self.mapping.is_empty() {
            return hrrules::data::join(files, key).map_err(data_error);
        }
        let mut mapping = Mapping::new();
        for path in &self.mapping {
            mapping.add_path(path).map_err(data_error)?;
        }
        let data = mapping.join(files, key).map_err(data_error)?;
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
    Binding::new(policy, dataset).map_err(|e: DataError| data_error(e))
}
