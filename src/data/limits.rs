//! Size limits for data files: no file, however large or hostile, makes the reader hold more
//! than these bounds in memory.

/// Upper bounds checked while reading a data file. Text beyond a bound is skipped, not
/// stored, and reported: a cell or a row is an error for its employee, a header or a whole
/// file an error for the file. Cells, rows and headers are measured in bytes of UTF-8 text,
/// after a file in another encoding is decoded (a GBK character of 2 bytes counts 3); a
/// whole file in the bytes read.
///
/// ```
/// let limits = hrrules::data::DataLimits::default();
/// assert_eq!(limits.max_cell_bytes, 1024 * 1024);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataLimits {
    /// Longest cell (a CSV field, a JSON value), in bytes. 1 MiB.
    pub max_cell_bytes: usize,
    /// Longest CSV row, in bytes of text (separators and quotes not counted). 4 MiB.
    pub max_row_bytes: usize,
    /// Longest CSV header row, in bytes. 1 MiB.
    pub max_header_bytes: usize,
    /// Largest JSON file, or data read from standard input, which are held whole. 256 MiB.
    pub max_whole_file_bytes: usize,
}

impl DataLimits {
    /// The limits [`open`](super::open) and the `DataFile::from_*` constructors use.
    pub const DEFAULT: DataLimits = DataLimits {
        max_cell_bytes: 1024 * 1024,
        max_row_bytes: 4 * 1024 * 1024,
        max_header_bytes: 1024 * 1024,
        max_whole_file_bytes: 256 * 1024 * 1024,
    };
}

impl Default for DataLimits {
    fn default() -> DataLimits {
        DataLimits::DEFAULT
    }
}

/// `1 MiB`, `512 KiB`, `300 bytes`: a size for a message.
pub(crate) fn size(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes % MIB == 0 {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes % KIB == 0 {
        format!("{} KiB", bytes / KIB)
    } else if bytes == 1 {
        "1 byte".to_string()
    } else {
        format!("{bytes} bytes")
    }
}
