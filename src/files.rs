//! Opening untrusted files: only regular files, so that opening cannot block (a FIFO) and
//! reading cannot run forever (`/dev/zero`). Rule files (`policy`) and data files (`data`)
//! are opened through here.
//!
//! A leaf module: it uses nothing else of hrrules.

use std::fs::{File, Metadata};
use std::io;
use std::path::Path;

/// Why a file was not opened.
#[derive(Debug)]
pub(crate) enum OpenError {
    /// The operating system's reason: no such file, no permission, ...
    Io(io::Error),
    /// Not a regular file; what it is, in words: `a folder`, `a FIFO (named pipe)`,
    /// `a device`, `a socket`, `a special file`.
    NotRegular(&'static str),
}

impl From<io::Error> for OpenError {
    fn from(e: io::Error) -> OpenError {
        OpenError::Io(e)
    }
}

/// Opens `path` if it is a regular file once links are followed. What it is is checked
/// before the open, which a FIFO would block, and again on the opened file, in case the
/// path was swapped in between.
pub(crate) fn open_regular(path: &Path) -> Result<File, OpenError> {
    regular(&std::fs::metadata(path)?)?;
    let file = File::open(path)?;
    regular(&file.metadata()?)?;
    Ok(file)
}

/// `Ok` for a regular file; what it is otherwise.
pub(crate) fn regular(meta: &Metadata) -> Result<(), OpenError> {
    let t = meta.file_type();
    if t.is_file() {
        Ok(())
    } else if t.is_dir() {
        Err(OpenError::NotRegular("a folder"))
    } else {
        Err(OpenError::NotRegular(special_kind(&t)))
    }
}

#[cfg(unix)]
fn special_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}
