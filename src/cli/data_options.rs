//! How the data-reading subcommands (`eval`, `explain`, `diff`, `split`, `payslip`) open
//! their `--data` and `--records` files: the options they share, flattened into each.

use super::data_error;
use hrrules::data::{DataError, DataFile, Encoding, OpenOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Options for reading data and records files.
#[derive(clap::Args, Clone, Copy, Debug, Default)]
pub struct DataOptions {
    /// The text encoding of the CSV data and records files. Default: found from each file,
    /// a byte-order mark deciding, else UTF-8 if the file starts as UTF-8 (its first 64 KiB),
    /// else GB18030 (which includes GBK). JSON files are always UTF-8.
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<EncodingArg>,
}

/// The encodings `--encoding` names.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum EncodingArg {
    /// UTF-8, with or without a byte-order mark.
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK, as Chinese Excel saves "CSV" (read as GB18030, which includes it).
    Gbk,
    /// GB18030.
    Gb18030,
    /// UTF-16, little-endian (Excel's "Unicode text").
    #[value(name = "utf-16le", alias = "utf16le")]
    Utf16Le,
    /// UTF-16, big-endian.
    #[value(name = "utf-16be", alias = "utf16be")]
    Utf16Be,
}

impl DataOptions {
    /// The library's options for opening a file.
    pub fn open_options(&self) -> OpenOptions {
        let encoding = self.encoding.map(|e| match e {
            EncodingArg::Utf8 => Encoding::Utf8,
            EncodingArg::Gbk => Encoding::Gbk,
            EncodingArg::Gb18030 => Encoding::Gb18030,
            EncodingArg::Utf16Le => Encoding::Utf16Le,
            EncodingArg::Utf16Be => Encoding::Utf16Be,
        });
        OpenOptions {
            encoding,
            ..OpenOptions::default()
        }
    }

    /// Opens one data file; `-` is standard input.
    pub fn open(&self, path: &Path) -> Result<DataFile, DataError> {
        let options = self.open_options();
        if path.as_os_str() == "-" {
            options.read_stream("<stdin>", std::io::stdin().lock())
        } else {
            options.open(path)
        }
    }

    /// Opens every records file; the exit status after saying why not.
    pub fn open_all(&self, paths: &[PathBuf]) -> Result<Vec<DataFile>, ExitCode> {
        let options = self.open_options();
        paths
            .iter()
            .map(|p| options.open(p))
            .collect::<Result<Vec<_>, _>>()
            .map_err(data_error)
    }
}
