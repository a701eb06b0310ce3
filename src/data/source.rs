//! Where a data file's bytes come from: a regular file opened once and read from the start for
//! each pass, or bytes held in memory (a string, or standard input read whole).

use super::csv::{detect, Contradiction, Decoded, Detected, Encoding, SNIFF_BYTES};
use super::{DataError, DataLimits};
use crate::files::{self, OpenError};
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The bytes of one data file. A regular file is opened once; each pass reads it from the
/// start through the same handle (never by reopening the path).
#[derive(Clone, Debug)]
pub(crate) enum Source {
    /// A regular file, opened once.
    File(Arc<File>),
    /// Bytes held in memory.
    Bytes(Arc<[u8]>),
}

impl Source {
    /// A reader of the file's text as UTF-8 from the start, after its byte-order mark: the
    /// bytes as they are for UTF-8, decoded as they stream for another encoding.
    pub(crate) fn reader(
        &self,
        name: &Arc<str>,
        detected: Detected,
    ) -> Result<Box<dyn BufRead + Send>, DataError> {
        let mut reader = self.raw();
        if detected.bom > 0 {
            let start = reader.fill_buf().map_err(|e| DataError::io(name, e))?;
            let bom = detected.bom.min(start.len());
            reader.consume(bom);
        }
        Ok(match detected.encoding.decoder() {
            None => reader,
            Some(table) => Box::new(Decoded::new(reader, table)),
        })
    }

    /// The encoding to read the file in: `forced`, or found from its first bytes
    /// ([`detect`]).
    pub(crate) fn detect(
        &self,
        name: &Arc<str>,
        forced: Option<Encoding>,
    ) -> Result<Detected, DataError> {
        let mut prefix = Vec::new();
        self.raw()
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut prefix)
            .map_err(|e| DataError::io(name, e))?;
        detect(&prefix, forced).map_err(|found| {
            let file = name.clone();
            let forced = forced.unwrap_or(Encoding::Utf8);
            match found {
                Contradiction::Bom(bom) => DataError::BomMismatch { file, bom, forced },
                Contradiction::Utf8 => DataError::Utf8Mismatch { file, forced },
            }
        })
    }

    /// The bytes from the start, as they are.
    fn raw(&self) -> Box<dyn BufRead + Send> {
        match self {
            Source::File(file) => Box::new(BufReader::with_capacity(
                64 * 1024,
                FileAt {
                    file: file.clone(),
                    pos: 0,
                },
            )),
            Source::Bytes(bytes) => Box::new(Cursor::new(bytes.clone())),
        }
    }
}

/// Reads a file from an offset of its own, so that two passes never disturb each other.
struct FileAt {
    file: Arc<File>,
    pos: u64,
}

impl Read for FileAt {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut file = &*self.file;
        file.seek(SeekFrom::Start(self.pos))?;
        let n = file.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

/// Opens `path` if it is a regular file (after following symlinks). A FIFO, a device such as
/// `/dev/zero`, a socket or a directory is refused before it is opened, so opening cannot
/// block and reading cannot run forever.
pub(crate) fn open_regular(name: &Arc<str>, path: &Path) -> Result<File, DataError> {
    files::open_regular(path).map_err(|e| match e {
        OpenError::Io(e) => DataError::io(name, e),
        OpenError::NotRegular(kind) => DataError::NotRegularFile {
            file: name.clone(),
            kind,
        },
    })
}

/// Reads `reader` to its end, failing once it holds more than
/// [`DataLimits::max_whole_file_bytes`]: memory stays bounded whatever the stream.
pub(crate) fn read_whole(
    name: &Arc<str>,
    reader: impl Read,
    limits: &DataLimits,
) -> Result<Vec<u8>, DataError> {
    let limit = limits.max_whole_file_bytes;
    let mut bytes = Vec::new();
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| DataError::io(name, e))?;
    if bytes.len() > limit {
        return Err(DataError::FileTooLarge {
            file: name.clone(),
            limit,
        });
    }
    Ok(bytes)
}

/// Whether bytes of unknown format are JSON: `[` or `{` first, after a byte-order mark and
/// whitespace (in UTF-16 too, which JSON may not be: the reader then says so). Anything else
/// is read as CSV.
pub(crate) fn looks_like_json(bytes: &[u8]) -> bool {
    let first = match Encoding::from_bom(bytes) {
        Some((Encoding::Utf16Le, n)) => utf16_first(bytes.get(n..).unwrap_or_default(), true),
        Some((Encoding::Utf16Be, n)) => utf16_first(bytes.get(n..).unwrap_or_default(), false),
        _ => {
            let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
            bytes.trim_ascii_start().first().copied()
        }
    };
    matches!(first, Some(b'[' | b'{'))
}

/// The first character of UTF-16 text after ASCII whitespace, if it is ASCII.
fn utf16_first(bytes: &[u8], little: bool) -> Option<u8> {
    bytes
        .chunks_exact(2)
        .map(|pair| match (pair, little) {
            ([c, 0], true) | ([0, c], false) => Some(*c),
            _ => None,
        })
        .find(|c| !c.is_some_and(|c| c.is_ascii_whitespace()))
        .flatten()
}
