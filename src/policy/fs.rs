//! Rule files on disk, confined to the policy's folder and the folders an embedder allows.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use super::source::{is_toml_name, RulePath, RuleSource, SourceError};
use crate::files::{self, OpenError};

/// Rule files in a folder on disk (the folder of the rule file being loaded) and in any
/// extra folders the embedder allows, such as a shared `packs/` folder. Nothing outside
/// them is read: links are resolved first, and a file whose real place is outside every
/// allowed folder is refused without being opened. Only regular `.toml` files are read,
/// at most `limit` bytes of them.
///
/// Paths are relative to the nearest folder holding all the allowed ones, so with
/// `rules/hengkang` and an extra `rules/packs`, a file in `rules/hengkang` includes
/// `../packs/social_cn.toml`.
#[derive(Clone, Debug)]
pub struct FsSource {
    /// Where [`RulePath`]s start: the nearest folder holding every root (canonical).
    base: PathBuf,
    /// The folders whose files may be read (canonical).
    roots: Vec<PathBuf>,
    /// The first root (canonical), and how the caller named it, for messages.
    primary: PathBuf,
    shown: PathBuf,
}

impl FsSource {
    /// The files under `root`, and nothing else.
    pub fn new(root: impl AsRef<Path>) -> std::io::Result<FsSource> {
        FsSource::with_roots(root, std::iter::empty::<PathBuf>())
    }

    /// The files under `root` and under each of `extra`.
    pub fn with_roots<P: AsRef<Path>>(
        root: impl AsRef<Path>,
        extra: impl IntoIterator<Item = P>,
    ) -> std::io::Result<FsSource> {
        let shown = root.as_ref().to_path_buf();
        let primary = canonical_dir(&shown)?;
        let mut roots = vec![primary.clone()];
        for dir in extra {
            roots.push(canonical_dir(dir.as_ref())?);
        }
        let mut base = primary.clone();
        for r in &roots {
            while !r.starts_with(&base) {
                if !base.pop() {
                    break;
                }
            }
        }
        Ok(FsSource {
            base,
            roots,
            primary,
            shown,
        })
    }

    /// The path of the file named `file_name` in the first root.
    pub fn path_in_root(&self, file_name: &str) -> Result<RulePath, super::PathError> {
        let dir = self
            .primary
            .strip_prefix(&self.base)
            .unwrap_or(Path::new(""));
        let mut text: String = dir
            .components()
            .map(|c| c.as_os_str().to_string_lossy() + "/")
            .collect();
        text.push_str(file_name);
        RulePath::new(&text)
    }
}

fn canonical_dir(dir: &Path) -> std::io::Result<PathBuf> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    std::fs::canonicalize(dir)
}

impl RuleSource for FsSource {
    fn read(&self, path: &RulePath, limit: usize) -> Result<Vec<u8>, SourceError> {
        let full = self.base.join(path.as_str());
        let real = std::fs::canonicalize(&full)?;
        if !self.roots.iter().any(|r| real.starts_with(r)) {
            let through_link = self.roots.iter().any(|r| full.starts_with(r));
            return Err(SourceError::Outside { through_link });
        }
        let name = real.file_name().unwrap_or_default().to_string_lossy();
        if !is_toml_name(&name) {
            // A link `a.toml -> notes.txt`: what it leads to is no rule file.
            return Err(SourceError::NotToml);
        }
        read_regular(&real, limit)
    }

    fn display(&self, path: &RulePath) -> String {
        let full = self.base.join(path.as_str());
        if let Ok(rest) = full.strip_prefix(&self.primary) {
            return self.shown.join(rest).display().to_string();
        }
        // Outside the first root: climb from it as the caller named it.
        let up = self
            .primary
            .strip_prefix(&self.base)
            .map_or(0, |d| d.components().count());
        let mut shown = self.shown.clone();
        let mut rest = PathBuf::new();
        for _ in 0..up {
            match shown.components().next_back() {
                Some(Component::Normal(_)) => {
                    shown.pop();
                }
                _ => rest.push(".."),
            }
        }
        shown.join(rest).join(path.as_str()).display().to_string()
    }
}

/// Reads a regular file of at most `limit` bytes: a folder, FIFO, device or socket is
/// refused before it is opened (and checked again once open), and the read stops at
/// `limit + 1` bytes even for a file that grows meanwhile.
pub(crate) fn read_regular(path: &Path, limit: usize) -> Result<Vec<u8>, SourceError> {
    let meta = std::fs::metadata(path)?;
    files::regular(&meta)?;
    if meta.len() > limit as u64 {
        return Err(SourceError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut file = files::open_regular(path)?;
    let mut bytes = Vec::new();
    (&mut file).take(limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Err(SourceError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

impl From<OpenError> for SourceError {
    fn from(e: OpenError) -> SourceError {
        match e {
            OpenError::Io(e) => SourceError::from(e),
            OpenError::NotRegular(kind) => SourceError::NotRegular { kind },
        }
    }
}
