//! A policy as an editor sees it: every name it defines (with its kind, type, `doc`,
//! `reference`, formula and the place it is defined), the functions formulas may call, and
//! every problem the checker finds, located. The language server (`hrrules lsp`) is built on
//! it; an HR product's own formula editor can be too.
//!
//! Unlike [`Policy`], an outline exists for a policy with errors: the names of
//! every definition that could be read are there (their types only once the policy checks),
//! so completion keeps working while a consultant types.
//!
//! ```
//! use hrrules::policy::MemorySource;
//! use hrrules::{outline, Policy};
//!
//! let files = MemorySource::new([(
//!     "sales.toml",
//!     "[policy]\nname = \"Sales\"\n\n[inputs]\nsales_amount = \"money\"\n\n[values]\nbonus = \"sales_amout * 2%\"\n",
//! )]);
//! let o = outline::outline(&Policy::options(), &files, "sales.toml");
//! assert_eq!(o.diagnostics[0].message, "unknown name `sales_amout`");
//! assert_eq!(o.diagnostics[0].suggestion(), Some("sales_amount"));
//! let input = o.symbol("sales_amount").unwrap();
//! assert_eq!(input.ty.as_deref(), Some("money"));
//! assert_eq!(o.sources.locate(input.span.unwrap()).line, 5);
//! ```

mod context;
mod functions;
mod symbols;

pub use context::{call_at, dotted_word_at, key_shape, place_at, test_key, Place, TestKey};
pub use functions::{function, Function, FUNCTIONS};

use crate::engine::{Error, LoadOptions, Policy};
use crate::error::{Diagnostic, Sources, Span};
use crate::eval::SlotKind;
use crate::policy::{self, RuleSource};
use std::sync::Arc;

/// A name a policy defines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// As written in formulas: `sales_amount`, `kpi.sales`, `commission.rate`,
    /// `attendance.ot_workday_hours`, `period.days`.
    pub name: String,
    /// What it is.
    pub kind: SlotKind,
    /// Its type in the rule file's words (`money`, `number`, `percent`, `bool`, `date`,
    /// `text`), once the policy checks; an input's declared type always.
    pub ty: Option<String>,
    /// `doc`.
    pub doc: Option<String>,
    /// `reference`: the law or clause it implements.
    pub reference: Option<String>,
    /// The formula as written (a param's latest dated entry, a tier's base), if it has one.
    pub formula: Option<String>,
    /// More about it in a line: a metric's weight, a tier's brackets, a param's dates.
    pub detail: Option<String>,
    /// Where it is defined; `None` for the built-in `period.*`.
    pub span: Option<Span>,
}

/// A policy as an editor sees it.
#[derive(Clone, Debug)]
pub struct Outline {
    /// Every problem found, located in `sources`; empty when the policy checks and compiles
    /// for its effective month.
    pub diagnostics: Vec<Diagnostic>,
    /// The files read: the root file first, then its includes.
    pub sources: Arc<Sources>,
    /// Every name defined, in the order of the files and their tables.
    pub symbols: Vec<Symbol>,
    /// Every name written in a formula, in `[outputs] show` or as a key of a test's
    /// `inputs` or `expect`, with its place: where each symbol is used.
    pub uses: Vec<(String, Span)>,
    /// The policy, when it checks: what its `[[tests]]` run against
    /// ([`run_tests`](crate::run_tests)).
    pub policy: Option<Policy>,
    /// Whether a file of the policy is not TOML (a key half typed): the names it defines are
    /// unknown, not gone.
    pub unparsed: bool,
}

impl Outline {
    /// The symbol named `name`.
    pub fn symbol(&self, name: &str) -> Option<&Symbol> {
        self.symbols.iter().find(|s| s.name == name)
    }

    /// The places `name` is used, in formulas and in `[outputs] show`.
    pub fn uses_of<'o>(&'o self, name: &'o str) -> impl Iterator<Item = Span> + 'o {
        self.uses
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, s)| *s)
    }
}

/// What a TOML file of a policy's folder is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A rule file: a policy or a building block.
    Rules,
    /// A calendar file (`[calendar]`, section 23).
    Calendar,
    /// A mapping file (`[columns]`, or named `mapping*.toml`, section 17).
    Mapping,
}

/// What the file `name` holding `text` is: by its first table, then by its name as
/// `.taplo.toml` associates them (so a misspelt `[column]` is still a mapping file's error).
pub fn file_kind(name: &str, text: &str) -> FileKind {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.split('#').next().unwrap_or("").trim());
    let base = std::path::Path::new(name)
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    match first {
        Some("[calendar]") => FileKind::Calendar,
        Some("[columns]") => FileKind::Mapping,
        _ if base.starts_with("mapping") || base.contains("_mapping") => FileKind::Mapping,
        _ => FileKind::Rules,
    }
}

/// The outline of a calendar or mapping file: its problems, no names.
pub fn side_file(kind: FileKind, name: &str, text: &str) -> Outline {
    let (diagnostics, sources) = match kind {
        FileKind::Calendar => match crate::calendar::Calendar::from_text(name, text) {
            Ok(_) => (Vec::new(), None),
            Err(e) => {
                let report = e.report();
                (report.diagnostics, Some(report.sources))
            }
        },
        FileKind::Mapping => match crate::data::Mapping::parse(name, text) {
            Err(crate::data::DataError::Mapping {
                problem,
                at,
                sources,
            }) => (vec![problem.diagnostic(at)], Some(sources)),
            Err(other) => (vec![Diagnostic::unlocated(other.to_string())], None),
            Ok(_) => (Vec::new(), None),
        },
        FileKind::Rules => (Vec::new(), None),
    };
    let sources = sources.unwrap_or_else(|| {
        let mut s = Sources::new();
        s.add(name, text);
        Arc::new(s)
    });
    Outline {
        diagnostics,
        sources,
        symbols: Vec::new(),
        uses: Vec::new(),
        policy: None,
        unparsed: false,
    }
}

/// The outline of a building block, the rule file `root` of `source` that no policy at
/// hand includes (`rules/common/erp_sales.toml` opened on its own): its own names, and the
/// problems of reading it (TOML, keys, formula syntax). Names it uses from the policies that
/// include it are not checked, nor is its missing `[policy]` table.
pub fn building_block(options: &LoadOptions, source: &dyn RuleSource, root: &str) -> Outline {
    let loaded = policy::load_source(source, root, &options.limits);
    let unparsed = unparsed(&loaded.errors);
    let diagnostics = loaded
        .errors
        .iter()
        .filter(|e| !matches!(e, policy::PolicyError::MissingPolicy { .. }))
        .map(policy::PolicyError::diagnostic)
        .collect();
    let symbols = symbols::collect(&loaded.def, &loaded.sources, None);
    Outline {
        diagnostics,
        sources: Arc::new(loaded.sources),
        symbols,
        uses: symbols::uses(&loaded.def),
        policy: None,
        unparsed,
    }
}

/// The outline of the rule file `root` of `source` and what it includes, loaded under
/// `options`' limits. Never fails: what cannot be read is a diagnostic.
pub fn outline(options: &LoadOptions, source: &dyn RuleSource, root: &str) -> Outline {
    let loaded = policy::load_source(source, root, &options.limits);
    let unparsed = unparsed(&loaded.errors);
    let def = loaded.def.clone();
    let (diagnostics, sources, policy) = match Policy::finish(loaded, &options.limits) {
        Ok(policy) => {
            let sources = policy.sources().clone();
            // A policy that checks can still fail to compile for its month (a param with no
            // value yet): that is an error the consultant should see too.
            let planned = policy.default_period().map(|p| policy.plan(p));
            let diagnostics = match planned {
                Some(Err(Error::Plan { report, .. })) => report.diagnostics,
                _ => Vec::new(),
            };
            (diagnostics, sources, Some(policy))
        }
        Err(Error::Rules(report)) | Err(Error::Plan { report, .. }) => {
            (report.diagnostics, report.sources, None)
        }
        Err(other) => (
            vec![Diagnostic::unlocated(other.to_string())],
            Arc::new(Sources::new()),
            None,
        ),
    };
    let symbols = symbols::collect(&def, &sources, policy.as_ref().map(|p| p.checked()));
    Outline {
        diagnostics,
        sources,
        symbols,
        uses: symbols::uses(&def),
        policy,
        unparsed,
    }
}

/// Whether a file read is not TOML.
fn unparsed(errors: &[policy::PolicyError]) -> bool {
    (errors.iter()).any(|e| matches!(e, policy::PolicyError::Toml { .. }))
}
