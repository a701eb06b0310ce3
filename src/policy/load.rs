//! Loading a rule file and everything it includes, collecting every problem.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use toml::de::DeTable;

use super::attendance::AttendanceDef;
use super::attendance_error::AttendanceRuleError as A;
use super::error::PolicyError;
use super::file::read_file;
use super::fs::{read_regular, FsSource};
use super::model::{Meta, Named, PolicyDef};
use super::names::check_names;
use super::source::{is_toml_name, RulePath, RuleSource, SourceError};
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
    /// Each file read from a source, with its path there (a root given as text has none):
    /// to load one of them again on its own (see [`load_part`]).
    pub paths: Vec<(FileId, RulePath)>,
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
/// including file and confined to the folder of `path`. Each file is loaded once, even when
/// included from two places.
pub fn load_path(path: &Path, limits: &Limits) -> Loaded {
    load_path_in(path, &[], limits)
}

/// Like [`load_path`], and includes may also be read from the folders `roots` (a shared
/// `packs/` folder), named relative to the including file like any other.
pub fn load_path_in(path: &Path, roots: &[PathBuf], limits: &Limits) -> Loaded {
    let mut loader = Loader::new(limits, None);
    let shown = path.display().to_string();
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    // A link `sales.toml -> notes.txt` is no rule file either.
    let target_is_toml = std::fs::canonicalize(path).map_or(true, |real| {
        real.file_name()
            .is_some_and(|n| is_toml_name(&n.to_string_lossy()))
    });
    let file_name = file_name.filter(|n| is_toml_name(n) && target_is_toml);
    let Some(file_name) = file_name else {
        loader.errors.push(PolicyError::NotRuleFile {
            path: shown,
            include: None,
        });
        return loader.finish();
    };
    let bytes = match read_regular(path, limits.max_file_bytes) {
        Ok(bytes) => bytes,
        Err(e) => {
            loader.errors.push(loader.root_error(path, e));
            return loader.finish();
        }
    };
    let Some(id) = loader.add_source(shown, bytes, None) else {
        return loader.finish();
    };
    let dir = path.parent().unwrap_or(Path::new(""));
    let fs = match FsSource::with_roots(dir, roots) {
        Ok(fs) => fs,
        Err(source) => {
            loader.errors.push(PolicyError::Unreadable {
                path: dir.to_path_buf(),
                source,
                include: None,
            });
            return loader.finish();
        }
    };
    let here = fs.path_in_root(&file_name).ok();
    loader.source = Some(&fs);
    loader.loaded.extend(here.clone());
    loader.load(id, true, here, true, 0);
    loader.finish()
}

/// Loads the rule file `root` from `source`, and the files it includes from the same
/// source: an HR product's own store, or a [`super::MemorySource`]. Nothing else is read.
pub fn load_source(source: &dyn RuleSource, root: &str, limits: &Limits) -> Loaded {
    let mut loader = Loader::new(limits, Some(source));
    let path = match RulePath::new(root) {
        Ok(p) if p.is_toml() => p,
        _ => {
            loader.errors.push(PolicyError::NotRuleFile {
                path: root.to_string(),
                include: None,
            });
            return loader.finish();
        }
    };
    let shown = source.display(&path);
    match source.read(&path, limits.max_file_bytes) {
        Ok(bytes) => {
            if let Some(id) = loader.add_source(shown, bytes, None) {
                loader.loaded.insert(path.clone());
                loader.load(id, true, Some(path), true, 0);
            }
        }
        Err(e) => {
            let e = loader.root_error(Path::new(&shown), e);
            loader.errors.push(e);
        }
    }
    loader.finish()
}

/// Loads the file `path` of `source` and what it includes as a policy of its own, the way
/// it is read when included (its `[policy]` only for `include`, its `[outputs]` ignored),
/// under the `[policy]` settings `meta` of the policy that includes it: so that a file's
/// `[[tests]]` run against that file alone.
pub fn load_part(source: &dyn RuleSource, path: &RulePath, meta: &Meta, limits: &Limits) -> Loaded {
    let mut loader = Loader::new(limits, Some(source));
    let shown = source.display(path);
    match source.read(path, limits.max_file_bytes) {
        Ok(bytes) => {
            if let Some(id) = loader.add_source(shown, bytes, None) {
                loader.loaded.insert(path.clone());
                loader.load(id, false, Some(path.clone()), true, 0);
                loader.def.meta = Meta {
                    span: Span::new(id, 0, 0),
                    ..meta.clone()
                };
            }
        }
        Err(e) => {
            let e = loader.root_error(Path::new(&shown), e);
            loader.errors.push(e);
        }
    }
    loader.finish()
}

/// Loads a rule file given as text, named `name` in messages. Its includes are resolved
/// relative to `base_dir` and confined to it; with no `base_dir`, an `include` is an error.
///
/// ```
/// use hrrules::Limits;
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
    match base_dir.map(FsSource::new) {
        None => load_str_with(name, text, None, limits),
        Some(Ok(fs)) => load_str_with(name, text, Some(&fs), limits),
        Some(Err(source)) => {
            let mut loader = Loader::new(limits, None);
            loader.errors.push(PolicyError::Unreadable {
                path: base_dir.unwrap_or(Path::new("")).to_path_buf(),
                source,
                include: None,
            });
            loader.finish()
        }
    }
}

/// Loads a rule file given as text, named `name` in messages, as if it were at the top of
/// `includes`: its `include` entries are read from there. With no source, an `include` is
/// an error.
pub fn load_str_with(
    name: &str,
    text: &str,
    includes: Option<&dyn RuleSource>,
    limits: &Limits,
) -> Loaded {
    let mut loader = Loader::new(limits, includes);
    if text.len() > limits.max_file_bytes {
        loader.errors.push(PolicyError::TooLarge {
            path: PathBuf::from(name),
            size: text.len() as u64,
            limit: limits.max_file_bytes,
            include: None,
        });
    } else {
        let id = loader.sources.add(name, text);
        // Where its includes start from; the text itself is not in the source.
        let file_name = Path::new(name).file_name().map(|n| n.to_string_lossy());
        let here = file_name.and_then(|n| RulePath::new(&n).ok());
        let here = here.or_else(|| RulePath::new("policy.toml").ok());
        loader.load(id, true, here, false, 0);
    }
    loader.finish()
}

struct Loader<'l> {
    limits: &'l Limits,
    /// Where includes are read from; `None` for a rule file given as text alone.
    source: Option<&'l dyn RuleSource>,
    sources: Sources,
    def: PolicyDef,
    errors: Vec<PolicyError>,
    broken: Vec<Named>,
    /// Every file loaded so far.
    loaded: HashSet<RulePath>,
    /// The chain of includes being loaded: path and display name.
    stack: Vec<(RulePath, String)>,
    /// Each file read from the source, with its path there.
    paths: Vec<(FileId, RulePath)>,
}

impl<'l> Loader<'l> {
    fn new(limits: &'l Limits, source: Option<&'l dyn RuleSource>) -> Loader<'l> {
        let mut def = PolicyDef::default();
        def.meta.currency = "CNY".to_string();
        Loader {
            limits,
            source,
            sources: Sources::new(),
            def,
            errors: Vec::new(),
            broken: Vec::new(),
            loaded: HashSet::new(),
            stack: Vec::new(),
            paths: Vec::new(),
        }
    }

    fn finish(mut self) -> Loaded {
        check_names(
            &mut self.def,
            self.limits,
            &mut self.errors,
            &mut self.broken,
        );
        super::columns::check(&self.def.inputs, &mut self.errors);
        Loaded {
            def: self.def,
            sources: self.sources,
            errors: self.errors,
            broken: self.broken,
            paths: self.paths,
        }
    }

    /// The error for a root file that cannot be read.
    fn root_error(&self, path: &Path, e: SourceError) -> PolicyError {
        let shown = path.display().to_string();
        match e {
            SourceError::TooLarge { size, limit } => PolicyError::TooLarge {
                path: path.to_path_buf(),
                size,
                limit,
                include: None,
            },
            SourceError::NotRegular { kind } => PolicyError::NotRegular { path: shown, kind },
            SourceError::NotToml | SourceError::Outside { .. } => PolicyError::NotRuleFile {
                path: shown,
                include: None,
            },
            SourceError::NotFound => PolicyError::Unreadable {
                path: path.to_path_buf(),
                source: std::io::ErrorKind::NotFound.into(),
                include: None,
            },
            SourceError::Io(source) => PolicyError::Unreadable {
                path: path.to_path_buf(),
                source,
                include: None,
            },
        }
    }

    /// Adds a file's bytes to `sources`, refusing those that are not UTF-8.
    fn add_source(
        &mut self,
        name: String,
        bytes: Vec<u8>,
        include: Option<Span>,
    ) -> Option<FileId> {
        if bytes.len() > self.limits.max_file_bytes {
            self.errors.push(PolicyError::TooLarge {
                path: PathBuf::from(name),
                size: bytes.len() as u64,
                limit: self.limits.max_file_bytes,
                include,
            });
            return None;
        }
        match String::from_utf8(bytes) {
            Ok(text) => Some(self.sources.add(name, text)),
            Err(e) => {
                // Keep the file, bad bytes replaced, so the message can show the line.
                // The text before the first bad byte is unchanged, so the offset holds.
                let offset = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let id = self.sources.add(name.clone(), text);
                self.errors.push(PolicyError::NotUtf8 {
                    path: PathBuf::from(name),
                    offset,
                    span: Span::new(id, offset, offset + '\u{FFFD}'.len_utf8()),
                });
                None
            }
        }
    }

    /// Reads file `id` into the model, then the files it includes. `here` is its path in
    /// the source (where its includes start from); `pushed` whether it is in the source, so
    /// that including it again is a cycle.
    fn load(
        &mut self,
        id: FileId,
        root: bool,
        here: Option<RulePath>,
        in_source: bool,
        depth: usize,
    ) {
        if let Some(here) = here.as_ref().filter(|_| in_source) {
            self.paths.push((id, here.clone()));
        }
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
        let Some(mut parts) = parts else { return };
        if let Some(att) = parts.def.attendance.as_mut() {
            self.read_calendars(att, here.as_ref());
        }
        self.join(parts.def, root);
        let pushed = in_source && here.is_some();
        if let Some(here) = here.as_ref().filter(|_| pushed) {
            let name = self.sources.file(id).name().to_string();
            self.stack.push((here.clone(), name));
        }
        for (rel, span) in parts.includes {
            self.include(&rel, span, here.as_ref(), depth + 1);
        }
        if pushed {
            self.stack.pop();
        }
    }

    /// Follows one `include` entry: resolved inside the tree and checked to name a `.toml`
    /// file before the source is asked for it.
    fn include(&mut self, rel: &str, span: Span, here: Option<&RulePath>, depth: usize) {
        if depth > self.limits.max_include_depth {
            self.errors.push(PolicyError::IncludeTooDeep {
                limit: self.limits.max_include_depth,
                span,
            });
            return;
        }
        let (Some(source), Some(here)) = (self.source, here) else {
            self.errors.push(PolicyError::IncludeWithoutBase {
                path: rel.to_string(),
                span,
            });
            return;
        };
        let path = match here.resolve(rel) {
            Ok(path) => path,
            Err(reason) => {
                self.errors.push(PolicyError::IncludeRefused {
                    path: rel.to_string(),
                    reason,
                    span,
                });
                return;
            }
        };
        let shown = source.display(&path);
        if !path.is_toml() {
            self.errors.push(PolicyError::NotRuleFile {
                path: shown,
                include: Some(span),
            });
            return;
        }
        if let Some(pos) = self.stack.iter().position(|(p, _)| *p == path) {
            let cycle = self.stack.get(pos..).unwrap_or_default();
            let mut chain: Vec<String> = cycle.iter().map(|(_, n)| n.clone()).collect();
            chain.extend(cycle.first().map(|(_, n)| n.clone()));
            self.errors.push(PolicyError::IncludeCycle { chain, span });
            return;
        }
        if !self.loaded.insert(path.clone()) {
            return;
        }
        let bytes = match source.read(&path, self.limits.max_file_bytes) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.errors.push(include_error(rel, shown, e, span));
                return;
            }
        };
        if let Some(id) = self.add_source(shown, bytes, Some(span)) {
            self.load(id, false, Some(path), true, depth);
        }
    }

    /// Reads the calendar files `[attendance]` names, resolved and confined like includes,
    /// into `sources` (they are parsed by the attendance stage).
    fn read_calendars(&mut self, att: &mut AttendanceDef, here: Option<&RulePath>) {
        for cal in &mut att.calendars {
            let (path, span) = (cal.path.clone(), cal.span);
            let fail = |e| PolicyError::Attendance(e);
            let (Some(source), Some(here)) = (self.source, here) else {
                self.errors
                    .push(fail(A::CalendarWithoutBase { path, span }));
                continue;
            };
            let rel = match here.resolve(&path) {
                Ok(rel) => rel,
                Err(reason) => {
                    self.errors
                        .push(fail(A::CalendarRefused { path, reason, span }));
                    continue;
                }
            };
            let shown = source.display(&rel);
            if !rel.is_toml() {
                self.errors
                    .push(fail(A::CalendarNotToml { path: shown, span }));
                continue;
            }
            match source.read(&rel, self.limits.max_file_bytes) {
                Ok(bytes) => cal.file = self.add_source(shown, bytes, Some(span)),
                Err(reason) => self.errors.push(fail(A::CalendarUnreadable {
                    path: shown,
                    reason,
                    span,
                })),
            }
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
        def.decisions.extend(part.decisions);
        def.tests.extend(part.tests);
        if root {
            def.attendance = part.attendance;
        }
        // The root file's `[payslip]`, or when it has none the first included file's.
        if def.payslip.is_none() {
            def.payslip = part.payslip;
        }
        if def.analysis.is_none() {
            def.analysis = part.analysis;
        }
    }
}

/// The error for an `include` entry whose file the source would not give.
fn include_error(rel: &str, shown: String, e: SourceError, span: Span) -> PolicyError {
    match e {
        SourceError::Io(source) => PolicyError::Unreadable {
            path: PathBuf::from(shown),
            source,
            include: Some(span),
        },
        SourceError::NotFound => PolicyError::Unreadable {
            path: PathBuf::from(shown),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such rule file"),
            include: Some(span),
        },
        SourceError::TooLarge { size, limit } => PolicyError::TooLarge {
            path: PathBuf::from(shown),
            size,
            limit,
            include: Some(span),
        },
        reason => PolicyError::IncludeNotRuleFile {
            path: rel.to_string(),
            reason,
            span,
        },
    }
}
