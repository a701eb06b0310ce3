//! The files the server knows: the workspace folder on disk with the editor's open documents
//! over it (what is typed counts, saved or not), which policies to check, and their outlines.

use hrrules::outline::{self, FileKind, Outline};
use hrrules::policy::{FsSource, RulePath, RuleSource, SourceError};
use hrrules::{LoadOptions, TestResult};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

/// At most this many rule files are read when looking for the policies that include an open
/// building block: a huge folder opened by mistake must not stall the editor.
const MAX_SCANNED: usize = 2000;

/// The workspace: a folder, the documents open in the editor, and the last outlines.
pub struct Workspace {
    /// The workspace folder, canonical: includes may reach anything inside it (as with
    /// `hrrules --include-root FOLDER`), nothing outside.
    root: PathBuf,
    fs: Option<FsSource>,
    /// Open documents by canonical path: their text as the editor has it.
    pub open: HashMap<PathBuf, String>,
    /// For each open building block, the policies found that include it.
    includers: HashMap<PathBuf, Vec<PathBuf>>,
    /// The outline of every policy (or lone building block) checked, by its path.
    pub outlines: BTreeMap<PathBuf, Outline>,
    /// The `[[tests]]` results of each policy, as of when they last ran (on open and save).
    pub tests: BTreeMap<PathBuf, Vec<TestResult>>,
    options: LoadOptions,
}

impl Workspace {
    /// A workspace on `root` (the editor's folder, or the first document's folder).
    pub fn new(root: &Path) -> Workspace {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        Workspace {
            fs: FsSource::new(&root).ok(),
            root,
            open: HashMap::new(),
            includers: HashMap::new(),
            outlines: BTreeMap::new(),
            tests: BTreeMap::new(),
            options: LoadOptions::new(),
        }
    }

    /// The path the workspace knows a document by: canonical where it exists on disk.
    pub fn key(&self, path: &Path) -> PathBuf {
        if let Ok(p) = std::fs::canonicalize(path) {
            return p;
        }
        match (path.parent().map(std::fs::canonicalize), path.file_name()) {
            (Some(Ok(dir)), Some(name)) => dir.join(name),
            _ => normal(path),
        }
    }

    /// Opens or replaces a document; a building block's includers are looked for on open.
    pub fn set(&mut self, path: PathBuf, text: String) {
        let first = !self.open.contains_key(&path);
        let rules = outline::file_kind(&path.display().to_string(), &text) == FileKind::Rules;
        self.open.insert(path.clone(), text);
        if first && rules && !self.is_policy(&path) {
            let found = self.find_includers(&path);
            self.includers.insert(path, found);
        }
    }

    /// Closes a document: the disk has the say again.
    pub fn close(&mut self, path: &Path) {
        self.open.remove(path);
        self.includers.remove(path);
    }

    /// Looks for includers again (after a save, a new policy may include a block).
    pub fn rescan(&mut self) {
        let blocks: Vec<PathBuf> = self
            .open
            .keys()
            .filter(|p| !self.is_policy(p))
            .cloned()
            .collect();
        for b in blocks {
            let found = self.find_includers(&b);
            self.includers.insert(b, found);
        }
    }

    /// Checks every policy an open document belongs to, again.
    pub fn check(&mut self) {
        let mut roots = BTreeSet::new();
        let mut blocks = BTreeSet::new();
        let mut outlines = BTreeMap::new();
        for (path, text) in &self.open {
            if !is_rule_file(path) {
                continue;
            }
            let name = path.display().to_string();
            match outline::file_kind(&name, text) {
                FileKind::Rules => {}
                side => {
                    outlines.insert(path.clone(), outline::side_file(side, &name, text));
                    continue;
                }
            }
            if self.is_policy(path) {
                roots.insert(path.clone());
                continue;
            }
            match self.includers.get(path) {
                Some(found) if !found.is_empty() => roots.extend(found.iter().cloned()),
                _ => {
                    blocks.insert(path.clone());
                }
            }
        }
        for root in roots {
            if let Some(mut o) = self.outline(&root, false) {
                if let Some(before) = self.outlines.get(&root) {
                    // While the policy does not check, its names keep the types they last had;
                    // while it is not even TOML (a key half typed), the names themselves.
                    if o.unparsed {
                        let lost: Vec<_> = (before.symbols.iter())
                            .filter(|b| o.symbol(&b.name).is_none())
                            .cloned()
                            .collect();
                        o.symbols.extend(lost);
                        o.uses.clone_from(&before.uses);
                    }
                    for s in o.symbols.iter_mut().filter(|s| s.ty.is_none()) {
                        s.ty = before.symbol(&s.name).and_then(|b| b.ty.clone());
                    }
                }
                outlines.insert(root, o);
            }
        }
        for block in blocks {
            if let Some(o) = self.outline(&block, true) {
                outlines.insert(block, o);
            }
        }
        self.outlines = outlines;
    }

    /// Runs the `[[tests]]` of every policy that checks: all of them (`again`, on save), or
    /// those not run yet (on open). A policy's included blocks' tests run with it.
    pub fn run_tests(&mut self, again: bool) {
        self.tests
            .retain(|root, _| self.outlines.contains_key(root));
        for (root, outline) in &self.outlines {
            let Some(policy) = &outline.policy else {
                continue;
            };
            if again || !self.tests.contains_key(root) {
                self.tests.insert(root.clone(), hrrules::run_tests(policy));
            }
        }
    }

    /// A file name as the user knows it: relative to the workspace folder when inside it.
    pub fn shown(&self, file: &str) -> String {
        Path::new(file)
            .strip_prefix(&self.root)
            .map_or(file.to_string(), |p| p.display().to_string())
    }

    /// The outline a document's names come from: its own if it is a policy, else that of the
    /// first policy that includes it.
    pub fn outline_for(&self, path: &Path) -> Option<&Outline> {
        if let Some(o) = self.outlines.get(path) {
            return Some(o);
        }
        self.outlines
            .values()
            .find(|o| o.sources.files().any(|(_, f)| Path::new(f.name()) == path))
    }

    fn outline(&self, path: &Path, block: bool) -> Option<Outline> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let rel = RulePath::new(&rel.to_string_lossy()).ok()?;
        let source = Overlay { ws: self };
        Some(if block {
            outline::building_block(&self.options, &source, rel.as_str())
        } else {
            outline::outline(&self.options, &source, rel.as_str())
        })
    }

    /// Whether a document is a policy of its own (it has a `[policy]` table).
    fn is_policy(&self, path: &Path) -> bool {
        self.text(path)
            .is_some_and(|t| t.lines().any(|l| l.trim_start().starts_with("[policy]")))
    }

    fn text(&self, path: &Path) -> Option<String> {
        match self.open.get(path) {
            Some(t) => Some(t.clone()),
            None => std::fs::read_to_string(path).ok(),
        }
    }

    /// The policies in the workspace that include `block` (directly or through another
    /// block), by reading each and seeing whether `block` is among its files.
    fn find_includers(&self, block: &Path) -> Vec<PathBuf> {
        let mut files = Vec::new();
        rule_files(&self.root, 0, &mut files);
        let mut found = Vec::new();
        for file in files {
            let Some(text) = self.text(&file) else {
                continue;
            };
            // Only a policy that includes something can include the block (maybe through
            // another block); the check below says whether it does.
            let policy = text.lines().any(|l| l.trim_start().starts_with("[policy]"));
            if file == block || !policy || !text.contains("include") {
                continue;
            }
            if let Some(o) = self.outline(&file, false) {
                let shown = block.display().to_string();
                if o.sources.files().skip(1).any(|(_, f)| f.name() == shown) {
                    found.push(file);
                }
            }
        }
        found
    }
}

/// The workspace as the loader reads it: open documents first, the disk (inside the
/// workspace only) for the rest.
struct Overlay<'w> {
    ws: &'w Workspace,
}

impl RuleSource for Overlay<'_> {
    fn read(&self, path: &RulePath, limit: usize) -> Result<Vec<u8>, SourceError> {
        let full = self.ws.root.join(path.as_str());
        if let Some(text) = self.ws.open.get(&full) {
            if text.len() > limit {
                return Err(SourceError::TooLarge {
                    size: text.len() as u64,
                    limit,
                });
            }
            return Ok(text.clone().into_bytes());
        }
        match &self.ws.fs {
            Some(fs) => fs.read(path, limit),
            None => Err(SourceError::Io(std::io::Error::from(
                std::io::ErrorKind::NotFound,
            ))),
        }
    }

    /// Files are named by their absolute paths, so that every diagnostic and definition
    /// finds its document.
    fn display(&self, path: &RulePath) -> String {
        self.ws.root.join(path.as_str()).display().to_string()
    }
}

fn is_rule_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// The `.toml` files under `dir`, skipping build output and hidden folders.
fn rule_files(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > 8 || out.len() >= MAX_SCANNED {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            if !name.starts_with('.') && !["target", "node_modules"].contains(&name.as_ref()) {
                rule_files(&e.path(), depth + 1, out);
            }
        } else if kind.is_file() && is_rule_file(&e.path()) && out.len() < MAX_SCANNED {
            out.push(e.path());
        }
    }
}

/// `a/./b/../c` as `a/c`, without touching the disk.
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
