//! How a data file is opened: the limits, and a CSV file's text encoding.

use super::file::{open_with_options, read_stream_with_options};
use super::{DataError, DataFile, DataLimits, Encoding};
use std::io::Read;
use std::path::Path;

/// How data files are opened: the [`DataLimits`], and the text encoding of CSV files.
///
/// Without an encoding, a CSV file's is found from its first bytes: a byte-order mark
/// decides; else UTF-8 if its first 64 KiB are UTF-8; else GB18030 (which includes GBK) if
/// they are GB18030 and not mostly UTF-8; else UTF-8 with broken bytes (docs/rules.md,
/// section 17.4). Named, it is used whatever the bytes say, except that a byte-order mark
/// of another encoding ([`DataError::BomMismatch`]) or plainly UTF-8 text under another
/// encoding ([`DataError::Utf8Mismatch`]) is an error, never garbled text. JSON files are
/// always UTF-8.
///
/// ```
/// use hrrules::data::{join, Encoding, OpenOptions};
/// // 王芳 saved by a Chinese Excel: GBK
/// let gbk = b"employee_id,name\nE001,\xcd\xf5\xb7\xbc\n";
/// let file = OpenOptions::default()
///     .with_encoding(Encoding::Gbk)
///     .read_stream("sales.csv", &gbk[..])?;
/// let data = join(vec![file], "employee_id")?;
/// let record = data.records().next().unwrap();
/// assert_eq!(record.cell(1).unwrap().text, "王芳");
/// # Ok::<(), hrrules::data::DataError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpenOptions {
    /// The size limits.
    pub limits: DataLimits,
    /// The text encoding of CSV files; `None` to find it from each file's first bytes.
    pub encoding: Option<Encoding>,
}

impl OpenOptions {
    /// The default options with other limits.
    pub fn with_limits(limits: DataLimits) -> OpenOptions {
        OpenOptions {
            limits,
            encoding: None,
        }
    }

    /// These options, reading CSV files in `encoding`.
    pub fn with_encoding(self, encoding: Encoding) -> OpenOptions {
        OpenOptions {
            encoding: Some(encoding),
            ..self
        }
    }

    /// Opens a data file, as [`open`](super::open) does, with these options.
    pub fn open(&self, path: &Path) -> Result<DataFile, DataError> {
        open_with_options(path, self)
    }

    /// Reads a data file from a stream, as [`read_stream`](super::read_stream) does, with
    /// these options.
    pub fn read_stream(&self, name: &str, reader: impl Read) -> Result<DataFile, DataError> {
        read_stream_with_options(name, reader, self)
    }
}
