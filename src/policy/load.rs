//! Loading a rule file and everything it includes, collecting every problem.

use std::collections::HashSet;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use toml::de::DeTable;

use super::error::PolicyError;
use super::file::read_file;
use super::model::{Named, PolicyDef};
use super::names::check_names;
use super::toml_read::Reader;
use crate::error::{Diagnostic, FileId, Sources, Span};
use crate::limits::Limits;

/// A loaded policy: as much of the model as could be read, the files it came from, and
/// every problem found.
///
/// Loading never stops at the first problem, so that the checker can add its own errors
/// to the same report. A definition with an error (other than an unknown key) is left out
/// of `def`, and its name is listed in `broken`.
#[derive(Debug)]
pub struct Loaded {
    /// The model: the root file's `[policy]` and `[outputs]`, and the definitions and
    /// tests of the root file followed by those of its includes, in the order loaded.
    pub def: PolicyDef,
    /// Every file read, for rendering diagnostics; the root file is the first.
    pub sources: Sources,
    /// Every problem found, by file and position in the file.
    pub errors: Vec<PolicyError>,
    /// Names whose definitions had errors and were left out of `def`. The checker should
    /// not report them as unknown where formulas use them.
    pub broken: Vec<Named>,
}

impl Loaded {
    /// Whether the policy loaded without any problem.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// Every problem as a diagnostic, ready for [`Diagnostic::render`] with `sources`.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.errors.iter().map(PolicyError::diagnostic).collect()
    }
}

/// Loads the rule file at `path` and the files it includes, resolved relative to the
/// including file. Each file is loaded once, even when included from two places.
pub fn load_path(path: &Path, limits: &Limits) -> Loaded {
    let mut loader = Loader::new(limits);
    if let Some(id) = loader.read_source(path, None) {
        let canonical = std::fs::canonicalize(path).ok();
        loader.loaded.extend(canonical.clone());
        loader.load(id, true, path.parent().map(Path::to_path_buf), canonical, 0);
    }
    loader.finish()
}

/// Loads a rule file given as text, named `name` in messages. Its includes are resolved
/// relative to `base_dir`; with no `base_dir`, an `include` is an error.
///
/// ```
/// use hrrules::limits::Limits;
/// use hrrules::policy::load_str;
///
/// let text = "[policy]\nname = \"Sales\"\n\n[inputs]\nsales_amount = \"mony\"\n";
/// let loaded = load_str("sales.toml", text, None, &Limits::default());
/// let shown = loaded.diagnostics()[0].render(&loaded.sources);
/// assert_eq!(
///     shown,
///     "sales.toml:5:16: unknown type `mony`\n  |\n5 | sales_amount = \"mony\"\n  |                ^^^^^^\n  help: did you mean `money`?\n"
/// );
/// assert_eq!(loaded.def.meta.name, "Sales");
/// ```
pub fn load_str(name: &str, text: &str, base_dir: Option<&Path>, limits: &Limits) -> Loaded {
    let mut loader = Loader::new(limits);
    if text.len() > limits.max_file_bytes {
        loader.errors.push(PolicyError::TooLarge {
            path: PathBuf::from(name),
            size: text.len() as u64,
            limit: limits.max_file_bytes,
            include: None,
        });
    } else {
        let id = loader.sources.add(name, text);
        loader.load(id, true, base_dir.map(Path::to_path_buf), None, 0);
    }
    loader.finish()
}

struct Loader<'l> {
    limits: &'l Limits,
    sources: Sources,
    def: PolicyDef,
    errors: Vec<PolicyError>,
    broken: Vec<Named>,
    /// Canonical paths of every file loaded so far.
    loaded: HashSet<PathBuf>,
    /// The chain of includes being loaded: canonical path and display name.
    stack: Vec<(PathBuf, String)>,
}

impl<'l> Loader<'l> {
    fn new(limits: &'l Limits) -> Loader<'l> {
        let mut def = PolicyDef::default();
        def.meta.currency = "CNY".to_string();
        Loader {
            limits,
            sources: Sources::new(),
            def,
            errors: Vec::new(),
            broken: Vec::new(),
            loaded: HashSet::new(),
            stack: Vec::new(),
        }
    }

    fn finish(mut self) -> Loaded {
        check_names(&mut self.def, self.limits, &mut self.errors);
        Loaded {
            def: self.def,
            sources: self.sources,
            errors: self.errors,
            broken: self.broken,
        }
    }

    /// Reads a file from disk into `sources`, refusing large and non-UTF-8 files.
    fn read_source(&mut self, path: &Path, include: Option<Span>) -> Option<FileId> {
        let limit = self.limits.max_file_bytes;
        let unreadable = |source| PolicyError::Unreadable {
            path: path.to_path_buf(),
            source,
            include,
        };
        let too_large = |size| PolicyError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit,
            include,
        };
        let mut file = match File::open(path) {
            Ok(f) => f,
            Err(e) => {
                self.errors.push(unreadable(e));
                return None;
            }
        };
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > limit as u64 {
            self.errors.push(too_large(size));
            return None;
        }
        let mut bytes = Vec::new();
        if let Err(e) = (&mut file).take(limit as u64 + 1).read_to_end(&mut bytes) {
            self.errors.push(unreadable(e));
            return None;
        }
        if bytes.len() > limit {
            self.errors.push(too_large(bytes.len() as u64));
            return None;
        }
        let name = path.display().to_string();
        match String::from_utf8(bytes) {
            Ok(text) => Some(self.sources.add(name, text)),
            Err(e) => {
                // Keep the file, bad bytes replaced, so the message can show the line.
                // The text before the first bad byte is unchanged, so the offset holds.
                let offset = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let id = self.sources.add(name, text);
                self.errors.push(PolicyError::NotUtf8 {
                    path: path.to_path_buf(),
                    offset,
                    span: Span::new(id, offset, offset + '\u{FFFD}'.len_utf8()),
                });
                None
            }
        }
    }

    /// Reads file `id` into the model, then the files it includes.
    fn load(
        &mut self,
        id: FileId,
        root: bool,
        dir: Option<PathBuf>,
        canonical: Option<PathBuf>,
        depth: usize,
    ) {
        let parts = {
            let text = self.sources.file(id).text();
            let (doc, toml_errors) = DeTable::parse_recoverable(text);
            let mut r = Reader {
                file: id,
                text,
                limits: self.limits,
                errors: Vec::new(),
                broken: Vec::new(),
                silent: 0,
            };
            // After a syntax error the rest of the tree is a guess: report the syntax
            // errors alone rather than what the guess would lead to.
            let parts = if toml_errors.is_empty() {
                Some(read_file(&mut r, doc.get_ref(), root))
            } else {
                for e in toml_errors {
                    let range = e.span().unwrap_or(0..0);
                    r.error(PolicyError::Toml {
                        message: e.message().to_string(),
                        span: Span::new(id, range.start, range.end),
                    });
                }
                None
            };
            r.errors
                .sort_by_cached_key(|e| e.span().map(|s| (s.file, s.start)));
            self.errors.append(&mut r.errors);
            self.broken.append(&mut r.broken);
            parts
        };
        let Some(parts) = parts else { return };
        self.join(parts.def, root);
        let pushed = canonical.is_some();
        if let Some(c) = canonical {
            let name = self.sources.file(id).name().to_string();
            self.stack.push((c, name));
        }
        for (rel, span) in parts.includes {
            self.include(&rel, span, dir.as_deref(), depth + 1);
        }
        if pushed {
            self.stack.pop();
        }
    }

    /// Follows one `include` entry.
    fn include(&mut self, rel: &str, span: Span, dir: Option<&Path>, depth: usize) {
        if depth > self.limits.max_include_depth {
            self.errors.push(PolicyError::IncludeTooDeep {
                limit: self.limits.max_include_depth,
                span,
            });
            return;
        }
        let Some(dir) = dir else {
            self.errors.push(PolicyError::IncludeWithoutBase {
                path: rel.to_string(),
                span,
            });
            return;
        };
        let path = dir.join(rel);
        let canonical = match std::fs::canonicalize(&path) {
            Ok(c) => c,
            Err(source) => {
                self.errors.push(PolicyError::Unreadable {
                    path,
                    source,
                    include: Some(span),
                });
                return;
            }
        };
        if let Some(pos) = self.stack.iter().position(|(c, _)| *c == canonical) {
            let cycle = self.stack.get(pos..).unwrap_or_default();
            let mut chain: Vec<String> = cycle.iter().map(|(_, n)| n.clone()).collect();
            chain.extend(cycle.first().map(|(_, n)| n.clone()));
            self.errors.push(PolicyError::IncludeCycle { chain, span });
            return;
        }
        if !self.loaded.insert(canonical.clone()) {
            return;
        }
        if let Some(id) = self.read_source(&path, Some(span)) {
            let dir = path.parent().map(Path::to_path_buf);
            self.load(id, false, dir, Some(canonical), depth);
        }
    }

    /// Adds one file's definitions to the model.
    fn join(&mut self, part: PolicyDef, root: bool) {
        let def = &mut self.def;
        if root {
            def.meta = part.meta;
            def.outputs = part.outputs;
        }
        def.inputs.extend(part.inputs);
        def.params.extend(part.params);
        def.values.extend(part.values);
        def.scorecards.extend(part.scorecards);
        def.tiers.extend(part.tiers);
        def.curves.extend(part.curves);
        def.tests.extend(part.tests);
    }
}
