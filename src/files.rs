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
/// before the open, and again on the opened file, in case the path was swapped in between;
/// the open itself never waits (on Unix it is non-blocking, which a FIFO would otherwise
/// make it do, and which changes nothing for a regular file).
pub(crate) fn open_regular(path: &Path) -> Result<File, OpenError> {
    regular(&std::fs::metadata(path)?)?;
    let file = open_without_waiting(path)?;
    regular(&file.metadata()?)?;
    Ok(file)
}

#[cfg(unix)]
fn open_without_waiting(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> io::Result<File> {
    File::open(path)
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A FIFO put in place of a checked file, between the check and the open: the open
    /// returns at once (no writer is needed), and the check on the opened file refuses it.
    #[test]
    fn a_fifo_behind_the_check_does_not_block_the_open() {
        let dir = std::env::temp_dir().join(format!("hrrules-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("swapped.toml");
        let _ = std::fs::remove_file(&fifo);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let file = open_without_waiting(&fifo).expect("opens without waiting for a writer");
        let refused = regular(&file.metadata().unwrap());
        assert!(matches!(
            refused,
            Err(OpenError::NotRegular("a FIFO (named pipe)"))
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
