//! How the data-reading subcommands (`eval`, `explain`, `diff`, `split`, `payslip`) open
//! their `--data` and `--records` files and join the data: the options they share
//! (`--encoding`, `--mapping`), flattened into each.

use hrrules::batch::sources::{DataSources, Notice, SourceError, Spelling};
use hrrules::data::{DataError, DataFile, Encoding};
use hrrules::text::escape_controls;
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
    /// The library's sources for these options: data joined on `key`, earlier months from
    /// `history`.
    pub fn sources(&self, key: &str, history: &[PathBuf]) -> DataSources {
        DataSources {
            key: key.to_string(),
            encodings: (self.encodings.iter())
                .map(|c| (c.file.clone(), c.encoding))
                .collect(),
            mappings: self.mapping.clone(),
            history: history.to_vec(),
            past: None,
            spelling: Spelling::COMMAND_LINE,
        }
    }

    /// Warns of each `--encoding FILE=ENCODING` whose FILE is none of `files` (as written in
    /// `--data` or `--records`): a misspelt name would otherwise leave the file's encoding to
    /// be found from its bytes without a word.
    pub fn warn_unused(&self, files: &[&[PathBuf]]) {
        say(&self.sources("", &[]).unused_encodings(files));
    }

    /// Opens one data file; `-` is standard input. A CSV file found to be in another
    /// encoding than UTF-8 is noted on stderr, so that a wrong guess can be seen.
    pub fn open(&self, path: &Path) -> Result<DataFile, DataError> {
        let mut notices = Vec::new();
        let opened = open(&self.sources("", &[]), path, &mut notices);
        say(&notices);
        opened
    }
}

/// Opens one data or records file with `sources`; `-` is standard input.
pub fn open(
    sources: &DataSources,
    path: &Path,
    notices: &mut Vec<Notice>,
) -> Result<DataFile, DataError> {
    let read = |options: hrrules::data::OpenOptions| {
        if path.as_os_str() == "-" {
            options.read_stream("<stdin>", std::io::stdin().lock())
        } else {
            options.open(path)
        }
    };
    sources.open_with(path, read, notices)
}

/// Writes the notices to stderr, a line each.
pub fn say(notices: &[Notice]) {
    let mut err = std::io::stderr().lock();
    for notice in notices {
        let _ = writeln!(err, "{notice}");
    }
}

/// Says the notices, then the error; the exit status.
pub fn source_error(notices: &[Notice], e: impl Into<SourceError>) -> ExitCode {
    say(notices);
    let text = e.into().to_string();
    let lines: Vec<_> = text.lines().map(escape_controls).collect();
    let _ = writeln!(std::io::stderr(), "error: {}", lines.join("\n"));
    ExitCode::from(1)
}
