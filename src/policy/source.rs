//! Where rule files come from: the [`RuleSource`] trait, the [`RulePath`] it is asked for,
//! and [`MemorySource`], rule files held in memory.
//!
//! The loader never names a file by itself: it resolves each `include` entry to a
//! [`RulePath`] (a relative path with no `.`, no `..` and no root, checked here before any
//! source is asked) and asks its source for the text. A source on disk
//! ([`super::FsSource`]) keeps every read inside its folders; an HR product can implement
//! the trait over its own store, so that a tenant's policy never reaches the file system.

use std::collections::HashMap;
use std::fmt;

/// The path of a rule file inside a [`RuleSource`]: folder names and a file name joined by
/// `/`, with no `.`, no `..`, no leading `/` and no empty part, so that it cannot leave the
/// source's tree. An `include` entry is resolved to one relative to the including file.
///
/// ```
/// use hrrules::policy::RulePath;
///
/// let root = RulePath::new("sales.toml").unwrap();
/// let inc = root.resolve("./common/../common/erp_sales.toml").unwrap();
/// assert_eq!(inc.as_str(), "common/erp_sales.toml");
/// assert!(root.resolve("/etc/passwd").is_err());
/// assert!(root.resolve("../secret.toml").is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RulePath(String);

/// Why an `include` entry (or a name given to [`RulePath::new`]) names no file in the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathError {
    /// A path from the root of a disk: `/etc/passwd`, `C:\rules\a.toml`, `\\server\share`.
    Absolute,
    /// A path whose `..` climb above the tree: `../../etc/hostname` from a file at the top.
    Escapes,
    /// A path that cannot name a rule file: empty, `\` or `:` in it, a NUL byte, or a
    /// folder (`sub/..`).
    Invalid(&'static str),
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::Absolute => f.write_str(
                "an absolute path; an include names a file relative to the file that includes it",
            ),
            PathError::Escapes => f.write_str("it leaves the policy's folder"),
            PathError::Invalid(why) => f.write_str(why),
        }
    }
}

impl RulePath {
    /// A path given from the top of the tree: `sales.toml`, `common/erp_sales.toml`.
    pub fn new(path: &str) -> Result<RulePath, PathError> {
        let mut parts = Vec::new();
        push_parts(&mut parts, path)?;
        Ok(RulePath(parts.join("/")))
    }

    /// The path `include` names when written in this file: relative to this file's folder,
    /// `..` resolved by name (before any link is followed), never above the tree.
    pub fn resolve(&self, include: &str) -> Result<RulePath, PathError> {
        let mut parts: Vec<&str> = self.0.split('/').collect();
        parts.pop();
        push_parts(&mut parts, include)?;
        Ok(RulePath(parts.join("/")))
    }

    /// The path, parts joined by `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the file name ends in `.toml` (in any case), the one kind of file that can
    /// be included.
    pub fn is_toml(&self) -> bool {
        is_toml_name(&self.0)
    }
}

impl fmt::Display for RulePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether a file name ends in `.toml`, in any case.
pub(crate) fn is_toml_name(name: &str) -> bool {
    let n = name.len();
    n > 5 && name.is_char_boundary(n - 5) && name[n - 5..].eq_ignore_ascii_case(".toml")
}

/// Adds the parts of a relative path to `parts`, refusing anything that leaves the tree.
fn push_parts<'a>(parts: &mut Vec<&'a str>, path: &'a str) -> Result<(), PathError> {
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if path.starts_with('/') || path.starts_with('\\') || drive {
        return Err(PathError::Absolute);
    }
    if path.trim().is_empty() {
        return Err(PathError::Invalid("the path is empty"));
    }
    if path.contains('\\') {
        return Err(PathError::Invalid("write `/` between folders, not `\\`"));
    }
    if path.contains(':') {
        return Err(PathError::Invalid("a rule file's path cannot hold `:`"));
    }
    if path.contains('\0') {
        return Err(PathError::Invalid("the path holds a NUL character"));
    }
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or(PathError::Escapes)?;
            }
            name => parts.push(name),
        }
    }
    let last = path.rsplit('/').next();
    if parts.is_empty() || matches!(last, Some("" | "." | "..")) {
        return Err(PathError::Invalid("it names a folder, not a file"));
    }
    Ok(())
}

/// Why a [`RuleSource`] cannot give a rule file.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// No file by that name: `include = ["payroll_sh.toml"]` when the store has none.
    #[error("no such rule file")]
    NotFound,
    /// A file outside the folders a source may read: a link inside the tree that leads
    /// outside it (`inc/shared.toml -> /etc/passwd`), or `../other/x.toml` into a sibling
    /// of an allowed folder.
    #[error("{}", if *through_link {
        "it is a link that leads outside the policy's folder"
    } else {
        "it is outside the policy's folder and the folders allowed for includes"
    })]
    Outside {
        /// Whether a link leads out (rather than the path itself).
        through_link: bool,
    },
    /// Not a regular file: a folder, a FIFO, a device such as `/dev/zero`, a socket.
    #[error("it is {kind}, not a regular file")]
    NotRegular {
        /// What it is, in words ("a FIFO (named pipe)").
        kind: &'static str,
    },
    /// A link named `*.toml` whose target is not a `.toml` file: `a.toml -> notes.txt`.
    #[error("it is a link to a file that is not a .toml rule file")]
    NotToml,
    /// Larger than `Limits::max_file_bytes`.
    #[error("it is too large: {size} bytes, the limit is {limit}")]
    TooLarge {
        /// Its size in bytes (at least).
        size: u64,
        /// The limit.
        limit: usize,
    },
    /// Any other failure to read it: permissions, an I/O error, a store that is down.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Where a policy's rule files come from: the folder on disk ([`super::FsSource`]), memory
/// ([`MemorySource`]), or an HR product's own store.
///
/// The loader resolves every `include` entry to a [`RulePath`] (never absolute, never above
/// the tree, always a `.toml` name) before it calls [`RuleSource::read`]; a source only has
/// to serve the files it holds. Files are told apart by their [`RulePath`]: the same path
/// included from two files is loaded once.
pub trait RuleSource {
    /// The bytes of the rule file at `path` (UTF-8 text, checked by the loader). A source
    /// should refuse a file over `limit` bytes with [`SourceError::TooLarge`] and must not
    /// return more than `limit + 1` bytes.
    fn read(&self, path: &RulePath, limit: usize) -> Result<Vec<u8>, SourceError>;

    /// The name of the file in messages: `path` itself unless the source knows better.
    fn display(&self, path: &RulePath) -> String {
        path.to_string()
    }
}

/// Rule files held in memory, by name: what an HR product serves from its own database.
///
/// ```
/// use hrrules::policy::MemorySource;
/// use hrrules::Policy;
///
/// let files = MemorySource::new([
///     ("sales.toml", "[policy]\nname = \"Sales\"\ninclude = [\"common/erp.toml\"]\n\n[values]\nbonus = \"base_salary * 10%\"\n"),
///     ("common/erp.toml", "[inputs]\nbase_salary = \"money\"\n"),
/// ]);
/// let policy = Policy::from_sources(&files, "sales.toml")?;
/// assert_eq!(policy.input_schema().position("base_salary"), Some(0));
///
/// // Only the files it holds, inside its tree: nothing is read from the disk.
/// let bad = MemorySource::new([("a.toml", "[policy]\nname = \"A\"\ninclude = [\"../etc/passwd.toml\"]\n")]);
/// let err = Policy::from_sources(&bad, "a.toml").unwrap_err().to_string();
/// assert!(err.contains("a.toml:3:12: cannot include `../etc/passwd.toml`: it leaves the policy's folder"), "{err}");
/// # Ok::<(), hrrules::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct MemorySource {
    files: HashMap<String, String>,
}

impl MemorySource {
    /// Rule files from `(name, text)` pairs; names are paths from the top of the tree like
    /// `common/erp_sales.toml`.
    pub fn new<N: AsRef<str>, T: Into<String>>(
        files: impl IntoIterator<Item = (N, T)>,
    ) -> MemorySource {
        let mut source = MemorySource::default();
        for (name, text) in files {
            source.insert(name.as_ref(), text);
        }
        source
    }

    /// Adds (or replaces) one rule file.
    pub fn insert(&mut self, name: &str, text: impl Into<String>) {
        let key = RulePath::new(name).map_or_else(|_| name.to_string(), |p| p.0);
        self.files.insert(key, text.into());
    }
}

impl RuleSource for MemorySource {
    fn read(&self, path: &RulePath, limit: usize) -> Result<Vec<u8>, SourceError> {
        let text = self.files.get(path.as_str()).ok_or(SourceError::NotFound)?;
        if text.len() > limit {
            return Err(SourceError::TooLarge {
                size: text.len() as u64,
                limit,
            });
        }
        Ok(text.as_bytes().to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(from: &str, inc: &str) -> Result<String, PathError> {
        RulePath::new(from)?.resolve(inc).map(|p| p.0)
    }

    #[test]
    fn includes_resolve_inside_the_tree() {
        assert_eq!(resolve("a.toml", "b.toml").unwrap(), "b.toml");
        assert_eq!(resolve("inc/a.toml", "../b.toml").unwrap(), "b.toml");
        assert_eq!(
            resolve("inc/a.toml", "./x//y.toml").unwrap(),
            "inc/x/y.toml"
        );
        assert_eq!(resolve("a.toml", "../b.toml"), Err(PathError::Escapes));
        assert_eq!(resolve("a.toml", "x/../../b.toml"), Err(PathError::Escapes));
        assert_eq!(resolve("a.toml", "/etc/passwd"), Err(PathError::Absolute));
        assert_eq!(resolve("a.toml", "C:/x.toml"), Err(PathError::Absolute));
        assert_eq!(
            resolve("a.toml", "\\\\srv\\x.toml"),
            Err(PathError::Absolute)
        );
        assert!(matches!(
            resolve("a.toml", "x\\y.toml"),
            Err(PathError::Invalid(_))
        ));
        assert!(matches!(
            resolve("a.toml", "x/.."),
            Err(PathError::Invalid(_))
        ));
        assert!(matches!(resolve("a.toml", ""), Err(PathError::Invalid(_))));
    }

    #[test]
    fn toml_names() {
        assert!(is_toml_name("a.toml"));
        assert!(is_toml_name("A.TOML"));
        assert!(!is_toml_name(".toml"));
        assert!(!is_toml_name("passwd"));
        assert!(!is_toml_name("工资.tom"));
    }
}
